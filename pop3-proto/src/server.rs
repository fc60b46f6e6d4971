//! The server-role session: decodes commands, sends replies.
//!
//! The server processes commands in turn (RFC 2449 §6.6): after an
//! [`Event::Command`], [`Session::next_event`] returns `Ok(None)` until that
//! command has its reply (and, for a multi-line `+OK`, its body ended);
//! pipelined commands wait in the buffer meanwhile, up to
//! [`Limits::input_buffer`] bytes ([`Session::wants_input`] turns false
//! there). So the state each
//! command is checked against is exact, and the line after `AUTH` or `STLS`
//! is read knowing what the reply made of it.
//!
//! ```
//! use pop3_proto::server::{Config, Event, Session};
//! use pop3_proto::types::Response;
//!
//! let mut s = Session::new(Config::default());
//! s.send(&Response::ok(&b"POP3 ready"[..]).unwrap()).unwrap();
//! s.receive(b"RETR 1\r\n");
//! // RETR is illegal before login: the error carries the -ERR to send.
//! let err = s.next_event().unwrap_err();
//! s.send(err.reply.as_ref().unwrap()).unwrap();
//! s.receive(b"QUIT\r\n");
//! assert!(matches!(s.next_event(), Ok(Some(Event::Command(_)))));
//! s.send(&Response::ok(&b"bye"[..]).unwrap()).unwrap();
//! assert!(s.is_closed());
//! ```

use bytes::{BufMut, Bytes, BytesMut};

use crate::encode::Encode;
use crate::error::{ProtocolError, ProtocolErrorKind, SendError, SendErrorKind};
use crate::framing::{DotStuffer, FrameErrorKind, InputBuffer, LineFramer, LineStep};
use crate::limits::Limits;
use crate::parse;
use crate::quirks::{Quirks, Warning};
use crate::session::{self, Authorization, BodyKind, BodyLine, CommandKind, State, Transition};
use crate::types::{AuthResponse, Command, Continuation, Response};
use alloc::collections::VecDeque;
use alloc::vec::Vec;

/// How a server session decodes and sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// Sizes accepted from the client.
    pub limits: Limits,
    /// Client deviations accepted; by default those major servers accept
    /// ([`Quirks::server_default`]).
    pub quirks: Quirks,
    /// Send a bare LF or bare CR inside a message body as CRLF (the
    /// default), or as it is.
    pub normalize_bare_lf: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            limits: Limits::DEFAULT,
            quirks: Quirks::server_default(),
            normalize_bare_lf: true,
        }
    }
}

/// What the server received; borrows the session's buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event<'a> {
    /// A command, legal in the current state. Answer it with
    /// [`Session::send`] (and a body, for a multi-line `+OK`).
    Command(Command<'a>),
    /// The client's answer to a challenge during `AUTH` (RFC 5034 §4);
    /// answer with another [`Session::send_continuation`], or end the
    /// exchange with `+OK`/`-ERR` (`-ERR` after a cancel, `*`).
    AuthResponse(AuthResponse<'a>),
    /// The next event's line was decoded only thanks to a quirk; its
    /// offset is a stream offset (bytes from the first byte received).
    Warning(Warning),
}

/// The command awaiting its reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pending {
    transition: Transition,
    /// The command was refused: only `-ERR` may answer it.
    refused: bool,
}

/// Whose line is next in an `AUTH` exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SaslTurn {
    /// The server sends a challenge or the final reply.
    Server,
    /// The client sends a response line.
    Client,
}

/// A POP3 server session without I/O.
#[derive(Debug, Clone)]
pub struct Session {
    config: Config,
    state: State,
    input: InputBuffer,
    framer: LineFramer,
    out: BytesMut,
    /// Input bytes the last event borrowed, dropped at the next call.
    consume: usize,
    pending: Option<Pending>,
    /// The multi-line body being sent.
    body: Option<(BodyKind, DotStuffer)>,
    sasl_turn: SaslTurn,
    warnings: VecDeque<Warning>,
    warned: bool,
    /// `+OK` answered `UTF8` (RFC 6856 §2.1).
    utf8: bool,
}

impl Default for Session {
    fn default() -> Self {
        Self::new(Config::default())
    }
}

macro_rules! warn_first {
    ($self:ident, $w:ident) => {
        if !$self.warned {
            if let Some(&first) = $w.first() {
                $self.warned = true;
                $self.warnings.extend($w.iter().skip(1).copied());
                return Ok(Some(Event::Warning(first)));
            }
        }
        $self.warned = false;
    };
}

