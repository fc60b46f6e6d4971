//! The client-role session: sends commands, decodes the server's replies.
//!
//! The session keeps a FIFO of the commands sent and not yet answered, so
//! replies frame correctly even when commands are pipelined (RFC 2449 §6.6):
//! each command says whether a `+OK` to it carries a multi-line body.
//!
//! ```
//! use pop3_proto::client::{Config, Event, Session};
//! use pop3_proto::types::Command;
//!
//! let mut s = Session::new(Config::default());
//! s.receive(b"+OK POP3 ready\r\n");
//! assert!(matches!(s.next_event(), Ok(Some(Event::Greeting(_)))));
//! s.send(&Command::Capa).unwrap();
//! assert_eq!(&s.take_transmit()[..], b"CAPA\r\n");
//! s.receive(b"+OK\r\nTOP\r\nUIDL\r\n.\r\n");
//! while let Some(ev) = s.next_event().unwrap() {
//!     // Response { command: Capa, .. }, BodyLine(Capability(Top)), ...
//!     # let _ = ev;
//! }
//! assert_eq!(s.capabilities().map(|c| c.len()), Some(2));
//! ```
//!
//! Errors: a status line that does not decode, a reply with no command
//! outstanding, or bytes past a `+OK` to `STLS` are fatal (the session
//! closes). A body line that breaks a limit, or a listing line that does not
//! decode, is reported and skipped: the body goes on (a message body is
//! abandoned: no more chunks, but [`Event::BodyEnd`] still comes when its
//! terminator passes), so the stream stays in sync.

use alloc::boxed::Box;
use alloc::collections::VecDeque;
use alloc::vec::Vec;
use bytes::{Bytes, BytesMut};

use crate::encode::Encode;
use crate::error::{ProtocolError, ProtocolErrorKind, SendError, SendErrorKind};
use crate::framing::{BareLf, BodyDecoder, BodyStep, InputBuffer, LineFramer, LineStep};
use crate::limits::Limits;
use crate::parse;
use crate::quirks::{Quirk, Quirks, Warning};
use crate::session::{self, Authorization, BodyKind, BodyLine, CommandKind, State, Transition};
use crate::types::{AuthResponse, Capability, Command, Continuation, Mechanism, Response};

/// At most this many capabilities of a `CAPA` reply are kept for
/// [`Session::capabilities`].
pub const MAX_CAPABILITIES: usize = 64;

/// How a client session decodes and what it allows itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// Sizes accepted from the server.
    pub limits: Limits,
    /// Server deviations accepted; by default every known one
    /// ([`Quirks::client_default`]).
    pub quirks: Quirks,
    /// What to do with a bare LF or bare CR inside a message body; by
    /// default it is kept ([`BareLf::Pass`]) and reported: a client should
    /// not lose mail over it.
    pub bare_lf: BareLf,
    /// Pipeline commands even when the server did not offer PIPELINING in
    /// CAPA (RFC 2449 §6.6). Off by default.
    pub assume_pipelining: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            limits: Limits::DEFAULT,
            quirks: Quirks::client_default(),
            bare_lf: BareLf::Pass,
            assume_pipelining: false,
        }
    }
}

