//! Domains and address literals: RFC 5321 §4.1.2, §4.1.3, RFC 6531 §3.3.

use core::net::{Ipv4Addr, Ipv6Addr};
use core::str::FromStr;

use super::{PResult, cut, fail, span, utf8};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::types::{AddressLiteral, Domain, DomainName, LiteralKind};

/// RFC 5321 §4.5.3.1.2: at most 255 octets.
pub(crate) const MAX_DOMAIN: usize = 255;

fn is_label_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b >= 0x80
}

/// RFC 5321 §4.1.2 `sub-domain = Let-dig [Ldh-str]`, with RFC 6531 §3.3
/// `sub-domain =/ U-label` (any UTF-8 beyond ASCII is taken as part of a
/// U-label; IDNA rules are the resolver's business).
pub(crate) fn sub_domain(i: &[u8]) -> PResult<'_, &[u8]> {
    let n = span(i, is_label_byte);
    let (label, rest) = i.split_at(n);
    match (label.first(), label.last()) {
        (Some(b'-'), _) | (None, _) => fail(i, "letter or digit"),
        (_, Some(b'-')) => cut(
            i.get(n.saturating_sub(1)..).unwrap_or_default(),
            "letter or digit at end of label",
            DecodeErrorKind::Syntax,
        ),
        _ => Ok((rest, label)),
    }
}

/// RFC 5321 §4.1.2 `Domain = sub-domain *("." sub-domain)`.
pub(crate) fn domain(i: &[u8]) -> PResult<'_, DomainName<'_>> {
    let (mut rest, _) = sub_domain(i)?;
    while let Some((b'.', after)) = rest.split_first() {
        match sub_domain(after) {
            Ok((r, _)) => rest = r,
            Err(nom::Err::Error(_)) => {
                return cut(after, "label after '.'", DecodeErrorKind::Syntax);
            }
            Err(e) => return Err(e),
        }
    }
    let len = i.len() - rest.len();
    if len > MAX_DOMAIN {
        return cut(
            i.get(MAX_DOMAIN..).unwrap_or_default(),
            "domain of at most 255 octets",
            DecodeErrorKind::TooLong,
        );
    }
    let s = utf8(i.get(..len).unwrap_or_default(), i)?;
    Ok((rest, DomainName::borrowed(s)))
}

/// RFC 5321 §4.1.3 `dcontent = %d33-90 / %d94-126`.
fn is_dcontent(b: u8) -> bool {
    matches!(b, 33..=90 | 94..=126)
}

/// RFC 5321 §4.1.3 `address-literal = "[" ( IPv4-address-literal /
/// IPv6-address-literal / General-address-literal ) "]"`.
pub(crate) fn address_literal(i: &[u8]) -> PResult<'_, AddressLiteral<'_>> {
    let Some((b'[', inner)) = i.split_first() else {
        return fail(i, "'['");
    };
    let n = span(inner, is_dcontent);
    let (content, rest) = inner.split_at(n);
    let Some((b']', rest)) = rest.split_first() else {
        return cut(
            rest,
            "']' closing the address literal",
            DecodeErrorKind::Syntax,
        );
    };
    let kind = literal_content(content).map_err(|e| {
        nom::Err::Failure(super::Fail {
            rest: inner.get(e.offset..).unwrap_or(&[]),
            expected: e.expected,
            kind: e.kind,
        })
    })?;
    // dcontent is ASCII, so this cannot fail; the error path keeps it total.
    let text = utf8(content, inner)?;
    Ok((rest, AddressLiteral::from_parts(text, kind)))
}

/// The inside of an address literal: IPv4 (`Snum 3("." Snum)`), IPv6
/// (`"IPv6:" IPv6-addr`) or general (`Standardized-tag ":" 1*dcontent`),
/// RFC 5321 §4.1.3.
pub(crate) fn literal_content(content: &[u8]) -> Result<LiteralKind, DecodeError> {
    let bad = |offset, expected| Err(DecodeError::new(offset, expected, DecodeErrorKind::Syntax));
    if content.is_empty() {
        return bad(0, "address literal");
    }
    if let Some(at) = content.iter().position(|&b| !is_dcontent(b)) {
        return bad(at, "address literal character");
    }
    match memchr::memchr(b':', content) {
        None => ipv4_address_literal(content).map(LiteralKind::Ipv4),
        Some(colon) => {
            let (tag, addr) = (
                content.get(..colon).unwrap_or_default(),
                content.get(colon.saturating_add(1)..).unwrap_or_default(),
            );
            if tag.eq_ignore_ascii_case(b"IPv6") {
                let ok = !addr.is_empty()
                    && addr
                        .iter()
                        .all(|b| b.is_ascii_hexdigit() || *b == b':' || *b == b'.');
                match core::str::from_utf8(addr)
                    .ok()
                    .filter(|_| ok)
                    .map(Ipv6Addr::from_str)
                {
                    Some(Ok(a)) => Ok(LiteralKind::Ipv6(a)),
                    _ => bad(colon + 1, "IPv6 address"),
                }
            } else {
                let t = span(tag, |b| b.is_ascii_alphanumeric() || b == b'-');
                if tag.is_empty() || t != tag.len() || tag.last() == Some(&b'-') {
                    return bad(t.min(colon), "standardized tag (letters, digits, '-')");
                }
                if addr.is_empty() {
                    return bad(colon + 1, "address literal content after ':'");
                }
                Ok(LiteralKind::General { colon })
            }
        }
    }
}

