//! The same session driven by tokio: sends one message.
//!
//! ```text
//! cargo run -p smtp-proto --example tokio_client -- 127.0.0.1:2525 a@example.org b@example.org
//! ```
//!
//! The session does not know it runs under tokio: only the reads and
//! writes below are async.

use std::io;

use smtp_proto::client::{Config, Event, Session};
use smtp_proto::parse;
use smtp_proto::session::State;
use smtp_proto::types::Command;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Writes what the session has to send, then reads until every command has
/// its reply. Returns the last reply code.
async fn round_trip(stream: &mut TcpStream, session: &mut Session) -> io::Result<u16> {
    stream.write_all(&session.take_transmit()).await?;
    let mut last = 0;
    let mut buf = [0u8; 4096];
    loop {
        while let Some(event) = session.next_event().map_err(io::Error::other)? {
            if let Event::Greeting(r) | Event::Reply { reply: r, .. } | Event::Shutdown(r) = event {
                println!(
                    "S: {} {}",
                    r.code(),
                    String::from_utf8_lossy(r.text().as_bytes())
                );
                last = r.code().get();
            }
        }
        let waiting = session.state() == State::Greeting || session.outstanding() > 0;
        if !waiting || session.is_closed() {
            return Ok(last);
        }
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "server closed",
            ));
        }
        session.receive(&buf[..n]);
    }
}

fn send(session: &mut Session, line: &str) -> io::Result<()> {
    println!("C: {line}");
    let wire = format!("{line}\r\n");
    let command = parse::command(wire.as_bytes())
        .map(Command::into_static)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
    session.send(&command).map(drop).map_err(io::Error::other)
}

fn check(code: u16, ok: bool, what: &str) -> io::Result<()> {
    if ok {
        Ok(())
    } else {
        Err(io::Error::other(format!("{what} failed with {code}")))
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, addr, from, to, ..] = args.as_slice() else {
        eprintln!("usage: tokio_client HOST:PORT FROM TO");
        std::process::exit(2);
    };
    let mut stream = TcpStream::connect(addr.as_str()).await?;
    let mut s = Session::new(Config::default());
    let code = round_trip(&mut stream, &mut s).await?;
    check(code, code == 220, "greeting")?;
    send(&mut s, "EHLO localhost")?;
    let code = round_trip(&mut stream, &mut s).await?;
    check(code, code == 250, "EHLO")?;
    let pipelining = s.extensions().pipelining;
    let mut code = 0;
    for line in [
        format!("MAIL FROM:<{from}>"),
        format!("RCPT TO:<{to}>"),
        "DATA".into(),
    ] {
        send(&mut s, &line)?;
        if !pipelining {
            code = round_trip(&mut stream, &mut s).await?;
            check(code, code < 400, &line)?;
        }
    }
    if pipelining {
        code = round_trip(&mut stream, &mut s).await?;
    }
    check(code, code == 354, "DATA")?;
    let body =
        format!("From: <{from}>\r\nTo: <{to}>\r\nSubject: tokio\r\n\r\nHello from tokio.\r\n");
    s.send_data(body.as_bytes()).map_err(io::Error::other)?;
    s.end_data().map_err(io::Error::other)?;
    let code = round_trip(&mut stream, &mut s).await?;
    check(code, code == 250, "message")?;
    send(&mut s, "QUIT")?;
    round_trip(&mut stream, &mut s).await?;
    Ok(())
}
