//! Status lines and SASL lines: the server lines of the RFC examples
//! (RFC 1939 §4-7 and §10, RFC 2449 §5 and §8, RFC 2595 §4, RFC 3206,
//! RFC 5034 §6, RFC 6856 §3.3), response codes, and the reply texts of
//! STAT, LIST msg, UIDL msg and LANG.

use pop3_proto::encode::Encode;
use pop3_proto::error::DecodeErrorKind;
use pop3_proto::parse;
use pop3_proto::types::{
    AuthResponse, Continuation, KnownCode, Response, ResponseCode, SaslData, Status, Text,
};

/// Decodes `line`, checks it encodes back to the same bytes and that no
/// prefix cut before its end decodes.
fn decode(line: &[u8]) -> Response<'_> {
    let r = parse::response(line).unwrap_or_else(|e| panic!("{}: {e}", line.escape_ascii()));
    assert_eq!(r.to_vec(), line, "re-encoding {}", line.escape_ascii());
    for cut in 0..line.len() {
        assert!(
            parse::response(&line[..cut]).is_err(),
            "prefix {cut} decoded"
        );
    }
    r
}

fn check(line: &str, status: Status, code: Option<&str>, text: &str) {
    let r = decode(line.as_bytes());
    assert_eq!(r.status(), status, "{line}");
    assert_eq!(r.code().map(|c| c.as_str()), code, "{line}");
    assert_eq!(r.text().as_bytes(), text.as_bytes(), "{line}");
}

#[test]
fn rfc1939_section10_server_status_lines() {
    use Status::Ok;
    check(
        "+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n",
        Ok,
        None,
        "POP3 server ready <1896.697170952@dbc.mtview.ca.us>",
    );
    check(
        "+OK mrose's maildrop has 2 messages (320 octets)\r\n",
        Ok,
        None,
        "mrose's maildrop has 2 messages (320 octets)",
    );
    check("+OK 2 320\r\n", Ok, None, "2 320");
    check(
        "+OK 2 messages (320 octets)\r\n",
        Ok,
        None,
        "2 messages (320 octets)",
    );
    check("+OK 120 octets\r\n", Ok, None, "120 octets");
    check("+OK message 1 deleted\r\n", Ok, None, "message 1 deleted");
    check("+OK 200 octets\r\n", Ok, None, "200 octets");
    check("+OK message 2 deleted\r\n", Ok, None, "message 2 deleted");
    check(
        "+OK dewey POP3 server signing off (maildrop empty)\r\n",
        Ok,
        None,
        "dewey POP3 server signing off (maildrop empty)",
    );
}

#[test]
fn rfc1939_section4_to_7_server_status_lines() {
    use Status::{Err, Ok};
    check(
        "+OK dewey POP3 server signing off\r\n",
        Ok,
        None,
        "dewey POP3 server signing off",
    );
    check("+OK 2 200\r\n", Ok, None, "2 200");
    check(
        "-ERR no such message, only 2 messages in maildrop\r\n",
        Err,
        None,
        "no such message, only 2 messages in maildrop",
    );
    check(
        "-ERR message 2 already deleted\r\n",
        Err,
        None,
        "message 2 already deleted",
    );
    check("+OK\r\n", Ok, None, "");
    check(
        "+OK maildrop has 2 messages (320 octets)\r\n",
        Ok,
        None,
        "maildrop has 2 messages (320 octets)",
    );
    check(
        "+OK dewey POP3 server signing off (2 messages left)\r\n",
        Ok,
        None,
        "dewey POP3 server signing off (2 messages left)",
    );
    check("-ERR no such message\r\n", Err, None, "no such message");
    check(
        "+OK 2 QhdPYR:00WBw1Ph7x7\r\n",
        Ok,
        None,
        "2 QhdPYR:00WBw1Ph7x7",
    );
    check(
        "-ERR sorry, no mailbox for frated here\r\n",
        Err,
        None,
        "sorry, no mailbox for frated here",
    );
    check(
        "+OK mrose is a real hoopy frood\r\n",
        Ok,
        None,
        "mrose is a real hoopy frood",
    );
    check(
        "-ERR maildrop already locked\r\n",
        Err,
        None,
        "maildrop already locked",
    );
    check(
        "+OK maildrop has 1 message (369 octets)\r\n",
        Ok,
        None,
        "maildrop has 1 message (369 octets)",
    );
}

