#!/usr/bin/env bash
# Runs clang-tidy (the checks in .clang-tidy) over every project source in
# BUILD_DIR/compile_commands.json: the modules, cli/ and tests/, not the sources
# CMake generates in the build directory. Two files at a time.
# Usage: scripts/tidy.sh BUILD_DIR
# Exits 1 on any finding (each file's findings are printed), 77 when clang-tidy
# or the compile database is missing (ctest reports the test as skipped).
# Environment: CLANG_TIDY (default clang-tidy), TIDY_JOBS (default 2).
set -euo pipefail

if (($# != 1)); then
    echo "usage: scripts/tidy.sh BUILD_DIR" >&2
    exit 2
fi
source_dir=$(cd "$(dirname "$0")/.." && pwd -P)
build_dir=$(cd "$1" && pwd -P)
tidy=${CLANG_TIDY:-clang-tidy}
jobs=${TIDY_JOBS:-2}

if ! command -v "$tidy" >/dev/null; then
    echo "tidy.sh: $tidy not found (install the clang-tidy package); skipped" >&2
    exit 77
fi
database="$build_dir/compile_commands.json"
if [[ ! -f "$database" ]]; then
    echo "tidy.sh: no $database (configure with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON); skipped" >&2
    exit 77
fi

# CMake writes one `"file": "/absolute/path",` line per entry.
mapfile -t files < <(sed -n 's/^ *"file": "\(.*\)",\{0,1\}$/\1/p' "$database" |
    grep -E '\.cpp$' | grep -F "$source_dir/" | grep -v -F "$build_dir/" | sort -u)
if ((${#files[@]} == 0)); then
    echo "tidy.sh: no project sources in $database" >&2
    exit 1
fi

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
export tidy build_dir logs
start=$SECONDS
# Each file's output goes to its own log, so parallel runs do not interleave.
status=0
printf '%s\n' "${files[@]}" | xargs -d '\n' -P "$jobs" -n 1 bash -c '
    log="$logs/$(printf %s "$0" | tr / _).log"
    if ! "$tidy" -p "$build_dir" --quiet "$0" >"$log" 2>&1; then mv "$log" "$log.failed"; fi
' || status=$?

failed=("$logs"/*.failed)
if [[ -e "${failed[0]}" ]]; then
    cat "${failed[@]}"
    echo "tidy.sh: findings in ${#failed[@]} of ${#files[@]} files ($((SECONDS - start)) s)" >&2
    exit 1
fi
if ((status != 0)); then
    echo "tidy.sh: clang-tidy failed to run (xargs exit $status)" >&2
    exit 1
fi
echo "tidy.sh: ${#files[@]} files clean ($((SECONDS - start)) s)"
