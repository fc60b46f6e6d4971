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

/// The oracle's verdict on an inline transcript.
fn verdict(text: &str) -> Result<(), conformance::replay::Failure> {
    let t = conformance::transcript::Transcript::parse(
        std::path::Path::new("inline.txt"),
        text.as_bytes(),
    )
    .expect("the inline transcript reads");
    conformance::replay::replay(&t, &mut |_| {})
}

fn failure_of(text: &str) -> (usize, String) {
    let f = verdict(text).expect_err("the oracle must refuse this transcript");
    (f.line, f.reason)
}

const POP3_HEAD: &str = "@protocol pop3\n@source test\nS: +OK ready\n";

#[test]
fn oracle_accepts_a_plain_conversation() {
    verdict(&format!(
        "{POP3_HEAD}C: USER a\nS: +OK\nC: QUIT\nS: +OK bye\n"
    ))
    .unwrap();
}

#[test]
fn oracle_demands_a_reply_for_every_command() {
    let (line, reason) = failure_of(&format!("{POP3_HEAD}C: USER a\nS: +OK\nC: NOOP\n"));
    assert_eq!(line, 6);
    assert!(reason.contains("line 6 never had its reply"), "{reason}");
}

#[test]
fn oracle_refuses_a_reply_to_nothing() {
    let (line, reason) = failure_of(&format!("{POP3_HEAD}S: +OK stray\n"));
    assert_eq!(line, 4, "{reason}");
}

#[test]
fn oracle_holds_reject_to_its_word() {
    let (line, reason) = failure_of(&format!("{POP3_HEAD}C: USER a\n! reject\nS: -ERR no\n"));
    assert_eq!(line, 4);
    assert!(reason.contains("`! reject`"), "{reason}");
    let (line, reason) = failure_of(&format!("{POP3_HEAD}C: USER a\nS: +OK fine\n! reject\n"));
    assert_eq!(line, 5);
    assert!(reason.contains("`! reject`"), "{reason}");
}

#[test]
fn oracle_accepts_refused_input_only_when_the_server_said_so() {
    // RETR x does not decode; a real server that answered +OK disagrees.
    let (line, reason) = failure_of(&format!(
        "{POP3_HEAD}C: USER a\nS: +OK\nC: PASS b\nS: +OK\nC: RETR x\nS: +OK 10 octets\n"
    ));
    assert_eq!(line, 9);
    assert!(reason.contains("the real server accepted it"), "{reason}");
    verdict(&format!(
        "{POP3_HEAD}C: USER a\nS: +OK\nC: PASS b\nS: +OK\nC: RETR x\nS: -ERR bad\n"
    ))
    .unwrap();
}

#[test]
fn oracle_stops_after_the_client_refused_the_server() {
    let (line, reason) = failure_of(&format!(
        "{POP3_HEAD}C: USER a\nS: bogus\n! reject\nC: QUIT\n"
    ));
    assert_eq!(line, 7);
    assert!(reason.contains("must end there"), "{reason}");
}

#[test]
fn oracle_refuses_anything_after_the_end() {
    let (line, reason) = failure_of(&format!("{POP3_HEAD}C: QUIT\nS: +OK bye\nC: NOOP\n"));
    assert_eq!(line, 6);
    assert!(reason.contains("ended the conversation"), "{reason}");
}

#[test]
fn oracle_demands_tls_where_the_sessions_allow_it() {
    let (line, reason) = failure_of(&format!("{POP3_HEAD}C: NOOP\nS: -ERR\n! tls\n"));
    assert_eq!(line, 6);
    assert!(reason.starts_with("tls:"), "{reason}");
}
