//! First checks that the entry points decode the RFC 1939 §10 session's
//! lines and encode them back.

use pop3_proto::encode::Encode;
use pop3_proto::parse;
use pop3_proto::types::{Command, Status};

#[test]
fn rfc1939_example_lines_round_trip() {
    let c = parse::command(b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n").unwrap();
    assert!(matches!(c, Command::Apop { .. }));
    assert_eq!(
        c.to_vec(),
        b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n"
    );
    let r =
        parse::response(b"+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n").unwrap();
    assert_eq!(r.status(), Status::Ok);
    assert_eq!(
        r.apop_timestamp(),
        Some(&b"<1896.697170952@dbc.mtview.ca.us>"[..])
    );
}
