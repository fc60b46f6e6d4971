//! The client-role session: encodes commands (refusing those illegal in the
//! state), dot-stuffs message content, and decodes replies, matching each
//! to the command it answers, in order (RFC 2920 §3.1).
//!
//! ```
//! use smtp_proto::client::{Config, Event, Session};
//! use smtp_proto::session::{Answers, CommandKind};
//! use smtp_proto::parse;
//!
//! let mut c = Session::new(Config::default());
//! c.receive(b"220 mx.example.org ESMTP\r\n");
//! assert!(matches!(c.next_event().unwrap(), Some(Event::Greeting(_))));
//! let helo = parse::command(b"HELO client.example.org\r\n").unwrap();
//! let id = c.send(&helo).unwrap();
//! assert_eq!(&c.take_transmit()[..], b"HELO client.example.org\r\n");
//! c.receive(b"250 mx.example.org\r\n");
//! let Some(Event::Reply { answers, id: got, .. }) = c.next_event().unwrap() else { panic!() };
//! assert_eq!((answers, got), (Answers::Command(CommandKind::Helo), id));
//! ```

use alloc::collections::VecDeque;
use alloc::vec::Vec;

use bytes::{BufMut, Bytes, BytesMut};

use crate::encode::Encode;
use crate::error::{ProtocolError, ProtocolErrorKind, SendError};
use crate::framing::{DotStuffer, InputBuffer, LineFramer, LineStep, StuffPolicy};
use crate::limits::Limits;
use crate::parse;
use crate::quirks::{Quirks, Warning};
use crate::session::{Answers, CommandKind, Extensions, Input, Mode, Outcome, State, transition};
use crate::types::{AuthResponse, Body, Command, EhloReply, Param, Reply, ReplyCode};

/// How a client session decodes and sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// SMTP or LMTP.
    pub mode: Mode,
    /// Reply line and buffer limits ([`Limits::client`] by default).
    pub limits: Limits,
    /// Leniencies granted to servers' replies.
    pub quirks: Quirks,
    /// What [`Session::send_data`] does with a bare CR or LF.
    pub stuff_policy: StuffPolicy,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            mode: Mode::Smtp,
            limits: Limits::client(),
            quirks: Quirks::client_default(),
            stuff_policy: StuffPolicy::Normalize,
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

/// Names a sent command (or the end of message content), to match replies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommandId(pub u64);

