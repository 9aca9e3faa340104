# Helpers the end-to-end scripts share: run refnet, keep its streams and
# exit code, and count checks and failures. Sourced after REFNET and TMP
# are set; the caller reports `checks` and `failures` at its end.

failures=0
checks=0

fail() {
    failures=$((failures + 1))
    echo "FAIL: $1" >&2
    if [ -s "$TMP/stdout" ]; then sed 's/^/  stdout| /' "$TMP/stdout" | head -20 >&2; fi
    if [ -s "$TMP/stderr" ]; then sed 's/^/  stderr| /' "$TMP/stderr" | head -20 >&2; fi
}

# run ARGS...: runs refnet, keeping stdout, stderr and the exit code in $rc.
run() {
    "$REFNET" "$@" >"$TMP/stdout" 2>"$TMP/stderr"
    rc=$?
}

# expect_rc NAME CODE
expect_rc() {
    checks=$((checks + 1))
    [ "$rc" -eq "$2" ] || fail "$1: exit code $rc, expected $2"
}

# expect_contains NAME stdout|stderr TEXT (fixed string)
expect_contains() {
    checks=$((checks + 1))
    grep -qF -- "$3" "$TMP/$2" || fail "$1: $2 lacks '$3'"
}

# expect_not_contains NAME stdout|stderr TEXT (fixed string)
expect_not_contains() {
    checks=$((checks + 1))
    ! grep -qF -- "$3" "$TMP/$2" || fail "$1: $2 has '$3'"
}

# expect_exactly NAME stdout|stderr TEXT: the stream is TEXT plus a newline.
expect_exactly() {
    checks=$((checks + 1))
    printf '%s\n' "$3" >"$TMP/expected"
    cmp -s "$TMP/expected" "$TMP/$2" || fail "$1: $2 is not exactly '$3'"
}

# expect_same_file NAME EXPECTED ACTUAL
expect_same_file() {
    checks=$((checks + 1))
    if ! cmp -s "$2" "$3"; then
        fail "$1: $3 differs from $2"
        diff "$2" "$3" | head -20 >&2
    fi
}

