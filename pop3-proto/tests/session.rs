//! Pair tests: a client session and a server session back to back through
//! whole conversations. Every conversation also runs with each transfer
//! split at every point, and byte by byte; the event logs must not change.

use pop3_proto::client;
use pop3_proto::error::{ProtocolErrorKind, SendErrorKind};
use pop3_proto::parse;
use pop3_proto::server;
use pop3_proto::session::{Authorization, BodyLine, CommandKind, State};
use pop3_proto::types::{
    AuthResponse, Capability, Command, Continuation, LangListing, Mechanism, Response, SaslData,
    ScanListing, UniqueId, UniqueIdListing,
};

/// How each transfer between the two sessions is cut.
#[derive(Debug, Clone, Copy)]
enum Split {
    Whole,
    At(usize),
    Bytewise,
}

fn cmd(line: &str) -> Command<'static> {
    let wire = format!("{line}\r\n");
    parse::command(wire.as_bytes())
        .unwrap_or_else(|e| panic!("{line}: {e}"))
        .into_static()
}

fn ok(text: &str) -> Response<'static> {
    Response::ok(text.as_bytes().to_vec()).unwrap()
}

fn err(text: &str) -> Response<'static> {
    Response::err(text.as_bytes().to_vec()).unwrap()
}

const MESSAGES: [&[u8]; 3] = [
    b"Subject: one\r\n\r\nHello\r\n.\r\n..dots\r\n.x\r\n",
    b"Subject: two\r\nX: y\r\n\r\ncaf\xc3\xa9 \xff\x00\r\nline 2\r\nno final crlf",
    b"",
];

/// A maildrop server written against `server::Session`, as a user would.
struct Mailbox {
    deleted: Vec<bool>,
    user_ok: bool,
    pipelining: bool,
    tls: bool,
    /// Messages removed in UPDATE.
    removed: Option<usize>,
    log: Vec<String>,
}

impl Mailbox {
    fn new(pipelining: bool) -> Self {
        Mailbox {
            deleted: vec![false; MESSAGES.len()],
            user_ok: false,
            pipelining,
            tls: false,
            removed: None,
            log: Vec::new(),
        }
    }

    fn msg(&self, n: Option<pop3_proto::types::MessageNumber>) -> Option<usize> {
        let i = usize::try_from(n?.get()).ok()? - 1;
        (i < MESSAGES.len() && !self.deleted[i]).then_some(i)
    }

    fn serve(&mut self, s: &mut server::Session) {
        loop {
            let ev = match s.next_event() {
                Ok(None) => return,
                Ok(Some(server::Event::Command(c))) => Ok(c.into_static()),
                Ok(Some(server::Event::AuthResponse(r))) => Err(r.into_static()),
                Ok(Some(server::Event::Warning(w))) => {
                    self.log.push(format!("warning {w:?}"));
                    continue;
                }
                Err(e) => {
                    self.log
                        .push(format!("error {:?} fatal={}", e.kind, e.fatal));
                    if let Some(r) = &e.reply {
                        s.send(r).unwrap();
                    }
                    if e.is_fatal() {
                        return;
                    }
                    continue;
                }
            };
            match ev {
                Ok(c) => {
                    self.log.push(format!("command {}", c.keyword()));
                    self.command(s, c);
                }
                Err(AuthResponse::Cancel) => s.send(&err("cancelled")).unwrap(),
                Err(AuthResponse::Data(d)) => {
                    let good = d.decode().unwrap() == b"\0alice\0secret";
                    s.send(&if good { ok("welcome") } else { err("no") })
                        .unwrap();
                }
            }
        }
    }

    fn command(&mut self, s: &mut server::Session, c: Command<'static>) {
        let live = || 0..MESSAGES.len();
        match c {
            Command::User(u) => {
                self.user_ok = u.as_bytes() == b"alice";
                s.send(&ok("user")).unwrap();
            }
            Command::Pass(p) => {
                let good = self.user_ok && p.expose() == b"secret";
                s.send(&if good {
                    ok("maildrop ready")
                } else {
                    err("bad login")
                })
                .unwrap();
            }
            Command::Auth(None) => {
                s.send(&ok("methods")).unwrap();
                s.send_body_line(&BodyLine::Mechanism(Mechanism::PLAIN))
                    .unwrap();
                s.end_body().unwrap();
            }
            Command::Auth(Some(req)) => match req.initial_response {
                Some(d) => {
                    let good = d.decode().unwrap() == b"\0alice\0secret";
                    s.send(&if good { ok("welcome") } else { err("no") })
                        .unwrap();
                }
                None => s
                    .send_continuation(&Continuation {
                        data: SaslData::new(&b""[..]).unwrap(),
                    })
                    .unwrap(),
            },
            Command::Capa => {
                s.send(&ok("capabilities")).unwrap();
                let mut caps = vec![Capability::Top, Capability::Uidl, Capability::User];
                if !self.tls {
                    caps.push(Capability::Stls);
                }
                if self.pipelining {
                    caps.push(Capability::Pipelining);
                }
                caps.push(Capability::Sasl(vec![Mechanism::PLAIN]));
                for c in caps {
                    s.send_body_line(&BodyLine::Capability(c)).unwrap();
                }
                s.end_body().unwrap();
            }
            Command::Stls => s.send(&ok("begin TLS")).unwrap(),
            Command::Stat => {
                let n = live().filter(|&i| !self.deleted[i]).count();
                s.send(&ok(&format!("{n} 99"))).unwrap();
            }
            Command::List(None) => {
                s.send(&ok("scan listing")).unwrap();
                for i in live().filter(|&i| !self.deleted[i]) {
                    let l = parse::scan_listing(
                        format!("{} {}\r\n", i + 1, MESSAGES[i].len()).as_bytes(),
                    )
                    .unwrap()
                    .into_static();
                    s.send_body_line(&BodyLine::Scan(l)).unwrap();
                }
                s.end_body().unwrap();
            }
            Command::Uidl(None) => {
                s.send(&ok("uid listing")).unwrap();
                for i in live().filter(|&i| !self.deleted[i]) {
                    let l = UniqueIdListing {
                        msg: pop3_proto::types::MessageNumber::new(i as u32 + 1).unwrap(),
                        uid: UniqueId::new(format!("uid-{i}")).unwrap(),
                    };
                    s.send_body_line(&BodyLine::UniqueId(l)).unwrap();
                }
                s.end_body().unwrap();
            }
            Command::Lang(None) => {
                s.send(&ok("languages")).unwrap();
                let l: LangListing = parse::lang_listing(b"en English\r\n")
                    .unwrap()
                    .into_static();
                s.send_body_line(&BodyLine::Language(l)).unwrap();
                s.end_body().unwrap();
            }
            Command::Retr(n) => match self.msg(Some(n)) {
                Some(i) => {
                    s.send(&ok("message follows")).unwrap();
                    // Send in uneven chunks to cross stuffing boundaries.
                    for chunk in MESSAGES[i].chunks(7) {
                        s.send_body(chunk).unwrap();
                    }
                    s.end_body().unwrap();
                }
                None => s.send(&err("no such message")).unwrap(),
            },
            Command::Top { msg, lines } => match self.msg(Some(msg)) {
                Some(i) => {
                    let m = MESSAGES[i];
                    let head = m
                        .windows(4)
                        .position(|w| w == b"\r\n\r\n")
                        .map_or(m.len(), |p| p + 4);
                    let mut end = head;
                    for _ in 0..lines {
                        match m[end..].windows(2).position(|w| w == b"\r\n") {
                            Some(p) => end += p + 2,
                            None => end = m.len(),
                        }
                    }
                    s.send(&ok("top follows")).unwrap();
                    s.send_body(&m[..end]).unwrap();
                    s.end_body().unwrap();
                }
                None => s.send(&err("no such message")).unwrap(),
            },
            Command::Dele(n) => match self.msg(Some(n)) {
                Some(i) => {
                    self.deleted[i] = true;
                    s.send(&ok("deleted")).unwrap();
                }
                None => s.send(&err("no such message")).unwrap(),
            },
            Command::Rset => {
                self.deleted.iter_mut().for_each(|d| *d = false);
                s.send(&ok("reset")).unwrap();
            }
            Command::Noop => s.send(&ok("")).unwrap(),
            Command::Quit => {
                if s.state() == State::Update {
                    let n = self.deleted.iter().filter(|d| **d).count();
                    self.removed = Some(n);
                    s.send(&ok(&format!("{n} messages removed"))).unwrap();
                } else {
                    s.send(&ok("bye")).unwrap();
                }
            }
            _ => s.send(&err("not supported")).unwrap(),
        }
    }
}

