//! Replies: RFC 5321 §4.2, RFC 3463 enhanced status codes.

use alloc::vec::Vec;

use super::command::line_body;
use crate::error::{DecodeError, DecodeErrorKind};
use crate::quirks::{Quirk, Quirks, Warning};
use crate::types::{EnhancedCode, Reply, ReplyCode, ReplyLine, Text};

/// RFC 5321 §4.2 `Reply-code = %x32-35 %x30-35 %x30-39`; the second and
/// third digits are taken as any digit, the first as 2 to 5 (§4.2.1).
fn reply_code(i: &[u8]) -> Result<ReplyCode, DecodeError> {
    let err = |at, expected| Err(DecodeError::new(at, expected, DecodeErrorKind::Syntax));
    if !i.first().is_some_and(|b| (b'2'..=b'5').contains(b)) {
        return err(0, "reply code 2xx to 5xx");
    }
    let mut v = 0u16;
    for k in 0..3 {
        match i.get(k) {
            Some(d) if d.is_ascii_digit() => v = v * 10 + u16::from(d - b'0'),
            _ => return err(k, "digit of reply code"),
        }
    }
    ReplyCode::new(v)
}

/// One reply line, CRLF included, by the RFC grammar alone:
/// RFC 5321 §4.2 `Reply-code [ SP textstring ] CRLF` (last) or
/// `Reply-code "-" [ textstring ] CRLF` (continued).
pub fn reply_line(line: &[u8]) -> Result<ReplyLine<'_>, DecodeError> {
    reply_line_with(line, &Quirks::strict(), &mut Vec::new())
}

/// One reply line, granting `quirks` and reporting those used.
pub fn reply_line_with<'a>(
    line: &'a [u8],
    quirks: &Quirks,
    warnings: &mut Vec<Warning>,
) -> Result<ReplyLine<'a>, DecodeError> {
    let body = line_body(line, quirks, warnings)?;
    let code = reply_code(body)?;
    let challenge = code == ReplyCode::AUTH_CHALLENGE;
    let (last, text) = match body.get(3..).unwrap_or(&[]) {
        // RFC 4954 §4: `"334" SP [base64] CRLF`, the space even before
        // empty data.
        [] if challenge && quirks.challenge_without_space => {
            warnings.push(Warning {
                offset: 3,
                quirk: Quirk::ChallengeWithoutSpace,
            });
            (true, &[][..])
        }
        [] if challenge => {
            return Err(DecodeError::new(
                3,
                "SP after 334 (RFC 4954 §4)",
                DecodeErrorKind::Syntax,
            ));
        }
        [] => (true, &[][..]),
        [b' '] if challenge => (true, &[][..]),
        [b' '] if quirks.space_without_text => {
            warnings.push(Warning {
                offset: 3,
                quirk: Quirk::SpaceWithoutText,
            });
            (true, &[][..])
        }
        [b' '] => {
            return Err(DecodeError::new(
                4,
                "text after the space",
                DecodeErrorKind::Syntax,
            ));
        }
        [b' ', t @ ..] => (true, t),
        [b'-', t @ ..] => (false, t),
        _ => {
            return Err(DecodeError::new(
                3,
                "SP, '-' or CRLF after the code",
                DecodeErrorKind::Syntax,
            ));
        }
    };
    Ok(ReplyLine {
        code,
        last,
        text: Text::borrowed(text),
    })
}

/// A whole reply (all its lines, each with CRLF) by the RFC grammar alone.
pub fn reply(bytes: &[u8]) -> Result<Reply<'_>, DecodeError> {
    reply_with(bytes, &Quirks::strict(), &mut Vec::new())
}

/// A whole reply, granting `quirks` and reporting those used.
///
/// Every line must carry the same code (RFC 5321 §4.2.1), and nothing may
/// follow the last line.
pub fn reply_with<'a>(
    bytes: &'a [u8],
    quirks: &Quirks,
    warnings: &mut Vec<Warning>,
) -> Result<Reply<'a>, DecodeError> {
    // The usual one-line reply is built where it is returned: built in a
    // local and moved there, it is read back whole right after its parts
    // are stored one by one, which stalls.
    // Only a last line (SP after the code) can be the whole reply: a
    // continued first line is left to the line reader, not scanned twice.
    if bytes.get(3) == Some(&b' ')
        && let Some((code, true, text, len)) = plain_line(bytes)
        && len == bytes.len()
    {
        return Ok(Reply::one(code, Text::borrowed(text)));
    }
    reply_by_lines(bytes, quirks, warnings)
}

