//! The `DATA` body: dot-unstuffing and the end of data (RFC 5321 §4.1.1.4,
//! §4.5.2).
//!
//! Only `<CRLF>.<CRLF>` ends the data, the CRLF before the dot belonging to
//! the content; at the very start of the body the dot line alone ends it (the
//! body is empty). A line start is only ever reached through a real CRLF: a
//! bare CR or LF never makes the next dot special, whatever the
//! [`BareLinePolicy`], so none of the "SMTP smuggling" variants
//! (`<LF>.<LF>`, `<CR>.<CR>`, `<LF>.<CRLF>`, ...) ends the data.

use memchr::memchr2;

use super::bare::{BareKind, BareLineEnding, BareLinePolicy};

/// What [`DataDecoder::decode`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataStep<'a> {
    /// Message content, borrowed from the input (or a short static piece
    /// such as the CRLF of a line ending split across inputs).
    Chunk(&'a [u8]),
    /// A bare CR or LF; the [`BareLinePolicy`] says what became of it.
    Bare(BareLineEnding),
    /// The end-of-data line was consumed.
    End,
    /// All input consumed; call again with more.
    NeedMore,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum At {
    /// At the start of a line: the body start, or after a real CRLF.
    LineStart,
    /// Inside a line.
    Mid,
    /// A CR ended the previous input; it is consumed but not yet delivered.
    Cr,
    /// A dot at a line start was consumed.
    Dot,
    /// A dot and a CR at a line start were consumed.
    DotCr,
    /// The end of data was seen.
    Done,
}

/// Where a piece of content is, for callers that must not hold a borrow of
/// their buffer ([`DataDecoder::decode_range`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// These octets of the input given.
    Input(core::ops::Range<usize>),
    /// A short static piece (a CRLF split across inputs, or a replacement).
    Static(&'static [u8]),
}

/// [`DataStep`] with content as a [`Piece`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RangeStep {
    /// Message content.
    Chunk(Piece),
    /// A bare CR or LF; the [`BareLinePolicy`] says what became of it.
    Bare(BareLineEnding),
    /// The end-of-data line was consumed.
    End,
    /// All input consumed; call again with more.
    NeedMore,
}

/// Streaming decoder of a dot-stuffed `DATA` body. Feed it the unconsumed
/// input; it says how much it consumed and what it found. Every octet is
/// looked at once, however the input is split.
#[derive(Clone, Debug)]
pub struct DataDecoder {
    at: At,
    policy: BareLinePolicy,
    offset: usize,
    pending_bare: Option<BareLineEnding>,
    pending_chunk: Option<&'static [u8]>,
    /// Tests turn the block skip off to compare with the line loop alone.
    #[cfg(test)]
    line_loop_only: bool,
}

impl DataDecoder {
    /// A decoder positioned at the start of the body (just after the 354
    /// reply).
    pub fn new(policy: BareLinePolicy) -> Self {
        DataDecoder {
            at: At::LineStart,
            policy,
            offset: 0,
            pending_bare: None,
            pending_chunk: None,
            #[cfg(test)]
            line_loop_only: false,
        }
    }

    /// Octets consumed since the start of the body.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Whether the end of data was seen.
    pub fn is_done(&self) -> bool {
        self.at == At::Done
    }

    /// Decodes from the front of `input` (what was not consumed before).
    /// Returns the octets consumed and what was found. Once done, returns
    /// `(0, End)`.
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> (usize, DataStep<'a>) {
        let (used, step) = self.decode_range(input);
        let step = match step {
            RangeStep::Chunk(Piece::Input(r)) => DataStep::Chunk(input.get(r).unwrap_or_default()),
            RangeStep::Chunk(Piece::Static(s)) => DataStep::Chunk(s),
            RangeStep::Bare(b) => DataStep::Bare(b),
            RangeStep::End => DataStep::End,
            RangeStep::NeedMore => DataStep::NeedMore,
        };
        (used, step)
    }

    /// Like [`DataDecoder::decode`], naming content by its place in `input`.
    pub fn decode_range(&mut self, input: &[u8]) -> (usize, RangeStep) {
        let (used, step) = self.step(input);
        self.offset = self.offset.saturating_add(used);
        (used, step)
    }

