//! POP3 corpus: commands, the `RETR` reply carrying the 14 MB body, a
//! 10,000-line `LIST` and `UIDL` reply, and a `CAPA` reply.

use super::body::{self, Body};
use super::rng::Rng;

/// Entries in the LIST and UIDL replies.
pub const MAILDROP_MESSAGES: usize = 10_000;

/// A CAPA reply (RFC 2449 §5) with the capabilities a Dovecot-like server
/// announces.
pub const CAPA_REPLY: &[u8] = b"+OK Capability list follows\r\n\
TOP\r\n\
USER\r\n\
SASL PLAIN LOGIN SCRAM-SHA-256\r\n\
RESP-CODES\r\n\
LOGIN-DELAY 900\r\n\
PIPELINING\r\n\
EXPIRE 60\r\n\
UIDL\r\n\
IMPLEMENTATION Mailwire-Bench\r\n\
STLS\r\n\
UTF8 USER\r\n\
LANG\r\n\
.\r\n";

/// A command mix as a POP3 client sends it: one line per entry, CRLF included.
pub fn commands() -> Vec<Vec<u8>> {
    let mut rng = Rng::new(0x9093_0001);
    let mut out = vec![
        b"CAPA\r\n".to_vec(),
        b"USER alice.example\r\n".to_vec(),
        b"PASS correct horse battery staple\r\n".to_vec(),
        b"STAT\r\n".to_vec(),
        b"LIST\r\n".to_vec(),
        b"UIDL\r\n".to_vec(),
    ];
    for _ in 0..200 {
        let n = 1 + rng.below(MAILDROP_MESSAGES as u64);
        out.push(format!("RETR {n}\r\n").into_bytes());
        out.push(format!("TOP {n} 10\r\n").into_bytes());
        out.push(format!("LIST {n}\r\n").into_bytes());
        out.push(format!("UIDL {n}\r\n").into_bytes());
        out.push(format!("DELE {n}\r\n").into_bytes());
        out.push(b"NOOP\r\n".to_vec());
    }
    out.push(b"QUIT\r\n".to_vec());
    out
}

/// The commands as one pipelined stream.
pub fn command_stream() -> Vec<u8> {
    commands().concat()
}

/// The `RETR` reply: status line, the dot-stuffed 14 MB body, terminator.
pub fn retr_reply(body: &Body) -> Vec<u8> {
    let mut out = format!("+OK {} octets\r\n", body.plain.len()).into_bytes();
    out.extend_from_slice(&body.wire);
    out
}

/// The 14 MB body shared with SMTP `DATA`.
pub fn retr_body() -> Body {
    body::body_14mb()
}

/// Message sizes of the maildrop, deterministic.
fn sizes() -> Vec<u64> {
    let mut rng = Rng::new(0x9093_0002);
    (0..MAILDROP_MESSAGES)
        .map(|_| 300 + rng.below(5_000_000))
        .collect()
}

/// The multi-line `LIST` reply (RFC 1939 §5): `+OK`, one `n size` line per
/// message, `.`.
pub fn list_reply() -> Vec<u8> {
    let sizes = sizes();
    let total: u64 = sizes.iter().sum();
    let mut out = format!("+OK {MAILDROP_MESSAGES} messages ({total} octets)\r\n").into_bytes();
    for (i, size) in sizes.iter().enumerate() {
        out.extend_from_slice(format!("{} {size}\r\n", i + 1).as_bytes());
    }
    out.extend_from_slice(b".\r\n");
    out
}

/// The multi-line `UIDL` reply (RFC 1939 §7): one `n unique-id` line per
/// message; ids are 24 to 40 characters from 0x21..=0x7E.
pub fn uidl_reply() -> Vec<u8> {
    let mut rng = Rng::new(0x9093_0003);
    let mut out = b"+OK\r\n".to_vec();
    for i in 0..MAILDROP_MESSAGES {
        out.extend_from_slice(format!("{} ", i + 1).as_bytes());
        let len = 24 + rng.below(17);
        for _ in 0..len {
            // RFC 1939 §7: unique-ids are 0x21 to 0x7E.
            out.push(0x21 + rng.below(0x5E) as u8);
        }
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b".\r\n");
    out
}
