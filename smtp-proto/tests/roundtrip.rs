//! `parse(encode(x)) == x` for generated valid values of every type.

use std::borrow::Cow;

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use smtp_proto::encode::Encode;
use smtp_proto::parse;
use smtp_proto::quirks::Quirks;
use smtp_proto::types::*;

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?",
        1 => Just("bücher".to_string()),
        1 => Just("例子".to_string()),
    ]
}

fn domain_name() -> impl Strategy<Value = DomainName<'static>> {
    vec(label(), 1..4).prop_map(|l| DomainName::new(l.join(".")).expect("generated domain"))
}

fn address_literal() -> impl Strategy<Value = AddressLiteral<'static>> {
    prop_oneof![
        any::<[u8; 4]>().prop_map(|o| AddressLiteral::ipv4(o.into())),
        any::<[u16; 8]>().prop_map(|s| AddressLiteral::ipv6(s.into())),
        ("[a-zA-Z][a-zA-Z0-9-]{0,6}[a-zA-Z0-9]", "[!-Z^-~]{1,12}")
            .prop_filter_map("not IPv6", |(t, c)| AddressLiteral::new(format!("{t}:{c}"))
                .ok()),
        "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}"
            .prop_filter_map("octets", |s| AddressLiteral::new(s).ok()),
    ]
}

fn domain() -> impl Strategy<Value = Domain<'static>> {
    prop_oneof![
        3 => domain_name().prop_map(Domain::Name),
        1 => address_literal().prop_map(Domain::AddressLiteral),
    ]
}

fn local_part() -> impl Strategy<Value = LocalPart<'static>> {
    prop_oneof![
        "[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]{1,10}(\\.[a-zA-Z0-9_-]{1,8}){0,2}",
        "[ -~]{0,20}",
        Just("üser".to_string()),
    ]
    .prop_filter_map("valid local part", |v| LocalPart::new(&v).ok())
}

fn mailbox() -> impl Strategy<Value = Mailbox<'static>> {
    (local_part(), domain()).prop_map(|(l, d)| Mailbox::new(l, d))
}

fn path() -> impl Strategy<Value = Path<'static>> {
    (vec(domain_name(), 0..3), mailbox())
        .prop_filter_map("path length", |(r, m)| Path::with_route(r, m).ok())
}

fn reverse_path() -> impl Strategy<Value = ReversePath<'static>> {
    prop_oneof![1 => Just(ReversePath::Null), 4 => path().prop_map(ReversePath::Path)]
}

fn forward_path() -> impl Strategy<Value = ForwardPath<'static>> {
    prop_oneof![1 => Just(ForwardPath::Postmaster), 4 => path().prop_map(ForwardPath::Path)]
}

fn xtext() -> impl Strategy<Value = XText<'static>> {
    vec(any::<u8>(), 0..16).prop_map(|b| XText::encode(&b))
}

fn datetime() -> impl Strategy<Value = DateTime<'static>> {
    (
        1000u32..9999,
        1u32..=12,
        1u32..=28,
        0u32..24,
        0u32..60,
        0u32..60,
        prop_oneof![
            Just("Z".to_string()),
            (0u32..24, 0u32..60).prop_map(|(h, m)| format!("+{h:02}:{m:02}")),
            Just(".25-08:00".to_string()),
        ],
    )
        .prop_map(|(y, mo, d, h, mi, s, z)| {
            DateTime::new(format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{z}"))
                .expect("date-time")
        })
}

