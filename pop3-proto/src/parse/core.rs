//! What every POP3 grammar shares: the error type handed to `nom`, the
//! quirk context, line ends, spaces and numbers.

use alloc::vec::Vec;

use nom::error::{ErrorKind, ParseError};
use nom::{Err as NomErr, IResult};

use crate::error::{DecodeError, DecodeErrorKind};
use crate::quirks::{Quirk, Quirks, Warning};

/// The `nom` error of this crate's grammars: the rest of the input where
/// the grammar stopped, and what it expected there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PError<'a> {
    pub(crate) rest: &'a [u8],
    pub(crate) expected: &'static str,
    pub(crate) kind: DecodeErrorKind,
}

impl<'a> ParseError<&'a [u8]> for PError<'a> {
    fn from_error_kind(rest: &'a [u8], _: ErrorKind) -> Self {
        Self {
            rest,
            expected: "",
            kind: DecodeErrorKind::Syntax,
        }
    }
    fn append(_: &'a [u8], _: ErrorKind, other: Self) -> Self {
        other
    }
}

pub(crate) type PResult<'a, O> = IResult<&'a [u8], O, PError<'a>>;

/// A failure at `rest`, expecting `expected`.
pub(crate) fn fail<'a, O>(rest: &'a [u8], expected: &'static str) -> PResult<'a, O> {
    Err(NomErr::Error(PError {
        rest,
        expected,
        kind: DecodeErrorKind::Syntax,
    }))
}

/// Names what `p` expected, unless an inner rule already did.
pub(crate) fn expect<'a, O>(
    expected: &'static str,
    mut p: impl FnMut(&'a [u8]) -> PResult<'a, O>,
) -> impl FnMut(&'a [u8]) -> PResult<'a, O> {
    move |i| {
        p(i).map_err(|e| {
            e.map(|mut e| {
                if e.expected.is_empty() {
                    e.expected = expected;
                }
                e
            })
        })
    }
}

/// Where a grammar runs: the line (without its end) for offsets, and the
/// quirks it may use with the warnings it reports.
pub(crate) struct Ctx<'q> {
    line_len: usize,
    quirks: &'q Quirks,
    warnings: &'q mut Vec<Warning>,
}

impl<'q> Ctx<'q> {
    pub(crate) fn new(line: &[u8], quirks: &'q Quirks, warnings: &'q mut Vec<Warning>) -> Self {
        Self {
            line_len: line.len(),
            quirks,
            warnings,
        }
    }

    /// Offset of `rest` (a suffix of the line) from the line's start.
    pub(crate) fn offset(&self, rest: &[u8]) -> usize {
        self.line_len.saturating_sub(rest.len())
    }

    /// Uses `quirk` at `rest` if it is on, reporting it.
    pub(crate) fn allow(&mut self, quirk: Quirk, rest: &[u8]) -> bool {
        if self.quirks.allows(quirk) {
            let offset = self.offset(rest);
            self.warnings.push(Warning { offset, quirk });
            true
        } else {
            false
        }
    }

    /// `SP`: one space; more only under [`Quirks::multiple_spaces`].
    pub(crate) fn sp<'a>(&mut self, i: &'a [u8]) -> PResult<'a, ()> {
        match i {
            [b' ', b' ', ..] => {
                let Some(rest) = i.get(1..) else {
                    return fail(i, "space");
                };
                if self.allow(Quirk::MultipleSpaces, rest) {
                    let n = rest.iter().take_while(|&&c| c == b' ').count();
                    Ok((rest.get(n..).unwrap_or_default(), ()))
                } else {
                    Ok((rest, ()))
                }
            }
            [b' ', rest @ ..] => Ok((rest, ())),
            _ => fail(i, "space"),
        }
    }

    /// True at the end of the line, or before trailing whitespace that
    /// [`Quirks::trailing_whitespace`] lets through.
    pub(crate) fn at_eol(&mut self, i: &[u8]) -> bool {
        i.is_empty()
            || (i.iter().all(|&c| c == b' ' || c == b'\t')
                && self.allow(Quirk::TrailingWhitespace, i))
    }

    /// The end of the line (see [`Ctx::at_eol`]).
    pub(crate) fn eol<'a>(&mut self, i: &'a [u8]) -> PResult<'a, ()> {
        if self.at_eol(i) {
            Ok((&[], ()))
        } else {
            fail(i, "end of line")
        }
    }

    /// Converts a grammar's failure into a [`DecodeError`] at its offset.
    pub(crate) fn error(&self, e: NomErr<PError<'_>>) -> DecodeError {
        match e {
            NomErr::Error(e) | NomErr::Failure(e) => DecodeError::new(
                self.offset(e.rest),
                if e.expected.is_empty() {
                    "valid syntax"
                } else {
                    e.expected
                },
                e.kind,
            ),
            NomErr::Incomplete(_) => {
                DecodeError::new(self.line_len, "more input", DecodeErrorKind::Incomplete)
            }
        }
    }

    /// A constructor's error on a part starting at `rest`, as a grammar
    /// failure at the right place.
    pub(crate) fn lift<'a>(&self, part: &'a [u8], e: DecodeError) -> NomErr<PError<'a>> {
        NomErr::Error(PError {
            rest: part.get(e.offset..).unwrap_or_default(),
            expected: e.expected,
            kind: e.kind,
        })
    }
}

