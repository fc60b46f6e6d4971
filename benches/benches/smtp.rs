//! SMTP: our `smtp-proto` against Stalwart's `smtp-proto` 0.2 and the
//! `memchr`/`memcpy` floors, on the same bytes in the same run.
//!
//! Group names are `smtp/<what>/<direction>`; function names are the
//! implementation (`ours`, `stalwart`, `memchr-count`, `memcpy`); the
//! parameter, where there is one, is how the input is split. The report
//! step (`src/bin/report.rs`) relies on these names.

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use mailwire_benches::config;
use mailwire_benches::corpus::smtp as corpus;
use mailwire_benches::floor;
use mailwire_benches::ours;
use mailwire_benches::ours::smtp_session;
use mailwire_benches::peer::stalwart;
use mailwire_benches::pieces::Pieces;
use std::hint::black_box;

fn command_decode(c: &mut Criterion) {
    let commands = corpus::commands();
    let mut group = c.benchmark_group("smtp/command/decode");
    config::messages(&mut group, commands.len());
    group.bench_function("ours", |b| {
        b.iter(|| {
            for line in &commands {
                black_box(ours::smtp::decode_command(black_box(line)));
            }
        })
    });
    group.bench_function("stalwart", |b| {
        b.iter(|| {
            for line in &commands {
                black_box(stalwart::decode_command(black_box(line)));
            }
        })
    });
    group.finish();
}

/// Stalwart has no command encoder, so ours runs alone here.
fn command_encode(c: &mut Criterion) {
    let lines = corpus::commands();
    let commands: Vec<_> = lines
        .iter()
        .map(|l| ours::smtp::decode_command(l))
        .collect();
    let mut group = c.benchmark_group("smtp/command/encode");
    config::messages(&mut group, commands.len());
    let mut out = Vec::with_capacity(512);
    group.bench_function("ours", |b| {
        b.iter(|| {
            for command in &commands {
                ours::smtp::encode(black_box(command), &mut out);
            }
        })
    });
    group.finish();
}

fn command_stream(c: &mut Criterion) {
    let stream = corpus::command_stream();
    let count = corpus::commands().len();
    let mut group = c.benchmark_group("smtp/command/stream");
    config::messages(&mut group, count);
    let mut carry = Vec::with_capacity(4096);
    for pieces in Pieces::ALL {
        group.bench_with_input(BenchmarkId::new("ours", pieces.id()), &pieces, |b, &p| {
            b.iter(|| {
                assert_eq!(
                    ours::smtp::command_stream(black_box(&stream), p, &mut carry),
                    count
                )
            })
        });
        group.bench_with_input(
            BenchmarkId::new("stalwart", pieces.id()),
            &pieces,
            |b, &p| b.iter(|| assert_eq!(stalwart::command_stream(black_box(&stream), p), count)),
        );
    }
    group.finish();
}

fn reply_decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("smtp/reply-ehlo/decode");
    config::messages(&mut group, 1);
    group.bench_function("ours", |b| {
        b.iter(|| black_box(ours::smtp::decode_ehlo(black_box(corpus::EHLO_REPLY))))
    });
    group.bench_function("stalwart", |b| {
        b.iter(|| black_box(stalwart::decode_ehlo(black_box(corpus::EHLO_REPLY))))
    });
    group.finish();

    let mut group = c.benchmark_group("smtp/reply-single/decode");
    config::messages(&mut group, 1);
    group.bench_function("ours", |b| {
        b.iter(|| black_box(ours::smtp::decode_reply(black_box(corpus::SINGLE_REPLY))))
    });
    group.bench_function("stalwart", |b| {
        b.iter(|| black_box(stalwart::decode_reply(black_box(corpus::SINGLE_REPLY))))
    });
    group.finish();
}

