//! Mailboxes and paths: RFC 5321 §4.1.2, with RFC 6531 §3.3 UTF-8.
//!
//! UTF-8 is accepted by the parser in local parts and domains at all
//! times; a session decides whether it was allowed (the `SMTPUTF8`
//! parameter was given, RFC 6531 §3.4) by asking `requires_smtputf8()`.

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use super::{Domain, DomainName};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::parse;

/// Which form a local part was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LocalPartKind {
    /// `Dot-string = Atom *("." Atom)`.
    DotString,
    /// `Quoted-string = DQUOTE *QcontentSMTP DQUOTE`.
    Quoted,
}

/// The part of a mailbox before `@`: RFC 5321 §4.1.2 `Local-part`, kept as
/// written (quotes and backslashes included), at most 64 octets
/// (§4.5.3.1.1).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct LocalPart<'a> {
    raw: Cow<'a, str>,
}

impl<'a> LocalPart<'a> {
    /// Validates the wire form: a dot-string, or a quoted string with its
    /// quotes.
    pub fn parse(raw: impl Into<Cow<'a, str>>) -> Result<Self, DecodeError> {
        let raw = raw.into();
        parse::all(raw.as_bytes(), parse::path::local_part, "end of local part")?;
        Ok(LocalPart { raw })
    }

    /// Builds a local part for the value `value`: as a dot-string when it
    /// is one, quoted (with `"` and `\` escaped) otherwise.
    pub fn new(value: &str) -> Result<LocalPart<'static>, DecodeError> {
        if parse::all(value.as_bytes(), parse::path::dot_string, "").is_ok() {
            return LocalPart::parse(Cow::Owned(String::from(value)));
        }
        let mut q = String::with_capacity(value.len() + 2);
        q.push('"');
        for c in value.chars() {
            if c == '"' || c == '\\' {
                q.push('\\');
            }
            q.push(c);
        }
        q.push('"');
        LocalPart::parse(Cow::Owned(q))
    }

    /// The form it was written in.
    pub fn kind(&self) -> LocalPartKind {
        if self.raw.starts_with('"') {
            LocalPartKind::Quoted
        } else {
            LocalPartKind::DotString
        }
    }

    /// The wire form, as written.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The value: a quoted string without its quotes and escapes.
    pub fn value(&self) -> Cow<'_, str> {
        match self.kind() {
            LocalPartKind::DotString => Cow::Borrowed(&self.raw),
            LocalPartKind::Quoted => {
                let inner = self
                    .raw
                    .get(1..self.raw.len().saturating_sub(1))
                    .unwrap_or("");
                if !inner.contains('\\') {
                    return Cow::Borrowed(inner);
                }
                let mut out = String::with_capacity(inner.len());
                let mut escaped = false;
                for c in inner.chars() {
                    if c == '\\' && !escaped {
                        escaped = true;
                    } else {
                        out.push(c);
                        escaped = false;
                    }
                }
                Cow::Owned(out)
            }
        }
    }

    /// Whether it is all ASCII.
    pub fn is_ascii(&self) -> bool {
        self.raw.is_ascii()
    }

    /// Whether it needs `SMTPUTF8` (RFC 6531) to be sent.
    pub fn requires_smtputf8(&self) -> bool {
        !self.is_ascii()
    }

    /// An owned copy.
    pub fn into_static(self) -> LocalPart<'static> {
        LocalPart {
            raw: Cow::Owned(self.raw.into_owned()),
        }
    }

    pub(crate) fn borrowed(raw: &'a str) -> Self {
        LocalPart {
            raw: Cow::Borrowed(raw),
        }
    }
}

impl fmt::Debug for LocalPart<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.raw, f)
    }
}

impl fmt::Display for LocalPart<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

/// RFC 5321 §4.1.2 `Mailbox = Local-part "@" ( Domain / address-literal )`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mailbox<'a> {
    /// Before the `@`.
    pub local_part: LocalPart<'a>,
    /// After the `@`.
    pub domain: Domain<'a>,
}

impl<'a> Mailbox<'a> {
    /// A mailbox from its parts.
    pub fn new(local_part: LocalPart<'a>, domain: Domain<'a>) -> Self {
        Mailbox { local_part, domain }
    }

    /// Parses `local@domain`.
    pub fn parse(s: &'a str) -> Result<Self, DecodeError> {
        parse::all(s.as_bytes(), parse::path::mailbox, "end of mailbox")
    }

    /// Whether it is all ASCII.
    pub fn is_ascii(&self) -> bool {
        self.local_part.is_ascii() && self.domain.is_ascii()
    }

    /// Whether it needs `SMTPUTF8` (RFC 6531) to be sent.
    pub fn requires_smtputf8(&self) -> bool {
        !self.is_ascii()
    }

