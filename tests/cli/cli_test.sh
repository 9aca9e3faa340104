#!/usr/bin/env bash
# End-to-end checks of the refnet binary: help and version, usage errors with
# "did you mean", exit codes (0 ok, 1 data error, 2 usage error), exact error
# lines for bad data, validate / --lenient on bad rows, golden outputs on the
# bundled sample (byte for byte), -o written atomically, and inputs left as
# they were.
#
# Usage: bash tests/cli/cli_test.sh PATH_TO_REFNET REPO_ROOT
# The goldens in tests/cli/golden/ are refnet's own output on the hand-made
# 14-provider market in tests/data/toy_market/, checked before they
# were committed: every stats value, every metric (PageRank with tol=1e-12,
# betweenness, reciprocity, degrees, volumes), the modularity of the printed
# partition and every edge column were recomputed from the CSVs with
# networkx 2.8.8 and agreed (to 1e-9 for reals); networkx's Louvain over 50
# seeds finds no partition with higher modularity than the 4 communities here.
# Regenerate them only after checking the numbers again.
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 PATH_TO_REFNET REPO_ROOT" >&2
    exit 2
fi
REFNET=$1
ROOT=$2
SAMPLE="$ROOT/datasets/sample"
TOY="$ROOT/tests/data/toy_market"
GOLDEN="$ROOT/tests/cli/golden"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/refnet_cli_test.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"

inputs_checksum() {
    find "$SAMPLE" "$TOY" "$TMP/bad" -type f -name '*.csv' -print0 | sort -z | xargs -0 sha256sum
}

# ---------------------------------------------------------------- bad inputs

mkdir -p "$TMP/bad" "$TMP/out"
printf 'id,name\nA,Alpha\nB,Beta\n' >"$TMP/bad/providers.csv"
# One bad date on line 3, column 1.
printf 'date,from,to,count\n2024-01-02,A,B,1\n13/02/2024,A,B,1\n' >"$TMP/bad/referrals.csv"
# Three bad rows (an impossible day, an unknown provider, a zero count) among
# five; the two good rows are A->B 1 and B->A 2.
printf 'date,from,to,count\n2024-01-02,A,B,1\n2024-02-30,A,B,1\n2024-03-01,A,Q,1\n2024-03-02,B,A,0\n2024-03-03,B,A,2\n' \
    >"$TMP/bad/three_bad.csv"
# A bad status of 59 x's, "é" (the 60th character, two bytes) and more.
printf 'from,to,status\nA,B,%sé-and-more\n' "$(printf 'x%.0s' $(seq 59))" \
    >"$TMP/bad/long_value.csv"
checksum_before=$(inputs_checksum)

# ---------------------------------------------------------------- help

run --help
expect_rc "--help" 0
for command in validate stats metrics; do
    expect_contains "--help lists $command" stdout "  $command "
done

run
expect_rc "no command" 2

run --version
expect_rc "--version" 0
expect_contains "--version" stdout "refnet "

for command in validate stats metrics; do
    run "$command" --help
    expect_rc "$command --help" 0
    expect_contains "$command --help" stdout "Usage: refnet $command"
    expect_contains "$command --help" stdout "--data"
    expect_contains "$command --help" stdout "--format"
done
run metrics --help
expect_contains "metrics --help" stdout "--edges"

# ---------------------------------------------------------------- usage errors

run stast
expect_rc "unknown command" 2
expect_contains "unknown command" stderr "did you mean stats?"

run stats --fromat json --data "$SAMPLE"
expect_rc "unknown option" 2
expect_contains "unknown option" stderr "did you mean --format?"

run stats
expect_rc "no input" 2
expect_contains "no input" stderr "no input given"

run stats --data "$SAMPLE" --format xml
expect_rc "--format xml" 2
expect_contains "--format xml" stderr "xml"

# ---------------------------------------------------------------- data errors

run stats --data "$TMP/bad"
expect_rc "bad date" 1
expect_exactly "bad date" stderr \
    "refnet: $TMP/bad/referrals.csv:3:1: expected a date YYYY-MM-DD, got \"13/02/2024\""
checks=$((checks + 1))
[ -s "$TMP/stdout" ] && fail "bad date: nothing should reach stdout"

run stats --providers "$TMP/bad/missing.csv"
expect_rc "missing file" 1
expect_exactly "missing file" stderr \
    "refnet: $TMP/bad/missing.csv: cannot open file (No such file or directory)"

run metrics --data "$TMP/bad/providers.csv"
expect_rc "file as --data" 1
expect_exactly "file as --data" stderr \
    "refnet: $TMP/bad/providers.csv: is not a directory (expected --data DIR)"

run validate --providers "$TMP/bad/providers.csv" --referrals "$TMP/bad/three_bad.csv"
expect_rc "validate three bad rows" 1
expect_contains "validate lists row 3" stdout \
    "$TMP/bad/three_bad.csv:3:1: expected a date YYYY-MM-DD, got \"2024-02-30\""
expect_contains "validate lists row 4" stdout \
    "$TMP/bad/three_bad.csv:4:14: unknown provider \"Q\" in column to (expected an id from the providers file)"
