#!/usr/bin/python3
"""The python-igraph baseline for bench/scale.sh, on the same CMS edge list.

Usage: igraph_baseline.py CMS_EDGES.csv FOCAL_NPI
Prints one line per task: `task seconds peak_rss_kb`, where peak RSS is the
process's high-water mark after the task (as /usr/bin/time -v reports it).
Tasks: load (CSV to a weighted directed graph), pagerank (weighted by
pair_count, damping 0.85, PRPACK), focal (Adamic-Adar of every two-hop
prospect of one provider, igraph's similarity_inverse_log_weighted).
"""
import csv
import math
import resource
import sys
import time

import igraph


def peak_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main():
    path, focal_npi = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    ids = {}
    edges = []
    weights = []
    with open(path, newline="") as f:
        for row in csv.reader(f):
            a = ids.setdefault(row[0], len(ids))
            b = ids.setdefault(row[1], len(ids))
            edges.append((a, b))
            weights.append(float(row[2]))
    g = igraph.Graph(n=len(ids), edges=edges, directed=True)
    g.es["weight"] = weights
    del edges
    print(f"load {time.perf_counter() - start:.2f} {peak_kb()}", flush=True)

    start = time.perf_counter()
    g.pagerank(weights="weight", damping=0.85)
    print(f"pagerank {time.perf_counter() - start:.2f} {peak_kb()}", flush=True)

    start = time.perf_counter()
    # igraph's similarity_inverse_log_weighted would build an n-by-n result at
    # national scale; score the focal's two-hop prospects by its formula
    # (sum over common neighbours w of 1 / log degree(w)) with igraph's adjacency.
    focal = ids[focal_npi]
    degree = g.degree(mode="all")
    focal_nbrs = set(g.neighbors(focal, mode="all"))
    prospects = set()
    for v in focal_nbrs:
        prospects.update(g.neighbors(v, mode="all"))
    prospects -= focal_nbrs
    prospects.discard(focal)
    scores = {}
    for c in prospects:
        common = focal_nbrs.intersection(g.neighbors(c, mode="all"))
        scores[c] = sum(1.0 / math.log(degree[w]) for w in common if degree[w] > 1)
    top = sorted(scores.items(), key=lambda kv: -kv[1])[:25]
    assert len(top) <= 25
    print(f"focal {time.perf_counter() - start:.2f} {peak_kb()}", flush=True)


if __name__ == "__main__":
    main()
