//! Memory is bounded by `Limits`, never by what the peer sends: a peer that
//! floods a session gets a fatal `InputOverflow` (or, with a driver that
//! respects `wants_input`, is simply not read), and buffers give memory
//! back once drained.

use pop3_proto::client;
use pop3_proto::error::ProtocolErrorKind;
use pop3_proto::limits::Limits;
use pop3_proto::server;
use pop3_proto::types::{Command, MessageNumber, Param, Response, Secret};

const LIMIT: usize = Limits::DEFAULT.input_buffer;
const CHUNK: usize = 16 * 1024;

fn ok(text: &str) -> Response<'static> {
    Response::ok(text.as_bytes().to_vec()).unwrap()
}

/// A server that decoded `CAPA` and has not answered it yet.
fn server_awaiting_reply() -> server::Session {
    let mut s = server::Session::default();
    s.send(&ok("hi")).unwrap();
    s.receive(b"CAPA\r\n");
    assert!(matches!(
        s.next_event(),
        Ok(Some(server::Event::Command(Command::Capa)))
    ));
    s
}

fn flood() -> Vec<u8> {
    b"CAPA\r\n".repeat(CHUNK / 6)
}

#[test]
fn server_flooded_while_a_reply_is_pending_is_bounded_and_fails() {
    let mut s = server_awaiting_reply();
    let chunk = flood();
    let mut received = 0u64;
    let error = loop {
        // A driver that ignores wants_input.
        s.receive(&chunk);
        received += chunk.len() as u64;
        assert!(
            s.buffer_capacity() <= 2 * (LIMIT + CHUNK),
            "{} bytes held after {received} received",
            s.buffer_capacity()
        );
        match s.next_event() {
            Ok(None) => {}
            Ok(Some(ev)) => panic!("{ev:?}"),
            Err(e) => break e,
        }
        assert!(
            received < 64 * 1024 * 1024,
            "no error after {received} bytes"
        );
    };
    assert_eq!(
        error.kind,
        ProtocolErrorKind::InputOverflow { limit: LIMIT }
    );
    assert!(error.is_fatal());
    // The fault lies past the limit, within the read that broke it.
    assert!(error.offset >= 6 + LIMIT as u64, "{}", error.offset);
    assert!(
        error.offset <= 6 + (LIMIT + 2 * CHUNK) as u64,
        "{}",
        error.offset
    );
    // The -ERR goes out in place of the pending reply, and the session ends.
    s.send(error.reply.as_ref().unwrap()).unwrap();
    assert!(s.is_closed());
    assert!(!s.wants_input());
    assert!(s.buffer_capacity() <= 4096);
}

#[test]
fn one_large_read_is_kept_but_not_the_next() {
    let mut s = server_awaiting_reply();
    s.receive(&vec![b'x'; 4 * LIMIT]);
    assert!(matches!(s.next_event(), Ok(None)));
    assert!(!s.wants_input());
    s.receive(b"more");
    let e = s.next_event().unwrap_err();
    assert_eq!(e.kind, ProtocolErrorKind::InputOverflow { limit: LIMIT });
    assert_eq!(e.offset, 6 + 4 * LIMIT as u64);
    assert!(e.is_fatal());
}

#[test]
fn a_driver_that_respects_wants_input_never_overflows() {
    let mut s = server_awaiting_reply();
    let chunk = flood();
    let mut reads = 0;
    while s.wants_input() {
        s.receive(&chunk);
        reads += 1;
        assert!(matches!(s.next_event(), Ok(None)));
        assert!(reads < 1000);
    }
    assert!(reads >= LIMIT / CHUNK, "{reads}");
    // Answering lets the pipelined commands through, and reading resumes.
    let mut answered = 0;
    let mut resumed = false;
    loop {
        s.send(&ok("caps")).unwrap();
        s.end_body().unwrap();
        answered += 1;
        match s.next_event() {
            Ok(Some(server::Event::Command(Command::Capa))) => {}
            Ok(None) => break,
            other => panic!("{other:?}"),
        }
        resumed |= s.wants_input();
    }
    assert!(resumed);
    assert_eq!(answered, reads * (CHUNK / 6) + 1);
}

