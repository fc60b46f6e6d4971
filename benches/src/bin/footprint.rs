//! Heap allocations per decoded message, and the memory an idle session
//! holds after a full conversation, measured with the counting allocator.
//! Writes `target/footprint.json` for the report step:
//! `cargo run --release --bin footprint`.

use mailwire_benches::alloc_counter::{CountingAlloc, Snapshot, measure};
use mailwire_benches::corpus::{pop3, smtp};
use mailwire_benches::ours;
use mailwire_benches::ours::pop3::Listing;
use mailwire_benches::ours::pop3_session::{self, Mailbox};
use mailwire_benches::ours::smtp_session;
use mailwire_benches::peer::stalwart;
use mailwire_benches::pieces::Pieces;
use mailwire_benches::report::footprint::{AllocRow, Footprint, SessionRow};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// One case: what is measured and how much of it.
struct Case<'a> {
    case: &'a str,
    implementation: &'a str,
    pieces: Pieces,
    messages: usize,
    payload: usize,
}

fn row(c: Case<'_>, f: impl FnOnce()) -> AllocRow {
    let ((), usage) = measure(f);
    AllocRow {
        case: c.case.into(),
        implementation: c.implementation.into(),
        pieces: c.pieces.id().into(),
        messages: c.messages as u64,
        payload_bytes: c.payload as u64,
        allocs: usage.allocs as u64,
        bytes: usage.bytes as u64,
    }
}

fn case<'a>(
    case: &'a str,
    implementation: &'a str,
    pieces: Pieces,
    messages: usize,
    payload: usize,
) -> Case<'a> {
    Case {
        case,
        implementation,
        pieces,
        messages,
        payload,
    }
}

/// Bodies: a fresh decoder and fresh buffers per message, as a server
/// receiving one message would have.
fn bodies(fp: &mut Footprint) {
    let body = smtp::data_body();
    let retr = pop3::retr_reply(&body);
    let status_len = retr.len() - body.wire.len();
    let (data, len) = ("smtp/data/decode", body.wire.len());
    for pieces in Pieces::ALL {
        fp.allocations
            .push(row(case(data, "ours", pieces, 1, len), || {
                let mut carry = Vec::new();
                black_box(ours::smtp::data_body(&body.wire, pieces, &mut carry, |c| {
                    black_box(c);
                }));
            }));
        fp.allocations
            .push(row(case(data, "stalwart", pieces, 1, len), || {
                let mut out = Vec::new();
                black_box(stalwart::data_body(&body.wire, pieces, &mut out));
            }));
    }
    let retr_case = "pop3/retr/decode";
    for pieces in Pieces::ALL {
        fp.allocations
            .push(row(case(retr_case, "ours", pieces, 1, retr.len()), || {
                let mut carry = Vec::new();
                let on_status = |s: &[u8]| {
                    black_box(s);
                };
                let on_chunk = |c: &[u8]| {
                    black_box(c);
                };
                black_box(ours::pop3::multiline_reply(
                    &retr, pieces, &mut carry, on_status, on_chunk,
                ));
            }));
        let body_only = &retr[status_len..];
        fp.allocations.push(row(
            case(retr_case, "stalwart", pieces, 1, body_only.len()),
            || {
                let mut out = Vec::new();
                black_box(stalwart::data_body(body_only, pieces, &mut out));
            },
        ));
    }
}

/// Commands and replies, decoded one by one from complete messages, and
/// the command stream through the framers.
fn messages(fp: &mut Footprint) {
    let commands = smtp::commands();
    let bytes: usize = commands.iter().map(Vec::len).sum();
    let n = commands.len();
    let decode = "smtp/command/decode";
    fp.allocations
        .push(row(case(decode, "ours", Pieces::Whole, n, bytes), || {
            for line in &commands {
                black_box(ours::smtp::decode_command(line));
            }
        }));
    fp.allocations.push(row(
        case(decode, "stalwart", Pieces::Whole, n, bytes),
        || {
            for line in &commands {
                black_box(stalwart::decode_command(line));
            }
        },
    ));
    let (ehlo, ehlo_len) = ("smtp/reply-ehlo/decode", smtp::EHLO_REPLY.len());
    fp.allocations
        .push(row(case(ehlo, "ours", Pieces::Whole, 1, ehlo_len), || {
            black_box(ours::smtp::decode_ehlo(smtp::EHLO_REPLY));
        }));
    fp.allocations.push(row(
        case(ehlo, "stalwart", Pieces::Whole, 1, ehlo_len),
        || {
            black_box(stalwart::decode_ehlo(smtp::EHLO_REPLY));
        },
    ));
    let (single, single_len) = ("smtp/reply-single/decode", smtp::SINGLE_REPLY.len());
    fp.allocations.push(row(
        case(single, "ours", Pieces::Whole, 1, single_len),
        || {
            black_box(ours::smtp::decode_reply(smtp::SINGLE_REPLY));
        },
    ));
    fp.allocations.push(row(
        case(single, "stalwart", Pieces::Whole, 1, single_len),
        || {
            black_box(stalwart::decode_reply(smtp::SINGLE_REPLY));
        },
    ));
    let stream = smtp::command_stream();
    let name = "smtp/command/stream";
    for pieces in Pieces::ALL {
        fp.allocations
            .push(row(case(name, "ours", pieces, n, stream.len()), || {
                let mut carry = Vec::new();
                black_box(ours::smtp::command_stream(&stream, pieces, &mut carry));
            }));
        fp.allocations
            .push(row(case(name, "stalwart", pieces, n, stream.len()), || {
                black_box(stalwart::command_stream(&stream, pieces));
            }));
    }

    let commands = pop3::commands();
    let bytes: usize = commands.iter().map(Vec::len).sum();
    let pop3_decode = case(
        "pop3/command/decode",
        "ours",
        Pieces::Whole,
        commands.len(),
        bytes,
    );
    fp.allocations.push(row(pop3_decode, || {
        for line in &commands {
            black_box(ours::pop3::decode_command(line));
        }
    }));
    for (name, reply, kind) in [
        ("pop3/list/decode", pop3::list_reply(), Listing::Scan),
        ("pop3/uidl/decode", pop3::uidl_reply(), Listing::UniqueId),
        (
            "pop3/capa/decode",
            pop3::CAPA_REPLY.to_vec(),
            Listing::Capability,
        ),
    ] {
        // Status line and terminator are not entries.
        let lines = reply.iter().filter(|&&b| b == b'\n').count() - 2;
        fp.allocations.push(row(
            case(name, "ours", Pieces::Whole, lines, reply.len()),
            || {
                let mut carry = Vec::new();
                black_box(ours::pop3::listing(&reply, kind, Pieces::Whole, &mut carry));
            },
        ));
    }
}

