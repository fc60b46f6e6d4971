//! Extended response codes (RFC 2449 §8, RFC 3206, RFC 6856 §5).

use alloc::borrow::Cow;
use core::fmt;

use super::chars::is_rchar;
use super::value::{ascii_cow, owned};
use crate::error::{DecodeError, DecodeErrorKind};

/// Checks `resp-level *("/" resp-level)` (RFC 2449 §3), the text between
/// the brackets.
pub(crate) fn check_code(b: &[u8]) -> Result<(), DecodeError> {
    let mut start: usize = 0;
    for level in b.split(|&c| c == b'/') {
        if let Some(at) = level.iter().position(|&c| !is_rchar(c)) {
            return Err(DecodeError::syntax(
                start.saturating_add(at),
                "response code level (rchar)",
            ));
        }
        if level.is_empty() {
            return Err(DecodeError::new(
                start,
                "response code level",
                DecodeErrorKind::Incomplete,
            ));
        }
        start = start.saturating_add(level.len()).saturating_add(1);
    }
    Ok(())
}

/// A response code, the bracketed part at the start of a response's text
/// (RFC 2449 §8): levels separated by `/`, compared case-insensitively.
/// Unknown codes and unknown levels are kept as they came.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ResponseCode<'a>(Cow<'a, str>);

/// The response codes the RFCs define, as [`ResponseCode::known`] reports
/// them. More specific codes are matched first; an unknown deeper level
/// (`SYS/TEMP/DISK`) still reports its known prefix (`SysTemp`), as RFC
/// 2449 §8 asks clients to ignore unknown detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KnownCode {
    /// `LOGIN-DELAY` (RFC 2449 §8.1.1).
    LoginDelay,
    /// `IN-USE` (RFC 2449 §8.1.2).
    InUse,
    /// `SYS/TEMP` (RFC 3206 §4): a transient system error.
    SysTemp,
    /// `SYS/PERM` (RFC 3206 §4): a permanent system error.
    SysPerm,
    /// `SYS` without a known second level (RFC 3206 §4).
    Sys,
    /// `AUTH` (RFC 3206 §5): the credentials were wrong.
    Auth,
    /// `UTF8` (RFC 6856 §5).
    Utf8,
}

impl<'a> ResponseCode<'a> {
    /// `SYS/TEMP` (RFC 3206).
    pub const SYS_TEMP: ResponseCode<'static> = ResponseCode(Cow::Borrowed("SYS/TEMP"));
    /// `SYS/PERM` (RFC 3206).
    pub const SYS_PERM: ResponseCode<'static> = ResponseCode(Cow::Borrowed("SYS/PERM"));
    /// `AUTH` (RFC 3206).
    pub const AUTH: ResponseCode<'static> = ResponseCode(Cow::Borrowed("AUTH"));
    /// `IN-USE` (RFC 2449).
    pub const IN_USE: ResponseCode<'static> = ResponseCode(Cow::Borrowed("IN-USE"));
    /// `LOGIN-DELAY` (RFC 2449).
    pub const LOGIN_DELAY: ResponseCode<'static> = ResponseCode(Cow::Borrowed("LOGIN-DELAY"));
    /// `UTF8` (RFC 6856).
    pub const UTF8: ResponseCode<'static> = ResponseCode(Cow::Borrowed("UTF8"));

    /// Validates the code without its brackets, e.g. `"SYS/TEMP"`.
    pub fn new(code: impl Into<Cow<'a, str>>) -> Result<Self, DecodeError> {
        let code = code.into();
        check_code(code.as_bytes())?;
        Ok(Self(code))
    }
    pub(crate) fn from_bytes(b: &'a [u8]) -> Result<Self, DecodeError> {
        check_code(b)?;
        Ok(Self(ascii_cow(Cow::Borrowed(b), "response code")?))
    }
    /// The code as sent, without brackets.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The levels, outermost first (`SYS/TEMP` gives `SYS`, `TEMP`).
    pub fn levels(&self) -> impl Iterator<Item = &str> {
        self.0.split('/')
    }
    /// True when the first levels are `prefix`, case-insensitively:
    /// `[SYS/TEMP]` starts with `["SYS"]` and with `["sys", "temp"]`.
    pub fn starts_with(&self, prefix: &[&str]) -> bool {
        let mut levels = self.levels();
        prefix
            .iter()
            .all(|p| levels.next().is_some_and(|l| l.eq_ignore_ascii_case(p)))
    }
    /// The code the RFCs define that this one is, or refines.
    pub fn known(&self) -> Option<KnownCode> {
        Some(if self.starts_with(&["SYS", "TEMP"]) {
            KnownCode::SysTemp
        } else if self.starts_with(&["SYS", "PERM"]) {
            KnownCode::SysPerm
        } else if self.starts_with(&["SYS"]) {
            KnownCode::Sys
        } else if self.starts_with(&["AUTH"]) {
            KnownCode::Auth
        } else if self.starts_with(&["IN-USE"]) {
            KnownCode::InUse
        } else if self.starts_with(&["LOGIN-DELAY"]) {
            KnownCode::LoginDelay
        } else if self.starts_with(&["UTF8"]) {
            KnownCode::Utf8
        } else {
            return None;
        })
    }
    /// An owned copy that outlives the input.
    pub fn into_static(self) -> ResponseCode<'static> {
        ResponseCode(owned(self.0))
    }
}

impl fmt::Debug for ResponseCode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResponseCode({:?})", self.0)
    }
}

impl fmt::Display for ResponseCode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}]", self.0)
    }
}
