//! An SMTP (or LMTP) client session and server session connected back to
//! back, driven by a script of operations read from the input (see
//! `mailwire_fuzz::ops`): commands sent (typical, `arbitrary`, raw lines,
//! pipelined groups), content, AUTH lines, replies (typical, fitting the
//! awaited command, `arbitrary`, raw), delivery of the bytes in flight cut
//! into pieces, garbage injected into either direction, and the TLS
//! upgrade after STARTTLS.
//!
//! Neither session may panic. Recoverable server errors are answered with
//! the reply they carry. While no garbage was injected and neither side
//! failed: every command the server decodes is the one the client sent,
//! every reply the client decodes is the one the server sent, and
//! whenever both have consumed everything, they agree on the state, the
//! recipients and whether the client authenticated.
#![no_main]

use std::collections::VecDeque;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use mailwire_fuzz::ops::Script;
use mailwire_fuzz::pieces::Pieces;
use smtp_proto::client::{self, Event as CEvent};
use smtp_proto::encode::Encode;
use smtp_proto::parse;
use smtp_proto::server::{self, Event as SEvent};
use smtp_proto::session::{Answers, CommandKind, Mode};
use smtp_proto::types::{AuthResponse, Command, Reply};

/// Operation tags; the seed tool writes the same numbers.
mod op {
    pub const RAW_LINE: u8 = 0;
    pub const DATA: u8 = 1;
    pub const END_DATA: u8 = 2;
    pub const RAW_REPLY: u8 = 3;
    pub const SEND: u8 = 4;
    pub const TYPICAL_REPLY: u8 = 5;
    pub const ANY_REPLY: u8 = 6;
    pub const ANY_AUTH: u8 = 7;
    pub const TO_SERVER: u8 = 8;
    pub const TO_CLIENT: u8 = 9;
    pub const GARBAGE_TO_SERVER: u8 = 10;
    pub const GARBAGE_TO_CLIENT: u8 = 11;
    pub const TLS: u8 = 12;
    pub const PIPELINE: u8 = 13;
    pub const AUTH_LINE: u8 = 14;
    pub const AUTO_REPLY: u8 = 15;
    pub const ANY_COMMAND: u8 = 16;
    pub const COUNT: u8 = 17;
}

const COMMANDS: &[&str] = &[
    "EHLO client.example",
    "HELO client.example",
    "LHLO client.example",
    "MAIL FROM:<a@example.org>",
    "MAIL FROM:<> SIZE=100 BODY=8BITMIME",
    "RCPT TO:<b@example.net>",
    "RCPT TO:<c@example.net> NOTIFY=NEVER",
    "DATA",
    "BDAT 5 LAST",
    "BDAT 3",
    "BDAT 0 LAST",
    "RSET",
    "NOOP",
    "QUIT",
    "STARTTLS",
    "AUTH PLAIN",
    "AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=",
    "AUTH LOGIN",
    "VRFY postmaster",
    "HELP",
    "ETRN example.org",
];

const REPLIES: &[&[u8]] = &[
    b"220 mx.example.org ESMTP\r\n", b"250 ok\r\n",
    b"250-mx.example.org\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250-8BITMIME\r\n250-CHUNKING\r\n250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n250 ENHANCEDSTATUSCODES\r\n",
    b"354 go ahead\r\n", b"334 \r\n", b"334 VXNlcm5hbWU6\r\n", b"235 2.7.0 ok\r\n", b"221 bye\r\n",
    b"421 closing\r\n", b"450 try later\r\n", b"500 syntax\r\n", b"501 params\r\n", b"503 sequence\r\n",
    b"550 no\r\n", b"554 no service\r\n", b"220 ready for TLS\r\n", b"252 cannot verify\r\n",
    b"250-one\r\n250 two\r\n",
];

fn command(i: u8) -> Command<'static> {
    let line = COMMANDS[usize::from(i) % COMMANDS.len()];
    parse::command(format!("{line}\r\n").as_bytes())
        .expect("typical command")
        .into_static()
}

/// A typical reply; `None` for one the grammar refuses (`334 \r\n` and
/// `334\r\n` have each been refused by some version of the crate).
fn reply(i: u8) -> Option<Reply<'static>> {
    parse::reply(REPLIES[usize::from(i) % REPLIES.len()])
        .ok()
        .map(Reply::into_static)
}

/// The reply a plain server gives to what it awaits.
fn fitting(answers: Option<Answers>) -> Option<Reply<'static>> {
    let i = match answers {
        Some(Answers::Greeting) | None => 0,
        Some(Answers::Data) => 1,
        Some(Answers::Command(k)) => match k {
            CommandKind::Ehlo | CommandKind::Lhlo => 2,
            CommandKind::Data => 3,
            CommandKind::Auth => 6,
            CommandKind::Quit => 7,
            CommandKind::StartTls => 15,
            _ => 1,
        },
    };
    reply(i)
}

