#!/usr/bin/env bash
# On a busy machine: times commands on the bundled sample while other work
# keeps every core busy (one `yes > /dev/null` per core), with RefNet's
# threads as shipped (idle threads sleep; loops under 32,768 items run
# without a thread team) and with OpenMP's spinning forced back
# (OMP_WAIT_POLICY=active), median of five runs each. Prints the table of
# docs/performance.md.
#
# Usage: bench/busy_machine.sh [REFNET [EARLIER_REFNET]]
#   REFNET defaults to build/refnet; EARLIER_REFNET, a build from before
#   these changes (git worktree of an older commit), adds a column.
set -euo pipefail
cd "$(dirname "$0")/.."
refnet=${1:-build/refnet}
earlier=${2:-}
[ -x "$refnet" ] || { echo "busy_machine.sh: $refnet not built" >&2; exit 1; }

load=()
for _ in $(seq "$(nproc)"); do
    yes >/dev/null &
    load+=($!)
done
trap 'kill "${load[@]}" 2>/dev/null' EXIT
sleep 1

median() {  # seconds of five runs of "$@"
    for _ in 1 2 3 4 5; do
        /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -1
    done | sort -n | sed -n 3p
}

header="| command (sample, $(nproc) cores busy) | as shipped | OMP_WAIT_POLICY=active |"
rule="| --- | --- | --- |"
[ -n "$earlier" ] && header="$header earlier build |" && rule="$rule --- |"
echo "$header"
echo "$rule"
for args in "stats --data datasets/sample" "metrics --data datasets/sample" \
    "recommend --data datasets/sample --focal 1866274545"; do
    # shellcheck disable=SC2086
    shipped=$(median "$refnet" $args)
    # shellcheck disable=SC2086
    spinning=$(median env OMP_WAIT_POLICY=active "$refnet" $args)
    row="| \`refnet $args\` | $shipped s | $spinning s |"
    # shellcheck disable=SC2086
    [ -n "$earlier" ] && row="$row $(median "$earlier" $args) s |"
    echo "$row"
done