/// What the client saw, one line per event; body chunks are joined.
#[derive(Default)]
struct ClientLog {
    events: Vec<String>,
    body: Vec<u8>,
    in_body: bool,
    tls_due: bool,
}

impl ClientLog {
    fn pump(&mut self, c: &mut client::Session) {
        loop {
            let line = match c.next_event() {
                Ok(None) => return,
                Ok(Some(client::Event::BodyChunk(b))) => {
                    self.in_body = true;
                    self.body.extend_from_slice(b);
                    continue;
                }
                Ok(Some(client::Event::BodyEnd)) => {
                    let body = std::mem::take(&mut self.body);
                    self.in_body = false;
                    format!("end {}", String::from_utf8_lossy(&body).escape_debug())
                }
                Ok(Some(client::Event::Continuation(_))) => {
                    let d = SaslData::encode(b"\0alice\0secret");
                    c.send_auth_response(&AuthResponse::Data(d)).unwrap();
                    "continuation".into()
                }
                Ok(Some(client::Event::StartTls)) => {
                    self.tls_due = true;
                    "starttls".into()
                }
                Ok(Some(client::Event::Greeting(r))) => {
                    format!("greeting {}", String::from_utf8_lossy(r.text().as_bytes()))
                }
                Ok(Some(client::Event::Response { response, command })) => format!(
                    "{command:?} {} {}",
                    response.status().as_str(),
                    String::from_utf8_lossy(response.text().as_bytes())
                ),
                Ok(Some(ev)) => format!("{ev:?}"),
                Err(e) => {
                    // An abandoned body is thrown away, as a user would.
                    self.body.clear();
                    let fatal = e.is_fatal();
                    self.events
                        .push(format!("error {:?} at {} fatal={fatal}", e.kind, e.offset));
                    if fatal {
                        return;
                    }
                    continue;
                }
            };
            self.events.push(line);
        }
    }
}

struct Pair {
    c: client::Session,
    s: server::Session,
    mb: Mailbox,
    log: ClientLog,
    split: Split,
}

fn deliver(split: Split, bytes: &[u8], mut f: impl FnMut(&[u8])) {
    match split {
        Split::Whole => f(bytes),
        Split::At(p) => {
            let p = p.min(bytes.len());
            f(&bytes[..p]);
            f(&bytes[p..]);
        }
        Split::Bytewise => bytes.chunks(1).for_each(f),
    }
}

impl Pair {
    fn new(split: Split, pipelining: bool, client_config: client::Config) -> Pair {
        let mut p = Pair {
            c: client::Session::new(client_config),
            s: server::Session::new(server::Config::default()),
            mb: Mailbox::new(pipelining),
            log: ClientLog::default(),
            split,
        };
        p.s.send(&ok("POP3 ready <1.2@example.org>")).unwrap();
        p.flow();
        p
    }

    /// Moves bytes both ways until both sessions are quiet.
    fn flow(&mut self) {
        loop {
            let up = self.c.take_transmit();
            let (s, mb) = (&mut self.s, &mut self.mb);
            deliver(self.split, &up, |b| {
                s.receive(b);
                mb.serve(s);
            });
            let down = self.s.take_transmit();
            let (c, log) = (&mut self.c, &mut self.log);
            deliver(self.split, &down, |b| {
                c.receive(b);
                log.pump(c);
            });
            if self.log.tls_due {
                self.log.tls_due = false;
                self.c.tls_established().unwrap();
                self.s.tls_established().unwrap();
                self.mb.tls = true;
            }
            if up.is_empty() && down.is_empty() {
                return;
            }
        }
    }

    /// Sends the commands together (pipelined when more than one), then
    /// lets the sessions talk.
    fn send(&mut self, group: &[&str]) {
        for line in group {
            if let Err(e) = self.c.send(&cmd(line)) {
                self.log
                    .events
                    .push(format!("refused {line}: {:?}", e.kind));
            }
        }
        self.flow();
    }

    fn events(&self) -> Vec<String> {
        let mut all = self.log.events.clone();
        all.extend(self.mb.log.iter().map(|l| format!("server {l}")));
        all
    }
}

/// Runs a conversation whole, at every split point and byte by byte; the
/// logs must agree. Returns the whole run.
fn all_splits(script: impl Fn(&mut Pair), pipelining: bool, config: client::Config) -> Pair {
    let mut whole = Pair::new(Split::Whole, pipelining, config);
    script(&mut whole);
    let want = whole.events();
    let longest = 700;
    for split in (0..longest).map(Split::At).chain([Split::Bytewise]) {
        let mut p = Pair::new(split, pipelining, config);
        script(&mut p);
        assert_eq!(p.events(), want, "{split:?}");
        assert_eq!(p.c.state(), whole.c.state(), "{split:?}");
        assert_eq!(p.s.state(), whole.s.state(), "{split:?}");
    }
    whole
}