expect_contains "validate lists row 5" stdout \
    "$TMP/bad/three_bad.csv:5:16: count: expected a whole number from 1 to 4294967295, got \"0\""
expect_contains "validate counts" stdout "3 errors, 0 warnings"

run validate --providers "$TMP/bad/providers.csv" --referrals "$TMP/bad/three_bad.csv" --format csv
expect_rc "validate --format csv" 1
expect_contains "validate --format csv lists problems" stdout \
    "error,$TMP/bad/three_bad.csv,4,14,\"unknown provider \"\"Q\"\" in column to (expected an id from the providers file)\""

run stats --lenient --providers "$TMP/bad/providers.csv" --referrals "$TMP/bad/three_bad.csv" \
    --format json
expect_rc "--lenient" 0
expect_contains "--lenient reports skipped rows" stderr "skipped 3 bad rows (--lenient)"
# The two good rows remain: A->B and B->A, 1 + 2 referrals.
expect_contains "--lenient keeps good rows" stdout '"edges": 2,'
expect_contains "--lenient keeps good rows" stdout '"referrals": 3,'

# A bad value longer than the 60 characters an error message shows, with a
# two-byte character at the cut: the JSON report must still be valid UTF-8.
run validate --providers "$TMP/bad/providers.csv" --referrals "$TMP/bad/long_value.csv" --format json
expect_rc "validate --format json, long non-ASCII value" 1
expect_contains "validate --format json, long non-ASCII value" stdout '"errors": 1,'
expect_contains "validate --format json, long non-ASCII value" stdout "$(printf 'x%.0s' $(seq 59))é..."

# ---------------------------------------------------------------- the sample

run validate --data "$SAMPLE"
expect_rc "validate sample" 0
expect_contains "validate sample" stdout "0 errors, 0 warnings"

# The toy market's ids are made up: 11 of its 14 fail the NPI check digit
# (recounted with the Luhn rule in Python), a warning in validate only.
run validate --data "$TOY"
expect_rc "validate toy market" 0
expect_contains "validate toy market" stdout "0 errors, 11 warnings"
expect_contains "validate toy market" stdout 'providers.csv:3:1: warning: provider id "1184700001" looks like an NPI but fails its check digit'
run stats --data "$TOY"
checks=$((checks + 1))
! grep -q "check digit" "$TMP/stderr" || fail "stats warned about NPI check digits (validate's job)"
mkdir -p "$TMP/npi"
printf 'id,name\n1234567893,Valid NPI\n1234567890,Bad check digit\nclinic-7,Not an NPI\n' >"$TMP/npi/providers.csv"
printf 'date,from,to,count\n2024-01-02,1234567893,1234567890,1\n' >"$TMP/npi/referrals.csv"
run validate --data "$TMP/npi"
expect_rc "validate NPI check digit" 0
expect_contains "validate NPI check digit" stdout "0 errors, 1 warning"
run validate --data "$TMP/npi" --strict-npi
expect_rc "validate --strict-npi" 1
expect_contains "validate --strict-npi" stdout "providers.csv:3:1: provider id \"1234567890\" looks like an NPI but fails its check digit"

run stats --data "$TOY" --format json
expect_rc "stats json" 0
expect_same_file "stats json golden" "$GOLDEN/toy_stats.json" "$TMP/stdout"

run metrics --data "$TOY" --format csv
expect_rc "metrics csv" 0
expect_same_file "metrics csv golden" "$GOLDEN/toy_metrics.csv" "$TMP/stdout"

run metrics --edges --data "$TOY" --format csv
expect_rc "metrics --edges csv" 0
expect_same_file "metrics --edges csv golden" "$GOLDEN/toy_edges.csv" "$TMP/stdout"

# The bundled sample is regenerated by the command in datasets/README.md.
run generate --providers 800 --years 3 --seed 7 --region atlanta --liaison-programme -o "$TMP/regenerated"
expect_rc "generate sample" 0
for f in providers.csv referrals.csv touchpoints.csv; do
    expect_same_file "bundled sample $f is what generate writes" "$SAMPLE/$f" "$TMP/regenerated/$f"
done

run stats --data "$SAMPLE" --format json
expect_rc "stats json on the sample" 0
cp "$TMP/stdout" "$TMP/stats_stdout.json"

# ---------------------------------------------------------------- -o FILE

run stats --data "$SAMPLE" --format json -o "$TMP/out/stats.json"
expect_rc "-o" 0
checks=$((checks + 1))
[ -s "$TMP/stdout" ] && fail "-o: nothing should reach stdout"
expect_same_file "-o writes what stdout shows" "$TMP/stats_stdout.json" "$TMP/out/stats.json"
checks=$((checks + 1))
leftovers=$(find "$TMP/out" -mindepth 1 ! -name stats.json | wc -l)
[ "$leftovers" -eq 0 ] || fail "-o left $leftovers temporary file(s) in $TMP/out"

run stats --data "$SAMPLE" -o "$TMP/no_such_dir/stats.txt"
expect_rc "-o into a missing directory" 1
expect_contains "-o into a missing directory" stderr "$TMP/no_such_dir/stats.txt"

