//! Constructors validate exactly as the parser does: what they refuse the
//! parser would refuse or read as something else, and what they accept
//! encodes to bytes that decode to the same value.

use std::borrow::Cow;

use smtp_proto::encode::Encode;
use smtp_proto::error::DecodeErrorKind as K;
use smtp_proto::parse;
use smtp_proto::types::*;

#[test]
fn replies() {
    assert_eq!(Reply::new(600, "x").unwrap_err().kind, K::OutOfRange);
    assert_eq!(Reply::new(199, "x").unwrap_err().kind, K::OutOfRange);
    assert_eq!(Reply::new(250, "a\r\nb").unwrap_err().offset, 5);
    let r = Reply::new(250, "OK").unwrap();
    assert_eq!(r.to_vec(), b"250 OK\r\n");
    assert_eq!(Reply::new(354, "").unwrap().to_vec(), b"354\r\n");
    let e = EnhancedCode::new(5, 7, 509).unwrap();
    let r = Reply::with_enhanced(550, e, "Access denied").unwrap();
    assert_eq!(r.to_vec(), b"550 5.7.509 Access denied\r\n");
    assert_eq!(r.enhanced_code(), Some(e));
    assert_eq!(
        Reply::with_enhanced(250, e, "x").unwrap_err().kind,
        K::CodeMismatch
    );
    assert!(EnhancedCode::new(3, 0, 0).is_err());
    assert!(EnhancedCode::new(2, 1000, 0).is_err());
    let mut r = Reply::new(250, "mx.example.org").unwrap();
    r.push_line(Text::new("PIPELINING").unwrap());
    assert_eq!(r.to_vec(), b"250-mx.example.org\r\n250 PIPELINING\r\n");
    assert!(Reply::multiline(ReplyCode::OK, Vec::new()).is_err());
    let line = ReplyLine {
        code: ReplyCode::OK,
        last: false,
        text: Text::new("x").unwrap(),
    };
    assert_eq!(line.to_vec(), b"250-x\r\n");
}

#[test]
fn leaves() {
    assert!(Text::new(&b"8-bit \xff ok"[..]).is_ok());
    assert_eq!(Text::new("a\nb").unwrap_err().offset, 1);
    assert!(Word::new("").is_err());
    assert_eq!(Word::new("a b").unwrap_err().offset, 1);
    assert!(Mechanism::new("SCRAM-SHA-256-PLUS").is_ok());
    assert_eq!(Mechanism::new("A".repeat(21)).unwrap_err().kind, K::TooLong);
    assert!(Mechanism::new("X Y").is_err());
    assert_eq!(Verb::new(&b"mail"[..]).unwrap_err().kind, K::Ambiguous);
    assert!(Verb::new(&b"XSTATS"[..]).is_ok());
    assert!(Verb::new(&b""[..]).is_err());
    assert!(Atom::new("a.b").is_err());
    assert!(SmtpString::parse("\"a b\"").is_ok());
    assert!(SmtpString::parse("a b").is_err());
    // The text of one quoted string, escapes read; none for other forms.
    let unquoted = |s: &str| {
        SmtpString::parse(s.to_owned())
            .unwrap()
            .unquoted()
            .map(|u| u.into_owned())
    };
    assert_eq!(unquoted("\"John Smith\"").as_deref(), Some("John Smith"));
    assert_eq!(unquoted("\"a\\\"b\\\\c\"").as_deref(), Some("a\"b\\c"));
    assert_eq!(unquoted("\"\"").as_deref(), Some(""));
    assert_eq!(unquoted("john"), None);
    assert_eq!(unquoted("\"John Smith\"@example.org"), None);
    let s = SmtpString::parse("\"a b\"").unwrap();
    assert!(matches!(
        s.unquoted(),
        Some(std::borrow::Cow::Borrowed("a b"))
    ));
    assert!(SaslData::new("QQ==").is_ok());
    assert!(SaslData::new("QQ=").is_err());
    assert_eq!(SaslData::encode(b"secret").decode().unwrap(), b"secret");
    assert!(!format!("{:?}", SaslData::encode(b"secret")).contains("c2Vj"));
}

