//! `results.svg`: for every case, one bar per implementation, the length
//! being its speed relative to the fastest in that case, labelled with the
//! time. Hand-written SVG, no dependency.

use super::criterion_data::Bench;
use super::fmt_ns;
use crate::pieces::Pieces;
use std::fmt::Write;

const LABEL_W: f64 = 300.0;
const BAR_W: f64 = 420.0;
const VALUE_W: f64 = 190.0;
const BAR_H: f64 = 14.0;
const GAP: f64 = 10.0;
const TOP: f64 = 56.0;

fn color(function: &str) -> &'static str {
    match function {
        "ours" => "#2b6cb0",
        "ours-session" => "#63b3ed",
        "stalwart" => "#dd6b20",
        "naive-std" => "#b7791f",
        "memchr-count" => "#718096",
        "memcpy" => "#a0aec0",
        _ => "#805ad5",
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// One case: a group and a piece size, with the benchmarks measured for it.
fn cases(benches: &[Bench]) -> Vec<(String, Vec<&Bench>)> {
    let mut out: Vec<(String, Vec<&Bench>)> = Vec::new();
    for b in benches {
        let pieces = Pieces::from_id(&b.param).unwrap_or(Pieces::Whole);
        let title = match pieces {
            Pieces::Whole => b.group.clone(),
            p => format!("{} ({})", b.group, p.label()),
        };
        match out.iter_mut().find(|(t, _)| *t == title) {
            Some((_, list)) => list.push(b),
            None => out.push((title, vec![b])),
        }
    }
    out
}

/// The chart: the cases that compare at least two implementations.
pub fn render(benches: &[Bench]) -> String {
    let mut cases = cases(benches);
    cases.retain(|(_, list)| list.len() > 1);
    let rows: usize = cases.iter().map(|(_, l)| l.len()).sum();
    let height = TOP + rows as f64 * BAR_H + cases.len() as f64 * (GAP + BAR_H) + 20.0;
    let width = LABEL_W + BAR_W + VALUE_W;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<text x="8" y="18" font-size="14" font-weight="bold">mailwire benchmarks: a longer bar is faster (fastest sample; floors capped)</text>"#
    );
    let mut x = 8.0;
    for f in [
        "ours",
        "ours-session",
        "stalwart",
        "naive-std",
        "memchr-count",
        "memcpy",
    ] {
        let _ = writeln!(
            s,
            r#"<rect x="{x}" y="28" width="12" height="12" fill="{}"/><text x="{}" y="38">{f}</text>"#,
            color(f),
            x + 16.0
        );
        x += 16.0 + 8.0 * f.len() as f64 + 18.0;
    }
    let mut y = TOP;
    for (title, list) in &cases {
        let _ = writeln!(
            s,
            r#"<text x="8" y="{}" font-weight="bold">{}</text>"#,
            y + BAR_H - 3.0,
            escape(title)
        );
        y += BAR_H;
        // Scaled to the fastest implementation; a floor faster than all of
        // them (it does far less) fills the bar instead of flattening the rest.
        let is_floor = |f: &str| matches!(f, "memchr-count" | "memcpy");
        let fastest = list
            .iter()
            .filter(|b| !is_floor(&b.function))
            .map(|b| b.fastest_ns)
            .fold(f64::INFINITY, f64::min);
        for b in list {
            let len = if b.fastest_ns > 0.0 {
                (BAR_W * fastest / b.fastest_ns).min(BAR_W)
            } else {
                0.0
            };
            let _ = writeln!(
                s,
                r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
                LABEL_W - 6.0,
                y + BAR_H - 3.0,
                escape(&b.function)
            );
            let _ = writeln!(
                s,
                r#"<rect x="{LABEL_W}" y="{}" width="{:.1}" height="{}" fill="{}"/>"#,
                y + 1.0,
                len.max(1.0),
                BAR_H - 2.0,
                color(&b.function)
            );
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{}">{}</text>"#,
                LABEL_W + len.max(1.0) + 4.0,
                y + BAR_H - 3.0,
                escape(&fmt_ns(b.per_unit_ns()))
                    + if matches!(b.throughput, Some(super::criterion_data::Throughput::Elements(n)) if n > 1)
                    {
                        " /msg"
                    } else {
                        ""
                    }
            );
            y += BAR_H;
        }
        y += GAP;
    }
    let _ = writeln!(s, "</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::super::criterion_data::Throughput;
    use super::*;

    #[test]
    fn one_bar_per_benchmark_scaled_to_the_fastest() {
        let mk = |function: &str, param: &str, ns: f64| Bench {
            group: "smtp/data/decode".into(),
            function: function.into(),
            param: param.into(),
            median_ns: ns,
            median_ci: (ns, ns),
            fastest_ns: ns,
            throughput: Some(Throughput::Bytes(100)),
        };
        let svg = render(&[
            mk("ours", "whole", 2.0),
            mk("stalwart", "whole", 4.0),
            mk("ours", "1", 8.0),
            mk("stalwart", "1", 8.0),
            mk("ours", "1460", 1.0),
        ]);
        assert!(svg.starts_with("<svg"));
        assert!(svg.trim_end().ends_with("</svg>"));
        assert_eq!(
            svg.matches("<rect x=\"300\"").count(),
            4,
            "a lone bar is left out"
        );
        assert!(
            svg.contains(r#"width="420.0""#),
            "the fastest gets the full width"
        );
        assert!(
            svg.contains(r#"width="210.0""#),
            "twice the time, half the bar"
        );
        assert!(svg.contains("smtp/data/decode (1-byte pieces)"));
        assert!(!svg.contains("1460-byte"));
    }
}
