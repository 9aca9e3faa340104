#!/usr/bin/env python3
"""--suppress-below 11 (issue 20): on the hostile-names sample, every command
that writes counts of referrals, patients or contacts runs in every format it
has, and no such count from 1 to 10 may survive - in a JSON field, a CSV or
table column, a sentence (reasons, health, follow-ups, calendar), a diagram
label or tooltip, the HTML report or the Spark export. The same runs without
the option must show such counts, so the checks are not vacuous.

What counts as a count is decided here, independently of RefNet's own
registry: JSON keys and column names of counts, and sentence patterns.

Usage: small_counts_test.py PATH_TO_REFNET REPO_ROOT
"""
import csv
import html
import io
import json
import pathlib
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from hostile_names_test import hostile_sample  # noqa: E402

BELOW = 11
# JSON keys and column names that hold counts of referrals, patients or contacts.
COUNT_KEYS = {
    "referrals", "self_loop_referrals", "referrals_out", "referrals_in", "internal",
    "in_volume", "out_volume", "count", "reciprocal_count", "completed", "closed_loop",
    "on_time", "inbound_last_year", "window", "baseline", "expected", "shortfall",
    "open_loops", "window_count", "leaked", "patients", "patients_leaked",
    "service_line_referrals", "service_line", "to_members", "to_you", "at_stake",
    "sent_window", "received_window", "sent_expected", "received_expected",
    "patients_per_year", "uncovered_per_year", "beneficiaries",
    "referrals sent", "referrals received", "referrals between members",
}
# A count of 1-10 in a sentence: the number, then a word that says what it
# counts. Counts of providers ("10 referral partners", "8 sources") are not
# patient data and stay.
SMALL = r"(?<![\w.,:/#-])(?:[1-9]|10)(?![\w.,%/:-])"
SENTENCE_PATTERNS = [
    re.compile(SMALL + r"\s+(?:referrals?(?! partners?)|patients?|referral outcomes?|loops|sent|received|"
               r"to others|to competitors|of (?:their|your)|uncovered|left the network|"
               r"between members)\b"),
    re.compile(r"\b(?:sent|fell|fell from|to|from|closed|on)\s+(?:you\s+|them\s+)?" + SMALL +
               r"\s+(?:in the last|back|referrals?|of|to\b)"),
    re.compile(r"\bsent\s+(?:you\s+)?" + SMALL + r"(?:\s+(?:back|in the last)|$|,)"),
    re.compile(r"\(exp " + SMALL + r"(?:\.\d)?\)"),
    re.compile(r"\bexpects about " + SMALL + r"(?:\.\d)?\b"),
]


def small_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < BELOW


def json_small_counts(doc, path=""):
    """Paths of count fields holding 1-10 (every number under *_by_group too)."""
    found = []
    if isinstance(doc, dict):
        for key, value in doc.items():
            here = f"{path}.{key}"
            if path.endswith("_by_group") and small_number(value):
                found.append(here)
            elif key in COUNT_KEYS and small_number(value):
                found.append(here)
            elif key == "quality" and isinstance(value, dict):
                if small_number(value.get("window_count")):
                    found.append(here + ".window_count")
            elif isinstance(value, (dict, list)):
                found += json_small_counts(value, here)
    elif isinstance(doc, list):
        for i, item in enumerate(doc):
            found += json_small_counts(item, f"{path}[{i}]")
    return found


def cell_number(cell):
    try:
        return float(cell.replace(",", "").split(" ")[0])
    except ValueError:
        return None


def table_small_counts(rows):
    """Count columns (by header) holding 1-10; stats' measure,value rows by measure."""
    found = []
    if not rows:
        return found
    header = rows[0]
    for r, row in enumerate(rows[1:], start=2):
        if header[:2] == ["measure", "value"] and len(row) == 2:
            measure = row[0].split(":")[-1]
            counted = (row[0].startswith("group_flow:") or ":sent_to:" in row[0] or
                       ":received_from:" in row[0] or measure in COUNT_KEYS)
            number = cell_number(row[1])
            if counted and number is not None and 0 < number < BELOW:
                found.append(f"row {r} {row[0]}={row[1]}")
            continue
        for c, name in enumerate(header):
            if c < len(row) and name in COUNT_KEYS:
                number = cell_number(row[c])
                if number is not None and 0 < number < BELOW:
                    found.append(f"row {r} {name}={row[c]}")
    return found


def text_small_counts(text):
    found = []
    for line in text.splitlines():
        for pattern in SENTENCE_PATTERNS:
            m = pattern.search(line)
            if m:
                found.append(f"{m.group(0)!r} in {line.strip()[:160]!r}")
                break
    return found


def aligned_table_rows(text):
    """A terminal table's rows split on runs of 2+ spaces (header first)."""
    lines = [line for line in text.splitlines() if line.strip()]
    for i, line in enumerate(lines):
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) >= 3 and any(c in COUNT_KEYS for c in cells):
            rows = [cells]
            for more in lines[i + 1:]:
                cells = re.split(r"\s{2,}", more.strip())
                if len(cells) < len(rows[0]) - 1:
                    break
                rows.append(cells)
            return rows
    return []


