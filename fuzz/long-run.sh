#!/usr/bin/env bash
# Runs each fuzz target for a while on its corpus, one after another, and
# prints a Markdown table row per target (executions, libFuzzer `cov:` edges,
# findings) for RUNS.md. Crashes do not stop a target: it runs with
# -fork=1 -ignore_crashes=1, and every failure lands in artifacts/<target>/.
#
#   ./long-run.sh [seconds per target, default 60] [targets...]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
shift || true
targets="${*:-$(cargo +nightly fuzz list)}"
mkdir -p logs
for t in $targets; do
    case "$t" in
        smtp_*) dict=dict/smtp.dict ;;
        pop3_*) dict=dict/pop3.dict ;;
        *) dict=/dev/null ;;
    esac
    mkdir -p "corpus/$t" "artifacts/$t"
    before=$(ls "artifacts/$t" | wc -l)
    cargo +nightly fuzz run "$t" "corpus/$t" -- \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -dict="$dict" >"logs/$t.log" 2>&1 || true
    last=$(grep -E '^#[0-9]+: cov: ' "logs/$t.log" | tail -1)
    execs=$(sed -E 's/^#([0-9]+):.*/\1/' <<<"$last")
    cov=$(sed -E 's/.* cov: ([0-9]+) .*/\1/' <<<"$last")
    crashes=$(sed -nE 's/.*oom\/timeout\/crash: ([0-9]+)\/([0-9]+)\/([0-9]+).*/\1 oom, \2 timeout, \3 crash/p' <<<"$last")
    after=$(ls "artifacts/$t" | wc -l)
    printf '| `%s` | %ss | %s | %s | %s | %s artifact(s) |\n' \
        "$t" "$seconds" "${execs:-?}" "${cov:-?}" "${crashes:-0}" "$((after - before))"
done
