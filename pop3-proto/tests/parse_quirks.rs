//! Each quirk with its bytes: refused strictly, accepted with a warning
//! at its offset when switched on, and read as the canonical value.

use pop3_proto::encode::Encode;
use pop3_proto::parse;
use pop3_proto::quirks::{Quirk, Quirks, Warning};
use pop3_proto::types::{Capability, Command, Status};

fn only(quirk: Quirk) -> Quirks {
    let mut q = Quirks::strict();
    match quirk {
        Quirk::BareLf => q.bare_lf = true,
        Quirk::LowercaseStatus => q.lowercase_status = true,
        Quirk::MissingSpaceAfterStatus => q.missing_space_after_status = true,
        Quirk::TextStartsWithBracket => q.text_starts_with_bracket = true,
        Quirk::TrailingWhitespace => q.trailing_whitespace = true,
        Quirk::MultipleSpaces => q.multiple_spaces = true,
        Quirk::ContinuationWithoutSpace => q.continuation_without_space = true,
        Quirk::UppercaseApopDigest => q.uppercase_apop_digest = true,
        _ => panic!("a quirk this test does not know: {quirk:?}"),
    }
    assert!(q.allows(quirk));
    q
}

type Decoder<'a, T> =
    fn(&'a [u8], &Quirks, &mut Vec<Warning>) -> Result<T, pop3_proto::error::DecodeError>;

/// `bytes` fails strictly, decodes with only `quirk` on (warning at
/// `offset`) to the value of `canonical` decoded strictly.
fn case<'a, T: PartialEq + std::fmt::Debug>(
    decode: Decoder<'a, T>,
    quirk: Quirk,
    bytes: &'a [u8],
    offset: usize,
    canonical: &'a [u8],
) {
    let mut w = Vec::new();
    assert!(
        decode(bytes, &Quirks::strict(), &mut w).is_err(),
        "strict accepted {}",
        bytes.escape_ascii()
    );
    let mut w = Vec::new();
    let got = decode(bytes, &only(quirk), &mut w)
        .unwrap_or_else(|e| panic!("{}: {e}", bytes.escape_ascii()));
    assert_eq!(
        w,
        vec![Warning { offset, quirk }],
        "{}",
        bytes.escape_ascii()
    );
    let mut none = Vec::new();
    let want = decode(canonical, &Quirks::strict(), &mut none).unwrap();
    assert_eq!(got, want, "{}", bytes.escape_ascii());
}

#[test]
fn bare_lf() {
    case(
        parse::command_with,
        Quirk::BareLf,
        b"STAT\n",
        4,
        b"STAT\r\n",
    );
    case(
        parse::response_with,
        Quirk::BareLf,
        b"+OK hi\n",
        6,
        b"+OK hi\r\n",
    );
    case(
        parse::scan_listing_with,
        Quirk::BareLf,
        b"1 120\n",
        5,
        b"1 120\r\n",
    );
}

#[test]
fn lowercase_status() {
    case(
        parse::response_with,
        Quirk::LowercaseStatus,
        b"+ok done\r\n",
        0,
        b"+OK done\r\n",
    );
    case(
        parse::response_with,
        Quirk::LowercaseStatus,
        b"-Err no\r\n",
        0,
        b"-ERR no\r\n",
    );
}

#[test]
fn missing_space_after_status() {
    case(
        parse::response_with,
        Quirk::MissingSpaceAfterStatus,
        b"+OKready\r\n",
        3,
        b"+OK ready\r\n",
    );
    case(
        parse::response_with,
        Quirk::MissingSpaceAfterStatus,
        b"-ERR[IN-USE] busy\r\n",
        4,
        b"-ERR [IN-USE] busy\r\n",
    );
}

#[test]
fn text_starts_with_bracket() {
    let q = only(Quirk::TextStartsWithBracket);
    let mut w = Vec::new();
    let line = b"-ERR [no code here\r\n";
    assert!(parse::response(line).is_err());
    let r = parse::response_with(line, &q, &mut w).unwrap();
    assert_eq!(
        w,
        vec![Warning {
            offset: 5,
            quirk: Quirk::TextStartsWithBracket
        }]
    );
    assert_eq!(r.code(), None);
    assert_eq!(r.text().as_bytes(), b"[no code here");
    // Encoded as it came; reads back equal under the same quirk.
    assert_eq!(r.to_vec(), line);
    assert_eq!(parse::response_with(&r.to_vec(), &q, &mut w).unwrap(), r);
}