fn reply_encode(c: &mut Criterion) {
    let mut out = Vec::with_capacity(1024);
    let mut group = c.benchmark_group("smtp/reply-ehlo/encode");
    config::messages(&mut group, 1);
    let ours_ehlo = ours::smtp::decode_ehlo(corpus::EHLO_REPLY);
    group.bench_function("ours", |b| {
        b.iter(|| ours::smtp::encode(black_box(&ours_ehlo), &mut out))
    });
    let ehlo = stalwart::ehlo_reply_value();
    group.bench_function("stalwart", |b| {
        b.iter(|| stalwart::encode_ehlo(black_box(&ehlo), &mut out))
    });
    group.finish();

    let mut group = c.benchmark_group("smtp/reply-single/encode");
    config::messages(&mut group, 1);
    let (ours_single, _) = ours::smtp::decode_reply(corpus::SINGLE_REPLY);
    group.bench_function("ours", |b| {
        b.iter(|| ours::smtp::encode(black_box(&ours_single), &mut out))
    });
    let single = stalwart::single_reply_value();
    group.bench_function("stalwart", |b| {
        b.iter(|| stalwart::encode_reply(black_box(&single), &mut out))
    });
    group.finish();
}

fn reply_stream(c: &mut Criterion) {
    let stream = corpus::reply_stream();
    let count = corpus::replies().len();
    let mut group = c.benchmark_group("smtp/reply/stream");
    config::messages(&mut group, count);
    let mut carry = Vec::with_capacity(4096);
    for pieces in Pieces::ALL {
        group.bench_with_input(BenchmarkId::new("ours", pieces.id()), &pieces, |b, &p| {
            b.iter(|| {
                assert_eq!(
                    ours::smtp::reply_stream(black_box(&stream), p, &mut carry),
                    count
                )
            })
        });
        group.bench_with_input(
            BenchmarkId::new("stalwart", pieces.id()),
            &pieces,
            |b, &p| b.iter(|| assert_eq!(stalwart::reply_stream(black_box(&stream), p), count)),
        );
    }
    group.finish();
}

fn data_decode(c: &mut Criterion) {
    let body = corpus::data_body();
    let mut group = c.benchmark_group("smtp/data/decode");
    config::bulk(&mut group, body.wire.len());
    let mut out = Vec::with_capacity(body.wire.len());
    let mut carry = Vec::with_capacity(4096);
    for pieces in Pieces::ALL {
        config::bulk_samples(&mut group, pieces);
        group.bench_with_input(BenchmarkId::new("ours", pieces.id()), &pieces, |b, &p| {
            b.iter(|| {
                ours::smtp::data_body(black_box(&body.wire), p, &mut carry, |c| {
                    black_box(c);
                })
            })
        });
        group.bench_with_input(
            BenchmarkId::new("stalwart", pieces.id()),
            &pieces,
            |b, &p| b.iter(|| stalwart::data_body(black_box(&body.wire), p, &mut out)),
        );
    }
    // The same through our server session, which buffers what it receives.
    for pieces in Pieces::ALL {
        config::bulk_samples(&mut group, pieces);
        let id = BenchmarkId::new("ours-session", pieces.id());
        group.bench_with_input(id, &pieces, |b, &p| {
            b.iter_batched(
                smtp_session::server_awaiting_content,
                |mut server| smtp_session::server_content(&mut server, black_box(&body.wire), p),
                BatchSize::LargeInput,
            )
        });
    }
    config::bulk_samples(&mut group, Pieces::Whole);
    let whole = Pieces::Whole.id();
    group.bench_function(BenchmarkId::new("memchr-count", whole), |b| {
        b.iter(|| floor::memchr_count(black_box(&body.wire)))
    });
    group.bench_function(BenchmarkId::new("memcpy", whole), |b| {
        b.iter(|| floor::memcpy(black_box(&body.wire), &mut out))
    });
    group.finish();
}

fn data_encode(c: &mut Criterion) {
    let body = corpus::data_body();
    let mut group = c.benchmark_group("smtp/data/encode");
    config::bulk(&mut group, body.plain.len());
    let mut out = Vec::with_capacity(body.wire.len());
    group.bench_function(BenchmarkId::new("ours", Pieces::Whole.id()), |b| {
        b.iter(|| ours::smtp::data_encode(black_box(&body.plain), &mut out))
    });
    group.bench_function(BenchmarkId::new("memcpy", Pieces::Whole.id()), |b| {
        b.iter(|| floor::memcpy(black_box(&body.plain), &mut out))
    });
    group.finish();
}

criterion_group! {
    name = smtp;
    config = config::criterion();
    targets = command_decode, command_encode, command_stream, reply_decode, reply_encode, reply_stream,
        data_decode, data_encode
}
criterion_main!(smtp);
