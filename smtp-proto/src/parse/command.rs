//! Commands: RFC 5321 §4.1.1 and the extensions that add verbs.

use alloc::vec::Vec;

use super::domain::{domain, domain_or_address_literal};
use super::param::esmtp_param;
use super::path::{forward_path, mailbox, reverse_path, string};
use super::{PResult, all, cut, fail, number, span, utf8};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::quirks::{Quirk, Quirks, Warning};
use crate::types::{
    Atom, BurlUrl, Command, EtrnArg, ForwardPath, Mechanism, Params, Path, ReversePath, SaslData,
    Text, Verb, XAttr,
};

/// The verbs this crate decodes into their own variant.
const VERBS: [&[u8]; 19] = [
    b"HELO",
    b"EHLO",
    b"LHLO",
    b"MAIL",
    b"RCPT",
    b"DATA",
    b"BDAT",
    b"RSET",
    b"VRFY",
    b"EXPN",
    b"HELP",
    b"NOOP",
    b"QUIT",
    b"STARTTLS",
    b"AUTH",
    b"ETRN",
    b"BURL",
    b"XCLIENT",
    b"XFORWARD",
];

pub(crate) fn is_known_verb(v: &[u8]) -> bool {
    let mut buf = [0u8; 8];
    VERBS.contains(&super::upper(v, &mut buf))
}

/// Decodes one command line, CRLF included, by the RFC grammar alone.
#[inline]
pub fn command(line: &[u8]) -> Result<Command<'_>, DecodeError> {
    // A verb without arguments is decoded inline, its value built where
    // the caller keeps it; the rest is read out of line.
    match super::command_fast::bare_verb(line) {
        Some(c) => Ok(c),
        None => command_out_of_line(line),
    }
}

/// [`command`] for any line.
#[inline(never)]
fn command_out_of_line(line: &[u8]) -> Result<Command<'_>, DecodeError> {
    if let Some(c) = super::command_fast::command(line) {
        return Ok(c);
    }
    by_grammar(line, &Quirks::strict(), &mut Vec::new())
}

/// Decodes one command line, CRLF included, granting `quirks` and
/// reporting each one used in `warnings`.
pub fn command_with<'a>(
    line: &'a [u8],
    quirks: &Quirks,
    warnings: &mut Vec<Warning>,
) -> Result<Command<'a>, DecodeError> {
    // The everyday lines take one pass; the grammar below reads the rest
    // (and gives every error).
    if let Some(c) = super::command_fast::command(line) {
        return Ok(c);
    }
    // A quirk is a deviation from the grammar: what the grammar reads, it
    // reads the same with quirks on, and nothing is reported (`. \r\n` is
    // the unknown verb `.` with empty arguments, not a trailing space).
    if *quirks != Quirks::strict() {
        if let Ok(c) = by_grammar(line, &Quirks::strict(), &mut Vec::new()) {
            return Ok(c);
        }
    }
    by_grammar(line, quirks, warnings)
}

/// The full grammar of [`command_with`], without the one-pass reading.
pub(crate) fn by_grammar<'a>(
    line: &'a [u8],
    quirks: &Quirks,
    warnings: &mut Vec<Warning>,
) -> Result<Command<'a>, DecodeError> {
    let mut body = line_body(line, quirks, warnings)?;
    if quirks.trailing_whitespace {
        let trimmed = body.len()
            - body
                .iter()
                .rev()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count();
        if trimmed < body.len() {
            warnings.push(Warning {
                offset: trimmed,
                quirk: Quirk::TrailingWhitespace,
            });
            body = body.get(..trimmed).unwrap_or_default();
        }
    }
    let mut cx = Cx {
        quirks,
        warnings,
        len: body.len(),
    };
    all(body, |i| command_line(&mut cx, i), "end of command")
}

