//! Offsets and numbers at their extremes saturate instead of overflowing.

use pop3_proto::encode::Encode;
use pop3_proto::error::DecodeError;
use pop3_proto::parse;
use pop3_proto::quirks::{Quirk, Warning};
use pop3_proto::types::ApopDigest;

#[test]
fn offsets_saturate() {
    let e = DecodeError::syntax(5, "x").shifted(usize::MAX);
    assert_eq!(e.offset, usize::MAX);
    let w = Warning {
        offset: 7,
        quirk: Quirk::BareLf,
    };
    assert_eq!(w.in_stream(u64::MAX).offset, usize::MAX);
    assert_eq!(w.in_stream(10).offset, 17);
}

#[test]
fn numbers_at_their_maximum_round_trip() {
    let line = b"4294967295 18446744073709551615\r\n";
    let l = parse::scan_listing(line).unwrap();
    assert_eq!(l.octets, u64::MAX);
    assert_eq!(l.to_vec(), line);
    let l = parse::scan_listing(b"1 0\r\n").unwrap();
    assert_eq!(l.to_vec(), b"1 0\r\n");
    assert!(parse::scan_listing(b"1 18446744073709551616\r\n").is_err());
}

#[test]
fn apop_digests_in_hex_both_ways() {
    let line = b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n";
    let c = parse::command(line).unwrap();
    assert_eq!(c.to_vec(), line);
    let d = ApopDigest([0xff; 16]);
    assert_eq!(&d.to_hex()[..], &b"ff".repeat(16)[..]);
    let d = ApopDigest([0x0a; 16]);
    assert_eq!(&d.to_hex()[..], &b"0a".repeat(16)[..]);
}
