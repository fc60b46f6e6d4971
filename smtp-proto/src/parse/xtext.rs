//! `xtext` (RFC 3461 §4) and `utf-8-addr-xtext` (RFC 6533 §3).

use super::{PResult, cut, span};
use crate::error::DecodeErrorKind;
use crate::types::XText;
use crate::types::xtext::hex_value;

/// RFC 3461 §4 `xchar`: `!` to `~` except `+` and `=`.
fn is_xchar(b: u8) -> bool {
    (33..=126).contains(&b) && b != b'+' && b != b'='
}

/// RFC 3461 §4 `xtext = *( xchar / hexchar )`,
/// `hexchar = ASCII "+" immediately followed by two upper case hexadecimal
/// digits`.
pub(crate) fn xtext(i: &[u8]) -> PResult<'_, XText<'_>> {
    let mut rest = i;
    loop {
        rest = rest.get(span(rest, is_xchar)..).unwrap_or_default();
        match rest.split_first() {
            Some((b'+', r)) => match r {
                [h, l, r2 @ ..] if hex_value(*h).is_some() && hex_value(*l).is_some() => rest = r2,
                _ => {
                    return cut(
                        r,
                        "two upper-case hex digits after '+'",
                        DecodeErrorKind::Syntax,
                    );
                }
            },
            _ => break,
        }
    }
    let raw = i
        .get(..i.len().saturating_sub(rest.len()))
        .unwrap_or_default();
    let s = super::utf8(raw, i)?;
    Ok((rest, XText::borrowed(s)))
}

/// RFC 6533 §3 `utf-8-addr-xtext / utf-8-addr-unitext`: `1*(QUCHAR /
/// EChar)`, where `QUCHAR` is visible ASCII but `+`, `=`, `\`, or UTF-8
/// beyond ASCII, and `EChar = "\x{" 1*6HEXDIG "}"`.
///
/// Returns the number of bytes taken; a `+XX` hexchar is also accepted so
/// that plain xtext survives (RFC 6533 §3 relaxes, not replaces, it).
pub(crate) fn utf8_addr_xtext(i: &[u8]) -> PResult<'_, &[u8]> {
    let mut rest = i;
    loop {
        rest = rest
            .get(span(rest, |b| is_xchar(b) && b != b'\\' || b >= 0x80)..)
            .unwrap_or_default();
        match rest {
            [b'\\', b'x', b'{', r @ ..] => {
                let n = span(r, |b| b.is_ascii_hexdigit());
                match r.get(n) {
                    Some(b'}') if (1..=6).contains(&n) => {
                        rest = r.get(n.saturating_add(1)..).unwrap_or_default()
                    }
                    _ => return cut(r, "1 to 6 hex digits and '}'", DecodeErrorKind::Syntax),
                }
            }
            [b'+', h, l, r @ ..] if hex_value(*h).is_some() && hex_value(*l).is_some() => rest = r,
            [b'+' | b'\\', ..] => {
                return cut(rest, "'\\x{HEX}' or '+HH' escape", DecodeErrorKind::Syntax);
            }
            _ => break,
        }
    }
    let raw = i
        .get(..i.len().saturating_sub(rest.len()))
        .unwrap_or_default();
    if raw.is_empty() {
        return cut(i, "address", DecodeErrorKind::Syntax);
    }
    super::utf8(raw, i)?;
    Ok((rest, raw))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::all;

    #[test]
    fn rfc3461_4_xtext() {
        let x = all(b"Jones+2Bsmith+3D", xtext, "end").unwrap();
        assert_eq!(&*x.decode(), b"Jones+smith=");
        assert_eq!(all(b"a+2b", xtext, "end").unwrap_err().offset, 2);
        assert_eq!(all(b"a+", xtext, "end").unwrap_err().offset, 2);
        assert_eq!(XText::encode(b"a b+c=").as_str(), "a+20b+2Bc+3D");
        assert_eq!(&*XText::encode(b"\x00\xff").decode(), b"\x00\xff");
    }

    #[test]
    fn rfc6533_utf8_addr_xtext() {
        assert!(all("用户@例子.广告".as_bytes(), utf8_addr_xtext, "end").is_ok());
        assert!(all(br"user\x{2B}x@example.com", utf8_addr_xtext, "end").is_ok());
        assert_eq!(
            all(br"a\x{}b", utf8_addr_xtext, "end").unwrap_err().offset,
            4
        );
        assert_eq!(all(b"", utf8_addr_xtext, "end").unwrap_err().offset, 0);
    }
}
