//! POP3 multi-line bodies (RETR, TOP), server to client: the streaming
//! dot-unstuffing decoder under each bare-LF policy and small or default
//! limits, fed in pieces, must agree with itself fed whole; and any bytes,
//! dot-stuffed by the encoder (normalizing and passing bare LF), decode
//! back to the content the encoder promised, ending exactly at the end.
//!
//! Input: the piece sizes (see `pieces`), one control byte (policy and
//! limits), then the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailwire_fuzz::pieces::{Pieces, split_input};
use mailwire_fuzz::pop3::frame;
use pop3_proto::framing::{BareLf, DotStuffer};
use pop3_proto::limits::Limits;

fuzz_target!(|data: &[u8]| {
    let (pieces, rest) = split_input(data);
    let Some((&ctl, msg)) = rest.split_first() else {
        return;
    };
    let policy = match ctl & 3 {
        0 => BareLf::Reject,
        1 => BareLf::Normalize,
        _ => BareLf::Pass,
    };
    let line_limit = if ctl & 4 != 0 {
        usize::from(ctl >> 4) + 1
    } else {
        Limits::DEFAULT.body_line
    };
    let body_limit = if ctl & 8 != 0 {
        u64::from(ctl >> 3)
    } else {
        Limits::DEFAULT.body
    };

    // Decoding: the cut changes nothing but how content is chunked.
    let cut = frame::body(pieces, msg, line_limit, body_limit, policy);
    let whole = frame::body(Pieces::WHOLE, msg, line_limit, body_limit, policy);
    assert_eq!(cut.end, whole.end, "the body ends elsewhere when cut");
    assert_eq!(
        cut.errors == 0,
        whole.errors == 0,
        "errors depend on the cut"
    );
    if cut.errors == 0 {
        assert_eq!(cut.content, whole.content, "content depends on the cut");
    }
    if let Some(end) = whole.end {
        assert!(
            msg[..end as usize].ends_with(b".\r\n"),
            "ended without .CRLF"
        );
    }

    // Encoding then decoding, normalizing bare LF.
    let mut wire = Vec::new();
    let mut stuffer = DotStuffer::new();
    for piece in pieces.cut(msg) {
        stuffer.stuff(piece, &mut wire);
    }
    stuffer.finish(&mut wire);
    let back = frame::body(pieces, &wire, usize::MAX, u64::MAX, BareLf::Reject);
    assert_eq!(
        back.errors,
        0,
        "stuffed body refused: {:?}",
        wire.escape_ascii().to_string()
    );
    assert_eq!(
        back.end,
        Some(wire.len() as u64),
        "stuffed body does not end at its end"
    );
    assert_eq!(
        back.content,
        frame::expected_content(msg),
        "content changed by the round trip"
    );

    // Encoding then decoding, passing bare LF through.
    let mut wire = Vec::new();
    let mut stuffer = DotStuffer::passing_bare_lf();
    stuffer.stuff(msg, &mut wire);
    stuffer.finish(&mut wire);
    let back = frame::body(pieces, &wire, usize::MAX, u64::MAX, BareLf::Pass);
    assert_eq!(back.errors, 0, "stuffed body refused");
    assert_eq!(
        back.end,
        Some(wire.len() as u64),
        "stuffed body does not end at its end"
    );
    let mut expected = msg.to_vec();
    if !expected.is_empty() && !expected.ends_with(b"\r\n") {
        expected.extend_from_slice(b"\r\n");
    }
    assert_eq!(back.content, expected, "content changed by the round trip");
});
