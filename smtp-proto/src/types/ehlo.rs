//! Capabilities announced in a reply to EHLO or LHLO (RFC 5321 §4.1.1.1,
//! the IANA SMTP Service Extensions registry).

use alloc::borrow::Cow;
use alloc::vec::Vec;

use super::{DateTime, Mechanism, Mechanisms, Reply, ReplyCode, Text, Word};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::parse;

/// One limit of RFC 9422 §4 `LIMITS`: `name=value`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Limit<'a> {
    name: Cow<'a, str>,
    value: u64,
}

impl<'a> Limit<'a> {
    /// Validates the name (`ehlo-keyword` characters).
    pub fn new(name: impl Into<Cow<'a, str>>, value: u64) -> Result<Self, DecodeError> {
        let name = name.into();
        parse::all(name.as_bytes(), parse::param::esmtp_keyword, "limit name")?;
        Ok(Limit { name, value })
    }
    /// The name, such as `RCPTMAX`.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The value.
    pub fn value(&self) -> u64 {
        self.value
    }
    /// An owned copy.
    pub fn into_static(self) -> Limit<'static> {
        Limit {
            name: Cow::Owned(self.name.into_owned()),
            value: self.value,
        }
    }
    pub(crate) fn borrowed(name: &'a str, value: u64) -> Self {
        Limit {
            name: Cow::Borrowed(name),
            value,
        }
    }
}

/// An EHLO line this crate does not type (an unknown keyword, or a known
/// one with parameters it cannot read), kept as it came.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OtherCapability<'a>(Text<'a>);

impl<'a> OtherCapability<'a> {
    /// Validates `line`: it must not decode as a typed capability.
    pub fn new(line: Text<'a>) -> Result<Self, DecodeError> {
        match parse::ehlo::capability(line.as_bytes()) {
            Capability::Other(_) => Ok(OtherCapability(line)),
            _ => Err(DecodeError::new(
                0,
                "a line that is not a known capability",
                DecodeErrorKind::Ambiguous,
            )),
        }
    }
    /// The line.
    pub fn line(&self) -> &Text<'a> {
        &self.0
    }
    /// The keyword: the line up to the first space or `=`.
    pub fn keyword(&self) -> &[u8] {
        let b = self.0.as_bytes();
        let n = b
            .iter()
            .position(|&c| c == b' ' || c == b'=')
            .unwrap_or(b.len());
        b.get(..n).unwrap_or(b)
    }
    /// An owned copy.
    pub fn into_static(self) -> OtherCapability<'static> {
        OtherCapability(self.0.into_static())
    }
    pub(crate) fn from_text(t: Text<'a>) -> Self {
        OtherCapability(t)
    }
}

