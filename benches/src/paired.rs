//! Back-to-back timing of two implementations, for the targets: on a shared
//! machine the load changes from one minute to the next, and criterion runs
//! one benchmark after the other, so a ratio of two criterion results
//! compares different moments. Here each round times the two sides one right
//! after the other (in alternating order), and the ratio reported is the
//! median of the per-round ratios.

use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// How long one timed batch should take, so timer resolution is negligible.
const BATCH: Duration = Duration::from_millis(2);

/// One paired measurement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairRow {
    /// Criterion group of both sides.
    pub group: String,
    /// `function/param` of our side.
    pub ours: String,
    /// `function/param` of the other side.
    pub other: String,
    /// Median over rounds of time(ours) / time(other).
    pub ratio: f64,
    /// Rounds run.
    pub rounds: usize,
}

/// Calls per batch so that a batch of `f` takes about [`BATCH`].
fn batch_size(f: &mut dyn FnMut()) -> u32 {
    let start = Instant::now();
    f();
    let once = start.elapsed().max(Duration::from_nanos(1));
    (BATCH.as_nanos() / once.as_nanos()).clamp(1, 1_000_000) as u32
}

fn time(f: &mut dyn FnMut(), n: u32) -> f64 {
    let start = Instant::now();
    for _ in 0..n {
        f();
    }
    start.elapsed().as_nanos() as f64 / f64::from(n)
}

/// The median over `rounds` of time(a) / time(b), each round timing both
/// back to back (a first in even rounds, b first in odd ones).
pub fn ratio(a: &mut dyn FnMut(), b: &mut dyn FnMut(), rounds: usize) -> f64 {
    let (na, nb) = (batch_size(a), batch_size(b));
    let mut ratios: Vec<f64> = (0..rounds.max(1))
        .map(|round| {
            let (ta, tb) = if round % 2 == 0 {
                let ta = time(a, na);
                (ta, time(b, nb))
            } else {
                let tb = time(b, nb);
                (time(a, na), tb)
            };
            ta / tb
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hint::black_box;

    fn spin(n: u64) -> u64 {
        (0..n).fold(0u64, |acc, i| {
            black_box(acc.wrapping_mul(31).wrapping_add(i))
        })
    }

    #[test]
    fn twice_the_work_takes_about_twice_the_time() {
        let mut slow = || {
            black_box(spin(200_000));
        };
        let mut fast = || {
            black_box(spin(100_000));
        };
        let r = ratio(&mut slow, &mut fast, 9);
        assert!((1.3..3.0).contains(&r), "ratio {r}");
    }
}
