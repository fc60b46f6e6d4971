//! A `BDAT` chunk: exactly the announced number of octets (RFC 3030 §2).

/// What [`BdatDecoder::decode`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BdatStep<'a> {
    /// Chunk content, borrowed from the input.
    Chunk(&'a [u8]),
    /// All announced octets were delivered; `last` repeats the `LAST` flag
    /// of the command.
    End {
        /// Whether this was the `BDAT ... LAST` chunk.
        last: bool,
    },
    /// All input consumed; call again with more.
    NeedMore,
}

/// Counts out the octets of one `BDAT` chunk. Nothing in the content is
/// special: CR, LF and dots are data (RFC 3030 §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BdatDecoder {
    remaining: u64,
    last: bool,
    ended: bool,
}

impl BdatDecoder {
    /// A decoder for a chunk of `size` octets; `last` is the `LAST` flag.
    pub fn new(size: u64, last: bool) -> Self {
        BdatDecoder {
            remaining: size,
            last,
            ended: false,
        }
    }

    /// Octets of the chunk still to come.
    pub fn remaining(&self) -> u64 {
        self.remaining
    }

    /// Whether this is the `LAST` chunk.
    pub fn is_last(&self) -> bool {
        self.last
    }

    /// Whether [`BdatStep::End`] was returned.
    pub fn is_done(&self) -> bool {
        self.ended
    }

    /// Takes chunk content from the front of `input`; returns the octets
    /// consumed and what was found. `End` comes once, as its own step, after
    /// the content; then `(0, End)` again.
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> (usize, BdatStep<'a>) {
        if self.remaining == 0 {
            self.ended = true;
            return (0, BdatStep::End { last: self.last });
        }
        if input.is_empty() {
            return (0, BdatStep::NeedMore);
        }
        let take = usize::try_from(self.remaining).map_or(input.len(), |r| r.min(input.len()));
        self.remaining = self.remaining.saturating_sub(take as u64);
        (take, BdatStep::Chunk(input.get(..take).unwrap_or_default()))
    }
}
