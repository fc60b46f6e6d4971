//! Mailboxes and paths: RFC 5321 §4.1.2 with RFC 6531 §3.3.

use alloc::vec::Vec;

use super::domain::{domain, domain_or_address_literal};
use super::{PResult, cut, fail, span, utf8};
use crate::error::DecodeErrorKind;
use crate::types::{ForwardPath, LocalPart, MAX_PATH, Mailbox, Path, ReversePath, SmtpString};

/// RFC 5321 §4.5.3.1.1: at most 64 octets.
pub(crate) const MAX_LOCAL_PART: usize = 64;

/// RFC 5322 §3.2.3 `atext`, with RFC 6531 §3.3 `atext =/ UTF8-non-ascii`.
pub(crate) fn is_atext(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80 || b"!#$%&'*+-/=?^_`{|}~".contains(&b)
}

/// RFC 5321 §4.1.2 `Atom = 1*atext`.
pub(crate) fn atom(i: &[u8]) -> PResult<'_, &[u8]> {
    let n = span(i, is_atext);
    if n == 0 {
        return fail(i, "atom");
    }
    Ok((
        i.get(n..).unwrap_or_default(),
        i.get(..n).unwrap_or_default(),
    ))
}

/// RFC 5321 §4.1.2 `Dot-string = Atom *("." Atom)`.
pub(crate) fn dot_string(i: &[u8]) -> PResult<'_, &[u8]> {
    let (mut rest, _) = atom(i)?;
    while let Some((b'.', after)) = rest.split_first() {
        match atom(after) {
            Ok((r, _)) => rest = r,
            Err(_) => return cut(after, "atom after '.'", DecodeErrorKind::Syntax),
        }
    }
    Ok((
        rest,
        i.get(..i.len().saturating_sub(rest.len()))
            .unwrap_or_default(),
    ))
}

/// RFC 5321 §4.1.2 `Quoted-string = DQUOTE *QcontentSMTP DQUOTE`, where
/// `qtextSMTP = %d32-33 / %d35-91 / %d93-126` (RFC 6531: `/ UTF8-non-ascii`)
/// and `quoted-pairSMTP = %d92 %d32-126`.
pub(crate) fn quoted_string(i: &[u8]) -> PResult<'_, &[u8]> {
    let Some((b'"', mut rest)) = i.split_first() else {
        return fail(i, "'\"'");
    };
    loop {
        match rest.split_first() {
            Some((b'"', r)) => {
                return Ok((
                    r,
                    i.get(..i.len().saturating_sub(r.len())).unwrap_or_default(),
                ));
            }
            Some((b'\\', r)) => match r.split_first() {
                Some((32..=126, r2)) => rest = r2,
                _ => return cut(r, "printable ASCII after '\\'", DecodeErrorKind::Syntax),
            },
            Some((32..=33 | 35..=91 | 93..=126 | 0x80..=0xff, r)) => rest = r,
            _ => return cut(rest, "quoted text or '\"'", DecodeErrorKind::Syntax),
        }
    }
}

/// RFC 5321 §4.1.2 `Local-part = Dot-string / Quoted-string`.
pub(crate) fn local_part(i: &[u8]) -> PResult<'_, LocalPart<'_>> {
    let (rest, raw) = if i.first() == Some(&b'"') {
        quoted_string(i)?
    } else {
        match dot_string(i) {
            Err(nom::Err::Error(f)) => {
                return Err(nom::Err::Error(super::Fail {
                    expected: "local part",
                    ..f
                }));
            }
            r => r?,
        }
    };
    if raw.len() > MAX_LOCAL_PART {
        return cut(
            i.get(MAX_LOCAL_PART..).unwrap_or_default(),
            "local part of at most 64 octets",
            DecodeErrorKind::TooLong,
        );
    }
    Ok((rest, LocalPart::borrowed(utf8(raw, i)?)))
}

/// RFC 5321 §4.1.2 `Mailbox = Local-part "@" ( Domain / address-literal )`.
pub(crate) fn mailbox(i: &[u8]) -> PResult<'_, Mailbox<'_>> {
    let (rest, local_part) = local_part(i)?;
    let Some((b'@', rest)) = rest.split_first() else {
        return cut(rest, "'@'", DecodeErrorKind::Syntax);
    };
    let (rest, domain) = match domain_or_address_literal(rest) {
        Err(nom::Err::Error(f)) => return Err(nom::Err::Failure(f)),
        r => r?,
    };
    Ok((rest, Mailbox { local_part, domain }))
}

