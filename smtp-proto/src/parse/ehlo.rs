//! Capabilities in a reply to EHLO or LHLO: RFC 5321 §4.1.1.1
//! `ehlo-line = ehlo-keyword *( SP ehlo-param )`, with the parameters of
//! each registered keyword.

use alloc::borrow::Cow;
use alloc::vec::Vec;

use super::{all, number};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::types::{
    Capability, DateTime, EhloReply, Limit, Mechanisms, OtherCapability, Reply, ReplyCode, Text,
    Word,
};

/// Decodes a whole reply to EHLO or LHLO (all lines, CRLF included).
pub fn ehlo_reply(bytes: &[u8]) -> Result<EhloReply<'_>, DecodeError> {
    // The usual reply (every line `250-` or `250 ` with text and CRLF) is
    // read in one pass; anything else goes through the full reply grammar,
    // which also names the error.
    match ehlo_reply_plain(bytes) {
        Some(r) => Ok(r),
        None => ehlo_reply_checked(bytes),
    }
}

/// A reply whose every line is `"250" ("-" / SP) 1*text CRLF`, the last
/// one alone with SP and nothing after it; `None` for anything else
/// (errors included), which [`ehlo_reply_checked`] then reads.
fn ehlo_reply_plain(bytes: &[u8]) -> Option<EhloReply<'_>> {
    let mut greeting = None;
    let mut capabilities = Vec::new();
    let mut rest = bytes;
    loop {
        let (head, tail) = rest.split_first_chunk::<4>()?;
        let last = match head {
            b"250-" => false,
            b"250 " => true,
            _ => return None,
        };
        // A keyword alone (the usual capability line) ends where its
        // octets do; otherwise the first CR or LF must be the line's CRLF.
        let scan = keyword_scan(tail);
        let end = match tail.get(scan.0) {
            Some(b'\r') => scan.0,
            _ => scan.0 + memchr::memchr2(b'\r', b'\n', tail.get(scan.0..)?)?,
        };
        let (text, after) = tail.split_at(end);
        rest = after.strip_prefix(b"\r\n")?;
        match greeting {
            None => greeting = Some(text),
            Some(_) => {
                if capabilities.is_empty() {
                    capabilities.reserve(12);
                }
                if typed(text, scan, &mut capabilities).is_none() {
                    capabilities.extend(core::iter::once_with(|| other(text)));
                }
            }
        }
        if last {
            // Strict grammar: a last line `250 ` needs text after the space.
            if text.is_empty() || !rest.is_empty() {
                return None;
            }
            return Some(EhloReply {
                greeting: Text::borrowed(greeting.unwrap_or_default()),
                capabilities,
            });
        }
    }
}

/// [`ehlo_reply`] by the full reply grammar, line by line.
pub(crate) fn ehlo_reply_checked(bytes: &[u8]) -> Result<EhloReply<'_>, DecodeError> {
    // Each line goes straight to its capability: no list of lines is built
    // on the way.
    let mut greeting = None;
    let mut capabilities = Vec::new();
    let code = super::reply::reply_lines(
        bytes,
        &crate::quirks::Quirks::strict(),
        &mut Vec::new(),
        |_, _, text| match greeting {
            None => greeting = Some(text),
            Some(_) => {
                if capabilities.is_empty() {
                    capabilities.reserve(12);
                }
                capabilities.push(capability_text(text));
            }
        },
    )?;
    if code != ReplyCode::OK {
        return Err(DecodeError::new(
            0,
            "reply code 250",
            DecodeErrorKind::Syntax,
        ));
    }
    Ok(EhloReply {
        greeting: greeting.unwrap_or_default(),
        capabilities,
    })
}

/// The capabilities announced by a reply to EHLO or LHLO (the same as
/// [`Reply::ehlo`]); the reply must be a 250.
pub fn ehlo_capabilities<'r>(reply: &'r Reply<'_>) -> Result<EhloReply<'r>, DecodeError> {
    ehlo_from_reply(reply)
}

