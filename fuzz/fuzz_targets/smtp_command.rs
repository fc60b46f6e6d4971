//! SMTP commands, client to server: `parse::command` strict and with the
//! server's default quirks (the one-pass reader of the usual lines against
//! the full grammar), and the command-line framer fed in pieces.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailwire_fuzz::pieces::{Pieces, split_input};
use mailwire_fuzz::smtp::frame::{self, Line};
use mailwire_fuzz::smtp_check;
use smtp_proto::limits::Limits;
use smtp_proto::parse;
use smtp_proto::quirks::Quirks;
use smtp_proto::types::Command;

fn check(line: &[u8]) {
    // The one-pass reader of the usual commands and the full grammar must
    // read every line the same, errors included.
    assert_eq!(
        parse::command(line),
        smtp_proto::fuzzing::command_by_grammar(line),
        "one pass and grammar differ on {:?}",
        line.escape_ascii().to_string()
    );
    let one = |_: &Command<'_>| 1;
    if let Ok(c) = smtp_check!(
        line,
        parse::command,
        parse::command_with,
        Quirks::server_default(),
        one
    ) {
        let _ = c.verb();
        let _ = smtp_proto::session::CommandKind::of(&c);
    }
}

fuzz_target!(|data: &[u8]| {
    let (pieces, msg) = split_input(data);
    check(msg);
    let limit = Limits::default().command_line;
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
