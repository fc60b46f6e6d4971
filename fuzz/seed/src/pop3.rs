//! Seeds of the pop3_* decoder targets.

use conformance::transcript::Side;

use crate::{Conversation, Seeds};

/// Commands whose positive reply carries a multi-line body.
fn multi_line(cmd: &[u8]) -> bool {
    let up = cmd.to_ascii_uppercase();
    let words: Vec<&[u8]> = up
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    matches!(
        words.as_slice(),
        [b"RETR", ..] | [b"TOP", ..] | [b"CAPA"] | [b"LIST"] | [b"UIDL"] | [b"LANG"] | [b"AUTH"]
    )
}

/// Adds the seeds of one POP3 conversation.
pub fn seeds(conv: &Conversation, seeds: &mut Seeds) {
    for line in conv.side(Side::Client) {
        seeds.whole("pop3_command", line);
        seeds.whole("pop3_auth_response", line);
    }
    seeds.whole("pop3_command", &conv.stream(Side::Client));
    for line in conv.side(Side::Server) {
        if line.starts_with(b"+ ") || line == b"+\r\n" {
            seeds.whole("pop3_auth_continuation", line);
        } else if line.starts_with(b"+") || line.starts_with(b"-") {
            seeds.whole("pop3_response", line);
        }
    }
    seeds.whole("pop3_response", &conv.stream(Side::Server));
    seeds.whole("pop3_greeting", &conv.stream(Side::Server));

    // Multi-line bodies: the server lines after the status line answering
    // a multi-line command, to the terminating dot.
    let mut last_cmd: Vec<u8> = Vec::new();
    let mut body: Option<(Vec<u8>, Vec<u8>)> = None; // (command, body so far)
    for (side, line) in conv.lines.iter().flatten() {
        match side {
            Side::Client => last_cmd = line.clone(),
            Side::Server => {
                if let Some((cmd, mut b)) = body.take() {
                    b.extend_from_slice(line);
                    if line == b".\r\n" {
                        let target = match cmd.to_ascii_uppercase().get(..4) {
                            Some(b"CAPA") => "pop3_capa",
                            Some(b"RETR") | Some(b"TOP ") => "pop3_body",
                            _ => "pop3_listing",
                        };
                        if target == "pop3_body" {
                            // pieces count 0, then the control byte: pass bare LF.
                            let mut v = vec![0u8, 2];
                            v.extend_from_slice(&b);
                            seeds.raw(target, v);
                        } else {
                            seeds.whole(target, &b);
                        }
                    } else {
                        body = Some((cmd, b));
                    }
                } else if line.starts_with(b"+OK") && multi_line(&last_cmd) {
                    body = Some((last_cmd.clone(), Vec::new()));
                }
            }
        }
    }
}
