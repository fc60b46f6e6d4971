//! RFC 6856: UTF-8 mode after `UTF8`, UTF-8 credentials (§2.2), no `STLS`
//! after `UTF8` (§2.1), and `LANG` in AUTHORIZATION and TRANSACTION (§3).

use pop3_proto::client;
use pop3_proto::error::{ProtocolErrorKind, SendErrorKind};
use pop3_proto::server;
use pop3_proto::session::{Authorization, BodyLine, CommandKind, State};
use pop3_proto::types::{
    Capability, Command, LangListing, LanguageRange, LanguageTag, Param, Response, Secret, Text,
};

fn ok(text: &str) -> Response<'static> {
    Response::ok(text.as_bytes().to_vec()).unwrap()
}

fn err(text: &str) -> Response<'static> {
    Response::err(text.as_bytes().to_vec()).unwrap()
}

fn user(name: &[u8]) -> Command<'static> {
    Command::User(Param::new(name.to_vec()).unwrap())
}

fn pass(secret: &[u8]) -> Command<'static> {
    Command::Pass(Secret::new(secret.to_vec()).unwrap())
}

/// A client and a server, greeted.
struct Pair {
    c: client::Session,
    s: server::Session,
}

impl Pair {
    fn new() -> Pair {
        let mut s = server::Session::default();
        let mut c = client::Session::default();
        s.send(&ok("ready")).unwrap();
        c.receive(&s.take_transmit());
        assert!(matches!(
            c.next_event(),
            Ok(Some(client::Event::Greeting(_)))
        ));
        Pair { c, s }
    }

    /// The client sends `cmd`; the server decodes it and answers with
    /// `reply` (and `body` lines for a multi-line `+OK`); the client decodes
    /// the answer. Returns the command the server saw.
    fn exchange(
        &mut self,
        cmd: &Command<'_>,
        reply: &Response<'_>,
        body: &[BodyLine<'_>],
    ) -> Command<'static> {
        self.c.send(cmd).unwrap();
        self.s.receive(&self.c.take_transmit());
        let seen = match self.s.next_event() {
            Ok(Some(server::Event::Command(c))) => c.into_static(),
            other => panic!("{other:?}"),
        };
        self.s.send(reply).unwrap();
        if reply.is_ok() && seen.expects_multi_line() {
            for line in body {
                self.s.send_body_line(line).unwrap();
            }
            self.s.end_body().unwrap();
        }
        self.c.receive(&self.s.take_transmit());
        while let Some(ev) = self.c.next_event().unwrap() {
            let _ = ev;
        }
        seen
    }

