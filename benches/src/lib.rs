//! Benchmark support for `smtp-proto` and `pop3-proto`: the corpora, the
//! drivers of our crates and of the peers (so that the benchmarks, the
//! footprint measurement and the tests run the very same code), the floors,
//! the shared criterion settings and the counting allocator.
//!
//! The benchmarks live in `benches/` (one file per protocol), the footprint
//! measurement in `src/bin/footprint.rs` and the report step in
//! `src/bin/report.rs`. See `README.md`.

pub mod alloc_counter;
pub mod config;
pub mod corpus;
pub mod feed;
pub mod floor;
pub mod ours;
pub mod paired;
pub mod peer;
pub mod pieces;
pub mod report;