/// RFC 5321 §4.1.2 `A-d-l = At-domain *( "," At-domain )`,
/// `At-domain = "@" Domain`.
fn a_d_l(i: &[u8]) -> PResult<'_, Vec<crate::types::DomainName<'_>>> {
    let mut route = Vec::new();
    let mut rest = i;
    loop {
        let Some((b'@', r)) = rest.split_first() else {
            return cut(rest, "'@' of a source route", DecodeErrorKind::Syntax);
        };
        let (r, d) = match domain(r) {
            Err(nom::Err::Error(f)) => return Err(nom::Err::Failure(f)),
            r => r?,
        };
        route.push(d);
        match r.split_first() {
            Some((b',', r)) => rest = r,
            _ => return Ok((r, route)),
        }
    }
}

/// RFC 5321 §4.1.2 `Path = "<" [ A-d-l ":" ] Mailbox ">"`, at most 256
/// octets (§4.5.3.1.3).
pub(crate) fn path(i: &[u8]) -> PResult<'_, Path<'_>> {
    let Some((b'<', mut rest)) = i.split_first() else {
        return fail(i, "'<'");
    };
    let mut route = Vec::new();
    if rest.first() == Some(&b'@') {
        let (r, adl) = a_d_l(rest)?;
        let Some((b':', r)) = r.split_first() else {
            return cut(r, "':' after the source route", DecodeErrorKind::Syntax);
        };
        route = adl;
        rest = r;
    }
    let (rest, mailbox) = match mailbox(rest) {
        Err(nom::Err::Error(f)) => return Err(nom::Err::Failure(f)),
        r => r?,
    };
    let Some((b'>', rest)) = rest.split_first() else {
        return cut(rest, "'>'", DecodeErrorKind::Syntax);
    };
    let len = i.len() - rest.len();
    if len > MAX_PATH {
        return cut(
            i.get(MAX_PATH..).unwrap_or_default(),
            "path of at most 256 octets",
            DecodeErrorKind::TooLong,
        );
    }
    Ok((rest, Path::unchecked(route, mailbox)))
}

/// RFC 5321 §4.1.2 `Reverse-path = Path / "<>"`.
pub(crate) fn reverse_path(i: &[u8]) -> PResult<'_, ReversePath<'_>> {
    if let Some(rest) = i.strip_prefix(b"<>") {
        return Ok((rest, ReversePath::Null));
    }
    let (rest, p) = path(i)?;
    Ok((rest, ReversePath::Path(p)))
}

/// RFC 5321 §4.1.1.3 `( "<Postmaster@" Domain ">" / "<Postmaster>" /
/// Forward-path )`, `Forward-path = Path`.
pub(crate) fn forward_path(i: &[u8]) -> PResult<'_, ForwardPath<'_>> {
    if let Some(head) = i.get(..12) {
        if head.eq_ignore_ascii_case(b"<Postmaster>") {
            return Ok((i.get(12..).unwrap_or_default(), ForwardPath::Postmaster));
        }
    }
    let (rest, p) = path(i)?;
    Ok((rest, ForwardPath::Path(p)))
}

