#!/usr/bin/env bash
# Hostile inputs and outputs (issue 20), each a regression test that
# reproduced its finding before the fix: no crash, hang or silent loss; data
# errors exit 1 with a file:line:column message, usage errors exit 2.
#
# Usage: bash tests/cli/hardening_test.sh PATH_TO_REFNET REPO_ROOT
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 PATH_TO_REFNET REPO_ROOT" >&2
    exit 2
fi
REFNET=$1
ROOT=$2
SAMPLE="$ROOT/datasets/sample"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/refnet_hardening_test.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"

# ---------------------------------------------------------------- generate

# A need catalogue that profiles none of the generator's specialties read
# past the end of the specialty table (SIGSEGV).
mkdir -p "$TMP/no_profiles"
cp "$ROOT/datasets/needs.csv" "$TMP/no_profiles/"
head -1 "$ROOT/datasets/need_profiles.csv" >"$TMP/no_profiles/need_profiles.csv"
run generate --needs "$TMP/no_profiles" --providers 20 -o "$TMP/gen_none"
expect_rc "generate, no profiled specialty" 1
expect_exactly "generate, no profiled specialty" stderr \
    "refnet: $TMP/no_profiles/need_profiles.csv:1:1: profiles none of the specialties the generator makes providers of (expected a row for one of them, such as 207Q00000X family medicine)"

# ---------------------------------------------------------------- dates

# 9999-12-31 was accepted and made "now" the year 10000 (printed 0000-01-01),
# reordering every window: a date more than a year after today is an error,
# and --lenient skips and counts it.
limit=$(date -u -d "+366 days" +%Y-%m-%d)
mkdir -p "$TMP/future"
printf 'id,name\nA,Alpha\nB,Beta\n' >"$TMP/future/providers.csv"
printf 'date,from,to,count\n2024-01-02,A,B,1\n9999-12-31,B,A,1\n' >"$TMP/future/referrals.csv"
run stats --data "$TMP/future"
expect_rc "referral dated 9999-12-31" 1
expect_exactly "referral dated 9999-12-31" stderr \
    "refnet: $TMP/future/referrals.csv:3:1: date 9999-12-31 is more than a year after today (expected an event date up to $limit)"
run stats --data "$TMP/future" --lenient --format json
expect_rc "referral dated 9999-12-31, --lenient" 0
expect_contains "referral dated 9999-12-31, --lenient" stderr "skipped 1 bad row"
expect_contains "referral dated 9999-12-31, --lenient" stdout '"referrals": 1,'

echo "hardening_test: $checks checks, $failures failed"
[ "$failures" -eq 0 ] || exit 1
exit 0
