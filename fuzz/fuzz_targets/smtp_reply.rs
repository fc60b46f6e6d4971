//! SMTP replies, server to client: whole replies through `parse::reply`
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
    let lines = |r: &Reply<'_>| r.lines().len().max(1);
    if let Ok(r) = smtp_check!(
        bytes,
        parse::reply,
        parse::reply_with,
        Quirks::client_default(),
        lines
    ) {
        let _ = r.enhanced_code();
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
