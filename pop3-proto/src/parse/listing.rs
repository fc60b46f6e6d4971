//! Listing lines and numeric reply texts: scan listings (RFC 1939 §5
//! LIST), the STAT reply (RFC 1939 §5), unique-id listings (RFC 1939 §7
//! UIDL) and language listings (RFC 6856 §3.2).

use nom::bytes::complete::take_while1;

use super::core::{Ctx, PResult, expect, fail, msg_number, number, u32_number};
use crate::types::chars::is_vchar;
use crate::types::{LangListing, LanguageTag, ScanListing, Stat, Text, UniqueId, UniqueIdListing};

/// `[SP extra]`: what RFC 1939 §5 allows after a size, kept as text.
#[inline]
fn extra<'a>(ctx: &mut Ctx<'_>, i: &'a [u8]) -> PResult<'a, Text<'a>> {
    let text = match i {
        [] => i,
        [b' ', rest @ ..] => rest,
        _ => return fail(i, "space or end of line"),
    };
    match Text::new(text) {
        Ok(t) => Ok((&[], t)),
        Err(e) => Err(ctx.lift(text, e)),
    }
}

/// `scan-listing = msg SP octets [SP extra]` (RFC 1939 §5 LIST).
#[inline]
pub(crate) fn scan_listing<'a>(ctx: &mut Ctx<'_>, i: &'a [u8]) -> PResult<'a, ScanListing<'a>> {
    let (i, msg) = msg_number(i)?;
    let (i, ()) = ctx.sp(i)?;
    let (i, octets) = number(i, u64::MAX, "size in octets")?;
    let (i, extra) = extra(ctx, i)?;
    Ok((i, ScanListing { msg, octets, extra }))
}

/// The text of a positive STAT reply: `count SP octets [SP extra]`
/// (RFC 1939 §5 STAT).
pub(crate) fn stat_text<'a>(ctx: &mut Ctx<'_>, i: &'a [u8]) -> PResult<'a, Stat<'a>> {
    let (i, count) = u32_number(i, "number of messages")?;
    let (i, ()) = ctx.sp(i)?;
    let (i, octets) = number(i, u64::MAX, "size of the maildrop in octets")?;
    let (i, extra) = extra(ctx, i)?;
    Ok((
        i,
        Stat {
            count,
            octets,
            extra,
        },
    ))
}

/// `unique-id-listing = msg SP unique-id` (RFC 1939 §7 UIDL).
#[inline]
pub(crate) fn unique_id_listing<'a>(
    ctx: &mut Ctx<'_>,
    i: &'a [u8],
) -> PResult<'a, UniqueIdListing<'a>> {
    let (i, msg) = msg_number(i)?;
    let (i, ()) = ctx.sp(i)?;
    let len = i.iter().position(|&c| !is_vchar(c)).unwrap_or(i.len());
    let (uid, rest) = i.split_at_checked(len).unwrap_or((i, &[]));
    if uid.is_empty() {
        return fail(i, "unique-id");
    }
    let uid = match UniqueId::from_vchars(uid) {
        Ok(u) => u,
        Err(e) => return Err(ctx.lift(i, e)),
    };
    let (rest, ()) = ctx.eol(rest)?;
    Ok((rest, UniqueIdListing { msg, uid }))
}

/// `language-listing = language-tag [SP description]` (RFC 6856 §3.2).
pub(crate) fn lang_listing<'a>(ctx: &mut Ctx<'_>, i: &'a [u8]) -> PResult<'a, LangListing<'a>> {
    let (rest, tag) = expect(
        "language tag",
        take_while1(|c: u8| c.is_ascii_alphanumeric() || c == b'-'),
    )(i)?;
    let tag = match LanguageTag::from_bytes(tag) {
        Ok(t) => t,
        Err(e) => return Err(ctx.lift(i, e)),
    };
    let (rest, description) = extra(ctx, rest)?;
    Ok((rest, LangListing { tag, description }))
}
