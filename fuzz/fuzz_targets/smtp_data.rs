//! SMTP DATA bodies, client to server: the dot-unstuffing decoder under
//! each bare-line-ending policy, fed in pieces, must agree with itself fed
//! whole (content, bare CR/LF reports with their offsets, where the data
//! ends); any bytes, dot-stuffed by the encoder, decode back to the
//! content it promised, ending exactly at the end.
//!
//! Input: the piece sizes (see `pieces`), one control byte (the policy),
//! then the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailwire_fuzz::pieces::{Pieces, split_input};
use mailwire_fuzz::smtp::frame;
use smtp_proto::framing::{BareLinePolicy, DotStuffer, StuffPolicy};

fuzz_target!(|data: &[u8]| {
    let (pieces, rest) = split_input(data);
    let Some((&ctl, msg)) = rest.split_first() else {
        return;
    };
    let policy = match ctl % 3 {
        0 => BareLinePolicy::Reject,
        1 => BareLinePolicy::Normalize,
        _ => BareLinePolicy::Pass,
    };

    let cut = frame::data(pieces, msg, policy);
    let whole = frame::data(Pieces::WHOLE, msg, policy);
    assert_eq!(cut, whole, "DATA decoding depends on the cut");
    if let Some(end) = whole.end {
        assert!(
            msg[..end].ends_with(b"\r\n.\r\n") || &msg[..end] == b".\r\n",
            "ended without CRLF.CRLF"
        );
    }

    // Normalizing stuffer: every bare CR and LF is sent as CRLF.
    let mut wire = Vec::new();
    let mut stuffer = DotStuffer::new(StuffPolicy::Normalize);
    for piece in pieces.cut(msg) {
        stuffer
            .stuff(piece, &mut wire)
            .expect("Normalize never refuses");
    }
    stuffer.finish(&mut wire).expect("Normalize never refuses");
    let back = frame::data(pieces, &wire, BareLinePolicy::Reject);
    assert!(
        back.bare.is_empty(),
        "stuffed body has bare line ends: {:?}",
        back.bare
    );
    assert_eq!(
        back.end,
        Some(wire.len()),
        "stuffed body does not end at its end"
    );
    assert_eq!(
        back.content,
        frame::expected_content(msg),
        "content changed by the round trip"
    );

    // Refusing stuffer: refuses exactly the content with a bare CR or LF.
    let mut wire = Vec::new();
    let mut stuffer = DotStuffer::new(StuffPolicy::Reject);
    let mut refused = None;
    for piece in pieces.cut(msg) {
        if let Err(e) = stuffer.stuff(piece, &mut wire) {
            refused = Some(e);
            break;
        }
    }
    if refused.is_none() {
        refused = stuffer.finish(&mut wire).err();
    }
    let bare = frame::first_bare(msg);
    assert_eq!(
        refused.map(|e| (e.offset, e.kind)),
        bare,
        "refusal differs from the first bare octet"
    );
    if bare.is_none() {
        let back = frame::data(Pieces::WHOLE, &wire, BareLinePolicy::Reject);
        assert_eq!(back.end, Some(wire.len()));
        assert_eq!(back.content, frame::expected_content(msg));
    }
});
