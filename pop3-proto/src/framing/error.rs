//! Framing errors: a line or body broke a limit or the line-ending rules.

use core::fmt;

/// What went wrong while framing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameErrorKind {
    /// A line (command, status line, SASL line) is longer than `limit`
    /// octets including CRLF (RFC 2449 §4).
    LineTooLong {
        /// The limit that was broken.
        limit: usize,
    },
    /// A line ended with a bare LF where CRLF is required (RFC 1939 §3).
    BareLf,
    /// Line `line` (1-based) of a body is longer than `limit` octets.
    BodyLineTooLong {
        /// The limit that was broken.
        limit: usize,
        /// The body line, counted from 1.
        line: u64,
    },
    /// A body is longer than `limit` octets.
    BodyTooLong {
        /// The limit that was broken.
        limit: u64,
    },
    /// Line `line` (1-based) of a body holds a bare LF and the policy is
    /// [`crate::framing::BareLf::Reject`].
    BodyBareLf {
        /// The body line, counted from 1.
        line: u64,
    },
    /// Line `line` (1-based) of a body holds a bare CR (not followed by LF)
    /// and the policy is [`crate::framing::BareLf::Reject`].
    BodyBareCr {
        /// The body line, counted from 1.
        line: u64,
    },
}

/// A framing error at a byte offset.
///
/// For a body the offset counts from the first byte of the body; for a line
/// from the first byte of the line. Sessions turn it into a stream offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameError {
    /// What went wrong.
    pub kind: FrameErrorKind,
    /// Where the offending line (or, for a too long body, the excess) starts.
    pub offset: u64,
}

impl FrameError {
    /// What the framer expected instead, for error messages.
    pub fn expected(&self) -> &'static str {
        match self.kind {
            FrameErrorKind::LineTooLong { .. } => "a line within the length limit",
            FrameErrorKind::BareLf => "CRLF at the end of the line",
            FrameErrorKind::BodyLineTooLong { .. } => "a body line within the length limit",
            FrameErrorKind::BodyTooLong { .. } => "a body within the size limit",
            FrameErrorKind::BodyBareLf { .. } => "CRLF, not a bare LF, in the body",
            FrameErrorKind::BodyBareCr { .. } => "CRLF, not a bare CR, in the body",
        }
    }
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte {}: expected {}", self.offset, self.expected())?;
        match self.kind {
            FrameErrorKind::LineTooLong { limit } => write!(f, " ({limit} octets)"),
            FrameErrorKind::BodyLineTooLong { limit, line } => {
                write!(f, " ({limit} octets, body line {line})")
            }
            FrameErrorKind::BodyTooLong { limit } => write!(f, " ({limit} octets)"),
            FrameErrorKind::BodyBareLf { line } | FrameErrorKind::BodyBareCr { line } => {
                write!(f, " (body line {line})")
            }
            FrameErrorKind::BareLf => Ok(()),
        }
    }
}

impl core::error::Error for FrameError {}
