//! Real clients against real servers, through the recording proxy: the
//! Postfix → LMTP → Dovecot → POP3 chain works with the configs of
//! `conformance/peers/`, the client jobs of `interop::clients` work against
//! servers known to be right (so a failure against our servers is ours),
//! what comes back over POP3 is byte for byte what was submitted, and each
//! conversation becomes a transcript under
//! `conformance/transcripts/captured/`. The proxy sees only ciphertext after
//! STARTTLS/STLS, so those captures stop at `! tls`; the plaintext runs
//! record whole conversations.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use conformance::interop::capture::save_and_replay;
use conformance::interop::clients::{
    self, Retrieval, Submission, curl_retrieve, curl_submit, poplib_session, python,
    smtplib_submit, swaks_submit,
};
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

/// Saves `rec` as transcript `name`, replays it through the oracle, and
/// returns its text.
fn keep(name: &str, protocol: &str, source: &str, rec: &Recording) -> String {
    let path = save_and_replay(name, protocol, source, rec).unwrap();
    std::fs::read_to_string(path).unwrap()
}

fn mail_stack_available() -> bool {
    ensure("Dovecot", &dovecot::REQUIREMENTS) && ensure("Postfix", &postfix::REQUIREMENTS)
}

/// Alice submits `message` to Bob and Carol on `port`, AUTH PLAIN, no TLS.
fn submission(port: u16, message: &Path) -> Submission<'_> {
    Submission {
        port,
        tls: None,
        auth: Some(("alice@example.org", "alice-secret")),
        mechanism: "PLAIN",
        from: "alice@example.org",
        to: &["bob@example.org", "carol@example.org"],
        message,
    }
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
    swaks_submit(&Submission {
        ..submission(smtp_proxy.port(), &msg_file)
    })
    .unwrap_or_else(|e| panic!("{e}\n--- postfix.log\n{}", postfix.log_tail()));
    let text = keep(
        "smtp-swaks-postfix",
        "smtp",
        "swaks 20201014 to Postfix 3.7 (AUTH PLAIN, PIPELINING, dot-stuffed body)",
        &only_conversation(&smtp_proxy),
    );
    assert!(
        text.contains("\nC: ..a line that starts with a dot\n"),
        "{text}"
    );
    assert!(
        text.contains("\nS: 235 2.7.0 Authentication successful\n"),
        "{text}"
    );
    // swaks ends the data with one more CRLF of its own before `.`.
    assert!(text.contains("\nC: Alice\nC:\nC: .\n"), "{text}");
    let mut submitted = message.clone();
    submitted.extend_from_slice(b"\r\n");

    dovecot
        .wait_for_messages("bob@example.org", 1, Duration::from_secs(15))
        .unwrap_or_else(|e| panic!("{e}\n--- postfix.log\n{}", postfix.log_tail()));
    dovecot
        .wait_for_messages("carol@example.org", 1, Duration::from_secs(15))
        .unwrap();

    let pop3_proxy = RecordingProxy::start(local(dovecot.port("pop3").unwrap())).unwrap();
    let retrieved = curl_retrieve(&Retrieval {
        port: pop3_proxy.port(),
        tls: None,
        user: "bob@example.org",
        password: "bob-secret",
    })
    .unwrap();
    save_and_replay(
        "pop3-curl-dovecot",
        "pop3",
        "curl 7.88 to Dovecot 2.3 (USER/PASS, RETR)",
        &only_conversation(&pop3_proxy),
    )
    .unwrap();
    let trace = strip_trace(&retrieved, &submitted).unwrap();
    assert!(
        String::from_utf8_lossy(trace).contains("Received: from client.example.org"),
        "no Received field from Postfix: {}",
        String::from_utf8_lossy(trace)
    );
}

