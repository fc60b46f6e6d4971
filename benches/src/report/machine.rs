//! The machine and the versions a run used, for the report's header.

use std::process::Command;

/// What the report says about where and with what it ran.
#[derive(Debug, Clone, Default)]
pub struct Machine {
    /// CPU model name.
    pub cpu: String,
    /// Logical CPUs available.
    pub cpus: usize,
    /// Kernel release.
    pub kernel: String,
    /// `rustc -V`.
    pub rustc: String,
    /// Load averages (1, 5, 15 minutes) when the report was written.
    pub load: String,
    /// `git rev-parse --short HEAD` of the checkout.
    pub commit: String,
    /// (crate, version) of the crates measured and measuring.
    pub crates: Vec<(String, String)>,
}

impl Machine {
    /// Looks at this machine; `lock` is the benches' `Cargo.lock` text.
    pub fn detect(lock: &str) -> Machine {
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|info| {
                info.lines()
                    .find(|l| l.starts_with("model name"))
                    .and_then(|l| l.split_once(':'))
                    .map(|(_, v)| v.trim().to_owned())
            })
            .unwrap_or_else(|| "unknown".into());
        let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
            .map(|s| s.trim().to_owned())
            .unwrap_or_else(|_| std::env::consts::OS.into());
        Machine {
            cpu,
            cpus: std::thread::available_parallelism().map_or(0, |n| n.get()),
            kernel: format!("{} ({})", kernel, std::env::consts::ARCH),
            load: std::fs::read_to_string("/proc/loadavg")
                .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
                .unwrap_or_else(|_| "unknown".into()),
            rustc: run(
                std::env::var("RUSTC").as_deref().unwrap_or("rustc"),
                &["-V"],
            ),
            commit: run("git", &["rev-parse", "--short", "HEAD"]),
            crates: crate_versions(lock),
        }
    }
}

fn run(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "unknown".into())
}

/// The versions of the crates that matter, from `Cargo.lock`. Our
/// `smtp-proto` (a path dependency, no `source`) is told apart from
/// Stalwart's (from the registry).
pub fn crate_versions(lock: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for package in lock.split("[[package]]").skip(1) {
        let field = |key: &str| {
            package.lines().find_map(|l| {
                l.strip_prefix(key)
                    .and_then(|v| v.trim_start().strip_prefix('='))
                    .map(|v| v.trim().trim_matches('"').to_owned())
            })
        };
        let (Some(name), Some(version)) = (field("name"), field("version")) else {
            continue;
        };
        let registry = field("source").is_some();
        let label = match (name.as_str(), registry) {
            ("smtp-proto", false) => "smtp-proto (ours)",
            ("pop3-proto", false) => "pop3-proto (ours)",
            ("smtp-proto", true) => "smtp-proto (Stalwart)",
            ("criterion", _) => "criterion",
            ("memchr", _) => "memchr",
            ("nom", _) => "nom",
            _ => continue,
        };
        out.push((label.to_owned(), version));
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_our_smtp_proto_from_stalwarts() {
        let lock = r#"
[[package]]
name = "smtp-proto"
version = "0.1.0"
dependencies = ["memchr"]

[[package]]
name = "smtp-proto"
version = "0.2.5"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "serde"
version = "1.0.0"
"#;
        assert_eq!(
            crate_versions(lock),
            vec![
                ("smtp-proto (Stalwart)".to_owned(), "0.2.5".to_owned()),
                ("smtp-proto (ours)".to_owned(), "0.1.0".to_owned()),
            ]
        );
    }
}
