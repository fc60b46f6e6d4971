//! A small in-memory POP3 server over blocking `std::net`, one thread per
//! connection, driving `pop3_proto::server::Session`.
//!
//! ```text
//! cargo run -p pop3-proto --example server -- 127.0.0.1:1110 [USER PASS]
//! curl -u user:pass pop3://127.0.0.1:1110/1
//! ```
//!
//! Every connection sees the same three built-in messages; deletions apply
//! to that connection only (and are "removed" in UPDATE by forgetting them).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

use pop3_proto::server::{Config, Event, Session};
use pop3_proto::session::BodyLine;
use pop3_proto::types::{
    AuthResponse, Capability, Command, Continuation, Mechanism, MessageNumber, Response,
    ResponseCode, SaslData, ScanListing, Text, UniqueId, UniqueIdListing,
};

const MESSAGES: [&[u8]; 3] = [
    b"From: alice@example.org\r\nSubject: hello\r\n\r\nHello from pop3-proto.\r\n.\r\nA line with a lone dot above.\r\n",
    b"From: bob@example.org\r\nSubject: second\r\n\r\nTwo\r\nlines\r\n",
    b"From: carol@example.org\r\nSubject: empty body\r\n\r\n",
];

struct Credentials {
    user: String,
    pass: String,
}

/// One connection's view of the maildrop.
struct Maildrop {
    deleted: [bool; MESSAGES.len()],
    user: Option<String>,
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let addr = args.get(1).map_or("127.0.0.1:1110", String::as_str);
    let creds = Arc::new(Credentials {
        user: args.get(2).cloned().unwrap_or_else(|| "user".into()),
        pass: args.get(3).cloned().unwrap_or_else(|| "pass".into()),
    });
    let listener = TcpListener::bind(addr)?;
    eprintln!("listening on {}", listener.local_addr()?);
    for stream in listener.incoming() {
        let stream = stream?;
        let creds = Arc::clone(&creds);
        std::thread::spawn(move || {
            if let Err(e) = serve(stream, &creds) {
                eprintln!("connection: {e}");
            }
        });
    }
    Ok(())
}

fn ok(text: &str) -> Response<'static> {
    Response::ok(text.as_bytes().to_vec()).expect("fixed text is valid")
}

fn err(text: &str) -> Response<'static> {
    Response::err(text.as_bytes().to_vec()).expect("fixed text is valid")
}

/// `-ERR [AUTH] ...` (RFC 3206 §4): the credentials were wrong.
fn auth_failed() -> Response<'static> {
    let code = ResponseCode::new("AUTH").expect("valid code");
    Response::err_with_code(code, &b"invalid credentials"[..]).expect("valid text")
}

fn serve(mut stream: TcpStream, creds: &Credentials) -> std::io::Result<()> {
    let mut s = Session::new(Config::default());
    let mut drop = Maildrop {
        deleted: [false; MESSAGES.len()],
        user: None,
    };
    s.send(&ok("pop3-proto example server ready"))
        .map_err(other)?;
    let mut buf = [0u8; 4096];
    while !s.is_closed() {
        stream.write_all(&s.take_transmit())?;
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Ok(()); // RFC 1939 §6: no UPDATE without QUIT.
        }
        s.receive(&buf[..n]);
        loop {
            // Owned copies, so the session can be used to answer.
            let event = match s.next_event() {
                Ok(None) => break,
                Ok(Some(Event::Command(c))) => Ok(c.into_static()),
                Ok(Some(Event::AuthResponse(r))) => Err(r.into_static()),
                Ok(Some(Event::Warning(w))) => {
                    eprintln!("client quirk: {w:?}");
                    continue;
                }
                Err(e) => {
                    eprintln!("client error: {e}");
                    if let Some(reply) = &e.reply {
                        s.send(reply).map_err(other)?;
                    }
                    continue;
                }
            };
            match event {
                Ok(command) => answer(&mut s, &mut drop, creds, command).map_err(other)?,
                Err(AuthResponse::Cancel) => s.send(&err("AUTH cancelled")).map_err(other)?,
                Err(AuthResponse::Data(d)) => {
                    s.send(&plain(&d, creds)).map_err(other)?;
                }
            }
        }
    }
    stream.write_all(&s.take_transmit())
}

fn other(e: impl std::error::Error + Send + Sync + 'static) -> std::io::Error {
    std::io::Error::other(e)
}

