//! A blocking POP3 client over `std::net`, driving
//! `pop3_proto::client::Session`: logs in with USER/PASS, lists the
//! maildrop and retrieves every message.
//!
//! ```text
//! cargo run -p pop3-proto --example client -- 127.0.0.1:1110 user pass
//! ```

use std::io::{Read, Write};
use std::net::TcpStream;

use pop3_proto::client::{Config, Event, Session};
use pop3_proto::session::BodyLine;
use pop3_proto::types::{Command, Param, Secret};

/// One reply, owned: the status line, and the body if it had one.
#[derive(Default)]
struct Reply {
    ok: bool,
    text: String,
    lines: Vec<BodyLine<'static>>,
    body: Vec<u8>,
}

type Error = Box<dyn std::error::Error>;

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().collect();
    let [_, addr, user, pass] = &args[..] else {
        return Err("usage: client HOST:PORT USER PASS".into());
    };
    let mut conn = Conn {
        stream: TcpStream::connect(addr)?,
        session: Session::new(Config::default()),
    };
    let greeting = conn.read_reply()?;
    println!("greeting: {}", greeting.text);

    let capa = conn.command(&Command::Capa)?;
    if capa.ok {
        println!("capabilities: {}", capa.lines.len());
    }
    let user = Param::new(user.as_bytes())?;
    expect_ok(conn.command(&Command::User(user))?)?;
    let pass = Secret::new(pass.as_bytes())?;
    expect_ok(conn.command(&Command::Pass(pass))?)?;

    let list = expect_ok(conn.command(&Command::List(None))?)?;
    for line in &list.lines {
        let BodyLine::Scan(scan) = line else { continue };
        let message = expect_ok(conn.command(&Command::Retr(scan.msg))?)?;
        let subject = message
            .body
            .split(|&b| b == b'\n')
            .find(|l| l.starts_with(b"Subject:"))
            .map(|l| String::from_utf8_lossy(l).trim_end().to_string())
            .unwrap_or_default();
        println!(
            "message {} ({} octets): {subject}",
            scan.msg,
            message.body.len()
        );
    }
    if list.lines.is_empty() {
        println!("maildrop is empty");
    }
    let bye = conn.command(&Command::Quit)?;
    println!("quit: {}", bye.text);
    Ok(())
}

fn expect_ok(reply: Reply) -> Result<Reply, Error> {
    if reply.ok {
        Ok(reply)
    } else {
        Err(format!("server said -ERR {}", reply.text).into())
    }
}

struct Conn {
    stream: TcpStream,
    session: Session,
}

impl Conn {
    /// Sends one command and reads its whole reply.
    fn command(&mut self, command: &Command<'_>) -> Result<Reply, Error> {
        self.session.send(command)?;
        self.stream.write_all(&self.session.take_transmit())?;
        self.read_reply()
    }

    /// Reads until the next reply (and its body, if any) is complete.
    fn read_reply(&mut self) -> Result<Reply, Error> {
        let mut reply = Reply::default();
        let mut buf = [0u8; 8192];
        loop {
            while let Some(event) = self.session.next_event()? {
                match event {
                    Event::Greeting(r) => {
                        reply.ok = r.is_ok();
                        reply.text = String::from_utf8_lossy(r.text().as_bytes()).into_owned();
                        return Ok(reply);
                    }
                    Event::Response { response, command } => {
                        reply.ok = response.is_ok();
                        reply.text =
                            String::from_utf8_lossy(response.text().as_bytes()).into_owned();
                        // A multi-line body follows a +OK to LIST, RETR, ...
                        if !(reply.ok && command.body().is_some()) {
                            return Ok(reply);
                        }
                    }
                    Event::BodyChunk(chunk) => reply.body.extend_from_slice(chunk),
                    Event::BodyLine(line) => reply.lines.push(line.into_static()),
                    Event::BodyEnd => return Ok(reply),
                    Event::Warning(w) => eprintln!("server quirk: {w:?}"),
                    Event::Continuation(_) | Event::StartTls => {
                        return Err("unexpected SASL or STLS event".into());
                    }
                }
            }
            let n = self.stream.read(&mut buf)?;
            if n == 0 {
                return Err("connection closed by the server".into());
            }
            self.session.receive(&buf[..n]);
        }
    }
}
