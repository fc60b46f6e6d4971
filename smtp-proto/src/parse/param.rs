//! ESMTP parameters: RFC 5321 §4.1.2 `esmtp-param` and the values of the
//! registered keywords.

use super::{PResult, cut, fail, number, span, utf8};
use crate::error::DecodeErrorKind;
use crate::types::{
    Body, By, ByMode, DateTime, MtPriority, Mtrk, Notify, Orcpt, OtherParam, Param, Ret, Rrvs,
    RrvsAction,
};

/// The keywords [`Param`] types; any other is [`Param::Other`].
const KNOWN: [&str; 15] = [
    "SIZE",
    "BODY",
    "SMTPUTF8",
    "RET",
    "ENVID",
    "NOTIFY",
    "ORCPT",
    "AUTH",
    "REQUIRETLS",
    "MT-PRIORITY",
    "HOLDFOR",
    "HOLDUNTIL",
    "BY",
    "RRVS",
    "MTRK",
];

pub(crate) fn is_known_keyword(k: &str) -> bool {
    KNOWN.iter().any(|n| n.eq_ignore_ascii_case(k))
}

/// RFC 4648 §4 alphabet without the `=` padding, which `esmtp-value`
/// cannot carry.
pub(crate) fn is_base64_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/')
}

/// RFC 3461 §4.2 `addr-type = atom`, less `=`, which `esmtp-value` cannot
/// carry.
pub(crate) fn is_addr_type_char(b: u8) -> bool {
    super::path::is_atext(b) && b.is_ascii() && b != b'='
}

/// RFC 5321 §4.1.2 `esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")`.
pub(crate) fn esmtp_keyword(i: &[u8]) -> PResult<'_, &str> {
    if !i.first().is_some_and(u8::is_ascii_alphanumeric) {
        return fail(i, "parameter keyword");
    }
    let n = span(i, |b| b.is_ascii_alphanumeric() || b == b'-');
    Ok((
        i.get(n..).unwrap_or_default(),
        utf8(i.get(..n).unwrap_or_default(), i)?,
    ))
}

/// RFC 5321 §4.1.2 `esmtp-value = 1*(%d33-60 / %d62-126)`, with RFC 6531
/// §3.3 `esmtp-value =/ UTF8-non-ascii`.
pub(crate) fn esmtp_value(i: &[u8]) -> PResult<'_, &str> {
    let n = span(i, |b| matches!(b, 33..=60 | 62..=126 | 0x80..=0xff));
    if n == 0 {
        return cut(i, "parameter value", DecodeErrorKind::Syntax);
    }
    Ok((
        i.get(n..).unwrap_or_default(),
        utf8(i.get(..n).unwrap_or_default(), i)?,
    ))
}

/// RFC 5321 §4.1.2 `esmtp-param = esmtp-keyword ["=" esmtp-value]`, the
/// value read by the keyword's own grammar when it is registered.
pub(crate) fn esmtp_param(i: &[u8]) -> PResult<'_, Param<'_>> {
    let (r, keyword) = esmtp_keyword(i)?;
    let (rest, value) = match r.split_first() {
        Some((b'=', v)) => {
            let (rest, value) = esmtp_value(v)?;
            (rest, Some((v, value)))
        }
        _ => (r, None),
    };
    // One upper-cased copy on the stack, then a single match: the keyword
    // is compared once, not against each known name in turn.
    let mut buf = [0u8; 11];
    let upper = super::upper(keyword.as_bytes(), &mut buf);
    let param = match upper {
        b"SMTPUTF8" | b"REQUIRETLS" => {
            if value.is_some() {
                return cut(r, "no value after this keyword", DecodeErrorKind::Syntax);
            }
            if upper == b"SMTPUTF8" {
                Param::SmtpUtf8
            } else {
                Param::RequireTls
            }
        }
        _ if !KNOWN.iter().any(|n| n.as_bytes() == upper) => {
            Param::Other(OtherParam::borrowed(keyword, value.map(|(_, v)| v)))
        }
        _ => {
            let Some((at, v)) = value else {
                return cut(r, "'=' and a value", DecodeErrorKind::Syntax);
            };
            typed_value(upper, at, v)?
        }
    };
    Ok((rest, param))
}

