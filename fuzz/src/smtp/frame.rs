//! Drives smtp-proto's framers as a session does (a buffer fed piece by
//! piece), recording what comes out, so that a target can compare one cut
//! of the input against another. On the way each driver asserts that
//! every step other than "need more" consumes input or reports something
//! (no hang) and that what stays buffered is bounded by the limits.

use smtp_proto::framing::{
    BareKind, BareLineEnding, BareLinePolicy, BdatDecoder, BdatStep, DataDecoder, DataStep,
    LineEnding, LineFramer, LineStep,
};

use crate::pieces::Pieces;

/// What the line framer made of one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A whole line, ending included, and how it ended.
    Line(Vec<u8>, LineEnding),
    /// A line over the limit, refused, with its total length.
    TooLong(usize),
}

/// Everything the line framer produced from one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lines {
    /// The lines, in order.
    pub lines: Vec<Line>,
    /// The bytes still buffered at the end (a line without its LF).
    pub rest: Vec<u8>,
}

/// Frames `msg`, cut into `pieces`, into lines of at most `limit` octets.
pub fn lines(pieces: Pieces<'_>, msg: &[u8], limit: usize) -> Lines {
    let mut buf: Vec<u8> = Vec::new();
    let mut framer = LineFramer::new(limit);
    let mut out = Lines {
        lines: Vec::new(),
        rest: Vec::new(),
    };
    let mut discarded = 0usize;
    for piece in pieces.cut(msg) {
        buf.extend_from_slice(piece);
        loop {
            match framer.next_line(&buf) {
                LineStep::Line { len, ending } => {
                    let min = match ending {
                        LineEnding::CrLf => 2,
                        LineEnding::BareLf => 1,
                    };
                    assert!(
                        len >= min && len <= buf.len(),
                        "line of {len} in {}",
                        buf.len()
                    );
                    assert!(len <= limit.max(1), "line of {len} over limit {limit}");
                    assert_eq!(discarded, 0, "a line after a discard without TooLong");
                    out.lines.push(Line::Line(buf[..len].to_vec(), ending));
                    buf.drain(..len);
                }
                LineStep::Discard { len } => {
                    assert!(
                        len > 0 && len <= buf.len(),
                        "discard {len} of {}",
                        buf.len()
                    );
                    discarded += len;
                    buf.drain(..len);
                }
                LineStep::TooLong { len, total } => {
                    assert!(len <= buf.len(), "too long: {len} of {}", buf.len());
                    assert_eq!(total, discarded + len, "TooLong total");
                    assert!(
                        total > limit,
                        "TooLong for a line of {total} within {limit}"
                    );
                    discarded = 0;
                    out.lines.push(Line::TooLong(total));
                    buf.drain(..len);
                }
                LineStep::NeedMore => break,
            }
        }
        assert!(
            buf.len() <= limit.max(1),
            "{} bytes buffered with a line limit of {limit}",
            buf.len()
        );
    }
    out.rest = buf;
    out
}

/// Everything the DATA decoder produced from one input.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Data {
    /// The content, unstuffed, as the policy made it.
    pub content: Vec<u8>,
    /// The bare CRs and LFs reported.
    pub bare: Vec<BareLineEnding>,
    /// Where in the input the data ended (after `<CRLF>.<CRLF>`), if it did.
    pub end: Option<usize>,
}

/// Decodes the DATA content at the start of `msg`, cut into `pieces`.
pub fn data(pieces: Pieces<'_>, msg: &[u8], policy: BareLinePolicy) -> Data {
    let mut dec = DataDecoder::new(policy);
    let mut out = Data::default();
    let mut consumed = 0usize;
    let mut budget = 4 * msg.len() + 16;
    'pieces: for piece in pieces.cut(msg) {
        let mut input = piece;
        loop {
            budget = budget
                .checked_sub(1)
                .expect("DATA decoder makes no progress");
            let (used, step) = dec.decode(input);
            assert!(used <= input.len(), "used {used} of {}", input.len());
            consumed += used;
            match step {
                DataStep::Chunk(c) => {
                    assert!(!c.is_empty() || used > 0, "empty chunk without progress");
                    out.content.extend_from_slice(c);
                }
                DataStep::Bare(b) => out.bare.push(b),
                DataStep::End => {
                    assert!(dec.is_done());
                    out.end = Some(consumed);
                    break 'pieces;
                }
                DataStep::NeedMore => {
                    assert_eq!(used, input.len(), "NeedMore with input left");
                    break;
                }
            }
            input = &input[used..];
        }
    }
    out
}

/// The content a normalizing [`smtp_proto::framing::DotStuffer`] is
/// expected to send for `raw`, before stuffing: each bare CR or LF becomes
/// CRLF, and a last line without CRLF gets one.
pub fn expected_content(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + 2);
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        match b {
            b'\r' if raw.get(i + 1) == Some(&b'\n') => {
                out.extend_from_slice(b"\r\n");
                i += 2;
                continue;
            }
            b'\r' | b'\n' => out.extend_from_slice(b"\r\n"),
            _ => out.push(b),
        }
        i += 1;
    }
    if !out.is_empty() && !out.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// The first bare CR or LF in `raw`, as content offsets.
pub fn first_bare(raw: &[u8]) -> Option<(usize, BareKind)> {
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        match b {
            b'\r' if raw.get(i + 1) == Some(&b'\n') => i += 1,
            b'\r' => return Some((i, BareKind::Cr)),
            b'\n' => return Some((i, BareKind::Lf)),
            _ => {}
        }
        i += 1;
    }
    None
}

/// What the BDAT decoder made of a chunk.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bdat {
    /// The content delivered.
    pub content: Vec<u8>,
    /// Octets of the input consumed when the chunk ended, if it did.
    pub end: Option<usize>,
}

/// Counts out a BDAT chunk of `size` octets from `msg`, cut into `pieces`.
pub fn bdat(pieces: Pieces<'_>, msg: &[u8], size: u64, last: bool) -> Bdat {
    let mut dec = BdatDecoder::new(size, last);
    let mut out = Bdat::default();
    let mut consumed = 0usize;
    'pieces: for piece in pieces.cut(msg) {
        let mut input = piece;
        loop {
            let (used, step) = dec.decode(input);
            assert!(used <= input.len(), "used {used} of {}", input.len());
            consumed += used;
            match step {
                BdatStep::Chunk(c) => {
                    assert!(
                        !c.is_empty() && c.len() == used,
                        "chunk of {} for {used}",
                        c.len()
                    );
                    out.content.extend_from_slice(c);
                }
                BdatStep::End { last: l } => {
                    assert_eq!(l, last, "LAST flag changed");
                    assert!(dec.is_done());
                    out.end = Some(consumed);
                    break 'pieces;
                }
                BdatStep::NeedMore => {
                    assert_eq!(used, input.len(), "NeedMore with input left");
                    break;
                }
            }
            input = &input[used..];
        }
    }
    out
}
