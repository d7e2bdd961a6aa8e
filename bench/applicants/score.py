#!/usr/bin/env python3
"""Matches for, and scoring of, the applicant-profile evaluation. Standard library only.

  score.py matches exact DATA_DIR > matches.jsonl
      Exact lookup: a filing matches a target when its mark, after NFKC and lower-casing,
      equals one of the target's listed forms (watch.csv `names`). Near-miss variants
      (松坂牛 for 松阪牛) are NOT found this way.
  score.py matches screen DATA_DIR FINDINGS.jsonl > matches.jsonl
      Converts `markwatch screen --format jsonl` findings against watch.csv into matches.
  score.py score DATA_DIR PROFILES.jsonl [THRESHOLD]
      Precision and recall of hoarder detection: a planted applicant counts as detected when
      the group containing its name scores >= THRESHOLD (default 0.5). Any flagged group
      containing no planted hoarder is a false positive. Prints one JSON object.
"""

import json
import os
import sys
import unicodedata


def norm(s: str) -> str:
    return unicodedata.normalize("NFKC", s).lower().replace(" ", "")


def targets(data: str) -> dict:
    out = {}
    with open(os.path.join(data, "targets.jsonl"), encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            out[t["id"]] = t
    return out


def emit(rid: str, t: dict) -> None:
    m = {"record_id": rid, "target_id": t["id"], "kind": t["kind"]}
    if t.get("owner"):
        m["owner"] = t["owner"]
    if t.get("date"):
        m["date"] = t["date"]
    print(json.dumps(m, ensure_ascii=False))


def matches_exact(data: str) -> None:
    ts = targets(data)
    forms = {}
    for t in ts.values():
        for n in t["names"]:
            forms.setdefault(norm(n), []).append(t)
    with open(os.path.join(data, "register.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            for t in forms.get(norm(r["mark"]), []):
                emit(r["id"], t)


def matches_screen(data: str, findings: str) -> None:
    ts = targets(data)
    seen = set()
    with open(findings, encoding="utf-8") as f:
        for line in f:
            x = json.loads(line)
            key = (x["filing_id"], x["target_id"])
            if x["target_id"] in ts and key not in seen:
                seen.add(key)
                emit(x["filing_id"], ts[x["target_id"]])


def score(data: str, profiles: str, threshold: float) -> None:
    planted = {}
    with open(os.path.join(data, "planted.tsv"), encoding="utf-8") as f:
        for line in f:
            name, role, h = line.rstrip("\n").split("\t")
            planted[name] = (role, h == "1")
    flagged_groups = 0
    groups = 0
    fp_groups = []
    by_name = {}
    with open(profiles, encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            groups += 1
            hit = p["score"] >= threshold
            has_hoarder = False
            for n in p["names"]:
                by_name[n] = p["score"]
                if n in planted and planted[n][1]:
                    has_hoarder = True
            if hit:
                flagged_groups += 1
                if not has_hoarder:
                    fp_groups.append({"group": p["group_id"], "score": round(p["score"], 3),
                                      "role": next((planted[n][0] for n in p["names"] if n in planted), "ordinary"),
                                      "why": p["top_indicators"]})
    per_role = {}
    missed = []
    for name, (role, h) in planted.items():
        s = by_name.get(name)
        d = per_role.setdefault(role, {"planted": 0, "flagged": 0})
        d["planted"] += 1
        if s is not None and s >= threshold:
            d["flagged"] += 1
        elif h:
            missed.append({"name": name, "role": role, "score": s})
    hoarders = [n for n, (_, h) in planted.items() if h]
    tp_names = sum(1 for n in hoarders if by_name.get(n, 0) >= threshold)
    tp_groups = flagged_groups - len(fp_groups)
    out = {
        "threshold": threshold,
        "groups": groups,
        "flagged_groups": flagged_groups,
        "true_positive_groups": tp_groups,
        "false_positive_groups": len(fp_groups),
        "precision": round(tp_groups / flagged_groups, 4) if flagged_groups else None,
        "planted_hoarders": len(hoarders),
        "detected_hoarders": tp_names,
        "recall": round(tp_names / len(hoarders), 4) if hoarders else None,
        "per_role": per_role,
        "missed": missed,
        "false_positives": fp_groups[:20],
    }
    print(json.dumps(out, ensure_ascii=False, indent=1))


def main(argv):
    if argv[1:3] == ["matches", "exact"]:
        matches_exact(argv[3])
    elif argv[1:3] == ["matches", "screen"]:
        matches_screen(argv[3], argv[4])
    elif argv[1] == "score":
        score(argv[2], argv[3], float(argv[4]) if len(argv) > 4 else 0.5)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
