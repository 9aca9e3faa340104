#!/usr/bin/python3
"""Map every NUCC Health Care Provider Taxonomy code to one RefNet provider group.

Usage (from the repository root):

    /usr/bin/python3 scripts/make_taxonomy_groups.py [NUCC_CSV] > datasets/taxonomy_groups.csv
    /usr/bin/python3 scripts/make_taxonomy_groups.py [NUCC_CSV] -o datasets/taxonomy_groups.csv

NUCC_CSV defaults to ../shared/realdata/nucc_taxonomy/nucc_taxonomy_251.csv relative to the
repository root (the NUCC v25.1 download; it is deliberately not copied into this repository).

Output columns: code,group,display_name,grouping,classification,specialization
(RFC 4180 quoting, UTF-8, LF line endings, one row per NUCC code, sorted by code).
The text columns are NUCC's own, with surrounding/repeated whitespace collapsed.
Counts per group go to stderr.

How a code is mapped: the ordered RULES table below is scanned top to bottom and the
FIRST rule whose fields all match wins.  Rules are ordered from most specific
(classification + specialization exceptions) to least specific (a whole NUCC Grouping).
Every rule carries a short reason.  A code that no rule matches is an error (exit 2), so
a future NUCC release with a new Grouping forces a human decision instead of a silent
default.  Rules that match nothing are reported on stderr as a note.

Standard library only; deterministic output.
"""

import argparse
import collections
import csv
import io
import os
import sys
import tempfile

GROUPS = (
    "primary_care",
    "medical_specialist",
    "surgical_specialist",
    "allied_health",
    "behavioral_health",
    "wellness",
    "dental",
    "vision",
    "pharmacy",
    "facility",
    "community_other",
)

EXPECTED_COLUMNS = ("Code", "Grouping", "Classification", "Specialization", "Display Name")

# NUCC Grouping names used more than once below.
PHYS = "Allopathic & Osteopathic Physicians"
BEH = "Behavioral Health & Social Service Providers"
NURS = "Nursing Service Providers"
NURS_REL = "Nursing Service Related Providers"
OTHER = "Other Service Providers"
APP = "Physician Assistants & Advanced Practice Nursing Providers"
REHAB = "Respiratory, Developmental, Rehabilitative and Restorative Service Providers"
TECH = "Technologists, Technicians & Other Technical Service Providers"
SUPP = "Suppliers"

ANY = None  # wildcard


class Rule(object):
    """One mapping rule.  Each of grouping/classification/specialization is either ANY,
    a string (exact match; "" means "classification-level code, no specialization"),
    or a tuple/frozenset of accepted strings."""

    __slots__ = ("group", "grouping", "classification", "specialization", "why", "hits")

    def __init__(self, group, grouping=ANY, classification=ANY, specialization=ANY, why=""):
        if group not in GROUPS:
            raise ValueError("unknown RefNet group %r in rule %r" % (group, why))
        self.group = group
        self.grouping = grouping
        self.classification = classification
        self.specialization = specialization
        self.why = why
        self.hits = 0

    @staticmethod
    def _match(want, value):
        if want is ANY:
            return True
        if isinstance(want, str):
            return want == value
        return value in want

    def matches(self, grouping, classification, specialization):
        return (self._match(self.grouping, grouping)
                and self._match(self.classification, classification)
                and self._match(self.specialization, specialization))

    def describe(self):
        parts = []
        for name in ("grouping", "classification", "specialization"):
            v = getattr(self, name)
            if v is not ANY:
                parts.append("%s=%r" % (name, v if isinstance(v, str) else sorted(v)))
        return "%s -> %s (%s)" % (", ".join(parts) or "*", self.group, self.why)


