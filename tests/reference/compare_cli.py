#!/usr/bin/env python3
"""Differential check of the RefNet CLI against networkx.

Usage:
  /usr/bin/python3 tests/reference/compare_cli.py REFNET_BINARY [--seeds 3]
  /usr/bin/python3 tests/reference/compare_cli.py --write-only DIR [--seeds 3]

For each seed (101, 202, 303, ...) a random directed weighted graph with
150-400 providers (isolated and dangling providers, self-loops, reciprocated
pairs, several weak components) is written as providers.csv/referrals.csv,
with some edges' counts split over 2-3 rows (RefNet must sum repeats) and
the rows shuffled. Then

  REFNET metrics --providers P --referrals R --format csv
  REFNET stats   --providers P --referrals R --format json

are run and compared with networkx:
  * in/out degree and volume: exactly
  * pagerank: within 1e-6 of networkx.pagerank(alpha=0.85, weight="count", tol=1e-12)
  * betweenness: within 1e-9 of networkx.betweenness_centrality(G)
  * reciprocity: within 1e-12 of networkx.reciprocity (empty for isolated)
  * stats providers/edges/referrals/self_loops/weak_components/largest_component
    exactly, reciprocity within 1e-12 of networkx.overall_reciprocity, and
    modularity within 1e-9 of networkx.community.modularity of the partition
    in the metrics "community" column, on the undirected graph with
    w(u,v) = count(u->v) + count(v->u) (a self-loop keeps its count).

Exit status: 0 all checks pass, 1 some check failed, 77 (ctest skip) if
networkx cannot be imported. --write-only DIR only writes the CSVs for each
seed into DIR/seed<N>/ and checks that re-reading them (summing repeated
rows) gives back the generated graph; it needs no binary and no networkx.
"""

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import refgraph  # noqa: E402  (standard library only at import time)

METRICS_COLUMNS = ["id", "name", "group", "in_degree", "out_degree", "in_volume",
                   "out_volume", "pagerank", "betweenness", "reciprocity", "community"]
STATS_KEYS = ["providers", "edges", "referrals", "self_loops", "reciprocity",
              "weak_components", "largest_component", "modularity"]
TOL_PAGERANK = 1e-6
TOL_BETWEENNESS = 1e-9
TOL_RECIPROCITY = 1e-12
TOL_MODULARITY = 1e-9
COMMAND_TIMEOUT = 600  # seconds


def seed_list(k):
    return [101 * (i + 1) for i in range(k)]


# --------------------------------------------------------------------------
# Graph + CSV generation
# --------------------------------------------------------------------------

def provider_id(i):
    return f"P{i + 1:04d}"


def provider_name(i):
    return f"Provider {i + 1}"


def make_graph(seed):
    rng = random.Random(seed)
    n = rng.randint(150, 400)
    m = rng.randint(3 * n, 6 * n)
    edges = refgraph.random_referral_graph(n, m, seed)
    return n, edges


def split_count(c, rng):
    """Split count c (>= 2) into 2 or 3 positive parts."""
    k = 3 if c >= 3 and rng.random() < 0.4 else 2
    cuts = sorted(rng.sample(range(1, c), k - 1))
    bounds = [0] + cuts + [c]
    return [b - a for a, b in zip(bounds, bounds[1:])]


def write_csvs(directory, n, edges, seed):
    """Write providers.csv and referrals.csv; return (paths, number of split edges)."""
    rng = random.Random(seed * 7919 + 1)
    prov_path = os.path.join(directory, "providers.csv")
    ref_path = os.path.join(directory, "referrals.csv")

    order = list(range(n))
    rng.shuffle(order)
    with open(prov_path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "name"])
        for i in order:
            w.writerow([provider_id(i), provider_name(i)])

    rows = []
    n_split = 0
    for (u, v), c in sorted(edges.items()):
        if c >= 2 and rng.random() < 0.25:
            parts = split_count(c, rng)
            n_split += 1
        else:
            parts = [c]
        for p in parts:
            rows.append((provider_id(u), provider_id(v), p))
    rng.shuffle(rows)
    with open(ref_path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["from", "to", "count"])
        w.writerows(rows)
    return prov_path, ref_path, n_split, len(rows)


