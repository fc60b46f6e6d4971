//! Session errors: [`ProtocolError`] (the peer broke the rules) and
//! [`SendError`] (the local caller misused the API).

use core::fmt;

use crate::error::{DecodeError, DecodeErrorKind};
use crate::framing::{FrameError, FrameErrorKind};
use crate::session::{CommandKind, State};
use crate::types::Response;

/// What the peer did wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProtocolErrorKind {
    /// A line or body broke a limit or the line-ending rules.
    Frame(FrameErrorKind),
    /// A line did not decode.
    Decode(DecodeErrorKind),
    /// The server received a command that is illegal in its state
    /// (RFC 1939 §3: answered with `-ERR`).
    IllegalCommand {
        /// The command.
        command: CommandKind,
        /// The state it arrived in.
        state: State,
    },
    /// The client received a line when no reply was due (no command
    /// outstanding, a challenge outside `AUTH`, bytes after the end).
    Unexpected,
    /// More than `Limits::input_buffer` bytes were received and not yet
    /// decodable: the peer flooded the session (a client pipelining without
    /// reading replies, a server talking when nothing was asked) and the
    /// driver kept reading. Fatal: bytes past the limit were not kept.
    InputOverflow {
        /// The limit that was broken.
        limit: usize,
    },
    /// Bytes arrived past `STLS` (server) or its `+OK` (client) before the
    /// transport changed: command or response injection (RFC 2595 §4,
    /// CVE-2011-0411 class).
    Injection,
}

/// The peer broke the protocol.
///
/// On the server side `reply` is the `-ERR` to answer with: the session
/// stays usable and expects that reply (or another `-ERR`) to be sent next,
/// in the refused command's place. [`ProtocolError::is_fatal`] says when the
/// session is closed instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolError {
    /// Byte offset in the stream received so far (counted from the first
    /// byte the session received, reset by nothing) where the fault lies.
    pub offset: u64,
    /// What was expected there.
    pub expected: &'static str,
    /// What went wrong.
    pub kind: ProtocolErrorKind,
    /// Server side: the reply to send for the refused input.
    pub reply: Option<Response<'static>>,
    /// The session closed because of this error.
    pub fatal: bool,
}

impl ProtocolError {
    pub(crate) fn from_frame(e: FrameError, base: u64) -> Self {
        ProtocolError {
            offset: base.saturating_add(e.offset),
            expected: e.expected(),
            kind: ProtocolErrorKind::Frame(e.kind),
            reply: None,
            fatal: false,
        }
    }

    pub(crate) fn from_decode(e: DecodeError, base: u64) -> Self {
        ProtocolError {
            offset: base.saturating_add(e.offset as u64),
            expected: e.expected,
            kind: ProtocolErrorKind::Decode(e.kind),
            reply: None,
            fatal: false,
        }
    }

    pub(crate) fn new(offset: u64, expected: &'static str, kind: ProtocolErrorKind) -> Self {
        ProtocolError {
            offset,
            expected,
            kind,
            reply: None,
            fatal: false,
        }
    }

    pub(crate) fn with_reply(mut self, reply: Option<Response<'static>>) -> Self {
        self.reply = reply;
        self
    }

    pub(crate) fn fatal(mut self) -> Self {
        self.fatal = true;
        self
    }

    /// True when the session closed because of this error.
    pub fn is_fatal(&self) -> bool {
        self.fatal
    }
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte {}: expected {}", self.offset, self.expected)?;
        match self.kind {
            ProtocolErrorKind::IllegalCommand { command, state } => {
                write!(f, " ({command:?} is illegal in {state:?})")
            }
            ProtocolErrorKind::Injection => f.write_str(" (bytes before the TLS handshake)"),
            ProtocolErrorKind::InputOverflow { limit } => {
                write!(f, " (more than {limit} octets buffered)")
            }
            _ => Ok(()),
        }
    }
}

impl core::error::Error for ProtocolError {}

/// How the local caller misused a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendErrorKind {
    /// The command is illegal in the state the session will be in when
    /// the server reads it (RFC 1939 §3).
    IllegalCommand(CommandKind),
    /// The command must wait until the reply to `pending` has arrived:
    /// after `STLS` or `AUTH` (RFC 2595 §4, RFC 5034 §4), or because the
    /// server did not offer PIPELINING (RFC 2449 §6.6).
    MustWait {
        /// The command still awaiting its reply.
        pending: CommandKind,
    },
    /// A user name or password (`USER`, `PASS`, the `APOP` name) with 8-bit
    /// octets that are not UTF-8: RFC 6856 §2.2 allows UTF-8 only.
    NotUtf8,
    /// A user name or password with non-ASCII characters, but the server
    /// did not offer `UTF8 USER` in CAPA (RFC 6856 §2.2: the client "MUST
    /// NOT use UTF-8 characters when authenticating" then).
    Utf8NotOffered,
    /// More commands outstanding than `Limits::pipeline_depth`.
    PipelineFull,
    /// A reply, body or challenge with no command to answer, or of a kind
    /// the command does not take.
    NothingToAnswer,
    /// The server must send a multi-line body (or end it) first.
    BodyOpen,
    /// A body line of the wrong kind for the command answered.
    WrongBodyLine,
    /// The refused command's reply must be `-ERR`.
    MustBeErr,
    /// SASL data outside an `AUTH` exchange, or out of turn.
    NoSaslExchange,
    /// The transport must change first ([`State`]'s `Tls` sub-state).
    TlsPending,
    /// `tls_established` was called, but no `+OK` to `STLS` asked for TLS.
    NoTlsRequested,
    /// `tls_established` was called with bytes received before the
    /// handshake buffered: they must not pass as protected. `next_event`
    /// reports them as [`ProtocolErrorKind::Injection`].
    BytesBeforeTls,
    /// The session is closed.
    Closed,
}

/// The local caller asked for something the session cannot do now. The
/// session's state is unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendError {
    /// What was wrong.
    pub kind: SendErrorKind,
    /// The session's state when it refused.
    pub state: State,
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            SendErrorKind::IllegalCommand(k) => write!(f, "{k:?} is illegal in {:?}", self.state),
            SendErrorKind::MustWait { pending } => {
                write!(f, "must wait for the reply to {pending:?}")
            }
            SendErrorKind::PipelineFull => f.write_str("too many commands outstanding"),
            SendErrorKind::NotUtf8 => f.write_str("user name or password is not UTF-8"),
            SendErrorKind::Utf8NotOffered => {
                f.write_str("non-ASCII credentials, but the server did not offer UTF8 USER")
            }
            SendErrorKind::NothingToAnswer => f.write_str("nothing to answer"),
            SendErrorKind::BodyOpen => f.write_str("a multi-line body is open"),
            SendErrorKind::WrongBodyLine => f.write_str("body line of the wrong kind"),
            SendErrorKind::MustBeErr => f.write_str("the refused command needs -ERR"),
            SendErrorKind::NoSaslExchange => f.write_str("no SASL exchange awaits this"),
            SendErrorKind::TlsPending => f.write_str("the transport must change to TLS first"),
            SendErrorKind::NoTlsRequested => f.write_str("no STLS was accepted"),
            SendErrorKind::BytesBeforeTls => f.write_str("bytes arrived before the TLS handshake"),
            SendErrorKind::Closed => f.write_str("the session is closed"),
        }
    }
}

impl core::error::Error for SendError {}
