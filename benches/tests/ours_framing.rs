//! Our framer drivers decode the corpus to exactly the peer's bytes, however
//! it is split, and our stuffers reproduce the wire form.

use mailwire_benches::corpus::{body, pop3};
use mailwire_benches::feed::{Progress, feed};
use mailwire_benches::ours;
use mailwire_benches::pieces::Pieces;

#[test]
fn smtp_data_decodes_to_the_plain_body_in_every_piece_size() {
    let b = body::body(3_000);
    for pieces in Pieces::ALL {
        let mut got = Vec::new();
        let mut carry = Vec::new();
        let len = ours::smtp::data_body(&b.wire, pieces, &mut carry, |c| got.extend_from_slice(c));
        assert_eq!(len, b.plain.len(), "{pieces:?}");
        assert!(got == b.plain, "{pieces:?}");
    }
}

#[test]
fn smtp_data_encode_reproduces_the_wire_form() {
    let b = body::body(3_000);
    let mut out = Vec::new();
    assert_eq!(ours::smtp::data_encode(&b.plain, &mut out), b.wire.len());
    assert!(out == b.wire);
}

#[test]
fn pop3_retr_decodes_to_the_plain_body_in_every_piece_size() {
    let b = body::body(3_000);
    let retr = pop3::retr_reply(&b);
    for pieces in Pieces::ALL {
        let mut got = Vec::new();
        let mut status = Vec::new();
        let mut carry = Vec::new();
        ours::pop3::multiline_reply(
            &retr,
            pieces,
            &mut carry,
            |s| status.extend_from_slice(s),
            |c| got.extend_from_slice(c),
        );
        assert_eq!(
            status,
            format!("+OK {} octets\r\n", b.plain.len()).as_bytes(),
            "{pieces:?}"
        );
        assert!(got == b.plain, "{pieces:?}");
    }
}

#[test]
fn pop3_body_encode_reproduces_the_wire_form() {
    let b = body::body(3_000);
    let mut out = Vec::new();
    ours::pop3::body_encode(&b.plain, &mut out);
    assert!(out == b.wire);
}

#[test]
fn feed_carries_unconsumed_bytes_and_reports_what_follows() {
    // A toy framer: consumes whole 3-byte records, done at "END".
    let input = b"abcdefEND+tail";
    for pieces in Pieces::ALL {
        let mut records = Vec::new();
        let mut carry = Vec::new();
        let left = feed(input, pieces, &mut carry, |rest| match rest.get(..3) {
            Some(b"END") => Progress::Done(3),
            Some(r) => {
                records.push(r.to_vec());
                Progress::Consumed(3)
            }
            None => Progress::NeedMore(0),
        });
        assert_eq!(left, Some(5), "{pieces:?}");
        assert_eq!(records, [b"abc".to_vec(), b"def".to_vec()], "{pieces:?}");
    }
}
