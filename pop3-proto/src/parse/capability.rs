//! CAPA lines: `capability = capa-tag *(SP param) CRLF` (RFC 2449 §3),
//! read into the capabilities of RFC 2449 §6, RFC 2595 §4, RFC 3206 §6
//! and RFC 6856 §2-3.

use alloc::vec::Vec;

use nom::bytes::complete::take_while1;

use super::core::{Ctx, PResult, expect, fail};
use crate::types::chars::{is_cchar, is_param_char};
use crate::types::{CapaTag, Capability, ExpirePolicy, Mechanism, Param, Text, UnknownCapability};

/// `capability` (RFC 2449 §3). A known tag whose parameters do not fit
/// its definition is kept as [`Capability::Unknown`].
pub(crate) fn capability<'a>(ctx: &mut Ctx<'_>, i: &'a [u8]) -> PResult<'a, Capability<'a>> {
    let (rest, tag) = expect("capability tag", take_while1(is_cchar))(i)?;
    // RFC 2449 §6.9: the argument is a string, kept whole.
    if tag.eq_ignore_ascii_case(b"IMPLEMENTATION") {
        let text = match rest {
            [] => rest,
            [b' ', text @ ..] => text,
            _ => return fail(rest, "space or end of line"),
        };
        return match Text::new(text) {
            Ok(t) => Ok((&[], Capability::Implementation(t))),
            Err(e) => Err(ctx.lift(text, e)),
        };
    }
    let tag = match CapaTag::from_bytes(tag) {
        Ok(t) => t,
        Err(e) => return Err(ctx.lift(i, e)),
    };
    let mut params = Vec::new();
    let mut i = rest;
    while !ctx.at_eol(i) {
        let (rest, ()) = ctx.sp(i)?;
        let (rest, p) = expect("capability parameter", take_while1(is_param_char))(rest)?;
        params.push(p);
        i = rest;
    }
    known(tag, params)
}

/// Reads a tag and its parameters as a known capability when they fit.
fn known<'a>(tag: CapaTag<'a>, p: Vec<&'a [u8]>) -> PResult<'a, Capability<'a>> {
    let t = tag.as_str();
    let is = |name: &str| t.eq_ignore_ascii_case(name);
    let user = |rest: &[&[u8]]| match rest {
        [] => Some(false),
        [u] if u.eq_ignore_ascii_case(b"USER") => Some(true),
        _ => None,
    };
    let read = if p.is_empty() && is("TOP") {
        Some(Capability::Top)
    } else if p.is_empty() && is("USER") {
        Some(Capability::User)
    } else if p.is_empty() && is("UIDL") {
        Some(Capability::Uidl)
    } else if p.is_empty() && is("RESP-CODES") {
        Some(Capability::RespCodes)
    } else if p.is_empty() && is("PIPELINING") {
        Some(Capability::Pipelining)
    } else if p.is_empty() && is("STLS") {
        Some(Capability::Stls)
    } else if p.is_empty() && is("AUTH-RESP-CODE") {
        Some(Capability::AuthRespCode)
    } else if p.is_empty() && is("LANG") {
        Some(Capability::Lang)
    } else if is("UTF8") {
        user(&p).map(|user| Capability::Utf8 { user })
    } else if is("SASL") {
        p.iter()
            .map(|m| Mechanism::from_bytes(m).ok())
            .collect::<Option<Vec<_>>>()
            .map(Capability::Sasl)
    } else if is("LOGIN-DELAY") {
        match p.split_first() {
            Some((n, rest)) => decimal_u32(n)
                .and_then(|seconds| user(rest).map(|per_user| (seconds, per_user)))
                .map(|(seconds, per_user)| Capability::LoginDelay { seconds, per_user }),
            None => None,
        }
    } else if is("EXPIRE") {
        match p.split_first() {
            Some((n, rest)) => {
                let policy = if n.eq_ignore_ascii_case(b"NEVER") {
                    Some(ExpirePolicy::Never)
                } else {
                    decimal_u32(n).map(ExpirePolicy::Days)
                };
                policy
                    .and_then(|policy| user(rest).map(|per_user| (policy, per_user)))
                    .map(|(policy, per_user)| Capability::Expire { policy, per_user })
            }
            None => None,
        }
    } else {
        None
    };
    let cap = match read {
        Some(cap) => cap,
        None => {
            let mut params = Vec::with_capacity(p.len());
            for raw in p {
                match Param::new(raw) {
                    Ok(param) => params.push(param),
                    Err(_) => return fail(raw, "capability parameter"),
                }
            }
            Capability::Unknown(UnknownCapability::from_parts(tag, params))
        }
    };
    Ok((&[], cap))
}

/// A whole parameter as a decimal `u32`.
fn decimal_u32(p: &[u8]) -> Option<u32> {
    if p.is_empty() || !p.iter().all(u8::is_ascii_digit) {
        return None;
    }
    p.iter().try_fold(0u32, |n, &d| {
        n.checked_mul(10)?
            .checked_add(u32::from(super::core::digit(d)?))
    })
}
