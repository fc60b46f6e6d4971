//! A blocking SMTP server on `smtp_proto::server::Session`, for running real
//! clients (curl, smtplib, swaks) against our codec: EHLO with PIPELINING,
//! SIZE, 8BITMIME, DSN, CHUNKING, SMTPUTF8, ENHANCEDSTATUSCODES, STARTTLS
//! (rustls) and AUTH PLAIN/LOGIN; DATA and BDAT; every accepted message
//! kept, as received, in an [`Outbox`].

use std::sync::{Arc, Mutex, PoisonError};

use rustls::ServerConfig;
use smtp_proto::server::{Config, Event, Session};
use smtp_proto::types::{
    AuthResponse, Command, EnhancedCode, Mechanism, Reply, ReplyCode, SaslData, Text,
};

use super::serve::Server;
use super::transport::Transport;

/// A message the server accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    /// The reverse-path (its Debug rendering).
    pub from: String,
    /// The forward-paths (their Debug rendering).
    pub to: Vec<String>,
    /// The content, dot-unstuffed (DATA) or joined (BDAT).
    pub message: Vec<u8>,
}

/// The messages accepted so far, shared with the test.
#[derive(Clone, Debug, Default)]
pub struct Outbox {
    inner: Arc<Mutex<Vec<Accepted>>>,
}

impl Outbox {
    /// Empty.
    pub fn new() -> Self {
        Self::default()
    }

    /// A copy of the messages so far.
    pub fn messages(&self) -> Vec<Accepted> {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn push(&self, m: Accepted) {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(m);
    }
}

/// The one account: `alice@example.org` / `alice-secret`.
const USER: &str = "alice@example.org";
const PASSWORD: &str = "alice-secret";
const SIZE_LIMIT: u64 = 10_240_000;

/// Starts the server on a free port.
pub fn start(outbox: Outbox, tls: Arc<ServerConfig>) -> anyhow::Result<Server> {
    Server::start(
        "smtp server",
        Arc::new(move |t| Connection::new(t, outbox.clone(), Arc::clone(&tls)).run()),
    )
}

fn reply(code: u16, enhanced: (u8, u16, u16), text: &str) -> anyhow::Result<Reply<'static>> {
    let e = EnhancedCode::new(enhanced.0, enhanced.1, enhanced.2).map_err(anyhow_err)?;
    Reply::with_enhanced(code, e, text).map_err(anyhow_err)
}

fn plain(code: u16, text: &str) -> anyhow::Result<Reply<'static>> {
    Reply::new(code, text.as_bytes().to_vec()).map_err(anyhow_err)
}

