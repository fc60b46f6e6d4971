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
///
/// Content is handed out as soon as it is known to be content, so when a
/// line then fails (over the line limit, a bare CR or LF under
/// [`BareLf::Reject`]), how much of that line was handed out before the
/// error depends on where the input was cut; the error, its offset and
/// line number do not. A body that fails is to be dropped whole.
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
    /// Tests turn the block skip off to compare with the line loop alone.
    #[cfg(test)]
    line_loop_only: bool,
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
            #[cfg(test)]
            line_loop_only: false,
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
        #[cfg(test)]
        if self.line_loop_only {
            return self.scan(input, None);
        }
        // Most inputs are plain lines to their end: skipped in blocks and
        // handed out whole, without the line loop's bookkeeping.
        let plain = skip_plain(input, 0, self.line_len, self.line_limit);
        let len = input.len();
        let consumed = self.consumed.saturating_add(len as u64);
        if plain.to == len && !self.abandoned && consumed <= self.body_limit {
            match plain.last_line_start {
                None => self.line_len = self.line_len.saturating_add(len),
                Some(start) => {
                    self.line_len = len - start;
                    self.line_no = self.line_no.saturating_add(plain.lines);
                    self.line_offset = self.consumed.saturating_add(start as u64);
                }
            }
            self.consumed = consumed;
            self.prev_cr = false;
            // After a CRLF at the end, the next octet may be a dot.
            self.line_start = input.last() == Some(&LF);
            return Ok(BodyStep::Data(len));
        }
        self.scan(input, Some(plain))
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
    ///
    /// `first` is the block skip from the start of `input`, when the caller
    /// ran it already.
    fn scan(&mut self, input: &[u8], mut first: Option<Plain>) -> Result<BodyStep, FrameError> {
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
        // Where a block last failed the bulk skip: not tried again before.
        let mut retry_at = 0;
        #[cfg(test)]
        if self.line_loop_only {
            retry_at = usize::MAX;
        }
        while let Some(rest) = input.get(pos..).filter(|r| !r.is_empty()) {
            if pos >= retry_at {
                let plain = match first.take() {
                    Some(plain) => plain,
                    None => skip_plain(input, pos, line_len, self.line_limit),
                };
                if plain.to > pos {
                    match plain.last_line_start {
                        None => line_len = line_len.saturating_add(plain.to - pos),
                        Some(start) => {
                            line_len = plain.to - start;
                            line_no = line_no.saturating_add(plain.lines);
                            line_offset = self.consumed.saturating_add(start as u64);
                            done = Done {
                                pos: start,
                                line_no,
                                line_offset,
                            };
                        }
                    }
                    pos = plain.to;
                    // Skipped to the end of a line at the end of the input:
                    // the next octet may be a dot.
                    if pos == input.len() && input.last() == Some(&LF) {
                        line_start = true;
                        break;
                    }
                }
                retry_at = pos.saturating_add(BLOCK);
                continue;
            }
            let Some(k) = find_cr_or_lf(rest) else {
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

/// The first CR or LF in `bytes`. With the block skip, the line loop
/// searches rarely (lines that fail a block, piece ends), so `memchr2`'s
/// per-call dispatch costs less than building a vector searcher per call
/// (which moved about 100 bytes each time).
#[inline]
fn find_cr_or_lf(bytes: &[u8]) -> Option<usize> {
    // After a block skip, what is left of an input is often an octet or
    // two: not worth a search call.
    if bytes.len() <= 2 {
        return bytes.iter().position(|&b| b == CR || b == LF);
    }
    memchr::memchr2(CR, LF, bytes)
}

/// The decoder's counters at the end of a whole line.
#[derive(Debug, Clone, Copy)]
struct Done {
    pos: usize,
    line_no: u64,
    line_offset: u64,
}

/// Octets looked at per step of [`skip_plain`]: a line of the usual length
/// or so, so that a block holding a line start with a dot wastes little.
const BLOCK: usize = 64;

/// Where [`skip_plain`] stopped.
struct Plain {
    /// The line loop takes over here.
    to: usize,
    /// Line ends skipped.
    lines: u64,
    /// Where the last line skipped into starts, if a line end was skipped.
    last_line_start: Option<usize>,
}

/// Skips, from `input[from]` inside a line whose first `line_len` octets
/// came before, whole blocks of content in which the line loop would only
/// pass CRLFs: no bare CR or LF, no dot after a CRLF, and no line that could
/// exceed `line_limit`. The line loop takes over where it stops, exactly as
/// if it had scanned the skipped octets itself: that position is never
/// right after a CR and never a line start holding a dot, except the end
/// of the input right after a CRLF (the caller then waits for the next
/// octet to decide, as the line loop does).
///
/// One pass of plain byte comparisons per block (vectorised by the
/// compiler) replaces the search call per line that costs more than the
/// scan on 70-octet lines. A block is only read while two octets follow it;
/// what is left (a block and two octets at most) is looked at as the block
/// ending two octets before the end of the input, the octets already
/// skipped masked out, and the last two octets by hand: a CR last in the
/// input fails (the line loop keeps it back until the next octet), an LF
/// last in it passes. So an input of plain lines is skipped to its end in
/// one call whatever its length, and a failed block is scanned again by the
/// line loop, once.
#[inline]
fn skip_plain(input: &[u8], from: usize, line_len: usize, line_limit: usize) -> Plain {
    let mut at = from;
    let mut lines = 0u64;
    // The window of the last block that held a line end.
    let mut last_ends = None;
    let mut last_line_start = None;
    // The pairing test sees an LF only after a block's first octet; a
    // line ending in a block ends by its last octet + 1, so a block is only
    // looked at while that cannot exceed the limit.
    if let (false, Some(max_begun)) = (
        input.get(from) == Some(&LF),
        line_limit.checked_sub(BLOCK + 1),
    ) {
        // An upper bound on how far the current line began before `at`.
        let mut begun = line_len;
        while let Some(w) = input
            .get(at..)
            .and_then(<[u8]>::first_chunk::<{ BLOCK + 2 }>)
        {
            if begun > max_begun {
                break;
            }
            let Some(Ends { count: ends, .. }) = plain_block(w, 0) else {
                break;
            };
            // Not a branch: whether a block holds a line end is data.
            lines += u64::from(ends);
            last_ends = if ends > 0 { Some(at) } else { last_ends };
            // The last line end of a block is at its second octet or later;
            // `begun <= max_begun` keeps the sum from overflowing.
            begun = if ends > 0 { BLOCK - 2 } else { begun + BLOCK };
            at += BLOCK;
        }
        // The rest of the input, if no longer than a block and two octets
        // (its last line ends by the end of the input): the block ending
        // two octets before the end, the octets already skipped masked
        // out, then the last two octets by hand.
        let rest = input.len().saturating_sub(at);
        if rest > 0 && rest <= BLOCK + 2 && begun.saturating_add(rest) <= line_limit {
            let left = rest.saturating_sub(2);
            let start = input.len().saturating_sub(BLOCK + 2);
            let window = input
                .get(start..)
                .and_then(<[u8]>::first_chunk::<{ BLOCK + 2 }>);
            let block = match (left, window) {
                (0, _) => Some(Ends { count: 0, last: 0 }),
                (_, Some(w)) => plain_block(w, BLOCK - left),
                (_, None) => None,
            };
            // The octet before the last is looked at here only if it is
            // past `at`; else its pairing with the last was tested already.
            let (before, last) = match input {
                [.., a, b] if rest >= 2 => (*a, *b),
                [.., b] => (0, *b),
                [] => (0, CR),
            };
            // Each CR followed by LF, each LF preceded by CR, no CR last:
            // it waits for the next octet.
            if let (Some(ends), true) = (block, (before == CR) == (last == LF) && last != CR) {
                lines += u64::from(ends.count) + u64::from(last == LF);
                if last == LF {
                    last_line_start = Some(input.len());
                } else if ends.count > 0 {
                    last_line_start = Some(start + usize::from(ends.last) + 1);
                }
                at = input.len();
            }
        }
        // A CR last in the skipped blocks was checked to be followed by LF
        // (counted, and followed by no dot): take the LF too.
        if at > from && at < input.len() && input.get(at - 1) == Some(&CR) {
            at += 1;
        }
    }
    // Otherwise the last line end skipped is the last LF of the last block
    // with one.
    if last_line_start.is_none() {
        last_line_start = last_ends.and_then(|start| {
            let w = input.get(start..)?.first_chunk::<{ BLOCK + 2 }>()?;
            Some(start + last_lf(w)? + 1)
        });
    }
    Plain {
        to: at,
        lines,
        last_line_start,
    }
}

/// The offset in `w` of its last LF in `w[1..=BLOCK]`, if any: one
/// vectorised pass over the block, cheaper than a search call.
#[inline]
fn last_lf(w: &[u8; BLOCK + 2]) -> Option<usize> {
    let next = w.get(1..)?.first_chunk::<BLOCK>()?;
    let mut last = 0u8;
    for k in 0..BLOCK {
        // Lane k + 1 where `w[k + 1]` is LF, else 0.
        let at = (INDEX[k] + 1) & u8::from(next[k] == LF).wrapping_neg();
        last = last.max(at);
    }
    (last > 0).then_some(usize::from(last))
}

/// The number of line ends in `w[first + 1..=BLOCK]` if `w[first..BLOCK]`
/// is plain content: each CR in it followed by LF, each LF in
/// `w[first + 1..=BLOCK]` preceded by CR and not followed by a dot.
///
/// The window is read as three overlapping views (the octet, the one after
/// it, the one after that) so that each is one unaligned vector load; a
/// loop indexing one array at `k`, `k + 1` and `k + 2` compiled to shifts
/// and shuffles, about twice the instructions.
#[inline]
fn plain_block(w: &[u8; BLOCK + 2], first: usize) -> Option<Ends> {
    let (Some(this), Some(next), Some(after)) = (
        w.first_chunk::<BLOCK>(),
        w.get(1..).and_then(<[u8]>::first_chunk::<BLOCK>),
        w.last_chunk::<BLOCK>(),
    ) else {
        return None;
    };
    // Octets before `first` are masked out; `first` is below BLOCK.
    let first = u8::try_from(first).unwrap_or(u8::MAX);
    let mut odd = 0u8;
    let mut ends = 0u8;
    let mut last = 0u8;
    for k in 0..BLOCK {
        // All-ones for the octets looked at: one loop shape, vectorised.
        let mask = u8::from(INDEX[k] >= first).wrapping_neg();
        let cr = u8::from(this[k] == CR);
        let lf = u8::from(next[k] == LF);
        let dot = u8::from(after[k] == b'.');
        odd |= ((cr ^ lf) | (lf & dot)) & mask;
        ends += lf & mask & 1;
        // Callers that do not use it (the bulk loop) do not compute it.
        last = last.max((INDEX[k] + 1) & (lf & mask).wrapping_neg());
    }
    (odd == 0).then_some(Ends { count: ends, last })
}

/// The line ends [`plain_block`] found: how many, and the offset in its
/// window of the last one (0 if none).
#[derive(Debug, Clone, Copy)]
struct Ends {
    count: u8,
    last: u8,
}

/// `INDEX[k] == k`: lane numbers for the mask of [`plain_block`].
const INDEX: [u8; BLOCK] = {
    let mut index = [0u8; BLOCK];
    let mut k = 0;
    while k < BLOCK {
        index[k] = k as u8;
        k += 1;
    }
    index
};

#[cfg(test)]
mod tests {
    //! The block skip against the line loop alone: the same decoder with
    //! the skip turned off must do exactly the same, however the input is
    //! cut.

    extern crate std;

    use super::*;
    use proptest::prelude::*;
    use std::vec::Vec;

    #[derive(Debug, PartialEq, Eq)]
    struct Run {
        content: Vec<u8>,
        errors: Vec<FrameError>,
        end: Option<u64>,
        bare_lf: Option<u64>,
        bare_cr: Option<u64>,
    }

    fn run(input: &[u8], cuts: &[usize], mut dec: BodyDecoder) -> Run {
        let mut out = Run {
            content: Vec::new(),
            errors: Vec::new(),
            end: None,
            bare_lf: None,
            bare_cr: None,
        };
        let mut buf: Vec<u8> = Vec::new();
        let mut fed = 0;
        let mut dropped = 0u64;
        let mut bounds: Vec<usize> = cuts.iter().map(|&c| c.min(input.len())).collect();
        bounds.sort_unstable();
        bounds.push(input.len());
        'feed: for &b in &bounds {
            buf.extend_from_slice(input.get(fed..b).unwrap_or_default());
            fed = fed.max(b);
            loop {
                let step = dec.decode(&buf);
                if let Some(at) = dec.take_bare_lf() {
                    out.bare_lf = Some(at);
                }
                if let Some(at) = dec.take_bare_cr() {
                    out.bare_cr = Some(at);
                }
                let n = match step {
                    Ok(BodyStep::Data(n)) => {
                        out.content.extend_from_slice(&buf[..n]);
                        n
                    }
                    Ok(BodyStep::Crlf) => {
                        out.content.extend_from_slice(b"\r\n");
                        1
                    }
                    Ok(BodyStep::Skip(0)) | Ok(BodyStep::NeedMore) => break,
                    Ok(BodyStep::Skip(n)) => n,
                    Ok(BodyStep::End(n)) => {
                        out.end = Some(dropped + n as u64);
                        break 'feed;
                    }
                    Err(e) => {
                        out.errors.push(e);
                        0
                    }
                };
                buf.drain(..n);
                dropped += n as u64;
            }
        }
        out
    }

    /// Long bodies of mostly plain lines, some of them odd.
    fn body() -> impl Strategy<Value = Vec<u8>> {
        let line = (
            prop_oneof![3 => 0usize..140, 1 => Just(0)],
            prop_oneof![
                8 => Just(&b""[..]),
                1 => Just(&b"."[..]),
                1 => Just(&b"\r"[..]),
                1 => Just(&b"\n"[..]),
                1 => Just(&b".\r\n"[..]),
            ],
            prop_oneof![3 => 0usize..140, 1 => Just(0)],
            prop_oneof![
                12 => Just(&b"\r\n"[..]),
                1 => Just(&b"\n"[..]),
                1 => Just(&b"\r"[..]),
                1 => Just(&b"\r\n.\r\n"[..]),
            ],
        )
            .prop_map(|(a, odd, b, end)| {
                let mut l = Vec::new();
                l.extend((0..a).map(|k| b'a' + (k % 26) as u8));
                l.extend_from_slice(odd);
                l.extend((0..b).map(|k| b' ' + (k % 90) as u8));
                l.extend_from_slice(end);
                l
            });
        proptest::collection::vec(line, 0..40).prop_map(|ls| ls.concat())
    }

    fn policy() -> impl Strategy<Value = BareLf> {
        prop_oneof![
            Just(BareLf::Reject),
            Just(BareLf::Normalize),
            Just(BareLf::Pass)
        ]
    }

    proptest! {
        #[test]
        fn blocks_skip_exactly_what_the_line_loop_passes(
            input in body(),
            policy in policy(),
            line_limit in prop_oneof![Just(64 * 1024), 1usize..300],
            body_limit in prop_oneof![Just(u64::MAX), 0u64..4000],
            cuts in proptest::collection::vec(0usize..6000, 0..8),
        ) {
            let make = |line_loop_only| {
                let mut dec = BodyDecoder::new(line_limit, body_limit, policy);
                dec.line_loop_only = line_loop_only;
                dec
            };
            let bytewise: Vec<usize> = (1..input.len()).collect();
            for cuts in [&[][..], &cuts, &bytewise] {
                let fast = run(&input, cuts, make(false));
                let slow = run(&input, cuts, make(true));
                prop_assert_eq!(fast, slow);
            }
        }
    }
}
