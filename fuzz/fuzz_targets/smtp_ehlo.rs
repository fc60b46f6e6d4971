//! SMTP EHLO/LHLO capability lists, server to client: `parse::ehlo_reply`
//! (its one-pass reader against the full reply grammar)
//! on whole replies (framed in pieces and grouped), the capabilities of a
//! decoded reply, the extensions a session derives from them, and the
//! EHLO reply re-encoded and decoded back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailwire_fuzz::pieces::{Pieces, split_input};
use mailwire_fuzz::smtp::{frame, group_replies};
use smtp_proto::encode::Encode;
use smtp_proto::limits::Limits;
use smtp_proto::parse;
use smtp_proto::quirks::Quirks;
use smtp_proto::session::Extensions;

fn check(bytes: &[u8]) {
    assert_eq!(
        parse::ehlo_reply(bytes),
        smtp_proto::fuzzing::ehlo_reply_by_grammar(bytes),
        "one pass and grammar differ on {:?}",
        bytes.escape_ascii().to_string()
    );
    if let Ok(ehlo) = parse::ehlo_reply(bytes) {
        let _ = Extensions::of(&ehlo);
        let _ = (ehlo.domain(), ehlo.size(), ehlo.has("PIPELINING"));
        let _ = ehlo.auth_mechanisms().count();
        let wire = ehlo.to_vec();
        match parse::ehlo_reply(&wire) {
            Ok(back) => assert_eq!(
                back,
                ehlo,
                "re-encoded {:?}",
                wire.escape_ascii().to_string()
            ),
            Err(e) => panic!(
                "{ehlo:?} encodes to {:?}: {e}",
                wire.escape_ascii().to_string()
            ),
        }
        assert_eq!(
            ehlo.to_reply().to_vec(),
            wire,
            "to_reply differs from the encoding"
        );
    }
    if let Ok(reply) = parse::reply_with(bytes, &Quirks::client_default(), &mut Vec::new()) {
        let a = parse::ehlo_capabilities(&reply);
        let b = reply.ehlo();
        assert_eq!(
            a.is_ok(),
            b.is_ok(),
            "ehlo_capabilities and Reply::ehlo disagree"
        );
        if let Ok(ehlo) = a {
            let _ = Extensions::of(&ehlo);
            let wire = ehlo.to_vec();
            assert!(
                parse::ehlo_reply(&wire).is_ok(),
                "{:?}",
                wire.escape_ascii().to_string()
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let (pieces, msg) = split_input(data);
    check(msg);
    let limit = Limits::client().reply_line;
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
