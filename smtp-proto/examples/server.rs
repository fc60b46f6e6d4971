//! A blocking SMTP server on `std::net`, one thread per connection. It
//! prints each command and each message it receives, and accepts any AUTH
//! PLAIN or LOGIN credentials. For trying clients, not for real mail.
//!
//! Content lines ended by a bare LF (as `curl` uploads a Unix text file)
//! are normalized to CRLF and reported; only `<CRLF>.<CRLF>` ends a message
//! all the same.
//!
//! ```text
//! cargo run -p smtp-proto --example server -- 2525
//! ```

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};

use smtp_proto::encode::Encode;
use smtp_proto::framing::BareLinePolicy;
use smtp_proto::server::{Config, Event, Session};
use smtp_proto::types::{AuthResponse, Command, Reply};

const EHLO_LINES: &[&str] = &[
    "localhost",
    "PIPELINING",
    "8BITMIME",
    "SIZE 10485760",
    "CHUNKING",
    "ENHANCEDSTATUSCODES",
    "AUTH PLAIN LOGIN",
];

fn main() -> io::Result<()> {
    let port = std::env::args().nth(1).unwrap_or_else(|| "2525".into());
    let listener = TcpListener::bind(format!("127.0.0.1:{port}"))?;
    println!("listening on {}", listener.local_addr()?);
    for stream in listener.incoming() {
        let stream = stream?;
        std::thread::spawn(move || {
            if let Err(e) = serve(stream) {
                eprintln!("connection error: {e}");
            }
        });
    }
    Ok(())
}

fn reply(code: u16, text: &str) -> Reply<'static> {
    // The texts below are all valid reply text.
    Reply::new(code, text.as_bytes().to_vec()).expect("valid reply")
}

fn ehlo_reply(hello: &str) -> Reply<'static> {
    let mut wire = Vec::new();
    for (i, line) in EHLO_LINES.iter().enumerate() {
        let line = if i == 0 {
            format!("localhost greets {hello}")
        } else {
            line.to_string()
        };
        let sep = if i + 1 == EHLO_LINES.len() { ' ' } else { '-' };
        wire.extend_from_slice(format!("250{sep}{line}\r\n").as_bytes());
    }
    smtp_proto::parse::reply(&wire)
        .expect("valid EHLO reply")
        .into_static()
}

/// What the connection is in the middle of, beyond the session's state.
#[derive(Default)]
struct Conn {
    message: Vec<u8>,
    /// `Some(last)` while a BDAT chunk is read.
    bdat: Option<bool>,
    /// AUTH lines still expected (LOGIN: username, then password).
    auth_lines: u8,
}

fn serve(mut stream: TcpStream) -> io::Result<()> {
    let peer = stream.peer_addr()?;
    let config = Config {
        bare_line_policy: BareLinePolicy::Normalize,
        ..Config::default()
    };
    let mut session = Session::new(config);
    let mut conn = Conn::default();
    session
        .send(&reply(220, "localhost ESMTP smtp-proto example"))
        .map_err(io::Error::other)?;
    let mut buf = [0u8; 16 * 1024];
    loop {
        loop {
            let answer = match session.next_event() {
                Ok(None) => break,
                Ok(Some(event)) => handle(&mut conn, event, peer),
                Err(e) if e.fatal => {
                    eprintln!("{peer}: {e}");
                    stream.write_all(&session.take_transmit())?;
                    return Ok(());
                }
                Err(e) => {
                    println!("{peer}: refused: {e}");
                    conn.message.clear();
                    conn.bdat = None;
                    session.send_error(&e).map_err(io::Error::other)?;
                    continue;
                }
            };
            if let Some(r) = answer {
                session.send(&r).map_err(io::Error::other)?;
            }
        }
        stream.write_all(&session.take_transmit())?;
        if session.is_closed() {
            return Ok(());
        }
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        session.receive(&buf[..n]);
    }
}

/// The reply an event calls for, if any.
fn handle(conn: &mut Conn, event: Event<'_>, peer: std::net::SocketAddr) -> Option<Reply<'static>> {
    match event {
        Event::Command(command) => {
            let line = String::from_utf8_lossy(&command.to_vec())
                .trim_end()
                .to_string();
            let shown = if matches!(command, Command::Auth { .. }) {
                "AUTH ..."
            } else {
                &line
            };
            println!("{peer}: C: {shown}");
            Some(match command {
                Command::Ehlo(d) => ehlo_reply(&d.to_string()),
                Command::Helo(_) => reply(250, "localhost"),
                Command::Mail { .. } => {
                    conn.message.clear();
                    reply(250, "2.1.0 Sender OK")
                }
                Command::Rcpt { .. } => reply(250, "2.1.5 Recipient OK"),
                Command::Data => reply(354, "End data with <CR><LF>.<CR><LF>"),
                Command::Bdat { last, .. } => {
                    conn.bdat = Some(last);
                    return None;
                }
                Command::Rset => reply(250, "2.0.0 Reset"),
                Command::Noop(_) => reply(250, "2.0.0 OK"),
                Command::Vrfy(_) => reply(252, "2.1.5 Cannot verify, will accept"),
                Command::Quit => reply(221, "2.0.0 Bye"),
                Command::Auth {
                    mechanism,
                    initial_response,
                } => {
                    conn.auth_lines = match (mechanism.is("PLAIN"), &initial_response) {
                        (true, Some(_)) => 0,
                        (true, None) | (false, Some(_)) => 1,
                        (false, None) => 2,
                    };
                    match conn.auth_lines {
                        0 => reply(235, "2.7.0 Authentication successful"),
                        1 if mechanism.is("PLAIN") => reply(334, ""),
                        1 => reply(334, "UGFzc3dvcmQ6"),
                        _ => reply(334, "VXNlcm5hbWU6"),
                    }
                }
                _ => reply(502, "5.5.1 Command not implemented"),
            })
        }
        Event::AuthResponse(AuthResponse::Cancel) => {
            Some(reply(501, "5.7.0 Authentication cancelled"))
        }
        Event::AuthResponse(AuthResponse::Data(_)) if conn.auth_lines > 1 => {
            conn.auth_lines -= 1;
            Some(reply(334, "UGFzc3dvcmQ6"))
        }
        Event::AuthResponse(_) => Some(reply(235, "2.7.0 Authentication successful")),
        Event::DataChunk(chunk) => {
            conn.message.extend_from_slice(chunk);
            None
        }
        Event::DataEnd => match conn.bdat.take() {
            Some(false) => Some(reply(250, "2.0.0 Chunk received")),
            _ => Some(end_of_content(conn, peer)),
        },
        Event::Warning(w) => {
            println!("{peer}: warning: {:?} at byte {}", w.quirk, w.offset);
            None
        }
        Event::BareLineEnding(b) => {
            println!("{peer}: normalized: {b}");
            None
        }
        _ => None,
    }
}

fn end_of_content(conn: &mut Conn, peer: std::net::SocketAddr) -> Reply<'static> {
    let message = std::mem::take(&mut conn.message);
    println!("{peer}: message of {} octets:", message.len());
    println!("{}", String::from_utf8_lossy(&message));
    reply(250, "2.0.0 OK queued")
}