/// [`reply_with`] line by line, for every reply.
pub(crate) fn reply_by_lines<'a>(
    bytes: &'a [u8],
    quirks: &Quirks,
    warnings: &mut Vec<Warning>,
) -> Result<Reply<'a>, DecodeError> {
    // Built line by line: a one-line reply never allocates, a longer one
    // once (its lines are counted when the second one comes).
    let mut reply: Option<Reply<'a>> = None;
    // The code is set with the first line: set just before the reply is
    // returned, it would be read back before it is stored.
    reply_lines(bytes, quirks, warnings, |at, code, text| match &mut reply {
        Some(r) => {
            if !r.is_multiline() {
                let rest = bytes.get(at..).unwrap_or_default();
                r.reserve_lines(1 + memchr::memchr_iter(b'\n', rest).count().min(MAX_RESERVED));
            }
            r.push_line(text)
        }
        None => reply = Some(Reply::one(code, text)),
    })?;
    match reply {
        Some(r) => Ok(r),
        None => Err(DecodeError::new(
            0,
            "reply line",
            DecodeErrorKind::Incomplete,
        )),
    }
}

/// Lines reserved at most ahead of their checking (a reply of many
/// short lines then grows as usual).
const MAX_RESERVED: usize = 64;

/// A line `Reply-code ("-" / SP) text CRLF` (text not empty after SP) at
/// the start of `rest`: its code, whether it is the last, its text and its
/// length. `None` for any other line, which [`reply_line_with`] then reads;
/// such a line is read the same under any quirks, without a warning.
#[inline]
fn plain_line(rest: &[u8]) -> Option<(ReplyCode, bool, &[u8], usize)> {
    let (&[d1, d2, d3, sep], tail) = rest.split_first_chunk::<4>()?;
    if !(b'2'..=b'5').contains(&d1) || !d2.is_ascii_digit() || !d3.is_ascii_digit() {
        return None;
    }
    let last = match sep {
        b'-' => false,
        b' ' => true,
        _ => return None,
    };
    // The first CR or LF must be the line's CRLF.
    let end = memchr::memchr2(b'\r', b'\n', tail)?;
    let (text, after) = tail.split_at(end);
    if !after.starts_with(b"\r\n") || (last && text.is_empty()) {
        return None;
    }
    let code = u16::from(d1 - b'0') * 100 + u16::from(d2 - b'0') * 10 + u16::from(d3 - b'0');
    Some((ReplyCode::new(code).ok()?, last, text, end + 6))
}

/// Checks every line of a whole reply (as [`reply_with`]) and hands each
/// line's offset and text to `on_line`, in order; returns the reply's code.
pub(crate) fn reply_lines<'a>(
    bytes: &'a [u8],
    quirks: &Quirks,
    warnings: &mut Vec<Warning>,
    mut on_line: impl FnMut(usize, ReplyCode, Text<'a>),
) -> Result<ReplyCode, DecodeError> {
    let mut code = None;
    let mut at = 0;
    loop {
        let rest = bytes.get(at..).unwrap_or(&[]);
        // The usual line in one scan; any other by the line grammar, which
        // also names its error and reports its quirks.
        let (c, last, text, len) = match plain_line(rest) {
            Some((c, last, text, len)) => (c, last, Text::borrowed(text), len),
            None => {
                let Some(lf) = memchr::memchr(b'\n', rest) else {
                    if rest.is_empty() && quirks.last_line_continued && code.is_some() {
                        warnings.push(Warning {
                            offset: at,
                            quirk: Quirk::LastLineContinued,
                        });
                        break;
                    }
                    return Err(DecodeError::new(
                        bytes.len(),
                        "CRLF",
                        DecodeErrorKind::Incomplete,
                    ));
                };
                let line = rest.get(..=lf).unwrap_or_default();
                let before = warnings.len();
                let l = match reply_line_with(line, quirks, warnings) {
                    Ok(l) => l,
                    Err(e) => {
                        warnings.truncate(before);
                        return Err(e.shifted(at));
                    }
                };
                for w in warnings.get_mut(before..).unwrap_or_default() {
                    w.offset += at;
                }
                (l.code, l.last, l.text, line.len())
            }
        };
        match code {
            Some(prev) if prev != c => {
                return Err(DecodeError::new(
                    at,
                    "the same code on every line",
                    DecodeErrorKind::CodeMismatch,
                ));
            }
            _ => code = Some(c),
        }
        on_line(at, c, text);
        at += len;
        if last {
            if at != bytes.len() {
                return Err(DecodeError::new(
                    at,
                    "end of reply after its last line",
                    DecodeErrorKind::Syntax,
                ));
            }
            break;
        }
    }
    code.ok_or(DecodeError::new(
        0,
        "reply line",
        DecodeErrorKind::Incomplete,
    ))
}

