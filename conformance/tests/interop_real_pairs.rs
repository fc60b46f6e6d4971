//! Real clients against real servers, through the recording proxy: the
//! Postfix → LMTP → Dovecot → POP3 chain works with the configs of
//! `conformance/peers/`, what comes back over POP3 is byte for byte what was
//! submitted, and each conversation becomes a transcript under
//! `conformance/transcripts/captured/` (real traffic for the replay oracle).
//! These run without TLS where the servers allow it, so the whole
//! conversation is plaintext and recorded; the TLS runs are in
//! interop_smtp.rs / interop_pop3.rs, recorded by our drivers.

use std::net::SocketAddr;
use std::time::Duration;

use conformance::interop::capture::{save, transcript};
use conformance::interop::clients::{self, arg, curl, python, swaks};
use conformance::interop::message::{sample, strip_trace};
use conformance::interop::peers::aiosmtpd::{self, Aiosmtpd};
use conformance::interop::peers::dovecot::{self, Dovecot};
use conformance::interop::peers::postfix::{self, Postfix};
use conformance::interop::proxy::RecordingProxy;
use conformance::interop::record::Recording;
use conformance::interop::tools::ensure;
use conformance::interop::workdir::Workdir;

fn local(port: u16) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], port))
}

fn only_conversation(proxy: &RecordingProxy) -> Recording {
    proxy.wait_idle();
    let mut convs = proxy.conversations();
    assert_eq!(convs.len(), 1, "expected one connection through the proxy");
    convs.remove(0)
}

fn mail_stack_available() -> bool {
    ensure("Dovecot", &dovecot::REQUIREMENTS) && ensure("Postfix", &postfix::REQUIREMENTS)
}

#[test]
fn swaks_to_postfix_then_curl_pop3_from_dovecot() {
    if !mail_stack_available()
        || !ensure("swaks", &clients::SWAKS)
        || !ensure("curl", &clients::CURL)
    {
        return;
    }
    let dovecot = Dovecot::start(&["pop3", "lmtp"]).unwrap();
    let postfix = Postfix::start(&dovecot, dovecot.cert()).unwrap();
    let work = Workdir::new("swaks").unwrap();
    let message = sample("swaks-postfix");
    let msg_file = work.path().join("message.eml");
    std::fs::write(&msg_file, &message).unwrap();

    let smtp_proxy = RecordingProxy::start(local(postfix.smtp_port())).unwrap();
    let server = format!("127.0.0.1:{}", smtp_proxy.port());
    swaks(&[
        "--server",
        &server,
        "--ehlo",
        "client.example.org",
        "--from",
        "alice@example.org",
        "--to",
        "bob@example.org,carol@example.org",
        "--auth",
        "PLAIN",
        "--auth-user",
        "alice@example.org",
        "--auth-password",
        "alice-secret",
        "--pipeline",
        "--data",
        arg(&msg_file).unwrap(),
    ])
    .unwrap()
    .expect_success()
    .unwrap_or_else(|e| panic!("{e}\n--- postfix.log\n{}", postfix.log_tail()));
    let smtp = only_conversation(&smtp_proxy);
    let text = transcript(
        "smtp",
        "swaks 20201014 to Postfix 3.7 (AUTH PLAIN, PIPELINING)",
        &smtp,
    );
    save("smtp-swaks-postfix", &text).unwrap();
    assert!(
        text.contains("\nC: ..a line that starts with a dot\n"),
        "{text}"
    );
    assert!(
        text.contains("\nS: 235 2.7.0 Authentication successful\n"),
        "{text}"
    );

    dovecot
        .wait_for_messages("bob@example.org", 1, Duration::from_secs(15))
        .unwrap();
    dovecot
        .wait_for_messages("carol@example.org", 1, Duration::from_secs(15))
        .unwrap();

    let pop3_proxy = RecordingProxy::start(local(dovecot.port("pop3").unwrap())).unwrap();
    let url = format!("pop3://127.0.0.1:{}/1", pop3_proxy.port());
    let run = curl(&[&url, "--user", "bob@example.org:bob-secret"]).unwrap();
    run.expect_success().unwrap();
    let pop3 = only_conversation(&pop3_proxy);
    save(
        "pop3-curl-dovecot",
        &transcript("pop3", "curl 7.88 to Dovecot 2.3 (USER/PASS, RETR)", &pop3),
    )
    .unwrap();
    // swaks ends the data with one more CRLF of its own before `.`: the
    // capture above shows it, so that is what was submitted.
    let mut submitted = message.clone();
    submitted.extend_from_slice(b"\r\n");
    assert!(text.contains("\nC: Alice\nC:\nC: .\n"), "{text}");
    let trace = strip_trace(&run.output.stdout, &submitted).unwrap();
    assert!(
        String::from_utf8_lossy(trace).contains("Received: from client.example.org"),
        "no Received field from Postfix: {}",
        String::from_utf8_lossy(trace)
    );
}

