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

# ---------------------------------------------------------------- CSV

# CR-only line ends (old Mac exports) loaded 0 rows with exit 0.
mkdir -p "$TMP/cr"
printf 'id,name\rA,Alpha\rB,Beta\r' >"$TMP/cr/providers.csv"
printf 'date,from,to,count\r2024-01-02,A,B,1\r2024-01-03,B,A,2\r' >"$TMP/cr/referrals.csv"
run stats --data "$TMP/cr" --format json
expect_rc "CR-only line ends" 0
expect_contains "CR-only line ends" stdout '"providers": 2,'
expect_contains "CR-only line ends" stdout '"referrals": 3,'

# A double byte-order mark renamed the date column: every referral undated.
mkdir -p "$TMP/bom"
cp "$TMP/cr/providers.csv" "$TMP/bom/providers.csv"
printf '\xef\xbb\xbf\xef\xbb\xbfdate,from,to,count\n2024-01-02,A,B,1\n' >"$TMP/bom/referrals.csv"
run stats --data "$TMP/bom" --format json
expect_rc "double BOM" 0
expect_contains "double BOM keeps the dates" stdout '"first": "2024-01-02"'

# Field positions in linear time: 200,000 fields on one line took over 20 s
# (the column of each field was counted from the line's start). The limit
# is a hang guard, far above the tenth of a second it takes.
python3 -c "print('id,name'); print('A,' + ','.join(['x'] * 200000))" >"$TMP/wide.csv"
rc=0
timeout 60 "$REFNET" validate --providers "$TMP/wide.csv" >"$TMP/stdout" 2>"$TMP/stderr" || rc=$?
expect_rc "200,000 fields on a line" 1
expect_contains "200,000 fields on a line" stdout "wide.csv:2:5: row has 200001 fields but the header has 2"

# A header of 40,000 unknown columns took 5 s and named every one of them.
python3 -c "print('id,name,' + ','.join('c%d' % i for i in range(40000))); print('A,B' + ',' * 40000)" \
    >"$TMP/wide_header.csv"
rc=0
timeout 60 "$REFNET" validate --providers "$TMP/wide_header.csv" >"$TMP/stdout" 2>"$TMP/stderr" || rc=$?
expect_rc "40,000 unknown columns" 0
expect_contains "40,000 unknown columns" stdout \
    'wide_header.csv:1: warning: ignoring unknown columns "c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9" and 39,990 more (known columns: id,'

# --lenient that skips every row kept an empty network with exit 0.
mkdir -p "$TMP/all_bad"
cp "$TMP/cr/providers.csv" "$TMP/all_bad/providers.csv"
printf 'date,from,to,count\n2024-13-01,A,B,1\n2024-01-02,A,Q,1\n' >"$TMP/all_bad/referrals.csv"
run stats --data "$TMP/all_bad" --lenient
expect_rc "--lenient keeping nothing" 1
expect_contains "--lenient keeping nothing shows the rows" stderr \
    "refnet: $TMP/all_bad/referrals.csv:2:1: expected a date YYYY-MM-DD, got \"2024-13-01\""
expect_contains "--lenient keeping nothing" stderr \
    "refnet: $TMP/all_bad/referrals.csv: all 2 of its rows are bad, so --lenient kept nothing (expected at least one good row)"

# ---------------------------------------------------------------- not regular files