/// What the client session decoded.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event<'a> {
    /// The server's greeting: 220, or 554 (only QUIT may follow), or 421.
    Greeting(Reply<'a>),
    /// A reply to a command sent (or to the end of the content).
    Reply {
        /// The reply.
        reply: Reply<'a>,
        /// What it answers.
        answers: Answers,
        /// The id [`Session::send`] (or `end_data`, `send_auth_response`)
        /// returned for it.
        id: CommandId,
        /// LMTP after the content: which accepted recipient (from 0, in RCPT
        /// order) this reply is for (RFC 2033 §4.2).
        recipient: Option<u32>,
    },
    /// A 421 that answers no command: the server is closing (RFC 5321 §3.8).
    Shutdown(Reply<'a>),
    /// The 220 to STARTTLS was the last input: start the TLS handshake now,
    /// then call [`Session::tls_established`].
    StartTls,
    /// A leniency was used decoding the next event.
    Warning(Warning),
}

/// The extension a MAIL or RCPT parameter needs, if it was not offered
/// (RFC 1870 SIZE, RFC 6152 8BITMIME, RFC 3030 BINARYMIME, RFC 6531
/// SMTPUTF8, RFC 3461 DSN).
fn param_needs(ext: &Extensions, param: &Param<'_>) -> Option<&'static str> {
    let (offered, name) = match param {
        Param::Size(_) => (ext.size.is_some(), "SIZE"),
        Param::Body(Body::EightBitMime) => (ext.eight_bit_mime, "8BITMIME"),
        Param::Body(Body::BinaryMime) => (ext.binary_mime, "BINARYMIME"),
        Param::SmtpUtf8 => (ext.smtputf8, "SMTPUTF8"),
        Param::Ret(_) | Param::EnvId(_) | Param::Notify(_) | Param::Orcpt(_) => (ext.dsn, "DSN"),
        _ => (true, ""),
    };
    (!offered).then_some(name)
}

/// A command waiting for its reply.
#[derive(Clone, Copy, Debug)]
struct Pending {
    id: CommandId,
    answers: Answers,
    /// Replies still due (LMTP after the content: one per recipient).
    count: u32,
    /// Index of the next per-recipient reply.
    recipient: u32,
}

impl Pending {
    fn may_continue_group(&self) -> bool {
        match self.answers {
            Answers::Command(k) => k.may_continue_group(),
            // RFC 2920 §3.1: content may start a group.
            Answers::Data => true,
            Answers::Greeting => false,
        }
    }
}

/// A client-role SMTP or LMTP session.
#[derive(Debug)]
pub struct Session {
    config: Config,
    state: State,
    input: InputBuffer,
    consumed: usize,
    transmit: BytesMut,
    framer: LineFramer,
    /// Octets of the reply being framed that are already known to be lines.
    reply_scanned: usize,
    reply_lines: usize,
    outstanding: VecDeque<Pending>,
    next_id: u64,
    extensions: Extensions,
    capabilities: Option<EhloReply<'static>>,
    authenticated: bool,
    recipients: u32,
    stuffer: Option<DotStuffer>,
    bdat_remaining: u64,
    warnings: Vec<Warning>,
    /// A reply whose warnings are being reported first.
    framed: Option<usize>,
    starttls_event: bool,
    fatal: Option<ProtocolError>,
}

impl Session {
    /// A session that waits for the server's greeting.
    pub fn new(config: Config) -> Self {
        Session {
            framer: LineFramer::new(config.limits.reply_line),
            config,
            state: State::Greeting,
            input: InputBuffer::new(),
            consumed: 0,
            transmit: BytesMut::new(),
            reply_scanned: 0,
            reply_lines: 0,
            outstanding: VecDeque::new(),
            next_id: 0,
            extensions: Extensions::default(),
            capabilities: None,
            authenticated: false,
            recipients: 0,
            stuffer: None,
            bdat_remaining: 0,
            warnings: Vec::new(),
            framed: None,
            starttls_event: false,
            fatal: None,
        }
    }

    /// Buffers bytes received from the server. Never fails.
    pub fn receive(&mut self, bytes: &[u8]) {
        self.input.consume(core::mem::take(&mut self.consumed));
        self.input.extend(bytes);
    }

    /// The next reply decoded, `Ok(None)` when more input is needed. Errors
    /// are fatal: a reply that does not decode or fit leaves the client no
    /// way to know what the server did.
    pub fn next_event(&mut self) -> Result<Option<Event<'_>>, ProtocolError> {
        self.input.consume(core::mem::take(&mut self.consumed));
        if let Some(e) = self.fatal {
            return Err(e);
        }
        if !self.warnings.is_empty() {
            return Ok(Some(Event::Warning(self.warnings.remove(0))));
        }
        if self.starttls_event {
            self.starttls_event = false;
            return Ok(Some(Event::StartTls));
        }
        if self.input.is_empty() {
            return Ok(None);
        }
        match self.state {
            State::StartTls => {
                return Err(self.fail(
                    0,
                    "the TLS handshake, not plain text",
                    ProtocolErrorKind::StartTlsInjection,
                ));
            }
            State::Closed => {
                return Err(self.fail(
                    0,
                    "nothing after the session ended",
                    ProtocolErrorKind::Closed,
                ));
            }
            _ => {}
        }
        if self.input.len() > self.config.limits.buffer {
            // Memory is bounded by Limits::buffer, whatever the server sends.
            return Err(self.fail(
                0,
                "no more buffered input than the limit",
                ProtocolErrorKind::BufferFull,
            ));
        }
        // RFC 4954 §4: a 334 challenge line may be 12288 octets.
        let auth = matches!(
            self.outstanding.front(),
            Some(Pending {
                answers: Answers::Command(CommandKind::Auth),
                ..
            })
        );
        let limits = &self.config.limits;
        let limit = if auth {
            limits.reply_line.max(limits.auth_line)
        } else {
            limits.reply_line
        };
        self.framer.set_limit(limit);
        let second_pass = self.framed.is_some();
        let len = match self.framed.take() {
            Some(len) => len,
            None => match self.frame_reply()? {
                Some(len) => len,
                None => return Ok(None),
            },
        };
        let base = self.input.offset();
        let bytes = self.input.bytes().get(..len).unwrap_or_default();
        let mut warnings = Vec::new();
        let decoded = parse::reply_with(bytes, &self.config.quirks, &mut warnings);
        if !warnings.is_empty() && !second_pass {
            self.warnings = warnings
                .into_iter()
                .map(|w| Warning {
                    offset: base.saturating_add(w.offset),
                    ..w
                })
                .collect();
            self.framed = Some(len);
            return Ok(Some(Event::Warning(self.warnings.remove(0))));
        }
        let reply = match decoded {
            Ok(r) => r,
            Err(e) => {
                let e = ProtocolError::fatal(
                    base.saturating_add(e.offset),
                    e.expected,
                    ProtocolErrorKind::Syntax,
                );
                self.fatal = Some(e);
                return Err(e);
            }
        };
        self.consumed = len;
        let outcome = Outcome::of(reply.code());
        // LMTP: the replies due after the content are counted once the
        // recipients' replies are all in (RFC 2033 §4.2).
        let per_recipient = self.recipients.max(1);
        if let Some(p) = self.outstanding.front_mut() {
            if p.count == 0 {
                p.count = per_recipient;
            }
        }
        let (answers, pending) = match (self.state, self.outstanding.front().copied()) {
            // RFC 5321 §4.3.2: a server that accepts the connection greets
            // with 220 (§3.1); no other positive code opens a session.
            (State::Greeting, _)
                if outcome == Outcome::Positive && reply.code() != ReplyCode::SERVICE_READY =>
            {
                let e = ProtocolError::fatal(
                    base,
                    "220 as the greeting (RFC 5321 §4.3.2)",
                    ProtocolErrorKind::UnexpectedReply,
                );
                self.fatal = Some(e);
                return Err(e);
            }
            (State::Greeting, _) => (Answers::Greeting, None),
            (_, Some(p)) => (p.answers, Some(p)),
            (_, None) if outcome == Outcome::Closing => {
                self.state = State::Closed;
                return Ok(Some(Event::Shutdown(reply)));
            }
            (_, None) => {
                let e = ProtocolError::fatal(
                    base,
                    "no reply: no command was sent",
                    ProtocolErrorKind::UnexpectedReply,
                );
                self.fatal = Some(e);
                return Err(e);
            }
        };
        let more = pending.is_some_and(|p| p.count > 1) && outcome != Outcome::Closing;
        let next = if more {
            Ok(self.state)
        } else {
            transition(
                self.state,
                Input::Reply { answers, outcome },
                self.config.mode,
            )
        };
        let Ok(next) = next else {
            let e = ProtocolError::fatal(
                base,
                "a reply that fits the command",
                ProtocolErrorKind::UnexpectedReply,
            );
            self.fatal = Some(e);
            return Err(e);
        };
        let positive = outcome == Outcome::Positive;
        match answers {
            Answers::Command(CommandKind::Ehlo | CommandKind::Lhlo) if positive => {
                let ehlo = reply.ehlo().ok().map(EhloReply::into_static);
                self.extensions = ehlo.as_ref().map(Extensions::of).unwrap_or_default();
                self.capabilities = ehlo;
                self.recipients = 0;
            }
            Answers::Command(CommandKind::Helo) if positive => {
                self.extensions = Extensions::default();
                self.capabilities = None;
                self.recipients = 0;
            }
            Answers::Command(CommandKind::Mail | CommandKind::Rset) if positive => {
                self.recipients = 0;
            }
            Answers::Command(CommandKind::Rcpt) if positive => {
                self.recipients = self.recipients.saturating_add(1)
            }
            Answers::Command(CommandKind::Auth) if positive => self.authenticated = true,
            _ => {}
        }
        if next == State::Data && self.state != State::Data {
            self.stuffer = Some(DotStuffer::new(self.config.stuff_policy));
        }
        if next != State::Data {
            self.stuffer = None;
        }
        if self.state.in_transaction() && !next.in_transaction() {
            self.recipients = 0;
        }
        self.state = next;
        let recipient = match pending {
            Some(p)
                if self.config.mode == Mode::Lmtp
                    && matches!(
                        p.answers,
                        Answers::Data | Answers::Command(CommandKind::Bdat { last: true })
                    ) =>
            {
                Some(p.recipient)
            }
            _ => None,
        };
        if let Some(p) = self.outstanding.front_mut() {
            if more {
                p.count = p.count.saturating_sub(1);
                p.recipient = p.recipient.saturating_add(1);
            } else if pending.is_some() {
                self.outstanding.pop_front();
                if self.outstanding.is_empty() {
                    // Nothing in flight: give the queue's memory back.
                    self.outstanding = VecDeque::new();
                }
            }
        }
        if outcome == Outcome::Closing {
            self.outstanding.clear();
        }
        if next == State::StartTls {
            if self.input.len() > len {
                // CVE-2011-0411 class: a reply injected after the 220 must
                // not be taken as if it came over TLS.
                let e = ProtocolError::fatal(
                    base.saturating_add(len),
                    "nothing after the 220 to STARTTLS before the TLS handshake",
                    ProtocolErrorKind::StartTlsInjection,
                );
                self.fatal = Some(e);
                return Err(e);
            }
            self.starttls_event = true;
        }
        Ok(Some(match (answers, pending) {
            (Answers::Greeting, _) | (_, None) => Event::Greeting(reply),
            (_, Some(p)) => Event::Reply {
                reply,
                answers,
                id: p.id,
                recipient,
            },
        }))
    }

    /// Encodes a command. Refused (nothing changes) when the command is not
    /// legal in the state it will arrive in, needs an extension the server
    /// did not offer, or must wait for outstanding replies (RFC 2920 §3.1).
    /// After `BDAT`, its chunk must follow through [`Session::send_data`].
    pub fn send(&mut self, command: &Command<'_>) -> Result<CommandId, SendError> {
        let kind = CommandKind::of(command);
        self.check_can_send()?;
        let projected = self.projected_state();
        transition(projected, Input::Command(kind), self.config.mode).map_err(|_| {
            SendError::IllegalInState {
                command: kind.name(),
                state: projected.name(),
            }
        })?;
        let ext = &self.extensions;
        let needs = match command {
            Command::StartTls => (!ext.starttls).then_some("STARTTLS"),
            Command::Auth { .. } => (!ext.auth).then_some("AUTH"),
            Command::Bdat { .. } => (!ext.chunking).then_some("CHUNKING"),
            Command::Mail { params, .. } | Command::Rcpt { params, .. } => {
                params.iter().find_map(|p| param_needs(ext, p))
            }
            _ => None,
        };
        if let Some(extension) = needs {
            return Err(SendError::NotOffered { extension });
        }
        if kind == CommandKind::Auth && self.authenticated {
            return Err(SendError::IllegalInState {
                command: "AUTH after a successful AUTH",
                state: projected.name(),
            });
        }
        command.encode(&mut self.transmit);
        let mut count = 1;
        if let Command::Bdat { size, last } = command {
            self.bdat_remaining = *size;
            if *last {
                count = self.replies_for_content();
            }
        }
        Ok(self.push(Answers::Command(kind), count))
    }

    /// Sends `BDAT <size> [LAST]` and the chunk (RFC 3030 §2).
    pub fn send_bdat(&mut self, chunk: &[u8], last: bool) -> Result<CommandId, SendError> {
        let size = chunk.len() as u64;
        let id = self.send(&Command::Bdat { size, last })?;
        if !chunk.is_empty() {
            self.send_data(chunk)?;
        }
        Ok(id)
    }

    /// Sends one command line as given (CRLF included), without checking it
    /// against the state, the offered extensions or pipelining groups: for
    /// replaying transcripts and for testing how servers refuse bad input.
    /// The reply is still matched to it; a line that decodes as a command
    /// (with [`Quirks::server_default`], as servers read it) moves the
    /// state as that command would. Refused only when the line is
    /// not exactly one CRLF-terminated line, or nothing may be sent now.
    pub fn send_raw(&mut self, line: &[u8]) -> Result<CommandId, SendError> {
        if self.is_closed() {
            return Err(SendError::Closed);
        }
        if self.state == State::StartTls || self.starttls_event {
            return Err(SendError::TlsPending);
        }
        let one_line = line
            .strip_suffix(b"\r\n")
            .is_some_and(|body| memchr::memchr2(b'\r', b'\n', body).is_none());
        if !one_line || self.bdat_remaining > 0 || self.stuffer.is_some() {
            return Err(SendError::IllegalInState {
                command: "a raw line",
                state: self.state.name(),
            });
        }
        // While an AUTH exchange is (or will be) waiting for a response, the
        // server reads any line as SASL data (`QUIT` is valid base64), so a
        // raw command would leave the two sides in different states.
        if self.projected_state() == State::Auth {
            return Err(SendError::IllegalInState {
                command: "a raw command line while an AUTH response is due",
                state: self.state.name(),
            });
        }
        // Classified as a server reads it by default (Postfix and Exim
        // leniencies included), so the state moves as the server's does.
        let kind = parse::command_with(line, &Quirks::server_default(), &mut Vec::new())
            .map_or(CommandKind::Unknown, |c| CommandKind::of(&c));
        self.transmit.put_slice(line);
        Ok(self.push(Answers::Command(kind), 1))
    }

    /// Sends message content: after a 354 to DATA, dot-stuffed (a dot at a
    /// line start is doubled, bare CR/LF handled by the
    /// [`Config::stuff_policy`]); after `BDAT`, as is, up to the chunk size.
    pub fn send_data(&mut self, data: &[u8]) -> Result<(), SendError> {
        if self.bdat_remaining > 0 {
            if data.len() as u64 > self.bdat_remaining {
                return Err(SendError::IllegalInState {
                    command: "content beyond the BDAT size",
                    state: self.state.name(),
                });
            }
            self.transmit.put_slice(data);
            self.bdat_remaining = self.bdat_remaining.saturating_sub(data.len() as u64);
            return Ok(());
        }
        let Some(stuffer) = &mut self.stuffer else {
            return Err(SendError::NotSendingData);
        };
        stuffer
            .stuff(data, &mut self.transmit)
            .map_err(|e| SendError::BareLineEnding { offset: e.offset })
    }

    /// Ends the DATA content (`<CRLF>.<CRLF>`, with a CRLF first if the
    /// content did not end a line). The reply (LMTP: one per accepted
    /// recipient) answers the returned id.
    pub fn end_data(&mut self) -> Result<CommandId, SendError> {
        let Some(stuffer) = &mut self.stuffer else {
            return Err(SendError::NotSendingData);
        };
        let next = transition(self.state, Input::EndOfData, self.config.mode)
            .map_err(|_| SendError::NotSendingData)?;
        stuffer
            .finish(&mut self.transmit)
            .map_err(|e| SendError::BareLineEnding { offset: e.offset })?;
        self.stuffer = None;
        self.state = next;
        Ok(self.push(Answers::Data, self.replies_for_content()))
    }

    /// Answers a 334 challenge with base64 data, or cancels with `*`
    /// (RFC 4954 §4).
    pub fn send_auth_response(
        &mut self,
        response: &AuthResponse<'_>,
    ) -> Result<CommandId, SendError> {
        if !self.outstanding.is_empty() {
            return Err(SendError::MustWaitForReplies);
        }
        transition(self.state, Input::AuthResponse, self.config.mode).map_err(|_| {
            SendError::IllegalInState {
                command: "AUTH response",
                state: self.state.name(),
            }
        })?;
        match response {
            AuthResponse::Data(d) => self.transmit.put_slice(d.as_str().as_bytes()),
            AuthResponse::Cancel => self.transmit.put_u8(b'*'),
        }
        self.transmit.put_slice(b"\r\n");
        Ok(self.push(Answers::Command(CommandKind::Auth), 1))
    }

    /// The bytes to write to the server; empties the transmit buffer.
    pub fn take_transmit(&mut self) -> Bytes {
        // Taking the whole buffer leaves none behind: a split would keep
        // the spare capacity (and the allocation) alive while idle.
        core::mem::take(&mut self.transmit).freeze()
    }

    /// The driver finished the TLS handshake after the 220 to STARTTLS: the
    /// session is back before EHLO and forgets the capabilities (RFC 3207
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
        self.extensions = Extensions::default();
        self.capabilities = None;
        self.authenticated = false;
        self.recipients = 0;
        self.starttls_event = false;
        Ok(())
    }

    /// The state (as confirmed by replies so far).
    pub fn state(&self) -> State {
        self.state
    }

    /// The state the session will be in once every outstanding command
    /// succeeds: what [`Session::send`] checks a new command against.
    pub fn projected_state(&self) -> State {
        self.outstanding.iter().fold(self.state, |s, p| {
            let outcome = match p.answers {
                Answers::Command(k) => k.expected_outcome(),
                _ => Outcome::Positive,
            };
            transition(
                s,
                Input::Reply {
                    answers: p.answers,
                    outcome,
                },
                self.config.mode,
            )
            .unwrap_or(s)
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// What the server offered in its last EHLO/LHLO reply.
    pub fn extensions(&self) -> &Extensions {
        &self.extensions
    }

    /// The server's last EHLO/LHLO reply, decoded (forgotten after
    /// STARTTLS).
    pub fn capabilities(&self) -> Option<&EhloReply<'static>> {
        self.capabilities.as_ref()
    }

    /// Whether a 235 was received.
    pub fn is_authenticated(&self) -> bool {
        self.authenticated
    }

    /// Recipients accepted in the current transaction.
    pub fn recipients(&self) -> u32 {
        self.recipients
    }

    /// Commands sent whose replies have not all come.
    pub fn outstanding(&self) -> usize {
        self.outstanding.len()
    }

    /// Octets of the BDAT chunk still to hand to [`Session::send_data`].
    pub fn bdat_remaining(&self) -> u64 {
        self.bdat_remaining
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

    /// Whether the session ended (221, 421, or a fatal error).
    pub fn is_closed(&self) -> bool {
        self.state == State::Closed || self.fatal.is_some()
    }

    fn check_can_send(&self) -> Result<(), SendError> {
        if self.is_closed() {
            return Err(SendError::Closed);
        }
        if self.state == State::StartTls || self.starttls_event {
            return Err(SendError::TlsPending);
        }
        if self.bdat_remaining > 0 {
            return Err(SendError::IllegalInState {
                command: "a command before the BDAT chunk is complete",
                state: self.state.name(),
            });
        }
        let may_pipeline =
            self.extensions.pipelining && self.outstanding.iter().all(Pending::may_continue_group);
        if !self.outstanding.is_empty() && !may_pipeline {
            return Err(SendError::MustWaitForReplies);
        }
        Ok(())
    }

    /// Replies due for the end of the content: one, or in LMTP one per
    /// accepted recipient (0 here: counted when the first reply comes).
    fn replies_for_content(&self) -> u32 {
        match self.config.mode {
            Mode::Lmtp => 0,
            Mode::Smtp => 1,
        }
    }

    fn push(&mut self, answers: Answers, count: u32) -> CommandId {
        let id = CommandId(self.next_id);
        self.next_id = self.next_id.wrapping_add(1);
        self.outstanding.push_back(Pending {
            id,
            answers,
            count,
            recipient: 0,
        });
        id
    }

    fn fail(
        &mut self,
        at: usize,
        expected: &'static str,
        kind: ProtocolErrorKind,
    ) -> ProtocolError {
        let e = ProtocolError::fatal(self.input.offset().saturating_add(at), expected, kind);
        self.fatal = Some(e);
        e
    }

    /// Finds the end of the next whole reply (all its lines); `None` if it
    /// has not all come yet.
    fn frame_reply(&mut self) -> Result<Option<usize>, ProtocolError> {
        loop {
            let rest = self
                .input
                .bytes()
                .get(self.reply_scanned..)
                .unwrap_or_default();
            match self.framer.next_line(rest) {
                LineStep::Line { len, .. } => {
                    let line = rest.get(..len).unwrap_or_default();
                    let end = self.reply_scanned.saturating_add(len);
                    // RFC 5321 §4.2.1: `code-` continues; anything else ends.
                    if line.get(3) == Some(&b'-') {
                        self.reply_scanned = end;
                        self.reply_lines = self.reply_lines.saturating_add(1);
                        if self.reply_lines >= self.config.limits.reply_lines
                            || self.reply_scanned > self.config.limits.buffer
                        {
                            let at = self.reply_scanned;
                            return Err(self.fail(
                                at,
                                "fewer lines in one reply",
                                ProtocolErrorKind::BufferFull,
                            ));
                        }
                        continue;
                    }
                    self.reply_scanned = 0;
                    self.reply_lines = 0;
                    return Ok(Some(end));
                }
                LineStep::NeedMore => return Ok(None),
                LineStep::Discard { .. } | LineStep::TooLong { .. } => {
                    let at = self.reply_scanned;
                    return Err(self.fail(
                        at,
                        "a reply line within the length limit",
                        ProtocolErrorKind::LineTooLong,
                    ));
                }
            }
        }
    }
}
