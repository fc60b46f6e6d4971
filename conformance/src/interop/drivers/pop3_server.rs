//! A blocking POP3 server on `pop3_proto::server::Session`, for running
//! real clients (curl, poplib) against our codec: maildrops in memory,
//! CAPA, STLS (rustls), USER/PASS, AUTH PLAIN, STAT, LIST, UIDL, TOP, RETR,
//! DELE, RSET, NOOP, QUIT with the UPDATE state committing deletions.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use pop3_proto::server::{Config, Event, Session};
use pop3_proto::session::BodyLine;
use pop3_proto::types::{
    AuthResponse, Capability, Command, Continuation, MessageNumber, Response, SaslData,
    ScanListing, Text, UniqueId, UniqueIdListing,
};
use rustls::ServerConfig;

use super::serve::Server;
use super::transport::Transport;

/// A login's password and messages.
type Account = (String, Vec<Vec<u8>>);

/// Maildrops by login: the password and the messages.
#[derive(Clone, Debug, Default)]
pub struct Maildrops {
    inner: Arc<Mutex<BTreeMap<String, Account>>>,
}

impl Maildrops {
    /// No maildrops.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds user `login` with `password` and `messages`.
    pub fn add(&self, login: &str, password: &str, messages: Vec<Vec<u8>>) {
        self.lock()
            .insert(login.to_string(), (password.to_string(), messages));
    }

    /// The messages of `login` now.
    pub fn messages(&self, login: &str) -> Vec<Vec<u8>> {
        self.lock()
            .get(login)
            .map(|(_, m)| m.clone())
            .unwrap_or_default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Account>> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Starts the server on a free port.
pub fn start(maildrops: Maildrops, tls: Arc<ServerConfig>) -> anyhow::Result<Server> {
    Server::start(
        "pop3 server",
        Arc::new(move |t| Connection::new(t, maildrops.clone(), Arc::clone(&tls)).run()),
    )
}

/// Built from constant, valid text.
fn ok(text: &str) -> anyhow::Result<Response<'static>> {
    Response::ok(text.as_bytes().to_vec()).map_err(|e| anyhow::anyhow!("{e}"))
}

fn err(text: &str) -> anyhow::Result<Response<'static>> {
    Response::err(text.as_bytes().to_vec()).map_err(|e| anyhow::anyhow!("{e}"))
}

/// What a command asks the connection to do beyond replying.
enum After {
    Nothing,
    StartTls,
    Close,
}

struct Connection {
    transport: Transport,
    session: Session,
    maildrops: Maildrops,
    tls: Arc<ServerConfig>,
    user: Option<String>,
    /// The maildrop while logged in, and which messages are marked deleted.
    drop: Option<(String, Vec<Vec<u8>>, Vec<bool>)>,
}

impl Connection {
    fn new(transport: Transport, maildrops: Maildrops, tls: Arc<ServerConfig>) -> Self {
        Self {
            transport,
            session: Session::new(Config::default()),
            maildrops,
            tls,
            user: None,
            drop: None,
        }
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        let out = self.session.take_transmit();
        if !out.is_empty() {
            self.transport.write_all(&out)?;
        }
        Ok(())
    }

    fn send(&mut self, response: &Response<'_>) -> anyhow::Result<()> {
        self.session
            .send(response)
            .map_err(|e| anyhow::anyhow!("session refused our reply: {e}"))
    }

