//! Streaming dot-stuffing encoder for multi-line bodies (RFC 1939 §3).

use bytes::BufMut;

/// Dot-stuffs a body handed over in chunks of any size, and terminates it.
///
/// Every line starting with `.` (the first line too) gets one more `.`;
/// [`DotStuffer::finish`] writes the terminating `.CRLF`, first adding a CRLF
/// if the body is not empty and does not end with one — so a body sent
/// without a final CRLF is decoded with one. A bare LF or bare CR is sent as
/// CRLF by default ([`DotStuffer::new`]), since RFC 1939 §3 lines end with
/// CRLF; [`DotStuffer::passing_bare_lf`] sends both unchanged, and then, as
/// for the decoder, they do not start a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DotStuffer {
    normalize_bare_lf: bool,
    /// The next byte begins a line.
    line_start: bool,
    /// The last byte written was CR (normalizing: a CR whose LF is not
    /// written yet).
    prev_cr: bool,
}

impl Default for DotStuffer {
    fn default() -> Self {
        Self::new()
    }
}

impl DotStuffer {
    /// A stuffer at the start of a body that sends bare LFs and bare CRs as
    /// CRLF.
    pub const fn new() -> Self {
        DotStuffer {
            normalize_bare_lf: true,
            line_start: true,
            prev_cr: false,
        }
    }

    /// A stuffer at the start of a body that sends bare LFs and bare CRs
    /// unchanged.
    pub const fn passing_bare_lf() -> Self {
        DotStuffer {
            normalize_bare_lf: false,
            line_start: true,
            prev_cr: false,
        }
    }

    /// Writes the next chunk of the body, stuffed.
    pub fn stuff(&mut self, chunk: &[u8], out: &mut impl BufMut) {
        if self.normalize_bare_lf {
            self.stuff_normalizing(chunk, out);
        } else {
            self.stuff_passing(chunk, out);
        }
    }

    /// Every line end leaves as CRLF: a bare LF gets its CR, a bare CR its
    /// LF (once the next byte shows it is bare).
    fn stuff_normalizing(&mut self, chunk: &[u8], out: &mut impl BufMut) {
        let mut rest = chunk;
        while let Some(&first) = rest.first() {
            if self.prev_cr {
                self.prev_cr = false;
                self.line_start = true;
                out.put_u8(b'\n');
                if first == b'\n' {
                    rest = rest.get(1..).unwrap_or_default();
                    continue;
                }
            }
            if self.line_start {
                if first == b'.' {
                    out.put_u8(b'.');
                }
                self.line_start = false;
            }
            let Some(k) = memchr::memchr2(b'\r', b'\n', rest) else {
                out.put_slice(rest);
                return;
            };
            let (head, tail) = rest.split_at_checked(k).unwrap_or((rest, &[]));
            out.put_slice(head);
            match tail.split_first() {
                Some((b'\r', after)) => {
                    out.put_u8(b'\r');
                    self.prev_cr = true;
                    rest = after;
                }
                Some((_, after)) => {
                    out.put_slice(b"\r\n");
                    self.line_start = true;
                    rest = after;
                }
                None => return,
            }
        }
    }

    /// Bare LFs and CRs leave as they are, and do not start a line.
    fn stuff_passing(&mut self, chunk: &[u8], out: &mut impl BufMut) {
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
            let (line, tail) = rest
                .split_at_checked(k.saturating_add(1))
                .unwrap_or((rest, &[]));
            let crlf = match k.checked_sub(1) {
                None => self.prev_cr,
                Some(before) => line.get(before) == Some(&b'\r'),
            };
            out.put_slice(line);
            if crlf {
                self.line_start = true;
            }
            self.prev_cr = false;
            rest = tail;
        }
    }

    /// Ends the body: a CRLF if the last line lacks one, then `.CRLF`. The
    /// stuffer is then ready for a new body.
    pub fn finish(&mut self, out: &mut impl BufMut) {
        if self.normalize_bare_lf && self.prev_cr {
            // A final bare CR: its line ends here.
            out.put_u8(b'\n');
            self.line_start = true;
        }
        if !self.line_start {
            out.put_slice(b"\r\n");
        }
        out.put_slice(b".\r\n");
        self.line_start = true;
        self.prev_cr = false;
    }
}
