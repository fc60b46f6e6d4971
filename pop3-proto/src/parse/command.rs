//! Commands: `command = keyword *(SP param) CRLF` (RFC 2449 §3), with the
//! arguments of each command of RFC 1939 §5-7, RFC 2449 §5, RFC 2595 §4,
//! RFC 5034 §4 and RFC 6856 §2-3.

use alloc::vec::Vec;

use nom::bytes::complete::{take_while_m_n, take_while1};

use super::core::{Ctx, PResult, expect, fail, msg_number, u32_number};
use crate::quirks::Quirk;
use crate::types::chars::{is_base64_char, is_param_char, is_vchar};
use crate::types::{
    ApopDigest, AuthRequest, Command, Keyword, LanguageRange, LanguageTag, Mechanism,
    MessageNumber, Param, SaslData, Secret,
};

/// `command` (RFC 2449 §3): a keyword, then what that command takes.
pub(crate) fn command<'a>(ctx: &mut Ctx<'_>, i: &'a [u8]) -> PResult<'a, Command<'a>> {
    let (rest, kw) = keyword(i)?;
    let mut upper = [0u8; 4];
    for (dst, &src) in upper.iter_mut().zip(kw) {
        *dst = src.to_ascii_uppercase();
    }
    let i = rest;
    match upper.get(..kw.len()).unwrap_or_default() {
        b"USER" => {
            let (i, name) = sp_param(ctx, i, "user name")?;
            done(ctx, i, Command::User(name))
        }
        b"PASS" => pass(ctx, i),
        b"APOP" => {
            let (i, name) = sp_param(ctx, i, "mailbox name")?;
            let (i, ()) = ctx.sp(i)?;
            let (i, digest) = digest(ctx, i)?;
            done(ctx, i, Command::Apop { name, digest })
        }
        b"AUTH" => auth(ctx, i),
        b"STAT" => done(ctx, i, Command::Stat),
        b"LIST" => {
            let (i, m) = opt_msg(ctx, i)?;
            Ok((i, Command::List(m)))
        }
        b"UIDL" => {
            let (i, m) = opt_msg(ctx, i)?;
            Ok((i, Command::Uidl(m)))
        }
        b"RETR" => {
            let (i, m) = sp_msg(ctx, i)?;
            done(ctx, i, Command::Retr(m))
        }
        b"TOP" => {
            let (i, msg) = sp_msg(ctx, i)?;
            let (i, ()) = ctx.sp(i)?;
            let (i, lines) = u32_number(i, "number of lines")?;
            done(ctx, i, Command::Top { msg, lines })
        }
        b"DELE" => {
            let (i, m) = sp_msg(ctx, i)?;
            done(ctx, i, Command::Dele(m))
        }
        b"NOOP" => done(ctx, i, Command::Noop),
        b"RSET" => done(ctx, i, Command::Rset),
        b"QUIT" => done(ctx, i, Command::Quit),
        b"CAPA" => done(ctx, i, Command::Capa),
        b"STLS" => done(ctx, i, Command::Stls),
        b"UTF8" => done(ctx, i, Command::Utf8),
        b"LANG" => lang(ctx, i),
        _ => unknown(ctx, kw, i),
    }
}

/// `keyword = 3*4VCHAR` (RFC 2449 §3), followed by a space or the end.
fn keyword(i: &[u8]) -> PResult<'_, &[u8]> {
    let (rest, kw) = expect("command keyword", take_while1(is_vchar))(i)?;
    if !(3..=4).contains(&kw.len()) {
        let at = if kw.len() < 3 { kw.len() } else { 4 };
        return fail(
            i.get(at..).unwrap_or_default(),
            "keyword of 3 or 4 characters",
        );
    }
    Ok((rest, kw))
}

/// Ends a command that takes nothing more.
fn done<'a, O>(ctx: &mut Ctx<'_>, i: &'a [u8], out: O) -> PResult<'a, O> {
    let (i, ()) = ctx.eol(i)?;
    Ok((i, out))
}

/// `param = 1*VCHAR` (RFC 2449 §3), 8-bit octets allowed (RFC 6856).
fn param<'a>(i: &'a [u8], expected: &'static str) -> PResult<'a, Param<'a>> {
    let (rest, p) = expect(expected, take_while1(is_param_char))(i)?;
    match Param::new(p) {
        Ok(p) => Ok((rest, p)),
        Err(_) => fail(i, expected),
    }
}

fn sp_param<'a>(ctx: &mut Ctx<'_>, i: &'a [u8], expected: &'static str) -> PResult<'a, Param<'a>> {
    let (i, ()) = ctx.sp(i)?;
    param(i, expected)
}

fn sp_msg<'a>(ctx: &mut Ctx<'_>, i: &'a [u8]) -> PResult<'a, MessageNumber> {
    let (i, ()) = ctx.sp(i)?;
    msg_number(i)
}

/// `[SP msg]` then the end, for LIST and UIDL.
fn opt_msg<'a>(ctx: &mut Ctx<'_>, i: &'a [u8]) -> PResult<'a, Option<MessageNumber>> {
    if ctx.at_eol(i) {
        return Ok((&[], None));
    }
    let (i, m) = sp_msg(ctx, i)?;
    done(ctx, i, Some(m))
}