fn param() -> impl Strategy<Value = Param<'static>> {
    prop_oneof![
        any::<u64>().prop_map(Param::Size),
        prop_oneof![
            Just(Body::SevenBit),
            Just(Body::EightBitMime),
            Just(Body::BinaryMime)
        ]
        .prop_map(Param::Body),
        Just(Param::SmtpUtf8),
        prop_oneof![Just(Ret::Full), Just(Ret::Hdrs)].prop_map(Param::Ret),
        xtext().prop_map(Param::EnvId),
        (any::<bool>(), any::<bool>(), any::<bool>())
            .prop_map(|(s, f, d)| Param::Notify(Notify::on(s, f, d).unwrap_or(Notify::NEVER))),
        prop_oneof![
            ("[a-zA-Z0-9!#$%&'*+/?^_`{|}~-]{1,8}", xtext())
                .prop_filter_map("non-empty", |(t, x)| Orcpt::new(t, x.as_str().to_string())
                    .ok()),
            Just(Orcpt::new("utf-8", "用户@例子.广告").expect("orcpt")),
        ]
        .prop_map(Param::Orcpt),
        xtext().prop_map(Param::Auth),
        Just(Param::RequireTls),
        (-9i8..=9).prop_map(|p| Param::MtPriority(MtPriority::new(p).expect("priority"))),
        any::<u32>().prop_map(Param::HoldFor),
        datetime().prop_map(Param::HoldUntil),
        (any::<i32>(), any::<bool>(), any::<bool>()).prop_map(|(time, r, trace)| Param::By(By {
            time,
            mode: if r { ByMode::Return } else { ByMode::Notify },
            trace
        })),
        (
            datetime(),
            option::of(prop_oneof![
                Just(RrvsAction::Continue),
                Just(RrvsAction::Reject)
            ])
        )
            .prop_map(|(time, action)| Param::Rrvs(Rrvs { time, action })),
        ("[A-Za-z0-9+/]{1,24}", option::of(any::<u32>()))
            .prop_map(|(c, t)| Param::Mtrk(Mtrk::new(c, t).expect("mtrk"))),
        ("X-[A-Z0-9-]{1,8}", option::of("[!-<>-~]{1,12}")).prop_filter_map("other", |(k, v)| {
            OtherParam::new(k, v.map(Cow::Owned)).ok().map(Param::Other)
        }),
    ]
}

fn params() -> impl Strategy<Value = Params<'static>> {
    vec(param(), 0..5).prop_map(|list| {
        let mut p = Params::new();
        for x in list {
            let _ = p.push(x); // a duplicate keyword is refused and left out
        }
        p
    })
}

fn smtp_string() -> impl Strategy<Value = SmtpString<'static>> {
    prop_oneof![
        "[a-zA-Z0-9!#$%&'*+/=?^_`{|}~.-]{1,12}",
        "\"([ !#-\\[\\]-~]|\\\\[ -~]){0,12}\"",
        mailbox().prop_map(|m| m.to_string()),
        path().prop_map(|p| String::from_utf8(p.to_vec()).expect("utf-8 path")),
    ]
    .prop_filter_map("string", |s| SmtpString::parse(s).ok())
}

fn mechanism() -> impl Strategy<Value = Mechanism<'static>> {
    "[A-Z0-9_-]{1,20}".prop_map(|m| Mechanism::new(m).expect("mechanism"))
}

fn word() -> impl Strategy<Value = Word<'static>> {
    "[!-~]{1,16}".prop_map(|w| Word::new(w).expect("word"))
}

fn xattr() -> impl Strategy<Value = XAttr<'static>> {
    ("[A-Z_]{1,8}", xtext()).prop_map(|(n, v)| XAttr::new(n, v).expect("xattr"))
}