struct Pair {
    client: client::Session,
    server: server::Session,
    /// Bytes in flight, client to server and server to client.
    c2s: Vec<u8>,
    s2c: Vec<u8>,
    /// Commands the client sent (`None`: a raw line), not yet decoded.
    sent: VecDeque<Option<Command<'static>>>,
    /// Replies the server sent, not yet decoded.
    replied: VecDeque<Reply<'static>>,
    /// What the server's next reply answers, as its last event said.
    awaited: Option<Answers>,
    /// Garbage was injected or a side failed: the two may disagree.
    dirty: bool,
    server_dead: bool,
    client_dead: bool,
}

impl Pair {
    fn client_sent(&mut self, c: Option<Command<'static>>) {
        self.c2s.extend_from_slice(&self.client.take_transmit());
        self.sent.push_back(c);
    }

    fn server_send(&mut self, r: &Reply<'_>) {
        if self.server.send(r).is_ok() {
            // What the server writes decodes to what it was given.
            let wire = self.server.take_transmit();
            let back = parse::reply(&wire).unwrap_or_else(|e| panic!("server wrote {wire:?}: {e}"));
            assert_eq!(&back, r, "server wrote {wire:?}");
            self.s2c.extend_from_slice(&wire);
            self.replied.push_back(r.clone().into_static());
        }
    }

    fn drain_server(&mut self) {
        for _ in 0..10_000 {
            if self.server_dead {
                return;
            }
            let ev = match self.server.next_event() {
                Ok(None) => return,
                Ok(Some(ev)) => {
                    if trace() {
                        eprintln!("  server: {ev:?}");
                    }
                    ev
                }
                Err(e) => {
                    if trace() {
                        eprintln!("  server error: {e:?}");
                    }
                    assert!(e.offset <= 1 << 32, "offset {e:?}");
                    self.sent.pop_front();
                    if e.fatal {
                        self.server_dead = true;
                        self.dirty = true;
                        return;
                    }
                    let wire_before = self.server.take_transmit();
                    self.s2c.extend_from_slice(&wire_before);
                    match self.server.send_error(&e) {
                        Ok(()) => {
                            let wire = self.server.take_transmit();
                            if let Ok(r) = parse::reply(&wire) {
                                self.replied.push_back(r.into_static());
                            }
                            self.s2c.extend_from_slice(&wire);
                        }
                        Err(_) => self.dirty = true,
                    }
                    continue;
                }
            };
            match ev {
                SEvent::Command(c) => {
                    let wire = c.to_vec();
                    let back = parse::command(&wire).expect("decoded command re-encodes");
                    assert_eq!(back, c, "command changed by re-encoding");
                    self.awaited = Some(Answers::Command(CommandKind::of(&c)));
                    let sent = self.sent.pop_front();
                    if !self.dirty
                        && let Some(Some(expected)) = sent
                    {
                        assert_eq!(
                            c, expected,
                            "server decoded another command than the client sent"
                        );
                    }
                }
                SEvent::DataEnd => self.awaited = Some(Answers::Data),
                _ => {}
            }
        }
        panic!("server session yields events without end");
    }

    fn drain_client(&mut self) {
        for _ in 0..10_000 {
            if self.client_dead {
                return;
            }
            let ev = match self.client.next_event() {
                Ok(None) => return,
                Ok(Some(ev)) => {
                    if trace() {
                        eprintln!("  client: {ev:?}");
                    }
                    ev
                }
                Err(e) => {
                    if trace() {
                        eprintln!("  client error: {e:?}");
                    }
                    if !self.dirty {
                        panic!(
                            "client refused what the server sent: {e:?} (sent {:?})",
                            self.replied
                        );
                    }
                    if e.fatal {
                        self.client_dead = true;
                    }
                    self.dirty = true;
                    continue;
                }
            };
            let got = match ev {
                CEvent::Greeting(r) | CEvent::Shutdown(r) | CEvent::Reply { reply: r, .. } => {
                    Some(r.into_static())
                }
                _ => None,
            };
            if let Some(r) = got {
                let expected = self.replied.pop_front();
                if !self.dirty {
                    assert_eq!(
                        Some(&r),
                        expected.as_ref(),
                        "client decoded another reply than the server sent"
                    );
                }
            }
        }
        panic!("client session yields events without end");
    }

    fn deliver_to_server(&mut self, sizes: &[u8]) {
        let bytes = std::mem::take(&mut self.c2s);
        for piece in Pieces::new(sizes).cut(&bytes) {
            self.server.receive(piece);
            self.drain_server();
        }
        self.drain_server();
    }

    fn deliver_to_client(&mut self, sizes: &[u8]) {
        let bytes = std::mem::take(&mut self.s2c);
        for piece in Pieces::new(sizes).cut(&bytes) {
            self.client.receive(piece);
            self.drain_client();
        }
        self.drain_client();
    }

    fn check_agreement(&self) {
        let quiet = self.c2s.is_empty()
            && self.s2c.is_empty()
            && self.server.buffered() == 0
            && self.client.outstanding() == 0
            && !self.server.awaits_reply();
        if self.dirty || self.server_dead || self.client_dead || !quiet {
            return;
        }
        assert_eq!(
            self.client.state(),
            self.server.state(),
            "client and server disagree on the state"
        );
        assert_eq!(
            self.client.recipients(),
            self.server.recipients(),
            "recipients"
        );
        assert_eq!(
            self.client.is_authenticated(),
            self.server.is_authenticated(),
            "authenticated"
        );
        assert_eq!(self.client.is_closed(), self.server.is_closed(), "closed");
    }
}