/// RFC 3463 §2 `status-code = class "." subject "." detail` at the start
/// of reply text, followed by SP or the end (RFC 2034 §4), and the text
/// after it.
#[inline]
pub(crate) fn enhanced_prefix(t: &[u8]) -> Option<(EnhancedCode, &[u8])> {
    // The usual code, one digit each, read at once.
    if let Some((&[c @ (b'2' | b'4' | b'5'), b'.', s, b'.', d], rest)) = t.split_first_chunk::<5>()
        && s.is_ascii_digit()
        && d.is_ascii_digit()
    {
        let rest = match rest.split_first() {
            None => Some(rest),
            Some((b' ', r)) => Some(r),
            Some(_) => None,
        };
        if let Some(rest) = rest {
            return Some((
                EnhancedCode::new(c - b'0', u16::from(s - b'0'), u16::from(d - b'0')).ok()?,
                rest,
            ));
        }
    }
    enhanced_prefix_by_grammar(t)
}

/// [`enhanced_prefix`] by the grammar alone, for every form.
pub(crate) fn enhanced_prefix_by_grammar(t: &[u8]) -> Option<(EnhancedCode, &[u8])> {
    let (&[c, b'.'], rest) = t.split_first_chunk::<2>()? else {
        return None;
    };
    let class = match c {
        b'2' | b'4' | b'5' => c - b'0',
        _ => return None,
    };
    let (subject, rest) = one_to_three_digits(rest)?;
    let (detail, rest) = one_to_three_digits(rest.strip_prefix(b".")?)?;
    let rest = match rest.split_first() {
        None => rest,
        Some((b' ', r)) => r,
        Some(_) => return None,
    };
    Some((EnhancedCode::new(class, subject, detail).ok()?, rest))
}

