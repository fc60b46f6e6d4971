//! The POP3 adapter of the replay oracle: a `pop3-proto` client-role and
//! server-role session driven against each other.
//!
//! Re-encoding checks: a command the server-role session decoded is sent
//! by the client-role session and its bytes decoded again with
//! `parse::command`; a status line, challenge or listing line the
//! client-role session decoded is sent by the server-role session and
//! decoded again with the matching `parse` entry point; a message body is
//! re-sent chunk by chunk and its dot-stuffed bytes unstuffed again with
//! `framing::BodyDecoder`.
//!
//! The sessions have no getter for input they hold undecoded; since every
//! byte a POP3 client sends is part of a CRLF line, a client stream that
//! does not end with LF is what [`Conversation::undecoded`] reports.

use pop3_proto::client;
use pop3_proto::framing::{BareLf, BodyDecoder, BodyStep};
use pop3_proto::parse;
use pop3_proto::server;
use pop3_proto::session::{BodyLine, CommandKind};
use pop3_proto::types::{Response, Status};

use super::{AdapterError, Conversation, FromClient, FromServer, RefusalAnswer, RefusalPath};
use crate::render;

/// A client-role and a server-role `pop3-proto` session.
pub fn conversation() -> Result<Box<dyn Conversation>, String> {
    Ok(Box::new(Pop3 {
        client: client::Session::new(client::Config::default()),
        server: server::Session::new(server::Config::default()),
        body_sent: Vec::new(),
        body_resent: Vec::new(),
        server_closed: false,
        client_line_open: false,
    }))
}

struct Pop3 {
    client: client::Session,
    server: server::Session,
    /// Content of the message body being replayed, as decoded.
    body_sent: Vec<u8>,
    /// The server-role session's dot-stuffed re-encoding of it.
    body_resent: Vec<u8>,
    /// The server-role session closed after a fatal error.
    server_closed: bool,
    /// The last client byte did not end a line.
    client_line_open: bool,
}

fn broken(what: impl Into<String>) -> AdapterError {
    AdapterError::Broken(what.into())
}

/// The status line at the start of `bytes`, with its length.
fn status_line(bytes: &[u8]) -> Option<(usize, &[u8])> {
    let end = bytes.iter().position(|&b| b == b'\n')? + 1;
    Some((end, bytes.get(..end)?))
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
            crate::transcript::escape(bytes)
        ))),
        Err(e) => Err(broken(format!(
            "{what} {original:?} re-encoded as \"{}\" does not decode: {e}",
            crate::transcript::escape(bytes)
        ))),
    }
}

impl Pop3 {
    /// Hands a decoded status line to the server-role session and checks
    /// what it wrote.
    fn resend_response(&mut self, response: &Response<'_>) -> Result<(), AdapterError> {
        self.server
            .send(response)
            .map_err(|e| broken(format!("server session refused to send {response:?}: {e}")))?;
        let bytes = self.server.take_transmit();
        check_equal("response", response, parse::response(&bytes), &bytes)
    }

    fn resend_body_line(&mut self, line: &BodyLine<'_>) -> Result<(), AdapterError> {
        self.server
            .send_body_line(line)
            .map_err(|e| broken(format!("server session refused to send {line:?}: {e}")))?;
        let bytes = self.server.take_transmit();
        match line {
            BodyLine::Scan(l) => check_equal("LIST line", l, parse::scan_listing(&bytes), &bytes),
            BodyLine::UniqueId(l) => {
                check_equal("UIDL line", l, parse::unique_id_listing(&bytes), &bytes)
            }
            BodyLine::Capability(c) => {
                check_equal("CAPA line", c, parse::capability(&bytes), &bytes)
            }
            BodyLine::Language(l) => {
                check_equal("LANG line", l, parse::lang_listing(&bytes), &bytes)
            }
            BodyLine::Mechanism(m) => {
                let expected = format!("{}\r\n", m.as_str());
                if bytes[..] == *expected.as_bytes() {
                    Ok(())
                } else {
                    Err(broken(format!(
                        "AUTH mechanism line {m:?} re-encoded as \"{}\"",
                        crate::transcript::escape(&bytes)
                    )))
                }
            }
        }
    }

    /// The message body re-sent by the server-role session must unstuff to
    /// the content the client-role session decoded.
    fn check_body(&mut self) -> Result<(), AdapterError> {
        let mut decoder = BodyDecoder::new(usize::MAX, u64::MAX, BareLf::Pass);
        let mut content = Vec::new();
        let mut rest = &self.body_resent[..];
        loop {
            let step = decoder
                .decode(rest)
                .map_err(|e| broken(format!("re-encoded body does not decode: {e:?}")))?;
            let n = match step {
                BodyStep::Data(n) => {
                    content.extend_from_slice(rest.get(..n).unwrap_or_default());
                    n
                }
                BodyStep::Crlf => {
                    content.extend_from_slice(b"\r\n");
                    1
                }
                BodyStep::Skip(n) => n,
                BodyStep::End(n) => {
                    rest = rest.get(n..).unwrap_or_default();
                    break;
                }
                BodyStep::NeedMore => {
                    return Err(broken("re-encoded body has no terminating \".\" line"));
                }
            };
            rest = rest.get(n..).unwrap_or_default();
        }
        if !rest.is_empty() {
            return Err(broken("bytes after the re-encoded body's terminator"));
        }
        // The server-role session ends the last line with CRLF if the
        // content lacks one (RFC 1939 §3); the client-role decoder keeps
        // the CRLF before the terminator as content.
        if content != self.body_sent {
            return Err(broken(format!(
                "body re-encoded decodes to \"{}\", not \"{}\"",
                crate::decode::short_bytes(&content),
                crate::decode::short_bytes(&self.body_sent)
            )));
        }
        self.body_sent.clear();
        self.body_resent.clear();
        Ok(())
    }
}

