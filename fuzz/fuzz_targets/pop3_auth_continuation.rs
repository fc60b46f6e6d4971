//! POP3 AUTH challenges (`+ base64`), server to client: strict and with
//! the client's default quirks, through the SASL-line framer in pieces.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailwire_fuzz::pieces::{Pieces, split_input};
use mailwire_fuzz::pop3::frame::{self, Line};
use mailwire_fuzz::pop3_check_line;
use pop3_proto::limits::Limits;
use pop3_proto::parse;
use pop3_proto::quirks::Quirks;

fn check(line: &[u8]) {
    pop3_check_line!(
        line,
        parse::continuation,
        parse::continuation_with,
        Quirks::client_default()
    );
    if let Ok(c) = parse::continuation_with(line, &Quirks::client_default(), &mut Vec::new()) {
        let _ = c.data.decode();
    }
}

fuzz_target!(|data: &[u8]| {
    let (pieces, msg) = split_input(data);
    check(msg);
    let limit = Limits::DEFAULT.sasl_line;
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
