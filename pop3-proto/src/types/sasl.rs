//! SASL pieces of POP3 AUTH (RFC 5034): mechanism names, base64 data,
//! server continuations and client responses.

use alloc::borrow::Cow;
use alloc::vec::Vec;
use core::fmt;

use super::chars::{is_base64_char, is_mech_char};
use super::value::{IntoOctets, ascii_cow, check_octets, owned};
use crate::error::{DecodeError, DecodeErrorKind};

/// A SASL mechanism name (RFC 4422 §3.1: `1*20mech-char`), as it was
/// sent. Names compare case-insensitively with [`Mechanism::is`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mechanism<'a>(Cow<'a, str>);

impl<'a> Mechanism<'a> {
    /// `PLAIN` (RFC 4616).
    pub const PLAIN: Mechanism<'static> = Mechanism(Cow::Borrowed("PLAIN"));
    /// `LOGIN` (draft-murchison-sasl-login).
    pub const LOGIN: Mechanism<'static> = Mechanism(Cow::Borrowed("LOGIN"));
    /// `CRAM-MD5` (RFC 2195).
    pub const CRAM_MD5: Mechanism<'static> = Mechanism(Cow::Borrowed("CRAM-MD5"));
    /// `SCRAM-SHA-256` (RFC 7677).
    pub const SCRAM_SHA_256: Mechanism<'static> = Mechanism(Cow::Borrowed("SCRAM-SHA-256"));
    /// `EXTERNAL` (RFC 4422 Appendix A).
    pub const EXTERNAL: Mechanism<'static> = Mechanism(Cow::Borrowed("EXTERNAL"));
    /// `XOAUTH2`.
    pub const XOAUTH2: Mechanism<'static> = Mechanism(Cow::Borrowed("XOAUTH2"));

    /// Validates a mechanism name: 1 to 20 letters, digits, `-` or `_`.
    pub fn new(name: impl Into<Cow<'a, str>>) -> Result<Self, DecodeError> {
        let name = name.into();
        check_octets(name.as_bytes(), 1, 20, is_mech_char, "SASL mechanism name")?;
        Ok(Self(name))
    }
    pub(crate) fn from_bytes(b: &'a [u8]) -> Result<Self, DecodeError> {
        check_octets(b, 1, 20, is_mech_char, "SASL mechanism name")?;
        Ok(Self(ascii_cow(Cow::Borrowed(b), "SASL mechanism name")?))
    }
    /// The name as it was sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Case-insensitive comparison with a name.
    pub fn is(&self, name: &str) -> bool {
        self.0.eq_ignore_ascii_case(name)
    }
    /// An owned copy that outlives the input.
    pub fn into_static(self) -> Mechanism<'static> {
        Mechanism(owned(self.0))
    }
}

/// Checks base64 syntax (RFC 4648 §4): groups of four, `=` only at the end.
pub(crate) fn check_base64(b: &[u8]) -> Result<(), DecodeError> {
    const WHAT: &str = "base64";
    let pad = b.iter().rev().take_while(|&&c| c == b'=').count();
    let body_len = b.len().saturating_sub(pad);
    if let Some(at) = b
        .get(..body_len)
        .and_then(|body| body.iter().position(|&c| !is_base64_char(c)))
    {
        return Err(DecodeError::syntax(at, WHAT));
    }
    if pad > 2 {
        return Err(DecodeError::syntax(body_len, WHAT));
    }
    if b.len() % 4 != 0 {
        return Err(DecodeError::new(b.len(), WHAT, DecodeErrorKind::Incomplete));
    }
    Ok(())
}

/// SASL data as base64 text (RFC 5034 §4), possibly empty. `Debug`
/// never shows it: it may carry credentials.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct SaslData<'a>(Cow<'a, [u8]>);

impl<'a> SaslData<'a> {
    /// Validates base64 text (RFC 4648 §4, padded).
    pub fn new(base64: impl IntoOctets<'a>) -> Result<Self, DecodeError> {
        let b = base64.into_octets();
        check_base64(&b)?;
        Ok(Self(b))
    }
    /// Encodes raw octets as base64.
    pub fn encode(raw: &[u8]) -> SaslData<'static> {
        use base64::Engine as _;
        let text = base64::engine::general_purpose::STANDARD.encode(raw);
        SaslData(Cow::Owned(text.into_bytes()))
    }
    /// Empty data.
    pub const fn empty() -> SaslData<'static> {
        SaslData(Cow::Borrowed(&[]))
    }
    /// True when there is no data.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The base64 text as sent.
    pub fn as_base64(&self) -> &[u8] {
        &self.0
    }
    /// The decoded octets. Fails on non-canonical trailing bits, which the
    /// syntax check lets through.
    pub fn decode(&self) -> Result<Vec<u8>, DecodeError> {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD
            .decode(&self.0)
            .map_err(|e| {
                let at = match e {
                    base64::DecodeError::InvalidByte(at, _)
                    | base64::DecodeError::InvalidLastSymbol(at, _) => at,
                    _ => self.0.len(),
                };
                DecodeError::syntax(at, "canonical base64")
            })
    }
    /// An owned copy that outlives the input.
    pub fn into_static(self) -> SaslData<'static> {
        SaslData(owned(self.0))
    }
}

impl fmt::Debug for SaslData<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SaslData(<{} octets redacted>)", self.0.len())
    }
}

/// The `AUTH` command's arguments (RFC 5034 §4):
/// `AUTH mechanism [initial-response]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AuthRequest<'a> {
    /// The SASL mechanism.
    pub mechanism: Mechanism<'a>,
    /// The initial response; `Some(empty)` is sent as `=`.
    pub initial_response: Option<SaslData<'a>>,
}

impl AuthRequest<'_> {
    /// An owned copy that outlives the input.
    pub fn into_static(self) -> AuthRequest<'static> {
        AuthRequest {
            mechanism: self.mechanism.into_static(),
            initial_response: self.initial_response.map(SaslData::into_static),
        }
    }
}

/// A server challenge during AUTH (RFC 5034 §4): `"+" SP [base64] CRLF`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Continuation<'a> {
    /// The challenge, possibly empty.
    pub data: SaslData<'a>,
}

impl Continuation<'_> {
    /// An owned copy that outlives the input.
    pub fn into_static(self) -> Continuation<'static> {
        Continuation {
            data: self.data.into_static(),
        }
    }
}

/// A client line answering a challenge (RFC 5034 §4): base64 data
/// (possibly empty), or `*` to cancel the exchange.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AuthResponse<'a> {
    /// The response data.
    Data(SaslData<'a>),
    /// `*`: the client cancels the authentication exchange.
    Cancel,
}

impl AuthResponse<'_> {
    /// An owned copy that outlives the input.
    pub fn into_static(self) -> AuthResponse<'static> {
        match self {
            AuthResponse::Data(d) => AuthResponse::Data(d.into_static()),
            AuthResponse::Cancel => AuthResponse::Cancel,
        }
    }
}