/// One capability line of an EHLO reply.
///
/// Keywords are case-insensitive (RFC 5321 §4.1.1.1) and encoded in upper
/// case. Parameters a keyword does not take, or cannot be read, make the
/// line [`Capability::Other`] rather than an error.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Capability<'a> {
    /// `SIZE [max]` (RFC 1870); `Some(0)` means no fixed limit.
    Size(Option<u64>),
    /// `8BITMIME` (RFC 6152).
    EightBitMime,
    /// `PIPELINING` (RFC 2920).
    Pipelining,
    /// `DSN` (RFC 3461).
    Dsn,
    /// `ETRN` (RFC 1985).
    Etrn,
    /// `ENHANCEDSTATUSCODES` (RFC 2034).
    EnhancedStatusCodes,
    /// `STARTTLS` (RFC 3207).
    StartTls,
    /// `AUTH mech ...` (RFC 4954), or the pre-standard `AUTH=mech ...`
    /// that old clients look for (`legacy`).
    Auth {
        /// The mechanisms offered.
        mechanisms: Mechanisms<'a>,
        /// Written as `AUTH=` rather than `AUTH `.
        legacy: bool,
    },
    /// `CHUNKING` (RFC 3030).
    Chunking,
    /// `BINARYMIME` (RFC 3030).
    BinaryMime,
    /// `SMTPUTF8` (RFC 6531).
    SmtpUtf8,
    /// `DELIVERBY [min]` (RFC 2852).
    DeliverBy(Option<u32>),
    /// `BURL [mechs]` (RFC 4468), such as `BURL imap`.
    Burl(Vec<Word<'a>>),
    /// `CHECKPOINT` (RFC 1845).
    Checkpoint,
    /// `CONNEG` (RFC 4141).
    Conneg,
    /// `EXPN` (RFC 5321).
    Expn,
    /// `HELP` (RFC 5321).
    Help,
    /// `MT-PRIORITY [profile]` (RFC 6710).
    MtPriority(Option<Word<'a>>),
    /// `FUTURERELEASE max-interval max-datetime` (RFC 4865).
    FutureRelease {
        /// The longest hold in seconds.
        max_interval: u32,
        /// The latest release time.
        max_datetime: DateTime<'a>,
    },
    /// `NO-SOLICITING [keywords]` (RFC 3865).
    NoSoliciting(Option<Word<'a>>),
    /// `REQUIRETLS` (RFC 8689).
    RequireTls,
    /// `RRVS` (RFC 7293).
    Rrvs,
    /// `MTRK` (RFC 3885).
    Mtrk,
    /// `VERB` (historic).
    Verb,
    /// `ONEX` (historic).
    Onex,
    /// `SEND` (RFC 821, historic).
    Send,
    /// `SOML` (RFC 821, historic).
    Soml,
    /// `SAML` (RFC 821, historic).
    Saml,
    /// `TURN` (RFC 821, historic).
    Turn,
    /// `ATRN` (RFC 2645).
    Atrn,
    /// `XUSR` (historic).
    Xusr,
    /// `UTF8SMTP` (RFC 5336, the experimental SMTPUTF8).
    Utf8Smtp,
    /// `LIMITS name=value ...` (RFC 9422).
    Limits(Vec<Limit<'a>>),
    /// `XCLIENT attr ...` (Postfix).
    Xclient(Vec<Word<'a>>),
    /// `XFORWARD attr ...` (Postfix).
    Xforward(Vec<Word<'a>>),
    /// `PRDR` (draft-hall-prdr).
    Prdr,
    /// `PIPECONNECT` (Exim).
    PipeConnect,
    /// Anything else, as it came.
    Other(OtherCapability<'a>),
}

impl Capability<'_> {
    /// The keyword (upper case for typed ones; as sent for
    /// [`Capability::Other`], up to the first space or `=`).
    pub fn keyword(&self) -> &[u8] {
        use Capability as C;
        match self {
            C::Other(o) => o.keyword(),
            C::Auth { .. } => b"AUTH",
            C::Size(_) => b"SIZE",
            C::DeliverBy(_) => b"DELIVERBY",
            C::Burl(_) => b"BURL",
            C::MtPriority(_) => b"MT-PRIORITY",
            C::NoSoliciting(_) => b"NO-SOLICITING",
            C::FutureRelease { .. } => b"FUTURERELEASE",
            C::Limits(_) => b"LIMITS",
            C::Xclient(_) => b"XCLIENT",
            C::Xforward(_) => b"XFORWARD",
            // The rest take no parameters: the line is the keyword.
            flag => crate::encode::ehlo::flag_keyword(flag).as_bytes(),
        }
    }

    /// An owned copy.
    pub fn into_static(self) -> Capability<'static> {
        use Capability as C;
        match self {
            C::Size(n) => C::Size(n),
            C::EightBitMime => C::EightBitMime,
            C::Pipelining => C::Pipelining,
            C::Dsn => C::Dsn,
            C::Etrn => C::Etrn,
            C::EnhancedStatusCodes => C::EnhancedStatusCodes,
            C::StartTls => C::StartTls,
            C::Auth { mechanisms, legacy } => C::Auth {
                mechanisms: mechanisms.into_static(),
                legacy,
            },
            C::Chunking => C::Chunking,
            C::BinaryMime => C::BinaryMime,
            C::SmtpUtf8 => C::SmtpUtf8,
            C::DeliverBy(n) => C::DeliverBy(n),
            C::Burl(w) => C::Burl(w.into_iter().map(Word::into_static).collect()),
            C::Checkpoint => C::Checkpoint,
            C::Conneg => C::Conneg,
            C::Expn => C::Expn,
            C::Help => C::Help,
            C::MtPriority(w) => C::MtPriority(w.map(Word::into_static)),
            C::FutureRelease {
                max_interval,
                max_datetime,
            } => C::FutureRelease {
                max_interval,
                max_datetime: max_datetime.into_static(),
            },
            C::NoSoliciting(w) => C::NoSoliciting(w.map(Word::into_static)),
            C::RequireTls => C::RequireTls,
            C::Rrvs => C::Rrvs,
            C::Mtrk => C::Mtrk,
            C::Verb => C::Verb,
            C::Onex => C::Onex,
            C::Send => C::Send,
            C::Soml => C::Soml,
            C::Saml => C::Saml,
            C::Turn => C::Turn,
            C::Atrn => C::Atrn,
            C::Xusr => C::Xusr,
            C::Utf8Smtp => C::Utf8Smtp,
            C::Limits(l) => C::Limits(l.into_iter().map(Limit::into_static).collect()),
            C::Xclient(w) => C::Xclient(w.into_iter().map(Word::into_static).collect()),
            C::Xforward(w) => C::Xforward(w.into_iter().map(Word::into_static).collect()),
            C::Prdr => C::Prdr,
            C::PipeConnect => C::PipeConnect,
            C::Other(o) => C::Other(o.into_static()),
        }
    }
}

/// A decoded positive reply to EHLO or LHLO: the first line (`domain
/// [greeting]`) and one capability per further line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EhloReply<'a> {
    /// The first line's text: the server's domain, then any greeting.
    pub greeting: Text<'a>,
    /// The capabilities, in order.
    pub capabilities: Vec<Capability<'a>>,
}

impl<'a> EhloReply<'a> {
    /// The domain the server named (first word of the first line).
    pub fn domain(&self) -> &[u8] {
        let b = self.greeting.as_bytes();
        let n = b.iter().position(|&c| c == b' ').unwrap_or(b.len());
        b.get(..n).unwrap_or(b)
    }

    /// Whether a capability with this keyword (any case) was announced.
    pub fn has(&self, keyword: &str) -> bool {
        self.capabilities
            .iter()
            .any(|c| c.keyword().eq_ignore_ascii_case(keyword.as_bytes()))
    }

    /// The SASL mechanisms offered (from `AUTH` or `AUTH=`).
    pub fn auth_mechanisms(&self) -> impl Iterator<Item = Mechanism<'_>> {
        self.capabilities
            .iter()
            .filter_map(|c| match c {
                Capability::Auth { mechanisms, .. } => Some(mechanisms.iter()),
                _ => None,
            })
            .flatten()
    }

    /// The value of an RFC 9422 `LIMITS` entry (such as `RCPTMAX`), if
    /// announced.
    pub fn limit(&self, name: &str) -> Option<u64> {
        self.capabilities.iter().find_map(|c| match c {
            Capability::Limits(l) => l
                .iter()
                .find(|l| l.name().eq_ignore_ascii_case(name))
                .map(Limit::value),
            _ => None,
        })
    }

    /// The `SIZE` limit, if announced with one.
    pub fn size(&self) -> Option<u64> {
        self.capabilities.iter().find_map(|c| match c {
            Capability::Size(n) => *n,
            _ => None,
        })
    }

    /// The reply (code 250) that announces these capabilities.
    pub fn to_reply(&self) -> Reply<'static> {
        let mut lines = Vec::with_capacity(1 + self.capabilities.len());
        lines.push(self.greeting.clone().into_static());
        for c in &self.capabilities {
            // Every part of a capability is validated without CR or LF.
            lines.push(Text::trusted(crate::encode::ehlo::capability_line(c)));
        }
        Reply::from_parts(ReplyCode::OK, lines)
    }

    /// An owned copy.
    pub fn into_static(self) -> EhloReply<'static> {
        EhloReply {
            greeting: self.greeting.into_static(),
            capabilities: self
                .capabilities
                .into_iter()
                .map(Capability::into_static)
                .collect(),
        }
    }
}