#[test]
fn curl_with_starttls_to_postfix_then_poplib_with_stls() {
    if !mail_stack_available()
        || !ensure("curl", &clients::CURL)
        || !ensure("Python", &clients::PYTHON)
    {
        return;
    }
    let dovecot = Dovecot::start(&["pop3", "lmtp"]).unwrap();
    let postfix = Postfix::start(&dovecot, dovecot.cert()).unwrap();
    let work = Workdir::new("curl-smtp").unwrap();
    let message = sample("curl-postfix");
    let msg_file = work.path().join("message.eml");
    std::fs::write(&msg_file, &message).unwrap();
    let ca = dovecot.cert().cert_pem.clone();

    let smtp_proxy = RecordingProxy::start(local(postfix.smtp_port())).unwrap();
    curl_submit(&Submission {
        tls: Some(&ca),
        mechanism: "LOGIN",
        ..submission(smtp_proxy.port(), &msg_file)
    })
    .unwrap_or_else(|e| panic!("{e}\n--- postfix.log\n{}", postfix.log_tail()));
    let text = keep(
        "smtp-curl-postfix-starttls",
        "smtp",
        "curl 7.88 to Postfix 3.7 (STARTTLS; the rest is encrypted)",
        &only_conversation(&smtp_proxy),
    );
    assert!(
        text.contains("\nC: STARTTLS\nS: 220 2.0.0 Ready to start TLS\n! tls\n"),
        "{text}"
    );

    dovecot
        .wait_for_messages("carol@example.org", 1, Duration::from_secs(15))
        .unwrap_or_else(|e| panic!("{e}\n--- postfix.log\n{}", postfix.log_tail()));
    let pop3_proxy = RecordingProxy::start(local(dovecot.port("pop3").unwrap())).unwrap();
    let (run, retrieved) = poplib_session(
        &Retrieval {
            port: pop3_proxy.port(),
            tls: Some(&ca),
            user: "carol@example.org",
            password: "carol-secret",
        },
        &work.path().join("retrieved.eml"),
    )
    .unwrap();
    assert!(run.stdout().contains("stls +OK"), "{}", run.stdout());
    let text = keep(
        "pop3-poplib-dovecot-stls",
        "pop3",
        "Python 3.11 poplib to Dovecot 2.3 (CAPA, STLS; the rest is encrypted)",
        &only_conversation(&pop3_proxy),
    );
    assert!(
        text.contains("\nC: STLS\nS: +OK Begin TLS negotiation now.\n! tls\n"),
        "{text}"
    );
    strip_trace(&retrieved, &message).unwrap();
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
    let msg_arg = msg_file.to_str().unwrap();
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
            msg_arg,
        ],
    )
    .unwrap();
    run.expect_success()
        .unwrap_or_else(|e| panic!("{e}\n--- dovecot.log\n{}", dovecot.log_tail()));
    assert!(run.stdout().contains("sent 3"), "{}", run.stdout());
    let text = keep(
        "lmtp-smtplib-dovecot",
        "lmtp",
        "Python 3.11 smtplib.LMTP to Dovecot 2.3 LMTP (three recipients)",
        &only_conversation(&lmtp_proxy),
    );
    // LMTP answers once per recipient after the data (RFC 2033 §4.2).
    let after_dot = text.split("\nC: .\n").nth(1).unwrap_or_default();
    assert_eq!(after_dot.matches("S: 250 2.0.0 <").count(), 3, "{text}");

    for user in ["alice@example.org", "bob@example.org", "carol@example.org"] {
        dovecot
            .wait_for_messages(user, 1, Duration::from_secs(5))
            .unwrap();
    }

    let pop3_proxy = RecordingProxy::start(local(dovecot.port("pop3").unwrap())).unwrap();
    let (run, retrieved) = poplib_session(
        &Retrieval {
            port: pop3_proxy.port(),
            tls: None,
            user: "carol@example.org",
            password: "carol-secret",
        },
        &work.path().join("retrieved.eml"),
    )
    .unwrap();
    for step in [
        "stat 1 ", "list 1", "uidl 1", "top ", "retr ", "dele +OK", "rset +OK", "quit +OK",
    ] {
        assert!(
            run.stdout().contains(step),
            "no `{step}` in {}",
            run.stdout()
        );
    }
    save_and_replay(
        "pop3-poplib-dovecot",
        "pop3",
        "Python 3.11 poplib to Dovecot 2.3 (CAPA, USER/PASS, STAT, LIST, UIDL, TOP, RETR, DELE, RSET, QUIT)",
        &only_conversation(&pop3_proxy),
    )
    .unwrap();
    strip_trace(&retrieved, &message).unwrap();
}

#[test]
fn smtplib_and_swaks_to_aiosmtpd() {
    if !ensure("aiosmtpd", &aiosmtpd::REQUIREMENTS)
        || !ensure("swaks", &clients::SWAKS)
        || !ensure("Python", &clients::PYTHON)
    {
        return;
    }
    let server = Aiosmtpd::start().unwrap();
    let work = Workdir::new("aiosmtpd-clients").unwrap();
    let message = sample("smtplib-aiosmtpd");
    let msg_file = work.path().join("message.eml");
    std::fs::write(&msg_file, &message).unwrap();

    let proxy = RecordingProxy::start(local(server.port())).unwrap();
    smtplib_submit(
        &Submission {
            auth: None,
            to: &["bob@example.org"],
            ..submission(proxy.port(), &msg_file)
        },
        false,
    )
    .unwrap();
    keep(
        "smtp-smtplib-aiosmtpd",
        "smtp",
        "Python 3.11 smtplib to aiosmtpd 1.4 (8BITMIME, dot-stuffed body)",
        &only_conversation(&proxy),
    );
    let stored = server.message(1, Duration::from_secs(5)).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&stored),
        String::from_utf8_lossy(&message)
    );

    // aiosmtpd offers AUTH only after STARTTLS; swaks does both.
    swaks_submit(&Submission {
        tls: Some(&server.cert().cert_pem),
        mechanism: "LOGIN",
        ..submission(server.port(), &msg_file)
    })
    .unwrap();
    let stored = server.message(2, Duration::from_secs(5)).unwrap();
    let mut submitted = message.clone();
    submitted.extend_from_slice(b"\r\n");
    assert_eq!(
        String::from_utf8_lossy(&stored),
        String::from_utf8_lossy(&submitted)
    );
}
