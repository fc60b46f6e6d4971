//! The message the tests send, and the check that a message read back is
//! that message, byte for byte, below the trace fields the servers add.

/// A message with the lines that test transparency (RFC 5321 §4.5.2): a
/// line that is a lone dot, lines starting with one and two dots, 8-bit
/// UTF-8 (sent with `BODY=8BITMIME`), an empty line at the end. CRLF line
/// ends throughout; `id` goes into the Message-ID so each test's message
/// can be told apart.
pub fn sample(id: &str) -> Vec<u8> {
    let lines = [
        "From: Alice <alice@example.org>".to_string(),
        "To: Bob <bob@example.org>".to_string(),
        "Subject: interop test".to_string(),
        "Date: Mon, 30 Nov 2026 00:00:00 +0000".to_string(),
        format!("Message-ID: <{id}@client.example.org>"),
        "MIME-Version: 1.0".to_string(),
        "Content-Type: text/plain; charset=utf-8".to_string(),
        "Content-Transfer-Encoding: 8bit".to_string(),
        String::new(),
        "Hello Bob,".to_string(),
        ".".to_string(),
        ".a line that starts with a dot".to_string(),
        "..and one with two".to_string(),
        "Grüße aus Köln: 8-bit text.".to_string(),
        " a line that starts with a space".to_string(),
        String::new(),
        "-- ".to_string(),
        "Alice".to_string(),
    ];
    let mut out = Vec::new();
    for line in lines {
        out.extend_from_slice(line.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// Trace fields a delivery chain may put on top of a message (RFC 5321
/// §4.4 `Return-Path` and `Received`; Dovecot's `Delivered-To`; aiosmtpd's
/// `X-Peer` / `X-MailFrom` / `X-RcptTo` are not added to `original_content`).
const TRACE_FIELDS: [&str; 3] = ["return-path:", "received:", "delivered-to:"];

/// If `delivered` is `submitted` below zero or more trace header fields
/// (with their folded continuation lines), returns those trace lines;
/// otherwise an error saying where the two differ.
pub fn strip_trace<'a>(delivered: &'a [u8], submitted: &[u8]) -> Result<&'a [u8], String> {
    let mut at = 0;
    while &delivered[at..] != submitted {
        let rest = &delivered[at..];
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .map(|i| i + 2)
            .ok_or_else(|| format!("at byte {at}: no CRLF; not the submitted message"))?;
        let line = &rest[..line_end];
        let folded = at > 0 && matches!(line.first(), Some(b' ' | b'\t'));
        let lower = line.to_ascii_lowercase();
        let trace = TRACE_FIELDS.iter().any(|f| lower.starts_with(f.as_bytes()));
        if !(folded || trace) {
            let common = rest
                .iter()
                .zip(submitted)
                .take_while(|(a, b)| a == b)
                .count();
            return Err(format!(
                "at byte {} of the delivered message: {:?} differs from the submitted {:?}",
                at + common,
                String::from_utf8_lossy(&rest[common..(common + 40).min(rest.len())]),
                String::from_utf8_lossy(&submitted[common..(common + 40).min(submitted.len())]),
            ));
        }
        at += line_end;
    }
    Ok(&delivered[..at])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_trace_fields_on_top() {
        let sent = sample("t1");
        let mut got = b"Return-Path: <a@b>\r\nReceived: from x\r\n\tby y; date\r\n".to_vec();
        got.extend_from_slice(&sent);
        let trace = strip_trace(&got, &sent).unwrap();
        assert_eq!(trace.len(), got.len() - sent.len());
        assert_eq!(strip_trace(&sent, &sent).unwrap(), b"");
    }

    #[test]
    fn refuses_a_changed_body() {
        let sent = sample("t2");
        let mut got = b"Received: from x\r\n".to_vec();
        got.extend_from_slice(&sent);
        // Undo the dot line, as a server that forgot to unstuff would not,
        // and one that unstuffed twice would.
        let pos = got.windows(5).position(|w| w == b"\r\n..a").unwrap();
        got.remove(pos + 2);
        let err = strip_trace(&got, &sent).unwrap_err();
        assert!(err.contains("differs"), "{err}");
    }

    #[test]
    fn refuses_other_headers_on_top() {
        let sent = sample("t3");
        let mut got = b"X-Spam: yes\r\n".to_vec();
        got.extend_from_slice(&sent);
        assert!(strip_trace(&got, &sent).is_err());
    }
}
