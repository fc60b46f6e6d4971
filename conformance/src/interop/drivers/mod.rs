//! Blocking `std::net` drivers built on the sans-IO sessions of `smtp-proto`
//! and `pop3-proto`, with rustls for STARTTLS/STLS. Every byte read goes
//! through a session, and every byte written comes out of one.

pub mod pop3_client;
pub mod pop3_server;
pub mod serve;
pub mod smtp_client;
pub mod smtp_server;
pub mod transport;
