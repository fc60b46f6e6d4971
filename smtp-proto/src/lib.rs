//! SMTP codec and sessions without I/O (being written).
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod client;
pub mod encode;
pub mod error;
pub mod framing;
pub mod limits;
pub mod parse;
pub mod quirks;
pub mod server;
pub mod session;
pub mod types;