#[test]
fn client_flooded_while_nothing_was_asked_is_bounded_and_fails() {
    let mut c = client::Session::default();
    c.receive(b"+OK hi\r\n");
    assert!(matches!(
        c.next_event(),
        Ok(Some(client::Event::Greeting(_)))
    ));
    // The driver reads without polling: bytes past the limit are not kept.
    let junk = vec![b'+'; CHUNK];
    for _ in 0..(4 * LIMIT / CHUNK) {
        c.receive(&junk);
        assert!(c.buffer_capacity() <= 2 * (LIMIT + CHUNK));
    }
    assert!(!c.wants_input());
    let e = c.next_event().unwrap_err();
    assert_eq!(e.kind, ProtocolErrorKind::InputOverflow { limit: LIMIT });
    assert!(e.is_fatal());
    assert!(e.offset > 8 + LIMIT as u64);
    assert!(c.is_closed());
    assert!(c.buffer_capacity() <= 4096);
}

#[test]
fn a_large_message_in_one_read_is_not_an_overflow() {
    let body = b"0123456789abcdef\r\n".repeat(4 * LIMIT / 18);
    let wire = [&b"+OK hi\r\n+OK\r\n+OK\r\n+OK\r\n"[..], &body, b".\r\n+O"].concat();
    let mut c = client::Session::new(client::Config {
        assume_pipelining: true,
        ..client::Config::default()
    });
    c.receive(&wire[..8]);
    c.next_event().unwrap();
    for l in ["USER a", "PASS b", "RETR 1", "NOOP"] {
        let cmd = pop3_proto::parse::command(format!("{l}\r\n").as_bytes())
            .unwrap()
            .into_static();
        c.send(&cmd).unwrap();
    }
    let _ = c.take_transmit();
    c.receive(&wire[8..]);
    let mut got = Vec::new();
    let mut ended = false;
    loop {
        match c.next_event() {
            Ok(None) => break,
            Ok(Some(client::Event::BodyChunk(b))) => got.extend_from_slice(b),
            Ok(Some(client::Event::BodyEnd)) => ended = true,
            Ok(Some(_)) => {}
            Err(e) => panic!("{e}"),
        }
    }
    assert!(ended);
    assert_eq!(got, body);
    // Idle, with the start of the next reply waiting: the megabyte the
    // body took is given back.
    assert!(c.wants_input());
    assert!(c.buffer_capacity() <= 4096, "{}", c.buffer_capacity());
    c.receive(b"K\r\n");
    assert!(matches!(
        c.next_event(),
        Ok(Some(client::Event::Response { .. }))
    ));
}

#[test]
fn a_server_gives_back_what_a_large_body_took() {
    let mut s = server::Session::default();
    s.send(&ok("hi")).unwrap();
    for (line, reply) in [("USER a\r\n", "u"), ("PASS b\r\n", "p")] {
        s.receive(line.as_bytes());
        s.next_event().unwrap();
        s.send(&ok(reply)).unwrap();
    }
    s.receive(b"RETR 1\r\nNO");
    assert!(matches!(
        s.next_event(),
        Ok(Some(server::Event::Command(_)))
    ));
    s.send(&ok("")).unwrap();
    s.send_body(&vec![b'a'; 1 << 20]).unwrap();
    s.end_body().unwrap();
    assert!(s.take_transmit().len() > 1 << 20);
    assert!(matches!(s.next_event(), Ok(None)));
    assert!(s.buffer_capacity() <= 4096, "{}", s.buffer_capacity());
}

