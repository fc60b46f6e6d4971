//! Helpers shared by the fuzz targets of `smtp-proto` and `pop3-proto`
//! (and later `imap-proto`).
//!
//! - [`pieces`]: the piece sizes a target feeds a framer with, taken from
//!   the front of its input.
//! - [`pop3`]: framer drivers for pop3-proto and builders of its values
//!   from raw bytes.
//!
//! The targets assert properties, not just "does not panic": framing is
//! the same however the input is cut, buffers stay bounded, a framer
//! always makes progress, and what is decoded encodes back to bytes that
//! decode to the same value.

pub mod draw;
pub mod ops;
pub mod pieces;
pub mod pop3;
pub mod smtp;