# Physician specializations that describe a non-surgical practice wherever they occur,
# even under a surgical classification (e.g. Surgery / Hospice and Palliative Medicine,
# Obstetrics & Gynecology / Obesity Medicine, Otolaryngology / Sleep Medicine).
NON_SURGICAL_SUBSPECIALTIES = frozenset([
    "Hospice and Palliative Medicine",
    "Obesity Medicine",
    "Physician Nutrition Specialist",
    "Sleep Medicine",
    "Pain Medicine",
])

# Physician classifications whose practice is operative.
SURGICAL_CLASSIFICATIONS = frozenset([
    "Surgery",
    "Colon & Rectal Surgery",
    "Neurological Surgery",
    # Judgement: OB/GYN is a surgical board (ACGME counts it with the surgical
    # specialties) and its referral partners are mostly for procedures and delivery.
    "Obstetrics & Gynecology",
    # The physician-grouping OMS code 204E00000X; the dentist OMS code 1223S0112X stays dental.
    "Oral & Maxillofacial Surgery",
    "Orthopaedic Surgery",
    "Otolaryngology",
    "Plastic Surgery",
    "Thoracic Surgery (Cardiothoracic Vascular Surgery)",
    "Transplant Surgery",
    "Urology",
])

PSYCHIATRY_SPECIALIZATIONS = frozenset([
    "Psychiatry",
    "Child & Adolescent Psychiatry",
    "Forensic Psychiatry",
    "Geriatric Psychiatry",
    "Psychosomatic Medicine",
])

