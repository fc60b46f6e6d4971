//! proptest: `parse(encode(x)) == x` for generated valid values of every
//! type, and for whatever the lenient decoders accept from noisy lines,
//! that encoding it gives bytes the strict decoder reads back equal.

use pop3_proto::encode::Encode;
use pop3_proto::parse;
use pop3_proto::quirks::Quirks;
use pop3_proto::types::*;
use proptest::prelude::*;

fn msg() -> impl Strategy<Value = MessageNumber> {
    (1..=u32::MAX).prop_map(|n| MessageNumber::new(n).unwrap())
}

fn bytes_from(
    set: &'static [std::ops::RangeInclusive<u8>],
    len: std::ops::Range<usize>,
) -> impl Strategy<Value = Vec<u8>> {
    let all: Vec<u8> = set.iter().flat_map(|r| r.clone()).collect();
    prop::collection::vec(prop::sample::select(all), len)
}

fn ascii_from(
    set: &'static [std::ops::RangeInclusive<u8>],
    len: std::ops::Range<usize>,
) -> impl Strategy<Value = String> {
    bytes_from(set, len).prop_map(|b| String::from_utf8(b).unwrap())
}

const PARAM: &[std::ops::RangeInclusive<u8>] = &[0x21..=0x7E, 0x80..=0xFF];
const TEXT: &[std::ops::RangeInclusive<u8>] = &[0x01..=0x09, 0x0B..=0x0C, 0x0E..=0xFF];
const VCHAR: &[std::ops::RangeInclusive<u8>] = &[0x21..=0x7E];
const RCHAR: &[std::ops::RangeInclusive<u8>] = &[0x21..=0x2E, 0x30..=0x5C, 0x5E..=0x7F];
const CCHAR: &[std::ops::RangeInclusive<u8>] = &[0x21..=0x2D, 0x2F..=0x7F];

fn param() -> impl Strategy<Value = Param<'static>> {
    bytes_from(PARAM, 1..16).prop_map(|b| Param::new(b).unwrap())
}

fn text() -> impl Strategy<Value = Text<'static>> {
    prop_oneof![
        bytes_from(TEXT, 0..40),
        "[ -~]{0,40}".prop_map(String::into_bytes),
    ]
    .prop_map(|b| Text::new(b).unwrap())
}

fn mechanism() -> impl Strategy<Value = Mechanism<'static>> {
    "[A-Za-z0-9_-]{1,20}".prop_map(|m| Mechanism::new(m).unwrap())
}

fn sasl() -> impl Strategy<Value = SaslData<'static>> {
    prop::collection::vec(any::<u8>(), 0..40).prop_map(|raw| SaslData::encode(&raw))
}

fn language_tag() -> impl Strategy<Value = LanguageTag<'static>> {
    "[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8}){0,3}".prop_map(|t| LanguageTag::new(t).unwrap())
}

fn command() -> impl Strategy<Value = Command<'static>> {
    prop_oneof![
        param().prop_map(Command::User),
        bytes_from(TEXT, 1..40).prop_map(|b| Command::Pass(Secret::new(b).unwrap())),
        (param(), any::<[u8; 16]>()).prop_map(|(name, d)| Command::Apop {
            name,
            digest: ApopDigest(d)
        }),
        Just(Command::Auth(None)),
        (mechanism(), prop::option::of(sasl())).prop_map(|(mechanism, initial_response)| {
            Command::Auth(Some(AuthRequest {
                mechanism,
                initial_response,
            }))
        }),
        Just(Command::Stat),
        prop::option::of(msg()).prop_map(Command::List),
        prop::option::of(msg()).prop_map(Command::Uidl),
        msg().prop_map(Command::Retr),
        (msg(), any::<u32>()).prop_map(|(msg, lines)| Command::Top { msg, lines }),
        msg().prop_map(Command::Dele),
        Just(Command::Noop),
        Just(Command::Rset),
        Just(Command::Quit),
        Just(Command::Capa),
        Just(Command::Stls),
        Just(Command::Utf8),
        Just(Command::Lang(None)),
        Just(Command::Lang(Some(LanguageRange::Any))),
        language_tag().prop_map(|t| Command::Lang(Some(LanguageRange::Tag(t)))),
        (
            ascii_from(VCHAR, 3..5),
            prop::collection::vec(param(), 0..4)
        )
            .prop_filter_map("known keyword", |(k, args)| Keyword::new(k)
                .ok()
                .map(|keyword| Command::Unknown { keyword, args })),
    ]
}

