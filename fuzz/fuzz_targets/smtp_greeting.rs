//! SMTP greetings, server to client: a fresh client session (SMTP or
//! LMTP) receives the input, cut in pieces, and reports the same events
//! (greeting, shutdown, warnings, errors) however it was cut; a greeting
//! it accepts re-encodes to bytes `parse::reply` reads back equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailwire_fuzz::pieces::{Pieces, split_input};
use smtp_proto::client::{Config, Event, Session};
use smtp_proto::encode::Encode;
use smtp_proto::parse;
use smtp_proto::session::Mode;

/// What the client reported, in order, as text.
fn events(pieces: Pieces<'_>, msg: &[u8], mode: Mode) -> (Vec<String>, Option<String>) {
    let mut s = Session::new(Config {
        mode,
        ..Config::default()
    });
    let mut log = Vec::new();
    for piece in pieces.cut(msg) {
        s.receive(piece);
        loop {
            match s.next_event() {
                Ok(None) => break,
                Ok(Some(Event::Greeting(r))) => {
                    let wire = r.to_vec();
                    assert_eq!(parse::reply(&wire).as_ref(), Ok(&r), "{wire:?}");
                    log.push(format!("greeting {wire:?}"));
                }
                Ok(Some(ev)) => log.push(format!("{ev:?}")),
                Err(e) => return (log, Some(format!("{:?} fatal={}", e.kind, e.fatal))),
            }
            if log.len() > 1000 {
                panic!("client yields events without end");
            }
        }
    }
    (log, None)
}

fuzz_target!(|data: &[u8]| {
    let (pieces, msg) = split_input(data);
    for mode in [Mode::Smtp, Mode::Lmtp] {
        let cut = events(pieces, msg, mode);
        let whole = events(Pieces::WHOLE, msg, mode);
        assert_eq!(
            cut.1.is_some(),
            whole.1.is_some(),
            "an error depends on the cut: {cut:?} / {whole:?}"
        );
        if cut.1.is_none() {
            assert_eq!(cut.0, whole.0, "events depend on the cut");
        }
    }
});
