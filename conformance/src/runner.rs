//! Replaying transcript files and directories, with one verdict per file.

use std::path::{Path, PathBuf};

use crate::replay::{self, Decoded};
use crate::transcript::{Transcript, collect_files};

/// The verdict on one transcript file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The file.
    pub path: PathBuf,
    /// `None` when it passed; else the line (0: the file as a whole) and
    /// the reason.
    pub failure: Option<(usize, String)>,
    /// The `# KNOWN:` notes of the file: a known failure, explained.
    pub known: Vec<String>,
}

impl Verdict {
    /// `ok PATH` or `FAIL PATH: line N: reason`.
    pub fn summary(&self) -> String {
        match &self.failure {
            None => format!("ok {}", self.path.display()),
            Some((0, reason)) => format!("FAIL {}: {reason}", self.path.display()),
            Some((line, reason)) => {
                format!("FAIL {}: line {line}: {reason}", self.path.display())
            }
        }
    }
}

/// The `# KNOWN:` comment lines of a transcript file.
pub fn known_notes(text: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(text)
        .lines()
        .filter_map(|l| l.strip_prefix("# KNOWN:"))
        .map(|l| l.trim().to_string())
        .collect()
}

/// Reads and replays one file.
pub fn replay_file(path: &Path, log: &mut dyn FnMut(&Decoded)) -> Verdict {
    let text = match std::fs::read(path) {
        Ok(t) => t,
        Err(e) => {
            return Verdict {
                path: path.to_path_buf(),
                failure: Some((0, format!("cannot read: {e}"))),
                known: Vec::new(),
            };
        }
    };
    let known = known_notes(&text);
    let failure = match Transcript::parse(path, &text) {
        Err(e) => Some((e.line, e.message)),
        Ok(t) => replay::replay(&t, log).err().map(|f| (f.line, f.reason)),
    };
    Verdict {
        path: path.to_path_buf(),
        failure,
        known,
    }
}

/// Replays every `*.txt` under each path (recursively); a path that cannot
/// be listed gives one failed verdict.
pub fn replay_paths(paths: &[PathBuf], log: &mut dyn FnMut(&Path, &Decoded)) -> Vec<Verdict> {
    let mut out = Vec::new();
    for path in paths {
        match collect_files(path) {
            Ok(files) => {
                for file in files {
                    out.push(replay_file(&file, &mut |d| log(&file, d)));
                }
            }
            Err(e) => out.push(Verdict {
                path: path.clone(),
                failure: Some((0, format!("cannot read: {e}"))),
                known: Vec::new(),
            }),
        }
    }
    out
}
