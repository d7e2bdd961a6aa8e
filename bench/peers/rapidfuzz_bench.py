#!/usr/bin/env python3
"""Brute-force peer: rapidfuzz `process.extract(query, choices, scorer, limit=10)` per query.

Runs on one core (the process is pinned to CPU 0). Choices and queries go through
`rapidfuzz.utils.default_process` (lower case, non-alphanumerics to spaces, trimmed) once, before
timing, so each timed call is the scan itself. Prints p50/p99 latency and recall@10 overall, per
kind and per script, with the per-query CPU time of the thread (robust to other load on a shared
machine) beside the wall-clock latency, and writes the figures as JSON to
bench/out/rapidfuzz_<scorer>.json.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import common  # noqa: E402

from rapidfuzz import fuzz, process, utils  # noqa: E402

SCORERS = {"WRatio": fuzz.WRatio, "ratio": fuzz.ratio}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--register", default=os.path.join(common.DATA_DIR, "register.jsonl"))
    ap.add_argument("--queries", default=os.path.join(common.DATA_DIR, "queries.tsv"))
    ap.add_argument("--scorer", action="append", choices=sorted(SCORERS),
                    help="scorer(s) to run; repeatable (default: WRatio and ratio)")
    ap.add_argument("--max-queries", type=int, default=0, help="run only the first N queries")
    ap.add_argument("--out-dir", default=common.OUT_DIR)
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})

    t0 = time.perf_counter()
    ids, marks = common.read_register(args.register)
    choices = [utils.default_process(m) for m in marks]
    queries = common.read_queries(args.queries)
    if args.max_queries:
        queries = queries[: args.max_queries]
    print(f"loaded {len(marks)} marks and {len(queries)} queries in "
          f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)

    for name in args.scorer or ["WRatio", "ratio"]:
        scorer = SCORERS[name]
        hits, lat, cpu = [], [], []
        for i, q in enumerate(queries):
            pq = utils.default_process(q["query"])
            c = time.thread_time_ns()
            t = time.perf_counter()
            res = process.extract(pq, choices, scorer=scorer, processor=None, limit=10)
            lat.append((time.perf_counter() - t) * 1000.0)
            cpu.append((time.thread_time_ns() - c) / 1e6)
            hits.append([ids[idx] for _, _, idx in res])
            if (i + 1) % 100 == 0:
                print(f"  {name}: {i + 1}/{len(queries)} queries", file=sys.stderr)
        summary = common.summarize(queries, hits, lat)
        summary.update({"tool": f"rapidfuzz {name}", "register_size": len(marks),
                        "cores": 1, "cpu_p50_ms": common.percentile(cpu, 50),
                        "cpu_p99_ms": common.percentile(cpu, 99),
                        "cpu_mean_ms": sum(cpu) / len(cpu)})
        common.print_summary(f"rapidfuzz process.extract scorer={name}", summary)
        common.write_json(os.path.join(args.out_dir, f"rapidfuzz_{name}.json"), summary)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
