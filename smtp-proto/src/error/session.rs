//! Session errors: [`ProtocolError`] (the peer broke the rules) and
//! [`SendError`] (the local caller misused the API).

use core::fmt;

use super::DecodeError;
use crate::types::{EnhancedCode, Reply};

/// A reply that a server answers a refused input with: the code, the
/// enhanced status code (RFC 3463) and a fixed text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ErrorReply {
    /// Three-digit reply code (RFC 5321 §4.2).
    pub code: u16,
    /// Enhanced status code `class.subject.detail` (RFC 3463).
    pub status: (u8, u16, u16),
    /// Human-readable text.
    pub text: &'static str,
}

impl ErrorReply {
    /// `500 5.5.2`: syntax error, command unrecognized (RFC 5321 §4.2.2).
    pub const SYNTAX: ErrorReply = ErrorReply::new(500, (5, 5, 2), "Syntax error");
    /// `500 5.5.2`: line too long (RFC 5321 §4.5.3.1.4).
    pub const LINE_TOO_LONG: ErrorReply = ErrorReply::new(500, (5, 5, 2), "Line too long");
    /// `501 5.5.4`: syntax error in parameters or arguments.
    pub const PARAMETERS: ErrorReply =
        ErrorReply::new(501, (5, 5, 4), "Syntax error in parameters or arguments");
    /// `502 5.5.1`: command not implemented.
    pub const NOT_IMPLEMENTED: ErrorReply =
        ErrorReply::new(502, (5, 5, 1), "Command not implemented");
    /// `503 5.5.1`: bad sequence of commands.
    pub const BAD_SEQUENCE: ErrorReply =
        ErrorReply::new(503, (5, 5, 1), "Bad sequence of commands");
    /// `554 5.5.1`: DATA (or its content) with no recipient accepted
    /// (RFC 5321 §3.3, RFC 2920 §4).
    pub const NO_VALID_RECIPIENTS: ErrorReply =
        ErrorReply::new(554, (5, 5, 1), "No valid recipients");
    /// `452 4.5.3`: too many recipients (RFC 5321 §4.5.3.1.10).
    pub const TOO_MANY_RECIPIENTS: ErrorReply =
        ErrorReply::new(452, (4, 5, 3), "Too many recipients");
    /// `552 5.3.4`: message too big for system (RFC 1870, RFC 3463).
    pub const MESSAGE_TOO_BIG: ErrorReply =
        ErrorReply::new(552, (5, 3, 4), "Message too big for system");
    /// `550 5.6.0`: bare CR or LF in message content (RFC 5321 §2.3.8).
    pub const BARE_LINE_ENDING: ErrorReply = ErrorReply::new(
        550,
        (5, 6, 0),
        "Message content must end lines with CRLF only",
    );
    /// `501 5.5.2`: an AUTH response line that is not base64 (RFC 4954 §4).
    pub const AUTH_BAD_BASE64: ErrorReply =
        ErrorReply::new(501, (5, 5, 2), "Cannot decode response");
    /// `501 5.7.0`: the client cancelled an AUTH exchange with `*` (RFC 4954 §4).
    pub const AUTH_CANCELLED: ErrorReply =
        ErrorReply::new(501, (5, 7, 0), "Authentication cancelled");
    /// `421 4.7.0`: the session cannot go on (input buffer exhausted).
    pub const SHUTDOWN: ErrorReply =
        ErrorReply::new(421, (4, 7, 0), "Too much input, closing connection");

    /// The reply as a [`Reply`], `code x.y.z text`.
    pub fn to_reply(&self) -> Result<Reply<'static>, DecodeError> {
        let (class, subject, detail) = self.status;
        let enhanced = EnhancedCode::new(class, subject, detail)?;
        Reply::with_enhanced(self.code, enhanced, self.text)
    }

    /// An error reply from its parts.
    pub const fn new(code: u16, status: (u8, u16, u16), text: &'static str) -> Self {
        ErrorReply { code, status, text }
    }
}

impl fmt::Display for ErrorReply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (c, s, d) = self.status;
        write!(f, "{} {c}.{s}.{d} {}", self.code, self.text)
    }
}

