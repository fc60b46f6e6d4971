//! The everyday commands (HELO/EHLO/LHLO, MAIL, RCPT, DATA, RSET, QUIT,
//! NOOP) read in one pass: each octet is classified once by a table or
//! compared as part of a known word, and the text kept (mailbox, domain,
//! ORCPT value) is checked as UTF-8 once per line and sliced from it.
//!
//! It accepts only what the full grammar in `command` accepts and builds
//! the same value; anything else (a quoted local part, a source route, an
//! address literal, non-ASCII, an error of any kind) yields `None`, and
//! the full grammar reads the line again to give the value or the exact
//! error. So it changes speed, never results.

use super::domain::MAX_DOMAIN;
use super::param::esmtp_param;
use super::path::MAX_LOCAL_PART;
use crate::types::xtext::hex_value;
use crate::types::{
    Body, Command, Domain, DomainName, ForwardPath, LocalPart, MAX_PATH, Mailbox, Notify, Orcpt,
    Param, Params, Path, ReversePath,
};

/// RFC 5322 §3.2.3 `atext`, ASCII only.
const ATEXT: u8 = 1;
/// RFC 5321 §4.1.2 `Let-dig` and `-`, ASCII only.
const LDH: u8 = 2;
/// RFC 3461 §4 `xchar`.
const XCHAR: u8 = 4;
/// RFC 3461 §4.2 `addr-type`: `atext` less `=`, ASCII only.
const ADDR_TYPE: u8 = 8;

const fn class_of(b: u8) -> u8 {
    let alnum = b.is_ascii_alphanumeric();
    let specials = matches!(
        b,
        b'!' | b'#'
            | b'$'
            | b'%'
            | b'&'
            | b'\''
            | b'*'
            | b'+'
            | b'-'
            | b'/'
            | b'='
            | b'?'
            | b'^'
            | b'_'
            | b'`'
            | b'{'
            | b'|'
            | b'}'
            | b'~'
    );
    let mut c = 0;
    if alnum || specials {
        c |= ATEXT;
    }
    if alnum || b == b'-' {
        c |= LDH;
    }
    if matches!(b, 33..=126) && b != b'+' && b != b'=' {
        c |= XCHAR;
    }
    if (alnum || specials) && b != b'=' {
        c |= ADDR_TYPE;
    }
    c
}

const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = class_of(i as u8);
        i += 1;
    }
    t
};

/// Four octets folded to lower case for comparing with a word of four
/// letters: setting bit 5 maps exactly the two cases of a letter to its
/// lower case, so equality with an all-letter word is exact.
#[inline(always)]
fn letters4(w: &[u8]) -> Option<u32> {
    Some(u32::from_le_bytes(w.try_into().ok()?) | 0x2020_2020)
}

/// Whether the octets at `at` spell `word` (at most 8 octets, letters
/// written in lower case), letters in any case. The octets are compared
/// as one word: setting bit 5 folds a letter to lower case, and it is
/// set only where `word` has a letter, so every other octet compares
/// exactly.
#[inline(always)]
fn word_at<const N: usize>(b: &[u8], at: usize, word: &[u8; N]) -> bool {
    const { assert!(N <= 8) };
    let Some(got) = b.get(at..at + N) else {
        return false;
    };
    let (mut g, mut w, mut m) = ([0u8; 8], [0u8; 8], [0u8; 8]);
    for (((g, &c), (w, m)), &x) in g
        .iter_mut()
        .zip(got)
        .zip(w.iter_mut().zip(m.iter_mut()))
        .zip(word)
    {
        *g = c;
        *w = x;
        *m = if x.is_ascii_lowercase() { 0x20 } else { 0 };
    }
    u64::from_le_bytes(g) | u64::from_le_bytes(m) == u64::from_le_bytes(w)
}

#[inline(always)]
fn is(b: u8, class: u8) -> bool {
    CLASS[usize::from(b)] & class != 0
}

/// The index of the first byte at or after `at` not in `class`.
#[inline(always)]
fn skip(b: &[u8], mut at: usize, class: u8) -> usize {
    // Four octets a step: one bounds check, and each octet one test.
    while let Some(&[c0, c1, c2, c3]) = b.get(at..at + 4) {
        if !is(c0, class) {
            return at;
        }
        if !is(c1, class) {
            return at + 1;
        }
        if !is(c2, class) {
            return at + 2;
        }
        if !is(c3, class) {
            return at + 3;
        }
        at += 4;
    }
    while let Some(&c) = b.get(at) {
        if !is(c, class) {
            break;
        }
        at += 1;
    }
    at
}