# A failed write to standard output is an error, not a silent exit 0.
if [ -w /dev/full ]; then
    "$REFNET" stats --data "$SAMPLE" --format json >/dev/full 2>"$TMP/stderr"
    rc=$?
    : >"$TMP/stdout"
    expect_rc "stdout on a full device" 1
    expect_contains "stdout on a full device" stderr "standard output: write failed"
fi

# ---------------------------------------------------------------- recommend

FOCAL=1866274545  # Mary White, MD, internal medicine, in the bundled sample
run recommend --data "$SAMPLE" --focal "$FOCAL" --top 5 --format json
expect_rc "recommend json" 0
for key in '"focal": {' '"as_of": "2025-12-29"' '"mode": "prospects"' '"weights": {' \
    '"recommendations": [' '"rank": 5,' '"signals": {' '"need_fit":' '"reasons": ['; do
    expect_contains "recommend json has $key" stdout "$key"
done
cp "$TMP/stdout" "$TMP/recommend.json"
# --needs DIR reads the catalogue from files: the shipped copy gives the same list.
run recommend --data "$SAMPLE" --focal "$FOCAL" --top 5 --format json --needs "$ROOT/datasets"
expect_rc "recommend --needs" 0
expect_same_file "recommend --needs datasets equals the built-in catalogue" "$TMP/recommend.json" "$TMP/stdout"
run recommend --data "$SAMPLE" --focal "$FOCAL" --needs "$TMP/no_such_dir"
expect_rc "recommend --needs missing" 1
expect_contains "recommend --needs missing" stderr "$TMP/no_such_dir/needs.csv: cannot open file (No such file or directory)"
run recommend --data "$SAMPLE" --focal "$FOCAL" --top 5 --format json --weights need_fit=1,trust=0,proximity=0,reciprocity=0,structure=0,influence=0
expect_rc "recommend inline weights" 0
expect_contains "recommend inline weights echoed" stdout '"need_fit": 1.0,'

run recommend --data "$SAMPLE" --focal "$FOCAL" --top 3 --mode expand --group wellness --format csv
expect_rc "recommend expand" 0
checks=$((checks + 1))
[ "$(tail -n +2 "$TMP/stdout" | grep -c ',wellness,')" = 3 ] || fail "expand --group wellness returned a non-wellness provider"

run recommend --data "$SAMPLE" --focal "$FOCAL" --top 5 --mode strengthen --format csv
expect_rc "recommend strengthen" 0

run recommend --data "$SAMPLE" --focal 1866274554 --top 5
expect_rc "recommend unknown focal" 1
expect_contains "recommend unknown focal suggests" stderr 'unknown focal provider "1866274554" (closest: 1866274545 (Mary White, MD)'

# ---------------------------------------------------------------- health, followups

run health --data "$SAMPLE" --focal 1866274554
expect_rc "health unknown focal" 1
expect_contains "health unknown focal" stderr 'unknown focal provider "1866274554"'
run health --data "$SAMPLE" --focal "$FOCAL" --window 0d
expect_rc "health bad window" 2
expect_contains "health bad window" stderr '--window: expected a period such as 90d or 3m, got "0d"'
run health --data "$SAMPLE" --focal "$FOCAL" --cadence soon
expect_rc "health bad cadence" 2
expect_contains "health bad cadence" stderr '--cadence: expected a period such as 90d or 3m, got "soon"'
run followups --data "$SAMPLE"
expect_rc "followups without focal" 2
expect_contains "followups without focal" stderr "expected exactly one of --focal ID, --org FILE and --by NAME"
printf 'id,org\n1866274545,Westside\n1165409495,Westside\n1705321218,Parkway\n' >"$TMP/orgs.csv"
run health --data "$SAMPLE" --org "$TMP/orgs.csv" --org-name Westside --format json
expect_rc "health org" 0
expect_contains "health org" stdout '"members": ['
run health --data "$SAMPLE"
expect_rc "health without members" 2
expect_contains "health without members" stderr "expected the members: --focal ID[,ID...] or --org FILE"
run followups --data "$SAMPLE" --by "white"
expect_rc "followups ambiguous owner" 2
expect_contains "followups ambiguous owner" stderr 'touchpoint owners (expected one; use an id)'
run followups --data "$SAMPLE" --by "Nobody Such"
expect_rc "followups unknown owner" 1
expect_contains "followups unknown owner" stderr 'no touchpoint owner has that id or name'
run followups --data "$SAMPLE" --by "Mary White" --top 3
expect_rc "followups by name" 0
expect_contains "followups by name" stdout "follow-ups for 1866274545 Mary White, MD"
mkdir -p "$TMP/tp"
cp "$SAMPLE/providers.csv" "$SAMPLE/referrals.csv" "$TMP/tp/"
printf 'date,provider,kind,note,by\n2024-01-01,9999999999,visit,x,1866274545\n' >"$TMP/tp/touchpoints.csv"
run health --data "$TMP/tp" --focal "$FOCAL"
expect_rc "health touchpoint naming an unknown provider" 1
expect_contains "health touchpoint naming an unknown provider" stderr "touchpoints.csv:2:"

# ---------------------------------------------------------------- leakage

