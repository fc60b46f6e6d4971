//! Our SMTP and LMTP clients (smtp_proto::client::Session over std::net,
//! rustls for STARTTLS) against Postfix, Dovecot's LMTP and aiosmtpd:
//! EHLO, STARTTLS, AUTH PLAIN and LOGIN, PIPELINING, SIZE, 8BITMIME, DSN
//! parameters, BDAT where offered, a dot-stuffed body; then our POP3 client
//! reads the mail back from Dovecot and it is byte for byte what was
//! submitted, below the trace fields. Every conversation is saved under
//! `conformance/transcripts/captured/` and replayed by the oracle.

use std::time::Duration;

use conformance::interop::capture::save_and_replay;
use conformance::interop::drivers::pop3_client::Pop3Client;
use conformance::interop::drivers::smtp_client::{Answer, SmtpClient};
use conformance::interop::message::{sample, strip_trace};
use conformance::interop::peers::aiosmtpd::{self, Aiosmtpd};
use conformance::interop::peers::dovecot::{self, Dovecot};
use conformance::interop::peers::postfix::{self, Postfix};
use conformance::interop::record::Recording;
use conformance::interop::tls::client_config;
use conformance::interop::tools::ensure;
use pop3_proto::types::{Command as PopCommand, MessageNumber};
use smtp_proto::client::Config;
use smtp_proto::types::{
    Body, Command, ForwardPath, Notify, Orcpt, Param, Params, Path, Ret, ReversePath, XText,
};

