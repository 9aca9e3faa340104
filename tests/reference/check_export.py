#!/usr/bin/env python3
"""Reads `refnet export` output the way a Spark job would, with other code.

Usage:
  /usr/bin/python3 tests/reference/check_export.py REFNET_BINARY REPO_ROOT

Exports the bundled sample (4 partitions, then --min-count 3) and a small
market whose names need quoting, parses every part file with Python's csv
module (RFC 4180, as Spark reads it with escape='"' and multiLine=True) and
checks:
  * headers, and every vertex and edge exactly once;
  * the partition of every vertex is FNV-1a 64 of its id modulo N and that of
    every edge the one of its src, recomputed here independently of RefNet;
  * every src and dst is a vertex id; manifest.json counts match the files;
  * names with commas, quotes, a line break and a leading "=" come back as
    they were written in providers.csv;
  * with networkx installed: PageRank over the exported edges weighted by
    `count` (refgraph.nx_pagerank: networkx, alpha=0.85, tol=1e-12) is within 1e-6 of
    `refnet metrics` for every provider, so the export carries what RefNet
    ranks on.

Exit status 0 when all checks pass (the PageRank check is skipped, with a
note, when networkx is not installed), 1 otherwise.
"""

import csv
import glob
import json
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import refgraph  # noqa: E402  (standard library only at import time)

VERTEX_HEADER = ["id", "name", "taxonomy", "specialty", "group", "city", "state", "zip",
                 "lat", "lon"]
EDGE_HEADER = ["src", "dst", "count", "beneficiaries", "completed", "closed_loop"]
TOL_PAGERANK = 1e-6

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def fnv1a_64(text):
    h = 0xcbf29ce484222325
    for byte in text.encode("utf-8"):
        h ^= byte
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def run(refnet, *args):
    result = subprocess.run([refnet, *args], capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        sys.exit(f"refnet {' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return result.stdout


def read_parts(directory, kind, partitions, header):
    """[(partition, row dict)] for every row of DIR/KIND/part-*.csv."""
    files = sorted(glob.glob(os.path.join(directory, kind, "part-*.csv")))
    check(len(files) == partitions, f"{kind}: {len(files)} part files, expected {partitions}")
    rows = []
    for path in files:
        partition = int(os.path.basename(path)[5:10])
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            check(next(reader) == header, f"{path}: header")
            for fields in reader:
                check(len(fields) == len(header), f"{path}: row {fields}")
                rows.append((partition, dict(zip(header, fields))))
    return rows


def check_export(directory, partitions, min_count=0):
    """Checks layout, uniqueness and partitions; returns (vertices, edges)."""
    vertices = {}
    for partition, row in read_parts(directory, "vertices", partitions, VERTEX_HEADER):
        check(row["id"] not in vertices, f"vertex {row['id']} twice")
        vertices[row["id"]] = row
        check(partition == fnv1a_64(row["id"]) % partitions,
              f"vertex {row['id']} in partition {partition}")
    edges = {}
    for partition, row in read_parts(directory, "edges", partitions, EDGE_HEADER):
        key = (row["src"], row["dst"])
        check(key not in edges, f"edge {key} twice")
        edges[key] = row
        check(partition == fnv1a_64(row["src"]) % partitions, f"edge {key} in partition {partition}")
        check(row["src"] in vertices and row["dst"] in vertices, f"edge {key}: unknown endpoint")
        check(int(row["count"]) >= max(min_count, 1), f"edge {key}: count {row['count']}")
    with open(os.path.join(directory, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    check(manifest["partitions"] == partitions, "manifest partitions")
    check(manifest["vertices"] == len(vertices), "manifest vertices")
    check(manifest["edges"] == len(edges), "manifest edges")
    check(manifest["min_count"] == min_count, "manifest min_count")
    for name in ["_SUCCESS", "vertices/_SUCCESS", "edges/_SUCCESS"]:
        path = os.path.join(directory, name)
        check(os.path.isfile(path) and os.path.getsize(path) == 0, f"{name} missing or not empty")
    return vertices, edges


def check_pagerank(refnet, sample, edges):
    try:
        import networkx as nx
    except ImportError:
        print("note: networkx not installed, PageRank comparison skipped")
        return
    metrics = run(refnet, "metrics", "--data", sample, "--format", "csv")
    expected = {row["id"]: float(row["pagerank"]) for row in csv.DictReader(metrics.splitlines())}
    g = nx.DiGraph()
    g.add_nodes_from(expected)
    for (src, dst), row in edges.items():
        g.add_edge(src, dst, count=int(row["count"]))
    rank = refgraph.nx_pagerank(g)  # alpha 0.85, weight "count", tol 1e-12
    worst = max(abs(rank[v] - expected[v]) for v in expected)
    check(worst <= TOL_PAGERANK, f"PageRank differs from refnet metrics by {worst:g}")
    print(f"PageRank over the exported edges: largest difference {worst:.2e}")


def check_quoting(refnet, work):
    names = {
        "P1": 'Smith, "Doc" & Sons',
        "P2": "=HYPERLINK(\"x\")",
        "P3": "Line\nBreak Eye Care",
        "P4,b": "Comma Id Rehab",
    }
    data = os.path.join(work, "quoting")
    os.makedirs(data)
    with open(os.path.join(data, "providers.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "name"])
        writer.writerows(names.items())
    with open(os.path.join(data, "referrals.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["from", "to", "count"])
        writer.writerows([["P1", "P2", 2], ["P2", "P3", 1], ["P3", "P4,b", 4]])
    out = os.path.join(work, "quoting_export")
    run(refnet, "export", "--data", data, "--partitions", "2", "--raw-cells", "-o", out)
    vertices, edges = check_export(out, 2)
    for vid, name in names.items():
        check(vid in vertices and vertices[vid]["name"] == name,
              f"name of {vid!r} came back as {vertices.get(vid, {}).get('name')!r}")
    check(("P3", "P4,b") in edges, "edge to the id with a comma missing")
    # Without --raw-cells the formula is neutralised for spreadsheets.
    safe = os.path.join(work, "quoting_export_safe")
    run(refnet, "export", "--data", data, "--partitions", "2", "-o", safe)
    vertices, _ = check_export(safe, 2)
    check(vertices.get("P2", {}).get("name") == "'=HYPERLINK(\"x\")",
          f"default export left a live formula: {vertices.get('P2', {}).get('name')!r}")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    refnet, root = sys.argv[1], sys.argv[2]
    sample = os.path.join(root, "datasets", "sample")
    with tempfile.TemporaryDirectory(prefix="refnet_export_check_") as work:
        out = os.path.join(work, "sample_export")
        summary = run(refnet, "export", "--data", sample, "--partitions", "4", "-o", out)
        vertices, edges = check_export(out, 4)
        check(summary == f"wrote {out}: 4 partitions, {len(vertices):,} vertices, "
                         f"{len(edges):,} edges\n", f"summary line {summary!r}")
        check_pagerank(refnet, sample, edges)

        out3 = os.path.join(work, "sample_min3")
        run(refnet, "export", "--data", sample, "--partitions", "4", "--min-count", "3",
            "-o", out3)
        _, kept = check_export(out3, 4, min_count=3)
        check(set(kept) == {k for k, row in edges.items() if int(row["count"]) >= 3},
              "--min-count 3 kept other edges than those with count >= 3")

        check_quoting(refnet, work)
    for message in failures:
        print("FAIL:", message, file=sys.stderr)
    print(f"check_export: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
