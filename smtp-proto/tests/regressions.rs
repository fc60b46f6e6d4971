//! Named regressions for fuzz findings (fuzz/regressions/smtp-proto/ in
//! the fuzz worktree): each input as found, and the property it broke.

use smtp_proto::client;
use smtp_proto::parse;
use smtp_proto::quirks::Quirks;
use smtp_proto::server;
use smtp_proto::session::State;
use smtp_proto::types::Reply;

/// What the grammar reads, quirks read the same, with no warning.
fn strict_and_lenient_agree(line: &[u8]) {
    let strict = parse::command(line).expect("strict decode");
    let mut warnings = Vec::new();
    let lenient = parse::command_with(line, &Quirks::server_default(), &mut warnings);
    assert_eq!(lenient.as_ref().ok(), Some(&strict));
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// `smtp_command-dot-verb-trailing-space`: `. \r\n` is the unknown verb `.`
/// with empty arguments; the trailing-whitespace quirk dropped the space and
/// the arguments, and warned.
#[test]
fn smtp_command_dot_verb_trailing_space() {
    strict_and_lenient_agree(b". \r\n");
}

/// `smtp_command-tab-verb-strict-only`: `\t\r\n` decodes strictly (an unknown
/// verb), but with quirks the tab was trimmed away and nothing was left.
#[test]
fn smtp_command_tab_verb_strict_only() {
    strict_and_lenient_agree(b"\t\r\n");
}

fn reply(wire: &[u8]) -> Reply<'static> {
    parse::reply(wire).unwrap().into_static()
}

/// `smtp_session-send-raw-mail-without-brackets`: a raw
/// `MAIL FROM:a@example.net` is a MAIL to a server with its default quirks,
/// but the client classified it strictly as an unknown command, so after
/// the 250 the two sessions were in different states.
#[test]
fn smtp_session_send_raw_mail_without_brackets() {
    let mut c = client::Session::new(client::Config::default());
    let mut s = server::Session::new(server::Config::default());
    let greeting = reply(b"220 mx.example.org ESMTP\r\n");
    s.send(&greeting).unwrap();
    c.receive(&s.take_transmit());
    c.next_event().unwrap();
    for (line, answer) in [
        (
            &b"EHLO client.example.net\r\n"[..],
            &b"250 mx.example.org\r\n"[..],
        ),
        (b"MAIL FROM:a@example.net\r\n", b"250 2.1.0 Ok\r\n"),
    ] {
        c.send_raw(line).unwrap();
        s.receive(&c.take_transmit());
        loop {
            match s.next_event() {
                Ok(Some(server::Event::Command(_))) => break,
                Ok(Some(_)) => {}
                other => panic!("{other:?}"),
            }
        }
        s.send(&reply(answer)).unwrap();
        c.receive(&s.take_transmit());
        assert!(matches!(
            c.next_event(),
            Ok(Some(client::Event::Reply { .. }))
        ));
        assert_eq!(c.state(), s.state());
    }
    assert_eq!(c.state(), State::Mail);
}

/// `smtp_session-send-raw-during-auth`: after a `334`, a raw `QUIT` was sent
/// as a command, but the server reads every line of an AUTH exchange as
/// SASL data (`QUIT` is valid base64); the next reply then moved the server
/// to Ready while the client stayed in Auth. A raw command line is refused
/// while an AUTH response is due, before and after the 334 arrives.
#[test]
fn smtp_session_send_raw_during_auth() {
    let mut c = client::Session::new(client::Config::default());
    let mut s = server::Session::new(server::Config::default());
    s.send(&reply(b"220 mx.example.org ESMTP\r\n")).unwrap();
    c.receive(&s.take_transmit());
    c.next_event().unwrap();
    c.send_raw(b"EHLO client.example.net\r\n").unwrap();
    s.receive(&c.take_transmit());
    assert!(matches!(
        s.next_event(),
        Ok(Some(server::Event::Command(_)))
    ));
    s.send(&reply(b"250-mx.example.org\r\n250 AUTH PLAIN\r\n"))
        .unwrap();
    c.receive(&s.take_transmit());
    c.next_event().unwrap();
    c.send_raw(b"AUTH PLAIN\r\n").unwrap();
    // Before the 334: the AUTH is outstanding and will want a response.
    assert!(c.send_raw(b"QUIT\r\n").is_err());
    s.receive(&c.take_transmit());
    assert!(matches!(
        s.next_event(),
        Ok(Some(server::Event::Command(_)))
    ));
    s.send(&reply(b"334 \r\n")).unwrap();
    c.receive(&s.take_transmit());
    assert!(matches!(
        c.next_event(),
        Ok(Some(client::Event::Reply { .. }))
    ));
    assert_eq!(c.state(), State::Auth);
    // After the 334: still refused, and nothing was written.
    assert!(c.send_raw(b"QUIT\r\n").is_err());
    assert!(c.take_transmit().is_empty());
    assert_eq!((c.state(), s.state()), (State::Auth, State::Auth));
}