fn expect(events: &[String], want: &[&str]) {
    let got: Vec<&str> = events.iter().map(String::as_str).collect();
    assert_eq!(got, want);
}

#[test]
fn full_session_with_update() {
    let p = all_splits(
        |p| {
            p.send(&["CAPA"]);
            p.send(&["USER alice"]);
            p.send(&["PASS secret"]);
            p.send(&["STAT"]);
            p.send(&["LIST"]);
            p.send(&["UIDL"]);
            p.send(&["RETR 1"]);
            p.send(&["RETR 2"]);
            p.send(&["RETR 3"]);
            p.send(&["TOP 2 0"]);
            p.send(&["TOP 1 1"]);
            p.send(&["DELE 1"]);
            p.send(&["RETR 1"]);
            p.send(&["QUIT"]);
        },
        false,
        client::Config::default(),
    );
    let client: Vec<String> = p.log.events.clone();
    expect(
        &client,
        &[
            "greeting POP3 ready <1.2@example.org>",
            "Capa +OK capabilities",
            "BodyLine(Capability(Top))",
            "BodyLine(Capability(Uidl))",
            "BodyLine(Capability(User))",
            "BodyLine(Capability(Stls))",
            "BodyLine(Capability(Sasl([Mechanism(\"PLAIN\")])))",
            "end ",
            "User +OK user",
            "Pass +OK maildrop ready",
            "Stat +OK 3 99",
            "ListAll +OK scan listing",
            "BodyLine(Scan(ScanListing { msg: MessageNumber(1), octets: 38, extra: Text(\"\") }))",
            "BodyLine(Scan(ScanListing { msg: MessageNumber(2), octets: 53, extra: Text(\"\") }))",
            "BodyLine(Scan(ScanListing { msg: MessageNumber(3), octets: 0, extra: Text(\"\") }))",
            "end ",
            "UidlAll +OK uid listing",
            "BodyLine(UniqueId(UniqueIdListing { msg: MessageNumber(1), uid: UniqueId(\"uid-0\") }))",
            "BodyLine(UniqueId(UniqueIdListing { msg: MessageNumber(2), uid: UniqueId(\"uid-1\") }))",
            "BodyLine(UniqueId(UniqueIdListing { msg: MessageNumber(3), uid: UniqueId(\"uid-2\") }))",
            "end ",
            "Retr +OK message follows",
            "end Subject: one\\r\\n\\r\\nHello\\r\\n.\\r\\n..dots\\r\\n.x\\r\\n",
            "Retr +OK message follows",
            // The body without a final CRLF arrives with one.
            "end Subject: two\\r\\nX: y\\r\\n\\r\\ncafé �\\0\\r\\nline 2\\r\\nno final crlf\\r\\n",
            "Retr +OK message follows",
            "end ",
            "Top +OK top follows",
            "end Subject: two\\r\\nX: y\\r\\n\\r\\n",
            "Top +OK top follows",
            "end Subject: one\\r\\n\\r\\nHello\\r\\n",
            "Dele +OK deleted",
            "Retr -ERR no such message",
            "Quit +OK 1 messages removed",
        ],
    );
    assert_eq!(p.mb.removed, Some(1));
    assert!(p.c.is_closed());
    assert!(p.s.is_closed());
    assert!(p.c.capabilities().is_some());
    assert_eq!(p.c.apop_timestamp(), Some(&b"<1.2@example.org>"[..]));
}

#[test]
fn retr_body_is_exact_bytes() {
    // The joined chunks of the RETR body equal the message (8-bit, NUL,
    // dot lines), whatever the split.
    let p = all_splits(
        |p| {
            p.send(&["USER alice"]);
            p.send(&["PASS secret"]);
            p.send(&["RETR 1"]);
        },
        false,
        client::Config::default(),
    );
    let want = format!(
        "end {}",
        String::from_utf8_lossy(MESSAGES[0]).escape_debug()
    );
    assert_eq!(p.log.events.last(), Some(&want));
}

#[test]
fn pipelined_commands_get_their_replies_in_order() {
    let p = all_splits(
        |p| {
            p.send(&["CAPA"]);
            p.send(&["USER alice", "PASS secret", "STAT"]);
            p.send(&["RETR 3", "LIST", "DELE 1", "RETR 1", "UIDL 2", "QUIT"]);
        },
        true,
        client::Config::default(),
    );
    let tail: Vec<&str> = p
        .log
        .events
        .iter()
        .map(String::as_str)
        .skip_while(|e| !e.starts_with("User"))
        .collect();
    assert_eq!(
        tail,
        [
            "User +OK user",
            "Pass +OK maildrop ready",
            "Stat +OK 3 99",
            "Retr +OK message follows",
            "end ",
            "ListAll +OK scan listing",
            "BodyLine(Scan(ScanListing { msg: MessageNumber(1), octets: 38, extra: Text(\"\") }))",
            "BodyLine(Scan(ScanListing { msg: MessageNumber(2), octets: 53, extra: Text(\"\") }))",
            "BodyLine(Scan(ScanListing { msg: MessageNumber(3), octets: 0, extra: Text(\"\") }))",
            "end ",
            "Dele +OK deleted",
            "Retr -ERR no such message",
            "Uidl -ERR not supported",
            "Quit +OK 1 messages removed",
        ]
    );
    assert_eq!(p.mb.removed, Some(1));
}

#[test]
fn pipelining_needs_the_capability() {
    let mut p = Pair::new(Split::Whole, false, client::Config::default());
    p.c.send(&cmd("USER alice")).unwrap();
    let e = p.c.send(&cmd("PASS secret")).unwrap_err();
    assert_eq!(
        e.kind,
        SendErrorKind::MustWait {
            pending: CommandKind::User
        }
    );
    // With the switch on, the same is allowed.
    let config = client::Config {
        assume_pipelining: true,
        ..client::Config::default()
    };
    let mut p = Pair::new(Split::Whole, false, config);
    p.send(&["USER alice", "PASS secret", "STAT"]);
    assert!(p.log.events.iter().any(|e| e == "Stat +OK 3 99"));
}

