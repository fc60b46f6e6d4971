//! Transcripts, the replay oracle and the pieces of the `mailwire` tool.
//!
//! - [`transcript`]: the reader for `conformance/transcripts/**.txt`.
//! - [`replay`]: the oracle every transcript is held to, one adapter per
//!   protocol.
//! - [`runner`]: replaying files and directories, as `mailwire replay` and
//!   `cargo test` do.

pub mod decode;
pub mod demo;
pub mod render;
pub mod replay;
pub mod runner;
pub mod transcript;

#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