/// The capabilities of `reply`, borrowing from it.
pub(crate) fn ehlo_from_reply<'r>(reply: &'r Reply<'_>) -> Result<EhloReply<'r>, DecodeError> {
    if reply.code() != ReplyCode::OK {
        return Err(DecodeError::new(
            0,
            "reply code 250",
            DecodeErrorKind::Syntax,
        ));
    }
    let mut lines = reply.lines().iter();
    let greeting = lines
        .next()
        .map(|t| Text::borrowed(t.as_bytes()))
        .unwrap_or_default();
    let capabilities = lines.map(|t| capability(t.as_bytes())).collect();
    Ok(EhloReply {
        greeting,
        capabilities,
    })
}

/// A line kept as `Text` (owned or borrowed) when it is not typed.
fn capability_text(t: Text<'_>) -> Capability<'_> {
    match t.as_borrowed() {
        Some(b) => capability(b),
        None => match capability(t.as_bytes()) {
            Capability::Other(_) => Capability::Other(OtherCapability::from_text(t)),
            c => c.into_static(),
        },
    }
}

/// One capability line's text. Never fails: what cannot be typed is
/// [`Capability::Other`].
pub(crate) fn capability(line: &[u8]) -> Capability<'_> {
    typed(line, keyword_scan(line), AsValue).unwrap_or_else(|| other(line))
}

/// A line kept as it came.
fn other(line: &[u8]) -> Capability<'_> {
    Capability::Other(OtherCapability::from_text(Text::borrowed(line)))
}

/// The space-separated words of `args`, each checked as a [`Word`].
fn words(args: &[u8]) -> impl Iterator<Item = Option<Word<'_>>> {
    args.split(|&b| b == b' ')
        .filter(|w| !w.is_empty())
        .map(|w| core::str::from_utf8(w).ok().and_then(|s| Word::new(s).ok()))
}

/// How many words `args` holds; `None` when one is not a [`Word`]
/// (visible ASCII between spaces, so the whole is ASCII too).
fn count_words(args: &[u8]) -> Option<usize> {
    let mut count = 0;
    let mut after_space = true;
    for &b in args {
        if b == b' ' {
            after_space = true;
        } else if is_vchar(b) {
            count += usize::from(after_space);
            after_space = false;
        } else {
            return None;
        }
    }
    Some(count)
}

/// RFC 5321 §4.1.1.1 `ehlo-param = 1*(%d33-126)`.
fn is_vchar(b: u8) -> bool {
    (0x21..=0x7e).contains(&b)
}

/// The first word of `args` (already counted, so all are valid).
fn first_word(args: &[u8]) -> Option<Word<'_>> {
    words(args).next().flatten()
}

/// All the words, when some parameter keeps the list.
fn word_vec(args: &[u8]) -> Option<Vec<Word<'_>>> {
    words(args).collect()
}

fn num<T: TryFrom<u64>>(w: &Word<'_>, digits: usize) -> Option<T> {
    decimal(w.as_str().as_bytes(), digits)
}

