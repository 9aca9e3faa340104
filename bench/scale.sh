#!/usr/bin/env bash
# National-scale evidence: generates a CMS-style network with `refnet generate
# --cms`, times each task with /usr/bin/time -v, runs the python-igraph
# baseline (bench/igraph_baseline.py) on the same file, and prints the table
# of docs/performance.md.
#
# Usage: bench/scale.sh [--providers N] [--edges M] [--dir DIR] [--no-igraph]
#   --no-igraph reuses the igraph figures of an earlier run in the same DIR.
#   default: 1,000,000 providers, 62,000,000 edges (1.9 GB CSV; igraph needs
#   ~16 GB and several minutes); --providers 100000 --edges 6000000 is quick.
# Needs build/refnet (the README's first command builds it).
set -euo pipefail
cd "$(dirname "$0")/.."

providers=1000000
edges=62000000
dir=""
igraph=1
while (($#)); do
    case "$1" in
        --providers) providers=$2; shift 2 ;;
        --edges) edges=$2; shift 2 ;;
        --dir) dir=$2; shift 2 ;;
        --no-igraph) igraph=0; shift ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "scale.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
dir=${dir:-${TMPDIR:-/tmp}/refnet_scale_${providers}}
refnet=build/refnet
[ -x "$refnet" ] || { echo "scale.sh: build $refnet first (see README)" >&2; exit 1; }
if ((igraph)) && ! /usr/bin/python3 -c 'import igraph' 2>/dev/null; then
    bash scripts/deps.sh >/dev/null
    apt-get install -y -qq python3-igraph >/dev/null
fi
mkdir -p "$dir"
results="$dir/results.txt"
# --no-igraph keeps an earlier run's igraph lines, so the table still compares.
if ((igraph)) || [ ! -f "$results" ]; then : >"$results"; else grep '^igraph ' "$results" >"$results.tmp" || true; mv "$results.tmp" "$results"; fi

# timed NAME COMMAND...: runs COMMAND twice under /usr/bin/time -v and keeps
# the faster run's seconds and peak RSS (the first run of a big job after
# another one pays for the kernel handing memory back and forth).
timed() {
    local name=$1
    shift
    local best="" rss=""
    for _ in 1 2; do
        /usr/bin/time -v "$@" >"$dir/$name.out" 2>"$dir/$name.time"
        local wall
        wall=$(awk -F': ' '/Elapsed/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$dir/$name.time")
        if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN {exit !(a < b)}'; then
            best=$wall
            rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$dir/$name.time")
        fi
    done
    echo "refnet $name $best $rss" >>"$results"
}

# micro NAME PROGRAM FILTER: a Google Benchmark's real time in seconds, on the
# national snapshot (the Context or network is loaded outside the timing).
micro() {
    REFNET_NATIONAL="$dir/network.refnet" "build-bench/bench/$2" --benchmark_filter="$3" \
        --benchmark_format=json 2>/dev/null >"$dir/$1.json"
    /usr/bin/python3 -c 'import json, sys; b = json.load(open(sys.argv[1]))["benchmarks"][0]; print(b["real_time"] / 1000.0)' \
        "$dir/$1.json" | awk -v n="$1" '{print "refnet", n, $1, 0}' >>"$results"
}

if [ ! -s "$dir/cms_edges.csv" ]; then
    "$refnet" generate --cms --providers "$providers" --edges "$edges" --seed 1 --force -o "$dir" >/dev/null
fi
focal=$(head -1 "$dir/cms_edges.csv" | cut -d, -f1)
cat "$dir/cms_edges.csv" >/dev/null  # both sides start with the file in the page cache

timed ingest "$refnet" validate --cms "$dir/cms_edges.csv"
timed import "$refnet" import --cms "$dir/cms_edges.csv" --nppes "$dir/nppes.csv" -o "$dir/network.refnet"
timed open "$refnet" validate --network "$dir/network.refnet"
timed pagerank "$refnet" metrics --network "$dir/network.refnet" --skip betweenness,communities \
    --tolerance 1e-6 --format csv -o "$dir/pagerank.csv"
timed focal "$refnet" recommend --network "$dir/network.refnet" --focal "$focal" --top 25 --format csv
if [ ! -x build-bench/bench/refnet_bench ]; then
    cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DREFNET_BUILD_BENCH=ON -DREFNET_BUILD_TESTS=OFF >/dev/null
fi
cmake --build build-bench -j2 >/dev/null
micro pagerank_only refnet_bench 'BM_PageRankNational'
micro focal_warm refnet_bench_recommend 'BM_RecommendNational/'
# recommend --all: 4,000 focals timed, the whole network projected (seconds).
REFNET_NATIONAL="$dir/network.refnet" build-bench/bench/refnet_bench_recommend \
    --benchmark_filter='BM_RecommendAllNational' --benchmark_format=json 2>/dev/null >"$dir/all.json"
/usr/bin/python3 -c 'import json, sys; b = json.load(open(sys.argv[1]))["benchmarks"][0]; print(b["projected_all"])' \
    "$dir/all.json" | awk '{print "refnet all", $1, 0}' >>"$results"

if ((igraph)); then
    /usr/bin/python3 bench/igraph_baseline.py "$dir/cms_edges.csv" "$focal" |
        awk '{print "igraph", $1, $2, $3}' >>"$results"
fi

echo "$providers providers, $edges edges; $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%Y-%m-%d)"
awk '
    $1 == "refnet" { t[$2] = $3; m[$2] = $4 }
    $1 == "igraph" { it[$2] = $3; im[$2] = $4 }
    END {
        n = split("ingest import open pagerank pagerank_only focal focal_warm all", order, " ")
        desc["ingest"] = "CMS CSV -> network (validate --cms)"
        desc["import"] = "CSV + NPPES -> snapshot (import)"
        desc["open"] = "open the snapshot (validate --network)"
        desc["pagerank"] = "metrics: open + PageRank to 1e-6 + per-provider CSV"
        desc["pagerank_only"] = "PageRank to 1e-6 alone (Google Benchmark)"
        desc["focal"] = "recommend: open + context + one focal, cold"
        desc["focal_warm"] = "one focal, warm (Google Benchmark)"
        desc["all"] = "recommend --all --top 25, projected from 4,000 focals"
        base["ingest"] = "load"; base["pagerank_only"] = "pagerank"; base["focal_warm"] = "focal"
        printf "| task | refnet | refnet peak RSS | igraph | igraph peak RSS | speed-up |\n"
        printf "| --- | --- | --- | --- | --- | --- |\n"
        for (i = 1; i <= n; i++) {
            k = order[i]; b = base[k]
            if (!(k in t)) continue
            ig = (b != "" && (b in it)) ? sprintf("%.1f s", it[b]) : "-"
            igm = (b != "" && (b in im)) ? sprintf("%.1f GB", im[b] / 1e6) : "-"
            ratio = (b != "" && (b in it) && t[k] > 0) ? sprintf("%.1fx", it[b] / t[k]) : "-"
            mem = m[k] > 0 ? sprintf("%.2f GB", m[k] / 1e6) : "-"
            time = t[k] < 1 ? sprintf("%.0f ms", t[k] * 1000) : (t[k] < 600 ? sprintf("%.2f s", t[k]) : sprintf("%.0f min", t[k] / 60))
            printf "| %s | %s | %s | %s | %s | %s |\n", desc[k], time, mem, ig, igm, ratio
        }
    }' "$results"
