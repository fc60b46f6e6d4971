//! What the issue asks of each case, as ratios measured in the same run,
//! and whether a run met it.

use super::criterion_data::{Bench, find};
use super::footprint::Footprint;
use crate::paired::PairRow;

/// One side of a time ratio: a benchmark by group, function, parameter.
#[derive(Debug, Clone, Copy)]
pub struct Side {
    /// Criterion group.
    pub group: &'static str,
    /// Implementation.
    pub function: &'static str,
    /// Parameter (`""` when none).
    pub param: &'static str,
}

const fn side(group: &'static str, function: &'static str, param: &'static str) -> Side {
    Side {
        group,
        function,
        param,
    }
}

/// How the two sides must compare.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// `time(other) / time(ours) >= min`: ours at least `min` times faster.
    Faster {
        /// The smallest acceptable speed-up.
        min: f64,
    },
    /// `time(ours) / time(other) <= max`: ours at most `max` times slower.
    Within {
        /// The largest acceptable slow-down.
        max: f64,
    },
}

/// A timing target.
#[derive(Debug, Clone)]
pub struct Target {
    /// What a reader sees.
    pub label: String,
    /// Our side.
    pub ours: Side,
    /// What it is compared with.
    pub other: Side,
    /// The rule.
    pub rule: Rule,
}

/// The outcome of one target in one run.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Both sides measured; the ratio as the rule defines it.
    Measured {
        /// The ratio.
        ratio: f64,
        /// Whether the rule holds.
        met: bool,
    },
    /// A side has no result (not implemented yet, or not run).
    Missing(String),
}

const FASTER_MSG: Rule = Rule::Faster { min: 1.5 };
const FASTER_BODY: Rule = Rule::Faster { min: 1.4 };

/// The timing targets of the issue.
pub fn timing_targets() -> Vec<Target> {
    let mut t = Vec::new();
    let vs_stalwart = [
        ("SMTP commands, decode", "smtp/command/decode", ""),
        (
            "SMTP command stream, framed + decoded",
            "smtp/command/stream",
            "whole",
        ),
        ("SMTP EHLO reply, decode", "smtp/reply-ehlo/decode", ""),
        (
            "SMTP single-line reply, decode",
            "smtp/reply-single/decode",
            "",
        ),
        ("SMTP EHLO reply, encode", "smtp/reply-ehlo/encode", ""),
        (
            "SMTP single-line reply, encode",
            "smtp/reply-single/encode",
            "",
        ),
        (
            "SMTP reply stream, framed + decoded",
            "smtp/reply/stream",
            "whole",
        ),
    ];
    for (label, group, param) in vs_stalwart {
        t.push(Target {
            label: label.to_owned(),
            ours: side(group, "ours", param),
            other: side(group, "stalwart", param),
            rule: FASTER_MSG,
        });
    }
    for (what, group) in [
        ("SMTP DATA body", "smtp/data/decode"),
        ("POP3 RETR body", "pop3/retr/decode"),
    ] {
        t.push(Target {
            label: format!("{what}, borrowed chunks vs Stalwart's DATA receiver"),
            ours: side(group, "ours", "whole"),
            other: side(group, "stalwart", "whole"),
            rule: FASTER_BODY,
        });
        t.push(Target {
            label: format!("{what}, vs memchr count-only pass"),
            ours: side(group, "ours", "whole"),
            other: side(group, "memchr-count", "whole"),
            rule: Rule::Within { max: 2.0 },
        });
    }
    for (what, group) in [
        ("SMTP command stream", "smtp/command/stream"),
        ("SMTP reply stream", "smtp/reply/stream"),
        ("SMTP DATA body", "smtp/data/decode"),
        ("POP3 command stream", "pop3/command/stream"),
        ("POP3 RETR body", "pop3/retr/decode"),
        ("POP3 LIST reply", "pop3/list/decode"),
        ("POP3 UIDL reply", "pop3/uidl/decode"),
    ] {
        t.push(Target {
            label: format!("{what}, 1460-byte pieces vs one piece"),
            ours: side(group, "ours", "1460"),
            other: side(group, "ours", "whole"),
            rule: Rule::Within { max: 1.2 },
        });
        t.push(Target {
            label: format!("{what}, 1-byte pieces vs one piece"),
            ours: side(group, "ours", "1"),
            other: side(group, "ours", "whole"),
            rule: Rule::Within { max: 3.0 },
        });
    }
    t
}

/// The name `paired` gives the per-call floor of a one-byte-at-a-time
/// target: the same bytes fed one per call to a step that only takes them.
pub const FEED_FLOOR: &str = "feed-only/1";

