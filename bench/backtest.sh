#!/usr/bin/env bash
# Backtest time at market scale: generates a national referral market with
# `refnet generate` (market mode, 3 years), then times `refnet backtest` over
# every focal (the blend and all eleven baselines, 1000 bootstrap resamples)
# with /usr/bin/time -v, and prints the figures docs/performance.md reports.
#
# Usage: bench/backtest.sh [--providers N] [--dir DIR] [--focals all|N]
#   default: 100,000 providers (about 7 minutes to generate, 440 MB of CSV);
#   --providers 20000 is quick. The market is reused when DIR already holds it.
# Needs build/refnet (the README's first command builds it).
set -euo pipefail
cd "$(dirname "$0")/.."

providers=100000
dir=""
focals=all
while (($#)); do
    case "$1" in
        --providers) providers=$2; shift 2 ;;
        --dir) dir=$2; shift 2 ;;
        --focals) focals=$2; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "backtest.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
dir=${dir:-${TMPDIR:-/tmp}/refnet_backtest_${providers}}
refnet=build/refnet
[ -x "$refnet" ] || { echo "backtest.sh: build $refnet first (see README)" >&2; exit 1; }
mkdir -p "$dir"

seconds() {
    awk -F': ' '/Elapsed/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$1"
}
peak_mb() {
    awk -F': ' '/Maximum resident/ {printf "%.0f", $2 / 1024}' "$1"
}

stamp="providers=$providers years=3 seed=7 region=national"
if [ ! -f "$dir/market.txt" ] || [ "$(cat "$dir/market.txt")" != "$stamp" ]; then
    /usr/bin/time -v "$refnet" generate --providers "$providers" --years 3 --seed 7 \
        --region national -o "$dir/market" >/dev/null 2>"$dir/generate.time"
    echo "$stamp" >"$dir/market.txt"
    echo "generate: $(seconds "$dir/generate.time") s, peak $(peak_mb "$dir/generate.time") MB"
fi

/usr/bin/time -v "$refnet" backtest --data "$dir/market" --split 2025-01-01 --focals "$focals" \
    --format json -o "$dir/backtest.json" >/dev/null 2>"$dir/backtest.time"
wall=$(seconds "$dir/backtest.time")
evaluated=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["focals_evaluated"])' "$dir/backtest.json")
referrals=$(($(wc -l <"$dir/market/referrals.csv") - 1))
echo "backtest: $providers providers, $referrals referrals, $evaluated focals evaluated," \
    "12 methods, 1000 resamples: $wall s, peak $(peak_mb "$dir/backtest.time") MB on $(nproc) cores"
