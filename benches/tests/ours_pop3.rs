//! Our POP3 decoders accept the whole corpus, in every piece size, and the
//! encoder writes each command back as it came.

use mailwire_benches::corpus::pop3;
use mailwire_benches::ours;
use mailwire_benches::ours::pop3::Listing;
use mailwire_benches::pieces::Pieces;

#[test]
fn every_command_decodes_and_encodes_back_to_its_line() {
    let mut out = Vec::new();
    for line in pop3::commands() {
        let command = ours::pop3::decode_command(&line);
        let verb = line.split(|&b| b == b' ' || b == b'\r').next().unwrap();
        assert_eq!(command.keyword().as_bytes(), verb);
        ours::pop3::encode(&command, &mut out);
        assert_eq!(
            String::from_utf8_lossy(&out),
            String::from_utf8_lossy(&line)
        );
    }
}

#[test]
fn command_stream_yields_every_command_in_every_piece_size() {
    let stream = pop3::command_stream();
    let n = pop3::commands().len();
    for pieces in Pieces::ALL {
        let mut carry = Vec::new();
        assert_eq!(
            ours::pop3::command_stream(&stream, pieces, &mut carry),
            n,
            "{pieces:?}"
        );
    }
}

#[test]
fn listings_and_capa_decode_every_line_in_every_piece_size() {
    let cases = [
        (pop3::list_reply(), Listing::Scan, pop3::MAILDROP_MESSAGES),
        (
            pop3::uidl_reply(),
            Listing::UniqueId,
            pop3::MAILDROP_MESSAGES,
        ),
        (pop3::CAPA_REPLY.to_vec(), Listing::Capability, 12),
    ];
    for (reply, kind, n) in cases {
        for pieces in Pieces::ALL {
            let mut carry = Vec::new();
            assert_eq!(
                ours::pop3::listing(&reply, kind, pieces, &mut carry),
                n,
                "{kind:?} {pieces:?}"
            );
        }
    }
}

#[test]
fn listings_and_capa_encode_back_to_the_corpus() {
    let cases = [
        (pop3::list_reply(), Listing::Scan),
        (pop3::uidl_reply(), Listing::UniqueId),
        (pop3::CAPA_REPLY.to_vec(), Listing::Capability),
    ];
    for (reply, kind) in cases {
        let (status, lines) = ours::pop3::decode_listing(&reply, kind);
        let mut out = Vec::new();
        ours::pop3::encode_listing(&status, &lines, &mut out);
        assert_eq!(
            String::from_utf8_lossy(&out),
            String::from_utf8_lossy(&reply),
            "{kind:?}"
        );
    }
}

#[test]
fn naive_listing_writer_reproduces_the_lines() {
    use mailwire_benches::peer::naive_pop3;
    let reply = pop3::uidl_reply();
    let mut entries = Vec::new();
    naive_pop3::scan_listing(&reply, &mut entries).unwrap();
    let mut out = Vec::new();
    naive_pop3::write_listing(&entries, &mut out);
    assert_eq!(out, reply, "the UIDL corpus has a bare +OK status line");
}
