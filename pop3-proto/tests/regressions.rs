//! Named regressions for fuzz findings (`fuzz/regressions/pop3-proto/`):
//! each input as found, and the property it pins down.

use pop3_proto::encode::Encode;
use pop3_proto::parse;
use pop3_proto::quirks::{Quirk, Quirks};

/// `pop3_response-bracket-text-without-code` and
/// `pop3_greeting-bracket-text-without-code`: text that begins with `[`
/// without a response code breaks RFC 2449 §3. Strictly it is refused; the
/// client's default quirks accept it with a warning, and then it is written
/// exactly as it came and reads back equal under the same quirk (there is
/// no escape that would read back as the same text).
#[test]
fn bracket_text_without_code() {
    for line in [&b"-ERR [x\r\n"[..], b"+OK [x\r\n"] {
        assert!(parse::response(line).is_err());
        let mut warnings = Vec::new();
        let r = parse::response_with(line, &Quirks::client_default(), &mut warnings)
            .expect("accepted by the client's quirks");
        assert!(r.code().is_none());
        assert_eq!(r.text().as_bytes(), b"[x");
        assert_eq!(
            warnings.iter().map(|w| w.quirk).collect::<Vec<_>>(),
            [Quirk::TextStartsWithBracket]
        );
        let wire = r.to_vec();
        assert_eq!(wire, line);
        let again = parse::response_with(&wire, &Quirks::client_default(), &mut Vec::new());
        assert_eq!(again.as_ref(), Ok(&r));
    }
}
