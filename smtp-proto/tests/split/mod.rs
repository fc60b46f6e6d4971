//! Shared by the test files: run a framer over every way of splitting its
//! input (whole, at each single split point, one byte at a time) and check
//! that the outcome is the same.

#![allow(dead_code)]

use smtp_proto::framing::{
    BareLineEnding, BareLinePolicy, BdatDecoder, BdatStep, DataDecoder, DataStep, LineFramer,
    LineStep,
};

/// Every way the tests split `input`: whole, in two at each point, and one
/// byte at a time.
pub fn splits(input: &[u8]) -> Vec<Vec<&[u8]>> {
    let mut out = vec![vec![input]];
    for k in 1..input.len() {
        out.push(vec![&input[..k], &input[k..]]);
    }
    out.push(input.chunks(1).collect());
    out
}

/// Runs `f` on every split of `input`, asserts all outcomes are equal, and
/// returns it.
pub fn same_for_all_splits<T: PartialEq + core::fmt::Debug>(
    input: &[u8],
    mut f: impl FnMut(&[&[u8]]) -> T,
) -> T {
    let whole = f(&[input]);
    for pieces in splits(input) {
        let got = f(&pieces);
        assert_eq!(got, whole, "outcome differs when split as {pieces:?}");
    }
    whole
}

/// What a `DATA` decoder made of some input.
#[derive(Debug, PartialEq, Eq, Default)]
pub struct DataOutcome {
    pub content: Vec<u8>,
    pub bares: Vec<BareLineEnding>,
    /// Octets consumed up to and including the end-of-data line.
    pub end_at: Option<usize>,
    /// Input left after the end of data.
    pub rest: Vec<u8>,
    /// Decoder calls made (to check linear work).
    pub calls: usize,
}

/// Feeds `pieces` to a [`DataDecoder`] the way a session would: keeps the
/// unconsumed bytes and appends each new piece.
pub fn run_data(policy: BareLinePolicy, pieces: &[&[u8]]) -> DataOutcome {
    let mut dec = DataDecoder::new(policy);
    let mut buf: Vec<u8> = Vec::new();
    let mut out = DataOutcome::default();
    for piece in pieces {
        buf.extend_from_slice(piece);
        if out.end_at.is_some() {
            continue;
        }
        loop {
            out.calls += 1;
            let (used, step) = dec.decode(&buf);
            let mut stop = false;
            match step {
                DataStep::Chunk(c) => {
                    assert!(!c.is_empty(), "empty chunk");
                    out.content.extend_from_slice(c)
                }
                DataStep::Bare(b) => out.bares.push(b),
                DataStep::End => {
                    out.end_at = Some(dec.offset());
                    stop = true;
                }
                DataStep::NeedMore => stop = true,
            }
            buf.drain(..used);
            if stop {
                break;
            }
        }
    }
    out.rest = buf;
    // Calls are not part of the equality across splits.
    out.calls = 0;
    out
}

/// Like [`run_data`] but returns the call count, for the linear-work check.
pub fn count_data_calls(policy: BareLinePolicy, pieces: &[&[u8]]) -> usize {
    let mut dec = DataDecoder::new(policy);
    let mut buf: Vec<u8> = Vec::new();
    let mut calls = 0;
    for piece in pieces {
        buf.extend_from_slice(piece);
        loop {
            calls += 1;
            let (used, step) = dec.decode(&buf);
            let stop = matches!(step, DataStep::End | DataStep::NeedMore);
            buf.drain(..used);
            if stop {
                break;
            }
        }
    }
    calls
}

/// What a line framer made of some input: each line (or `Err(total)` for a
/// line over the limit), and what was left.
#[derive(Debug, PartialEq, Eq, Default)]
pub struct LinesOutcome {
    pub lines: Vec<Result<Vec<u8>, usize>>,
    pub rest: Vec<u8>,
}

pub fn run_lines(limit: usize, pieces: &[&[u8]]) -> LinesOutcome {
    let mut framer = LineFramer::new(limit);
    let mut buf: Vec<u8> = Vec::new();
    let mut out = LinesOutcome::default();
    for piece in pieces {
        buf.extend_from_slice(piece);
        loop {
            match framer.next_line(&buf) {
                LineStep::Line { len, .. } => {
                    out.lines.push(Ok(buf[..len].to_vec()));
                    buf.drain(..len);
                }
                LineStep::Discard { len } => {
                    buf.drain(..len);
                }
                LineStep::TooLong { len, total } => {
                    out.lines.push(Err(total));
                    buf.drain(..len);
                }
                LineStep::NeedMore => break,
            }
        }
    }
    out.rest = buf;
    out
}

/// Feeds `pieces` to a [`BdatDecoder`] for `size` octets; returns the
/// content, whether the end was seen, and what is left.
pub fn run_bdat(size: u64, pieces: &[&[u8]]) -> (Vec<u8>, bool, Vec<u8>) {
    let mut dec = BdatDecoder::new(size, true);
    let mut buf: Vec<u8> = Vec::new();
    let mut content = Vec::new();
    let mut ended = false;
    for piece in pieces {
        buf.extend_from_slice(piece);
        while !ended {
            let (used, step) = dec.decode(&buf);
            let more = match step {
                BdatStep::Chunk(c) => {
                    content.extend_from_slice(c);
                    true
                }
                BdatStep::End { last } => {
                    assert!(last);
                    ended = true;
                    false
                }
                BdatStep::NeedMore => false,
            };
            buf.drain(..used);
            if !more {
                break;
            }
        }
    }
    (content, ended, buf)
}