#[test]
fn client_refuses_commands_illegal_in_state() {
    let mut p = Pair::new(Split::Whole, false, client::Config::default());
    for line in ["RETR 1", "STAT", "PASS x", "NOOP", "DELE 1"] {
        let e = p.c.send(&cmd(line)).unwrap_err();
        assert!(matches!(e.kind, SendErrorKind::IllegalCommand(_)), "{line}");
    }
    assert_eq!(p.c.state(), State::Authorization(Authorization::Ready));
    assert!(p.c.take_transmit().is_empty());
    p.send(&["USER alice"]);
    p.send(&["PASS secret"]);
    for line in [
        "USER a",
        "APOP a c4c9334bac560ecc979e58001b3e22fb",
        "STLS",
        "UTF8",
    ] {
        let e = p.c.send(&cmd(line)).unwrap_err();
        assert!(matches!(e.kind, SendErrorKind::IllegalCommand(_)), "{line}");
    }
    // Before the greeting nothing may be sent.
    let mut c = client::Session::default();
    assert!(c.send(&cmd("CAPA")).is_err());
}

#[test]
fn failed_login_stays_in_authorization() {
    let p = all_splits(
        |p| {
            p.send(&["USER alice"]);
            p.send(&["PASS wrong"]);
            p.send(&["USER alice"]);
            p.send(&["PASS secret"]);
        },
        false,
        client::Config::default(),
    );
    assert!(p.log.events.contains(&"Pass -ERR bad login".to_string()));
    assert_eq!(p.c.state(), State::Transaction);
    assert_eq!(p.s.state(), State::Transaction);
}

#[test]
fn server_refuses_illegal_and_bad_commands_and_stays_usable() {
    let run = |split: Split| {
        let mut s = server::Session::default();
        s.send(&ok("hi")).unwrap();
        let mut mb = Mailbox::new(false);
        let mut input = b"STAT\r\nXYZ\r\nRETR x\r\n".to_vec();
        input.extend(std::iter::repeat_n(b'N', 300));
        input.extend_from_slice(b"\r\nUSER alice\r\nPASS secret\r\nSTAT\r\n");
        deliver(split, &input, |b| {
            s.receive(b);
            mb.serve(&mut s);
        });
        (mb.log, s.take_transmit(), s.state())
    };
    let (log, out, state) = run(Split::Whole);
    assert_eq!(
        log,
        [
            "error IllegalCommand { command: Stat, state: Authorization(Ready) } fatal=false",
            "command XYZ",
            "error Decode(Syntax) fatal=false",
            "error Frame(LineTooLong { limit: 255 }) fatal=false",
            "command USER",
            "command PASS",
            "command STAT",
        ]
    );
    assert_eq!(
        &out[..],
        &b"+OK hi\r\n-ERR command not valid in this state\r\n-ERR not supported\r\n\
           -ERR unknown command or bad syntax\r\n-ERR line too long\r\n+OK user\r\n\
           +OK maildrop ready\r\n+OK 3 99\r\n"[..]
    );
    assert_eq!(state, State::Transaction);
    let n = b"STAT\r\nXYZ\r\nRETR x\r\n".len() + 302 + 36;
    for split in (0..n).map(Split::At).chain([Split::Bytewise]) {
        let (l, o, st) = run(split);
        assert_eq!((l, o, st), (log.clone(), out.clone(), state), "{split:?}");
    }
}

#[test]
fn server_reply_to_refused_command_must_be_err() {
    let mut s = server::Session::default();
    s.send(&ok("hi")).unwrap();
    s.receive(b"RETR 1\r\n");
    let e = s.next_event().unwrap_err();
    assert!(!e.is_fatal());
    assert_eq!(
        s.send(&ok("sure")).unwrap_err().kind,
        SendErrorKind::MustBeErr
    );
    s.send(&err("no")).unwrap();
    assert_eq!(
        s.send(&err("again")).unwrap_err().kind,
        SendErrorKind::NothingToAnswer
    );
}

#[test]
fn server_waits_for_each_reply_before_the_next_command() {
    let mut s = server::Session::default();
    s.send(&ok("hi")).unwrap();
    s.receive(b"CAPA\r\nUSER a\r\n");
    assert!(matches!(
        s.next_event(),
        Ok(Some(server::Event::Command(Command::Capa)))
    ));
    assert!(matches!(s.next_event(), Ok(None)));
    s.send(&ok("caps")).unwrap();
    // The body is open: the next command still waits, and a status line
    // may not be sent.
    assert!(matches!(s.next_event(), Ok(None)));
    assert_eq!(s.send(&ok("x")).unwrap_err().kind, SendErrorKind::BodyOpen);
    assert_eq!(
        s.send_body(b"TOP\r\n").unwrap_err().kind,
        SendErrorKind::WrongBodyLine
    );
    let scan = parse::scan_listing(b"1 2\r\n").unwrap();
    assert_eq!(
        s.send_body_line(&BodyLine::Scan(scan)).unwrap_err().kind,
        SendErrorKind::WrongBodyLine
    );
    s.send_body_line(&BodyLine::Capability(Capability::Top))
        .unwrap();
    s.end_body().unwrap();
    assert!(matches!(
        s.next_event(),
        Ok(Some(server::Event::Command(Command::User(_))))
    ));
    assert_eq!(
        &s.take_transmit()[..],
        b"+OK hi\r\n+OK caps\r\nTOP\r\n.\r\n"
    );
}

#[test]
fn stls_forgets_capabilities_on_both_sides() {
    let p = all_splits(
        |p| {
            p.send(&["CAPA"]);
            p.send(&["STLS"]);
            p.send(&["CAPA"]);
        },
        false,
        client::Config::default(),
    );
    let ev = &p.log.events;
    let starttls = ev.iter().position(|e| e == "starttls").unwrap();
    assert_eq!(ev[starttls - 1], "Stls +OK begin TLS");
    // The second CAPA no longer offers STLS, and the client's list is the
    // new one.
    let caps = p.c.capabilities().unwrap();
    assert!(!caps.contains(&Capability::Stls));
    assert!(caps.contains(&Capability::Top));
    assert_eq!(p.c.state(), State::Authorization(Authorization::Ready));
}