/// RFC 5321 §4.1.2 `String = Atom / Quoted-string`, widened to the forms
/// §3.5.1 describes for VRFY ("a user name and domain"): a dot-string or
/// quoted string with an optional `"@" (Domain / address-literal)`, or a
/// whole `Path` in angle brackets.
pub(crate) fn string(i: &[u8]) -> PResult<'_, SmtpString<'_>> {
    let rest = match i.first() {
        Some(b'<') => path(i)?.0,
        Some(b'"') => quoted_string(i)?.0,
        _ => match dot_string(i) {
            Err(nom::Err::Error(f)) => {
                return Err(nom::Err::Error(super::Fail {
                    expected: "atom or quoted string",
                    ..f
                }));
            }
            r => r?.0,
        },
    };
    let rest = match rest.split_first() {
        Some((b'@', d)) if i.first() != Some(&b'<') => match domain_or_address_literal(d) {
            Err(nom::Err::Error(f)) => return Err(nom::Err::Failure(f)),
            r => r?.0,
        },
        _ => rest,
    };
    let raw = i
        .get(..i.len().saturating_sub(rest.len()))
        .unwrap_or_default();
    Ok((rest, SmtpString::borrowed(utf8(raw, i)?)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::all;
    use crate::types::{Domain, LocalPartKind};

    #[test]
    fn rfc5321_4_1_2_mailboxes() {
        let m = all(b"Smith@bar.com", mailbox, "end").unwrap();
        assert_eq!(m.local_part.as_str(), "Smith");
        assert!(matches!(m.domain, Domain::Name(ref d) if d.as_str() == "bar.com"));
        let m = all(br#""John \"Q\" Smith"@example.com"#, mailbox, "end").unwrap();
        assert_eq!(m.local_part.kind(), LocalPartKind::Quoted);
        assert_eq!(m.local_part.value(), r#"John "Q" Smith"#);
        assert!(all(b"user@[192.0.2.1]", mailbox, "end").is_ok());
        assert_eq!(all(b"user", mailbox, "end").unwrap_err().expected, "'@'");
        assert_eq!(all(b"a..b@c", mailbox, "end").unwrap_err().offset, 2);
    }

    #[test]
    fn local_part_length_rfc5321_4_5_3_1_1() {
        let ok = alloc::format!("{}@x.org", "a".repeat(64));
        assert!(all(ok.as_bytes(), mailbox, "end").is_ok());
        let long = alloc::format!("{}@x.org", "a".repeat(65));
        let e = all(long.as_bytes(), mailbox, "end").unwrap_err();
        assert_eq!((e.offset, e.kind), (64, DecodeErrorKind::TooLong));
    }

    #[test]
    fn source_route_rfc5321_appendix_c() {
        let p = all(b"<@hosta.int,@jkl.org:userc@d.bar.org>", path, "end").unwrap();
        assert!(p.has_source_route());
        let names: Vec<_> = p.source_route().iter().map(|d| d.as_str()).collect();
        assert_eq!(names, ["hosta.int", "jkl.org"]);
        assert_eq!(p.mailbox().local_part.as_str(), "userc");
        let e = all(b"<@hosta.int userc@d>", path, "end").unwrap_err();
        assert_eq!(e.expected, "':' after the source route");
    }

    #[test]
    fn null_and_postmaster() {
        assert_eq!(all(b"<>", reverse_path, "end").unwrap(), ReversePath::Null);
        assert_eq!(
            all(b"<postMASTER>", forward_path, "end").unwrap(),
            ForwardPath::Postmaster
        );
        let fp = all(b"<Postmaster@example.com>", forward_path, "end").unwrap();
        assert!(matches!(fp, ForwardPath::Path(_)));
        assert_eq!(all(b"<>", forward_path, "end").unwrap_err().offset, 1);
    }

    #[test]
    fn path_length_rfc5321_4_5_3_1_3() {
        // 2 + 64 + 1 + 189 = 256
        let ok = alloc::format!(
            "<{}@{}.{}>",
            "a".repeat(64),
            "b".repeat(63),
            "c".repeat(125)
        );
        assert_eq!(ok.len(), 256);
        assert!(all(ok.as_bytes(), path, "end").is_ok());
        let long = alloc::format!(
            "<{}@{}.{}>",
            "a".repeat(64),
            "b".repeat(63),
            "c".repeat(126)
        );
        assert_eq!(
            all(long.as_bytes(), path, "end").unwrap_err().kind,
            DecodeErrorKind::TooLong
        );
    }

    #[test]
    fn utf8_mailbox_rfc6531() {
        let p = all("<用户@例子.广告>".as_bytes(), path, "end").unwrap();
        assert!(p.requires_smtputf8());
        let p = all(b"<user@example.org>", path, "end").unwrap();
        assert!(!p.requires_smtputf8());
    }

    #[test]
    fn strings() {
        assert!(all(b"Smith", string, "end").is_ok());
        // RFC 5321 §3.5.1: "a user name or a user name and domain"
        assert!(all(b"john.smith@example.org", string, "end").is_ok());
        assert!(all(b"\"John Smith\"@[192.0.2.1]", string, "end").is_ok());
        assert!(all(b"<john@example.org>", string, "end").is_ok());
        assert_eq!(all(b"john@", string, "end").unwrap_err().offset, 5);
        assert_eq!(all(b"<john>", string, "end").unwrap_err().offset, 5);
        assert!(all(br#""John Smith""#, string, "end").unwrap().is_quoted());
        assert_eq!(all(b"\"open", string, "end").unwrap_err().offset, 5);
    }

    #[test]
    fn local_part_constructor_quotes_when_needed() {
        assert_eq!(LocalPart::new("a.b").unwrap().as_str(), "a.b");
        let q = LocalPart::new("a b\"c").unwrap();
        assert_eq!(q.as_str(), r#""a b\"c""#);
        assert_eq!(q.value(), "a b\"c");
        assert!(LocalPart::new("a\tb").is_err());
    }
}