fn anyhow_err(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

enum After {
    Nothing,
    StartTls,
    Close,
}

struct Connection {
    transport: Transport,
    session: Session,
    outbox: Outbox,
    tls: Arc<ServerConfig>,
    from: Option<String>,
    to: Vec<String>,
    content: Vec<u8>,
    buf: Vec<u8>,
}

/// What the next event asked of us, owned so the session can be used.
enum Input {
    Command(Command<'static>),
    Chunk(Vec<u8>),
    End,
    Auth(AuthResponse<'static>),
    StartTls,
    Closed,
}

impl Connection {
    fn new(transport: Transport, outbox: Outbox, tls: Arc<ServerConfig>) -> Self {
        Self {
            transport,
            session: Session::new(Config::default()),
            outbox,
            tls,
            from: None,
            to: Vec::new(),
            content: Vec::new(),
            buf: vec![0u8; 16 * 1024],
        }
    }

    fn send(&mut self, reply: &Reply<'_>) -> anyhow::Result<()> {
        self.session
            .send(reply)
            .map_err(|e| anyhow::anyhow!("session refused our reply {reply:?}: {e}"))
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        let out = self.session.take_transmit();
        if !out.is_empty() {
            self.transport.write_all(&out)?;
        }
        Ok(())
    }

    /// The next input, reading from the client as needed. Our replies are
    /// written before we block on a read, so pipelined groups are answered
    /// as a whole (RFC 2920 §3.2).
    fn input(&mut self) -> anyhow::Result<Input> {
        loop {
            match self.session.next_event() {
                Ok(Some(Event::Command(c))) => return Ok(Input::Command(c.into_static())),
                Ok(Some(Event::DataChunk(d))) => return Ok(Input::Chunk(d.to_vec())),
                Ok(Some(Event::DataEnd)) => return Ok(Input::End),
                Ok(Some(Event::AuthResponse(r))) => return Ok(Input::Auth(r.into_static())),
                Ok(Some(Event::StartTls)) => return Ok(Input::StartTls),
                Ok(Some(Event::Warning(w))) => {
                    anyhow::bail!("the client needed a quirk: {w:?}")
                }
                Ok(Some(Event::BareLineEnding(b))) => {
                    anyhow::bail!("a bare line ending in the content: {b:?}")
                }
                Ok(Some(other)) => anyhow::bail!("unexpected event {other:?}"),
                Ok(None) => {
                    self.flush()?;
                    let n = self.transport.read_some(&mut self.buf)?;
                    if n == 0 {
                        return Ok(Input::Closed);
                    }
                    let bytes = self.buf[..n].to_vec();
                    self.session.receive(&bytes);
                }
                Err(e) => {
                    // Every byte a real client sends should decode; answer
                    // as the session says, then report it.
                    let _ = self.session.send_error(&e);
                    let _ = self.flush();
                    anyhow::bail!("the client sent what our session refused: {e}");
                }
            }
        }
    }

    fn run(mut self) -> anyhow::Result<()> {
        self.send(&plain(220, "mailwire.example.org ESMTP mailwire")?)?;
        loop {
            let command = match self.input()? {
                Input::Command(c) => c,
                Input::Closed => {
                    anyhow::ensure!(self.session.is_closed(), "the client left without QUIT");
                    return Ok(());
                }
                other => anyhow::bail!("expected a command, got {}", describe(&other)),
            };
            match self.answer(command)? {
                After::Nothing => {}
                After::StartTls => {
                    // The session says when: right after our 220 (and it
                    // refuses plain text the client sent past STARTTLS).
                    match self.input()? {
                        Input::StartTls => {}
                        other => {
                            anyhow::bail!("expected the StartTls event, got {}", describe(&other))
                        }
                    }
                    self.flush()?;
                    self.transport.start_tls_server(Arc::clone(&self.tls))?;
                    self.session.tls_established().map_err(anyhow_err)?;
                }
                After::Close => {
                    self.flush()?;
                    self.transport.shutdown();
                    return Ok(());
                }
            }
        }
    }

    fn ehlo_reply(&self) -> anyhow::Result<Reply<'static>> {
        let mut lines = vec![
            "mailwire.example.org".to_string(),
            "PIPELINING".into(),
            format!("SIZE {SIZE_LIMIT}"),
            "8BITMIME".into(),
            "ENHANCEDSTATUSCODES".into(),
            "DSN".into(),
            "SMTPUTF8".into(),
            "CHUNKING".into(),
            "AUTH PLAIN LOGIN".into(),
        ];
        if !self.transport.is_tls() {
            lines.push("STARTTLS".into());
        }
        let texts = lines
            .into_iter()
            .map(|l| Text::new(l.into_bytes()).map_err(anyhow_err))
            .collect::<anyhow::Result<Vec<_>>>()?;
        Reply::multiline(ReplyCode::new(250).map_err(anyhow_err)?, texts).map_err(anyhow_err)
    }

    fn answer(&mut self, command: Command<'static>) -> anyhow::Result<After> {
        match command {
            Command::Ehlo(_) => {
                let r = self.ehlo_reply()?;
                self.send(&r)?;
            }
            Command::Helo(_) => self.send(&plain(250, "mailwire.example.org")?)?,
            Command::StartTls => {
                self.send(&reply(220, (2, 0, 0), "ready to start TLS")?)?;
                return Ok(After::StartTls);
            }
            Command::Auth {
                mechanism,
                initial_response,
            } => {
                let r = self.authenticate(&mechanism, initial_response)?;
                self.send(&r)?;
            }
            Command::Mail { from, .. } => {
                self.from = Some(format!("{from:?}"));
                self.to.clear();
                self.send(&reply(250, (2, 1, 0), "sender ok")?)?;
            }
            Command::Rcpt { to, .. } => {
                self.to.push(format!("{to:?}"));
                self.send(&reply(250, (2, 1, 5), "recipient ok")?)?;
            }
            Command::Data => {
                self.send(&plain(354, "end data with <CR><LF>.<CR><LF>")?)?;
                self.content.clear();
                self.read_content()?;
                self.accept()?;
            }
            Command::Bdat { last, .. } => {
                self.read_content()?;
                if last {
                    self.accept()?;
                } else {
                    self.send(&reply(250, (2, 0, 0), "chunk ok")?)?;
                }
            }
            Command::Rset => {
                self.from = None;
                self.to.clear();
                self.content.clear();
                self.send(&reply(250, (2, 0, 0), "ok")?)?;
            }
            Command::Noop(_) => self.send(&reply(250, (2, 0, 0), "ok")?)?,
            Command::Quit => {
                self.send(&reply(221, (2, 0, 0), "bye")?)?;
                return Ok(After::Close);
            }
            _ => self.send(&reply(502, (5, 5, 1), "not implemented here")?)?,
        }
        Ok(After::Nothing)
    }

    /// Appends content events up to the end of the DATA or BDAT chunk.
    fn read_content(&mut self) -> anyhow::Result<()> {
        loop {
            match self.input()? {
                Input::Chunk(c) => self.content.extend_from_slice(&c),
                Input::End => return Ok(()),
                other => anyhow::bail!("expected content, got {}", describe(&other)),
            }
        }
    }

    fn accept(&mut self) -> anyhow::Result<()> {
        self.outbox.push(Accepted {
            from: self.from.take().unwrap_or_default(),
            to: std::mem::take(&mut self.to),
            message: std::mem::take(&mut self.content),
        });
        self.send(&reply(250, (2, 0, 0), "message accepted")?)
    }

    fn sasl_line(&mut self, challenge: &str) -> anyhow::Result<Option<Vec<u8>>> {
        let text = SaslData::encode(challenge.as_bytes());
        self.send(&Reply::new(334, text.as_str().as_bytes().to_vec()).map_err(anyhow_err)?)?;
        match self.input()? {
            Input::Auth(AuthResponse::Data(d)) => Ok(Some(d.decode().map_err(anyhow_err)?)),
            Input::Auth(AuthResponse::Cancel) => Ok(None),
            other => anyhow::bail!("expected a SASL response, got {}", describe(&other)),
        }
    }

    fn authenticate(
        &mut self,
        mechanism: &Mechanism<'_>,
        initial: Option<SaslData<'_>>,
    ) -> anyhow::Result<Reply<'static>> {
        let ok = reply(235, (2, 7, 0), "authentication successful");
        let refused = reply(535, (5, 7, 8), "authentication credentials invalid");
        if mechanism.is("PLAIN") {
            let raw = match initial {
                Some(d) => d.decode().map_err(anyhow_err)?,
                None => match self.sasl_line("")? {
                    Some(raw) => raw,
                    None => return reply(501, (5, 7, 0), "authentication cancelled"),
                },
            };
            let mut parts = raw.split(|&b| b == 0).skip(1);
            let good =
                parts.next() == Some(USER.as_bytes()) && parts.next() == Some(PASSWORD.as_bytes());
            return if good { ok } else { refused };
        }
        if mechanism.is("LOGIN") {
            let Some(user) = self.sasl_line("Username:")? else {
                return reply(501, (5, 7, 0), "authentication cancelled");
            };
            let Some(password) = self.sasl_line("Password:")? else {
                return reply(501, (5, 7, 0), "authentication cancelled");
            };
            let good = user == USER.as_bytes() && password == PASSWORD.as_bytes();
            return if good { ok } else { refused };
        }
        reply(504, (5, 5, 4), "mechanism not supported")
    }
}

fn describe(input: &Input) -> &'static str {
    match input {
        Input::Command(_) => "a command",
        Input::Chunk(_) => "content",
        Input::End => "the end of content",
        Input::Auth(_) => "a SASL response",
        Input::StartTls => "the StartTls event",
        Input::Closed => "the end of the connection",
    }
}
