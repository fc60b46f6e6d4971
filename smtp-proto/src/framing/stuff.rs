//! Dot-stuffing for the sending side of `DATA` (RFC 5321 §4.5.2).

use bytes::BufMut;
use memchr::memchr2;

use super::bare::{BareKind, BareLineEnding};

/// What [`DotStuffer`] does with a bare CR or LF in the content it is given.
/// Sending one is never an option: it is what SMTP smuggling is made of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum StuffPolicy {
    /// Send CRLF in its place (text from local files often ends lines in LF).
    #[default]
    Normalize,
    /// Refuse the content.
    Reject,
}

/// Streaming dot-stuffer: doubles a dot at the start of each line, across
/// chunk boundaries, and [`DotStuffer::finish`] writes the end of data
/// (adding a CRLF first when the content did not end with one).
#[derive(Clone, Copy, Debug)]
pub struct DotStuffer {
    policy: StuffPolicy,
    line_start: bool,
    pending_cr: bool,
    offset: usize,
    line_len: usize,
    longest_line: usize,
}

impl DotStuffer {
    /// A stuffer at the start of a body.
    pub fn new(policy: StuffPolicy) -> Self {
        DotStuffer {
            policy,
            line_start: true,
            pending_cr: false,
            offset: 0,
            line_len: 0,
            longest_line: 0,
        }
    }

    /// Octets of content taken so far.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Longest content line seen so far, CRLF and stuffing dot not counted
    /// (compare with RFC 5321 §4.5.3.1.6).
    pub fn longest_line(&self) -> usize {
        self.longest_line.max(self.line_len)
    }

    /// Stuffs `input` into `out`. Under [`StuffPolicy::Reject`] a bare CR or
    /// LF refuses the whole of `input` and nothing is written.
    pub fn stuff(&mut self, input: &[u8], out: &mut impl BufMut) -> Result<(), BareLineEnding> {
        if self.policy == StuffPolicy::Reject {
            self.check(input)?;
        }
        let mut i = 0;
        if self.pending_cr {
            let Some(&first) = input.first() else {
                return Ok(());
            };
            self.pending_cr = false;
            if first == b'\n' {
                i = 1;
            }
            self.end_line(out);
        }
        while i < input.len() {
            if self.line_start && input.get(i) == Some(&b'.') {
                out.put_u8(b'.');
            }
            self.line_start = false;
            let rest = input.get(i..).unwrap_or_default();
            let Some(k) = memchr2(b'\r', b'\n', rest) else {
                out.put_slice(rest);
                self.line_len += rest.len();
                break;
            };
            out.put_slice(rest.get(..k).unwrap_or_default());
            self.line_len += k;
            let at = i + k;
            if input.get(at) == Some(&b'\r') {
                match input.get(at + 1) {
                    None => {
                        self.pending_cr = true;
                        i = input.len();
                        continue;
                    }
                    Some(b'\n') => i = at + 2,
                    Some(_) => i = at + 1,
                }
            } else {
                i = at + 1;
            }
            self.end_line(out);
        }
        self.offset = self.offset.saturating_add(input.len());
        Ok(())
    }

    /// Writes the end of data: CRLF if the content did not end a line, then
    /// `.<CRLF>`. A CR left at the very end counts as a bare CR.
    pub fn finish(&mut self, out: &mut impl BufMut) -> Result<(), BareLineEnding> {
        if self.pending_cr && self.policy == StuffPolicy::Reject {
            return Err(BareLineEnding {
                offset: self.offset.saturating_sub(1),
                kind: BareKind::Cr,
            });
        }
        if self.pending_cr || !self.line_start {
            self.pending_cr = false;
            self.end_line(out);
        }
        out.put_slice(b".\r\n");
        *self = DotStuffer::new(self.policy);
        Ok(())
    }

    fn end_line(&mut self, out: &mut impl BufMut) {
        out.put_slice(b"\r\n");
        self.line_start = true;
        self.longest_line = self.longest_line.max(self.line_len);
        self.line_len = 0;
    }

    /// Finds the first bare CR or LF of `input`, given what came before.
    fn check(&self, input: &[u8]) -> Result<(), BareLineEnding> {
        let bare = |i: usize, kind| BareLineEnding {
            offset: self.offset.saturating_add(i),
            kind,
        };
        let mut prev_cr = self.pending_cr;
        if prev_cr && input.first().is_some_and(|&b| b != b'\n') {
            return Err(BareLineEnding {
                offset: self.offset.saturating_sub(1),
                kind: BareKind::Cr,
            });
        }
        let mut i = 0;
        while let Some(k) = memchr2(b'\r', b'\n', input.get(i..).unwrap_or_default()) {
            let at = i + k;
            let b = input.get(at).copied();
            if b == Some(b'\n') {
                if !(prev_cr && k == 0) {
                    return Err(bare(at, BareKind::Lf));
                }
                prev_cr = false;
            } else {
                match input.get(at + 1) {
                    Some(b'\n') | None => {}
                    Some(_) => return Err(bare(at, BareKind::Cr)),
                }
                prev_cr = true;
            }
            i = at + 1;
        }
        Ok(())
    }
}