run recommend --data "$SAMPLE" --org "$TMP/orgs.csv" --org-name Westside --top 3 --format json
expect_rc "recommend org" 0
expect_contains "recommend org" stdout '"members": ['
expect_contains "recommend org" stdout 'Best fit for '
run recommend --data "$SAMPLE" --focal 1866274545,1165409495 --mode strengthen
expect_rc "recommend org strengthen" 2
expect_contains "recommend org strengthen" stderr "strengthen for an organisation is refnet health --org"
run render --data "$SAMPLE" --view ego --org "$TMP/orgs.csv" --org-name Westside -o "$TMP/ego_org.dot"
expect_rc "render ego org" 0
grep -q 'and 1 other member' "$TMP/ego_org.dot" || fail "render ego org: title lacks the other member"
run leakage --data "$SAMPLE" --org "$TMP/orgs.csv"
expect_rc "leakage org csv without a name" 2
expect_contains "leakage org csv without a name" stderr "holds 2 organisations; name one with --org-name (e.g. Westside, Parkway)"
run leakage --data "$SAMPLE" --org "$TMP/orgs.csv" --org-name Westside --format json
expect_rc "leakage org" 0
expect_contains "leakage org" stdout '"members": ['
expect_contains "leakage org" stdout '"internal": 2,'
run leakage --data "$SAMPLE" --focal 1866274545,1165409495 --format json
expect_rc "leakage two focals" 0
expect_contains "leakage two focals" stdout '"internal": 2,'
printf '1866274545\n99999\n' >"$TMP/org1.txt"
run leakage --data "$SAMPLE" --org "$TMP/org1.txt"
expect_rc "leakage org unknown id" 1
expect_contains "leakage org unknown id" stderr "org1.txt:2:1: unknown provider \"99999\" (expected an id from the providers file)"
run leakage --data "$SAMPLE"
expect_rc "leakage without members" 2
expect_contains "leakage without members" stderr "expected the members: --focal ID[,ID...] or --org FILE"
# A CMS file alone is read without events: leakage and health read the
# members' edges. By hand: 1000000004 sends 10 (5 patients) to ...012 and 4
# (2 patients) to ...020, and receives 7 from ...012; with ...012 alone in
# network, 4 referrals and 2 patients leak.
printf 'npi1,npi2,pair_count,bene_count,same_day_count\n1000000004,1000000012,10,5,0\n1000000004,1000000020,4,2,0\n1000000012,1000000004,7,3,0\n1000000020,1000000012,2,1,0\n' >"$TMP/tiny_cms.csv"
printf '1000000012\n' >"$TMP/tiny_network.txt"
run leakage --cms "$TMP/tiny_cms.csv" --focal 1000000004 --in-network "$TMP/tiny_network.txt" --format json
expect_rc "leakage on a CMS file" 0
expect_contains "leakage on a CMS file" stdout '"referrals": 14,'
expect_contains "leakage on a CMS file" stdout '"leaked": 4,'
expect_contains "leakage on a CMS file" stdout '"patients": 7,'
expect_contains "leakage on a CMS file" stdout '"patients_leaked": 2,'
run import --cms "$TMP/tiny_cms.csv" -o "$TMP/tiny_cms.refnet"
expect_rc "import tiny CMS" 0
run leakage --network "$TMP/tiny_cms.refnet" --focal 1000000004 --format json
expect_rc "leakage on a CMS snapshot" 0
expect_contains "leakage on a CMS snapshot" stdout '"referrals": 14,'
expect_contains "leakage on a CMS snapshot" stdout '"leaked": 0,'
run health --cms "$TMP/tiny_cms.csv" --focal 1000000004 --format json
expect_rc "health on a CMS file" 0
expect_contains "health on a CMS file" stdout '"inbound_last_year": 7,'
expect_contains "health on a CMS file" stdout '"inbound_sources": 1,'
# ...012 (no taxonomy: its line is itself) receives 10 from ...004 and 2 from ...020.
run share --cms "$TMP/tiny_cms.csv" --focal 1000000012 --format json
expect_rc "share on a CMS file" 0
expect_contains "share on a CMS file" stdout '"service_line_referrals": 12,'
expect_contains "share on a CMS file" stdout '"to_members": 12,'
run leakage --cms "$TMP/tiny_cms.csv" --focal 1000000004
expect_rc "leakage text on a CMS file" 0
expect_contains "leakage text on a CMS file" stdout "referrals here are CMS shared-patient pairs"
run leakage --data "$SAMPLE" --focal 1705321218
expect_rc "leakage text on referral events" 0
expect_not_contains "leakage text on referral events" stdout "shared-patient pairs"

# ---------------------------------------------------------------- share

run share --data "$SAMPLE" --focal 1705321218 --top 3 --format json
expect_rc "share" 0
expect_contains "share" stdout '"taxonomies": ['
expect_contains "share" stdout '"segment": "opportunity"'
run share --data "$SAMPLE" --org "$TMP/orgs.csv" --org-name Parkway --taxonomy 225100000X --top 2
expect_rc "share org taxonomy" 0
expect_contains "share org taxonomy" stdout "share of Physical Therapist referrals"
run share --data "$SAMPLE" --focal 1705321218 --window soon
expect_rc "share bad window" 2
expect_contains "share bad window" stderr '--window: expected a period such as 12m or 90d, got "soon"'

