#!/usr/bin/env bash
# Opens refnet's HTML report in headless Chromium: every section is there, a
# hostile provider name shows as text and runs nothing, the page's script ran
# to its end without an error, the page made no network request, and the
# report and each diagram view screenshot at 1400 px with content.
# Usage: bash tests/viz/report_browser_test.sh PATH_TO_REFNET REPO_ROOT
# Exit 77 (skipped) only when Chromium is not installed.
set -u
REFNET=$1
ROOT=$2
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
    echo "chromium is not installed (scripts/deps.sh --test installs it): skipped" >&2
    exit 77
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/refnet_browser.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# The toy market with one partner renamed to something hostile.
cp "$ROOT"/tests/data/toy_market/*.csv "$TMP/"
HOSTILE="A&B <script>alert(1)</script> \"\"Dr. O'Neil\"\""
sed -i "s|^1073600010,Decatur Cardiology,|1073600010,\"${HOSTILE//&/\\&}\",|" "$TMP/providers.csv"
grep -q 'alert(1)' "$TMP/providers.csv" || fail "could not plant the hostile name"
"$REFNET" report --data "$TMP" --focal 1003000126 -o "$TMP/report.html" >/dev/null || fail "refnet report failed"

"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$TMP/profile" --log-net-log="$TMP/netlog.json" \
    --dump-dom "file://$TMP/report.html" >"$TMP/dom.html" 2>"$TMP/chromium.log"

grep -q 'data-ready="ok"' "$TMP/dom.html" || fail "the page's script did not run to its end (a script error?)"
for section in headline trend ego top-out top-in health followups leakage expand upkeep recommendations; do
    grep -q "<section id=\"$section\"" "$TMP/dom.html" || fail "section $section missing"
done
grep -q 'A&amp;B &lt;script&gt;alert(1)&lt;/script&gt; "Dr. O'"'"'Neil"' "$TMP/dom.html" ||
    fail "the hostile name is not shown as text"
grep -q '<script>alert' "$TMP/dom.html" && fail "the hostile name became a script element"
# Requests the page made carry its origin as initiator; Chromium's own
# housekeeping requests carry "not an origin".
if grep -o '"initiator":"[^"]*"' "$TMP/netlog.json" | grep -v '"not an origin"' | grep -q .; then
    fail "the page made network requests: $(grep -o '"initiator":"[^"]*"' "$TMP/netlog.json" | sort -u | tr '\n' ' ')"
fi

# Screenshots at 1400 px: the report and each diagram view render to a
# picture with content (a blank page decodes to a handful of byte values).
for view in ego flows network; do
    "$REFNET" render --data "$TMP" --view "$view" --focal 1003000126 --prospects 3 \
        -o "$TMP/$view.svg" >/dev/null || fail "render --view $view failed"
    printf '<html><body style="margin:0"><img src="%s" style="width:100%%"></body></html>' \
        "file://$TMP/$view.svg" >"$TMP/$view.html"
done
for page in report ego flows network; do
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --user-data-dir="$TMP/profile" --window-size=1400,1600 \
        --screenshot="$TMP/$page.png" "file://$TMP/$page.html" >/dev/null 2>&1
    python3 - "$TMP/$page.png" <<'PY' || fail "$page: the 1400 px screenshot is missing or blank"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
width, height = struct.unpack(">II", data[16:24])
assert width == 1400, width
idat, at = b"", 8
while at < len(data):
    size, kind = struct.unpack(">I4s", data[at:at + 8])
    if kind == b"IDAT":
        idat += data[at + 8:at + 8 + size]
    at += 12 + size
assert len(set(zlib.decompress(idat))) > 40
PY
done
echo "report_browser_test: $failures failed"
[ "$failures" -eq 0 ]