/// Reads `v` (which starts at `at`) whole with `rule`.
fn whole<'a, T>(
    at: &'a [u8],
    v: &'a str,
    rule: impl FnOnce(&'a [u8]) -> PResult<'a, T>,
    expected: &'static str,
) -> Result<T, nom::Err<super::Fail<'a>>> {
    // Rules stop where the value ends (at SP or the end of the line), so
    // they run on `at` itself and error offsets stay relative to the line.
    let (rest, t) = match rule(at) {
        Err(nom::Err::Error(f)) => return Err(nom::Err::Failure(f)),
        r => r?,
    };
    if at.len() - rest.len() == v.len() {
        Ok(t)
    } else {
        Err(nom::Err::Failure(super::Fail {
            rest,
            expected,
            kind: DecodeErrorKind::Syntax,
        }))
    }
}

fn word<'a, T: Copy>(i: &'a [u8], words: &[(&str, T)], expected: &'static str) -> PResult<'a, T> {
    let n = span(i, |b| b.is_ascii_alphanumeric());
    match words.iter().find(|(w, _)| {
        w.as_bytes()
            .eq_ignore_ascii_case(i.get(..n).unwrap_or_default())
    }) {
        Some((_, t)) => Ok((i.get(n..).unwrap_or_default(), *t)),
        None => fail(i, expected),
    }
}

/// The value of a registered parameter; `keyword` is upper case.
fn typed_value<'a>(
    keyword: &[u8],
    at: &'a [u8],
    v: &'a str,
) -> Result<Param<'a>, nom::Err<super::Fail<'a>>> {
    Ok(match keyword {
        // RFC 1870 §6: size-value = 1*20DIGIT
        b"SIZE" => Param::Size(whole(at, v, |i| number(i, 20, "size in octets"), "digits")?),
        b"BODY" => Param::Body(whole(at, v, body_value, "7BIT, 8BITMIME or BINARYMIME")?),
        b"RET" => {
            let words = [("FULL", Ret::Full), ("HDRS", Ret::Hdrs)];
            Param::Ret(whole(
                at,
                v,
                |i| word(i, &words, "FULL or HDRS"),
                "FULL or HDRS",
            )?)
        }
        b"ENVID" => Param::EnvId(whole(at, v, super::xtext::xtext, "xtext")?),
        b"NOTIFY" => Param::Notify(whole(at, v, notify_value, "',' or end of NOTIFY")?),
        b"ORCPT" => Param::Orcpt(whole(at, v, orcpt_value, "end of ORCPT")?),
        b"AUTH" => Param::Auth(whole(at, v, super::xtext::xtext, "xtext")?),
        b"MT-PRIORITY" => Param::MtPriority(whole(at, v, mt_priority_value, "one digit")?),
        b"HOLDFOR" => Param::HoldFor(whole(at, v, |i| number(i, 10, "seconds"), "digits")?),
        b"HOLDUNTIL" => {
            let dt = whole(at, v, super::datetime::date_time, "end of date-time")?;
            Param::HoldUntil(DateTime::borrowed(utf8(dt, at)?))
        }
        b"BY" => Param::By(whole(at, v, by_value, "end of BY")?),
        b"RRVS" => Param::Rrvs(whole(at, v, rrvs_value, "';C' or ';R'")?),
        _ => Param::Mtrk(whole(at, v, mtrk_value, "':' and timeout")?),
    })
}

/// RFC 6152 §2, RFC 3030 §3: `"7BIT" / "8BITMIME" / "BINARYMIME"`.
fn body_value(i: &[u8]) -> PResult<'_, Body> {
    let words = [
        ("7BIT", Body::SevenBit),
        ("8BITMIME", Body::EightBitMime),
        ("BINARYMIME", Body::BinaryMime),
    ];
    word(i, &words, "7BIT, 8BITMIME or BINARYMIME")
}

