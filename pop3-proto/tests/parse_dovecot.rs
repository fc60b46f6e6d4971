//! Lines captured from Dovecot 2.3.19.1 (Debian) POP3 on 127.0.0.1, and
//! the client deviations it was seen to accept, which
//! `Quirks::server_default` accepts too.

use pop3_proto::encode::Encode;
use pop3_proto::parse;
use pop3_proto::quirks::{Quirk, Quirks, Warning};
use pop3_proto::types::{Capability, Command, KnownCode, Mechanism, Status};

#[test]
fn status_lines() {
    for (line, status, text) in [
        (
            &b"+OK Dovecot (Debian) ready.\r\n"[..],
            Status::Ok,
            &b"Dovecot (Debian) ready."[..],
        ),
        (b"+OK\r\n", Status::Ok, b""),
        (b"+OK Logged in.\r\n", Status::Ok, b"Logged in."),
        (b"+OK 2 messages:\r\n", Status::Ok, b"2 messages:"),
        (
            b"-ERR There's no message 9.\r\n",
            Status::Err,
            b"There's no message 9.",
        ),
        (b"+OK 55 octets\r\n", Status::Ok, b"55 octets"),
        (
            b"+OK Marked to be deleted.\r\n",
            Status::Ok,
            b"Marked to be deleted.",
        ),
        (
            b"-ERR Message is deleted.\r\n",
            Status::Err,
            b"Message is deleted.",
        ),
        (
            b"-ERR Unknown command: XYZZ\r\n",
            Status::Err,
            b"Unknown command: XYZZ",
        ),
        (
            b"-ERR Invalid message number: x\r\n",
            Status::Err,
            b"Invalid message number: x",
        ),
        (
            b"-ERR Noise after message number:  \r\n",
            Status::Err,
            b"Noise after message number:  ",
        ),
        (
            b"-ERR Message number too large: \r\n",
            Status::Err,
            b"Message number too large: ",
        ),
        (b"+OK Logging out.\r\n", Status::Ok, b"Logging out."),
    ] {
        let r = parse::response(line).unwrap();
        assert_eq!((r.status(), r.text().as_bytes()), (status, text));
        assert_eq!(r.code(), None);
        assert_eq!(r.to_vec(), line);
    }
    let r = parse::response(b"-ERR [AUTH] Authentication failed.\r\n").unwrap();
    assert_eq!(r.code().and_then(|c| c.known()), Some(KnownCode::Auth));
    assert_eq!(r.text().as_bytes(), b"Authentication failed.");
}

#[test]
fn single_line_replies() {
    let r = parse::response(b"+OK 2 99\r\n").unwrap();
    assert_eq!(r.stat().map(|s| (s.count, s.octets)), Ok((2, 99)));
    let r = parse::response(b"+OK 1 55\r\n").unwrap();
    assert_eq!(
        r.scan_listing().map(|l| (l.msg.get(), l.octets)),
        Ok((1, 55))
    );
    let r = parse::response(b"+OK 2 000000026b0cd48a\r\n").unwrap();
    let u = r.unique_id_listing().unwrap();
    assert_eq!((u.msg.get(), u.uid.as_str()), (2, "000000026b0cd48a"));
}

#[test]
fn capa_body() {
    let lines: [&[u8]; 8] = [
        b"CAPA\r\n",
        b"TOP\r\n",
        b"UIDL\r\n",
        b"RESP-CODES\r\n",
        b"PIPELINING\r\n",
        b"AUTH-RESP-CODE\r\n",
        b"USER\r\n",
        b"SASL PLAIN LOGIN CRAM-MD5\r\n",
    ];
    let caps: Vec<Capability<'_>> = lines
        .iter()
        .map(|l| parse::capability(l).unwrap())
        .collect();
    // Dovecot lists CAPA itself, which no RFC defines: kept as it came.
    let Capability::Unknown(u) = &caps[0] else {
        panic!("{:?}", caps[0])
    };
    assert_eq!(u.tag().as_str(), "CAPA");
    assert_eq!(
        &caps[1..7],
        &[
            Capability::Top,
            Capability::Uidl,
            Capability::RespCodes,
            Capability::Pipelining,
            Capability::AuthRespCode,
            Capability::User,
        ]
    );
    assert_eq!(
        caps[7],
        Capability::Sasl(vec![
            Mechanism::PLAIN,
            Mechanism::LOGIN,
            Mechanism::CRAM_MD5
        ])
    );
    for (line, cap) in lines.iter().zip(&caps) {
        assert_eq!(&cap.to_vec(), line);
    }
}

#[test]
fn listing_bodies() {
    for line in [&b"1 55\r\n"[..], b"2 44\r\n"] {
        assert_eq!(parse::scan_listing(line).unwrap().to_vec(), line);
    }
    for line in [&b"1 000000016b0cd48a\r\n"[..], b"2 000000026b0cd48a\r\n"] {
        assert_eq!(parse::unique_id_listing(line).unwrap().to_vec(), line);
    }
}

/// Client deviations Dovecot answered with +OK, as `server_default`
/// decodes them.
#[test]
fn deviations_dovecot_accepts() {
    let q = Quirks::server_default();
    for (line, cmd, warning) in [
        (
            &b"STAT\n"[..],
            &b"STAT\r\n"[..],
            Warning {
                offset: 4,
                quirk: Quirk::BareLf,
            },
        ),
        (
            b"LIST  1\r\n",
            b"LIST 1\r\n",
            Warning {
                offset: 5,
                quirk: Quirk::MultipleSpaces,
            },
        ),
        (
            b"STAT \r\n",
            b"STAT\r\n",
            Warning {
                offset: 4,
                quirk: Quirk::TrailingWhitespace,
            },
        ),
        (
            b"TOP 1  0\r\n",
            b"TOP 1 0\r\n",
            Warning {
                offset: 6,
                quirk: Quirk::MultipleSpaces,
            },
        ),
    ] {
        let mut w = Vec::new();
        let got = parse::command_with(line, &q, &mut w).unwrap();
        assert_eq!(got, parse::command(cmd).unwrap());
        assert_eq!(w, [warning], "{}", line.escape_ascii());
    }
    // Accepted strictly: lower-case keywords, leading zeros.
    assert_eq!(parse::command(b"stat\r\n").unwrap(), Command::Stat);
    assert!(parse::command(b"UIDL 001\r\n").is_ok());
}
