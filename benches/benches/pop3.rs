//! POP3: our `pop3-proto` on the `RETR` body against Stalwart's `DATA`
//! receiver (the same dot-stuffing, the fastest unstuffer a Rust user has at
//! hand) and the `memchr`/`memcpy` floors; LIST and UIDL against the
//! std-only scanner a user would write without a POP3 crate.
//!
//! Names follow `benches/smtp.rs`: group `pop3/<what>/<direction>`,
//! function = implementation, parameter = how the input is split.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use mailwire_benches::config;
use mailwire_benches::corpus::pop3 as corpus;
use mailwire_benches::floor;
use mailwire_benches::ours;
use mailwire_benches::peer::{naive_pop3, stalwart};
use mailwire_benches::pieces::Pieces;
use std::hint::black_box;

fn retr_decode(c: &mut Criterion) {
    let body = corpus::retr_body();
    let retr = corpus::retr_reply(&body);
    let status_len = retr.len() - body.wire.len();
    let mut group = c.benchmark_group("pop3/retr/decode");
    config::bulk(&mut group, retr.len());
    let mut out = Vec::with_capacity(retr.len());
    let mut carry = Vec::with_capacity(4096);
    for pieces in Pieces::ALL {
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
    for (name, reply) in [
        ("pop3/list/decode", corpus::list_reply()),
        ("pop3/uidl/decode", corpus::uidl_reply()),
    ] {
        let mut group = c.benchmark_group(name);
        config::messages(&mut group, corpus::MAILDROP_MESSAGES);
        let mut entries = Vec::with_capacity(corpus::MAILDROP_MESSAGES);
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

criterion_group! {
    name = pop3;
    config = config::criterion();
    targets = retr_decode, retr_encode, listing_decode
}
criterion_main!(pop3);
