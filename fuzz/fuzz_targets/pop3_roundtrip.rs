//! pop3-proto round trip: a value of any kind (command, status line, AUTH
//! lines, CAPA line, listings, STAT text), built from the input through
//! the crate's validating constructors, is encoded, decoded, and must come
//! back equal, with nothing left over. The first input byte chooses the
//! source of the value: the crate's `Arbitrary` impls (even) or this
//! crate's independent builders (odd; see `mailwire_fuzz::pop3::values`).
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use mailwire_fuzz::draw::Gen;
use mailwire_fuzz::pop3::values::{self, Value};
use pop3_proto::encode::Encode;
use pop3_proto::framing::{LineFramer, LineStep};
use pop3_proto::parse;

fn one_line(bytes: &[u8]) {
    let step = LineFramer::new().poll(bytes, usize::MAX);
    assert_eq!(
        step,
        LineStep::Line {
            len: bytes.len(),
            bare_lf: false
        },
        "not exactly one CRLF line: {:?}",
        bytes.escape_ascii().to_string()
    );
}

macro_rules! round_trip {
    ($v:expr, $parse:path) => {{
        let bytes = $v.to_vec();
        one_line(&bytes);
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
    let Some((&how, data)) = data.split_first() else {
        return;
    };
    let mut u = Unstructured::new(data);
    let value = if how & 1 == 0 {
        let Ok(v) = values::arbitrary_value(&mut u) else {
            return;
        };
        v
    } else {
        let mut g = Gen::new(&mut u);
        let Ok(Some(v)) = values::value(&mut g) else {
            return;
        };
        v
    };
    match &value {
        Value::Command(c) => round_trip!(c, parse::command),
        Value::Response(r) => round_trip!(r, parse::response),
        Value::Continuation(c) => round_trip!(c, parse::continuation),
        Value::AuthResponse(a) => round_trip!(a, parse::auth_response),
        Value::Capability(c) => round_trip!(c, parse::capability),
        Value::Scan(s) => round_trip!(s, parse::scan_listing),
        Value::UniqueId(s) => round_trip!(s, parse::unique_id_listing),
        Value::Lang(s) => round_trip!(s, parse::lang_listing),
        Value::Stat(s) => {
            let mut bytes = Vec::new();
            s.encode_text(&mut bytes);
            assert!(!bytes.contains(&b'\n') && !bytes.contains(&b'\r'));
            match parse::stat_reply(&bytes) {
                Ok(back) => assert_eq!(&back, s, "{:?}", bytes.escape_ascii().to_string()),
                Err(e) => panic!(
                    "{s:?} encodes to {:?}: {e}",
                    bytes.escape_ascii().to_string()
                ),
            }
        }
    }
});
