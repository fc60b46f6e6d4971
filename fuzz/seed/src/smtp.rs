//! Seeds of the smtp_* decoder targets (SMTP and LMTP transcripts).

use conformance::transcript::Side;

use crate::{Conversation, Seeds};

/// The server's lines grouped into replies (a reply ends at a line whose
/// fourth byte is not `-`).
fn replies(conv: &Conversation) -> Vec<(Vec<u8>, Vec<u8>)> {
    // (reply, the client line sent last before it)
    let mut out = Vec::new();
    let mut cur = Vec::new();
    let mut last_cmd = Vec::new();
    for (side, line) in conv.lines.iter().flatten() {
        match side {
            Side::Client => last_cmd = line.clone(),
            Side::Server => {
                cur.extend_from_slice(line);
                if line.get(3) != Some(&b'-') {
                    out.push((std::mem::take(&mut cur), last_cmd.clone()));
                }
            }
        }
    }
    out
}

fn starts_with_ci(line: &[u8], word: &[u8]) -> bool {
    line.len() >= word.len() && line[..word.len()].eq_ignore_ascii_case(word)
}

/// Adds the seeds of one SMTP or LMTP conversation.
pub fn seeds(conv: &Conversation, seeds: &mut Seeds) {
    let client: Vec<&[u8]> = conv.side(Side::Client).collect();
    for line in &client {
        seeds.whole("smtp_command", line);
        seeds.whole("smtp_auth_response", line);
        seeds.whole("smtp_differential", line);
    }
    seeds.whole("smtp_command", &conv.stream(Side::Client));

    let replies = replies(conv);
    for (i, (reply, cmd)) in replies.iter().enumerate() {
        seeds.whole("smtp_reply", reply);
        if i == 0 {
            seeds.whole("smtp_greeting", reply);
            seeds.whole("smtp_greeting", &conv.stream(Side::Server));
        }
        if starts_with_ci(cmd, b"EHLO") || starts_with_ci(cmd, b"LHLO") {
            seeds.whole("smtp_ehlo", reply);
        }
        if reply.starts_with(b"334") {
            seeds.whole("smtp_auth_challenge", reply);
        }
    }
    seeds.whole("smtp_reply", &conv.stream(Side::Server));

    // DATA bodies: the client lines after DATA, to the lone dot.
    let mut body: Option<Vec<u8>> = None;
    for line in &client {
        match body.as_mut() {
            Some(b) => {
                b.extend_from_slice(line);
                if *line == b".\r\n" {
                    // pieces count 0, then the control byte: reject bare line ends.
                    let mut v = vec![0u8, 0];
                    v.append(b);
                    seeds.raw("smtp_data", v);
                    body = None;
                }
            }
            None if line.eq_ignore_ascii_case(b"DATA\r\n") => body = Some(Vec::new()),
            None => {}
        }
    }

    // BDAT: the client's stream from each BDAT command on.
    let stream = conv.stream(Side::Client);
    let mut at = 0;
    while let Some(i) = find_ci(&stream[at..], b"BDAT ") {
        let start = at + i;
        if start == 0 || stream[start - 1] == b'\n' {
            seeds.whole("smtp_bdat", &stream[start..]);
        }
        at = start + 1;
    }
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}