/// RFC 3461 §4.1 `notify-esmtp-value = "NEVER" / 1#notify-list-element`,
/// `notify-list-element = "SUCCESS" / "FAILURE" / "DELAY"`.
fn notify_value<'a>(i: &'a [u8]) -> PResult<'a, Notify> {
    #[derive(Clone, Copy, PartialEq)]
    enum N {
        Never,
        Success,
        Failure,
        Delay,
    }
    let words = [
        ("NEVER", N::Never),
        ("SUCCESS", N::Success),
        ("FAILURE", N::Failure),
        ("DELAY", N::Delay),
    ];
    let expected = "NEVER, SUCCESS, FAILURE or DELAY";
    let (mut r, first) = word(i, &words, expected)?;
    if first == N::Never {
        return Ok((r, Notify::NEVER));
    }
    let mut set = [false; 3];
    let mut add = |n: N, at: &'a [u8]| {
        let slot = match n {
            N::Success => 0,
            N::Failure => 1,
            _ => 2,
        };
        if set
            .get_mut(slot)
            .is_some_and(|seen| core::mem::replace(seen, true))
        {
            return Err(nom::Err::Failure(super::Fail {
                rest: at,
                expected: "each NOTIFY condition once",
                kind: DecodeErrorKind::Duplicate,
            }));
        }
        Ok(())
    };
    add(first, i)?;
    while let Some((b',', after)) = r.split_first() {
        let (r2, n) = word(
            after,
            words.get(1..).unwrap_or_default(),
            "SUCCESS, FAILURE or DELAY",
        )?;
        add(n, after)?;
        r = r2;
    }
    let [success, failure, delay] = set;
    match Notify::on(success, failure, delay) {
        Some(n) => Ok((r, n)),
        None => fail(i, expected),
    }
}

/// RFC 3461 §4.2 `orcpt-parameter = "ORCPT=" original-recipient-address`,
/// `original-recipient-address = addr-type ";" xtext`, `addr-type = atom`;
/// RFC 6533 §3 for `utf-8`.
fn orcpt_value(i: &[u8]) -> PResult<'_, Orcpt<'_>> {
    let n = span(i, is_addr_type_char);
    if n == 0 {
        return cut(i, "address type", DecodeErrorKind::Syntax);
    }
    let (t, r) = i.split_at(n);
    let Some((b';', a)) = r.split_first() else {
        return cut(r, "';' after the address type", DecodeErrorKind::Syntax);
    };
    let addr_type = utf8(t, i)?;
    let (rest, addr) = if addr_type.eq_ignore_ascii_case("utf-8") {
        super::xtext::utf8_addr_xtext(a)?
    } else {
        let (rest, _) = super::xtext::xtext(a)?;
        if rest.len() == a.len() {
            return cut(a, "address", DecodeErrorKind::Syntax);
        }
        (
            rest,
            a.get(..a.len().saturating_sub(rest.len()))
                .unwrap_or_default(),
        )
    };
    Ok((rest, Orcpt::borrowed(addr_type, utf8(addr, a)?)))
}

/// RFC 6710 §3 `priority-value = [ "-" / "+" ] DIGIT`, -9 to 9.
fn mt_priority_value(i: &[u8]) -> PResult<'_, MtPriority> {
    let (neg, r) = match i.split_first() {
        Some((b'-', r)) => (true, r),
        Some((b'+', r)) => (false, r),
        _ => (false, i),
    };
    match r.split_first() {
        Some((d @ b'0'..=b'9', r2)) => {
            let v = (d - b'0') as i8;
            match MtPriority::new(if neg { -v } else { v }) {
                Some(p) => Ok((r2, p)),
                None => cut(r, "priority -9 to 9", DecodeErrorKind::OutOfRange),
            }
        }
        _ => cut(r, "priority digit", DecodeErrorKind::Syntax),
    }
}

