//! Streaming decoder for multi-line response bodies (RFC 1939 §3).
//!
//! A multi-line body is a sequence of CRLF lines after the status line, in
//! which a line starting with `.` has one `.` prepended ("byte-stuffed"),
//! ended by a line holding `.` alone: the body ends at `CRLF.CRLF`, and the
//! terminating `.CRLF` may be the very first line (an empty body). The
//! decoder hands out content as ranges of its input, cut only at stuffing
//! dots, so a caller can borrow the bytes instead of copying them. Bodies are
//! bytes: 8-bit data passes untouched.
//!
//! A body whose last line lacks CRLF cannot be sent (the encoder,
//! [`crate::framing::DotStuffer`], adds one), so a decoded body is always
//! empty or ends with CRLF.

use super::bare_lf::BareLf;
use super::error::{FrameError, FrameErrorKind};

/// One step of [`BodyDecoder::decode`]; the caller drops the bytes it names
/// from the front of its input before the next call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyStep {
    /// `input[..n]` is body content; drop `n` bytes after using it.
    Data(usize),
    /// The bare LF or bare CR at `input[0]` stands for content `"\r\n"`
    /// ([`BareLf::Normalize`]); drop 1 byte.
    Crlf,
    /// Drop `n` bytes that are not content: a stuffing dot, or part of an
    /// abandoned body.
    Skip(usize),
    /// The terminating `.CRLF`: drop `n` bytes; the body is over.
    End(usize),
    /// Nothing can be decided before more input arrives.
    NeedMore,
}

/// Decodes one dot-stuffed body, incrementally, across any chunk boundaries.
///
/// Every input byte is scanned once, except the at most three bytes at a line
/// start that may be a stuffing dot or the terminator, and a CR at the end
/// of the input, kept back until the next byte says whether it is bare.
/// Bare LFs and bare CRs are content; the [`BareLf`] policy decides whether
/// they pass, become CRLF, or fail the body. After an error the
/// body is abandoned: the decoder yields only [`BodyStep::Skip`] up to the
/// terminator and then [`BodyStep::End`], so the stream stays in sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyDecoder {
    line_limit: usize,
    body_limit: u64,
    bare_lf: BareLf,
    /// The next byte begins a line (after a CRLF, or the body's first byte).
    line_start: bool,
    /// The last byte consumed was CR.
    prev_cr: bool,
    /// Octets of the current line consumed so far.
    line_len: usize,
    /// Body line of the next byte, from 1.
    line_no: u64,
    /// Octets of the body consumed so far.
    consumed: u64,
    /// Offset of the current line from the start of the body.
    line_offset: u64,
    abandoned: bool,
    /// Offset of the first bare LF, once seen; taken by the session.
    first_bare_lf: Option<u64>,
    bare_lf_taken: bool,
    /// Offset of the first bare CR (a CR not followed by LF), once seen.
    first_bare_cr: Option<u64>,
    bare_cr_taken: bool,
    done: bool,
}

const CR: u8 = b'\r';
const LF: u8 = b'\n';

impl BodyDecoder {
    /// A decoder for a body starting at the next input byte.
    pub fn new(line_limit: usize, body_limit: u64, bare_lf: BareLf) -> Self {
        BodyDecoder {
            line_limit,
            body_limit,
            bare_lf,
            line_start: true,
            prev_cr: false,
            line_len: 0,
            line_no: 1,
            consumed: 0,
            line_offset: 0,
            abandoned: false,
            first_bare_lf: None,
            bare_lf_taken: false,
            first_bare_cr: None,
            bare_cr_taken: false,
            done: false,
        }
    }

    /// True once the terminator has been consumed.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// True after an error: the rest of the body is being skipped.
    pub fn is_abandoned(&self) -> bool {
        self.abandoned
    }

    /// The body offset of its first bare LF, the first time it is asked
    /// after one was passed or normalized, so it can be reported once.
    pub fn take_bare_lf(&mut self) -> Option<u64> {
        if self.bare_lf_taken {
            return None;
        }
        let at = self.first_bare_lf?;
        self.bare_lf_taken = true;
        Some(at)
    }