def main():
    refnet, root = sys.argv[1], sys.argv[2]
    failures = []
    counts = {"checks": 0, "small_without": 0}
    with tempfile.TemporaryDirectory(prefix="refnet_small_counts_") as tmp:
        tmp = pathlib.Path(tmp)
        data = tmp / "data"
        data.mkdir()
        hostile_sample(root, data)
        base = ["--data", str(data)]
        focal = ["--focal", "1866274545"]
        suppress = ["--suppress-below", str(BELOW)]

        def run(args):
            done = subprocess.run([refnet] + args, capture_output=True, timeout=600)
            if done.returncode != 0:
                failures.append(f"{' '.join(args)}: exit {done.returncode}: "
                                f"{done.stderr.decode(errors='replace')[:300]}")
            return done.stdout.decode("utf-8", errors="replace")

        def judge(label, found_with, found_without):
            counts["checks"] += 1
            counts["small_without"] += len(found_without)
            for item in found_with[:5]:
                failures.append(f"{label}: {item}")

        def check(args, kind):
            """Runs args with and without --suppress-below and judges stdout."""
            outputs = [run(args + suppress), run(args)]
            found = []
            for text in outputs:
                if kind == "json":
                    found.append(json_small_counts(json.loads(text)) + text_small_counts(text))
                elif kind == "csv":
                    rows = list(csv.reader(io.StringIO(text)))
                    found.append(table_small_counts(rows) + text_small_counts(text))
                else:
                    found.append(table_small_counts(aligned_table_rows(text)) +
                                 text_small_counts(text))
            judge(" ".join(args[:1] + args[-4:]), found[0], found[1])

        for fmt in ("table", "csv", "json"):
            check(["stats"] + base + focal + ["--format", fmt], fmt)
            check(["metrics"] + base + ["--format", fmt], fmt)
            check(["metrics"] + base + ["--edges", "--format", fmt], fmt)
            for mode in ("prospects", "strengthen", "expand"):
                check(["recommend"] + base + focal + ["--mode", mode, "--top", "50",
                                                      "--format", fmt], fmt)
            check(["health"] + base + focal + ["--format", fmt], fmt)
            check(["followups"] + base + focal + ["--top", "0", "--format", fmt], fmt)
            check(["leakage"] + base + focal + ["--format", fmt], fmt)
            check(["share"] + base + focal + ["--top", "0", "--format", fmt], fmt)
        check(["followups"] + base + focal + ["--top", "0", "--format", "ics"], "text")

        # Diagrams (DOT keeps every label and tooltip as text) and the report.
        def file_output(args, path):
            texts = []
            for extra in (suppress, []):
                run(args + extra + ["-o", str(path)])
                texts.append(html.unescape(path.read_text(encoding="utf-8")))
            return texts

        for view in ("ego", "flows", "network"):
            texts = file_output(["render"] + base + focal + ["--view", view, "--prospects", "5"]
                                if view == "ego" else ["render"] + base + ["--view", view],
                                tmp / f"{view}.dot")
            found = []
            for text in texts:
                labels = re.findall(r'(?:label|tooltip)="([^"]*)"', text)
                small_labels = [f"label {x!r}" for x in labels
                                if re.fullmatch(r"(?:[1-9]|10)", x)]
                # The flows view's matrix cells: a count, <br/>, its share.
                cells = [f"cell {x!r}" for x in re.findall(r">((?:[1-9]|10))<br/>", text)]
                found.append(small_labels + cells + text_small_counts("\n".join(labels)))
            judge(f"render --view {view}", found[0], found[1])
        texts = file_output(["report"] + base + focal, tmp / "report.html")
        found = []
        for text in texts:
            plain = re.sub(r"<[^>]+>", "\n", text)
            cells = re.findall(r'<td class="num">((?:[1-9]|10))(?: \([^)]*\))?</td>', text)
            found.append([f"numeric cell {c!r}" for c in cells] + text_small_counts(plain))
        # The report's rank column and km are numeric cells too: compare with
        # the unsuppressed run only the sentences, and require no small count
        # cell in the columns of counts.
        found[0] = [f for f in found[0] if not f.startswith("numeric cell")]
        counted = re.findall(r"<th>(?:Referrals|Leaked|Sent \(expected\)|Received \(expected\))",
                             texts[0])
        if not counted:
            failures.append("report: no count column found")
        for section in re.findall(r"<table.*?</table>", texts[0], flags=re.S):
            heads = re.findall(r"<th>(.*?)</th>", section)
            for row in re.findall(r"<tr>(.*?)</tr>", section, flags=re.S):
                cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
                for name, cell in zip(heads, cells):
                    if name in ("Referrals", "Leaked", "Sent (expected)", "Received (expected)"):
                        number = cell_number(re.sub(r"<[^>]+>", "", cell))
                        if number is not None and 0 < number < BELOW:
                            found[0].append(f"report {name} cell {cell!r}")
        judge("report", found[0], found[1])

        # The Spark export: edges below 11 left out, small sub-counts blank.
        run(["export"] + base + suppress + ["--partitions", "2", "-o", str(tmp / "export")])
        counts["checks"] += 1
        edges = 0
        for part in sorted((tmp / "export" / "edges").glob("*.csv")):
            rows = list(csv.DictReader(io.StringIO(part.read_text(encoding="utf-8"))))
            edges += len(rows)
            for row in rows:
                for key in ("count", "beneficiaries", "completed", "closed_loop"):
                    number = cell_number(row[key] or "")
                    if number is not None and 0 < number < BELOW:
                        failures.append(f"export {part.name}: {key}={row[key]}")
        manifest = json.loads((tmp / "export" / "manifest.json").read_text())
        if manifest.get("suppress_below") != BELOW or edges == 0:
            failures.append(f"export: manifest suppress_below {manifest.get('suppress_below')},"
                            f" {edges} edges kept")

    if counts["small_without"] < 50:
        failures.append(f"only {counts['small_without']} small counts without the option: "
                        "the checks would not see a leak")
    print(f"small_counts_test: {counts['checks']} outputs checked, "
          f"{counts['small_without']} small counts found without --suppress-below, "
          f"{len(failures)} failures")
    for failure in failures:
        print("FAIL: " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
