//! The server-role session: decodes commands and message content, checks
//! them against the state, and encodes the replies it is handed.
//!
//! ```
//! use smtp_proto::server::{Config, Event, Session};
//! use smtp_proto::types::Reply;
//!
//! let mut s = Session::new(Config::default());
//! s.send(&Reply::new(220, &b"mx.example.org ESMTP"[..]).unwrap()).unwrap();
//! s.receive(b"HELO client.example.org\r\n");
//! let Some(Event::Command(c)) = s.next_event().unwrap() else { panic!() };
//! assert_eq!(c.verb(), "HELO");
//! s.send(&Reply::new(250, &b"mx.example.org"[..]).unwrap()).unwrap();
//! assert_eq!(&s.take_transmit()[..], b"220 mx.example.org ESMTP\r\n250 mx.example.org\r\n");
//! ```
//!
//! The session answers commands one at a time, in order: after a command
//! (or a refused one, reported as a [`ProtocolError`] carrying the reply to
//! send), [`Session::next_event`] yields nothing more until its reply is
//! sent. Pipelined commands wait in the buffer meanwhile (RFC 2920 §3.2).
//!
//! A DATA after MAIL whose recipients were all refused comes as a command
//! too ([`Session::recipients`] is 0): RFC 5321 §3.3 leaves the answer to the
//! server, `503`, `554` ([`crate::error::ErrorReply::NO_VALID_RECIPIENTS`]),
//! or `354` and then `554` after the content (RFC 2920 §4). The session
//! refuses any positive reply to that content. In LMTP the session itself
//! refuses such a DATA with `503` (RFC 2033 §4.2).
//!
//! Message content comes as [`Event::DataChunk`]s then [`Event::DataEnd`].
//! When it breaks a limit (size) or the [`BareLinePolicy`] (Reject), the
//! chunks stop, the rest is read and dropped up to the real end of data, and
//! a [`ProtocolError`] with the refusal (`552 5.3.4`, `550 5.6.0`) comes in
//! place of `DataEnd`: the partial content must be discarded.

use alloc::vec::Vec;

use bytes::{Bytes, BytesMut};

use crate::encode::Encode;
use crate::error::{ErrorReply, ProtocolError, ProtocolErrorKind, SendError};
use crate::framing::{
    BareLineEnding, BareLinePolicy, BdatDecoder, BdatStep, DataDecoder, InputBuffer, LineEnding,
    LineFramer, LineStep, Piece, RangeStep,
};
use crate::limits::Limits;
use crate::parse;
use crate::quirks::{Quirk, Quirks, Warning};
use crate::session::{
    Answers, CommandKind, Extensions, Input, Mode, Outcome, Refusal, State, transition,
};
use crate::types::{AuthResponse, Command, Reply};

/// How a server session decodes and what it enforces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// SMTP or LMTP.
    pub mode: Mode,
    /// Line, recipient, size and buffer limits.
    pub limits: Limits,
    /// Leniencies granted to clients' commands (by default what Postfix and
    /// Exim accept; never bare LF).
    pub quirks: Quirks,
    /// What a bare CR or LF in `DATA` content does (Reject by default).
    pub bare_line_policy: BareLinePolicy,
    /// Deliver commands with an unknown verb as events instead of refusing
    /// them with `502 5.5.1`.
    pub accept_unknown: bool,
    /// What a `DATA` content line over [`Limits::text_line`] does (Warn by
    /// default).
    pub text_line_policy: TextLinePolicy,
}

/// What a server session does with a `DATA` content line longer than
/// [`Limits::text_line`] (RFC 5321 §4.5.3.1.6, §4.5.3.1.9).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TextLinePolicy {
    /// Deliver the content; say nothing.
    Ignore,
    /// Deliver the content; report the first such line of the message as
    /// an [`Event::Warning`] ([`crate::quirks::Quirk::LongTextLine`]) just
    /// before its [`Event::DataEnd`].
    #[default]
    Warn,
    /// Refuse the message after its end with `500 5.5.2 Line too long`, as
    /// for a size or bare line ending refusal.
    Reject,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            mode: Mode::Smtp,
            limits: Limits::default(),
            quirks: Quirks::server_default(),
            bare_line_policy: BareLinePolicy::Reject,
            accept_unknown: false,
            text_line_policy: TextLinePolicy::Warn,
        }
    }
}

impl Config {
    /// The default configuration in LMTP mode (RFC 2033).
    pub fn lmtp() -> Self {
        Config {
            mode: Mode::Lmtp,
            ..Config::default()
        }
    }
}