run recommend --data "$SAMPLE" --focal "$FOCAL" --mode expand
expect_rc "recommend expand without group" 0
expect_contains "recommend expand without group" stdout "where to expand: the needs of your patients"
expect_contains "recommend expand without group" stdout "partner types for the uncovered needs"
run recommend --data "$SAMPLE" --focal "$FOCAL" --mode expand --format json
expect_contains "recommend expand json: nutrition is covered by Mei Jackson, RD" stdout '"need": "nutrition",'
[ "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([c["partners"][0]["name"] for c in d["coverage"] if c["need"]=="nutrition"][0])' "$TMP/stdout")" = "Mei Jackson, RD" ] ||
    fail "expand: nutrition should be covered by Mei Jackson, RD"
run recommend --data "$SAMPLE" --all --mode expand -o "$TMP/all_expand.csv"
expect_rc "recommend --all expand without group" 2
expect_contains "recommend --all expand without group" stderr "--all --mode expand needs at least one --group"

run recommend --data "$SAMPLE" --focal "$FOCAL" --weights warmth=1
expect_rc "recommend bad weights" 2
expect_contains "recommend bad weights" stderr 'bad weight "warmth=1"'

run recommend --data "$SAMPLE" --focal "$FOCAL" --as-of 2025-13-01
expect_rc "recommend bad as-of" 2
expect_contains "recommend bad as-of" stderr 'expected a date YYYY-MM-DD, got "2025-13-01"'

run recommend --data "$SAMPLE" --focal "$FOCAL" --top 0
expect_rc "recommend --top 0" 2
# Numbers CLI11 alone would take (issue 20): nan and inf are not distances,
# and an unsigned seed of -1 is not 2^64 - 1.
for bad in nan inf -3; do
    run recommend --data "$SAMPLE" --focal "$FOCAL" --within-km "$bad"
    expect_rc "recommend --within-km $bad" 2
done
expect_contains "recommend --within-km -3" stderr "--within-km: expected a finite number above 0, got \"-3\""
run stats --data "$TOY" --seed -1
expect_rc "stats --seed -1" 2
expect_contains "stats --seed -1" stderr "--seed: expected a whole number of 0 or more, got \"-1\""
run metrics --data "$TOY" --tolerance nan
expect_rc "metrics --tolerance nan" 2

# --as-of uses only earlier events: the same list as data cut at that date.
run recommend --data "$SAMPLE" --focal "$FOCAL" --top 10 --as-of 2025-01-01 --format csv
expect_rc "recommend --as-of" 0
cp "$TMP/stdout" "$TMP/as_of.csv"
mkdir -p "$TMP/cut"
cp "$SAMPLE/providers.csv" "$TMP/cut/"
awk -F, 'NR == 1 || $1 < "2025-01-01"' "$SAMPLE/referrals.csv" >"$TMP/cut/referrals.csv"
awk -F, 'NR == 1 || $1 < "2025-01-01"' "$SAMPLE/touchpoints.csv" >"$TMP/cut/touchpoints.csv"
# (the same --as-of on the cut data, so reasons state the same window)
run recommend --data "$TMP/cut" --focal "$FOCAL" --top 10 --as-of 2025-01-01 --format csv
expect_same_file "--as-of equals data cut at that date" "$TMP/as_of.csv" "$TMP/stdout"

# ---------------------------------------------------------------- render and report

for view in ego flows network; do
    run render --data "$TOY" --view "$view" --focal 1003000126 --prospects 3 --color-by closed_loop -o "$TMP/$view.svg"
    expect_rc "render $view" 0
    checks=$((checks + 1))
    /usr/bin/python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$TMP/$view.svg" 2>"$TMP/xml.err" ||
        fail "render $view: SVG is not well-formed XML: $(cat "$TMP/xml.err")"
done
run render --data "$TOY" --view ego --focal 1003000126 -o "$TMP/ego.dot"
expect_rc "render .dot" 0
expect_contains "render .dot writes DOT" "stdout" "wrote $TMP/ego.dot"
checks=$((checks + 1))
head -1 "$TMP/ego.dot" | grep -q '^digraph ego {' || fail "render .dot: not a DOT file"
run render --data "$TOY" --view ego --focal 1003000126 -o "$TMP/ego.png"
expect_rc "render .png" 0
checks=$((checks + 1))
[ "$(head -c 4 "$TMP/ego.png" | tail -c 3)" = "PNG" ] || fail "render .png: not a PNG file"
run render --data "$TOY" --view ego -o "$TMP/x.svg"
expect_rc "render ego without focal" 2
expect_contains "render ego without focal" stderr "--view ego needs --focal ID"
run render --data "$TOY" --view flows -o "$TMP/x.gif"
expect_rc "render unknown format" 2
expect_contains "render unknown format" stderr "unknown format (expected a file ending in .svg, .png, .pdf or .dot)"
run report --data "$TOY" --focal 1003000126 -o "$TMP/report.html"
expect_rc "report" 0
run report --data "$SAMPLE" --focal 1866274545,1165409495 -o "$TMP/org_report.html"
expect_rc "report for an organisation" 0
checks=$((checks + 1))
grep -qF "Members: Mary White, MD (1866274545); Maria White, MD (1165409495). Referrals between members (15)" "$TMP/org_report.html" ||
    fail "report for an organisation: no member line"