fn response_code() -> impl Strategy<Value = ResponseCode<'static>> {
    prop_oneof![
        prop::collection::vec(ascii_from(RCHAR, 1..8), 1..4)
            .prop_map(|levels| ResponseCode::new(levels.join("/")).unwrap()),
        prop::sample::select(vec![
            ResponseCode::SYS_TEMP,
            ResponseCode::SYS_PERM,
            ResponseCode::AUTH,
            ResponseCode::IN_USE,
            ResponseCode::LOGIN_DELAY,
            ResponseCode::UTF8,
        ]),
    ]
}

fn response() -> impl Strategy<Value = Response<'static>> {
    (
        prop_oneof![Just(Status::Ok), Just(Status::Err)],
        prop::option::of(response_code()),
        text(),
    )
        .prop_filter_map("text looks like a code", |(s, c, t)| {
            Response::new(s, c, t).ok()
        })
}

fn capability() -> impl Strategy<Value = Capability<'static>> {
    let user = any::<bool>();
    prop_oneof![
        Just(Capability::Top),
        Just(Capability::User),
        prop::collection::vec(mechanism(), 0..5).prop_map(Capability::Sasl),
        Just(Capability::RespCodes),
        (any::<u32>(), user)
            .prop_map(|(seconds, per_user)| Capability::LoginDelay { seconds, per_user }),
        Just(Capability::Pipelining),
        (
            prop_oneof![
                Just(ExpirePolicy::Never),
                any::<u32>().prop_map(ExpirePolicy::Days)
            ],
            user
        )
            .prop_map(|(policy, per_user)| Capability::Expire { policy, per_user }),
        Just(Capability::Uidl),
        text().prop_map(Capability::Implementation),
        Just(Capability::Stls),
        Just(Capability::AuthRespCode),
        user.prop_map(|user| Capability::Utf8 { user }),
        Just(Capability::Lang),
        (
            prop_oneof![
                ascii_from(CCHAR, 1..12),
                prop::sample::select(vec!["TOP", "SASL", "EXPIRE", "LOGIN-DELAY", "UTF8", "Lang"])
                    .prop_map(String::from),
            ],
            prop::collection::vec(param(), 0..4)
        )
            .prop_filter_map("reads back as known", |(tag, params)| {
                UnknownCapability::new(CapaTag::new(tag).unwrap(), params)
                    .ok()
                    .map(Capability::Unknown)
            }),
    ]
}

fn scan_listing() -> impl Strategy<Value = ScanListing<'static>> {
    (msg(), any::<u64>(), text()).prop_map(|(msg, octets, extra)| ScanListing {
        msg,
        octets,
        extra,
    })
}

fn unique_id_listing() -> impl Strategy<Value = UniqueIdListing<'static>> {
    (msg(), ascii_from(VCHAR, 1..71)).prop_map(|(msg, uid)| UniqueIdListing {
        msg,
        uid: UniqueId::new(uid).unwrap(),
    })
}