/// What kind of rule the peer broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProtocolErrorKind {
    /// A command or reply did not decode.
    Syntax,
    /// A command or reply line was over its limit.
    LineTooLong,
    /// A line ended in a bare LF where CRLF is required.
    BareLineEnding,
    /// A command that is not legal in the session's state.
    BadSequence,
    /// A command this crate does not know.
    NotImplemented,
    /// A command's parameters are wrong (an extension not offered, say).
    Parameters,
    /// More recipients than the limit.
    TooManyRecipients,
    /// More message content than the limit.
    MessageTooBig,
    /// Bytes were sent past a STARTTLS command or its 220 reply, before the
    /// TLS handshake (command injection, CVE-2011-0411).
    StartTlsInjection,
    /// A reply came with no command waiting for it, or the wrong kind of reply.
    UnexpectedReply,
    /// More input was buffered than the limits allow.
    BufferFull,
    /// Input arrived after the session ended.
    Closed,
    /// An AUTH exchange line was not base64.
    AuthEncoding,
}

/// The remote peer broke the protocol. Carries the byte offset (in the stream
/// received so far) where it happened, what was expected there, and on the
/// server side the reply to answer with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ProtocolError {
    /// Byte offset in the received stream.
    pub offset: usize,
    /// What was expected there.
    pub expected: &'static str,
    /// What kind of rule was broken.
    pub kind: ProtocolErrorKind,
    /// The reply a server session expects to be sent in the refused input's
    /// place (`None` on the client side, or when the session is over).
    pub reply: Option<ErrorReply>,
    /// Whether the session is over: no further events will come.
    pub fatal: bool,
}

impl ProtocolError {
    /// A recoverable error with the reply to send.
    pub fn with_reply(
        offset: usize,
        expected: &'static str,
        kind: ProtocolErrorKind,
        reply: ErrorReply,
    ) -> Self {
        ProtocolError {
            offset,
            expected,
            kind,
            reply: Some(reply),
            fatal: false,
        }
    }

    /// An error after which the session is over.
    pub fn fatal(offset: usize, expected: &'static str, kind: ProtocolErrorKind) -> Self {
        ProtocolError {
            offset,
            expected,
            kind,
            reply: None,
            fatal: true,
        }
    }
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte {}: expected {}", self.offset, self.expected)?;
        if let Some(reply) = &self.reply {
            write!(f, " (answer: {reply})")?;
        }
        Ok(())
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ProtocolError {}

/// The local caller misused the session; the session's state is unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SendError {
    /// The command is not legal in the current state (name of the state).
    IllegalInState {
        /// The command's verb.
        command: &'static str,
        /// The state the session is in.
        state: &'static str,
    },
    /// The server did not offer the extension the command or parameter needs.
    NotOffered {
        /// The EHLO keyword that was not offered.
        extension: &'static str,
    },
    /// A reply with no command (or greeting) waiting for it.
    NoCommandToAnswer,
    /// The reply's code does not fit the command it answers (a 354 to a MAIL,
    /// a 334 outside AUTH, a 220 to anything but STARTTLS or the greeting).
    ReplyDoesNotFit {
        /// The reply code.
        code: u16,
        /// The command it would answer.
        answers: &'static str,
    },
    /// The command must end a pipelined group and replies are outstanding
    /// (RFC 2920 §3.1), or pipelining was not offered.
    MustWaitForReplies,
    /// Message content handed over (or ended) when no DATA content is
    /// being sent.
    NotSendingData,
    /// Content had a bare CR or LF at this offset and
    /// [`crate::framing::StuffPolicy::Reject`] refuses it.
    BareLineEnding {
        /// Offset in the content handed over so far.
        offset: usize,
    },
    /// The session is over (QUIT answered, 421, or a fatal error).
    Closed,
    /// STARTTLS is under way: nothing may be sent until `tls_established`.
    TlsPending,
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::IllegalInState { command, state } => {
                write!(f, "{command} is not allowed in state {state}")
            }
            SendError::NotOffered { extension } => {
                write!(f, "the server did not offer {extension}")
            }
            SendError::NoCommandToAnswer => f.write_str("no command is waiting for a reply"),
            SendError::ReplyDoesNotFit { code, answers } => {
                write!(f, "a {code} reply cannot answer {answers}")
            }
            SendError::MustWaitForReplies => {
                f.write_str("this command must wait for the outstanding replies (RFC 2920 §3.1)")
            }
            SendError::NotSendingData => f.write_str("no message content is being sent"),
            SendError::BareLineEnding { offset } => {
                write!(f, "bare CR or LF at content offset {offset}")
            }
            SendError::Closed => f.write_str("the session is closed"),
            SendError::TlsPending => f.write_str("waiting for the TLS handshake"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for SendError {}
