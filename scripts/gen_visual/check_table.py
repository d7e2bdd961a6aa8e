#!/usr/bin/env python3
"""Check data/visual/neighbors.tsv against the v2 format contract.

Usage: python3 check_table.py [PATH]

Checks: the header line; one `char<TAB>n:s[:kind] ...` row per character,
rows sorted by character and unique; neighbours sorted by score descending
then by character, no self-neighbour, no duplicate; scores written with two
decimals in [0.60, 1]; kind absent (whole glyph) or one of has, in, shares;
symmetry with equal scores and mirrored kinds (has in one row, in in the
other). Prints one line per fault (path, line, what) and exits 1 if there is
any, then the size: rows, pairs by kind, longest row.
"""

import re
import sys
from pathlib import Path

HEADER = re.compile(r"^# markwatch-table visual-neighbors v2; source: [^;]+; licence: .+$")
ITEM = re.compile(r"^(.):(0\.[6-9]\d|1\.00)(?::(has|in|shares))?$")
MIRROR = {"": "", "has": "in", "in": "has", "shares": "shares"}


def check(path):
    faults = []
    text = Path(path).read_bytes().decode("utf-8")
    if not text.endswith("\n"):
        faults.append(f"{path}: file does not end with a newline")
    lines = text.split("\n")[:-1]
    if not lines or not HEADER.match(lines[0]):
        faults.append(f"{path}:1: header does not match the v2 header")
    table = {}
    prev = None
    for no, line in enumerate(lines[1:], start=2):
        where = f"{path}:{no}"
        parts = line.split("\t")
        if len(parts) != 2 or len(parts[0]) != 1:
            faults.append(f"{where}: expected 'char<TAB>neighbours'")
            continue
        c, rest = parts
        if prev is not None and c <= prev:
            faults.append(f"{where}: row {c} is not after {prev} (sorted, unique)")
        prev = c
        items = []
        for tok in rest.split(" "):
            m = ITEM.match(tok)
            if not m:
                faults.append(f"{where}: bad neighbour field {tok!r} (want 'x:0.93' or 'x:0.75:has')")
                continue
            items.append((m.group(1), (m.group(2), m.group(3) or "")))
        if not items:
            faults.append(f"{where}: no neighbours")
        keys = [(-float(s), n) for n, (s, _) in items]
        if keys != sorted(keys):
            faults.append(f"{where}: neighbours not sorted by score desc, then char")
        names = [n for n, _ in items]
        if c in names:
            faults.append(f"{where}: {c} lists itself")
        if len(set(names)) != len(names):
            faults.append(f"{where}: duplicate neighbour")
        table[c] = dict(items)
    for c, nb in table.items():
        for n, (s, k) in nb.items():
            back = table.get(n, {}).get(c)
            if back != (s, MIRROR[k]):
                faults.append(f"{path}: {c}->{n} is {s}:{k} but {n}->{c} is {back}")
    return faults, table


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else str(
        Path(__file__).resolve().parents[2] / "data" / "visual" / "neighbors.tsv"
    )
    faults, table = check(path)
    for f in faults[:50]:
        print(f)
    edges = sum(len(v) for v in table.values()) // 2
    kinds = {}
    for nb in table.values():
        for _, k in nb.values():
            kinds[k or "glyph"] = kinds.get(k or "glyph", 0) + 1
    longest = max((len(v) for v in table.values()), default=0)
    print(
        f"{path}: {len(table)} rows, {edges} pairs (glyph {kinds.get('glyph', 0) // 2}, "
        f"shares {kinds.get('shares', 0) // 2}, has/in {kinds.get('has', 0)}), "
        f"longest row {longest}, {len(faults)} faults"
    )
    sys.exit(1 if faults else 0)


if __name__ == "__main__":
    main()