impl Session {
    /// A session that must first send its greeting.
    pub fn new(config: Config) -> Self {
        Session {
            config,
            state: State::START,
            input: InputBuffer::new(),
            framer: LineFramer::new(),
            out: BytesMut::new(),
            consume: 0,
            pending: None,
            body: None,
            sasl_turn: SaslTurn::Server,
            warnings: VecDeque::new(),
            warned: false,
            utf8: false,
        }
    }

    /// The session's state. While a command awaits its reply, the state it
    /// holds meanwhile (`Sasl` during `AUTH`, `Update` after `QUIT` in
    /// TRANSACTION, `Closed` after `QUIT` in AUTHORIZATION).
    pub fn state(&self) -> State {
        self.state
    }

    /// True once the conversation is over.
    pub fn is_closed(&self) -> bool {
        self.state == State::Closed && self.pending.is_none()
    }

    /// True once `+OK` answered `UTF8`: the session is in UTF-8 mode (RFC
    /// 6856 §2.1) for the rest of the connection. User names and passwords
    /// (`USER`, `PASS`, the `APOP` name) must then be UTF-8 and are refused
    /// with `-ERR` otherwise (RFC 6856 §2.2; [`crate::types::Param::to_str`]
    /// and [`crate::types::Secret::expose_str`] read them), and `STLS` is
    /// refused (§2.1). Before it, 8-bit credentials pass as bytes.
    pub fn is_utf8(&self) -> bool {
        self.utf8
    }

    /// The command awaiting a reply, if any.
    pub fn awaiting_reply(&self) -> Option<CommandKind> {
        self.pending.map(|p| p.transition.command)
    }

    /// Buffers bytes received from the client. Never fails.
    ///
    /// Driver contract: read from the transport only while
    /// [`Session::wants_input`] is true, and call [`Session::next_event`]
    /// until `Ok(None)` after each `receive`. Bytes received while more
    /// than [`Limits::input_buffer`] are already waiting are not kept:
    /// `next_event` reports them as a fatal
    /// [`ProtocolErrorKind::InputOverflow`].
    pub fn receive(&mut self, bytes: &[u8]) {
        self.input.consume(core::mem::take(&mut self.consume));
        self.input
            .push_within(bytes, self.config.limits.input_buffer);
    }

    /// True while the session takes more input: it is open, no TLS switch
    /// is due, and fewer than [`Limits::input_buffer`] bytes wait
    /// undecoded. While false the driver stops reading (the transport's
    /// flow control then holds the client back); pipelined commands wait
    /// in the buffer until the command before them has its reply.
    pub fn wants_input(&self) -> bool {
        let open = matches!(
            self.state,
            State::Transaction
                | State::Authorization(
                    Authorization::Greeting
                        | Authorization::Ready
                        | Authorization::UserAccepted
                        | Authorization::Sasl
                )
        );
        let waiting = self.input.len().saturating_sub(self.consume);
        open && waiting < self.config.limits.input_buffer
    }

    /// Bytes of heap the receive buffer holds (it shrinks when drained).
    pub fn buffer_capacity(&self) -> usize {
        self.input.capacity().saturating_add(self.out.capacity())
    }

    /// Bytes to write to the client, taken out of the session.
    pub fn take_transmit(&mut self) -> Bytes {
        core::mem::take(&mut self.out).freeze()
    }

    fn refuse(&self, kind: SendErrorKind) -> SendError {
        SendError {
            kind,
            state: self.state,
        }
    }

    /// Sends the greeting (first), or the status line answering the
    /// command awaiting its reply. After a `+OK` to a multi-line command,
    /// send its body, then [`Session::end_body`].
    pub fn send(&mut self, response: &Response<'_>) -> Result<(), SendError> {
        if self.body.is_some() {
            return Err(self.refuse(SendErrorKind::BodyOpen));
        }
        let status = response.status();
        if self.state == State::START {
            response.encode(&mut self.out);
            self.state = session::GREETING.after(status);
            return Ok(());
        }
        let Some(p) = self.pending else {
            return Err(self.refuse(SendErrorKind::NothingToAnswer));
        };
        if p.refused && response.is_ok() {
            return Err(self.refuse(SendErrorKind::MustBeErr));
        }
        if p.transition.command == CommandKind::Auth && self.sasl_turn == SaslTurn::Client {
            return Err(self.refuse(SendErrorKind::NoSaslExchange));
        }
        response.encode(&mut self.out);
        self.state = p.transition.after(status);
        self.utf8 |= p.transition.command == CommandKind::Utf8 && !p.refused && response.is_ok();
        match p.transition.body_after(status) {
            Some(kind) => {
                let stuffer = if self.config.normalize_bare_lf {
                    DotStuffer::new()
                } else {
                    DotStuffer::passing_bare_lf()
                };
                self.body = Some((kind, stuffer));
            }
            None => self.pending = None,
        }
        self.sasl_turn = SaslTurn::Server;
        Ok(())
    }

