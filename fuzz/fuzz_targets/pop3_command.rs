//! POP3 commands, client to server: `parse::command` strict and with the
//! server's default quirks, and the command-line framer fed in pieces.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailwire_fuzz::pieces::{Pieces, split_input};
use mailwire_fuzz::pop3::frame::{self, Line};
use mailwire_fuzz::pop3_check_line;
use pop3_proto::limits::Limits;
use pop3_proto::parse;
use pop3_proto::quirks::Quirks;

fuzz_target!(|data: &[u8]| {
    let (pieces, msg) = split_input(data);
    pop3_check_line!(
        msg,
        parse::command,
        parse::command_with,
        Quirks::server_default()
    );
    let limit = Limits::DEFAULT.command_line;
    let cut = frame::lines(pieces, msg, limit);
    assert_eq!(
        cut,
        frame::lines(Pieces::WHOLE, msg, limit),
        "framing depends on the cut"
    );
    for line in &cut.lines {
        if let Line::Line(l, _) = line {
            pop3_check_line!(
                l,
                parse::command,
                parse::command_with,
                Quirks::server_default()
            );
        }
    }
});
