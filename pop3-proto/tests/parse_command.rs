//! Command lines: the client lines of the RFC examples (RFC 1939 §4-7 and
//! §10, RFC 2449 §8, RFC 2595 §4, RFC 5034 §6, RFC 6856 §3.3), errors and
//! their offsets.

use pop3_proto::encode::Encode;
use pop3_proto::error::{DecodeError, DecodeErrorKind};
use pop3_proto::parse;
use pop3_proto::types::{
    ApopDigest, AuthRequest, Command, Keyword, LanguageRange, LanguageTag, Mechanism,
    MessageNumber, Param, SaslData, Secret,
};

fn msg(n: u32) -> MessageNumber {
    MessageNumber::new(n).unwrap()
}

fn param(s: &str) -> Param<'_> {
    Param::new(s.as_bytes()).unwrap()
}

/// Decodes `line`, checks the value, checks that it encodes to `line`
/// again, and that no prefix of the line (cut before its end) decodes.
fn check(line: &[u8], expected: Command<'_>) {
    let got = parse::command(line).unwrap_or_else(|e| panic!("{:?}: {e}", line.escape_ascii()));
    assert_eq!(got, expected, "{}", line.escape_ascii());
    assert_eq!(got.to_vec(), line, "re-encoding {}", line.escape_ascii());
    for cut in 0..line.len() {
        assert!(
            parse::command(&line[..cut]).is_err(),
            "prefix of length {cut} decoded"
        );
    }
}

fn err(line: &[u8]) -> DecodeError {
    match parse::command(line) {
        Ok(c) => panic!("{} decoded as {c:?}", line.escape_ascii()),
        Err(e) => e,
    }
}

const DIGEST: [u8; 16] = [
    0xc4, 0xc9, 0x33, 0x4b, 0xac, 0x56, 0x0e, 0xcc, 0x97, 0x9e, 0x58, 0x00, 0x1b, 0x3e, 0x22, 0xfb,
];

#[test]
fn rfc1939_section10_client_lines() {
    check(
        b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n",
        Command::Apop {
            name: param("mrose"),
            digest: ApopDigest(DIGEST),
        },
    );
    check(b"STAT\r\n", Command::Stat);
    check(b"LIST\r\n", Command::List(None));
    check(b"RETR 1\r\n", Command::Retr(msg(1)));
    check(b"DELE 1\r\n", Command::Dele(msg(1)));
    check(b"RETR 2\r\n", Command::Retr(msg(2)));
    check(b"DELE 2\r\n", Command::Dele(msg(2)));
    check(b"QUIT\r\n", Command::Quit);
}

#[test]
fn rfc1939_section5_to_7_client_lines() {
    check(b"LIST 2\r\n", Command::List(Some(msg(2))));
    check(b"LIST 3\r\n", Command::List(Some(msg(3))));
    check(b"NOOP\r\n", Command::Noop);
    check(b"RSET\r\n", Command::Rset);
    check(
        b"TOP 1 10\r\n",
        Command::Top {
            msg: msg(1),
            lines: 10,
        },
    );
    check(
        b"TOP 100 3\r\n",
        Command::Top {
            msg: msg(100),
            lines: 3,
        },
    );
    check(b"UIDL\r\n", Command::Uidl(None));
    check(b"UIDL 2\r\n", Command::Uidl(Some(msg(2))));
    check(b"UIDL 3\r\n", Command::Uidl(Some(msg(3))));
    check(b"USER frated\r\n", Command::User(param("frated")));
    check(b"USER mrose\r\n", Command::User(param("mrose")));
    check(
        b"PASS secret\r\n",
        Command::Pass(Secret::new(&b"secret"[..]).unwrap()),
    );
}

#[test]
fn top_accepts_zero_lines() {
    check(
        b"TOP 1 0\r\n",
        Command::Top {
            msg: msg(1),
            lines: 0,
        },
    );
}

#[test]
fn extension_client_lines() {
    // RFC 2449 §5, RFC 2595 §4, RFC 6856 §2.1 and §3.3.
    check(b"CAPA\r\n", Command::Capa);
    check(b"STLS\r\n", Command::Stls);
    check(b"UTF8\r\n", Command::Utf8);
    check(b"USER karen\r\n", Command::User(param("karen")));
    check(
        b"PASS password\r\n",
        Command::Pass(Secret::new(&b"password"[..]).unwrap()),
    );
    check(b"LANG\r\n", Command::Lang(None));
    check(b"LANG *\r\n", Command::Lang(Some(LanguageRange::Any)));
    for tag in ["MUL", "es", "uga", "sv", "en-boont"] {
        let line = format!("LANG {tag}\r\n");
        check(
            line.as_bytes(),
            Command::Lang(Some(LanguageRange::Tag(LanguageTag::new(tag).unwrap()))),
        );
    }
}