/// DATA, RSET, QUIT or NOOP alone on its line, any case; `None` for
/// anything else. Small enough to inline where the value is stored.
#[inline(always)]
pub(crate) fn bare_verb(line: &[u8]) -> Option<Command<'static>> {
    let [a, b, c, d, b'\r', b'\n'] = *line else {
        return None;
    };
    let verb = u32::from_le_bytes([a, b, c, d]) | 0x2020_2020;
    if verb == u32::from_le_bytes(*b"data") {
        Some(Command::Data)
    } else if verb == u32::from_le_bytes(*b"rset") {
        Some(Command::Rset)
    } else if verb == u32::from_le_bytes(*b"quit") {
        Some(Command::Quit)
    } else if verb == u32::from_le_bytes(*b"noop") {
        Some(Command::Noop(None))
    } else {
        None
    }
}

/// A command line the full grammar reads under strict quirks, decoded in
/// one pass; `None` for anything else.
#[inline(always)]
pub(crate) fn command(line: &[u8]) -> Option<Command<'_>> {
    let b = line.strip_suffix(b"\r\n")?;
    let verb = letters4(b.get(..4)?)?;
    let word = |w: &[u8; 4]| verb == u32::from_le_bytes(*w);
    if b.len() == 4 {
        return if word(b"data") {
            Some(Command::Data)
        } else if word(b"rset") {
            Some(Command::Rset)
        } else if word(b"quit") {
            Some(Command::Quit)
        } else if word(b"noop") {
            Some(Command::Noop(None))
        } else {
            None
        };
    }
    if b.get(4) != Some(&b' ') {
        return None;
    }
    if word(b"mail") {
        if !word_at(b, 5, b"from:") {
            return None;
        }
        let (mailbox, at) = if b.get(10..12) == Some(b"<>") {
            (None, 12)
        } else {
            let m = path(b, 10)?;
            (Some(m), m.end + 1)
        };
        let (path, params) = envelope(line, b, mailbox, at)?;
        Some(Command::Mail {
            from: match path {
                None => ReversePath::Null,
                Some(p) => ReversePath::Path(p),
            },
            params,
        })
    } else if word(b"rcpt") {
        if !word_at(b, 5, b"to:") {
            return None;
        }
        let (mailbox, at) = if word_at(b, 8, b"<postmas") && word_at(b, 16, b"ter>") {
            (None, 20)
        } else {
            let m = path(b, 8)?;
            (Some(m), m.end + 1)
        };
        let (path, params) = envelope(line, b, mailbox, at)?;
        Some(Command::Rcpt {
            to: match path {
                None => ForwardPath::Postmaster,
                Some(p) => ForwardPath::Path(p),
            },
            params,
        })
    } else {
        // Which greeting: EHLO, HELO or LHLO.
        let hello = if word(b"ehlo") {
            0
        } else if word(b"helo") {
            1
        } else if word(b"lhlo") {
            2
        } else {
            return None;
        };
        let end = domain(b, 5)?;
        if end != b.len() {
            return None;
        }
        let (s, base) = text(line, 5, end)?;
        let d = Domain::Name(DomainName::borrowed(part(s, base, 5, end)?));
        Some(match hello {
            0 => Command::Ehlo(d),
            1 => Command::Helo(d),
            _ => Command::Lhlo(d),
        })
    }
}

/// RFC 5321 §4.1.2 `Domain` of ASCII labels starting at `at`: where it
/// ends.
fn domain(b: &[u8], start: usize) -> Option<usize> {
    let mut at = start;
    loop {
        // Labels are short: an octet a step, no setup.
        let mut end = at;
        while b.get(end).is_some_and(|&c| is(c, LDH)) {
            end += 1;
        }
        if end == at || b.get(at) == Some(&b'-') || b.get(end - 1) == Some(&b'-') {
            return None;
        }
        at = end;
        if b.get(at) != Some(&b'.') {
            break;
        }
        at += 1;
    }
    (at - start <= MAX_DOMAIN).then_some(at)
}

/// Where the parts of `<local@domain>` are in the line.
#[derive(Clone, Copy)]
struct MailboxAt {
    /// The first octet of the local part.
    local: usize,
    /// The `@`.
    at: usize,
    /// The `>`.
    end: usize,
}

