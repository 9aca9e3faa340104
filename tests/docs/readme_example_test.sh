#!/usr/bin/env bash
# Keeps README.md and docs/ in step with the code, without building anything:
#
# 1. Every `<!-- example: NAME -->` marker in README.md is followed by a fenced
#    block whose content equals tests/cli/golden/pinned/NAME byte for byte
#    (cli_pinned_outputs checks that file against refnet's real output, so
#    the README's example is refnet's real output too). A mismatch prints a
#    diff. At least one marker must exist.
# 2. README.md has at most 250 lines (the manual lives in docs/).
# 3. Every relative link in README.md and docs/**/*.md points to an existing
#    file or directory, and a `#anchor` into a Markdown file names one of its
#    headings (GitHub's rule: lower case, punctuation dropped, spaces to
#    hyphens; headings are expected to be ASCII). Links inside fenced code
#    blocks are not links and are skipped.
#
# Usage: bash tests/docs/readme_example_test.sh REPO_ROOT
# Exit 0 when everything holds, 1 otherwise (every problem is listed), 2 on
# bad usage.
set -u
export LC_ALL=C

if [ $# -ne 1 ]; then
    echo "usage: $0 REPO_ROOT" >&2
    exit 2
fi
ROOT=$1
README="$ROOT/README.md"
PINNED="$ROOT/tests/cli/golden/pinned"
MAX_LINES=250
[ -f "$README" ] || { echo "FAIL: $README not found" >&2; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/refnet_readme.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
failures=0
fail() {
    failures=$((failures + 1))
    echo "FAIL: $*" >&2
}

# --- 1. examples -------------------------------------------------------------
# Writes each example block to $TMP/examples/NAME and prints NAME; problems
# with the markers themselves go to stderr as "FAIL: ..." lines.
mkdir "$TMP/examples"
awk -v dir="$TMP/examples" '
    /^<!-- example: .* -->$/ {
        if (pending != "") { print "FAIL: README.md:" pending_line ": example " pending " has no fenced block" > "/dev/stderr" }
        name = $0
        sub(/^<!-- example: /, "", name)
        sub(/ -->$/, "", name)
        if (name !~ /^[A-Za-z0-9._-]+$/ || name ~ /^\.\.?$/) {
            print "FAIL: README.md:" NR ": bad example name \"" name "\"" > "/dev/stderr"
            pending = ""
            next
        }
        pending = name; pending_line = NR
        next
    }
    pending != "" && !in_block {
        if ($0 == "") next
        if ($0 ~ /^```/) {
            in_block = 1; file = dir "/" pending; printf "" > file
            next
        }
        print "FAIL: README.md:" pending_line ": example " pending " is not followed by a fenced block" > "/dev/stderr"
        pending = ""
        next
    }
    in_block {
        if ($0 == "```") {
            close(file); print pending
            in_block = 0; pending = ""
            next
        }
        print > file
    }
    END {
        if (in_block) print "FAIL: README.md: the block of example " pending " is never closed" > "/dev/stderr"
        else if (pending != "") print "FAIL: README.md:" pending_line ": example " pending " has no fenced block" > "/dev/stderr"
    }
' "$README" >"$TMP/names" 2>"$TMP/marker_errors"
if [ -s "$TMP/marker_errors" ]; then
    cat "$TMP/marker_errors" >&2
    failures=$((failures + $(wc -l <"$TMP/marker_errors")))
fi
examples=0
while IFS= read -r name; do
    examples=$((examples + 1))
    if [ ! -f "$PINNED/$name" ]; then
        fail "README.md example $name: no such pinned file tests/cli/golden/pinned/$name"
    elif ! cmp -s "$PINNED/$name" "$TMP/examples/$name"; then
        fail "README.md example $name differs from tests/cli/golden/pinned/$name (- pinned, + README):"
        diff -u "$PINNED/$name" "$TMP/examples/$name" | tail -n +3 | head -40 >&2
    fi
done <"$TMP/names"
[ "$examples" -gt 0 ] || fail "README.md has no <!-- example: NAME --> marker"

# --- 2. length ---------------------------------------------------------------
lines=$(wc -l <"$README")
[ "$lines" -le "$MAX_LINES" ] || fail "README.md has $lines lines (at most $MAX_LINES; move detail to docs/)"

# --- 3. links ----------------------------------------------------------------
# anchors FILE: the GitHub anchors of FILE's headings, one a line.
anchors() {
    awk '
        /^```/ { fence = !fence; next }
        fence || !/^#+ / { next }
        {
            h = $0
            sub(/^#+ +/, "", h)
            h = tolower(h)
            gsub(/[^a-z0-9 _-]/, "", h)
            gsub(/ /, "-", h)
            if (h in seen) { n = seen[h]++; print h "-" n } else { seen[h] = 1; print h }
        }
    ' "$1"
}

# links FILE: "LINE<TAB>TARGET" for every Markdown link outside fenced blocks.
links() {
    awk '
        /^```/ { fence = !fence; next }
        fence { next }
        {
            rest = $0
            while (match(rest, /\]\([^) ]+\)/)) {
                print NR "\t" substr(rest, RSTART + 2, RLENGTH - 3)
                rest = substr(rest, RSTART + RLENGTH)
            }
        }
    ' "$1"
}

docs_files=("$README")
while IFS= read -r -d '' f; do docs_files+=("$f"); done < <(find "$ROOT/docs" -name '*.md' -print0 | sort -z)
checked_links=0
for file in "${docs_files[@]}"; do
    rel=${file#"$ROOT"/}
    dir=$(dirname "$file")
    while IFS=$'\t' read -r line target; do
        case $target in
            http://* | https://* | mailto:*) continue ;;
        esac
        checked_links=$((checked_links + 1))
        path=${target%%#*}
        anchor=
        [ "$path" != "$target" ] && anchor=${target#*#}
        if [ -z "$path" ]; then
            dest=$file
        else
            dest="$dir/$path"
        fi
        if [ ! -e "$dest" ]; then
            fail "$rel:$line: link to $target: no such file"
            continue
        fi
        if [ -n "$anchor" ]; then
            case $dest in
                *.md)
                    anchors "$dest" | grep -qxF -- "$anchor" ||
                        fail "$rel:$line: link to $target: no heading with anchor #$anchor"
                    ;;
            esac
        fi
    done < <(links "$file")
done

if [ "$failures" -gt 0 ]; then
    echo "$failures problem(s) in README.md and docs/" >&2
    exit 1
fi
echo "ok: $examples README example(s) match their pinned output; README.md has $lines lines; $checked_links links in ${#docs_files[@]} files resolve"
exit 0
