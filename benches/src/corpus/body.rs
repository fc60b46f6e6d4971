//! The bulk body shared by SMTP `DATA` and POP3 `RETR`: 70-byte lines on the
//! wire (CRLF included), one line in fifty starting with a dot and therefore
//! dot-stuffed (RFC 5321 §4.5.2, RFC 1939 §3).

use super::rng::Rng;

/// Bytes per line on the wire, CRLF included.
pub const LINE_LEN: usize = 70;
/// Every `STUFF_EVERY`-th line starts with a dot.
pub const STUFF_EVERY: usize = 50;
/// Lines in the standard 14 MB body.
pub const LINES_14MB: usize = 200_000;

/// A body in both forms.
#[derive(Debug, Clone)]
pub struct Body {
    /// The message as the application sees it: lines ending in CRLF, some
    /// starting with a single `.`.
    pub plain: Vec<u8>,
    /// The same message on the wire: dot-stuffed, followed by the `.` CRLF
    /// terminator (the CRLF before it is the last line's own).
    pub wire: Vec<u8>,
    /// Number of dot-stuffed lines.
    pub stuffed_lines: usize,
}

impl Body {
    /// The wire form without the terminating `.` CRLF line.
    pub fn wire_without_terminator(&self) -> &[u8] {
        &self.wire[..self.wire.len() - 3]
    }
}

/// The standard 14 MB body (200,000 lines of 70 bytes = 14,000,000 bytes on
/// the wire, before the terminator).
pub fn body_14mb() -> Body {
    body(LINES_14MB)
}

/// A body of `lines` lines; line `i` is stuffed when `i % 50 == 49`.
pub fn body(lines: usize) -> Body {
    let mut rng = Rng::new(0x0D07_5BFF);
    let mut plain = Vec::with_capacity(lines * LINE_LEN);
    let mut wire = Vec::with_capacity(lines * LINE_LEN + 3);
    let mut stuffed_lines = 0;
    let mut text = Vec::with_capacity(LINE_LEN);
    for i in 0..lines {
        text.clear();
        let stuffed = i % STUFF_EVERY == STUFF_EVERY - 1;
        // Content length so that the wire line is exactly LINE_LEN bytes.
        let content = if stuffed { LINE_LEN - 3 } else { LINE_LEN - 2 };
        if stuffed {
            text.push(b'.');
            stuffed_lines += 1;
        }
        while text.len() < content {
            rng.word(1, 9, &mut text);
            text.push(b' ');
        }
        text.truncate(content);
        // A line never ends in a space, as a mail client would trim it.
        if let Some(last) = text.last_mut() {
            if *last == b' ' {
                *last = b'x';
            }
        }
        plain.extend_from_slice(&text);
        plain.extend_from_slice(b"\r\n");
        if stuffed {
            wire.push(b'.');
        }
        wire.extend_from_slice(&text);
        wire.extend_from_slice(b"\r\n");
    }
    wire.extend_from_slice(b".\r\n");
    Body {
        plain,
        wire,
        stuffed_lines,
    }
}
