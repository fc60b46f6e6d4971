//! SMTP AUTH client lines (base64 or `*`), client to server:
//! `parse::auth_response` on lines framed in pieces at the AUTH line
//! limit, each decoded value re-encoded and decoded back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailwire_fuzz::pieces::{Pieces, split_input};
use mailwire_fuzz::smtp::frame::{self, Line};
use smtp_proto::encode::Encode;
use smtp_proto::limits::Limits;
use smtp_proto::parse;
use smtp_proto::types::AuthResponse;

fn check(line: &[u8]) {
    let Ok(r) = parse::auth_response(line) else {
        return;
    };
    if let AuthResponse::Data(d) = &r {
        let _ = d.decode();
    }
    let wire = r.to_vec();
    assert!(wire.ends_with(b"\r\n") && mailwire_fuzz::pop3::memchr_count(&wire) == 1);
    assert_eq!(
        parse::auth_response(&wire).as_ref(),
        Ok(&r),
        "{:?}",
        wire.escape_ascii().to_string()
    );
}

fuzz_target!(|data: &[u8]| {
    let (pieces, msg) = split_input(data);
    check(msg);
    let limit = Limits::default().auth_line;
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
