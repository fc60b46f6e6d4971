//! Our SMTP decoders accept the whole corpus, in every piece size, and our
//! encoders write back what was read: a benchmark of a decoder that fails
//! early would be fast and meaningless.

use mailwire_benches::corpus::smtp;
use mailwire_benches::ours;
use mailwire_benches::pieces::Pieces;

#[test]
fn every_command_decodes_and_encodes_back_to_its_line() {
    let mut out = Vec::new();
    for line in smtp::commands() {
        let command = ours::smtp::decode_command(&line);
        assert_eq!(command.verb().as_bytes(), &line[..4]);
        ours::smtp::encode(&command, &mut out);
        assert_eq!(
            String::from_utf8_lossy(&out),
            String::from_utf8_lossy(&line)
        );
    }
}

#[test]
fn command_stream_yields_every_command_in_every_piece_size() {
    let stream = smtp::command_stream();
    let n = smtp::commands().len();
    for pieces in Pieces::ALL {
        let mut carry = Vec::new();
        assert_eq!(
            ours::smtp::command_stream(&stream, pieces, &mut carry),
            n,
            "{pieces:?}"
        );
    }
}

#[test]
fn replies_decode_with_their_capabilities_and_enhanced_code() {
    let ehlo = ours::smtp::decode_ehlo(smtp::EHLO_REPLY);
    assert_eq!(ehlo.domain(), b"mx.example.org");
    assert_eq!(ehlo.capabilities.len(), 8);
    assert_eq!(ehlo.size(), Some(35_882_577));
    assert!(ehlo.has("PIPELINING") && ehlo.has("CHUNKING"));
    let (reply, code) = ours::smtp::decode_reply(smtp::SINGLE_REPLY);
    assert_eq!(reply.code().get(), 250);
    let code = code.expect("enhanced code");
    assert_eq!((code.class(), code.subject(), code.detail()), (2, 1, 5));

    let mut out = Vec::new();
    ours::smtp::encode(&reply, &mut out);
    assert_eq!(out, smtp::SINGLE_REPLY);
    ours::smtp::encode(&ehlo, &mut out);
    assert_eq!(out, smtp::EHLO_REPLY);
}

#[test]
fn reply_stream_yields_every_reply_in_every_piece_size() {
    let stream = smtp::reply_stream();
    let n = smtp::replies().len();
    for pieces in Pieces::ALL {
        let mut carry = Vec::new();
        assert_eq!(
            ours::smtp::reply_stream(&stream, pieces, &mut carry),
            n,
            "{pieces:?}"
        );
    }
}