#[test]
fn extension_server_status_lines() {
    use Status::{Err, Ok};
    // RFC 2449 §5 and §8.
    check(
        "+OK Capability list follows\r\n",
        Ok,
        None,
        "Capability list follows",
    );
    check(
        "-ERR [IN-USE] Do you have another POP session running?\r\n",
        Err,
        Some("IN-USE"),
        "Do you have another POP session running?",
    );
    // RFC 2595 §4.
    check(
        "+OK Begin TLS negotiation\r\n",
        Ok,
        None,
        "Begin TLS negotiation",
    );
    check(
        "-ERR Command not permitted when TLS active\r\n",
        Err,
        None,
        "Command not permitted when TLS active",
    );
    // RFC 6856 §3.3.
    check("+OK Hello, karen\r\n", Ok, None, "Hello, karen");
    check(
        "+OK karen's maildrop contains 2 messages (320 octets)\r\n",
        Ok,
        None,
        "karen's maildrop contains 2 messages (320 octets)",
    );
    check(
        "-ERR invalid language MUL\r\n",
        Err,
        None,
        "invalid language MUL",
    );
    check(
        "+OK Language listing follows:\r\n",
        Ok,
        None,
        "Language listing follows:",
    );
    check(
        "-ERR Server is unable to list languages\r\n",
        Err,
        None,
        "Server is unable to list languages",
    );
    check("+OK es Idioma cambiado\r\n", Ok, None, "es Idioma cambiado");
    check(
        "-ERR es Idioma <<UGA>> no es conocido\r\n",
        Err,
        None,
        "es Idioma <<UGA>> no es conocido",
    );
    check(
        "+OK sv Kommandot \"LANG\" lyckades\r\n",
        Ok,
        None,
        "sv Kommandot \"LANG\" lyckades",
    );
    // RFC 5034 §6 shapes.
    check(
        "+OK Maildrop locked and ready\r\n",
        Ok,
        None,
        "Maildrop locked and ready",
    );
    check(
        "+OK List of capabilities follows\r\n",
        Ok,
        None,
        "List of capabilities follows",
    );
    check(
        "+OK Begin TLS negotiation now\r\n",
        Ok,
        None,
        "Begin TLS negotiation now",
    );
}

#[test]
fn rfc3206_and_rfc6856_codes() {
    for (line, code, known) in [
        (
            "-ERR [SYS/TEMP] Maildrop temporarily unavailable\r\n",
            "SYS/TEMP",
            KnownCode::SysTemp,
        ),
        (
            "-ERR [SYS/PERM] Maildrop corrupt\r\n",
            "SYS/PERM",
            KnownCode::SysPerm,
        ),
        ("-ERR [AUTH] Invalid login\r\n", "AUTH", KnownCode::Auth),
        (
            "-ERR [LOGIN-DELAY] wait a while\r\n",
            "LOGIN-DELAY",
            KnownCode::LoginDelay,
        ),
        ("-ERR [IN-USE] locked\r\n", "IN-USE", KnownCode::InUse),
        (
            "-ERR [UTF8] message needs UTF-8 mode\r\n",
            "UTF8",
            KnownCode::Utf8,
        ),
        // Unknown detail is ignored (RFC 2449 §8), case does not matter.
        (
            "-ERR [SYS/TEMP/DISK-FULL] try later\r\n",
            "SYS/TEMP/DISK-FULL",
            KnownCode::SysTemp,
        ),
        ("-ERR [sys/perm] gone\r\n", "sys/perm", KnownCode::SysPerm),
        ("-ERR [SYS/OTHER] what\r\n", "SYS/OTHER", KnownCode::Sys),
    ] {
        let r = decode(line.as_bytes());
        let c = r.code().unwrap();
        assert_eq!(c.as_str(), code);
        assert_eq!(c.known(), Some(known), "{line}");
    }
}

#[test]
fn code_prefix_matching() {
    let c = ResponseCode::new("SYS/TEMP").unwrap();
    assert!(c.starts_with(&["SYS"]));
    assert!(c.starts_with(&["sys", "Temp"]));
    assert!(c.starts_with(&[]));
    assert!(!c.starts_with(&["SYS", "PERM"]));
    assert!(!c.starts_with(&["SYS", "TEMP", "X"]));
    assert_eq!(c.levels().collect::<Vec<_>>(), ["SYS", "TEMP"]);
    assert_eq!(ResponseCode::new("X-VENDOR").unwrap().known(), None);
    assert_eq!(c.to_string(), "[SYS/TEMP]");
}

#[test]
fn code_grammar_is_checked() {
    // resp-level = 1*rchar, rchar excludes "/" and "]" (RFC 2449 §3).
    assert!(ResponseCode::new("").is_err());
    assert_eq!(ResponseCode::new("SYS//TEMP").unwrap_err().offset, 4);
    assert_eq!(ResponseCode::new("SYS/").unwrap_err().offset, 4);
    assert_eq!(ResponseCode::new("A]B").unwrap_err().offset, 1);
    assert_eq!(ResponseCode::new("A B").unwrap_err().offset, 1);
}