/// RFC 3463 §2 `1*3digit` (no fourth digit after it), its value and what
/// follows.
fn one_to_three_digits(r: &[u8]) -> Option<(u16, &[u8])> {
    let mut v = 0u16;
    let mut n = 0;
    for &b in r {
        if !b.is_ascii_digit() {
            break;
        }
        if n == 3 {
            return None;
        }
        v = v * 10 + u16::from(b - b'0');
        n += 1;
    }
    if n == 0 {
        return None;
    }
    Some((v, r.get(n..)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    /// The one-digit reading agrees with the grammar on every text made
    /// of the octets that matter, up to six long.
    #[test]
    fn enhanced_prefix_agrees_with_the_grammar() {
        let octets = b"0123459. x";
        let mut t = Vec::new();
        let mut count = 0;
        for n in 0..=6u32 {
            for mut k in 0..octets.len().pow(n) {
                t.clear();
                for _ in 0..n {
                    t.push(octets[k % octets.len()]);
                    k /= octets.len();
                }
                assert_eq!(enhanced_prefix(&t), enhanced_prefix_by_grammar(&t), "{t:?}");
                count += usize::from(enhanced_prefix(&t).is_some());
            }
        }
        assert!(count > 1000);
    }

    #[test]
    fn rfc5321_4_2_lines() {
        let l = reply_line(b"250 OK\r\n").unwrap();
        assert_eq!(
            (l.code.get(), l.last, l.text.as_bytes()),
            (250, true, &b"OK"[..])
        );
        let l = reply_line(b"250-8BITMIME\r\n").unwrap();
        assert!(!l.last);
        let l = reply_line(b"354\r\n").unwrap();
        assert!(l.last && l.text.is_empty());
        let l = reply_line(b"250-\r\n").unwrap();
        assert!(!l.last && l.text.is_empty());
        assert_eq!(reply_line(b"199 no\r\n").unwrap_err().offset, 0);
        assert_eq!(reply_line(b"600 no\r\n").unwrap_err().offset, 0);
        assert_eq!(reply_line(b"2x0 no\r\n").unwrap_err().offset, 1);
        assert_eq!(reply_line(b"25\r\n").unwrap_err().offset, 2);
        assert_eq!(reply_line(b"250_OK\r\n").unwrap_err().offset, 3);
        assert_eq!(
            reply_line(b"250 OK").unwrap_err().kind,
            DecodeErrorKind::Incomplete
        );
    }

    #[test]
    fn eight_bit_text_is_kept() {
        let l = reply_line(b"550 Adresse ung\xfcltig\r\n").unwrap();
        assert_eq!(l.text.as_bytes(), b"Adresse ung\xfcltig");
        assert!(l.text.as_str().is_none());
    }

    #[test]
    fn rfc5321_4_2_1_multiline() {
        let r = reply(b"250-First line\r\n250-Second line\r\n250-234 Text beginning with numbers\r\n250 The last line\r\n").unwrap();
        assert_eq!(r.code().get(), 250);
        assert_eq!(r.lines().len(), 4);
        assert_eq!(r.lines()[2].as_bytes(), b"234 Text beginning with numbers");
        let e = reply(b"250-a\r\n251 b\r\n").unwrap_err();
        assert_eq!((e.offset, e.kind), (7, DecodeErrorKind::CodeMismatch));
        assert_eq!(reply(b"250 a\r\n250 b\r\n").unwrap_err().offset, 7);
        assert_eq!(
            reply(b"250-a\r\n").unwrap_err().kind,
            DecodeErrorKind::Incomplete
        );
        assert_eq!(reply(b"").unwrap_err().kind, DecodeErrorKind::Incomplete);
    }

    #[test]
    fn rfc3463_enhanced_codes() {
        let r =
            reply(b"550 5.7.509 Access denied, sending domain does not pass DMARC\r\n").unwrap();
        let e = r.enhanced_code().unwrap();
        assert_eq!((e.class(), e.subject(), e.detail()), (5, 7, 509));
        assert_eq!(alloc::format!("{e}"), "5.7.509");
        assert!(reply(b"250 2.0.0\r\n").unwrap().enhanced_code().is_some());
        assert!(reply(b"250 3.0.0 x\r\n").unwrap().enhanced_code().is_none());
        assert!(
            reply(b"250 2.0.1000 x\r\n")
                .unwrap()
                .enhanced_code()
                .is_none()
        );
        assert!(reply(b"250 2.0.0x\r\n").unwrap().enhanced_code().is_none());
        assert!(reply(b"250 OK\r\n").unwrap().enhanced_code().is_none());
        for (t, want) in [
            (
                &b"5.7.509 Access denied"[..],
                Some((5, 7, 509, &b"Access denied"[..])),
            ),
            (b"2.00.000 t", Some((2, 0, 0, b"t"))),
            (b"4.4.1", Some((4, 4, 1, b""))),
            (b"2.0.0 ", Some((2, 0, 0, b""))),
            (b"2..0 x", None),
            (b"2.0. x", None),
            (b"5.1", None),
            (b"5.1000.0", None),
            (b"5-1.0", None),
            (b"", None),
        ] {
            let got = enhanced_prefix(t).map(|(e, r)| (e.class(), e.subject(), e.detail(), r));
            assert_eq!(got, want, "{:?}", t.escape_ascii());
        }
    }

    #[test]
    fn quirk_space_without_text() {
        assert_eq!(reply_line(b"250 \r\n").unwrap_err().offset, 4);
        let mut w = Vec::new();
        let l = reply_line_with(b"250 \r\n", &Quirks::client_default(), &mut w).unwrap();
        assert!(l.last && l.text.is_empty());
        assert_eq!(
            w,
            vec![Warning {
                offset: 3,
                quirk: Quirk::SpaceWithoutText
            }]
        );
    }

    #[test]
    fn quirk_last_line_continued() {
        let bytes = b"250-mx.example.org\r\n250-SIZE 1000\r\n";
        assert!(reply(bytes).is_err());
        let mut w = Vec::new();
        let r = reply_with(bytes, &Quirks::client_default(), &mut w).unwrap();
        assert_eq!(r.lines().len(), 2);
        assert_eq!(
            w,
            vec![Warning {
                offset: 35,
                quirk: Quirk::LastLineContinued
            }]
        );
    }
}