    /// The body offset of its first bare CR (a CR not followed by LF), the
    /// first time it is asked after one was passed or normalized.
    pub fn take_bare_cr(&mut self) -> Option<u64> {
        if self.bare_cr_taken {
            return None;
        }
        let at = self.first_bare_cr?;
        self.bare_cr_taken = true;
        Some(at)
    }

    /// Octets of the body (as sent, terminator excluded) consumed so far.
    pub fn consumed(&self) -> u64 {
        self.consumed
    }

    /// Decodes from `input`, which starts at the first byte not yet dropped.
    ///
    /// An error consumes nothing and abandons the body; keep calling to skip
    /// to its end. The whole lines before a bad line are handed out before
    /// its error.
    pub fn decode(&mut self, input: &[u8]) -> Result<BodyStep, FrameError> {
        if self.done {
            return Ok(BodyStep::End(0));
        }
        let Some(&first) = input.first() else {
            return Ok(BodyStep::NeedMore);
        };
        if self.line_start && first == b'.' {
            return Ok(self.line_starting_with_dot(input));
        }
        self.line_start = false;
        self.scan(input)
    }

    /// `input[0]` is `.` at a line start: the terminator or a stuffing dot.
    fn line_starting_with_dot(&mut self, input: &[u8]) -> BodyStep {
        match (input.get(1), input.get(2)) {
            (None, _) | (Some(&CR), None) => BodyStep::NeedMore,
            (Some(&CR), Some(&LF)) => {
                self.done = true;
                BodyStep::End(3)
            }
            // RFC 1939 §3: other octets follow, so the dot is stripped.
            _ => {
                self.line_start = false;
                self.line_len = self.line_len.saturating_add(1);
                self.consumed = self.consumed.saturating_add(1);
                BodyStep::Skip(1)
            }
        }
    }