    /// The length of its wire form.
    pub(crate) fn wire_len(&self) -> usize {
        self.local_part.as_str().len()
            + 1
            + match &self.domain {
                Domain::Name(n) => n.as_str().len(),
                Domain::AddressLiteral(l) => l.as_str().len() + 2,
            }
    }

    /// An owned copy.
    pub fn into_static(self) -> Mailbox<'static> {
        Mailbox {
            local_part: self.local_part.into_static(),
            domain: self.domain.into_static(),
        }
    }
}

impl fmt::Display for Mailbox<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.local_part, self.domain)
    }
}

/// RFC 5321 §4.5.3.1.3: a path is at most 256 octets, brackets included.
pub const MAX_PATH: usize = 256;

/// RFC 5321 §4.1.2 `Path = "<" [ A-d-l ":" ] Mailbox ">"`.
///
/// A source route (`A-d-l`, `<@a,@b:user@d>`) is deprecated (RFC 5321
/// §3.3, appendix C) but must be accepted; it is kept and flagged by
/// [`Path::has_source_route`] so a server may ignore it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Path<'a> {
    // Boxed, not a `Vec`: almost always empty, and smaller to move.
    route: Box<[DomainName<'a>]>,
    mailbox: Mailbox<'a>,
}

impl<'a> Path<'a> {
    /// A path to `mailbox`, checked against the 256-octet limit.
    pub fn new(mailbox: Mailbox<'a>) -> Result<Self, DecodeError> {
        Path::with_route(Vec::new(), mailbox)
    }

    /// A path with a source route, checked against the 256-octet limit.
    pub fn with_route(
        route: Vec<DomainName<'a>>,
        mailbox: Mailbox<'a>,
    ) -> Result<Self, DecodeError> {
        let p = Path {
            route: route.into_boxed_slice(),
            mailbox,
        };
        if p.wire_len() > MAX_PATH {
            return Err(DecodeError::new(
                MAX_PATH,
                "path of at most 256 octets",
                DecodeErrorKind::TooLong,
            ));
        }
        Ok(p)
    }

    /// Parses `<...>`.
    pub fn parse(s: &'a str) -> Result<Self, DecodeError> {
        parse::all(s.as_bytes(), parse::path::path, "end of path")
    }

    /// The mailbox.
    pub fn mailbox(&self) -> &Mailbox<'a> {
        &self.mailbox
    }

    /// The source route (empty when there is none).
    pub fn source_route(&self) -> &[DomainName<'a>] {
        &self.route
    }

    /// Whether the path carries a source route.
    pub fn has_source_route(&self) -> bool {
        !self.route.is_empty()
    }

    /// Whether it is all ASCII.
    pub fn is_ascii(&self) -> bool {
        self.mailbox.is_ascii() && self.route.iter().all(DomainName::is_ascii)
    }

    /// Whether it needs `SMTPUTF8` (RFC 6531) to be sent.
    pub fn requires_smtputf8(&self) -> bool {
        !self.is_ascii()
    }

    /// The length of its wire form, brackets included.
    pub fn wire_len(&self) -> usize {
        let route: usize = self.route.iter().map(|d| d.as_str().len() + 2).sum();
        2 + route + self.mailbox.wire_len()
    }

    /// Takes the mailbox out.
    pub fn into_mailbox(self) -> Mailbox<'a> {
        self.mailbox
    }

    /// An owned copy.
    pub fn into_static(self) -> Path<'static> {
        Path {
            route: self
                .route
                .into_vec()
                .into_iter()
                .map(DomainName::into_static)
                .collect(),
            mailbox: self.mailbox.into_static(),
        }
    }

    pub(crate) fn unchecked(route: Vec<DomainName<'a>>, mailbox: Mailbox<'a>) -> Self {
        Path {
            route: route.into_boxed_slice(),
            mailbox,
        }
    }

    /// A path without a source route, the caller having checked its length.
    pub(crate) fn plain(mailbox: Mailbox<'a>) -> Self {
        Path {
            route: Box::default(),
            mailbox,
        }
    }
}

/// RFC 5321 §4.1.2 `Reverse-path = Path / "<>"`: the argument of MAIL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ReversePath<'a> {
    /// `<>`: the null reverse-path of bounces (RFC 5321 §4.5.5).
    Null,
    /// A path.
    Path(Path<'a>),
}

impl ReversePath<'_> {
    /// Whether it is all ASCII.
    pub fn is_ascii(&self) -> bool {
        match self {
            ReversePath::Null => true,
            ReversePath::Path(p) => p.is_ascii(),
        }
    }

    /// Whether it needs `SMTPUTF8` (RFC 6531) to be sent.
    pub fn requires_smtputf8(&self) -> bool {
        !self.is_ascii()
    }

    /// The mailbox, unless null.
    pub fn mailbox(&self) -> Option<&Mailbox<'_>> {
        match self {
            ReversePath::Null => None,
            ReversePath::Path(p) => Some(p.mailbox()),
        }
    }

    /// An owned copy.
    pub fn into_static(self) -> ReversePath<'static> {
        match self {
            ReversePath::Null => ReversePath::Null,
            ReversePath::Path(p) => ReversePath::Path(p.into_static()),
        }
    }
}