/// RFC 5321 §4.1.2 `Path = "<" Mailbox ">"` with a dot-string local part
/// and a domain name, at `start`.
// Out of line: inlined, its loops compete for registers with the rest
// of the line's reading and spill (measured slower).
#[inline(never)]
fn path(b: &[u8], start: usize) -> Option<MailboxAt> {
    if b.get(start) != Some(&b'<') {
        return None;
    }
    let local = start + 1;
    let mut at = local;
    // Dot-string = Atom *("." Atom)
    loop {
        let end = skip(b, at, ATEXT);
        if end == at {
            return None;
        }
        at = end;
        if b.get(at) != Some(&b'.') {
            break;
        }
        at += 1;
    }
    if at - local > MAX_LOCAL_PART || b.get(at) != Some(&b'@') {
        return None;
    }
    let end = domain(b, at + 1)?;
    if b.get(end) != Some(&b'>') || end + 1 - start > MAX_PATH {
        return None;
    }
    Some(MailboxAt { local, at, end })
}

/// The most parameters one line may carry in the one pass.
const MAX_PARAMS: usize = 8;

/// A parameter read but not yet built: its value, or where its text is.
#[derive(Clone, Copy)]
enum Pending {
    Size(u64),
    Body(Body),
    Notify(Notify),
    SmtpUtf8,
    /// `ORCPT=` with where its type starts, its `;` and its end.
    Orcpt {
        v: usize,
        semi: usize,
        end: usize,
    },
    /// Any other parameter, read by [`esmtp_param`] at this position.
    Other(usize),
}

impl Pending {
    /// A bit per typed keyword, to find one given twice; none for others.
    fn bit(self) -> u8 {
        match self {
            Pending::Size(_) => 1,
            Pending::Body(_) => 2,
            Pending::Notify(_) => 4,
            Pending::SmtpUtf8 => 8,
            Pending::Orcpt { .. } => 16,
            Pending::Other(_) => 0,
        }
    }
}

/// The path and parameters of MAIL or RCPT, the parameters starting at
/// `at`: everything is read first, then the text kept (the mailbox and
/// any ORCPT value) is checked as UTF-8 once and the values built.
#[inline(always)]
fn envelope<'a>(
    line: &'a [u8],
    b: &'a [u8],
    mailbox: Option<MailboxAt>,
    at: usize,
) -> Option<(Option<Path<'a>>, Params<'a>)> {
    let mut list = [Pending::SmtpUtf8; MAX_PARAMS];
    let (n, other) = parameters(b, at, &mut list)?;
    let list = list.get(..n)?;
    let (mut lo, mut hi) = match mailbox {
        Some(m) => (m.local, m.end),
        None => (usize::MAX, 0),
    };
    for p in list {
        if let Pending::Orcpt { v, end, .. } = *p {
            lo = lo.min(v);
            hi = hi.max(end);
        }
    }
    let (s, base) = if lo < hi {
        text(line, lo, hi)?
    } else {
        ("", lo)
    };
    let path = match mailbox {
        None => None,
        Some(m) => Some(plain_path(
            part(s, base, m.local, m.at)?,
            part(s, base, m.at + 1, m.end)?,
        )),
    };
    // Typed keywords were checked distinct as they were read.
    let params = match (list, other) {
        ([], _) => Params::new(),
        ([p], false) => Params::one(param(b, s, base, *p)?),
        ([p, q], false) => Params::two(param(b, s, base, *p)?, param(b, s, base, *q)?),
        _ => {
            let mut params = Params::new();
            for p in list {
                params.push(param(b, s, base, *p)?).ok()?;
            }
            params
        }
    };
    Some((path, params))
}

/// The octets `from..to` of the line out of `s`, its text from `base`.
#[inline(always)]
fn part(s: &str, base: usize, from: usize, to: usize) -> Option<&str> {
    let (_, rest) = s.split_at_checked(from.checked_sub(base)?)?;
    Some(rest.split_at_checked(to.checked_sub(from)?)?.0)
}

