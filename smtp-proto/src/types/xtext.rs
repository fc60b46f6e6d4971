//! `xtext`, the encoding of DSN and AUTH parameter values (RFC 3461 §4).

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::error::DecodeError;
use crate::parse;

/// A value in RFC 3461 §4 `xtext`, kept encoded as written:
/// `*( xchar / hexchar )`, where `hexchar = "+" 2(%x30-39 / %x41-46)`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct XText<'a>(Cow<'a, str>);

impl<'a> XText<'a> {
    /// Validates an encoded value.
    pub fn new(encoded: impl Into<Cow<'a, str>>) -> Result<Self, DecodeError> {
        let s = encoded.into();
        parse::all(s.as_bytes(), parse::xtext::xtext, "xtext")?;
        Ok(XText(s))
    }

    /// Encodes `bytes`: `+`, `=`, and bytes outside `!`..`~` become `+XX`.
    pub fn encode(bytes: &[u8]) -> XText<'static> {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let mut out = String::with_capacity(bytes.len());
        for &b in bytes {
            if (33..=126).contains(&b) && b != b'+' && b != b'=' {
                out.push(char::from(b));
            } else {
                out.push('+');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
        }
        XText(Cow::Owned(out))
    }

    /// The decoded bytes.
    pub fn decode(&self) -> Cow<'_, [u8]> {
        if !self.0.contains('+') {
            return Cow::Borrowed(self.0.as_bytes());
        }
        let b = self.0.as_bytes();
        let mut out = Vec::with_capacity(b.len());
        let mut i = 0;
        while let Some(&c) = b.get(i) {
            if c == b'+' {
                let hi = b.get(i + 1).and_then(|h| hex_value(*h)).unwrap_or(0);
                let lo = b.get(i + 2).and_then(|h| hex_value(*h)).unwrap_or(0);
                out.push(hi << 4 | lo);
                i += 3;
            } else {
                out.push(c);
                i += 1;
            }
        }
        Cow::Owned(out)
    }

    /// The encoded form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An owned copy.
    pub fn into_static(self) -> XText<'static> {
        XText(Cow::Owned(self.0.into_owned()))
    }

    pub(crate) fn borrowed(s: &'a str) -> Self {
        XText(Cow::Borrowed(s))
    }
}

pub(crate) fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl fmt::Debug for XText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "XText({:?})", &*self.0)
    }
}
