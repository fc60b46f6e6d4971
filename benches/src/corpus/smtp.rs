//! SMTP corpus: a command mix, the two reply shapes, and the `DATA` body.

use super::body::{self, Body};
use super::rng::Rng;

/// How many transactions the command mix holds (each: EHLO, MAIL, 1..=4
/// RCPT, DATA).
pub const TRANSACTIONS: usize = 200;

/// A nine-line EHLO reply as a typical MTA sends it.
pub const EHLO_REPLY: &[u8] = b"250-mx.example.org Hello client.example.com [192.0.2.17]\r\n\
250-PIPELINING\r\n\
250-SIZE 35882577\r\n\
250-8BITMIME\r\n\
250-STARTTLS\r\n\
250-ENHANCEDSTATUSCODES\r\n\
250-AUTH PLAIN LOGIN\r\n\
250-DSN\r\n\
250 CHUNKING\r\n";

/// A single-line reply with an enhanced status code (RFC 3463).
pub const SINGLE_REPLY: &[u8] = b"250 2.1.5 Recipient <bob.example@example.com> OK\r\n";

/// The command mix: one complete command line (CRLF included) per entry,
/// in the order a client pipelines them.
pub fn commands() -> Vec<Vec<u8>> {
    let mut rng = Rng::new(0x5A7F_0001);
    let mut out = Vec::new();
    let domains = [
        "example.com",
        "example.org",
        "example.net",
        "mail.example.co.uk",
    ];
    let mut local = Vec::new();
    for t in 0..TRANSACTIONS {
        let mut ehlo = b"EHLO client".to_vec();
        ehlo.extend_from_slice(t.to_string().as_bytes());
        ehlo.extend_from_slice(b".example.com\r\n");
        out.push(ehlo);

        local.clear();
        rng.word(3, 12, &mut local);
        let domain = domains[rng.below(domains.len() as u64) as usize];
        let size = 1_000 + rng.below(20_000_000);
        let body = if rng.below(2) == 0 {
            "8BITMIME"
        } else {
            "7BIT"
        };
        out.push(
            format!(
                "MAIL FROM:<{}@{domain}> BODY={body} SIZE={size}\r\n",
                String::from_utf8_lossy(&local)
            )
            .into_bytes(),
        );

        for r in 0..1 + rng.below(4) {
            local.clear();
            rng.word(3, 12, &mut local);
            let local = String::from_utf8_lossy(&local);
            let domain = domains[rng.below(domains.len() as u64) as usize];
            let line = match (t as u64 + r) % 3 {
                0 => format!(
                    "RCPT TO:<{local}@{domain}> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;{local}@{domain}\r\n"
                ),
                1 => format!("RCPT TO:<{local}@{domain}> NOTIFY=NEVER\r\n"),
                _ => format!("RCPT TO:<{local}@{domain}>\r\n"),
            };
            out.push(line.into_bytes());
        }
        out.push(b"DATA\r\n".to_vec());
    }
    out
}

/// The command mix as one pipelined byte stream.
pub fn command_stream() -> Vec<u8> {
    commands().concat()
}

/// The replies a server sends over one transaction of the command mix:
/// EHLO reply, MAIL reply, one reply per RCPT, the 354 and the final 250.
pub fn replies() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for cmd in commands() {
        let reply: &[u8] = match &cmd[..4] {
            b"EHLO" => EHLO_REPLY,
            b"MAIL" => b"250 2.1.0 Sender OK\r\n",
            b"RCPT" => SINGLE_REPLY,
            _ => b"354 Start mail input; end with <CRLF>.<CRLF>\r\n",
        };
        out.push(reply.to_vec());
        if cmd.starts_with(b"DATA") {
            out.push(b"250 2.0.0 Ok: queued as 4F1C2A0B3\r\n".to_vec());
        }
    }
    out
}

/// All replies as one byte stream.
pub fn reply_stream() -> Vec<u8> {
    replies().concat()
}

/// The 14 MB `DATA` body, dot-stuffed and terminated.
pub fn data_body() -> Body {
    body::body_14mb()
}
