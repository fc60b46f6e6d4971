//! The crates' example servers (`smtp-proto/examples/server.rs`,
//! `pop3-proto/examples/server.rs`) built with cargo and run as daemons, so
//! real clients can be pointed at exactly what a user of the crates would
//! run first. Plaintext only: the examples have no TLS (the in-process
//! servers of [`super::drivers`] cover STARTTLS/STLS).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use super::ports::{free_ports, wait_for_port};
use super::process::Daemon;
use super::workdir::Workdir;

/// Both examples are called `server`, so cargo puts both at
/// `target/debug/examples/server`: build and copy one at a time.
static BUILD: Mutex<()> = Mutex::new(());

/// Builds `package`'s `server` example and returns a copy of it that the
/// other package's build cannot overwrite.
pub fn build(package: &str) -> anyhow::Result<PathBuf> {
    let _guard = BUILD
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or_else(|| anyhow::anyhow!("conformance has no parent folder"))?;
    let out = Command::new(cargo)
        .args(["build", "-p", package, "--example", "server"])
        .arg("--message-format=json-render-diagnostics")
        .current_dir(workspace)
        .stdin(Stdio::null())
        .output()?;
    if !out.status.success() {
        anyhow::bail!(
            "building {package}'s example server failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let exe = stdout
        .lines()
        .filter(|l| l.contains("\"target\"") && l.contains("\"example\""))
        .find_map(|l| {
            let start = l.find("\"executable\":\"")? + "\"executable\":\"".len();
            let end = start + l[start..].find('"')?;
            Some(PathBuf::from(&l[start..end]))
        })
        .ok_or_else(|| anyhow::anyhow!("cargo named no executable for {package}'s example"))?;
    let dir = exe
        .parent()
        .ok_or_else(|| anyhow::anyhow!("{} has no folder", exe.display()))?
        .join("interop");
    std::fs::create_dir_all(&dir)?;
    let copy = dir.join(format!("{package}-server"));
    std::fs::copy(&exe, &copy)?;
    Ok(copy)
}

/// A running example server.
#[derive(Debug)]
pub struct ExampleServer {
    // Field order is drop order: stop the daemon, then remove its folder.
    daemon: Daemon,
    port: u16,
    workdir: Workdir,
}

impl ExampleServer {
    /// Builds and starts `smtp-proto`'s example server on a free port.
    pub fn smtp() -> anyhow::Result<Self> {
        let port = free_ports(1)?[0];
        Self::start("smtp-proto", port, &[port.to_string()])
    }

    /// Builds and starts `pop3-proto`'s example server on a free port,
    /// with the login `user` / `password`.
    pub fn pop3(user: &str, password: &str) -> anyhow::Result<Self> {
        let port = free_ports(1)?[0];
        let addr = format!("127.0.0.1:{port}");
        Self::start("pop3-proto", port, &[addr, user.into(), password.into()])
    }

    fn start(package: &str, port: u16, args: &[String]) -> anyhow::Result<Self> {
        let exe = build(package)?;
        let workdir = Workdir::new(&format!("{package}-example"))?;
        let log = std::fs::File::create(workdir.path().join("server.log"))?;
        let mut daemon = Daemon::spawn(
            &format!("{package} example server"),
            Command::new(exe)
                .args(args)
                .stdin(Stdio::null())
                .stdout(log.try_clone()?)
                .stderr(log),
        )?;
        if let Err(e) = wait_for_port(port, Duration::from_secs(10), || daemon.check_alive()) {
            anyhow::bail!(
                "the {package} example did not start: {e}\n--- log\n{}",
                workdir.tail("server.log", 3000)
            );
        }
        Ok(Self {
            daemon,
            port,
            workdir,
        })
    }

    /// Its port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// What it printed so far.
    pub fn log(&self) -> String {
        self.workdir.tail("server.log", 1 << 20)
    }

    /// Stops it by the process id this test started.
    pub fn stop(&mut self) -> anyhow::Result<()> {
        self.daemon.stop()
    }
}