fn lang_listing() -> impl Strategy<Value = LangListing<'static>> {
    (language_tag(), text()).prop_map(|(tag, description)| LangListing { tag, description })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn command_round_trips(c in command()) {
        let bytes = c.to_vec();
        prop_assert_eq!(parse::command(&bytes).unwrap(), c.clone());
        prop_assert_eq!(c.clone().into_static(), c);
    }

    #[test]
    fn response_round_trips(r in response()) {
        let bytes = r.to_vec();
        prop_assert_eq!(parse::response(&bytes).unwrap(), r);
    }

    #[test]
    fn capability_round_trips(c in capability()) {
        let bytes = c.to_vec();
        prop_assert_eq!(parse::capability(&bytes).unwrap(), c);
    }

    #[test]
    fn listings_round_trip(s in scan_listing(), u in unique_id_listing(), l in lang_listing()) {
        let (sb, ub, lb) = (s.to_vec(), u.to_vec(), l.to_vec());
        prop_assert_eq!(&parse::scan_listing(&sb).unwrap(), &s);
        prop_assert_eq!(&parse::unique_id_listing(&ub).unwrap(), &u);
        prop_assert_eq!(&parse::lang_listing(&lb).unwrap(), &l);
        // The single-line LIST msg / UIDL msg replies carry the same text.
        let (sr, ur) = (s.to_response().to_vec(), u.to_response().to_vec());
        let (sr, ur) = (parse::response(&sr).unwrap(), parse::response(&ur).unwrap());
        prop_assert_eq!(sr.scan_listing().unwrap(), s);
        prop_assert_eq!(ur.unique_id_listing().unwrap(), u);
    }

    #[test]
    fn stat_text_round_trips(count in any::<u32>(), octets in any::<u64>(), extra in text()) {
        let stat = Stat { count, octets, extra };
        let mut t = Vec::new();
        stat.encode_text(&mut t);
        prop_assert_eq!(parse::stat_reply(&t).unwrap(), stat.clone());
        let r = Response::ok(t).unwrap();
        prop_assert_eq!(&stat.to_response(), &r);
        let line = r.to_vec();
        let back = parse::response(&line).unwrap();
        prop_assert_eq!(back.stat().unwrap(), stat);
    }

    #[test]
    fn sasl_lines_round_trip(d in sasl(), cancel in any::<bool>()) {
        let c = Continuation { data: d.clone() };
        let cb = c.to_vec();
        prop_assert_eq!(parse::continuation(&cb).unwrap(), c);
        let a = if cancel { AuthResponse::Cancel } else { AuthResponse::Data(d) };
        let ab = a.to_vec();
        prop_assert_eq!(parse::auth_response(&ab).unwrap(), a);
    }
}

/// Lines made of pieces that the grammars care about, so that noise
/// often comes close to valid.
fn noisy_line() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop::sample::select(vec![
        &b"+OK"[..],
        b"-ERR",
        b"+ok",
        b"+",
        b" ",
        b"  ",
        b"\t",
        b"[",
        b"]",
        b"/",
        b"SYS",
        b"IN-USE",
        b"USER",
        b"PASS",
        b"APOP",
        b"AUTH",
        b"LIST",
        b"TOP",
        b"RETR",
        b"LANG",
        b"SASL",
        b"EXPIRE",
        b"LOGIN-DELAY",
        b"IMPLEMENTATION",
        b"NEVER",
        b"UTF8",
        b"1",
        b"0",
        b"42",
        b"4294967296",
        b"a",
        b"x-y",
        b"*",
        b"=",
        b"QUJD",
        b"<1.2@h>",
        b".",
        b"\xc3\xa9",
        b"\r",
        b"\0",
        b"c4c9334bac560ecc979e58001b3e22fb",
        b"PLAIN",
    ]);
    (
        prop::collection::vec(piece, 0..8),
        prop_oneof![Just(&b"\r\n"[..]), Just(&b"\n"[..]), Just(&b""[..])],
    )
        .prop_map(|(pieces, end)| {
            let mut v: Vec<u8> = pieces.concat();
            v.extend_from_slice(end);
            v
        })
}

