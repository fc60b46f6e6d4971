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

/// Feeds `input` split into `pieces` to `step`, carrying unconsumed bytes
/// in `carry` (cleared first; its capacity is reused). Returns the bytes
/// left after the end of the message, or `None` if `step` never said done.
pub fn feed(
    input: &[u8],
    pieces: Pieces,
    carry: &mut Vec<u8>,
    mut step: impl FnMut(&[u8]) -> Progress,
) -> Option<usize> {
    carry.clear();
    let mut consumed_total = 0usize;
    for piece in pieces.split(input) {
        let from_carry = !carry.is_empty();
        if from_carry {
            carry.extend_from_slice(piece);
        }
        let mut used = 0;
        let done = {
            let buf: &[u8] = if from_carry { carry } else { piece };
            loop {
                let rest = buf.get(used..).unwrap_or_default();
                match step(rest) {
                    Progress::Consumed(n) => used += n,
                    Progress::NeedMore(n) => {
                        used += n;
                        break false;
                    }
                    Progress::Done(n) => {
                        used += n;
                        break true;
                    }
                }
            }
        };
        consumed_total += piece.len();
        if from_carry {
            let left = carry.len() - used;
            if done {
                return Some(left + (input.len() - consumed_total));
            }
            carry.drain(..used);
        } else {
            if done {
                return Some(piece.len() - used + (input.len() - consumed_total));
            }
            // Only a partial line is carried: most pieces end on a line end.
            if used < piece.len() {
                carry.extend_from_slice(piece.get(used..).unwrap_or_default());
            }
        }
    }
    None
}
