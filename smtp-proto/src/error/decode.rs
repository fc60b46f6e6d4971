//! Decoding errors: the bytes were not what the grammar allows.

use core::fmt;

/// What kind of mistake a [`DecodeError`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The bytes do not match the grammar.
    Syntax,
    /// The input ended before the message did (for example, no CRLF).
    Incomplete,
    /// An element is longer than the RFC allows (RFC 5321 §4.5.3.1).
    TooLong,
    /// A number is outside the range its field allows.
    OutOfRange,
    /// Text that must be UTF-8 is not.
    InvalidUtf8,
    /// An ESMTP parameter (or other once-only item) appears twice.
    Duplicate,
    /// The lines of a multi-line reply carry different codes
    /// (RFC 5321 §4.2.1).
    CodeMismatch,
    /// A constructor was given a value the parser would read as something
    /// else (a known verb as an unknown one, a registered ESMTP keyword or
    /// EHLO line as an untyped one).
    Ambiguous,
}

/// A decoding error: where it happened and what was expected there.
///
/// `offset` counts bytes from the start of the input handed to the
/// decoder (the line, the reply, or the value given to a constructor).
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
    /// A new error.
    pub const fn new(offset: usize, expected: &'static str, kind: DecodeErrorKind) -> Self {
        DecodeError {
            offset,
            expected,
            kind,
        }
    }

    /// The same error, moved `by` bytes further (when a part was decoded
    /// on its own and the error must point into the whole).
    pub const fn shifted(self, by: usize) -> Self {
        DecodeError {
            offset: self.offset + by,
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

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn display_names_offset_and_expectation() {
        let e = DecodeError::new(7, "'>'", DecodeErrorKind::Syntax);
        assert_eq!(e.to_string(), "at byte 7: expected '>'");
        assert_eq!(e.shifted(3).offset, 10);
    }
}
