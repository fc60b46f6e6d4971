//! Heap allocations per decoded message, and the memory an idle session
//! holds after a full conversation, measured with the counting allocator.
//! Writes `target/footprint.json` for the report step:
//! `cargo run --release --bin footprint`.

use mailwire_benches::alloc_counter::{CountingAlloc, measure};
use mailwire_benches::corpus::{pop3, smtp};
use mailwire_benches::ours;
use mailwire_benches::peer::stalwart;
use mailwire_benches::pieces::Pieces;
use mailwire_benches::report::footprint::{AllocRow, Footprint};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

fn row(
    case: &str,
    implementation: &str,
    pieces: Pieces,
    messages: usize,
    payload: usize,
    f: impl FnOnce(),
) -> AllocRow {
    let ((), usage) = measure(f);
    AllocRow {
        case: case.into(),
        implementation: implementation.into(),
        pieces: pieces.id().into(),
        messages: messages as u64,
        payload_bytes: payload as u64,
        allocs: usage.allocs as u64,
        bytes: usage.bytes as u64,
    }
}

/// Bodies: a fresh decoder and fresh buffers per message, as a server
/// receiving one message would have.
fn bodies(fp: &mut Footprint) {
    let body = smtp::data_body();
    let retr = pop3::retr_reply(&body);
    let status_len = retr.len() - body.wire.len();
    for pieces in Pieces::ALL {
        fp.allocations.push(row(
            "smtp/data/decode",
            "ours",
            pieces,
            1,
            body.wire.len(),
            || {
                let mut carry = Vec::new();
                black_box(ours::smtp::data_body(&body.wire, pieces, &mut carry, |c| {
                    black_box(c);
                }));
            },
        ));
        fp.allocations.push(row(
            "smtp/data/decode",
            "stalwart",
            pieces,
            1,
            body.wire.len(),
            || {
                let mut out = Vec::new();
                black_box(stalwart::data_body(&body.wire, pieces, &mut out));
            },
        ));
    }
    for pieces in Pieces::ALL {
        fp.allocations.push(row(
            "pop3/retr/decode",
            "ours",
            pieces,
            1,
            retr.len(),
            || {
                let mut carry = Vec::new();
                black_box(ours::pop3::multiline_reply(
                    &retr,
                    pieces,
                    &mut carry,
                    |s| {
                        black_box(s);
                    },
                    |c| {
                        black_box(c);
                    },
                ));
            },
        ));
        fp.allocations.push(row(
            "pop3/retr/decode",
            "stalwart",
            pieces,
            1,
            retr.len() - status_len,
            || {
                let mut out = Vec::new();
                black_box(stalwart::data_body(&retr[status_len..], pieces, &mut out));
            },
        ));
    }
}

/// Commands and replies, decoded one by one from complete messages.
fn messages(fp: &mut Footprint) {
    let commands = smtp::commands();
    let bytes: usize = commands.iter().map(Vec::len).sum();
    fp.allocations.push(row(
        "smtp/command/decode",
        "stalwart",
        Pieces::Whole,
        commands.len(),
        bytes,
        || {
            for line in &commands {
                black_box(stalwart::decode_command(line));
            }
        },
    ));
    fp.allocations.push(row(
        "smtp/reply-ehlo/decode",
        "stalwart",
        Pieces::Whole,
        1,
        smtp::EHLO_REPLY.len(),
        || {
            black_box(stalwart::decode_ehlo(smtp::EHLO_REPLY));
        },
    ));
    fp.allocations.push(row(
        "smtp/reply-single/decode",
        "stalwart",
        Pieces::Whole,
        1,
        smtp::SINGLE_REPLY.len(),
        || {
            black_box(stalwart::decode_reply(smtp::SINGLE_REPLY));
        },
    ));
    let stream = smtp::command_stream();
    for pieces in Pieces::ALL {
        fp.allocations.push(row(
            "smtp/command/stream",
            "stalwart",
            pieces,
            commands.len(),
            stream.len(),
            || {
                black_box(stalwart::command_stream(&stream, pieces));
            },
        ));
    }
}

fn main() -> ExitCode {
    let mut fp = Footprint::default();
    // Warm up lazily allocated runtime state (stdout, thread info) so it is
    // not charged to the first measurement.
    println!("measuring heap use");
    messages(&mut fp);
    bodies(&mut fp);
    fp.missing.push(
        "our command and reply decoders, and our sessions: not yet on the branches merged here"
            .into(),
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let path = target.join("footprint.json");
    if let Err(e) = std::fs::create_dir_all(&target).and_then(|()| fp.save(&path)) {
        eprintln!("cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    for r in &fp.allocations {
        println!(
            "{:28} {:9} {:6} {:>8.2} allocs/msg {:>12.0} bytes/msg",
            r.case,
            r.implementation,
            r.pieces,
            r.allocs_per_message(),
            r.bytes_per_message()
        );
    }
    println!("wrote {}", path.display());
    ExitCode::SUCCESS
}