#[test]
fn code_without_text_and_text_spacing() {
    let r = decode(b"-ERR [AUTH]\r\n");
    assert_eq!(r.code().unwrap().as_str(), "AUTH");
    assert!(r.text().is_empty());
    // One space separates code and text; further spaces are text.
    let r = decode(b"-ERR [AUTH]  two spaces\r\n");
    assert_eq!(r.text().as_bytes(), b" two spaces");
    // No space after the code is allowed (`resp-code *CHAR`); it reads
    // back equal after encoding with one.
    let r = parse::response(b"-ERR [AUTH]x\r\n").unwrap();
    assert_eq!(r.text().as_bytes(), b"x");
    assert_eq!(r.to_vec(), b"-ERR [AUTH] x\r\n");
    assert_eq!(parse::response(&r.to_vec()).unwrap(), r);
    let r = decode(b"+OK  leading space\r\n");
    assert_eq!(r.text().as_bytes(), b" leading space");
}

#[test]
fn text_beginning_with_a_bracket_needs_a_code() {
    // RFC 2449 §3: `text = *schar / resp-code *CHAR`.
    let e = parse::response(b"-ERR [no code here\r\n").unwrap_err();
    assert_eq!(e.offset, 8);
    assert!(parse::response(b"-ERR [a b] x\r\n").is_err());
    let e = Response::err(&b"[looks like a code] x"[..]).unwrap_err();
    assert_eq!(e.kind, DecodeErrorKind::Ambiguous);
    // With a code, anything may follow.
    let r = Response::err_with_code(ResponseCode::AUTH, &b"[x] y"[..]).unwrap();
    assert_eq!(r.to_vec(), b"-ERR [AUTH] [x] y\r\n");
    assert_eq!(parse::response(&r.to_vec()).unwrap(), r);
}

#[test]
fn empty_text_forms() {
    let r = parse::response(b"+OK \r\n").unwrap();
    assert!(r.text().is_empty());
    assert_eq!(r.to_vec(), b"+OK\r\n");
    assert_eq!(decode(b"-ERR\r\n").status(), Status::Err);
}

#[test]
fn status_errors() {
    for (line, offset) in [
        (&b"OK\r\n"[..], 0),
        (b"+O\r\n", 0),
        (b"+ok\r\n", 0),
        (b"-ERROR bad\r\n", 4),
        (b"+OKAY\r\n", 3),
        (b"* OK\r\n", 0),
        (b"+OK a\0b\r\n", 5),
    ] {
        let e = parse::response(line).unwrap_err();
        assert_eq!(e.offset, offset, "{}", line.escape_ascii());
    }
}

#[test]
fn utf8_text_stays_bytes() {
    let line = "+OK sv Kommandot \u{201c}LANG\u{201d} lyckades\r\n";
    let r = decode(line.as_bytes());
    assert_eq!(
        r.text().to_str().unwrap(),
        "sv Kommandot \u{201c}LANG\u{201d} lyckades"
    );
    let r = decode(b"+OK \xff\xfe\r\n");
    assert!(r.text().to_str().is_err());
}

#[test]
fn apop_timestamp_of_greetings() {
    let r = decode(b"+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n");
    assert_eq!(
        r.apop_timestamp(),
        Some(&b"<1896.697170952@dbc.mtview.ca.us>"[..])
    );
    let r = decode(b"+OK <1.2@host> ready\r\n");
    assert_eq!(r.apop_timestamp(), Some(&b"<1.2@host>"[..]));
    for none in [
        &b"+OK POP3 server ready\r\n"[..],
        b"+OK ready <no-at-sign>\r\n",
        b"+OK ready <unclosed@host\r\n",
        b"+OK ready <>\r\n",
        b"+OK ready <sp ace@host>\r\n",
    ] {
        assert_eq!(
            decode(none).apop_timestamp(),
            None,
            "{}",
            none.escape_ascii()
        );
    }
}

