//! Reading criterion's results: every `new/benchmark.json` (the names and
//! throughput of a benchmark) beside its `new/estimates.json` (the times).

use serde_json::Value;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What one benchmark measured per iteration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Throughput {
    /// Bytes processed per iteration.
    Bytes(u64),
    /// Messages processed per iteration.
    Elements(u64),
}

/// One benchmark's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Bench {
    /// Criterion group, e.g. `smtp/data/decode`.
    pub group: String,
    /// Implementation, e.g. `ours`, `stalwart`, `memchr-count`.
    pub function: String,
    /// Parameter (how the input was split), empty when there is none.
    pub param: String,
    /// Median time per iteration, nanoseconds.
    pub median_ns: f64,
    /// 95% confidence interval of the median, nanoseconds.
    pub median_ci: (f64, f64),
    /// The fastest sample's time per iteration, nanoseconds: the least
    /// disturbed by other processes, so the figure ratios are taken from.
    pub fastest_ns: f64,
    /// Work per iteration.
    pub throughput: Option<Throughput>,
}

impl Bench {
    /// Time per message (fastest sample) for element throughput, else per
    /// iteration.
    pub fn per_unit_ns(&self) -> f64 {
        match self.throughput {
            Some(Throughput::Elements(n)) if n > 0 => self.fastest_ns / n as f64,
            _ => self.fastest_ns,
        }
    }

    /// GiB/s (fastest sample) for byte throughput.
    pub fn gib_per_s(&self) -> Option<f64> {
        match self.throughput {
            Some(Throughput::Bytes(n)) if self.fastest_ns > 0.0 => {
                Some(n as f64 / (self.fastest_ns * 1e-9) / (1u64 << 30) as f64)
            }
            _ => None,
        }
    }
}

/// All results below `root` (criterion's output directory), sorted by
/// group, then in the order [`function_rank`] gives, then parameter.
pub fn load(root: &Path) -> io::Result<Vec<Bench>> {
    let mut dirs = Vec::new();
    collect_new_dirs(root, &mut dirs)?;
    let mut benches = Vec::new();
    for dir in dirs {
        let meta: Value = read_json(&dir.join("benchmark.json"))?;
        let est: Value = read_json(&dir.join("estimates.json"))?;
        let sample = read_json(&dir.join("sample.json")).ok();
        if let Some(bench) = parse(&meta, &est, sample.as_ref()) {
            benches.push(bench);
        }
    }
    benches.sort_by(|a, b| {
        (&a.group, function_rank(&a.function), param_rank(&a.param)).cmp(&(
            &b.group,
            function_rank(&b.function),
            param_rank(&b.param),
        ))
    });
    Ok(benches)
}

/// Implementations in the order the tables list them: ours first.
pub fn function_rank(function: &str) -> usize {
    match function {
        "ours" => 0,
        "ours-session" => 1,
        "stalwart" => 2,
        "naive-std" => 3,
        "memchr-count" => 4,
        "memcpy" => 5,
        _ => 6,
    }
}

fn param_rank(param: &str) -> usize {
    match param {
        "" | "whole" => 0,
        "1460" => 1,
        "1" => 2,
        _ => 3,
    }
}

fn read_json(path: &Path) -> io::Result<Value> {
    let text = fs::read_to_string(path)?;
    serde_json::from_str(&text).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

fn collect_new_dirs(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if !path.is_dir() {
            continue;
        }
        if path.file_name().is_some_and(|n| n == "new") {
            if path.join("benchmark.json").is_file() && path.join("estimates.json").is_file() {
                out.push(path);
            }
        } else {
            collect_new_dirs(&path, out)?;
        }
    }
    Ok(())
}

/// The fastest per-iteration time of criterion's `sample.json`.
pub fn fastest(sample: &Value) -> Option<f64> {
    let iters = sample["iters"].as_array()?;
    let times = sample["times"].as_array()?;
    iters
        .iter()
        .zip(times)
        .filter_map(|(n, t)| Some(t.as_f64()? / n.as_f64().filter(|&n| n > 0.0)?))
        .reduce(f64::min)
}

/// One result from the JSON documents criterion writes; without a sample
/// the median stands in for the fastest time.
pub fn parse(meta: &Value, est: &Value, sample: Option<&Value>) -> Option<Bench> {
    let median = &est["median"];
    let median_ns = median["point_estimate"].as_f64()?;
    let throughput = match &meta["throughput"] {
        Value::Object(map) => {
            if let Some(n) = map.get("Bytes").and_then(Value::as_u64) {
                Some(Throughput::Bytes(n))
            } else {
                map.get("Elements")
                    .and_then(Value::as_u64)
                    .map(Throughput::Elements)
            }
        }
        _ => None,
    };
    Some(Bench {
        group: meta["group_id"].as_str()?.to_owned(),
        function: meta["function_id"].as_str().unwrap_or("").to_owned(),
        param: meta["value_str"].as_str().unwrap_or("").to_owned(),
        median_ns,
        median_ci: (
            median["confidence_interval"]["lower_bound"].as_f64()?,
            median["confidence_interval"]["upper_bound"].as_f64()?,
        ),
        fastest_ns: sample.and_then(fastest).unwrap_or(median_ns),
        throughput,
    })
}

/// Looks a result up by group, function and parameter (`""` for none; a
/// lookup for `""` also accepts `whole`, and the reverse).
pub fn find<'b>(
    benches: &'b [Bench],
    group: &str,
    function: &str,
    param: &str,
) -> Option<&'b Bench> {
    let whole = |p: &str| p.is_empty() || p == "whole";
    benches.iter().find(|b| {
        b.group == group
            && b.function == function
            && (b.param == param || (whole(&b.param) && whole(param)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_criterion_writes() {
        let meta: Value = serde_json::from_str(
            r#"{"group_id":"smtp/data/decode","function_id":"memcpy","value_str":"whole",
            "throughput":{"Bytes":14000003},"full_id":"smtp/data/decode/memcpy/whole"}"#,
        )
        .unwrap();
        let est: Value = serde_json::from_str(
            r#"{"median":{"confidence_interval":{"confidence_level":0.95,
            "lower_bound":2.0e6,"upper_bound":3.0e6},"point_estimate":2.5e6,"standard_error":1.0}}"#,
        )
        .unwrap();
        let sample: Value =
            serde_json::from_str(r#"{"iters":[2.0,4.0],"times":[5.0e6,8.0e6]}"#).unwrap();
        let b = parse(&meta, &est, Some(&sample)).unwrap();
        assert_eq!(b.fastest_ns, 2.0e6);
        assert_eq!(b.group, "smtp/data/decode");
        assert_eq!(b.function, "memcpy");
        assert_eq!(b.param, "whole");
        assert_eq!(b.median_ns, 2.5e6);
        assert_eq!(b.median_ci, (2.0e6, 3.0e6));
        assert_eq!(b.throughput, Some(Throughput::Bytes(14_000_003)));
        let gib = b.gib_per_s().unwrap();
        assert!((gib - 14_000_003.0 / 2.0e-3 / 1073741824.0).abs() < 1e-9);

        let meta: Value = serde_json::from_str(
            r#"{"group_id":"smtp/command/decode","function_id":"ours","value_str":null,
            "throughput":{"Elements":1000}}"#,
        )
        .unwrap();
        let b = parse(&meta, &est, None).unwrap();
        assert_eq!(b.param, "");
        assert_eq!(b.per_unit_ns(), 2500.0);
        assert!(
            find(
                std::slice::from_ref(&b),
                "smtp/command/decode",
                "ours",
                "whole"
            )
            .is_some()
        );
    }
}
