//! Every transcript under `conformance/transcripts/` is replayed through the
//! oracle. A file with a `# KNOWN:` note is a known failure (a gap in a
//! protocol crate, explained in the note): it must still fail, so that the
//! note is removed the day it passes.

use std::path::PathBuf;

use conformance::runner;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("transcripts")
}

#[test]
fn every_transcript_passes_the_oracle() {
    let verdicts = runner::replay_paths(&[corpus()], &mut |_, _| {});
    assert!(
        verdicts.len() >= 40,
        "the corpus is missing: only {} transcripts",
        verdicts.len()
    );
    let mut problems = Vec::new();
    for v in &verdicts {
        match (&v.failure, v.known.is_empty()) {
            (None, true) => {}
            (Some(_), false) => eprintln!("known failure: {}", v.summary()),
            (Some(_), true) => problems.push(v.summary()),
            (None, false) => problems.push(format!(
                "{} passes now: remove its `# KNOWN:` note",
                v.path.display()
            )),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_corpus_covers_every_protocol_directory() {
    for dir in ["smtp", "lmtp", "pop3"] {
        let files = conformance::transcript::collect_files(&corpus().join(dir)).unwrap();
        assert!(!files.is_empty(), "no transcripts in {dir}/");
    }
}
