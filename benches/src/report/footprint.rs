//! The footprint measurements (heap allocations per decoded message, memory
//! of an idle session), written by `src/bin/footprint.rs` as JSON and read
//! back by the report.

use serde::{Deserialize, Serialize};
use std::io;
use std::path::Path;

/// Heap use while one implementation decoded one case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllocRow {
    /// The case, named like the criterion group (`smtp/command/decode`).
    pub case: String,
    /// `ours`, `stalwart`, ...
    pub implementation: String,
    /// How the input was split (`whole`, `1460`, `1`).
    pub pieces: String,
    /// Messages decoded.
    pub messages: u64,
    /// Bytes of input.
    pub payload_bytes: u64,
    /// Allocations (reallocations included).
    pub allocs: u64,
    /// Bytes those allocations asked for.
    pub bytes: u64,
}

impl AllocRow {
    /// Allocations per decoded message.
    pub fn allocs_per_message(&self) -> f64 {
        self.allocs as f64 / self.messages.max(1) as f64
    }

    /// Allocated bytes per decoded message.
    pub fn bytes_per_message(&self) -> f64 {
        self.bytes as f64 / self.messages.max(1) as f64
    }
}

/// Memory an idle session holds after a full conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRow {
    /// e.g. `smtp server`.
    pub name: String,
    /// `size_of` the session value.
    pub size_of: u64,
    /// Heap bytes it still holds after the conversation, all input consumed
    /// and all output taken.
    pub heap_idle: i64,
    /// What the conversation was.
    pub conversation: String,
}

impl SessionRow {
    /// `size_of` plus heap.
    pub fn total(&self) -> i64 {
        self.size_of as i64 + self.heap_idle
    }
}

/// Everything `footprint` measured.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Footprint {
    /// Allocation counts per case and implementation.
    pub allocations: Vec<AllocRow>,
    /// Idle sessions.
    pub sessions: Vec<SessionRow>,
    /// What could not be measured yet, and why.
    pub missing: Vec<String>,
}

impl Footprint {
    /// Reads the JSON written by [`Footprint::save`].
    pub fn load(path: &Path) -> io::Result<Footprint> {
        let text = std::fs::read_to_string(path)?;
        serde_json::from_str(&text).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }

    /// Writes it as JSON.
    pub fn save(&self, path: &Path) -> io::Result<()> {
        let text = serde_json::to_string_pretty(self)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        std::fs::write(path, text)
    }

    /// The row for a case, implementation and split.
    pub fn alloc(&self, case: &str, implementation: &str, pieces: &str) -> Option<&AllocRow> {
        self.allocations
            .iter()
            .find(|r| r.case == case && r.implementation == implementation && r.pieces == pieces)
    }
}
