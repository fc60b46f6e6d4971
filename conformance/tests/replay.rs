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

#[test]
fn oracle_refuses_bytes_left_undecoded() {
    let (_, reason) = failure_of(&format!("{POP3_HEAD}C: USER a\nS: +OK\nC~ QUI\n"));
    assert!(reason.contains("part of a client line"), "{reason}");
    let (_, reason) = failure_of(&format!("{POP3_HEAD}C: USER a\nS~ +OK\\r\\n+O\n"));
    assert!(reason.contains("part of a server line"), "{reason}");
    let (_, reason) =
        failure_of("@protocol smtp\n@source test\nS: 220 hi\nC: NOOP\nS: 250 ok\nC~ NOO\n");
    assert!(reason.contains("left undecoded"), "{reason}");
}

#[test]
fn oracle_checks_smtp_content_and_per_recipient_replies() {
    const HEAD: &str = "@protocol lmtp\n@source test\nS: 220 hi\nC: LHLO x\nS: 250 hi\nC: MAIL FROM:<a@b>\nS: 250 ok\nC: RCPT TO:<c@d>\nS: 250 ok\nC: RCPT TO:<e@f>\nS: 250 ok\nC: DATA\nS: 354 go\nC: ..hi\nC: .\n";
    verdict(&format!("{HEAD}S: 250 one\nS: 250 two\n")).unwrap();
    let (_, reason) = failure_of(&format!("{HEAD}S: 250 one\n"));
    assert!(reason.contains("never had its reply"), "{reason}");
}

/// The same conversation with every chunk cut into single bytes: both
/// sessions must decode it the same however the input is split (DESIGN.md,
/// sans-IO contract). Transcripts with `! reject` are left out (the demand
/// belongs to a whole chunk), as are known failures.
#[test]
fn every_transcript_passes_split_into_single_bytes() {
    use conformance::transcript::{Chunk, Step, Transcript};
    let files = conformance::transcript::collect_files(&corpus()).unwrap();
    let mut problems = Vec::new();
    let mut replayed = 0;
    for file in files {
        let text = std::fs::read(&file).unwrap();
        if !runner::known_notes(&text).is_empty() {
            continue;
        }
        let t = Transcript::parse(&file, &text).unwrap();
        if t.steps
            .iter()
            .any(|s| matches!(s, Step::Chunk(Chunk { reject: true, .. })))
        {
            continue;
        }
        let steps = t
            .steps
            .iter()
            .flat_map(|s| match s {
                Step::Chunk(c) => c
                    .bytes
                    .iter()
                    .map(|&b| {
                        Step::Chunk(Chunk {
                            bytes: vec![b],
                            ..c.clone()
                        })
                    })
                    .collect(),
                other => vec![other.clone()],
            })
            .collect();
        let split = Transcript { steps, ..t };
        replayed += 1;
        if let Err(f) = conformance::replay::replay(&split, &mut |_| {}) {
            problems.push(format!("{}: {f}", file.display()));
        }
    }
    assert!(replayed >= 40, "only {replayed} transcripts replayed split");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn oracle_goes_on_after_a_refusal_the_client_recovers_from() {
    const BODY: &str = "C: USER a\nS: +OK\nC: PASS b\nS: +OK\nC: LIST\nS: +OK\nS: 1 10\nS: x 20\n";
    verdict(&format!(
        "{POP3_HEAD}{BODY}! reject\nS: .\nC: QUIT\nS: +OK\n"
    ))
    .unwrap();
    let (line, reason) = failure_of(&format!("{POP3_HEAD}{BODY}S: .\nC: QUIT\nS: +OK\n"));
    assert_eq!(line, 11);
    assert!(reason.starts_with("client session: refused"), "{reason}");
}
