//! Lines of multi-line bodies and single-line replies that carry
//! numbers: scan listings, unique-id listings, the STAT reply, language
//! listings.

use alloc::borrow::Cow;
use core::fmt;

use super::chars::is_vchar;
use super::language::LanguageTag;
use super::value::{MessageNumber, Text, ascii_cow, check_octets, owned};
use crate::error::DecodeError;

/// A scan listing (RFC 1939 §5 LIST): `msg SP octets [SP extra]`. RFC 1939
/// "makes no requirement on what follows the message size", so anything
/// after it is kept in `extra`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScanListing<'a> {
    /// The message number.
    pub msg: MessageNumber,
    /// The exact size in octets.
    pub octets: u64,
    /// What followed the size and one space; usually empty.
    pub extra: Text<'a>,
}

impl ScanListing<'_> {
    /// An owned copy that outlives the input.
    pub fn into_static(self) -> ScanListing<'static> {
        ScanListing {
            msg: self.msg,
            octets: self.octets,
            extra: self.extra.into_static(),
        }
    }
}

/// The text of a positive STAT reply (RFC 1939 §5): `count SP octets
/// [SP extra]`, where RFC 1939 makes no requirement on what follows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Stat<'a> {
    /// Number of messages in the maildrop.
    pub count: u32,
    /// Size of the maildrop in octets.
    pub octets: u64,
    /// What followed the size and one space; usually empty.
    pub extra: Text<'a>,
}

impl Stat<'_> {
    /// An owned copy that outlives the input.
    pub fn into_static(self) -> Stat<'static> {
        Stat {
            count: self.count,
            octets: self.octets,
            extra: self.extra.into_static(),
        }
    }
}

/// A unique-id (RFC 1939 §7 UIDL): 1 to 70 octets in `0x21-0x7E`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UniqueId<'a>(Cow<'a, str>);

pub(crate) fn check_unique_id(b: &[u8]) -> Result<(), DecodeError> {
    check_octets(b, 1, 70, is_vchar, "unique-id (1 to 70 octets 0x21-0x7E)")
}

impl<'a> UniqueId<'a> {
    /// Validates a unique-id.
    pub fn new(uid: impl Into<Cow<'a, str>>) -> Result<Self, DecodeError> {
        let uid = uid.into();
        check_unique_id(uid.as_bytes())?;
        Ok(Self(uid))
    }
    /// A unique-id from octets the caller found all to be `0x21-0x7E`:
    /// only the length is left to check (with [`UniqueId::new`]'s error),
    /// not every octet once more.
    pub(crate) fn from_vchars(b: &'a [u8]) -> Result<Self, DecodeError> {
        if b.is_empty() || b.len() > 70 {
            check_unique_id(b)?;
        }
        Ok(Self(ascii_cow(Cow::Borrowed(b), "unique-id")?))
    }
    /// The unique-id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// An owned copy that outlives the input.
    pub fn into_static(self) -> UniqueId<'static> {
        UniqueId(owned(self.0))
    }
}

impl fmt::Debug for UniqueId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UniqueId({:?})", self.0)
    }
}

/// A unique-id listing (RFC 1939 §7 UIDL): `msg SP unique-id`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UniqueIdListing<'a> {
    /// The message number.
    pub msg: MessageNumber,
    /// Its unique-id.
    pub uid: UniqueId<'a>,
}

impl UniqueIdListing<'_> {
    /// An owned copy that outlives the input.
    pub fn into_static(self) -> UniqueIdListing<'static> {
        UniqueIdListing {
            msg: self.msg,
            uid: self.uid.into_static(),
        }
    }
}

/// A language listing (RFC 6856 §3.2): a language tag, optionally a
/// space and a description in that language (UTF-8).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LangListing<'a> {
    /// The language tag.
    pub tag: LanguageTag<'a>,
    /// The description after one space; empty when there was none.
    pub description: Text<'a>,
}

impl LangListing<'_> {
    /// An owned copy that outlives the input.
    pub fn into_static(self) -> LangListing<'static> {
        LangListing {
            tag: self.tag.into_static(),
            description: self.description.into_static(),
        }
    }
}