/// RFC 5321 §4.1.3 `IPv4-address-literal = Snum 3("." Snum)`, where
/// `Snum = 1*3DIGIT` has a value of 0 to 255.
fn ipv4_address_literal(s: &[u8]) -> Result<Ipv4Addr, DecodeError> {
    let mut octets = [0u8; 4];
    let mut at = 0;
    for (n, slot) in octets.iter_mut().enumerate() {
        if n > 0 {
            if s.get(at) != Some(&b'.') {
                return Err(DecodeError::new(
                    at,
                    "'.' in IPv4 address",
                    DecodeErrorKind::Syntax,
                ));
            }
            at += 1;
        }
        let rest = s.get(at..).unwrap_or(&[]);
        let d = span(rest, |b| b.is_ascii_digit());
        if d == 0 || d > 3 {
            return Err(DecodeError::new(
                at,
                "1 to 3 digits of IPv4 address",
                DecodeErrorKind::Syntax,
            ));
        }
        let v = rest
            .get(..d)
            .unwrap_or_default()
            .iter()
            .fold(0u16, |v, b| v * 10 + u16::from(b - b'0'));
        *slot = u8::try_from(v)
            .map_err(|_| DecodeError::new(at, "IPv4 octet 0-255", DecodeErrorKind::OutOfRange))?;
        at += d;
    }
    if at != s.len() {
        return Err(DecodeError::new(
            at,
            "end of IPv4 address",
            DecodeErrorKind::Syntax,
        ));
    }
    Ok(Ipv4Addr::from(octets))
}

/// `Domain / address-literal`, as after `@` (RFC 5321 §4.1.2 `Mailbox`)
/// and after EHLO (§4.1.1.1).
pub(crate) fn domain_or_address_literal(i: &[u8]) -> PResult<'_, Domain<'_>> {
    if i.first() == Some(&b'[') {
        let (rest, l) = address_literal(i)?;
        Ok((rest, Domain::AddressLiteral(l)))
    } else {
        match domain(i) {
            Ok((rest, d)) => Ok((rest, Domain::Name(d))),
            Err(nom::Err::Error(f)) => Err(nom::Err::Error(super::Fail {
                expected: "domain or address literal",
                ..f
            })),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::all;
    use crate::types::AddressLiteralKind;

    fn dom(s: &str) -> Result<Domain<'_>, DecodeError> {
        all(s.as_bytes(), domain_or_address_literal, "end")
    }

    #[test]
    fn names() {
        assert!(matches!(dom("example.com"), Ok(Domain::Name(n)) if n.as_str() == "example.com"));
        assert!(dom("a-b.c9").is_ok());
        assert_eq!(dom("-a.com").unwrap_err().offset, 0);
        assert_eq!(dom("a-.com").unwrap_err().offset, 1);
        let e = dom("example.com.").unwrap_err();
        assert_eq!((e.offset, e.expected), (12, "label after '.'"));
        assert_eq!(dom("a_b").unwrap_err().offset, 1);
    }

    #[test]
    fn utf8_labels_are_kept_and_flagged() {
        let d = dom("bücher.example").unwrap();
        assert!(d.requires_smtputf8());
        let e = all(b"b\xffcher.example", domain_or_address_literal, "end").unwrap_err();
        assert_eq!((e.offset, e.kind), (1, DecodeErrorKind::InvalidUtf8));
    }

    #[test]
    fn length_limit_rfc5321_4_5_3_1_2() {
        let ok = alloc::format!("{}.com", "a".repeat(251));
        assert!(dom(&ok).is_ok());
        let long = alloc::format!("{}.com", "a".repeat(252));
        assert_eq!(dom(&long).unwrap_err().kind, DecodeErrorKind::TooLong);
    }

    #[test]
    fn literals_rfc5321_4_1_3() {
        let Domain::AddressLiteral(l) = dom("[192.0.2.1]").unwrap() else {
            panic!()
        };
        assert_eq!(
            l.kind(),
            AddressLiteralKind::Ipv4(Ipv4Addr::new(192, 0, 2, 1))
        );
        let Domain::AddressLiteral(l) = dom("[IPv6:2001:db8::1]").unwrap() else {
            panic!()
        };
        assert_eq!(
            l.kind(),
            AddressLiteralKind::Ipv6("2001:db8::1".parse().unwrap())
        );
        assert_eq!(l.as_str(), "IPv6:2001:db8::1");
        let Domain::AddressLiteral(l) = dom("[x-tag:some-thing]").unwrap() else {
            panic!()
        };
        assert_eq!(
            l.kind(),
            AddressLiteralKind::General {
                tag: "x-tag",
                content: "some-thing"
            }
        );
        // leading zeros are Snum, kept as written
        let Domain::AddressLiteral(l) = dom("[010.0.0.1]").unwrap() else {
            panic!()
        };
        assert_eq!(l.as_str(), "010.0.0.1");
        assert_eq!(
            dom("[256.0.0.1]").unwrap_err().kind,
            DecodeErrorKind::OutOfRange
        );
        assert_eq!(dom("[1.2.3]").unwrap_err().offset, 6);
        assert_eq!(dom("[IPv6:zz]").unwrap_err().offset, 6);
        assert_eq!(
            dom("[1.2.3.4").unwrap_err().expected,
            "']' closing the address literal"
        );
        assert_eq!(dom("[tag:]").unwrap_err().offset, 5);
    }
}
