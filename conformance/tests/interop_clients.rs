//! Real clients against our servers: curl (pop3://, smtp://), Python's
//! poplib and smtplib, and swaks, each run against a server built on our
//! sessions (`conformance::interop::drivers`, the same shape as the crates'
//! examples), completing its job. Every conversation is recorded by the
//! server (plaintext, inside TLS too), saved under
//! `conformance/transcripts/captured/` and replayed by the oracle.

use conformance::interop::capture::save_and_replay;
use conformance::interop::cert::TestCert;
use conformance::interop::clients::{
    self, Retrieval, Submission, curl_retrieve, curl_submit, poplib_session, smtplib_submit,
    swaks_submit,
};
use conformance::interop::drivers::pop3_server::{self, Maildrops};
use conformance::interop::drivers::serve::Server;
use conformance::interop::drivers::smtp_server::{self, Outbox};
use conformance::interop::message::sample;
use conformance::interop::tls::server_config;
use conformance::interop::tools::{Requirement, ensure};
use conformance::interop::workdir::Workdir;

const OPENSSL: [Requirement; 1] = [Requirement::Program {
    name: "openssl",
    package: "openssl",
}];

/// Saves and replays each conversation the server had, and fails on any
/// error a connection ended with.
fn check_conversations(server: &Server, protocol: &str, name: &str, source: &str) {
    server.wait_idle();
    assert_eq!(server.errors(), Vec::<String>::new());
    let convs = server.conversations();
    assert!(!convs.is_empty(), "no connection reached the server");
    for (i, rec) in convs.iter().enumerate() {
        let name = if convs.len() == 1 {
            name.to_string()
        } else {
            format!("{name}-{}", i + 1)
        };
        save_and_replay(&name, protocol, source, rec).unwrap();
    }
}

fn pop3_setup(label: &str) -> (Workdir, TestCert, Server, Maildrops, Vec<Vec<u8>>) {
    let work = Workdir::new(label).unwrap();
    let cert = TestCert::generate(work.path()).unwrap();
    let messages = vec![sample(&format!("{label}-1")), sample(&format!("{label}-2"))];
    let maildrops = Maildrops::new();
    maildrops.add("alice@example.org", "alice-secret", messages.clone());
    let server = pop3_server::start(maildrops.clone(), server_config(&cert).unwrap()).unwrap();
    (work, cert, server, maildrops, messages)
}

#[test]
fn curl_retrieves_over_pop3_with_and_without_stls() {
    if !ensure("curl", &clients::CURL) || !ensure("openssl", &OPENSSL) {
        return;
    }
    let (_work, cert, server, _drops, messages) = pop3_setup("curl-pop3");
    let plain = curl_retrieve(&Retrieval {
        port: server.port(),
        tls: None,
        user: "alice@example.org",
        password: "alice-secret",
    })
    .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&plain),
        String::from_utf8_lossy(&messages[0])
    );
    let tls = curl_retrieve(&Retrieval {
        port: server.port(),
        tls: Some(&cert.cert_pem),
        user: "alice@example.org",
        password: "alice-secret",
    })
    .unwrap();
    assert_eq!(tls, messages[0]);
    check_conversations(
        &server,
        "pop3",
        "pop3-curl-mailwire",
        "curl 7.88 to the mailwire POP3 server (CAPA, [STLS,] AUTH PLAIN, RETR)",
    );
}

#[test]
fn poplib_runs_a_full_session_with_stls() {
    if !ensure("Python", &clients::PYTHON) || !ensure("openssl", &OPENSSL) {
        return;
    }
    let (work, cert, server, drops, messages) = pop3_setup("poplib");
    let (run, retrieved) = poplib_session(
        &Retrieval {
            port: server.port(),
            tls: Some(&cert.cert_pem),
            user: "alice@example.org",
            password: "alice-secret",
        },
        &work.path().join("retrieved.eml"),
    )
    .unwrap();
    let out = run.stdout();
    for step in [
        "stls +OK", "stat 2 ", "list 2", "uidl 2", "top ", "dele +OK", "rset +OK", "quit +OK",
    ] {
        assert!(out.contains(step), "no `{step}` in {out}");
    }
    assert_eq!(retrieved, messages[0]);
    // RSET undid the DELE, so QUIT's UPDATE kept both messages.
    server.wait_idle();
    assert_eq!(drops.messages("alice@example.org").len(), 2);
    check_conversations(
        &server,
        "pop3",
        "pop3-poplib-mailwire-stls",
        "Python 3.11 poplib to the mailwire POP3 server (CAPA, STLS, USER/PASS, STAT, LIST, UIDL, TOP, RETR, DELE, RSET, QUIT)",
    );
}

