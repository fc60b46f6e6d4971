//! Incremental framers that find message boundaries before any parsing.
//!
//! - [`LineFramer`]: CRLF lines with a length limit (commands, status lines,
//!   SASL lines, listing lines).
//! - [`BodyDecoder`]: multi-line bodies, dot-unstuffed as they stream in.
//! - [`DotStuffer`]: the sending side of multi-line bodies.
//! - [`InputBuffer`]: the receive buffer they read, as sessions keep it.
//!
//! None of them owns a buffer: the caller passes the unconsumed input and
//! drops what each step names, so content can be borrowed, never copied.

mod bare_lf;
mod body;
mod buffer;
mod error;
mod line;
mod stuff;

pub use bare_lf::BareLf;
pub use body::{BodyDecoder, BodyStep};
pub use buffer::InputBuffer;
pub use error::{FrameError, FrameErrorKind};
pub(crate) use line::find_lf;
pub use line::{LineFramer, LineStep};
pub use stuff::DotStuffer;