/// The line without its CRLF; CR or LF anywhere else is an error.
pub(crate) fn line_body<'a>(
    line: &'a [u8],
    quirks: &Quirks,
    warnings: &mut Vec<Warning>,
) -> Result<&'a [u8], DecodeError> {
    let body = match line.strip_suffix(b"\r\n") {
        Some(b) => b,
        None => match line.strip_suffix(b"\n") {
            Some(b) if quirks.bare_lf => {
                warnings.push(Warning {
                    offset: b.len(),
                    quirk: Quirk::BareLf,
                });
                b
            }
            Some(b) => {
                return Err(DecodeError::new(
                    b.len(),
                    "CR before LF",
                    DecodeErrorKind::Syntax,
                ));
            }
            None => {
                return Err(DecodeError::new(
                    line.len(),
                    "CRLF",
                    DecodeErrorKind::Incomplete,
                ));
            }
        },
    };
    match memchr::memchr2(b'\r', b'\n', body) {
        Some(at) => Err(DecodeError::new(
            at,
            "CRLF only at the end of the line",
            DecodeErrorKind::Syntax,
        )),
        None => Ok(body),
    }
}

struct Cx<'q, 'w> {
    quirks: &'q Quirks,
    warnings: &'w mut Vec<Warning>,
    len: usize,
}

impl Cx<'_, '_> {
    fn warn(&mut self, at: &[u8], quirk: Quirk) {
        self.warnings.push(Warning {
            offset: self.len - at.len(),
            quirk,
        });
    }

    /// `SP`, or with [`Quirk::ExtraWhitespace`] any run of SP and HT.
    fn sp<'a>(&mut self, i: &'a [u8], expected: &'static str) -> PResult<'a, ()> {
        let n = span(i, |b| b == b' ' || b == b'\t');
        if i.first() == Some(&b' ') && (n == 1 || !self.quirks.extra_whitespace) {
            return Ok((i.get(1..).unwrap_or_default(), ()));
        }
        if n > 0 && self.quirks.extra_whitespace {
            self.warn(i, Quirk::ExtraWhitespace);
            return Ok((i.get(n..).unwrap_or_default(), ()));
        }
        cut(i, expected, DecodeErrorKind::Syntax)
    }
}

/// Case-insensitive literal text.
fn keyword<'a>(i: &'a [u8], word: &'static str, expected: &'static str) -> PResult<'a, ()> {
    match i.get(..word.len()) {
        Some(h) if h.eq_ignore_ascii_case(word.as_bytes()) => {
            Ok((i.get(word.len()..).unwrap_or_default(), ()))
        }
        _ => cut(i, expected, DecodeErrorKind::Syntax),
    }
}

/// One command line without CRLF (RFC 5321 §4.1.1).
fn command_line<'a>(cx: &mut Cx<'_, '_>, i: &'a [u8]) -> PResult<'a, Command<'a>> {
    let n = span(i, |b| b != b' ');
    if n == 0 {
        return cut(i, "command verb", DecodeErrorKind::Syntax);
    }
    let (verb, r) = i.split_at(n);
    let mut buf = [0u8; 8];
    match super::upper(verb, &mut buf) {
        b"HELO" | b"EHLO" | b"LHLO" => {
            let (r, ()) = cx.sp(r, "SP and a domain")?;
            let (r, d) = cut_on_error(domain_or_address_literal(r))?;
            let c = match super::upper(verb, &mut buf) {
                b"HELO" => Command::Helo(d),
                b"EHLO" => Command::Ehlo(d),
                _ => Command::Lhlo(d),
            };
            Ok((r, c))
        }
        b"MAIL" => mail(cx, r),
        b"RCPT" => rcpt(cx, r),
        b"DATA" => Ok((r, Command::Data)),
        b"RSET" => Ok((r, Command::Rset)),
        b"QUIT" => Ok((r, Command::Quit)),
        b"STARTTLS" => Ok((r, Command::StartTls)),
        b"BDAT" => bdat(cx, r),
        b"VRFY" => {
            let (r, ()) = cx.sp(r, "SP and a string")?;
            let (r, s) = cut_on_error(string(r))?;
            Ok((r, Command::Vrfy(s)))
        }
        b"EXPN" => {
            let (r, ()) = cx.sp(r, "SP and a string")?;
            let (r, s) = cut_on_error(string(r))?;
            Ok((r, Command::Expn(s)))
        }
        b"HELP" => {
            let (r, s) = optional_string(cx, r)?;
            Ok((r, Command::Help(s)))
        }
        b"NOOP" => {
            let (r, s) = optional_string(cx, r)?;
            Ok((r, Command::Noop(s)))
        }
        b"AUTH" => auth(cx, r),
        b"ETRN" => etrn(cx, r),
        b"BURL" => burl(cx, r),
        b"XCLIENT" => {
            let (r, attrs) = xattrs(cx, r)?;
            Ok((r, Command::Xclient(attrs)))
        }
        b"XFORWARD" => {
            let (r, attrs) = xattrs(cx, r)?;
            Ok((r, Command::Xforward(attrs)))
        }
        _ => {
            let args = r.split_first().map(|(_, a)| Text::borrowed(a));
            Ok((
                &[],
                Command::Unknown {
                    verb: Verb::borrowed(verb),
                    args,
                },
            ))
        }
    }
}

