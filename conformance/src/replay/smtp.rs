//! The SMTP and LMTP adapter of the replay oracle: a `smtp-proto`
//! client-role and server-role session driven against each other.
//!
//! Re-encoding checks: a command the server-role session decoded is sent by
//! the client-role session and its bytes decoded again with
//! `parse::command`; a reply the client-role session decoded is sent by the
//! server-role session and decoded again with `parse::reply`; message
//! content is re-sent with `send_data`/`end_data` and the dot-stuffed bytes
//! unstuffed again with `framing::DataDecoder` (BDAT content must come out
//! unchanged).

use smtp_proto::client;
use smtp_proto::framing::{BareLinePolicy, DataDecoder, DataStep};
use smtp_proto::parse;
use smtp_proto::server;
use smtp_proto::session::{Answers, CommandKind};
use smtp_proto::types::{Command, Reply};

use super::{AdapterError, Conversation, FromClient, FromServer, RefusalAnswer, RefusalPath};
use crate::render;
use crate::transcript::escape;

/// A client-role and a server-role `smtp-proto` session (LMTP when `lmtp`).
pub fn conversation(lmtp: bool) -> Result<Box<dyn Conversation>, String> {
    let (client_config, server_config) = if lmtp {
        (client::Config::lmtp(), server::Config::lmtp())
    } else {
        (client::Config::default(), server::Config::default())
    };
    Ok(Box::new(Smtp {
        lmtp,
        client: client::Session::new(client_config),
        server: server::Session::new(server_config),
        content: None,
        server_closed: false,
    }))
}

/// Message content being replayed.
struct Content {
    /// `BDAT` (and whether it is the last chunk) rather than `DATA`.
    bdat: Option<bool>,
    /// As the server-role session decoded it.
    decoded: Vec<u8>,
    /// As the client-role session re-sent it.
    resent: Vec<u8>,
}

struct Smtp {
    lmtp: bool,
    client: client::Session,
    server: server::Session,
    content: Option<Content>,
    /// The server-role session closed after a fatal error.
    server_closed: bool,
}

fn broken(what: impl Into<String>) -> AdapterError {
    AdapterError::Broken(what.into())
}

fn check_equal<T: PartialEq + std::fmt::Debug>(
    what: &str,
    original: &T,
    again: Result<T, impl std::fmt::Display>,
    bytes: &[u8],
) -> Result<(), AdapterError> {
    match again {
        Ok(v) if v == *original => Ok(()),
        Ok(v) => Err(broken(format!(
            "{what} re-encoded as \"{}\" decodes to {v:?}, not {original:?}",
            escape(bytes)
        ))),
        Err(e) => Err(broken(format!(
            "{what} {original:?} re-encoded as \"{}\" does not decode: {e}",
            escape(bytes)
        ))),
    }
}

/// Unstuffs re-sent DATA content (ending in `<CRLF>.<CRLF>`).
fn unstuff(bytes: &[u8]) -> Result<Vec<u8>, AdapterError> {
    let mut decoder = DataDecoder::new(BareLinePolicy::Pass);
    let mut out = Vec::new();
    let mut rest = bytes;
    loop {
        let (n, step) = decoder.decode(rest);
        rest = rest.get(n..).unwrap_or_default();
        match step {
            DataStep::Chunk(c) => out.extend_from_slice(c),
            DataStep::Bare(_) => {}
            DataStep::End => break,
            DataStep::NeedMore => {
                return Err(broken(format!(
                    "re-sent content \"{}\" has no <CRLF>.<CRLF>",
                    crate::decode::short_bytes(bytes)
                )));
            }
        }
    }
    if !rest.is_empty() {
        return Err(broken("bytes after the re-sent content's <CRLF>.<CRLF>"));
    }
    Ok(out)
}

/// The end of the first complete reply in `bytes`.
fn reply_end(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    loop {
        let rest = bytes.get(at..)?;
        let lf = rest.iter().position(|&b| b == b'\n')?;
        let line = rest.get(..=lf)?;
        at += lf + 1;
        // `code-` continues; `code SP`, `code CRLF` (or anything else,
        // which the parser will refuse) ends the reply.
        if line.get(3) != Some(&b'-') {
            return Some(at);
        }
    }
}

impl Smtp {
    fn resend_reply(&mut self, reply: &Reply<'_>) -> Result<(), AdapterError> {
        self.server.send(reply).map_err(|e| {
            broken(format!(
                "server session refused to send {}: {e}",
                render::smtp_reply(reply)
            ))
        })?;
        let bytes = self.server.take_transmit();
        check_equal("reply", reply, parse::reply(&bytes), &bytes)
    }