run report --data "$SAMPLE" -o "$TMP/report3.html"
expect_rc "report without focal" 2
run stats --data "$SAMPLE" --focal 1866274545,1165409495 --format json
expect_rc "stats for an organisation" 0
checks=$((checks + 1))
python3 -c 'import json, sys; f = json.load(open(sys.argv[1]))["focal"]; assert (f["referrals_out"], f["referrals_in"], f["internal"], f["partners"]) == (431, 34, 15, 73), f' "$TMP/stdout" ||
    fail "stats for an organisation: JSON figures"
run stats --data "$SAMPLE" --focal 1866274545 --org "$TMP/x.txt"
expect_rc "stats --focal with --org" 2
run report --data "$TOY" --focal nobody -o "$TMP/report2.html"
expect_rc "report unknown focal" 1
checks=$((checks + 1))
[ ! -e "$TMP/report2.html" ] || fail "report for an unknown focal left a file"

# The terminal table fits 120 columns, and no reason argues against its pick:
# on the sample's first 100 prospects no sentence counts zero of something,
# and facts against a pick appear only as cautions ("!").
run recommend --data "$SAMPLE" --focal "$FOCAL" --top 100
expect_rc "recommend --top 100" 0
checks=$((checks + 1))
python3 -c '
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
table = [l for l in lines if l.startswith("rank ") or l[:4].strip().isdigit()]
assert len(table) == 101, len(table)
assert max(len(l) for l in table) <= 120, max(len(l) for l in table)
reasons = [l for l in lines if l.startswith("   - ")]
assert reasons and not any(" 0 of " in l or "on 0 " in l for l in reasons), reasons
' "$TMP/stdout" || fail "recommend table: wider than 120 columns or a contrary reason"
expect_contains "recommend cautions" stdout "   ! Not accepting new patients"

# recommend --all: every provider's list, the same rows as one --focal at a time.
run recommend --data "$SAMPLE" --all --top 5 -o "$TMP/all.csv"
expect_rc "recommend --all" 0
expect_contains "recommend --all" stdout "wrote $TMP/all.csv: 4000 recommendations for 800 providers"
checks=$((checks + 1))
[ "$(head -1 "$TMP/all.csv")" = "focal,rank,id,score,need_fit,reciprocity,trust,proximity,structure,influence,capacity,peer_referrals" ] ||
    fail "recommend --all: header"
run recommend --data "$SAMPLE" --focal "$FOCAL" --top 5 --format csv
awk -F, 'NR > 1 {print $2}' "$TMP/stdout" >"$TMP/one_ids.txt"
awk -F, -v f="$FOCAL" '$1 == f {print $3}' "$TMP/all.csv" >"$TMP/all_ids.txt"
expect_same_file "recommend --all equals --focal" "$TMP/one_ids.txt" "$TMP/all_ids.txt"
run recommend --data "$SAMPLE" --all --focal "$FOCAL" -o "$TMP/x.csv"
expect_rc "recommend --all with --focal" 2
expect_contains "recommend --all with --focal" stderr "expected exactly one of --focal ID, --org FILE and --all"
run recommend --data "$SAMPLE" --all
expect_rc "recommend --all without -o" 2
run recommend --data "$SAMPLE"
expect_rc "recommend without focal" 2

# ---------------------------------------------------------------- snapshots

# A snapshot answers exactly as the CSVs it was made from.
run import --data "$SAMPLE" -o "$TMP/sample.refnet"
expect_rc "import" 0
expect_contains "import" stdout "wrote $TMP/sample.refnet: 800 providers, 13544 edges,"
for args in "recommend --focal $FOCAL --format csv" "stats --format json" "metrics --format csv"; do
    # shellcheck disable=SC2086
    run $args --data "$SAMPLE"
    cp "$TMP/stdout" "$TMP/from_csv.out"
    # shellcheck disable=SC2086
    run $args --network "$TMP/sample.refnet"
    expect_rc "$args --network" 0
    expect_same_file "$args: snapshot equals CSVs" "$TMP/from_csv.out" "$TMP/stdout"
done
run recommend --network "$TMP/sample.refnet" --focal "$FOCAL" --top 10 --as-of 2025-01-01 --format csv
expect_same_file "--as-of on a snapshot equals data cut at that date" "$TMP/as_of.csv" "$TMP/stdout"
run stats --network "$TMP/sample.refnet" --data "$SAMPLE"
expect_rc "--network with another input" 2
expect_contains "--network with another input" stderr "--network opens a snapshot and cannot be combined with other inputs"
run stats --network "$SAMPLE/referrals.csv"
expect_rc "--network on a CSV" 1
expect_contains "--network on a CSV" stderr "referrals.csv: is not a RefNet snapshot (expected a snapshot written by refnet import)"
head -c 5000 "$TMP/sample.refnet" >"$TMP/truncated.refnet"
run stats --network "$TMP/truncated.refnet"
expect_rc "--network truncated" 1
expect_contains "--network truncated" stderr "truncated.refnet: snapshot is truncated: 5000 bytes (expected"
run import --data "$SAMPLE"
expect_rc "import without -o" 2

