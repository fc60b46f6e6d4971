#!/usr/bin/env bash
# Writes the seed corpus of every fuzz target (fuzz/corpus/<target>/) from
# conformance/transcripts/, with the seed tool in fuzz/seed. Idempotent:
# seeds are named by a hash of their bytes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cargo +nightly run --quiet --manifest-path "$here/seed/Cargo.toml" -- \
    "$root/conformance/transcripts" "$here/corpus"
