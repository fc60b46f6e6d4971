//! POP3 LIST, UIDL and LANG listings, server to client: the multi-line
//! body decoded in pieces, then each line through the scan-listing,
//! unique-id-listing and language-listing grammars (strict and with the
//! client's quirks), and its text through the STAT reply grammar.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailwire_fuzz::pieces::{Pieces, split_input};
use mailwire_fuzz::pop3::frame;
use mailwire_fuzz::pop3_check_line;
use pop3_proto::framing::BareLf;
use pop3_proto::limits::Limits;
use pop3_proto::parse;
use pop3_proto::quirks::Quirks;

fuzz_target!(|data: &[u8]| {
    let (pieces, msg) = split_input(data);
    let (line_limit, body_limit) = (Limits::DEFAULT.response_line, Limits::DEFAULT.body);
    let body = frame::body(pieces, msg, line_limit, body_limit, BareLf::Pass);
    let whole = frame::body(Pieces::WHOLE, msg, line_limit, body_limit, BareLf::Pass);
    assert_eq!(body.end, whole.end, "the body ends elsewhere when cut");
    assert_eq!(
        body.errors == 0,
        whole.errors == 0,
        "errors depend on the cut"
    );
    if body.errors == 0 {
        assert_eq!(body.content, whole.content, "content depends on the cut");
    }
    let q = Quirks::client_default();
    for line in body.content.split_inclusive(|&b| b == b'\n') {
        pop3_check_line!(line, parse::scan_listing, parse::scan_listing_with, q);
        pop3_check_line!(
            line,
            parse::unique_id_listing,
            parse::unique_id_listing_with,
            q
        );
        pop3_check_line!(line, parse::lang_listing, parse::lang_listing_with, q);
        let text = line.strip_suffix(b"\r\n").unwrap_or(line);
        if let Ok(stat) = parse::stat_reply(text) {
            let mut bytes = Vec::new();
            stat.encode_text(&mut bytes);
            assert_eq!(
                parse::stat_reply(&bytes).as_ref(),
                Ok(&stat),
                "STAT text {bytes:?}"
            );
        }
        let _ = parse::scan_listing_reply(text);
        let _ = parse::unique_id_listing_reply(text);
        let _ = parse::lang_reply(text);
    }
});
