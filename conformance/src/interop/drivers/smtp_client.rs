//! A blocking SMTP/LMTP client on `smtp_proto::client::Session`: every
//! reply byte goes through the session, and every command and content byte
//! goes out as the session encoded it (dot-stuffing included). STARTTLS
//! upgrades the transport with rustls.

use std::sync::Arc;

use rustls::ClientConfig;
use smtp_proto::client::{Config, Event, Session};
use smtp_proto::quirks::Warning;
use smtp_proto::session::Answers;
use smtp_proto::types::{AuthResponse, Command, Domain, Mechanism, Reply, SaslData};

use super::transport::Transport;
use crate::interop::record::Recording;

/// A reply with what it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The reply.
    pub reply: Reply<'static>,
    /// What it answers.
    pub answers: Answers,
    /// LMTP after the content: the recipient (from 0) it is for.
    pub recipient: Option<u32>,
}

impl Answer {
    /// The reply code.
    pub fn code(&self) -> u16 {
        self.reply.code().get()
    }
}

#[derive(Debug)]
enum Owned {
    Greeting(Reply<'static>),
    Reply(Answer),
    Shutdown(Reply<'static>),
    StartTls,
}

/// An SMTP or LMTP client connection.
#[derive(Debug)]
pub struct SmtpClient {
    transport: Transport,
    session: Session,
    warnings: Vec<Warning>,
}

fn err(what: &str, e: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!("{what}: {e}")
}

impl SmtpClient {
    /// Connects to 127.0.0.1:`port` and reads the greeting.
    pub fn connect(
        port: u16,
        config: Config,
        recording: Recording,
    ) -> anyhow::Result<(Self, Reply<'static>)> {
        let transport = Transport::connect(port, recording)?;
        let mut client = Self {
            transport,
            session: Session::new(config),
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

    /// The session (for its extensions and state).
    pub fn session(&self) -> &Session {
        &self.session
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        let out = self.session.take_transmit();
        if !out.is_empty() {
            self.transport.write_all(&out)?;
        }
        Ok(())
    }

    fn next(&mut self) -> anyhow::Result<Owned> {
        loop {
            let event = self
                .session
                .next_event()
                .map_err(|e| err("the server's bytes did not decode", e))?;
            let owned = match event {
                Some(Event::Greeting(r)) => Owned::Greeting(r.into_static()),
                Some(Event::Reply {
                    reply,
                    answers,
                    recipient,
                    ..
                }) => Owned::Reply(Answer {
                    reply: reply.into_static(),
                    answers,
                    recipient,
                }),
                Some(Event::Shutdown(r)) => Owned::Shutdown(r.into_static()),
                Some(Event::StartTls) => Owned::StartTls,
                Some(Event::Warning(w)) => {
                    self.warnings.push(w);
                    continue;
                }
                Some(other) => anyhow::bail!("unexpected event {other:?}"),
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

    fn reply(&mut self) -> anyhow::Result<Answer> {
        match self.next()? {
            Owned::Reply(a) => Ok(a),
            Owned::Shutdown(r) => anyhow::bail!(
                "the server is closing (RFC 5321 §3.8): {} {}",
                r.code().get(),
                String::from_utf8_lossy(r.text().as_bytes())
            ),
            other => anyhow::bail!("expected a reply, got {other:?}"),
        }
    }

    /// Sends `command` and returns its reply.
    pub fn command(&mut self, command: &Command<'_>) -> anyhow::Result<Answer> {
        self.session
            .send(command)
            .map_err(|e| err(&format!("session refused {}", command.verb()), e))?;
        self.flush()?;
        self.reply()
    }

    /// Sends `commands` in one write (RFC 2920 PIPELINING) and returns
    /// their replies in order.
    pub fn pipeline(&mut self, commands: &[Command<'_>]) -> anyhow::Result<Vec<Answer>> {
        for c in commands {
            self.session
                .send(c)
                .map_err(|e| err(&format!("session refused {}", c.verb()), e))?;
        }
        self.flush()?;
        commands.iter().map(|_| self.reply()).collect()
    }

    /// `EHLO` (or `LHLO` in LMTP mode) with `domain`.
    pub fn hello(&mut self, domain: &str) -> anyhow::Result<Answer> {
        let domain = Domain::parse(domain).map_err(|e| err("domain", e))?;
        let command = match self.session.config().mode {
            smtp_proto::session::Mode::Lmtp => Command::Lhlo(domain),
            _ => Command::Ehlo(domain),
        };
        self.command(&command)
    }

    /// `STARTTLS`, then the TLS handshake (RFC 3207 §4).
    pub fn starttls(&mut self, tls: Arc<ClientConfig>) -> anyhow::Result<Answer> {
        let answer = self.command(&Command::StartTls)?;
        anyhow::ensure!(answer.code() == 220, "STARTTLS refused: {answer:?}");
        match self.next()? {
            Owned::StartTls => {}
            other => anyhow::bail!("expected the StartTls event, got {other:?}"),
        }
        self.transport.start_tls_client(tls)?;
        self.session
            .tls_established()
            .map_err(|e| err("tls_established", e))?;
        Ok(answer)
    }

    /// `AUTH PLAIN` with the credentials as initial response (RFC 4954
    /// §4, RFC 4616), or without one, answering the empty 334 challenge.
    pub fn auth_plain(
        &mut self,
        user: &str,
        password: &str,
        initial_response: bool,
    ) -> anyhow::Result<Answer> {
        let data = SaslData::encode(format!("\0{user}\0{password}").as_bytes());
        let mechanism = Mechanism::new("PLAIN").map_err(|e| err("mechanism", e))?;
        if initial_response {
            return self.command(&Command::Auth {
                mechanism,
                initial_response: Some(data),
            });
        }
        let challenge = self.command(&Command::Auth {
            mechanism,
            initial_response: None,
        })?;
        anyhow::ensure!(challenge.code() == 334, "expected 334, got {challenge:?}");
        self.auth_response(AuthResponse::Data(data))
    }

    /// `AUTH LOGIN`: user name and password, each after its 334.
    pub fn auth_login(&mut self, user: &str, password: &str) -> anyhow::Result<Answer> {
        let mechanism = Mechanism::new("LOGIN").map_err(|e| err("mechanism", e))?;
        let first = self.command(&Command::Auth {
            mechanism,
            initial_response: None,
        })?;
        anyhow::ensure!(first.code() == 334, "expected 334, got {first:?}");
        let second = self.auth_response(AuthResponse::Data(SaslData::encode(user.as_bytes())))?;
        anyhow::ensure!(second.code() == 334, "expected 334, got {second:?}");
        self.auth_response(AuthResponse::Data(SaslData::encode(password.as_bytes())))
    }

    fn auth_response(&mut self, response: AuthResponse<'_>) -> anyhow::Result<Answer> {
        self.session
            .send_auth_response(&response)
            .map_err(|e| err("session refused the SASL response", e))?;
        self.flush()?;
        self.reply()
    }

    /// `DATA`, then `message` (dot-stuffed by the session), then the end
    /// of data. Returns the reply to DATA and the replies to the content
    /// (LMTP: one per accepted recipient, RFC 2033 §4.2).
    pub fn data(&mut self, message: &[u8]) -> anyhow::Result<(Answer, Vec<Answer>)> {
        let (_, go, done) = self.transaction(&[], message)?;
        Ok((go, done))
    }

    /// One pipelined group (RFC 2920 §3.1): `envelope` (MAIL, RCPTs) and
    /// `DATA` in one write; then, after a 354, `message` and the end of
    /// data. Returns the envelope's replies, DATA's, and the content's.
    pub fn transaction(
        &mut self,
        envelope: &[Command<'_>],
        message: &[u8],
    ) -> anyhow::Result<(Vec<Answer>, Answer, Vec<Answer>)> {
        for c in envelope.iter().chain([&Command::Data]) {
            self.session
                .send(c)
                .map_err(|e| err(&format!("session refused {}", c.verb()), e))?;
        }
        self.flush()?;
        let replies = envelope
            .iter()
            .map(|_| self.reply())
            .collect::<anyhow::Result<Vec<_>>>()?;
        let go = self.reply()?;
        if go.code() != 354 {
            return Ok((replies, go, Vec::new()));
        }
        self.session
            .send_data(message)
            .map_err(|e| err("session refused the content", e))?;
        self.session
            .end_data()
            .map_err(|e| err("session refused the end of data", e))?;
        self.flush()?;
        // RFC 2033 §4.2: in LMTP one reply per accepted recipient.
        let due = match self.session.config().mode {
            smtp_proto::session::Mode::Lmtp => self.session.recipients().max(1),
            _ => 1,
        };
        let done = (0..due)
            .map(|_| self.reply())
            .collect::<anyhow::Result<_>>()?;
        Ok((replies, go, done))
    }

    /// `message` in `BDAT` chunks of at most `chunk` octets, the last with
    /// `LAST` (RFC 3030 §2); returns each chunk's reply. SMTP only: how
    /// many replies LMTP gives to `BDAT LAST` is left to a later test.
    pub fn bdat(&mut self, message: &[u8], chunk: usize) -> anyhow::Result<Vec<Answer>> {
        let pieces: Vec<&[u8]> = message.chunks(chunk.max(1)).collect();
        let mut replies = Vec::new();
        for (i, piece) in pieces.iter().enumerate() {
            let last = i + 1 == pieces.len();
            self.session
                .send(&Command::Bdat {
                    size: piece.len() as u64,
                    last,
                })
                .map_err(|e| err("session refused BDAT", e))?;
            self.session
                .send_data(piece)
                .map_err(|e| err("session refused the chunk", e))?;
            self.flush()?;
            replies.push(self.reply()?);
        }
        Ok(replies)
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
        anyhow::ensure!(self.session.outstanding() == 0, "commands left unanswered");
        Ok(answer)
    }
}