/// `FUZZ_TRACE=1` prints each operation and event (for reproducing).
fn trace() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("FUZZ_TRACE").is_some())
}

fuzz_target!(|data: &[u8]| {
    let (cfg, mut script) = Script::new(data);
    let mut cc = client::Config::default();
    let mut sc = server::Config::default();
    if cfg & 1 != 0 {
        cc.mode = Mode::Lmtp;
        sc.mode = Mode::Lmtp;
    }
    sc.accept_unknown = cfg & 2 != 0;
    if cfg & 4 != 0 {
        sc.limits.max_recipients = 2;
        sc.limits.buffer = 256;
    }
    let mut p = Pair {
        client: client::Session::new(cc),
        server: server::Session::new(sc),
        c2s: Vec::new(),
        s2c: Vec::new(),
        sent: VecDeque::new(),
        replied: VecDeque::new(),
        awaited: Some(Answers::Greeting),
        dirty: false,
        server_dead: false,
        client_dead: false,
    };
    let mut steps = 0;
    while let Some((tag, payload)) = script.next_op(op::COUNT) {
        steps += 1;
        if steps > 256 {
            break;
        }
        if trace() {
            eprintln!(
                "op {tag} {:?}  [client {:?} server {:?}]",
                payload.escape_ascii().to_string(),
                p.client.state(),
                p.server.state()
            );
        }
        match tag {
            op::RAW_LINE => {
                // send_raw does not check pipelining (RFC 2920 §3.1): a raw
                // line behind outstanding replies is the caller's own risk.
                if p.client.outstanding() > 0 {
                    p.dirty = true;
                }
                if p.client.send_raw(payload).is_ok() {
                    p.client_sent(None);
                }
            }
            op::DATA => {
                if p.client.send_data(payload).is_ok() {
                    p.c2s.extend_from_slice(&p.client.take_transmit());
                }
            }
            op::END_DATA => {
                if p.client.end_data().is_ok() {
                    p.c2s.extend_from_slice(&p.client.take_transmit());
                }
            }
            op::RAW_REPLY => {
                if let Ok(r) = parse::reply(payload) {
                    p.server_send(&r.into_static());
                }
            }
            op::SEND => {
                let c = command(payload.first().copied().unwrap_or(0));
                if p.client.send(&c).is_ok() {
                    p.client_sent(Some(c));
                }
            }
            op::TYPICAL_REPLY => {
                if let Some(r) = reply(payload.first().copied().unwrap_or(0)) {
                    p.server_send(&r);
                }
            }
            op::ANY_REPLY => {
                if let Ok(r) = Reply::arbitrary(&mut Unstructured::new(payload)) {
                    p.server_send(&r);
                }
            }
            op::ANY_AUTH | op::AUTH_LINE => {
                let a = if tag == op::AUTH_LINE {
                    parse::auth_response(payload)
                        .map(AuthResponse::into_static)
                        .ok()
                } else {
                    AuthResponse::arbitrary(&mut Unstructured::new(payload)).ok()
                };
                if let Some(a) = a
                    && p.client.send_auth_response(&a).is_ok()
                {
                    p.c2s.extend_from_slice(&p.client.take_transmit());
                }
            }
            op::TO_SERVER => p.deliver_to_server(payload),
            op::TO_CLIENT => p.deliver_to_client(payload),
            op::GARBAGE_TO_SERVER => {
                p.dirty = true;
                p.c2s.extend_from_slice(payload);
            }
            op::GARBAGE_TO_CLIENT => {
                p.dirty = true;
                p.s2c.extend_from_slice(payload);
            }
            op::TLS => {
                let a = p.client.tls_established().is_ok();
                let b = p.server.tls_established().is_ok();
                if a != b {
                    p.dirty = true;
                }
            }
            op::PIPELINE => {
                for &i in payload.iter().take(8) {
                    let c = command(i);
                    if p.client.send(&c).is_ok() {
                        p.client_sent(Some(c));
                    }
                }
            }
            op::AUTO_REPLY => {
                for _ in 0..8 {
                    if !p.server.awaits_reply() {
                        break;
                    }
                    let before = p.replied.len();
                    let Some(r) = fitting(p.awaited) else { break };
                    p.server_send(&r);
                    if p.replied.len() == before {
                        break;
                    }
                    p.drain_server();
                }
            }
            op::ANY_COMMAND => {
                if let Ok(c) = Command::arbitrary(&mut Unstructured::new(payload))
                    && p.client.send(&c).is_ok()
                {
                    p.client_sent(Some(c));
                }
            }
            _ => {}
        }
        p.check_agreement();
    }
    // Everything in flight is delivered whole at the end.
    p.deliver_to_server(&[]);
    p.deliver_to_client(&[]);
    p.check_agreement();
});
