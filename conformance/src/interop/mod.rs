//! Interop with real mail software: Postfix, Dovecot and aiosmtpd as
//! servers, curl, Python and swaks as clients, all on 127.0.0.1.
//!
//! The pieces, each in its own file:
//! - [`tools`]: finding the programs a peer needs, and what to do when one
//!   is missing (say which package brings it; fail when `CI=true`).
//! - [`workdir`], [`template`], [`ports`], [`cert`]: a private temporary
//!   folder per test, the config templates of `conformance/peers/` filled
//!   in, free high ports, and a self-signed certificate made with openssl.
//! - [`process`]: a daemon started by a test and stopped by the process id
//!   that test started (on `Drop` too).
//! - [`peers`]: one file per real server (`dovecot`, `postfix`, `aiosmtpd`).
//!   A new protocol (IMAP) is a new Dovecot fragment in
//!   `conformance/peers/dovecot/` and a new driver, not a change here.
//! - [`record`], [`proxy`], [`capture`]: recording both directions of a
//!   conversation byte for byte, and writing it as a transcript under
//!   `conformance/transcripts/captured/`.
//! - [`clients`]: real clients (swaks, curl, Python) run as child processes;
//!   [`message`]: the message sent, and the byte-for-byte check of what
//!   comes back.
//! - [`tls`]: rustls configurations that trust exactly the test certificate.
//!   TLS lives in the drivers, never in the codecs.
//! - [`examples`]: the crates' example servers, built with cargo and run as
//!   daemons for the real clients.
//! - [`drivers`]: blocking `std::net` clients and servers built on the
//!   sans-IO sessions of `smtp-proto` and `pop3-proto`.

pub mod capture;
pub mod cert;
pub mod clients;
pub mod drivers;
pub mod examples;
pub mod message;
pub mod peers;
pub mod ports;
pub mod process;
pub mod proxy;
pub mod record;
pub mod template;
pub mod tls;
pub mod tools;
pub mod workdir;
