//! Dovecot: POP3 and LMTP (and later IMAP) from one instance, with its auth
//! service on a TCP port for Postfix. Each protocol is a fragment
//! `conformance/peers/dovecot/<name>.conf` that uses `{{<NAME>_PORT}}`; a new
//! protocol is a new fragment.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::interop::cert::TestCert;
use crate::interop::ports::{free_ports, wait_for_port, wait_until_closed};
use crate::interop::process::Daemon;
use crate::interop::template::Values;
use crate::interop::tools::{Requirement, program, system_user, user_ids};
use crate::interop::workdir::Workdir;

/// What Dovecot needs from the machine for POP3 and LMTP (the protocols
/// the tests start it with; IMAP adds `/usr/lib/dovecot/imap`).
pub const REQUIREMENTS: [Requirement; 5] = [
    Requirement::Root,
    Requirement::Program {
        name: "dovecot",
        package: "dovecot-core",
    },
    Requirement::Program {
        name: "openssl",
        package: "openssl",
    },
    Requirement::File {
        path: "/usr/lib/dovecot/pop3",
        package: "dovecot-pop3d",
    },
    Requirement::File {
        path: "/usr/lib/dovecot/lmtp",
        package: "dovecot-lmtpd",
    },
];

/// The Debian package that brings the Dovecot service `protocol`.
pub fn package_for(protocol: &str) -> &'static str {
    match protocol {
        "pop3" => "dovecot-pop3d",
        "lmtp" => "dovecot-lmtpd",
        "imap" => "dovecot-imapd",
        _ => "dovecot-core",
    }
}

/// A running Dovecot.
#[derive(Debug)]
pub struct Dovecot {
    // Field order is drop order: stop the daemon, then remove its folder.
    daemon: Daemon,
    ports: Vec<(String, u16)>,
    auth_port: u16,
    cert: TestCert,
    workdir: Workdir,
}

impl Dovecot {
    /// Starts Dovecot serving `protocols` (names of fragments in
    /// `conformance/peers/dovecot/`, such as `["pop3", "lmtp"]`).
    pub fn start(protocols: &[&str]) -> anyhow::Result<Self> {
        let workdir = Workdir::new("dovecot")?;
        let dir = workdir.path().to_path_buf();
        for sub in ["run", "state", "conf.d"] {
            workdir.subdir(sub)?;
        }
        let mail = workdir.subdir("mail")?;
        let cert = TestCert::generate(&dir)?;

        // Mail belongs to an unprivileged user: `nobody` when we are root.
        let (uid, gid) = match user_ids() {
            Some((0, _)) => system_user("nobody").unwrap_or((65534, 65534)),
            Some(ids) => ids,
            None => anyhow::bail!("cannot read this process's uid"),
        };
        std::os::unix::fs::chown(&mail, Some(uid), Some(gid))?;

        let ports = free_ports(protocols.len() + 1)?;
        let auth_port = ports[0];
        let named: Vec<(String, u16)> = protocols
            .iter()
            .zip(&ports[1..])
            .map(|(p, port)| (p.to_string(), *port))
            .collect();

        let mut values = Values::new();
        values
            .set("DIR", dir.display())
            .set("TAG", workdir.tag())
            .set("PROTOCOLS", protocols.join(" "))
            .set("AUTH_PORT", auth_port)
            .set("MAIL_UID", uid)
            .set("MAIL_GID", gid);
        for (name, port) in &named {
            values.set(&format!("{}_PORT", name.to_uppercase()), port);
        }
        values.render("dovecot/dovecot.conf", &dir.join("dovecot.conf"))?;
        values.render("dovecot/users", &dir.join("users"))?;
        for (name, _) in &named {
            values.render(
                &format!("dovecot/{name}.conf"),
                &dir.join(format!("conf.d/{name}.conf")),
            )?;
        }

        let stderr = std::fs::File::create(dir.join("dovecot.stderr"))?;
        let mut daemon = Daemon::spawn(
            "dovecot",
            Command::new(program("dovecot")?)
                .arg("-F")
                .arg("-c")
                .arg(dir.join("dovecot.conf"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(stderr),
        )?;
        let all_ports = std::iter::once(auth_port).chain(named.iter().map(|(_, p)| *p));
        for port in all_ports {
            if let Err(e) = wait_for_port(port, Duration::from_secs(10), || daemon.check_alive()) {
                anyhow::bail!(
                    "Dovecot did not start: {e}\n(is {} installed?)\n--- dovecot.stderr\n{}\n--- dovecot.log\n{}",
                    protocols
                        .iter()
                        .map(|p| package_for(p))
                        .collect::<Vec<_>>()
                        .join(", "),
                    workdir.tail("dovecot.stderr", 2000),
                    workdir.tail("dovecot.log", 2000)
                );
            }
        }
        Ok(Self {
            daemon,
            ports: named,
            auth_port,
            cert,
            workdir,
        })
    }

    /// The port of `protocol` (as named to [`Dovecot::start`]).
    pub fn port(&self, protocol: &str) -> Option<u16> {
        self.ports
            .iter()
            .find(|(name, _)| name == protocol)
            .map(|(_, port)| *port)
    }

    /// All its ports: the auth service's, then each protocol's.
    pub fn ports(&self) -> Vec<u16> {
        std::iter::once(self.auth_port)
            .chain(self.ports.iter().map(|(_, p)| *p))
            .collect()
    }

    /// The port of the auth service (Postfix's SASL).
    pub fn auth_port(&self) -> u16 {
        self.auth_port
    }

    /// The certificate Dovecot presents for STLS/STARTTLS.
    pub fn cert(&self) -> &TestCert {
        &self.cert
    }

    /// The maildir of `user`.
    pub fn maildir(&self, user: &str) -> PathBuf {
        self.workdir.path().join("mail").join(user)
    }

    /// The end of Dovecot's log, for failure messages.
    pub fn log_tail(&self) -> String {
        self.workdir.tail("dovecot.log", 4000)
    }

    /// Stops Dovecot by the process id this test started, and waits until
    /// its login processes have let go of the ports.
    pub fn stop(&mut self) -> anyhow::Result<()> {
        self.daemon.stop()?;
        for port in std::iter::once(self.auth_port).chain(self.ports.iter().map(|(_, p)| *p)) {
            wait_until_closed(port, Duration::from_secs(5))?;
        }
        Ok(())
    }

    /// The process id this test started.
    pub fn pid(&self) -> Option<u32> {
        self.daemon.pid()
    }
}

impl Dovecot {
    /// Waits up to `timeout` until `user`'s maildir holds `n` new messages
    /// (delivery through Postfix is asynchronous).
    pub fn wait_for_messages(
        &self,
        user: &str,
        n: usize,
        timeout: std::time::Duration,
    ) -> anyhow::Result<()> {
        let new = self.maildir(user).join("new");
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let count = std::fs::read_dir(&new).map(|d| d.count()).unwrap_or(0);
            if count >= n {
                return Ok(());
            }
            if std::time::Instant::now() >= deadline {
                anyhow::bail!(
                    "{user} has {count} of {n} messages after {timeout:?}\n--- dovecot.log\n{}",
                    self.log_tail()
                );
            }
            std::thread::sleep(std::time::Duration::from_millis(25));
        }
    }
}