fn mail(from: &str, params: Vec<Param<'static>>) -> Command<'static> {
    Command::Mail {
        from: ReversePath::Path(Path::parse(from).unwrap().into_static()),
        params: Params::from_vec(params).unwrap(),
    }
}

fn rcpt(to: &str, params: Vec<Param<'static>>) -> Command<'static> {
    Command::Rcpt {
        to: ForwardPath::Path(Path::parse(to).unwrap().into_static()),
        params: Params::from_vec(params).unwrap(),
    }
}

fn positive(a: &Answer) {
    assert!((200..300).contains(&a.code()), "{a:?}");
}

/// Reads message `n` of `user` over POP3 with our client.
fn pop3_retrieve(dovecot: &Dovecot, user: &str, password: &str, n: u32) -> Vec<u8> {
    let (mut c, _) = Pop3Client::connect(dovecot.port("pop3").unwrap(), Recording::new()).unwrap();
    assert!(c.auth_plain(user, password).unwrap().response.is_ok());
    let retr = c
        .command(&PopCommand::Retr(MessageNumber::new(n).unwrap()))
        .unwrap();
    assert!(retr.response.is_ok(), "{retr:?}");
    c.quit().unwrap();
    retr.message.unwrap()
}

fn mail_stack() -> bool {
    ensure("Dovecot", &dovecot::REQUIREMENTS) && ensure("Postfix", &postfix::REQUIREMENTS)
}

#[test]
fn submission_to_postfix_reads_back_over_pop3_byte_for_byte() {
    if !mail_stack() {
        return;
    }
    let dovecot = Dovecot::start(&["pop3", "lmtp"]).unwrap();
    let postfix = Postfix::start(&dovecot, dovecot.cert()).unwrap();
    let first = sample("smtp-data");
    let second = sample("smtp-bdat");

    let recording = Recording::new();
    let (mut c, greeting) =
        SmtpClient::connect(postfix.smtp_port(), Config::default(), recording.clone()).unwrap();
    assert_eq!(greeting.code().get(), 220);
    positive(&c.hello("client.example.org").unwrap());
    let ext = *c.session().extensions();
    assert!(ext.starttls && ext.pipelining && ext.chunking && ext.dsn && ext.eight_bit_mime);
    c.starttls(client_config(dovecot.cert()).unwrap()).unwrap();
    // RFC 3207 §4.2: the EHLO state is forgotten after TLS; greet again.
    positive(&c.hello("client.example.org").unwrap());
    assert!(
        !c.session().extensions().starttls,
        "STARTTLS offered inside TLS"
    );
    let auth = c
        .auth_plain("alice@example.org", "alice-secret", true)
        .unwrap();
    assert_eq!(auth.code(), 235, "{auth:?}");

    // One pipelined group: MAIL with SIZE, BODY, RET and ENVID; RCPT with
    // NOTIFY and ORCPT; DATA last (RFC 2920 §3.1).
    let (replies, go, done) = c
        .transaction(
            &[
                mail(
                    "<alice@example.org>",
                    vec![
                        Param::Size(first.len() as u64),
                        Param::Body(Body::EightBitMime),
                        Param::Ret(Ret::Hdrs),
                        Param::EnvId(XText::encode(b"mailwire-1")),
                    ],
                ),
                rcpt(
                    "<bob@example.org>",
                    vec![
                        Param::Notify(Notify::on(true, true, false).unwrap()),
                        Param::Orcpt(Orcpt::new("rfc822", "bob@example.org").unwrap()),
                    ],
                ),
                rcpt("<carol@example.org>", vec![]),
            ],
            &first,
        )
        .unwrap();
    replies.iter().for_each(positive);
    assert_eq!(go.code(), 354, "{go:?}");
    assert_eq!(done.len(), 1);
    positive(&done[0]);

    // A second transaction with BDAT, as Postfix offers CHUNKING.
    positive(
        &c.command(&mail(
            "<alice@example.org>",
            vec![Param::Body(Body::EightBitMime)],
        ))
        .unwrap(),
    );
    positive(&c.command(&rcpt("<bob@example.org>", vec![])).unwrap());
    let chunks = c.bdat(&second, 200).unwrap();
    assert_eq!(chunks.len(), second.len().div_ceil(200));
    chunks.iter().for_each(positive);
    assert_eq!(c.warnings(), &[]);
    assert_eq!(c.quit().unwrap().code(), 221);
    save_and_replay(
        "smtp-mailwire-postfix-starttls",
        "smtp",
        "mailwire SMTP client to Postfix 3.7 (EHLO, STARTTLS, AUTH PLAIN, PIPELINING, SIZE, 8BITMIME, DSN, DATA, BDAT, QUIT)",
        &recording,
    )
    .unwrap();

    for user in ["bob@example.org", "carol@example.org"] {
        let n = if user.starts_with("bob") { 2 } else { 1 };
        dovecot
            .wait_for_messages(user, n, Duration::from_secs(15))
            .unwrap_or_else(|e| panic!("{e}\n--- postfix.log\n{}", postfix.log_tail()));
    }
    let got = pop3_retrieve(&dovecot, "carol@example.org", "carol-secret", 1);
    strip_trace(&got, &first).unwrap();
    // Postfix may deliver the two in either order.
    let mut bob = [1, 2].map(|n| pop3_retrieve(&dovecot, "bob@example.org", "bob-secret", n));
    if strip_trace(&bob[0], &first).is_err() {
        bob.swap(0, 1);
    }
    strip_trace(&bob[0], &first).unwrap();
    strip_trace(&bob[1], &second).unwrap();
}

#[test]
fn auth_login_and_a_refused_password_against_postfix() {
    if !mail_stack() {
        return;
    }
    let dovecot = Dovecot::start(&["pop3", "lmtp"]).unwrap();
    let postfix = Postfix::start(&dovecot, dovecot.cert()).unwrap();
    let recording = Recording::new();
    let (mut c, _) =
        SmtpClient::connect(postfix.smtp_port(), Config::default(), recording.clone()).unwrap();
    positive(&c.hello("client.example.org").unwrap());
    c.starttls(client_config(dovecot.cert()).unwrap()).unwrap();
    positive(&c.hello("client.example.org").unwrap());
    let refused = c.auth_login("alice@example.org", "wrong").unwrap();
    assert_eq!(refused.code(), 535, "{refused:?}");
    let accepted = c.auth_login("alice@example.org", "alice-secret").unwrap();
    assert_eq!(accepted.code(), 235, "{accepted:?}");
    positive(&c.command(&mail("<alice@example.org>", vec![])).unwrap());
    positive(&c.command(&rcpt("<bob@example.org>", vec![])).unwrap());
    let (go, done) = c.data(&sample("smtp-login")).unwrap();
    assert_eq!(go.code(), 354);
    positive(&done[0]);
    assert_eq!(c.quit().unwrap().code(), 221);
    save_and_replay(
        "smtp-mailwire-postfix-auth-login",
        "smtp",
        "mailwire SMTP client to Postfix 3.7 (STARTTLS, AUTH LOGIN refused then accepted, DATA)",
        &recording,
    )
    .unwrap();
}

#[test]
fn lmtp_with_several_recipients_to_dovecot() {
    if !ensure("Dovecot", &dovecot::REQUIREMENTS) {
        return;
    }
    let dovecot = Dovecot::start(&["pop3", "lmtp"]).unwrap();
    let message = sample("lmtp-several");
    let recording = Recording::new();
    let (mut c, greeting) = SmtpClient::connect(
        dovecot.port("lmtp").unwrap(),
        Config::lmtp(),
        recording.clone(),
    )
    .unwrap();
    assert_eq!(greeting.code().get(), 220);
    positive(&c.hello("client.example.org").unwrap());
    let replies = c
        .pipeline(&[
            mail(
                "<sender@example.net>",
                vec![Param::Body(Body::EightBitMime)],
            ),
            rcpt("<alice@example.org>", vec![]),
            rcpt("<nobody@example.org>", vec![]),
            rcpt("<bob@example.org>", vec![]),
            rcpt("<carol@example.org>", vec![]),
        ])
        .unwrap();
    let codes: Vec<u16> = replies.iter().map(Answer::code).collect();
    assert_eq!(codes[0], 250);
    assert_eq!(codes[1], 250);
    assert!(codes[2] >= 500, "unknown user refused: {:?}", replies[2]);
    assert_eq!(&codes[3..], &[250, 250]);
    let (go, per_recipient) = c.data(&message).unwrap();
    assert_eq!(go.code(), 354);
    // RFC 2033 §4.2: one reply per accepted recipient, in RCPT order.
    assert_eq!(per_recipient.len(), 3, "{per_recipient:?}");
    per_recipient.iter().for_each(positive);
    let order: Vec<Option<u32>> = per_recipient.iter().map(|a| a.recipient).collect();
    assert_eq!(order, [Some(0), Some(1), Some(2)]);
    assert_eq!(c.quit().unwrap().code(), 221);
    save_and_replay(
        "lmtp-mailwire-dovecot",
        "lmtp",
        "mailwire LMTP client to Dovecot 2.3 LMTP (four recipients, one unknown; per-recipient replies)",
        &recording,
    )
    .unwrap();
    for user in ["alice@example.org", "bob@example.org", "carol@example.org"] {
        dovecot
            .wait_for_messages(user, 1, Duration::from_secs(5))
            .unwrap();
    }
    let got = pop3_retrieve(&dovecot, "carol@example.org", "carol-secret", 1);
    strip_trace(&got, &message).unwrap();
}

#[test]
fn starttls_auth_and_data_to_aiosmtpd() {
    if !ensure("aiosmtpd", &aiosmtpd::REQUIREMENTS) {
        return;
    }
    let server = Aiosmtpd::start().unwrap();
    let message = sample("aiosmtpd");
    let recording = Recording::new();
    let (mut c, _) =
        SmtpClient::connect(server.port(), Config::default(), recording.clone()).unwrap();
    positive(&c.hello("client.example.org").unwrap());
    assert!(
        !c.session().extensions().chunking,
        "aiosmtpd has no CHUNKING"
    );
    c.starttls(client_config(server.cert()).unwrap()).unwrap();
    positive(&c.hello("client.example.org").unwrap());
    assert_eq!(
        c.auth_plain("alice@example.org", "alice-secret", false)
            .unwrap()
            .code(),
        235
    );
    // aiosmtpd offers no PIPELINING: one command at a time (the session
    // refuses to pipeline otherwise).
    assert!(!c.session().extensions().pipelining);
    positive(
        &c.command(&mail(
            "<alice@example.org>",
            vec![
                Param::Size(message.len() as u64),
                Param::Body(Body::EightBitMime),
            ],
        ))
        .unwrap(),
    );
    positive(&c.command(&rcpt("<bob@example.org>", vec![])).unwrap());
    let (go, done) = c.data(&message).unwrap();
    assert_eq!(go.code(), 354);
    positive(&done[0]);
    assert_eq!(c.quit().unwrap().code(), 221);
    save_and_replay(
        "smtp-mailwire-aiosmtpd-starttls",
        "smtp",
        "mailwire SMTP client to aiosmtpd 1.4 (STARTTLS, AUTH PLAIN without initial response, SIZE, 8BITMIME, DATA)",
        &recording,
    )
    .unwrap();
    let stored = server.message(1, Duration::from_secs(5)).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&stored),
        String::from_utf8_lossy(&message)
    );
}