/// Heap a value holds: the live bytes released when it is dropped.
fn heap_of<T>(value: T) -> i64 {
    let before = Snapshot::now();
    drop(value);
    -(before.since().live_delta as i64)
}

/// Our POP3 client and server after greeting, CAPA, USER, PASS, STAT,
/// LIST and UIDL of 10,000 messages, RETR of the 14 MB body, DELE, NOOP.
fn pop3_sessions(fp: &mut Footprint) {
    let body = pop3::retr_body();
    let (list, uidl) = (pop3::list_reply(), pop3::uidl_reply());
    let mailbox = Mailbox {
        body: &body,
        list: &list,
        uidl: &uidl,
        capa: pop3::CAPA_REPLY,
    };
    let pair = pop3_session::conversation(&mailbox);
    assert_eq!(
        pair.body_octets,
        body.plain.len(),
        "the whole message reached the client"
    );
    let commands: Vec<String> = pop3_session::CONVERSATION
        .iter()
        .map(|c| String::from_utf8_lossy(c).trim_end().to_owned())
        .collect();
    let conversation = format!(
        "greeting, {} ({} client events; replies reach the client in 1460-byte pieces)",
        commands.join(", "),
        pair.client_events
    );
    let pop3_session::Pair { client, server, .. } = pair;
    let client_size = std::mem::size_of_val(&client) as u64;
    let server_size = std::mem::size_of_val(&server) as u64;
    fp.sessions.push(SessionRow {
        name: "pop3 client".into(),
        size_of: client_size,
        heap_idle: heap_of(client),
        conversation: conversation.clone(),
    });
    fp.sessions.push(SessionRow {
        name: "pop3 server".into(),
        size_of: server_size,
        heap_idle: heap_of(server),
        conversation,
    });
}

/// Our SMTP client and server after greeting, EHLO, MAIL, two RCPT and
/// DATA with the 14 MB body, and the final 250.
fn smtp_sessions(fp: &mut Footprint) {
    let body = smtp::data_body();
    let pair = smtp_session::conversation(&body.plain);
    assert_eq!(
        pair.body_octets,
        body.plain.len(),
        "the whole message reached the server"
    );
    let commands: Vec<String> = smtp_session::CONVERSATION
        .iter()
        .map(|(c, _)| {
            let c = String::from_utf8_lossy(c);
            c.split(' ')
                .next()
                .unwrap_or_default()
                .trim_end()
                .to_owned()
        })
        .collect();
    let conversation = format!(
        "greeting, {}, the 14 MB content, 250 ({} replies; every byte in 1460-byte pieces)",
        commands.join(", "),
        pair.replies
    );
    let smtp_session::Pair { client, server, .. } = pair;
    let client_size = std::mem::size_of_val(&client) as u64;
    let server_size = std::mem::size_of_val(&server) as u64;
    fp.sessions.push(SessionRow {
        name: "smtp client".into(),
        size_of: client_size,
        heap_idle: heap_of(client),
        conversation: conversation.clone(),
    });
    fp.sessions.push(SessionRow {
        name: "smtp server".into(),
        size_of: server_size,
        heap_idle: heap_of(server),
        conversation,
    });
}

fn main() -> ExitCode {
    let mut fp = Footprint::default();
    // Printing first sets up stdout's buffer, so it is not charged to a case.
    println!("measuring heap use");
    messages(&mut fp);
    bodies(&mut fp);
    smtp_sessions(&mut fp);
    pop3_sessions(&mut fp);
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
    for s in &fp.sessions {
        println!(
            "{:12} size_of {:5} B  heap {:6} B  total {:6} B",
            s.name,
            s.size_of,
            s.heap_idle,
            s.total()
        );
    }
    println!("wrote {}", path.display());
    ExitCode::SUCCESS
}
