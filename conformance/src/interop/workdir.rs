//! A private temporary folder per peer, removed when dropped.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// A fresh folder under the system's temporary folder. Removed (with all it
/// holds) on drop, unless `MAILWIRE_KEEP_PEERS` is set, for looking at logs.
#[derive(Debug)]
pub struct Workdir {
    path: PathBuf,
    tag: String,
}

impl Workdir {
    /// Creates `$TMPDIR/mailwire-<label>-<pid>-<n>`.
    pub fn new(label: &str) -> anyhow::Result<Self> {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tag = format!("{label}-{}-{n}", std::process::id());
        let path = std::env::temp_dir().join(format!("mailwire-{tag}"));
        if path.exists() {
            std::fs::remove_dir_all(&path)?;
        }
        std::fs::create_dir_all(&path)?;
        Ok(Self { path, tag })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A short name unique to this folder (for Dovecot's `instance_name`).
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// `self.path()/rel`, with its parent folders created.
    pub fn subdir(&self, rel: &str) -> anyhow::Result<PathBuf> {
        let dir = self.path.join(rel);
        std::fs::create_dir_all(&dir)?;
        Ok(dir)
    }

    /// The last `max` bytes of the file `rel` (a log), for error messages.
    pub fn tail(&self, rel: &str, max: usize) -> String {
        match std::fs::read(self.path.join(rel)) {
            Ok(bytes) => {
                let start = bytes.len().saturating_sub(max);
                String::from_utf8_lossy(&bytes[start..]).into_owned()
            }
            Err(e) => format!("({rel}: {e})"),
        }
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        if std::env::var_os("MAILWIRE_KEEP_PEERS").is_none() {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}