/// Splits a line from its end: CRLF, or LF alone under
/// [`Quirks::bare_lf`]. Bytes after the end are an error: a line is one
/// line. The warning offset is that of the LF.
///
/// Always inlined into [`run_line`]: a separate call returned its result
/// through memory on every line.
#[inline(always)]
pub(crate) fn line_content<'a>(
    line: &'a [u8],
    quirks: &Quirks,
    warnings: &mut Vec<Warning>,
) -> Result<&'a [u8], DecodeError> {
    let Some(lf) = crate::framing::find_lf(line) else {
        return Err(DecodeError::new(
            line.len(),
            "CRLF",
            DecodeErrorKind::Incomplete,
        ));
    };
    let after = lf.saturating_add(1);
    if after != line.len() {
        return Err(DecodeError::new(
            after,
            "nothing after CRLF",
            DecodeErrorKind::TrailingBytes,
        ));
    }
    match line.get(..lf) {
        Some([content @ .., b'\r']) => Ok(content),
        Some(content) if quirks.bare_lf => {
            warnings.push(Warning {
                offset: lf,
                quirk: Quirk::BareLf,
            });
            Ok(content)
        }
        _ => Err(DecodeError::syntax(lf, "CR before LF")),
    }
}

/// Runs a line grammar: splits the line end, runs `g` on the content
/// with a context, and turns failures into [`DecodeError`]s.
///
/// Inlined, with the grammar: a value returned through memory from a
/// separate call was read back before its stores completed (a
/// store-forwarding stall, half of a listing line's time in the profile).
#[inline]
pub(crate) fn run_line<'a, O>(
    line: &'a [u8],
    quirks: &Quirks,
    warnings: &mut Vec<Warning>,
    g: impl FnOnce(&mut Ctx<'_>, &'a [u8]) -> PResult<'a, O>,
) -> Result<O, DecodeError> {
    let content = line_content(line, quirks, warnings)?;
    let mut ctx = Ctx::new(content, quirks, warnings);
    match g(&mut ctx, content) {
        Ok(([], out)) => Ok(out),
        Ok((rest, _)) => Err(DecodeError::syntax(ctx.offset(rest), "end of line")),
        Err(e) => Err(ctx.error(e)),
    }
}

/// Runs a grammar over bytes that are not a line (the text of a reply).
pub(crate) fn run_text<'a, O>(
    text: &'a [u8],
    quirks: &Quirks,
    warnings: &mut Vec<Warning>,
    g: impl FnOnce(&mut Ctx<'_>, &'a [u8]) -> PResult<'a, O>,
) -> Result<O, DecodeError> {
    let mut ctx = Ctx::new(text, quirks, warnings);
    match g(&mut ctx, text) {
        Ok(([], out)) => Ok(out),
        Ok((rest, _)) => Err(DecodeError::syntax(ctx.offset(rest), "end of text")),
        Err(e) => Err(ctx.error(e)),
    }
}

/// A decimal number (RFC 1939 §3), leading zeros allowed, refused when
/// larger than `max`.
///
/// Hand-written, one pass that finds and adds up the digits, rather than
/// `take_while1` and a checked step per digit: it is most of a listing
/// line's work. The value only grows digit by digit, so comparing it with
/// `max` at the end refuses what a comparison at every digit would.
#[inline]
pub(crate) fn number<'a>(i: &'a [u8], max: u64, expected: &'static str) -> PResult<'a, u64> {
    let out_of_range = || {
        Err(NomErr::Error(PError {
            rest: i,
            expected,
            kind: DecodeErrorKind::NumberOutOfRange,
        }))
    };
    let mut n: u64 = 0;
    let mut len = i.len();
    for (at, &c) in i.iter().enumerate() {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            len = at;
            break;
        }
        n = match n.checked_mul(10).and_then(|n| n.checked_add(u64::from(d))) {
            Some(n) => n,
            None => return out_of_range(),
        };
    }
    if len == 0 {
        return fail(i, expected);
    }
    if n > max {
        return out_of_range();
    }
    Ok((i.get(len..).unwrap_or_default(), n))
}