/// The per-call floor of a one-byte target as a ratio to our one-piece
/// time, when `paired` measured it.
pub fn feed_floor(target: &Target, paired: &[PairRow]) -> Option<f64> {
    if target.ours.param != "1" {
        return None;
    }
    paired
        .iter()
        .find(|r| {
            r.group == target.ours.group
                && r.ours == FEED_FLOOR
                && r.other == side_id(&target.other)
        })
        .map(|r| r.ratio)
}

/// `function/param` as the paired measurement names a side.
pub fn side_id(side: &Side) -> String {
    if side.param.is_empty() {
        side.function.to_owned()
    } else {
        format!("{}/{}", side.function, side.param)
    }
}

/// Evaluates a timing target on the back-to-back measurement, if it has one.
pub fn evaluate_paired(target: &Target, paired: &[PairRow]) -> Option<Outcome> {
    let row = paired.iter().find(|r| {
        r.group == target.ours.group
            && r.ours == side_id(&target.ours)
            && r.other == side_id(&target.other)
    })?;
    Some(match target.rule {
        Rule::Faster { min } => {
            let ratio = 1.0 / row.ratio;
            Outcome::Measured {
                ratio,
                met: ratio >= min,
            }
        }
        Rule::Within { max } => Outcome::Measured {
            ratio: row.ratio,
            met: row.ratio <= max,
        },
    })
}

/// Evaluates a timing target on a run's results.
pub fn evaluate(target: &Target, benches: &[Bench]) -> Outcome {
    let get = |s: &Side| find(benches, s.group, s.function, s.param);
    let (Some(ours), Some(other)) = (get(&target.ours), get(&target.other)) else {
        let missing: Vec<String> = [&target.ours, &target.other]
            .into_iter()
            .filter(|s| get(s).is_none())
            .map(|s| {
                let param = if s.param.is_empty() {
                    String::new()
                } else {
                    format!("/{}", s.param)
                };
                format!("{}/{}{param}", s.group, s.function)
            })
            .collect();
        return Outcome::Missing(format!("not measured: {}", missing.join(", ")));
    };
    match target.rule {
        Rule::Faster { min } => {
            let ratio = other.fastest_ns / ours.fastest_ns;
            Outcome::Measured {
                ratio,
                met: ratio >= min,
            }
        }
        Rule::Within { max } => {
            let ratio = ours.fastest_ns / other.fastest_ns;
            Outcome::Measured {
                ratio,
                met: ratio <= max,
            }
        }
    }
}

/// A footprint target and its outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct FootprintCheck {
    /// What a reader sees.
    pub label: String,
    /// The measured value, formatted.
    pub measured: String,
    /// `None` when it could not be measured.
    pub met: Option<bool>,
}

/// Largest idle session, `size_of` plus heap.
pub const IDLE_SESSION_MAX: i64 = 1024;

