//! [`DecodeError`]: the bytes were not what the grammar allows.

use core::fmt;

/// What kind of mistake a [`DecodeError`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// A byte that the grammar does not allow at this place.
    Syntax,
    /// The line does not end with CRLF (or ends before the grammar is done).
    Incomplete,
    /// A decimal number too large for its type, or zero where the RFC
    /// counts from one (message numbers, RFC 1939 §3).
    NumberOutOfRange,
    /// Bytes after the CRLF that ends the line.
    TrailingBytes,
    /// A value that is well formed but refused by a constructor, e.g. an
    /// `Unknown` command whose keyword is a known one.
    Ambiguous,
}

/// A decoding (or value construction) error: where, and what was expected.
///
/// `offset` counts bytes from the start of the line (or of the value given
/// to a constructor). `Display` reads `at byte N: expected X`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DecodeError {
    /// Byte offset of the first byte that could not be accepted.
    pub offset: usize,
    /// What the grammar expected at `offset`.
    pub expected: &'static str,
    /// The kind of mistake.
    pub kind: DecodeErrorKind,
}

impl DecodeError {
    /// Builds an error of kind [`DecodeErrorKind::Syntax`].
    pub const fn syntax(offset: usize, expected: &'static str) -> Self {
        Self {
            offset,
            expected,
            kind: DecodeErrorKind::Syntax,
        }
    }

    /// Builds an error of the given kind.
    pub const fn new(offset: usize, expected: &'static str, kind: DecodeErrorKind) -> Self {
        Self {
            offset,
            expected,
            kind,
        }
    }

    /// The same error with its offset moved by `by` bytes (used when a
    /// part of a line is decoded on its own).
    pub const fn shifted(self, by: usize) -> Self {
        Self {
            offset: self.offset.saturating_add(by),
            ..self
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte {}: expected {}", self.offset, self.expected)
    }
}

impl core::error::Error for DecodeError {}