# ---------------------------------------------------------------- export

run export --help
expect_rc "export --help" 0
expect_contains "export --help" stdout "Usage: refnet export"
run export --data "$TOY" --partitions 0 -o "$TMP/export"
expect_rc "export --partitions 0" 2
expect_contains "export --partitions 0" stderr "--partitions: Value 0 not in range 1 to 10000"
run export --data "$TOY" --partitions 3 -o "$TMP/export"
expect_rc "export" 0
expect_exactly "export" stdout "wrote $TMP/export: 3 partitions, 14 vertices, 20 edges"
run export --data "$TOY" --partitions 3 -o "$TMP/export"
expect_rc "export into a non-empty directory" 1
expect_contains "export into a non-empty directory" stderr "$TMP/export: directory exists and is not empty"
run export --data "$TOY" --partitions 2 --force -o "$ROOT/tests/data"
expect_rc "export --force onto a data directory" 1
expect_contains "export --force onto a data directory" stderr "tests/data: directory is not an earlier export"
run export --data "$TOY" --partitions 2 --min-count 3 --force -o "$TMP/export"
expect_rc "export --force --min-count 3" 0
expect_exactly "export --force --min-count 3" stdout \
    "wrote $TMP/export: 2 partitions, 14 vertices, 8 edges (12 edges with count < 3 left out)"
checks=$((checks + 1))
leftovers=$(find "$TMP" -maxdepth 1 -name 'export.*' | wc -l)
[ "$leftovers" -eq 0 ] || fail "export left $leftovers temporary director(ies) beside $TMP/export"

# ---------------------------------------------------------------- backtest and tune

run backtest --help
expect_rc "backtest --help" 0
expect_contains "backtest --help" stdout "--split"
run backtest --data "$SAMPLE"
expect_rc "backtest without --split" 2
run backtest --data "$SAMPLE" --split 2025-13-01
expect_rc "backtest bad split" 2
expect_contains "backtest bad split" stderr '--split: expected a date YYYY-MM-DD, got "2025-13-01"'
run backtest --data "$SAMPLE" --split 2025-01-01 --horizon 12w
expect_rc "backtest bad horizon" 2
expect_contains "backtest bad horizon" stderr '--horizon: expected a positive length such as 12m'
run backtest --data "$SAMPLE" --split 2025-01-01 --top 10,0
expect_rc "backtest bad --top" 2
run backtest --data "$SAMPLE" --split 2025-01-01 --baselines popularity,coin_flip
expect_rc "backtest unknown baseline" 2
printf 'id\n1866274545\nnobody\n' >"$TMP/focals.txt"
run backtest --data "$SAMPLE" --split 2025-01-01 --focals "$TMP/focals.txt"
expect_rc "backtest unknown focal in file" 1
expect_exactly "backtest unknown focal in file" stderr \
    "refnet: $TMP/focals.txt:3:1: unknown provider \"nobody\" (expected an id from the providers or referrals)"
run generate --cms --providers 40 --edges 200 -o "$TMP/cms_small"
expect_rc "generate small CMS" 0
cp "$TMP/cms_small/nppes.csv" "$TMP/nppes_before.csv"
run generate --cms --providers 40 --edges 100 -o "$TMP/cms_small"
expect_rc "generate into a non-empty directory" 1
expect_exactly "generate into a non-empty directory" stderr \
    "refnet: $TMP/cms_small: directory exists and is not empty (expected a new or empty directory; --force writes generate's files into it)"
expect_same_file "a refused generate leaves the files" "$TMP/nppes_before.csv" "$TMP/cms_small/nppes.csv"
run generate --cms --providers 40 --edges 200 --force -o "$TMP/cms_small"
expect_rc "generate --force" 0
run backtest --cms "$TMP/cms_small/cms_edges.csv" --split 2025-01-01
expect_rc "backtest on undated CMS pairs" 1
expect_contains "backtest on undated CMS pairs" stderr "no dated referrals to replay"

# The sample's 800 providers: 671 formed a new partnership in 2025 (counted
# from referrals.csv with Python), so a sample of 100 of them is evaluated.
run backtest --data "$SAMPLE" --split 2025-01-01 --focals 100 --bootstrap 50 --format json \
    -o "$TMP/backtest.json"
expect_rc "backtest json" 0
cp "$TMP/backtest.json" "$TMP/backtest_first.json"
run backtest --data "$SAMPLE" --split 2025-01-01 --focals 100 --bootstrap 50 --format json \
    -o "$TMP/backtest.json"
expect_same_file "backtest is deterministic" "$TMP/backtest_first.json" "$TMP/backtest.json"
run backtest --data "$SAMPLE" --split 2025-01-01 --bootstrap 0 --baselines adamic_adar \
    --format json
