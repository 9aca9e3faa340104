#!/usr/bin/env python3
"""Shared helpers for RefNet's networkx reference scripts.

Used by make_expected.py (JSON fixtures) and compare_cli.py (differential
check against the CLI). Only the standard library is imported at module
level; networkx is imported lazily so that callers can detect its absence
and skip cleanly.

Conventions (they mirror what RefNet computes):
  * A graph is a list of node ids plus a dict {(u, v): count} over node
    *indices*; pairs are unique, self-loops (u == u) allowed, count >= 1.
  * The networkx DiGraph carries the integer count in the "count" attribute.
  * The undirected graph used for communities has
        w(u, v) = count(u->v) + count(v->u)   for u != v,
        w(u, u) = count(u->u)                 (a self-loop keeps its count).
"""

import random

PAGERANK_ALPHA = 0.85
# networkx's default tol=1e-6 stops the power iteration once the L1 change
# is below N*1e-6, which leaves per-node errors of the same order as the
# 1e-6 tolerance RefNet is compared with. 1e-12 makes the reference
# converged far below the comparison tolerance.
PAGERANK_TOL = 1e-12
PAGERANK_MAX_ITER = 10000

# Which implementation nx_pagerank() ended up using (for reporting).
pagerank_backend = None


# --------------------------------------------------------------------------
# Random graph generation (standard library only, deterministic per seed)
# --------------------------------------------------------------------------

def _weight(rng):
    """Integer referral count in 1..50, skewed towards small values."""
    return 1 + int(50 * rng.random() ** 3)  # rng.random() < 1 -> max 50