    /// Sends a SASL challenge during `AUTH` (RFC 5034 §4).
    pub fn send_continuation(&mut self, continuation: &Continuation<'_>) -> Result<(), SendError> {
        let in_auth = self.pending.map(|p| (p.transition.command, p.refused))
            == Some((CommandKind::Auth, false));
        if !in_auth || self.sasl_turn != SaslTurn::Server {
            return Err(self.refuse(SendErrorKind::NoSaslExchange));
        }
        continuation.encode(&mut self.out);
        self.sasl_turn = SaslTurn::Client;
        Ok(())
    }

    /// Sends part of a message body (`RETR`, `TOP`), dot-stuffing it; chunks
    /// may be cut anywhere.
    pub fn send_body(&mut self, chunk: &[u8]) -> Result<(), SendError> {
        match &mut self.body {
            Some((BodyKind::Message, stuffer)) => {
                stuffer.stuff(chunk, &mut self.out);
                Ok(())
            }
            Some(_) => Err(self.refuse(SendErrorKind::WrongBodyLine)),
            None => Err(self.refuse(SendErrorKind::NothingToAnswer)),
        }
    }

    /// Sends one line of a `LIST`, `UIDL`, `CAPA`, `LANG` or bare `AUTH`
    /// body; it must be of the kind the command takes.
    pub fn send_body_line(&mut self, line: &BodyLine<'_>) -> Result<(), SendError> {
        match &self.body {
            Some((kind, _)) if *kind == line.kind() => {}
            Some(_) => return Err(self.refuse(SendErrorKind::WrongBodyLine)),
            None => return Err(self.refuse(SendErrorKind::NothingToAnswer)),
        }
        // No typed line starts with `.` (digits, letters, `cchar`), so it
        // needs no stuffing, and the stuffer stays at a line start.
        match line {
            BodyLine::Scan(l) => l.encode(&mut self.out),
            BodyLine::UniqueId(l) => l.encode(&mut self.out),
            BodyLine::Capability(c) => c.encode(&mut self.out),
            BodyLine::Language(l) => l.encode(&mut self.out),
            BodyLine::Mechanism(m) => {
                self.out.put_slice(m.as_str().as_bytes());
                self.out.put_slice(b"\r\n");
            }
        }
        Ok(())
    }

    /// Ends the multi-line body: its last line gets a CRLF if it lacks one,
    /// then `.CRLF` (RFC 1939 §3).
    pub fn end_body(&mut self) -> Result<(), SendError> {
        let Some((_, mut stuffer)) = self.body.take() else {
            return Err(self.refuse(SendErrorKind::NothingToAnswer));
        };
        stuffer.finish(&mut self.out);
        self.pending = None;
        Ok(())
    }

    /// The transport now runs TLS (RFC 2595 §4): back to AUTHORIZATION.
    /// Refused unless `+OK` to `STLS` was sent, and while bytes received
    /// before the handshake are buffered
    /// ([`SendErrorKind::BytesBeforeTls`]; `next_event` then reports the
    /// injection).
    pub fn tls_established(&mut self) -> Result<(), SendError> {
        if self.state != State::Authorization(Authorization::Tls) {
            return Err(self.refuse(SendErrorKind::NoTlsRequested));
        }
        self.input.consume(core::mem::take(&mut self.consume));
        if !self.input.is_empty() {
            return Err(self.refuse(SendErrorKind::BytesBeforeTls));
        }
        self.state = State::Authorization(Authorization::Ready);
        Ok(())
    }