RULES = [
    # ------------------------------------------------------------------ physicians
    # Primary care: the general (classification-level) codes of the primary-care
    # boards plus the subspecialties that are still first-contact, longitudinal care.
    Rule("primary_care", PHYS, "Family Medicine",
         ("", "Adolescent Medicine", "Adult Medicine", "Geriatric Medicine"),
         why="general family medicine and its first-contact subspecialties"),
    Rule("primary_care", PHYS, "Internal Medicine", ("", "Adolescent Medicine", "Geriatric Medicine"),
         why="general internal medicine; geriatricians act as older adults' primary care"),
    Rule("primary_care", PHYS, "Pediatrics", ("", "Adolescent Medicine"),
         why="general pediatrics and adolescent medicine"),
    Rule("primary_care", PHYS, "General Practice", why="general practice"),
    # Addiction medicine is treated as behavioral health whichever board certified it.
    Rule("behavioral_health", PHYS, ANY, ("Addiction Medicine", "Addiction Psychiatry"),
         why="substance-use disorder treatment"),
    # Psychiatry & Neurology holds both fields: psychiatric codes go to behavioral health,
    # the neurology codes fall through to medical_specialist below.
    Rule("behavioral_health", PHYS, "Psychiatry & Neurology", PSYCHIATRY_SPECIALIZATIONS,
         why="psychiatry codes of the Psychiatry & Neurology board"),
    # Judgement: Ophthalmology is a physician and surgical specialty, but RefNet users look
    # for "eye care" as one partner type (optometrist, ophthalmologist, optician), and
    # optometrist <-> ophthalmologist is the core eye referral pair; so it goes to vision.
    Rule("vision", PHYS, "Ophthalmology", why="eye care is one partner type for referral purposes"),
    Rule("medical_specialist", PHYS, ANY, NON_SURGICAL_SUBSPECIALTIES,
         why="non-operative subspecialty, even under a surgical board"),
    Rule("surgical_specialist", PHYS, SURGICAL_CLASSIFICATIONS, why="operative specialty"),
    # Everything else in the physician grouping: internal-medicine and pediatric
    # subspecialties, neurology, dermatology, allergy, anesthesiology, emergency medicine,
    # hospitalist, PM&R, pain medicine, radiology, pathology, genetics, preventive medicine,
    # integrative medicine (physicians are never 'wellness' here), etc.
    Rule("medical_specialist", PHYS, why="default for physicians"),

    # ------------------------------------------------------- behavioral health & social
    # Generic and school social workers mostly do case management / social services;
    # the Clinical specialization (LCSW, psychotherapy) is behavioral health.
    Rule("community_other", BEH, "Social Worker", ("", "School"),
         why="non-clinical social work / social services"),
    Rule("behavioral_health", BEH,
         why="psychologists, counselors, MFTs, behavior analysts, clinical social workers, creative therapies"),

    # ----------------------------------------------------------------- other individuals
    # Judgement: chiropractors are licensed, diagnose and treat musculoskeletal complaints
    # and exchange referrals with PT/orthopaedics, so allied health rather than wellness.
    Rule("allied_health", "Chiropractic Providers", why="licensed musculoskeletal care"),
    Rule("dental", "Dental Providers", why="dentists, hygienists, dental therapists and staff"),
    Rule("community_other", "Dietary & Nutritional Service Providers", "Dietary Manager",
         why="food-service management, not patient counselling"),
    Rule("wellness", "Dietary & Nutritional Service Providers",
         why="dietitians and nutritionists are the nutrition partner type"),
    Rule("community_other", "Emergency Medical Service Providers",
         why="EMTs/paramedics are not office-based referral partners"),
    Rule("vision", "Eye and Vision Services Providers", why="optometrists, opticians, ophthalmic technicians"),
    Rule("community_other", "Group", why="multi-/single-specialty group codes carry no specialty"),

    # Nursing: psychiatric and addiction nursing is behavioral health; nurse massage therapy
    # is the massage partner type; administrators/educators are not clinical partners; the
    # rest of nursing is allied health (home health, wound care, diabetes education, ...).
    Rule("behavioral_health", NURS, "Registered Nurse",
         ("Psychiatric/Mental Health", "Psychiatric/Mental Health, Adult",
          "Psychiatric/Mental Health, Child & Adolescent", "Addiction (Substance Use Disorder)"),
         why="psychiatric / addiction nursing"),
    Rule("behavioral_health", NURS, "Licensed Psychiatric Technician", why="psychiatric care"),
    Rule("wellness", NURS, "Registered Nurse", "Nurse Massage Therapist (NMT)", why="massage"),
    Rule("community_other", NURS, "Registered Nurse",
         ("Administrator", "Continuing Education/Staff Development"),
         why="administration / staff education"),
    Rule("allied_health", NURS, why="nursing"),
    Rule("wellness", NURS_REL, "Doula", why="non-clinical birth support"),
    Rule("community_other", NURS_REL,
         why="aides, companions, homemakers, attendants, religious nonmedical care, administrators"),

    # Other Service Providers (also holds the non-individual Lodging and Meals codes).
    Rule("wellness", OTHER,
         ("Acupuncturist", "Health & Wellness Coach", "Health Educator", "Homeopath",
          "Naturopath", "Reflexologist", "Midwife, Lay"),
         why="complementary, coaching and lifestyle partner types"),
    # Judgement: naprapathy and mechanotherapy are state-licensed manual/exercise
    # therapies of the musculoskeletal system, grouped with chiropractic.
    Rule("allied_health", OTHER, ("Naprapath", "Mechanotherapist"), why="licensed manual therapy"),
    Rule("allied_health", OTHER, ("Midwife", "Genetic Counselor, MS", "Lactation Consultant, Non-RN"),
         why="licensed/certified clinical non-physician care"),
    # Judgement: PhD sleep specialists practise behavioural sleep medicine (e.g. CBT-I).
    Rule("behavioral_health", OTHER, ("Peer Specialist", "Sleep Specialist, PhD"),
         why="peer recovery support; behavioural sleep medicine"),
    Rule("community_other", OTHER,
         why="community health workers, case managers, interpreters, drivers, contractors, "
             "military corpsmen, veterinarians, research/admin specialists, lodging, meals, ..."),

    Rule("pharmacy", "Pharmacy Service Providers", why="pharmacists and pharmacy technicians"),

    # Physician assistants & advanced practice nursing.
    Rule("primary_care", APP, "Nurse Practitioner",
         ("", "Adult Health", "Community Health", "Family", "Gerontology", "Pediatrics",
          "Primary Care", "School", "Women's Health", "Obstetrics & Gynecology", "Perinatal"),
         why="NP certifications in primary-care populations (women's health NPs are trained "
             "as primary care providers for women)"),
    Rule("behavioral_health", APP, "Nurse Practitioner", "Psychiatric/Mental Health", why="PMHNP"),
    Rule("medical_specialist", APP, "Nurse Practitioner",
         why="acute/critical care, neonatal and occupational health NPs"),
    Rule("primary_care", APP, "Physician Assistant", ("", "Medical"),
         why="PAs without a surgical designation mostly practise primary care"),
    Rule("surgical_specialist", APP, "Physician Assistant", "Surgical", why="surgical PA"),
    Rule("behavioral_health", APP, "Clinical Nurse Specialist",
         ("Psychiatric/Mental Health", "Psychiatric/Mental Health, Adult",
          "Psychiatric/Mental Health, Child & Adolescent", "Psychiatric/Mental Health, Child & Family",
          "Psychiatric/Mental Health, Chronically Ill", "Psychiatric/Mental Health, Community",
          "Psychiatric/Mental Health, Geropsychiatric"),
         why="psychiatric CNS"),
    Rule("allied_health", APP, "Clinical Nurse Specialist", why="nursing"),
    Rule("allied_health", APP, "Advanced Practice Midwife", why="midwifery, grouped with Midwife"),
    Rule("medical_specialist", APP,
         ("Nurse Anesthetist, Certified Registered", "Anesthesiologist Assistant"),
         why="anesthesia care, grouped with Anesthesiology"),

    # Judgement: podiatry is kept as one profession (allied health, like the brief and most
    # payer groupings), including its foot-surgery specializations.
    Rule("allied_health", "Podiatric Medicine & Surgery Service Providers", why="podiatry"),

    # Rehabilitation grouping: exercise professions and massage are the wellness partner
    # types; art/dance/music therapy are psychotherapies (drama and poetry therapists
    # already sit in the behavioral grouping).  Athletic trainers stay allied health:
    # NUCC's own definition calls them allied health care professionals.
    Rule("wellness", REHAB, ("Massage Therapist", "Clinical Exercise Physiologist", "Kinesiotherapist"),
         why="massage and exercise/fitness partner types"),
    Rule("behavioral_health", REHAB, ("Art Therapist", "Dance Therapist", "Music Therapist"),
         why="creative-arts psychotherapy"),
    Rule("allied_health", REHAB,
         why="PT, OT, respiratory therapy, orthotics/prosthetics, recreation, athletic trainers, ..."),
    Rule("allied_health", "Speech, Language and Hearing Service Providers",
         why="speech-language pathology and audiology"),
    Rule("community_other", "Student, Health Care", why="students"),

    # Technologists: clinical technologists are allied health; information, engineering,
    # illustration, statistics and veterinary roles are not clinical partners.
    Rule("community_other", TECH,
         ("Specialist/Technologist, Health Information", "Technician, Health Information"),
         why="health information management"),
    Rule("community_other", TECH, "Specialist/Technologist, Other",
         ("Art, Medical", "Biochemist", "Biomedical Engineering", "Biomedical Photographer",
          "Biostatistician", "Graphics Methods", "Illustration, Medical", "Geneticist, Medical (PhD)"),
         why="non-clinical technical roles"),
    Rule("community_other", TECH, "Technician, Other", ("Biomedical Engineering", "Darkroom", "Veterinary"),
         why="non-clinical technical roles"),
    Rule("allied_health", TECH, why="clinical technologists and technicians"),

    # ------------------------------------------------------------ organisations (non-individual)
    # Judgement: pharmacies are organisations, but RefNet users look for "pharmacy" as one
    # partner type, so pharmacy organisations join pharmacists; optical shops join vision.
    Rule("pharmacy", SUPP,
         ("Pharmacy", "Department of Veterans Affairs (VA) Pharmacy",
          "Indian Health Service/Tribal/Urban Indian Health (I/T/U) Pharmacy",
          "Military/U.S. Coast Guard Pharmacy"),
         why="pharmacy organisations"),
    Rule("vision", SUPP, "Eyewear Supplier", why="optical shops"),
    Rule("facility",
         ("Agencies", "Ambulatory Health Care Facilities", "Hospital Units", "Hospitals",
          "Laboratories", "Managed Care Organizations", "Nursing & Custodial Care Facilities",
          "Residential Treatment Facilities", "Respite Care Facility", SUPP, "Transportation Services"),
         why="organisations: hospitals, clinics/centers, agencies, labs, facilities, suppliers, MCOs, transport"),
]