/// `1*max DIGIT` and nothing else, as a `T`.
fn decimal<T: TryFrom<u64>>(w: &[u8], max: usize) -> Option<T> {
    if w.is_empty() || w.len() > max {
        return None;
    }
    let mut v = 0u64;
    for &b in w {
        if !b.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    T::try_from(v).ok()
}

/// The only word of `args` (which holds exactly one, already checked).
fn only_word(args: &[u8]) -> &[u8] {
    let start = args.iter().position(|&b| b != b' ').unwrap_or(args.len());
    let w = args.get(start..).unwrap_or_default();
    let end = w.iter().position(|&b| b == b' ').unwrap_or(w.len());
    w.get(..end).unwrap_or_default()
}

/// A keyword of at most 16 octets in upper case, one octet per byte of
/// the number; keyword octets are never zero, so two keywords of
/// different lengths never meet.
const fn key(kw: &[u8]) -> u128 {
    let mut k = 0u128;
    let mut i = 0;
    while i < kw.len() {
        k = (k << 8) | kw[i].to_ascii_uppercase() as u128;
        i += 1;
    }
    k
}

/// `AUTH` mechanisms: RFC 4954 §3 `1*(SP sasl-mech)` after the keyword
/// (`AUTH=` lists have no space before the first), each RFC 4422 §3.1
/// `sasl-mech = 1*20mech-char`; any other octet leaves the line untyped.
fn mechanisms(args: &[u8]) -> Option<Mechanisms<'_>> {
    // Checked in one pass; the usual list (single spaces between names)
    // is kept as it came, any other spacing is rewritten with single ones.
    let list = args.strip_prefix(b" ").unwrap_or(args);
    let mut len = 0;
    let mut spaced = true;
    for &b in list {
        if b == b' ' {
            spaced &= len > 0;
            len = 0;
        } else if super::sasl::is_mech_char(b) {
            len += 1;
            if len > 20 {
                return None;
            }
        } else {
            return None;
        }
    }
    spaced &= len > 0 || list.is_empty();
    // ASCII only, so valid UTF-8.
    let s = core::str::from_utf8(list).ok()?;
    if spaced {
        return Some(Mechanisms::checked(Cow::Borrowed(s)));
    }
    let names: Vec<&str> = s.split(' ').filter(|m| !m.is_empty()).collect();
    Some(Mechanisms::checked(Cow::Owned(names.join(" "))))
}

/// The keyword octets (`ALPHA / DIGIT / "-"`) that start `line`: how many,
/// and their [`key`] when there are at most 16 (`None` past that).
#[inline]
fn keyword_scan(line: &[u8]) -> (usize, Option<u128>) {
    let n = line
        .iter()
        .position(|&b| !KEYWORD_OCTET.get(usize::from(b)).is_some_and(|&k| k))
        .unwrap_or(line.len());
    if n > 16 {
        return (n, None);
    }
    // With 16 octets at hand (the usual case: the reply goes on after the
    // keyword) the key is one load, a shift and an upper-casing of all
    // octets at once.
    if let Some(chunk) = line.first_chunk::<16>() {
        let k = match n {
            0 => 0,
            _ => u128::from_be_bytes(*chunk) >> (8 * (16 - n)),
        };
        return (n, Some(upper_octets(k)));
    }
    let k = line
        .get(..n)
        .unwrap_or_default()
        .iter()
        .fold(0u128, |k, b| (k << 8) | u128::from(b.to_ascii_uppercase()));
    (n, Some(k))
}

/// RFC 5321 §4.1.1.1 `ALPHA / DIGIT / "-"`, by octet.
const KEYWORD_OCTET: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'-';
        b += 1;
    }
    t
};

/// Every octet of `k` from `a` to `z` in upper case; `k` holds keyword
/// octets (below 0x80) and zeros only.
fn upper_octets(k: u128) -> u128 {
    const EACH: u128 = u128::MAX / 0xff;
    // Per octet, no carry across (all below 0x80): the high bit of the
    // first sum is set from `a` up, of the second from `{` up.
    let from_a = k + EACH * (0x80 - u128::from(b'a'));
    let past_z = k + EACH * (0x80 - u128::from(b'{'));
    let lower = from_a & !past_z & (EACH * 0x80);
    k & !(lower >> 2)
}

