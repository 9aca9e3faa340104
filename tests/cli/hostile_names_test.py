#!/usr/bin/env python3
"""Hostile names (issue 20): the bundled sample with every provider's name and
city led by an attack - spreadsheet formulas, terminal escape sequences, bidi
overrides, line separators, HTML. Every command that shows names runs on it;
the test fails on a live formula in any CSV cell, a raw control or bidi
character in any terminal output, or a crash.

Usage: hostile_names_test.py PATH_TO_REFNET REPO_ROOT
"""
import csv
import io
import os
import pathlib
import subprocess
import sys
import tempfile

PAYLOADS = [
    '=HYPERLINK("http://evil.example","click")',
    "+1-2",
    "-1+3",
    "@SUM(A1:A9)",
    "\t=1+2",
    "Ann \x1b]0;pwned\x07 Lee",
    "\x1b[2J\x1b[31mRed",
    "Dr \u202eevil",
    "one\u2028two",
    "\u009b31mC1",
    "<script>alert(1)</script>",
    '"quoted", comma',
]
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")
# What a terminal acts on: C0 controls but newline, DEL, C1 controls, and the
# bidi and separator characters that reorder or break a line.
HIDDEN = {chr(c) for c in range(0x20) if c != 0x0A} | {chr(c) for c in range(0x7F, 0xA0)} | {
    "\u061c", "\u200e", "\u200f", "\u2028", "\u2029", "\u202a", "\u202b", "\u202c", "\u202d",
    "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}


def hostile_sample(root, out):
    source = pathlib.Path(root, "datasets", "sample")
    with open(source / "providers.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for i, row in enumerate(rows):
        row["name"] = PAYLOADS[i % len(PAYLOADS)] + " " + row["name"]
        row["city"] = PAYLOADS[(i + 5) % len(PAYLOADS)] + row["city"]
    with open(out / "providers.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)
    for name in ("referrals.csv", "touchpoints.csv"):
        (out / name).write_bytes((source / name).read_bytes())


def negative_number(cell):
    try:
        float(cell)
        return cell.startswith("-")
    except ValueError:
        return False


def main():
    refnet, root = sys.argv[1], sys.argv[2]
    failures = []
    checks = 0
    with tempfile.TemporaryDirectory(prefix="refnet_hostile_") as tmp:
        tmp = pathlib.Path(tmp)
        data = tmp / "data"
        data.mkdir()
        hostile_sample(root, data)
        base = ["--data", str(data)]
        focal = ["--focal", "1866274545"]

        def run(args, expect=0):
            done = subprocess.run([refnet] + args, capture_output=True, timeout=600)
            if done.returncode != expect:
                failures.append(f"{' '.join(args)}: exit {done.returncode}, expected {expect}: "
                                f"{done.stderr.decode(errors='replace')[:300]}")
            return done

        def terminal(args, expect=0):
            nonlocal checks
            done = run(args, expect)
            for stream, name in ((done.stdout, "stdout"), (done.stderr, "stderr")):
                checks += 1
                text = stream.decode("utf-8", errors="replace")
                bad = sorted({f"U+{ord(c):04X}" for c in text if c in HIDDEN})
                if bad:
                    failures.append(f"{' '.join(args)}: raw {', '.join(bad)} on {name}")

        def csv_cells(text, label):
            nonlocal checks
            checks += 1
            for r, row in enumerate(csv.reader(io.StringIO(text))):
                for cell in row:
                    if cell.startswith(FORMULA_LEAD) and not negative_number(cell):
                        failures.append(f"{label}: row {r + 1}: live formula cell {cell!r}")
                        return

        def csv_output(args):
            done = run(args)
            csv_cells(done.stdout.decode("utf-8"), " ".join(args))

        # Terminal output of every command that names providers.
        terminal(["validate"] + base)
        terminal(["stats"] + base + focal)
        terminal(["metrics"] + base)
        terminal(["recommend"] + base + focal + ["--top", "50", "--explain"])
        for mode in ("strengthen", "expand"):
            terminal(["recommend"] + base + focal + ["--mode", mode])
        terminal(["health"] + base + focal)
        terminal(["followups"] + base + focal)
        terminal(["leakage"] + base + focal)
        terminal(["share"] + base + focal)
        terminal(["recommend"] + base + ["--focal", "186627454"], expect=1)  # the suggestion

        # CSV of every command that writes one.
        csv_output(["metrics"] + base + ["--format", "csv"])
        csv_output(["recommend"] + base + focal + ["--top", "100", "--format", "csv"])
        csv_output(["recommend"] + base + focal + ["--mode", "strengthen", "--format", "csv"])
        csv_output(["health"] + base + focal + ["--format", "csv"])
        csv_output(["followups"] + base + focal + ["--format", "csv"])
        csv_output(["leakage"] + base + focal + ["--format", "csv"])
        csv_output(["share"] + base + focal + ["--format", "csv"])
        csv_output(["stats"] + base + ["--format", "csv"])
        run(["recommend"] + base + ["--all", "-o", str(tmp / "all.csv")])
        csv_cells((tmp / "all.csv").read_text(encoding="utf-8"), "recommend --all")
        run(["export"] + base + ["--partitions", "2", "-o", str(tmp / "export")])
        for part in sorted((tmp / "export").rglob("*.csv")):
            csv_cells(part.read_text(encoding="utf-8"), f"export {part.name}")
        # Calendar entries: only their CRLF line ends may be controls.
        done = run(["followups"] + base + focal + ["--format", "ics"])
        checks += 1
        text = done.stdout.decode("utf-8", errors="replace").replace("\r\n", "")
        bad = sorted({f"U+{ord(c):04X}" for c in text if c in HIDDEN})
        if bad:
            failures.append(f"followups --format ics: raw {', '.join(bad)}")
        # The generator's own files are CSV people open too.
        run(["generate", "--providers", "50", "-o", str(tmp / "generated")])
        for part in sorted((tmp / "generated").glob("*.csv")):
            csv_cells(part.read_text(encoding="utf-8"), f"generate {part.name}")

    print(f"hostile_names_test: {checks} checks, {len(failures)} failed")
    for failure in failures:
        print("FAIL: " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
