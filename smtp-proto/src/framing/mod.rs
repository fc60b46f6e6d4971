//! Incremental framers that find message boundaries before any parsing.
//!
//! Each framer is resumable: it remembers how far it has looked, so feeding
//! input one byte at a time costs a small constant factor over one big read.
//! None of them owns a buffer; the caller keeps the bytes and drops what a
//! framer says was consumed.
//!
//! - [`LineFramer`]: CRLF lines with a length limit (command and reply lines).
//! - [`DataDecoder`]: the `DATA` body, dot-unstuffed, ending only at
//!   `<CRLF>.<CRLF>` (RFC 5321 §4.1.1.4, §4.5.2).
//! - [`BdatDecoder`]: a `BDAT` chunk of exactly its announced size (RFC 3030).
//! - [`DotStuffer`]: the sending side of `DATA`.

mod bare;
mod bdat;
mod buffer;
mod data;
mod line;
mod stuff;

pub use bare::{BareKind, BareLineEnding, BareLinePolicy};
pub use bdat::{BdatDecoder, BdatStep};
pub use buffer::InputBuffer;
pub use data::{DataDecoder, DataStep, Piece, RangeStep};
pub use line::{LineEnding, LineFramer, LineStep};
pub use stuff::{DotStuffer, StuffPolicy};