/// RFC 4616 PLAIN: `authzid NUL authcid NUL passwd`.
fn plain(data: &SaslData<'_>, creds: &Credentials) -> Response<'static> {
    let raw = data.decode().unwrap_or_default();
    let mut parts = raw.split(|&b| b == 0).skip(1);
    let (user, pass) = (parts.next(), parts.next());
    if user == Some(creds.user.as_bytes()) && pass == Some(creds.pass.as_bytes()) {
        ok("logged in")
    } else {
        auth_failed()
    }
}

fn answer(
    s: &mut Session,
    drop: &mut Maildrop,
    creds: &Credentials,
    command: Command<'static>,
) -> Result<(), pop3_proto::error::SendError> {
    let live = |d: &Maildrop| {
        (0..MESSAGES.len())
            .filter(|&i| !d.deleted[i])
            .collect::<Vec<_>>()
    };
    let find = |d: &Maildrop, n: MessageNumber| {
        let i = n.get() as usize - 1;
        (i < MESSAGES.len() && !d.deleted[i]).then_some(i)
    };
    let number = |i: usize| MessageNumber::new(i as u32 + 1).expect("from 1");
    match command {
        Command::Capa => {
            s.send(&ok("capability list follows"))?;
            let caps = [
                Capability::Top,
                Capability::Uidl,
                Capability::User,
                Capability::Sasl(vec![Mechanism::PLAIN]),
                Capability::Pipelining,
                Capability::RespCodes,
            ];
            for c in caps {
                s.send_body_line(&BodyLine::Capability(c))?;
            }
            s.end_body()
        }
        Command::User(name) => {
            drop.user = Some(String::from_utf8_lossy(name.as_bytes()).into_owned());
            s.send(&ok("send PASS"))
        }
        Command::Pass(pass) => {
            let good =
                drop.user.as_deref() == Some(&creds.user) && pass.expose() == creds.pass.as_bytes();
            s.send(&if good {
                ok("maildrop locked and ready")
            } else {
                auth_failed()
            })
        }
        Command::Auth(None) => {
            s.send(&ok("methods"))?;
            s.send_body_line(&BodyLine::Mechanism(Mechanism::PLAIN))?;
            s.end_body()
        }
        Command::Auth(Some(req)) if req.mechanism.is("PLAIN") => match req.initial_response {
            Some(d) => s.send(&plain(&d, creds)),
            None => s.send_continuation(&Continuation {
                data: SaslData::encode(b""),
            }),
        },
        Command::Stat => {
            let l = live(drop);
            let size: usize = l.iter().map(|&i| MESSAGES[i].len()).sum();
            s.send(&ok(&format!("{} {size}", l.len())))
        }
        Command::List(None) => {
            s.send(&ok("scan listing follows"))?;
            for i in live(drop) {
                let l = ScanListing {
                    msg: number(i),
                    octets: MESSAGES[i].len() as u64,
                    extra: Text::new(&b""[..]).expect("empty text"),
                };
                s.send_body_line(&BodyLine::Scan(l))?;
            }
            s.end_body()
        }
        Command::List(Some(n)) => match find(drop, n) {
            Some(i) => s.send(&ok(&format!("{n} {}", MESSAGES[i].len()))),
            None => s.send(&err("no such message")),
        },
        Command::Uidl(None) => {
            s.send(&ok("unique-id listing follows"))?;
            for i in live(drop) {
                let uid = UniqueId::new(format!("msg-{i}")).expect("valid uid");
                s.send_body_line(&BodyLine::UniqueId(UniqueIdListing {
                    msg: number(i),
                    uid,
                }))?;
            }
            s.end_body()
        }
        Command::Uidl(Some(n)) => match find(drop, n) {
            Some(i) => s.send(&ok(&format!("{n} msg-{i}"))),
            None => s.send(&err("no such message")),
        },
        Command::Retr(n) => match find(drop, n) {
            Some(i) => {
                s.send(&ok(&format!("{} octets", MESSAGES[i].len())))?;
                s.send_body(MESSAGES[i])?;
                s.end_body()
            }
            None => s.send(&err("no such message")),
        },
        Command::Top { msg, lines } => match find(drop, msg) {
            Some(i) => {
                s.send(&ok("top of message follows"))?;
                s.send_body(top(MESSAGES[i], lines))?;
                s.end_body()
            }
            None => s.send(&err("no such message")),
        },
        Command::Dele(n) => match find(drop, n) {
            Some(i) => {
                drop.deleted[i] = true;
                s.send(&ok(&format!("message {n} deleted")))
            }
            None => s.send(&err("no such message")),
        },
        Command::Rset => {
            drop.deleted = [false; MESSAGES.len()];
            s.send(&ok("maildrop reset"))
        }
        Command::Noop => s.send(&ok("")),
        Command::Quit => {
            let removed = drop.deleted.iter().filter(|d| **d).count();
            s.send(&ok(&format!("bye ({removed} messages removed)")))
        }
        _ => s.send(&err("not supported")),
    }
}

/// The header, the blank line and `lines` lines of the body (RFC 1939 §7).
fn top(message: &[u8], lines: u32) -> &[u8] {
    let mut end = message
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(message.len(), |p| p + 4);
    for _ in 0..lines {
        match message[end..].windows(2).position(|w| w == b"\r\n") {
            Some(p) => end += p + 2,
            None => return message,
        }
    }
    &message[..end]
}