/// What the server session decoded.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event<'a> {
    /// A command, legal in the current state; answer it with [`Session::send`].
    /// After `BDAT` its chunk follows as `DataChunk`s and a `DataEnd`, then
    /// the reply is due.
    Command(Command<'a>),
    /// Message content (`DATA` dot-unstuffed, or a `BDAT` chunk).
    DataChunk(&'a [u8]),
    /// The content ended (`<CRLF>.<CRLF>`, or the last octet of a chunk).
    /// The reply to `DATA` (LMTP: one per accepted recipient) or to `BDAT`
    /// is due.
    DataEnd,
    /// A line of an AUTH exchange after a 334 (RFC 4954 §4); a reply is due
    /// (`334`, `235`, `535`, or `501` after a cancel).
    AuthResponse(AuthResponse<'a>),
    /// A leniency was used decoding the next event.
    Warning(Warning),
    /// A bare CR or LF in `DATA` content that the policy let through
    /// (Normalize or Pass).
    BareLineEnding(BareLineEnding),
    /// The 220 to STARTTLS was sent: write it out, start the TLS handshake,
    /// then call [`Session::tls_established`] (RFC 3207 §4.2).
    StartTls,
}

/// What the next reply answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Awaiting {
    answers: Answers,
    /// A refused input: the reply must be negative.
    error: bool,
    /// Replies still due (LMTP: one per accepted recipient).
    count: u32,
}

/// Message content being read.
#[derive(Clone, Debug)]
enum Body {
    None,
    Data(DataDecoder),
    Bdat(BdatDecoder),
    /// A refused chunk: its octets are dropped (RFC 3030 §2).
    Skip(BdatDecoder),
}

/// What one step of reading content gave.
enum BodyStep {
    /// Nothing to report; step again.
    Again,
    /// A chunk to hand out, or `None`: more input is needed.
    Yield(Option<Piece>),
    /// An event that borrows nothing.
    Event(Event<'static>),
    /// The content ended with an error.
    Error(ProtocolError),
    /// A refused chunk was skipped to its end.
    Skipped,
}

/// A server-role SMTP or LMTP session.
#[derive(Debug)]
pub struct Session {
    config: Config,
    state: State,
    input: InputBuffer,
    consumed: usize,
    transmit: BytesMut,
    framer: LineFramer,
    body: Body,
    /// Stream offset where the current DATA content started.
    body_start: usize,
    awaiting: Option<Awaiting>,
    extensions: Extensions,
    authenticated: bool,
    recipients: u32,
    message_size: u64,
    body_error: Option<ProtocolError>,
    warnings: Vec<Warning>,
    /// Length of a framed line whose warnings are being reported first.
    framed: Option<usize>,
    starttls_event: bool,
    fatal: Option<ProtocolError>,
    /// Octets of the current content line so far (RFC 5321 §4.5.3.1.6).
    text_line: usize,
    /// The first content line over the limit in this message.
    long_line: Option<usize>,
    /// A `DataEnd` held back behind its warning.
    data_end: bool,
}

impl Session {
    /// A session that expects its greeting (220 or 554) to be sent first.
    pub fn new(config: Config) -> Self {
        Session {
            framer: LineFramer::new(config.limits.command_line),
            config,
            state: State::Greeting,
            input: InputBuffer::new(),
            consumed: 0,
            transmit: BytesMut::new(),
            body: Body::None,
            body_start: 0,
            awaiting: Some(Awaiting {
                answers: Answers::Greeting,
                error: false,
                count: 1,
            }),
            extensions: Extensions::default(),
            authenticated: false,
            recipients: 0,
            message_size: 0,
            body_error: None,
            warnings: Vec::new(),
            framed: None,
            starttls_event: false,
            fatal: None,
            text_line: 0,
            long_line: None,
            data_end: false,
        }
    }

    /// Buffers bytes received from the client. Never fails; the bytes are
    /// looked at by [`Session::next_event`].
    pub fn receive(&mut self, bytes: &[u8]) {
        self.input.consume(core::mem::take(&mut self.consumed));
        self.input.extend(bytes);
    }

    /// The next thing decoded, `Ok(None)` when more input is needed or a
    /// reply is due. A recoverable error carries the reply to send next.
    pub fn next_event(&mut self) -> Result<Option<Event<'_>>, ProtocolError> {
        self.input.consume(core::mem::take(&mut self.consumed));
        if let Some(e) = self.fatal {
            return Err(e);
        }
        if core::mem::take(&mut self.starttls_event) {
            return Ok(Some(Event::StartTls));
        }
        if core::mem::take(&mut self.data_end) {
            return Ok(Some(Event::DataEnd));
        }
        match self.body {
            Body::None => {}
            _ => return self.next_body_event(),
        }
        if !self.warnings.is_empty() {
            let w = self.warnings.remove(0);
            return Ok(Some(Event::Warning(w)));
        }
        if self.awaiting.is_some() {
            if self.input.len() > self.config.limits.buffer {
                return Err(self.fail(
                    0,
                    "the client to wait for replies",
                    ProtocolErrorKind::BufferFull,
                ));
            }
            return Ok(None);
        }
        match self.state {
            State::Closed => {
                if self.input.is_empty() {
                    return Ok(None);
                }
                Err(self.fail(
                    0,
                    "nothing after the session ended",
                    ProtocolErrorKind::Closed,
                ))
            }
            State::StartTls => {
                if self.input.is_empty() {
                    return Ok(None);
                }
                Err(self.fail(
                    0,
                    "the TLS handshake, not plain text",
                    ProtocolErrorKind::StartTlsInjection,
                ))
            }
            State::Auth => self.next_auth_line(),
            _ => self.next_command(),
        }
    }

    /// Encodes a reply to the command, content or error it answers. Refused
    /// (state unchanged) when nothing waits for a reply or the reply cannot
    /// answer it; a 421 may always be sent and ends the session.
    pub fn send(&mut self, reply: &Reply<'_>) -> Result<(), SendError> {
        if let Some(fatal) = self.fatal {
            // A fatal error that carries a 421 may still send it, and only it.
            let closing = Outcome::of(reply.code()) == Outcome::Closing;
            if fatal.reply.is_some() && closing && self.state != State::Closed {
                reply.encode(&mut self.transmit);
                self.state = State::Closed;
                self.awaiting = None;
                return Ok(());
            }
            return Err(SendError::Closed);
        }
        if self.state == State::Closed {
            return Err(SendError::Closed);
        }
        if self.awaiting.is_none() && Outcome::of(reply.code()) == Outcome::Closing {
            // RFC 5321 §3.8: a server shutting down may send 421 unasked.
            reply.encode(&mut self.transmit);
            self.state = State::Closed;
            self.body = Body::None;
            return Ok(());
        }
        let awaiting = self.awaiting.ok_or(SendError::NoCommandToAnswer)?;
        if matches!(self.body, Body::Bdat(_)) {
            // RFC 3030 §2: the reply to BDAT follows its whole chunk.
            return Err(SendError::IllegalInState {
                command: "a reply before the end of the BDAT chunk",
                state: self.state.name(),
            });
        }
        let code = reply.code().get();
        let outcome = Outcome::of(reply.code());
        let does_not_fit = SendError::ReplyDoesNotFit {
            code,
            answers: answers_name(awaiting.answers),
        };
        // RFC 5321 §3.3: content sent after a 354 to a DATA that had no
        // recipient cannot be delivered; only a refusal (554) may end it.
        let no_recipients = awaiting.answers == Answers::Data && self.recipients == 0;
        if !reply_fits(awaiting, code, outcome) || (no_recipients && outcome == Outcome::Positive) {
            return Err(does_not_fit);
        }
        // LMTP: the state moves with the last per-recipient reply.
        let more = awaiting.count > 1 && outcome != Outcome::Closing;
        let next = if more {
            self.state
        } else {
            transition(
                self.state,
                Input::Reply {
                    answers: awaiting.answers,
                    outcome,
                },
                self.config.mode,
            )
            .map_err(|_| does_not_fit)?
        };
        reply.encode(&mut self.transmit);
        self.awaiting = more.then_some(Awaiting {
            count: awaiting.count.saturating_sub(1),
            ..awaiting
        });
        self.after_reply(awaiting, reply, outcome, next);
        Ok(())
    }

    /// Sends the reply a [`ProtocolError`] carries: for a recoverable error,
    /// in the refused input's place; for a fatal one (a `421`), once, and
    /// then the session is closed. Refused when the error carries no reply.
    pub fn send_error(&mut self, error: &ProtocolError) -> Result<(), SendError> {
        let reply = error
            .reply
            .and_then(|r| r.to_reply().ok())
            .ok_or(SendError::NoCommandToAnswer)?;
        self.send(&reply)
    }

    /// The bytes to write to the client; empties the transmit buffer.
    pub fn take_transmit(&mut self) -> Bytes {
        // Taking the whole buffer leaves none behind: a split would keep
        // the spare capacity (and the allocation) alive while idle.
        core::mem::take(&mut self.transmit).freeze()
    }

    /// The driver finished the TLS handshake after a 220 to STARTTLS: the
    /// session is back before EHLO, knowing nothing from before (RFC 3207
    /// §4.2).
    pub fn tls_established(&mut self) -> Result<(), SendError> {
        let next =
            transition(self.state, Input::TlsEstablished, self.config.mode).map_err(|_| {
                SendError::IllegalInState {
                    command: "TLS handshake",
                    state: self.state.name(),
                }
            })?;
        self.state = next;
        self.starttls_event = false;
        self.extensions = Extensions::default();
        self.authenticated = false;
        self.reset_transaction();
        self.update_line_limit();
        Ok(())
    }

    /// The state.
    pub fn state(&self) -> State {
        self.state
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// What the last positive EHLO/LHLO reply sent offered.
    pub fn extensions(&self) -> &Extensions {
        &self.extensions
    }

    /// Whether a 235 was sent (RFC 4954 §4).
    pub fn is_authenticated(&self) -> bool {
        self.authenticated
    }

    /// Recipients accepted in the current transaction.
    pub fn recipients(&self) -> u32 {
        self.recipients
    }

    /// Whether a reply is due before more input is decoded.
    pub fn awaits_reply(&self) -> bool {
        self.awaiting.is_some()
    }

    /// How many replies are due before more input is decoded: 0 or 1, or
    /// in LMTP after the content one per accepted recipient (RFC 2033 §4.2),
    /// also when the content was refused.
    pub fn replies_due(&self) -> u32 {
        self.awaiting.map_or(0, |a| a.count)
    }

    /// Whether the session ended (221, 421, or a fatal error). A fatal
    /// error that carries a reply (`421` for a flood past
    /// [`Limits::buffer`]) is already counted as the end, but its reply may
    /// still be sent once with [`Session::send_error`]: write the transmit
    /// buffer out before closing the connection.
    pub fn is_closed(&self) -> bool {
        self.state == State::Closed || self.fatal.is_some()
    }

    /// Octets of heap the session's buffers hold (input, transmit and
    /// pending warnings): small when idle, since buffers give memory back
    /// once drained.
    pub fn heap_capacity(&self) -> usize {
        self.input
            .capacity()
            .saturating_add(self.transmit.capacity())
            .saturating_add(self.warnings.capacity() * core::mem::size_of::<Warning>())
    }

    /// Bytes received and not yet decoded.
    pub fn buffered(&self) -> usize {
        self.input.len().saturating_sub(self.consumed)
    }

    fn fail(
        &mut self,
        at: usize,
        expected: &'static str,
        kind: ProtocolErrorKind,
    ) -> ProtocolError {
        let mut e = ProtocolError::fatal(self.input.offset().saturating_add(at), expected, kind);
        if kind == ProtocolErrorKind::BufferFull {
            e.reply = Some(ErrorReply::SHUTDOWN);
        }
        self.fatal = Some(e);
        e
    }

    /// A recoverable error: `reply` is due in place of the refused input.
    /// `at` is relative to the first unconsumed octet and may reach back
    /// before it (an over-long line partly dropped already).
    fn refuse(
        &mut self,
        at: isize,
        expected: &'static str,
        kind: ProtocolErrorKind,
        reply: ErrorReply,
        answers: Answers,
    ) -> ProtocolError {
        self.awaiting = Some(Awaiting {
            answers,
            error: true,
            count: 1,
        });
        let offset = self.input.offset().saturating_add_signed(at);
        ProtocolError::with_reply(offset, expected, kind, reply)
    }

    fn reset_transaction(&mut self) {
        self.recipients = 0;
        self.message_size = 0;
        self.body_error = None;
    }

    fn after_reply(
        &mut self,
        awaiting: Awaiting,
        reply: &Reply<'_>,
        outcome: Outcome,
        next: State,
    ) {
        let positive = outcome == Outcome::Positive;
        let before = self.state;
        self.state = next;
        match awaiting.answers {
            _ if awaiting.error => {}
            Answers::Command(CommandKind::Ehlo | CommandKind::Lhlo) if positive => {
                self.extensions = reply.ehlo().map(|e| Extensions::of(&e)).unwrap_or_default();
                self.reset_transaction();
            }
            Answers::Command(CommandKind::Helo) if positive => {
                self.extensions = Extensions::default();
                self.reset_transaction();
            }
            Answers::Command(CommandKind::Mail | CommandKind::Rset) if positive => {
                self.reset_transaction()
            }
            Answers::Command(CommandKind::Rcpt) if positive => {
                self.recipients = self.recipients.saturating_add(1)
            }
            Answers::Command(CommandKind::Auth) if positive => self.authenticated = true,
            Answers::Command(CommandKind::Data) if next == State::Data => {
                self.body = Body::Data(DataDecoder::new(self.config.bare_line_policy));
                self.body_start = self.input.offset().saturating_add(self.consumed);
                self.text_line = 0;
                self.long_line = None;
            }
            _ => {}
        }
        if before.in_transaction() && !next.in_transaction() {
            self.reset_transaction();
        }
        self.update_line_limit();
        if next == State::StartTls {
            if self.input.len() > self.consumed {
                // CVE-2011-0411: plain text sent after STARTTLS must not be
                // taken as if it came over TLS.
                let at = self.consumed;
                self.fail(
                    at,
                    "nothing after STARTTLS before the TLS handshake",
                    ProtocolErrorKind::StartTlsInjection,
                );
            } else {
                self.starttls_event = true;
            }
        }
    }

    /// RFC 5321 §4.5.3.1.4 plus what offered extensions add.
    fn command_limit(&self) -> usize {
        self.config
            .limits
            .command_line
            .saturating_add(self.extensions.line_allowance)
    }

    /// The framer's limit: an AUTH line (the command with its initial
    /// response, or a response line) may be 12288 octets (RFC 4954 §4);
    /// other command lines are checked against [`Self::command_limit`]
    /// once framed.
    fn update_line_limit(&mut self) {
        let auth_possible = self.extensions.auth && !self.authenticated;
        let limit = if self.state == State::Auth {
            self.config.limits.auth_line
        } else if auth_possible {
            self.command_limit().max(self.config.limits.auth_line)
        } else {
            self.command_limit()
        };
        self.framer.set_limit(limit);
    }

    fn next_command(&mut self) -> Result<Option<Event<'_>>, ProtocolError> {
        let second_pass = self.framed.is_some();
        let len = match self.framed.take() {
            Some(len) => len,
            None => loop {
                match self.framer.next_line(self.input.bytes()) {
                    LineStep::Line { len, ending } => {
                        let is_auth = self
                            .input
                            .bytes()
                            .get(..5)
                            .is_some_and(|v| v.eq_ignore_ascii_case(b"AUTH "));
                        if len > self.command_limit() && !is_auth {
                            self.consumed = len;
                            return Err(self.refuse(
                                0,
                                "a command line within the length limit",
                                ProtocolErrorKind::LineTooLong,
                                ErrorReply::LINE_TOO_LONG,
                                Answers::Command(CommandKind::Unknown),
                            ));
                        }
                        if ending == LineEnding::BareLf && !self.config.quirks.bare_lf {
                            self.consumed = len;
                            return Err(self.refuse(
                                isize::try_from(len).unwrap_or(isize::MAX).saturating_sub(1),
                                "CRLF at the end of the command",
                                ProtocolErrorKind::BareLineEnding,
                                ErrorReply::SYNTAX,
                                Answers::Command(CommandKind::Unknown),
                            ));
                        }
                        break len;
                    }
                    LineStep::Discard { len } => self.input.consume(len),
                    LineStep::TooLong { len, total } => {
                        self.consumed = len;
                        return Err(self.refuse(
                            line_start(len, total),
                            "a command line within the length limit",
                            ProtocolErrorKind::LineTooLong,
                            ErrorReply::LINE_TOO_LONG,
                            Answers::Command(CommandKind::Unknown),
                        ));
                    }
                    LineStep::NeedMore => return Ok(None),
                }
            },
        };
        let line = self.input.bytes().get(..len).unwrap_or_default();
        let base = self.input.offset();
        let mut warnings = Vec::new();
        let decoded = parse::command_with(line, &self.config.quirks, &mut warnings);
        if !warnings.is_empty() && !second_pass {
            // Warnings come first; the line is decoded again after them.
            self.warnings = warnings
                .into_iter()
                .map(|w| Warning {
                    offset: base.saturating_add(w.offset),
                    ..w
                })
                .collect();
            self.framed = Some(len);
            let w = self.warnings.remove(0);
            return Ok(Some(Event::Warning(w)));
        }
        self.consumed = len;
        let command = match decoded {
            Ok(c) => c,
            Err(e) => {
                let (kind, reply) = if known_verb(line) {
                    (ProtocolErrorKind::Syntax, ErrorReply::PARAMETERS)
                } else {
                    (ProtocolErrorKind::Syntax, ErrorReply::SYNTAX)
                };
                let answers = Answers::Command(CommandKind::Unknown);
                let e = ProtocolError::with_reply(
                    base.saturating_add(e.offset),
                    e.expected,
                    kind,
                    reply,
                );
                self.awaiting = Some(Awaiting {
                    answers,
                    error: true,
                    count: 1,
                });
                return Err(e);
            }
        };
        let kind = CommandKind::of(&command);
        let answers = Answers::Command(kind);
        let refusal = self.check(&command, kind);
        if let Command::Bdat { size, last } = command {
            // The chunk follows the command line whatever the reply.
            let dec = BdatDecoder::new(size, last);
            self.body = if refusal.is_none() {
                Body::Bdat(dec)
            } else {
                Body::Skip(dec)
            };
            if refusal.is_none() {
                self.message_size = self.message_size.saturating_add(size);
                if self.too_big() {
                    self.body = Body::Skip(dec);
                    self.awaiting = Some(Awaiting {
                        answers,
                        error: true,
                        count: 1,
                    });
                    return Err(ProtocolError::with_reply(
                        base,
                        "a message within the size limit",
                        ProtocolErrorKind::MessageTooBig,
                        ErrorReply::MESSAGE_TOO_BIG,
                    ));
                }
            }
        }
        if let Some((kind, expected, reply)) = refusal {
            self.awaiting = Some(Awaiting {
                answers,
                error: true,
                count: 1,
            });
            return Err(ProtocolError::with_reply(base, expected, kind, reply));
        }
        self.awaiting = Some(Awaiting {
            answers,
            error: false,
            count: 1,
        });
        Ok(Some(Event::Command(command)))
    }

    /// Why a decoded command is refused, if it is.
    fn check(
        &self,
        command: &Command<'_>,
        kind: CommandKind,
    ) -> Option<(ProtocolErrorKind, &'static str, ErrorReply)> {
        use ProtocolErrorKind as P;
        if kind == CommandKind::Unknown && !self.config.accept_unknown {
            return Some((
                P::NotImplemented,
                "a known command",
                ErrorReply::NOT_IMPLEMENTED,
            ));
        }
        match transition(self.state, Input::Command(kind), self.config.mode) {
            Ok(_) => {}
            Err(Refusal::NotImplemented) => {
                return Some((
                    P::NotImplemented,
                    "a command of this protocol",
                    ErrorReply::NOT_IMPLEMENTED,
                ));
            }
            Err(_) => {
                return Some((
                    P::BadSequence,
                    "a command legal in this state",
                    ErrorReply::BAD_SEQUENCE,
                ));
            }
        }
        let ext = &self.extensions;
        let not_offered = |offered: bool| {
            (!offered).then_some((
                P::NotImplemented,
                "a command the server offered",
                ErrorReply::NOT_IMPLEMENTED,
            ))
        };
        match command {
            Command::StartTls => not_offered(ext.starttls),
            Command::Bdat { .. } => not_offered(ext.chunking),
            Command::Auth { .. } if self.authenticated => Some((
                P::BadSequence,
                "one successful AUTH per session (RFC 4954 §4)",
                ErrorReply::BAD_SEQUENCE,
            )),
            Command::Auth { .. } => not_offered(ext.auth),
            Command::Rcpt { .. }
                if self.recipients as usize >= self.config.limits.max_recipients =>
            {
                Some((
                    P::TooManyRecipients,
                    "no more recipients than the limit",
                    ErrorReply::TOO_MANY_RECIPIENTS,
                ))
            }
            Command::Mail { params, .. } => match (params.size(), self.max_message_size()) {
                (Some(n), Some(max)) if n > max => Some((
                    P::MessageTooBig,
                    "a SIZE within the limit (RFC 1870)",
                    ErrorReply::MESSAGE_TOO_BIG,
                )),
                _ => None,
            },
            _ => None,
        }
    }

    /// The smaller of the configured limit and the SIZE the server offered
    /// (RFC 1870: `SIZE 0` or no number announces no fixed limit).
    fn max_message_size(&self) -> Option<u64> {
        let offered = self.extensions.size.flatten().filter(|&n| n > 0);
        match (self.config.limits.max_message_size, offered) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn too_big(&self) -> bool {
        self.max_message_size()
            .is_some_and(|max| self.message_size > max)
    }

    fn next_auth_line(&mut self) -> Result<Option<Event<'_>>, ProtocolError> {
        let answers = Answers::Command(CommandKind::Auth);
        let len = loop {
            match self.framer.next_line(self.input.bytes()) {
                LineStep::Line { len, .. } => break len,
                LineStep::Discard { len } => self.input.consume(len),
                LineStep::TooLong { len, total } => {
                    self.consumed = len;
                    return Err(self.refuse(
                        line_start(len, total),
                        "an AUTH line within 12288 octets (RFC 4954 §4)",
                        ProtocolErrorKind::LineTooLong,
                        ErrorReply::LINE_TOO_LONG,
                        answers,
                    ));
                }
                LineStep::NeedMore => return Ok(None),
            }
        };
        self.consumed = len;
        let base = self.input.offset();
        self.awaiting = Some(Awaiting {
            answers,
            error: false,
            count: 1,
        });
        let line = self.input.bytes().get(..len).unwrap_or_default();
        match parse::auth_response(line) {
            Ok(r) => Ok(Some(Event::AuthResponse(r))),
            Err(e) => {
                self.awaiting = Some(Awaiting {
                    answers,
                    error: true,
                    count: 1,
                });
                Err(ProtocolError::with_reply(
                    base.saturating_add(e.offset),
                    "base64 or '*' (RFC 4954 §4)",
                    ProtocolErrorKind::AuthEncoding,
                    ErrorReply::AUTH_BAD_BASE64,
                ))
            }
        }
    }

    fn next_body_event(&mut self) -> Result<Option<Event<'_>>, ProtocolError> {
        // Decide without holding a borrow of the input, then borrow it once
        // to hand out a chunk.
        let piece = loop {
            match self.body_step() {
                BodyStep::Again => {}
                BodyStep::Yield(Some(p)) => break p,
                BodyStep::Yield(None) => return Ok(None),
                BodyStep::Event(e) => return Ok(Some(e)),
                BodyStep::Error(e) => return Err(e),
                BodyStep::Skipped => return self.next_event_after_body(),
            }
        };
        Ok(Some(Event::DataChunk(match piece {
            Piece::Static(s) => s,
            Piece::Input(r) => self.input.bytes().get(r).unwrap_or_default(),
        })))
    }

    /// One step of the content being read.
    fn body_step(&mut self) -> BodyStep {
        let input = self.input.bytes();
        match &mut self.body {
            Body::None => BodyStep::Yield(None),
            Body::Skip(dec) => {
                let (used, step) = dec.decode(input);
                let done = matches!(step, BdatStep::End { .. });
                let need = matches!(step, BdatStep::NeedMore);
                self.input.consume(used);
                if done {
                    self.body = Body::None;
                    BodyStep::Skipped
                } else if need {
                    BodyStep::Yield(None)
                } else {
                    BodyStep::Again
                }
            }
            Body::Bdat(dec) => match dec.decode(input) {
                (_, BdatStep::NeedMore) => BodyStep::Yield(None),
                (_, BdatStep::End { last }) => {
                    self.body = Body::None;
                    if last && self.config.mode == Mode::Lmtp {
                        if let Some(a) = &mut self.awaiting {
                            a.count = self.recipients.max(1);
                        }
                    }
                    BodyStep::Event(Event::DataEnd)
                }
                (used, BdatStep::Chunk(_)) => {
                    self.consumed = used;
                    BodyStep::Yield(Some(Piece::Input(0..used)))
                }
            },
            Body::Data(dec) => {
                let (used, step) = dec.decode_range(input);
                let start = self.input.offset();
                match step {
                    RangeStep::NeedMore => {
                        self.input.consume(used);
                        BodyStep::Yield(None)
                    }
                    RangeStep::Chunk(piece) => {
                        let len = match &piece {
                            Piece::Input(r) => r.len(),
                            Piece::Static(s) => s.len(),
                        };
                        self.message_size = self.message_size.saturating_add(len as u64);
                        let bytes = match &piece {
                            Piece::Input(r) => input.get(r.clone()).unwrap_or_default(),
                            Piece::Static(s) => s,
                        };
                        let at = match &piece {
                            Piece::Input(r) => start.saturating_add(r.start),
                            Piece::Static(_) => start,
                        };
                        let policy = self.config.text_line_policy;
                        let first = self.long_line.is_none() && self.body_error.is_none();
                        if policy != TextLinePolicy::Ignore && first {
                            let limit = self.config.limits.text_line;
                            let over = measure_lines(&mut self.text_line, limit, bytes, at);
                            match (policy, over) {
                                (TextLinePolicy::Reject, Some(offset)) => {
                                    self.body_error = Some(ProtocolError::with_reply(
                                        offset,
                                        "content lines within the limit (RFC 5321 §4.5.3.1.6)",
                                        ProtocolErrorKind::LineTooLong,
                                        ErrorReply::LINE_TOO_LONG,
                                    ));
                                }
                                (_, over) => self.long_line = over,
                            }
                        }
                        if self.body_error.is_none() && self.too_big() {
                            self.body_error = Some(ProtocolError::with_reply(
                                start,
                                "a message within the size limit",
                                ProtocolErrorKind::MessageTooBig,
                                ErrorReply::MESSAGE_TOO_BIG,
                            ));
                        }
                        if self.body_error.is_some() {
                            self.input.consume(used);
                            return BodyStep::Again;
                        }
                        self.consumed = used;
                        BodyStep::Yield(Some(piece))
                    }
                    RangeStep::Bare(b) => {
                        self.input.consume(used);
                        let b = BareLineEnding {
                            offset: self.body_start.saturating_add(b.offset),
                            ..b
                        };
                        if self.config.bare_line_policy != BareLinePolicy::Reject {
                            return BodyStep::Event(Event::BareLineEnding(b));
                        }
                        if self.body_error.is_none() {
                            self.body_error = Some(ProtocolError::with_reply(
                                b.offset,
                                "CRLF line endings only (RFC 5321 §2.3.8)",
                                ProtocolErrorKind::BareLineEnding,
                                ErrorReply::BARE_LINE_ENDING,
                            ));
                        }
                        BodyStep::Again
                    }
                    RangeStep::End => {
                        self.input.consume(used);
                        self.body = Body::None;
                        let count = match self.config.mode {
                            Mode::Lmtp => self.recipients.max(1),
                            Mode::Smtp => 1,
                        };
                        // The table: content ended, its reply is due.
                        if let Ok(s) = transition(self.state, Input::EndOfData, self.config.mode) {
                            self.state = s;
                        }
                        if let Some(e) = self.body_error.take() {
                            // RFC 2033 §4.2: refused content still gets one
                            // reply per accepted recipient in LMTP.
                            self.awaiting = Some(Awaiting {
                                answers: Answers::Data,
                                error: true,
                                count,
                            });
                            return BodyStep::Error(e);
                        }
                        self.awaiting = Some(Awaiting {
                            answers: Answers::Data,
                            error: false,
                            count,
                        });
                        if let Some(offset) = self.long_line.take() {
                            self.data_end = true;
                            return BodyStep::Event(Event::Warning(Warning {
                                offset,
                                quirk: Quirk::LongTextLine,
                            }));
                        }
                        BodyStep::Event(Event::DataEnd)
                    }
                }
            }
        }
    }

    /// After a refused chunk was skipped: a reply is due, nothing to report.
    fn next_event_after_body(&mut self) -> Result<Option<Event<'_>>, ProtocolError> {
        if self.awaiting.is_some() {
            return Ok(None);
        }
        self.next_event()
    }
}

