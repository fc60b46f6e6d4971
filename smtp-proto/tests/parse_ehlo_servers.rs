//! EHLO replies in the shape well-known servers send them: every line is
//! typed or kept, and the reply re-encodes to the same bytes.

use smtp_proto::encode::Encode;
use smtp_proto::parse;
use smtp_proto::types::{Capability as C, EhloReply};

fn ehlo(lines: &[&str]) -> EhloReply<'static> {
    let n = lines.len();
    let wire: Vec<u8> = lines
        .iter()
        .enumerate()
        .flat_map(|(k, l)| format!("250{}{l}\r\n", if k + 1 == n { ' ' } else { '-' }).into_bytes())
        .collect();
    let e = parse::ehlo_reply(&wire).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(e.to_vec(), wire, "re-encoding");
    e.into_static()
}

#[test]
fn postfix() {
    let e = ehlo(&[
        "mail.example.org",
        "PIPELINING",
        "SIZE 10240000",
        "VRFY",
        "ETRN",
        "STARTTLS",
        "AUTH PLAIN LOGIN",
        "AUTH=PLAIN LOGIN",
        "ENHANCEDSTATUSCODES",
        "8BITMIME",
        "DSN",
        "SMTPUTF8",
        "CHUNKING",
    ]);
    assert_eq!(e.size(), Some(10_240_000));
    assert!(matches!(&e.capabilities[2], C::Other(o) if o.keyword() == b"VRFY"));
    assert!(e.has("CHUNKING") && e.has("smtputf8"));
}

#[test]
fn exim() {
    let e = ehlo(&[
        "mail.example.com Hello client.example.net [192.0.2.7]",
        "SIZE 52428800",
        "LIMITS MAILMAX=1000 RCPTMAX=50000",
        "8BITMIME",
        "PIPELINING",
        "PIPECONNECT",
        "AUTH PLAIN LOGIN",
        "CHUNKING",
        "STARTTLS",
        "PRDR",
        "HELP",
    ]);
    assert_eq!(e.domain(), b"mail.example.com");
    let C::Limits(l) = &e.capabilities[1] else {
        panic!()
    };
    assert_eq!((l[1].name(), l[1].value()), ("RCPTMAX", 50000));
    assert_eq!(e.limit("mailmax"), Some(1000));
    assert_eq!(e.limit("RCPTDOMAINMAX"), None);
    assert!(e.capabilities.contains(&C::PipeConnect) && e.capabilities.contains(&C::Prdr));
}

#[test]
fn large_providers() {
    let g = ehlo(&[
        "smtp.example.com at your service, [192.0.2.1]",
        "SIZE 35882577",
        "8BITMIME",
        "STARTTLS",
        "ENHANCEDSTATUSCODES",
        "PIPELINING",
        "CHUNKING",
        "SMTPUTF8",
    ]);
    assert_eq!(g.capabilities.len(), 7);
    let o = ehlo(&[
        "HOST.example.net Hello [192.0.2.1]",
        "SIZE 157286400",
        "PIPELINING",
        "DSN",
        "ENHANCEDSTATUSCODES",
        "STARTTLS",
        "8BITMIME",
        "BINARYMIME",
        "CHUNKING",
        "SMTPUTF8",
    ]);
    assert!(o.capabilities.iter().all(|c| !matches!(c, C::Other(_))));
}

#[test]
fn unusual_keywords_are_kept() {
    let e = ehlo(&[
        "mx",
        "X_PIPE_CONNECT",
        "XEXCH50",
        "X-LINK2STATE",
        "AUTH GSSAPI NTLM",
        "TURN",
    ]);
    assert!(matches!(&e.capabilities[0], C::Other(o) if o.keyword() == b"X_PIPE_CONNECT"));
    assert!(matches!(&e.capabilities[1], C::Other(_)));
    assert_eq!(e.auth_mechanisms().count(), 2);
    assert_eq!(e.capabilities[4], C::Turn);
}
