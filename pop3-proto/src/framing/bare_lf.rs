//! What to do with a bare LF (an LF not preceded by CR) or a bare CR (a CR
//! not followed by LF) inside a body.

/// Policy for a bare LF or a bare CR inside a multi-line body.
///
/// RFC 1939 §3 lines end with CRLF; a bare LF or CR never ends a line, so it
/// never starts dot handling and never moves the end of a body: framing is
/// the same under every policy, only the content differs. Under `Pass` and
/// `Normalize` the session reports the first of each kind in a body as a
/// warning ([`crate::quirks::Quirk::BareLf`], [`crate::quirks::Quirk::BareCr`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BareLf {
    /// Report it as an error; the body is abandoned (skipped to its end).
    Reject,
    /// Keep it as it came, as one more content byte.
    #[default]
    Pass,
    /// Deliver it as CRLF (the content changes; the warning says so).
    Normalize,
}
