//! `pop3-proto` drivers.

use crate::feed::{Progress, feed};
use crate::pieces::Pieces;
use pop3_proto::framing::{BareLf, BodyDecoder, BodyStep, DotStuffer, LineFramer, LineStep};
use pop3_proto::limits::Limits;

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
