//! Seeds of the session targets: whole conversations written as the
//! operation scripts that `smtp_session` and `pop3_session` read (the tags
//! are theirs; see the targets and `mailwire_fuzz::ops`). The client's
//! lines are sent through the client session (raw lines, content, AUTH
//! lines), the server's through the server session (replies, bodies,
//! listing lines, challenges), and each chunk is delivered to the other
//! side as it came.

use conformance::transcript::{ProtocolName, Side};
use mailwire_fuzz::ops::push_op;

use crate::{Conversation, Seeds};

// Tags shared by both session targets.
const RAW_LINE: u8 = 0;
const BODY_OR_DATA: u8 = 1;
const END_BODY_OR_DATA: u8 = 2;
const RAW_REPLY: u8 = 3;
const TO_SERVER: u8 = 8;
const TO_CLIENT: u8 = 9;
const TLS: u8 = 12;
const AUTH_LINE: u8 = 14;
// pop3_session only.
const CONTINUATION: u8 = 17;
const BODY_LINE: u8 = 18;

/// Adds a conversation as a script for its protocol's session target.
pub fn seeds(protocol: ProtocolName, conv: &Conversation, seeds: &mut Seeds) {
    let (target, script) = match protocol {
        ProtocolName::Smtp => ("smtp_session", smtp(conv, 0)),
        ProtocolName::Lmtp => ("smtp_session", smtp(conv, 1)),
        ProtocolName::Pop3 => ("pop3_session", pop3(conv)),
        ProtocolName::Imap => return,
    };
    seeds.raw(target, script);
}

/// Cuts a side's chunk into complete lines, keeping a partial one.
fn complete_lines(partial: &mut Vec<u8>, chunk: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for &b in chunk {
        partial.push(b);
        if b == b'\n' {
            out.push(std::mem::take(partial));
        }
    }
    out
}

fn unstuff(line: &[u8]) -> &[u8] {
    if line.starts_with(b"..") {
        &line[1..]
    } else {
        line
    }
}

fn smtp(conv: &Conversation, cfg: u8) -> Vec<u8> {
    let mut s = vec![cfg];
    let (mut cpart, mut spart) = (Vec::new(), Vec::new());
    let mut last_cmd = Vec::new();
    let (mut in_data, mut in_auth) = (false, false);
    let mut bdat_left = 0usize;
    let mut reply = Vec::new();
    for chunk in &conv.chunks {
        let Some((side, bytes)) = chunk else {
            push_op(&mut s, TLS, &[]);
            continue;
        };
        match side {
            Side::Client => {
                let mut bytes = bytes.as_slice();
                if bdat_left > 0 {
                    let n = bdat_left.min(bytes.len());
                    push_op(&mut s, BODY_OR_DATA, &bytes[..n]);
                    bdat_left -= n;
                    bytes = &bytes[n..];
                }
                for line in complete_lines(&mut cpart, bytes) {
                    if in_data {
                        if line == b".\r\n" {
                            push_op(&mut s, END_BODY_OR_DATA, &[]);
                            in_data = false;
                        } else {
                            push_op(&mut s, BODY_OR_DATA, unstuff(&line));
                        }
                    } else if in_auth {
                        push_op(&mut s, AUTH_LINE, &line);
                        in_auth = false;
                    } else {
                        push_op(&mut s, RAW_LINE, &line);
                        last_cmd = line.to_ascii_uppercase();
                        if let Some(rest) = last_cmd.strip_prefix(b"BDAT ") {
                            let digits: Vec<u8> = rest
                                .iter()
                                .copied()
                                .take_while(u8::is_ascii_digit)
                                .collect();
                            bdat_left = String::from_utf8_lossy(&digits).parse().unwrap_or(0);
                        }
                    }
                }
                push_op(&mut s, TO_SERVER, &[]);
            }
            Side::Server => {
                for line in complete_lines(&mut spart, bytes) {
                    let end = line.get(3) != Some(&b'-');
                    reply.extend_from_slice(&line);
                    if end {
                        if reply.starts_with(b"354") && last_cmd.starts_with(b"DATA") {
                            in_data = true;
                        }
                        in_auth = reply.starts_with(b"334");
                        push_op(&mut s, RAW_REPLY, &std::mem::take(&mut reply));
                    }
                }
                push_op(&mut s, TO_CLIENT, &[]);
            }
        }
    }
    s
}

fn pop3(conv: &Conversation) -> Vec<u8> {
    let mut s = vec![0u8];
    let (mut cpart, mut spart) = (Vec::new(), Vec::new());
    let mut last_cmd = Vec::new();
    let mut in_auth = false;
    // In a multi-line body: Some(true) for a message, Some(false) for a listing.
    let mut body: Option<bool> = None;
    for chunk in &conv.chunks {
        let Some((side, bytes)) = chunk else {
            push_op(&mut s, TLS, &[]);
            continue;
        };
        match side {
            Side::Client => {
                for line in complete_lines(&mut cpart, bytes) {
                    if in_auth {
                        push_op(&mut s, AUTH_LINE, &line);
                    } else {
                        push_op(&mut s, RAW_LINE, &line);
                        last_cmd = line.to_ascii_uppercase();
                    }
                }
                push_op(&mut s, TO_SERVER, &[]);
            }
            Side::Server => {
                for line in complete_lines(&mut spart, bytes) {
                    match body {
                        Some(_) if line == b".\r\n" => {
                            push_op(&mut s, END_BODY_OR_DATA, &[]);
                            body = None;
                        }
                        Some(true) => push_op(&mut s, BODY_OR_DATA, unstuff(&line)),
                        Some(false) => push_op(&mut s, BODY_LINE, unstuff(&line)),
                        None if line.starts_with(b"+ ") || line == b"+\r\n" => {
                            push_op(&mut s, CONTINUATION, &line);
                            in_auth = true;
                        }
                        None => {
                            in_auth = false;
                            push_op(&mut s, RAW_REPLY, &line);
                            if line.starts_with(b"+OK") {
                                body = multi_line(&last_cmd);
                            }
                        }
                    }
                }
                push_op(&mut s, TO_CLIENT, &[]);
            }
        }
    }
    s
}

/// Whether a positive reply to `cmd` has a body, and whether it is a message.
fn multi_line(cmd: &[u8]) -> Option<bool> {
    let words: Vec<&[u8]> = cmd
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [b"RETR", _] | [b"TOP", _, _] => Some(true),
        [b"LIST"] | [b"UIDL"] | [b"CAPA"] | [b"LANG"] | [b"AUTH"] => Some(false),
        _ => None,
    }
}
