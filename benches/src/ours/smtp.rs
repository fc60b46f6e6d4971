//! `smtp-proto` drivers.

use crate::feed::{Progress, feed};
use crate::pieces::Pieces;
use smtp_proto::framing::{BareLinePolicy, DataDecoder, DataStep, DotStuffer, StuffPolicy};

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