/// `PASS string` (RFC 1939 §7): the whole rest of the line after one
/// space is the password, spaces included, since a server "may treat
/// spaces in the argument as part of the password".
fn pass<'a>(_ctx: &mut Ctx<'_>, i: &'a [u8]) -> PResult<'a, Command<'a>> {
    let [b' ', rest @ ..] = i else {
        return fail(i, "space and password");
    };
    match Secret::new(rest) {
        Ok(s) => Ok((&[], Command::Pass(s))),
        Err(e) => fail(rest.get(e.offset..).unwrap_or_default(), e.expected),
    }
}

/// The APOP digest (RFC 1939 §7): 32 lower-case hex digits; upper-case
/// only under [`crate::quirks::Quirks::uppercase_apop_digest`].
fn digest<'a>(ctx: &mut Ctx<'_>, i: &'a [u8]) -> PResult<'a, ApopDigest> {
    const WHAT: &str = "APOP digest (32 lower-case hex digits)";
    let (rest, hex) = expect(WHAT, take_while_m_n(32, 32, |c: u8| c.is_ascii_hexdigit()))(i)?;
    if let Some(at) = hex.iter().position(u8::is_ascii_uppercase) {
        let upper = i.get(at..).unwrap_or_default();
        if !ctx.allow(Quirk::UppercaseApopDigest, upper) {
            return fail(upper, WHAT);
        }
    }
    let mut out = [0u8; 16];
    for (byte, pair) in out.iter_mut().zip(hex.chunks_exact(2)) {
        // Every octet is a hex digit here (take_while_m_n above).
        let val = |c: u8| {
            char::from(c)
                .to_digit(16)
                .and_then(|v| u8::try_from(v).ok())
                .unwrap_or(0)
        };
        if let [h, l] = pair {
            *byte = (val(*h) << 4) | val(*l);
        }
    }
    if rest.first().is_some_and(u8::is_ascii_hexdigit) {
        return fail(rest, "end of the 32-digit APOP digest");
    }
    Ok((rest, ApopDigest(out)))
}

/// `AUTH [mechanism [SP initial-response]]` (RFC 5034 §4); `=` is an
/// empty initial response.
fn auth<'a>(ctx: &mut Ctx<'_>, i: &'a [u8]) -> PResult<'a, Command<'a>> {
    if ctx.at_eol(i) {
        return Ok((&[], Command::Auth(None)));
    }
    let (i, ()) = ctx.sp(i)?;
    let (i, mech) =
        expect("SASL mechanism name", take_while1(is_param_char))(i).and_then(|(rest, m)| {
            match Mechanism::from_bytes(m) {
                Ok(m) => Ok((rest, m)),
                Err(e) => Err(ctx.lift(i, e)),
            }
        })?;
    if ctx.at_eol(i) {
        return Ok((
            &[],
            Command::Auth(Some(AuthRequest {
                mechanism: mech,
                initial_response: None,
            })),
        ));
    }
    let (i, ()) = ctx.sp(i)?;
    let (i, ir) = initial_response(ctx, i)?;
    done(
        ctx,
        i,
        Command::Auth(Some(AuthRequest {
            mechanism: mech,
            initial_response: Some(ir),
        })),
    )
}

/// `initial-response = base64 / "="` (RFC 5034 §4).
fn initial_response<'a>(ctx: &mut Ctx<'_>, i: &'a [u8]) -> PResult<'a, SaslData<'a>> {
    if let [b'=', rest @ ..] = i {
        if rest.first().is_none_or(|&c| c == b' ' || c == b'\t') {
            return Ok((rest, SaslData::empty()));
        }
    }
    let (rest, b64) = expect(
        "base64 initial response or =",
        take_while1(|c: u8| is_base64_char(c) || c == b'='),
    )(i)?;
    match SaslData::new(b64) {
        Ok(d) => Ok((rest, d)),
        Err(e) => Err(ctx.lift(i, e)),
    }
}

/// `LANG [SP language-range]` (RFC 6856 §3.2, RFC 4647 §2.1).
fn lang<'a>(ctx: &mut Ctx<'_>, i: &'a [u8]) -> PResult<'a, Command<'a>> {
    if ctx.at_eol(i) {
        return Ok((&[], Command::Lang(None)));
    }
    let (i, ()) = ctx.sp(i)?;
    if let [b'*', rest @ ..] = i {
        return done(ctx, rest, Command::Lang(Some(LanguageRange::Any)));
    }
    let (rest, tag) = expect(
        "language range",
        take_while1(|c: u8| c.is_ascii_alphanumeric() || c == b'-'),
    )(i)?;
    match LanguageTag::from_bytes(tag) {
        Ok(t) => done(ctx, rest, Command::Lang(Some(LanguageRange::Tag(t)))),
        Err(e) => Err(ctx.lift(i, e)),
    }
}

/// A command this crate does not know: `keyword *(SP param)`.
fn unknown<'a>(ctx: &mut Ctx<'_>, kw: &'a [u8], mut i: &'a [u8]) -> PResult<'a, Command<'a>> {
    let keyword = match Keyword::from_bytes(kw) {
        Ok(k) => k,
        Err(_) => return fail(kw, "command keyword"),
    };
    let mut args = Vec::new();
    while !ctx.at_eol(i) {
        let (rest, ()) = ctx.sp(i)?;
        let (rest, p) = param(rest, "parameter")?;
        args.push(p);
        i = rest;
    }
    Ok((&[], Command::Unknown { keyword, args }))
}
