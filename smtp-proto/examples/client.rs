//! A blocking SMTP client on `std::net` that sends one message.
//!
//! ```text
//! cargo run -p smtp-proto --example client -- 127.0.0.1:2525 a@example.org b@example.org [FILE]
//! ```
//!
//! The message is FILE, or a short test message. Commands are pipelined
//! when the server offers PIPELINING (RFC 2920).

use std::io::{self, Read, Write};
use std::net::TcpStream;

use smtp_proto::client::{Config, Event, Session};
use smtp_proto::parse;
use smtp_proto::session::State;
use smtp_proto::types::Command;

struct Conn {
    stream: TcpStream,
    session: Session,
}

impl Conn {
    /// Writes what the session has to send, then reads until every command
    /// sent has its reply. Returns the reply codes, in order.
    fn round_trip(&mut self) -> io::Result<Vec<u16>> {
        self.stream.write_all(&self.session.take_transmit())?;
        let mut codes = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            while let Some(event) = self.session.next_event().map_err(io::Error::other)? {
                match event {
                    Event::Greeting(r) | Event::Reply { reply: r, .. } | Event::Shutdown(r) => {
                        println!(
                            "S: {} {}",
                            r.code(),
                            String::from_utf8_lossy(r.text().as_bytes())
                        );
                        codes.push(r.code().get());
                    }
                    other => println!("   ({other:?})"),
                }
            }
            let waiting = self.session.state() == State::Greeting || self.session.outstanding() > 0;
            if !waiting || self.session.is_closed() {
                return Ok(codes);
            }
            let n = self.stream.read(&mut buf)?;
            if n == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "server closed",
                ));
            }
            self.session.receive(&buf[..n]);
        }
    }

    fn send(&mut self, line: &str) -> io::Result<()> {
        println!("C: {line}");
        let command = command(line)?;
        self.session
            .send(&command)
            .map(drop)
            .map_err(io::Error::other)
    }
}

fn command(line: &str) -> io::Result<Command<'static>> {
    let wire = format!("{line}\r\n");
    parse::command(wire.as_bytes())
        .map(Command::into_static)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))
}

fn expect(codes: &[u16], ok: impl Fn(u16) -> bool, what: &str) -> io::Result<()> {
    match codes.last() {
        Some(&c) if ok(c) => Ok(()),
        _ => Err(io::Error::other(format!("{what} failed: {codes:?}"))),
    }
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, addr, from, to, rest @ ..] = args.as_slice() else {
        eprintln!("usage: client HOST:PORT FROM TO [FILE]");
        std::process::exit(2);
    };
    let body = match rest.first() {
        Some(path) => std::fs::read(path)?,
        None => format!(
            "From: <{from}>\r\nTo: <{to}>\r\nSubject: test\r\n\r\nHello from smtp-proto.\r\n"
        )
        .into_bytes(),
    };
    let mut conn = Conn {
        stream: TcpStream::connect(addr.as_str())?,
        session: Session::new(Config::default()),
    };
    expect(&conn.round_trip()?, |c| c == 220, "greeting")?;
    conn.send("EHLO localhost")?;
    expect(&conn.round_trip()?, |c| c == 250, "EHLO")?;
    let pipelining = conn.session.extensions().pipelining;
    let mut codes = Vec::new();
    for line in [
        format!("MAIL FROM:<{from}>"),
        format!("RCPT TO:<{to}>"),
        "DATA".into(),
    ] {
        conn.send(&line)?;
        if !pipelining {
            codes = conn.round_trip()?;
            expect(&codes, |c| c < 400, &line)?;
        }
    }
    if pipelining {
        codes = conn.round_trip()?;
    }
    expect(&codes, |c| c == 354, "DATA")?;
    // Dot-stuffing and the final CRLF . CRLF are the session's job.
    conn.session.send_data(&body).map_err(io::Error::other)?;
    conn.session.end_data().map_err(io::Error::other)?;
    expect(&conn.round_trip()?, |c| c == 250, "message")?;
    conn.send("QUIT")?;
    conn.round_trip()?;
    Ok(())
}
