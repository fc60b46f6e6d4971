//! The corpora every benchmark runs on, generated here from fixed seeds so
//! that each run (and each implementation in a run) sees the same bytes.
//!
//! One module per protocol; `body` holds the dot-stuffed message body that
//! SMTP `DATA` and POP3 `RETR` share.

pub mod body;
pub mod pop3;
pub mod rng;
pub mod smtp;
