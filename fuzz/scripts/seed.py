#!/usr/bin/env python3
"""Rebuilds the seed corpora under fuzz/corpus/ from examples/, the reader fixtures and, when
present, ../shared/eval. Run from the repository root: python3 fuzz/scripts/seed.py

Seeds are named by the SHA-1 of their content, as cargo fuzz names its corpus files."""
import csv
import hashlib
import io
import json
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "fuzz", "corpus")
EVAL = os.path.join(ROOT, "..", "shared", "eval")
CAP = 180  # files per target, under the 200 limit


def read(*parts):
    path = os.path.join(*parts)
    if not os.path.exists(path):
        return None
    with open(path, "rb") as f:
        return f.read()


def put(target, seeds):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    seen = set()
    for s in seeds:
        if s is None or s in seen:
            continue
        seen.add(s)
        if len(seen) > CAP:
            break
        with open(os.path.join(d, hashlib.sha1(s).hexdigest()), "wb") as f:
            f.write(s)


ex = lambda name: read(ROOT, "examples", name)
fx = lambda name: read(ROOT, "crates", "ingest", "tests", "fixtures", name)
ev = lambda name: read(EVAL, name)

jsonl_files = [ex("filings.jsonl"), ex("negatives.jsonl"), ev("filings.jsonl")]
lines = []
for f in jsonl_files:
    if f:
        lines += [l + b"\n" for l in f.splitlines() if l.strip()]
# Whole files are large; keep the small eval file whole, and single lines of all.
put("ingest_jsonl", [ev("filings.jsonl")] + lines[:CAP - 1])

csv_seeds = [ex("filings.csv"), fx("sample.csv")]
for f in [ex("filings.csv"), fx("sample.csv")]:
    rows = f.splitlines()
    csv_seeds += [rows[0] + b"\n" + r + b"\n" for r in rows[1:]]
put("ingest_csv", csv_seeds)

put("ingest_st66", [ex("gazette-st66.xml"), fx("st66_sample.xml")])
put("ingest_st96", [ex("gazette-st96.xml"), fx("st96_sample.xml")])

marks = []
for l in lines:
    try:
        m = json.loads(l).get("mark")
    except (ValueError, AttributeError):
        continue
    if isinstance(m, str) and m:
        marks.append(m)
names = {}
for w in [ex("watch.csv"), ev("watch.csv")]:
    if w:
        for row in csv.DictReader(io.StringIO(w.decode())):
            names[row["id"]] = row["names"].split("|")
pairs = []
expect = ev("expect.tsv")
if expect:
    by_id = {}
    for l in lines:
        try:
            r = json.loads(l)
            by_id[r["id"]] = r["mark"]
        except (ValueError, KeyError, TypeError):
            pass
    for row in expect.decode().splitlines():
        q, _, w = row.partition("\t")
        if q in by_id and w in names:
            pairs.append(by_id[q] + "\0" + names[w][0])
norm = [p.encode() for p in pairs] + [m.encode() for m in marks]
put("normalize", norm)

watch = [ex("watch.csv"), ev("watch.csv")]
for w in [ex("watch.csv"), ev("watch.csv")]:
    if not w:
        continue
    rows = w.splitlines()
    watch += [rows[0] + b"\n" + r + b"\n" for r in rows[1:]]
    as_jsonl = "".join(
        json.dumps(r, ensure_ascii=False) + "\n" for r in csv.DictReader(io.StringIO(w.decode()))
    )
    watch.append(as_jsonl.encode())
put("watch_list", watch)

for t in sorted(os.listdir(OUT)):
    d = os.path.join(OUT, t)
    files = os.listdir(d)
    size = sum(os.path.getsize(os.path.join(d, f)) for f in files)
    print(f"{t}: {len(files)} files, {size} bytes", file=sys.stderr)