#[test]
fn idle_sessions_after_pipelined_large_retrs_hold_little_heap() {
    let message: Vec<u8> = b"0123456789 abcdefghij ABCDEFGHIJ .dots\r\n".repeat(1 << 15);
    let mut srv = server::Session::new(server::Config::default());
    let mut cli = client::Session::new(client::Config {
        assume_pipelining: true,
        ..client::Config::default()
    });
    srv.send(&ok("hi")).unwrap();
    cli.receive(&srv.take_transmit());
    cli.next_event().unwrap();
    let retr = Command::Retr(MessageNumber::new(1).unwrap());
    let commands = [
        Command::User(Param::new("a").unwrap()),
        Command::Pass(Secret::new("b").unwrap()),
        retr.clone(),
        retr,
        Command::Noop,
    ];
    for c in &commands {
        cli.send(c).unwrap();
    }
    srv.receive(&cli.take_transmit());
    let mut body_octets = 0;
    loop {
        let retr = match srv.next_event().unwrap() {
            Some(server::Event::Command(c)) => matches!(c, Command::Retr(_)),
            Some(_) => continue,
            None => break,
        };
        srv.send(&ok("")).unwrap();
        if retr {
            srv.send_body(&message).unwrap();
            srv.end_body().unwrap();
        }
        // The client reads in 64 KiB pieces, as a driver would.
        let wire = srv.take_transmit();
        for piece in wire.chunks(64 * 1024) {
            cli.receive(piece);
            while let Some(ev) = cli.next_event().unwrap() {
                if let client::Event::BodyChunk(b) = ev {
                    body_octets += b.len();
                }
            }
        }
    }
    assert_eq!(body_octets, 2 * message.len());
    assert_eq!(cli.state(), pop3_proto::session::State::Transaction);
    let held = cli.buffer_capacity() + srv.buffer_capacity();
    assert!(
        held <= 4096,
        "two idle sessions hold {held} bytes of buffers"
    );
}

/// An idle client after CAPA and a body read in 1460-byte pieces (as from
/// TCP segments) keeps no read's worth of buffer, and its value stays small
/// (the body decoder lives in a box only while a body streams).
#[test]
fn an_idle_client_after_capa_and_retr_holds_no_read_buffer() {
    let body = b"Subject: x\r\n..stuffed\r\n".repeat(500);
    let wire = [
        &b"+OK hi\r\n+OK caps\r\nTOP\r\nUSER\r\nSASL PLAIN\r\nX-UNKNOWN a b\r\n.\r\n"[..],
        b"+OK\r\n+OK\r\n+OK 1 octets\r\n",
        &body,
        b".\r\n",
    ]
    .concat();
    let mut c = client::Session::new(client::Config {
        assume_pipelining: true,
        ..client::Config::default()
    });
    c.receive(&wire[..8]);
    c.next_event().unwrap();
    for l in ["CAPA", "USER a", "PASS b", "RETR 1"] {
        let cmd = pop3_proto::parse::command(format!("{l}\r\n").as_bytes())
            .unwrap()
            .into_static();
        c.send(&cmd).unwrap();
    }
    let _ = c.take_transmit();
    let mut octets = 0;
    let mut ends = 0;
    for piece in wire[8..].chunks(1460) {
        c.receive(piece);
        loop {
            match c.next_event() {
                Ok(None) => break,
                Ok(Some(client::Event::BodyChunk(b))) => octets += b.len(),
                Ok(Some(client::Event::BodyEnd)) => ends += 1,
                Ok(Some(_)) => {}
                Err(e) => panic!("{e}"),
            }
        }
    }
    assert_eq!(ends, 2, "the CAPA and RETR bodies both ended");
    assert_eq!(octets, body.len() - 500, "one stuffing dot per line pair");
    assert_eq!(c.capabilities().map(<[_]>::len), Some(4));
    assert!(c.buffer_capacity() <= 256, "{}", c.buffer_capacity());
    assert!(
        std::mem::size_of::<client::Session>() <= 384,
        "{}",
        std::mem::size_of::<client::Session>()
    );
}
