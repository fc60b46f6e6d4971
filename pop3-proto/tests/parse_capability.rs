//! CAPA lines (RFC 2449 §5-6, RFC 2595 §4, RFC 3206 §6, RFC 5034 §6,
//! RFC 6856 §2-3).

use pop3_proto::encode::Encode;
use pop3_proto::error::DecodeErrorKind;
use pop3_proto::parse;
use pop3_proto::types::{
    CapaTag, Capability, ExpirePolicy, Mechanism, Param, Text, UnknownCapability,
};

fn check(line: &[u8], expected: Capability<'_>) {
    let got = parse::capability(line).unwrap_or_else(|e| panic!("{}: {e}", line.escape_ascii()));
    assert_eq!(got, expected, "{}", line.escape_ascii());
    assert_eq!(got.to_vec(), line, "re-encoding {}", line.escape_ascii());
    for cut in 0..line.len() {
        assert!(
            parse::capability(&line[..cut]).is_err(),
            "prefix {cut} decoded"
        );
    }
}

fn unknown<'a>(tag: &'a str, params: &[&'a str]) -> Capability<'a> {
    Capability::Unknown(
        UnknownCapability::new(
            CapaTag::new(tag).unwrap(),
            params
                .iter()
                .map(|p| Param::new(p.as_bytes()).unwrap())
                .collect(),
        )
        .unwrap(),
    )
}

#[test]
fn rfc2449_section5_example() {
    check(b"TOP\r\n", Capability::Top);
    check(b"USER\r\n", Capability::User);
    check(
        b"SASL CRAM-MD5 KERBEROS_V4\r\n",
        Capability::Sasl(vec![
            Mechanism::CRAM_MD5,
            Mechanism::new("KERBEROS_V4").unwrap(),
        ]),
    );
    check(b"RESP-CODES\r\n", Capability::RespCodes);
    check(
        b"LOGIN-DELAY 900\r\n",
        Capability::LoginDelay {
            seconds: 900,
            per_user: false,
        },
    );
    check(b"PIPELINING\r\n", Capability::Pipelining);
    check(
        b"EXPIRE 60\r\n",
        Capability::Expire {
            policy: ExpirePolicy::Days(60),
            per_user: false,
        },
    );
    check(b"UIDL\r\n", Capability::Uidl);
    check(
        b"IMPLEMENTATION Shlemazle-Plotz-v302\r\n",
        Capability::Implementation(Text::new(&b"Shlemazle-Plotz-v302"[..]).unwrap()),
    );
}

#[test]
fn rfc2449_section6_arguments() {
    check(
        b"LOGIN-DELAY 900 USER\r\n",
        Capability::LoginDelay {
            seconds: 900,
            per_user: true,
        },
    );
    check(
        b"EXPIRE NEVER\r\n",
        Capability::Expire {
            policy: ExpirePolicy::Never,
            per_user: false,
        },
    );
    check(
        b"EXPIRE 0 USER\r\n",
        Capability::Expire {
            policy: ExpirePolicy::Days(0),
            per_user: true,
        },
    );
    check(b"SASL\r\n", Capability::Sasl(vec![]));
}

#[test]
fn extension_capabilities() {
    check(b"STLS\r\n", Capability::Stls); // RFC 2595 §4
    check(b"AUTH-RESP-CODE\r\n", Capability::AuthRespCode); // RFC 3206 §6
    check(b"UTF8\r\n", Capability::Utf8 { user: false }); // RFC 6856 §2
    check(b"UTF8 USER\r\n", Capability::Utf8 { user: true }); // RFC 6856 §2.2
    check(b"LANG\r\n", Capability::Lang); // RFC 6856 §3
    // RFC 5034 §6 example lines.
    check(
        b"SASL PLAIN DIGEST-MD5 GSSAPI ANONYMOUS\r\n",
        Capability::Sasl(
            ["PLAIN", "DIGEST-MD5", "GSSAPI", "ANONYMOUS"]
                .map(|m| Mechanism::new(m).unwrap())
                .to_vec(),
        ),
    );
    check(
        b"IMPLEMENTATION BlurdyBlurp POP3 server\r\n",
        Capability::Implementation(Text::new(&b"BlurdyBlurp POP3 server"[..]).unwrap()),
    );
}

#[test]
fn tags_are_case_insensitive() {
    for (line, cap, canon) in [
        (&b"top\r\n"[..], Capability::Top, &b"TOP\r\n"[..]),
        (b"Stls\r\n", Capability::Stls, b"STLS\r\n"),
        (
            b"expire never user\r\n",
            Capability::Expire {
                policy: ExpirePolicy::Never,
                per_user: true,
            },
            b"EXPIRE NEVER USER\r\n",
        ),
    ] {
        let got = parse::capability(line).unwrap();
        assert_eq!(got, cap);
        assert_eq!(got.to_vec(), canon);
    }
    let Capability::Sasl(m) = parse::capability(b"sasl plain\r\n").unwrap() else {
        panic!("not SASL")
    };
    assert!(m[0].is("PLAIN"));
    assert_eq!(m[0].as_str(), "plain");
}

#[test]
fn unknown_lines_are_kept_as_they_came() {
    check(b"X-FOO a b\r\n", unknown("X-FOO", &["a", "b"]));
    check(b"XCLIENT\r\n", unknown("XCLIENT", &[]));
    // A known tag whose arguments do not fit stays as it came.
    check(b"TOP x\r\n", unknown("TOP", &["x"]));
    check(b"LOGIN-DELAY soon\r\n", unknown("LOGIN-DELAY", &["soon"]));
    check(b"LOGIN-DELAY\r\n", unknown("LOGIN-DELAY", &[]));
    check(
        b"LOGIN-DELAY 4294967296\r\n",
        unknown("LOGIN-DELAY", &["4294967296"]),
    );
    check(
        b"EXPIRE 60 USER x\r\n",
        unknown("EXPIRE", &["60", "USER", "x"]),
    );
    check(b"UTF8 NOTUSER\r\n", unknown("UTF8", &["NOTUSER"]));
    check(
        b"SASL PLAIN TOO-LONG-MECHANISM-NAME-X\r\n",
        unknown("SASL", &["PLAIN", "TOO-LONG-MECHANISM-NAME-X"]),
    );
}

#[test]
fn unknown_refuses_what_would_read_back_as_known() {
    for (tag, params) in [
        ("TOP", &[][..]),
        ("top", &[][..]),
        ("SASL", &["PLAIN"][..]),
        ("EXPIRE", &["NEVER"][..]),
        ("IMPLEMENTATION", &["x"][..]),
    ] {
        let e = UnknownCapability::new(
            CapaTag::new(tag).unwrap(),
            params
                .iter()
                .map(|p| Param::new(p.as_bytes()).unwrap())
                .collect(),
        )
        .unwrap_err();
        assert_eq!(e.kind, DecodeErrorKind::Ambiguous, "{tag}");
    }
}

#[test]
fn implementation_keeps_its_whole_text() {
    let line = b"IMPLEMENTATION  two  spaces \r\n";
    let Capability::Implementation(t) = parse::capability(line).unwrap() else {
        panic!("not IMPLEMENTATION")
    };
    assert_eq!(t.as_bytes(), b" two  spaces ");
    assert_eq!(Capability::Implementation(t).to_vec(), line);
}

#[test]
fn capability_errors() {
    // The terminating "." is no capability: cchar excludes "." (RFC 2449 §3).
    assert_eq!(parse::capability(b".\r\n").unwrap_err().offset, 0);
    assert_eq!(parse::capability(b"\r\n").unwrap_err().offset, 0);
    assert_eq!(parse::capability(b"TOP \r\n").unwrap_err().offset, 4);
    assert_eq!(parse::capability(b"SASL  PLAIN\r\n").unwrap_err().offset, 5);
    assert_eq!(parse::capability(b"X.Y\r\n").unwrap_err().offset, 1);
    assert_eq!(
        parse::capability(b"TOP").unwrap_err().kind,
        DecodeErrorKind::Incomplete
    );
    assert_eq!(CapaTag::new("A.B").unwrap_err().offset, 1);
}
