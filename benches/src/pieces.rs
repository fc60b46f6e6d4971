//! How input reaches a framer: in one piece, in TCP-segment-sized pieces,
//! or one byte at a time.

/// The size of the pieces input is fed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pieces {
    /// The whole input in one call.
    Whole,
    /// 1460-byte pieces (a TCP segment's payload on Ethernet).
    Segment,
    /// One byte per call.
    Byte,
}

impl Pieces {
    /// The three ways, in report order.
    pub const ALL: [Pieces; 3] = [Pieces::Whole, Pieces::Segment, Pieces::Byte];

    /// The piece size in bytes for `input_len` bytes of input.
    pub fn size(self, input_len: usize) -> usize {
        match self {
            Pieces::Whole => input_len.max(1),
            Pieces::Segment => 1460,
            Pieces::Byte => 1,
        }
    }

    /// The name used as criterion's parameter (and so in its directories).
    pub fn id(self) -> &'static str {
        match self {
            Pieces::Whole => "whole",
            Pieces::Segment => "1460",
            Pieces::Byte => "1",
        }
    }

    /// The criterion parameter back to a way of splitting.
    pub fn from_id(id: &str) -> Option<Pieces> {
        Pieces::ALL.into_iter().find(|p| p.id() == id)
    }

    /// The name a reader sees in the report.
    pub fn label(self) -> &'static str {
        match self {
            Pieces::Whole => "one piece",
            Pieces::Segment => "1460-byte pieces",
            Pieces::Byte => "1-byte pieces",
        }
    }

    /// `input` split as this way says.
    pub fn split(self, input: &[u8]) -> std::slice::Chunks<'_, u8> {
        input.chunks(self.size(input.len()))
    }
}
