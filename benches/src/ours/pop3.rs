//! `pop3-proto` drivers.

use crate::feed::{Progress, feed};
use crate::pieces::Pieces;
use pop3_proto::encode::Encode;
use pop3_proto::framing::{BareLf, BodyDecoder, BodyStep, DotStuffer, LineFramer, LineStep};
use pop3_proto::limits::Limits;
use pop3_proto::parse;
use pop3_proto::session::BodyLine;
use pop3_proto::types::{Command, Response};
use std::hint::black_box;

/// Frames a multi-line reply (status line, then the dot-stuffed body) fed in
/// `pieces`: the status line goes to `on_status`, each borrowed content
/// chunk to `on_chunk`. Returns the content length; panics if refused.
pub fn multiline_reply(
    wire: &[u8],
    pieces: Pieces,
    carry: &mut Vec<u8>,
    mut on_status: impl FnMut(&[u8]),
    mut on_chunk: impl FnMut(&[u8]),
) -> usize {
    let limits = Limits::DEFAULT;
    let mut line = LineFramer::new();
    let mut body: Option<BodyDecoder> = None;
    let mut total = 0;
    let left = feed(wire, pieces, carry, |input| match &mut body {
        None => match line.poll(input, limits.response_line) {
            LineStep::Line {
                len,
                bare_lf: false,
            } => {
                on_status(input.get(..len).unwrap_or_default());
                body = Some(BodyDecoder::new(
                    limits.body_line,
                    limits.body,
                    BareLf::Pass,
                ));
                Progress::Consumed(len)
            }
            LineStep::NeedMore => Progress::NeedMore(0),
            other => panic!("our line framer refused the status line: {other:?}"),
        },
        Some(decoder) => match decoder.decode(input) {
            Ok(BodyStep::Data(n)) => {
                let chunk = input.get(..n).unwrap_or_default();
                total += n;
                on_chunk(chunk);
                Progress::Consumed(n)
            }
            Ok(BodyStep::Skip(n)) => Progress::Consumed(n),
            Ok(BodyStep::End(n)) => Progress::Done(n),
            Ok(BodyStep::NeedMore) => Progress::NeedMore(0),
            Ok(BodyStep::Crlf) => panic!("bare LF normalised, but the policy passes them"),
            Err(e) => panic!("our body decoder refused the corpus: {e:?}"),
        },
    });
    assert_eq!(
        left,
        Some(0),
        "our body decoder did not end at the terminator"
    );
    total
}

/// Dot-stuffs `plain` into `out` (cleared first) and terminates it.
pub fn body_encode(plain: &[u8], out: &mut Vec<u8>) -> usize {
    out.clear();
    let mut stuffer = DotStuffer::new();
    stuffer.stuff(plain, out);
    stuffer.finish(out);
    out.len()
}

/// Decodes one complete command line.
pub fn decode_command(line: &[u8]) -> Command<'_> {
    match parse::command(line) {
        Ok(command) => command,
        Err(e) => panic!("ours refused {:?}: {e}", String::from_utf8_lossy(line)),
    }
}

/// Encodes `value` into `out` (cleared first).
pub fn encode(value: &impl Encode, out: &mut Vec<u8>) {
    out.clear();
    value.encode(out);
}

/// Frames (RFC 2449 §4 command line limit) and decodes a pipelined
/// command stream fed in `pieces`; returns the number of commands.
pub fn command_stream(input: &[u8], pieces: Pieces, carry: &mut Vec<u8>) -> usize {
    let limit = Limits::DEFAULT.command_line;
    let mut framer = LineFramer::new();
    let mut count = 0;
    feed(input, pieces, carry, |buf| match framer.poll(buf, limit) {
        LineStep::Line {
            len,
            bare_lf: false,
        } => {
            black_box(decode_command(buf.get(..len).unwrap_or_default()));
            count += 1;
            Progress::Consumed(len)
        }
        LineStep::NeedMore => Progress::NeedMore(0),
        other => panic!("our line framer refused the command stream: {other:?}"),
    });
    count
}

