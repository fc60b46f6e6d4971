//! The report step: criterion's estimates and the footprint measurements
//! turned into `RESULTS.md` (tables of times and ratios, the targets met or
//! not, the machine and versions) and `results.svg` (bars side by side).
//!
//! Split so each file holds one concern: [`criterion_data`] reads what
//! criterion wrote, [`targets`] says what the issue asks of each case,
//! [`markdown`] and [`svg`] write the two outputs.

pub mod criterion_data;
pub mod footprint;
pub mod machine;
pub mod markdown;
pub mod svg;
pub mod targets;

/// Formats nanoseconds with a unit that keeps three significant digits.
pub fn fmt_ns(ns: f64) -> String {
    let (value, unit) = if ns >= 1e9 {
        (ns / 1e9, "s")
    } else if ns >= 1e6 {
        (ns / 1e6, "ms")
    } else if ns >= 1e3 {
        (ns / 1e3, "µs")
    } else {
        (ns, "ns")
    };
    let digits = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    format!("{value:.digits$} {unit}")
}

/// Formats a ratio as `1.23×`.
pub fn fmt_ratio(r: f64) -> String {
    if r >= 100.0 {
        format!("{r:.0}×")
    } else if r >= 10.0 {
        format!("{r:.1}×")
    } else {
        format!("{r:.2}×")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_keep_three_digits() {
        assert_eq!(fmt_ns(12.345), "12.3 ns");
        assert_eq!(fmt_ns(1234.0), "1.23 µs");
        assert_eq!(fmt_ns(3_456_789.0), "3.46 ms");
        assert_eq!(fmt_ns(456_000_000.0), "456 ms");
        assert_eq!(fmt_ns(2.5e9), "2.50 s");
        assert_eq!(fmt_ratio(1.456), "1.46×");
        assert_eq!(fmt_ratio(123.4), "123×");
    }
}
