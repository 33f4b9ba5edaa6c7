#!/usr/bin/env python3
"""Format check for the gold corpus files tests/gold/<lang>/<set>-*.jsonl (GOLD-GUIDE.md line format).

Usage: python3 tests/gold/check_gold.py [--notes] [FILE.jsonl ...]   (default: tests/gold/*/*.jsonl)

Checks, per line: valid JSON with exactly the guide's keys; unique `name` (prefixed with the file's
set, e.g. "b-" for b-ngo.jsonl) and unique `doc`; every record's `text` found in the paragraph, with
`occurrence` present exactly when the text occurs more than once; records in text order (a range's
two records share one span, at_least first); normalized decimal values; kinds, qualifiers, statuses
and units from the allowed sets; period forms; change objects consistent with the record's value.
Prints counts by kind, status, unit and qualifier. With --notes it also lists digits not covered by
any record (years excepted), to help spot a forgotten figure; the notes are not errors.
Exit status 1 if any error was found.
"""
import collections
import glob
import json
import os
import re
import sys

KINDS = {"beneficiaries", "organizations", "funding", "percentage", "percent_change", "reports",
         "reach", "events", "agreements", "count"}
QUALS = {"exact", "approx", "at_least", "more_than", "at_most", "less_than"}
STATUS = {"achieved", "target", "baseline", "context"}
VALUE = re.compile(r"^-?(0|[1-9]\d*)(\.\d*[1-9])?$")
PERIOD = re.compile(r"^\d{4}(-\d{4})?$")
TOP = ["name", "doc", "lang", "publisher", "source", "currency", "text", "records"]
REC = ["text", "kind", "value", "unit", "qualifier", "subject", "change", "period", "section", "status"]


def find_all(text, sub):
    """Start offsets of every match, scanning from the previous match start + 1 (as the harness does)."""
    out, i = [], text.find(sub)
    while i != -1:
        out.append(i)
        i = text.find(sub, i + 1)
    return out


