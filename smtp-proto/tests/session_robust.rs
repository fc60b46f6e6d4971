//! Arbitrary input and arbitrary operation sequences: nothing panics, and a
//! client and a server that talk to each other agree on the state whenever
//! no reply is outstanding.

mod session;

use proptest::prelude::*;
use session::{App, EHLO_FULL, Pair, cmd, reply};
use smtp_proto::client::{self, Event as ClientEvent};
use smtp_proto::error::SendError;
use smtp_proto::server;
use smtp_proto::session::State;

/// Pieces that make SMTP-like streams, with some hostile ones.
fn token() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"EHLO c\r\n".to_vec()),
        Just(b"HELO c\r\n".to_vec()),
        Just(b"MAIL FROM:<a@x.org>\r\n".to_vec()),
        Just(b"RCPT TO:<b@x.org>\r\n".to_vec()),
        Just(b"RCPT TO:<reject@x.org>\r\n".to_vec()),
        Just(b"DATA\r\n".to_vec()),
        Just(b"BDAT 3\r\n".to_vec()),
        Just(b"BDAT 2 LAST\r\n".to_vec()),
        Just(b"AUTH LOGIN\r\n".to_vec()),
        Just(b"AUTH PLAIN AGFAYg==\r\n".to_vec()),
        Just(b"STARTTLS\r\n".to_vec()),
        Just(b"RSET\r\n".to_vec()),
        Just(b"QUIT\r\n".to_vec()),
        Just(b"\r\n.\r\n".to_vec()),
        Just(b"\n.\n".to_vec()),
        Just(b".".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\n".to_vec()),
        prop::collection::vec(any::<u8>(), 0..12),
    ]
}

fn stream() -> impl Strategy<Value = Vec<Vec<u8>>> {
    prop::collection::vec(token(), 0..30)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The scripted server answers every event and error; its `send` never
    /// refuses an answer to something the session decoded.
    #[test]
    fn server_never_panics_and_every_event_can_be_answered(pieces in stream()) {
        for config in [server::Config::default(), server::Config::lmtp()] {
            let mut s = server::Session::new(config);
            let mut app = App::new(EHLO_FULL);
            s.send(&reply(220, "mx")).unwrap();
            for p in &pieces {
                s.receive(p);
                app.run(&mut s);
                if s.state() == State::StartTls && !s.is_closed() {
                    s.tls_established().unwrap();
                }
            }
        }
    }

    #[test]
    fn client_never_panics_on_any_reply_stream(pieces in stream(), replies in prop::collection::vec(
        prop_oneof![
            Just(b"220 hi\r\n".to_vec()),
            Just(b"250-x\r\n250 PIPELINING\r\n".to_vec()),
            Just(b"250 ok\r\n".to_vec()),
            Just(b"354 go\r\n".to_vec()),
            Just(b"334 \r\n".to_vec()),
            Just(b"421 bye\r\n".to_vec()),
            Just(b"550 no\r\n".to_vec()),
            prop::collection::vec(any::<u8>(), 0..12),
        ], 0..20)) {
        let mut c = client::Session::new(client::Config::default());
        let lines: Vec<&[u8]> = pieces.iter().map(Vec::as_slice).collect();
        for (i, r) in replies.iter().enumerate() {
            c.receive(r);
            while let Ok(Some(ev)) = c.next_event() {
                if matches!(ev, ClientEvent::StartTls) {
                    break;
                }
            }
            if let Some(line) = lines.get(i) {
                let _ = c.send_raw(line);
                let _ = c.send_data(line);
            }
            let _ = c.take_transmit();
        }
    }
}

#[derive(Clone, Debug)]
enum Op {
    Send(&'static str),
    Raw(&'static str),
    Body(&'static [u8]),
    /// MAIL, RCPT, DATA pipelined (when they may be).
    Txn,
    Pump,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "EHLO c",
            "HELO c",
            "MAIL FROM:<a@x.org>",
            "RCPT TO:<b@x.org>",
            "RCPT TO:<reject@x.org>",
            "DATA",
            "BDAT 3",
            "BDAT 2 LAST",
            "RSET",
            "NOOP",
            "VRFY b",
            "AUTH PLAIN AGFAYg==",
            "STARTTLS",
            "QUIT",
        ])
        .prop_map(Op::Send),
        1 => prop::sample::select(vec!["DATA", "RCPT TO:<b@x.org>", "MAIL FROM:<a@x.org>", "FOO"])
            .prop_map(Op::Raw),
        2 => prop::sample::select(vec![&b"hi\r\n"[..], b".x", b"a\nb", b""]).prop_map(Op::Body),
        3 => Just(Op::Txn),
        1 => Just(Op::Pump),
    ]
}

/// Sends a command, first waiting for replies if it must.
fn send_waiting(p: &mut Pair, line: &str) {
    let c = cmd(line);
    if let Err(SendError::MustWaitForReplies) = p.client.send(&c) {
        p.pump();
        let _ = p.client.send(&c);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the client does (legal sends, refused sends, raw lines the
    /// server refuses), once no reply is outstanding both sides are in the
    /// same state.
    #[test]
    fn client_and_server_agree_on_the_state(
        ops in prop::collection::vec(op(), 0..40),
        step in prop::sample::select(vec![0usize, 1, 5]),
    ) {
        let mut p = Pair::new(client::Config::default(), server::Config::default(), EHLO_FULL, step);
        p.client.send(&cmd("EHLO c")).unwrap();
        p.pump();
        for op in ops {
            match op {
                Op::Txn => {
                    for line in ["MAIL FROM:<a@x.org>", "RCPT TO:<b@x.org>", "DATA"] {
                        send_waiting(&mut p, line);
                    }
                }
                Op::Send(line) => {
                    send_waiting(&mut p, line);
                    // A BDAT chunk must follow its command.
                    let n = p.client.bdat_remaining() as usize;
                    if n > 0 {
                        p.client.send_data(&b"xyz"[..n]).unwrap();
                    }
                }
                Op::Raw(line) => {
                    if p.client.outstanding() == 0 && p.client.state() != State::Data {
                        let _ = p.client.send_raw(format!("{line}\r\n").as_bytes());
                    }
                }
                Op::Body(b) => {
                    if p.client.state() == State::Data {
                        p.client.send_data(b).unwrap();
                        p.client.end_data().unwrap();
                    }
                }
                Op::Pump => {}
            }
            p.pump();
            if p.client.state() == State::StartTls {
                p.client.tls_established().unwrap();
                p.server.tls_established().unwrap();
            }
            if p.client.outstanding() == 0 && !p.server.awaits_reply() {
                prop_assert_eq!(p.client.state(), p.server.state(), "log {:?}", p.client_log);
            }
            if p.client.is_closed() {
                prop_assert!(p.server.is_closed());
                break;
            }
        }
    }
}