/// [`typed`] of a line whose [`keyword_scan`] is `scan`.
// Inlined, the value is built where it goes rather than copied there.
#[inline(always)]
fn typed<'a, P: Put<'a>>(line: &'a [u8], scan: (usize, Option<u128>), to: P) -> Option<P::Out> {
    use Capability as C;
    // The pre-standard `AUTH=mech ...` (RFC 4954 §8 notes clients look for
    // it): the keyword scan stops at the `=`.
    if scan == (4, Some(AUTH)) && line.get(4) == Some(&b'=') {
        let rest = line.get(5..).unwrap_or_default();
        let mechanisms = mechanisms(rest)?;
        return Some(to.put(|| C::Auth {
            mechanisms,
            legacy: true,
        }));
    }
    // RFC 5321 §4.1.1.1 `ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT /
    // "-")`, up to the first space.
    let (n, k) = scan;
    let (kw, args) = line.split_at(n.min(line.len()));
    if !(args.is_empty() || args.first() == Some(&b' '))
        || !kw.first().is_some_and(u8::is_ascii_alphanumeric)
    {
        return None;
    }
    // Most keywords are flags: they take no parameter, so the line must
    // hold nothing but spaces after them. Every flag goes through the one
    // `put` below (a `put` per arm is a copy of the list's push per arm,
    // too many to inline), and is built there from a one-octet `Flag`
    // (a whole `Capability` chosen first and copied after is read back
    // before its tag is stored).
    let flag = match (k, k.and_then(flag)) {
        (_, Some(f)) => f,
        // The only keyword over 16 octets this crate types.
        (None, _) if kw.eq_ignore_ascii_case(b"ENHANCEDSTATUSCODES") => Flag::EnhancedStatusCodes,
        (None, _) => return None,
        (Some(SIZE), _) => {
            // RFC 1870 §4: `"SIZE" [SP number]`
            // The usual `SP 1*DIGIT` read at once; other spacing by words.
            let size = match args.strip_prefix(b" ").and_then(|n| decimal(n, 20)) {
                Some(n) => Some(n),
                None => match count_words(args)? {
                    0 => None,
                    1 => Some(decimal(only_word(args), 20)?),
                    _ => return None,
                },
            };
            return Some(to.put(|| C::Size(size)));
        }
        // RFC 4954 §3: `"AUTH" 1*(SP sasl-mech)` (none is kept, too)
        (Some(AUTH), _) => {
            let mechanisms = mechanisms(args)?;
            return Some(to.put(|| C::Auth {
                mechanisms,
                legacy: false,
            }));
        }
        (Some(k), _) => return parameters(k, args).map(|c| to.put(|| c)),
    };
    if !spaces_only(args) {
        return None;
    }
    Some(to.put_flag(flag))
}

/// Where [`typed`] hands the capability it read.
trait Put<'a> {
    /// What handing it over gives back.
    type Out;
    /// Hands over `c`.
    fn put(self, c: impl FnOnce() -> Capability<'a>) -> Self::Out;
    /// Hands over the capability `f`.
    fn put_flag(self, f: Flag) -> Self::Out;
}

/// The capability is returned.
struct AsValue;

impl<'a> Put<'a> for AsValue {
    type Out = Capability<'a>;
    #[inline(always)]
    fn put(self, c: impl FnOnce() -> Capability<'a>) -> Capability<'a> {
        c()
    }
    #[inline(always)]
    fn put_flag(self, f: Flag) -> Capability<'a> {
        f.capability()
    }
}

/// The capability is pushed on the list.
impl<'a> Put<'a> for &mut Vec<Capability<'a>> {
    type Out = ();
    #[inline(always)]
    // Built after the room is made: a value made before (as `push` takes
    // it) is kept in a temporary in case growing fails, then read back
    // whole where its parts were stored one by one, which stalls.
    fn put(self, c: impl FnOnce() -> Capability<'a>) {
        self.extend(core::iter::once_with(c));
    }
    #[inline(always)]
    fn put_flag(self, f: Flag) {
        self.extend(core::iter::once(f).map(Flag::capability));
    }
}

const SIZE: u128 = key(b"SIZE");
const AUTH: u128 = key(b"AUTH");

/// Whether `args` holds nothing but spaces.
#[inline]
fn spaces_only(args: &[u8]) -> bool {
    args.iter().all(|&b| b == b' ')
}

