//! Drives pop3-proto's framers the way a session does (an
//! [`InputBuffer`] fed piece by piece), recording what comes out so that
//! a target can compare one cut of the input against another.
//!
//! Besides the records, each driver asserts the framing promises on the
//! way: every step that is not "need more" consumes input (no hang), and
//! what stays buffered between pieces is bounded by the limits, never by
//! the input.

use pop3_proto::framing::{BareLf, BodyDecoder, BodyStep, InputBuffer, LineFramer, LineStep};

use crate::pieces::Pieces;

/// What the line framer made of one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A whole line, terminator included, and whether it ended in a bare LF.
    Line(Vec<u8>, bool),
    /// A line over the limit, refused (and dropped up to its LF).
    TooLong,
}

/// Everything the line framer produced from one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lines {
    /// The lines, in order.
    pub lines: Vec<Line>,
    /// The bytes still buffered at the end (a line without its LF).
    pub rest: Vec<u8>,
    /// The framer was dropping a refused line at the end.
    pub skipping: bool,
}

/// Frames `msg`, cut into `pieces`, into lines of at most `limit` octets.
pub fn lines(pieces: Pieces<'_>, msg: &[u8], limit: usize) -> Lines {
    let mut buf = InputBuffer::new();
    let mut framer = LineFramer::new();
    let mut out = Lines {
        lines: Vec::new(),
        rest: Vec::new(),
        skipping: false,
    };
    let mut in_refused = false;
    for piece in pieces.cut(msg) {
        buf.push(piece);
        loop {
            let data = buf.data();
            match framer.poll(data, limit) {
                LineStep::Line { len, bare_lf } => {
                    assert!(
                        len > 0 && len <= data.len(),
                        "line of {len} in {}",
                        data.len()
                    );
                    assert!(len <= limit.max(1), "line of {len} over limit {limit}");
                    out.lines.push(Line::Line(data[..len].to_vec(), bare_lf));
                    buf.consume(len);
                }
                LineStep::NeedMore => break,
                LineStep::TooLong { skip, done } => {
                    assert!(
                        skip > 0 && skip <= data.len(),
                        "skip {skip} of {}",
                        data.len()
                    );
                    out.lines.push(Line::TooLong);
                    in_refused = !done;
                    buf.consume(skip);
                }
                LineStep::Skip { len, done } => {
                    assert!(in_refused, "Skip outside a refused line");
                    assert!(len <= data.len(), "skip {len} of {}", data.len());
                    let was_empty = data.is_empty();
                    assert!(len > 0 || was_empty, "Skip(0) on non-empty input");
                    in_refused = !done;
                    buf.consume(len);
                    if was_empty || (!done && buf.is_empty()) {
                        break;
                    }
                }
            }
        }
        // Bounded: a partial line is kept only while it may still fit.
        assert!(
            buf.data().len() < limit.max(1),
            "{} bytes buffered with a line limit of {limit}",
            buf.data().len()
        );
    }
    out.rest = buf.data().to_vec();
    out.skipping = framer.is_skipping();
    out
}

/// Everything the body decoder produced from one input.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Body {
    /// The content, unstuffed.
    pub content: Vec<u8>,
    /// How many errors were reported.
    pub errors: usize,
    /// Where in the input the body ended (after its `.CRLF`), if it did.
    pub end: Option<u64>,
}

/// Decodes the body at the start of `msg`, cut into `pieces`.
pub fn body(
    pieces: Pieces<'_>,
    msg: &[u8],
    line_limit: usize,
    body_limit: u64,
    bare_lf: BareLf,
) -> Body {
    let mut buf = InputBuffer::new();
    let mut dec = BodyDecoder::new(line_limit, body_limit, bare_lf);
    let mut out = Body::default();
    // Each step consumes at least one byte or reports one error; an error
    // abandons the body, so it cannot repeat without progress.
    let mut budget = 3 * msg.len() + 16;
    'pieces: for piece in pieces.cut(msg) {
        buf.push(piece);
        loop {
            budget = budget
                .checked_sub(1)
                .expect("body decoder makes no progress");
            let data = buf.data();
            match dec.decode(data) {
                Ok(BodyStep::Data(n)) => {
                    assert!(n > 0 && n <= data.len(), "Data({n}) of {}", data.len());
                    out.content.extend_from_slice(&data[..n]);
                    buf.consume(n);
                }
                Ok(BodyStep::Crlf) => {
                    assert!(
                        matches!(data.first(), Some(b'\n' | b'\r')),
                        "Crlf not at a bare LF or CR"
                    );
                    assert_eq!(bare_lf, BareLf::Normalize, "Crlf without Normalize");
                    out.content.extend_from_slice(b"\r\n");
                    buf.consume(1);
                }
                Ok(BodyStep::Skip(n)) => {
                    assert!(n > 0 && n <= data.len(), "Skip({n}) of {}", data.len());
                    buf.consume(n);
                }
                Ok(BodyStep::End(n)) => {
                    assert!(n <= data.len(), "End({n}) of {}", data.len());
                    buf.consume(n);
                    out.end = Some(buf.offset());
                    assert!(dec.is_done());
                    break 'pieces;
                }
                Ok(BodyStep::NeedMore) => break,
                Err(_) => {
                    assert!(dec.is_abandoned(), "error without abandoning the body");
                    out.errors += 1;
                }
            }
        }
        // Only a line start that may be `.CRLF` waits for more input.
        assert!(
            buf.data().len() <= 3,
            "{} bytes held back",
            buf.data().len()
        );
    }
    out
}

/// The content a normalizing [`pop3_proto::framing::DotStuffer`] is
/// expected to send for `raw`, before stuffing: each bare CR or LF becomes
/// CRLF, and a last line without CRLF gets one (the same rule as SMTP's).
pub fn expected_content(raw: &[u8]) -> Vec<u8> {
    crate::smtp::frame::expected_content(raw)
}
