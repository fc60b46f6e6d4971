//! POP3 status lines and greetings, server to client: `parse::response`
//! strict and with the client's default quirks; the greeting's APOP
//! timestamp; the texts of STAT, LIST n, UIDL n and LANG replies; the
//! response-line framer fed in pieces.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailwire_fuzz::pieces::{Pieces, split_input};
use mailwire_fuzz::pop3::frame::{self, Line};
use mailwire_fuzz::pop3_check_line;
use pop3_proto::encode::Encode;
use pop3_proto::limits::Limits;
use pop3_proto::parse;
use pop3_proto::quirks::Quirks;

fn check(line: &[u8]) {
    if !pop3_check_line!(
        line,
        parse::response,
        parse::response_with,
        Quirks::client_default()
    ) {
        return;
    }
    let Ok(r) = parse::response_with(line, &Quirks::client_default(), &mut Vec::new()) else {
        return;
    };
    if let Some(ts) = r.apop_timestamp() {
        assert!(
            ts.starts_with(b"<") && ts.ends_with(b">") && ts.len() > 2,
            "timestamp {ts:?}"
        );
        let text = r.text().as_bytes();
        assert!(
            text.windows(ts.len()).any(|w| w == ts),
            "timestamp not in the text"
        );
    }
    if let Ok(stat) = r.stat() {
        let mut bytes = Vec::new();
        stat.encode_text(&mut bytes);
        assert_eq!(
            parse::stat_reply(&bytes).as_ref(),
            Ok(&stat),
            "STAT text {bytes:?}"
        );
    }
    if let Ok(scan) = r.scan_listing() {
        assert_eq!(parse::scan_listing(&scan.to_vec()).as_ref(), Ok(&scan));
    }
    if let Ok(uid) = r.unique_id_listing() {
        assert_eq!(parse::unique_id_listing(&uid.to_vec()).as_ref(), Ok(&uid));
    }
    if let Ok(lang) = r.lang_reply() {
        assert_eq!(parse::lang_listing(&lang.to_vec()).as_ref(), Ok(&lang));
    }
}

fuzz_target!(|data: &[u8]| {
    let (pieces, msg) = split_input(data);
    check(msg);
    let limit = Limits::DEFAULT.response_line;
    let cut = frame::lines(pieces, msg, limit);
    assert_eq!(
        cut,
        frame::lines(Pieces::WHOLE, msg, limit),
        "framing depends on the cut"
    );
    for line in &cut.lines {
        if let Line::Line(l, _) = line {
            check(l);
        }
    }
});
