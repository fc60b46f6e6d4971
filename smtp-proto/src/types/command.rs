//! Commands: RFC 5321 §4.1.1 and the extensions that add verbs.

use alloc::borrow::Cow;
use alloc::vec::Vec;
use core::fmt;

use super::{
    Atom, Domain, DomainName, ForwardPath, Mechanism, Params, ReversePath, SaslData, SmtpString,
    Text, Word, XText,
};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::parse;

/// The argument of ETRN (RFC 1985 §5).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EtrnArg<'a> {
    /// `domain`: the queue for this domain.
    Domain(DomainName<'a>),
    /// `@domain`: the domain and its subdomains.
    Subdomains(DomainName<'a>),
    /// `#queue`: a named queue.
    Queue(Atom<'a>),
}

impl EtrnArg<'_> {
    /// An owned copy.
    pub fn into_static(self) -> EtrnArg<'static> {
        match self {
            EtrnArg::Domain(d) => EtrnArg::Domain(d.into_static()),
            EtrnArg::Subdomains(d) => EtrnArg::Subdomains(d.into_static()),
            EtrnArg::Queue(q) => EtrnArg::Queue(q.into_static()),
        }
    }
}

/// One `NAME=value` of XCLIENT or XFORWARD (Postfix's XCLIENT_README and
/// XFORWARD_README), the value in xtext.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct XAttr<'a> {
    name: Cow<'a, str>,
    value: XText<'a>,
}

impl<'a> XAttr<'a> {
    /// Validates the name (letters, digits, `-`, `_`).
    pub fn new(name: impl Into<Cow<'a, str>>, value: XText<'a>) -> Result<Self, DecodeError> {
        let name = name.into();
        parse::all(
            name.as_bytes(),
            parse::command::xattr_name,
            "attribute name",
        )?;
        Ok(XAttr { name, value })
    }

    /// The attribute name as sent (such as `ADDR`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value (xtext).
    pub fn value(&self) -> &XText<'a> {
        &self.value
    }

    /// An owned copy.
    pub fn into_static(self) -> XAttr<'static> {
        XAttr {
            name: Cow::Owned(self.name.into_owned()),
            value: self.value.into_static(),
        }
    }

    pub(crate) fn borrowed(name: &'a str, value: XText<'a>) -> Self {
        XAttr {
            name: Cow::Borrowed(name),
            value,
        }
    }
}

/// The URL of BURL (RFC 4468 §3): one word of visible ASCII. A URLAUTH
/// token (RFC 4467 §3, after the last `:`) grants access to a message, so
/// `Debug` redacts it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct BurlUrl<'a>(Cow<'a, str>);

impl<'a> BurlUrl<'a> {
    /// Validates a URL: at least one byte, each between `!` and `~`.
    pub fn new(url: impl Into<Cow<'a, str>>) -> Result<Self, DecodeError> {
        let w = Word::new(url)?;
        Ok(BurlUrl(match w.as_borrowed_str() {
            Some(s) => Cow::Borrowed(s),
            None => Cow::Owned(alloc::string::String::from(w.as_str())),
        }))
    }

    /// The URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An owned copy.
    pub fn into_static(self) -> BurlUrl<'static> {
        BurlUrl(Cow::Owned(self.0.into_owned()))
    }

    pub(crate) fn borrowed(s: &'a str) -> Self {
        BurlUrl(Cow::Borrowed(s))
    }
}

impl fmt::Debug for BurlUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL is ASCII, so the lower-case copy has the same offsets.
        let lower = self.0.to_ascii_lowercase();
        let token = lower
            .find(";urlauth=")
            .and_then(|at| lower.get(at..)?.rfind(':').map(|c| at + c));
        match token.and_then(|colon| self.0.get(..colon)) {
            Some(kept) => write!(f, "\"{kept}:<redacted>\""),
            None => fmt::Debug::fmt(&*self.0, f),
        }
    }
}

/// The verb of a command this crate does not know: bytes up to the first
/// space, never empty, never a known verb, without CR, LF or space.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Verb<'a>(Cow<'a, [u8]>);

