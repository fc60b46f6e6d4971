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
