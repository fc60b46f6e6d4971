//! IMAP4rev2 (RFC 9051) and IMAP4rev1 (RFC 3501) wire codec and sessions.
//!
//! Not implemented yet: this crate holds the workspace's place for the IMAP
//! codec, which arrives in a later batch of work. It exposes no API today, so
//! nothing can depend on a half-built IMAP surface.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
