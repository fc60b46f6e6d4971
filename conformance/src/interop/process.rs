//! A daemon started by a test, stopped by the process id that the test
//! started (never by name), on `stop()` or on drop.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// How long a daemon may take to exit after SIGTERM before SIGKILL.
/// Dovecot waits for its login and auth processes; on a loaded machine
/// that has taken several seconds.
pub const STOP_GRACE: Duration = Duration::from_secs(20);

/// How the daemon's process id is known.
#[derive(Debug)]
enum Handle {
    /// A foreground process this test spawned.
    Child(Child),
    /// A process that the spawned command forked and wrote into a pid
    /// file (Postfix's `master`).
    PidFile { pid: u32, file: PathBuf },
}

/// A running daemon. Dropping it sends SIGTERM, waits up to [`STOP_GRACE`],
/// then SIGKILL.
#[derive(Debug)]
pub struct Daemon {
    name: String,
    handle: Option<Handle>,
}

impl Daemon {
    /// Spawns `cmd` as a foreground daemon.
    pub fn spawn(name: &str, cmd: &mut Command) -> anyhow::Result<Self> {
        let child = cmd
            .spawn()
            .map_err(|e| anyhow::anyhow!("cannot start {name}: {e}"))?;
        Ok(Self {
            name: name.to_string(),
            handle: Some(Handle::Child(child)),
        })
    }

    /// Adopts the daemon whose pid is in `file` (written by the daemon
    /// itself after the start command returned).
    pub fn from_pid_file(name: &str, file: &Path) -> anyhow::Result<Self> {
        let deadline = Instant::now() + Duration::from_secs(10);
        let pid = loop {
            if let Some(pid) = read_pid(file) {
                break pid;
            }
            if Instant::now() >= deadline {
                anyhow::bail!("{name} wrote no pid into {}", file.display());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Ok(Self {
            name: name.to_string(),
            handle: Some(Handle::PidFile {
                pid,
                file: file.to_path_buf(),
            }),
        })
    }

    /// The daemon's process id.
    pub fn pid(&self) -> Option<u32> {
        match &self.handle {
            Some(Handle::Child(c)) => Some(c.id()),
            Some(Handle::PidFile { pid, .. }) => Some(*pid),
            None => None,
        }
    }

    /// `Ok` while the daemon runs; an error saying it exited otherwise.
    pub fn check_alive(&mut self) -> anyhow::Result<()> {
        match &mut self.handle {
            Some(Handle::Child(c)) => match c.try_wait()? {
                None => Ok(()),
                Some(status) => anyhow::bail!("{} exited: {status}", self.name),
            },
            Some(Handle::PidFile { pid, file }) => {
                if is_running(*pid) {
                    Ok(())
                } else {
                    anyhow::bail!("{} (pid {pid} from {}) is gone", self.name, file.display())
                }
            }
            None => anyhow::bail!("{} was stopped", self.name),
        }
    }

    /// Stops the daemon: SIGTERM to its pid, then SIGKILL after
    /// [`STOP_GRACE`]. Returns an error if it would not die.
    pub fn stop(&mut self) -> anyhow::Result<()> {
        let Some(handle) = self.handle.take() else {
            return Ok(());
        };
        match handle {
            Handle::Child(mut child) => {
                signal(child.id(), "TERM");
                let deadline = Instant::now() + STOP_GRACE;
                while child.try_wait()?.is_none() {
                    if Instant::now() >= deadline {
                        child.kill()?;
                        child.wait()?;
                        anyhow::bail!("{} ignored SIGTERM and was killed", self.name);
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
                Ok(())
            }
            Handle::PidFile { pid, .. } => {
                signal(pid, "TERM");
                let deadline = Instant::now() + STOP_GRACE;
                while is_running(pid) {
                    if Instant::now() >= deadline {
                        signal(pid, "KILL");
                        anyhow::bail!("{} (pid {pid}) ignored SIGTERM and was killed", self.name);
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
                Ok(())
            }
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Err(e) = self.stop() {
            eprintln!("{e}");
        }
    }
}

/// Sends `SIG<name>` to `pid` with kill(1): std has no signal but SIGKILL,
/// and this avoids a libc dependency for one call.
fn signal(pid: u32, name: &str) {
    let _ = Command::new("kill")
        .arg(format!("-{name}"))
        .arg(pid.to_string())
        .stderr(std::process::Stdio::null())
        .status();
}

/// Whether `pid` is a live process (a zombie counts as gone: it has exited,
/// and its parent, not this test, is the one to reap it).
fn is_running(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the parenthesised command name.
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X"),
        Err(_) => false,
    }
}

fn read_pid(file: &Path) -> Option<u32> {
    std::fs::read_to_string(file).ok()?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_a_child_by_its_pid() {
        let mut d = Daemon::spawn("sleep", Command::new("sleep").arg("30")).unwrap();
        let pid = d.pid().unwrap();
        assert!(is_running(pid));
        d.check_alive().unwrap();
        d.stop().unwrap();
        assert!(!is_running(pid));
        assert!(d.check_alive().is_err());
    }

    #[test]
    fn reports_a_child_that_exited() {
        let mut d = Daemon::spawn("true", &mut Command::new("true")).unwrap();
        std::thread::sleep(Duration::from_millis(200));
        let err = d.check_alive().unwrap_err().to_string();
        assert!(err.starts_with("true exited"), "{err}");
    }
}