#[test]
fn addresses() {
    let d = Domain::parse("[IPv6:::1]").unwrap();
    assert!(
        matches!(d, Domain::AddressLiteral(ref l) if matches!(l.kind(), AddressLiteralKind::Ipv6(_)))
    );
    assert!(Domain::parse("[IPv6:::1").is_err());
    assert!(DomainName::new("a..b").is_err());
    let lit = AddressLiteral::ipv4([192, 0, 2, 1].into());
    assert_eq!(lit.as_str(), "192.0.2.1");
    assert_eq!(LocalPart::parse("\"a\\\"b\"").unwrap().value(), "a\"b");
    assert!(LocalPart::parse("a b").is_err());
    let m = Mailbox::parse("user@example.org").unwrap();
    assert_eq!(m.to_string(), "user@example.org");
    let domain = format!("{}.org", "b".repeat(200));
    let long = Mailbox::new(
        LocalPart::new(&"a".repeat(64)).unwrap(),
        Domain::parse(&domain).unwrap(),
    );
    assert_eq!(Path::new(long).unwrap_err().kind, K::TooLong);
    let p = Path::with_route(vec![DomainName::new("relay.example").unwrap()], m).unwrap();
    assert_eq!(p.to_vec(), b"<@relay.example:user@example.org>");
    assert_eq!(Path::parse("<@relay.example:user@example.org>").unwrap(), p);
    assert_eq!(ForwardPath::Postmaster.to_vec(), b"<Postmaster>");
    assert_eq!(ReversePath::Null.to_vec(), b"<>");
}

#[test]
fn parameters() {
    assert_eq!(
        OtherParam::new("SIZE", None).unwrap_err().kind,
        K::Ambiguous
    );
    assert!(OtherParam::new("X-A", Some(Cow::Borrowed("a=b"))).is_err());
    assert!(OtherParam::new("X-A", Some(Cow::Borrowed("ü"))).is_ok());
    assert!(Notify::on(false, false, false).is_none());
    assert!(MtPriority::new(10).is_none());
    assert!(Orcpt::new("rfc822", "").is_err());
    assert!(Orcpt::new("rfc=822", "a").is_err());
    assert!(Mtrk::new("abc=", None).is_err());
    assert!(
        DateTime::new("2026-02-30T00:00:00Z").is_ok(),
        "day ranges are not per month"
    );
    assert!(DateTime::new("2026-01-01").is_err());
    let e = Params::from_vec(vec![Param::Size(1), Param::Size(2)]).unwrap_err();
    assert_eq!(e.kind, K::Duplicate);
    assert!(Params::from_vec(vec![Param::EnvId(XText::new("").unwrap())]).is_err());
    let p = Params::from_vec(vec![
        Param::Size(10),
        Param::Body(Body::EightBitMime),
        Param::SmtpUtf8,
    ])
    .unwrap();
    assert_eq!(p.to_vec(), b" SIZE=10 BODY=8BITMIME SMTPUTF8");
    let c = Command::Mail {
        from: ReversePath::Null,
        params: p,
    };
    assert_eq!(parse::command(&c.to_vec()), Ok(c));
}

#[test]
fn capabilities() {
    assert_eq!(
        OtherCapability::new(Text::new("PIPELINING").unwrap())
            .unwrap_err()
            .kind,
        K::Ambiguous
    );
    assert!(OtherCapability::new(Text::new("X-CUSTOM 1 2").unwrap()).is_ok());
    assert!(Limit::new("RCPT MAX", 1).is_err());
    let e = EhloReply {
        greeting: Text::new("mx.example.org").unwrap(),
        capabilities: vec![
            Capability::Auth {
                mechanisms: vec![Mechanism::new("PLAIN").unwrap()].into(),
                legacy: true,
            },
            Capability::Limits(vec![Limit::new("RCPTMAX", 50).unwrap()]),
        ],
    };
    assert_eq!(
        e.to_vec(),
        b"250-mx.example.org\r\n250-AUTH=PLAIN\r\n250 LIMITS RCPTMAX=50\r\n"
    );
    assert!(e.has("auth") && e.has("LIMITS") && !e.has("SIZE"));
}