/// The capabilities without parameters.
#[derive(Clone, Copy)]
enum Flag {
    EnhancedStatusCodes,
    EightBitMime,
    Pipelining,
    Dsn,
    Etrn,
    StartTls,
    Chunking,
    BinaryMime,
    SmtpUtf8,
    Checkpoint,
    Conneg,
    Expn,
    Help,
    RequireTls,
    Rrvs,
    Mtrk,
    Verb,
    Onex,
    Send,
    Soml,
    Saml,
    Turn,
    Atrn,
    Xusr,
    Utf8Smtp,
    Prdr,
    PipeConnect,
}

impl Flag {
    #[inline(always)]
    fn capability<'x>(self) -> Capability<'x> {
        use Capability as C;
        match self {
            Flag::EnhancedStatusCodes => C::EnhancedStatusCodes,
            Flag::EightBitMime => C::EightBitMime,
            Flag::Pipelining => C::Pipelining,
            Flag::Dsn => C::Dsn,
            Flag::Etrn => C::Etrn,
            Flag::StartTls => C::StartTls,
            Flag::Chunking => C::Chunking,
            Flag::BinaryMime => C::BinaryMime,
            Flag::SmtpUtf8 => C::SmtpUtf8,
            Flag::Checkpoint => C::Checkpoint,
            Flag::Conneg => C::Conneg,
            Flag::Expn => C::Expn,
            Flag::Help => C::Help,
            Flag::RequireTls => C::RequireTls,
            Flag::Rrvs => C::Rrvs,
            Flag::Mtrk => C::Mtrk,
            Flag::Verb => C::Verb,
            Flag::Onex => C::Onex,
            Flag::Send => C::Send,
            Flag::Soml => C::Soml,
            Flag::Saml => C::Saml,
            Flag::Turn => C::Turn,
            Flag::Atrn => C::Atrn,
            Flag::Xusr => C::Xusr,
            Flag::Utf8Smtp => C::Utf8Smtp,
            Flag::Prdr => C::Prdr,
            Flag::PipeConnect => C::PipeConnect,
        }
    }
}

/// The capability without parameters whose [`key`] is `k`, if any.
#[inline(always)]
fn flag(k: u128) -> Option<Flag> {
    const EIGHTBITMIME: u128 = key(b"8BITMIME");
    const PIPELINING: u128 = key(b"PIPELINING");
    const DSN: u128 = key(b"DSN");
    const ETRN: u128 = key(b"ETRN");
    const STARTTLS: u128 = key(b"STARTTLS");
    const CHUNKING: u128 = key(b"CHUNKING");
    const BINARYMIME: u128 = key(b"BINARYMIME");
    const SMTPUTF8: u128 = key(b"SMTPUTF8");
    const CHECKPOINT: u128 = key(b"CHECKPOINT");
    const CONNEG: u128 = key(b"CONNEG");
    const EXPN: u128 = key(b"EXPN");
    const HELP: u128 = key(b"HELP");
    const REQUIRETLS: u128 = key(b"REQUIRETLS");
    const RRVS: u128 = key(b"RRVS");
    const MTRK: u128 = key(b"MTRK");
    const VERB: u128 = key(b"VERB");
    const ONEX: u128 = key(b"ONEX");
    const SEND: u128 = key(b"SEND");
    const SOML: u128 = key(b"SOML");
    const SAML: u128 = key(b"SAML");
    const TURN: u128 = key(b"TURN");
    const ATRN: u128 = key(b"ATRN");
    const XUSR: u128 = key(b"XUSR");
    const UTF8SMTP: u128 = key(b"UTF8SMTP");
    const PRDR: u128 = key(b"PRDR");
    const PIPECONNECT: u128 = key(b"PIPECONNECT");
    Some(match k {
        EIGHTBITMIME => Flag::EightBitMime,
        PIPELINING => Flag::Pipelining,
        DSN => Flag::Dsn,
        ETRN => Flag::Etrn,
        STARTTLS => Flag::StartTls,
        CHUNKING => Flag::Chunking,
        BINARYMIME => Flag::BinaryMime,
        SMTPUTF8 => Flag::SmtpUtf8,
        CHECKPOINT => Flag::Checkpoint,
        CONNEG => Flag::Conneg,
        EXPN => Flag::Expn,
        HELP => Flag::Help,
        REQUIRETLS => Flag::RequireTls,
        RRVS => Flag::Rrvs,
        MTRK => Flag::Mtrk,
        VERB => Flag::Verb,
        ONEX => Flag::Onex,
        SEND => Flag::Send,
        SOML => Flag::Soml,
        SAML => Flag::Saml,
        TURN => Flag::Turn,
        ATRN => Flag::Atrn,
        XUSR => Flag::Xusr,
        UTF8SMTP => Flag::Utf8Smtp,
        PRDR => Flag::Prdr,
        PIPECONNECT => Flag::PipeConnect,
        _ => return None,
    })
}