/// What the client learned from the server; borrows the session's buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event<'a> {
    /// The server's greeting (RFC 1939 §4); `-ERR` closes the session.
    Greeting(Response<'a>),
    /// The status line answering `command`, in the order commands were
    /// sent. After a `+OK` to a multi-line command, its body follows as
    /// [`Event::BodyChunk`]s or [`Event::BodyLine`]s, then [`Event::BodyEnd`].
    Response {
        /// The status line.
        response: Response<'a>,
        /// The command it answers.
        command: CommandKind,
    },
    /// Part of a message body (`RETR`, `TOP`), dot-unstuffed, borrowed from
    /// the input; chunks are cut wherever the input or a stuffing dot was.
    BodyChunk(&'a [u8]),
    /// One line of a `LIST`, `UIDL`, `CAPA`, `LANG` or bare `AUTH` body.
    BodyLine(BodyLine<'a>),
    /// The multi-line body ended (its `.CRLF` was consumed).
    BodyEnd,
    /// A SASL challenge during `AUTH` (RFC 5034 §4): answer it with
    /// [`Session::send_auth_response`].
    Continuation(Continuation<'a>),
    /// The server accepted `STLS`: start TLS on the transport now, then
    /// call [`Session::tls_established`] (RFC 2595 §4).
    StartTls,
    /// The next event's line was decoded only thanks to a quirk. The first
    /// bare LF and the first bare CR of a message body ([`BareLf::Pass`] or
    /// [`BareLf::Normalize`]) are reported, once per body, before the chunk
    /// holding them ([`Quirk::BareLf`], [`Quirk::BareCr`]). Offsets are
    /// stream offsets: bytes from the first byte the session received.
    Warning(Warning),
}

/// What the receive side is reading.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Reading {
    /// Status lines (or `AUTH` challenges).
    Status,
    /// A message body that started at stream offset `start`.
    /// The decoder is boxed: it is large and lives only while a body
    /// streams, so an idle session does not carry its size.
    Message {
        decoder: Box<BodyDecoder>,
        start: u64,
    },
    /// A body of typed lines.
    Lines(BodyKind),
}

/// A POP3 client session without I/O.
#[derive(Debug, Clone)]
pub struct Session {
    config: Config,
    /// The state the server's replies have confirmed.
    state: State,
    input: InputBuffer,
    framer: LineFramer,
    reading: Reading,
    /// Commands sent, not yet answered, with what their replies do.
    queue: VecDeque<Transition>,
    out: BytesMut,
    /// Input bytes the last event borrowed, dropped at the next call.
    consume: usize,
    /// The client may answer the last `AUTH` challenge.
    sasl_turn: bool,
    start_tls_due: bool,
    /// Warnings still to hand out before the line they concern.
    warnings: VecDeque<Warning>,
    /// The warnings of the line at the front were handed out already.
    warned: bool,
    /// A body step decoded but held back behind its warning.
    held_step: Option<BodyStep>,
    capabilities: Option<Vec<Capability<'static>>>,
    apop_timestamp: Option<Vec<u8>>,
    /// The server accepted `UTF8` (RFC 6856 §2.1).
    utf8: bool,
}

impl Default for Session {
    fn default() -> Self {
        Self::new(Config::default())
    }
}

/// Hands out a line's warnings before its event: returns the first one and
/// keeps the rest; the line is decoded again on the next call.
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

/// Ends the session after a fatal error; the rest of the input is dropped at
/// the next call. A macro, not a method, so it can run while a line of the
/// input is borrowed.
macro_rules! close {
    ($self:ident) => {
        $self.state = State::Closed;
        $self.queue.clear();
        $self.reading = Reading::Status;
        $self.held_step = None;
        $self.consume = usize::MAX;
    };
}

impl Session {
    /// A session waiting for the server's greeting.
    pub fn new(config: Config) -> Self {
        Session {
            config,
            state: State::START,
            input: InputBuffer::new(),
            framer: LineFramer::new(),
            reading: Reading::Status,
            queue: VecDeque::new(),
            out: BytesMut::new(),
            consume: 0,
            sasl_turn: false,
            start_tls_due: false,
            warnings: VecDeque::new(),
            warned: false,
            held_step: None,
            capabilities: None,
            apop_timestamp: None,
            utf8: false,
        }
    }

    /// The session's state: the one the replies confirmed, or while the
    /// reply to `AUTH` or `QUIT` is awaited, the SASL or UPDATE sub-state
    /// (or `Closed` after `QUIT` in AUTHORIZATION).
    pub fn state(&self) -> State {
        match self.queue.front().map(|t| t.pending) {
            Some(
                s @ (State::Authorization(Authorization::Sasl) | State::Update | State::Closed),
            ) => s,
            _ => self.state,
        }
    }

    /// True once the conversation is over.
    pub fn is_closed(&self) -> bool {
        self.state == State::Closed
    }

    /// The capabilities from the last `CAPA` reply; `None` before one, and
    /// again after the transport changed to TLS (RFC 2595 §4).
    pub fn capabilities(&self) -> Option<&[Capability<'static>]> {
        self.capabilities.as_deref()
    }

    /// True when a capability of the last `CAPA` reply satisfies `pred`.
    pub fn has_capability(&self, pred: impl Fn(&Capability<'static>) -> bool) -> bool {
        self.capabilities.iter().flatten().any(pred)
    }

    /// The APOP timestamp of the greeting (RFC 1939 §7), angle brackets
    /// included.
    pub fn apop_timestamp(&self) -> Option<&[u8]> {
        self.apop_timestamp.as_deref()
    }

    /// True once the server accepted `UTF8`: the session is in UTF-8 mode
    /// (RFC 6856 §2.1) for the rest of the connection. Response texts may
    /// then carry UTF-8 ([`crate::types::Text::to_str`] validates on
    /// request), and `STLS` may no longer be sent.
    pub fn is_utf8(&self) -> bool {
        self.utf8
    }

    /// Commands sent and not yet answered.
    pub fn outstanding(&self) -> usize {
        self.queue.len()
    }

    /// Buffers bytes received from the server. Never fails.
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
    /// undecoded. While false the driver stops reading.
    pub fn wants_input(&self) -> bool {
        let open = !matches!(
            self.state,
            State::Closed | State::Authorization(Authorization::Tls)
        );
        let waiting = self.input.len().saturating_sub(self.consume);
        open && waiting < self.config.limits.input_buffer
    }

    /// Bytes of heap the receive and transmit buffers hold (they shrink
    /// when drained).
    pub fn buffer_capacity(&self) -> usize {
        self.input.capacity().saturating_add(self.out.capacity())
    }

    /// Bytes to write to the server, taken out of the session.
    pub fn take_transmit(&mut self) -> Bytes {
        core::mem::take(&mut self.out).freeze()
    }

    /// Sends a command, refused if it is illegal in the state the server
    /// will be in when it reads it (assuming earlier commands succeed), or
    /// if it may not be pipelined now.
    pub fn send(&mut self, command: &Command<'_>) -> Result<(), SendError> {
        let kind = CommandKind::of(command);
        let refuse = |kind| {
            Err(SendError {
                kind,
                state: self.state(),
            })
        };
        match self.state {
            State::Closed => return refuse(SendErrorKind::Closed),
            State::Authorization(Authorization::Tls) => return refuse(SendErrorKind::TlsPending),
            _ => {}
        }
        if let Some(last) = self.queue.back() {
            if matches!(last.pending, State::Closed | State::Update) {
                return refuse(SendErrorKind::Closed);
            }
            // RFC 2595 §4 and RFC 5034 §4: nothing may follow these until
            // their exchange is over.
            if matches!(last.command, CommandKind::Stls | CommandKind::Auth) {
                return refuse(SendErrorKind::MustWait {
                    pending: last.command,
                });
            }
            let offered = self.has_capability(|c| matches!(c, Capability::Pipelining));
            if !(offered || self.config.assume_pipelining) {
                return refuse(SendErrorKind::MustWait {
                    pending: last.command,
                });
            }
            if self.queue.len() >= self.config.limits.pipeline_depth {
                return refuse(SendErrorKind::PipelineFull);
            }
        }
        let from = self.queue.back().map_or(self.state, |t| t.on_ok);
        let Some(t) = session::rule(from, kind) else {
            return refuse(SendErrorKind::IllegalCommand(kind));
        };
        // RFC 6856 §2.1: once UTF8 is issued, STLS may not follow.
        let utf8_issued = self.utf8 || self.queue.iter().any(|t| t.command == CommandKind::Utf8);
        if utf8_issued && !session::legal_in_utf8_mode(kind) {
            return refuse(SendErrorKind::IllegalCommand(kind));
        }
        // RFC 6856 §2.2: credentials are ASCII, or UTF-8 where the server
        // offered UTF8 USER.
        if let Some(credential) = session::credentials(command) {
            if !credential.is_ascii() {
                if core::str::from_utf8(credential).is_err() {
                    return refuse(SendErrorKind::NotUtf8);
                }
                let offered = self.has_capability(|c| matches!(c, Capability::Utf8 { user: true }));
                if !offered {
                    return refuse(SendErrorKind::Utf8NotOffered);
                }
            }
        }
        command.encode(&mut self.out);
        self.queue.push_back(t);
        Ok(())
    }

    /// Answers the last `AUTH` challenge (RFC 5034 §4); `*` cancels.
    pub fn send_auth_response(&mut self, response: &AuthResponse<'_>) -> Result<(), SendError> {
        let in_auth = self.queue.front().map(|t| t.command) == Some(CommandKind::Auth);
        if !(in_auth && self.sasl_turn) {
            return Err(SendError {
                kind: SendErrorKind::NoSaslExchange,
                state: self.state(),
            });
        }
        response.encode(&mut self.out);
        self.sasl_turn = false;
        Ok(())
    }

    /// The transport now runs TLS: back to AUTHORIZATION with the
    /// capabilities forgotten, as RFC 2595 §4 requires. Refused unless the
    /// server accepted `STLS`, and while bytes received before the
    /// handshake are buffered ([`SendErrorKind::BytesBeforeTls`]).
    pub fn tls_established(&mut self) -> Result<(), SendError> {
        if self.state != State::Authorization(Authorization::Tls) {
            return Err(SendError {
                kind: SendErrorKind::NoTlsRequested,
                state: self.state(),
            });
        }
        self.input.consume(core::mem::take(&mut self.consume));
        if !self.input.is_empty() {
            return Err(SendError {
                kind: SendErrorKind::BytesBeforeTls,
                state: self.state(),
            });
        }
        self.state = State::Authorization(Authorization::Ready);
        self.capabilities = None;
        self.start_tls_due = false;
        Ok(())
    }

    /// The next event decoded from the input; `Ok(None)` when more input is
    /// needed.
    pub fn next_event(&mut self) -> Result<Option<Event<'_>>, ProtocolError> {
        self.input.consume(core::mem::take(&mut self.consume));
        if let Some(at) = self.input.take_overflow() {
            // The driver kept reading without decoding: the server sent
            // more than it was asked for in one go.
            self.input.clear();
            close!(self);
            let limit = self.config.limits.input_buffer;
            return Err(ProtocolError::new(
                at,
                "no more input before the buffered replies are read",
                ProtocolErrorKind::InputOverflow { limit },
            )
            .fatal());
        }
        if let Some(w) = self.warnings.pop_front() {
            return Ok(Some(Event::Warning(w)));
        }
        if self.start_tls_due {
            self.start_tls_due = false;
            return Ok(Some(Event::StartTls));
        }
        loop {
            if self.input.is_empty() {
                return Ok(None);
            }
            match self.state {
                State::Closed => {
                    let at = self.input.offset();
                    self.input.clear();
                    return Err(fail(at, "nothing after the session ended"));
                }
                State::Authorization(Authorization::Tls) => {
                    let at = self.input.offset();
                    self.input.clear();
                    close!(self);
                    return Err(ProtocolError::new(
                        at,
                        "no bytes before the TLS handshake",
                        ProtocolErrorKind::Injection,
                    )
                    .fatal());
                }
                _ => {}
            }
            match &mut self.reading {
                Reading::Message { decoder, start } => {
                    let start = *start;
                    let step = match self.held_step.take() {
                        Some(step) => Ok(step),
                        None => decoder.decode(self.input.data()),
                    };
                    if let Ok(step @ (BodyStep::Data(_) | BodyStep::Crlf)) = step {
                        // Report the first bare LF and bare CR of a body,
                        // before the content holding them.
                        let found = [
                            (decoder.take_bare_lf(), Quirk::BareLf),
                            (decoder.take_bare_cr(), Quirk::BareCr),
                        ];
                        let mut w: Vec<Warning> = found
                            .iter()
                            .filter_map(|&(at, quirk)| {
                                let offset = usize::try_from(at?).unwrap_or(usize::MAX);
                                Some(Warning { offset, quirk }.in_stream(start))
                            })
                            .collect();
                        w.sort_by_key(|w| w.offset);
                        if let Some((&first, rest)) = w.split_first() {
                            self.held_step = Some(step);
                            self.warnings.extend(rest.iter().copied());
                            return Ok(Some(Event::Warning(first)));
                        }
                    }
                    match step {
                        Ok(BodyStep::Data(n)) => {
                            self.consume = n;
                            let chunk = self.input.data().get(..n).unwrap_or_default();
                            return Ok(Some(Event::BodyChunk(chunk)));
                        }
                        Ok(BodyStep::Crlf) => {
                            self.consume = 1;
                            return Ok(Some(Event::BodyChunk(b"\r\n")));
                        }
                        Ok(BodyStep::Skip(n)) => self.input.consume(n),
                        Ok(BodyStep::End(n)) => {
                            self.input.consume(n);
                            self.reading = Reading::Status;
                            return Ok(Some(Event::BodyEnd));
                        }
                        Ok(BodyStep::NeedMore) => return Ok(None),
                        Err(e) => return Err(ProtocolError::from_frame(e, start)),
                    }
                }
                Reading::Lines(kind) => {
                    let kind = *kind;
                    let limit = self.config.limits.body_line;
                    match self.framer.poll(self.input.data(), limit) {
                        LineStep::NeedMore => return Ok(None),
                        LineStep::Skip { len, .. } => self.input.consume(len),
                        LineStep::TooLong { skip, .. } => {
                            let at = self.input.offset();
                            self.input.consume(skip);
                            return Err(too_long(at, limit));
                        }
                        LineStep::Line { len, .. } => return self.body_line(kind, len),
                    }
                }
                Reading::Status => {
                    let auth = self.queue.front().map(|t| t.command) == Some(CommandKind::Auth);
                    let limits = self.config.limits;
                    let limit = if auth {
                        limits.sasl_line.max(limits.response_line)
                    } else {
                        limits.response_line
                    };
                    match self.framer.poll(self.input.data(), limit) {
                        LineStep::NeedMore => return Ok(None),
                        LineStep::Skip { len, .. } | LineStep::TooLong { skip: len, .. } => {
                            // A status line we cannot read leaves us unable
                            // to tell where its reply ends.
                            let at = self.input.offset();
                            self.input.consume(len);
                            close!(self);
                            return Err(too_long(at, limit).fatal());
                        }
                        LineStep::Line { len, .. } => return self.status_line(len),
                    }
                }
            }
        }
    }

    /// Decodes the status line `input[..len]`: the greeting, a challenge,
    /// or the reply to the oldest outstanding command.
    fn status_line(&mut self, len: usize) -> Result<Option<Event<'_>>, ProtocolError> {
        let base = self.input.offset();
        let quirks = self.config.quirks;
        let line = self.input.data().get(..len).unwrap_or_default();
        let mut w = Vec::new();
        if self.state == State::START {
            return match parse::response_with(line, &quirks, &mut w) {
                Err(e) => {
                    close!(self);
                    Err(ProtocolError::from_decode(e, base).fatal())
                }
                Ok(resp) => {
                    in_stream(&mut w, base);
                    warn_first!(self, w);
                    self.state = session::GREETING.after(resp.status());
                    self.apop_timestamp = resp.apop_timestamp().map(<[u8]>::to_vec);
                    self.consume = len;
                    Ok(Some(Event::Greeting(resp)))
                }
            };
        }
        let Some(t) = self.queue.front().copied() else {
            close!(self);
            return Err(fail(base, "no reply before a command").fatal());
        };
        if t.command == CommandKind::Auth && is_continuation(line) {
            return match parse::continuation_with(line, &quirks, &mut w) {
                Err(e) => {
                    close!(self);
                    Err(ProtocolError::from_decode(e, base).fatal())
                }
                Ok(c) => {
                    in_stream(&mut w, base);
                    warn_first!(self, w);
                    self.sasl_turn = true;
                    self.consume = len;
                    Ok(Some(Event::Continuation(c)))
                }
            };
        }
        match parse::response_with(line, &quirks, &mut w) {
            Err(e) => {
                close!(self);
                Err(ProtocolError::from_decode(e, base).fatal())
            }
            Ok(resp) => {
                in_stream(&mut w, base);
                warn_first!(self, w);
                let status = resp.status();
                let ok = resp.is_ok();
                if t.command == CommandKind::Stls && ok && line.len() < self.input.data().len() {
                    // RFC 2595 §4: TLS starts right after this CRLF; bytes
                    // already here were not protected by it.
                    close!(self);
                    return Err(ProtocolError::new(
                        base.saturating_add(len as u64),
                        "no bytes between +OK to STLS and the TLS handshake",
                        ProtocolErrorKind::Injection,
                    )
                    .fatal());
                }
                self.queue.pop_front();
                self.sasl_turn = false;
                self.state = t.after(status);
                self.utf8 |= t.command == CommandKind::Utf8 && ok;
                self.consume = len;
                self.reading = match t.body_after(status) {
                    Some(BodyKind::Message) => Reading::Message {
                        decoder: Box::new(BodyDecoder::new(
                            self.config.limits.body_line,
                            self.config.limits.body,
                            self.config.bare_lf,
                        )),
                        start: base.saturating_add(len as u64),
                    },
                    Some(kind) => Reading::Lines(kind),
                    None => Reading::Status,
                };
                if t.command == CommandKind::Capa && ok {
                    self.capabilities = Some(Vec::new());
                }
                self.start_tls_due = t.command == CommandKind::Stls && ok;
                Ok(Some(Event::Response {
                    response: resp,
                    command: t.command,
                }))
            }
        }
    }

    /// Decodes the body line `input[..len]` of a typed body.
    fn body_line(
        &mut self,
        kind: BodyKind,
        len: usize,
    ) -> Result<Option<Event<'_>>, ProtocolError> {
        let base = self.input.offset();
        let quirks = self.config.quirks;
        let line = self.input.data().get(..len).unwrap_or_default();
        if line == b".\r\n" {
            self.consume = len;
            self.reading = Reading::Status;
            if kind == BodyKind::Capabilities {
                // Kept for the session's life: no spare capacity.
                if let Some(caps) = &mut self.capabilities {
                    caps.shrink_to_fit();
                }
            }
            return Ok(Some(Event::BodyEnd));
        }
        // RFC 1939 §3: a leading dot is stuffing.
        let shift = usize::from(line.first() == Some(&b'.'));
        let content = line.get(shift..).unwrap_or_default();
        let mut w = Vec::new();
        let decoded = match kind {
            BodyKind::ScanListings => {
                parse::scan_listing_with(content, &quirks, &mut w).map(BodyLine::Scan)
            }
            BodyKind::UniqueIdListings => {
                parse::unique_id_listing_with(content, &quirks, &mut w).map(BodyLine::UniqueId)
            }
            BodyKind::Capabilities => {
                parse::capability_with(content, &quirks, &mut w).map(BodyLine::Capability)
            }
            BodyKind::Languages => {
                parse::lang_listing_with(content, &quirks, &mut w).map(BodyLine::Language)
            }
            BodyKind::Mechanisms => mechanism_line(content).map(BodyLine::Mechanism),
            BodyKind::Message => Err(crate::error::DecodeError::syntax(0, "a typed body")),
        };
        match decoded {
            Err(e) => {
                self.consume = len;
                Err(ProtocolError::from_decode(
                    e,
                    base.saturating_add(shift as u64),
                ))
            }
            Ok(body_line) => {
                in_stream(&mut w, base.saturating_add(shift as u64));
                warn_first!(self, w);
                self.consume = len;
                if let (BodyLine::Capability(c), Some(caps)) =
                    (&body_line, self.capabilities.as_mut())
                {
                    // Bounded: a server listing more still has them all
                    // delivered as events.
                    if caps.len() < MAX_CAPABILITIES {
                        caps.push(c.clone().into_static());
                    }
                }
                Ok(Some(Event::BodyLine(body_line)))
            }
        }
    }
}

