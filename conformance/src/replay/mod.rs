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

pub mod pop3;
pub mod smtp;

use std::collections::VecDeque;
use std::fmt;

use crate::transcript::{Chunk, ProtocolName, Side, Step, Transcript};

/// Something the server-role session decoded from the client's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FromClient {
    /// A command, or the end of a body, that waits for one completing reply.
    Message {
        /// Compact typed rendering.
        rendering: String,
        /// The peer answers it (a command, the end of SMTP data, a BDAT
        /// chunk); false for parts that are not answered on their own.
        awaits_reply: bool,
    },
    /// The server-role session refused input (a `ProtocolError`). The real
    /// server's next reply in this place must say the input was bad.
    Refused {
        /// The error, as the session reported it.
        reason: String,
    },
    /// A quirk warning reported by the session.
    Warning(String),
}

/// Something the client-role session decoded from the server's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FromServer {
    /// A reply or response (or a piece of one, such as a body chunk).
    Message {
        /// Compact typed rendering.
        rendering: String,
        /// This completes the answer to the oldest client message still
        /// waiting for one (false for the greeting, for the first reply
        /// of a multi-line POP3 response, for all but the last LMTP
        /// per-recipient reply).
        completes: bool,
        /// The server ended the conversation (SMTP 421, the reply to QUIT).
        ends: bool,
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
    Refused { line: usize, reason: String },
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
                            return Ok(());
                        }
                    }
                },
            }
        }
        self.finish(transcript)
    }

    fn client_chunk(&mut self, chunk: &Chunk) -> Result<(), Failure> {
        let line = chunk.line;
        self.conversation.client_sent(&chunk.bytes);
        let mut refused = false;
        while let Some(item) = self
            .conversation
            .next_from_client()
            .map_err(|e| fail(line, format!("server session: {e}")))?
        {
            match item {
                FromClient::Message {
                    rendering,
                    awaits_reply,
                } => {
                    self.emit(line, Side::Client, rendering);
                    if awaits_reply {
                        self.pending.push_back(Pending::Decoded { line });
                    }
                }
                FromClient::Refused { reason } => {
                    refused = true;
                    self.emit(line, Side::Client, format!("refused: {reason}"));
                    self.pending.push_back(Pending::Refused { line, reason });
                }
                FromClient::Warning(w) => self.emit(line, Side::Client, format!("warning: {w}")),
            }
        }
        if chunk.reject && !refused {
            return Err(fail(
                line,
                "`! reject`: the server session accepted this chunk (or waits for more input)",
            ));
        }
        Ok(())
    }

    /// Returns true when the client-role session refused the chunk as
    /// `! reject` demanded.
    fn server_chunk(&mut self, chunk: &Chunk) -> Result<bool, Failure> {
        let line = chunk.line;
        self.server_bytes.extend_from_slice(&chunk.bytes);
        loop {
            if self.server_bytes.is_empty() || self.ended.is_some() {
                break;
            }
            match self.pending.front() {
                Some(Pending::Refused { .. }) => {
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
                }
                _ => {
                    let refusal_behind = self
                        .pending
                        .iter()
                        .any(|p| matches!(p, Pending::Refused { .. }));
                    // With refused input waiting behind, feed a byte at a
                    // time so the answer to it stays in `server_bytes`.
                    let take = if refusal_behind {
                        1
                    } else {
                        self.server_bytes.len()
                    };
                    let bytes: Vec<u8> = self.server_bytes.drain(..take).collect();
                    self.conversation.server_sent(&bytes);
                    match self.drain_server(line) {
                        Ok(()) => {}
                        Err(AdapterError::Refused(reason)) if chunk.reject => {
                            self.emit(line, Side::Server, format!("refused: {reason}"));
                            return Ok(true);
                        }
                        Err(e) => return Err(fail(line, format!("client session: {e}"))),
                    }
                }
            }
        }
        if chunk.reject {
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
                } => {
                    self.emit(line, Side::Server, rendering.clone());
                    if completes {
                        match self.pending.pop_front() {
                            Some(Pending::Decoded { .. }) => {}
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
        if let Some(what) = self.conversation.undecoded() {
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
