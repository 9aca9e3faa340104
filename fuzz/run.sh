#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 60) on a copy of its seed corpus
# (fuzz/corpus/TARGET) with its dictionary, and prints one line per target:
# executions, coverage (libFuzzer's cov: edges) and corpus size. Exits 1 at the
# first target that finds a crash, hang, leak or sanitizer report (the input is
# left in the work directory).
#
# Usage: fuzz/run.sh BUILD_DIR [SECONDS] [TARGET...]
# FUZZ_TIMEOUT (default 10) is the seconds one input may take before it is a
# hang; raise it when the fuzzers share a busy machine at low priority, where
# an input of 40 ms once waited 14 s for a core.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1
seconds=${2:-60}
shift $(($# < 2 ? $# : 2))
targets=("$@")
if ((${#targets[@]} == 0)); then
    targets=(providers referrals touchpoints cms nppes needs weights snapshot cms_differential)
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/refnet_fuzz.XXXXXX")
for target in "${targets[@]}"; do
    corpus="$work/$target"
    mkdir -p "$corpus"
    cp fuzz/corpus/"$target"/* "$corpus"/
    dict=fuzz/dict/csv.dict
    case "$target" in
        weights) dict=fuzz/dict/json.dict ;;
        snapshot) dict=fuzz/dict/snapshot.dict ;;
    esac
    log="$work/$target.log"
    if ! "$build/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=4096 \
        -max_len=65536 -dict="$dict" -artifact_prefix="$work/$target-" -print_final_stats=1 \
        "$corpus" >"$log" 2>&1; then
        echo "fuzz_$target: FAILED (see $log)"
        tail -40 "$log" >&2
        exit 1
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
    echo "fuzz_$target: ${seconds} s, ${runs} runs, ${cov} coverage edges, $(ls "$corpus" | wc -l) corpus inputs, 0 crashes"
done
rm -rf "$work"
