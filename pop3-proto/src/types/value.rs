//! Small validated values shared by commands and responses.

use alloc::borrow::Cow;
use alloc::vec::Vec;
use core::fmt;

use super::chars::{first_bad, is_param_char, is_text_char};
use crate::error::{DecodeError, DecodeErrorKind};

/// Octets a constructor can take without copying when they are
/// borrowed: `&[u8]`, `&[u8; N]`, `&str`, `Vec<u8>`, `String`,
/// `Cow<[u8]>`.
pub trait IntoOctets<'a> {
    /// The octets, borrowed or owned.
    fn into_octets(self) -> Cow<'a, [u8]>;
}

impl<'a> IntoOctets<'a> for &'a [u8] {
    fn into_octets(self) -> Cow<'a, [u8]> {
        Cow::Borrowed(self)
    }
}
impl<'a, const N: usize> IntoOctets<'a> for &'a [u8; N] {
    fn into_octets(self) -> Cow<'a, [u8]> {
        Cow::Borrowed(self)
    }
}
impl<'a> IntoOctets<'a> for &'a str {
    fn into_octets(self) -> Cow<'a, [u8]> {
        Cow::Borrowed(self.as_bytes())
    }
}
impl<'a> IntoOctets<'a> for Vec<u8> {
    fn into_octets(self) -> Cow<'a, [u8]> {
        Cow::Owned(self)
    }
}
impl<'a> IntoOctets<'a> for alloc::string::String {
    fn into_octets(self) -> Cow<'a, [u8]> {
        Cow::Owned(self.into_bytes())
    }
}
impl<'a> IntoOctets<'a> for Cow<'a, [u8]> {
    fn into_octets(self) -> Cow<'a, [u8]> {
        self
    }
}

/// Validates a string-like value made of allowed octets, with length bounds.
pub(crate) fn check_octets(
    b: &[u8],
    min: usize,
    max: usize,
    ok: fn(u8) -> bool,
    expected: &'static str,
) -> Result<(), DecodeError> {
    if let Some(at) = first_bad(b, ok) {
        if at < max {
            return Err(DecodeError::syntax(at, expected));
        }
    }
    if b.len() < min {
        return Err(DecodeError::new(
            b.len(),
            expected,
            DecodeErrorKind::Incomplete,
        ));
    }
    if b.len() > max {
        return Err(DecodeError::syntax(max, expected));
    }
    Ok(())
}

/// Turns validated ASCII bytes into a `Cow<str>` without copying.
pub(crate) fn ascii_cow<'a>(
    b: Cow<'a, [u8]>,
    expected: &'static str,
) -> Result<Cow<'a, str>, DecodeError> {
    match b {
        Cow::Borrowed(b) => core::str::from_utf8(b)
            .map(Cow::Borrowed)
            .map_err(|e| DecodeError::syntax(e.valid_up_to(), expected)),
        Cow::Owned(v) => alloc::string::String::from_utf8(v)
            .map(Cow::Owned)
            .map_err(|e| DecodeError::syntax(e.utf8_error().valid_up_to(), expected)),
    }
}

pub(crate) fn owned<T: ?Sized + alloc::borrow::ToOwned>(c: Cow<'_, T>) -> Cow<'static, T> {
    Cow::Owned(c.into_owned())
}

/// One command parameter: `param = 1*VCHAR` (RFC 2449 §3), with 8-bit
/// octets allowed for UTF-8 names (RFC 6856 §2).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Param<'a>(Cow<'a, [u8]>);

impl<'a> Param<'a> {
    /// Validates a parameter: one or more visible or 8-bit octets.
    pub fn new(bytes: impl IntoOctets<'a>) -> Result<Self, DecodeError> {
        let b = bytes.into_octets();
        check_octets(&b, 1, usize::MAX, is_param_char, "parameter octet")?;
        Ok(Self(b))
    }
    /// The octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
    /// The octets as UTF-8, if they are.
    pub fn to_str(&self) -> Result<&str, core::str::Utf8Error> {
        core::str::from_utf8(&self.0)
    }
    /// An owned copy that outlives the input.
    pub fn into_static(self) -> Param<'static> {
        Param(owned(self.0))
    }
}

