//! Back-to-back ratios for the timing targets (see `src/paired.rs`):
//! `cargo run --release --bin paired` writes `target/paired.json`, which the
//! report prefers to ratios of separate criterion runs. One-byte-at-a-time
//! runs over the 14 MB bodies are left to criterion (a second per call).
//!
//! `cargo run --release --bin paired -- FILTER` times only the targets whose
//! label or group contains FILTER and prints them without writing the file,
//! for a quick check while working on one case.

use mailwire_benches::corpus::{body::Body, pop3, smtp};
use mailwire_benches::feed::{Progress, feed};
use mailwire_benches::floor;
use mailwire_benches::ours;
use mailwire_benches::ours::pop3::Listing;
use mailwire_benches::paired::{self, PairRow};
use mailwire_benches::peer::stalwart;
use mailwire_benches::pieces::Pieces;
use mailwire_benches::report::targets::{FEED_FLOOR, Side, timing_targets};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const ROUNDS: usize = 201;

struct Corpus {
    smtp_commands: Vec<Vec<u8>>,
    smtp_stream: Vec<u8>,
    smtp_replies: Vec<u8>,
    body: Body,
    retr: Vec<u8>,
    pop3_stream: Vec<u8>,
    list: Vec<u8>,
    uidl: Vec<u8>,
}

type Run<'a> = Box<dyn FnMut() + 'a>;

/// The code a benchmark id runs, as in `benches/*.rs`.
fn runner<'a>(c: &'a Corpus, side: &Side) -> Option<Run<'a>> {
    let pieces = Pieces::from_id(side.param).unwrap_or(Pieces::Whole);
    let bulk = matches!(side.group, "smtp/data/decode" | "pop3/retr/decode");
    if bulk && pieces == Pieces::Byte {
        return None;
    }
    let mut carry = Vec::with_capacity(4096);
    let mut out = Vec::with_capacity(c.retr.len());
    let status_len = c.retr.len() - c.body.wire.len();
    let run: Run<'a> = match (side.group, side.function) {
        ("smtp/command/decode", "ours") => Box::new(move || {
            for l in &c.smtp_commands {
                black_box(ours::smtp::decode_command(l));
            }
        }),
        ("smtp/command/decode", "stalwart") => Box::new(move || {
            for l in &c.smtp_commands {
                black_box(stalwart::decode_command(l));
            }
        }),
        ("smtp/command/stream", "ours") => Box::new(move || {
            black_box(ours::smtp::command_stream(
                &c.smtp_stream,
                pieces,
                &mut carry,
            ));
        }),
        ("smtp/command/stream", "stalwart") => Box::new(move || {
            black_box(stalwart::command_stream(&c.smtp_stream, pieces));
        }),
        ("smtp/reply-ehlo/decode", "ours") => Box::new(|| {
            black_box(ours::smtp::decode_ehlo(smtp::EHLO_REPLY));
        }),
        ("smtp/reply-ehlo/decode", "stalwart") => Box::new(|| {
            black_box(stalwart::decode_ehlo(smtp::EHLO_REPLY));
        }),
        ("smtp/reply-single/decode", "ours") => Box::new(|| {
            black_box(ours::smtp::decode_reply(smtp::SINGLE_REPLY));
        }),
        ("smtp/reply-single/decode", "stalwart") => Box::new(|| {
            black_box(stalwart::decode_reply(smtp::SINGLE_REPLY));
        }),
        ("smtp/reply-ehlo/encode", "ours") => {
            let v = ours::smtp::decode_ehlo(smtp::EHLO_REPLY);
            Box::new(move || ours::smtp::encode(black_box(&v), &mut out))
        }
        ("smtp/reply-ehlo/encode", "stalwart") => {
            let v = stalwart::ehlo_reply_value();
            Box::new(move || stalwart::encode_ehlo(black_box(&v), &mut out))
        }
        ("smtp/reply-single/encode", "ours") => {
            let (v, _) = ours::smtp::decode_reply(smtp::SINGLE_REPLY);
            Box::new(move || ours::smtp::encode(black_box(&v), &mut out))
        }
        ("smtp/reply-single/encode", "stalwart") => {
            let v = stalwart::single_reply_value();
            Box::new(move || stalwart::encode_reply(black_box(&v), &mut out))
        }
        ("smtp/reply/stream", "ours") => Box::new(move || {
            black_box(ours::smtp::reply_stream(
                &c.smtp_replies,
                pieces,
                &mut carry,
            ));
        }),
        ("smtp/reply/stream", "stalwart") => Box::new(move || {
            black_box(stalwart::reply_stream(&c.smtp_replies, pieces));
        }),
        ("smtp/data/decode", "ours") => Box::new(move || {
            black_box(ours::smtp::data_body(
                &c.body.wire,
                pieces,
                &mut carry,
                |x| {
                    black_box(x);
                },
            ));
        }),
        ("smtp/data/decode", "stalwart") => Box::new(move || {
            black_box(stalwart::data_body(&c.body.wire, pieces, &mut out));
        }),
        ("smtp/data/decode", "memchr-count") => Box::new(|| {
            black_box(floor::memchr_count(&c.body.wire));
        }),
        ("pop3/retr/decode", "ours") => Box::new(move || {
            let on_status = |x: &[u8]| {
                black_box(x);
            };
            let on_chunk = |x: &[u8]| {
                black_box(x);
            };
            black_box(ours::pop3::multiline_reply(
                &c.retr, pieces, &mut carry, on_status, on_chunk,
            ));
        }),
        ("pop3/retr/decode", "stalwart") => Box::new(move || {
            black_box(stalwart::data_body(&c.retr[status_len..], pieces, &mut out));
        }),
        ("pop3/retr/decode", "memchr-count") => Box::new(|| {
            black_box(floor::memchr_count(&c.retr));
        }),
        ("pop3/command/stream", "ours") => Box::new(move || {
            black_box(ours::pop3::command_stream(
                &c.pop3_stream,
                pieces,
                &mut carry,
            ));
        }),
        ("pop3/list/decode", "ours") => Box::new(move || {
            black_box(ours::pop3::listing(
                &c.list,
                Listing::Scan,
                pieces,
                &mut carry,
            ));
        }),
        ("pop3/uidl/decode", "ours") => Box::new(move || {
            black_box(ours::pop3::listing(
                &c.uidl,
                Listing::UniqueId,
                pieces,
                &mut carry,
            ));
        }),
        _ => return None,
    };
    Some(run)
}

