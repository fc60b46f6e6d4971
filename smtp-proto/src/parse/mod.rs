//! The `nom` grammar, one function per ABNF rule, and the stateless entry
//! points: [`command`], [`command_with`], [`reply`], [`reply_with`],
//! [`reply_line`], [`ehlo_reply`], [`ehlo_capabilities`], [`auth_response`] and
//! [`auth_challenge`].
//!
//! Grammar functions take the bytes left to read and return the bytes left
//! after them (`nom`'s `IResult`), with an error type that names what was
//! expected; entry points turn that into a [`DecodeError`] whose offset
//! counts from the start of the input they were given.
//!
//! [`command`], [`reply`] and [`reply_line`] follow the RFC grammar alone
//! (they are what the replay oracle, fuzzers and benchmarks call); the
//! `_with` forms take [`crate::quirks::Quirks`] and report each leniency
//! used as a [`crate::quirks::Warning`]. A known verb with bad arguments
//! is an error (a server answers 501); an unknown verb is a value.

pub(crate) mod command;
mod command_fast;
pub(crate) mod datetime;
pub(crate) mod domain;
pub(crate) mod ehlo;
pub(crate) mod param;
pub(crate) mod path;
pub(crate) mod reply;
pub(crate) mod sasl;
pub(crate) mod xtext;

use crate::error::{DecodeError, DecodeErrorKind};

pub use command::{command, command_with};
pub use ehlo::{ehlo_capabilities, ehlo_reply};
pub use reply::{reply, reply_line, reply_line_with, reply_with};
pub use sasl::{auth_challenge, auth_response};

/// A grammar rule's failure: the input left where it failed, what was
/// expected there, and the kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fail<'a> {
    pub(crate) rest: &'a [u8],
    pub(crate) expected: &'static str,
    pub(crate) kind: DecodeErrorKind,
}

impl<'a> nom::error::ParseError<&'a [u8]> for Fail<'a> {
    fn from_error_kind(input: &'a [u8], _kind: nom::error::ErrorKind) -> Self {
        Fail {
            rest: input,
            expected: "valid syntax",
            kind: DecodeErrorKind::Syntax,
        }
    }

    fn append(_input: &'a [u8], _kind: nom::error::ErrorKind, other: Self) -> Self {
        other
    }
}

/// The result of a grammar rule.
pub(crate) type PResult<'a, T> = nom::IResult<&'a [u8], T, Fail<'a>>;

/// A recoverable failure (another alternative may still match).
pub(crate) fn fail<'a, T>(rest: &'a [u8], expected: &'static str) -> PResult<'a, T> {
    Err(nom::Err::Error(Fail {
        rest,
        expected,
        kind: DecodeErrorKind::Syntax,
    }))
}

/// A failure that ends parsing (the input matched far enough that no other
/// alternative applies).
pub(crate) fn cut<'a, T>(
    rest: &'a [u8],
    expected: &'static str,
    kind: DecodeErrorKind,
) -> PResult<'a, T> {
    Err(nom::Err::Failure(Fail {
        rest,
        expected,
        kind,
    }))
}

/// Turns a rule's failure into a [`DecodeError`] relative to `input`.
pub(crate) fn to_error(input: &[u8], e: nom::Err<Fail<'_>>) -> DecodeError {
    match e {
        nom::Err::Error(f) | nom::Err::Failure(f) => {
            DecodeError::new(input.len().saturating_sub(f.rest.len()), f.expected, f.kind)
        }
        nom::Err::Incomplete(_) => {
            DecodeError::new(input.len(), "more input", DecodeErrorKind::Incomplete)
        }
    }
}

/// Runs `rule` over the whole of `input`: anything left over is an error
/// naming `expected_end`.
pub(crate) fn all<'a, T>(
    input: &'a [u8],
    rule: impl FnOnce(&'a [u8]) -> PResult<'a, T>,
    expected_end: &'static str,
) -> Result<T, DecodeError> {
    match rule(input) {
        Ok((&[], v)) => Ok(v),
        Ok((rest, _)) => Err(DecodeError::new(
            input.len() - rest.len(),
            expected_end,
            DecodeErrorKind::Syntax,
        )),
        Err(e) => Err(to_error(input, e)),
    }
}

/// The length of the longest prefix of `i` whose bytes satisfy `pred`.
#[inline]
pub(crate) fn span(i: &[u8], pred: impl Fn(u8) -> bool) -> usize {
    i.iter().position(|&b| !pred(b)).unwrap_or(i.len())
}

/// Validates `bytes` (a prefix of `at`) as UTF-8, failing at the first bad
/// byte.
pub(crate) fn utf8<'a>(bytes: &'a [u8], at: &'a [u8]) -> Result<&'a str, nom::Err<Fail<'a>>> {
    core::str::from_utf8(bytes).map_err(|e| {
        nom::Err::Failure(Fail {
            rest: at.get(e.valid_up_to()..).unwrap_or(&[]),
            expected: "valid UTF-8",
            kind: DecodeErrorKind::InvalidUtf8,
        })
    })
}

/// Decimal digits as a number of type `T`, failing on overflow.
pub(crate) fn number<'a, T: TryFrom<u64>>(
    i: &'a [u8],
    max_digits: usize,
    expected: &'static str,
) -> PResult<'a, T> {
    let n = span(i, |b| b.is_ascii_digit());
    if n == 0 {
        return fail(i, expected);
    }
    if n > max_digits {
        return cut(i, expected, DecodeErrorKind::OutOfRange);
    }
    let (digits, rest) = i.split_at(n);
    let mut v: u64 = 0;
    for &b in digits {
        match v
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(b - b'0')))
        {
            Some(next) => v = next,
            None => return cut(i, expected, DecodeErrorKind::OutOfRange),
        }
    }
    match T::try_from(v) {
        Ok(t) => Ok((rest, t)),
        Err(_) => cut(i, expected, DecodeErrorKind::OutOfRange),
    }
}

/// `word` in upper case, in `buf`; empty when it does not fit (no keyword
/// that long is known, so it matches nothing).
#[inline]
pub(crate) fn upper<'b>(word: &[u8], buf: &'b mut [u8]) -> &'b [u8] {
    match buf.get_mut(..word.len()) {
        Some(dst) => {
            dst.copy_from_slice(word);
            dst.make_ascii_uppercase();
            dst
        }
        None => &[],
    }
}