/// `[ SP String ]` of HELP and NOOP (RFC 5321 §4.1.1.8, §4.1.1.9).
fn optional_string<'a>(
    cx: &mut Cx<'_, '_>,
    r: &'a [u8],
) -> PResult<'a, Option<crate::types::SmtpString<'a>>> {
    if r.is_empty() {
        return Ok((r, None));
    }
    let (r, ()) = cx.sp(r, "SP")?;
    let (r, s) = cut_on_error(string(r))?;
    Ok((r, Some(s)))
}

fn cut_on_error<'a, T>(r: PResult<'a, T>) -> PResult<'a, T> {
    match r {
        Err(nom::Err::Error(f)) => Err(nom::Err::Failure(f)),
        x => x,
    }
}

/// `":"` then, with [`Quirk::SpaceAfterColon`], spaces before the path.
fn colon_path_start<'a>(cx: &mut Cx<'_, '_>, i: &'a [u8]) -> &'a [u8] {
    let n = span(i, |b| b == b' ' || b == b'\t');
    if n > 0 && cx.quirks.space_after_colon {
        cx.warn(i, Quirk::SpaceAfterColon);
        i.get(n..).unwrap_or_default()
    } else {
        i
    }
}

/// With [`Quirk::PathWithoutBrackets`], a bare mailbox read as a path.
fn unbracketed<'a>(cx: &mut Cx<'_, '_>, i: &'a [u8]) -> PResult<'a, Option<Path<'a>>> {
    if !cx.quirks.path_without_brackets || i.first() == Some(&b'<') {
        return Ok((i, None));
    }
    let (r, m) = cut_on_error(mailbox(i))?;
    let p = Path::new(m).map_err(|e| {
        nom::Err::Failure(super::Fail {
            rest: i,
            expected: e.expected,
            kind: e.kind,
        })
    })?;
    cx.warn(i, Quirk::PathWithoutBrackets);
    Ok((r, Some(p)))
}

/// RFC 5321 §4.1.1.2 `mail = "MAIL FROM:" Reverse-path [SP Mail-parameters] CRLF`.
fn mail<'a>(cx: &mut Cx<'_, '_>, i: &'a [u8]) -> PResult<'a, Command<'a>> {
    let (r, ()) = cx.sp(i, "SP")?;
    let (r, ()) = keyword(r, "FROM:", "'FROM:'")?;
    let r = colon_path_start(cx, r);
    let (r, from) = match unbracketed(cx, r)? {
        (r, Some(p)) => (r, ReversePath::Path(p)),
        (r, None) => cut_on_error(reverse_path(r))?,
    };
    let (r, params) = parameters(cx, r)?;
    Ok((r, Command::Mail { from, params }))
}

/// RFC 5321 §4.1.1.3 `rcpt = "RCPT TO:" ( "<Postmaster@" Domain ">" /
/// "<Postmaster>" / Forward-path ) [SP Rcpt-parameters] CRLF`.
fn rcpt<'a>(cx: &mut Cx<'_, '_>, i: &'a [u8]) -> PResult<'a, Command<'a>> {
    let (r, ()) = cx.sp(i, "SP")?;
    let (r, ()) = keyword(r, "TO:", "'TO:'")?;
    let r = colon_path_start(cx, r);
    let (r, to) = match unbracketed(cx, r)? {
        (r, Some(p)) => (r, ForwardPath::Path(p)),
        (r, None) => cut_on_error(forward_path(r))?,
    };
    let (r, params) = parameters(cx, r)?;
    Ok((r, Command::Rcpt { to, params }))
}