/// The capabilities other than flags, `SIZE` and `AUTH`, by their [`key`].
fn parameters(k: u128, args: &[u8]) -> Option<Capability<'_>> {
    use Capability as C;
    const DELIVERBY: u128 = key(b"DELIVERBY");
    const BURL: u128 = key(b"BURL");
    const MT_PRIORITY: u128 = key(b"MT-PRIORITY");
    const NO_SOLICITING: u128 = key(b"NO-SOLICITING");
    const FUTURERELEASE: u128 = key(b"FUTURERELEASE");
    const LIMITS: u128 = key(b"LIMITS");
    const XCLIENT: u128 = key(b"XCLIENT");
    const XFORWARD: u128 = key(b"XFORWARD");
    match k {
        // RFC 2852 §3: `"DELIVERBY" [SP min-by-time]`
        DELIVERBY => match count_words(args)? {
            0 => Some(C::DeliverBy(None)),
            1 => Some(C::DeliverBy(Some(decimal(only_word(args), 10)?))),
            _ => None,
        },
        BURL => Some(C::Burl(word_vec(args)?)),
        MT_PRIORITY if count_words(args)? <= 1 => Some(C::MtPriority(first_word(args))),
        NO_SOLICITING if count_words(args)? <= 1 => Some(C::NoSoliciting(first_word(args))),
        // RFC 4865 §3: `"FUTURERELEASE" SP max-future-release-interval SP
        // max-future-release-date-time`
        FUTURERELEASE if count_words(args)? == 2 => {
            let mut w = words(args);
            Some(C::FutureRelease {
                max_interval: num(&w.next().flatten()?, 10)?,
                max_datetime: datetime(&w.next().flatten()?)?,
            })
        }
        // RFC 9422 §4: `"LIMITS" *(SP limit)`
        LIMITS => {
            let mut limits = Vec::with_capacity(count_words(args)?);
            for w in words(args) {
                limits.push(limit(&w?)?);
            }
            Some(C::Limits(limits))
        }
        XCLIENT => Some(C::Xclient(word_vec(args)?)),
        XFORWARD => Some(C::Xforward(word_vec(args)?)),
        _ => None,
    }
}

fn datetime<'a>(w: &Word<'a>) -> Option<DateTime<'a>> {
    let s = w.as_borrowed_str()?;
    all(s.as_bytes(), super::datetime::date_time, "").ok()?;
    Some(DateTime::borrowed(s))
}

