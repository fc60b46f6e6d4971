//! `smtp-proto` drivers.

use crate::feed::{Progress, feed};
use crate::pieces::Pieces;
use smtp_proto::encode::Encode;
use smtp_proto::framing::{
    BareLinePolicy, DataDecoder, DataStep, DotStuffer, LineFramer, LineStep, StuffPolicy,
};
use smtp_proto::limits::Limits;
use smtp_proto::parse;
use smtp_proto::types::{Command, EhloReply, EnhancedCode, Reply};
use std::hint::black_box;

/// Decodes a terminated `DATA` body fed in `pieces`, handing each borrowed
/// chunk to `on_chunk`. Returns the content length; panics if the body is
/// refused or never ends.
pub fn data_body(
    wire: &[u8],
    pieces: Pieces,
    carry: &mut Vec<u8>,
    mut on_chunk: impl FnMut(&[u8]),
) -> usize {
    let mut decoder = DataDecoder::new(BareLinePolicy::Reject);
    let mut total = 0;
    let left = feed(wire, pieces, carry, |input| {
        let (used, step) = decoder.decode(input);
        match step {
            DataStep::Chunk(chunk) => {
                total += chunk.len();
                on_chunk(chunk);
                Progress::Consumed(used)
            }
            DataStep::NeedMore => Progress::NeedMore(used),
            DataStep::End => Progress::Done(used),
            DataStep::Bare(bare) => panic!("our DATA decoder refused the corpus: {bare}"),
        }
    });
    assert_eq!(
        left,
        Some(0),
        "our DATA decoder did not end at the terminator"
    );
    total
}

/// Dot-stuffs `plain` into `out` (cleared first) and terminates it.
pub fn data_encode(plain: &[u8], out: &mut Vec<u8>) -> usize {
    out.clear();
    let mut stuffer = DotStuffer::new(StuffPolicy::Reject);
    if let Err(bare) = stuffer.stuff(plain, out).and_then(|()| stuffer.finish(out)) {
        panic!("our dot-stuffer refused the corpus: {bare}");
    }
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

/// Decodes a complete EHLO reply into its capabilities.
pub fn decode_ehlo(reply: &[u8]) -> EhloReply<'_> {
    match parse::ehlo_reply(reply) {
        Ok(ehlo) => ehlo,
        Err(e) => panic!("ours refused the EHLO reply: {e}"),
    }
}

/// Decodes one complete reply and reads its enhanced code (which Stalwart's
/// decoder also extracts).
pub fn decode_reply(reply: &[u8]) -> (Reply<'_>, Option<EnhancedCode>) {
    match parse::reply(reply) {
        Ok(r) => {
            let code = r.enhanced_code();
            (r, code)
        }
        Err(e) => panic!("ours refused {:?}: {e}", String::from_utf8_lossy(reply)),
    }
}

/// Frames (line framer, RFC 5321 command line limit) and decodes a
/// pipelined command stream fed in `pieces`; returns the number of commands.
pub fn command_stream(input: &[u8], pieces: Pieces, carry: &mut Vec<u8>) -> usize {
    let mut framer = LineFramer::new(Limits::default().command_line);
    let mut count = 0;
    feed(input, pieces, carry, |buf| match framer.next_line(buf) {
        LineStep::Line { len, .. } => {
            let line = buf.get(..len).unwrap_or_default();
            // Kept and looked at by reference, as Stalwart's stream does:
            // moving it into `black_box` is a copy the other side skips.
            match parse::command(line) {
                Ok(command) => black_box(&command),
                Err(e) => panic!("ours refused {:?}: {e}", String::from_utf8_lossy(line)),
            };
            count += 1;
            Progress::Consumed(len)
        }
        LineStep::NeedMore => Progress::NeedMore(0),
        other => panic!("our line framer refused the command stream: {other:?}"),
    });
    count
}

/// Frames (line by line, a reply ending at its `NNN SP` line) and decodes
/// a stream of replies fed in `pieces`; returns the number of replies.
pub fn reply_stream(input: &[u8], pieces: Pieces, carry: &mut Vec<u8>) -> usize {
    let mut framer = LineFramer::new(Limits::client().reply_line);
    let mut count = 0;
    // Octets of the current reply's lines already framed; they stay in the
    // input until the reply's last line arrives.
    let mut pending = 0;
    feed(input, pieces, carry, |buf| {
        let rest = buf.get(pending..).unwrap_or_default();
        match framer.next_line(rest) {
            LineStep::Line { len, .. } => {
                let last = rest.get(3) != Some(&b'-');
                pending += len;
                if !last {
                    return Progress::Consumed(0);
                }
                let reply = buf.get(..pending).unwrap_or_default();
                // By reference, as Stalwart's stream does (see above).
                match parse::reply(reply) {
                    Ok(r) => black_box((&r, r.enhanced_code())),
                    Err(e) => panic!("ours refused {:?}: {e}", String::from_utf8_lossy(reply)),
                };
                count += 1;
                let used = pending;
                pending = 0;
                Progress::Consumed(used)
            }
            LineStep::NeedMore => Progress::NeedMore(0),
            other => panic!("our line framer refused the reply stream: {other:?}"),
        }
    });
    count
}