/// RFC 5321 §4.1.2 `Mail-parameters = esmtp-param *(SP esmtp-param)`,
/// with the SP that precedes them; each keyword at most once.
fn parameters<'a>(cx: &mut Cx<'_, '_>, mut i: &'a [u8]) -> PResult<'a, Params<'a>> {
    let mut params = Params::new();
    while !i.is_empty() {
        let (r, ()) = cx.sp(i, "SP before a parameter")?;
        let (r2, p) = cut_on_error(esmtp_param(r))?;
        if params.push(p).is_err() {
            return cut(r, "each parameter at most once", DecodeErrorKind::Duplicate);
        }
        i = r2;
    }
    Ok((i, params))
}

/// `[SP "LAST"]` of BDAT and BURL.
fn last<'a>(cx: &mut Cx<'_, '_>, i: &'a [u8]) -> PResult<'a, bool> {
    if i.is_empty() {
        return Ok((i, false));
    }
    let (r, ()) = cx.sp(i, "SP and LAST")?;
    let (r, ()) = keyword(r, "LAST", "'LAST'")?;
    Ok((r, true))
}

/// RFC 3030 §4 `bdat-cmd = "BDAT" SP chunk-size [ SP end-marker ] CRLF`,
/// `chunk-size = 1*DIGIT`, `end-marker = "LAST"`.
fn bdat<'a>(cx: &mut Cx<'_, '_>, i: &'a [u8]) -> PResult<'a, Command<'a>> {
    let (r, ()) = cx.sp(i, "SP and a chunk size")?;
    let (r, size) = cut_on_error(number::<u64>(r, 20, "chunk size in octets"))?;
    let (r, last) = last(cx, r)?;
    Ok((r, Command::Bdat { size, last }))
}

/// RFC 4954 §4 `auth-command = "AUTH" SP sasl-mech [SP initial-response]`,
/// `initial-response = base64 / "="`.
fn auth<'a>(cx: &mut Cx<'_, '_>, i: &'a [u8]) -> PResult<'a, Command<'a>> {
    let (r, ()) = cx.sp(i, "SP and a SASL mechanism")?;
    let (r, mech) = cut_on_error(super::sasl::sasl_mech(r))?;
    let mechanism = Mechanism::borrowed(mech);
    if r.is_empty() {
        return Ok((
            r,
            Command::Auth {
                mechanism,
                initial_response: None,
            },
        ));
    }
    let (r, ()) = cx.sp(r, "SP and an initial response")?;
    let (r, data) = if let Some(rest) = r.strip_prefix(b"=") {
        (rest, SaslData::default())
    } else {
        let (r2, s) = super::sasl::base64(r)?;
        if s.is_empty() {
            return cut(r, "base64 or '='", DecodeErrorKind::Syntax);
        }
        (r2, SaslData::borrowed(s))
    };
    Ok((
        r,
        Command::Auth {
            mechanism,
            initial_response: Some(data),
        },
    ))
}

/// RFC 1985 §5 `etrn = "ETRN" SP ["@" / "#"] domain` (a `#` queue name is
/// an atom).
fn etrn<'a>(cx: &mut Cx<'_, '_>, i: &'a [u8]) -> PResult<'a, Command<'a>> {
    let (r, ()) = cx.sp(i, "SP and a node name")?;
    match r.split_first() {
        Some((b'#', q)) => {
            let (r, name) = cut_on_error(super::path::atom(q))?;
            let a = Atom::borrowed(utf8(name, q)?);
            Ok((r, Command::Etrn(EtrnArg::Queue(a))))
        }
        Some((b'@', d)) => {
            let (r, d) = cut_on_error(domain(d))?;
            Ok((r, Command::Etrn(EtrnArg::Subdomains(d))))
        }
        _ => {
            let (r, d) = cut_on_error(domain(r))?;
            Ok((r, Command::Etrn(EtrnArg::Domain(d))))
        }
    }
}

/// RFC 4468 §3.1 `burl-cmd = "BURL" SP absolute-URI [SP end-marker] CRLF`
/// (the URI as one word of visible ASCII).
fn burl<'a>(cx: &mut Cx<'_, '_>, i: &'a [u8]) -> PResult<'a, Command<'a>> {
    let (r, ()) = cx.sp(i, "SP and a URL")?;
    let n = span(r, crate::types::is_vchar);
    if n == 0 {
        return cut(r, "URL", DecodeErrorKind::Syntax);
    }
    let url = BurlUrl::borrowed(utf8(r.get(..n).unwrap_or_default(), r)?);
    let (r, last) = last(cx, r.get(n..).unwrap_or_default())?;
    Ok((r, Command::Burl { url, last }))
}

