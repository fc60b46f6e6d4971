//! Client and server sessions back to back (pair tests, as h11 does): the
//! bytes one transmits are what the other receives, moved whole and in
//! pieces of 1, 2, 3, 7 and 64 octets.

mod session;

use proptest::prelude::*;
use session::{EHLO_FULL, Pair, cmd};
use smtp_proto::client;
use smtp_proto::server;
use smtp_proto::session::State;
use smtp_proto::types::{AuthResponse, SaslData};

const STEPS: [usize; 6] = [0, 1, 2, 3, 7, 64];

fn pair(step: usize) -> Pair {
    pair_with(
        client::Config::default(),
        server::Config::default(),
        EHLO_FULL,
        step,
    )
}

fn pair_with(cc: client::Config, sc: server::Config, ehlo: &[&'static str], step: usize) -> Pair {
    let p = Pair::new(cc, sc, ehlo, step);
    assert_eq!(p.client_log, vec!["greeting 220"]);
    p
}

/// EHLO (or LHLO), then one pipelined transaction with `body`.
fn send_message(p: &mut Pair, hello: &str, rcpts: &[&str], body: &[u8]) {
    p.client.send(&cmd(hello)).unwrap();
    p.pump();
    p.client.send(&cmd("MAIL FROM:<a@example.org>")).unwrap();
    for r in rcpts {
        p.client.send(&cmd(&format!("RCPT TO:<{r}>"))).unwrap();
    }
    p.client.send(&cmd("DATA")).unwrap();
    p.pump();
    assert_eq!(p.client.state(), State::Data, "{:?}", p.client_log);
    for piece in body.chunks(5) {
        p.client.send_data(piece).unwrap();
    }
    p.client.end_data().unwrap();
    p.pump();
}

#[test]
fn message_goes_through_pipelined() {
    for step in STEPS {
        let mut p = pair(step);
        let body = b"Subject: test\r\n\r\n.starts with a dot\r\n..two\r\n.\r\nlast";
        send_message(&mut p, "EHLO client.example.org", &["b@example.org"], body);
        assert_eq!(
            p.app.messages,
            vec![b"Subject: test\r\n\r\n.starts with a dot\r\n..two\r\n.\r\nlast\r\n".to_vec()]
        );
        p.client.send(&cmd("QUIT")).unwrap();
        p.pump();
        assert!(p.client.is_closed() && p.server.is_closed());
        assert_eq!(
            p.client_log[1..],
            [
                "reply 250 to Command(Ehlo) #0 None",
                "reply 250 to Command(Mail) #1 None",
                "reply 250 to Command(Rcpt) #2 None",
                "reply 354 to Command(Data) #3 None",
                "reply 250 to Data #4 None",
                "reply 221 to Command(Quit) #5 None",
            ],
            "step {step}"
        );
    }
}

#[test]
fn bdat_message_goes_through() {
    for step in STEPS {
        let mut p = pair(step);
        p.client.send(&cmd("EHLO c")).unwrap();
        p.pump();
        p.client.send(&cmd("MAIL FROM:<a@example.org>")).unwrap();
        p.client.send(&cmd("RCPT TO:<b@example.org>")).unwrap();
        p.client.send(&cmd("BDAT 6")).unwrap();
        p.client.send_data(b"a\r\n.\r\n").unwrap();
        p.client.send(&cmd("BDAT 2 LAST")).unwrap();
        p.client.send_data(b"b\n").unwrap();
        p.pump();
        assert_eq!(p.app.messages, vec![b"a\r\n.\r\nb\n".to_vec()]);
        assert_eq!(p.client.state(), State::Ready);
        assert_eq!(p.server.state(), State::Ready);
    }
}

#[test]
fn lmtp_pair_gets_a_reply_per_recipient() {
    for step in STEPS {
        let mut p = pair_with(
            client::Config::lmtp(),
            server::Config::lmtp(),
            &["lmtp.example.org", "PIPELINING"],
            step,
        );
        send_message(
            &mut p,
            "LHLO c",
            &["a@x.org", "reject@x.org", "c@x.org"],
            b"hello\r\n",
        );
        let tail: Vec<&str> = p
            .client_log
            .iter()
            .rev()
            .take(2)
            .map(String::as_str)
            .collect();
        assert_eq!(
            tail,
            [
                "reply 250 to Data #6 Some(1)",
                "reply 250 to Data #6 Some(0)"
            ]
        );
        assert_eq!(p.client.state(), State::Ready);
        assert_eq!(p.server.state(), State::Ready);
    }
}

#[test]
fn starttls_pair_restarts_before_ehlo() {
    for step in STEPS {
        let mut p = pair(step);
        p.client.send(&cmd("EHLO c")).unwrap();
        p.pump();
        p.client.send(&cmd("STARTTLS")).unwrap();
        p.pump();
        assert_eq!(p.client_log.last().unwrap(), "starttls");
        assert_eq!(p.server.state(), State::StartTls);
        p.client.tls_established().unwrap();
        p.server.tls_established().unwrap();
        assert!(p.client.send(&cmd("MAIL FROM:<a@x.org>")).is_err());
        send_message(&mut p, "EHLO c", &["b@x.org"], b"over tls\r\n");
        assert_eq!(p.app.messages.len(), 1);
    }
}

#[test]
fn auth_pair() {
    for step in STEPS {
        let mut p = pair(step);
        p.client.send(&cmd("EHLO c")).unwrap();
        p.pump();
        p.client.send(&cmd("AUTH LOGIN")).unwrap();
        p.pump();
        assert_eq!(p.client.state(), State::Auth);
        let resp = AuthResponse::Data(SaslData::encode(b"user"));
        p.client.send_auth_response(&resp).unwrap();
        p.pump();
        assert!(p.client.is_authenticated());
        assert!(p.server.is_authenticated());
        assert_eq!(p.app.log.last().unwrap(), "auth data");
    }
}

#[test]
fn server_refusal_reaches_the_client_in_pipeline_order() {
    for step in STEPS {
        let mut p = pair(step);
        p.client.send(&cmd("EHLO c")).unwrap();
        p.pump();
        p.client.send(&cmd("MAIL FROM:<a@x.org>")).unwrap();
        p.client.send(&cmd("RCPT TO:<reject@x.org>")).unwrap();
        p.client.send(&cmd("DATA")).unwrap();
        p.pump();
        // No recipient accepted: the application refuses DATA with 554.
        let tail: Vec<&str> = p
            .client_log
            .iter()
            .rev()
            .take(2)
            .map(String::as_str)
            .collect();
        assert_eq!(
            tail,
            [
                "reply 554 to Command(Data) #3 None",
                "reply 550 to Command(Rcpt) #2 None"
            ]
        );
        assert_eq!(p.client.state(), State::Mail);
        assert_eq!(p.server.state(), State::Mail);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_body_arrives_as_sent(
        lines in prop::collection::vec("[.a-z \t]{0,20}", 0..10),
        step in prop::sample::select(&STEPS[..]),
    ) {
        let mut body = Vec::new();
        for l in &lines {
            body.extend_from_slice(l.as_bytes());
            body.extend_from_slice(b"\r\n");
        }
        let mut p = pair(step);
        send_message(&mut p, "EHLO c", &["b@x.org"], &body);
        prop_assert_eq!(&p.app.messages, &vec![body]);
    }
}

#[test]
fn lmtp_bdat_last_gets_a_reply_per_recipient() {
    for step in STEPS {
        let mut p = pair_with(
            client::Config::lmtp(),
            server::Config::lmtp(),
            &["lmtp.example.org", "PIPELINING", "CHUNKING"],
            step,
        );
        p.client.send(&cmd("LHLO c")).unwrap();
        p.pump();
        // All pipelined: the client counts the replies due for BDAT LAST
        // only once the RCPT replies are in.
        p.client.send(&cmd("MAIL FROM:<a@x.org>")).unwrap();
        p.client.send(&cmd("RCPT TO:<a@x.org>")).unwrap();
        p.client.send(&cmd("RCPT TO:<b@x.org>")).unwrap();
        p.client.send(&cmd("RCPT TO:<reject@x.org>")).unwrap();
        p.client.send(&cmd("BDAT 4 LAST")).unwrap();
        p.client.send_data(b"hi\r\n").unwrap();
        p.pump();
        let tail: Vec<&str> = p
            .client_log
            .iter()
            .rev()
            .take(2)
            .map(String::as_str)
            .collect();
        assert_eq!(
            tail,
            [
                "reply 250 to Command(Bdat { last: true }) #5 Some(1)",
                "reply 250 to Command(Bdat { last: true }) #5 Some(0)"
            ],
            "step {step}"
        );
        assert_eq!(p.app.messages, vec![b"hi\r\n".to_vec()]);
        assert_eq!(p.client.state(), State::Ready);
        assert_eq!(p.server.state(), State::Ready);
        assert_eq!(p.client.outstanding(), 0);
    }
}

#[test]
fn send_bdat_sends_the_command_and_its_chunk() {
    for step in STEPS {
        let mut p = pair(step);
        p.client.send(&cmd("EHLO c")).unwrap();
        p.pump();
        p.client.send(&cmd("MAIL FROM:<a@x.org>")).unwrap();
        p.client.send(&cmd("RCPT TO:<b@x.org>")).unwrap();
        p.client.send_bdat(b"first\r\n", false).unwrap();
        p.client.send_bdat(b"", true).unwrap();
        p.pump();
        assert_eq!(p.app.messages, vec![b"first\r\n".to_vec()]);
        assert_eq!(p.client.outstanding(), 0);
        assert_eq!(p.client.state(), State::Ready);
    }
}
