//! A POP3 client session and server session connected back to back,
//! driven by a script of operations read from the input (see
//! `mailwire_fuzz::ops`): commands (typical, `arbitrary`, decoded from raw
//! lines, pipelined groups), AUTH lines, status lines (typical, fitting
//! the awaited command with its body, `arbitrary`, raw), SASL challenges,
//! message bodies and listing lines, delivery of the bytes in flight cut
//! into pieces, garbage injected into either direction, and the TLS
//! upgrade after STLS.
//!
//! Neither session may panic. Recoverable server errors are answered with
//! the reply they carry. While no garbage was injected and neither side
//! failed: the server decodes the commands the client sent, the client
//! decodes the status lines, listing lines and body content the server
//! sent, and whenever both have consumed everything they agree on the
//! state.
#![no_main]

use std::collections::VecDeque;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use mailwire_fuzz::ops::Script;
use mailwire_fuzz::pieces::Pieces;
use mailwire_fuzz::pop3::frame::expected_content;
use pop3_proto::client::{self, Event as CEvent};
use pop3_proto::encode::Encode;
use pop3_proto::parse;
use pop3_proto::server::{self, Event as SEvent};
use pop3_proto::session::{BodyKind, BodyLine};
use pop3_proto::types::{
    AuthResponse, Capability, Command, Continuation, LangListing, LanguageTag, Mechanism,
    MessageNumber, Response, ScanListing, Text, UniqueId, UniqueIdListing,
};

/// Operation tags; the seed tool writes the same numbers.
mod op {
    pub const RAW_LINE: u8 = 0;
    pub const BODY: u8 = 1;
    pub const END_BODY: u8 = 2;
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
    pub const CONTINUATION: u8 = 17;
    pub const BODY_LINE: u8 = 18;
    pub const COUNT: u8 = 19;
}

const COMMANDS: &[&str] = &[
    "CAPA",
    "USER alice",
    "PASS secret",
    "APOP mrose c4c9334bac560ecc979e58001b3e22fb",
    "STAT",
    "LIST",
    "LIST 1",
    "UIDL",
    "UIDL 2",
    "RETR 1",
    "TOP 1 0",
    "DELE 1",
    "NOOP",
    "RSET",
    "QUIT",
    "STLS",
    "AUTH",
    "AUTH PLAIN",
    "AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=",
    "UTF8",
    "LANG",
    "LANG es",
    "XTND foo",
];

const REPLIES: &[&[u8]] = &[
    b"+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n",
    b"+OK\r\n",
    b"-ERR no\r\n",
    b"+OK 2 320\r\n",
    b"+OK 1 120\r\n",
    b"+OK 2 QhdPYR:00WBw1Ph7x7\r\n",
    b"-ERR [AUTH] bad password\r\n",
    b"-ERR [IN-USE] locked\r\n",
    b"+OK [SYS/TEMP] hm\r\n",
    b"+OK es Idioma cambiado\r\n",
    b"+OK bye\r\n",
    b"+OK Begin TLS negotiation\r\n",
];

fn command(i: u8) -> Command<'static> {
    let line = COMMANDS[usize::from(i) % COMMANDS.len()];
    parse::command(format!("{line}\r\n").as_bytes())
        .expect("typical command")
        .into_static()
}

fn response(i: u8) -> Response<'static> {
    parse::response(REPLIES[usize::from(i) % REPLIES.len()])
        .expect("typical reply")
        .into_static()
}

/// A body line of `kind`, from a typical set.
fn body_line(kind: BodyKind, i: u8) -> BodyLine<'static> {
    let n = MessageNumber::new(u32::from(i) + 1).expect("non-zero");
    match kind {
        BodyKind::ScanListings => BodyLine::Scan(ScanListing {
            msg: n,
            octets: u64::from(i) * 7,
            extra: Text::empty(),
        }),
        BodyKind::UniqueIdListings => BodyLine::UniqueId(UniqueIdListing {
            msg: n,
            uid: UniqueId::new(format!("uid{i}")).expect("uid"),
        }),
        BodyKind::Capabilities => BodyLine::Capability(match i % 6 {
            0 => Capability::Top,
            1 => Capability::Pipelining,
            2 => Capability::Stls,
            3 => Capability::Sasl(vec![Mechanism::PLAIN]),
            4 => Capability::Uidl,
            _ => Capability::User,
        }),
        BodyKind::Languages => BodyLine::Language(LangListing {
            tag: LanguageTag::new("en").expect("tag"),
            description: Text::new(&b"English"[..]).expect("text").into_static(),
        }),
        BodyKind::Mechanisms => BodyLine::Mechanism(Mechanism::PLAIN),
        BodyKind::Message => BodyLine::Mechanism(Mechanism::LOGIN),
    }
}

