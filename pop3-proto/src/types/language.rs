//! Language tags and ranges for the LANG command (RFC 6856 §3).

use alloc::borrow::Cow;
use core::fmt;

use super::value::{ascii_cow, owned};
use crate::error::{DecodeError, DecodeErrorKind};

/// Checks `1*8ALPHA *("-" 1*8alphanum)`, the shape shared by the language
/// tags of RFC 5646 and the basic language ranges of RFC 4647 §2.1.
pub(crate) fn check_language_tag(b: &[u8]) -> Result<(), DecodeError> {
    const WHAT: &str = "language tag";
    let mut start: usize = 0;
    for (n, sub) in b.split(|&c| c == b'-').enumerate() {
        let ok = if n == 0 {
            |c: &u8| c.is_ascii_alphabetic()
        } else {
            |c: &u8| c.is_ascii_alphanumeric()
        };
        if let Some(at) = sub.iter().position(|c| !ok(c)) {
            return Err(DecodeError::syntax(start.saturating_add(at), WHAT));
        }
        if sub.is_empty() {
            return Err(DecodeError::new(start, WHAT, DecodeErrorKind::Incomplete));
        }
        if sub.len() > 8 {
            return Err(DecodeError::syntax(start.saturating_add(8), WHAT));
        }
        start = start.saturating_add(sub.len()).saturating_add(1);
    }
    Ok(())
}

/// A language tag (RFC 5646) as LANG replies and language listings carry
/// it: `1*8ALPHA *("-" 1*8alphanum)`, kept as sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LanguageTag<'a>(Cow<'a, str>);

impl<'a> LanguageTag<'a> {
    /// Validates a language tag.
    pub fn new(tag: impl Into<Cow<'a, str>>) -> Result<Self, DecodeError> {
        let tag = tag.into();
        check_language_tag(tag.as_bytes())?;
        Ok(Self(tag))
    }
    pub(crate) fn from_bytes(b: &'a [u8]) -> Result<Self, DecodeError> {
        check_language_tag(b)?;
        Ok(Self(ascii_cow(Cow::Borrowed(b), "language tag")?))
    }
    /// The tag as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// An owned copy that outlives the input.
    pub fn into_static(self) -> LanguageTag<'static> {
        LanguageTag(owned(self.0))
    }
}

impl fmt::Display for LanguageTag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The argument of `LANG` (RFC 6856 §3.2): a basic language range
/// (RFC 4647 §2.1), `*` being the server's preferred language.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LanguageRange<'a> {
    /// `*`: the language the server administrator prefers.
    Any,
    /// A language tag.
    Tag(LanguageTag<'a>),
}

impl LanguageRange<'_> {
    /// An owned copy that outlives the input.
    pub fn into_static(self) -> LanguageRange<'static> {
        match self {
            LanguageRange::Any => LanguageRange::Any,
            LanguageRange::Tag(t) => LanguageRange::Tag(t.into_static()),
        }
    }
}