#[test]
fn rfc5034_auth_lines() {
    check(b"AUTH\r\n", Command::Auth(None));
    check(
        b"AUTH PLAIN\r\n",
        Command::Auth(Some(AuthRequest {
            mechanism: Mechanism::PLAIN,
            initial_response: None,
        })),
    );
    let ir = b"AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=\r\n";
    let cmd = parse::command(ir).unwrap();
    check(
        ir,
        Command::Auth(Some(AuthRequest {
            mechanism: Mechanism::PLAIN,
            initial_response: Some(SaslData::new(&b"dGVzdAB0ZXN0AHRlc3Q="[..]).unwrap()),
        })),
    );
    let Command::Auth(Some(req)) = cmd else {
        panic!("not AUTH")
    };
    assert_eq!(
        req.initial_response.unwrap().decode().unwrap(),
        b"test\0test\0test"
    );
    // "=" is the empty initial response (RFC 5034 §4).
    check(
        b"AUTH EXTERNAL =\r\n",
        Command::Auth(Some(AuthRequest {
            mechanism: Mechanism::EXTERNAL,
            initial_response: Some(SaslData::empty()),
        })),
    );
    check(
        b"AUTH DIGEST-MD5\r\n",
        Command::Auth(Some(AuthRequest {
            mechanism: Mechanism::new("DIGEST-MD5").unwrap(),
            initial_response: None,
        })),
    );
}

#[test]
fn auth_lines_are_not_limited_to_255_octets() {
    // RFC 5034 §4: AUTH lines may exceed the RFC 2449 §4 command limit.
    let data = "QUFB".repeat(200);
    let line = format!("AUTH XOAUTH2 {data}\r\n");
    assert!(line.len() > 255);
    let cmd = parse::command(line.as_bytes()).unwrap();
    assert_eq!(cmd.to_vec(), line.as_bytes());
}

#[test]
fn keywords_are_case_insensitive_and_written_upper_case() {
    for (line, canon) in [
        (&b"stat\r\n"[..], &b"STAT\r\n"[..]),
        (b"Retr 7\r\n", b"RETR 7\r\n"),
        (b"top 1 0\r\n", b"TOP 1 0\r\n"),
        (
            b"apop mrose c4c9334bac560ecc979e58001b3e22fb\r\n",
            b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n",
        ),
        (b"auth plain\r\n", b"AUTH plain\r\n"),
    ] {
        assert_eq!(parse::command(line).unwrap().to_vec(), canon);
    }
}

#[test]
fn pass_keeps_the_whole_rest_of_the_line() {
    // RFC 1939 §7: spaces may be part of the password.
    let line = b"PASS  my secret  pass \r\n";
    let Command::Pass(secret) = parse::command(line).unwrap() else {
        panic!("not PASS")
    };
    assert_eq!(secret.expose(), b" my secret  pass ");
    assert_eq!(Command::Pass(secret.clone()).to_vec(), line);
    let shown = format!("{:?}", Command::Pass(secret));
    assert!(!shown.contains("secret"), "{shown}");
}

#[test]
fn sasl_data_is_redacted_in_debug() {
    let cmd = parse::command(b"AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=\r\n").unwrap();
    let shown = format!("{cmd:?}");
    assert!(!shown.contains("dGVzdAB0"), "{shown}");
}

#[test]
fn utf8_user_names_stay_bytes() {
    // RFC 6856 §2.2: names may be UTF-8.
    let line = "USER jos\u{e9}\r\n";
    let Command::User(name) = parse::command(line.as_bytes()).unwrap() else {
        panic!("not USER")
    };
    assert_eq!(name.to_str().unwrap(), "jos\u{e9}");
}

#[test]
fn leading_zeros_read_as_the_number() {
    assert_eq!(
        parse::command(b"RETR 007\r\n").unwrap(),
        Command::Retr(msg(7))
    );
}

#[test]
fn unknown_commands_are_kept() {
    check(
        b"XTND XMIT\r\n",
        Command::Unknown {
            keyword: Keyword::new("XTND").unwrap(),
            args: vec![param("XMIT")],
        },
    );
    check(
        b"xyz a b\r\n",
        Command::Unknown {
            keyword: Keyword::new("xyz").unwrap(),
            args: vec![param("a"), param("b")],
        },
    );
    check(
        b"ABC\r\n",
        Command::Unknown {
            keyword: Keyword::new("ABC").unwrap(),
            args: vec![],
        },
    );
}