fn command() -> impl Strategy<Value = Command<'static>> {
    prop_oneof![
        domain().prop_map(Command::Helo),
        domain().prop_map(Command::Ehlo),
        domain().prop_map(Command::Lhlo),
        (reverse_path(), params()).prop_map(|(from, params)| Command::Mail { from, params }),
        (forward_path(), params()).prop_map(|(to, params)| Command::Rcpt { to, params }),
        Just(Command::Data),
        (any::<u64>(), any::<bool>()).prop_map(|(size, last)| Command::Bdat { size, last }),
        Just(Command::Rset),
        smtp_string().prop_map(Command::Vrfy),
        smtp_string().prop_map(Command::Expn),
        option::of(smtp_string()).prop_map(Command::Help),
        option::of(smtp_string()).prop_map(Command::Noop),
        Just(Command::Quit),
        Just(Command::StartTls),
        (mechanism(), option::of(vec(any::<u8>(), 0..40))).prop_map(|(mechanism, ir)| {
            Command::Auth {
                mechanism,
                initial_response: ir.map(|b| SaslData::encode(&b)),
            }
        }),
        prop_oneof![
            domain_name().prop_map(EtrnArg::Domain),
            domain_name().prop_map(EtrnArg::Subdomains),
            "[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]{1,10}|ü"
                .prop_map(|q| EtrnArg::Queue(Atom::new(q).expect("queue"))),
        ]
        .prop_map(Command::Etrn),
        (word(), any::<bool>()).prop_map(|(url, last)| Command::Burl {
            url: BurlUrl::new(url.as_str().to_string()).expect("url"),
            last
        }),
        vec(xattr(), 0..4).prop_map(Command::Xclient),
        vec(xattr(), 0..4).prop_map(Command::Xforward),
        (
            "[A-Z]{1,10}",
            option::of(vec(
                any::<u8>().prop_filter("no CR/LF", |b| *b != b'\r' && *b != b'\n'),
                0..20
            ))
        )
            .prop_filter_map("unknown verb", |(v, a)| {
                let verb = Verb::new(v.into_bytes()).ok()?;
                Some(Command::Unknown {
                    verb,
                    args: a.map(|a| Text::new(a).expect("text")),
                })
            }),
    ]
}

fn text() -> impl Strategy<Value = Text<'static>> {
    vec(
        any::<u8>().prop_filter("no CR/LF", |b| *b != b'\r' && *b != b'\n'),
        0..30,
    )
    .prop_map(|b| Text::new(b).expect("text"))
}

fn reply() -> impl Strategy<Value = Reply<'static>> {
    (200u16..=599, vec(text(), 1..5)).prop_map(|(c, lines)| {
        Reply::multiline(ReplyCode::new(c).expect("code"), lines).expect("reply")
    })
}

fn capability() -> impl Strategy<Value = Capability<'static>> {
    use Capability as C;
    prop_oneof![
        option::of(any::<u64>()).prop_map(C::Size),
        prop_oneof![
            Just(C::EightBitMime),
            Just(C::Pipelining),
            Just(C::Dsn),
            Just(C::Etrn),
            Just(C::EnhancedStatusCodes),
            Just(C::StartTls),
            Just(C::Chunking),
            Just(C::BinaryMime),
            Just(C::SmtpUtf8),
            Just(C::Checkpoint),
            Just(C::Conneg),
            Just(C::Expn),
            Just(C::Help),
            Just(C::RequireTls),
            Just(C::Rrvs),
            Just(C::Mtrk),
            Just(C::Verb),
            Just(C::Onex),
            Just(C::Send),
            Just(C::Soml),
            Just(C::Saml),
            Just(C::Turn),
            Just(C::Atrn),
            Just(C::Xusr),
            Just(C::Utf8Smtp),
            Just(C::Prdr),
            Just(C::PipeConnect),
        ],
        (vec(mechanism(), 0..4), any::<bool>()).prop_map(|(mechanisms, legacy)| C::Auth {
            mechanisms: mechanisms.into(),
            legacy
        }),
        option::of(any::<u32>()).prop_map(C::DeliverBy),
        vec(word(), 0..3).prop_map(C::Burl),
        option::of(word()).prop_map(C::MtPriority),
        (any::<u32>(), datetime()).prop_map(|(max_interval, max_datetime)| C::FutureRelease {
            max_interval,
            max_datetime
        }),
        option::of(word()).prop_map(C::NoSoliciting),
        vec(
            ("[A-Z][A-Z0-9-]{0,12}", any::<u64>())
                .prop_map(|(n, v)| Limit::new(n, v).expect("limit")),
            0..4
        )
        .prop_map(C::Limits),
        vec(word(), 0..4).prop_map(C::Xclient),
        vec(word(), 0..4).prop_map(C::Xforward),
        text().prop_filter_map("untyped line", |t| OtherCapability::new(t)
            .ok()
            .map(C::Other)),
    ]
}

