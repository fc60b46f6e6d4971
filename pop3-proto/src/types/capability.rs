//! Capabilities announced by CAPA (RFC 2449 §5-6, RFC 2595 §4, RFC 3206
//! §6, RFC 6856 §2-3).

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::vec::Vec;

use super::chars::is_cchar;
use super::sasl::Mechanism;
use super::value::{Param, Text, ascii_cow, check_octets, owned, vec_static};
use crate::error::{DecodeError, DecodeErrorKind};

/// A capability tag (RFC 2449 §3 `capa-tag = 1*cchar`), as sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CapaTag<'a>(Cow<'a, str>);

impl<'a> CapaTag<'a> {
    /// Validates a tag: one or more printable ASCII octets but `.`.
    pub fn new(tag: impl Into<Cow<'a, str>>) -> Result<Self, DecodeError> {
        let tag = tag.into();
        check_octets(
            tag.as_bytes(),
            1,
            usize::MAX,
            is_cchar,
            "capability tag (cchar)",
        )?;
        Ok(Self(tag))
    }
    pub(crate) fn from_bytes(b: &'a [u8]) -> Result<Self, DecodeError> {
        check_octets(b, 1, usize::MAX, is_cchar, "capability tag (cchar)")?;
        Ok(Self(ascii_cow(Cow::Borrowed(b), "capability tag")?))
    }
    /// The tag as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// An owned copy that outlives the input.
    pub fn into_static(self) -> CapaTag<'static> {
        CapaTag(owned(self.0))
    }
}

/// The argument of `EXPIRE` (RFC 2449 §6.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExpirePolicy {
    /// `NEVER`: the server never deletes messages on its own.
    Never,
    /// Messages may be deleted this many days after retrieval; 0 means
    /// at the end of the session that retrieved them.
    Days(u32),
}

/// One line of a CAPA reply (RFC 2449 §5), decoded.
///
/// A line whose tag is unknown, or whose known tag has arguments this
/// crate cannot read, is kept as [`Capability::Unknown`], as it came.
/// Tags are case-insensitive (RFC 2449 §5); known ones are written
/// upper-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Capability<'a> {
    /// `TOP` (RFC 2449 §6.1).
    Top,
    /// `USER` (RFC 2449 §6.2).
    User,
    /// `SASL mechanisms...` (RFC 2449 §6.3, RFC 5034 §4).
    Sasl(Vec<Mechanism<'a>>),
    /// `RESP-CODES` (RFC 2449 §6.4).
    RespCodes,
    /// `LOGIN-DELAY seconds [USER]` (RFC 2449 §6.5).
    LoginDelay {
        /// Minimum seconds between logins.
        seconds: u32,
        /// `USER`: the delay may differ per user after login.
        per_user: bool,
    },
    /// `PIPELINING` (RFC 2449 §6.6).
    Pipelining,
    /// `EXPIRE policy [USER]` (RFC 2449 §6.7).
    Expire {
        /// The retention policy.
        policy: ExpirePolicy,
        /// `USER`: the policy may differ per user after login.
        per_user: bool,
    },
    /// `UIDL` (RFC 2449 §6.8).
    Uidl,
    /// `IMPLEMENTATION text` (RFC 2449 §6.9): the rest of the line.
    Implementation(Text<'a>),
    /// `STLS` (RFC 2595 §4).
    Stls,
    /// `AUTH-RESP-CODE` (RFC 3206 §6).
    AuthRespCode,
    /// `UTF8 [USER]` (RFC 6856 §2).
    Utf8 {
        /// `USER`: USER/PASS accept UTF-8 names before `UTF8`
        /// (RFC 6856 §2.2).
        user: bool,
    },
    /// `LANG` (RFC 6856 §3).
    Lang,
    /// Any other line, or a known tag with arguments that do not fit.
    Unknown(UnknownCapability<'a>),
}

/// A capability line kept as it came: its tag and parameters. It never
/// reads back as a known [`Capability`] (see [`UnknownCapability::new`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnknownCapability<'a>(Box<UnknownParts<'a>>);

/// The parts of an [`UnknownCapability`], boxed so that the rare unknown
/// line does not make every [`Capability`] (kept by a client session for
/// its whole life) as large as a tag and a vector together.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct UnknownParts<'a> {
    tag: CapaTag<'a>,
    params: Vec<Param<'a>>,
}

impl<'a> UnknownCapability<'a> {
    /// A line of a tag and its parameters, refused when it would read
    /// back as a known capability (e.g. tag `TOP` without parameters).
    pub fn new(tag: CapaTag<'a>, params: Vec<Param<'a>>) -> Result<Self, DecodeError> {
        let unknown = Self(Box::new(UnknownParts { tag, params }));
        let cap = Capability::Unknown(unknown.clone());
        let bytes = crate::encode::Encode::to_vec(&cap);
        if matches!(crate::parse::capability(&bytes), Ok(back) if back == cap) {
            Ok(unknown)
        } else {
            Err(DecodeError::new(
                0,
                "a capability without its own variant",
                DecodeErrorKind::Ambiguous,
            ))
        }
    }
    /// Built by the parser, which tried the known capabilities first.
    pub(crate) fn from_parts(tag: CapaTag<'a>, params: Vec<Param<'a>>) -> Self {
        Self(Box::new(UnknownParts { tag, params }))
    }
    /// The tag as sent.
    pub fn tag(&self) -> &CapaTag<'a> {
        &self.0.tag
    }
    /// The parameters as sent.
    pub fn params(&self) -> &[Param<'a>] {
        &self.0.params
    }
    /// An owned copy that outlives the input.
    pub fn into_static(self) -> UnknownCapability<'static> {
        let UnknownParts { tag, params } = *self.0;
        UnknownCapability(Box::new(UnknownParts {
            tag: tag.into_static(),
            params: vec_static(params, Param::into_static),
        }))
    }
}

impl Capability<'_> {
    /// An owned copy that outlives the input.
    pub fn into_static(self) -> Capability<'static> {
        match self {
            Capability::Top => Capability::Top,
            Capability::User => Capability::User,
            Capability::Sasl(m) => Capability::Sasl(vec_static(m, Mechanism::into_static)),
            Capability::RespCodes => Capability::RespCodes,
            Capability::LoginDelay { seconds, per_user } => {
                Capability::LoginDelay { seconds, per_user }
            }
            Capability::Pipelining => Capability::Pipelining,
            Capability::Expire { policy, per_user } => Capability::Expire { policy, per_user },
            Capability::Uidl => Capability::Uidl,
            Capability::Implementation(t) => Capability::Implementation(t.into_static()),
            Capability::Stls => Capability::Stls,
            Capability::AuthRespCode => Capability::AuthRespCode,
            Capability::Utf8 { user } => Capability::Utf8 { user },
            Capability::Lang => Capability::Lang,
            Capability::Unknown(u) => Capability::Unknown(u.into_static()),
        }
    }
}