/// RFC 2852 §4 `by-value = by-time ";" by-mode [ by-trace ]`, `by-time =
/// ["-" / "+"] 1*9digit`, `by-mode = "N" / "R"`, `by-trace = "T"`.
fn by_value(i: &[u8]) -> PResult<'_, By> {
    let (neg, r) = match i.split_first() {
        Some((b'-', r)) => (true, r),
        Some((b'+', r)) => (false, r),
        _ => (false, i),
    };
    let (r, t) = match number::<i64>(r, 10, "seconds") {
        Err(nom::Err::Error(f)) => return Err(nom::Err::Failure(f)),
        x => x?,
    };
    let time = i32::try_from(if neg { -t } else { t }).map_err(|_| {
        nom::Err::Failure(super::Fail {
            rest: i,
            expected: "seconds in range",
            kind: DecodeErrorKind::OutOfRange,
        })
    })?;
    let Some((b';', r)) = r.split_first() else {
        return cut(r, "';' and N or R", DecodeErrorKind::Syntax);
    };
    let (r, mode) = match r.split_first() {
        Some((b'N' | b'n', r)) => (r, ByMode::Notify),
        Some((b'R' | b'r', r)) => (r, ByMode::Return),
        _ => return cut(r, "N or R", DecodeErrorKind::Syntax),
    };
    let (r, trace) = match r.split_first() {
        Some((b'T' | b't', r)) => (r, true),
        _ => (r, false),
    };
    Ok((r, By { time, mode, trace }))
}

/// RFC 7293 §3 `rrvs-param = "RRVS=" date-time [ ";" ( "C" / "R" ) ]`.
fn rrvs_value(i: &[u8]) -> PResult<'_, Rrvs<'_>> {
    let (r, dt) = super::datetime::date_time(i)?;
    let time = DateTime::borrowed(utf8(dt, i)?);
    let (r, action) = match r {
        [b';', b'C' | b'c', r @ ..] => (r, Some(RrvsAction::Continue)),
        [b';', b'R' | b'r', r @ ..] => (r, Some(RrvsAction::Reject)),
        [b';', ..] => return cut(&r[1..], "C or R", DecodeErrorKind::Syntax),
        _ => (r, None),
    };
    Ok((r, Rrvs { time, action }))
}

