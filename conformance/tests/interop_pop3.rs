//! Our POP3 client (pop3_proto::client::Session over std::net, rustls for
//! STLS) against Dovecot: CAPA, STLS, USER/PASS, AUTH PLAIN, STAT, LIST,
//! UIDL, TOP, RETR, DELE, RSET, pipelining, QUIT. Messages reach Dovecot
//! over LMTP (Python's smtplib); the message read back is byte for byte the
//! one delivered, below the trace fields. Each conversation is saved under
//! `conformance/transcripts/captured/` and replayed by the oracle.

use conformance::interop::capture::save_and_replay;
use conformance::interop::clients::{self, python};
use conformance::interop::drivers::pop3_client::{Answer, Pop3Client};
use conformance::interop::message::{sample, strip_trace};
use conformance::interop::peers::dovecot::{self, Dovecot};
use conformance::interop::record::Recording;
use conformance::interop::tls::client_config;
use conformance::interop::tools::ensure;
use conformance::interop::workdir::Workdir;
use pop3_proto::session::BodyLine;
use pop3_proto::types::{Capability, Command, MessageNumber, Param, Secret};
use std::time::Duration;

fn msg(n: u32) -> MessageNumber {
    MessageNumber::new(n).unwrap()
}

fn ok(answer: &Answer) -> &Answer {
    assert!(answer.response.is_ok(), "{answer:?}");
    answer
}

/// Delivers `messages` to alice and bob over LMTP with smtplib.
fn deliver(dovecot: &Dovecot, work: &Workdir, messages: &[Vec<u8>]) {
    let port = dovecot.port("lmtp").unwrap().to_string();
    for (i, message) in messages.iter().enumerate() {
        let file = work.path().join(format!("m{i}.eml"));
        std::fs::write(&file, message).unwrap();
        python(
            "smtplib_send.py",
            &[
                "--lmtp",
                "--port",
                &port,
                "--mail-from",
                "sender@example.net",
                "--rcpt",
                "alice@example.org",
                "--rcpt",
                "bob@example.org",
                "--message",
                file.to_str().unwrap(),
            ],
        )
        .unwrap()
        .expect_success()
        .unwrap();
    }
    for user in ["alice@example.org", "bob@example.org"] {
        dovecot
            .wait_for_messages(user, messages.len(), Duration::from_secs(5))
            .unwrap();
    }
}

fn available() -> bool {
    ensure("Dovecot", &dovecot::REQUIREMENTS) && ensure("Python", &clients::PYTHON)
}

