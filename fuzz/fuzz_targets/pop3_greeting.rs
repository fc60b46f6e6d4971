//! POP3 greetings, server to client: a fresh client session receives the
//! input, cut in pieces, and reports the same events however it was cut;
//! the APOP timestamp it keeps is the greeting's.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailwire_fuzz::pieces::{Pieces, split_input};
use pop3_proto::client::{Config, Event, Session};
use pop3_proto::encode::Encode;
use pop3_proto::parse;
use pop3_proto::quirks::{Quirk, Quirks};

fn events(pieces: Pieces<'_>, msg: &[u8]) -> (Vec<String>, Option<String>, Option<Vec<u8>>) {
    let mut s = Session::new(Config::default());
    let mut log = Vec::new();
    let mut bracket = false;
    for piece in pieces.cut(msg) {
        s.receive(piece);
        loop {
            match s.next_event() {
                Ok(None) => break,
                Ok(Some(Event::Greeting(r))) => {
                    let wire = r.to_vec();
                    if bracket {
                        // Text beginning with `[` without a code is written
                        // as it came and reads back under the same quirk
                        // (pop3-proto `Response` docs); nothing else may
                        // need a quirk to read back.
                        let again =
                            parse::response_with(&wire, &Quirks::client_default(), &mut Vec::new());
                        assert_eq!(again.as_ref(), Ok(&r), "{wire:?}");
                    } else {
                        assert_eq!(parse::response(&wire).as_ref(), Ok(&r), "{wire:?}");
                    }
                    log.push(format!("greeting {wire:?}"));
                }
                Ok(Some(Event::Warning(w))) => {
                    bracket |= w.quirk == Quirk::TextStartsWithBracket;
                    log.push(format!("{:?}", Event::Warning(w)));
                }
                Ok(Some(ev)) => log.push(format!("{ev:?}")),
                Err(e) => return (log, Some(format!("{:?}", e.kind)), None),
            }
            if log.len() > 1000 {
                panic!("client yields events without end");
            }
        }
    }
    let ts = s.apop_timestamp().map(<[u8]>::to_vec);
    (log, None, ts)
}

fuzz_target!(|data: &[u8]| {
    let (pieces, msg) = split_input(data);
    let cut = events(pieces, msg);
    let whole = events(Pieces::WHOLE, msg);
    assert_eq!(
        cut.1.is_some(),
        whole.1.is_some(),
        "an error depends on the cut: {cut:?} / {whole:?}"
    );
    if cut.1.is_none() {
        assert_eq!(cut, whole, "events depend on the cut");
    }
    if let Some(ts) = &whole.2 {
        assert!(
            msg.windows(ts.len()).any(|w| w == ts.as_slice()),
            "timestamp not in the greeting"
        );
    }
});
