//! A blocking POP3 client on `pop3_proto::client::Session`: every byte the
//! server sends goes through the session, and every command goes out as
//! the session encoded it. STLS upgrades the transport with rustls.

use std::sync::Arc;

use pop3_proto::client::{Config, Event, Session};
use pop3_proto::quirks::Warning;
use pop3_proto::session::{BodyLine, CommandKind};
use pop3_proto::types::{
    AuthRequest, AuthResponse, Command, Continuation, Mechanism, Response, SaslData,
};
use rustls::ClientConfig;

use super::transport::Transport;
use crate::interop::record::Recording;

/// A complete answer to one command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The command it answers.
    pub command: CommandKind,
    /// The status line.
    pub response: Response<'static>,
    /// The typed lines of a LIST, UIDL, CAPA or bare AUTH body.
    pub lines: Vec<BodyLine<'static>>,
    /// The message of a RETR or TOP body, dot-unstuffed.
    pub message: Option<Vec<u8>>,
}

/// What the session said, owned so the driver can read more meanwhile.
#[derive(Debug)]
enum Owned {
    Greeting(Response<'static>),
    Response(Response<'static>, CommandKind),
    Chunk(Vec<u8>),
    Line(BodyLine<'static>),
    End,
    Continuation(Continuation<'static>),
    StartTls,
}

/// A POP3 client connection.
#[derive(Debug)]
pub struct Pop3Client {
    transport: Transport,
    session: Session,
    warnings: Vec<Warning>,
}

impl Pop3Client {
    /// Connects to 127.0.0.1:`port` and reads the greeting.
    pub fn connect(port: u16, recording: Recording) -> anyhow::Result<(Self, Response<'static>)> {
        let transport = Transport::connect(port, recording)?;
        let mut client = Self {
            transport,
            session: Session::new(Config::default()),
            warnings: Vec::new(),
        };
        match client.next()? {
            Owned::Greeting(g) => Ok((client, g)),
            other => anyhow::bail!("expected the greeting, got {other:?}"),
        }
    }

    /// Quirk warnings the session reported so far.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The session (for its capabilities and state).
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Writes what the session has to send.
    fn flush(&mut self) -> anyhow::Result<()> {
        let out = self.session.take_transmit();
        if !out.is_empty() {
            self.transport.write_all(&out)?;
        }
        Ok(())
    }

    /// The next event, reading from the server as long as it takes.
    fn next(&mut self) -> anyhow::Result<Owned> {
        loop {
            let event = self
                .session
                .next_event()
                .map_err(|e| anyhow::anyhow!("the server's bytes did not decode: {e}"))?;
            let owned = match event {
                Some(Event::Greeting(r)) => Owned::Greeting(r.into_static()),
                Some(Event::Response { response, command }) => {
                    Owned::Response(response.into_static(), command)
                }
                Some(Event::BodyChunk(c)) => Owned::Chunk(c.to_vec()),
                Some(Event::BodyLine(l)) => Owned::Line(l.into_static()),
                Some(Event::BodyEnd) => Owned::End,
                Some(Event::Continuation(c)) => Owned::Continuation(c.into_static()),
                Some(Event::StartTls) => Owned::StartTls,
                Some(Event::Warning(w)) => {
                    self.warnings.push(w);
                    continue;
                }
                None => {
                    let mut buf = [0u8; 16 * 1024];
                    let n = self.transport.read_some(&mut buf)?;
                    if n == 0 {
                        anyhow::bail!("the server closed the connection mid-conversation");
                    }
                    self.session.receive(&buf[..n]);
                    continue;
                }
            };
            return Ok(owned);
        }
    }

    /// Reads the answer to the oldest command outstanding.
    fn answer(&mut self) -> anyhow::Result<Answer> {
        let (response, command) = match self.next()? {
            Owned::Response(r, k) => (r, k),
            other => anyhow::bail!("expected a status line, got {other:?}"),
        };
        let mut answer = Answer {
            command,
            lines: Vec::new(),
            message: None,
            response,
        };
        if answer.response.is_ok() && command.body().is_some() {
            loop {
                match self.next()? {
                    Owned::Chunk(c) => answer.message.get_or_insert_with(Vec::new).extend(c),
                    Owned::Line(l) => answer.lines.push(l),
                    Owned::End => break,
                    other => anyhow::bail!("expected body of {command:?}, got {other:?}"),
                }
            }
            if command.body() == Some(pop3_proto::session::BodyKind::Message) {
                answer.message.get_or_insert_with(Vec::new);
            }
        }
        Ok(answer)
    }

    /// Sends `command` and returns its answer.
    pub fn command(&mut self, command: &Command<'_>) -> anyhow::Result<Answer> {
        self.session
            .send(command)
            .map_err(|e| anyhow::anyhow!("session refused {}: {e}", command.keyword()))?;
        self.flush()?;
        self.answer()
    }

    /// Sends `commands` in one write (RFC 2449 §6.6 PIPELINING) and returns
    /// their answers in order.
    pub fn pipeline(&mut self, commands: &[Command<'_>]) -> anyhow::Result<Vec<Answer>> {
        for c in commands {
            self.session
                .send(c)
                .map_err(|e| anyhow::anyhow!("session refused {}: {e}", c.keyword()))?;
        }
        self.flush()?;
        commands.iter().map(|_| self.answer()).collect()
    }

    /// `STLS`, then the TLS handshake (RFC 2595 §4).
    pub fn stls(&mut self, tls: Arc<ClientConfig>) -> anyhow::Result<Answer> {
        let answer = self.command(&Command::Stls)?;
        anyhow::ensure!(
            answer.response.is_ok(),
            "STLS refused: {:?}",
            answer.response
        );
        match self.next()? {
            Owned::StartTls => {}
            other => anyhow::bail!("expected the StartTls event, got {other:?}"),
        }
        self.transport.start_tls_client(tls)?;
        self.session
            .tls_established()
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(answer)
    }

    /// `AUTH PLAIN` without an initial response: the server's empty
    /// challenge, then the credentials (RFC 5034 §4, RFC 4616).
    pub fn auth_plain(&mut self, user: &str, password: &str) -> anyhow::Result<Answer> {
        let mechanism = Mechanism::new("PLAIN").map_err(|e| anyhow::anyhow!("{e}"))?;
        let request = AuthRequest {
            mechanism,
            initial_response: None,
        };
        self.session
            .send(&Command::Auth(Some(request)))
            .map_err(|e| anyhow::anyhow!("session refused AUTH: {e}"))?;
        self.flush()?;
        match self.next()? {
            Owned::Continuation(c) => {
                anyhow::ensure!(c.data.is_empty(), "PLAIN expects an empty challenge")
            }
            other => anyhow::bail!("expected a challenge, got {other:?}"),
        }
        let raw = format!("\0{user}\0{password}");
        let response = AuthResponse::Data(SaslData::encode(raw.as_bytes()));
        self.session
            .send_auth_response(&response)
            .map_err(|e| anyhow::anyhow!("session refused the SASL response: {e}"))?;
        self.flush()?;
        self.answer()
    }

    /// `QUIT`; then the server must close the connection, with nothing
    /// left over.
    pub fn quit(mut self) -> anyhow::Result<Answer> {
        let answer = self.command(&Command::Quit)?;
        let mut buf = [0u8; 1024];
        let n = self.transport.read_some(&mut buf)?;
        anyhow::ensure!(
            n == 0,
            "bytes after the reply to QUIT: {:?}",
            String::from_utf8_lossy(&buf[..n])
        );
        anyhow::ensure!(self.session.is_closed(), "session not closed after QUIT");
        anyhow::ensure!(self.session.outstanding() == 0, "commands left unanswered");
        Ok(answer)
    }
}
