//! The replay oracle of DESIGN.md ("Transcripts"), generic over protocols.
//!
//! Client chunks go into a server-role session and server chunks into a
//! client-role session, in transcript order. Every message one session
//! decodes is handed to the *other* session's `send`, and what that session
//! transmits is decoded again and must be equal: both directions are
//! decoded and re-encoded. A protocol joins by implementing [`Conversation`]
//! in its own file (see [`smtp`] and [`pop3`]) and one arm in
//! [`conversation_for`]; the oracle, the reader and the CLI stay the same.
//!
//! A transcript passes when:
//! - every chunk decodes, except where `! reject` demands an error, or where
//!   the real peer's next reply says the input was bad (SMTP 4xx/5xx, POP3
//!   `-ERR`) and that reply then answers the refused input;
//! - both sessions accept every step in the state they are in;
//! - nothing is left undecoded at the end;
//! - every command has had its reply, unless the server ended the
//!   conversation.
//!
//! How the oracle drives the pair:
//! - client chunks go to the server-role session whole; server chunks go to
//!   the client-role session a line at a time, and after each line the
//!   server-role session is asked again for commands it held back until
//!   their predecessors were answered (pipelining);
//! - input the server-role session refuses waits in the pipeline for its
//!   answer: decoded by the adapter alone when the client-role session never
//!   sent that input ([`RefusalPath::Separate`]), or by the client-role
//!   session when it did (refused message content, [`RefusalPath::ClientSession`]);
//!   either way the answer must be negative. A fatal refusal without an
//!   answer is the server hanging up ([`RefusalPath::HangUp`]);
//! - a `! reject` on a client chunk is met by a refusal whose byte offset
//!   falls in that chunk, whenever it comes; on a server chunk, by the
//!   client-role session refusing it, after which the transcript must end
//!   unless the session recovers (a bad listing line).

pub mod pop3;
pub mod smtp;

use std::collections::VecDeque;
use std::fmt;

use crate::transcript::{Chunk, ProtocolName, Side, Step, Transcript};

/// Something the server-role session decoded from the client's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FromClient {
    /// A command, a SASL line, a piece of message content or its end.
    Message {
        /// Compact typed rendering.
        rendering: String,
        /// How many replies answer it: 1 for a command, a SASL line, the
        /// end of SMTP data or a BDAT chunk; one per accepted recipient for
        /// the end of LMTP data; 0 for content and commands answered only
        /// after their content (BDAT).
        replies: usize,
    },
    /// The server-role session refused input (a `ProtocolError`). The real
    /// server's next reply in this place must say the input was bad.
    Refused {
        /// The error, as the session reported it.
        reason: String,
        /// Offset of the error in the client's byte stream, when the
        /// session names one.
        offset: Option<u64>,
        /// How the refused input gets its answer.
        answer: RefusalPath,
    },
    /// A quirk warning reported by the session.
    Warning(String),
}

/// How the answer to refused input reaches the sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalPath {
    /// The client-role session never sent the refused input: the oracle
    /// decodes the answer itself ([`Conversation::answer_refused`]).
    Separate,
    /// The client-role session did send it (refused message content whose
    /// end it sent): the answers (one per accepted LMTP recipient, else
    /// one) go to it like any reply, and must say the input was bad.
    ClientSession {
        /// How many replies answer it.
        replies: usize,
    },
    /// The server-role session closes the connection without an answer:
    /// the server ended the conversation here.
    HangUp,
}

/// Something the client-role session decoded from the server's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FromServer {
    /// A reply or response (or a piece of one, such as a body chunk).
    Message {
        /// Compact typed rendering.
        rendering: String,
        /// This completes one answer due to the oldest client message still
        /// waiting (false for the greeting and for a POP3 status line that
        /// a body follows).
        completes: bool,
        /// The server ended the conversation (SMTP 421, the reply to QUIT).
        ends: bool,
        /// A negative reply (SMTP 4xx/5xx, POP3 `-ERR`).
        is_error: bool,
    },
    /// A quirk warning reported by the session.
    Warning(String),
}

/// Why an adapter step failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdapterError {
    /// The receiving session refused the input (decode or protocol error).
    Refused(String),
    /// Anything else: a re-encoding that decodes differently, a `send`
    /// refused in the current state, an error of the harness.
    Broken(String),
}

impl fmt::Display for AdapterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AdapterError::Refused(r) => write!(f, "refused: {r}"),
            AdapterError::Broken(r) => f.write_str(r),
        }
    }
}

/// An answer that the oracle decoded for input the server-role session
/// refused (the client-role session never sent that input, so it cannot
/// take the answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusalAnswer {
    /// How many bytes of the server's output the answer took.
    pub len: usize,
    /// Compact typed rendering.
    pub rendering: String,
    /// The answer says the input was bad (SMTP 4xx/5xx, POP3 `-ERR`).
    pub is_error: bool,
    /// The server ended the conversation with it.
    pub ends: bool,
}