def read_back(prov_path, ref_path):
    """Re-read the CSVs the way RefNet should: ids -> index, repeats summed."""
    with open(prov_path, newline="") as f:
        r = csv.DictReader(f)
        assert r.fieldnames == ["id", "name"], r.fieldnames
        ids = [row["id"] for row in r]
    index = {pid: int(pid[1:]) - 1 for pid in ids}
    edges = {}
    with open(ref_path, newline="") as f:
        r = csv.DictReader(f)
        assert r.fieldnames == ["from", "to", "count"], r.fieldnames
        for row in r:
            key = (index[row["from"]], index[row["to"]])
            c = int(row["count"])
            assert c >= 1
            edges[key] = edges.get(key, 0) + c
    return len(ids), edges


def write_only(out_dir, seeds):
    ok = True
    for seed in seeds:
        n, edges = make_graph(seed)
        d = os.path.join(out_dir, f"seed{seed}")
        os.makedirs(d, exist_ok=True)
        prov, ref, n_split, n_rows = write_csvs(d, n, edges, seed)
        n2, edges2 = read_back(prov, ref)
        same = n2 == n and edges2 == edges
        ok = ok and same
        f = refgraph.graph_features(n, edges)
        print(f"seed {seed}: {d}: {f}, {n_rows} referral rows ({n_split} edges split),"
              f" round trip {'OK' if same else 'MISMATCH'}")
    return 0 if ok else 1


# --------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------

class Report:
    def __init__(self, max_lines):
        self.max_lines = max_lines
        self.failures = 0
        self.checks = 0
        self._per_key = {}

    def ok(self):
        self.checks += 1

    def fail(self, key, msg):
        """key groups lines (e.g. (seed, 'pagerank')) for the output cap."""
        self.checks += 1
        self.failures += 1
        k = self._per_key.get(key, 0) + 1
        self._per_key[key] = k
        if self.max_lines <= 0 or k <= self.max_lines:
            print(f"FAIL {msg}", flush=True)

    def check(self, key, cond, msg):
        if cond:
            self.ok()
        else:
            self.fail(key, msg)

    def suppressed(self):
        return {k: c - self.max_lines for k, c in self._per_key.items()
                if self.max_lines > 0 and c > self.max_lines}


def run(cmd):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=COMMAND_TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {COMMAND_TIMEOUT} s"
    except OSError as e:
        return None, f"could not run: {e}"
    if p.returncode != 0:
        return None, f"exit status {p.returncode}; stderr: {p.stderr.strip()[:2000]}"
    return p.stdout, None


def parse_int(s):
    s = s.strip()
    try:
        return int(s)
    except ValueError:
        x = float(s)
        if x != int(x):
            raise ValueError(f"not an integer: {s!r}")
        return int(x)


def close(a, b, tol):
    return abs(a - b) <= tol