impl<'a> Verb<'a> {
    /// Validates an unknown verb.
    pub fn new(verb: impl super::IntoBytes<'a>) -> Result<Self, DecodeError> {
        let verb = verb.into_bytes();
        if verb.is_empty() {
            return Err(DecodeError::new(0, "command verb", DecodeErrorKind::Syntax));
        }
        if let Some(at) = verb.iter().position(|b| matches!(b, b' ' | b'\r' | b'\n')) {
            return Err(DecodeError::new(
                at,
                "verb without space, CR or LF",
                DecodeErrorKind::Syntax,
            ));
        }
        if parse::command::is_known_verb(&verb) {
            return Err(DecodeError::new(
                0,
                "a verb that is not known",
                DecodeErrorKind::Ambiguous,
            ));
        }
        Ok(Verb(verb))
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// An owned copy.
    pub fn into_static(self) -> Verb<'static> {
        Verb(Cow::Owned(self.0.into_owned()))
    }

    pub(crate) fn borrowed(b: &'a [u8]) -> Self {
        Verb(Cow::Borrowed(b))
    }
}

impl fmt::Debug for Verb<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Verb(\"{}\")", self.0.escape_ascii())
    }
}

/// A command from client to server (RFC 5321 §4.1.1 and extensions).
///
/// Verbs are case-insensitive on the wire and encoded in upper case.
/// `Debug` redacts SASL data ([`SaslData`] does).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Command<'a> {
    /// `HELO domain` (RFC 5321 §4.1.1.1; an address literal is accepted
    /// too, as real clients send one).
    Helo(Domain<'a>),
    /// `EHLO domain-or-literal` (RFC 5321 §4.1.1.1).
    Ehlo(Domain<'a>),
    /// `LHLO domain-or-literal` (RFC 2033 §4.1).
    Lhlo(Domain<'a>),
    /// `MAIL FROM:<reverse-path> [params]` (RFC 5321 §4.1.1.2).
    Mail {
        /// The reverse-path.
        from: ReversePath<'a>,
        /// ESMTP parameters.
        params: Params<'a>,
    },
    /// `RCPT TO:<forward-path> [params]` (RFC 5321 §4.1.1.3).
    Rcpt {
        /// The forward-path.
        to: ForwardPath<'a>,
        /// ESMTP parameters.
        params: Params<'a>,
    },
    /// `DATA` (RFC 5321 §4.1.1.4).
    Data,
    /// `BDAT size [LAST]` (RFC 3030 §2).
    Bdat {
        /// Octets in the chunk that follows.
        size: u64,
        /// Whether this is the last chunk.
        last: bool,
    },
    /// `RSET` (RFC 5321 §4.1.1.5).
    Rset,
    /// `VRFY string` (RFC 5321 §4.1.1.6).
    Vrfy(SmtpString<'a>),
    /// `EXPN string` (RFC 5321 §4.1.1.7).
    Expn(SmtpString<'a>),
    /// `HELP [string]` (RFC 5321 §4.1.1.8).
    Help(Option<SmtpString<'a>>),
    /// `NOOP [string]` (RFC 5321 §4.1.1.9).
    Noop(Option<SmtpString<'a>>),
    /// `QUIT` (RFC 5321 §4.1.1.10).
    Quit,
    /// `STARTTLS` (RFC 3207 §4).
    StartTls,
    /// `AUTH mechanism [initial-response]` (RFC 4954 §4); an empty initial
    /// response is sent as `=`.
    Auth {
        /// The SASL mechanism.
        mechanism: Mechanism<'a>,
        /// The initial response, if any (redacted in `Debug`).
        initial_response: Option<SaslData<'a>>,
    },
    /// `ETRN arg` (RFC 1985).
    Etrn(EtrnArg<'a>),
    /// `BURL url [LAST]` (RFC 4468 §3).
    Burl {
        /// The (URLAUTH) URL.
        url: BurlUrl<'a>,
        /// Whether this ends the message.
        last: bool,
    },
    /// `XCLIENT attr=value ...` (Postfix).
    Xclient(Vec<XAttr<'a>>),
    /// `XFORWARD attr=value ...` (Postfix).
    Xforward(Vec<XAttr<'a>>),
    /// A verb this crate does not know, with the rest of the line.
    Unknown {
        /// The verb.
        verb: Verb<'a>,
        /// What followed the first space, if there was one.
        args: Option<Text<'a>>,
    },
}

impl Command<'_> {
    /// The verb as this crate encodes it (the unknown verb as sent, lossy
    /// if it is not UTF-8).
    pub fn verb(&self) -> Cow<'_, str> {
        Cow::Borrowed(match self {
            Command::Helo(_) => "HELO",
            Command::Ehlo(_) => "EHLO",
            Command::Lhlo(_) => "LHLO",
            Command::Mail { .. } => "MAIL",
            Command::Rcpt { .. } => "RCPT",
            Command::Data => "DATA",
            Command::Bdat { .. } => "BDAT",
            Command::Rset => "RSET",
            Command::Vrfy(_) => "VRFY",
            Command::Expn(_) => "EXPN",
            Command::Help(_) => "HELP",
            Command::Noop(_) => "NOOP",
            Command::Quit => "QUIT",
            Command::StartTls => "STARTTLS",
            Command::Auth { .. } => "AUTH",
            Command::Etrn(_) => "ETRN",
            Command::Burl { .. } => "BURL",
            Command::Xclient(_) => "XCLIENT",
            Command::Xforward(_) => "XFORWARD",
            Command::Unknown { verb, .. } => {
                return alloc::string::String::from_utf8_lossy(verb.as_bytes());
            }
        })
    }

    /// Whether any path or parameter needs `SMTPUTF8` (RFC 6531): the
    /// session checks this against the `SMTPUTF8` parameter of MAIL.
    pub fn requires_smtputf8(&self) -> bool {
        match self {
            Command::Helo(d) | Command::Ehlo(d) | Command::Lhlo(d) => d.requires_smtputf8(),
            Command::Mail { from, params } => {
                from.requires_smtputf8() || params.requires_smtputf8()
            }
            Command::Rcpt { to, params } => to.requires_smtputf8() || params.requires_smtputf8(),
            Command::Vrfy(s) | Command::Expn(s) => !s.is_ascii(),
            Command::Help(Some(s)) | Command::Noop(Some(s)) => !s.is_ascii(),
            _ => false,
        }
    }

    /// An owned copy.
    pub fn into_static(self) -> Command<'static> {
        match self {
            Command::Helo(d) => Command::Helo(d.into_static()),
            Command::Ehlo(d) => Command::Ehlo(d.into_static()),
            Command::Lhlo(d) => Command::Lhlo(d.into_static()),
            Command::Mail { from, params } => Command::Mail {
                from: from.into_static(),
                params: params.into_static(),
            },
            Command::Rcpt { to, params } => Command::Rcpt {
                to: to.into_static(),
                params: params.into_static(),
            },
            Command::Data => Command::Data,
            Command::Bdat { size, last } => Command::Bdat { size, last },
            Command::Rset => Command::Rset,
            Command::Vrfy(s) => Command::Vrfy(s.into_static()),
            Command::Expn(s) => Command::Expn(s.into_static()),
            Command::Help(s) => Command::Help(s.map(SmtpString::into_static)),
            Command::Noop(s) => Command::Noop(s.map(SmtpString::into_static)),
            Command::Quit => Command::Quit,
            Command::StartTls => Command::StartTls,
            Command::Auth {
                mechanism,
                initial_response,
            } => Command::Auth {
                mechanism: mechanism.into_static(),
                initial_response: initial_response.map(SaslData::into_static),
            },
            Command::Etrn(a) => Command::Etrn(a.into_static()),
            Command::Burl { url, last } => Command::Burl {
                url: url.into_static(),
                last,
            },
            Command::Xclient(a) => {
                Command::Xclient(a.into_iter().map(XAttr::into_static).collect())
            }
            Command::Xforward(a) => {
                Command::Xforward(a.into_iter().map(XAttr::into_static).collect())
            }
            Command::Unknown { verb, args } => Command::Unknown {
                verb: verb.into_static(),
                args: args.map(Text::into_static),
            },
        }
    }
}
