#!/usr/bin/python3
"""Integrity check for RefNet's shipped catalogue files in datasets/.

Usage:
    /usr/bin/python3 tests/datasets/check_catalogue.py REPO_ROOT [NUCC_CSV]

NUCC_CSV defaults to REPO_ROOT/../shared/realdata/nucc_taxonomy/nucc_taxonomy_251.csv.  If it
is absent, the checks against NUCC are skipped (with a note) and codes are checked against
datasets/taxonomy_groups.csv instead.  Standard library only.  Exit status 0 = all checks
passed, 1 = at least one failed, 2 = usage error.
"""

import collections
import csv
import os
import re
import sys

GROUPS = {"primary_care", "medical_specialist", "surgical_specialist", "allied_health",
          "behavioral_health", "wellness", "dental", "vision", "pharmacy", "facility",
          "community_other"}
NUCC_ROWS = 883  # NUCC v25.1
CODE_RE = re.compile(r"^[0-9A-Z]{9}X$")
KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
WEIGHT_RE = re.compile(r"^(0|1)(\.[0-9]{1,3})?$")

# Needs the product brief requires to exist (by the names this catalogue uses).
REQUIRED_NEEDS = """
headache_migraine vision eye_disease orthodontic_alignment dental_general periodontal
musculoskeletal_pain sports_injury post_surgical_rehab back_pain neck_pain joint_replacement
fracture diabetes weight_management nutrition heart_disease_risk hypertension sleep anxiety
depression substance_use stress deconditioning_fitness chronic_pain pregnancy prenatal
child_development skin hearing balance_vertigo tmj speech_language cognitive_decline
stroke_rehab cancer_screening respiratory_asthma allergy gi_digestive kidney thyroid
womens_health mens_health smoking_cessation eating_disorder adhd autism palliative
medication_management preventive_care foot_ankle massage_soft_tissue acupuncture_pain
""".split()

# Taxonomies the brief requires default profiles for.
REQUIRED_PROFILES = """
207Q00000X 207R00000X 208000000X 363LF0000X 363A00000X 152W00000X 207W00000X 2084N0400X
1223G0001X 1223X0400X 1223P0300X 1223S0112X 225100000X 225X00000X 111N00000X 207X00000X
207XX0005X 207QS0010X 208VP0014X 208VP0000X 207RC0000X 207RE0101X 207RG0100X 207N00000X
207V00000X 2084P0800X 103TC0700X 101YP2500X 1041C0700X 133V00000X 133N00000X 225700000X
171100000X 231H00000X 235Z00000X 213E00000X 207RS0012X 207Y00000X 208800000X 207K00000X
207RP1001X 207RN0300X 2084A0401X 171400000X 224Y00000X 226300000X 2255A2300X 163W00000X
""".split()


class Checker(object):
    def __init__(self):
        self.failures = []
        self.passed = 0

    def check(self, cond, msg):
        if cond:
            self.passed += 1
        else:
            self.failures.append(msg)
        return cond

    def fail(self, msg):
        self.failures.append(msg)


