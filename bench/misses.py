#!/usr/bin/env python3
"""Lists the queries whose planted original markwatch missed, with the original and the top hit.

Usage: bench/misses.py [QUERIES.tsv [SEARCH_OUTPUT.jsonl [REGISTER.jsonl]]]
       (defaults: bench/data/queries.tsv, bench/out/markwatch_search.jsonl,
       bench/data/register.jsonl). Prints kind, script, query, original mark and the first hit.
"""

from __future__ import annotations

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from markwatch_eval import hit_ids  # noqa: E402


def main(argv: list[str]) -> int:
    qpath = argv[0] if argv else os.path.join(common.DATA_DIR, "queries.tsv")
    opath = argv[1] if len(argv) > 1 else os.path.join(common.OUT_DIR, "markwatch_search.jsonl")
    rpath = argv[2] if len(argv) > 2 else os.path.join(common.DATA_DIR, "register.jsonl")
    queries = common.read_queries(qpath)
    results = []
    with open(opath, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if line.strip():
                results.append(hit_ids(json.loads(line), opath, lineno))
    ids, marks = common.read_register(rpath)
    mark_of = dict(zip(ids, marks))
    n = 0
    for q, hits in zip(queries, results):
        if q["expected"] in hits[:10]:
            continue
        n += 1
        top = f"{hits[0]} {mark_of.get(hits[0], '?')}" if hits else "(no hits)"
        print(f"{q['kind']}\t{q['script']}\t{q['query']}\t{mark_of.get(q['expected'], '?')}"
              f"\t{top}")
    print(f"{n} of {len(queries)} missed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
