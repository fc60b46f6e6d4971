//! SASL in SMTP (RFC 4954): mechanism names, base64 lines, 334 challenges.

use super::{PResult, cut, fail, span, utf8};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::types::{AuthResponse, Reply, ReplyCode, SaslData};

/// RFC 4422 §3.1 `sasl-mech = 1*20mech-char`, `mech-char = UPPER-ALPHA /
/// DIGIT / HYPHEN / UNDERSCORE` (lower case accepted: clients send it).
pub(crate) fn sasl_mech(i: &[u8]) -> PResult<'_, &str> {
    let n = span(i, is_mech_char);
    if n == 0 {
        return fail(i, "SASL mechanism name");
    }
    if n > 20 {
        return cut(
            i.get(20..).unwrap_or_default(),
            "mechanism name of at most 20 characters",
            DecodeErrorKind::TooLong,
        );
    }
    Ok((
        i.get(n..).unwrap_or_default(),
        utf8(i.get(..n).unwrap_or_default(), i)?,
    ))
}

/// RFC 4422 §3.1 `mech-char`, lower case included.
pub(crate) fn is_mech_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

fn b64_value(b: u8) -> Option<u8> {
    match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// RFC 4648 §4 base64 with padding, in canonical form (unused bits zero),
/// as RFC 4954 §4 asks; may be empty.
pub(crate) fn base64(i: &[u8]) -> PResult<'_, &str> {
    let n = span(i, |b| b64_value(b).is_some());
    let pad = span(i.get(n..).unwrap_or_default(), |b| b == b'=');
    let total = n + pad;
    if total % 4 != 0 || pad > 2 || (pad > 0 && (n + pad) % 4 != 0) {
        return cut(
            i.get(n..).unwrap_or_default(),
            "base64 in groups of four",
            DecodeErrorKind::Syntax,
        );
    }
    if pad > 0 {
        // The last data character may only use the bits that decode.
        let last = i.get(n - 1).copied().and_then(b64_value).unwrap_or(0);
        let mask = if pad == 1 { 0b11 } else { 0b1111 };
        if last & mask != 0 {
            return cut(
                i.get(n.saturating_sub(1)..).unwrap_or_default(),
                "canonical base64 (unused bits zero)",
                DecodeErrorKind::Syntax,
            );
        }
    }
    Ok((
        i.get(total..).unwrap_or_default(),
        utf8(i.get(..total).unwrap_or_default(), i)?,
    ))
}

/// Strips the CRLF that ends `line`.
pub(crate) fn strip_crlf(line: &[u8]) -> Result<&[u8], DecodeError> {
    match line.strip_suffix(b"\r\n") {
        Some(body) => match memchr::memchr2(b'\r', b'\n', body) {
            Some(at) => Err(DecodeError::new(
                at,
                "CRLF only at the end of the line",
                DecodeErrorKind::Syntax,
            )),
            None => Ok(body),
        },
        None => Err(DecodeError::new(
            line.len(),
            "CRLF",
            DecodeErrorKind::Incomplete,
        )),
    }
}

/// A client's line during AUTH (RFC 4954 §4): base64 data or `*`, then
/// CRLF.
pub fn auth_response(line: &[u8]) -> Result<AuthResponse<'_>, DecodeError> {
    let body = strip_crlf(line)?;
    if body == b"*" {
        return Ok(AuthResponse::Cancel);
    }
    let s = super::all(body, base64, "base64 or '*'")?;
    Ok(AuthResponse::Data(SaslData::borrowed(s)))
}

/// The data of a 334 challenge (RFC 4954 §4): the base64 text of its one
/// line (empty text is empty data).
pub fn auth_challenge<'r>(reply: &'r Reply<'_>) -> Result<SaslData<'r>, DecodeError> {
    if reply.code() != ReplyCode::AUTH_CHALLENGE {
        return Err(DecodeError::new(
            0,
            "reply code 334",
            DecodeErrorKind::Syntax,
        ));
    }
    if reply.is_multiline() {
        return Err(DecodeError::new(
            0,
            "a one-line 334 reply",
            DecodeErrorKind::Syntax,
        ));
    }
    let s = super::all(reply.text().as_bytes(), base64, "base64").map_err(|e| e.shifted(4))?;
    Ok(SaslData::borrowed(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4954_responses() {
        let AuthResponse::Data(d) = auth_response(b"dGVzdAB0ZXN0ADEyMzQ=\r\n").unwrap() else {
            panic!()
        };
        assert_eq!(d.decode().unwrap(), b"test\0test\x001234");
        assert_eq!(auth_response(b"*\r\n").unwrap(), AuthResponse::Cancel);
        let AuthResponse::Data(d) = auth_response(b"\r\n").unwrap() else {
            panic!()
        };
        assert!(d.is_empty());
        assert_eq!(auth_response(b"abc\r\n").unwrap_err().offset, 3);
        assert_eq!(auth_response(b"ab=c\r\n").unwrap_err().offset, 2);
        assert_eq!(auth_response(b"QR==\r\n").unwrap_err().offset, 1);
        assert_eq!(
            auth_response(b"QQ==").unwrap_err().kind,
            DecodeErrorKind::Incomplete
        );
        assert!(!alloc::format!("{d:?}").contains("dGVz"));
    }

    #[test]
    fn rfc4954_challenge() {
        let r = crate::parse::reply(b"334 VXNlcm5hbWU6\r\n").unwrap();
        assert_eq!(auth_challenge(&r).unwrap().decode().unwrap(), b"Username:");
        let r = crate::parse::reply(b"334 \r\n").unwrap();
        assert!(auth_challenge(&r).unwrap().is_empty());
        assert_eq!(crate::encode::Encode::to_bytes(&r).as_ref(), b"334 \r\n");
        // The code-only form is a quirk, not the grammar.
        assert_eq!(crate::parse::reply(b"334\r\n").unwrap_err().offset, 3);
        let mut w = alloc::vec::Vec::new();
        let q = crate::quirks::Quirks::client_default();
        let r = crate::parse::reply_with(b"334\r\n", &q, &mut w).unwrap();
        assert!(auth_challenge(&r).unwrap().is_empty());
        assert_eq!(w[0].quirk, crate::quirks::Quirk::ChallengeWithoutSpace);
        assert_eq!(crate::encode::Encode::to_bytes(&r).as_ref(), b"334 \r\n");
        let r = crate::parse::reply(b"334 not base64!\r\n").unwrap();
        assert_eq!(auth_challenge(&r).unwrap_err().offset, 7);
        let r = crate::parse::reply(b"250 OK\r\n").unwrap();
        assert!(auth_challenge(&r).is_err());
    }
}
