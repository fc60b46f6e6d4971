//! Client commands (RFC 1939 §4-7, RFC 2449 §5, RFC 2595 §4, RFC 5034 §4,
//! RFC 6856 §2-3).

use alloc::borrow::Cow;
use alloc::vec::Vec;

use super::chars::is_vchar;
use super::language::LanguageRange;
use super::sasl::AuthRequest;
use super::value::{
    ApopDigest, MessageNumber, Param, Secret, ascii_cow, check_octets, owned, vec_static,
};
use crate::error::{DecodeError, DecodeErrorKind};

/// The keywords this crate decodes into their own [`Command`] variants.
pub const KNOWN_KEYWORDS: [&str; 17] = [
    "USER", "PASS", "APOP", "AUTH", "STAT", "LIST", "UIDL", "RETR", "TOP", "DELE", "NOOP", "RSET",
    "QUIT", "CAPA", "STLS", "UTF8", "LANG",
];

/// The keyword of a command this crate does not know: `keyword = 3*4VCHAR`
/// (RFC 2449 §3), kept as sent, never one of [`KNOWN_KEYWORDS`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Keyword<'a>(Cow<'a, str>);

impl<'a> Keyword<'a> {
    /// Validates an unknown keyword: 3 or 4 visible characters, not a
    /// keyword of a command that has its own variant (any case).
    pub fn new(keyword: impl Into<Cow<'a, str>>) -> Result<Self, DecodeError> {
        let k = keyword.into();
        check_keyword(k.as_bytes())?;
        if KNOWN_KEYWORDS
            .iter()
            .any(|known| known.eq_ignore_ascii_case(&k))
        {
            return Err(DecodeError::new(
                0,
                "a keyword without its own Command variant",
                DecodeErrorKind::Ambiguous,
            ));
        }
        Ok(Self(k))
    }
    pub(crate) fn from_bytes(b: &'a [u8]) -> Result<Self, DecodeError> {
        check_keyword(b)?;
        Self::new(ascii_cow(Cow::Borrowed(b), "keyword")?)
    }
    /// The keyword as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// An owned copy that outlives the input.
    pub fn into_static(self) -> Keyword<'static> {
        Keyword(owned(self.0))
    }
}

pub(crate) fn check_keyword(b: &[u8]) -> Result<(), DecodeError> {
    check_octets(b, 3, 4, is_vchar, "keyword (3 or 4 visible characters)")
}

/// A POP3 command, as a client sends it and a server decodes it.
///
/// Keywords are case-insensitive on the wire and written upper-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Command<'a> {
    /// `USER name` (RFC 1939 §7).
    User(Param<'a>),
    /// `PASS string` (RFC 1939 §7): the rest of the line, spaces included.
    Pass(Secret<'a>),
    /// `APOP name digest` (RFC 1939 §7).
    Apop {
        /// The mailbox name.
        name: Param<'a>,
        /// MD5 of the greeting's timestamp followed by the shared secret.
        digest: ApopDigest,
    },
    /// `AUTH [mechanism [initial-response]]` (RFC 5034 §4). `None` is the
    /// bare `AUTH`, which many servers answer with their mechanism list.
    Auth(Option<AuthRequest<'a>>),
    /// `STAT` (RFC 1939 §5).
    Stat,
    /// `LIST [msg]` (RFC 1939 §5).
    List(Option<MessageNumber>),
    /// `UIDL [msg]` (RFC 1939 §7).
    Uidl(Option<MessageNumber>),
    /// `RETR msg` (RFC 1939 §5).
    Retr(MessageNumber),
    /// `TOP msg n` (RFC 1939 §7); `lines` may be 0.
    Top {
        /// The message.
        msg: MessageNumber,
        /// How many lines of the body to send after the header.
        lines: u32,
    },
    /// `DELE msg` (RFC 1939 §5).
    Dele(MessageNumber),
    /// `NOOP` (RFC 1939 §5).
    Noop,
    /// `RSET` (RFC 1939 §5).
    Rset,
    /// `QUIT` (RFC 1939 §4 and §6).
    Quit,
    /// `CAPA` (RFC 2449 §5).
    Capa,
    /// `STLS` (RFC 2595 §4).
    Stls,
    /// `UTF8` (RFC 6856 §2.1).
    Utf8,
    /// `LANG [range]` (RFC 6856 §3); `None` asks for the language listing.
    Lang(Option<LanguageRange<'a>>),
    /// A command this crate does not know, kept as it came.
    Unknown {
        /// The keyword, as sent.
        keyword: Keyword<'a>,
        /// The parameters, each `1*VCHAR` (8-bit octets allowed).
        args: Vec<Param<'a>>,
    },
}

impl Command<'_> {
    /// The keyword, upper-case for known commands, as sent otherwise.
    pub fn keyword(&self) -> &str {
        match self {
            Command::User(_) => "USER",
            Command::Pass(_) => "PASS",
            Command::Apop { .. } => "APOP",
            Command::Auth(_) => "AUTH",
            Command::Stat => "STAT",
            Command::List(_) => "LIST",
            Command::Uidl(_) => "UIDL",
            Command::Retr(_) => "RETR",
            Command::Top { .. } => "TOP",
            Command::Dele(_) => "DELE",
            Command::Noop => "NOOP",
            Command::Rset => "RSET",
            Command::Quit => "QUIT",
            Command::Capa => "CAPA",
            Command::Stls => "STLS",
            Command::Utf8 => "UTF8",
            Command::Lang(_) => "LANG",
            Command::Unknown { keyword, .. } => keyword.as_str(),
        }
    }

    /// True when a positive reply to this command is multi-line (RFC 1939
    /// §5-7, RFC 2449 §5, RFC 6856 §3): `LIST`, `UIDL` without argument,
    /// `RETR`, `TOP`, `CAPA`, `LANG` without argument. Bare `AUTH` is
    /// multi-line on the servers that answer it; this says `true` for it.
    pub fn expects_multi_line(&self) -> bool {
        matches!(
            self,
            Command::List(None)
                | Command::Uidl(None)
                | Command::Retr(_)
                | Command::Top { .. }
                | Command::Capa
                | Command::Lang(None)
                | Command::Auth(None)
        )
    }

    /// An owned copy that outlives the input.
    pub fn into_static(self) -> Command<'static> {
        match self {
            Command::User(n) => Command::User(n.into_static()),
            Command::Pass(p) => Command::Pass(p.into_static()),
            Command::Apop { name, digest } => Command::Apop {
                name: name.into_static(),
                digest,
            },
            Command::Auth(a) => Command::Auth(a.map(AuthRequest::into_static)),
            Command::Stat => Command::Stat,
            Command::List(m) => Command::List(m),
            Command::Uidl(m) => Command::Uidl(m),
            Command::Retr(m) => Command::Retr(m),
            Command::Top { msg, lines } => Command::Top { msg, lines },
            Command::Dele(m) => Command::Dele(m),
            Command::Noop => Command::Noop,
            Command::Rset => Command::Rset,
            Command::Quit => Command::Quit,
            Command::Capa => Command::Capa,
            Command::Stls => Command::Stls,
            Command::Utf8 => Command::Utf8,
            Command::Lang(l) => Command::Lang(l.map(LanguageRange::into_static)),
            Command::Unknown { keyword, args } => Command::Unknown {
                keyword: keyword.into_static(),
                args: vec_static(args, Param::into_static),
            },
        }
    }
}
