//! Each quirk: the bytes a real peer sends, refused by the strict grammar,
//! accepted with a warning at the right offset, and normalized so that the
//! value encodes strictly and decodes again without any quirk.

use smtp_proto::encode::Encode;
use smtp_proto::parse;
use smtp_proto::quirks::{Quirk, Quirks, Warning};
use smtp_proto::types::*;

fn server(line: &[u8]) -> (Command<'_>, Vec<Warning>) {
    let mut w = Vec::new();
    let c = parse::command_with(line, &Quirks::server_default(), &mut w)
        .unwrap_or_else(|e| panic!("{:?}: {e}", line.escape_ascii().to_string()));
    (c, w)
}

fn normalizes(c: &Command<'_>) -> Vec<u8> {
    let wire = c.to_vec();
    assert_eq!(parse::command(&wire).as_ref(), Ok(c));
    wire
}

#[test]
fn path_without_brackets_postfix_exim() {
    let line = b"MAIL FROM:user@example.org\r\n";
    let e = parse::command(line).unwrap_err();
    assert_eq!(e.to_string(), "at byte 10: expected '<'");
    let (c, w) = server(line);
    assert_eq!(
        w,
        [Warning {
            offset: 10,
            quirk: Quirk::PathWithoutBrackets
        }]
    );
    assert_eq!(normalizes(&c), b"MAIL FROM:<user@example.org>\r\n");
    let (c, w) = server(b"RCPT TO:user@example.org NOTIFY=NEVER\r\n");
    assert_eq!(
        w,
        [Warning {
            offset: 8,
            quirk: Quirk::PathWithoutBrackets
        }]
    );
    assert_eq!(
        normalizes(&c),
        b"RCPT TO:<user@example.org> NOTIFY=NEVER\r\n"
    );
}

#[test]
fn space_after_colon_postfix_exim() {
    let line = b"MAIL FROM: <a@example.org> SIZE=100\r\n";
    assert_eq!(parse::command(line).unwrap_err().offset, 10);
    let (c, w) = server(line);
    assert_eq!(
        w,
        [Warning {
            offset: 10,
            quirk: Quirk::SpaceAfterColon
        }]
    );
    assert_eq!(normalizes(&c), b"MAIL FROM:<a@example.org> SIZE=100\r\n");
}

#[test]
fn both_space_and_no_brackets() {
    let (c, w) = server(b"MAIL FROM: a@example.org\r\n");
    assert_eq!(
        w,
        [
            Warning {
                offset: 10,
                quirk: Quirk::SpaceAfterColon
            },
            Warning {
                offset: 11,
                quirk: Quirk::PathWithoutBrackets
            },
        ]
    );
    assert_eq!(normalizes(&c), b"MAIL FROM:<a@example.org>\r\n");
}

#[test]
fn trailing_whitespace() {
    let line = b"EHLO client.example.org \r\n";
    assert_eq!(parse::command(line).unwrap_err().offset, 23);
    let (c, w) = server(line);
    assert_eq!(
        w,
        [Warning {
            offset: 23,
            quirk: Quirk::TrailingWhitespace
        }]
    );
    assert_eq!(normalizes(&c), b"EHLO client.example.org\r\n");
    let (c, _) = server(b"QUIT  \r\n");
    assert_eq!(c, Command::Quit);
}

#[test]
fn extra_whitespace() {
    let line = b"MAIL FROM:<> \tSIZE=1  BODY=8BITMIME\r\n";
    assert!(parse::command(line).is_err());
    let (c, w) = server(line);
    assert_eq!(
        w,
        [
            Warning {
                offset: 12,
                quirk: Quirk::ExtraWhitespace
            },
            Warning {
                offset: 20,
                quirk: Quirk::ExtraWhitespace
            },
        ]
    );
    assert_eq!(normalizes(&c), b"MAIL FROM:<> SIZE=1 BODY=8BITMIME\r\n");
    let (c, _) = server(b"EHLO  example.org\r\n");
    assert_eq!(normalizes(&c), b"EHLO example.org\r\n");
}

#[test]
fn space_without_text_in_reply() {
    let bytes = b"354 \r\n";
    assert_eq!(
        parse::reply(bytes).unwrap_err().to_string(),
        "at byte 4: expected text after the space"
    );
    let mut w = Vec::new();
    let r = parse::reply_with(bytes, &Quirks::client_default(), &mut w).unwrap();
    assert_eq!(
        w,
        [Warning {
            offset: 3,
            quirk: Quirk::SpaceWithoutText
        }]
    );
    assert_eq!(r.to_vec(), b"354\r\n");
    assert_eq!(parse::reply(&r.to_vec()), Ok(r));
}

#[test]
fn last_line_continued_in_reply() {
    let bytes = b"250-mail.example.org\r\n250-PIPELINING\r\n250-8BITMIME\r\n";
    assert_eq!(parse::reply(bytes).unwrap_err().offset, bytes.len());
    let mut w = Vec::new();
    let r = parse::reply_with(bytes, &Quirks::client_default(), &mut w).unwrap();
    assert_eq!(
        w,
        [Warning {
            offset: bytes.len(),
            quirk: Quirk::LastLineContinued
        }]
    );
    let e = r.ehlo().unwrap();
    assert_eq!(
        e.capabilities,
        [Capability::Pipelining, Capability::EightBitMime]
    );
    assert_eq!(
        r.to_vec(),
        b"250-mail.example.org\r\n250-PIPELINING\r\n250 8BITMIME\r\n"
    );
}

#[test]
fn bare_lf_is_off_by_default_everywhere() {
    for q in [
        Quirks::strict(),
        Quirks::server_default(),
        Quirks::client_default(),
    ] {
        assert!(parse::command_with(b"QUIT\n", &q, &mut Vec::new()).is_err());
        assert!(parse::reply_with(b"250 OK\n", &q, &mut Vec::new()).is_err());
    }
    let q = Quirks {
        bare_lf: true,
        ..Quirks::client_default()
    };
    let mut w = Vec::new();
    let r = parse::reply_with(b"250-a\n250 b\r\n", &q, &mut w).unwrap();
    assert_eq!(
        w,
        [Warning {
            offset: 5,
            quirk: Quirk::BareLf
        }]
    );
    assert_eq!(r.lines().len(), 2);
}

#[test]
fn strict_is_the_default() {
    assert_eq!(Quirks::default(), Quirks::strict());
    let mut w = Vec::new();
    assert!(parse::command_with(b"MAIL FROM:a@b.org\r\n", &Quirks::strict(), &mut w).is_err());
    assert!(w.is_empty());
}
