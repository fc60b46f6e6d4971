//! SMTP BDAT chunks, client to server: a `BDAT size [LAST]` command line
//! decoded, then the chunk counted out of what follows, in pieces: exactly
//! `size` octets of content, nothing read past them, the same for any cut.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailwire_fuzz::pieces::{Pieces, split_input};
use mailwire_fuzz::smtp::frame;
use smtp_proto::parse;
use smtp_proto::types::Command;

fuzz_target!(|data: &[u8]| {
    let (pieces, msg) = split_input(data);
    let Some(lf) = msg.iter().position(|&b| b == b'\n') else {
        return;
    };
    let (line, rest) = msg.split_at(lf + 1);
    let Ok(Command::Bdat { size, last }) = parse::command(line) else {
        return;
    };
    let cut = frame::bdat(pieces, rest, size, last);
    assert_eq!(
        cut,
        frame::bdat(Pieces::WHOLE, rest, size, last),
        "BDAT depends on the cut"
    );
    let take = usize::try_from(size).unwrap_or(usize::MAX).min(rest.len());
    assert_eq!(
        cut.content,
        &rest[..take],
        "BDAT content is not the next {size} octets"
    );
    let complete = u64::try_from(rest.len()).is_ok_and(|n| n >= size);
    assert_eq!(
        cut.end,
        complete.then_some(take),
        "BDAT ended at the wrong place"
    );
});