    /// The server-role session refused content it was reading: the real
    /// client still ended it, so the client-role session ends it too (its
    /// bytes are not compared: the content was refused).
    /// Returns whether DATA content was being read.
    fn abandon_content(&mut self) -> Result<bool, AdapterError> {
        if let Some(Content { bdat: None, .. }) = self.content.take() {
            self.client
                .end_data()
                .map_err(|e| broken(format!("client session refused to end refused data: {e}")))?;
            self.client.take_transmit();
            return Ok(true);
        }
        Ok(false)
    }

    fn end_content(&mut self) -> Result<usize, AdapterError> {
        let Some(mut content) = self.content.take() else {
            return Err(broken("end of content without content"));
        };
        match content.bdat {
            None => {
                self.client
                    .end_data()
                    .map_err(|e| broken(format!("client session refused to end the data: {e}")))?;
                content
                    .resent
                    .extend_from_slice(&self.client.take_transmit());
                let again = unstuff(&content.resent)?;
                if again != content.decoded {
                    return Err(broken(format!(
                        "content re-sent as \"{}\" unstuffs to \"{}\", not \"{}\"",
                        crate::decode::short_bytes(&content.resent),
                        crate::decode::short_bytes(&again),
                        crate::decode::short_bytes(&content.decoded)
                    )));
                }
            }
            Some(_) => {
                if content.resent != content.decoded {
                    return Err(broken(format!(
                        "BDAT chunk re-sent as \"{}\", not \"{}\"",
                        crate::decode::short_bytes(&content.resent),
                        crate::decode::short_bytes(&content.decoded)
                    )));
                }
            }
        }
        // LMTP: one reply per accepted recipient after DATA or BDAT LAST
        // (RFC 2033 §4.2).
        let per_recipient = self.lmtp && content.bdat.is_none_or(|last| last);
        Ok(if per_recipient {
            usize::try_from(self.server.recipients())
                .unwrap_or(1)
                .max(1)
        } else {
            1
        })
    }
}

impl Conversation for Smtp {
    fn client_sent(&mut self, bytes: &[u8]) {
        self.server.receive(bytes);
    }

    fn next_from_client(&mut self) -> Result<Option<FromClient>, AdapterError> {
        if self.server_closed {
            return Ok(None);
        }
        let event = match self.server.next_event() {
            Ok(None) => return Ok(None),
            Ok(Some(e)) => e,
            Err(e) => {
                // A fatal error closes the session: it refuses everything
                // after, and that is one refusal, not one per call.
                self.server_closed = e.fatal;
                let answer = if e.fatal && e.reply.is_none() {
                    RefusalPath::HangUp
                } else if !e.fatal && self.abandon_content()? {
                    // RFC 2033 §4.2: one reply per accepted recipient after
                    // the end of LMTP data, refused or not.
                    let replies = if self.lmtp {
                        usize::try_from(self.server.recipients()).unwrap_or(1)
                    } else {
                        1
                    };
                    RefusalPath::ClientSession { replies }
                } else {
                    RefusalPath::Separate
                };
                return Ok(Some(FromClient::Refused {
                    reason: e.to_string(),
                    offset: Some(e.offset as u64),
                    answer,
                }));
            }
        };
        match event {
            server::Event::Command(command) => {
                let command = command.into_static();
                self.client.send(&command).map_err(|e| {
                    broken(format!(
                        "client session refused to send {}: {e}",
                        render::smtp_command(&command)
                    ))
                })?;
                let bytes = self.client.take_transmit();
                check_equal("command", &command, parse::command(&bytes), &bytes)?;
                let replies = match command {
                    Command::Bdat { last, .. } => {
                        self.content = Some(Content {
                            bdat: Some(last),
                            decoded: Vec::new(),
                            resent: Vec::new(),
                        });
                        0
                    }
                    _ => 1,
                };
                Ok(Some(FromClient::Message {
                    rendering: render::smtp_command(&command),
                    replies,
                }))
            }
            server::Event::DataChunk(chunk) => {
                let chunk = chunk.to_vec();
                let content = self.content.get_or_insert_with(|| Content {
                    bdat: None,
                    decoded: Vec::new(),
                    resent: Vec::new(),
                });
                content.decoded.extend_from_slice(&chunk);
                self.client
                    .send_data(&chunk)
                    .map_err(|e| broken(format!("client session refused to send content: {e}")))?;
                let resent = self.client.take_transmit();
                if let Some(content) = self.content.as_mut() {
                    content.resent.extend_from_slice(&resent);
                }
                Ok(Some(FromClient::Message {
                    rendering: format!("DataChunk \"{}\"", crate::decode::short_bytes(&chunk)),
                    replies: 0,
                }))
            }
            server::Event::DataEnd => {
                if self.content.is_none() {
                    // Empty content: nothing came before the end.
                    self.content = Some(Content {
                        bdat: None,
                        decoded: Vec::new(),
                        resent: Vec::new(),
                    });
                }
                let replies = self.end_content()?;
                Ok(Some(FromClient::Message {
                    rendering: "DataEnd".into(),
                    replies,
                }))
            }
            server::Event::AuthResponse(response) => {
                let response = response.into_static();
                self.client.send_auth_response(&response).map_err(|e| {
                    broken(format!("client session refused to send {response:?}: {e}"))
                })?;
                let bytes = self.client.take_transmit();
                check_equal(
                    "SASL response",
                    &response,
                    parse::auth_response(&bytes),
                    &bytes,
                )?;
                Ok(Some(FromClient::Message {
                    rendering: format!("{response:?}"),
                    replies: 1,
                }))
            }
            server::Event::Warning(w) => Ok(Some(FromClient::Warning(format!("{w:?}")))),
            server::Event::BareLineEnding(b) => Ok(Some(FromClient::Warning(b.to_string()))),
            // The server's 220 to STARTTLS went out: the transport changes at
            // the transcript's `! tls`, which the oracle checks separately.
            server::Event::StartTls => Ok(Some(FromClient::Message {
                rendering: "StartTls".into(),
                replies: 0,
            })),
            other => Err(broken(format!("unknown server event {other:?}"))),
        }
    }