def compare_seed(binary, seed, tmp, rep):
    import networkx as nx

    n, edges = make_graph(seed)
    d = os.path.join(tmp, f"seed{seed}")
    os.makedirs(d, exist_ok=True)
    prov, refp, n_split, n_rows = write_csvs(d, n, edges, seed)
    n2, edges2 = read_back(prov, refp)
    assert n2 == n and edges2 == edges, "CSV round trip broken (bug in this script)"
    feats = refgraph.graph_features(n, edges)
    print(f"seed {seed}: {n} providers, {len(edges)} edges in {n_rows} rows"
          f" ({n_split} split), {feats['isolated']} isolated,"
          f" {feats['dangling_non_isolated']} dangling, {feats['self_loops']} self-loops,"
          f" {feats['reciprocated_pairs']} reciprocated pairs", flush=True)

    ref = refgraph.nx_reference(n, edges)
    U = ref["U"]
    tag = f"seed {seed}"

    # ---- metrics ---------------------------------------------------------
    cmd = [binary, "metrics", "--providers", prov, "--referrals", refp, "--format", "csv"]
    out, err = run(cmd)
    labels = None
    if err:
        rep.fail((seed, "metrics-run"), f"{tag}: {' '.join(cmd)}: {err}")
    else:
        labels = compare_metrics(out, n, ref, tag, seed, rep)

    # ---- stats -----------------------------------------------------------
    cmd = [binary, "stats", "--providers", prov, "--referrals", refp, "--format", "json"]
    out, err = run(cmd)
    if err:
        rep.fail((seed, "stats-run"), f"{tag}: {' '.join(cmd)}: {err}")
        return
    try:
        stats = json.loads(out)
        if not isinstance(stats, dict):
            raise ValueError("top level is not an object")
    except ValueError as e:
        rep.fail((seed, "stats-parse"), f"{tag}: stats output is not a JSON object ({e}):"
                 f" {out[:300]!r}")
        return

    n_self = sum(1 for (u, v) in edges if u == v)
    expected = {
        "providers": n,
        "edges": len(edges),
        "referrals": sum(edges.values()),
        "self_loops": n_self,
        "weak_components": ref["weak_components"],
        "largest_component": ref["largest_component"],
    }
    for key, want in expected.items():
        if key not in stats:
            rep.fail((seed, "stats"), f"{tag}: stats: key {key!r} missing")
            continue
        got = stats[key]
        good = isinstance(got, (int, float)) and not isinstance(got, bool) and got == want
        note = ""
        if key == "self_loops" and not good:
            note = (f" (sum of self-loop counts would be"
                    f" {sum(c for (u, v), c in edges.items() if u == v)})")
        rep.check((seed, "stats"), good,
                  f"{tag}: stats {key} = {got!r}, expected {want}{note}")

    want = ref["overall_reciprocity"]
    got = stats.get("reciprocity")
    rep.check((seed, "stats"), isinstance(got, (int, float)) and close(got, want, TOL_RECIPROCITY),
              f"{tag}: stats reciprocity = {got!r}, networkx.overall_reciprocity = {want!r}")

    got = stats.get("modularity")
    if labels is None:
        rep.fail((seed, "stats"), f"{tag}: stats modularity not checked: no usable"
                 f" community column from metrics")
    elif not isinstance(got, (int, float)) or isinstance(got, bool):
        rep.fail((seed, "stats"), f"{tag}: stats modularity = {got!r}, expected a number")
    else:
        comms = refgraph.partition_from_labels(labels)
        want = refgraph.nx_modularity(U, comms)
        rep.check((seed, "stats"), close(got, want, TOL_MODULARITY),
                  f"{tag}: stats modularity = {got!r}, networkx.community.modularity of the"
                  f" metrics partition ({len(comms)} communities) = {want!r}"
                  f" (diff {got - want:.3e})")
        lv = nx.community.louvain_communities(U, weight="weight", seed=1)
        print(f"  info: RefNet partition: {len(comms)} communities, Q = {want:.6f};"
              f" networkx louvain (seed 1): {len(lv)} communities,"
              f" Q = {refgraph.nx_modularity(U, lv):.6f}", flush=True)


