//! What to do with a bare LF (an LF not preceded by CR) inside a body.

/// Policy for a bare LF inside a multi-line body.
///
/// RFC 1939 §3 lines end with CRLF; a bare LF never ends a line, so it never
/// starts dot handling and never moves the end of a body: framing is the same
/// under every policy, only the content differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BareLf {
    /// Report it as an error; the body is abandoned (skipped to its end).
    Reject,
    /// Keep it as it came, as one more content byte.
    #[default]
    Pass,
    /// Deliver it as CRLF.
    Normalize,
}