    fn step(&mut self, input: &[u8]) -> (usize, RangeStep) {
        if let Some(bare) = self.pending_bare.take() {
            return (0, RangeStep::Bare(bare));
        }
        if let Some(chunk) = self.pending_chunk.take() {
            return (0, RangeStep::Chunk(Piece::Static(chunk)));
        }
        // Every state but the end waits on an empty input.
        if input.is_empty() && self.at != At::Done {
            return (0, RangeStep::NeedMore);
        }
        let mut i = 0;
        // Content to deliver verbatim is input[run..i].
        let mut run = 0;
        // Where a block last failed the bulk skip: not tried again before.
        let mut retry_at = 0;
        #[cfg(test)]
        if self.line_loop_only {
            retry_at = usize::MAX;
        }
        loop {
            match self.at {
                At::Done => return (0, RangeStep::End),
                At::LineStart => {
                    let Some(&b) = input.get(i) else {
                        return flush(run, i, i);
                    };
                    if b == b'.' {
                        self.at = At::Dot;
                        if run < i {
                            return (i + 1, chunk(run, i));
                        }
                        i += 1;
                        run = i;
                    } else {
                        self.at = At::Mid;
                    }
                }
                At::Mid => {
                    if i >= retry_at {
                        let from = i;
                        i = skip_plain(input, i);
                        retry_at = i.saturating_add(BLOCK);
                        // Skipped to a CRLF at the end of the input: the
                        // next octet starts a line.
                        if i > from && i == input.len() && input.last() == Some(&b'\n') {
                            self.at = At::LineStart;
                            return flush(run, i, i);
                        }
                    }
                    let rest = input.get(i..).unwrap_or_default();
                    // After a block skip, what is left of an input is
                    // often an octet or two: not worth a search call.
                    let found = if rest.len() <= 2 {
                        rest.iter().position(|&b| b == b'\r' || b == b'\n')
                    } else {
                        memchr2(b'\r', b'\n', rest)
                    };
                    let Some(k) = found else {
                        return flush(run, input.len(), input.len());
                    };
                    i += k;
                    if input.get(i) == Some(&b'\n') {
                        return self.bare_here(run, i, BareKind::Lf);
                    }
                    match input.get(i + 1) {
                        Some(b'\n') => {
                            i += 2;
                            self.at = At::LineStart;
                        }
                        Some(_) => return self.bare_here(run, i, BareKind::Cr),
                        None => {
                            self.at = At::Cr;
                            return flush(run, i, i + 1);
                        }
                    }
                }
                At::Cr => match input.first() {
                    None => return (0, RangeStep::NeedMore),
                    Some(b'\n') => {
                        self.at = At::LineStart;
                        return (1, RangeStep::Chunk(Piece::Static(b"\r\n")));
                    }
                    Some(_) => return self.bare_before(),
                },
                At::Dot => {
                    // `run == i` here: a run before the dot was returned.
                    let Some(&b) = input.get(i) else {
                        return (i, RangeStep::NeedMore);
                    };
                    if b == b'\r' {
                        match input.get(i + 1) {
                            Some(b'\n') => {
                                self.at = At::Done;
                                return (i + 2, RangeStep::End);
                            }
                            Some(_) => {
                                // The dot was a stuffing dot; the CR is bare.
                                self.at = At::Mid;
                                return self.bare_here(run, i, BareKind::Cr);
                            }
                            None => {
                                self.at = At::DotCr;
                                return (i + 1, RangeStep::NeedMore);
                            }
                        }
                    }
                    // A stuffing dot: dropped; the rest is an ordinary line
                    // (a bare LF right after it included).
                    self.at = At::Mid;
                }
                At::DotCr => match input.first() {
                    None => return (0, RangeStep::NeedMore),
                    Some(b'\n') => {
                        self.at = At::Done;
                        return (1, RangeStep::End);
                    }
                    Some(_) => return self.bare_before(),
                },
            }
        }
    }

    /// A bare octet at `input[i]`: deliver the run before it, report it, then
    /// apply the policy. The next octet is not at a line start.
    fn bare_here(&mut self, run: usize, i: usize, kind: BareKind) -> (usize, RangeStep) {
        self.at = At::Mid;
        let bare = BareLineEnding {
            offset: self.offset.saturating_add(i),
            kind,
        };
        self.pending_chunk = self.replacement(kind);
        if run < i {
            self.pending_bare = Some(bare);
            (i + 1, chunk(run, i))
        } else {
            (i + 1, RangeStep::Bare(bare))
        }
    }

    /// A CR that ended the previous input turned out bare.
    fn bare_before(&mut self) -> (usize, RangeStep) {
        self.at = At::Mid;
        self.pending_chunk = self.replacement(BareKind::Cr);
        let bare = BareLineEnding {
            offset: self.offset.saturating_sub(1),
            kind: BareKind::Cr,
        };
        (0, RangeStep::Bare(bare))
    }

    fn replacement(&self, kind: BareKind) -> Option<&'static [u8]> {
        match (self.policy, kind) {
            (BareLinePolicy::Reject, _) => None,
            (BareLinePolicy::Normalize, _) => Some(b"\r\n"),
            (BareLinePolicy::Pass, BareKind::Cr) => Some(b"\r"),
            (BareLinePolicy::Pass, BareKind::Lf) => Some(b"\n"),
        }
    }
}

fn chunk(from: usize, to: usize) -> RangeStep {
    RangeStep::Chunk(Piece::Input(from..to))
}

fn flush(run: usize, end: usize, used: usize) -> (usize, RangeStep) {
    if run < end {
        (used, chunk(run, end))
    } else {
        (used, RangeStep::NeedMore)
    }
}

/// Octets looked at per step of [`skip_plain`]: a line of the usual length
/// or so, so that a block holding a line start with a dot wastes little.
const BLOCK: usize = 64;

