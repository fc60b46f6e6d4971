//! RFC 3339 §5.6 `date-time`, used by HOLDUNTIL, RRVS and FUTURERELEASE.

use super::{PResult, cut, fail, span};
use crate::error::DecodeErrorKind;

fn digits<'a>(i: &'a [u8], n: usize, max: u8, expected: &'static str) -> PResult<'a, u8> {
    let d = span(i, |b| b.is_ascii_digit());
    if d < n {
        return cut(
            i.get(d..).unwrap_or_default(),
            expected,
            DecodeErrorKind::Syntax,
        );
    }
    let v = i
        .get(..n)
        .unwrap_or_default()
        .iter()
        .fold(0u32, |v, b| v * 10 + u32::from(b - b'0'));
    if v > u32::from(max) {
        return cut(i, expected, DecodeErrorKind::OutOfRange);
    }
    Ok((i.get(n..).unwrap_or_default(), v as u8))
}

fn sep<'a>(i: &'a [u8], c: u8, expected: &'static str) -> PResult<'a, ()> {
    match i.split_first() {
        Some((b, rest)) if b.eq_ignore_ascii_case(&c) => Ok((rest, ())),
        _ => cut(i, expected, DecodeErrorKind::Syntax),
    }
}

/// RFC 3339 §5.6 `date-time = full-date "T" full-time`, with
/// `time-secfrac` and `time-offset = "Z" / time-numoffset`; `T` and `Z`
/// in either case (§5.6 NOTE).
pub(crate) fn date_time(i: &[u8]) -> PResult<'_, &[u8]> {
    if span(i, |b| b.is_ascii_digit()) < 4 {
        return fail(i, "date-time (YYYY-MM-DDTHH:MM:SSZ)");
    }
    let r = i.get(4..).unwrap_or_default();
    let (r, _) = sep(r, b'-', "'-' after the year")?;
    let (r, m) = digits(r, 2, 12, "month 01-12")?;
    let (r, _) = sep(r, b'-', "'-' after the month")?;
    let (r, d) = digits(r, 2, 31, "day 01-31")?;
    if m == 0 || d == 0 {
        return cut(i, "a month and day from 1", DecodeErrorKind::OutOfRange);
    }
    let (r, _) = sep(r, b'T', "'T' between date and time")?;
    let (r, _) = digits(r, 2, 23, "hour 00-23")?;
    let (r, _) = sep(r, b':', "':' after the hour")?;
    let (r, _) = digits(r, 2, 59, "minute 00-59")?;
    let (r, _) = sep(r, b':', "':' after the minute")?;
    let (mut r, _) = digits(r, 2, 60, "second 00-60")?;
    if let Some((b'.', f)) = r.split_first() {
        let n = span(f, |b| b.is_ascii_digit());
        if n == 0 {
            return cut(f, "fraction digits", DecodeErrorKind::Syntax);
        }
        r = f.get(n..).unwrap_or_default();
    }
    let r = match r.split_first() {
        Some((b'Z' | b'z', r)) => r,
        Some((b'+' | b'-', o)) => {
            let (o, _) = digits(o, 2, 23, "offset hour 00-23")?;
            let (o, _) = sep(o, b':', "':' in the offset")?;
            digits(o, 2, 59, "offset minute 00-59")?.0
        }
        _ => return cut(r, "'Z' or a numeric offset", DecodeErrorKind::Syntax),
    };
    Ok((
        r,
        i.get(..i.len().saturating_sub(r.len())).unwrap_or_default(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::all;

    #[test]
    fn rfc3339_examples() {
        assert!(all(b"1985-04-12T23:20:50.52Z", date_time, "end").is_ok());
        assert!(all(b"1996-12-19T16:39:57-08:00", date_time, "end").is_ok());
        assert!(all(b"1990-12-31t23:59:60z", date_time, "end").is_ok());
        assert_eq!(
            all(b"1990-13-01T00:00:00Z", date_time, "end")
                .unwrap_err()
                .offset,
            5
        );
        assert_eq!(
            all(b"1990-12-01 00:00:00Z", date_time, "end")
                .unwrap_err()
                .offset,
            10
        );
        assert_eq!(
            all(b"1990-12-01T00:00:00", date_time, "end")
                .unwrap_err()
                .offset,
            19
        );
    }
}
