//! smtp-proto round trip: `arbitrary` commands, replies, EHLO replies and
//! AUTH lines (the crate's own `Arbitrary` impls, feature `arbitrary`) are
//! encoded, decoded, and must come back equal, with nothing left over:
//! a command is one CRLF line, a reply as many lines as it has, and the
//! line framer finds exactly those lines.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use mailwire_fuzz::pieces::Pieces;
use mailwire_fuzz::smtp::frame::{self, Line};
use smtp_proto::encode::Encode;
use smtp_proto::framing::LineEnding;
use smtp_proto::parse;
use smtp_proto::types::{AuthResponse, Command, EhloReply, Reply};

#[derive(Debug, Arbitrary)]
enum Value {
    Command(Command<'static>),
    Reply(Reply<'static>),
    Ehlo(EhloReply<'static>),
    Auth(AuthResponse<'static>),
}

/// The encoding is exactly `n` CRLF lines, nothing left over.
fn lines(bytes: &[u8], n: usize) {
    let framed = frame::lines(Pieces::WHOLE, bytes, usize::MAX);
    assert!(
        framed.rest.is_empty(),
        "left over: {:?}",
        bytes.escape_ascii().to_string()
    );
    assert_eq!(
        framed.lines.len(),
        n,
        "{:?}",
        bytes.escape_ascii().to_string()
    );
    for l in framed.lines {
        assert!(matches!(l, Line::Line(_, LineEnding::CrLf)), "{l:?}");
    }
}

macro_rules! round_trip {
    ($v:expr, $parse:path, $n:expr) => {{
        let bytes = $v.to_vec();
        lines(&bytes, $n);
        match $parse(&bytes) {
            Ok(back) => assert_eq!(&back, $v, "{:?}", bytes.escape_ascii().to_string()),
            Err(e) => panic!(
                "{:?} encodes to {:?}: {e}",
                $v,
                bytes.escape_ascii().to_string()
            ),
        }
    }};
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(value) = Value::arbitrary(&mut u) else {
        return;
    };
    match &value {
        Value::Command(c) => round_trip!(c, parse::command, 1),
        Value::Reply(r) => round_trip!(r, parse::reply, r.lines().len().max(1)),
        Value::Ehlo(e) => {
            let n = e.to_reply().lines().len().max(1);
            round_trip!(e, parse::ehlo_reply, n);
        }
        Value::Auth(a) => round_trip!(a, parse::auth_response, 1),
    }
});