# A FIFO with no writer blocked open() for ever.
mkfifo "$TMP/fifo.csv"
rc=0
timeout 20 "$REFNET" stats --referrals "$TMP/fifo.csv" >"$TMP/stdout" 2>"$TMP/stderr" || rc=$?
expect_rc "FIFO input" 1
expect_exactly "FIFO input" stderr "refnet: $TMP/fifo.csv: is not a regular file (expected a CSV file)"
rc=0
timeout 20 "$REFNET" stats --cms "$TMP/fifo.csv" >"$TMP/stdout" 2>"$TMP/stderr" || rc=$?
expect_rc "FIFO input, CMS fast path" 1
expect_exactly "FIFO input, CMS fast path" stderr "refnet: $TMP/fifo.csv: is not a regular file (expected a CSV file)"
rc=0
timeout 20 "$REFNET" recommend --data "$SAMPLE" --org "$TMP/fifo.csv" >"$TMP/stdout" 2>"$TMP/stderr" || rc=$?
expect_rc "FIFO --org" 1
expect_exactly "FIFO --org" stderr "refnet: $TMP/fifo.csv: is not a regular file (expected a CSV file)"
# - is standard input (one input at most).
checks=$((checks + 1))
printf 'from,to,count\nA,B,3\nB,C,1\n' | "$REFNET" stats --referrals - --format json >"$TMP/stdout" 2>"$TMP/stderr" &&
    grep -q '"referrals": 4,' "$TMP/stdout" || fail "--referrals - reads standard input"
run stats --referrals - --cms - </dev/null
expect_rc "two inputs from standard input" 2
expect_contains "two inputs from standard input" stderr "only one input can be read from standard input"
run stats --referrals /dev/zero
expect_rc "device input" 1
expect_exactly "device input" stderr "refnet: /dev/zero: is not a regular file (expected a CSV file)"

# ---------------------------------------------------------------- CMS fast path

# An empty file was an empty network (exit 0; nullptr arithmetic inside).
: >"$TMP/empty_cms.csv"
run stats --cms "$TMP/empty_cms.csv"
expect_rc "empty CMS file" 1
expect_exactly "empty CMS file" stderr \
    "refnet: $TMP/empty_cms.csv: file is empty (expected rows npi1,npi2,pair_count,bene_count,same_day_count)"
# A file of line breaks only was an empty network too (fuzz_cms_differential).
printf '\r\n\r' >"$TMP/breaks_cms.csv"
run stats --cms "$TMP/breaks_cms.csv"
expect_rc "CMS file of line breaks only" 1
expect_contains "CMS file of line breaks only" stderr "breaks_cms.csv"
# "171863811." (nine digits and a dot) passed for an NPI.
printf '1718638110,1234567893,20,15,3\n171863811.,1234567893,20,15,3\n' >"$TMP/dot_cms.csv"
run stats --cms "$TMP/dot_cms.csv"
expect_rc "NPI with a dot" 1
expect_exactly "NPI with a dot" stderr \
    "refnet: $TMP/dot_cms.csv:2:1: npi1: expected a 10-digit NPI, got \"171863811.\""
printf '1718638110,1234567893,20,15,3\n1718638110,19619398.0,20,15,3\n' >"$TMP/dot2_cms.csv"
run stats --cms "$TMP/dot2_cms.csv"
expect_rc "NPI of eight digits and .0" 1
expect_contains "NPI of eight digits and .0" stderr 'npi2: expected a 10-digit NPI, got "19619398.0"'

# ---------------------------------------------------------------- weights

# Weights summing past DBL_MAX made every score 0; a bad weights file is a
# data error (exit 1, was 2); a number beyond a double printed the JSON
# library's raw text without the file's name.
printf '{"weights": {"need_fit": 1e308, "proximity": 1e308}}' >"$TMP/w_huge.json"
run recommend --data "$SAMPLE" --focal 1866274545 --weights "$TMP/w_huge.json"
expect_rc "weights past DBL_MAX" 1
expect_exactly "weights past DBL_MAX" stderr \
    "refnet: $TMP/w_huge.json: weight of need_fit must be a number from 0 to 1000, got 1e+308"
run recommend --data "$SAMPLE" --focal 1866274545 --weights need_fit=1e308,proximity=1e308
expect_rc "inline weights past DBL_MAX" 2
expect_contains "inline weights past DBL_MAX" stderr "weight of need_fit must be a number from 0 to 1000, got 1e+308"
printf '{"weights": {"need_fit": 1e999}}' >"$TMP/w_overflow.json"
run recommend --data "$SAMPLE" --focal 1866274545 --weights "$TMP/w_overflow.json"
expect_rc "weights number overflow" 1
expect_exactly "weights number overflow" stderr \
    "refnet: $TMP/w_overflow.json: holds a number too large for a double (expected finite weights)"
