#!/usr/bin/env python3
"""Prints the comparison table of the JSON results in bench/out (written by the benchmarks).

Latencies are wall clock per query ("mean ms" falls back to the whole run's wall time divided by
the number of queries where per-query times are missing); "cpu mean ms" is the CPU time per query
where the benchmark measured it.
"""

from __future__ import annotations

import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

SCRIPTS = ["latin", "katakana", "kanji", "hanzi-s", "hanzi-t"]


def fmt(v, spec=".3f") -> str:
    return "-" if v is None else format(v, spec)


def recall_without(r: dict, kind: str) -> float | None:
    """recall@10 over the queries of every kind but `kind`."""
    by = {k: v for k, v in r.get("recall_by_kind", {}).items() if k != kind}
    n = sum(v["n"] for v in by.values())
    return sum(v["n"] * v["recall"] for v in by.values()) / n if n else None


def main() -> int:
    out_dir = sys.argv[1] if len(sys.argv) > 1 else common.OUT_DIR
    rows = []
    order = ["markwatch_search.json", "rapidfuzz_WRatio.json", "rapidfuzz_ratio.json"]
    files = sorted(glob.glob(os.path.join(out_dir, "*.json")),
                   key=lambda p: (order.index(os.path.basename(p))
                                  if os.path.basename(p) in order else len(order), p))
    for path in files:
        name = os.path.basename(path)
        if name in ("markwatch_index.json", "markwatch_screen.json"):
            continue
        with open(path, encoding="utf-8") as f:
            rows.append(json.load(f))
    if not rows:
        print(f"no results in {out_dir}", file=sys.stderr)
        return 1
    head = ["tool", "queries", "p50 ms", "p99 ms", "mean ms", "cpu mean ms", "recall@10",
            "w/o translit"] + SCRIPTS
    table = [head]
    for r in rows:
        by = r.get("recall_by_script", {})
        table.append([r.get("tool", "?"), str(r.get("queries", "?")),
                      fmt(r.get("p50_ms"), ".2f"), fmt(r.get("p99_ms"), ".2f"),
                      fmt(r.get("mean_ms", r.get("wall_mean_ms")), ".2f"),
                      fmt(r.get("cpu_mean_ms"), ".2f"),
                      fmt(r.get("recall_at_10")), fmt(recall_without(r, "translit"))]
                     + [fmt(by.get(s, {}).get("recall")) for s in SCRIPTS])
    widths = [max(len(row[i]) for row in table) for i in range(len(head))]
    for i, row in enumerate(table):
        print("  ".join(c.ljust(w) if j == 0 else c.rjust(w)
                        for j, (c, w) in enumerate(zip(row, widths))))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    kinds = sorted({k for r in rows for k in r.get("recall_by_kind", {})})
    print()
    print("recall@10 by kind: " + ", ".join(kinds))
    for r in rows:
        by = r.get("recall_by_kind", {})
        print(f"  {r.get('tool', '?')}: " + "  ".join(fmt(by.get(k, {}).get('recall'))
                                                  for k in kinds))
    for name in ("markwatch_index.json", "markwatch_screen.json"):
        p = os.path.join(out_dir, name)
        if os.path.exists(p):
            with open(p, encoding="utf-8") as f:
                r = json.load(f)
            flat = {k: v for k, v in r.items() if not isinstance(v, dict)}
            print(f"\n{name[:-5]}: " + ", ".join(f"{k}={v}" for k, v in flat.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
