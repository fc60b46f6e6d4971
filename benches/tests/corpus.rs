//! The corpus is what the issue asks for, and the peer drivers decode all of
//! it, whatever the piece size: a benchmark of a driver that silently stops
//! early would be fast and meaningless.

use mailwire_benches::corpus::{body, pop3, smtp};
use mailwire_benches::floor;
use mailwire_benches::peer::{naive_pop3, stalwart};
use mailwire_benches::pieces::Pieces;

#[test]
fn body_is_14_mb_of_70_byte_lines_one_in_fifty_stuffed() {
    let b = body::body_14mb();
    let wire = b.wire_without_terminator();
    assert_eq!(wire.len(), 14_000_000);
    assert!(b.wire.ends_with(b"\r\n.\r\n"));
    let lines: Vec<&[u8]> = wire.split_inclusive(|&c| c == b'\n').collect();
    assert_eq!(lines.len(), 200_000);
    assert!(lines.iter().all(|l| l.len() == 70 && l.ends_with(b"\r\n")));
    let stuffed = lines.iter().filter(|l| l.starts_with(b"..")).count();
    assert_eq!(stuffed, 200_000 / 50);
    assert_eq!(b.stuffed_lines, stuffed);
    assert!(
        lines
            .iter()
            .all(|l| !l.starts_with(b".") || l.starts_with(b".."))
    );
    assert_eq!(b.plain.len(), 14_000_000 - stuffed);
    assert_eq!(floor::memchr_count(&b.wire), 200_001);
}

#[test]
fn stalwart_unstuffs_the_body_in_every_piece_size() {
    let b = body::body(3_000);
    for pieces in Pieces::ALL {
        let mut out = Vec::new();
        let len = stalwart::data_body(&b.wire, pieces, &mut out);
        assert_eq!(len, b.plain.len(), "{pieces:?}");
        assert!(out == b.plain, "{pieces:?}");
    }
}

#[test]
fn command_mix_has_the_asked_for_commands_and_parameters() {
    let cmds = smtp::commands();
    let count = |p: &[u8]| cmds.iter().filter(|c| c.starts_with(p)).count();
    assert_eq!(count(b"EHLO "), smtp::TRANSACTIONS);
    assert_eq!(count(b"MAIL FROM:"), smtp::TRANSACTIONS);
    assert_eq!(count(b"DATA\r\n"), smtp::TRANSACTIONS);
    assert!(count(b"RCPT TO:") >= smtp::TRANSACTIONS);
    let text = String::from_utf8(smtp::command_stream()).unwrap();
    for param in ["BODY=", "SIZE=", "NOTIFY=", "ORCPT="] {
        assert!(text.contains(param), "{param}");
    }
    assert!(cmds.iter().all(|c| c.ends_with(b"\r\n")));
}

#[test]
fn stalwart_decodes_every_command_alone_and_streamed() {
    let cmds = smtp::commands();
    for line in &cmds {
        let request = stalwart::decode_command(line);
        assert_eq!(request.name().as_bytes(), &line[..4]);
    }
    let stream = smtp::command_stream();
    for pieces in Pieces::ALL {
        assert_eq!(
            stalwart::command_stream(&stream, pieces),
            cmds.len(),
            "{pieces:?}"
        );
    }
}

#[test]
fn stalwart_decodes_the_replies() {
    let ehlo = stalwart::decode_ehlo(smtp::EHLO_REPLY);
    assert_eq!(ehlo.hostname, "mx.example.org");
    assert_eq!(ehlo.size, 35_882_577);
    let reply = stalwart::decode_reply(smtp::SINGLE_REPLY);
    assert_eq!((reply.code, reply.esc), (250, [2, 1, 5]));
    let replies = smtp::replies();
    let stream = smtp::reply_stream();
    for pieces in Pieces::ALL {
        assert_eq!(
            stalwart::reply_stream(&stream, pieces),
            replies.len(),
            "{pieces:?}"
        );
    }
}

#[test]
fn stalwart_encodes_the_single_reply_as_in_the_corpus() {
    let mut out = Vec::new();
    stalwart::encode_reply(&stalwart::single_reply_value(), &mut out);
    assert_eq!(out, smtp::SINGLE_REPLY);
    stalwart::encode_ehlo(&stalwart::ehlo_reply_value(), &mut out);
    assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 9);
}

#[test]
fn pop3_listings_have_10000_entries() {
    for reply in [pop3::list_reply(), pop3::uidl_reply()] {
        let mut entries = Vec::new();
        assert!(naive_pop3::scan_listing(&reply, &mut entries).is_some());
        assert_eq!(entries.len(), pop3::MAILDROP_MESSAGES);
        assert!(
            entries
                .iter()
                .enumerate()
                .all(|(i, e)| e.number == i as u64 + 1)
        );
    }
}

#[test]
fn pop3_retr_reply_is_status_line_then_the_body() {
    let b = pop3::retr_body();
    let retr = pop3::retr_reply(&b);
    assert!(retr.starts_with(b"+OK 13996000 octets\r\n"));
    assert!(retr.ends_with(&b.wire));
    assert!(pop3::CAPA_REPLY.ends_with(b"\r\n.\r\n"));
    assert!(pop3::commands().iter().all(|c| c.ends_with(b"\r\n")));
}

#[test]
fn pieces_cover_the_input_exactly() {
    let input: Vec<u8> = (0..5000u32).map(|i| i as u8).collect();
    for pieces in Pieces::ALL {
        let parts: Vec<&[u8]> = pieces.split(&input).collect();
        assert_eq!(parts.concat(), input);
        let expected = match pieces {
            Pieces::Whole => 1,
            Pieces::Segment => 4,
            Pieces::Byte => 5000,
        };
        assert_eq!(parts.len(), expected);
    }
}
