//! Multi-line body lines: scan listings (RFC 1939 §5), unique-id
//! listings (RFC 1939 §7) and language listings (RFC 6856 §3.2).

use pop3_proto::encode::Encode;
use pop3_proto::error::DecodeErrorKind;
use pop3_proto::parse;
use pop3_proto::types::{
    LangListing, LanguageTag, MessageNumber, ScanListing, Text, UniqueId, UniqueIdListing,
};

fn msg(n: u32) -> MessageNumber {
    MessageNumber::new(n).unwrap()
}

#[test]
fn rfc1939_scan_listings() {
    for (line, n, octets) in [(&b"1 120\r\n"[..], 1, 120), (b"2 200\r\n", 2, 200)] {
        let l = parse::scan_listing(line).unwrap();
        assert_eq!(
            l,
            ScanListing {
                msg: msg(n),
                octets,
                extra: Text::empty()
            }
        );
        assert_eq!(l.to_vec(), line);
        for cut in 0..line.len() {
            assert!(parse::scan_listing(&line[..cut]).is_err());
        }
    }
}

#[test]
fn scan_listing_keeps_what_follows_the_size() {
    // RFC 1939 §5: "no requirement on what follows the message size".
    let l = parse::scan_listing(b"3 4096 From: someone\r\n").unwrap();
    assert_eq!(l.extra.as_bytes(), b"From: someone");
    assert_eq!(l.to_vec(), b"3 4096 From: someone\r\n");
    let l = parse::scan_listing(b"3 4096 \r\n").unwrap();
    assert!(l.extra.is_empty());
    assert_eq!(parse::scan_listing(&l.to_vec()).unwrap(), l);
}

#[test]
fn scan_listing_errors() {
    let e = parse::scan_listing(b"0 120\r\n").unwrap_err();
    assert_eq!((e.offset, e.kind), (0, DecodeErrorKind::NumberOutOfRange));
    assert_eq!(parse::scan_listing(b"1\r\n").unwrap_err().offset, 1);
    assert_eq!(parse::scan_listing(b"1 x\r\n").unwrap_err().offset, 2);
    assert_eq!(parse::scan_listing(b"1 12x\r\n").unwrap_err().offset, 4);
    assert_eq!(parse::scan_listing(b"1  120\r\n").unwrap_err().offset, 2);
    assert_eq!(parse::scan_listing(b".\r\n").unwrap_err().offset, 0);
    let e = parse::scan_listing(b"1 18446744073709551616\r\n").unwrap_err();
    assert_eq!((e.offset, e.kind), (2, DecodeErrorKind::NumberOutOfRange));
}

#[test]
fn rfc1939_unique_id_listings() {
    for (line, n, uid) in [
        (
            &b"1 whqtswO00WBw418f9t5JxYwZ\r\n"[..],
            1,
            "whqtswO00WBw418f9t5JxYwZ",
        ),
        (b"2 QhdPYR:00WBw1Ph7x7\r\n", 2, "QhdPYR:00WBw1Ph7x7"),
    ] {
        let l = parse::unique_id_listing(line).unwrap();
        assert_eq!(
            l,
            UniqueIdListing {
                msg: msg(n),
                uid: UniqueId::new(uid).unwrap()
            }
        );
        assert_eq!(l.to_vec(), line);
        for cut in 0..line.len() {
            assert!(parse::unique_id_listing(&line[..cut]).is_err());
        }
    }
}

#[test]
fn unique_ids_are_1_to_70_visible_octets() {
    let max = "x".repeat(70);
    let line = format!("1 {max}\r\n");
    assert_eq!(
        parse::unique_id_listing(line.as_bytes())
            .unwrap()
            .uid
            .as_str(),
        max
    );
    let line = format!("1 {max}y\r\n");
    assert_eq!(
        parse::unique_id_listing(line.as_bytes())
            .unwrap_err()
            .offset,
        72
    );
    assert_eq!(parse::unique_id_listing(b"1 \r\n").unwrap_err().offset, 2);
    assert_eq!(
        parse::unique_id_listing(b"1 a b\r\n").unwrap_err().offset,
        3
    );
    assert_eq!(
        parse::unique_id_listing(b"1 a\xe9\r\n").unwrap_err().offset,
        3
    );
    assert_eq!(parse::unique_id_listing(b"1 a \r\n").unwrap_err().offset, 3);
    assert!(UniqueId::new("").is_err());
    assert!(UniqueId::new("caf\u{e9}").is_err());
}

#[test]
fn rfc6856_language_listings() {
    for (line, tag, desc) in [
        ("en English\r\n", "en", "English"),
        (
            "en-boont English Boontling dialect\r\n",
            "en-boont",
            "English Boontling dialect",
        ),
        ("de Deutsch\r\n", "de", "Deutsch"),
        ("it Italiano\r\n", "it", "Italiano"),
        ("es Espanol\r\n", "es", "Espanol"),
        ("sv Svenska\r\n", "sv", "Svenska"),
        ("fr\r\n", "fr", ""),
        ("es Espa\u{f1}ol\r\n", "es", "Espa\u{f1}ol"),
    ] {
        let l = parse::lang_listing(line.as_bytes()).unwrap();
        assert_eq!(
            l,
            LangListing {
                tag: LanguageTag::new(tag).unwrap(),
                description: Text::new(desc.as_bytes()).unwrap()
            }
        );
        assert_eq!(l.to_vec(), line.as_bytes());
    }
    assert_eq!(parse::lang_listing(b"e_n x\r\n").unwrap_err().offset, 1);
    assert_eq!(parse::lang_listing(b"-en\r\n").unwrap_err().offset, 0);
    assert_eq!(parse::lang_listing(b"en-\r\n").unwrap_err().offset, 3);
    assert_eq!(parse::lang_listing(b"\r\n").unwrap_err().offset, 0);
}
