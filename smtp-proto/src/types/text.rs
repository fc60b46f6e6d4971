//! Free text and single words: the leaves that other types are made of.

use alloc::borrow::Cow;
use core::fmt;

use crate::error::{DecodeError, DecodeErrorKind};

/// What [`Text`] (and so [`crate::types::Reply::new`]) can be made from:
/// borrowed bytes or text stay borrowed, owned ones move in.
pub trait IntoBytes<'a> {
    /// The bytes.
    fn into_bytes(self) -> Cow<'a, [u8]>;
}

impl<'a> IntoBytes<'a> for &'a [u8] {
    fn into_bytes(self) -> Cow<'a, [u8]> {
        Cow::Borrowed(self)
    }
}

impl<'a, const N: usize> IntoBytes<'a> for &'a [u8; N] {
    fn into_bytes(self) -> Cow<'a, [u8]> {
        Cow::Borrowed(self)
    }
}

impl<'a> IntoBytes<'a> for &'a str {
    fn into_bytes(self) -> Cow<'a, [u8]> {
        Cow::Borrowed(self.as_bytes())
    }
}

impl IntoBytes<'static> for alloc::vec::Vec<u8> {
    fn into_bytes(self) -> Cow<'static, [u8]> {
        Cow::Owned(self)
    }
}

impl IntoBytes<'static> for alloc::string::String {
    fn into_bytes(self) -> Cow<'static, [u8]> {
        Cow::Owned(self.into_bytes())
    }
}

impl<'a> IntoBytes<'a> for Cow<'a, [u8]> {
    fn into_bytes(self) -> Cow<'a, [u8]> {
        self
    }
}

/// Bytes of one line without its line ending: any octet but CR and LF.
///
/// Reply text (RFC 5321 §4.2 `textstring`) and the arguments of unknown
/// commands are kept this way; 8-bit bytes are not an error (servers send
/// them), and [`Text::as_str`] checks UTF-8 on request.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Text<'a>(Cow<'a, [u8]>);

impl<'a> Text<'a> {
    /// Validates `bytes`: no CR, no LF.
    pub fn new(bytes: impl IntoBytes<'a>) -> Result<Self, DecodeError> {
        let bytes = bytes.into_bytes();
        match memchr::memchr2(b'\r', b'\n', &bytes) {
            Some(at) => Err(DecodeError::new(
                at,
                "text without CR or LF",
                DecodeErrorKind::Syntax,
            )),
            None => Ok(Text(bytes)),
        }
    }

    /// Empty text.
    pub const fn empty() -> Text<'static> {
        Text(Cow::Borrowed(&[]))
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The text as UTF-8, if it is.
    pub fn as_str(&self) -> Option<&str> {
        core::str::from_utf8(&self.0).ok()
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// An owned copy.
    pub fn into_static(self) -> Text<'static> {
        Text(Cow::Owned(self.0.into_owned()))
    }

    pub(crate) fn borrowed(bytes: &'a [u8]) -> Self {
        Text(Cow::Borrowed(bytes))
    }

    pub(crate) fn as_borrowed(&self) -> Option<&'a [u8]> {
        match self.0 {
            Cow::Borrowed(b) => Some(b),
            Cow::Owned(_) => None,
        }
    }

    /// Bytes built from validated parts, which cannot hold CR or LF.
    pub(crate) fn trusted(bytes: alloc::vec::Vec<u8>) -> Text<'static> {
        debug_assert!(memchr::memchr2(b'\r', b'\n', &bytes).is_none());
        Text(Cow::Owned(bytes))
    }
}

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Text(\"{}\")", self.0.escape_ascii())
    }
}

/// One word of visible ASCII (`1*%d33-126`): EHLO parameters, BURL URLs,
/// XCLIENT attribute names and the like.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Word<'a>(Cow<'a, str>);

impl<'a> Word<'a> {
    /// Validates `s`: at least one byte, each between `!` and `~`.
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, DecodeError> {
        let s = s.into();
        let n = crate::parse::span(s.as_bytes(), is_vchar);
        if s.is_empty() || n != s.len() {
            return Err(DecodeError::new(
                n,
                "visible ASCII character",
                DecodeErrorKind::Syntax,
            ));
        }
        Ok(Word(s))
    }

    /// The word.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An owned copy.
    pub fn into_static(self) -> Word<'static> {
        Word(Cow::Owned(self.0.into_owned()))
    }

    pub(crate) fn as_borrowed_str(&self) -> Option<&'a str> {
        match self.0 {
            Cow::Borrowed(s) => Some(s),
            Cow::Owned(_) => None,
        }
    }
}

impl fmt::Debug for Word<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Word<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `VCHAR` of RFC 5234: `%x21-7E`.
pub(crate) fn is_vchar(b: u8) -> bool {
    (0x21..=0x7e).contains(&b)
}
