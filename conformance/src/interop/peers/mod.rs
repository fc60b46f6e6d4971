//! The real servers, one file each. Each starts in its own [`Workdir`] on
//! free 127.0.0.1 ports, from the templates in `conformance/peers/`, and is
//! stopped by the process id it started when dropped.
//!
//! A test first checks the peer's [`Requirement`]s with
//! [`tools::ensure`](super::tools::ensure) (which says what is missing, and
//! fails in CI), then starts it.
//!
//! [`Workdir`]: super::workdir::Workdir
//! [`Requirement`]: super::tools::Requirement

pub mod aiosmtpd;
pub mod dovecot;
pub mod postfix;

/// Test accounts known to Dovecot (and so to Postfix's SASL) and aiosmtpd:
/// `(login, password)`. Test credentials only, so transcripts keep them.
pub const USERS: [(&str, &str); 3] = [
    ("alice@example.org", "alice-secret"),
    ("bob@example.org", "bob-secret"),
    ("carol@example.org", "carol-secret"),
];
