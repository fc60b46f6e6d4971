//! Real clients run as child processes: swaks, curl, and Python's smtplib
//! and poplib (through the scripts in `conformance/peers/clients/`).

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::template::peers_dir;
use super::tools::{Requirement, program};

/// What swaks needs (Net::SSLeay for its STARTTLS).
pub const SWAKS: [Requirement; 2] = [
    Requirement::Program {
        name: "swaks",
        package: "swaks",
    },
    Requirement::PerlModule {
        name: "Net::SSLeay",
        package: "libnet-ssleay-perl",
    },
];

/// What curl needs.
pub const CURL: [Requirement; 1] = [Requirement::Program {
    name: "curl",
    package: "curl",
}];

/// What the Python clients need (smtplib and poplib are in the standard
/// library).
pub const PYTHON: [Requirement; 1] = [Requirement::Program {
    name: "python3",
    package: "python3",
}];

/// How long a client may take before the test counts it as hung.
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(60);

/// The outcome of a client run.
#[derive(Debug)]
pub struct Run {
    /// What ran.
    pub command: String,
    /// Its output.
    pub output: Output,
}

impl Run {
    /// Standard output as text.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    /// Fails with everything the client said unless it exited 0.
    pub fn expect_success(&self) -> anyhow::Result<&Self> {
        if self.output.status.success() {
            Ok(self)
        } else {
            anyhow::bail!(
                "{} failed ({})\n--- stdout\n{}\n--- stderr\n{}",
                self.command,
                self.output.status,
                self.stdout(),
                String::from_utf8_lossy(&self.output.stderr)
            )
        }
    }
}

/// Runs `cmd` to completion, killing it after [`CLIENT_TIMEOUT`].
pub fn run(cmd: &mut Command) -> anyhow::Result<Run> {
    let command = format!("{cmd:?}");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| anyhow::anyhow!("cannot run {command}: {e}"))?;
    let deadline = Instant::now() + CLIENT_TIMEOUT;
    while child.try_wait()?.is_none() {
        if Instant::now() >= deadline {
            child.kill()?;
            let output = child.wait_with_output()?;
            anyhow::bail!(
                "{command} hung for {CLIENT_TIMEOUT:?}\n--- stdout\n{}\n--- stderr\n{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output()?;
    Ok(Run { command, output })
}

/// `swaks` with `args`.
pub fn swaks(args: &[&str]) -> anyhow::Result<Run> {
    run(Command::new(program("swaks")?).args(args))
}

/// `curl` with `args` (silent, failing on protocol errors).
pub fn curl(args: &[&str]) -> anyhow::Result<Run> {
    run(Command::new(program("curl")?)
        .args(["--silent", "--show-error", "--max-time", "30"])
        .args(args))
}

/// `python3 conformance/peers/clients/<script>` with `args`.
pub fn python(script: &str, args: &[&str]) -> anyhow::Result<Run> {
    run(Command::new(program("python3")?)
        .arg(peers_dir().join("clients").join(script))
        .args(args))
}

/// `path` as a `&str` argument (test paths are UTF-8 temporary folders).
pub fn arg(path: &Path) -> anyhow::Result<&str> {
    path.to_str()
        .ok_or_else(|| anyhow::anyhow!("{} is not UTF-8", path.display()))
}