struct Pair {
    client: client::Session,
    server: server::Session,
    c2s: Vec<u8>,
    s2c: Vec<u8>,
    /// Commands the client sent, not yet decoded by the server.
    sent: VecDeque<Command<'static>>,
    /// Status lines the server sent, not yet decoded by the client.
    replied: VecDeque<Response<'static>>,
    /// Listing lines the server sent, not yet decoded by the client.
    lines: VecDeque<BodyLine<'static>>,
    /// Message content the server sent (raw, then what the client should see).
    body_sent: Vec<u8>,
    bodies: VecDeque<Vec<u8>>,
    body_got: Vec<u8>,
    /// The server / the client is in a message body (RETR, TOP).
    server_msg: bool,
    client_msg: bool,
    normalize: bool,
    dirty: bool,
    server_dead: bool,
    client_dead: bool,
}

impl Pair {
    fn client_send(&mut self, c: Command<'static>) {
        if self.client.send(&c).is_ok() {
            let wire = self.client.take_transmit();
            assert_eq!(
                parse::command(&wire).as_ref(),
                Ok(&c),
                "client wrote {wire:?}"
            );
            self.c2s.extend_from_slice(&wire);
            self.sent.push_back(c);
        }
    }

    fn server_send(&mut self, r: &Response<'_>) -> bool {
        let kind = self.server.awaiting_reply();
        if self.server.send(r).is_ok() {
            self.server_msg = r.is_ok() && kind.and_then(|k| k.body()) == Some(BodyKind::Message);
            let wire = self.server.take_transmit();
            assert_eq!(
                parse::response(&wire).as_ref(),
                Ok(r),
                "server wrote {wire:?}"
            );
            self.s2c.extend_from_slice(&wire);
            self.replied.push_back(r.clone().into_static());
            return true;
        }
        false
    }

    fn server_out(&mut self) {
        let wire = self.server.take_transmit();
        self.s2c.extend_from_slice(&wire);
    }

    fn end_body(&mut self) {
        if self.server.end_body().is_ok() {
            self.server_out();
            let raw = std::mem::take(&mut self.body_sent);
            if !std::mem::take(&mut self.server_msg) {
                return;
            }
            let content = if self.normalize {
                expected_content(&raw)
            } else {
                let mut v = raw;
                if !v.is_empty() && !v.ends_with(b"\r\n") {
                    v.extend_from_slice(b"\r\n");
                }
                v
            };
            self.bodies.push_back(content);
        }
    }