/// The argument of RCPT: RFC 5321 §4.1.1.3 `"<Postmaster@" Domain ">" /
/// "<Postmaster>" / Forward-path`.
///
/// `<Postmaster>` (any case) is its own variant; `<Postmaster@domain>` is
/// an ordinary path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ForwardPath<'a> {
    /// `<Postmaster>` without a domain (RFC 5321 §4.5.1).
    Postmaster,
    /// A path.
    Path(Path<'a>),
}

impl ForwardPath<'_> {
    /// Whether it is all ASCII.
    pub fn is_ascii(&self) -> bool {
        match self {
            ForwardPath::Postmaster => true,
            ForwardPath::Path(p) => p.is_ascii(),
        }
    }

    /// Whether it needs `SMTPUTF8` (RFC 6531) to be sent.
    pub fn requires_smtputf8(&self) -> bool {
        !self.is_ascii()
    }

    /// An owned copy.
    pub fn into_static(self) -> ForwardPath<'static> {
        match self {
            ForwardPath::Postmaster => ForwardPath::Postmaster,
            ForwardPath::Path(p) => ForwardPath::Path(p.into_static()),
        }
    }
}

/// RFC 5321 §4.1.2 `Atom = 1*atext` (RFC 6531 §3.3: UTF-8 allowed).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Atom<'a>(Cow<'a, str>);

impl<'a> Atom<'a> {
    /// Validates an atom.
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, DecodeError> {
        let s = s.into();
        parse::all(s.as_bytes(), parse::path::atom, "end of atom")?;
        Ok(Atom(s))
    }

    /// The atom.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An owned copy.
    pub fn into_static(self) -> Atom<'static> {
        Atom(Cow::Owned(self.0.into_owned()))
    }

    pub(crate) fn borrowed(s: &'a str) -> Self {
        Atom(Cow::Borrowed(s))
    }
}

impl fmt::Debug for Atom<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

/// The argument of VRFY, EXPN, HELP and NOOP, kept as written: RFC 5321
/// §4.1.2 `String = Atom / Quoted-string`, plus the "user name and domain"
/// forms §3.5.1 describes for VRFY (`john.smith@example.org`,
/// `"John Smith"@example.org`, `<john@example.org>`), which clients send
/// and the ABNF alone would refuse.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SmtpString<'a>(Cow<'a, str>);

impl<'a> SmtpString<'a> {
    /// Validates the wire form: an atom, or a quoted string with quotes.
    pub fn parse(raw: impl Into<Cow<'a, str>>) -> Result<Self, DecodeError> {
        let raw = raw.into();
        parse::all(raw.as_bytes(), parse::path::string, "end of string")?;
        Ok(SmtpString(raw))
    }

    /// The wire form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether it starts with a quoted string.
    pub fn is_quoted(&self) -> bool {
        self.0.starts_with('"')
    }

    /// The text of a string that is one quoted string, quotes removed and
    /// each RFC 5321 §4.1.2 `quoted-pairSMTP` (`\` and an octet) read as
    /// that octet: `"John Smith"` is `John Smith`. `None` for an atom and
    /// for the forms with a domain (`"John Smith"@example.org`).
    pub fn unquoted(&self) -> Option<Cow<'_, str>> {
        let inner = self.0.strip_prefix('"')?;
        let mut out: Option<String> = None;
        let mut chars = inner.char_indices();
        while let Some((at, c)) = chars.next() {
            match c {
                '\\' => {
                    let (_, escaped) = chars.next()?;
                    out.get_or_insert_with(|| String::from(inner.get(..at).unwrap_or_default()))
                        .push(escaped);
                }
                '"' => {
                    // The closing quote must end the string.
                    if chars.next().is_some() {
                        return None;
                    }
                    return Some(match out {
                        Some(s) => Cow::Owned(s),
                        None => Cow::Borrowed(inner.get(..at)?),
                    });
                }
                c => {
                    if let Some(s) = out.as_mut() {
                        s.push(c);
                    }
                }
            }
        }
        None
    }

    /// Whether it is all ASCII.
    pub fn is_ascii(&self) -> bool {
        self.0.is_ascii()
    }

    /// An owned copy.
    pub fn into_static(self) -> SmtpString<'static> {
        SmtpString(Cow::Owned(self.0.into_owned()))
    }

    pub(crate) fn borrowed(raw: &'a str) -> Self {
        SmtpString(Cow::Borrowed(raw))
    }
}

impl fmt::Debug for SmtpString<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}
