//! Replies and reply lines.

use bytes::BufMut;

use super::Encode;
use crate::types::{Reply, ReplyCode, ReplyLine, Text};

fn line(out: &mut impl BufMut, code: ReplyCode, last: bool, text: &Text<'_>) {
    out.put_slice(&code.digits());
    // RFC 5321 §4.2: a last line with no text is the code alone, except an
    // empty SASL challenge: RFC 4954 §4 `"334" SP [base64] CRLF`.
    match (last, text.is_empty()) {
        (true, true) if code == ReplyCode::AUTH_CHALLENGE => out.put_u8(b' '),
        (true, true) => {}
        (true, false) => out.put_u8(b' '),
        (false, _) => out.put_u8(b'-'),
    }
    out.put_slice(text.as_bytes());
    out.put_slice(b"\r\n");
}

/// The line, CRLF included.
impl Encode for ReplyLine<'_> {
    fn encode(&self, out: &mut impl BufMut) {
        line(out, self.code, self.last, &self.text);
    }
}

/// All lines, each with CRLF.
impl Encode for Reply<'_> {
    fn encode(&self, out: &mut impl BufMut) {
        let n = self.lines().len();
        for (k, t) in self.lines().iter().enumerate() {
            line(out, self.code(), k + 1 == n, t);
        }
    }
}
