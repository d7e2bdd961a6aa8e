#!/usr/bin/env python3
"""Check data/visual/neighbors.tsv against the v1 format contract.

Usage: python3 check_table.py [PATH]

Checks: the header line; one `char<TAB>n:s n:s ...` row per character,
rows sorted by character and unique; at most 8 neighbours per row, sorted
by score descending then by character, no self-neighbour, no duplicate;
scores written with two decimals in [0, 1]; symmetry with equal scores.
Prints one line per fault (path, line, what) and exits 1 if there is any.
"""

import re
import sys
from pathlib import Path

HEADER = re.compile(r"^# markwatch-table visual-neighbors v1; source: [^;]+; licence: .+$")
ITEM = re.compile(r"^(.):(0\.\d\d|1\.00)$")
KEEP = 8


def check(path):
    faults = []
    text = Path(path).read_bytes().decode("utf-8")
    if not text.endswith("\n"):
        faults.append(f"{path}: file does not end with a newline")
    lines = text.split("\n")[:-1]
    if not lines or not HEADER.match(lines[0]):
        faults.append(f"{path}:1: header does not match the v1 header")
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
                faults.append(f"{where}: bad neighbour field {tok!r} (want 'x:0.93')")
                continue
            items.append((m.group(1), m.group(2)))
        if not items or len(items) > KEEP:
            faults.append(f"{where}: {len(items)} neighbours (want 1..{KEEP})")
        keys = [(-float(s), n) for n, s in items]
        if keys != sorted(keys):
            faults.append(f"{where}: neighbours not sorted by score desc, then char")
        names = [n for n, _ in items]
        if c in names:
            faults.append(f"{where}: {c} lists itself")
        if len(set(names)) != len(names):
            faults.append(f"{where}: duplicate neighbour")
        table[c] = dict(items)
    for c, nb in table.items():
        for n, s in nb.items():
            back = table.get(n, {}).get(c)
            if back != s:
                faults.append(f"{path}: {c}->{n} is {s} but {n}->{c} is {back}")
    return faults, table


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else str(
        Path(__file__).resolve().parents[2] / "data" / "visual" / "neighbors.tsv"
    )
    faults, table = check(path)
    for f in faults[:50]:
        print(f)
    edges = sum(len(v) for v in table.values()) // 2
    print(f"{path}: {len(table)} rows, {edges} pairs, {len(faults)} faults")
    sys.exit(1 if faults else 0)


if __name__ == "__main__":
    main()