fn ehlo() -> impl Strategy<Value = EhloReply<'static>> {
    (text(), vec(capability(), 0..8)).prop_map(|(greeting, capabilities)| EhloReply {
        greeting,
        capabilities,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn command_roundtrip(c in command()) {
        let wire = c.to_vec();
        let back = parse::command(&wire);
        prop_assert_eq!(back.as_ref(), Ok(&c), "wire: {:?}", wire.escape_ascii().to_string());
        // The server's default leniencies change nothing in strictly
        // encoded input, unless they say so with a warning.
        let mut w = Vec::new();
        let lenient = parse::command_with(&wire, &Quirks::server_default(), &mut w);
        if w.is_empty() {
            prop_assert_eq!(lenient, Ok(c));
        }
    }

    #[test]
    fn reply_roundtrip(r in reply()) {
        let wire = r.to_vec();
        prop_assert_eq!(parse::reply(&wire), Ok(r.clone()));
        let mut w = Vec::new();
        prop_assert_eq!(parse::reply_with(&wire, &Quirks::client_default(), &mut w), Ok(r));
        prop_assert!(w.is_empty());
    }

    #[test]
    fn reply_lines_roundtrip(r in reply()) {
        // What a session does: decode line by line and reassemble.
        let wire = r.to_vec();
        let mut lines = Vec::new();
        let mut at = 0;
        let mut code = None;
        for chunk in wire.split_inclusive(|b| *b == b'\n') {
            let l = parse::reply_line(chunk).map_err(|e| e.shifted(at));
            let l = l.expect("line decodes");
            code = Some(l.code);
            lines.push(l.text.clone());
            at += chunk.len();
            prop_assert_eq!(l.last, at == wire.len());
            prop_assert_eq!(l.to_vec(), chunk.to_vec());
        }
        prop_assert_eq!(Reply::multiline(code.expect("a line"), lines), Ok(r));
    }

    #[test]
    fn ehlo_roundtrip(e in ehlo()) {
        let wire = e.to_vec();
        prop_assert_eq!(&wire, &e.to_reply().to_vec());
        for c in &e.capabilities {
            if let Ok(k) = std::str::from_utf8(c.keyword()) {
                prop_assert!(e.has(k));
            }
        }
        prop_assert_eq!(parse::ehlo_reply(&wire), Ok(e.clone()));
        let reply = parse::reply(&wire).expect("reply");
        prop_assert_eq!(reply.ehlo(), Ok(e));
    }

    #[test]
    fn auth_response_roundtrip(data in option::of(vec(any::<u8>(), 0..64))) {
        let r = match data {
            Some(d) => AuthResponse::Data(SaslData::encode(&d)),
            None => AuthResponse::Cancel,
        };
        let wire = r.to_vec();
        prop_assert_eq!(parse::auth_response(&wire), Ok(r));
    }

    #[test]
    fn into_static_is_equal(c in command()) {
        let wire = c.to_vec();
        let parsed = parse::command(&wire).expect("decodes");
        prop_assert_eq!(parsed.clone().into_static(), parsed);
    }

    #[test]
    fn decoders_never_panic(bytes in vec(any::<u8>(), 0..80)) {
        let _ = parse::command(&bytes);
        let _ = parse::command_with(&bytes, &Quirks::server_default(), &mut Vec::new());
        let _ = parse::reply(&bytes);
        let _ = parse::reply_with(&bytes, &Quirks::client_default(), &mut Vec::new());
        let _ = parse::reply_line(&bytes);
        let _ = parse::ehlo_reply(&bytes);
        let _ = parse::auth_response(&bytes);
    }

    #[test]
    fn command_like_input_never_panics(s in "(MAIL FROM:|RCPT TO:|EHLO |AUTH |BDAT |XCLIENT )[ -~]{0,60}\r\n") {
        // Errors point inside the line.
        if let Err(e) = parse::command(s.as_bytes()) {
            prop_assert!(e.offset <= s.len());
        }
    }
}
