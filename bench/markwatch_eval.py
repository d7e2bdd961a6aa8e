#!/usr/bin/env python3
"""Scores markwatch's benchmark output (used by bench/markwatch_bench.sh).

  markwatch_eval.py search QUERIES.tsv SEARCH_OUTPUT.jsonl WALL_SECONDS OUT.json [key=value...]
      SEARCH_OUTPUT holds one JSON line per query, in input order (`markwatch search --queries
      FILE --format json`). Hit ids are read from the first list found under "hits", "results"
      or "matches" (each hit a string id, or an object with "id" / "record_id" / "target_id");
      a top-level "took_us" gives the per-query latency. Without it, only mean latencies are
      known: WALL_SECONDS / queries (start-up and index load included), and whatever the caller
      passes as mean_ms= / cpu_mean_ms= (markwatch_bench.sh: full run minus a one-query run).
  markwatch_eval.py screen EXPECT.tsv FINDINGS.jsonl FILINGS.jsonl OUT.json [key=value...]
      FINDINGS holds one finding a line ({"filing_id", "target_id", ...}). EXPECT lists the
      planted copies (filing_id<TAB>kind<TAB>expected_id<TAB>script); recall is the share of them
      reported with their expected target.
Extra key=value pairs (numbers where they parse) are stored in OUT.json as they are.
"""

from __future__ import annotations

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402


def hit_ids(obj, path: str, lineno: int) -> list[str]:
    hits = None
    if isinstance(obj, list):
        hits = obj
    else:
        for key in ("hits", "results", "matches"):
            if isinstance(obj.get(key), list):
                hits = obj[key]
                break
    if hits is None:
        raise SystemExit(f"{path}:{lineno}: no hits list (expected a \"hits\" array)")
    out = []
    for h in hits:
        if isinstance(h, str):
            out.append(h)
        elif isinstance(h, dict):
            for key in ("id", "record_id", "target_id"):
                if key in h:
                    out.append(str(h[key]))
                    break
            else:
                raise SystemExit(f"{path}:{lineno}: hit without an id field: {h}")
        else:
            raise SystemExit(f"{path}:{lineno}: unexpected hit {h!r}")
    return out


def extras(pairs: list[str]) -> dict:
    out = {}
    for p in pairs:
        k, _, v = p.partition("=")
        try:
            out[k] = float(v) if "." in v else int(v)
        except ValueError:
            out[k] = v
    return out


def search(args: list[str]) -> None:
    qpath, opath, wall, out = args[:4]
    queries = common.read_queries(qpath)
    hits, lat = [], []
    with open(opath, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as e:
                raise SystemExit(f"{opath}:{lineno}: not JSON ({e})") from None
            hits.append(hit_ids(obj, opath, lineno))
            if isinstance(obj, dict) and "took_us" in obj:
                lat.append(float(obj["took_us"]) / 1000.0)
    if len(hits) != len(queries):
        raise SystemExit(f"{opath}: {len(hits)} result lines for {len(queries)} queries")
    res = common.summarize(queries, hits, lat if len(lat) == len(hits) else None)
    res["wall_s"] = float(wall)
    res["wall_mean_ms"] = float(wall) * 1000.0 / max(1, len(queries))
    extra = extras(args[4:])
    if "mean_ms" in res:  # measured per query: keep it over the estimate from whole runs
        extra.pop("mean_ms", None)
    res.update(extra)
    res.setdefault("tool", "markwatch search")
    common.print_summary("markwatch search", res)
    common.write_json(out, res)


def screen(args: list[str]) -> None:
    epath, fpath, gpath, out = args[:4]
    expected = common.read_queries(epath)  # same column layout: id, kind, expected, script
    n_filings = sum(1 for line in open(gpath, encoding="utf-8") if line.strip())
    found = set()
    flagged = set()
    n_findings = 0
    with open(fpath, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                pair = (str(obj["filing_id"]), str(obj["target_id"]))
            except (ValueError, KeyError) as e:
                raise SystemExit(f"{fpath}:{lineno}: bad finding ({e})") from None
            n_findings += 1
            found.add(pair)
            flagged.add(pair[0])
    planted = {e["query"] for e in expected}
    hits = [[e["expected"]] if (e["query"], e["expected"]) in found else [] for e in expected]
    res = common.summarize(expected, hits, None)
    res.pop("recall_at_10")
    res.pop("queries")
    res["planted_recall"] = sum(1 for h in hits if h) / max(1, len(hits))
    res.update({"filings": n_filings, "planted": len(expected), "findings": n_findings,
                "filings_flagged": len(flagged),
                "unplanted_filings_flagged": len(flagged - planted)})
    res.update(extras(args[4:]))
    res.setdefault("tool", "markwatch screen")
    common.print_summary("markwatch screen", res, label="planted recall")
    common.write_json(out, res)


if __name__ == "__main__":
    if len(sys.argv) < 6 or sys.argv[1] not in ("search", "screen"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    (search if sys.argv[1] == "search" else screen)(sys.argv[2:])