def norm(s):
    """Collapse whitespace (NUCC has a few trailing/double spaces in Display Name)."""
    return " ".join((s or "").split())


def default_nucc_path():
    repo_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.normpath(os.path.join(repo_root, "..", "shared", "realdata", "nucc_taxonomy",
                                         "nucc_taxonomy_251.csv"))


def read_nucc(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in EXPECTED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise SystemExit("%s: missing column(s) %s; is this the NUCC taxonomy CSV?"
                             % (path, ", ".join(missing)))
        rows = []
        seen = set()
        for lineno, row in enumerate(reader, start=2):
            code = norm(row["Code"])
            if not code:
                raise SystemExit("%s:%d: empty Code" % (path, lineno))
            if code in seen:
                raise SystemExit("%s:%d: duplicate Code %s" % (path, lineno, code))
            seen.add(code)
            rows.append({
                "code": code,
                "grouping": norm(row["Grouping"]),
                "classification": norm(row["Classification"]),
                "specialization": norm(row["Specialization"]),
                "display_name": norm(row["Display Name"]),
            })
    return rows


def classify(row):
    for rule in RULES:
        if rule.matches(row["grouping"], row["classification"], row["specialization"]):
            rule.hits += 1
            return rule.group
    return None


def render(rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(["code", "group", "display_name", "grouping", "classification", "specialization"])
    for r in sorted(rows, key=lambda r: r["code"]):
        w.writerow([r["code"], r["group"], r["display_name"], r["grouping"],
                    r["classification"], r["specialization"]])
    return buf.getvalue()


def write_atomically(path, text):
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".taxonomy_groups.", suffix=".tmp", dir=d)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; give the usual mode
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("nucc_csv", nargs="?", default=default_nucc_path(),
                    help="NUCC taxonomy CSV (default: %(default)s)")
    ap.add_argument("-o", "--output", help="write here (atomically) instead of stdout")
    args = ap.parse_args(argv)

    if not os.path.exists(args.nucc_csv):
        sys.stderr.write("error: NUCC CSV not found: %s\n" % args.nucc_csv)
        return 2
    rows = read_nucc(args.nucc_csv)

    unmapped = []
    for r in rows:
        r["group"] = classify(r)
        if r["group"] is None:
            unmapped.append(r)
    if unmapped:
        for r in unmapped:
            sys.stderr.write("error: no rule maps %s (%s / %s / %s)\n"
                             % (r["code"], r["grouping"], r["classification"], r["specialization"]))
        sys.stderr.write("error: %d code(s) unmapped; add a rule to RULES\n" % len(unmapped))
        return 2

    text = render(rows)
    if args.output:
        write_atomically(args.output, text)
    else:
        sys.stdout.write(text)

    counts = collections.Counter(r["group"] for r in rows)
    sys.stderr.write("%d codes mapped from %s\n" % (len(rows), args.nucc_csv))
    for g in GROUPS:
        sys.stderr.write("  %-20s %4d\n" % (g, counts.get(g, 0)))
    for rule in RULES:
        if rule.hits == 0:
            sys.stderr.write("note: rule matched no code: %s\n" % rule.describe())
    return 0


if __name__ == "__main__":
    sys.exit(main())