fn smtp_setup(
    label: &str,
) -> (
    Workdir,
    TestCert,
    Server,
    Outbox,
    Vec<u8>,
    std::path::PathBuf,
) {
    let work = Workdir::new(label).unwrap();
    let cert = TestCert::generate(work.path()).unwrap();
    let outbox = Outbox::new();
    let server = smtp_server::start(outbox.clone(), server_config(&cert).unwrap()).unwrap();
    let message = sample(label);
    let file = work.path().join("message.eml");
    std::fs::write(&file, &message).unwrap();
    (work, cert, server, outbox, message, file)
}

fn submission<'a>(port: u16, message: &'a std::path::Path) -> Submission<'a> {
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
fn curl_submits_over_smtp_with_and_without_starttls() {
    if !ensure("curl", &clients::CURL) || !ensure("openssl", &OPENSSL) {
        return;
    }
    let (_work, cert, server, outbox, message, file) = smtp_setup("curl-smtp");
    curl_submit(&submission(server.port(), &file)).unwrap();
    curl_submit(&Submission {
        tls: Some(&cert.cert_pem),
        mechanism: "LOGIN",
        ..submission(server.port(), &file)
    })
    .unwrap();
    server.wait_idle();
    let got = outbox.messages();
    assert_eq!(got.len(), 2);
    for m in &got {
        assert_eq!(
            String::from_utf8_lossy(&m.message),
            String::from_utf8_lossy(&message)
        );
        assert_eq!(m.to.len(), 2);
    }
    check_conversations(
        &server,
        "smtp",
        "smtp-curl-mailwire",
        "curl 7.88 to the mailwire SMTP server (EHLO, [STARTTLS,] AUTH PLAIN/LOGIN, MAIL, RCPT, DATA, QUIT)",
    );
}

#[test]
fn smtplib_submits_with_starttls_auth_and_dsn() {
    if !ensure("Python", &clients::PYTHON) || !ensure("openssl", &OPENSSL) {
        return;
    }
    let (_work, cert, server, outbox, message, file) = smtp_setup("smtplib-smtp");
    let run = smtplib_submit(
        &Submission {
            tls: Some(&cert.cert_pem),
            ..submission(server.port(), &file)
        },
        true,
    )
    .unwrap();
    assert!(run.stdout().contains("starttls 220"), "{}", run.stdout());
    assert!(run.stdout().contains("auth PLAIN 235"), "{}", run.stdout());
    server.wait_idle();
    let got = outbox.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].message, message);
    check_conversations(
        &server,
        "smtp",
        "smtp-smtplib-mailwire-starttls",
        "Python 3.11 smtplib to the mailwire SMTP server (EHLO, STARTTLS, AUTH PLAIN, SIZE, 8BITMIME, RET, NOTIFY, DATA, QUIT)",
    );
}

#[test]
fn swaks_submits_pipelined_with_starttls_and_auth_login() {
    if !ensure("swaks", &clients::SWAKS) || !ensure("openssl", &OPENSSL) {
        return;
    }
    let (_work, cert, server, outbox, message, file) = smtp_setup("swaks-smtp");
    swaks_submit(&Submission {
        tls: Some(&cert.cert_pem),
        mechanism: "LOGIN",
        ..submission(server.port(), &file)
    })
    .unwrap();
    swaks_submit(&submission(server.port(), &file)).unwrap();
    server.wait_idle();
    let got = outbox.messages();
    assert_eq!(got.len(), 2);
    // swaks ends the data with a CRLF of its own before the final dot.
    let mut submitted = message.clone();
    submitted.extend_from_slice(b"\r\n");
    for m in &got {
        assert_eq!(
            String::from_utf8_lossy(&m.message),
            String::from_utf8_lossy(&submitted)
        );
    }
    check_conversations(
        &server,
        "smtp",
        "smtp-swaks-mailwire",
        "swaks 20201014 to the mailwire SMTP server (EHLO, [STARTTLS,] AUTH LOGIN/PLAIN, PIPELINING, DATA, QUIT)",
    );
}