    fn run(mut self) -> anyhow::Result<()> {
        self.send(&ok("mailwire POP3 server ready")?)?;
        self.flush()?;
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            // Take one command (owned, so the session can be used to reply).
            let command = match self.session.next_event() {
                Ok(Some(Event::Command(c))) => c.into_static(),
                Ok(Some(Event::Warning(w))) => {
                    anyhow::bail!("the client needed a quirk: {w:?}")
                }
                Ok(Some(Event::AuthResponse(_))) => {
                    anyhow::bail!("a SASL response outside AUTH")
                }
                Ok(None) => {
                    let n = self.transport.read_some(&mut buf)?;
                    if n == 0 {
                        if self.session.is_closed() {
                            return Ok(());
                        }
                        anyhow::bail!("the client left without QUIT");
                    }
                    self.session.receive(&buf[..n]);
                    continue;
                }
                Err(e) => {
                    let reply = e.reply.clone();
                    match reply {
                        Some(r) => {
                            self.send(&r)?;
                            self.flush()?;
                            anyhow::bail!("the client sent what our session refused: {e}");
                        }
                        None => anyhow::bail!("fatal from the client: {e}"),
                    }
                }
            };
            let after = self.answer(&command)?;
            self.flush()?;
            match after {
                After::Nothing => {}
                After::StartTls => {
                    self.transport.start_tls_server(Arc::clone(&self.tls))?;
                    self.session
                        .tls_established()
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                }
                After::Close => {
                    self.transport.shutdown();
                    return Ok(());
                }
            }
        }
    }

    fn message(&self, n: MessageNumber) -> Option<&[u8]> {
        let (_, messages, deleted) = self.drop.as_ref()?;
        let i = usize::try_from(n.get()).ok()?.checked_sub(1)?;
        match deleted.get(i) {
            Some(false) => messages.get(i).map(Vec::as_slice),
            _ => None,
        }
    }

    fn live(&self) -> Vec<(MessageNumber, usize)> {
        let Some((_, messages, deleted)) = &self.drop else {
            return Vec::new();
        };
        messages
            .iter()
            .zip(deleted)
            .enumerate()
            .filter(|(_, (_, d))| !**d)
            .filter_map(|(i, (m, _))| {
                let n = MessageNumber::new(u32::try_from(i + 1).ok()?)?;
                Some((n, m.len()))
            })
            .collect()
    }

    fn login(&mut self, user: &str, password: &[u8]) -> anyhow::Result<Response<'static>> {
        let found = self
            .maildrops
            .lock()
            .get(user)
            .filter(|(p, _)| p.as_bytes() == password)
            .map(|(_, m)| m.clone());
        match found {
            Some(messages) => {
                let deleted = vec![false; messages.len()];
                self.drop = Some((user.to_string(), messages, deleted));
                ok("logged in")
            }
            None => err("invalid login"),
        }
    }

    fn body_line(&mut self, line: &BodyLine<'_>) -> anyhow::Result<()> {
        self.session
            .send_body_line(line)
            .map_err(|e| anyhow::anyhow!("session refused a body line: {e}"))
    }

    fn end_body(&mut self) -> anyhow::Result<()> {
        self.session
            .end_body()
            .map_err(|e| anyhow::anyhow!("session refused the end of the body: {e}"))
    }

    fn uid(n: MessageNumber) -> anyhow::Result<UniqueId<'static>> {
        UniqueId::new(format!("mailwire-{n}")).map_err(|e| anyhow::anyhow!("{e}"))
    }

    fn answer(&mut self, command: &Command<'_>) -> anyhow::Result<After> {
        match command {
            Command::Capa => {
                self.send(&ok("capability list follows")?)?;
                let mut caps = vec![
                    Capability::Top,
                    Capability::Uidl,
                    Capability::User,
                    Capability::Pipelining,
                    Capability::RespCodes,
                ];
                if self.session.state().is_authorization() {
                    let plain = pop3_proto::types::Mechanism::new("PLAIN")
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                    caps.push(Capability::Sasl(vec![plain]));
                    if !self.transport.is_tls() {
                        caps.push(Capability::Stls);
                    }
                }
                for c in caps {
                    self.body_line(&BodyLine::Capability(c))?;
                }
                self.end_body()?;
            }
            Command::Stls => {
                self.send(&ok("begin TLS")?)?;
                return Ok(After::StartTls);
            }
            Command::User(name) => {
                self.user = Some(String::from_utf8_lossy(name.as_bytes()).into_owned());
                self.send(&ok("send PASS")?)?;
            }
            Command::Pass(secret) => {
                let user = self.user.take().unwrap_or_default();
                let reply = self.login(&user, secret.expose())?;
                self.send(&reply)?;
            }
            Command::Auth(None) => {
                self.send(&ok("mechanisms follow")?)?;
                let plain = pop3_proto::types::Mechanism::new("PLAIN")
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                self.body_line(&BodyLine::Mechanism(plain))?;
                self.end_body()?;
            }
            Command::Auth(Some(request)) => {
                if !request.mechanism.is("PLAIN") {
                    self.send(&err("unsupported mechanism")?)?;
                    return Ok(After::Nothing);
                }
                let data = match &request.initial_response {
                    Some(d) => d.clone().into_static(),
                    None => self.challenge()?,
                };
                let reply = match data.decode() {
                    Ok(raw) => {
                        let mut parts = raw.split(|&b| b == 0);
                        let _authzid = parts.next();
                        match (parts.next(), parts.next(), parts.next()) {
                            (Some(user), Some(password), None) => {
                                let user = String::from_utf8_lossy(user).into_owned();
                                self.login(&user, password)?
                            }
                            _ => err("malformed PLAIN response")?,
                        }
                    }
                    Err(_) => err("invalid base64")?,
                };
                self.send(&reply)?;
            }
            Command::Stat => {
                let live = self.live();
                let octets: usize = live.iter().map(|(_, s)| s).sum();
                self.send(&ok(&format!("{} {octets}", live.len()))?)?;
            }
            Command::List(None) => {
                let live = self.live();
                self.send(&ok(&format!("{} messages", live.len()))?)?;
                for (msg, size) in live {
                    self.body_line(&BodyLine::Scan(ScanListing {
                        msg,
                        octets: size as u64,
                        extra: Text::new(&b""[..]).map_err(|e| anyhow::anyhow!("{e}"))?,
                    }))?;
                }
                self.end_body()?;
            }
            Command::List(Some(n)) => match self.message(*n) {
                Some(m) => {
                    let size = m.len();
                    self.send(&ok(&format!("{n} {size}"))?)?;
                }
                None => self.send(&err("no such message")?)?,
            },
            Command::Uidl(None) => {
                self.send(&ok("unique-ids follow")?)?;
                for (msg, _) in self.live() {
                    self.body_line(&BodyLine::UniqueId(UniqueIdListing {
                        msg,
                        uid: Self::uid(msg)?,
                    }))?;
                }
                self.end_body()?;
            }
            Command::Uidl(Some(n)) => match self.message(*n) {
                Some(_) => {
                    let uid = Self::uid(*n)?;
                    self.send(&ok(&format!("{n} {}", uid.as_str()))?)?;
                }
                None => self.send(&err("no such message")?)?,
            },
            Command::Retr(n) => match self.message(*n).map(<[u8]>::to_vec) {
                Some(m) => {
                    self.send(&ok(&format!("{} octets", m.len()))?)?;
                    self.session
                        .send_body(&m)
                        .map_err(|e| anyhow::anyhow!("session refused the body: {e}"))?;
                    self.end_body()?;
                }
                None => self.send(&err("no such message")?)?,
            },
            Command::Top { msg, lines } => match self.message(*msg).map(<[u8]>::to_vec) {
                Some(m) => {
                    self.send(&ok("top of message follows")?)?;
                    let top = top_of(&m, *lines);
                    self.session
                        .send_body(&top)
                        .map_err(|e| anyhow::anyhow!("session refused the body: {e}"))?;
                    self.end_body()?;
                }
                None => self.send(&err("no such message")?)?,
            },
            Command::Dele(n) => {
                let i = usize::try_from(n.get())?.saturating_sub(1);
                let live = self.message(*n).is_some();
                match (&mut self.drop, live) {
                    (Some((_, _, deleted)), true) => {
                        if let Some(d) = deleted.get_mut(i) {
                            *d = true;
                        }
                        self.send(&ok("deleted")?)?;
                    }
                    _ => self.send(&err("no such message")?)?,
                }
            }
            Command::Rset => {
                if let Some((_, _, deleted)) = &mut self.drop {
                    deleted.iter_mut().for_each(|d| *d = false);
                }
                self.send(&ok("reset")?)?;
            }
            Command::Noop => self.send(&ok("")?)?,
            Command::Quit => {
                // RFC 1939 §6: QUIT in TRANSACTION enters UPDATE.
                if let Some((user, messages, deleted)) = self.drop.take() {
                    let kept = messages
                        .into_iter()
                        .zip(deleted)
                        .filter(|(_, d)| !d)
                        .map(|(m, _)| m)
                        .collect();
                    if let Some(entry) = self.maildrops.lock().get_mut(&user) {
                        entry.1 = kept;
                    }
                }
                self.send(&ok("bye")?)?;
                return Ok(After::Close);
            }
            _ => self.send(&err("not supported here")?)?,
        }
        Ok(After::Nothing)
    }

    /// Sends an empty challenge and reads the client's response.
    fn challenge(&mut self) -> anyhow::Result<SaslData<'static>> {
        self.session
            .send_continuation(&Continuation {
                data: SaslData::empty(),
            })
            .map_err(|e| anyhow::anyhow!("session refused the challenge: {e}"))?;
        self.flush()?;
        let mut buf = vec![0u8; 4096];
        loop {
            match self.session.next_event() {
                Ok(Some(Event::AuthResponse(AuthResponse::Data(d)))) => return Ok(d.into_static()),
                Ok(Some(Event::AuthResponse(AuthResponse::Cancel))) => {
                    return Ok(SaslData::empty());
                }
                Ok(Some(other)) => anyhow::bail!("expected a SASL response, got {other:?}"),
                Ok(None) => {
                    let n = self.transport.read_some(&mut buf)?;
                    anyhow::ensure!(n > 0, "the client left during AUTH");
                    self.session.receive(&buf[..n]);
                }
                Err(e) => anyhow::bail!("SASL response refused: {e}"),
            }
        }
    }
}

/// The header, the blank line, and the first `lines` lines of the body
/// (RFC 1939 §7 TOP).
fn top_of(message: &[u8], lines: u32) -> Vec<u8> {
    let header_end = message
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(message.len(), |i| i + 4);
    let mut end = header_end;
    for _ in 0..lines {
        match message[end..].windows(2).position(|w| w == b"\r\n") {
            Some(i) => end += i + 2,
            None => {
                end = message.len();
                break;
            }
        }
    }
    message[..end].to_vec()
}
