//! The report step: `cargo run --release --bin report` after `cargo bench`
//! (and `cargo run --release --bin footprint`) writes `RESULTS.md` and
//! `results.svg` beside this crate's `Cargo.toml`.

use mailwire_benches::paired::PairRow;
use mailwire_benches::report::footprint::Footprint;
use mailwire_benches::report::machine::Machine;
use mailwire_benches::report::{criterion_data, markdown, svg};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let criterion_dir = target.join("criterion");
    let benches = match criterion_data::load(&criterion_dir) {
        Ok(b) if !b.is_empty() => b,
        Ok(_) => {
            eprintln!(
                "no results under {}: run `cargo bench` first",
                criterion_dir.display()
            );
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!(
                "cannot read {}: {e}; run `cargo bench` first",
                criterion_dir.display()
            );
            return ExitCode::FAILURE;
        }
    };
    let footprint = match Footprint::load(&target.join("footprint.json")) {
        Ok(fp) => Some(fp),
        Err(e) => {
            eprintln!("no footprint ({e}); run `cargo run --release --bin footprint` to add it");
            None
        }
    };
    let paired: Vec<PairRow> = match std::fs::read_to_string(target.join("paired.json")) {
        Ok(text) => serde_json::from_str(&text).unwrap_or_else(|e| {
            eprintln!("ignoring target/paired.json: {e}");
            Vec::new()
        }),
        Err(e) => {
            eprintln!("no paired ratios ({e}); run `cargo run --release --bin paired` to add them");
            Vec::new()
        }
    };
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap_or_default();
    let machine = Machine::detect(&lock);
    let md = markdown::render(&benches, &paired, footprint.as_ref(), &machine, &today());
    let chart = svg::render(&benches);
    for (name, text) in [("RESULTS.md", md), ("results.svg", chart)] {
        let path = root.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}

/// Today's UTC date as YYYY-MM-DD (days-to-civil, proleptic Gregorian).
fn today() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