expect_rc "backtest all focals" 0
expect_contains "backtest all focals" stdout '"focals_evaluated": 671,'
expect_contains "backtest all focals" stdout '"focals_skipped": 129,'
expect_contains "backtest all focals" stdout '"name": "adamic_adar",'
expect_contains "backtest all focals" stdout '"precision@20": {'
expect_contains "backtest all focals" stdout \
    '"verdict": "The model'"'"'s precision@20 is +135 % against the best baseline (adamic_adar), with no bootstrap interval to judge it by."'
run backtest --data "$SAMPLE" --split 2025-01-01 --focals 50 --bootstrap 20 --baselines gravity,l3
expect_rc "backtest table" 0
expect_contains "backtest table" stdout \
    "50 focals evaluated (a seeded sample of the 671 with a new partner), 129 skipped"
expect_contains "backtest table" stdout \
    "The model does not beat the best baseline (gravity): +21 % precision@20 [−6 %, +43 %]."
run backtest --data "$SAMPLE" --split 2025-01-01 --focals 50 --bootstrap 20 --format csv
expect_rc "backtest csv" 0
expect_contains "backtest csv" stdout "method,versus,metric,mean,ci_low,ci_high"
expect_contains "backtest csv" stdout "refnet,adamic_adar,precision@10,"

run tune --data "$SAMPLE" --split 2024-01-01 --bootstrap 20 -o "$TMP/tuned.json"
expect_rc "tune" 0
expect_contains "tune" stdout "wrote $TMP/tuned.json"
expect_contains "tune" stdout "The tuned model beats the best baseline (gravity) by +13 % precision@20 [+6 %, +17 %]."
checks=$((checks + 1))
grep -qF '"verdict": "The tuned model' "$TMP/tuned.json" || fail "tune: weights file lacks the verdict"
expect_contains "tune" stdout "calibration on the validation split: 199070 candidates, 2076 became partners (1.04 %"
expect_contains "tune" stdout "Brier score: default 0.01023, tuned 0.01032; the observed rate for everyone 0.01032"
checks=$((checks + 1))
grep -qF '"calibration_validation_split": {' "$TMP/tuned.json" || fail "tune: weights file lacks the calibration"
checks=$((checks + 1))
grep -qF '"hash": "xxh3-64:8ac0785bd79dbaa5"' "$TMP/tuned.json" ||
    fail "tune: weights file lacks the sample's data hash"
run recommend --data "$SAMPLE" --focal 1866274545 --top 3 --weights "$TMP/tuned.json"
expect_rc "recommend with tuned weights" 0
expect_contains "recommend with tuned weights" stdout \
    "tuned on the 2024-01-01 split (12m horizon) of data xxh3-64:8ac0785bd79dbaa5"
run recommend --data "$SAMPLE" --focal 1866274545 --top 3 --weights "$TMP/tuned.json" \
    --format json
expect_contains "recommend json with tuned weights" stdout '"data_hash": "xxh3-64:8ac0785bd79dbaa5"'
run tune --data "$SAMPLE" --split 2025-06-01 -o "$TMP/late.json"
expect_rc "tune without a validation split" 1
expect_contains "tune without a validation split" stderr "to validate the tuned weights on"
checks=$((checks + 1))
[ ! -e "$TMP/late.json" ] || fail "tune wrote weights it could not validate"

# ---------------------------------------------------------------- real data

CMS="$ROOT/../shared/realdata/cms_shared_patients_sample/testing-combine-referral.csv"
NPPES="$ROOT/../shared/realdata/nppes_sample/nppes_sample.csv"
if [ -f "$CMS" ] && [ -f "$NPPES" ]; then
    run stats --cms "$CMS" --nppes "$NPPES" --format json
    expect_rc "CMS + NPPES stats" 0
    # 396 distinct NPIs in 200 pairs, 52105 shared claims (counted with Python).
    expect_contains "CMS + NPPES stats" stdout '"providers": 396,'
    expect_contains "CMS + NPPES stats" stdout '"edges": 200,'
    expect_contains "CMS + NPPES stats" stdout '"referrals": 52105,'
    # The claims path: a list from the network alone, said plainly. NPPES
    # names 2 of the 396 NPIs; counts are shared patients, never "referrals".
    run recommend --cms "$CMS" --nppes "$NPPES" --focal 1003033051 --top 3
    expect_rc "claims recommend" 0
    expect_contains "claims recommend" stdout "prospects for 1003033051: 3 of 392 candidates"
    expect_contains "claims recommend" stdout "note: no taxonomy for 394 of 396 providers"
    expect_contains "claims recommend" stdout "add NPPES rows with --nppes"
    expect_contains "claims recommend" stdout "   - Shares 4,591 patients with the providers who send to them, in the data (undated)"
    checks=$((checks + 1))
    ! grep -qE "\(, \)|referrals in the data|send 100 % of their referrals to ;" "$TMP/stdout" ||
        fail "claims recommend: an empty name, 'referrals' or a peer sentence without a taxonomy"
else
    echo "note: ../shared/realdata absent, CMS + NPPES check skipped" >&2
fi

# ---------------------------------------------------------------- inputs untouched

checks=$((checks + 1))
[ "$(inputs_checksum)" = "$checksum_before" ] || fail "input files changed"

echo "cli_test: $checks checks, $failures failed"
[ "$failures" -eq 0 ] || exit 1
exit 0
