#!/usr/bin/env python3
"""Generate networkx reference fixtures for RefNet's tests.

Run:  /usr/bin/python3 tests/reference/make_expected.py [OUTPUT_DIR]
Writes tests/data/reference/{toy7,random220,random500,karate,
ring_of_cliques}.json (or into OUTPUT_DIR). Deterministic: fixed seeds, and
node insertion order equals index order everywhere.

PageRank is computed with tol=1e-12 (max_iter=10000) instead of networkx's
default tol=1e-6: the default stops the power iteration when the L1 change
drops below N*1e-6, so per-node values can still be off by about 1e-6 --
the same size as the tolerance RefNet's tests compare with. A reference
must be much more accurate than the comparison tolerance, so we converge
to 1e-12: the values are then within ~1e-9 of the exact PageRank (checked
against an independent power iteration run to double precision).

Needs networkx (Debian python3-networkx 2.8.8 was used). numpy/scipy are
optional: networkx.pagerank needs them, and without them the script uses
networkx's pure-Python implementation of the same iteration (see
refgraph.nx_pagerank).
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import refgraph  # noqa: E402

import networkx as nx  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "data", "reference"))

KEYS = [
    "name", "nodes", "edges", "pagerank", "betweenness", "reciprocity",
    "overall_reciprocity", "in_degree", "out_degree", "in_volume",
    "out_volume", "weak_components", "largest_component", "undirected_edges",
    "partition", "modularity",
]


def toy7():
    """7 nodes A..G, small enough to check by hand.

    A<->B reciprocated pair, A->C, B->C, cycle C->D->E->C, self-loop E->E,
    F dangling (in-edges from D and B, no out-edges), G isolated.
    """
    ids = list("ABCDEFG")
    ix = {c: i for i, c in enumerate(ids)}
    raw = [
        ("A", "B", 3), ("B", "A", 1),
        ("A", "C", 2), ("B", "C", 1),
        ("C", "D", 4), ("D", "E", 2), ("E", "C", 1),
        ("E", "E", 2),
        ("D", "F", 1), ("B", "F", 5),
    ]
    return ids, {(ix[u], ix[v]): c for u, v, c in raw}


def random_graph(n, m, seed):
    edges = refgraph.random_referral_graph(n, m, seed)
    f = refgraph.graph_features(n, edges)
    assert f["dangling_non_isolated"] >= 10, f
    assert f["isolated"] >= 3, f
    assert f["self_loops"] >= 5, f
    assert f["reciprocated_pairs"] >= f["edges"] // 10, f
    print(f"  features: {f}")
    return [f"n{i}" for i in range(n)], edges


def both_ways(H):
    ids = [str(v) for v in H.nodes()]
    ix = {v: i for i, v in enumerate(H.nodes())}
    edges = {}
    for u, v in H.edges():
        assert u != v
        edges[(ix[u], ix[v])] = 1
        edges[(ix[v], ix[u])] = 1
    return ids, edges


def louvain_partition(U):
    comms = nx.community.louvain_communities(U, weight="weight", seed=1)
    comms = sorted(comms, key=min)
    labels = [None] * U.number_of_nodes()
    for k, c in enumerate(comms):
        for v in c:
            labels[v] = k
    assert None not in labels
    return labels, comms


def check(name, n, edges, ref):
    pr = ref["pagerank"]
    s = sum(pr)
    assert abs(s - 1.0) < 1e-12, (name, s)
    indep = refgraph.independent_pagerank(n, edges)
    dmax = max(abs(a - b) for a, b in zip(pr, indep))
    # networkx stops at L1 change < N*tol; the remaining error is a few times
    # that (~1e-9 for 500 nodes), still 1000x below RefNet's 1e-6 tolerance.
    assert dmax < 1e-8, (name, dmax)
    print(f"  pagerank sum-1 = {s - 1.0:.3e}, max |nx - independent| = {dmax:.3e}"
          f" [{refgraph.pagerank_backend}]")
    try:
        import igraph as ig
    except ImportError:
        return
    g = ig.Graph(n=n, edges=sorted(edges), directed=True)
    g.es["count"] = [edges[e] for e in sorted(edges)]
    bc = g.betweenness(directed=True)
    norm = (n - 1) * (n - 2)
    dbc = max(abs(b / norm - r) for b, r in zip(bc, ref["betweenness"]))
    ipr = g.pagerank(directed=True, damping=0.85, weights="count")
    dpr = max(abs(a - b) for a, b in zip(ipr, pr))
    print(f"  igraph cross-check: max |betweenness diff| = {dbc:.3e},"
          f" max |pagerank diff| = {dpr:.3e}")
    assert dbc < 1e-12, (name, dbc)


def build(name, ids, edges):
    n = len(ids)
    ref = refgraph.nx_reference(n, edges)
    U = ref["U"]
    labels, comms = louvain_partition(U)
    labels2, _ = louvain_partition(U)
    assert labels == labels2, "louvain not deterministic"
    q = refgraph.nx_modularity(U, comms)
    check(name, n, edges, ref)
    out = {
        "name": name,
        "nodes": ids,
        "edges": [[u, v, c] for (u, v), c in sorted(edges.items())],
        "undirected_edges": [[u, v, d["weight"]]
                             for u, v, d in sorted((min(a, b), max(a, b), d)
                                                   for a, b, d in U.edges(data=True))],
        "partition": labels,
        "modularity": q,
    }
    for k in ("pagerank", "betweenness", "reciprocity", "overall_reciprocity",
              "in_degree", "out_degree", "in_volume", "out_volume",
              "weak_components", "largest_component"):
        out[k] = ref[k]
    print(f"  {n} nodes, {len(edges)} edges, {ref['weak_components']} weak components"
          f" (largest {ref['largest_component']}), {len(comms)} communities, Q = {q:.6f}")
    return {k: out[k] for k in KEYS}


def write_json(path, obj):
    # One top-level key per line, values compact; floats use repr (exact).
    lines = [f"  {json.dumps(k)}: {json.dumps(v, allow_nan=False)}" for k, v in obj.items()]
    with open(path, "w") as f:
        f.write("{\n" + ",\n".join(lines) + "\n}\n")


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    os.makedirs(out_dir, exist_ok=True)
    graphs = [
        ("toy7", toy7),
        ("random220", lambda: random_graph(220, 900, 42)),
        ("random500", lambda: random_graph(500, 3000, 7)),
        ("karate", lambda: both_ways(nx.karate_club_graph())),
        ("ring_of_cliques", lambda: both_ways(nx.ring_of_cliques(10, 6))),
    ]
    print(f"networkx {nx.__version__}")
    for name, make in graphs:
        print(name)
        ids, edges = make()
        obj = build(name, ids, edges)
        path = os.path.join(out_dir, name + ".json")
        write_json(path, obj)
        with open(path) as f:
            assert json.load(f) == obj
        print(f"  wrote {path}")


if __name__ == "__main__":
    main()
