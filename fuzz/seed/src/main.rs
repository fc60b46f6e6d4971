//! Writes the seed corpus of every fuzz target from the conformance
//! transcripts: `mailwire-fuzz-seed <transcripts dir> <corpus dir>`.
//!
//! Each transcript is read with the conformance crate's own reader, its
//! client and server bytes are cut into lines, and each target gets the
//! pieces of conversation it decodes (command lines, replies, greetings,
//! EHLO and CAPA lists, AUTH lines, bodies, whole conversations), in the
//! input layout the target reads (see `fuzz/src/pieces.rs` and the target
//! sources). Files are named by a hash of their bytes, so running it again
//! adds nothing twice.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use conformance::transcript::{ProtocolName, Side, Step, Transcript, collect_files};

mod pop3;
mod session;
mod smtp;

/// Seeds by target name.
#[derive(Default)]
pub struct Seeds(BTreeMap<&'static str, Vec<Vec<u8>>>);

impl Seeds {
    /// Adds a seed to `target`, prefixed with a zero byte: "feed whole".
    pub fn whole(&mut self, target: &'static str, msg: &[u8]) {
        let mut v = vec![0u8];
        v.extend_from_slice(msg);
        self.raw(target, v);
    }

    /// Adds a seed to `target` as is.
    pub fn raw(&mut self, target: &'static str, bytes: Vec<u8>) {
        self.0.entry(target).or_default().push(bytes);
    }
}

/// A transcript as lines per side, in order.
pub struct Conversation {
    /// Steps: who sent which line, and TLS upgrades (`None`).
    pub lines: Vec<Option<(Side, Vec<u8>)>>,
    /// The raw chunks, in order, with TLS upgrades as `None`.
    pub chunks: Vec<Option<(Side, Vec<u8>)>>,
}

impl Conversation {
    fn new(t: &Transcript) -> Self {
        let mut chunks = Vec::new();
        for step in &t.steps {
            match step {
                Step::Chunk(c) => chunks.push(Some((c.side, c.bytes.clone()))),
                Step::Tls { .. } => chunks.push(None),
            }
        }
        // Lines: each side's bytes joined, then cut after each LF.
        let mut lines = Vec::new();
        let mut partial: BTreeMap<bool, Vec<u8>> = BTreeMap::new();
        for c in &chunks {
            let Some((side, bytes)) = c else {
                lines.push(None);
                continue;
            };
            let buf = partial.entry(*side == Side::Client).or_default();
            for &b in bytes {
                buf.push(b);
                if b == b'\n' {
                    lines.push(Some((*side, std::mem::take(buf))));
                }
            }
        }
        Conversation { lines, chunks }
    }

    /// The lines one side sent, in order.
    pub fn side(&self, side: Side) -> impl Iterator<Item = &[u8]> {
        self.lines
            .iter()
            .flatten()
            .filter(move |(s, _)| *s == side)
            .map(|(_, l)| l.as_slice())
    }

    /// All bytes one side sent.
    pub fn stream(&self, side: Side) -> Vec<u8> {
        self.chunks
            .iter()
            .flatten()
            .filter(|(s, _)| *s == side)
            .flat_map(|(_, b)| b.iter().copied())
            .collect()
    }
}

fn main() {
    let mut args = std::env::args_os().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        eprintln!("usage: mailwire-fuzz-seed <transcripts dir> <corpus dir>");
        std::process::exit(2);
    };
    let files = collect_files(Path::new(&input)).unwrap_or_else(|e| {
        eprintln!("{}: {e}", Path::new(&input).display());
        std::process::exit(1);
    });
    let mut seeds = Seeds::default();
    let mut read = 0;
    for file in files {
        let t = match Transcript::read(&file) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("skipped: {e}");
                continue;
            }
        };
        read += 1;
        let conv = Conversation::new(&t);
        match t.protocol {
            ProtocolName::Smtp | ProtocolName::Lmtp => smtp::seeds(&conv, &mut seeds),
            ProtocolName::Pop3 => pop3::seeds(&conv, &mut seeds),
            ProtocolName::Imap => {}
        }
        session::seeds(t.protocol, &conv, &mut seeds);
    }
    let out = PathBuf::from(output);
    let mut written = 0;
    for (target, list) in &seeds.0 {
        let dir = out.join(target);
        if let Err(e) = std::fs::create_dir_all(&dir) {
            eprintln!("{}: {e}", dir.display());
            std::process::exit(1);
        }
        for seed in list {
            let mut h = DefaultHasher::new();
            seed.hash(&mut h);
            let path = dir.join(format!("seed-{:016x}", h.finish()));
            if !path.exists() {
                if let Err(e) = std::fs::write(&path, seed) {
                    eprintln!("{}: {e}", path.display());
                    std::process::exit(1);
                }
                written += 1;
            }
        }
    }
    println!(
        "{read} transcripts, {written} new seeds in {} targets under {}",
        seeds.0.len(),
        out.display()
    );
}