/// The parameter `p` read from `b`, its text out of `s` (from `base`).
#[inline(always)]
fn param<'a>(b: &'a [u8], s: &'a str, base: usize, p: Pending) -> Option<Param<'a>> {
    Some(match p {
        Pending::Size(n) => Param::Size(n),
        Pending::Body(v) => Param::Body(v),
        Pending::Notify(v) => Param::Notify(v),
        Pending::SmtpUtf8 => Param::SmtpUtf8,
        Pending::Orcpt { v, semi, end } => Param::Orcpt(Orcpt::borrowed(
            part(s, base, v, semi)?,
            part(s, base, semi + 1, end)?,
        )),
        Pending::Other(at) => esmtp_param(b.get(at..)?).ok()?.1,
    })
}

/// A path without a source route to `local@domain`.
#[inline(always)]
fn plain_path<'a>(local: &'a str, domain: &'a str) -> Path<'a> {
    Path::plain(Mailbox {
        local_part: LocalPart::borrowed(local),
        domain: Domain::Name(DomainName::borrowed(domain)),
    })
}

/// RFC 5321 §4.1.2 `Mail-parameters`, each preceded by one SP, to the end
/// of the line, into `list`: how many, and whether any is not typed here.
// Out of line, as `path` is.
#[inline(never)]
fn parameters(b: &[u8], mut at: usize, list: &mut [Pending; MAX_PARAMS]) -> Option<(usize, bool)> {
    let (mut n, mut seen, mut other) = (0, 0, false);
    while at < b.len() {
        if b.get(at) != Some(&b' ') {
            return None;
        }
        at += 1;
        let (p, end) = match typed_param(b, at) {
            Some(typed) => typed,
            None => {
                let (r, _) = esmtp_param(b.get(at..)?).ok()?;
                if !matches!(r.first(), None | Some(b' ')) {
                    return None;
                }
                other = true;
                (Pending::Other(at), b.len() - r.len())
            }
        };
        if seen & p.bit() != 0 {
            return None;
        }
        seen |= p.bit();
        *list.get_mut(n)? = p;
        n += 1;
        at = end;
    }
    Some((n, other))
}

/// The registered parameters MAIL and RCPT usually carry (SIZE, BODY,
/// NOTIFY, ORCPT, SMTPUTF8) with plain values, and where each ends; `None`
/// leaves the rest to [`esmtp_param`]. Each value ends at SP or the end of
/// the line, so it spans the whole `esmtp-value`.
#[inline]
fn typed_param(b: &[u8], at: usize) -> Option<(Pending, usize)> {
    // A keyword ends at `=` (letters, digits and `-` go on), so `SIZE=`
    // here is the keyword SIZE. Each is compared whole: no loop whose end
    // depends on the data.
    let (p, end) = if word_at(b, at, b"size=") {
        size_value(b, at + 5)?
    } else if word_at(b, at, b"body=") {
        body_value(b, at + 5)?
    } else if word_at(b, at, b"notify=") {
        notify_value(b, at + 7)?
    } else if word_at(b, at, b"orcpt=") {
        orcpt_value(b, at + 6)?
    } else if word_at(b, at, b"smtputf8") {
        (Pending::SmtpUtf8, at + 8)
    } else {
        return None;
    };
    matches!(b.get(end), None | Some(b' ')).then_some((p, end))
}

/// RFC 1870 §6 `size-value = 1*20DIGIT`, within `u64`, at `v`.
fn size_value(b: &[u8], v: usize) -> Option<(Pending, usize)> {
    let (mut n, mut at) = (0u64, v);
    while let Some(&d) = b.get(at) {
        if !d.is_ascii_digit() {
            break;
        }
        n = n.wrapping_mul(10).wrapping_add(u64::from(d - b'0'));
        at += 1;
    }
    let n = match at - v {
        0 => return None,
        // 19 digits cannot overflow.
        1..=19 => n,
        20 => b.get(v..at)?.iter().try_fold(0u64, |n, &d| {
            n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
        })?,
        _ => return None,
    };
    Some((Pending::Size(n), at))
}

/// RFC 6152 §2, RFC 3030 §3 `BODY=` values at `v` (the caller checks
/// that the value ends there).
fn body_value(b: &[u8], v: usize) -> Option<(Pending, usize)> {
    let (body, len) = if word_at(b, v, b"8bitmime") {
        (Body::EightBitMime, 8)
    } else if word_at(b, v, b"7bit") {
        (Body::SevenBit, 4)
    } else if word_at(b, v, b"binarymi") && word_at(b, v + 8, b"me") {
        (Body::BinaryMime, 10)
    } else {
        return None;
    };
    Some((Pending::Body(body), v + len))
}

