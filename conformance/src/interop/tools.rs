//! The programs the peers need, where they are, and what to do when one is
//! missing: outside CI a test says which package brings it and passes
//! without running; with `CI=true` a missing peer fails the test.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Something a peer needs from the machine.
#[derive(Clone, Copy, Debug)]
pub enum Requirement {
    /// A program, looked up in `PATH`, then in `/usr/sbin` and `/sbin`.
    Program {
        /// Its file name.
        name: &'static str,
        /// The package that brings it (Debian unless it says otherwise).
        package: &'static str,
    },
    /// A Python module importable by `python3`.
    PythonModule {
        /// Its import name.
        name: &'static str,
        /// The PyPI package that brings it.
        package: &'static str,
    },
    /// A Perl module (swaks uses `Net::SSLeay` for STARTTLS).
    PerlModule {
        /// Its name, such as `Net::SSLeay`.
        name: &'static str,
        /// The Debian package that brings it.
        package: &'static str,
    },
    /// A file a package installs outside `PATH` (Dovecot's protocol
    /// binaries live in `/usr/lib/dovecot/`).
    File {
        /// Its absolute path.
        path: &'static str,
        /// The Debian package that brings it.
        package: &'static str,
    },
    /// Running as root (Postfix and Dovecot drop privileges to their users).
    Root,
}

impl Requirement {
    /// Whether the machine has it.
    pub fn is_met(&self) -> bool {
        match self {
            Requirement::Program { name, .. } => find_program(name).is_some(),
            Requirement::PythonModule { name, .. } => succeeds(
                Command::new("python3")
                    .arg("-c")
                    .arg(format!("import {name}")),
            ),
            Requirement::PerlModule { name, .. } => {
                succeeds(Command::new("perl").arg(format!("-M{name}")).arg("-e1"))
            }
            Requirement::File { path, .. } => Path::new(path).exists(),
            Requirement::Root => is_root(),
        }
    }

    /// What to tell a person who lacks it.
    pub fn advice(&self) -> String {
        match self {
            Requirement::Program { name, package } => {
                format!("`{name}` not found: install the Debian package `{package}`")
            }
            Requirement::PythonModule { name, package } => {
                format!("Python module `{name}` not found: `python3 -m pip install {package}`")
            }
            Requirement::PerlModule { name, package } => {
                format!("Perl module `{name}` not found: install the Debian package `{package}`")
            }
            Requirement::File { path, package } => {
                format!("`{path}` not found: install the Debian package `{package}`")
            }
            Requirement::Root => "the real servers must be started as root".to_string(),
        }
    }
}

/// Whether this run is CI's (`CI=true`), where a missing peer is a failure.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Checks `needs` for the peer or client `what`. Returns `true` when all are
/// met. Otherwise: in CI it panics (a missing peer is never a silent skip);
/// elsewhere it prints what is missing and which package brings it, and
/// returns `false` so the test can return early.
pub fn ensure(what: &str, needs: &[Requirement]) -> bool {
    match missing(what, needs) {
        None => true,
        Some(message) => {
            if in_ci() {
                panic!("{message}; CI=true, so a missing peer is a failure");
            }
            eprintln!("SKIPPED: {message}");
            false
        }
    }
}

/// `None` when every requirement is met; otherwise the message naming
/// what is missing and what brings it.
pub fn missing(what: &str, needs: &[Requirement]) -> Option<String> {
    let advice: Vec<String> = needs
        .iter()
        .filter(|r| !r.is_met())
        .map(Requirement::advice)
        .collect();
    (!advice.is_empty()).then(|| {
        format!(
            "interop with {what} cannot run: {} (or run `.ci/install-peers` as root)",
            advice.join("; ")
        )
    })
}

/// The full path of program `name`: `PATH` first, then the sbin folders
/// (Postfix and Dovecot live there and a non-root `PATH` may lack them).
pub fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/sbin")])
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

/// Like [`find_program`], for when [`ensure`] already vouched for it.
pub fn program(name: &str) -> anyhow::Result<PathBuf> {
    find_program(name).ok_or_else(|| anyhow::anyhow!("program `{name}` not found"))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

fn succeeds(cmd: &mut Command) -> bool {
    cmd.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Whether this process runs as root (uid 0), read from `/proc/self/status`.
pub fn is_root() -> bool {
    user_ids().is_some_and(|(uid, _)| uid == 0)
}

/// This process's real uid and gid, from `/proc/self/status`.
pub fn user_ids() -> Option<(u32, u32)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |key: &str| -> Option<u32> {
        let line = status.lines().find(|l| l.starts_with(key))?;
        line[key.len()..].split_whitespace().next()?.parse().ok()
    };
    Some((field("Uid:")?, field("Gid:")?))
}

/// The uid and gid of system user `name`, from `/etc/passwd`.
pub fn system_user(name: &str) -> Option<(u32, u32)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        if fields.next()? != name {
            return None;
        }
        let _password = fields.next()?;
        let uid = fields.next()?.parse().ok()?;
        let gid = fields.next()?.parse().ok()?;
        Some((uid, gid))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ABSENT: Requirement = Requirement::Program {
        name: "mailwire-no-such-program",
        package: "mailwire-no-such-package",
    };

    #[test]
    fn names_the_missing_program_and_its_package() {
        let message = missing("Nothing", &[ABSENT]).unwrap();
        assert!(
            message.contains("`mailwire-no-such-program` not found")
                && message.contains("Debian package `mailwire-no-such-package`"),
            "{message}"
        );
    }

    #[test]
    fn finds_programs_that_are_there() {
        let sh = Requirement::Program {
            name: "sh",
            package: "dash",
        };
        assert!(sh.is_met());
        assert_eq!(missing("sh", &[sh]), None);
    }

    #[test]
    fn a_missing_python_module_is_reported() {
        let module = Requirement::PythonModule {
            name: "mailwire_no_such_module",
            package: "mailwire-no-such-package",
        };
        if find_program("python3").is_some() {
            assert!(!module.is_met());
        }
    }

    #[test]
    fn ensure_fails_in_ci_and_skips_elsewhere() {
        // The environment decides; both outcomes are checked against it,
        // so the CI run checks the failure and a developer's the skip.
        let outcome = std::panic::catch_unwind(|| ensure("Nothing", &[ABSENT]));
        if in_ci() {
            let message = outcome.unwrap_err();
            let text = message
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_default();
            assert!(
                text.contains("CI=true, so a missing peer is a failure"),
                "{text}"
            );
        } else {
            assert_eq!(outcome.ok(), Some(false));
        }
    }

    #[test]
    fn reads_system_users() {
        assert_eq!(system_user("root"), Some((0, 0)));
        assert_eq!(system_user("mailwire-no-such-user"), None);
    }
}
