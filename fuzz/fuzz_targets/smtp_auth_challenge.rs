//! SMTP AUTH challenges (`334 base64`), server to client: the reply
//! framed in pieces, decoded, its data read with `parse::auth_challenge`,
//! and a challenge rebuilt from that data decoding back to it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailwire_fuzz::pieces::{Pieces, split_input};
use mailwire_fuzz::smtp::{frame, group_replies};
use smtp_proto::encode::Encode;
use smtp_proto::limits::Limits;
use smtp_proto::parse;
use smtp_proto::quirks::Quirks;
use smtp_proto::types::Reply;

fn check(bytes: &[u8]) {
    let Ok(reply) = parse::reply_with(bytes, &Quirks::client_default(), &mut Vec::new()) else {
        return;
    };
    let Ok(data) = parse::auth_challenge(&reply) else {
        return;
    };
    let _ = data.decode();
    let rebuilt = match Reply::new(334, data.as_str()) {
        Ok(r) => r,
        Err(e) => panic!("334 {:?} decoded but cannot be rebuilt: {e}", data.as_str()),
    };
    let wire = rebuilt.to_vec();
    let back = parse::reply(&wire).expect("rebuilt challenge decodes");
    assert_eq!(
        parse::auth_challenge(&back).as_ref(),
        Ok(&data),
        "{:?}",
        wire.escape_ascii().to_string()
    );
}

fuzz_target!(|data: &[u8]| {
    let (pieces, msg) = split_input(data);
    check(msg);
    let limit = Limits::client().auth_line;
    let cut = frame::lines(pieces, msg, limit);
    assert_eq!(
        cut,
        frame::lines(Pieces::WHOLE, msg, limit),
        "framing depends on the cut"
    );
    for reply in group_replies(&cut.lines) {
        check(&reply);
    }
});