#[test]
fn capabilities_are_forgotten_right_after_tls() {
    let mut p = Pair::new(Split::Whole, false, client::Config::default());
    p.send(&["CAPA"]);
    assert!(p.c.capabilities().is_some());
    p.c.send(&cmd("STLS")).unwrap();
    // Nothing may follow STLS until its reply (RFC 2595 §4).
    assert_eq!(
        p.c.send(&cmd("CAPA")).unwrap_err().kind,
        SendErrorKind::MustWait {
            pending: CommandKind::Stls
        }
    );
    let up = p.c.take_transmit();
    p.s.receive(&up);
    assert!(matches!(
        p.s.next_event(),
        Ok(Some(server::Event::Command(Command::Stls)))
    ));
    p.s.send(&ok("go")).unwrap();
    let down = p.s.take_transmit();
    p.c.receive(&down);
    assert!(matches!(
        p.c.next_event(),
        Ok(Some(client::Event::Response { .. }))
    ));
    assert!(matches!(
        p.c.next_event(),
        Ok(Some(client::Event::StartTls))
    ));
    assert_eq!(p.c.state(), State::Authorization(Authorization::Tls));
    assert_eq!(
        p.c.send(&cmd("CAPA")).unwrap_err().kind,
        SendErrorKind::TlsPending
    );
    p.c.tls_established().unwrap();
    assert!(p.c.capabilities().is_none());
    p.c.send(&cmd("CAPA")).unwrap();
}

#[test]
fn stls_injection_is_refused_by_the_server() {
    let mut s = server::Session::default();
    s.send(&ok("hi")).unwrap();
    s.receive(b"STLS\r\nUSER evil\r\n");
    let e = s.next_event().unwrap_err();
    assert_eq!(e.kind, ProtocolErrorKind::Injection);
    assert_eq!(e.offset, 6);
    assert!(e.is_fatal());
    assert!(e.reply.as_ref().is_some_and(|r| !r.is_ok()));
    s.send(e.reply.as_ref().unwrap()).unwrap();
    assert!(s.is_closed());
    assert!(matches!(s.next_event(), Ok(None)));
    // Split anywhere, the same: bytes arriving after +OK and before the
    // handshake are injection too.
    let mut s = server::Session::default();
    s.send(&ok("hi")).unwrap();
    s.receive(b"STLS\r\n");
    assert!(matches!(s.next_event(), Ok(Some(_))));
    s.send(&ok("go")).unwrap();
    s.receive(b"USER evil\r\n");
    let e = s.next_event().unwrap_err();
    assert_eq!(e.kind, ProtocolErrorKind::Injection);
}

#[test]
fn stls_injection_is_refused_by_the_client() {
    let mut c = client::Session::default();
    c.receive(b"+OK hi\r\n");
    assert!(matches!(
        c.next_event(),
        Ok(Some(client::Event::Greeting(_)))
    ));
    c.send(&cmd("STLS")).unwrap();
    c.receive(b"+OK go\r\n+OK injected\r\n");
    let e = c.next_event().unwrap_err();
    assert_eq!(e.kind, ProtocolErrorKind::Injection);
    assert_eq!(e.offset, 16);
    assert!(e.is_fatal());
    assert!(c.is_closed());
    // Split after the +OK: the late bytes are refused as well.
    let mut c = client::Session::default();
    c.receive(b"+OK hi\r\n");
    c.next_event().unwrap();
    c.send(&cmd("STLS")).unwrap();
    c.receive(b"+OK go\r\n");
    assert!(matches!(
        c.next_event(),
        Ok(Some(client::Event::Response { .. }))
    ));
    c.receive(b"+OK injected\r\n");
    assert!(matches!(c.next_event(), Ok(Some(client::Event::StartTls))));
    let e = c.next_event().unwrap_err();
    assert_eq!(e.kind, ProtocolErrorKind::Injection);
}

#[test]
fn auth_plain_with_challenge() {
    let p = all_splits(
        |p| {
            p.send(&["AUTH"]);
            p.send(&["AUTH PLAIN"]);
            p.send(&["STAT"]);
        },
        false,
        client::Config::default(),
    );
    expect(
        &p.log.events,
        &[
            "greeting POP3 ready <1.2@example.org>",
            "AuthList +OK methods",
            "BodyLine(Mechanism(Mechanism(\"PLAIN\")))",
            "end ",
            "continuation",
            "Auth +OK welcome",
            "Stat +OK 3 99",
        ],
    );
    assert_eq!(p.s.state(), State::Transaction);
}

#[test]
fn auth_with_initial_response_and_cancel() {
    let p = all_splits(
        |p| {
            p.send(&["AUTH PLAIN AGFsaWNlAHdyb25n"]);
            p.send(&["AUTH PLAIN AGFsaWNlAHNlY3JldA=="]);
        },
        false,
        client::Config::default(),
    );
    assert!(p.log.events.contains(&"Auth -ERR no".to_string()));
    assert!(p.log.events.contains(&"Auth +OK welcome".to_string()));
    assert_eq!(p.c.state(), State::Transaction);

    // Cancel: the client answers the challenge with `*`.
    let mut s = server::Session::default();
    s.send(&ok("hi")).unwrap();
    s.receive(b"AUTH PLAIN\r\n");
    assert!(matches!(
        s.next_event(),
        Ok(Some(server::Event::Command(_)))
    ));
    assert_eq!(s.state(), State::Authorization(Authorization::Sasl));
    // The server must challenge or answer before it reads on.
    s.receive(b"*\r\n");
    assert_eq!(
        s.send_body(b"x").unwrap_err().kind,
        SendErrorKind::NothingToAnswer
    );
    s.send_continuation(&Continuation {
        data: SaslData::new(&b""[..]).unwrap(),
    })
    .unwrap();
    assert_eq!(
        s.send(&ok("early")).unwrap_err().kind,
        SendErrorKind::NoSaslExchange
    );
    assert!(matches!(
        s.next_event(),
        Ok(Some(server::Event::AuthResponse(AuthResponse::Cancel)))
    ));
    s.send(&err("cancelled")).unwrap();
    assert_eq!(s.state(), State::Authorization(Authorization::Ready));
    assert_eq!(
        &s.take_transmit()[..],
        b"+OK hi\r\n+ \r\n-ERR cancelled\r\n"
    );
}

#[test]
fn long_auth_line_is_accepted_but_long_commands_are_not() {
    let mut s = server::Session::default();
    s.send(&ok("hi")).unwrap();
    let ir = "QUFB".repeat(200);
    s.receive(format!("AUTH PLAIN {ir}\r\n").as_bytes());
    assert!(matches!(
        s.next_event(),
        Ok(Some(server::Event::Command(Command::Auth(_))))
    ));
    s.send(&err("no")).unwrap();
    s.receive(format!("USER {ir}\r\n").as_bytes());
    let e = s.next_event().unwrap_err();
    assert_eq!(
        e.kind,
        ProtocolErrorKind::Frame(pop3_proto::framing::FrameErrorKind::LineTooLong { limit: 255 })
    );
}

#[test]
fn quit_in_authorization_closes_without_update() {
    let p = all_splits(|p| p.send(&["QUIT"]), false, client::Config::default());
    assert_eq!(
        p.log.events.last().map(String::as_str),
        Some("Quit +OK bye")
    );
    assert_eq!(p.mb.removed, None);
    assert!(p.c.is_closed() && p.s.is_closed());
}