def random_referral_graph(n, m_target, seed):
    """Random directed weighted graph on node indices 0..n-1.

    Returns {(u, v): count}. Built-in features (roles are scattered over the
    index range, not contiguous):
      * isolated nodes (no edge at all):            3 + n // 100
      * one node whose only edge is a self-loop (its own weak component)
      * small separate weak components of 2..4 nodes: 2 + n // 150
      * dangling nodes (in-edges, no out-edges):    max(10, n // 15)
      * self-loops on ordinary nodes:               max(5, n // 40)
      * reciprocated pairs: ~30% of random edges also get the reverse edge
      * the main component is connected (spanning tree first), then random
        edges (half of the targets drawn from a small hub set) are added
        until about m_target edges exist.
    """
    rng = random.Random(seed)
    order = list(range(n))
    rng.shuffle(order)
    pos = 0

    def take(k):
        nonlocal pos
        out = order[pos:pos + k]
        pos += k
        return out

    isolated = take(3 + n // 100)
    (selfonly,) = take(1)
    smalls = [take(rng.randint(2, 4)) for _ in range(2 + n // 150)]
    dangling = take(max(10, n // 15))
    core = order[pos:]  # non-dangling members of the main component
    assert len(core) >= 20, "graph too small for the requested features"
    dangling_set = set(dangling)

    edges = {}

    def add(u, v):
        if (u, v) not in edges:
            edges[(u, v)] = _weight(rng)

    edges[(selfonly, selfonly)] = _weight(rng)

    # Small components: a directed path, sometimes reciprocated, plus the
    # occasional extra edge; the last node of every other component is left
    # dangling.
    for i, comp in enumerate(smalls):
        keep_dangling = i % 2 == 0
        for a, b in zip(comp, comp[1:]):
            add(a, b)
            if rng.random() < 0.5 and not (keep_dangling and b == comp[-1]):
                add(b, a)
        if not keep_dangling and len(comp) >= 3:
            add(comp[-1], comp[0])

    # Main component: random spanning tree over the core nodes ...
    for i in range(1, len(core)):
        j = core[rng.randrange(i)]
        if rng.random() < 0.5:
            add(core[i], j)
        else:
            add(j, core[i])
    # ... and every dangling node gets at least one in-edge from the core.
    for d in dangling:
        add(rng.choice(core), d)

    # Self-loops on ordinary (core) nodes.
    for u in rng.sample(core, max(5, n // 40)):
        add(u, u)

    # Random edges until the target is reached.
    hubs = rng.sample(core, max(3, len(core) // 12))
    targets = core + dangling
    while len(edges) < m_target:
        u = rng.choice(core)
        v = rng.choice(hubs) if rng.random() < 0.5 else rng.choice(targets)
        if u == v:
            continue
        add(u, v)
        if v not in dangling_set and rng.random() < 0.3:
            add(v, u)

    assert not any(u in dangling_set for (u, _v) in edges), "dangling has out-edge"
    return edges


def graph_features(n, edges):
    """Counts used to assert the generator produced what it promises."""
    outd = [0] * n
    ind = [0] * n
    for (u, v) in edges:
        outd[u] += 1
        ind[v] += 1
    isolated = sum(1 for i in range(n) if outd[i] == 0 and ind[i] == 0)
    dangling = sum(1 for i in range(n) if outd[i] == 0 and ind[i] > 0)
    self_loops = sum(1 for (u, v) in edges if u == v)
    recip_pairs = sum(1 for (u, v) in edges if u < v and (v, u) in edges)
    return {
        "nodes": n,
        "edges": len(edges),
        "isolated": isolated,
        "dangling_non_isolated": dangling,
        "self_loops": self_loops,
        "reciprocated_pairs": recip_pairs,
    }


# --------------------------------------------------------------------------
# networkx reference computations
# --------------------------------------------------------------------------

def to_digraph(n, edges):
    import networkx as nx
    G = nx.DiGraph()
    G.add_nodes_from(range(n))  # node i <-> index i; insertion order = index order
    for (u, v), c in sorted(edges.items()):
        G.add_edge(u, v, count=c)
    return G


def to_undirected(n, edges):
    """Undirected weighted graph for communities (see module docstring)."""
    import networkx as nx
    w = {}
    for (u, v), c in edges.items():
        key = (u, v) if u <= v else (v, u)
        w[key] = w.get(key, 0) + c
    U = nx.Graph()
    U.add_nodes_from(range(n))
    for (u, v), c in sorted(w.items()):
        U.add_edge(u, v, weight=c)
    return U


def nx_pagerank(G):
    """networkx.pagerank(G, alpha=0.85, weight="count", tol=1e-12).

    networkx 2.x's public pagerank() is the scipy implementation and needs
    numpy+scipy. Without them we fall back to networkx's own pure-Python
    implementation of the same power iteration (same start vector, same
    uniform dangling redistribution, same L1 stopping rule err < N*tol);
    results agree to rounding (~1e-16).
    """
    global pagerank_backend
    import networkx as nx
    kwargs = dict(alpha=PAGERANK_ALPHA, weight="count", tol=PAGERANK_TOL,
                  max_iter=PAGERANK_MAX_ITER)
    try:
        pr = nx.pagerank(G, **kwargs)
        pagerank_backend = "networkx.pagerank (scipy)"
    except ImportError:
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
        pr = _pagerank_python(G, **kwargs)
        pagerank_backend = "networkx _pagerank_python (numpy/scipy not installed)"
    return {k: float(v) for k, v in pr.items()}


def independent_pagerank(n, edges, alpha=PAGERANK_ALPHA):
    """Plain power iteration run to the limit of double precision.

    Independent of networkx; used only as a sanity check of the reference.
    """
    outw = [0] * n
    for (u, _v), c in edges.items():
        outw[u] += c
    elist = [(u, v, c / outw[u]) for (u, v), c in sorted(edges.items())]
    dang = [i for i in range(n) if outw[i] == 0]
    x = [1.0 / n] * n
    for _ in range(100000):
        d = alpha * sum(x[i] for i in dang) / n
        y = [d + (1.0 - alpha) / n] * n
        for u, v, p in elist:
            y[v] += alpha * x[u] * p
        err = sum(abs(a - b) for a, b in zip(x, y))
        x = y
        if err < 1e-15:
            break
    s = sum(x)
    return [v / s for v in x]


def nx_reference(n, edges):
    """Everything RefNet computes, per networkx, for a graph on indices."""
    import networkx as nx
    G = to_digraph(n, edges)
    U = to_undirected(n, edges)
    pr = nx_pagerank(G)
    bc = nx.betweenness_centrality(G)
    rec = nx.reciprocity(G, G.nodes)
    wcc = list(nx.weakly_connected_components(G))
    return {
        "G": G,
        "U": U,
        "pagerank": [pr[i] for i in range(n)],
        "betweenness": [float(bc[i]) for i in range(n)],
        "reciprocity": [None if rec[i] is None else float(rec[i]) for i in range(n)],
        "overall_reciprocity": float(nx.overall_reciprocity(G)),
        "in_degree": [G.in_degree(i) for i in range(n)],
        "out_degree": [G.out_degree(i) for i in range(n)],
        "in_volume": [G.in_degree(i, weight="count") for i in range(n)],
        "out_volume": [G.out_degree(i, weight="count") for i in range(n)],
        "weak_components": len(wcc),
        "largest_component": max(len(c) for c in wcc) if wcc else 0,
    }


def partition_from_labels(labels):
    """List of community sets from a per-node label list."""
    groups = {}
    for i, lab in enumerate(labels):
        groups.setdefault(lab, set()).add(i)
    return list(groups.values())


def nx_modularity(U, communities):
    import networkx as nx
    return float(nx.community.modularity(U, communities, weight="weight"))