/// The input a one-byte-at-a-time target feeds, for the per-call floor.
fn stream_input<'a>(c: &'a Corpus, group: &str) -> Option<&'a [u8]> {
    Some(match group {
        "smtp/command/stream" => &c.smtp_stream,
        "smtp/reply/stream" => &c.smtp_replies,
        "pop3/command/stream" => &c.pop3_stream,
        "pop3/list/decode" => &c.list,
        "pop3/uidl/decode" => &c.uidl,
        "smtp/data/decode" => &c.body.wire,
        "pop3/retr/decode" => &c.retr,
        _ => return None,
    })
}

fn id(side: &Side) -> String {
    if side.param.is_empty() {
        side.function.to_owned()
    } else {
        format!("{}/{}", side.function, side.param)
    }
}

fn main() -> ExitCode {
    let body = smtp::data_body();
    let corpus = Corpus {
        smtp_commands: smtp::commands(),
        smtp_stream: smtp::command_stream(),
        smtp_replies: smtp::reply_stream(),
        retr: pop3::retr_reply(&body),
        body,
        pop3_stream: pop3::command_stream(),
        list: pop3::list_reply(),
        uidl: pop3::uidl_reply(),
    };
    let filter = std::env::args().nth(1);
    let mut rows = Vec::new();
    for target in timing_targets() {
        if let Some(f) = &filter {
            if !target.label.contains(f.as_str()) && !target.ours.group.contains(f.as_str()) {
                continue;
            }
        }
        let Some(mut b) = runner(&corpus, &target.other) else {
            println!("{:60} left to criterion", target.label);
            continue;
        };
        match runner(&corpus, &target.ours) {
            Some(mut a) => {
                let ratio = paired::ratio(&mut a, &mut b, ROUNDS);
                println!("{:60} time(ours)/time(other) = {ratio:.3}", target.label);
                rows.push(PairRow {
                    group: target.ours.group.to_owned(),
                    ours: id(&target.ours),
                    other: id(&target.other),
                    ratio,
                    rounds: ROUNDS,
                });
            }
            // Too slow to pair (the 14 MB bodies one byte at a time):
            // criterion has it; the floor below is still measured.
            None => println!("{:60} left to criterion", target.label),
        }
        // The per-call floor of a one-byte target: the same bytes fed one at
        // a time to the least a line reader must do (hold the bytes until
        // the newest one is LF, then take the line, without decoding it),
        // against our whole decoding on one piece.
        if target.ours.param != "1" {
            continue;
        }
        let Some(input) = stream_input(&corpus, target.ours.group) else {
            continue;
        };
        let mut carry = Vec::with_capacity(4096);
        let mut floor = move || {
            black_box(feed(
                input,
                Pieces::Byte,
                &mut carry,
                |buf| match black_box(buf).last() {
                    Some(b'\n') => Progress::Consumed(buf.len()),
                    _ => Progress::NeedMore(0),
                },
            ));
        };
        let ratio = paired::ratio(&mut floor, &mut b, ROUNDS);
        println!(
            "{:60} time(feed only)/time(other) = {ratio:.3}",
            target.label
        );
        rows.push(PairRow {
            group: target.ours.group.to_owned(),
            ours: FEED_FLOOR.to_owned(),
            other: id(&target.other),
            ratio,
            rounds: ROUNDS,
        });
    }
    if filter.is_some() {
        return ExitCode::SUCCESS;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let path = target.join("paired.json");
    let json = match serde_json::to_string_pretty(&rows) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("cannot serialize: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = std::fs::create_dir_all(&target).and_then(|()| std::fs::write(&path, json)) {
        eprintln!("cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    println!("wrote {}", path.display());
    ExitCode::SUCCESS
}
