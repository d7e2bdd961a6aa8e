"""Shared definitions for the register generator and validator (Python 3 stdlib only).

The register file format is a contract with crates/core; see data/registers/README.md.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUT_DIR = REPO / "data" / "registers"

COLUMNS = [
    "id", "kind", "country", "ja", "zh_hans", "zh_hant", "latin", "en",
    "classes", "grounds", "knownness", "source", "owner", "ref",
]
# Version of the register files (line 1, `v2`): v2 added `owner` and `ref`. The
# other-meaning list keeps its own version, OTHER_MEANING_VERSION.
FORMAT_VERSION = 2
OTHER_MEANING_VERSION = 1
NAME_COLUMNS = ["ja", "zh_hans", "zh_hant", "latin", "en"]

KINDS = {
    "gi", "liquor_gi", "collective", "prefecture", "municipality", "designated_city",
    "old_province", "famous_place", "cn_province", "cn_prefecture", "cn_county", "cn_gi",
    "eu_cn_gi", "well_known",
}

COUNTRIES = {"JP", "CN"}

# The ground codes of ../shared/reference/LAW.md (its two tables). check.py compares
# this list with LAW.md when that file is present next to the repository.
GROUNDS = {
    "CN-4", "CN-10-1-7", "CN-10-1-8", "CN-10-2", "CN-13", "CN-15", "CN-16", "CN-19-4",
    "CN-30", "CN-32", "CN-44",
    "JP-3-1", "JP-4-1-7", "JP-4-1-10", "JP-4-1-11", "JP-4-1-15", "JP-4-1-16",
    "JP-4-1-17", "JP-4-1-19", "JP-53-2",
}

# register file name (without .tsv) -> id prefixes allowed in it
REGISTERS = {
    "jp_gi": {"JPGI"},
    "jp_liquor_gi": {"JPLGI"},
    "jp_collective": {"JPCOL"},
    "jp_places": {"JPPREF", "JPDC", "JPMUN", "JPPROV", "JPFAM"},
    "cn_places": {"CNPROV", "CNPREF", "CNCTY"},
    "cn_gi": {"CNGI", "EUCN"},
    "well_known": {"WKJP", "WKCN"},
}

HEADER_RE = re.compile(
    r"^# markwatch-register (?P<name>[a-z_]+) v2; source: (?P<source>[^;]+); licence: (?P<licence>[^;]+)$"
)
ID_RE = re.compile(r"^(?P<prefix>[A-Z]+)-[A-Za-z0-9][A-Za-z0-9-]*$")


def is_cjk(ch: str) -> bool:
    """True if and only if `ch` is a CJK unified or compatibility ideograph (or 々)."""
    o = ord(ch)
    return (
        0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3134F or ch == "々"
    )