/// RFC 9422 §4 `limit = limit-name "=" limit-value`.
fn limit<'a>(w: &Word<'a>) -> Option<Limit<'a>> {
    let s = w.as_borrowed_str()?;
    let (name, value) = s.split_once('=')?;
    all(name.as_bytes(), super::param::esmtp_keyword, "").ok()?;
    let value = all(value.as_bytes(), |i| number::<u64>(i, 20, "limit"), "").ok()?;
    Some(Limit::borrowed(name, value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Capability as C;

    #[test]
    fn rfc5321_appendix_d_ehlo() {
        let r = ehlo_reply(
            b"250-foo.com greets bar.com\r\n250-8BITMIME\r\n250-SIZE\r\n250-DSN\r\n250 HELP\r\n",
        )
        .unwrap();
        assert_eq!(r.domain(), b"foo.com");
        assert_eq!(
            r.capabilities,
            [C::EightBitMime, C::Size(None), C::Dsn, C::Help]
        );
        assert!(r.has("dsn"));
    }

    #[test]
    fn typical_postfix_reply() {
        let r = ehlo_reply(
            b"250-mail.example.org\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-VRFY\r\n250-ETRN\r\n\
250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n250-AUTH=PLAIN LOGIN\r\n250-ENHANCEDSTATUSCODES\r\n\
250-8BITMIME\r\n250-DSN\r\n250-SMTPUTF8\r\n250 CHUNKING\r\n",
        )
        .unwrap();
        assert_eq!(r.size(), Some(10_240_000));
        assert!(matches!(&r.capabilities[2], C::Other(o) if o.keyword() == b"VRFY"));
        assert!(
            matches!(&r.capabilities[5], C::Auth { legacy: false, mechanisms } if mechanisms.len() == 2)
        );
        assert!(matches!(&r.capabilities[6], C::Auth { legacy: true, .. }));
        assert_eq!(r.auth_mechanisms().count(), 4);
        assert_eq!(r.capabilities[10], C::SmtpUtf8);
    }

    #[test]
    fn parameters_of_extensions() {
        assert_eq!(capability(b"DELIVERBY 240"), C::DeliverBy(Some(240)));
        assert!(
            matches!(capability(b"LIMITS RCPTMAX=50 MAILMAX=10"), C::Limits(l) if l[0].name() == "RCPTMAX" && l[1].value() == 10)
        );
        assert!(matches!(
            capability(b"FUTURERELEASE 604800 2026-12-31T23:59:59Z"),
            C::FutureRelease {
                max_interval: 604800,
                ..
            }
        ));
        assert!(matches!(
            capability(b"MT-PRIORITY MIXER"),
            C::MtPriority(Some(_))
        ));
        assert!(
            matches!(capability(b"XCLIENT NAME ADDR PROTO HELO"), C::Xclient(v) if v.len() == 4)
        );
        assert!(matches!(capability(b"BURL imap"), C::Burl(v) if v.len() == 1));
        assert_eq!(capability(b"pipelining"), C::Pipelining);
        assert_eq!(capability(b"SIZE  100 "), C::Size(Some(100)));
    }

    #[test]
    fn mechanisms_are_borrowed_and_spacing_is_normalised() {
        let names = |line: &'static [u8]| match capability(line) {
            C::Auth { mechanisms, .. } => mechanisms,
            other => panic!("{other:?}"),
        };
        let line = b"AUTH PLAIN LOGIN XOAUTH2";
        let m = names(line);
        // Borrowed from the line, not copied.
        assert_eq!(m.as_str().as_ptr(), line[5..].as_ptr());
        assert_eq!(m.names().collect::<Vec<_>>(), ["PLAIN", "LOGIN", "XOAUTH2"]);
        assert_eq!(m.len(), 3);
        assert!(m.contains("login") && !m.contains("LOG"));
        // Extra spaces are read the same and kept as single ones.
        for line in [
            &b"AUTH  PLAIN LOGIN XOAUTH2"[..],
            b"AUTH PLAIN   LOGIN XOAUTH2 ",
            b"AUTH=PLAIN LOGIN  XOAUTH2",
        ] {
            let n = names(line);
            assert_eq!(n.as_str(), "PLAIN LOGIN XOAUTH2", "{line:?}");
            assert_eq!(n, m);
        }
        assert!(names(b"AUTH").is_empty());
        assert!(names(b"AUTH=").is_empty());
        assert_eq!(names(b"AUTH ").len(), 0);
        // A name over 20 octets, or an octet a name cannot hold, leaves
        // the line untyped.
        for line in [
            &b"AUTH ABCDEFGHIJKLMNOPQRSTU"[..],
            b"AUTH PLAIN LOG+IN",
            b"AUTH=PLAIN\tLOGIN",
        ] {
            assert!(matches!(capability(line), C::Other(_)), "{line:?}");
        }
        let twenty = names(b"AUTH ABCDEFGHIJKLMNOPQRST");
        assert_eq!(twenty.iter().next().map(|m| m.as_str().len()), Some(20));
    }

    #[test]
    fn unreadable_lines_are_kept() {
        for line in [
            &b"SIZE big"[..],
            b"PIPELINING now",
            b"X-EXPS GSSAPI",
            b"LIMITS RCPTMAX",
            b"",
            b"caf\xe9",
        ] {
            let C::Other(o) = capability(line) else {
                panic!("{line:?}")
            };
            assert_eq!(o.line().as_bytes(), line);
        }
    }

    #[test]
    fn non_250_is_refused() {
        assert_eq!(
            ehlo_reply(b"502 no\r\n").unwrap_err().expected,
            "reply code 250"
        );
    }

    /// The one-pass reading agrees with the full grammar, values and
    /// errors alike, on replies cut and altered at every octet.
    #[test]
    fn keyword_keys_agree_however_long_the_line() {
        for line in [
            &b"8bitmime"[..],
            b"Pipelining",
            b"pIpElInInG  and more after it",
            b"x-Az09-zZ",
            b"ABCDEFGHIJKLMNOP",
            b"abcdefghijklmnopq",
            b"SIZE 100",
            b"size",
            b"",
            b" x",
            b"@[`{az",
        ] {
            let n = line
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))
                .unwrap_or(line.len());
            let kw = line.get(..n).unwrap_or_default();
            let want = (n <= 16).then(|| key(kw));
            assert_eq!(keyword_scan(line), (n, want), "{line:?}");
            let mut padded = line.to_vec();
            padded.extend_from_slice(b"\r\n250-0123456789abcdefghijklmnop\r\n");
            assert_eq!(keyword_scan(&padded), (n, want), "{line:?}");
        }
    }

    /// The scan and its key agree with the ABNF for every octet at every
    /// place, in lines of every length around 16.
    #[test]
    fn keyword_scan_classifies_every_octet() {
        let reference = |line: &[u8]| {
            let n = line
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))
                .unwrap_or(line.len());
            (n, (n <= 16).then(|| key(line.get(..n).unwrap_or_default())))
        };
        for b in 0..=255u8 {
            for at in 0..18 {
                for len in [at + 1, 16, 17, 20] {
                    let mut line: Vec<u8> = (0..len.max(at + 1)).map(|i| b"aZ9-"[i % 4]).collect();
                    line[at] = b;
                    assert_eq!(keyword_scan(&line), reference(&line), "{line:?}");
                }
            }
        }
    }

    #[test]
    fn plain_path_agrees_with_the_grammar() {
        let base: &[u8] = b"250-mx.example.org hi\r\n250-PIPELINING\r\n250-SIZE 35882577\r\n\
250-auth=plain login\r\n250-AUTH PLAIN LOGIN\r\n250-8bitmime x\r\n250-\r\n250-DELIVERBY 99999999999\r\n\
250-X-EXPS GSSAPI\r\n250-ENHANCEDSTATUSCODES\r\n250-MT-PRIORITY A B\r\n250 CHUNKING\r\n";
        let mut cases = alloc::vec![base.to_vec()];
        for k in 0..base.len() {
            cases.push(base.get(..k).unwrap_or_default().to_vec());
            for b in [b' ', b'\r', b'\n', b'-', b'5', 0xe9, b'a'] {
                let mut v = base.to_vec();
                if let Some(slot) = v.get_mut(k) {
                    *slot = b;
                }
                cases.push(v);
            }
        }
        for c in &cases {
            assert_eq!(
                ehlo_reply(c),
                ehlo_reply_checked(c),
                "{:?}",
                c.escape_ascii()
            );
        }
    }
}
