//! aiosmtpd, Python's SMTP server: STARTTLS and AUTH PLAIN/LOGIN, no
//! CHUNKING and no DSN. It stores what it accepts in a spool folder that a
//! test can read back.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::interop::cert::TestCert;
use crate::interop::ports::{free_ports, wait_for_port, wait_until_closed};
use crate::interop::process::Daemon;
use crate::interop::template::peers_dir;
use crate::interop::tools::{Requirement, program};
use crate::interop::workdir::Workdir;

/// What aiosmtpd needs from the machine.
pub const REQUIREMENTS: [Requirement; 3] = [
    Requirement::Program {
        name: "python3",
        package: "python3",
    },
    Requirement::PythonModule {
        name: "aiosmtpd",
        package: "aiosmtpd",
    },
    Requirement::Program {
        name: "openssl",
        package: "openssl",
    },
];

/// A running aiosmtpd.
#[derive(Debug)]
pub struct Aiosmtpd {
    // Field order is drop order: stop the daemon, then remove its folder.
    daemon: Daemon,
    port: u16,
    cert: TestCert,
    spool: PathBuf,
    workdir: Workdir,
}

impl Aiosmtpd {
    /// Starts `conformance/peers/aiosmtpd/server.py`.
    pub fn start() -> anyhow::Result<Self> {
        let workdir = Workdir::new("aiosmtpd")?;
        let dir = workdir.path().to_path_buf();
        let spool = workdir.subdir("spool")?;
        let cert = TestCert::generate(&dir)?;
        let port = free_ports(1)?[0];
        let log = std::fs::File::create(dir.join("aiosmtpd.log"))?;
        let mut daemon = Daemon::spawn(
            "aiosmtpd",
            Command::new(program("python3")?)
                .arg(peers_dir().join("aiosmtpd/server.py"))
                .arg("--port")
                .arg(port.to_string())
                .arg("--cert")
                .arg(&cert.cert_pem)
                .arg("--key")
                .arg(&cert.key_pem)
                .arg("--spool")
                .arg(&spool)
                .stdin(Stdio::null())
                .stdout(log.try_clone()?)
                .stderr(log),
        )?;
        if let Err(e) = wait_for_port(port, Duration::from_secs(15), || daemon.check_alive()) {
            anyhow::bail!(
                "aiosmtpd did not start: {e}\n--- aiosmtpd.log\n{}",
                workdir.tail("aiosmtpd.log", 3000)
            );
        }
        Ok(Self {
            daemon,
            port,
            cert,
            spool,
            workdir,
        })
    }

    /// The SMTP port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The certificate it presents after STARTTLS.
    pub fn cert(&self) -> &TestCert {
        &self.cert
    }

    /// Waits up to `timeout` for the `n`th message (from 1) and returns its
    /// bytes as aiosmtpd received them (after dot-unstuffing).
    pub fn message(&self, n: usize, timeout: Duration) -> anyhow::Result<Vec<u8>> {
        let path = self.spool.join(format!("{n}.eml"));
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(bytes) = std::fs::read(&path) {
                return Ok(bytes);
            }
            if Instant::now() >= deadline {
                anyhow::bail!(
                    "aiosmtpd stored no message {n}\n--- aiosmtpd.log\n{}",
                    self.workdir.tail("aiosmtpd.log", 3000)
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops aiosmtpd by the process id this test started, and waits
    /// until its port is free.
    pub fn stop(&mut self) -> anyhow::Result<()> {
        self.daemon.stop()?;
        wait_until_closed(self.port, Duration::from_secs(5))
    }

    /// The process id this test started.
    pub fn pid(&self) -> Option<u32> {
        self.daemon.pid()
    }
}