def compare_metrics(out, n, ref, tag, seed, rep):
    """Compare the metrics CSV; return per-index community labels or None."""
    lines = out.splitlines()
    reader = csv.DictReader(lines)
    header = reader.fieldnames or []
    missing = [c for c in METRICS_COLUMNS if c not in header]
    if missing:
        rep.fail((seed, "metrics-header"), f"{tag}: metrics header {header} lacks {missing}")
        return None
    if header != METRICS_COLUMNS:
        rep.fail((seed, "metrics-header"), f"{tag}: metrics header {header},"
                 f" expected {METRICS_COLUMNS}")

    rows = {}
    for row in reader:
        pid = row["id"]
        if pid in rows:
            rep.fail((seed, "metrics-rows"), f"{tag}: provider {pid} listed twice")
        rows[pid] = row
    labels = [None] * n
    for i in range(n):
        pid = provider_id(i)
        row = rows.pop(pid, None)
        if row is None:
            rep.fail((seed, "metrics-rows"), f"{tag}: provider {pid} missing from metrics")
            continue
        where = f"{tag}: {pid}"
        rep.check((seed, "name"), row["name"] == provider_name(i),
                  f"{where}: name {row['name']!r}, expected {provider_name(i)!r}")

        for col in ("in_degree", "out_degree", "in_volume", "out_volume"):
            want = ref[col][i]
            try:
                got = parse_int(row[col])
            except (ValueError, OverflowError, AttributeError):
                rep.fail((seed, col), f"{where}: {col} {row[col]!r} is not an integer")
                continue
            rep.check((seed, col), got == want, f"{where}: {col} {got}, expected {want}")

        for col, tol in (("pagerank", TOL_PAGERANK), ("betweenness", TOL_BETWEENNESS)):
            want = ref[col][i]
            try:
                got = float(row[col])
            except (ValueError, TypeError):
                rep.fail((seed, col), f"{where}: {col} {row[col]!r} is not a number")
                continue
            rep.check((seed, col), close(got, want, tol),
                      f"{where}: {col} {got!r}, networkx {want!r} (diff {got - want:.3e})")

        want = ref["reciprocity"][i]
        s = (row["reciprocity"] or "").strip()
        if want is None:
            rep.check((seed, "reciprocity"), s == "",
                      f"{where}: isolated provider, reciprocity {s!r}, expected empty")
        else:
            try:
                got = float(s)
                good = close(got, want, TOL_RECIPROCITY)
            except ValueError:
                got, good = s, False
            rep.check((seed, "reciprocity"), good,
                      f"{where}: reciprocity {got!r}, networkx {want!r}"
                      f" (in {ref['in_degree'][i]}, out {ref['out_degree'][i]})")

        c = (row["community"] or "").strip()
        if c == "":
            rep.fail((seed, "community"), f"{where}: empty community")
        else:
            labels[i] = c
    for pid in rows:
        rep.fail((seed, "metrics-rows"), f"{tag}: unknown provider {pid!r} in metrics")
    return None if None in labels else labels


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("binary", nargs="?", help="path to the refnet executable")
    ap.add_argument("--seeds", type=int, default=3, help="number of seeds (101, 202, ...)")
    ap.add_argument("--write-only", metavar="DIR",
                    help="only write the CSVs into DIR and check them; no binary needed")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--max-lines", type=int, default=20,
                    help="print at most this many failures per seed and check (0: all)")
    args = ap.parse_args()
    seeds = seed_list(args.seeds)

    if args.write_only:
        return write_only(args.write_only, seeds)
    if not args.binary:
        ap.error("REFNET_BINARY is required (or use --write-only DIR)")

    try:
        import networkx as nx
    except ImportError as e:
        print(f"SKIP: networkx cannot be imported ({e}); install python3-networkx")
        return 77

    binary = os.path.abspath(args.binary) if os.path.exists(args.binary) else args.binary
    print(f"networkx {nx.__version__}; refnet {binary}; seeds {seeds}", flush=True)
    rep = Report(args.max_lines)
    tmp = tempfile.mkdtemp(prefix="refnet-compare-")
    try:
        for seed in seeds:
            compare_seed(binary, seed, tmp, rep)
    finally:
        if args.keep:
            print(f"inputs kept in {tmp}")
        else:
            import shutil
            shutil.rmtree(tmp, ignore_errors=True)

    print(f"pagerank reference: {refgraph.pagerank_backend}")
    for (seed, what), extra in sorted(rep.suppressed().items(), key=str):
        print(f"  ... {extra} more {what} failures for seed {seed} not shown")
    if rep.failures:
        print(f"SUMMARY: {rep.failures} of {rep.checks} checks FAILED")
        return 1
    print(f"SUMMARY: all {rep.checks} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