def main(argv):
    notes = "--notes" in argv
    files = [a for a in argv if a != "--notes"] or sorted(glob.glob("tests/gold/*/*.jsonl"))
    errors = 0
    stats = collections.Counter()
    names, docs, publishers = set(), set(), set()
    paragraphs = 0

    def err(where, msg):
        nonlocal errors
        errors += 1
        print("ERROR", where, msg)

    for path in files:
        prefix = os.path.basename(path).split("-")[0] + "-"
        for lineno, line in enumerate(open(path, encoding="utf-8"), 1):
            where = f"{path}:{lineno}"
            try:
                d = json.loads(line)
            except json.JSONDecodeError as e:
                err(where, f"invalid JSON: {e}")
                continue
            paragraphs += 1
            where += " " + str(d.get("name"))
            if sorted(d) != sorted(TOP):
                err(where, f"keys {sorted(d)}")
                continue
            if not d["name"].startswith(prefix) or d["name"] in names:
                err(where, f"name must be unique and start with {prefix!r}")
            names.add(d["name"])
            if not re.match(r"^gold-[a-z]{2}(-[a-z]+)?-\d{2,3}$", d["doc"]) or d["doc"] in docs:
                err(where, "doc must be unique, gold-<lang>-<set>-NNN")
            docs.add(d["doc"])
            publishers.add(d["publisher"])
            if not str(d["source"]).startswith("http"):
                err(where, "source must be an address")
            if d["currency"] is not None and not re.match(r"^[A-Z]{3}$", d["currency"]):
                err(where, "currency must be null or an ISO 4217 code")
            text, covered, prev = d["text"], [], (-1, None)
            for r in d["records"]:
                rw = f"{where} record {r.get('text')!r}"
                if [k for k in r if k != "occurrence"] != REC:
                    err(rw, f"keys {list(r)} (order: {REC}, occurrence after text)")
                    continue
                pos = find_all(text, r["text"])
                occ = r.get("occurrence")
                if not pos:
                    err(rw, "text not in paragraph")
                    continue
                if len(pos) > 1 and not occ:
                    err(rw, f"occurs {len(pos)} times: needs occurrence")
                    continue
                if len(pos) == 1 and occ:
                    err(rw, "occurrence given for a unique text")
                if occ and occ > len(pos):
                    err(rw, "occurrence beyond the matches")
                    continue
                start = pos[(occ or 1) - 1]
                covered.append((start, start + len(r["text"])))
                same_range = start == prev[0] and prev[1] == "at_least" and r["qualifier"] == "at_most"
                if start < prev[0] or (start == prev[0] and not same_range):
                    err(rw, "records out of text order")
                prev = (start, r["qualifier"])
                if r["kind"] not in KINDS or r["qualifier"] not in QUALS or r["status"] not in STATUS:
                    err(rw, "kind, qualifier or status outside the allowed sets")
                if not VALUE.match(r["value"]):
                    err(rw, "value not a normalized decimal")
                unit = r["unit"]
                if r["kind"] == "funding":
                    if not re.match(r"^[A-Z]{3}$", unit) or r["subject"] is not None:
                        err(rw, "money: ISO unit and null subject")
                elif r["kind"] == "percentage":
                    if unit != "%":
                        err(rw, "percentage unit must be %")
                elif r["kind"] == "percent_change":
                    if unit not in ("%", "pp") or r["subject"] is not None:
                        err(rw, "percent_change: unit % or pp, null subject")
                elif unit != "count":
                    err(rw, "counts have unit count")
                if r["period"] is not None:
                    if not PERIOD.match(r["period"]):
                        err(rw, "period form")
                    elif "-" in r["period"] and r["period"][:4] >= r["period"][5:]:
                        err(rw, "period range order")
                c = r["change"]
                if c is not None:
                    if set(c) - {"direction", "from", "to", "from_period", "to_period"} or \
                            c.get("direction") not in ("increase", "decrease") or "from" not in c or "to" not in c:
                        err(rw, "change shape")
                        continue
                    for k in ("from", "to"):
                        if c[k] is not None and not VALUE.match(c[k]):
                            err(rw, "change values must be normalized decimals")
                    if c["from"] is not None and c["to"] is not None:
                        if r["value"] not in (c["from"], c["to"]):
                            err(rw, "value is neither side of its from/to change")
                        elif r["value"] == c["from"] and c["from"] != c["to"] and r["status"] != "baseline":
                            err(rw, "the from side of a change is baseline")
                        if c["from"] != c["to"] and (float(c["to"]) > float(c["from"])) != (c["direction"] == "increase"):
                            err(rw, "direction contradicts from/to")
                    elif c["to"] is not None and c["to"] != r["value"]:
                        err(rw, "a level's change.to must be its value")
                    if r["kind"] == "percent_change" and unit == "%" and c["from"] is None and c["to"] is None:
                        if (c["direction"] == "decrease") != r["value"].startswith("-"):
                            err(rw, "signed percent change: decrease must be negative")
                for key in (("kind", r["kind"]), ("status", r["status"]), ("unit", unit), ("qualifier", r["qualifier"])):
                    stats[key] += 1
                stats["records"] += 1
                stats["with change"] += c is not None
                stats["with period"] += r["period"] is not None
            if notes:
                for m in re.finditer(r"\d[\d,.’' ]*", text):
                    if any(a < m.end() and m.start() < b for a, b in covered):
                        continue
                    if re.fullmatch(r"(19|20)\d\d", m.group().strip(" .,")):
                        continue
                    print("  note", d["name"], "uncovered", repr(text[max(0, m.start() - 15):m.end() + 10]))
    print(f"paragraphs {paragraphs}, publishers {len(publishers)}, errors {errors}")
    for key, n in sorted(stats.items(), key=str):
        print(f"  {key}: {n}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
