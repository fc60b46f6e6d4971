//! Shared by the session tests: a scripted server application, a log of
//! what each session decoded, and drivers that feed a session its input
//! split in every way.

#![allow(dead_code)]

use smtp_proto::client;
use smtp_proto::encode::Encode;
use smtp_proto::parse;
use smtp_proto::server::{self, Event};
use smtp_proto::types::{AuthResponse, Command, Reply};

/// Capabilities the test server offers in its EHLO reply.
pub const EHLO_FULL: &[&str] = &[
    "mx.example.org",
    "PIPELINING",
    "SIZE 1000000",
    "8BITMIME",
    "CHUNKING",
    "STARTTLS",
    "AUTH PLAIN LOGIN",
    "ENHANCEDSTATUSCODES",
];

pub fn reply(code: u16, text: &str) -> Reply<'static> {
    Reply::new(code, text.as_bytes().to_vec()).unwrap()
}

pub fn multiline(code: u16, lines: &[&str]) -> Reply<'static> {
    let mut wire = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let sep = if i + 1 == lines.len() { ' ' } else { '-' };
        wire.extend_from_slice(format!("{code}{sep}{l}\r\n").as_bytes());
    }
    parse::reply(&wire).unwrap().into_static()
}

pub fn cmd(line: &str) -> Command<'static> {
    parse::command(format!("{line}\r\n").as_bytes())
        .unwrap()
        .into_static()
}

/// A server application that answers everything in a fixed way and logs
/// what it saw. Content chunks are merged (their boundaries depend on how
/// the input was split).
pub struct App {
    pub ehlo: Vec<&'static str>,
    pub log: Vec<String>,
    pub messages: Vec<Vec<u8>>,
    current: Vec<u8>,
    pending_bdat_last: Option<bool>,
    dead: bool,
}

