#!/usr/bin/env bash
# Fuzz step of .ci/run: builds every target, replays the regression inputs,
# and runs each target briefly on its seed corpus. Installs the nightly
# toolchain and cargo-fuzz when missing.
#
#   FUZZ_SECONDS   seconds per target (default 10)
#   FUZZ_TARGETS   space-separated targets to run (default: all)
#
# Fails on the first crash, leak, timeout or out-of-memory, naming the
# target and the artifact to reproduce it with.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${FUZZ_SECONDS:-10}"

step() { printf '\n== fuzz: %s\n' "$*"; }

step "toolchain"
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
cargo +nightly fuzz --version

step "build all targets"
cargo +nightly fuzz build

step "seed corpus from conformance/transcripts"
./seed-corpus.sh

targets="${FUZZ_TARGETS:-$(cargo +nightly fuzz list)}"

dict_for() {
    case "$1" in
        smtp_*) echo "dict/smtp.dict" ;;
        pop3_*) echo "dict/pop3.dict" ;;
        *) echo "" ;;
    esac
}

crate_for() {
    case "$1" in
        smtp_*) echo "smtp-proto" ;;
        pop3_*) echo "pop3-proto" ;;
        imap_*) echo "imap-proto" ;;
    esac
}

for t in $targets; do
    step "$t: regressions"
    shopt -s nullglob
    regs=(regressions/"$(crate_for "$t")"/"$t"-*)
    shopt -u nullglob
    if ((${#regs[@]})); then
        cargo +nightly fuzz run "$t" "${regs[@]}" -- -runs=1
    else
        echo "none"
    fi

    step "$t: ${seconds}s"
    mkdir -p "corpus/$t"
    dict="$(dict_for "$t")"
    log="$(mktemp)"
    status=0
    cargo +nightly fuzz run "$t" "corpus/$t" -- \
        -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        ${dict:+-dict="$dict"} -print_final_stats=1 >"$log" 2>&1 || status=$?
    grep -E '^(#[0-9]+.*(INITED|DONE)|Done|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" || true
    if ((status != 0)); then
        grep -E -A12 'panicked|ERROR: libFuzzer|ERROR: AddressSanitizer' "$log" | head -40 || true
        grep -E 'Test unit written to|^Reproduce with' "$log" || true
        echo "fuzz: $t failed (exit $status); full log: $log"
        exit 1
    fi
    rm -f "$log"
done

echo
echo "fuzz: all targets ran"
