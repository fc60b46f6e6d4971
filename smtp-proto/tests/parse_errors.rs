//! Bad input: every error names the byte offset and what was expected
//! there, and no line is lost (an unknown verb is a value, not an error).

use smtp_proto::error::DecodeErrorKind as K;
use smtp_proto::parse;
use smtp_proto::types::Command;

#[test]
fn command_errors_name_place_and_expectation() {
    let cases: &[(&[u8], usize, &str, K)] = &[
        (b"MAIL FROM:<a@b.org\r\n", 18, "'>'", K::Syntax),
        (
            b"MAIL FROM:<a@b.org> SIZE=x\r\n",
            25,
            "size in octets",
            K::Syntax,
        ),
        (
            b"MAIL FROM:<a@b.org> SIZE=1 SIZE=2\r\n",
            27,
            "each parameter at most once",
            K::Duplicate,
        ),
        (
            b"RCPT TO:<@a.org b@c.org>\r\n",
            15,
            "':' after the source route",
            K::Syntax,
        ),
        (
            b"RCPT TO:<a@-b.org>\r\n",
            11,
            "domain or address literal",
            K::Syntax,
        ),
        (b"EHLO\r\n", 4, "SP and a domain", K::Syntax),
        (
            b"EHLO [300.1.1.1]\r\n",
            6,
            "IPv4 octet 0-255",
            K::OutOfRange,
        ),
        (b"BDAT 12 LAST x\r\n", 12, "end of command", K::Syntax),
        (b"AUTH PLAIN !!\r\n", 11, "base64 or '='", K::Syntax),
        (b"QUIT", 4, "CRLF", K::Incomplete),
        (
            b"QUIT\r\nQUIT\r\n",
            4,
            "CRLF only at the end of the line",
            K::Syntax,
        ),
        (
            b"MAIL FROM:<\xff@b.org>\r\n",
            11,
            "valid UTF-8",
            K::InvalidUtf8,
        ),
    ];
    for (line, offset, expected, kind) in cases {
        let e = parse::command(line).unwrap_err();
        let shown = line.escape_ascii().to_string();
        assert_eq!(
            (e.offset, e.expected, e.kind),
            (*offset, *expected, *kind),
            "{shown}"
        );
        assert_eq!(
            e.to_string(),
            format!("at byte {offset}: expected {expected}")
        );
    }
}

#[test]
fn long_paths_are_refused_rfc5321_4_5_3_1() {
    let local = "a".repeat(65);
    let line = format!("RCPT TO:<{local}@example.org>\r\n");
    let e = parse::command(line.as_bytes()).unwrap_err();
    assert_eq!((e.offset, e.kind), (9 + 64, K::TooLong));
}

#[test]
fn unknown_verbs_keep_the_line() {
    let Command::Unknown { verb, args } = parse::command(b"X-FOO bar\xff baz\r\n").unwrap() else {
        panic!()
    };
    assert_eq!(verb.as_bytes(), b"X-FOO");
    assert_eq!(args.unwrap().as_bytes(), b"bar\xff baz");
}

#[test]
fn reply_errors() {
    let cases: &[(&[u8], usize, K)] = &[
        (b"250-a\r\n251 b\r\n", 7, K::CodeMismatch),
        (b"650 x\r\n", 0, K::Syntax),
        (b"25 x\r\n", 2, K::Syntax),
        (b"250 a\r\nextra", 7, K::Syntax),
        (b"250 a", 5, K::Incomplete),
    ];
    for (bytes, offset, kind) in cases {
        let e = parse::reply(bytes).unwrap_err();
        assert_eq!(
            (e.offset, e.kind),
            (*offset, *kind),
            "{}",
            bytes.escape_ascii()
        );
    }
}
