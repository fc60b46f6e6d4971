//! Blocking `std::net` drivers built on the sans-IO sessions of `smtp-proto`
//! and `pop3-proto`, with rustls for STARTTLS/STLS.

pub mod transport;