#[test]
fn stat_list_uidl_and_lang_reply_texts() {
    let r = decode(b"+OK 2 320\r\n");
    let s = r.stat().unwrap();
    assert_eq!((s.count, s.octets), (2, 320));
    assert!(s.extra.is_empty());
    let r = decode(b"+OK 2 320 more info\r\n");
    assert_eq!(r.stat().unwrap().extra.as_bytes(), b"more info");
    let mut text = Vec::new();
    r.stat().unwrap().encode_text(&mut text);
    assert_eq!(text, b"2 320 more info");
    let r = decode(b"+OK 2 messages (320 octets)\r\n");
    assert_eq!(r.stat().unwrap_err().offset, 2);

    let r = decode(b"+OK 2 200\r\n");
    let l = r.scan_listing().unwrap();
    assert_eq!((l.msg.get(), l.octets), (2, 200));
    let r = decode(b"+OK 2 QhdPYR:00WBw1Ph7x7\r\n");
    let u = r.unique_id_listing().unwrap();
    assert_eq!((u.msg.get(), u.uid.as_str()), (2, "QhdPYR:00WBw1Ph7x7"));

    let r = decode(b"+OK es Idioma cambiado\r\n");
    let l = r.lang_reply().unwrap();
    assert_eq!(l.tag.as_str(), "es");
    assert_eq!(l.description.as_bytes(), b"Idioma cambiado");

    assert!(parse::stat_reply(b"18446744073709551616 1").is_err());
    assert_eq!(
        parse::stat_reply(b"1 18446744073709551615").unwrap().octets,
        u64::MAX
    );
}

#[test]
fn constructors_encode_what_they_hold() {
    let r = Response::ok(&b"POP3 server ready"[..]).unwrap();
    assert_eq!(r.to_vec(), b"+OK POP3 server ready\r\n");
    let r = Response::new(Status::Err, Some(ResponseCode::SYS_TEMP), Text::empty()).unwrap();
    assert_eq!(r.to_vec(), b"-ERR [SYS/TEMP]\r\n");
    assert!(Response::ok(&b"a\r\nb"[..]).is_err());
    assert_eq!(Response::ok(&b""[..]).unwrap().to_vec(), b"+OK\r\n");
    // Any octet source: &str, String, Vec<u8>, byte string literals.
    assert_eq!(Response::ok("hi").unwrap(), Response::ok(b"hi").unwrap());
    assert_eq!(
        Response::err(String::from("no")).unwrap(),
        Response::err(b"no".to_vec()).unwrap()
    );
}

#[test]
fn rfc5034_continuations() {
    // "+" SP [base64] CRLF: "note that there is a space following the +".
    let c = parse::continuation(b"+ \r\n").unwrap();
    assert!(c.data.is_empty());
    assert_eq!(c.to_vec(), b"+ \r\n");
    let line = b"+ cnNwYXV0aD1lYTQwZjYwMzM1YzQyN2I1NTI3Yjg0ZGJhYmNkZmZmZA==\r\n";
    let c = parse::continuation(line).unwrap();
    assert_eq!(
        c.data.decode().unwrap(),
        b"rspauth=ea40f60335c427b5527b84dbabcdfffd"
    );
    assert_eq!(c.to_vec(), line);
    assert_eq!(
        Continuation {
            data: SaslData::encode(b"challenge")
        }
        .to_vec(),
        b"+ Y2hhbGxlbmdl\r\n"
    );
    assert_eq!(parse::continuation(b"+\r\n").unwrap_err().offset, 1);
    assert_eq!(parse::continuation(b"+OK\r\n").unwrap_err().offset, 1);
    assert_eq!(parse::continuation(b"+ abc\r\n").unwrap_err().offset, 5);
    assert_eq!(parse::continuation(b"+ ab!c\r\n").unwrap_err().offset, 4);
}

#[test]
fn rfc5034_client_responses() {
    let r = parse::auth_response(b"dGVzdAB0ZXN0AHRlc3Q=\r\n").unwrap();
    let AuthResponse::Data(d) = &r else {
        panic!("not data")
    };
    assert_eq!(d.decode().unwrap(), b"test\0test\0test");
    assert_eq!(r.to_vec(), b"dGVzdAB0ZXN0AHRlc3Q=\r\n");
    // An empty line answers with empty data.
    let r = parse::auth_response(b"\r\n").unwrap();
    assert_eq!(r, AuthResponse::Data(SaslData::empty()));
    assert_eq!(r.to_vec(), b"\r\n");
    // "*" cancels.
    let r = parse::auth_response(b"*\r\n").unwrap();
    assert_eq!(r, AuthResponse::Cancel);
    assert_eq!(r.to_vec(), b"*\r\n");
    assert_eq!(parse::auth_response(b"**\r\n").unwrap_err().offset, 1);
    assert_eq!(parse::auth_response(b"abc\r\n").unwrap_err().offset, 3);
}

#[test]
fn sasl_data_rejects_non_canonical_bits_on_decode() {
    let d = SaslData::new(&b"QR=="[..]).unwrap();
    assert!(d.decode().is_err());
    assert_eq!(SaslData::new(&b"QQ==="[..]).unwrap_err().offset, 2);
}