/// RFC 3885 §4 `mtrk-param = "MTRK=" certifier-value [ ":" timeout-value ]`:
/// the certifier in base64, the timeout `1*9DIGIT` seconds.
fn mtrk_value(i: &[u8]) -> PResult<'_, Mtrk<'_>> {
    let n = span(i, is_base64_char);
    if n == 0 {
        return cut(i, "base64 certifier", DecodeErrorKind::Syntax);
    }
    let certifier = utf8(i.get(..n).unwrap_or_default(), i)?;
    let r = i.get(n..).unwrap_or_default();
    let (r, timeout) = match r.split_first() {
        Some((b':', t)) => match number::<u32>(t, 10, "timeout seconds") {
            Err(nom::Err::Error(f)) => return Err(nom::Err::Failure(f)),
            x => {
                let (r, t) = x?;
                (r, Some(t))
            }
        },
        _ => (r, None),
    };
    Ok((r, Mtrk::borrowed(certifier, timeout)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::all;
    use crate::types::Param as P;

    fn p(s: &str) -> Result<Param<'_>, crate::error::DecodeError> {
        all(s.as_bytes(), esmtp_param, "end of parameter")
    }

    #[test]
    fn rfc1870_size() {
        assert_eq!(p("SIZE=1000000").unwrap(), P::Size(1_000_000));
        assert_eq!(p("size=0").unwrap(), P::Size(0));
        assert_eq!(p("SIZE=12a").unwrap_err().offset, 7);
        assert_eq!(p("SIZE").unwrap_err().expected, "'=' and a value");
        assert_eq!(
            p("SIZE=99999999999999999999").unwrap_err().kind,
            DecodeErrorKind::OutOfRange
        );
    }

    #[test]
    fn body_and_flags() {
        assert_eq!(p("BODY=8BITMIME").unwrap(), P::Body(Body::EightBitMime));
        assert_eq!(p("BODY=binarymime").unwrap(), P::Body(Body::BinaryMime));
        assert_eq!(p("BODY=7BIT").unwrap(), P::Body(Body::SevenBit));
        assert_eq!(p("BODY=9BIT").unwrap_err().offset, 5);
        assert_eq!(p("SMTPUTF8").unwrap(), P::SmtpUtf8);
        assert_eq!(p("REQUIRETLS").unwrap(), P::RequireTls);
        assert_eq!(p("SMTPUTF8=yes").unwrap_err().offset, 8);
    }

    #[test]
    fn rfc3461_dsn_examples() {
        assert_eq!(p("RET=HDRS").unwrap(), P::Ret(Ret::Hdrs));
        let P::EnvId(x) = p("ENVID=QQ314159").unwrap() else {
            panic!()
        };
        assert_eq!(x.as_str(), "QQ314159");
        let P::Notify(n) = p("NOTIFY=SUCCESS,FAILURE").unwrap() else {
            panic!()
        };
        assert!(n.success() && n.failure() && !n.delay());
        assert_eq!(p("NOTIFY=NEVER").unwrap(), P::Notify(Notify::NEVER));
        assert_eq!(
            p("NOTIFY=DELAY,DELAY").unwrap_err().kind,
            DecodeErrorKind::Duplicate
        );
        assert_eq!(p("NOTIFY=NEVER,DELAY").unwrap_err().offset, 12);
        let P::Orcpt(o) = p("ORCPT=rfc822;Bob@Example.COM").unwrap() else {
            panic!()
        };
        assert_eq!((o.addr_type(), o.addr()), ("rfc822", "Bob@Example.COM"));
        assert_eq!(
            p("ORCPT=rfc822").unwrap_err().expected,
            "';' after the address type"
        );
        let P::Orcpt(o) = p("ORCPT=utf-8;用户@例子.广告").unwrap() else {
            panic!()
        };
        assert!(!o.addr().is_ascii());
    }

    #[test]
    fn auth_and_others() {
        let P::Auth(x) = p("AUTH=<>").unwrap() else {
            panic!()
        };
        assert_eq!(x.as_str(), "<>");
        assert_eq!(
            p("MT-PRIORITY=-3").unwrap(),
            P::MtPriority(MtPriority::new(-3).unwrap())
        );
        assert_eq!(p("MT-PRIORITY=10").unwrap_err().offset, 13);
        assert_eq!(p("HOLDFOR=3600").unwrap(), P::HoldFor(3600));
        assert!(matches!(
            p("HOLDUNTIL=2026-01-01T00:00:00Z").unwrap(),
            P::HoldUntil(_)
        ));
        assert_eq!(
            p("BY=-120;RT").unwrap(),
            P::By(By {
                time: -120,
                mode: ByMode::Return,
                trace: true
            })
        );
        assert_eq!(p("BY=120").unwrap_err().expected, "';' and N or R");
        let P::Rrvs(r) = p("RRVS=2014-04-03T23:01:00Z;C").unwrap() else {
            panic!()
        };
        assert_eq!(r.action, Some(RrvsAction::Continue));
        let P::Mtrk(m) = p("MTRK=c2VjcmV0:3600").unwrap() else {
            panic!()
        };
        assert_eq!((m.certifier(), m.timeout()), ("c2VjcmV0", Some(3600)));
        let P::Other(o) = p("X-FOO=bar").unwrap() else {
            panic!()
        };
        assert_eq!((o.keyword(), o.value()), ("X-FOO", Some("bar")));
        assert!(matches!(p("TRANSID=<abc@example>").unwrap(), P::Other(_)));
        assert_eq!(p("X=").unwrap_err().offset, 2);
        assert_eq!(p("-X").unwrap_err().offset, 0);
    }
}
