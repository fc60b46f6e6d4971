//! Our crates, driven through their framers (and, for the footprint, their
//! sessions) the way a server or client built on them would.

pub mod pop3;
pub mod pop3_session;
pub mod smtp;
pub mod smtp_session;
