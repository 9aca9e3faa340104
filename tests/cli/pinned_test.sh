#!/usr/bin/env bash
# Pinned outputs: what recommend, backtest, stats and metrics print on the
# bundled sample and on a small generated claims network, byte for byte.
# They pin behaviour while the code is reorganised; they are refnet's own
# output, not independently recomputed (the values behind them are checked by
# the unit tests and cli_test.sh). A change to the model updates them on
# purpose, in the same commit, with `--update`.
#
# Usage: bash tests/cli/pinned_test.sh PATH_TO_REFNET REPO_ROOT [--update]
set -u

if [ $# -lt 2 ]; then
    echo "usage: $0 PATH_TO_REFNET REPO_ROOT [--update]" >&2
    exit 2
fi
REFNET=$1
ROOT=$2
UPDATE=${3:-}
PINNED="$ROOT/tests/cli/golden/pinned"
SAMPLE="$ROOT/datasets/sample"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/refnet_pinned.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

# A claims network (no locations, no outcomes): recommend takes the class path.
"$REFNET" generate --cms --providers 1500 --edges 30000 --seed 7 -o "$TMP/claims" >/dev/null ||
    { echo "FAIL: generate --cms" >&2; exit 1; }
CLAIMS=(--cms "$TMP/claims/cms_edges.csv" --nppes "$TMP/claims/nppes.csv")
CLAIMS_FOCAL=$(head -1 "$TMP/claims/cms_edges.csv" | cut -d, -f1)

failures=0
checks=0

# pin NAME ARGS...: stdout of refnet ARGS equals $PINNED/NAME.
pin() {
    local name=$1
    shift
    checks=$((checks + 1))
    if ! "$REFNET" "$@" >"$TMP/out" 2>"$TMP/err"; then
        failures=$((failures + 1))
        echo "FAIL: $name: refnet $* exited non-zero" >&2
        sed 's/^/  stderr| /' "$TMP/err" | head -5 >&2
        return
    fi
    if [ "$UPDATE" = "--update" ]; then
        cp "$TMP/out" "$PINNED/$name"
    elif ! cmp -s "$TMP/out" "$PINNED/$name"; then
        failures=$((failures + 1))
        echo "FAIL: $name differs from the pinned output" >&2
        diff "$PINNED/$name" "$TMP/out" | head -20 >&2
    fi
}

# pin_sum NAME FILE: FILE's sha256 equals the one in $PINNED/NAME (for outputs
# too large to keep).
pin_sum() {
    local name=$1 file=$2
    checks=$((checks + 1))
    local sum
    sum=$(sha256sum <"$file" | cut -d' ' -f1)
    if [ "$UPDATE" = "--update" ]; then
        echo "$sum" >"$PINNED/$name"
    elif [ "$sum" != "$(cat "$PINNED/$name")" ]; then
        failures=$((failures + 1))
        echo "FAIL: $name: sha256 $sum differs from the pinned one" >&2
    fi
}

for focal in 1866274545 1705321218 1165409495; do
    pin "recommend_${focal}_prospects.json" recommend --data "$SAMPLE" --focal "$focal" --format json
    pin "recommend_${focal}_strengthen.json" recommend --data "$SAMPLE" --focal "$focal" \
        --mode strengthen --format json
    pin "recommend_${focal}_expand.json" recommend --data "$SAMPLE" --focal "$focal" \
        --mode expand --group wellness --group allied_health --format json
done
pin recommend_1866274545.txt recommend --data "$SAMPLE" --focal 1866274545 --top 8
pin recommend_1866274545_asof.json recommend --data "$SAMPLE" --focal 1866274545 \
    --as-of 2025-01-01 --within-km 10 --accepting-new --format json
pin health_1866274545.txt health --data "$SAMPLE" --focal 1866274545 --top 10
pin health_1705321218.json health --data "$SAMPLE" --focal 1705321218 --format json
pin followups_1705321218.txt followups --data "$SAMPLE" --focal 1705321218 --top 10
pin followups_1866274545.ics followups --data "$SAMPLE" --focal 1866274545 --format ics
pin leakage_1866274545.txt leakage --data "$SAMPLE" --focal 1866274545
pin leakage_1705321218.json leakage --data "$SAMPLE" --focal 1705321218 --format json
pin share_1705321218.txt share --data "$SAMPLE" --focal 1705321218 --top 15
pin backtest_sample.json backtest --data "$SAMPLE" --split 2025-01-01 --format json
pin stats_sample.json stats --data "$SAMPLE" --format json
pin metrics_sample.csv metrics --data "$SAMPLE" --format csv
if "$REFNET" metrics --data "$SAMPLE" --format json >"$TMP/metrics.json" 2>"$TMP/err"; then
    pin_sum metrics_sample.json.sha256 "$TMP/metrics.json"
else
    failures=$((failures + 1))
    echo "FAIL: metrics --format json" >&2
fi
pin stats_claims.json stats "${CLAIMS[@]}" --format json
for mode in prospects strengthen; do
    pin "recommend_claims_${mode}.json" recommend "${CLAIMS[@]}" --focal "$CLAIMS_FOCAL" \
        --mode "$mode" --format json
done
pin recommend_claims_expand.json recommend "${CLAIMS[@]}" --focal "$CLAIMS_FOCAL" \
    --mode expand --group allied_health --format json
if "$REFNET" recommend "${CLAIMS[@]}" --all --top 10 -o "$TMP/all.csv" 2>"$TMP/err"; then
    pin_sum recommend_claims_all.csv.sha256 "$TMP/all.csv"
else
    failures=$((failures + 1))
    echo "FAIL: recommend --all on claims" >&2
fi

echo "$checks checks, $failures failures"
[ "$failures" -eq 0 ]