    fn capa(&mut self, caps: &[Capability<'static>]) {
        let lines: Vec<BodyLine<'_>> = caps.iter().cloned().map(BodyLine::Capability).collect();
        self.exchange(&Command::Capa, &ok(""), &lines);
    }
}

#[test]
fn utf8_mode_after_ok_on_both_sides() {
    let mut p = Pair::new();
    assert!(!p.c.is_utf8() && !p.s.is_utf8());
    p.capa(&[Capability::Utf8 { user: true }]);
    p.exchange(&Command::Utf8, &ok("UTF8 enabled"), &[]);
    assert!(p.c.is_utf8() && p.s.is_utf8());
    let seen = p.exchange(&user("josé".as_bytes()), &ok(""), &[]);
    let Command::User(name) = seen else { panic!() };
    assert_eq!(name.to_str(), Ok("josé"));
    let seen = p.exchange(&pass("sécret".as_bytes()), &ok(""), &[]);
    let Command::Pass(secret) = seen else {
        panic!()
    };
    assert_eq!(secret.expose_str(), Ok("sécret"));
    assert_eq!(p.c.state(), State::Transaction);
    assert_eq!(p.s.state(), State::Transaction);
    assert!(p.c.is_utf8() && p.s.is_utf8());
}

#[test]
fn a_refused_utf8_leaves_ascii_mode() {
    let mut p = Pair::new();
    p.exchange(&Command::Utf8, &err("no"), &[]);
    assert!(!p.c.is_utf8() && !p.s.is_utf8());
    // STLS is still allowed.
    p.c.send(&Command::Stls).unwrap();
}

#[test]
fn client_sends_utf8_credentials_only_where_offered_and_valid() {
    let mut p = Pair::new();
    assert_eq!(
        p.c.send(&user("josé".as_bytes())).unwrap_err().kind,
        SendErrorKind::Utf8NotOffered
    );
    p.capa(&[Capability::Utf8 { user: false }]);
    assert_eq!(
        p.c.send(&user("josé".as_bytes())).unwrap_err().kind,
        SendErrorKind::Utf8NotOffered
    );
    p.capa(&[Capability::Utf8 { user: true }]);
    // RFC 6856 §2.2: before UTF8 too, once offered.
    assert_eq!(
        p.c.send(&user(b"jos\xe9")).unwrap_err().kind,
        SendErrorKind::NotUtf8
    );
    assert_eq!(p.c.outstanding(), 0);
    p.exchange(&user("josé".as_bytes()), &ok(""), &[]);
    assert_eq!(
        p.c.send(&pass(b"s\xe9cret")).unwrap_err().kind,
        SendErrorKind::NotUtf8
    );
    p.exchange(&pass("sécret".as_bytes()), &ok(""), &[]);
    assert_eq!(p.c.state(), State::Transaction);
}

#[test]
fn no_stls_after_utf8() {
    let mut p = Pair::new();
    p.c.send(&Command::Utf8).unwrap();
    // Even before the reply: RFC 6856 §2.1 forbids issuing it after UTF8.
    let pipelined = client::Config {
        assume_pipelining: true,
        ..client::Config::default()
    };
    let mut c = client::Session::new(pipelined);
    c.receive(b"+OK hi\r\n");
    c.next_event().unwrap();
    c.send(&Command::Utf8).unwrap();
    assert_eq!(
        c.send(&Command::Stls).unwrap_err().kind,
        SendErrorKind::IllegalCommand(CommandKind::Stls)
    );
    p.s.receive(&p.c.take_transmit());
    assert!(matches!(
        p.s.next_event(),
        Ok(Some(server::Event::Command(Command::Utf8)))
    ));
    p.s.send(&ok("")).unwrap();
    p.c.receive(&p.s.take_transmit());
    while p.c.next_event().unwrap().is_some() {}
    assert_eq!(
        p.c.send(&Command::Stls).unwrap_err().kind,
        SendErrorKind::IllegalCommand(CommandKind::Stls)
    );
    // A client that sends it anyway gets -ERR and stays in AUTHORIZATION.
    p.s.receive(b"STLS\r\n");
    let e = p.s.next_event().unwrap_err();
    assert!(matches!(
        e.kind,
        ProtocolErrorKind::IllegalCommand {
            command: CommandKind::Stls,
            ..
        }
    ));
    p.s.send(e.reply.as_ref().unwrap()).unwrap();
    assert_eq!(p.s.state(), State::Authorization(Authorization::Ready));
}

#[test]
fn server_refuses_credentials_that_are_not_utf8_in_utf8_mode() {
    let mut s = server::Session::default();
    s.send(&ok("hi")).unwrap();
    // Before UTF8, 8-bit octets pass as bytes; reading them as UTF-8 is
    // the caller's choice.
    s.receive(b"USER jos\xe9\r\n");
    let Ok(Some(server::Event::Command(Command::User(name)))) = s.next_event() else {
        panic!()
    };
    assert!(name.to_str().is_err());
    s.send(&err("no such user")).unwrap();
    s.receive(b"UTF8\r\n");
    assert!(matches!(
        s.next_event(),
        Ok(Some(server::Event::Command(Command::Utf8)))
    ));
    s.send(&ok("")).unwrap();
    assert!(s.is_utf8());
    let mut received = 11 + 6;
    for (line, bad_at) in [
        (&b"USER jos\xe9\r\n"[..], 8),
        (b"APOP jos\xc3 c4c9334bac560ecc979e58001b3e22fb\r\n", 8),
    ] {
        s.receive(line);
        let e = s.next_event().unwrap_err();
        assert!(!e.is_fatal());
        assert_eq!(e.expected, "a UTF-8 user name or password");
        // The offset names the first byte that is not UTF-8, in the stream.
        assert_eq!(e.offset, received + bad_at);
        received += line.len() as u64;
        s.send(e.reply.as_ref().unwrap()).unwrap();
    }
    s.receive("USER josé\r\n".as_bytes());
    assert!(matches!(
        s.next_event(),
        Ok(Some(server::Event::Command(Command::User(_))))
    ));
    s.send(&ok("")).unwrap();
    s.receive(b"PASS s\xe9cret\r\n");
    let e = s.next_event().unwrap_err();
    assert_eq!(e.reply.as_ref().map(Response::is_ok), Some(false));
    s.send(e.reply.as_ref().unwrap()).unwrap();
    assert!(s.state().is_authorization());
}

fn lang(tag: &str) -> Command<'static> {
    Command::Lang(Some(LanguageRange::Tag(
        LanguageTag::new(tag.to_owned()).unwrap(),
    )))
}

#[test]
fn lang_in_authorization_and_transaction() {
    let listing = [BodyLine::Language(LangListing {
        tag: LanguageTag::new("en").unwrap(),
        description: Text::new(&b"English"[..]).unwrap(),
    })];
    let mut p = Pair::new();
    let ready = State::Authorization(Authorization::Ready);
    // AUTHORIZATION: both forms, answered and refused; the state stays.
    p.exchange(&lang("es"), &ok("es Idioma cambiado"), &[]);
    p.exchange(
        &Command::Lang(None),
        &ok("Language listing follows:"),
        &listing,
    );
    p.exchange(&lang("uga"), &err("unknown"), &[]);
    p.exchange(
        &Command::Lang(Some(LanguageRange::Any)),
        &ok("es Idioma cambiado"),
        &[],
    );
    assert_eq!((p.c.state(), p.s.state()), (ready, ready));
    p.exchange(&user(b"karen"), &ok(""), &[]);
    p.exchange(&pass(b"password"), &ok(""), &[]);
    // TRANSACTION: the same, and the state stays.
    p.exchange(&lang("sv"), &ok("sv Kommandot lyckades"), &[]);
    p.exchange(&Command::Lang(None), &ok(""), &listing);
    p.exchange(&Command::Lang(None), &err("unable to list"), &[]);
    assert_eq!(p.c.state(), State::Transaction);
    assert_eq!(p.s.state(), State::Transaction);
    // LANG after UTF8 too (UTF8 itself is AUTHORIZATION only).
    let mut p = Pair::new();
    p.exchange(&Command::Utf8, &ok(""), &[]);
    p.exchange(&lang("de"), &ok("de Sprache geändert"), &[]);
    assert!(p.c.is_utf8());
}
