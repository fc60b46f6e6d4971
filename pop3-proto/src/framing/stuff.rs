//! Streaming dot-stuffing encoder for multi-line bodies (RFC 1939 §3).

use bytes::BufMut;

/// Dot-stuffs a body handed over in chunks of any size, and terminates it.
///
/// Every line starting with `.` (the first line too) gets one more `.`;
/// [`DotStuffer::finish`] writes the terminating `.CRLF`, first adding a CRLF
/// if the body is not empty and does not end with one — so a body sent
/// without a final CRLF is decoded with one. A bare LF is sent as CRLF by
/// default ([`DotStuffer::new`]), since RFC 1939 §3 lines end with CRLF;
/// [`DotStuffer::passing_bare_lf`] sends it unchanged, and then, as for the
/// decoder, it does not start a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DotStuffer {
    normalize_bare_lf: bool,
    /// The next byte begins a line.
    line_start: bool,
    /// The last byte written was CR.
    prev_cr: bool,
}

impl Default for DotStuffer {
    fn default() -> Self {
        Self::new()
    }
}

impl DotStuffer {
    /// A stuffer at the start of a body that sends bare LFs as CRLF.
    pub const fn new() -> Self {
        DotStuffer {
            normalize_bare_lf: true,
            line_start: true,
            prev_cr: false,
        }
    }

    /// A stuffer at the start of a body that sends bare LFs unchanged.
    pub const fn passing_bare_lf() -> Self {
        DotStuffer {
            normalize_bare_lf: false,
            line_start: true,
            prev_cr: false,
        }
    }

    /// Writes the next chunk of the body, stuffed.
    pub fn stuff(&mut self, chunk: &[u8], out: &mut impl BufMut) {
        let mut rest = chunk;
        while let Some(&first) = rest.first() {
            if self.line_start {
                if first == b'.' {
                    out.put_u8(b'.');
                }
                self.line_start = false;
            }
            let Some(k) = memchr::memchr(b'\n', rest) else {
                out.put_slice(rest);
                self.prev_cr = rest.last() == Some(&b'\r');
                return;
            };
            let (line, tail) = rest.split_at(k + 1);
            let crlf = match k {
                0 => self.prev_cr,
                _ => line.get(k - 1) == Some(&b'\r'),
            };
            if crlf {
                out.put_slice(line);
                self.line_start = true;
            } else if self.normalize_bare_lf {
                out.put_slice(line.get(..k).unwrap_or_default());
                out.put_slice(b"\r\n");
                self.line_start = true;
            } else {
                out.put_slice(line);
            }
            self.prev_cr = false;
            rest = tail;
        }
    }

    /// Ends the body: a CRLF if the last line lacks one, then `.CRLF`. The
    /// stuffer is then ready for a new body.
    pub fn finish(&mut self, out: &mut impl BufMut) {
        if !self.line_start {
            out.put_slice(b"\r\n");
        }
        out.put_slice(b".\r\n");
        self.line_start = true;
        self.prev_cr = false;
    }
}