impl fmt::Debug for Param<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Param(\"{}\")", self.0.escape_ascii())
    }
}

/// Free text of a response or listing: any octets but NUL, CR and LF.
/// 8-bit octets stay bytes (RFC 6856 UTF-8 text); [`Text::to_str`]
/// validates on request.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Text<'a>(Cow<'a, [u8]>);

impl<'a> Text<'a> {
    /// Validates text: no NUL, CR or LF.
    pub fn new(bytes: impl IntoOctets<'a>) -> Result<Self, DecodeError> {
        let b = bytes.into_octets();
        check_octets(
            &b,
            0,
            usize::MAX,
            is_text_char,
            "text octet (not NUL, CR or LF)",
        )?;
        Ok(Self(b))
    }
    /// Text the caller built from validated parts only (digits, spaces,
    /// other `Text`, visible ASCII).
    pub(crate) fn from_valid(bytes: Vec<u8>) -> Text<'static> {
        debug_assert!(bytes.iter().all(|&c| is_text_char(c)));
        Text(Cow::Owned(bytes))
    }
    /// Empty text.
    pub const fn empty() -> Text<'static> {
        Text(Cow::Borrowed(&[]))
    }
    /// The octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
    /// True when there is no text.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The octets as UTF-8, if they are.
    pub fn to_str(&self) -> Result<&str, core::str::Utf8Error> {
        core::str::from_utf8(&self.0)
    }
    /// An owned copy that outlives the input.
    pub fn into_static(self) -> Text<'static> {
        Text(owned(self.0))
    }
}

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Text(\"{}\")", self.0.escape_ascii())
    }
}

/// A secret (the `PASS` argument, RFC 1939 §7): one or more octets but
/// NUL, CR and LF, spaces included. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Secret<'a>(Cow<'a, [u8]>);

impl<'a> Secret<'a> {
    /// Validates a secret: one or more octets, none of them NUL, CR or LF.
    pub fn new(bytes: impl IntoOctets<'a>) -> Result<Self, DecodeError> {
        let b = bytes.into_octets();
        check_octets(
            &b,
            1,
            usize::MAX,
            is_text_char,
            "password octet (not NUL, CR or LF)",
        )?;
        Ok(Self(b))
    }
    /// The secret octets. Named so that a reader notices the secret leaving.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
    /// The secret as UTF-8 (RFC 6856 §2.2), if it is.
    pub fn expose_str(&self) -> Result<&str, core::str::Utf8Error> {
        core::str::from_utf8(&self.0)
    }
    /// An owned copy that outlives the input.
    pub fn into_static(self) -> Secret<'static> {
        Secret(owned(self.0))
    }
}

impl fmt::Debug for Secret<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// A message number (RFC 1939 §3): decimal, counting from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MessageNumber(core::num::NonZeroU32);

impl MessageNumber {
    /// `None` for 0, which is not a message number.
    pub const fn new(n: u32) -> Option<Self> {
        match core::num::NonZeroU32::new(n) {
            Some(n) => Some(Self(n)),
            None => None,
        }
    }
    /// The number.
    pub const fn get(self) -> u32 {
        self.0.get()
    }
}

impl fmt::Display for MessageNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The APOP digest (RFC 1939 §7): the 16-octet MD5 value, sent as 32
/// lower-case hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ApopDigest(pub [u8; 16]);

impl ApopDigest {
    /// The digest as 32 lower-case hex digits, as APOP sends it.
    pub fn to_hex(&self) -> [u8; 32] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 32];
        for (pair, b) in out.chunks_exact_mut(2).zip(self.0) {
            if let [high, low] = pair {
                *high = HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0');
                *low = HEX.get(usize::from(b & 0xF)).copied().unwrap_or(b'0');
            }
        }
        out
    }
}

impl fmt::Debug for ApopDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hex = self.to_hex();
        write!(f, "ApopDigest({})", hex.escape_ascii())
    }
}

/// Collects `into_static` over a vector.
pub(crate) fn vec_static<T, U>(v: Vec<T>, f: fn(T) -> U) -> Vec<U> {
    v.into_iter().map(f).collect()
}
