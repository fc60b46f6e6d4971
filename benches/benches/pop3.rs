//! POP3: our `pop3-proto` on the `RETR` body against Stalwart's `DATA`
//! receiver (the same dot-stuffing, the fastest unstuffer a Rust user has at
//! hand) and the `memchr`/`memcpy` floors; LIST and UIDL against the
//! std-only scanner a user would write without a POP3 crate.
//!
//! Names follow `benches/smtp.rs`: group `pop3/<what>/<direction>`,
//! function = implementation, parameter = how the input is split.

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use mailwire_benches::config;
use mailwire_benches::corpus::pop3 as corpus;
use mailwire_benches::floor;
use mailwire_benches::ours;
use mailwire_benches::ours::pop3::Listing;
use mailwire_benches::ours::pop3_session;
use mailwire_benches::peer::{naive_pop3, stalwart};
use mailwire_benches::pieces::Pieces;
use std::hint::black_box;

/// No POP3 codec crate is a peer worth the name, so commands are ours alone.
fn commands(c: &mut Criterion) {
    let lines = corpus::commands();
    let mut group = c.benchmark_group("pop3/command/decode");
    config::messages(&mut group, lines.len());
    group.bench_function("ours", |b| {
        b.iter(|| {
            for line in &lines {
                black_box(ours::pop3::decode_command(black_box(line)));
            }
        })
    });
    group.finish();

    let commands: Vec<_> = lines
        .iter()
        .map(|l| ours::pop3::decode_command(l))
        .collect();
    let mut group = c.benchmark_group("pop3/command/encode");
    config::messages(&mut group, commands.len());
    let mut out = Vec::with_capacity(512);
    group.bench_function("ours", |b| {
        b.iter(|| {
            for command in &commands {
                ours::pop3::encode(black_box(command), &mut out);
            }
        })
    });
    group.finish();

    let stream = corpus::command_stream();
    let mut group = c.benchmark_group("pop3/command/stream");
    config::messages(&mut group, lines.len());
    let mut carry = Vec::with_capacity(4096);
    for pieces in Pieces::ALL {
        group.bench_with_input(BenchmarkId::new("ours", pieces.id()), &pieces, |b, &p| {
            b.iter(|| {
                assert_eq!(
                    ours::pop3::command_stream(black_box(&stream), p, &mut carry),
                    lines.len()
                )
            })
        });
    }
    group.finish();
}

fn retr_decode(c: &mut Criterion) {
    let body = corpus::retr_body();
    let retr = corpus::retr_reply(&body);
    let status_len = retr.len() - body.wire.len();
    let mut group = c.benchmark_group("pop3/retr/decode");
    config::bulk(&mut group, retr.len());
    let mut out = Vec::with_capacity(retr.len());
    let mut carry = Vec::with_capacity(4096);
    for pieces in Pieces::ALL {
        config::bulk_samples(&mut group, pieces);
        group.bench_with_input(BenchmarkId::new("ours", pieces.id()), &pieces, |b, &p| {
            b.iter(|| {
                ours::pop3::multiline_reply(
                    black_box(&retr),
                    p,
                    &mut carry,
                    |s| {
                        black_box(s);
                    },
                    |c| {
                        black_box(c);
                    },
                )
            })
        });
        // Stalwart has no POP3 side: its SMTP DATA receiver undoes the same
        // stuffing; it is given the body without the status line.
        group.bench_with_input(
            BenchmarkId::new("stalwart", pieces.id()),
            &pieces,
            |b, &p| b.iter(|| stalwart::data_body(black_box(&retr[status_len..]), p, &mut out)),
        );
    }
    // The same through our client session, which buffers what it receives.
    for pieces in Pieces::ALL {
        config::bulk_samples(&mut group, pieces);
        let id = BenchmarkId::new("ours-session", pieces.id());
        group.bench_with_input(id, &pieces, |b, &p| {
            b.iter_batched(
                pop3_session::client_awaiting_retr,
                |mut client| pop3_session::client_retr(&mut client, black_box(&retr), p),
                BatchSize::LargeInput,
            )
        });
    }
    config::bulk_samples(&mut group, Pieces::Whole);
    let whole = Pieces::Whole.id();
    group.bench_function(BenchmarkId::new("memchr-count", whole), |b| {
        b.iter(|| floor::memchr_count(black_box(&retr)))
    });
    group.bench_function(BenchmarkId::new("memcpy", whole), |b| {
        b.iter(|| floor::memcpy(black_box(&retr), &mut out))
    });
    group.finish();
}