#[test]
fn smtplib_lmtp_to_dovecot_then_poplib() {
    if !ensure("Dovecot", &dovecot::REQUIREMENTS) || !ensure("Python", &clients::PYTHON) {
        return;
    }
    let dovecot = Dovecot::start(&["pop3", "lmtp"]).unwrap();
    let work = Workdir::new("smtplib").unwrap();
    let message = sample("smtplib-lmtp");
    let msg_file = work.path().join("message.eml");
    std::fs::write(&msg_file, &message).unwrap();

    let lmtp_proxy = RecordingProxy::start(local(dovecot.port("lmtp").unwrap())).unwrap();
    let port = lmtp_proxy.port().to_string();
    let run = python(
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
            "--rcpt",
            "carol@example.org",
            "--mail-option",
            "BODY=8BITMIME",
            "--message",
            arg(&msg_file).unwrap(),
        ],
    )
    .unwrap();
    run.expect_success()
        .unwrap_or_else(|e| panic!("{e}\n--- dovecot.log\n{}", dovecot.log_tail()));
    assert!(run.stdout().contains("sent 3"), "{}", run.stdout());
    let lmtp = only_conversation(&lmtp_proxy);
    let text = transcript(
        "lmtp",
        "Python 3.11 smtplib.LMTP to Dovecot 2.3 LMTP (three recipients)",
        &lmtp,
    );
    save("lmtp-smtplib-dovecot", &text).unwrap();
    // LMTP answers once per recipient after the data (RFC 2033 §4.2).
    let after_dot = text.split("\nC: .\n").nth(1).unwrap_or_default();
    assert_eq!(after_dot.matches("S: 250 2.0.0 <").count(), 3, "{text}");

    for user in ["alice@example.org", "bob@example.org", "carol@example.org"] {
        dovecot
            .wait_for_messages(user, 1, Duration::from_secs(5))
            .unwrap();
    }

    let pop3_proxy = RecordingProxy::start(local(dovecot.port("pop3").unwrap())).unwrap();
    let port = pop3_proxy.port().to_string();
    let out = work.path().join("retrieved.eml");
    let run = python(
        "poplib_fetch.py",
        &[
            "--port",
            &port,
            "--user",
            "carol@example.org",
            "--password",
            "carol-secret",
            "--out",
            arg(&out).unwrap(),
        ],
    )
    .unwrap();
    run.expect_success().unwrap();
    for step in [
        "stat 1 ", "list 1", "uidl 1", "retr ", "dele +OK", "rset +OK", "quit +OK",
    ] {
        assert!(
            run.stdout().contains(step),
            "no `{step}` in {}",
            run.stdout()
        );
    }
    let pop3 = only_conversation(&pop3_proxy);
    save(
        "pop3-poplib-dovecot",
        &transcript("pop3", "Python 3.11 poplib to Dovecot 2.3 (CAPA, USER/PASS, STAT, LIST, UIDL, TOP, RETR, DELE, RSET, QUIT)", &pop3),
    )
    .unwrap();
    let retrieved = std::fs::read(&out).unwrap();
    strip_trace(&retrieved, &message).unwrap();
}

#[test]
fn smtplib_to_aiosmtpd() {
    if !ensure("aiosmtpd", &aiosmtpd::REQUIREMENTS) {
        return;
    }
    let server = Aiosmtpd::start().unwrap();
    let work = Workdir::new("smtplib-aiosmtpd").unwrap();
    let message = sample("smtplib-aiosmtpd");
    let msg_file = work.path().join("message.eml");
    std::fs::write(&msg_file, &message).unwrap();
    let proxy = RecordingProxy::start(local(server.port())).unwrap();
    let port = proxy.port().to_string();
    python(
        "smtplib_send.py",
        &[
            "--port",
            &port,
            "--mail-from",
            "alice@example.org",
            "--rcpt",
            "bob@example.org",
            "--mail-option",
            "BODY=8BITMIME",
            "--message",
            arg(&msg_file).unwrap(),
        ],
    )
    .unwrap()
    .expect_success()
    .unwrap();
    let conv = only_conversation(&proxy);
    save(
        "smtp-smtplib-aiosmtpd",
        &transcript(
            "smtp",
            "Python 3.11 smtplib to aiosmtpd 1.4 (8BITMIME, dot-stuffed body)",
            &conv,
        ),
    )
    .unwrap();
    let stored = server.message(1, Duration::from_secs(5)).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&stored),
        String::from_utf8_lossy(&message)
    );
}