#[test]
fn pop3_client_with_stls_and_user_pass_against_dovecot() {
    if !available() {
        return;
    }
    let dovecot = Dovecot::start(&["pop3", "lmtp"]).unwrap();
    let work = Workdir::new("pop3-client").unwrap();
    let messages = [sample("pop3-first"), sample("pop3-second")];
    deliver(&dovecot, &work, &messages);

    let recording = Recording::new();
    let (mut c, greeting) =
        Pop3Client::connect(dovecot.port("pop3").unwrap(), recording.clone()).unwrap();
    assert!(greeting.is_ok());

    let capa = c.command(&Command::Capa).unwrap();
    ok(&capa);
    let caps: Vec<_> = capa
        .lines
        .iter()
        .filter_map(|l| match l {
            BodyLine::Capability(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    assert!(caps.contains(&Capability::Stls), "{caps:?}");
    assert!(caps.contains(&Capability::Pipelining), "{caps:?}");

    c.stls(client_config(dovecot.cert()).unwrap()).unwrap();
    // After TLS the capabilities are forgotten (RFC 2595 §4); ask again.
    assert!(c.session().capabilities().is_none());
    let capa = ok(&c.command(&Command::Capa).unwrap()).clone();
    assert!(
        !capa.lines.contains(&BodyLine::Capability(Capability::Stls)),
        "STLS offered again inside TLS: {capa:?}"
    );

    ok(&c
        .command(&Command::User(
            Param::new(&b"alice@example.org"[..]).unwrap(),
        ))
        .unwrap());
    ok(&c
        .command(&Command::Pass(Secret::new(&b"alice-secret"[..]).unwrap()))
        .unwrap());

    let stat = ok(&c.command(&Command::Stat).unwrap()).clone();
    let list = ok(&c.command(&Command::List(None)).unwrap()).clone();
    let sizes: Vec<u64> = list
        .lines
        .iter()
        .filter_map(|l| match l {
            BodyLine::Scan(s) => Some(s.octets),
            _ => None,
        })
        .collect();
    assert_eq!(sizes.len(), 2, "{list:?}");
    let total: u64 = sizes.iter().sum();
    assert!(
        String::from_utf8_lossy(stat.response.text().as_bytes()).starts_with(&format!("2 {total}")),
        "{stat:?} vs LIST {sizes:?}"
    );
    let uidl = ok(&c.command(&Command::Uidl(None)).unwrap()).clone();
    assert_eq!(uidl.lines.len(), 2, "{uidl:?}");
    ok(&c.command(&Command::List(Some(msg(2)))).unwrap());
    ok(&c.command(&Command::Uidl(Some(msg(1)))).unwrap());

    let top = ok(&c
        .command(&Command::Top {
            msg: msg(1),
            lines: 0,
        })
        .unwrap())
    .clone();
    let header = top.message.unwrap();
    assert!(
        header.ends_with(b"\r\n\r\n"),
        "TOP 0 gives the header and the blank line"
    );
    let retr = ok(&c.command(&Command::Retr(msg(1))).unwrap()).clone();
    let message = retr.message.unwrap();
    // RFC 1939 §5: LIST gives the exact size of the message.
    assert_eq!(message.len() as u64, sizes[0]);
    let trace = strip_trace(&message, &messages[0]).unwrap();
    assert!(header.starts_with(trace));

    ok(&c.command(&Command::Dele(msg(1))).unwrap());
    let stat = ok(&c.command(&Command::Stat).unwrap()).clone();
    assert!(
        stat.response.text().as_bytes().starts_with(b"1 "),
        "{stat:?}"
    );
    let gone = c.command(&Command::Retr(msg(1))).unwrap();
    assert!(
        !gone.response.is_ok(),
        "a deleted message is refused: {gone:?}"
    );
    ok(&c.command(&Command::Rset).unwrap());

    // PIPELINING (RFC 2449 §6.6): three commands in one write.
    let answers = c
        .pipeline(&[Command::Stat, Command::Retr(msg(2)), Command::Noop])
        .unwrap();
    assert!(answers.iter().all(|a| a.response.is_ok()), "{answers:?}");
    assert!(answers[0].response.text().as_bytes().starts_with(b"2 "));
    strip_trace(answers[1].message.as_deref().unwrap(), &messages[1]).unwrap();

    // Dovecot needs none of the quirks the client accepts.
    assert_eq!(c.warnings(), &[]);
    ok(&c.quit().unwrap());
    save_and_replay(
        "pop3-mailwire-dovecot-stls",
        "pop3",
        "mailwire POP3 client to Dovecot 2.3 (CAPA, STLS, USER/PASS, STAT, LIST, UIDL, TOP, RETR, DELE, RSET, PIPELINING, QUIT)",
        &recording,
    )
    .unwrap();
}

#[test]
fn pop3_client_auth_plain_dele_and_update_against_dovecot() {
    if !available() {
        return;
    }
    let dovecot = Dovecot::start(&["pop3", "lmtp"]).unwrap();
    let work = Workdir::new("pop3-auth").unwrap();
    let messages = [sample("pop3-auth")];
    deliver(&dovecot, &work, &messages);
    let port = dovecot.port("pop3").unwrap();

    let recording = Recording::new();
    let (mut c, _) = Pop3Client::connect(port, recording.clone()).unwrap();
    // A bare AUTH lists the mechanisms (RFC 5034 §4; Dovecot answers it).
    let mechs = ok(&c.command(&Command::Auth(None)).unwrap()).clone();
    assert!(!mechs.lines.is_empty(), "{mechs:?}");
    let wrong = c.auth_plain("bob@example.org", "wrong").unwrap();
    assert!(!wrong.response.is_ok(), "{wrong:?}");
    ok(&c.auth_plain("bob@example.org", "bob-secret").unwrap());
    let retr = ok(&c.command(&Command::Retr(msg(1))).unwrap()).clone();
    strip_trace(retr.message.as_deref().unwrap(), &messages[0]).unwrap();
    ok(&c.command(&Command::Dele(msg(1))).unwrap());
    // QUIT in TRANSACTION enters UPDATE: the deletion is committed.
    ok(&c.quit().unwrap());
    save_and_replay(
        "pop3-mailwire-dovecot-auth-plain",
        "pop3",
        "mailwire POP3 client to Dovecot 2.3 (AUTH, AUTH PLAIN failed then right, RETR, DELE, QUIT)",
        &recording,
    )
    .unwrap();

    let (mut c, _) = Pop3Client::connect(port, Recording::new()).unwrap();
    ok(&c.auth_plain("bob@example.org", "bob-secret").unwrap());
    let stat = ok(&c.command(&Command::Stat).unwrap()).clone();
    assert!(
        stat.response.text().as_bytes().starts_with(b"0 0"),
        "{stat:?}"
    );
    ok(&c.quit().unwrap());
}