/// The memory targets: bodies decode without a heap copy of the payload (we
/// allow one percent of the payload, far below any copy, for the bytes a
/// framer carries over between pieces), idle sessions hold at most 1 KiB.
pub fn footprint_checks(fp: &Footprint) -> Vec<FootprintCheck> {
    let mut out = Vec::new();
    for case in ["smtp/data/decode", "pop3/retr/decode"] {
        for pieces in ["whole", "1460", "1"] {
            let label = format!("{case} ({pieces}): no heap copy of the payload");
            out.push(match fp.alloc(case, "ours", pieces) {
                Some(r) => FootprintCheck {
                    label,
                    measured: format!(
                        "{} allocations, {} bytes for {} payload bytes",
                        r.allocs, r.bytes, r.payload_bytes
                    ),
                    met: Some(r.bytes * 100 <= r.payload_bytes),
                },
                None => FootprintCheck {
                    label,
                    measured: "not measured".into(),
                    met: None,
                },
            });
        }
    }
    for name in ["smtp client", "smtp server", "pop3 client", "pop3 server"] {
        let label = format!("idle {name} session ≤ 1 KiB, buffers released");
        out.push(match fp.sessions.iter().find(|s| s.name == name) {
            Some(s) => FootprintCheck {
                label,
                measured: format!(
                    "{} B ({} B value + {} B heap)",
                    s.total(),
                    s.size_of,
                    s.heap_idle
                ),
                met: Some(s.total() <= IDLE_SESSION_MAX),
            },
            None => FootprintCheck {
                label,
                measured: "not measured (session not implemented yet)".into(),
                met: None,
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::criterion_data::Throughput;
    use super::*;

    fn bench(group: &str, function: &str, param: &str, ns: f64) -> Bench {
        Bench {
            group: group.into(),
            function: function.into(),
            param: param.into(),
            median_ns: ns,
            median_ci: (ns, ns),
            fastest_ns: ns,
            throughput: Some(Throughput::Bytes(1)),
        }
    }

    #[test]
    fn faster_and_within_rules() {
        let targets = timing_targets();
        let data = targets
            .iter()
            .find(|t| t.label.starts_with("SMTP DATA body, borrowed"))
            .unwrap();
        let floor = targets
            .iter()
            .find(|t| t.label.starts_with("SMTP DATA body, vs memchr"))
            .unwrap();
        let run = [
            bench("smtp/data/decode", "ours", "whole", 2.0),
            bench("smtp/data/decode", "stalwart", "whole", 3.0),
            bench("smtp/data/decode", "memchr-count", "whole", 1.5),
        ];
        assert_eq!(
            evaluate(data, &run),
            Outcome::Measured {
                ratio: 1.5,
                met: true
            }
        );
        let Outcome::Measured { ratio, met } = evaluate(floor, &run) else {
            panic!()
        };
        assert!((ratio - 4.0 / 3.0).abs() < 1e-12 && met);
        let slow = [
            bench("smtp/data/decode", "ours", "whole", 2.5),
            bench("smtp/data/decode", "stalwart", "whole", 3.0),
        ];
        assert_eq!(
            evaluate(data, &slow),
            Outcome::Measured {
                ratio: 1.2,
                met: false
            }
        );
        assert!(
            matches!(evaluate(floor, &slow), Outcome::Missing(m) if m.contains("memchr-count"))
        );
    }

    #[test]
    fn paired_rows_are_matched_to_their_target() {
        let targets = timing_targets();
        let data = targets
            .iter()
            .find(|t| t.label.starts_with("SMTP DATA body, borrowed"))
            .unwrap();
        let row = PairRow {
            group: "smtp/data/decode".into(),
            ours: "ours/whole".into(),
            other: "stalwart/whole".into(),
            ratio: 0.5,
            rounds: 3,
        };
        assert_eq!(
            evaluate_paired(data, std::slice::from_ref(&row)),
            Some(Outcome::Measured {
                ratio: 2.0,
                met: true
            })
        );
        let commands = targets
            .iter()
            .find(|t| t.label == "SMTP commands, decode")
            .unwrap();
        assert_eq!(evaluate_paired(commands, &[row]), None);
    }

    #[test]
    fn footprint_targets_fail_on_a_payload_copy_and_a_big_session() {
        let mut fp = Footprint::default();
        fp.allocations.push(super::super::footprint::AllocRow {
            case: "smtp/data/decode".into(),
            implementation: "ours".into(),
            pieces: "whole".into(),
            messages: 1,
            payload_bytes: 14_000_000,
            allocs: 20,
            bytes: 28_000_000,
        });
        fp.sessions.push(super::super::footprint::SessionRow {
            name: "smtp server".into(),
            size_of: 600,
            heap_idle: 512,
            conversation: String::new(),
        });
        let checks = footprint_checks(&fp);
        let data = checks
            .iter()
            .find(|c| c.label.starts_with("smtp/data/decode (whole)"))
            .unwrap();
        assert_eq!(data.met, Some(false));
        let server = checks
            .iter()
            .find(|c| c.label.contains("smtp server"))
            .unwrap();
        assert_eq!(server.met, Some(false));
        let client = checks
            .iter()
            .find(|c| c.label.contains("smtp client"))
            .unwrap();
        assert_eq!(client.met, None);
    }

    #[test]
    fn feed_floor_belongs_to_its_one_byte_target_only() {
        let targets = timing_targets();
        let by_label = |l: &str| targets.iter().find(|t| t.label == l).unwrap();
        let byte = by_label("SMTP reply stream, 1-byte pieces vs one piece");
        let segment = by_label("SMTP reply stream, 1460-byte pieces vs one piece");
        let row = PairRow {
            group: "smtp/reply/stream".into(),
            ours: FEED_FLOOR.into(),
            other: "ours/whole".into(),
            ratio: 3.9,
            rounds: 3,
        };
        let rows = std::slice::from_ref(&row);
        assert_eq!(feed_floor(byte, rows), Some(3.9));
        assert_eq!(feed_floor(segment, rows), None);
        // The floor row is not taken for the target's own measurement.
        assert_eq!(evaluate_paired(byte, rows), None);
    }
}
