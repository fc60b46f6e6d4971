//! Real clients against the crates' own example servers
//! (`smtp-proto/examples/server.rs`, `pop3-proto/examples/server.rs`),
//! built with cargo and run as daemons: curl, swaks and smtplib submit,
//! curl and poplib retrieve, each completing its job. The examples speak
//! plaintext only, so the recording proxy captures every byte; each
//! conversation is saved under `conformance/transcripts/captured/` and
//! replayed by the oracle.

use std::net::SocketAddr;
use std::path::Path;

use conformance::interop::capture::save_and_replay;
use conformance::interop::clients::{
    self, Retrieval, Submission, curl_retrieve, curl_submit, poplib_session, smtplib_submit,
    swaks_submit,
};
use conformance::interop::examples::ExampleServer;
use conformance::interop::message::sample;
use conformance::interop::proxy::RecordingProxy;
use conformance::interop::tools::ensure;
use conformance::interop::workdir::Workdir;

fn through_proxy(port: u16) -> RecordingProxy {
    RecordingProxy::start(SocketAddr::from(([127, 0, 0, 1], port))).unwrap()
}

fn keep_all(proxy: &RecordingProxy, protocol: &str, name: &str, sources: &[&str]) {
    proxy.wait_idle();
    let convs = proxy.conversations();
    assert_eq!(convs.len(), sources.len(), "one connection per client run");
    for (i, (rec, source)) in convs.iter().zip(sources).enumerate() {
        save_and_replay(&format!("{name}-{}", i + 1), protocol, source, rec).unwrap();
    }
}

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
fn curl_swaks_and_smtplib_against_the_smtp_example() {
    if !ensure("curl", &clients::CURL)
        || !ensure("swaks", &clients::SWAKS)
        || !ensure("Python", &clients::PYTHON)
    {
        return;
    }
    let server = ExampleServer::smtp().unwrap();
    let proxy = through_proxy(server.port());
    let work = Workdir::new("smtp-example-clients").unwrap();
    let message = sample("smtp-example");
    let file = work.path().join("message.eml");
    std::fs::write(&file, &message).unwrap();

    curl_submit(&submission(proxy.port(), &file)).unwrap();
    swaks_submit(&Submission {
        mechanism: "LOGIN",
        ..submission(proxy.port(), &file)
    })
    .unwrap();
    smtplib_submit(&submission(proxy.port(), &file), false).unwrap();

    let log = server.log();
    assert!(
        !log.contains("refused"),
        "the example refused something:\n{log}"
    );
    assert!(!log.contains("warning"), "a client needed a quirk:\n{log}");
    // curl and smtplib send the file as is; swaks adds a CRLF of its own.
    let exact = format!("message of {} octets:", message.len());
    let swaks = format!("message of {} octets:", message.len() + 2);
    assert_eq!(log.matches(&exact).count(), 2, "{log}");
    assert_eq!(log.matches(&swaks).count(), 1, "{log}");
    keep_all(
        &proxy,
        "smtp",
        "smtp-example-clients",
        &[
            "curl 7.88 to the smtp-proto example server (AUTH PLAIN, DATA)",
            "swaks 20201014 to the smtp-proto example server (AUTH LOGIN, PIPELINING, DATA)",
            "Python 3.11 smtplib to the smtp-proto example server (AUTH PLAIN, SIZE, 8BITMIME, DATA)",
        ],
    );
}

#[test]
fn curl_and_poplib_against_the_pop3_example() {
    if !ensure("curl", &clients::CURL) || !ensure("Python", &clients::PYTHON) {
        return;
    }
    let server = ExampleServer::pop3("alice@example.org", "alice-secret").unwrap();
    let proxy = through_proxy(server.port());
    let work = Workdir::new("pop3-example-clients").unwrap();
    let job = Retrieval {
        port: proxy.port(),
        tls: None,
        user: "alice@example.org",
        password: "alice-secret",
    };
    let by_curl = curl_retrieve(&job).unwrap();
    let (run, by_poplib) = poplib_session(&job, &work.path().join("retrieved.eml")).unwrap();
    for step in [
        "stat ", "list ", "uidl ", "top ", "retr ", "dele +OK", "rset +OK", "quit +OK",
    ] {
        assert!(
            run.stdout().contains(step),
            "no `{step}` in {}",
            run.stdout()
        );
    }
    assert!(!by_curl.is_empty());
    // Two clients, two decoders of the same RETR 1: the same bytes.
    assert_eq!(
        String::from_utf8_lossy(&by_curl),
        String::from_utf8_lossy(&by_poplib)
    );
    keep_all(
        &proxy,
        "pop3",
        "pop3-example-clients",
        &[
            "curl 7.88 to the pop3-proto example server (CAPA, AUTH PLAIN, RETR)",
            "Python 3.11 poplib to the pop3-proto example server (CAPA, USER/PASS, STAT, LIST, UIDL, TOP, RETR, DELE, RSET, QUIT)",
        ],
    );
}