/// RFC 3461 §4.1 `NEVER` or a list of distinct `SUCCESS`, `FAILURE`,
/// `DELAY` at `v` (the caller checks that the value ends there).
fn notify_value(b: &[u8], v: usize) -> Option<(Pending, usize)> {
    if word_at(b, v, b"never") && matches!(b.get(v + 5), None | Some(b' ')) {
        return Some((Pending::Notify(Notify::NEVER), v + 5));
    }
    let (mut at, mut set) = (v, 0u8);
    loop {
        let (bit, len) = if word_at(b, at, b"success") {
            (1, 7)
        } else if word_at(b, at, b"failure") {
            (2, 7)
        } else if word_at(b, at, b"delay") {
            (4, 5)
        } else {
            return None;
        };
        if set & bit != 0 {
            return None;
        }
        set |= bit;
        at += len;
        if b.get(at) != Some(&b',') {
            break;
        }
        at += 1;
    }
    let n = Notify::on(set & 1 != 0, set & 2 != 0, set & 4 != 0)?;
    Some((Pending::Notify(n), at))
}

/// RFC 3461 §4.2 `addr-type ";" xtext` at `v`, for any address type but
/// `utf-8`, and where it ends.
fn orcpt_value(b: &[u8], v: usize) -> Option<(Pending, usize)> {
    // addr-type = atom, less `=`.
    let semi = if word_at(b, v, b"rfc822;") {
        v + 6
    } else {
        skip(b, v, ADDR_TYPE)
    };
    if semi == v || b.get(semi) != Some(&b';') || (semi - v == 5 && word_at(b, v, b"utf-8")) {
        return None;
    }
    let a = semi + 1;
    let mut at = a;
    loop {
        at = skip(b, at, XCHAR);
        match b.get(at) {
            Some(b'+')
                if b.get(at + 1).copied().and_then(hex_value).is_some()
                    && b.get(at + 2).copied().and_then(hex_value).is_some() =>
            {
                at += 3
            }
            _ => break,
        }
    }
    if at == a {
        return None;
    }
    Some((Pending::Orcpt { v, semi, end: at }, at))
}