/// Which typed lines a multi-line reply holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// `LIST`: scan listings.
    Scan,
    /// `UIDL`: unique-id listings.
    UniqueId,
    /// `CAPA`: capabilities.
    Capability,
}

/// Frames a multi-line reply of typed lines (status line, lines, `.`) fed
/// in `pieces` and decodes every line; returns the number of lines. Lines
/// of these bodies never start with a dot, so no unstuffing is involved
/// (as in the client session).
pub fn listing(reply: &[u8], kind: Listing, pieces: Pieces, carry: &mut Vec<u8>) -> usize {
    let limits = Limits::DEFAULT;
    let mut framer = LineFramer::new();
    let mut status = true;
    // Kept beside the flag: chosen from it on every call (one byte at a
    // time, every byte) it cost a chain of loads per call.
    let mut limit = limits.response_line;
    let mut count = 0;
    let left = feed(reply, pieces, carry, |buf| match framer.poll(buf, limit) {
        LineStep::Line {
            len,
            bare_lf: false,
        } => {
            let line = buf.get(..len).unwrap_or_default();
            if status {
                status = false;
                limit = limits.body_line;
                match parse::response(line) {
                    Ok(r) if r.is_ok() => black_box(r),
                    other => panic!("ours refused the status line: {other:?}"),
                };
                return Progress::Consumed(len);
            }
            if line == b".\r\n" {
                return Progress::Done(len);
            }
            let ok = match kind {
                Listing::Scan => parse::scan_listing(line)
                    .map(|l| black_box(l.octets))
                    .is_ok(),
                Listing::UniqueId => parse::unique_id_listing(line)
                    .map(|l| black_box(l.msg))
                    .is_ok(),
                Listing::Capability => parse::capability(line).map(black_box).is_ok(),
            };
            assert!(ok, "ours refused {:?}", String::from_utf8_lossy(line));
            count += 1;
            Progress::Consumed(len)
        }
        LineStep::NeedMore => Progress::NeedMore(0),
        other => panic!("our line framer refused the listing: {other:?}"),
    });
    assert_eq!(left, Some(0), "the listing did not end at its terminator");
    count
}

/// A whole multi-line reply of typed lines as values: status line, lines.
pub fn decode_listing(reply: &[u8], kind: Listing) -> (Response<'_>, Vec<BodyLine<'_>>) {
    let mut lines = reply.split_inclusive(|&b| b == b'\n');
    let status = lines.next().unwrap_or_default();
    let status = parse::response(status).unwrap_or_else(|e| panic!("corpus status line: {e}"));
    let values = lines
        .take_while(|l| *l != b".\r\n")
        .map(|line| {
            let value = match kind {
                Listing::Scan => parse::scan_listing(line).map(BodyLine::Scan),
                Listing::UniqueId => parse::unique_id_listing(line).map(BodyLine::UniqueId),
                Listing::Capability => parse::capability(line).map(BodyLine::Capability),
            };
            value.unwrap_or_else(|e| panic!("corpus listing line: {e}"))
        })
        .collect();
    (status, values)
}

/// Encodes a multi-line reply of typed lines into `out` (cleared first):
/// status line, each line, the terminator. Typed lines never start with a
/// dot, so none needs stuffing.
pub fn encode_listing(status: &Response<'_>, lines: &[BodyLine<'_>], out: &mut Vec<u8>) {
    out.clear();
    status.encode(out);
    for line in lines {
        match line {
            BodyLine::Scan(l) => l.encode(out),
            BodyLine::UniqueId(l) => l.encode(out),
            BodyLine::Capability(c) => c.encode(out),
            BodyLine::Language(l) => l.encode(out),
            BodyLine::Mechanism(m) => {
                out.extend_from_slice(m.as_str().as_bytes());
                out.extend_from_slice(b"\r\n");
            }
        }
    }
    out.extend_from_slice(b".\r\n");
}
