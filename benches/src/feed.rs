//! Feeding a framer that does not own a buffer, the way a session does: each
//! piece is decoded in place, and only bytes a framer leaves unconsumed at
//! the end of a piece (a partial line, a dot that may start the terminator)
//! are copied, to the front of the next piece.

use crate::pieces::Pieces;

/// What one call of a framer step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Consumed this many bytes (possibly 0 when it produced something);
    /// call again.
    Consumed(usize),
    /// Consumed this many bytes and cannot go on without more input.
    NeedMore(usize),
    /// The message is complete after consuming this many bytes.
    Done(usize),
}

/// How many bytes of a new piece are first lent to finish what straddles the
/// boundary (doubled while that is not enough).
const STRADDLE: usize = 64;

/// Feeds `input` split into `pieces` to `step`, carrying unconsumed bytes
/// in `carry` (cleared first; its capacity is reused). Returns the bytes
/// left after the end of the message, or `None` if `step` never said done.
///
/// When bytes are carried, only as much of the next piece is copied behind
/// them as it takes for `step` to consume past them (a line's end, the
/// octet after a held-back CR); the rest of the piece is read where it lies.
pub fn feed(
    input: &[u8],
    pieces: Pieces,
    carry: &mut Vec<u8>,
    mut step: impl FnMut(&[u8]) -> Progress,
) -> Option<usize> {
    carry.clear();
    let mut consumed_total = 0usize;
    for piece in pieces.split(input) {
        consumed_total += piece.len();
        let after = input.len() - consumed_total;
        let mut start = 0;
        if !carry.is_empty() {
            let mut old = carry.len();
            let mut taken = 0;
            let mut grow = old.max(STRADDLE);
            loop {
                let more = grow.min(piece.len() - taken);
                carry.extend_from_slice(piece.get(taken..taken + more).unwrap_or_default());
                taken += more;
                let (used, done) = run(carry, &mut step);
                if done {
                    return Some(carry.len() - used + (piece.len() - taken) + after);
                }
                if used >= old {
                    // Past the carried bytes: what is left of them is this
                    // piece's, from `start` on.
                    start = taken - (carry.len() - used);
                    carry.clear();
                    break;
                }
                carry.drain(..used);
                old -= used;
                if taken == piece.len() {
                    start = taken;
                    break;
                }
                grow = grow.saturating_mul(2);
            }
        }
        let rest = piece.get(start..).unwrap_or_default();
        if rest.is_empty() {
            continue;
        }
        let (used, done) = run(rest, &mut step);
        if done {
            return Some(rest.len() - used + after);
        }
        carry.extend_from_slice(rest.get(used..).unwrap_or_default());
    }
    None
}

/// Calls `step` on `buf` until it needs more or is done; returns the bytes
/// consumed and whether the message is complete.
fn run(buf: &[u8], step: &mut impl FnMut(&[u8]) -> Progress) -> (usize, bool) {
    let mut used = 0;
    loop {
        match step(buf.get(used..).unwrap_or_default()) {
            Progress::Consumed(n) => used += n,
            Progress::NeedMore(n) => return (used + n, false),
            Progress::Done(n) => return (used + n, true),
        }
    }
}