/// An XCLIENT/XFORWARD attribute name: letters, digits, `-`, `_`.
pub(crate) fn xattr_name(i: &[u8]) -> PResult<'_, &str> {
    let n = span(i, |b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if n == 0 {
        return fail(i, "attribute name");
    }
    Ok((
        i.get(n..).unwrap_or_default(),
        utf8(i.get(..n).unwrap_or_default(), i)?,
    ))
}

/// Postfix `XCLIENT SP attribute-name "=" attribute-value *( SP ... )`
/// (and XFORWARD alike), values in xtext. No attribute at all is read as
/// an empty list, for the session to answer.
fn xattrs<'a>(cx: &mut Cx<'_, '_>, mut i: &'a [u8]) -> PResult<'a, Vec<XAttr<'a>>> {
    let mut attrs = Vec::new();
    while !i.is_empty() {
        let (r, ()) = cx.sp(i, "SP and NAME=value")?;
        let (r, name) = cut_on_error(xattr_name(r))?;
        let Some((b'=', r)) = r.split_first() else {
            return cut(r, "'=' after the attribute name", DecodeErrorKind::Syntax);
        };
        let (r, value) = super::xtext::xtext(r)?;
        attrs.push(XAttr::borrowed(name, value));
        i = r;
    }
    Ok((i, attrs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Body, Domain, Param};
    use alloc::vec;

    fn c(s: &[u8]) -> Result<Command<'_>, DecodeError> {
        command(s)
    }

    #[test]
    fn rfc5321_appendix_d1_session() {
        assert!(
            matches!(c(b"EHLO bar.com\r\n").unwrap(), Command::Ehlo(Domain::Name(d)) if d.as_str() == "bar.com")
        );
        let Command::Mail { from, params } = c(b"MAIL FROM:<Smith@bar.com>\r\n").unwrap() else {
            panic!()
        };
        assert_eq!(from.mailbox().unwrap().local_part.as_str(), "Smith");
        assert!(params.is_empty());
        let Command::Rcpt { to, .. } = c(b"RCPT TO:<Jones@foo.com>\r\n").unwrap() else {
            panic!()
        };
        assert!(matches!(to, ForwardPath::Path(_)));
        assert_eq!(c(b"DATA\r\n").unwrap(), Command::Data);
        assert_eq!(c(b"QUIT\r\n").unwrap(), Command::Quit);
        assert_eq!(c(b"quit\r\n").unwrap(), Command::Quit);
    }

    #[test]
    fn simple_verbs_and_strings() {
        assert_eq!(c(b"RSET\r\n").unwrap(), Command::Rset);
        assert_eq!(c(b"STARTTLS\r\n").unwrap(), Command::StartTls);
        assert!(matches!(c(b"VRFY Smith\r\n").unwrap(), Command::Vrfy(s) if s.as_str() == "Smith"));
        assert!(
            matches!(c(b"EXPN \"Example People\"\r\n").unwrap(), Command::Expn(s) if s.is_quoted())
        );
        assert_eq!(c(b"HELP\r\n").unwrap(), Command::Help(None));
        assert!(matches!(
            c(b"NOOP hello\r\n").unwrap(),
            Command::Noop(Some(_))
        ));
        assert_eq!(c(b"DATA x\r\n").unwrap_err().offset, 4);
        assert_eq!(c(b"VRFY\r\n").unwrap_err().expected, "SP and a string");
        // What Python's smtplib sends for verify("user@example.org").
        assert!(
            matches!(c(b"vrfy user@example.org\r\n").unwrap(), Command::Vrfy(s) if s.as_str() == "user@example.org")
        );
        assert!(matches!(
            c(b"EXPN <list@example.org>\r\n").unwrap(),
            Command::Expn(_)
        ));
        assert_eq!(c(b"VRFY John Smith\r\n").unwrap_err().offset, 9);
        assert!(matches!(
            c(b"HELO [192.0.2.1]\r\n").unwrap(),
            Command::Helo(Domain::AddressLiteral(_))
        ));
        assert!(matches!(c(b"LHLO foo.edu\r\n").unwrap(), Command::Lhlo(_)));
    }

    #[test]
    fn line_endings() {
        assert_eq!(c(b"QUIT").unwrap_err().kind, DecodeErrorKind::Incomplete);
        assert_eq!(c(b"QUIT\n").unwrap_err().offset, 4);
        assert_eq!(c(b"QU\rIT\r\n").unwrap_err().offset, 2);
        assert_eq!(c(b"\r\n").unwrap_err().expected, "command verb");
    }

    #[test]
    fn mail_rcpt_parameters() {
        let Command::Mail { from, params } =
            c(b"MAIL FROM:<> SIZE=500 BODY=8BITMIME RET=HDRS ENVID=QQ314159\r\n").unwrap()
        else {
            panic!()
        };
        assert_eq!(from, ReversePath::Null);
        assert_eq!(params.size(), Some(500));
        assert_eq!(params.body(), Some(Body::EightBitMime));
        assert_eq!(params.len(), 4);
        let e = c(b"MAIL FROM:<> SIZE=1 size=2\r\n").unwrap_err();
        assert_eq!((e.offset, e.kind), (20, DecodeErrorKind::Duplicate));
        let Command::Rcpt { to, params } =
            c(b"RCPT TO:<Postmaster> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Bob@Example.COM\r\n")
                .unwrap()
        else {
            panic!()
        };
        assert_eq!(to, ForwardPath::Postmaster);
        assert!(matches!(params.get("orcpt"), Some(Param::Orcpt(_))));
        assert_eq!(c(b"MAIL FROM:<>  SIZE=1\r\n").unwrap_err().offset, 13);
        assert_eq!(c(b"MAIL TO:<>\r\n").unwrap_err().expected, "'FROM:'");
        assert_eq!(c(b"RCPT TO:<a@b\r\n").unwrap_err().expected, "'>'");
    }

    #[test]
    fn bdat_rfc3030() {
        assert_eq!(
            c(b"BDAT 86999 LAST\r\n").unwrap(),
            Command::Bdat {
                size: 86999,
                last: true
            }
        );
        assert_eq!(
            c(b"BDAT 0\r\n").unwrap(),
            Command::Bdat {
                size: 0,
                last: false
            }
        );
        assert_eq!(c(b"BDAT x\r\n").unwrap_err().offset, 5);
        assert_eq!(c(b"BDAT 1 FIRST\r\n").unwrap_err().offset, 7);
    }

    #[test]
    fn auth_rfc4954() {
        let Command::Auth {
            mechanism,
            initial_response,
        } = c(b"AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n").unwrap()
        else {
            panic!()
        };
        assert!(mechanism.is("plain"));
        let ir = initial_response.unwrap();
        assert_eq!(ir.decode().unwrap(), b"test\0test\x001234");
        let Command::Auth {
            initial_response, ..
        } = c(b"AUTH EXTERNAL =\r\n").unwrap()
        else {
            panic!()
        };
        assert!(initial_response.unwrap().is_empty());
        let Command::Auth {
            initial_response, ..
        } = c(b"AUTH LOGIN\r\n").unwrap()
        else {
            panic!()
        };
        assert!(initial_response.is_none());
        assert_eq!(c(b"AUTH PLAIN abc\r\n").unwrap_err().offset, 14);
        let dbg = alloc::format!("{:?}", c(b"AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n").unwrap());
        assert!(!dbg.contains("dGVzd"), "{dbg}");
    }

    #[test]
    fn etrn_burl_xclient() {
        assert!(matches!(
            c(b"ETRN @example.org\r\n").unwrap(),
            Command::Etrn(EtrnArg::Subdomains(_))
        ));
        assert!(matches!(
            c(b"ETRN #queue1\r\n").unwrap(),
            Command::Etrn(EtrnArg::Queue(_))
        ));
        assert!(matches!(
            c(b"ETRN example.org\r\n").unwrap(),
            Command::Etrn(EtrnArg::Domain(_))
        ));
        let Command::Burl { url, last } =
            c(b"BURL imap://harry@gray.example.com/outbox;uidvalidity=1078863300/;uid=25;urlauth=submit+harry:internal:91354a473744909de610943775f92038 LAST\r\n").unwrap()
        else {
            panic!()
        };
        assert!(last && url.as_str().starts_with("imap://"));
        let shown = alloc::format!("{url:?}");
        assert!(
            !shown.contains("91354a47") && shown.ends_with(":internal:<redacted>\""),
            "{shown}"
        );
        let Command::Xclient(a) =
            c(b"XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2\r\n").unwrap()
        else {
            panic!()
        };
        assert_eq!(a.len(), 2);
        assert_eq!(
            (a[1].name(), a[1].value().as_str()),
            ("ADDR", "168.100.189.2")
        );
        assert!(matches!(
            c(b"XFORWARD PROTO=ESMTP\r\n").unwrap(),
            Command::Xforward(_)
        ));
        assert_eq!(c(b"XCLIENT NAME\r\n").unwrap_err().offset, 12);
        // No attribute: an empty list, which the session refuses.
        assert_eq!(c(b"XCLIENT\r\n").unwrap(), Command::Xclient(Vec::new()));
    }

    #[test]
    fn unknown_verbs_are_kept() {
        let Command::Unknown { verb, args } = c(b"XEXP  some args \r\n").unwrap() else {
            panic!()
        };
        assert_eq!(verb.as_bytes(), b"XEXP");
        assert_eq!(args.unwrap().as_bytes(), b" some args ");
        let Command::Unknown { args, .. } = c(b"TURN\r\n").unwrap() else {
            panic!()
        };
        assert!(args.is_none());
        assert!(matches!(c(b"DATA:\r\n").unwrap(), Command::Unknown { .. }));
    }

    #[test]
    fn smtputf8_is_reported() {
        let cmd = c("MAIL FROM:<用户@例子.广告> SMTPUTF8\r\n".as_bytes()).unwrap();
        assert!(cmd.requires_smtputf8());
        assert!(!c(b"MAIL FROM:<a@b.c>\r\n").unwrap().requires_smtputf8());
    }

    fn quirky(s: &[u8]) -> (Result<Command<'_>, DecodeError>, Vec<Warning>) {
        let mut w = Vec::new();
        let r = command_with(s, &Quirks::server_default(), &mut w);
        (r, w)
    }

    #[test]
    fn quirk_path_without_brackets() {
        let line = b"MAIL FROM:user@example.org SIZE=10\r\n";
        assert_eq!(command(line).unwrap_err().offset, 10);
        let (r, w) = quirky(line);
        let Command::Mail { from, params } = r.unwrap() else {
            panic!()
        };
        assert_eq!(from.mailbox().unwrap().local_part.as_str(), "user");
        assert_eq!(params.size(), Some(10));
        assert_eq!(
            w,
            vec![Warning {
                offset: 10,
                quirk: Quirk::PathWithoutBrackets
            }]
        );
    }

    #[test]
    fn quirk_space_after_colon() {
        let line = b"RCPT TO: <a@b.example>\r\n";
        assert!(command(line).is_err());
        let (r, w) = quirky(line);
        assert!(matches!(r.unwrap(), Command::Rcpt { .. }));
        assert_eq!(
            w,
            vec![Warning {
                offset: 8,
                quirk: Quirk::SpaceAfterColon
            }]
        );
    }

    #[test]
    fn quirk_trailing_whitespace() {
        let line = b"MAIL FROM:<a@b.example> \t\r\n";
        assert_eq!(command(line).unwrap_err().offset, 24);
        let (r, w) = quirky(line);
        assert!(r.is_ok());
        assert_eq!(
            w,
            vec![Warning {
                offset: 23,
                quirk: Quirk::TrailingWhitespace
            }]
        );
    }

    #[test]
    fn quirk_extra_whitespace() {
        let line = b"MAIL FROM:<a@b.example>  SIZE=1\tBODY=7BIT\r\n";
        assert!(command(line).is_err());
        let (r, w) = quirky(line);
        let Command::Mail { params, .. } = r.unwrap() else {
            panic!()
        };
        assert_eq!(params.len(), 2);
        assert_eq!(
            w,
            vec![
                Warning {
                    offset: 23,
                    quirk: Quirk::ExtraWhitespace
                },
                Warning {
                    offset: 31,
                    quirk: Quirk::ExtraWhitespace
                },
            ]
        );
    }

    #[test]
    fn quirk_bare_lf() {
        assert!(quirky(b"QUIT\n").0.is_err());
        let mut w = Vec::new();
        let q = Quirks {
            bare_lf: true,
            ..Quirks::strict()
        };
        assert_eq!(command_with(b"QUIT\n", &q, &mut w).unwrap(), Command::Quit);
        assert_eq!(
            w,
            vec![Warning {
                offset: 4,
                quirk: Quirk::BareLf
            }]
        );
    }
}