#[test]
fn quit_in_transaction_enters_update() {
    let mut s = server::Session::default();
    s.send(&ok("hi")).unwrap();
    s.receive(b"USER a\r\n");
    s.next_event().unwrap();
    s.send(&ok("")).unwrap();
    s.receive(b"PASS b\r\n");
    s.next_event().unwrap();
    s.send(&ok("")).unwrap();
    s.receive(b"QUIT\r\n");
    assert!(matches!(
        s.next_event(),
        Ok(Some(server::Event::Command(Command::Quit)))
    ));
    assert_eq!(s.state(), State::Update);
    assert!(!s.is_closed());
    // RFC 1939 §6: -ERR reports that some deleted messages were not removed;
    // the session ends all the same.
    s.send(&err("some deleted messages not removed")).unwrap();
    assert!(s.is_closed());
    s.receive(b"NOOP\r\n");
    assert!(s.next_event().unwrap_err().is_fatal());
}

#[test]
fn client_refuses_unexpected_replies() {
    let mut c = client::Session::default();
    c.receive(b"+OK hi\r\n+OK nobody asked\r\n");
    assert!(matches!(
        c.next_event(),
        Ok(Some(client::Event::Greeting(_)))
    ));
    let e = c.next_event().unwrap_err();
    assert_eq!(e.kind, ProtocolErrorKind::Unexpected);
    assert_eq!(e.offset, 8);
    assert!(c.is_closed());
    // A greeting that does not decode is fatal too.
    let mut c = client::Session::default();
    c.receive(b"HELLO\r\n");
    assert!(c.next_event().unwrap_err().is_fatal());
    // A -ERR greeting closes the session.
    let mut c = client::Session::default();
    c.receive(b"-ERR busy\r\n");
    assert!(matches!(
        c.next_event(),
        Ok(Some(client::Event::Greeting(_)))
    ));
    assert!(c.is_closed());
}

#[test]
fn over_long_body_line_is_reported_and_the_stream_stays_in_sync() {
    let config = client::Config {
        limits: pop3_proto::limits::Limits {
            body_line: 14,
            ..pop3_proto::limits::Limits::DEFAULT
        },
        ..client::Config::default()
    };
    let p = all_splits(
        |p| {
            p.send(&["USER alice"]);
            p.send(&["PASS secret"]);
            p.send(&["RETR 2"]);
            p.send(&["RETR 1"]);
            p.send(&["LIST"]);
        },
        false,
        config,
    );
    let ev: Vec<&str> = p.log.events.iter().map(String::as_str).collect();
    let retr2 = ev.iter().position(|e| e.starts_with("Retr")).unwrap();
    assert!(ev[retr2 + 1].starts_with("error Frame(BodyLineTooLong { limit: 14, line: 6 })"));
    assert!(!ev[retr2 + 1].contains("fatal=true"));
    assert!(ev[retr2 + 2].starts_with("end "));
    assert_eq!(ev[retr2 + 3], "Retr +OK message follows");
    assert_eq!(
        ev[retr2 + 4],
        "end Subject: one\\r\\n\\r\\nHello\\r\\n.\\r\\n..dots\\r\\n.x\\r\\n"
    );
    assert_eq!(ev[retr2 + 5], "ListAll +OK scan listing");
}

#[test]
fn bad_listing_line_is_skipped_not_fatal() {
    let mut c = client::Session::default();
    c.receive(b"+OK hi\r\n");
    c.next_event().unwrap();
    c.send(&cmd("USER a")).unwrap();
    c.receive(b"+OK\r\n");
    c.next_event().unwrap();
    c.send(&cmd("PASS b")).unwrap();
    c.receive(b"+OK\r\n");
    c.next_event().unwrap();
    c.send(&cmd("LIST")).unwrap();
    c.receive(b"+OK\r\n1 10\r\nbogus\r\n2 20\r\n.\r\n");
    assert!(matches!(
        c.next_event(),
        Ok(Some(client::Event::Response { .. }))
    ));
    assert!(matches!(
        c.next_event(),
        Ok(Some(client::Event::BodyLine(BodyLine::Scan(_))))
    ));
    let e = c.next_event().unwrap_err();
    assert!(!e.is_fatal());
    assert_eq!(e.offset, 29);
    let scan = ScanListing {
        msg: pop3_proto::types::MessageNumber::new(2).unwrap(),
        octets: 20,
        extra: pop3_proto::types::Text::new(&b""[..]).unwrap(),
    };
    assert_eq!(
        c.next_event(),
        Ok(Some(client::Event::BodyLine(BodyLine::Scan(scan))))
    );
    assert_eq!(c.next_event(), Ok(Some(client::Event::BodyEnd)));
    assert_eq!(c.next_event(), Ok(None));
}

#[test]
fn lang_listing_is_typed() {
    let p = all_splits(|p| p.send(&["LANG"]), false, client::Config::default());
    assert!(
        p.log
            .events
            .iter()
            .any(|e| e.contains("Language(LangListing"))
    );
}

#[test]
fn idle_sessions_are_small() {
    assert!(std::mem::size_of::<client::Session>() <= 512);
    assert!(std::mem::size_of::<server::Session>() <= 512);
}

#[test]
fn quirks_come_as_warnings_before_their_event() {
    use pop3_proto::quirks::Quirk;
    let input = b"+ok hi\r\n";
    for cut in 0..=input.len() {
        let mut c = client::Session::default();
        c.receive(&input[..cut]);
        let mut seen = Vec::new();
        while let Ok(Some(ev)) = c.next_event() {
            seen.push(format!("{ev:?}"));
        }
        c.receive(&input[cut..]);
        while let Ok(Some(ev)) = c.next_event() {
            seen.push(format!("{ev:?}"));
        }
        assert_eq!(seen.len(), 2, "{cut}: {seen:?}");
        assert!(
            seen[0].contains(&format!("{:?}", Quirk::LowercaseStatus)),
            "{seen:?}"
        );
        assert!(seen[1].starts_with("Greeting"), "{seen:?}");
    }
    // Servers accept a bare LF after a command by default, with a warning.
    let mut s = server::Session::default();
    s.send(&ok("hi")).unwrap();
    s.receive(b"CAPA\nQUIT\r\n");
    assert!(matches!(
        s.next_event(),
        Ok(Some(server::Event::Warning(w))) if w.quirk == Quirk::BareLf
    ));
    assert!(matches!(
        s.next_event(),
        Ok(Some(server::Event::Command(Command::Capa)))
    ));
    // A strict server refuses it.
    let config = server::Config {
        quirks: pop3_proto::quirks::Quirks::strict(),
        ..server::Config::default()
    };
    let mut s = server::Session::new(config);
    s.send(&ok("hi")).unwrap();
    s.receive(b"CAPA\nQUIT\r\n");
    let e = s.next_event().unwrap_err();
    assert!(e.reply.is_some() && !e.is_fatal());
    s.send(e.reply.as_ref().unwrap()).unwrap();
    assert!(matches!(
        s.next_event(),
        Ok(Some(server::Event::Command(Command::Quit)))
    ));
}