/// Whatever `decode` accepts with `quirks` encodes to bytes that decode
/// (strictly when `strict_back`) to an equal value.
macro_rules! stable {
    ($line:expr, $with:path, $plain:path, $strict_back:expr) => {{
        for quirks in [
            Quirks::strict(),
            Quirks::client_default(),
            Quirks::server_default(),
        ] {
            let mut w = Vec::new();
            if let Ok(v) = $with(&$line, &quirks, &mut w) {
                let bytes = v.to_vec();
                let back = if $strict_back {
                    $plain(&bytes)
                } else {
                    $with(&bytes, &quirks, &mut Vec::new())
                };
                prop_assert_eq!(back.as_ref(), Ok(&v), "{}", $line.escape_ascii());
            }
        }
    }};
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn accepted_noise_re_encodes_stably(line in noisy_line()) {
        stable!(line, parse::command_with, parse::command, true);
        // Text beginning with "[" under the quirk needs the quirk back.
        stable!(line, parse::response_with, parse::response, false);
        stable!(line, parse::capability_with, parse::capability, true);
        stable!(line, parse::scan_listing_with, parse::scan_listing, true);
        stable!(line, parse::unique_id_listing_with, parse::unique_id_listing, true);
        stable!(line, parse::lang_listing_with, parse::lang_listing, true);
        stable!(line, parse::continuation_with, parse::continuation, true);
        stable!(line, parse::auth_response_with, parse::auth_response, true);
    }

    #[test]
    fn arbitrary_bytes_never_panic(line in prop::collection::vec(any::<u8>(), 0..80)) {
        for quirks in [Quirks::strict(), Quirks::client_default(), Quirks::server_default()] {
            let w = &mut Vec::new();
            let _ = parse::command_with(&line, &quirks, w);
            let _ = parse::response_with(&line, &quirks, w).map(|r| {
                let _ = (r.stat(), r.scan_listing(), r.unique_id_listing(), r.lang_reply(), r.apop_timestamp());
            });
            let _ = parse::capability_with(&line, &quirks, w);
            let _ = parse::scan_listing_with(&line, &quirks, w);
            let _ = parse::unique_id_listing_with(&line, &quirks, w);
            let _ = parse::lang_listing_with(&line, &quirks, w);
            let _ = parse::continuation_with(&line, &quirks, w);
            let _ = parse::auth_response_with(&line, &quirks, w);
        }
    }
}

/// The `arbitrary` values (feature `arbitrary`) are valid: they round-trip.
#[cfg(feature = "arbitrary")]
mod arbitrary_values {
    use super::*;
    use arbitrary::{Arbitrary, Unstructured};

    fn round_trip<'a, T>(
        data: &'a [u8],
        decode: fn(&[u8]) -> Result<T, pop3_proto::error::DecodeError>,
    ) where
        T: Arbitrary<'a> + Encode + PartialEq + std::fmt::Debug,
    {
        let mut u = Unstructured::new(data);
        while let Ok(v) = T::arbitrary(&mut u) {
            let bytes = v.to_vec();
            match decode(&bytes) {
                Ok(back) => assert_eq!(back, v, "{}", bytes.escape_ascii()),
                Err(e) => panic!("{v:?} encoded as {}: {e}", bytes.escape_ascii()),
            }
            if u.is_empty() {
                break;
            }
        }
    }

    proptest! {
        #[test]
        fn arbitrary_values_round_trip(data in prop::collection::vec(any::<u8>(), 0..400)) {
            round_trip::<Command<'static>>(&data, |b| parse::command(b).map(Command::into_static));
            round_trip::<Response<'static>>(&data, |b| parse::response(b).map(Response::into_static));
            round_trip::<Capability<'static>>(&data, |b| parse::capability(b).map(Capability::into_static));
            round_trip::<ScanListing<'static>>(&data, |b| parse::scan_listing(b).map(ScanListing::into_static));
            round_trip::<UniqueIdListing<'static>>(&data, |b| parse::unique_id_listing(b).map(UniqueIdListing::into_static));
            round_trip::<LangListing<'static>>(&data, |b| parse::lang_listing(b).map(LangListing::into_static));
            round_trip::<Continuation<'static>>(&data, |b| parse::continuation(b).map(Continuation::into_static));
            round_trip::<AuthResponse<'static>>(&data, |b| parse::auth_response(b).map(AuthResponse::into_static));
        }
    }
}