    fn server_sent(&mut self, bytes: &[u8]) {
        self.client.receive(bytes);
    }

    fn next_from_server(&mut self) -> Result<Option<FromServer>, AdapterError> {
        let event = match self.client.next_event() {
            Ok(None) => return Ok(None),
            Ok(Some(e)) => e,
            Err(e) => return Err(AdapterError::Refused(e.to_string())),
        };
        let (reply, completes, ends, label) = match event {
            client::Event::Greeting(reply) => {
                let code = reply.code().get();
                (
                    reply.into_static(),
                    false,
                    code == 421,
                    "Greeting".to_string(),
                )
            }
            client::Event::Reply {
                reply,
                answers,
                recipient,
                ..
            } => {
                let code = reply.code().get();
                let quit = answers == Answers::Command(CommandKind::Quit);
                let label = match recipient {
                    Some(r) => format!("{answers:?} (recipient {r})"),
                    None => format!("{answers:?}"),
                };
                (reply.into_static(), true, code == 421 || quit, label)
            }
            client::Event::Shutdown(reply) => {
                (reply.into_static(), false, true, "Shutdown".to_string())
            }
            client::Event::StartTls => {
                return Ok(Some(FromServer::Message {
                    rendering: "StartTls".into(),
                    completes: false,
                    ends: false,
                    is_error: false,
                }));
            }
            client::Event::Warning(w) => return Ok(Some(FromServer::Warning(format!("{w:?}")))),
            other => return Err(broken(format!("unknown client event {other:?}"))),
        };
        self.resend_reply(&reply)?;
        Ok(Some(FromServer::Message {
            rendering: format!("{label}: {}", render::smtp_reply(&reply)),
            completes,
            ends,
            is_error: reply.code().get() >= 400,
        }))
    }

    fn answer_refused(&mut self, bytes: &[u8]) -> Result<Option<RefusalAnswer>, AdapterError> {
        let Some(len) = reply_end(bytes) else {
            return Ok(None);
        };
        let quirks = smtp_proto::quirks::Quirks::client_default();
        let reply = parse::reply_with(
            bytes.get(..len).unwrap_or_default(),
            &quirks,
            &mut Vec::new(),
        )
        .map_err(|e| AdapterError::Refused(format!("answer to refused input: {e}")))?;
        let code = reply.code().get();
        let is_error = code >= 400;
        // A server-role session closed by a fatal error sends nothing more;
        // its error carried the reply the real server gave instead.
        if is_error && !self.server_closed {
            self.resend_reply(&reply)?;
        }
        Ok(Some(RefusalAnswer {
            len,
            rendering: format!("answer to refused input: {}", render::smtp_reply(&reply)),
            is_error,
            ends: code == 421 || self.server_closed,
        }))
    }

    fn tls(&mut self) -> Result<(), AdapterError> {
        self.client
            .tls_established()
            .map_err(|e| broken(format!("client session: {e}")))?;
        self.server
            .tls_established()
            .map_err(|e| broken(format!("server session: {e}")))
    }

    fn client_closed(&self) -> bool {
        self.client.is_closed()
    }

    fn undecoded(&self) -> Option<String> {
        match self.server.buffered() {
            0 => None,
            n => Some(format!("{n} client bytes in the server session")),
        }
    }
}
