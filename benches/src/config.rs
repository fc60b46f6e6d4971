//! Criterion settings shared by every benchmark file, chosen so the whole
//! suite runs in a few minutes on a two-core machine.

use criterion::{Criterion, SamplingMode, Throughput};
use std::time::Duration;

/// Settings for small, per-message cases (microseconds per iteration).
pub fn criterion() -> Criterion {
    Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .noise_threshold(0.03)
        .without_plots()
}

/// Sets a group up for bulk cases (milliseconds per iteration): few flat
/// samples, so one-byte-at-a-time runs over 14 MB stay affordable.
pub fn bulk<M: criterion::measurement::Measurement>(
    group: &mut criterion::BenchmarkGroup<'_, M>,
    bytes: usize,
) {
    group
        .sample_size(BULK_SAMPLES)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Bytes(bytes as u64));
}

/// Samples of a bulk case: many short ones, so that some escape the other
/// processes of a shared machine (ratios use the fastest).
const BULK_SAMPLES: usize = 40;

/// Sets the sample count of the next bulk benchmarks for how their input is
/// split: one byte at a time over 14 MB takes about a second per iteration,
/// so it gets the fewest samples criterion allows.
pub fn bulk_samples<M: criterion::measurement::Measurement>(
    group: &mut criterion::BenchmarkGroup<'_, M>,
    pieces: crate::pieces::Pieces,
) {
    let n = match pieces {
        crate::pieces::Pieces::Byte => 10,
        _ => BULK_SAMPLES,
    };
    group.sample_size(n);
}

/// Sets a group up for per-message cases: throughput in messages, so the
/// report can give time per message.
pub fn messages<M: criterion::measurement::Measurement>(
    group: &mut criterion::BenchmarkGroup<'_, M>,
    count: usize,
) {
    group.throughput(Throughput::Elements(count as u64));
}