/// A protocol's pair of sessions, driven by the oracle: one client-role and
/// one server-role session of the same protocol crate.
pub trait Conversation {
    /// Bytes the client sent: into the server-role session.
    fn client_sent(&mut self, bytes: &[u8]);
    /// The next thing the server-role session decoded. Each decoded command
    /// is handed to the client-role session's `send` and the transmitted
    /// bytes decoded again and compared before this returns.
    fn next_from_client(&mut self) -> Result<Option<FromClient>, AdapterError>;
    /// Bytes the server sent: into the client-role session.
    fn server_sent(&mut self, bytes: &[u8]);
    /// The next thing the client-role session decoded, handed to the
    /// server-role session's `send` and checked the same way.
    fn next_from_server(&mut self) -> Result<Option<FromServer>, AdapterError>;
    /// Decodes one complete reply at the start of `bytes` without the
    /// client-role session, as the answer to refused input, and hands it to
    /// the server-role session's `send`. `Ok(None)`: not complete yet.
    fn answer_refused(&mut self, bytes: &[u8]) -> Result<Option<RefusalAnswer>, AdapterError>;
    /// `! tls`: both sessions learn that the transport was upgraded.
    fn tls(&mut self) -> Result<(), AdapterError>;
    /// What either session still holds undecoded, if anything.
    fn undecoded(&self) -> Option<String>;
    /// The client-role session closed (after a fatal error, or the end).
    fn client_closed(&self) -> bool;
}

/// The adapter for a protocol, or why there is none.
pub fn conversation_for(protocol: ProtocolName) -> Result<Box<dyn Conversation>, String> {
    match protocol {
        ProtocolName::Smtp => smtp::conversation(false),
        ProtocolName::Lmtp => smtp::conversation(true),
        ProtocolName::Pop3 => pop3::conversation(),
        ProtocolName::Imap => Err("imap: the imap-proto crate is not implemented yet".into()),
    }
}

/// One decoded message, for `--verbose` output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// Transcript line of the chunk it came from.
    pub line: usize,
    /// Who sent it.
    pub side: Side,
    /// Compact typed rendering (or a note: refused input, warning).
    pub text: String,
}

/// Why a transcript failed, naming the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Transcript line (the `@protocol` line for whole-file problems).
    pub line: usize,
    /// What went wrong.
    pub reason: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for Failure {}

/// A client message still waiting for its answer.
#[derive(Debug)]
enum Pending {
    /// Decoded by the server-role session and sent by the client-role one.
    Decoded { line: usize },
    /// Refused by the server-role session.
    Refused {
        line: usize,
        reason: String,
        /// The answer goes through the client-role session.
        via_client: bool,
    },
}

/// A `! reject` on a client chunk: some refusal must fall in its bytes.
#[derive(Debug)]
struct RejectDemand {
    line: usize,
    start: u64,
    end: u64,
    met: bool,
}

/// Replays a transcript; `log` sees every decoded message in order.
pub fn replay(transcript: &Transcript, log: &mut dyn FnMut(&Decoded)) -> Result<(), Failure> {
    let conversation = conversation_for(transcript.protocol).map_err(|reason| Failure {
        line: transcript.protocol_line,
        reason,
    })?;
    Oracle {
        conversation,
        pending: VecDeque::new(),
        server_bytes: Vec::new(),
        ended: None,
        client_offset: 0,
        client_line: transcript.protocol_line,
        server_line_open: false,
        demands: Vec::new(),
        log,
    }
    .run(transcript)
}

struct Oracle<'l> {
    conversation: Box<dyn Conversation>,
    pending: VecDeque<Pending>,
    /// Server bytes not yet handed to the client-role session (held back
    /// while an answer to refused input is due).
    server_bytes: Vec<u8>,
    /// Line where the server ended the conversation.
    ended: Option<usize>,
    /// Client bytes fed so far.
    client_offset: u64,
    /// Line of the last client chunk.
    client_line: usize,
    /// The last server byte handed to the client-role session did not end
    /// a line: the session holds part of one.
    server_line_open: bool,
    demands: Vec<RejectDemand>,
    log: &'l mut dyn FnMut(&Decoded),
}

fn fail(line: usize, reason: impl Into<String>) -> Failure {
    Failure {
        line,
        reason: reason.into(),
    }
}