mod random {
    use super::*;
    use proptest::prelude::*;

    /// Bytes that look enough like POP3 to reach deep states.
    fn wire() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            Just(b"+OK ".to_vec()),
            Just(b"-ERR x".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b".\r\n".to_vec()),
            Just(b"..".to_vec()),
            Just(b"+ ".to_vec()),
            Just(b"USER a\r\n".to_vec()),
            Just(b"PASS b\r\n".to_vec()),
            Just(b"AUTH PLAIN\r\n".to_vec()),
            Just(b"STLS\r\n".to_vec()),
            Just(b"QUIT\r\n".to_vec()),
            Just(b"1 2\r\n".to_vec()),
            proptest::collection::vec(any::<u8>(), 0..8),
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn server_never_panics(input in wire(), cut in 0usize..400) {
            let mut s = server::Session::default();
            s.send(&ok("hi")).unwrap();
            let cut = cut.min(input.len());
            for piece in [&input[..cut], &input[cut..]] {
                s.receive(piece);
                for _ in 0..200 {
                    match s.next_event() {
                        Ok(None) => break,
                        Ok(Some(server::Event::Command(c))) => {
                            let multi = CommandKind::of(&c).body().is_some();
                            let _ = s.send(&ok("x"));
                            if multi {
                                let _ = s.send_body(b"a\r\n.b");
                                let _ = s.end_body();
                            }
                            let _ = s.send_continuation(&Continuation {
                                data: SaslData::new(&b""[..]).unwrap(),
                            });
                        }
                        Ok(Some(server::Event::AuthResponse(_))) => {
                            let _ = s.send(&err("no"));
                        }
                        Ok(Some(server::Event::Warning(_))) => {}
                        Err(e) => {
                            if let Some(r) = e.reply {
                                let _ = s.send(&r);
                            }
                        }
                    }
                }
                let _ = s.take_transmit();
            }
        }

        #[test]
        fn client_never_panics(input in wire(), cut in 0usize..400, first in 0usize..6) {
            let config = client::Config {
                assume_pipelining: true,
                ..client::Config::default()
            };
            let mut c = client::Session::new(config);
            let cmds = ["CAPA", "USER a", "LIST", "RETR 1", "AUTH PLAIN", "STLS"];
            let cut = cut.min(input.len());
            for piece in [&input[..cut], &input[cut..]] {
                c.receive(piece);
                for _ in 0..200 {
                    match c.next_event() {
                        Ok(None) => break,
                        Ok(Some(client::Event::Continuation(_))) => {
                            let _ = c.send_auth_response(&AuthResponse::Cancel);
                        }
                        Ok(Some(client::Event::StartTls)) => {
                            let _ = c.tls_established();
                        }
                        Ok(Some(_)) => {}
                        Err(e) if e.is_fatal() => break,
                        Err(_) => {}
                    }
                    for line in cmds.iter().cycle().skip(first).take(3) {
                        let _ = c.send(&cmd(line));
                    }
                }
            }
        }

        #[test]
        fn message_bodies_cross_intact(
            body in proptest::collection::vec(
                prop_oneof![Just(b'.'), Just(b'\r'), Just(b'\n'), any::<u8>()], 0..300),
            chunk in 1usize..40,
            cut in 0usize..400,
        ) {
            let mut s = server::Session::new(server::Config {
                normalize_bare_lf: false,
                ..server::Config::default()
            });
            let mut c = client::Session::default();
            s.send(&ok("hi")).unwrap();
            for line in ["USER a", "PASS b", "RETR 1"] {
                c.receive(&s.take_transmit());
                while let Ok(Some(_)) = c.next_event() {}
                c.send(&cmd(line)).unwrap();
                s.receive(&c.take_transmit());
                prop_assert!(matches!(s.next_event(), Ok(Some(server::Event::Command(_)))));
                s.send(&ok("")).unwrap();
            }
            for piece in body.chunks(chunk) {
                s.send_body(piece).unwrap();
            }
            s.end_body().unwrap();
            let wire = s.take_transmit();
            let cut = cut.min(wire.len());
            let mut got = Vec::new();
            let mut ended = false;
            for piece in [&wire[..cut], &wire[cut..]] {
                c.receive(piece);
                loop {
                    match c.next_event() {
                        Ok(Some(client::Event::BodyChunk(b))) => got.extend_from_slice(b),
                        Ok(Some(client::Event::BodyEnd)) => ended = true,
                        Ok(Some(_)) => {}
                        Ok(None) => break,
                        Err(e) => prop_assert!(false, "{e}"),
                    }
                }
            }
            let mut want = body.clone();
            if !want.is_empty() && !want.ends_with(b"\r\n") {
                want.extend_from_slice(b"\r\n");
            }
            prop_assert!(ended);
            prop_assert_eq!(got, want);
        }
    }
}

#[test]
fn tls_established_refuses_while_plaintext_is_buffered() {
    let mut s = server::Session::default();
    s.send(&ok("hi")).unwrap();
    s.receive(b"STLS\r\n");
    assert!(matches!(s.next_event(), Ok(Some(_))));
    s.send(&ok("go")).unwrap();
    s.receive(b"USER evil\r\n");
    // The driver forgot to poll: the plaintext must not pass as protected.
    assert_eq!(
        s.tls_established().unwrap_err().kind,
        SendErrorKind::BytesBeforeTls
    );
    assert_eq!(s.state(), State::Authorization(Authorization::Tls));
    assert_eq!(
        s.next_event().unwrap_err().kind,
        ProtocolErrorKind::Injection
    );
    assert!(s.is_closed());

    let mut c = client::Session::default();
    c.receive(b"+OK hi\r\n");
    c.next_event().unwrap();
    c.send(&cmd("STLS")).unwrap();
    c.receive(b"+OK go\r\n");
    while let Ok(Some(_)) = c.next_event() {}
    c.receive(b"+OK forged\r\n");
    assert_eq!(
        c.tls_established().unwrap_err().kind,
        SendErrorKind::BytesBeforeTls
    );
    assert_eq!(
        c.next_event().unwrap_err().kind,
        ProtocolErrorKind::Injection
    );
    assert!(c.is_closed());
    assert!(c.tls_established().is_err());
}