/// Follows the length of content lines (`line`: octets of the current one
/// so far) through a delivered piece that starts at stream offset `at`;
/// the stream offset where a line first passed `limit` (RFC 5321
/// §4.5.3.1.6), if one did.
fn measure_lines(line: &mut usize, limit: usize, bytes: &[u8], at: usize) -> Option<usize> {
    let mut from = 0;
    let mut over = None;
    let ends = memchr::memchr_iter(b'\n', bytes).map(|k| (k, true));
    for (end, lf) in ends.chain(core::iter::once((bytes.len(), false))) {
        let seg = end.saturating_sub(from).saturating_add(usize::from(lf));
        let len = line.saturating_add(seg);
        if len > limit && over.is_none() {
            let into = limit.saturating_sub(*line);
            over = Some(at.saturating_add(from).saturating_add(into));
        }
        *line = if lf { 0 } else { len };
        from = end.saturating_add(1);
    }
    over
}

/// Where an over-long line started, relative to the first unconsumed octet
/// (its first `total - len` octets were dropped as they came).
fn line_start(len: usize, total: usize) -> isize {
    let dropped = total.saturating_sub(len);
    0isize.saturating_sub_unsigned(dropped)
}

/// Whether a reply with `code` can answer what is awaited (RFC 5321 §4.2,
/// §4.3.2; RFC 4954 §4; RFC 3207 §4).
fn reply_fits(awaiting: Awaiting, code: u16, outcome: Outcome) -> bool {
    use CommandKind as K;
    if awaiting.error {
        return matches!(outcome, Outcome::Negative | Outcome::Closing);
    }
    match (awaiting.answers, code) {
        (Answers::Greeting, _) => matches!(code, 220 | 554 | 421),
        (_, 421) => true,
        (Answers::Command(K::StartTls | K::Xclient), 220) => true,
        (_, 220) => false,
        (Answers::Command(K::Quit), _) => code == 221,
        (_, 221) => false,
        (Answers::Command(K::Data), 300..=399) => code == 354,
        (Answers::Command(K::Auth), 300..=399) => code == 334,
        (_, 300..=399) => false,
        _ => true,
    }
}

fn answers_name(answers: Answers) -> &'static str {
    match answers {
        Answers::Greeting => "the greeting",
        Answers::Command(k) => k.name(),
        Answers::Data => "the end of data",
    }
}

/// Whether the line starts with a verb this crate knows (so a decode error
/// is about its parameters: 501 rather than 500).
fn known_verb(line: &[u8]) -> bool {
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
    let end = line
        .iter()
        .position(|&b| matches!(b, b' ' | b'\r' | b'\n'))
        .unwrap_or(line.len());
    let verb = line.get(..end).unwrap_or_default();
    VERBS.iter().any(|v| v.eq_ignore_ascii_case(verb))
}
