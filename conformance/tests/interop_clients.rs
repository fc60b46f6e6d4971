//! Real clients against our servers: curl (pop3://, smtp://), Python's
//! poplib and smtplib, and swaks, each run against a server built on our
//! sessions (`conformance::interop::drivers`, the same shape as the crates'
//! examples), completing its job. Every conversation is recorded by the
//! server (plaintext, inside TLS too), saved under
//! `conformance/transcripts/captured/` and replayed by the oracle.

use conformance::interop::capture::save_and_replay;
use conformance::interop::cert::TestCert;
use conformance::interop::clients::{self, Retrieval, curl_retrieve, poplib_session};
use conformance::interop::drivers::pop3_server::{self, Maildrops};
use conformance::interop::drivers::serve::Server;
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
