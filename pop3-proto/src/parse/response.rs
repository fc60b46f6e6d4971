//! Server lines: the status line (RFC 2449 §3 `single-line`, RFC 1939
//! §3), its response code (RFC 2449 §8), and the SASL lines of AUTH
//! (RFC 5034 §4).

use nom::bytes::complete::take_while;

use super::core::{Ctx, PResult, expect, fail};
use crate::quirks::Quirk;
use crate::types::chars::is_base64_char;
use crate::types::{AuthResponse, Continuation, Response, ResponseCode, SaslData, Status, Text};

/// `single-line = status [SP text]` (RFC 2449 §3), with `text = *schar /
/// resp-code *CHAR`.
pub(crate) fn single_line<'a>(ctx: &mut Ctx<'_>, i: &'a [u8]) -> PResult<'a, Response<'a>> {
    let (i, status) = status(ctx, i)?;
    let i = match i {
        [] => i,
        [b' ', rest @ ..] => rest,
        _ if ctx.allow(Quirk::MissingSpaceAfterStatus, i) => i,
        _ => return fail(i, "space or end of line after the status"),
    };
    let (code, text) = if i.first() == Some(&b'[') {
        match resp_code(i) {
            Ok((rest, code)) => {
                // One space separates the code from the text; it is not text.
                let rest = rest.strip_prefix(b" ").unwrap_or(rest);
                (Some(code), rest)
            }
            Err(e) => {
                if !ctx.allow(Quirk::TextStartsWithBracket, i) {
                    return Err(e);
                }
                (None, i)
            }
        }
    } else {
        (None, i)
    };
    let text = match Text::new(text) {
        Ok(t) => t,
        Err(e) => return Err(ctx.lift(text, e)),
    };
    Ok((&[], Response::from_parts(status, code, text)))
}

/// `status = "+OK" / "-ERR"` (RFC 1939 §3, upper-case); other cases only
/// under [`crate::quirks::Quirks::lowercase_status`].
fn status<'a>(ctx: &mut Ctx<'_>, i: &'a [u8]) -> PResult<'a, Status> {
    for (word, status) in [(&b"+OK"[..], Status::Ok), (&b"-ERR"[..], Status::Err)] {
        let Some(head) = i.get(..word.len()) else {
            continue;
        };
        let rest = i.get(word.len()..).unwrap_or_default();
        if head == word {
            return Ok((rest, status));
        }
        if head.eq_ignore_ascii_case(word) && ctx.allow(Quirk::LowercaseStatus, i) {
            return Ok((rest, status));
        }
    }
    fail(i, "+OK or -ERR")
}

/// `resp-code = "[" resp-level *("/" resp-level) "]"` (RFC 2449 §3).
pub(crate) fn resp_code(i: &[u8]) -> PResult<'_, ResponseCode<'_>> {
    const WHAT: &str = "response code ([level/level])";
    let [b'[', inner @ ..] = i else {
        return fail(i, WHAT);
    };
    let (rest, code) = expect(WHAT, take_while(|c: u8| c != b']' && c != b' '))(inner)?;
    let [b']', rest @ ..] = rest else {
        return fail(rest, "] closing the response code");
    };
    match ResponseCode::from_bytes(code) {
        Ok(c) => Ok((rest, c)),
        Err(e) => fail(inner.get(e.offset..).unwrap_or_default(), e.expected),
    }
}

/// A server challenge: `"+" SP [base64]` (RFC 5034 §4). `+` alone only
/// under [`crate::quirks::Quirks::continuation_without_space`].
pub(crate) fn continue_req<'a>(ctx: &mut Ctx<'_>, i: &'a [u8]) -> PResult<'a, Continuation<'a>> {
    let i = match i {
        [b'+', b' ', rest @ ..] => rest,
        [b'+']
            if ctx.allow(
                Quirk::ContinuationWithoutSpace,
                i.get(1..).unwrap_or_default(),
            ) =>
        {
            &[]
        }
        [b'+', ..] => return fail(i.get(1..).unwrap_or_default(), "space after +"),
        _ => return fail(i, "+ and a challenge"),
    };
    let (i, data) = base64(ctx, i)?;
    let (i, ()) = ctx.eol(i)?;
    Ok((i, Continuation { data }))
}

/// A client answer to a challenge: `base64 / "*"` (RFC 5034 §4).
pub(crate) fn client_response<'a>(ctx: &mut Ctx<'_>, i: &'a [u8]) -> PResult<'a, AuthResponse<'a>> {
    if let [b'*', rest @ ..] = i {
        let (rest, ()) = ctx.eol(rest)?;
        return Ok((rest, AuthResponse::Cancel));
    }
    let (i, data) = base64(ctx, i)?;
    let (i, ()) = ctx.eol(i)?;
    Ok((i, AuthResponse::Data(data)))
}

/// `base64` (RFC 4648 §4), possibly empty.
fn base64<'a>(ctx: &mut Ctx<'_>, i: &'a [u8]) -> PResult<'a, SaslData<'a>> {
    let (rest, b64) = take_while(|c: u8| is_base64_char(c) || c == b'=')(i)?;
    match SaslData::new(b64) {
        Ok(d) => Ok((rest, d)),
        Err(e) => Err(ctx.lift(i, e)),
    }
}
