//! Memory is bounded by `Limits::buffer` in both roles, and a session that
//! is idle again after a large message holds little heap.

use smtp_proto::client;
use smtp_proto::error::ProtocolErrorKind;
use smtp_proto::limits::Limits;
use smtp_proto::parse;
use smtp_proto::server::{self, Event};
use smtp_proto::types::Reply;

fn reply(code: u16, text: &str) -> Reply<'static> {
    Reply::new(code, text.as_bytes().to_vec()).unwrap()
}

/// A message of about 1 MB, in CRLF lines, then the end of data and QUIT.
fn big_message() -> Vec<u8> {
    let mut m = Vec::new();
    while m.len() < 1_000_000 {
        m.extend_from_slice(&[b'a'; 78]);
        m.extend_from_slice(b"\r\n");
    }
    m.extend_from_slice(b".\r\nQUIT\r\n");
    m
}

fn server_after_data_large(piece: usize) -> server::Session {
    let mut s = server::Session::new(server::Config::default());
    s.send(&reply(220, "mx")).unwrap();
    s.receive(b"HELO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@x.org>\r\nDATA\r\n");
    for code in [250, 250, 250, 354] {
        assert!(matches!(s.next_event(), Ok(Some(Event::Command(_)))));
        s.send(&reply(code, "ok")).unwrap();
    }
    let mut received = 0;
    for chunk in big_message().chunks(piece) {
        s.receive(chunk);
        loop {
            match s.next_event() {
                Ok(Some(Event::DataChunk(c))) => received += c.len(),
                Ok(Some(Event::DataEnd)) => s.send(&reply(250, "queued")).unwrap(),
                Ok(Some(Event::Command(c))) => {
                    assert_eq!(c.verb(), "QUIT");
                    assert!(s.buffered() == 0);
                    // Idle again, before the reply: the 1 MB is given back.
                    let heap = s.heap_capacity();
                    assert!(
                        heap <= 8 * 1024,
                        "{heap} octets held after {piece}-octet reads"
                    );
                    s.send(&reply(221, "bye")).unwrap();
                }
                Ok(Some(other)) => panic!("{other:?}"),
                Ok(None) => break,
                Err(e) => panic!("{e}"),
            }
        }
        s.take_transmit();
    }
    assert!(received >= 1_000_000);
    s
}

#[test]
fn server_idle_after_a_large_message_holds_little_heap() {
    for piece in [usize::MAX, 65536, 1000] {
        let s = server_after_data_large(piece);
        assert!(s.is_closed());
        assert!(s.heap_capacity() <= 8 * 1024, "{}", s.heap_capacity());
    }
}

#[test]
fn client_input_is_bounded_by_the_buffer_limit() {
    let config = client::Config {
        limits: Limits {
            buffer: 1000,
            ..Limits::client()
        },
        ..client::Config::default()
    };
    let mut c = client::Session::new(config);
    c.receive(b"220 mx\r\n");
    c.next_event().unwrap();
    c.send(&parse::command(b"NOOP\r\n").unwrap()).unwrap();
    let mut flood = b"250 ok\r\n".to_vec();
    for _ in 0..200 {
        flood.extend_from_slice(b"250 more\r\n");
    }
    c.receive(&flood);
    assert!(c.buffered() > 1000);
    let e = c.next_event().unwrap_err();
    assert_eq!(e.kind, ProtocolErrorKind::BufferFull);
    assert!(e.fatal);
}

#[test]
fn client_idle_after_a_large_reply_holds_little_heap() {
    let mut c = client::Session::new(client::Config::default());
    c.receive(b"220 mx\r\n");
    c.next_event().unwrap();
    c.send(&parse::command(b"EHLO c\r\n").unwrap()).unwrap();
    let mut ehlo = Vec::new();
    for k in 0..200 {
        ehlo.extend_from_slice(format!("250-X-KEYWORD-{k:04} {}\r\n", "p".repeat(200)).as_bytes());
    }
    ehlo.extend_from_slice(b"250 PIPELINING\r\n");
    c.receive(&ehlo);
    assert!(matches!(
        c.next_event(),
        Ok(Some(client::Event::Reply { .. }))
    ));
    assert_eq!(c.next_event(), Ok(None));
    c.take_transmit();
    let heap = c.heap_capacity();
    assert!(heap <= 8 * 1024, "{heap}");
}