/// A mechanism name alone on a line, as Dovecot lists them after bare
/// `AUTH` (RFC 5034 has no such listing; its `SASL` capability does).
fn mechanism_line(line: &[u8]) -> Result<Mechanism<'_>, crate::error::DecodeError> {
    let name = line
        .strip_suffix(b"\r\n")
        .or_else(|| line.strip_suffix(b"\n"))
        .unwrap_or(line);
    Mechanism::from_bytes(name)
}

/// Moves the line-relative warnings of the line at stream offset `at`
/// into the stream.
fn in_stream(warnings: &mut [Warning], at: u64) {
    for w in warnings {
        *w = w.in_stream(at);
    }
}

/// `+ ...` or `+` alone: a challenge, not `+OK`.
fn is_continuation(line: &[u8]) -> bool {
    matches!(line.get(1), Some(b' ' | b'\r' | b'\n'))
}

fn fail(offset: u64, expected: &'static str) -> ProtocolError {
    ProtocolError::new(offset, expected, ProtocolErrorKind::Unexpected).fatal()
}

fn too_long(offset: u64, limit: usize) -> ProtocolError {
    ProtocolError::new(
        offset,
        "a line within the length limit",
        ProtocolErrorKind::Frame(crate::framing::FrameErrorKind::LineTooLong { limit }),
    )
}