    fn drain_server(&mut self) {
        for _ in 0..10_000 {
            if self.server_dead {
                return;
            }
            let ev = match self.server.next_event() {
                Ok(None) => return,
                Ok(Some(ev)) => ev,
                Err(e) => {
                    self.sent.pop_front();
                    if e.is_fatal() {
                        self.server_dead = true;
                        self.dirty = true;
                        return;
                    }
                    self.dirty = true;
                    if let Some(r) = &e.reply {
                        let r = r.clone();
                        self.server_send(&r);
                    }
                    continue;
                }
            };
            if let SEvent::Command(c) = ev {
                let wire = c.to_vec();
                assert_eq!(
                    parse::command(&wire).as_ref(),
                    Ok(&c),
                    "command changed by re-encoding"
                );
                let sent = self.sent.pop_front();
                if !self.dirty {
                    assert_eq!(
                        Some(&c),
                        sent.as_ref(),
                        "server decoded another command than the client sent"
                    );
                }
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
                Ok(Some(ev)) => ev,
                Err(e) => {
                    if !self.dirty {
                        panic!("client refused what the server sent: {e:?}");
                    }
                    if e.is_fatal() {
                        self.client_dead = true;
                    }
                    continue;
                }
            };
            if let CEvent::Response { response, command } = &ev {
                self.client_msg = response.is_ok() && command.body() == Some(BodyKind::Message);
            }
            match ev {
                CEvent::Greeting(r) | CEvent::Response { response: r, .. } => {
                    let expected = self.replied.pop_front();
                    if !self.dirty {
                        assert_eq!(
                            Some(&r),
                            expected.as_ref(),
                            "client decoded another status line"
                        );
                    }
                }
                CEvent::BodyLine(l) => {
                    let expected = self.lines.pop_front();
                    if !self.dirty {
                        assert_eq!(
                            Some(&l),
                            expected.as_ref(),
                            "client decoded another listing line"
                        );
                    }
                }
                CEvent::BodyChunk(c) => {
                    assert!(self.client_msg, "body chunk outside a message body");
                    self.body_got.extend_from_slice(c);
                }
                CEvent::BodyEnd => {
                    let got = std::mem::take(&mut self.body_got);
                    if std::mem::take(&mut self.client_msg) {
                        let expected = self.bodies.pop_front();
                        if !self.dirty {
                            assert_eq!(
                                Some(&got),
                                expected.as_ref(),
                                "client decoded another body"
                            );
                        }
                    }
                }
                _ => {}
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
            && self.client.outstanding() == 0
            && self.server.awaiting_reply().is_none();
        if self.dirty || self.server_dead || self.client_dead || !quiet {
            return;
        }
        assert_eq!(
            self.client.state(),
            self.server.state(),
            "client and server disagree on the state"
        );
        assert_eq!(self.client.is_closed(), self.server.is_closed(), "closed");
    }
}

fuzz_target!(|data: &[u8]| {
    let (cfg, mut script) = Script::new(data);
    let mut cc = client::Config::default();
    let mut sc = server::Config::default();
    cc.assume_pipelining = cfg & 1 != 0;
    sc.normalize_bare_lf = cfg & 2 == 0;
    if cfg & 4 != 0 {
        sc.limits.pipeline_depth = 2;
        cc.limits.pipeline_depth = 2;
    }
    let mut p = Pair {
        client: client::Session::new(cc),
        server: server::Session::new(sc),
        c2s: Vec::new(),
        s2c: Vec::new(),
        sent: VecDeque::new(),
        replied: VecDeque::new(),
        lines: VecDeque::new(),
        body_sent: Vec::new(),
        bodies: VecDeque::new(),
        body_got: Vec::new(),
        server_msg: false,
        client_msg: false,
        normalize: sc.normalize_bare_lf,
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
        let first = payload.first().copied().unwrap_or(0);
        match tag {
            op::RAW_LINE => {
                if let Ok(c) = parse::command(payload) {
                    p.client_send(c.into_static());
                }
            }
            op::BODY => {
                if p.server.send_body(payload).is_ok() {
                    p.server_out();
                    p.body_sent.extend_from_slice(payload);
                }
            }
            op::END_BODY => p.end_body(),
            op::RAW_REPLY => {
                if let Ok(r) = parse::response(payload) {
                    p.server_send(&r);
                }
            }
            op::SEND => p.client_send(command(first)),
            op::TYPICAL_REPLY => {
                p.server_send(&response(first));
            }
            op::ANY_REPLY => {
                if let Ok(r) = Response::arbitrary(&mut Unstructured::new(payload)) {
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
                    p.client_send(command(i));
                }
            }
            op::AUTO_REPLY => {
                for _ in 0..8 {
                    let Some(kind) = p.server.awaiting_reply() else {
                        break;
                    };
                    let ok = first & 1 == 0;
                    let r = if ok { response(1) } else { response(2) };
                    if !p.server_send(&r) {
                        break;
                    }
                    if let (true, Some(body)) = (ok, kind.body()) {
                        if body == BodyKind::Message {
                            let content = b"Subject: hi\r\n\r\n.dot line\r\nbare\nend";
                            if p.server.send_body(content).is_ok() {
                                p.server_out();
                                p.body_sent.extend_from_slice(content);
                            }
                        } else {
                            for i in 0..(first >> 1) % 4 {
                                let l = body_line(body, i);
                                if p.server.send_body_line(&l).is_ok() {
                                    p.server_out();
                                    p.lines.push_back(l);
                                }
                            }
                        }
                        p.end_body();
                    }
                    p.drain_server();
                }
            }
            op::ANY_COMMAND => {
                if let Ok(c) = Command::arbitrary(&mut Unstructured::new(payload)) {
                    p.client_send(c);
                }
            }
            op::CONTINUATION => {
                let c = match parse::continuation(payload) {
                    Ok(c) => Some(c.into_static()),
                    Err(_) => Continuation::arbitrary(&mut Unstructured::new(payload)).ok(),
                };
                if let Some(c) = c
                    && p.server.send_continuation(&c).is_ok()
                {
                    p.server_out();
                }
            }
            op::BODY_LINE => {
                let line = match parse::capability(payload) {
                    Ok(c) => Some(BodyLine::Capability(c.into_static())),
                    Err(_) => parse::scan_listing(payload)
                        .map(|s| BodyLine::Scan(s.into_static()))
                        .or_else(|_| {
                            parse::unique_id_listing(payload)
                                .map(|u| BodyLine::UniqueId(u.into_static()))
                        })
                        .ok(),
                };
                if let Some(l) = line
                    && p.server.send_body_line(&l).is_ok()
                {
                    p.server_out();
                    p.lines.push_back(l);
                }
            }
            _ => {}
        }
        p.check_agreement();
    }
    p.deliver_to_server(&[]);
    p.deliver_to_client(&[]);
    p.check_agreement();
});