impl Oracle<'_> {
    fn run(mut self, transcript: &Transcript) -> Result<(), Failure> {
        let mut steps = transcript.steps.iter();
        while let Some(step) = steps.next() {
            if let Some(end) = self.ended {
                return Err(fail(
                    step.line(),
                    format!("the server ended the conversation at line {end}; nothing may follow"),
                ));
            }
            match step {
                Step::Tls { line } => {
                    if !self.server_bytes.is_empty() {
                        return Err(fail(
                            *line,
                            "server bytes still undecoded when the transport changes",
                        ));
                    }
                    self.conversation
                        .tls()
                        .map_err(|e| fail(*line, format!("tls: {e}")))?;
                }
                Step::Chunk(chunk) => match chunk.side {
                    Side::Client => self.client_chunk(chunk)?,
                    Side::Server => {
                        if self.server_chunk(chunk)? {
                            // The client-role session refused the chunk as
                            // demanded; it cannot go on after that.
                            if let Some(next) = steps.next() {
                                return Err(fail(
                                    next.line(),
                                    format!(
                                        "the client session refused the server's bytes at line {}; \
                                         a transcript must end there",
                                        chunk.line
                                    ),
                                ));
                            }
                            return self.check_demands();
                        }
                    }
                },
            }
        }
        self.finish(transcript)
    }

    fn client_chunk(&mut self, chunk: &Chunk) -> Result<(), Failure> {
        let line = chunk.line;
        let start = self.client_offset;
        self.client_offset += chunk.bytes.len() as u64;
        self.client_line = line;
        if chunk.reject {
            self.demands.push(RejectDemand {
                line,
                start,
                end: self.client_offset,
                met: false,
            });
        }
        self.conversation.client_sent(&chunk.bytes);
        self.pump_client(line)
    }

    /// Takes everything the server-role session can decode now. Commands
    /// the server holds back until earlier ones are answered come out here
    /// once their replies went through.
    fn pump_client(&mut self, line: usize) -> Result<(), Failure> {
        if self.ended.is_some() {
            // The server hung up: what the client sent after that is not
            // read by anyone.
            return Ok(());
        }
        while let Some(item) = self
            .conversation
            .next_from_client()
            .map_err(|e| fail(line, format!("server session: {e}")))?
        {
            let at = self.client_line;
            match item {
                FromClient::Message { rendering, replies } => {
                    self.emit(at, Side::Client, rendering);
                    for _ in 0..replies {
                        self.pending.push_back(Pending::Decoded { line: at });
                    }
                }
                FromClient::Refused {
                    reason,
                    offset,
                    answer,
                } => {
                    let demand = self.demands.iter_mut().rev().find(|d| match offset {
                        Some(o) => d.start <= o && o < d.end,
                        None => d.line == at,
                    });
                    let refused_line = match demand {
                        Some(d) => {
                            d.met = true;
                            d.line
                        }
                        None => at,
                    };
                    match answer {
                        RefusalPath::HangUp => {
                            self.emit(
                                refused_line,
                                Side::Client,
                                format!("refused, the server closes the connection: {reason}"),
                            );
                            self.ended = Some(line);
                            return Ok(());
                        }
                        RefusalPath::Separate => {
                            self.emit(refused_line, Side::Client, format!("refused: {reason}"));
                            self.pending.push_back(Pending::Refused {
                                line: refused_line,
                                reason,
                                via_client: false,
                            });
                        }
                        RefusalPath::ClientSession { replies } => {
                            self.emit(refused_line, Side::Client, format!("refused: {reason}"));
                            for _ in 0..replies.max(1) {
                                self.pending.push_back(Pending::Refused {
                                    line: refused_line,
                                    reason: reason.clone(),
                                    via_client: true,
                                });
                            }
                        }
                    }
                }
                FromClient::Warning(w) => self.emit(at, Side::Client, format!("warning: {w}")),
            }
        }
        Ok(())
    }

    /// Returns true when the client-role session refused the chunk as
    /// `! reject` demanded.
    fn server_chunk(&mut self, chunk: &Chunk) -> Result<bool, Failure> {
        let line = chunk.line;
        self.server_bytes.extend_from_slice(&chunk.bytes);
        let mut refused = false;
        loop {
            if self.server_bytes.is_empty() || self.ended.is_some() {
                break;
            }
            match self.pending.front() {
                Some(Pending::Refused {
                    via_client: false, ..
                }) => {
                    let Some(answer) = self
                        .conversation
                        .answer_refused(&self.server_bytes)
                        .map_err(|e| fail(line, format!("answer to refused input: {e}")))?
                    else {
                        break;
                    };
                    let Some(Pending::Refused {
                        line: refused_line,
                        reason,
                        ..
                    }) = self.pending.pop_front()
                    else {
                        break;
                    };
                    self.emit(line, Side::Server, answer.rendering.clone());
                    if !answer.is_error && !chunk.reject {
                        return Err(fail(
                            line,
                            format!(
                                "the server session refused the input of line {refused_line} ({reason}), \
                                 but the real server accepted it: {}",
                                answer.rendering
                            ),
                        ));
                    }
                    if !answer.is_error {
                        return Err(fail(
                            line,
                            format!(
                                "the answer to the input refused at line {refused_line} does not say it was bad: {}",
                                answer.rendering
                            ),
                        ));
                    }
                    let len = answer.len.min(self.server_bytes.len());
                    self.server_bytes.drain(..len);
                    if answer.ends {
                        self.ended = Some(line);
                    }
                    self.pump_client(line)?;
                }
                _ => {
                    // A line at a time (a line ends one reply at most): the
                    // answer to refused input must stay in `server_bytes`,
                    // and commands the server-role session holds back must
                    // be decoded (and sent by the client-role session)
                    // before the replies to them arrive.
                    let take = self
                        .server_bytes
                        .iter()
                        .position(|&b| b == b'\n')
                        .map_or(self.server_bytes.len(), |i| i + 1);
                    let bytes: Vec<u8> = self.server_bytes.drain(..take).collect();
                    self.server_line_open = bytes.last() != Some(&b'\n');
                    self.conversation.server_sent(&bytes);
                    let drained = self.drain_server(line);
                    if drained.is_ok() {
                        self.pump_client(line)?;
                    }
                    match drained {
                        Ok(()) => {}
                        Err(AdapterError::Refused(reason)) if chunk.reject => {
                            self.emit(line, Side::Server, format!("refused: {reason}"));
                            if self.conversation.client_closed() {
                                return Ok(true);
                            }
                            // A refusal the client session recovers from (a
                            // bad listing line, say): the rest goes on.
                            refused = true;
                        }
                        Err(e) => return Err(fail(line, format!("client session: {e}"))),
                    }
                }
            }
        }
        if chunk.reject && !refused {
            return Err(fail(
                line,
                "`! reject`: the client session accepted this chunk (or waits for more input)",
            ));
        }
        Ok(false)
    }

    fn drain_server(&mut self, line: usize) -> Result<(), AdapterError> {
        while let Some(item) = self.conversation.next_from_server()? {
            match item {
                FromServer::Message {
                    rendering,
                    completes,
                    ends,
                    is_error,
                } => {
                    self.emit(line, Side::Server, rendering.clone());
                    if completes {
                        match self.pending.pop_front() {
                            Some(Pending::Decoded { .. }) => {}
                            Some(Pending::Refused {
                                line: l,
                                reason,
                                via_client: true,
                            }) => {
                                if !is_error {
                                    return Err(AdapterError::Broken(format!(
                                        "the server session refused the input of line {l} ({reason}), \
                                         but the real server accepted it: {rendering}"
                                    )));
                                }
                            }
                            Some(Pending::Refused { line: l, .. }) => {
                                return Err(AdapterError::Broken(format!(
                                    "the client session took `{rendering}` as an answer, but it answers input refused at line {l}"
                                )));
                            }
                            None => {
                                return Err(AdapterError::Broken(format!(
                                    "`{rendering}` answers nothing the client sent"
                                )));
                            }
                        }
                    }
                    if ends {
                        self.ended = Some(line);
                        return Ok(());
                    }
                }
                FromServer::Warning(w) => self.emit(line, Side::Server, format!("warning: {w}")),
            }
        }
        Ok(())
    }

    fn emit(&mut self, line: usize, side: Side, text: String) {
        (self.log)(&Decoded { line, side, text });
    }

    /// Every `! reject` on a client chunk was met by a refusal in its bytes.
    fn check_demands(&self) -> Result<(), Failure> {
        match self.demands.iter().find(|d| !d.met) {
            Some(d) => Err(fail(
                d.line,
                "`! reject`: the server session accepted this chunk (or waits for more input)",
            )),
            None => Ok(()),
        }
    }

    fn finish(self, transcript: &Transcript) -> Result<(), Failure> {
        let last = transcript
            .steps
            .last()
            .map_or(transcript.protocol_line, Step::line);
        if !self.server_bytes.is_empty() {
            return Err(fail(
                last,
                format!(
                    "{} server bytes never decoded: {}",
                    self.server_bytes.len(),
                    crate::transcript::escape(&self.server_bytes)
                ),
            ));
        }
        self.check_demands()?;
        if self.ended.is_none() && self.server_line_open {
            return Err(fail(
                last,
                "left undecoded at the end: the client session holds part of a server line",
            ));
        }
        if let (None, Some(what)) = (self.ended, self.conversation.undecoded()) {
            return Err(fail(last, format!("left undecoded at the end: {what}")));
        }
        if self.ended.is_none() {
            if let Some(p) = self.pending.front() {
                let (line, what) = match p {
                    Pending::Decoded { line } => (*line, "the command"),
                    Pending::Refused { line, .. } => (*line, "the refused input"),
                };
                return Err(fail(
                    last,
                    format!("{what} of line {line} never had its reply"),
                ));
            }
        }
        Ok(())
    }
}
