#!/usr/bin/env python3
"""`refnet health` and `refnet followups` checked by independent tools.

- Every partner's drop test on the bundled sample (two focals, both
  directions) recomputed with scipy.stats.binom: P(X <= window) for
  X ~ Binomial(window + baseline, window days / (window + baseline days)).
- `followups --format ics` parsed by the icalendar package: one VEVENT per
  queue item, in order, all-day on or after as-of, unique UIDs, text that
  reads back unescaped.

Exits 77 (skipped) when scipy or icalendar is not installed.
Usage: check_health.py REFNET PROJECT_DIR
"""
import datetime
import json
import subprocess
import sys

try:
    from scipy.stats import binom
    import icalendar
except ImportError as e:  # pragma: no cover
    print(f"check_health: skipped ({e})", file=sys.stderr)
    sys.exit(77)


def run(refnet, *args):
    out = subprocess.run([refnet, *args], check=True, capture_output=True, text=True)
    return out.stdout


def day(text):
    return datetime.date.fromisoformat(text)


def check_binomial(refnet, sample, focal):
    report = json.loads(run(refnet, "health", "--data", sample, "--focal", focal, "--format", "json"))
    as_of, ws, bs = day(report["as_of"]), day(report["window_start"]), day(report["baseline_start"])
    w_days, b_days = (as_of - ws).days, (ws - bs).days
    share = w_days / (w_days + b_days)
    checked = 0
    for row in report["partners"]:
        for way in ("sent", "received"):
            f = row[way]
            expected = f["baseline"] * w_days / b_days
            assert abs(f["expected"] - expected) < 1e-9, (focal, row["id"], way, f, expected)
            want = 1.0
            if f["window"] < expected:
                want = binom.cdf(f["window"], f["window"] + f["baseline"], share)
            assert abs(f["p_value"] - want) < 1e-9 * max(1.0, want), (focal, row["id"], way, f, want)
            if "slipping" in row["flags"]:
                assert min(row["sent"]["p_value"], row["received"]["p_value"]) < 0.05
            checked += 1
    return checked


def check_ics(refnet, sample, focal):
    queue = json.loads(run(refnet, "followups", "--data", sample, "--focal", focal, "--format", "json"))
    raw = subprocess.run([refnet, "followups", "--data", sample, "--focal", focal, "--format", "ics"],
                         check=True, capture_output=True).stdout
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line and len(line) <= 75 for line in lines), \
        "lines must end in CRLF and be folded at 75 octets"
    text = raw.decode()
    cal = icalendar.Calendar.from_ical(text)
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    assert len(events) == len(queue), (len(events), len(queue))
    uids = set()
    as_of = None
    for event, item in zip(events, queue):
        start = event.decoded("DTSTART")
        assert isinstance(start, datetime.date) and not isinstance(start, datetime.datetime)
        due = day(item["due"])
        stamp = event.decoded("DTSTAMP").date()
        as_of = stamp
        assert start == max(due, stamp), (start, due, stamp)
        assert event.decoded("DTEND") == start + datetime.timedelta(days=1)
        summary = str(event.get("SUMMARY"))
        assert summary.endswith(item["name"]), (summary, item["name"])
        assert str(event.get("DESCRIPTION")).startswith(item["action"] + ". ")
        uids.add(str(event.get("UID")))
    assert len(uids) == len(events), "UIDs must be unique"
    return len(events), as_of


def main():
    refnet, project = sys.argv[1], sys.argv[2]
    sample = f"{project}/datasets/sample"
    checked = sum(check_binomial(refnet, sample, f) for f in ("1866274545", "1705321218"))
    assert checked > 300, checked
    events, as_of = check_ics(refnet, sample, "1866274545")
    assert events > 10, events
    print(f"check_health: {checked} binomial tests match scipy; {events} iCalendar events "
          f"parse (as of {as_of})")


if __name__ == "__main__":
    main()