def read_csv(path, expected_header, ck):
    """Return list of (lineno, dict).  Also checks encoding, LF endings, header."""
    with open(path, "rb") as f:
        raw = f.read()
    ck.check(b"\r" not in raw, "%s: contains CR characters (expected LF line endings)" % path)
    ck.check(raw.endswith(b"\n"), "%s: does not end with a newline" % path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        ck.fail("%s: not valid UTF-8 (%s)" % (path, e))
        return []
    ck.check(not text.startswith("\ufeff"), "%s: has a UTF-8 BOM" % path)
    reader = csv.reader(text.splitlines(True))
    rows = []
    header = None
    for i, rec in enumerate(reader):
        lineno = reader.line_num
        if i == 0:
            header = rec
            ck.check(header == list(expected_header), "%s:1: header %r, expected %r"
                     % (path, header, list(expected_header)))
            continue
        if len(rec) != len(expected_header):
            ck.fail("%s:%d: %d fields, expected %d" % (path, lineno, len(rec), len(expected_header)))
            continue
        rows.append((lineno, dict(zip(expected_header, rec))))
    return rows


def norm(s):
    return " ".join((s or "").split())


def load_nucc(path):
    nucc = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            nucc[norm(row["Code"])] = {
                "grouping": norm(row["Grouping"]),
                "classification": norm(row["Classification"]),
                "specialization": norm(row["Specialization"]),
                "display_name": norm(row["Display Name"]),
            }
    return nucc


def main(argv):
    if len(argv) < 2 or len(argv) > 3 or argv[1] in ("-h", "--help"):
        sys.stderr.write(__doc__)
        return 2
    root = argv[1]
    nucc_path = argv[2] if len(argv) == 3 else os.path.join(
        root, "..", "shared", "realdata", "nucc_taxonomy", "nucc_taxonomy_251.csv")
    ds = os.path.join(root, "datasets")
    ck = Checker()

    paths = {name: os.path.join(ds, name) for name in
             ("taxonomy_groups.csv", "needs.csv", "need_profiles.csv", "README.md")}
    for name, p in sorted(paths.items()):
        if not ck.check(os.path.isfile(p), "missing file %s" % p):
            pass
    if ck.failures:
        return report(ck)

    nucc = None
    if os.path.isfile(nucc_path):
        nucc = load_nucc(nucc_path)
        ck.check(len(nucc) == NUCC_ROWS, "NUCC CSV %s has %d codes, expected %d"
                 % (nucc_path, len(nucc), NUCC_ROWS))
    else:
        print("note: NUCC CSV not found at %s; NUCC checks skipped, codes are checked "
              "against datasets/taxonomy_groups.csv instead" % nucc_path)

    # ------------------------------------------------------------ taxonomy_groups.csv
    tg_path = paths["taxonomy_groups.csv"]
    tg_rows = read_csv(tg_path, ("code", "group", "display_name", "grouping", "classification",
                                 "specialization"), ck)
    ck.check(len(tg_rows) == NUCC_ROWS, "%s: %d rows, expected %d" % (tg_path, len(tg_rows), NUCC_ROWS))
    groups = {}
    for lineno, r in tg_rows:
        code = r["code"]
        ck.check(CODE_RE.match(code) is not None, "%s:%d: malformed code %r" % (tg_path, lineno, code))
        ck.check(code not in groups, "%s:%d: code %s listed more than once" % (tg_path, lineno, code))
        ck.check(r["group"] in GROUPS, "%s:%d: unknown group %r" % (tg_path, lineno, r["group"]))
        groups[code] = r["group"]
        if nucc is not None:
            n = nucc.get(code)
            if ck.check(n is not None, "%s:%d: code %s not in NUCC" % (tg_path, lineno, code)):
                for col in ("display_name", "grouping", "classification", "specialization"):
                    ck.check(r[col] == n[col], "%s:%d: %s %s=%r differs from NUCC %r"
                             % (tg_path, lineno, code, col, r[col], n[col]))
    codes_in_order = [r["code"] for _, r in tg_rows]
    ck.check(codes_in_order == sorted(codes_in_order), "%s: rows not sorted by code" % tg_path)
    if nucc is not None:
        missing = sorted(set(nucc) - set(groups))
        ck.check(not missing, "%s: NUCC codes without a group: %s" % (tg_path, " ".join(missing[:20])))
    ck.check(set(groups.values()) == GROUPS, "%s: groups never used: %s"
             % (tg_path, sorted(GROUPS - set(groups.values()))))

    known_codes = set(nucc) if nucc is not None else set(groups)

    def code_ok(code, where):
        if not ck.check(CODE_RE.match(code) is not None, "%s: malformed taxonomy code %r" % (where, code)):
            return False
        if not ck.check(code in known_codes, "%s: taxonomy code %s not in %s"
                        % (where, code, "NUCC v25.1" if nucc is not None else "taxonomy_groups.csv")):
            return False
        if nucc is not None:
            ck.check(not nucc[code]["display_name"].lower().startswith("deactivated"),
                     "%s: taxonomy code %s is deactivated in NUCC" % (where, code))
        return True

    # ------------------------------------------------------------------- needs.csv
    nd_path = paths["needs.csv"]
    nd_rows = read_csv(nd_path, ("need", "label", "category", "served_by"), ck)
    needs = {}
    for lineno, r in nd_rows:
        where = "%s:%d" % (nd_path, lineno)
        need = r["need"]
        ck.check(KEY_RE.match(need) is not None, "%s: need %r is not snake_case" % (where, need))
        ck.check(need not in needs, "%s: need %s defined twice" % (where, need))
        ck.check(r["label"].strip() != "", "%s: need %s has no label" % (where, need))
        ck.check(KEY_RE.match(r["category"]) is not None, "%s: category %r is not snake_case"
                 % (where, r["category"]))
        served_by = [c for c in r["served_by"].split(";")] if r["served_by"] else []
        ck.check(len(served_by) >= 1, "%s: need %s is served by no code" % (where, need))
        ck.check(len(served_by) == len(set(served_by)), "%s: need %s lists a code twice" % (where, need))
        for c in served_by:
            code_ok(c, where)
        needs[need] = set(served_by)
    ck.check(55 <= len(needs) <= 70, "%s: %d needs, expected 55-70" % (nd_path, len(needs)))
    for n in REQUIRED_NEEDS:
        ck.check(n in needs, "%s: required need %s missing" % (nd_path, n))

    # ------------------------------------------------------------- need_profiles.csv
    np_path = paths["need_profiles.csv"]
    np_rows = read_csv(np_path, ("taxonomy", "role", "need", "weight"), ck)
    seen = collections.defaultdict(dict)
    served = collections.defaultdict(dict)
    for lineno, r in np_rows:
        where = "%s:%d" % (np_path, lineno)
        tax, role, need, w = r["taxonomy"], r["role"], r["need"], r["weight"]
        code_ok(tax, where)
        ck.check(need in needs, "%s: need %r is not defined in needs.csv" % (where, need))
        if not ck.check(role in ("seen", "served"), "%s: role %r, expected seen or served" % (where, role)):
            continue
        if not ck.check(WEIGHT_RE.match(w) is not None,
                        "%s: weight %r is not a number in [0,1] with at most 3 decimals" % (where, w)):
            continue
        x = float(w)
        ck.check(0.0 <= x <= 1.0, "%s: weight %s outside [0,1]" % (where, w))
        table = seen if role == "seen" else served
        ck.check(need not in table[tax], "%s: duplicate (%s, %s, %s)" % (where, tax, role, need))
        if role == "served":
            ck.check(x > 0, "%s: served weight 0 is meaningless; drop the row" % where)
        table[tax][need] = x
    profiled = set(seen) | set(served)
    for tax in sorted(profiled):
        ck.check(tax in seen and tax in served, "%s: %s needs both seen and served rows" % (np_path, tax))
        total = sum(seen[tax].values())
        ck.check(0.9 <= total <= 1.1, "%s: %s seen weights sum to %.3f, expected [0.9, 1.1]"
                 % (np_path, tax, total))
        # Consistency with needs.csv: a profiled code serves a need iff it is in served_by.
        for need, sb in sorted(needs.items()):
            ck.check((need in served[tax]) == (tax in sb),
                     "%s: %s %s need %s in need_profiles.csv but %s in its served_by in needs.csv"
                     % (np_path, tax, "serves" if need in served[tax] else "does not serve", need,
                        "is" if tax in sb else "is not"))
    ck.check(len(profiled) >= 35, "%s: %d taxonomies profiled, expected >= 35" % (np_path, len(profiled)))
    for tax in REQUIRED_PROFILES:
        ck.check(tax in profiled, "%s: required taxonomy %s has no profile" % (np_path, tax))
    for need in sorted(needs):
        ck.check(any(need in served[t] for t in profiled),
                 "%s: no profiled taxonomy serves need %s" % (np_path, need))

    # ----------------------------------------------- referral-marketing literature examples
    def sees(t, n):
        return seen.get(t, {}).get(n, 0.0)

    def serves(t, n):
        return served.get(t, {}).get(n, 0.0)

    def example(cond, msg):
        ck.check(cond, "literature example: " + msg)

    # Optometrist's headache patients need neurology or primary care.
    example(sees("152W00000X", "headache_migraine") > 0, "optometrist 152W00000X must see headache_migraine")
    example(serves("152W00000X", "headache_migraine") == 0, "optometrist must not serve headache_migraine")
    example(serves("2084N0400X", "headache_migraine") >= 0.8, "neurology 2084N0400X must serve headache_migraine")
    example(serves("207Q00000X", "headache_migraine") > 0, "family medicine 207Q00000X must serve headache_migraine")
    # Dentists need orthodontists.
    example(sees("1223G0001X", "orthodontic_alignment") > 0, "general dentist must see orthodontic_alignment")
    example(serves("1223G0001X", "orthodontic_alignment") == 0, "general dentist must not serve orthodontic_alignment")
    example(serves("1223X0400X", "orthodontic_alignment") >= 0.8, "orthodontist must serve orthodontic_alignment")
    # Physical therapists need orthopaedics, and orthopaedics needs PT (both ways).
    pt, ortho = "225100000X", "207X00000X"
    pt_to_ortho = [n for n in seen.get(pt, {}) if serves(pt, n) == 0 and serves(ortho, n) > 0]
    ortho_to_pt = [n for n in seen.get(ortho, {}) if serves(ortho, n) == 0 and serves(pt, n) > 0]
    example("joint_replacement" in pt_to_ortho, "PT must see joint_replacement, which ortho serves and PT does not")
    example("post_surgical_rehab" in ortho_to_pt,
            "ortho must see post_surgical_rehab, which PT serves and ortho does not")
    # Primary care's wellness gaps are served by nutrition, behavioral and fitness partners.
    wanted = {"nutrition": {"wellness"}, "weight_management": {"wellness"},
              "anxiety": {"behavioral_health"}, "depression": {"behavioral_health"},
              "stress": {"behavioral_health", "wellness"}, "deconditioning_fitness": {"wellness"}}
    for need, grps in sorted(wanted.items()):
        example(sees("207Q00000X", need) > 0, "family medicine must see %s" % need)
        better = [t for t in profiled if groups.get(t) in grps and serves(t, need) > serves("207Q00000X", need)]
        example(bool(better), "%s must be served (better than by family medicine) by a %s code"
                % (need, "/".join(sorted(grps))))
    example(serves("133V00000X", "nutrition") >= 0.8 and serves("133N00000X", "nutrition") >= 0.8,
            "dietitian and nutritionist must serve nutrition")

    # Smoke test of the intended scoring.  Outbound fit of candidate c for focal f, in two
    # plausible forms: sum over needs of seen_f * (1 - served_f) * served_c ("gap") and
    # seen_f * max(0, served_c - served_f) ("lift").  The literature's partners must rank in
    # the top 10 of the profiled specialties for these focal specialties under both.
    def gap(f, c):
        return sum(w * (1.0 - serves(f, n)) * serves(c, n) for n, w in seen.get(f, {}).items())

    def lift(f, c):
        return sum(w * max(0.0, serves(c, n) - serves(f, n)) for n, w in seen.get(f, {}).items())

    def top(score, f, k=10):
        ranked = sorted((t for t in profiled if t != f), key=lambda c: (-score(f, c), c))
        return ranked[:k]

    for f, partners in (("152W00000X", {"2084N0400X", "207Q00000X", "207R00000X"}),
                        ("1223G0001X", {"1223X0400X"}),
                        ("225100000X", {"207X00000X"}),
                        ("207X00000X", {"225100000X"}),
                        ("207Q00000X", {"133V00000X", "133N00000X"}),
                        ("207Q00000X", {"103TC0700X", "101YP2500X", "1041C0700X"})):
        for name, score in (("gap", gap), ("lift", lift)):
            t = top(score, f)
            example(bool(partners & set(t)), "outbound-fit (%s) top 10 for %s (%s) lacks %s"
                    % (name, f, " ".join(t), " or ".join(sorted(partners))))

    return report(ck, len(needs), len(profiled), len(tg_rows))


def report(ck, n_needs=None, n_profiles=None, n_groups=None):
    for f in ck.failures:
        print("FAIL: " + f)
    if n_needs is not None:
        print("catalogue: %d needs, %d profiled taxonomies, %d taxonomy group rows"
              % (n_needs, n_profiles, n_groups))
    print("%d checks passed, %d failed" % (ck.passed, len(ck.failures)))
    return 1 if ck.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
