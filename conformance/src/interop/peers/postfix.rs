//! Postfix: SMTP submission with STARTTLS and SASL (through Dovecot's auth
//! service), delivering `example.org` over LMTP into Dovecot.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::interop::cert::TestCert;
use crate::interop::peers::dovecot::Dovecot;
use crate::interop::ports::{free_ports, wait_for_port, wait_until_closed};
use crate::interop::process::Daemon;
use crate::interop::template::Values;
use crate::interop::tools::{Requirement, program, system_user};
use crate::interop::workdir::Workdir;

/// What Postfix needs from the machine (besides Dovecot's own).
pub const REQUIREMENTS: [Requirement; 2] = [
    Requirement::Root,
    Requirement::Program {
        name: "postfix",
        package: "postfix",
    },
];

/// A running Postfix.
#[derive(Debug)]
pub struct Postfix {
    // Field order is drop order: stop the daemon, then remove its folder.
    daemon: Daemon,
    smtp_port: u16,
    workdir: Workdir,
}

impl Postfix {
    /// Starts Postfix delivering to `dovecot`'s LMTP service and
    /// authenticating through its auth service; presents `cert`.
    pub fn start(dovecot: &Dovecot, cert: &TestCert) -> anyhow::Result<Self> {
        let lmtp_port = dovecot.port("lmtp").ok_or_else(|| {
            anyhow::anyhow!("Postfix delivers over LMTP: start Dovecot with lmtp")
        })?;
        let workdir = Workdir::new("postfix")?;
        let dir = workdir.path().to_path_buf();
        let config = workdir.subdir("config")?;
        workdir.subdir("spool")?;
        // Postfix takes its lock files in data_directory as user postfix.
        let data = workdir.subdir("data")?;
        let (uid, gid) = system_user("postfix").ok_or_else(|| {
            anyhow::anyhow!("no `postfix` user: is the postfix package installed?")
        })?;
        std::os::unix::fs::chown(&data, Some(uid), Some(gid))?;
        std::fs::copy(&cert.cert_pem, dir.join("cert.pem"))?;
        std::fs::copy(&cert.key_pem, dir.join("key.pem"))?;

        let smtp_port = free_ports(1)?[0];
        let mut values = Values::new();
        values
            .set("DIR", dir.display())
            .set("SMTP_PORT", smtp_port)
            .set("LMTP_PORT", lmtp_port)
            .set("AUTH_PORT", dovecot.auth_port());
        values.render("postfix/main.cf", &config.join("main.cf"))?;
        values.render("postfix/master.cf", &config.join("master.cf"))?;

        // `postfix start` checks the config, starts master in the background
        // and returns; master writes its pid, and that pid is what we stop.
        let out = Command::new(program("postfix")?)
            .arg("-c")
            .arg(&config)
            .arg("start")
            .stdin(Stdio::null())
            .output()?;
        if !out.status.success() {
            anyhow::bail!(
                "`postfix start` failed ({}): {}\n--- postfix.log\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim(),
                workdir.tail("postfix.log", 3000)
            );
        }
        let mut daemon =
            Daemon::from_pid_file("postfix master", &dir.join("spool/pid/master.pid"))?;
        if let Err(e) = wait_for_port(smtp_port, Duration::from_secs(10), || daemon.check_alive()) {
            anyhow::bail!(
                "Postfix did not start: {e}\n--- postfix.log\n{}",
                workdir.tail("postfix.log", 3000)
            );
        }
        Ok(Self {
            daemon,
            smtp_port,
            workdir,
        })
    }

    /// The SMTP port.
    pub fn smtp_port(&self) -> u16 {
        self.smtp_port
    }

    /// The end of Postfix's log, for failure messages.
    pub fn log_tail(&self) -> String {
        self.workdir.tail("postfix.log", 4000)
    }

    /// Stops Postfix by the pid of the master it started, and waits until
    /// its smtpd processes have let go of the port.
    pub fn stop(&mut self) -> anyhow::Result<()> {
        self.daemon.stop()?;
        wait_until_closed(self.smtp_port, Duration::from_secs(5))
    }

    /// The master's process id.
    pub fn pid(&self) -> Option<u32> {
        self.daemon.pid()
    }
}
