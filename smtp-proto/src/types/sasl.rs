//! SASL in SMTP (RFC 4954): mechanism names and base64 data.

use alloc::borrow::Cow;
use alloc::vec::Vec;
use core::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::error::{DecodeError, DecodeErrorKind};
use crate::parse;

/// A SASL mechanism name (RFC 4422 §3.1: 1 to 20 of letters, digits, `-`,
/// `_`), kept as sent; compare with [`Mechanism::is`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Mechanism<'a>(Cow<'a, str>);

impl<'a> Mechanism<'a> {
    /// Validates a mechanism name.
    pub fn new(name: impl Into<Cow<'a, str>>) -> Result<Self, DecodeError> {
        let name = name.into();
        parse::all(
            name.as_bytes(),
            parse::sasl::sasl_mech,
            "end of mechanism name",
        )?;
        Ok(Mechanism(name))
    }

    /// The name as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is `name` (ignoring case).
    pub fn is(&self, name: &str) -> bool {
        self.0.eq_ignore_ascii_case(name)
    }

    /// An owned copy.
    pub fn into_static(self) -> Mechanism<'static> {
        Mechanism(Cow::Owned(self.0.into_owned()))
    }

    pub(crate) fn borrowed(s: &'a str) -> Self {
        Mechanism(Cow::Borrowed(s))
    }
}

impl fmt::Debug for Mechanism<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Mechanism<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The mechanisms of an `AUTH` capability (RFC 4954 §3 `1*(SP
/// sasl-mech)`), in the order offered.
///
/// Kept as one space-separated list borrowed from the reply, each name
/// checked as a [`Mechanism`]: decoding a capability line builds no list.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Mechanisms<'a>(Cow<'a, str>);

impl<'a> Mechanisms<'a> {
    /// The names, in order.
    pub fn iter(&self) -> impl Iterator<Item = Mechanism<'_>> {
        self.names().map(Mechanism::borrowed)
    }

    /// The names as text, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.split(' ').filter(|m| !m.is_empty())
    }

    /// How many mechanisms are offered.
    pub fn len(&self) -> usize {
        self.names().count()
    }

    /// Whether none is offered.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `name` is offered (ignoring case).
    pub fn contains(&self, name: &str) -> bool {
        self.names().any(|m| m.eq_ignore_ascii_case(name))
    }

    /// The names separated by single spaces, as encoded.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An owned copy.
    pub fn into_static(self) -> Mechanisms<'static> {
        Mechanisms(Cow::Owned(self.0.into_owned()))
    }

    /// `list`, already checked as mechanism names separated by single
    /// spaces (or empty).
    pub(crate) fn checked(list: Cow<'a, str>) -> Self {
        Mechanisms(list)
    }
}

impl<'a> FromIterator<Mechanism<'a>> for Mechanisms<'a> {
    fn from_iter<I: IntoIterator<Item = Mechanism<'a>>>(iter: I) -> Self {
        let mut iter = iter.into_iter();
        let Some(first) = iter.next() else {
            return Mechanisms::default();
        };
        let mut list = first.0;
        for m in iter {
            let s = list.to_mut();
            s.push(' ');
            s.push_str(m.as_str());
        }
        Mechanisms(list)
    }
}

impl<'a> From<Vec<Mechanism<'a>>> for Mechanisms<'a> {
    fn from(list: Vec<Mechanism<'a>>) -> Self {
        list.into_iter().collect()
    }
}

impl fmt::Debug for Mechanisms<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.names()).finish()
    }
}

/// SASL data in base64 (RFC 4648 §4, padded), kept encoded; may be empty.
/// Redacted in `Debug`: it may carry a password.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct SaslData<'a>(Cow<'a, str>);

impl<'a> SaslData<'a> {
    /// Validates base64 text.
    pub fn new(b64: impl Into<Cow<'a, str>>) -> Result<Self, DecodeError> {
        let s = b64.into();
        parse::all(s.as_bytes(), parse::sasl::base64, "base64")?;
        Ok(SaslData(s))
    }

    /// Encodes raw bytes.
    pub fn encode(raw: &[u8]) -> SaslData<'static> {
        SaslData(Cow::Owned(STANDARD.encode(raw)))
    }

    /// The decoded bytes.
    pub fn decode(&self) -> Result<Vec<u8>, DecodeError> {
        STANDARD
            .decode(self.0.as_bytes())
            .map_err(|_| DecodeError::new(0, "base64", DecodeErrorKind::Syntax))
    }

    /// The base64 text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether it carries no data.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// An owned copy.
    pub fn into_static(self) -> SaslData<'static> {
        SaslData(Cow::Owned(self.0.into_owned()))
    }

    pub(crate) fn borrowed(s: &'a str) -> Self {
        SaslData(Cow::Borrowed(s))
    }
}

impl fmt::Debug for SaslData<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SaslData(<redacted {} bytes>)", self.0.len())
    }
}

/// A client's line in a SASL exchange (RFC 4954 §4): base64 data, or `*`
/// to cancel.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AuthResponse<'a> {
    /// Data (possibly empty).
    Data(SaslData<'a>),
    /// `*`: the client cancels the exchange.
    Cancel,
}

impl AuthResponse<'_> {
    /// An owned copy.
    pub fn into_static(self) -> AuthResponse<'static> {
        match self {
            AuthResponse::Data(d) => AuthResponse::Data(d.into_static()),
            AuthResponse::Cancel => AuthResponse::Cancel,
        }
    }
}
