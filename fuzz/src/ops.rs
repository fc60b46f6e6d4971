//! The operation script a session target reads from its input.
//!
//! Layout: one configuration byte, then operations, each `tag` (one byte,
//! taken modulo the number of operations) and a payload of `len` bytes
//! (`len` a little-endian `u16`, cut short at the end of the input). The
//! format is plain so that the seed tool can write whole transcripts as
//! scripts (see `fuzz/seed`), and the fuzzer can splice them.

/// Reads operations from a session target's input.
pub struct Script<'a> {
    rest: &'a [u8],
}

impl<'a> Script<'a> {
    /// The configuration byte and the operations after it.
    pub fn new(data: &'a [u8]) -> (u8, Self) {
        match data.split_first() {
            Some((&cfg, rest)) => (cfg, Script { rest }),
            None => (0, Script { rest: &[] }),
        }
    }

    /// The next operation: its tag (below `count`) and payload.
    pub fn next_op(&mut self, count: u8) -> Option<(u8, &'a [u8])> {
        let (&tag, rest) = self.rest.split_first()?;
        let (len, rest) = match rest {
            [a, b, rest @ ..] => (usize::from(u16::from_le_bytes([*a, *b])), rest),
            _ => (0, &[][..]),
        };
        let (payload, rest) = rest.split_at(len.min(rest.len()));
        self.rest = rest;
        Some((tag % count.max(1), payload))
    }
}

/// Writes a script (the seed tool's side of [`Script`]).
pub fn push_op(out: &mut Vec<u8>, tag: u8, payload: &[u8]) {
    let len = u16::try_from(payload.len()).unwrap_or(u16::MAX);
    out.push(tag);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&payload[..usize::from(len)]);
}
