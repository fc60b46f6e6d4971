//! The real servers start, greet on their ports, and stop by the process
//! id the test started. Byte level only: the sessions are exercised by
//! interop_smtp.rs and interop_pop3.rs.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use conformance::interop::peers::aiosmtpd::Aiosmtpd;
use conformance::interop::peers::dovecot::Dovecot;
use conformance::interop::peers::postfix::Postfix;
use conformance::interop::peers::{Peer, available};

/// Connects, sends `send` (if any) after the greeting, and reads until the
/// bytes received end with `until`.
fn talk(port: u16, send: &[u8], until: &[u8]) -> Vec<u8> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let mut sent = send.is_empty();
    while !got.ends_with(until) {
        if !sent && got.ends_with(b"\r\n") {
            s.write_all(send).unwrap();
            sent = true;
        }
        let n = s
            .read(&mut buf)
            .unwrap_or_else(|e| panic!("{e} after {:?}", String::from_utf8_lossy(&got)));
        assert!(
            n > 0,
            "closed early after {:?}",
            String::from_utf8_lossy(&got)
        );
        got.extend_from_slice(&buf[..n]);
    }
    got
}

fn port_is_closed(port: u16) -> bool {
    TcpStream::connect(SocketAddr::from(([127, 0, 0, 1], port))).is_err()
}

fn process_gone(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| s.contains(") Z ") || s.contains(") X "))
        .unwrap_or(true)
}

/// Stops `peer` and checks that its process and its ports are gone.
fn stops<P: Peer>(peer: &mut P) {
    let pid = peer.pid().unwrap();
    let ports = peer.ports();
    assert!(!process_gone(pid), "{} not running before stop", P::NAME);
    assert!(ports.iter().all(|p| !port_is_closed(*p)));
    peer.stop().unwrap();
    assert!(process_gone(pid), "{} (pid {pid}) still runs", P::NAME);
    for port in ports {
        assert!(port_is_closed(port), "{} left port {port} open", P::NAME);
    }
    assert_eq!(peer.pid(), None);
}

#[test]
fn dovecot_and_postfix_start_greet_and_stop() {
    if !available::<Dovecot>() || !available::<Postfix>() {
        return;
    }
    let mut dovecot = Dovecot::start(&["pop3", "lmtp"]).unwrap();
    let pop3 = dovecot.port("pop3").unwrap();
    let lmtp = dovecot.port("lmtp").unwrap();

    let greeting = talk(pop3, b"CAPA\r\n", b"\r\n.\r\n");
    let text = String::from_utf8(greeting).unwrap();
    assert!(text.starts_with("+OK Dovecot"), "{text}");
    assert!(text.contains("\r\nSTLS\r\n"), "{text}");
    assert!(text.contains("\r\nSASL PLAIN LOGIN\r\n"), "{text}");

    let greeting = talk(lmtp, b"LHLO client.example\r\n", b"250 STARTTLS\r\n");
    let text = String::from_utf8(greeting).unwrap();
    assert!(text.starts_with("220 mail.example.org Dovecot"), "{text}");
    assert!(text.contains("\r\n250-CHUNKING\r\n"), "{text}");

    let mut postfix = Postfix::start(&dovecot, dovecot.cert()).unwrap();
    let smtp = postfix.smtp_port();
    let text =
        String::from_utf8(talk(smtp, b"EHLO client.example\r\n", b"250 CHUNKING\r\n")).unwrap();
    assert!(
        text.starts_with("220 mx.example.org ESMTP Postfix\r\n"),
        "{text}"
    );
    for keyword in [
        "STARTTLS",
        "PIPELINING",
        "SIZE 10240000",
        "8BITMIME",
        "DSN",
        "AUTH PLAIN LOGIN",
    ] {
        assert!(
            text.contains(&format!("250-{keyword}\r\n")),
            "no {keyword} in {text}"
        );
    }

    stops(&mut postfix);
    stops(&mut dovecot);
}

#[test]
fn aiosmtpd_starts_greets_and_stops() {
    if !available::<Aiosmtpd>() {
        return;
    }
    let mut server = Aiosmtpd::start().unwrap();
    let port = server.port();
    let text = String::from_utf8(talk(port, b"EHLO client.example\r\n", b"250 HELP\r\n")).unwrap();
    assert!(text.starts_with("220 aiosmtpd.example.org"), "{text}");
    assert!(text.contains("250-STARTTLS\r\n"), "{text}");
    stops(&mut server);
}
