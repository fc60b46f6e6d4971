//! Transcripts, the replay oracle and the pieces of the `mailwire` tool.
//!
//! - [`transcript`]: the reader for `conformance/transcripts/**.txt`.
//! - [`replay`]: the oracle every transcript is held to, one adapter per
//!   protocol.
//! - [`runner`]: replaying files and directories, as `mailwire replay` and
//!   `cargo test` do.
//! - [`interop`]: real servers and clients on 127.0.0.1, and the captures
//!   of their conversations.

pub mod decode;
pub mod demo;
pub mod interop;
pub mod render;
pub mod replay;
pub mod runner;
pub mod transcript;

#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
