//! The demo's SMTP server (storing into the mailbox) and client.

use std::net::{SocketAddr, TcpListener, TcpStream};

use anyhow::{Context, anyhow, bail};
use smtp_proto::client;
use smtp_proto::parse;
use smtp_proto::server;
use smtp_proto::types::{Command, Reply, ReplyCode, Text};

use super::{Log, Mailbox, net};
use crate::render;

fn reply(code: u16, text: &str) -> anyhow::Result<Reply<'static>> {
    Reply::new(code, text.as_bytes().to_vec()).map_err(|e| anyhow!("building a {code} reply: {e}"))
}

fn ehlo_reply() -> anyhow::Result<Reply<'static>> {
    let lines = [
        "mailwire.example greets you",
        "PIPELINING",
        "8BITMIME",
        "SIZE 10485760",
        "ENHANCEDSTATUSCODES",
    ]
    .iter()
    .map(|l| Text::new(l.as_bytes().to_vec()))
    .collect::<Result<Vec<_>, _>>()
    .map_err(|e| anyhow!("EHLO line: {e}"))?;
    let code = ReplyCode::new(250).map_err(|e| anyhow!("{e}"))?;
    Reply::multiline(code, lines).map_err(|e| anyhow!("EHLO reply: {e}"))
}

/// Serves one SMTP connection, storing each message into the mailbox.
pub fn serve(listener: &TcpListener, mailbox: &Mailbox, log: &Log) -> anyhow::Result<()> {
    let mut stream = net::accept(listener)?;
    let mut session = server::Session::new(server::Config::default());
    session.send(&reply(220, "mailwire.example ESMTP demo ready")?)?;
    net::write(&mut stream, &session.take_transmit())?;
    let mut message = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let answer = match session.next_event() {
            Ok(Some(server::Event::Command(command))) => {
                let command = command.into_static();
                log.from_client("smtp", render::smtp_command(&command));
                match command {
                    Command::Ehlo(_) | Command::Lhlo(_) => ehlo_reply()?,
                    Command::Helo(_) => reply(250, "mailwire.example")?,
                    Command::Mail { .. } => reply(250, "2.1.0 sender ok")?,
                    Command::Rcpt { .. } => reply(250, "2.1.5 recipient ok")?,
                    Command::Data => {
                        message.clear();
                        reply(354, "end data with <CR><LF>.<CR><LF>")?
                    }
                    Command::Rset => reply(250, "2.0.0 reset")?,
                    Command::Noop(_) => reply(250, "2.0.0 ok")?,
                    Command::Quit => reply(221, "2.0.0 bye")?,
                    _ => reply(502, "5.5.1 not supported by the demo")?,
                }
            }
            Ok(Some(server::Event::DataChunk(chunk))) => {
                message.extend_from_slice(chunk);
                continue;
            }
            Ok(Some(server::Event::DataEnd)) => {
                log.from_client(
                    "smtp",
                    format!("DataEnd, message: {}", render::body(&message)),
                );
                mailbox
                    .lock()
                    .map_err(|_| anyhow!("mailbox poisoned"))?
                    .push(std::mem::take(&mut message));
                reply(250, "2.0.0 queued in the in-memory mailbox")?
            }
            Ok(Some(server::Event::Warning(w))) => {
                log.from_client("smtp", format!("warning: {w:?}"));
                continue;
            }
            Ok(Some(other)) => bail!("the demo does not handle {other:?}"),
            Ok(None) => {
                if session.is_closed() {
                    return Ok(());
                }
                match net::read(&mut stream, &mut buf)? {
                    Some(n) => session.receive(buf.get(..n).unwrap_or_default()),
                    None => bail!("the client hung up before QUIT"),
                }
                continue;
            }
            Err(e) => {
                log.from_client("smtp", format!("refused: {e}"));
                if e.fatal {
                    bail!("client broke the protocol: {e}");
                }
                session.send_error(&e)?;
                net::write(&mut stream, &session.take_transmit())?;
                continue;
            }
        };
        session.send(&answer)?;
        net::write(&mut stream, &session.take_transmit())?;
    }
}

/// An SMTP client connection.
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
                    log.from_server("smtp", format!("Greeting: {}", render::smtp_reply(&g)));
                    return Ok(c);
                }
                Some(client::Event::Warning(w)) => {
                    log.from_server("smtp", format!("warning: {w:?}"))
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

    /// Writes what the session has to send and waits for the next reply.
    fn reply(&mut self, log: &Log) -> anyhow::Result<Reply<'static>> {
        net::write(&mut self.stream, &self.session.take_transmit())?;
        loop {
            match self.session.next_event()? {
                Some(client::Event::Reply { reply, answers, .. }) => {
                    log.from_server(
                        "smtp",
                        format!("{answers:?}: {}", render::smtp_reply(&reply)),
                    );
                    return Ok(reply.into_static());
                }
                Some(client::Event::Warning(w)) => {
                    log.from_server("smtp", format!("warning: {w:?}"))
                }
                Some(other) => bail!("unexpected {other:?}"),
                None => self.fill()?,
            }
        }
    }

    /// Sends a command line (decoded by our own parser first) and waits for
    /// its reply, which must have the code class `class`.
    fn command(&mut self, line: &str, class: u8, log: &Log) -> anyhow::Result<()> {
        let wire = format!("{line}\r\n");
        let command = parse::command(wire.as_bytes()).map_err(|e| anyhow!("{line}: {e}"))?;
        self.session.send(&command)?;
        let reply = self.reply(log)?;
        if reply.code().class() != class {
            bail!("{line}: {}", render::smtp_reply(&reply));
        }
        Ok(())
    }
}

/// Submits `message` over SMTP.
pub fn submit(addr: SocketAddr, message: &[u8], log: &Log) -> anyhow::Result<()> {
    let mut c = Client::connect(addr, log)?;
    c.command("EHLO client.mailwire.example", 2, log)?;
    c.command("MAIL FROM:<alice@example.org>", 2, log)?;
    c.command("RCPT TO:<bob@example.org>", 2, log)?;
    c.command("DATA", 3, log)?;
    c.session.send_data(message)?;
    c.session.end_data()?;
    let queued = c.reply(log)?;
    if queued.code().class() != 2 {
        bail!("message refused: {}", render::smtp_reply(&queued));
    }
    c.command("QUIT", 2, log)
}