printf '{"weights":\n {"need_fit": 1,,}}' >"$TMP/w_syntax.json"
run recommend --data "$SAMPLE" --focal 1866274545 --weights "$TMP/w_syntax.json"
expect_rc "weights syntax error" 1
expect_exactly "weights syntax error" stderr \
    "refnet: $TMP/w_syntax.json:2:17: not valid JSON: unexpected ','; expected string literal (expected a weights JSON file)"

# ---------------------------------------------------------------- outputs

# -o naming one of the command's own inputs overwrote it.
mkdir -p "$TMP/own"
cp "$SAMPLE/providers.csv" "$SAMPLE/referrals.csv" "$TMP/own/"
before=$(sha256sum "$TMP/own/referrals.csv")
run stats --data "$TMP/own" -o "$TMP/own/referrals.csv"
expect_rc "-o naming an input" 2
expect_contains "-o naming an input" stderr "-o $TMP/own/referrals.csv: is also an input of this command"
checks=$((checks + 1))
[ "$(sha256sum "$TMP/own/referrals.csv")" = "$before" ] || fail "-o naming an input: the input changed"

# -o - is standard output.
run stats --data "$TMP/own" --format json -o -
expect_rc "-o -" 0
expect_contains "-o -" stdout '"providers": 800,'

# A device is written in place, not replaced by a regular file.
run stats --data "$TMP/own" -o /dev/null
expect_rc "-o /dev/null" 0
checks=$((checks + 1))
[ -c /dev/null ] || fail "-o /dev/null replaced the device"

# A symbolic link keeps pointing at its target, which gets the output.
: >"$TMP/own/real.txt"
ln -s real.txt "$TMP/own/link.txt"
run stats --data "$TMP/own" -o "$TMP/own/link.txt"
expect_rc "-o symlink" 0
checks=$((checks + 1))
{ [ -L "$TMP/own/link.txt" ] && grep -q "providers" "$TMP/own/real.txt"; } ||
    fail "-o symlink: the link was replaced or its target not written"

# The umask is respected (outputs were forced to 0644), and a file replaced
# keeps its mode.
(umask 077 && "$REFNET" stats --data "$TMP/own" -o "$TMP/own/private.txt" >/dev/null 2>&1)
checks=$((checks + 1))
[ "$(stat -c %a "$TMP/own/private.txt")" = 600 ] || fail "umask 077: mode $(stat -c %a "$TMP/own/private.txt")"
chmod 640 "$TMP/own/private.txt"
(umask 022 && "$REFNET" stats --data "$TMP/own" -o "$TMP/own/private.txt" >/dev/null 2>&1)
checks=$((checks + 1))
[ "$(stat -c %a "$TMP/own/private.txt")" = 640 ] || fail "replaced file: mode $(stat -c %a "$TMP/own/private.txt")"

# SIGTERM mid-write left hidden temporaries: now removed by the handler, and
# a dead run's leftovers are swept by the next write of the same file.
rc=0
timeout -s TERM 0.4 "$REFNET" recommend --data "$TMP/own" --all --top 100 -o "$TMP/own/all.csv" \
    >/dev/null 2>&1 || rc=$?
checks=$((checks + 1))
leftovers=$(find "$TMP/own" -name '.*refnet-tmp-*' | wc -l)
[ "$leftovers" -eq 0 ] || fail "SIGTERM (exit $rc) left $leftovers temporaries"
: >"$TMP/own/.stats.txt.refnet-tmp-4194999-AbCdEf"
run stats --data "$TMP/own" -o "$TMP/own/stats.txt"
expect_rc "stale temporary swept" 0
checks=$((checks + 1))
[ ! -e "$TMP/own/.stats.txt.refnet-tmp-4194999-AbCdEf" ] || fail "a dead run's temporary was not swept"

echo "hardening_test: $checks checks, $failures failed"
[ "$failures" -eq 0 ] || exit 1
exit 0