#[test]
fn unknown_keywords_cannot_shadow_known_ones() {
    for k in ["top", "USER", "Lang"] {
        let e = Keyword::new(k).unwrap_err();
        assert_eq!(e.kind, DecodeErrorKind::Ambiguous);
    }
    assert!(Keyword::new("AB").is_err());
    assert!(Keyword::new("ABCDE").is_err());
}

#[test]
fn errors_name_the_offset_and_what_was_expected() {
    let e = err(b"RETR 0\r\n");
    assert_eq!((e.offset, e.kind), (5, DecodeErrorKind::NumberOutOfRange));
    assert_eq!(
        e.to_string(),
        "at byte 5: expected message number (1 or more)"
    );

    let e = err(b"RETR 4294967296\r\n");
    assert_eq!((e.offset, e.kind), (5, DecodeErrorKind::NumberOutOfRange));
    assert_eq!(
        err(b"TOP 1 4294967296\r\n").kind,
        DecodeErrorKind::NumberOutOfRange
    );

    let e = err(b"RETR\r\n");
    assert_eq!((e.offset, e.expected), (4, "space"));
    assert_eq!(err(b"RETR x\r\n").offset, 5);
    assert_eq!(err(b"TOP 1\r\n").offset, 5);
    assert_eq!(err(b"STAT 1\r\n").offset, 4);
    assert_eq!(err(b"LIST 1 2\r\n").offset, 6);
    assert_eq!(err(b"PASS\r\n").offset, 4);
    assert_eq!(err(b"PASS \r\n").offset, 5);
    assert_eq!(err(b"USER\r\n").offset, 4);

    let e = err(b"APOP mrose c4c9334b\r\n");
    assert_eq!(e.offset, 11);
    assert_eq!(
        err(b"APOP mrose c4c9334bac560ecc979e58001b3e22fbb\r\n").offset,
        43
    );
    // RFC 1939 §7: lower-case hex.
    assert_eq!(
        err(b"APOP mrose C4c9334bac560ecc979e58001b3e22fb\r\n").offset,
        11
    );

    assert_eq!(err(b"XLISTS\r\n").offset, 4);
    assert_eq!(err(b"AB\r\n").offset, 2);
    assert_eq!(err(b"\r\n").offset, 0);
    assert_eq!(err(b" STAT\r\n").offset, 0);

    // AUTH: mechanism names are 1*20 mech-char, data is base64.
    assert_eq!(err(b"AUTH PL@IN\r\n").offset, 7);
    assert_eq!(err(b"AUTH ABCDEFGHIJKLMNOPQRSTU\r\n").offset, 25);
    assert_eq!(err(b"AUTH PLAIN abc\r\n").offset, 14);
    assert_eq!(err(b"AUTH PLAIN a=bc\r\n").offset, 12);
    assert_eq!(err(b"AUTH PLAIN ==\r\n").offset, 13);

    assert_eq!(err(b"LANG en_US\r\n").offset, 7);
    assert_eq!(err(b"LANG toolonglanguage\r\n").offset, 13);
}

#[test]
fn line_ends_are_checked() {
    let e = err(b"STAT");
    assert_eq!((e.offset, e.kind), (4, DecodeErrorKind::Incomplete));
    assert_eq!(e.expected, "CRLF");
    let e = err(b"STAT\n");
    assert_eq!((e.offset, e.expected), (4, "CR before LF"));
    let e = err(b"STAT\r\nNOOP\r\n");
    assert_eq!((e.offset, e.kind), (6, DecodeErrorKind::TrailingBytes));
    let e = err(b"USER a\rb\r\n");
    assert_eq!(e.offset, 6);
    assert_eq!(err(b"USER a\0b\r\n").offset, 6);
}

#[test]
fn expects_multi_line_follows_rfc1939() {
    assert!(parse::command(b"LIST\r\n").unwrap().expects_multi_line());
    assert!(!parse::command(b"LIST 1\r\n").unwrap().expects_multi_line());
    assert!(parse::command(b"RETR 1\r\n").unwrap().expects_multi_line());
    assert!(parse::command(b"TOP 1 0\r\n").unwrap().expects_multi_line());
    assert!(parse::command(b"CAPA\r\n").unwrap().expects_multi_line());
    assert!(!parse::command(b"STAT\r\n").unwrap().expects_multi_line());
    assert!(!parse::command(b"LANG es\r\n").unwrap().expects_multi_line());
}

#[test]
fn into_static_outlives_the_line() {
    let owned: Command<'static> = {
        let line = b"USER mrose\r\n".to_vec();
        parse::command(&line).unwrap().into_static()
    };
    assert_eq!(owned, Command::User(param("mrose")));
}