/// The value of an ASCII decimal digit.
pub(crate) fn digit(d: u8) -> Option<u8> {
    char::from(d)
        .to_digit(10)
        .and_then(|v| u8::try_from(v).ok())
}

/// A message number: `number` from 1 to `u32::MAX` (RFC 1939 §3).
#[inline]
pub(crate) fn msg_number(i: &[u8]) -> PResult<'_, crate::types::MessageNumber> {
    const WHAT: &str = "message number (1 or more)";
    let (rest, n) = number(i, u64::from(u32::MAX), WHAT)?;
    match u32::try_from(n)
        .ok()
        .and_then(crate::types::MessageNumber::new)
    {
        Some(m) => Ok((rest, m)),
        None => Err(NomErr::Error(PError {
            rest: i,
            expected: WHAT,
            kind: DecodeErrorKind::NumberOutOfRange,
        })),
    }
}

/// A `u32` count (`TOP` lines, STAT message count, CAPA arguments).
pub(crate) fn u32_number<'a>(i: &'a [u8], expected: &'static str) -> PResult<'a, u32> {
    let (rest, n) = number(i, u64::from(u32::MAX), expected)?;
    Ok((rest, u32::try_from(n).unwrap_or(u32::MAX)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quirks::Quirks;

    fn content<'a>(line: &'a [u8], q: &Quirks) -> (Result<&'a [u8], DecodeError>, Vec<Warning>) {
        let mut w = Vec::new();
        (line_content(line, q, &mut w), w)
    }

    #[test]
    fn line_ends() {
        let strict = Quirks::strict();
        assert_eq!(content(b"abc\r\n", &strict).0, Ok(&b"abc"[..]));
        assert_eq!(content(b"\r\n", &strict).0, Ok(&b""[..]));
        assert_eq!(content(b"abc", &strict).0.unwrap_err().offset, 3);
        assert_eq!(content(b"abc\n", &strict).0.unwrap_err().offset, 3);
        assert_eq!(content(b"a\nb\r\n", &strict).0.unwrap_err().offset, 2);
        let (r, w) = content(b"abc\n", &Quirks::client_default());
        assert_eq!(r, Ok(&b"abc"[..]));
        assert_eq!(
            w,
            [Warning {
                offset: 3,
                quirk: Quirk::BareLf
            }]
        );
    }

    #[test]
    fn numbers_stop_at_their_maximum() {
        assert_eq!(number(b"0042x", 100, "n"), Ok((&b"x"[..], 42)));
        assert_eq!(number(b"100", 100, "n"), Ok((&b""[..], 100)));
        let e = number(b"101", 100, "n").unwrap_err();
        assert!(matches!(
            e,
            NomErr::Error(PError {
                kind: DecodeErrorKind::NumberOutOfRange,
                ..
            })
        ));
        assert!(number(b"99999999999999999999999", u64::MAX, "n").is_err());
        assert_eq!(
            number(b"18446744073709551615", u64::MAX, "n").map(|r| r.1),
            Ok(u64::MAX)
        );
        assert!(number(b"x", 100, "n").is_err());
        assert!(msg_number(b"0").is_err());
        assert_eq!(msg_number(b"4294967295").map(|r| r.1.get()), Ok(u32::MAX));
        assert!(msg_number(b"4294967296").is_err());
    }

    #[test]
    fn spaces_and_line_ends_under_quirks() {
        let q = Quirks::server_default();
        let mut w = Vec::new();
        let mut ctx = Ctx::new(b"a   b ", &q, &mut w);
        assert_eq!(ctx.sp(b"   b "), Ok((&b"b "[..], ())));
        assert!(ctx.at_eol(b" "));
        assert!(!ctx.at_eol(b" x"));
        assert_eq!(
            w,
            [
                Warning {
                    offset: 2,
                    quirk: Quirk::MultipleSpaces
                },
                Warning {
                    offset: 5,
                    quirk: Quirk::TrailingWhitespace
                },
            ]
        );
        let strict = Quirks::strict();
        let mut w = Vec::new();
        let mut ctx = Ctx::new(b"  b", &strict, &mut w);
        assert_eq!(ctx.sp(b"  b"), Ok((&b" b"[..], ())));
        assert!(!ctx.at_eol(b" "));
        assert!(ctx.sp(b"b").is_err());
        assert!(w.is_empty());
    }
}
