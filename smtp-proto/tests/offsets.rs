//! Every warning and protocol error names a byte offset in the whole stream
//! the session received so far, in both roles, not one relative to a line.

use smtp_proto::client;
use smtp_proto::error::ProtocolErrorKind;
use smtp_proto::parse;
use smtp_proto::quirks::Quirk;
use smtp_proto::server::{self, Event};
use smtp_proto::types::Reply;

fn reply(code: u16, text: &str) -> Reply<'static> {
    Reply::new(code, text.as_bytes().to_vec()).unwrap()
}

/// A server greeted, with `HELO c\r\n` (8 octets) received and answered.
fn server_after_helo(ehlo: bool) -> server::Session {
    let mut s = server::Session::new(server::Config::default());
    s.send(&reply(220, "mx")).unwrap();
    if ehlo {
        s.receive(b"EHLO c\r\n");
        s.next_event().unwrap();
        let r = parse::reply(b"250-mx\r\n250-CHUNKING\r\n250 AUTH PLAIN\r\n").unwrap();
        s.send(&r).unwrap();
    } else {
        s.receive(b"HELO c\r\n");
        s.next_event().unwrap();
        s.send(&reply(250, "mx")).unwrap();
    }
    s
}

#[test]
fn server_command_errors_and_warnings() {
    let mut s = server_after_helo(false);
    // `MAIL FROM:<<` fails at its 12th octet (offset 11 in the line).
    s.receive(b"MAIL FROM:<<bad>\r\n");
    let e = s.next_event().unwrap_err();
    let line_offset = parse::command(b"MAIL FROM:<<bad>\r\n").unwrap_err().offset;
    assert_eq!(e.offset, 8 + line_offset);
    s.send_error(&e).unwrap();
    // Two warnings in one line: both counted from the stream start.
    s.receive(b"MAIL FROM:  a@x.org\r\n");
    let mut offsets = Vec::new();
    while let Ok(Some(Event::Warning(w))) = s.next_event() {
        offsets.push((w.quirk, w.offset));
    }
    let mut line_warnings = Vec::new();
    let q = server::Config::default().quirks;
    parse::command_with(b"MAIL FROM:  a@x.org\r\n", &q, &mut line_warnings).unwrap();
    assert!(!line_warnings.is_empty());
    let expected: Vec<_> = line_warnings
        .iter()
        .map(|w| (w.quirk, 8 + 18 + w.offset))
        .collect();
    assert_eq!(offsets, expected);
}

#[test]
fn server_bare_lf_command_and_over_long_line() {
    let mut s = server_after_helo(false);
    s.receive(b"NOOP\n");
    let e = s.next_event().unwrap_err();
    assert_eq!(
        (e.kind, e.offset),
        (ProtocolErrorKind::BareLineEnding, 8 + 4)
    );
    s.send_error(&e).unwrap();
    let mut long = b"NOOP ".to_vec();
    long.extend([b'x'; 600]);
    long.extend(b"\r\n");
    s.receive(&long);
    let e = s.next_event().unwrap_err();
    assert_eq!((e.kind, e.offset), (ProtocolErrorKind::LineTooLong, 8 + 5));
}

#[test]
fn server_content_and_auth_errors() {
    let mut s = server_after_helo(false);
    s.receive(b"MAIL FROM:<a@x.org>\r\nRCPT TO:<b@x.org>\r\nDATA\r\n");
    for code in [250, 250, 354] {
        s.next_event().unwrap();
        s.send(&reply(code, "ok")).unwrap();
    }
    let start = 8 + 21 + 19 + 6;
    s.receive(b"ab\ncd\r\n.\r\n");
    let e = loop {
        match s.next_event() {
            Ok(Some(_)) => {}
            Ok(None) => panic!("no refusal"),
            Err(e) => break e,
        }
    };
    assert_eq!(
        (e.kind, e.offset),
        (ProtocolErrorKind::BareLineEnding, start + 2)
    );

    let mut s = server_after_helo(true);
    s.receive(b"AUTH PLAIN\r\n");
    s.next_event().unwrap();
    s.send(&reply(334, "")).unwrap();
    s.receive(b"AGFA!!\r\n");
    let e = s.next_event().unwrap_err();
    let line_offset = parse::auth_response(b"AGFA!!\r\n").unwrap_err().offset;
    assert_eq!(
        (e.kind, e.offset),
        (ProtocolErrorKind::AuthEncoding, 8 + 12 + line_offset)
    );
}

#[test]
fn server_injection_and_closed() {
    let mut s = server_after_helo(false);
    s.receive(b"QUIT\r\nNOOP\r\n");
    s.next_event().unwrap();
    s.send(&reply(221, "bye")).unwrap();
    let e = s.next_event().unwrap_err();
    assert_eq!((e.kind, e.offset), (ProtocolErrorKind::Closed, 8 + 6));
}

#[test]
fn client_reply_errors_and_warnings() {
    let mut c = client::Session::new(client::Config::default());
    c.receive(b"220 mx\r\n");
    c.next_event().unwrap();
    c.send(&parse::command(b"HELO c\r\n").unwrap()).unwrap();
    c.receive(b"250 \r\n");
    let Ok(Some(client::Event::Warning(w))) = c.next_event() else {
        panic!("no warning")
    };
    assert_eq!((w.quirk, w.offset), (Quirk::SpaceWithoutText, 8 + 3));
    assert!(matches!(
        c.next_event(),
        Ok(Some(client::Event::Reply { .. }))
    ));
    c.send(&parse::command(b"NOOP\r\n").unwrap()).unwrap();
    c.receive(b"250-a\r\n260 b\r\n");
    let e = c.next_event().unwrap_err();
    assert_eq!((e.kind, e.offset), (ProtocolErrorKind::Syntax, 8 + 6 + 7));
}

#[test]
fn client_over_long_line_inside_a_reply() {
    let mut c = client::Session::new(client::Config::default());
    c.receive(b"220 mx\r\n");
    c.next_event().unwrap();
    c.send(&parse::command(b"HELO c\r\n").unwrap()).unwrap();
    let mut long = b"250-a\r\n250 ".to_vec();
    long.extend([b'x'; 5000]);
    c.receive(&long);
    let e = c.next_event().unwrap_err();
    assert_eq!((e.kind, e.offset), (ProtocolErrorKind::LineTooLong, 8 + 7));
}

#[test]
fn over_long_line_offset_is_its_start_however_it_is_split() {
    let mut long = b"NOOP ".to_vec();
    long.extend([b'x'; 1500]);
    long.extend(b"\r\nNOOP\r\n");
    for piece in [1, 7, 100, 511, 512, 513, long.len()] {
        let mut s = server_after_helo(false);
        let mut got = None;
        for chunk in long.chunks(piece) {
            s.receive(chunk);
            match s.next_event() {
                Ok(_) => {}
                Err(e) => {
                    got = Some((e.kind, e.offset));
                    break;
                }
            }
        }
        assert_eq!(
            got,
            Some((ProtocolErrorKind::LineTooLong, 8)),
            "pieces of {piece}"
        );
    }
}
