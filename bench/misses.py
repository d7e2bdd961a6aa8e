#!/usr/bin/env python3
"""Lists the queries whose planted original markwatch missed, with the original and the top hit.

Usage: bench/misses.py [--why MARKWATCH] [QUERIES.tsv [SEARCH_OUTPUT.jsonl [REGISTER.jsonl]]]
       (defaults: bench/data/queries.tsv, bench/out/markwatch_search.jsonl,
       bench/data/register.jsonl). Prints kind, script, query, original mark and the first hit.

With `--why MARKWATCH` (a markwatch binary), each miss is also classified by scoring the query
against its original alone (a register of the missed originals is small enough to be searched
exhaustively) and comparing with the 10th hit's score:
  - `candidates`: the original scores above the 10th hit, so candidate generation lost it;
  - `tie`: the original scores exactly the 10th hit's score (rounded to 4 decimals): several
    register marks are exactly as similar as the original;
  - `ranking`: the original scores below the 10th hit.
A summary by class goes to stderr.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from markwatch_eval import hit_ids  # noqa: E402


def original_scores(markwatch: str, rpath: str, misses: list[tuple[dict, dict]]) -> list[float]:
    """The score of each missed query against its original, from an exhaustive search of a
    register holding only the missed originals."""
    wanted = {q["expected"] for q, _ in misses}
    with tempfile.TemporaryDirectory() as tmp:
        reg = os.path.join(tmp, "originals.jsonl")
        qfile = os.path.join(tmp, "queries.txt")
        with open(rpath, encoding="utf-8") as f, open(reg, "w", encoding="utf-8") as out:
            for line in f:
                if line.strip() and json.loads(line)["id"] in wanted:
                    out.write(line)
        with open(qfile, "w", encoding="utf-8") as out:
            for q, _ in misses:
                out.write(q["query"] + "\n")
        res = subprocess.run([markwatch, "search", "--register", reg, "--queries", qfile,
                              "--top", str(len(wanted) + 1), "--format", "json"],
                             check=True, capture_output=True, text=True)
    scores = []
    for (q, _), line in zip(misses, res.stdout.splitlines()):
        hits = json.loads(line)["hits"]
        scores.append(next((h["score"] for h in hits if h["id"] == q["expected"]), 0.0))
    return scores


def main(argv: list[str]) -> int:
    markwatch = None
    if argv[:1] == ["--why"]:
        if len(argv) < 2:
            raise SystemExit("--why needs a markwatch binary")
        markwatch, argv = argv[1], argv[2:]
    qpath = argv[0] if argv else os.path.join(common.DATA_DIR, "queries.tsv")
    opath = argv[1] if len(argv) > 1 else os.path.join(common.OUT_DIR, "markwatch_search.jsonl")
    rpath = argv[2] if len(argv) > 2 else os.path.join(common.DATA_DIR, "register.jsonl")
    queries = common.read_queries(qpath)
    results = []
    with open(opath, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if line.strip():
                obj = json.loads(line)
                results.append((hit_ids(obj, opath, lineno), obj))
    ids, marks = common.read_register(rpath)
    mark_of = dict(zip(ids, marks))
    misses = [(q, obj) for q, (hits, obj) in zip(queries, results)
              if q["expected"] not in hits[:10]]
    why = [""] * len(misses)
    if markwatch and misses:
        counts: dict[str, int] = {}
        for i, ((q, obj), s) in enumerate(zip(misses, original_scores(markwatch, rpath,
                                                                       misses))):
            tenth = obj["hits"][9]["score"] if len(obj["hits"]) >= 10 else 0.0
            cls = "candidates" if s > tenth else "tie" if s == tenth else "ranking"
            counts[cls] = counts.get(cls, 0) + 1
            why[i] = f"\t{cls} {s:.4f} vs 10th {tenth:.4f}"
        print("misses by cause: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())),
              file=sys.stderr)
    for (q, obj), w in zip(misses, why):
        hits = hit_ids(obj, opath, 0)
        top = f"{hits[0]} {mark_of.get(hits[0], '?')}" if hits else "(no hits)"
        print(f"{q['kind']}\t{q['script']}\t{q['query']}\t{mark_of.get(q['expected'], '?')}"
              f"\t{top}{w}")
    print(f"{len(misses)} of {len(queries)} missed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
