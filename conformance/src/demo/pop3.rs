//! The demo's POP3 server (over the shared mailbox) and client.

use std::net::{SocketAddr, TcpListener, TcpStream};

use anyhow::{Context, anyhow, bail};
use pop3_proto::client;
use pop3_proto::server;
use pop3_proto::session::BodyLine;
use pop3_proto::types::{
    Capability, Command, MessageNumber, Param, Response, ScanListing, Secret, Text, UniqueId,
    UniqueIdListing,
};

use super::{Log, Mailbox, net};
use crate::render;

const USER: &[u8] = b"bob";
const PASSWORD: &[u8] = b"demo-password";

fn ok(text: impl Into<Vec<u8>>) -> anyhow::Result<Response<'static>> {
    Response::ok(text.into()).map_err(|e| anyhow!("building +OK: {e}"))
}

fn err(text: &'static str) -> anyhow::Result<Response<'static>> {
    Response::err(text.as_bytes()).map_err(|e| anyhow!("building -ERR: {e}"))
}

/// A unique id that stays the same for a message's content.
fn uid(message: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in message {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("mw{h:016x}")
}

/// Serves one POP3 connection over the mailbox, then returns.
pub fn serve(listener: &TcpListener, mailbox: &Mailbox, log: &Log) -> anyhow::Result<()> {
    let mut stream = net::accept(listener)?;
    let mut session = server::Session::new(server::Config::default());
    session.send(&ok("mailwire POP3 server ready")?)?;
    net::write(&mut stream, &session.take_transmit())?;
    let messages: Vec<Vec<u8>> = mailbox
        .lock()
        .map_err(|_| anyhow!("mailbox poisoned"))?
        .clone();
    let mut deleted = vec![false; messages.len()];
    let mut user_ok = false;
    let mut buf = [0u8; 4096];
    loop {
        let command = match session.next_event() {
            Ok(Some(server::Event::Command(c))) => Some(c.into_static()),
            Ok(Some(server::Event::AuthResponse(_))) => None,
            Ok(Some(server::Event::Warning(w))) => {
                log.from_client("pop3", format!("warning: {w:?}"));
                continue;
            }
            Ok(None) => None,
            Err(e) => {
                log.from_client("pop3", format!("refused: {e}"));
                if let Some(reply) = &e.reply {
                    session.send(reply)?;
                    net::write(&mut stream, &session.take_transmit())?;
                }
                if e.is_fatal() {
                    bail!("client broke the protocol: {e}");
                }
                continue;
            }
        };
        let Some(command) = command else {
            if session.is_closed() {
                return Ok(());
            }
            match net::read(&mut stream, &mut buf)? {
                Some(n) => session.receive(buf.get(..n).unwrap_or_default()),
                None => bail!("the client hung up before QUIT"),
            }
            continue;
        };
        log.from_client("pop3", render::pop3_command(&command));
        let live = |n: MessageNumber| {
            let i = usize::try_from(n.get()).ok()?.checked_sub(1)?;
            (!deleted.get(i).copied().unwrap_or(true)).then_some(i)
        };
        match &command {
            Command::Capa => {
                session.send(&ok("capability list follows")?)?;
                for cap in [
                    Capability::User,
                    Capability::Uidl,
                    Capability::Top,
                    Capability::Pipelining,
                    Capability::Implementation(Text::new(&b"mailwire demo"[..])?),
                ] {
                    session.send_body_line(&BodyLine::Capability(cap))?;
                }
                session.end_body()?;
            }
            Command::User(name) if name.as_bytes() == USER => {
                user_ok = true;
                session.send(&ok("send your password")?)?;
            }
            Command::User(_) => session.send(&err("no such mailbox")?)?,
            Command::Pass(secret) if user_ok && secret.expose() == PASSWORD => {
                session.send(&ok(format!("maildrop has {} message(s)", messages.len()))?)?;
            }
            Command::Pass(_) => session.send(&err("invalid login")?)?,
            Command::Stat => {
                let (n, size) = messages
                    .iter()
                    .zip(&deleted)
                    .filter(|(_, d)| !**d)
                    .fold((0, 0), |(n, s), (m, _)| (n + 1, s + m.len()));
                session.send(&ok(format!("{n} {size}"))?)?;
            }
            Command::List(None) => {
                session.send(&ok("scan listing follows")?)?;
                for (i, m) in messages.iter().enumerate() {
                    if let (Some(msg), false) = (msg_number(i), deleted[i]) {
                        let line = ScanListing {
                            msg,
                            octets: m.len() as u64,
                            extra: Text::new(&b""[..])?,
                        };
                        session.send_body_line(&BodyLine::Scan(line))?;
                    }
                }
                session.end_body()?;
            }
            Command::Uidl(None) => {
                session.send(&ok("unique-id listing follows")?)?;
                for (i, m) in messages.iter().enumerate() {
                    if let (Some(msg), false) = (msg_number(i), deleted[i]) {
                        let line = UniqueIdListing {
                            msg,
                            uid: UniqueId::new(uid(m))?,
                        };
                        session.send_body_line(&BodyLine::UniqueId(line))?;
                    }
                }
                session.end_body()?;
            }
            Command::Retr(n) => match live(*n).and_then(|i| messages.get(i)) {
                Some(m) => {
                    session.send(&ok(format!("{} octets", m.len()))?)?;
                    session.send_body(m)?;
                    session.end_body()?;
                }
                None => session.send(&err("no such message")?)?,
            },
            Command::Dele(n) => match live(*n) {
                Some(i) => {
                    deleted[i] = true;
                    session.send(&ok(format!("message {} deleted", n.get()))?)?;
                }
                None => session.send(&err("no such message")?)?,
            },
            Command::Noop | Command::Rset => session.send(&ok("")?)?,
            Command::Quit => {
                let mut stored = mailbox.lock().map_err(|_| anyhow!("mailbox poisoned"))?;
                let before = stored.len();
                let mut i = 0;
                stored.retain(|_| {
                    i += 1;
                    !deleted.get(i - 1).copied().unwrap_or(false)
                });
                session.send(&ok(format!(
                    "bye, {} message(s) deleted",
                    before - stored.len()
                ))?)?;
            }
            _ => session.send(&err("not supported by the demo")?)?,
        }
        net::write(&mut stream, &session.take_transmit())?;
    }
}

fn msg_number(index: usize) -> Option<MessageNumber> {
    MessageNumber::new(u32::try_from(index + 1).ok()?)
}

/// What one exchange brought back.
struct Answer {
    response: Response<'static>,
    body: Vec<u8>,
    lines: Vec<BodyLine<'static>>,
}

/// A POP3 client connection.
struct Client {
    stream: TcpStream,
    session: client::Session,
    buf: Vec<u8>,
}

impl Client {
    fn connect(addr: SocketAddr, log: &Log) -> anyhow::Result<Self> {
        let mut c = Client {
            stream: net::connect(addr)?,
            session: client::Session::new(client::Config::default()),
            buf: vec![0; 4096],
        };
        loop {
            match c.session.next_event().context("decoding the greeting")? {
                Some(client::Event::Greeting(g)) => {
                    log.from_server("pop3", format!("Greeting {}", render::pop3_response(&g)));
                    return Ok(c);
                }
                Some(other) => bail!("expected the greeting, got {other:?}"),
                None => c.fill()?,
            }
        }
    }

    fn fill(&mut self) -> anyhow::Result<()> {
        match net::read(&mut self.stream, &mut self.buf)? {
            Some(n) => {
                self.session.receive(self.buf.get(..n).unwrap_or_default());
                Ok(())
            }
            None => bail!("the server hung up"),
        }
    }

    /// Sends `command` and collects its answer, body included.
    fn exchange(&mut self, command: &Command<'_>, log: &Log) -> anyhow::Result<Answer> {
        self.session.send(command)?;
        net::write(&mut self.stream, &self.session.take_transmit())?;
        let mut answer: Option<Answer> = None;
        loop {
            match self.session.next_event()? {
                None => self.fill()?,
                Some(client::Event::Response { response, command }) => {
                    log.from_server(
                        "pop3",
                        format!("{command:?}: {}", render::pop3_response(&response)),
                    );
                    let multi = response.is_ok() && command.body().is_some();
                    answer = Some(Answer {
                        response: response.into_static(),
                        body: Vec::new(),
                        lines: Vec::new(),
                    });
                    if !multi {
                        break;
                    }
                }
                Some(client::Event::BodyChunk(chunk)) => {
                    if let Some(a) = answer.as_mut() {
                        a.body.extend_from_slice(chunk);
                    }
                }
                Some(client::Event::BodyLine(line)) => {
                    log.from_server("pop3", format!("  {line:?}"));
                    if let Some(a) = answer.as_mut() {
                        a.lines.push(line.into_static());
                    }
                }
                Some(client::Event::BodyEnd) => {
                    if let Some(a) = &answer {
                        if !a.body.is_empty() {
                            log.from_server("pop3", format!("  {}", render::body(&a.body)));
                        }
                    }
                    log.from_server("pop3", "  BodyEnd");
                    break;
                }
                Some(client::Event::Warning(w)) => {
                    log.from_server("pop3", format!("warning: {w:?}"))
                }
                Some(other) => bail!("unexpected event {other:?}"),
            }
        }
        answer.ok_or_else(|| anyhow!("no response"))
    }
}

/// Logs in, lists the mailbox and retrieves (then deletes) message 1.
pub fn fetch(addr: SocketAddr, log: &Log) -> anyhow::Result<Vec<u8>> {
    let mut c = Client::connect(addr, log)?;
    let expect_ok = |a: &Answer, what: &str| -> anyhow::Result<()> {
        if a.response.is_ok() {
            Ok(())
        } else {
            bail!("{what} refused: {}", render::pop3_response(&a.response))
        }
    };
    let capa = c.exchange(&Command::Capa, log)?;
    expect_ok(&capa, "CAPA")?;
    let a = c.exchange(&Command::User(Param::new(USER)?), log)?;
    expect_ok(&a, "USER")?;
    let a = c.exchange(&Command::Pass(Secret::new(PASSWORD)?), log)?;
    expect_ok(&a, "PASS")?;
    let a = c.exchange(&Command::Stat, log)?;
    expect_ok(&a, "STAT")?;
    let a = c.exchange(&Command::List(None), log)?;
    expect_ok(&a, "LIST")?;
    if a.lines.is_empty() {
        bail!("the mailbox is empty");
    }
    let a = c.exchange(&Command::Uidl(None), log)?;
    expect_ok(&a, "UIDL")?;
    let first = MessageNumber::new(1).ok_or_else(|| anyhow!("message number 1"))?;
    let message = c.exchange(&Command::Retr(first), log)?;
    expect_ok(&message, "RETR")?;
    let a = c.exchange(&Command::Dele(first), log)?;
    expect_ok(&a, "DELE")?;
    let a = c.exchange(&Command::Quit, log)?;
    expect_ok(&a, "QUIT")?;
    Ok(message.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fetch_reads_back_a_stored_message_byte_for_byte() {
        let mailbox: Mailbox = std::sync::Arc::default();
        mailbox.lock().unwrap().push(crate::demo::MESSAGE.to_vec());
        let (tx, rx) = std::sync::mpsc::channel();
        let log = Log(tx);
        let listener = net::listen().unwrap();
        let addr = listener.local_addr().unwrap();
        let fetched = std::thread::scope(|s| {
            let server = s.spawn(|| serve(&listener, &mailbox, &log.clone()));
            let fetched = fetch(addr, &log.clone());
            server.join().unwrap().unwrap();
            fetched
        })
        .unwrap();
        assert_eq!(fetched, crate::demo::MESSAGE);
        // DELE then QUIT removed it.
        assert!(mailbox.lock().unwrap().is_empty());
        drop(log);
        let lines: Vec<String> = rx.iter().collect();
        assert!(lines.iter().any(|l| l.contains("C> Retr")), "{lines:?}");
        assert!(
            lines.iter().any(|l| l.contains("S> Quit: Response +OK")),
            "{lines:?}"
        );
    }
}
