#!/usr/bin/env python3
"""Validate the reference registers in data/registers/ and print coverage counts.

Usage: python3 scripts/registers/check.py [--dir DIR] [--law PATH] [--quiet]

Checks every `<register>.tsv` named in common.REGISTERS:
  * line 1 is `# markwatch-register <name> v2; source: ...; licence: ...` with <name> the
    file's stem; line 2 is the column header; LF line ends, UTF-8, no BOM, no blank lines;
  * every row has exactly 14 tab-separated fields, none with surrounding spaces;
  * ids match PREFIX-slug with a prefix allowed for the register, and are unique and sorted
    (code point order);
  * kind is a known kind, country is JP or CN;
  * at least one name column is filled, `|`-lists have no empty member and no duplicate,
    `latin` is lowercase ASCII, `en` is ASCII;
  * classes are `;`-separated integers 1-45 (ascending, unique), grounds are `;`-separated
    codes from LAW.md, knownness is 0-3, source is a key defined in data/registers/README.md;
  * `owner` and `ref` are free text (optional); `ref` has the form of its register where it
    is given: `MAFF No. <n>` in jp_gi (numbers unique), `NTA <date or year>` in jp_liquor_gi,
    `Annex III` or `Annex V` on eu_cn_gi rows;
  * in the GI and mark registers (jp_gi, jp_liquor_gi, jp_collective, cn_gi, well_known) no
    Japanese or Chinese form names two entries.
And `other_meaning.tsv` (`name<TAB>reason`): header, sorted unique names, each name is a
form in cn_places.tsv.

Errors name the file, line and field. Exits 1 if there is any error, 0 otherwise.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (  # noqa: E402
    COLUMNS, COUNTRIES, GROUNDS, HEADER_RE, ID_RE, KINDS, NAME_COLUMNS, OUT_DIR, REGISTERS, REPO,
)


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def err(self, path: Path, line: int, field: str, msg: str) -> None:
        loc = f"{path.name}:{line}" + (f": field `{field}`" if field else "")
        self.errors.append(f"{loc}: {msg}")


def read_lines(path: Path, rep: Report) -> list[str] | None:
    try:
        raw = path.read_bytes()
    except OSError as e:
        rep.err(path, 0, "", f"cannot read: {e}")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        rep.err(path, 1, "", "starts with a byte order mark")
    if b"\r" in raw:
        rep.err(path, 0, "", "contains CR; line ends must be LF")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        rep.err(path, 0, "", f"not UTF-8: {e}")
        return None
    if not text.endswith("\n"):
        rep.err(path, 0, "", "last line lacks a final LF")
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def law_codes(law: Path) -> set[str] | None:
    if not law.exists():
        return None
    codes = set()
    for line in law.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\| ((?:CN|JP)-[0-9A-Za-z-]+) \|", line)
        if m:
            codes.add(m.group(1))
    return codes


def source_keys(readme: Path) -> set[str]:
    """Keys of the `## Sources` table in the registers README: rows `| `key` | ...`."""
    keys: set[str] = set()
    if not readme.exists():
        return keys
    in_sources = False
    for line in readme.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            in_sources = line.strip() == "## Sources"
            continue
        m = re.match(r"^\| `([a-z0-9-]+)` \|", line)
        if in_sources and m:
            keys.add(m.group(1))
    return keys


# Registers whose Japanese and Chinese forms must each name one entry only (place registers
# repeat names: 朝阳区 is a district of Beijing and of Changchun).
UNIQUE_NAME_REGISTERS = {"jp_gi", "jp_liquor_gi", "jp_collective", "cn_gi", "well_known"}

REF_PATTERNS = {
    "jp_gi": re.compile(r"MAFF No\. [1-9][0-9]*"),
    "jp_liquor_gi": re.compile(r"NTA [12][0-9]{3}[-0-9 ();a-z]*"),
}
EU_CN_ANNEXES = {"Annex III", "Annex V"}


def check_register(path: Path, name: str, sources: set[str], rep: Report) -> Counter | None:
    lines = read_lines(path, rep)
    if lines is None:
        return None
    if len(lines) < 2:
        rep.err(path, 1, "", "needs a header comment and a column header")
        return None
    m = HEADER_RE.match(lines[0])
    if not m:
        rep.err(path, 1, "", "first line must be `# markwatch-register <name> v2; source: ...; licence: ...`")
    elif m.group("name") != name:
        rep.err(path, 1, "", f"register name `{m.group('name')}` differs from the file name `{name}`")
    if lines[1].split("\t") != COLUMNS:
        rep.err(path, 2, "", "column header must be: " + " ".join(COLUMNS))
    counts: Counter = Counter()
    prev_id = None
    seen: set[str] = set()
    form_owner: dict[str, str] = {}
    refs: dict[str, str] = {}
    prefixes = REGISTERS[name]
    for n, line in enumerate(lines[2:], 3):
        if not line:
            rep.err(path, n, "", "blank line")
            continue
        fields = line.split("\t")
        if len(fields) != len(COLUMNS):
            rep.err(path, n, "", f"{len(fields)} fields, expected {len(COLUMNS)}")
            continue
        row = dict(zip(COLUMNS, fields))
        for col, val in row.items():
            if val != val.strip():
                rep.err(path, n, col, "leading or trailing whitespace")
        rid = row["id"]
        mid = ID_RE.match(rid)
        if not mid:
            rep.err(path, n, "id", f"`{rid}` is not PREFIX-slug")
        elif mid.group("prefix") not in prefixes:
            rep.err(path, n, "id", f"prefix of `{rid}` not allowed here (allowed: {sorted(prefixes)})")
        if rid in seen:
            rep.err(path, n, "id", f"duplicate id `{rid}`")
        if prev_id is not None and rid < prev_id:
            rep.err(path, n, "id", f"`{rid}` sorts before the previous id `{prev_id}`")
        seen.add(rid)
        prev_id = rid
        if row["kind"] not in KINDS:
            rep.err(path, n, "kind", f"unknown kind `{row['kind']}`")
        if row["country"] not in COUNTRIES:
            rep.err(path, n, "country", f"unknown country `{row['country']}`")
        if not any(row[c] for c in NAME_COLUMNS):
            rep.err(path, n, "", "no name in any script")
        for col in NAME_COLUMNS:
            if not row[col]:
                continue
            forms = row[col].split("|")
            if any(not f or f != f.strip() for f in forms):
                rep.err(path, n, col, f"empty or padded member in `{row[col]}`")
            if len(set(forms)) != len(forms):
                rep.err(path, n, col, f"duplicate member in `{row[col]}`")
            if col == "latin" and not re.fullmatch(r"[a-z0-9' .&-]+(\|[a-z0-9' .&-]+)*", row[col]):
                rep.err(path, n, col, f"`{row[col]}` must be lowercase ASCII")
            if col == "en" and not row[col].isascii():
                rep.err(path, n, col, f"`{row[col]}` must be ASCII")
        if row["classes"]:
            try:
                cls = [int(c) for c in row["classes"].split(";")]
            except ValueError:
                rep.err(path, n, "classes", f"`{row['classes']}` is not a `;`-list of integers")
            else:
                if any(c < 1 or c > 45 for c in cls):
                    rep.err(path, n, "classes", f"`{row['classes']}` has a class outside 1-45")
                if cls != sorted(set(cls)):
                    rep.err(path, n, "classes", f"`{row['classes']}` must be ascending and unique")
        if not row["grounds"]:
            rep.err(path, n, "grounds", "empty; every entry supports at least one ground")
        else:
            for g in row["grounds"].split(";"):
                if g not in GROUNDS:
                    rep.err(path, n, "grounds", f"unknown ground code `{g}`")
        if row["knownness"] not in ("0", "1", "2", "3"):
            rep.err(path, n, "knownness", f"`{row['knownness']}` is not 0-3")
        if sources and row["source"] not in sources:
            rep.err(path, n, "source", f"source key `{row['source']}` is not defined in README.md")
        ref = row["ref"]
        if ref:
            pat = REF_PATTERNS.get(name)
            if row["kind"] == "eu_cn_gi" and ref not in EU_CN_ANNEXES:
                rep.err(path, n, "ref", f"`{ref}` is not one of {sorted(EU_CN_ANNEXES)}")
            elif pat and not pat.fullmatch(ref):
                rep.err(path, n, "ref", f"`{ref}` does not have the form `{pat.pattern}`")
            elif name == "jp_gi":
                if ref in refs:
                    rep.err(path, n, "ref", f"`{ref}` repeats the number of `{refs[ref]}`")
                refs[ref] = rid
        if name in UNIQUE_NAME_REGISTERS:
            forms = {f for col in ("ja", "zh_hans", "zh_hant") for f in row[col].split("|") if f}
            for f in sorted(forms):
                if f in form_owner and form_owner[f] != rid:
                    rep.err(path, n, "", f"name `{f}` also names `{form_owner[f]}`")
                form_owner.setdefault(f, rid)
        counts[row["kind"]] += 1
    return counts


def cn_place_forms(path: Path) -> set[str]:
    forms: set[str] = set()
    if not path.exists():
        return forms
    for line in path.read_text(encoding="utf-8").splitlines()[2:]:
        f = line.split("\t")
        if len(f) == len(COLUMNS):
            for col in ("zh_hans", "zh_hant"):
                if f[COLUMNS.index(col)]:
                    forms.update(f[COLUMNS.index(col)].split("|"))
    return forms


def check_other_meaning(path: Path, places: set[str], rep: Report) -> int:
    lines = read_lines(path, rep)
    if lines is None:
        return 0
    if not lines or not lines[0].startswith("# markwatch-register other_meaning v1; "):
        rep.err(path, 1, "", "first line must be `# markwatch-register other_meaning v1; ...`")
    if len(lines) < 2 or lines[1] != "name\treason":
        rep.err(path, 2, "", "column header must be `name<TAB>reason`")
    prev = None
    n_rows = 0
    for n, line in enumerate(lines[2:], 3):
        f = line.split("\t")
        if len(f) != 2 or not f[0] or not f[1]:
            rep.err(path, n, "", "expected `name<TAB>reason`, both non-empty")
            continue
        if prev is not None and f[0] <= prev:
            rep.err(path, n, "name", f"`{f[0]}` is a duplicate or out of order")
        prev = f[0]
        if places and f[0] not in places:
            rep.err(path, n, "name", f"`{f[0]}` is not a form of any cn_places.tsv entry")
        n_rows += 1
    return n_rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", type=Path, default=OUT_DIR, help="register folder (default: data/registers)")
    ap.add_argument("--law", type=Path, default=REPO.parent / "shared" / "reference" / "LAW.md",
                    help="LAW.md to compare the ground codes with (skipped if absent)")
    ap.add_argument("--quiet", action="store_true", help="print errors only")
    args = ap.parse_args(argv)
    rep = Report()
    codes = law_codes(args.law)
    if codes is not None and codes != GROUNDS:
        rep.err(args.law, 0, "", f"ground codes differ from common.GROUNDS: "
                f"only in LAW.md {sorted(codes - GROUNDS)}, only in common.py {sorted(GROUNDS - codes)}")
    sources = source_keys(args.dir / "README.md")
    if not sources:
        rep.err(args.dir / "README.md", 0, "", "no `## Sources` table with `| `key` |` rows")
    total = 0
    out = []
    for name in REGISTERS:
        path = args.dir / f"{name}.tsv"
        counts = check_register(path, name, sources, rep)
        if counts is None:
            continue
        n = sum(counts.values())
        total += n
        out.append(f"{name}: {n}  (" + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + ")")
    n_other = check_other_meaning(args.dir / "other_meaning.tsv", cn_place_forms(args.dir / "cn_places.tsv"), rep)
    out.append(f"other_meaning: {n_other}")
    out.append(f"total entries: {total}")
    if not args.quiet:
        print("\n".join(out))
    for e in rep.errors[:200]:
        print(f"error: {e}", file=sys.stderr)
    if len(rep.errors) > 200:
        print(f"error: ... and {len(rep.errors) - 200} more", file=sys.stderr)
    if rep.errors:
        print(f"{len(rep.errors)} error(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
