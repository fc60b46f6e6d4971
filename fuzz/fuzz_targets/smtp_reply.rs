//! SMTP replies, server to client: whole replies through `parse::reply`
//! (its one-line path and one-digit enhanced codes against the line reader
//! and the grammar)
//! strict and with the client's default quirks, each line through
//! `parse::reply_line`, and the reply-line framer fed in pieces with the
//! lines grouped into replies.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailwire_fuzz::pieces::{Pieces, split_input};
use mailwire_fuzz::smtp::{frame, group_replies};
use mailwire_fuzz::smtp_check;
use smtp_proto::limits::Limits;
use smtp_proto::parse;
use smtp_proto::quirks::Quirks;
use smtp_proto::types::{Reply, ReplyLine};

fn check_reply(bytes: &[u8]) {
    assert_eq!(
        parse::reply(bytes),
        smtp_proto::fuzzing::reply_by_lines(bytes),
        "one-line path and line reader differ on {:?}",
        bytes.escape_ascii().to_string()
    );
    let lines = |r: &Reply<'_>| r.lines().len().max(1);
    if let Ok(r) = smtp_check!(
        bytes,
        parse::reply,
        parse::reply_with,
        Quirks::client_default(),
        lines
    ) {
        assert_eq!(
            r.enhanced_code(),
            smtp_proto::fuzzing::enhanced_code_by_grammar(r.text().as_bytes()),
            "one-digit path and grammar differ on {:?}",
            r.text().as_bytes().escape_ascii().to_string()
        );
        let code = r.code();
        let _ = (
            code.class(),
            code.is_positive_completion(),
            code.is_permanent_negative(),
        );
        let _ = r.ehlo();
        let _ = parse::auth_challenge(&r);
    }
}

fn check_line(line: &[u8]) {
    let one = |_: &ReplyLine<'_>| 1;
    let _ = smtp_check!(
        line,
        parse::reply_line,
        parse::reply_line_with,
        Quirks::client_default(),
        one
    );
}

fuzz_target!(|data: &[u8]| {
    let (pieces, msg) = split_input(data);
    check_reply(msg);
    let limit = Limits::client().reply_line;
    let cut = frame::lines(pieces, msg, limit);
    assert_eq!(
        cut,
        frame::lines(Pieces::WHOLE, msg, limit),
        "framing depends on the cut"
    );
    for line in &cut.lines {
        if let frame::Line::Line(l, _) = line {
            check_line(l);
        }
    }
    for reply in group_replies(&cut.lines) {
        check_reply(&reply);
    }
});
