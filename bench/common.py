"""Shared helpers of the search benchmarks: reading the generated data and scoring results.

Definitions used by every benchmark (markwatch and the peers alike):
  - recall@10: share of queries whose expected (planted original) id is among the first 10 ids
    returned for that query;
  - p50 / p99: nearest-rank percentiles of the per-query latency, in milliseconds.
"""

from __future__ import annotations

import json
import math
import os
import sys

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
DATA_DIR = os.path.join(BENCH_DIR, "data")
OUT_DIR = os.path.join(BENCH_DIR, "out")


def read_queries(path: str) -> list[dict]:
    """Reads queries.tsv: query, kind, expected_id and (optional) script columns."""
    out = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            cols = line.split("\t")
            if len(cols) < 3:
                raise SystemExit(f"{path}:{lineno}: expected query<TAB>kind<TAB>expected_id, "
                                 f"got {len(cols)} column(s)")
            out.append({"query": cols[0], "kind": cols[1], "expected": cols[2],
                        "script": cols[3] if len(cols) > 3 else "?"})
    return out


def read_register(path: str) -> tuple[list[str], list[str]]:
    """Reads register.jsonl and returns (ids, marks) in file order."""
    ids, marks = [], []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                ids.append(rec["id"])
                marks.append(rec["mark"])
            except (ValueError, KeyError) as e:
                raise SystemExit(f"{path}:{lineno}: bad record ({e})") from None
    return ids, marks


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    s = sorted(values)
    k = max(1, math.ceil(p / 100.0 * len(s)))
    return s[k - 1]


def summarize(queries: list[dict], hits: list[list[str]], lat_ms: list[float] | None,
              k: int = 10) -> dict:
    """Recall@k overall, per kind and per script; latency percentiles when given."""
    if len(hits) != len(queries):
        raise SystemExit(f"got {len(hits)} result lists for {len(queries)} queries")
    found = [q["expected"] in h[:k] for q, h in zip(queries, hits)]
    res: dict = {"queries": len(queries), "recall_at_10": sum(found) / max(1, len(found))}
    for field in ("kind", "script"):
        groups: dict[str, list[bool]] = {}
        for q, ok in zip(queries, found):
            groups.setdefault(q[field], []).append(ok)
        res["recall_by_" + field] = {g: {"n": len(v), "recall": sum(v) / len(v)}
                                     for g, v in sorted(groups.items())}
    if lat_ms:
        res["p50_ms"] = percentile(lat_ms, 50)
        res["p99_ms"] = percentile(lat_ms, 99)
        res["mean_ms"] = sum(lat_ms) / len(lat_ms)
        res["max_ms"] = max(lat_ms)
    return res


def print_summary(name: str, res: dict, out=sys.stdout, label: str = "recall@10") -> None:
    print(f"== {name}", file=out)
    extra = {k: v for k, v in res.items() if not isinstance(v, dict)}
    for key, v in extra.items():
        print(f"  {key:<22} {v:.4f}" if isinstance(v, float) else f"  {key:<22} {v}", file=out)
    for field in ("kind", "script"):
        parts = [f"{g}={d['recall']:.3f} (n={d['n']})"
                 for g, d in res["recall_by_" + field].items()]
        print(f"  {label} by {field}: " + ", ".join(parts), file=out)


def write_json(path: str, res: dict) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(res, f, ensure_ascii=False, indent=2)
        f.write("\n")