    /// Scans content from the middle of a line: one step runs over as many
    /// whole lines as it can and stops at a line starting with `.`. A CR
    /// at the end of the input is left there until the next byte says
    /// whether it is bare.
    ///
    /// One `memchr2` search for CR or LF per line: a CR followed by LF ends
    /// the line and is skipped with it, so each byte is looked at once and
    /// bare CRs and bare LFs show up as the hits that are not a CRLF.
    fn scan(&mut self, input: &[u8]) -> Result<BodyStep, FrameError> {
        let mut pos = 0;
        let mut line_len = self.line_len;
        let mut line_no = self.line_no;
        let mut line_offset = self.line_offset;
        let mut line_start = false;
        // Where the last whole line of this step ended, and the counters
        // there: content before a bad line is handed out before its error.
        let mut done = Done {
            pos: 0,
            line_no,
            line_offset,
        };
        let too_long = |line_no| FrameErrorKind::BodyLineTooLong {
            limit: self.line_limit,
            line: line_no,
        };
        while let Some(rest) = input.get(pos..).filter(|r| !r.is_empty()) {
            let Some(k) = memchr::memchr2(CR, LF, rest) else {
                line_len = line_len.saturating_add(rest.len());
                if !self.abandoned && line_len > self.line_limit {
                    return self.fail_after(too_long(line_no), done);
                }
                pos = input.len();
                break;
            };
            let at = pos.saturating_add(k);
            if rest.get(k) == Some(&CR) {
                match rest.get(k.saturating_add(1)) {
                    None => {
                        // Keep a final CR back: bare or not, the next byte
                        // says.
                        line_len = line_len.saturating_add(k);
                        if !self.abandoned && line_len > self.line_limit {
                            return self.fail_after(too_long(line_no), done);
                        }
                        pos = at;
                        break;
                    }
                    Some(&LF) => {
                        line_len = line_len.saturating_add(k).saturating_add(2);
                        if !self.abandoned && line_len > self.line_limit {
                            return self.fail_after(too_long(line_no), done);
                        }
                        pos = at.saturating_add(2);
                        line_len = 0;
                        line_no = line_no.saturating_add(1);
                        line_offset = self.consumed.saturating_add(pos as u64);
                        done = Done {
                            pos,
                            line_no,
                            line_offset,
                        };
                        match input.get(pos) {
                            Some(b'.') | None => {
                                line_start = true;
                                break;
                            }
                            Some(_) => continue,
                        }
                    }
                    Some(_) => {}
                }
                // A bare CR at `at`.
                if !self.abandoned {
                    match self.bare_lf {
                        BareLf::Pass => {
                            let offset = self.consumed.saturating_add(at as u64);
                            self.first_bare_cr.get_or_insert(offset);
                        }
                        BareLf::Reject => {
                            let kind = FrameErrorKind::BodyBareCr { line: line_no };
                            return self.fail_after(kind, done);
                        }
                        BareLf::Normalize if at == 0 => {
                            self.first_bare_cr.get_or_insert(self.consumed);
                            self.line_len = self.line_len.saturating_add(1);
                            self.consumed = self.consumed.saturating_add(1);
                            self.prev_cr = false;
                            return Ok(BodyStep::Crlf);
                        }
                        BareLf::Normalize => {
                            // Hand out what precedes the CR; the CR comes next.
                            line_len = line_len.saturating_add(k);
                            if line_len > self.line_limit {
                                return self.fail_after(too_long(line_no), done);
                            }
                            pos = at;
                            break;
                        }
                    }
                }
                line_len = line_len.saturating_add(k).saturating_add(1);
                pos = at.saturating_add(1);
                continue;
            }
            // A bare LF at `at` (a CR before it would have been found
            // first; a CR kept back ends the input, so is never before it).
            line_len = line_len.saturating_add(k).saturating_add(1);
            if !self.abandoned && line_len > self.line_limit {
                return self.fail_after(too_long(line_no), done);
            }
            if !self.abandoned {
                if self.first_bare_lf.is_none() && self.bare_lf != BareLf::Reject {
                    self.first_bare_lf = Some(self.consumed.saturating_add(at as u64));
                }
                match self.bare_lf {
                    BareLf::Pass => {}
                    BareLf::Reject => {
                        let kind = FrameErrorKind::BodyBareLf { line: line_no };
                        return self.fail_after(kind, done);
                    }
                    BareLf::Normalize if at == 0 => {
                        self.line_len = self.line_len.saturating_add(1);
                        self.consumed = self.consumed.saturating_add(1);
                        self.prev_cr = false;
                        return Ok(BodyStep::Crlf);
                    }
                    BareLf::Normalize => {
                        // Hand out what precedes the LF; the LF comes next.
                        line_len = line_len.saturating_sub(1);
                        pos = at;
                        break;
                    }
                }
            }
            pos = at.saturating_add(1);
        }
        if pos == 0 {
            // Only an undecided CR is here.
            return Ok(BodyStep::NeedMore);
        }
        let consumed = self.consumed.saturating_add(pos as u64);
        if !self.abandoned && consumed > self.body_limit {
            let err = FrameError {
                kind: FrameErrorKind::BodyTooLong {
                    limit: self.body_limit,
                },
                offset: self.body_limit,
            };
            self.abandoned = true;
            return Err(err);
        }
        self.consumed = consumed;
        self.line_len = line_len;
        self.line_no = line_no;
        self.line_offset = line_offset;
        self.prev_cr = false;
        self.line_start = line_start;
        Ok(if self.abandoned {
            BodyStep::Skip(pos)
        } else {
            BodyStep::Data(pos)
        })
    }

    /// Reports a bad line; first hands out the whole lines before it.
    fn fail_after(&mut self, kind: FrameErrorKind, done: Done) -> Result<BodyStep, FrameError> {
        if done.pos > 0 {
            self.consumed = self.consumed.saturating_add(done.pos as u64);
            self.line_len = 0;
            self.line_no = done.line_no;
            self.line_offset = done.line_offset;
            self.prev_cr = false;
            self.line_start = true;
            return Ok(BodyStep::Data(done.pos));
        }
        self.abandoned = true;
        Err(FrameError {
            kind,
            offset: done.line_offset,
        })
    }
}

/// The decoder's counters at the end of a whole line.
#[derive(Debug, Clone, Copy)]
struct Done {
    pos: usize,
    line_no: u64,
    line_offset: u64,
}