impl Conversation for Pop3 {
    fn client_sent(&mut self, bytes: &[u8]) {
        if let Some(&last) = bytes.last() {
            self.client_line_open = last != b'\n';
        }
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
                } else {
                    RefusalPath::Separate
                };
                return Ok(Some(FromClient::Refused {
                    reason: e.to_string(),
                    offset: Some(e.offset),
                    answer,
                }));
            }
        };
        match event {
            server::Event::Command(command) => {
                self.client.send(&command).map_err(|e| {
                    broken(format!("client session refused to send {command:?}: {e}"))
                })?;
                let bytes = self.client.take_transmit();
                check_equal("command", &command, parse::command(&bytes), &bytes)?;
                Ok(Some(FromClient::Message {
                    rendering: render::pop3_command(&command),
                    replies: 1,
                }))
            }
            server::Event::AuthResponse(response) => {
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
        }
    }

    fn server_sent(&mut self, bytes: &[u8]) {
        self.client.receive(bytes);
    }

    fn next_from_server(&mut self) -> Result<Option<FromServer>, AdapterError> {
        let event = match self.client.next_event() {
            Ok(None) => return Ok(None),
            Ok(Some(e)) => e.clone(),
            Err(e) => return Err(AdapterError::Refused(e.to_string())),
        };
        let message = |rendering: String, completes: bool, ends: bool| {
            Ok(Some(FromServer::Message {
                rendering,
                completes,
                ends,
                is_error: false,
            }))
        };
        match event {
            client::Event::Greeting(response) => {
                let response = response.into_static();
                self.resend_response(&response)?;
                message(
                    format!("Greeting {}", render::pop3_response(&response)),
                    false,
                    response.status() == Status::Err,
                )
            }
            client::Event::Response { response, command } => {
                let response = response.into_static();
                self.resend_response(&response)?;
                // A body follows when the server-role session still waits
                // for it to be sent.
                let completes = self.server.awaiting_reply().is_none();
                Ok(Some(FromServer::Message {
                    rendering: format!("{command:?}: {}", render::pop3_response(&response)),
                    completes,
                    ends: command == CommandKind::Quit,
                    is_error: response.status() == Status::Err,
                }))
            }
            client::Event::BodyChunk(chunk) => {
                let chunk = chunk.to_vec();
                self.server
                    .send_body(&chunk)
                    .map_err(|e| broken(format!("server session refused a body chunk: {e}")))?;
                self.body_resent
                    .extend_from_slice(&self.server.take_transmit());
                self.body_sent.extend_from_slice(&chunk);
                message(
                    format!("BodyChunk \"{}\"", crate::decode::short_bytes(&chunk)),
                    false,
                    false,
                )
            }
            client::Event::BodyLine(line) => {
                let line = line.into_static();
                self.resend_body_line(&line)?;
                message(format!("{line:?}"), false, false)
            }
            client::Event::BodyEnd => {
                self.server
                    .end_body()
                    .map_err(|e| broken(format!("server session refused to end the body: {e}")))?;
                let end = self.server.take_transmit();
                if !self.body_resent.is_empty()
                    || !self.body_sent.is_empty()
                    || end[..] != b".\r\n"[..]
                {
                    self.body_resent.extend_from_slice(&end);
                    self.check_body()?;
                }
                message("BodyEnd".into(), true, false)
            }
            client::Event::Continuation(c) => {
                let c = c.into_static();
                self.server
                    .send_continuation(&c)
                    .map_err(|e| broken(format!("server session refused to send {c:?}: {e}")))?;
                let bytes = self.server.take_transmit();
                check_equal("continuation", &c, parse::continuation(&bytes), &bytes)?;
                message(format!("{c:?}"), true, false)
            }
            client::Event::StartTls => message("StartTls".into(), false, false),
            client::Event::Warning(w) => Ok(Some(FromServer::Warning(format!("{w:?}")))),
        }
    }

    fn answer_refused(&mut self, bytes: &[u8]) -> Result<Option<RefusalAnswer>, AdapterError> {
        let Some((len, line)) = status_line(bytes) else {
            return Ok(None);
        };
        let quirks = pop3_proto::quirks::Quirks::client_default();
        let response = parse::response_with(line, &quirks, &mut Vec::new())
            .map_err(|e| AdapterError::Refused(format!("answer to refused input: {e}")))?;
        let is_error = response.status() == Status::Err;
        let rendering = format!(
            "answer to refused input: {}",
            render::pop3_response(&response)
        );
        if is_error {
            self.resend_response(&response)?;
        }
        Ok(Some(RefusalAnswer {
            len,
            rendering,
            is_error,
            ends: false,
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
        self.client_line_open
            .then(|| "the server session holds part of a client line".to_string())
    }
}