/// Skips, from `input[i]` inside a line, whole blocks of content in which
/// the line loop would only pass CRLFs: no bare CR or LF and no dot after a
/// CRLF. Returns where the line loop takes over, which it then does exactly
/// as if it had scanned the skipped octets itself: that position is never
/// right after a CR and never a line start holding a dot, except the end of
/// the input right after a CRLF (the caller then goes to the line start, as
/// the line loop does).
///
/// One pass of plain byte comparisons per block (vectorised by the
/// compiler) replaces the search call per line that costs more than the
/// scan on 70-octet lines. A block is only read while two octets follow it;
/// the last octets of the input (fewer than a block) are looked at once
/// more as one block of the input's last [`BLOCK`] octets, the ones already
/// skipped masked out, followed by two octets that are neither CR, LF nor
/// dot: a CR last in the input fails it (the line loop keeps it for the
/// next input), an LF last in it passes. So an input of plain lines is
/// skipped to its end in one call whatever its length, and a failed block
/// is scanned again by the line loop, at most once per stop.
#[inline]
fn skip_plain(input: &[u8], mut i: usize) -> usize {
    // The pairing test below sees an LF only after the block's first octet.
    if input.get(i) == Some(&b'\n') {
        return i;
    }
    let start = i;
    while let Some(w) = input
        .get(i..)
        .and_then(<[u8]>::first_chunk::<{ BLOCK + 2 }>)
    {
        if !plain_block(w, 0) {
            break;
        }
        i += BLOCK;
    }
    // The rest of the input, if shorter than a block.
    let rest = input.len().saturating_sub(i);
    if let (true, Some(last)) = (rest > 0 && rest <= BLOCK, input.last_chunk::<BLOCK>()) {
        let mut w = [0u8; BLOCK + 2];
        if let Some(head) = w.first_chunk_mut::<BLOCK>() {
            *head = *last;
        }
        if plain_block(&w, BLOCK - rest) {
            return input.len();
        }
    }
    // A CR last in the skipped blocks was checked to be followed by LF (and
    // that by no dot): take the LF too.
    if i > start && input.get(i - 1) == Some(&b'\r') {
        i += 1;
    }
    i
}

/// Whether `w[first..BLOCK]` is plain content: each CR in it followed by
/// LF, each LF in `w[first + 1..=BLOCK]` preceded by CR and not followed by
/// a dot.
///
/// The window is read as three overlapping views (the octet, the one after
/// it, the one after that) so that each is one unaligned vector load; a
/// loop indexing one array at `k`, `k + 1` and `k + 2` compiled to shifts
/// and shuffles, about twice the instructions.
#[inline]
fn plain_block(w: &[u8; BLOCK + 2], first: usize) -> bool {
    let (Some(this), Some(next), Some(after)) = (
        w.first_chunk::<BLOCK>(),
        w.get(1..).and_then(<[u8]>::first_chunk::<BLOCK>),
        w.last_chunk::<BLOCK>(),
    ) else {
        return false;
    };
    // Octets before `first` are masked out; `first` is below BLOCK.
    let first = u8::try_from(first).unwrap_or(u8::MAX);
    let mut odd = 0u8;
    for k in 0..BLOCK {
        // All-ones for the octets looked at: one loop shape, vectorised.
        let mask = u8::from(INDEX[k] >= first).wrapping_neg();
        let cr = u8::from(this[k] == b'\r');
        let lf = u8::from(next[k] == b'\n');
        let dot = u8::from(after[k] == b'.');
        odd |= ((cr ^ lf) | (lf & dot)) & mask;
    }
    odd == 0
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
    enum Seen {
        Content(Vec<u8>),
        Bare(BareLineEnding),
        End(usize),
    }

    fn run(input: &[u8], cuts: &[usize], mut dec: DataDecoder) -> Vec<Seen> {
        let mut out = Vec::new();
        let mut buf: Vec<u8> = Vec::new();
        let mut fed = 0;
        let mut bounds: Vec<usize> = cuts.iter().map(|&c| c.min(input.len())).collect();
        bounds.sort_unstable();
        bounds.push(input.len());
        'feed: for &b in &bounds {
            buf.extend_from_slice(input.get(fed..b).unwrap_or_default());
            fed = fed.max(b);
            loop {
                let (used, step) = dec.decode(&buf);
                match step {
                    // Content is compared whole: only its cuts may differ.
                    DataStep::Chunk(c) => match out.last_mut() {
                        Some(Seen::Content(all)) => all.extend_from_slice(c),
                        _ => out.push(Seen::Content(c.to_vec())),
                    },
                    DataStep::Bare(bare) => out.push(Seen::Bare(bare)),
                    DataStep::End => {
                        out.push(Seen::End(dec.offset()));
                        break 'feed;
                    }
                    DataStep::NeedMore => {
                        buf.drain(..used);
                        break;
                    }
                }
                buf.drain(..used);
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

    proptest! {
        #[test]
        fn blocks_skip_exactly_what_the_line_loop_passes(
            input in body(),
            policy in prop_oneof![
                Just(BareLinePolicy::Reject),
                Just(BareLinePolicy::Normalize),
                Just(BareLinePolicy::Pass),
            ],
            cuts in proptest::collection::vec(0usize..6000, 0..8),
        ) {
            let make = |line_loop_only| {
                let mut dec = DataDecoder::new(policy);
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