#[test]
fn trailing_whitespace() {
    let q = Quirk::TrailingWhitespace;
    case(parse::command_with, q, b"STAT \r\n", 4, b"STAT\r\n");
    case(parse::command_with, q, b"LIST \t\r\n", 4, b"LIST\r\n");
    case(parse::command_with, q, b"RETR 1 \r\n", 6, b"RETR 1\r\n");
    case(parse::command_with, q, b"AUTH \r\n", 4, b"AUTH\r\n");
    case(
        parse::command_with,
        q,
        b"USER mrose \r\n",
        10,
        b"USER mrose\r\n",
    );
    case(parse::capability_with, q, b"TOP \r\n", 3, b"TOP\r\n");
    case(
        parse::capability_with,
        q,
        b"SASL PLAIN \r\n",
        10,
        b"SASL PLAIN\r\n",
    );
    case(
        parse::unique_id_listing_with,
        q,
        b"1 abc \r\n",
        5,
        b"1 abc\r\n",
    );
}

#[test]
fn trailing_whitespace_never_touches_a_password() {
    let mut w = Vec::new();
    let c = parse::command_with(b"PASS pw \r\n", &Quirks::server_default(), &mut w).unwrap();
    let Command::Pass(s) = c else {
        panic!("not PASS")
    };
    assert_eq!(s.expose(), b"pw ");
    assert!(w.is_empty());
}

#[test]
fn multiple_spaces() {
    let q = Quirk::MultipleSpaces;
    case(parse::command_with, q, b"RETR  1\r\n", 5, b"RETR 1\r\n");
    case(parse::command_with, q, b"TOP 1   0\r\n", 6, b"TOP 1 0\r\n");
    case(
        parse::capability_with,
        q,
        b"SASL  PLAIN\r\n",
        5,
        b"SASL PLAIN\r\n",
    );
    case(parse::scan_listing_with, q, b"1  120\r\n", 2, b"1 120\r\n");
    case(
        parse::unique_id_listing_with,
        q,
        b"1   abc\r\n",
        2,
        b"1 abc\r\n",
    );
}

#[test]
fn continuation_without_space() {
    case(
        parse::continuation_with,
        Quirk::ContinuationWithoutSpace,
        b"+\r\n",
        1,
        b"+ \r\n",
    );
}

#[test]
fn uppercase_apop_digest() {
    case(
        parse::command_with,
        Quirk::UppercaseApopDigest,
        b"APOP mrose C4C9334BAC560ECC979E58001B3E22FB\r\n",
        11,
        b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n",
    );
}

#[test]
fn several_quirks_on_one_line() {
    let mut w = Vec::new();
    let r = parse::response_with(b"+okready\n", &Quirks::client_default(), &mut w).unwrap();
    assert_eq!(r.status(), Status::Ok);
    assert_eq!(r.text().as_bytes(), b"ready");
    assert_eq!(
        w,
        vec![
            Warning {
                offset: 8,
                quirk: Quirk::BareLf
            },
            Warning {
                offset: 0,
                quirk: Quirk::LowercaseStatus
            },
            Warning {
                offset: 3,
                quirk: Quirk::MissingSpaceAfterStatus
            },
        ]
    );
}

#[test]
fn greeting_without_text_needs_no_quirk() {
    // RFC 2449 §3: `single-line = status [SP text] CRLF`.
    let r = parse::response(b"+OK\r\n").unwrap();
    assert!(r.text().is_empty());
    assert_eq!(r.apop_timestamp(), None);
}

#[test]
fn defaults() {
    let c = Quirks::client_default();
    let s = Quirks::server_default();
    assert_eq!(Quirks::default(), Quirks::strict());
    assert!(c.lowercase_status && c.text_starts_with_bracket && c.bare_lf);
    assert!(!c.uppercase_apop_digest);
    assert!(s.trailing_whitespace && s.multiple_spaces && s.bare_lf);
    assert!(!s.lowercase_status && !s.missing_space_after_status);
    let mut w = Vec::new();
    let cap = parse::capability_with(b"top  \r\n", &c, &mut w).unwrap();
    assert_eq!(cap, Capability::Top);
}

#[test]
fn reply_texts_take_quirks_too() {
    case(
        parse::unique_id_listing_reply_with,
        Quirk::TrailingWhitespace,
        b"2 abc ",
        5,
        b"2 abc",
    );
    case(
        parse::stat_reply_with,
        Quirk::MultipleSpaces,
        b"2  320",
        2,
        b"2 320",
    );
    case(
        parse::scan_listing_reply_with,
        Quirk::MultipleSpaces,
        b"2  200",
        2,
        b"2 200",
    );
}