/// The octets `lo..hi` of `line` checked as UTF-8, within a wider span
/// of the line that `from_utf8` reads fastest: it reads a word at a time
/// only from an address aligned to 8 and in blocks of 16, and octet by
/// octet before and after them. The text checked and where it starts;
/// `None` when it is not UTF-8, which the grammar then reports.
#[inline(always)]
fn text(line: &[u8], lo: usize, hi: usize) -> Option<(&str, usize)> {
    let start = lo - (line.as_ptr().addr().wrapping_add(lo) % 8).min(lo);
    let end = (start + (hi - start).next_multiple_of(16))
        .min(line.len())
        .max(hi);
    Some((core::str::from_utf8(line.get(start..end)?).ok()?, start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quirks::Quirks;
    use alloc::vec::Vec;
    use proptest::prelude::*;

    /// Whatever the one pass reads, the grammar reads the same.
    fn agrees(line: &[u8]) -> bool {
        let grammar = super::super::command::by_grammar(line, &Quirks::strict(), &mut Vec::new());
        if let Some(c) = bare_verb(line) {
            assert_eq!(grammar.as_ref(), Ok(&c), "{:?}", line.escape_ascii());
        }
        match command(line) {
            Some(c) => {
                assert_eq!(grammar.as_ref(), Ok(&c), "{:?}", line.escape_ascii());
                true
            }
            None => false,
        }
    }

    const LINES: [&[u8]; 26] = [
        b"EHLO client7.example.com\r\n",
        b"helo a\r\n",
        b"LHLO a-b.c9\r\n",
        b"MAIL FROM:<user.name@mail.example.org> BODY=8BITMIME SIZE=12345\r\n",
        b"mail from:<> body=7bit size=0\r\n",
        b"MAIL FROM:<a@b> BODY=BINARYMIME SMTPUTF8 RET=HDRS ENVID=QQ+2B1\r\n",
        b"RCPT TO:<x@y.z> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;x@y.z\r\n",
        b"RCPT TO:<x@y.z> NOTIFY=NEVER\r\n",
        b"RCPT TO:<x@y.z> NOTIFY=delay,success,failure ORCPT=RFC822;a+2Bb@c\r\n",
        b"RCPT TO:<postmaster>\r\n",
        b"RCPT TO:<Postmaster@example.com>\r\n",
        b"RCPT TO:<!#$%&'*+-/=?^_`{|}~@d>\r\n",
        b"MAIL FROM:<a@b> XVERP X-ID=abc\r\n",
        b"MAIL FROM:<a@b> SIZE=18446744073709551615\r\n",
        b"RCPT TO:<a@b> ORCPT=utf-8;a\\x{E9}@b\r\n",
        b"DATA\r\n",
        b"rset\r\n",
        b"QUIT\r\n",
        b"NOOP\r\n",
        b"Data\r\n",
        b"MAIL FROM:<a@b> SIZE=1 SIZE=2\r\n",
        b"RCPT TO:<a@b> NOTIFY=NEVER,DELAY\r\n",
        b"MAIL FROM:<\"q\"@b>\r\n",
        b"MAIL FROM:<a@b> SMTPUTF8 SIZE=00000000000000000001\r\n",
        b"RCPT TO:<a@b> NOTIFY=FAILURE,DELAY ORCPT=x-t;a@b\r\n",
        b"MAIL FROM:<a@b> BODY=binarymime smtputf8\r\n",
    ];

    #[test]
    fn everyday_lines_take_the_one_pass() {
        for line in LINES.iter().take(14) {
            assert!(agrees(line), "{:?}", line.escape_ascii());
        }
        for line in LINES {
            agrees(line);
        }
    }

    #[test]
    fn every_one_byte_change_agrees() {
        let alphabet = b" \t\r\n\"<>@.,;:=+-_!~aAzZ09\x7f\x80\xc3\xa9\xff[]()\\";
        for line in LINES {
            for at in 0..line.len() {
                let mut m = line.to_vec();
                m.remove(at);
                agrees(&m);
                m.insert(at, 0);
                for &c in alphabet {
                    if let Some(slot) = m.get_mut(at) {
                        *slot = c;
                    }
                    agrees(&m);
                    let mut ins = line.to_vec();
                    ins.insert(at, c);
                    agrees(&ins);
                }
                agrees(line.get(..at).unwrap_or_default());
            }
        }
    }

    #[test]
    fn long_parts_agree() {
        for n in [63, 64, 65, 250, 255, 256] {
            let a = "a".repeat(n);
            for l in [
                alloc::format!("EHLO {a}\r\n"),
                alloc::format!("EHLO {a}.com\r\n"),
                alloc::format!("MAIL FROM:<{a}@b>\r\n"),
                alloc::format!("MAIL FROM:<x@{a}.{a}>\r\n"),
                alloc::format!("MAIL FROM:<x@b> SIZE={}\r\n", "9".repeat(n.min(30))),
            ] {
                agrees(l.as_bytes());
            }
        }
    }

    proptest! {
        #[test]
        fn any_bytes_after_a_verb_agree(
            verb in "(MAIL FROM:<|RCPT TO:<|EHLO |HELO |LHLO |MAIL FROM:<a@b> |RCPT TO:<a@b.c> )",
            rest in proptest::collection::vec(any::<u8>(), 0..48),
        ) {
            let mut line = verb.into_bytes();
            line.extend_from_slice(&rest);
            line.extend_from_slice(b"\r\n");
            agrees(&line);
        }

        #[test]
        fn parameter_lists_agree(
            verb in "(MAIL FROM:<a@b>|RCPT TO:<x.y@c-d.e>|MAIL FROM:<>)",
            params in proptest::collection::vec(
                "(SIZE|size|BODY|NOTIFY|notify|ORCPT|orcpt|ENVID|RET|SMTPUTF8|X-Y)(=([0-9]{1,22}|8bitmime|7BIT|NEVER|SUCCESS|FAILURE,DELAY|success,success|rfc822;[a-z@.+0-9A-F]{0,6}|utf-8;a|[A-Z]{1,3}))?",
                0..4,
            ),
        ) {
            let mut line = verb;
            for p in params {
                line.push(' ');
                line.push_str(&p);
            }
            line.push_str("\r\n");
            agrees(line.as_bytes());
        }

        #[test]
        fn arbitrary_lines_agree(
            verb in "(MAIL FROM:|RCPT TO:|EHLO |DATA|mail from:|rcpt to:)",
            rest in "[<>@.a-zA-Z0-9 =,;+\\-\"]{0,40}",
        ) {
            let line = alloc::format!("{verb}{rest}\r\n");
            agrees(line.as_bytes());
        }
    }
}