    /// The next command (or SASL line) from the input; `Ok(None)` when more
    /// input is needed, or while a command awaits its reply.
    ///
    /// A command that does not decode, is too long, or is illegal now gives
    /// a [`ProtocolError`] whose `reply` is the `-ERR` to send; the session
    /// expects it (or another `-ERR`) next and stays usable.
    pub fn next_event(&mut self) -> Result<Option<Event<'_>>, ProtocolError> {
        self.input.consume(core::mem::take(&mut self.consume));
        if let Some(at) = self.input.take_overflow() {
            return Err(self.overflowed(at));
        }
        if let Some(w) = self.warnings.pop_front() {
            return Ok(Some(Event::Warning(w)));
        }
        let sasl_line = self.pending.map(|p| p.transition.command) == Some(CommandKind::Auth)
            && self.sasl_turn == SaslTurn::Client;
        if (self.pending.is_some() && !sasl_line) || self.state == State::START {
            return Ok(None);
        }
        loop {
            if self.input.is_empty() {
                return Ok(None);
            }
            let at = self.input.offset();
            match self.state {
                State::Closed | State::Update => {
                    self.input.clear();
                    return Err(ProtocolError::new(
                        at,
                        "nothing after QUIT",
                        ProtocolErrorKind::Unexpected,
                    )
                    .fatal());
                }
                State::Authorization(Authorization::Tls) => {
                    self.input.clear();
                    self.state = State::Closed;
                    return Err(injection(at).fatal());
                }
                _ => {}
            }
            // RFC 2449 §4 bounds commands at 255 octets; RFC 5034 lets AUTH
            // and SASL lines be longer.
            let limits = self.config.limits;
            let data = self.input.data();
            let long_ok = sasl_line || data.len() < 5 || starts_with_ignore_case(data, b"AUTH ");
            let limit = if long_ok {
                limits.command_line.max(limits.sasl_line)
            } else {
                limits.command_line
            };
            match self.framer.poll(data, limit) {
                LineStep::NeedMore => return Ok(None),
                LineStep::Skip { len, .. } => self.input.consume(len),
                LineStep::TooLong { skip, .. } => {
                    self.input.consume(skip);
                    let kind = FrameErrorKind::LineTooLong { limit };
                    return Err(self.refused(at, "a line within the length limit", kind));
                }
                LineStep::Line { len, .. } if sasl_line => return self.auth_response(len),
                LineStep::Line { len, .. } => return self.command(len),
            }
        }
    }

    /// The client sent more than [`Limits::input_buffer`] that could not be
    /// decoded yet (pipelined commands while a reply is pending): the
    /// session ends. Its `-ERR` replaces the reply to the
    /// command awaiting one, unless a body is being sent.
    fn overflowed(&mut self, at: u64) -> ProtocolError {
        self.input.clear();
        self.warnings.clear();
        self.state = State::Closed;
        let limit = self.config.limits.input_buffer;
        let error = ProtocolError::new(
            at,
            "no more input before the replies are read",
            ProtocolErrorKind::InputOverflow { limit },
        )
        .fatal();
        if self.body.is_some() {
            return error;
        }
        self.pending = Some(Pending {
            transition: Transition::refused(State::Closed),
            refused: true,
        });
        error.with_reply(err_reply(b"too much input"))
    }

    /// Marks the input at `at` refused: `-ERR` must answer it.
    fn refused(&mut self, at: u64, expected: &'static str, kind: FrameErrorKind) -> ProtocolError {
        // Inside AUTH the refusal ends the exchange (RFC 5034 §4).
        let transition = match self.pending {
            Some(p) if p.transition.command == CommandKind::Auth => p.transition,
            _ => Transition::refused(self.state),
        };
        self.pending = Some(Pending {
            transition,
            refused: true,
        });
        self.sasl_turn = SaslTurn::Server;
        ProtocolError::new(at, expected, ProtocolErrorKind::Frame(kind))
            .with_reply(err_reply(b"line too long"))
    }

    /// Decodes the command line `input[..len]`.
    fn command(&mut self, len: usize) -> Result<Option<Event<'_>>, ProtocolError> {
        let at = self.input.offset();
        let quirks = self.config.quirks;
        let command_limit = self.config.limits.command_line;
        let buffered = self.input.data().len();
        let line = self.input.data().get(..len).unwrap_or_default();
        let refused = Some(Pending {
            transition: Transition::refused(self.state),
            refused: true,
        });
        // RFC 2449 §4 bounds commands; RFC 5034 lets AUTH lines be longer.
        if len > command_limit && !starts_with_ignore_case(line, b"AUTH ") {
            self.consume = len;
            self.pending = refused;
            let kind = FrameErrorKind::LineTooLong {
                limit: command_limit,
            };
            return Err(ProtocolError::new(
                at,
                "a command within the length limit",
                ProtocolErrorKind::Frame(kind),
            )
            .with_reply(err_reply(b"line too long")));
        }
        let mut w = Vec::new();
        let command = match parse::command_with(line, &quirks, &mut w) {
            Ok(c) => c,
            Err(e) => {
                self.consume = len;
                self.pending = refused;
                return Err(ProtocolError::from_decode(e, at)
                    .with_reply(err_reply(b"unknown command or bad syntax")));
            }
        };
        let kind = CommandKind::of(&command);
        let rule = session::rule(self.state, kind)
            .filter(|_| !self.utf8 || session::legal_in_utf8_mode(kind));
        if self.utf8 {
            // RFC 6856 §2.2: "The server MUST reject UTF-8 usernames or
            // passwords that fail to comply with the formal syntax".
            let bad = session::credentials(&command)
                .and_then(|_| core::str::from_utf8(line).err())
                .map(|e| e.valid_up_to());
            if let Some(in_line) = bad {
                self.consume = len;
                self.pending = refused;
                return Err(ProtocolError::new(
                    at.saturating_add(in_line as u64),
                    "a UTF-8 user name or password",
                    ProtocolErrorKind::Decode(crate::error::DecodeErrorKind::Syntax),
                )
                .with_reply(err_reply(b"user name or password is not UTF-8")));
            }
        }
        let Some(transition) = rule else {
            self.consume = len;
            self.pending = refused;
            let state = self.state;
            return Err(ProtocolError::new(
                at,
                "a command legal in this state",
                ProtocolErrorKind::IllegalCommand {
                    command: kind,
                    state,
                },
            )
            .with_reply(err_reply(b"command not valid in this state")));
        };
        if kind == CommandKind::Stls && buffered > len {
            // RFC 2595 §4: the client must wait for the reply; bytes after
            // STLS would be taken as sent under TLS (CVE-2011-0411 class).
            self.consume = usize::MAX;
            self.state = State::Closed;
            self.pending = Some(Pending {
                transition: Transition::refused(State::Closed),
                refused: true,
            });
            return Err(injection(at.saturating_add(len as u64))
                .with_reply(err_reply(b"nothing may follow STLS before TLS"))
                .fatal());
        }
        in_stream(&mut w, at);
        warn_first!(self, w);
        self.consume = len;
        self.state = transition.pending;
        self.pending = Some(Pending {
            transition,
            refused: false,
        });
        self.sasl_turn = SaslTurn::Server;
        Ok(Some(Event::Command(command)))
    }

    /// Decodes the SASL line `input[..len]` during `AUTH`.
    fn auth_response(&mut self, len: usize) -> Result<Option<Event<'_>>, ProtocolError> {
        let at = self.input.offset();
        let quirks = self.config.quirks;
        let line = self.input.data().get(..len).unwrap_or_default();
        let mut w = Vec::new();
        match parse::auth_response_with(line, &quirks, &mut w) {
            // RFC 5034 §4: a response that does not decode fails the
            // exchange with -ERR.
            Err(e) => {
                self.consume = len;
                self.sasl_turn = SaslTurn::Server;
                if let Some(p) = self.pending.as_mut() {
                    p.refused = true;
                }
                Err(ProtocolError::from_decode(e, at)
                    .with_reply(err_reply(b"invalid SASL response")))
            }
            Ok(r) => {
                in_stream(&mut w, at);
                warn_first!(self, w);
                self.consume = len;
                self.sasl_turn = SaslTurn::Server;
                Ok(Some(Event::AuthResponse(r)))
            }
        }
    }
}

/// Moves the line-relative warnings of the line at stream offset `at`
/// into the stream.
fn in_stream(warnings: &mut [Warning], at: u64) {
    for w in warnings {
        *w = w.in_stream(at);
    }
}

fn starts_with_ignore_case(line: &[u8], prefix: &[u8]) -> bool {
    line.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

fn injection(at: u64) -> ProtocolError {
    ProtocolError::new(
        at,
        "no bytes after STLS before the TLS handshake",
        ProtocolErrorKind::Injection,
    )
}

/// The `-ERR` for refused input (its fixed text always validates).
fn err_reply(text: &'static [u8]) -> Option<Response<'static>> {
    Response::err(text).ok()
}
