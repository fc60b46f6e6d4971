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

use super::tools::{Requirement, ensure};

/// What every real server started by the tests offers, so lifecycle checks
/// and skips are written once: a new peer (an IMAP server) implements this
/// in its own file.
pub trait Peer {
    /// Its name in messages.
    const NAME: &'static str;

    /// What it needs from the machine.
    fn requirements() -> &'static [Requirement];

    /// The process id the test started (or adopted from the daemon's pid
    /// file), while it runs.
    fn pid(&self) -> Option<u32>;

    /// Its ports on 127.0.0.1.
    fn ports(&self) -> Vec<u16>;

    /// Stops it by that process id, and waits until its ports are free.
    fn stop(&mut self) -> anyhow::Result<()>;
}

/// Whether `P` can run here: see [`ensure`] (fails in CI when it cannot).
pub fn available<P: Peer>() -> bool {
    ensure(P::NAME, P::requirements())
}

impl Peer for dovecot::Dovecot {
    const NAME: &'static str = "Dovecot";

    fn requirements() -> &'static [Requirement] {
        &dovecot::REQUIREMENTS
    }

    fn pid(&self) -> Option<u32> {
        dovecot::Dovecot::pid(self)
    }

    fn ports(&self) -> Vec<u16> {
        dovecot::Dovecot::ports(self)
    }

    fn stop(&mut self) -> anyhow::Result<()> {
        dovecot::Dovecot::stop(self)
    }
}

impl Peer for postfix::Postfix {
    const NAME: &'static str = "Postfix";

    fn requirements() -> &'static [Requirement] {
        &postfix::REQUIREMENTS
    }

    fn pid(&self) -> Option<u32> {
        postfix::Postfix::pid(self)
    }

    fn ports(&self) -> Vec<u16> {
        vec![self.smtp_port()]
    }

    fn stop(&mut self) -> anyhow::Result<()> {
        postfix::Postfix::stop(self)
    }
}

impl Peer for aiosmtpd::Aiosmtpd {
    const NAME: &'static str = "aiosmtpd";

    fn requirements() -> &'static [Requirement] {
        &aiosmtpd::REQUIREMENTS
    }

    fn pid(&self) -> Option<u32> {
        aiosmtpd::Aiosmtpd::pid(self)
    }

    fn ports(&self) -> Vec<u16> {
        vec![self.port()]
    }

    fn stop(&mut self) -> anyhow::Result<()> {
        aiosmtpd::Aiosmtpd::stop(self)
    }
}