#[test]
fn bad_sasl_line_ends_the_exchange_with_err() {
    let long = [&[b'A'; 13000][..], b"\r\n"].concat();
    for bad in [&b"not base64!\r\n"[..], &long[..]] {
        let mut s = server::Session::default();
        s.send(&ok("hi")).unwrap();
        s.receive(b"AUTH PLAIN\r\n");
        assert!(matches!(
            s.next_event(),
            Ok(Some(server::Event::Command(_)))
        ));
        s.send_continuation(&Continuation {
            data: SaslData::new(&b""[..]).unwrap(),
        })
        .unwrap();
        s.receive(bad);
        s.receive(b"CAPA\r\n");
        let e = s.next_event().unwrap_err();
        assert!(!e.is_fatal());
        assert_eq!(
            s.send(&ok("sure")).unwrap_err().kind,
            SendErrorKind::MustBeErr
        );
        s.send(e.reply.as_ref().unwrap()).unwrap();
        assert_eq!(s.state(), State::Authorization(Authorization::Ready));
        assert!(matches!(
            s.next_event(),
            Ok(Some(server::Event::Command(Command::Capa)))
        ));
    }
}

#[test]
fn bare_lf_in_a_body_is_reported_once_by_policy() {
    use pop3_proto::framing::BareLf;
    use pop3_proto::quirks::{Quirk, Warning};
    let stream = b"+OK hi\r\n+OK\r\n+OK\r\n+OK\r\nab\ncd\nef\r\n.\r\n+OK\r\n";
    let run = |policy: BareLf, cut: usize| {
        let config = client::Config {
            bare_lf: policy,
            assume_pipelining: true,
            ..client::Config::default()
        };
        let mut c = client::Session::new(config);
        let mut log = Vec::new();
        let mut body = Vec::new();
        for piece in [&stream[..cut], &stream[cut..]] {
            c.receive(piece);
            loop {
                match c.next_event() {
                    Ok(None) => break,
                    Ok(Some(client::Event::BodyChunk(b))) => body.extend_from_slice(b),
                    Ok(Some(client::Event::Warning(w))) => log.push(format!("{w:?}")),
                    Ok(Some(client::Event::BodyEnd)) => {
                        log.push(format!("end {:?}", String::from_utf8_lossy(&body)));
                    }
                    Ok(Some(client::Event::Greeting(_))) => {
                        for l in ["USER a", "PASS b", "RETR 1", "NOOP"] {
                            c.send(&cmd(l)).unwrap();
                        }
                    }
                    Ok(Some(ev)) => log.push(format!("{ev:?}").chars().take(40).collect()),
                    Err(e) => log.push(format!("error {:?}", e.kind)),
                }
            }
        }
        log
    };
    let warning = format!(
        "{:?}",
        Warning {
            // In the stream: the body starts after four status lines.
            offset: 23 + 2,
            quirk: Quirk::BareLf
        }
    );
    for cut in 0..=stream.len() {
        let pass = run(BareLf::Pass, cut);
        assert_eq!(pass[3], warning, "{cut}");
        assert_eq!(pass[4], r#"end "ab\ncd\nef\r\n""#, "{cut}");
        assert_eq!(pass.len(), 6, "{cut}");
        let norm = run(BareLf::Normalize, cut);
        assert_eq!(norm[3], warning, "{cut}");
        assert_eq!(norm[4], r#"end "ab\r\ncd\r\nef\r\n""#, "{cut}");
        let reject = run(BareLf::Reject, cut);
        assert_eq!(reject[3], "error Frame(BodyBareLf { line: 1 })", "{cut}");
        assert_eq!(reject.len(), 6, "{cut}: {reject:?}");
    }
}

#[test]
fn bare_cr_in_a_body_is_reported_once_by_policy() {
    use pop3_proto::framing::BareLf;
    use pop3_proto::quirks::Quirk;
    // Two bare CRs (after "ab" and after "cd"), one bare LF after "ef".
    let stream = b"+OK hi\r\n+OK\r\n+OK\r\n+OK\r\nab\rcd\ref\nx\r\n.\r\n+OK\r\n";
    let body_start = 23;
    let run = |policy: BareLf, cut: usize| {
        let config = client::Config {
            bare_lf: policy,
            assume_pipelining: true,
            ..client::Config::default()
        };
        let mut c = client::Session::new(config);
        let mut log = Vec::new();
        let mut body = Vec::new();
        for piece in [&stream[..cut], &stream[cut..]] {
            c.receive(piece);
            loop {
                match c.next_event() {
                    Ok(None) => break,
                    Ok(Some(client::Event::BodyChunk(b))) => body.extend_from_slice(b),
                    Ok(Some(client::Event::Warning(w))) => {
                        log.push(format!("{:?} at {}", w.quirk, w.offset))
                    }
                    Ok(Some(client::Event::BodyEnd)) => {
                        log.push(format!("end {:?}", String::from_utf8_lossy(&body)));
                    }
                    Ok(Some(client::Event::Greeting(_))) => {
                        for l in ["USER a", "PASS b", "RETR 1", "NOOP"] {
                            c.send(&cmd(l)).unwrap();
                        }
                    }
                    Ok(Some(_)) => {}
                    Err(e) => log.push(format!("error {:?} at {}", e.kind, e.offset)),
                }
            }
        }
        log
    };
    let cr = format!("{:?} at {}", Quirk::BareCr, body_start + 2);
    let lf = format!("{:?} at {}", Quirk::BareLf, body_start + 8);
    for cut in 0..=stream.len() {
        let pass = run(BareLf::Pass, cut);
        assert_eq!(pass.len(), 3, "{cut}: {pass:?}");
        assert!(pass.contains(&cr) && pass.contains(&lf), "{cut}: {pass:?}");
        assert_eq!(pass[2], r#"end "ab\rcd\ref\nx\r\n""#, "{cut}");
        let norm = run(BareLf::Normalize, cut);
        assert_eq!(norm.len(), 3, "{cut}: {norm:?}");
        assert_eq!(norm[0], cr, "{cut}");
        assert_eq!(norm[2], r#"end "ab\r\ncd\r\nef\r\nx\r\n""#, "{cut}");
        let reject = run(BareLf::Reject, cut);
        assert_eq!(
            reject[0],
            format!("error Frame(BodyBareCr {{ line: 1 }}) at {body_start}"),
            "{cut}: {reject:?}"
        );
        assert_eq!(reject.len(), 2, "{cut}: {reject:?}");
    }
}
