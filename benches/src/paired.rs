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
    median_ratio(rounds, &mut || time(a, na), &mut || time(b, nb))
}

/// The median over `rounds` of ta / tb, where each round measures both with
/// `ta` and `tb`, alternating which goes first.
fn median_ratio(rounds: usize, ta: &mut dyn FnMut() -> f64, tb: &mut dyn FnMut() -> f64) -> f64 {
    let mut ratios: Vec<f64> = (0..rounds.max(1))
        .map(|round| {
            let (a, b) = if round % 2 == 0 {
                let a = ta();
                (a, tb())
            } else {
                let b = tb();
                (ta(), b)
            };
            a / b
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    #[test]
    fn rounds_alternate_and_the_median_ratio_wins_over_outliers() {
        // Measurements by a fake clock: a takes 2 units, b takes 1, except
        // one disturbed round where a took 50; the order is recorded.
        let order = RefCell::new(String::new());
        let mut calls_a = 0;
        let mut ta = || {
            order.borrow_mut().push('a');
            calls_a += 1;
            if calls_a == 3 { 50.0 } else { 2.0 }
        };
        let mut tb = || {
            order.borrow_mut().push('b');
            1.0
        };
        let r = median_ratio(5, &mut ta, &mut tb);
        assert_eq!(r, 2.0);
        assert_eq!(order.into_inner(), "abbaabbaab");
    }
}