impl App {
    pub fn new(ehlo: &[&'static str]) -> Self {
        App {
            ehlo: ehlo.to_vec(),
            log: Vec::new(),
            messages: Vec::new(),
            current: Vec::new(),
            pending_bdat_last: None,
            dead: false,
        }
    }

    fn flush_content(&mut self) {
        if !self.current.is_empty() {
            let text = String::from_utf8_lossy(&self.current).into_owned();
            self.log.push(format!("content {text:?}"));
        }
    }

    /// Drains the server's events, answering each.
    pub fn run(&mut self, s: &mut server::Session) {
        while !self.dead {
            let recipients = s.recipients();
            let answer = match s.next_event() {
                Ok(None) => break,
                Ok(Some(ev)) => self.on_event(ev, recipients),
                Err(e) => {
                    // Refused content is dropped, not logged.
                    self.current.clear();
                    self.pending_bdat_last = None;
                    self.log.push(format!(
                        "error {:?} {}",
                        e.kind,
                        e.reply.map_or(0, |r| r.code)
                    ));
                    if e.fatal {
                        self.dead = true;
                        break;
                    }
                    // LMTP: refused content gets one reply per recipient.
                    while s.awaits_reply() {
                        s.send_error(&e).unwrap();
                    }
                    continue;
                }
            };
            for r in answer {
                s.send(&r).unwrap();
            }
            // LMTP: one reply per accepted recipient.
            while s.awaits_reply() && self.log.last().is_some_and(|l| l == "end") {
                s.send(&reply(250, "2.1.5 delivered")).unwrap();
            }
        }
    }

    fn on_event(&mut self, ev: Event<'_>, recipients: u32) -> Vec<Reply<'static>> {
        match ev {
            Event::DataChunk(c) => {
                self.current.extend_from_slice(c);
                return vec![];
            }
            Event::DataEnd => {
                if let Some(false) = self.pending_bdat_last.take() {
                    self.log.push("chunk end".into());
                    return vec![reply(250, "2.0.0 chunk ok")];
                }
                self.flush_content();
                self.messages.push(std::mem::take(&mut self.current));
                self.log.push("end".into());
                return vec![reply(250, "2.0.0 queued")];
            }
            _ => {}
        }
        self.flush_content();
        match ev {
            Event::Command(c) => {
                let line = String::from_utf8_lossy(&c.to_vec()).trim_end().to_string();
                self.log.push(format!("cmd {line}"));
                match &c {
                    Command::Ehlo(_) | Command::Lhlo(_) => vec![multiline(250, &self.ehlo)],
                    Command::Helo(_) => vec![reply(250, "mx.example.org")],
                    Command::Rcpt { .. } if line.contains("reject") => {
                        vec![reply(550, "5.1.1 no such user")]
                    }
                    Command::Data if recipients == 0 => {
                        vec![reply(554, "5.5.1 no valid recipients")]
                    }
                    Command::Data => vec![reply(354, "go ahead")],
                    Command::Bdat { last, .. } => {
                        self.pending_bdat_last = Some(*last);
                        vec![]
                    }
                    Command::Quit => vec![reply(221, "2.0.0 bye")],
                    Command::StartTls => vec![reply(220, "2.0.0 ready for TLS")],
                    Command::Auth {
                        initial_response: Some(_),
                        ..
                    } => vec![reply(235, "2.7.0 ok")],
                    Command::Auth { .. } => vec![reply(334, "")],
                    _ => vec![reply(250, "2.0.0 ok")],
                }
            }
            Event::AuthResponse(AuthResponse::Data(_)) => {
                self.log.push("auth data".into());
                vec![reply(235, "2.7.0 ok")]
            }
            Event::AuthResponse(AuthResponse::Cancel) => {
                self.log.push("auth cancel".into());
                vec![reply(501, "5.7.0 cancelled")]
            }
            Event::Warning(w) => {
                self.log.push(format!("warning {:?}", w.quirk));
                vec![]
            }
            Event::StartTls => {
                self.log.push("starttls".into());
                vec![]
            }
            Event::BareLineEnding(b) => {
                self.log.push(format!("bare {:?} at {}", b.kind, b.offset));
                vec![]
            }
            _ => vec![],
        }
    }
}

/// What a server made of a client's byte stream: the app's log and all it
/// transmitted.
#[derive(Debug, PartialEq, Eq)]
pub struct ServerRun {
    pub log: Vec<String>,
    pub transmit: Vec<u8>,
    pub messages: Vec<Vec<u8>>,
}

/// Runs a server (greeting sent first) over `pieces` of client input.
pub fn run_server(config: server::Config, ehlo: &[&'static str], pieces: &[&[u8]]) -> ServerRun {
    let mut s = server::Session::new(config);
    let mut app = App::new(ehlo);
    s.send(&reply(220, "mx.example.org ESMTP")).unwrap();
    let mut transmit = s.take_transmit().to_vec();
    for p in pieces {
        s.receive(p);
        app.run(&mut s);
        transmit.extend_from_slice(&s.take_transmit());
    }
    ServerRun {
        log: app.log,
        transmit,
        messages: app.messages,
    }
}

/// What a client made of a server's byte stream.
pub fn client_log(c: &mut client::Session) -> Vec<String> {
    let mut log = Vec::new();
    loop {
        match c.next_event() {
            Ok(None) => break,
            Ok(Some(client::Event::Greeting(r))) => log.push(format!("greeting {}", r.code())),
            Ok(Some(client::Event::Reply {
                reply,
                answers,
                id,
                recipient,
            })) => log.push(format!(
                "reply {} to {answers:?} #{} {recipient:?}",
                reply.code(),
                id.0
            )),
            Ok(Some(client::Event::StartTls)) => log.push("starttls".into()),
            Ok(Some(client::Event::Shutdown(r))) => log.push(format!("shutdown {}", r.code())),
            Ok(Some(client::Event::Warning(w))) => log.push(format!("warning {:?}", w.quirk)),
            Ok(Some(_)) => log.push("other".into()),
            Err(e) => {
                log.push(format!("error {:?} at {}", e.kind, e.offset));
                break;
            }
        }
    }
    log
}

/// Client and server back to back: bytes move in pieces of `step` octets
/// (0: all at once) until both are quiet.
pub struct Pair {
    pub client: client::Session,
    pub server: server::Session,
    pub app: App,
    pub client_log: Vec<String>,
    pub step: usize,
}

impl Pair {
    pub fn new(cc: client::Config, sc: server::Config, ehlo: &[&'static str], step: usize) -> Self {
        let mut p = Pair {
            client: client::Session::new(cc),
            server: server::Session::new(sc),
            app: App::new(ehlo),
            client_log: Vec::new(),
            step,
        };
        p.server.send(&reply(220, "mx.example.org ESMTP")).unwrap();
        p.pump();
        p
    }

    fn feed(step: usize, bytes: &[u8], mut into: impl FnMut(&[u8])) {
        if step == 0 || bytes.is_empty() {
            into(bytes);
        } else {
            for c in bytes.chunks(step) {
                into(c);
            }
        }
    }

    /// Moves bytes both ways until nothing moves.
    pub fn pump(&mut self) {
        for _ in 0..1000 {
            let to_server = self.client.take_transmit();
            let to_client = self.server.take_transmit();
            if to_server.is_empty() && to_client.is_empty() {
                return;
            }
            let (server, app) = (&mut self.server, &mut self.app);
            Self::feed(self.step, &to_server, |b| {
                server.receive(b);
                app.run(server);
            });
            let (client, log) = (&mut self.client, &mut self.client_log);
            Self::feed(self.step, &to_client, |b| {
                client.receive(b);
                log.extend(client_log(client));
            });
        }
        panic!("pair did not settle");
    }
}