fn retr_encode(c: &mut Criterion) {
    let body = corpus::retr_body();
    let mut group = c.benchmark_group("pop3/retr/encode");
    config::bulk(&mut group, body.plain.len());
    let mut out = Vec::with_capacity(body.wire.len());
    let whole = Pieces::Whole.id();
    group.bench_function(BenchmarkId::new("ours", whole), |b| {
        b.iter(|| ours::pop3::body_encode(black_box(&body.plain), &mut out))
    });
    group.bench_function(BenchmarkId::new("memcpy", whole), |b| {
        b.iter(|| floor::memcpy(black_box(&body.plain), &mut out))
    });
    group.finish();
}

fn listing_decode(c: &mut Criterion) {
    for (name, reply, kind) in [
        ("pop3/list/decode", corpus::list_reply(), Listing::Scan),
        ("pop3/uidl/decode", corpus::uidl_reply(), Listing::UniqueId),
    ] {
        let mut group = c.benchmark_group(name);
        config::messages(&mut group, corpus::MAILDROP_MESSAGES);
        let mut entries = Vec::with_capacity(corpus::MAILDROP_MESSAGES);
        let mut carry = Vec::with_capacity(4096);
        for pieces in Pieces::ALL {
            group.bench_with_input(BenchmarkId::new("ours", pieces.id()), &pieces, |b, &p| {
                b.iter(|| ours::pop3::listing(black_box(&reply), kind, p, &mut carry))
            });
        }
        let whole = Pieces::Whole.id();
        group.bench_function(BenchmarkId::new("naive-std", whole), |b| {
            b.iter(|| naive_pop3::scan_listing(black_box(&reply), &mut entries))
        });
        group.bench_function(BenchmarkId::new("memchr-count", whole), |b| {
            b.iter(|| floor::memchr_count(black_box(&reply)))
        });
        group.finish();
    }
}

fn listing_encode(c: &mut Criterion) {
    for (name, reply, kind) in [
        ("pop3/list/encode", corpus::list_reply(), Listing::Scan),
        ("pop3/uidl/encode", corpus::uidl_reply(), Listing::UniqueId),
    ] {
        let (status, lines) = ours::pop3::decode_listing(&reply, kind);
        let mut entries = Vec::new();
        assert!(naive_pop3::scan_listing(&reply, &mut entries).is_some());
        let mut group = c.benchmark_group(name);
        config::messages(&mut group, lines.len());
        let mut out = Vec::with_capacity(reply.len());
        group.bench_function("ours", |b| {
            b.iter(|| ours::pop3::encode_listing(black_box(&status), black_box(&lines), &mut out))
        });
        group.bench_function("naive-std", |b| {
            b.iter(|| naive_pop3::write_listing(black_box(&entries), &mut out))
        });
        group.bench_function("memcpy", |b| {
            b.iter(|| floor::memcpy(black_box(&reply), &mut out))
        });
        group.finish();
    }
    let (status, lines) = ours::pop3::decode_listing(corpus::CAPA_REPLY, Listing::Capability);
    let mut group = c.benchmark_group("pop3/capa/encode");
    config::messages(&mut group, 1);
    let mut out = Vec::with_capacity(1024);
    group.bench_function("ours", |b| {
        b.iter(|| ours::pop3::encode_listing(black_box(&status), black_box(&lines), &mut out))
    });
    group.finish();
}

fn capa_decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("pop3/capa/decode");
    config::messages(&mut group, 1);
    let mut carry = Vec::with_capacity(4096);
    group.bench_function("ours", |b| {
        b.iter(|| {
            ours::pop3::listing(
                black_box(corpus::CAPA_REPLY),
                Listing::Capability,
                Pieces::Whole,
                &mut carry,
            )
        })
    });
    group.finish();
}

criterion_group! {
    name = pop3;
    config = config::criterion();
    targets = commands, retr_decode, retr_encode, listing_decode, listing_encode, capa_decode
}
criterion_main!(pop3);
