#!/usr/bin/env python3
"""Tests for the register validator, the generator's helpers, and the committed registers.

Run from anywhere: `python3 scripts/registers/test_registers.py` (stdlib unittest). The
validator tests write small registers to a temporary folder; the data tests read the
committed files in data/registers/ only. The Script tests need Debian `unicode-data`.
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
import unittest
from collections import Counter
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import check  # noqa: E402
import generate as g  # noqa: E402
from common import COLUMNS, OUT_DIR, REGISTERS  # noqa: E402

GOOD_ROW = ["JPGI-kobe-beef", "gi", "JP", "神戸ビーフ", "神户牛肉", "神戶牛肉", "kobe beef", "Kobe Beef",
            "29", "CN-16;JP-4-1-16", "3", "maff-gi", "兵庫県食肉事業協同組合連合会", "MAFF No. 3"]


def run_check(folder: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = check.main(["--dir", str(folder), "--law", str(folder / "no-law.md")])
    return rc, out.getvalue(), err.getvalue()


class ValidatorTest(unittest.TestCase):
    """check.py on a copy of the committed registers with one defect planted."""

    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp())
        for p in OUT_DIR.iterdir():
            shutil.copy(p, self.tmp / p.name)

    def tearDown(self) -> None:
        shutil.rmtree(self.tmp)

    def plant(self, row: list[str], name: str = "jp_gi") -> str:
        """Replace the rows of register `name` with GOOD_ROW and `row`; return stderr."""
        path = self.tmp / f"{name}.tsv"
        head = path.read_text(encoding="utf-8").split("\n")[:2]
        rows = sorted([GOOD_ROW, row], key=lambda r: r[0])
        path.write_text("\n".join(head + ["\t".join(r) for r in rows]) + "\n", encoding="utf-8")
        rc, _, err = run_check(self.tmp)
        self.assertEqual(rc, 1, err)
        return err

    def variant(self, **changes: str) -> list[str]:
        row = list(GOOD_ROW)
        row[0] = "JPGI-yubari-melon"
        for k, v in changes.items():
            row[COLUMNS.index(k)] = v
        return row

    def test_committed_registers_pass(self) -> None:
        rc, out, err = run_check(self.tmp)
        self.assertEqual(rc, 0, err)
        for name in REGISTERS:
            self.assertIn(f"{name}: ", out)

    def test_duplicate_id(self) -> None:
        err = self.plant(list(GOOD_ROW))
        self.assertIn("duplicate id `JPGI-kobe-beef`", err)

    def test_unsorted_ids(self) -> None:
        path = self.tmp / "jp_gi.tsv"
        lines = path.read_text(encoding="utf-8").split("\n")
        lines[2], lines[3] = lines[3], lines[2]
        path.write_text("\n".join(lines), encoding="utf-8")
        rc, _, err = run_check(self.tmp)
        self.assertEqual(rc, 1)
        self.assertIn("jp_gi.tsv:4: field `id`", err)
        self.assertIn("sorts before", err)

    def test_bad_fields(self) -> None:
        cases = {
            "kind": ("volcano", "unknown kind `volcano`"),
            "country": ("FR", "unknown country `FR`"),
            "classes": ("46", "class outside 1-45"),
            "grounds": ("CN-99", "unknown ground code `CN-99`"),
            "knownness": ("4", "is not 0-3"),
            "source": ("wikipedia", "not defined in README.md"),
            "latin": ("Yubari", "must be lowercase ASCII"),
            "ja": ("夕張||メロン", "empty or padded member"),
        }
        for col, (value, message) in cases.items():
            with self.subTest(col=col):
                err = self.plant(self.variant(**{col: value}))
                self.assertIn("jp_gi.tsv:", err)
                self.assertIn(f"field `{col}`", err)
                self.assertIn(message, err)

    def test_no_name(self) -> None:
        err = self.plant(self.variant(ja="", zh_hans="", zh_hant="", latin="", en=""))
        self.assertIn("no name in any script", err)

    def test_wrong_prefix_and_column_count(self) -> None:
        err = self.plant(self.variant(id="CNGI-x"))
        self.assertIn("prefix of `CNGI-x` not allowed here", err)
        err = self.plant(GOOD_ROW + ["extra"])
        self.assertIn("15 fields, expected 14", err)
        # A v1 row (no owner and ref columns) is short.
        err = self.plant(GOOD_ROW[:-2])
        self.assertIn("12 fields, expected 14", err)

    def test_refs_and_unique_names(self) -> None:
        err = self.plant(self.variant(ref="No. 4"))
        self.assertIn("field `ref`: `No. 4` does not have the form", err)
        err = self.plant(self.variant(ref="MAFF No. 3"))
        self.assertIn("`MAFF No. 3` repeats the number of `JPGI-kobe-beef`", err)
        err = self.plant(self.variant(ja="夕張メロン|神戸ビーフ", ref=""))
        self.assertIn("name `神戸ビーフ` also names `JPGI-kobe-beef`", err)

    def test_bad_header(self) -> None:
        path = self.tmp / "jp_gi.tsv"
        lines = path.read_text(encoding="utf-8").split("\n")
        lines[0] = "# markwatch-register jp_gi v1; source: a; licence: c"
        path.write_text("\n".join(lines), encoding="utf-8")
        rc, _, err = run_check(self.tmp)
        self.assertEqual(rc, 1)
        self.assertIn("jp_gi.tsv:1: first line must be", err)

    def test_other_meaning_must_be_a_place(self) -> None:
        path = self.tmp / "other_meaning.tsv"
        path.write_text(path.read_text(encoding="utf-8") + "龙猫\ttotoro\n", encoding="utf-8")
        rc, _, err = run_check(self.tmp)
        self.assertEqual(rc, 1)
        self.assertIn("`龙猫` is not a form of any cn_places.tsv entry", err)


class HelperTest(unittest.TestCase):
    def test_romaji(self) -> None:
        self.assertEqual(g.kana_to_romaji("とうきょう"), "toukyou")
        self.assertEqual(g.romaji_forms("とうきょう"), ["tokyo", "toukyou"])
        self.assertEqual(g.kana_to_romaji("ほっかいどう"), "hokkaidou")
        self.assertEqual(g.kana_to_romaji("いまばり"), "imabari")
        self.assertEqual(g.kana_to_romaji("ちゃじゃしゅっちょう"), "chajashutchou")
        self.assertEqual(g.kana_to_romaji("カシス"), "kashisu")
        self.assertIsNone(g.kana_to_romaji("今治"))

    def test_jp_suffix(self) -> None:
        self.assertEqual(g.strip_jp_suffix("今治市", "いまばりし"), ("今治", "いまばり"))
        self.assertEqual(g.strip_jp_suffix("当別町", "とうべつちょう"), ("当別", "とうべつ"))
        self.assertEqual(g.strip_jp_suffix("白川村", "しらかわむら"), ("白川", "しらかわ"))
        self.assertIsNone(g.strip_jp_suffix("津市", "つし"))

    def test_cn_short(self) -> None:
        self.assertEqual(g.cn_short("北京市"), "北京")
        self.assertEqual(g.cn_short("延边朝鲜族自治州"), "延边")
        self.assertEqual(g.cn_short("积石山保安族东乡族撒拉族自治县"), "积石山")
        self.assertEqual(g.cn_short("新疆维吾尔自治区"), "新疆")
        self.assertIsNone(g.cn_short("东区"))

    def test_fix_pinyin(self) -> None:
        self.assertEqual(g.fix_pinyin("七星关区", "qi xing guan ou"), "qi xing guan qu")
        self.assertEqual(g.fix_pinyin("北京市", "bei jing shi"), "bei jing shi")


@unittest.skipUnless((g.UNIHAN / "Unihan_Variants.txt.bz2").exists(), "needs Debian unicode-data")
class ScriptTest(unittest.TestCase):
    sc: g.Script

    @classmethod
    def setUpClass(cls) -> None:
        cls.sc = g.Script()

    def test_ja_to_chinese(self) -> None:
        sc = self.sc
        self.assertEqual((sc.ja_to_hans("神戸"), sc.ja_to_hant("神戸")), ("神户", "神戶"))
        self.assertEqual((sc.ja_to_hans("広島"), sc.ja_to_hant("広島")), ("广岛", "廣島"))
        self.assertEqual(sc.ja_to_hans("大阪"), "大阪")
        self.assertEqual(sc.ja_to_hans("横浜"), "横滨")
        self.assertEqual(sc.ja_to_hans("鹿児島"), "鹿儿岛")
        self.assertIsNone(sc.ja_to_hans("夕張メロン"))
        self.assertIsNone(sc.ja_to_hans("栃木"))

    def test_hans_to_hant(self) -> None:
        sc = self.sc
        self.assertEqual(sc.hans_to_hant("赣南脐橙"), "贛南臍橙")
        self.assertEqual(sc.hans_to_hant("广东"), "廣東")
        self.assertEqual(sc.hans_to_hant("朝阳区"), "朝陽區")
        self.assertIsNone(sc.hans_to_hant("干果"))


class DataTest(unittest.TestCase):
    """Coverage floors of the committed registers (the issue's minimums)."""

    @staticmethod
    def rows(name: str) -> list[dict[str, str]]:
        lines = (OUT_DIR / f"{name}.tsv").read_text(encoding="utf-8").splitlines()[2:]
        return [dict(zip(COLUMNS, ln.split("\t"))) for ln in lines]

    def count(self, name: str, kind: str) -> int:
        return sum(1 for r in self.rows(name) if r["kind"] == kind)

    def test_floors(self) -> None:
        self.assertEqual(self.count("jp_places", "prefecture"), 47)
        self.assertEqual(self.count("jp_places", "designated_city"), 20)
        self.assertGreaterEqual(self.count("jp_places", "municipality"), 1700)
        self.assertGreaterEqual(self.count("jp_places", "old_province"), 68)
        self.assertGreaterEqual(self.count("cn_places", "cn_county"), 2900)
        self.assertGreaterEqual(self.count("cn_places", "cn_prefecture"), 330)
        self.assertGreaterEqual(self.count("jp_collective", "collective"), 100)
        self.assertGreaterEqual(self.count("well_known", "well_known"), 200)
        self.assertGreaterEqual(self.count("cn_gi", "cn_gi"), 240)
        self.assertGreaterEqual(self.count("jp_liquor_gi", "liquor_gi"), 29)
        self.assertGreaterEqual(self.count("jp_gi", "gi"), 151)
        self.assertGreaterEqual(self.count("cn_gi", "eu_cn_gi"), 110)

    def test_owners_and_refs(self) -> None:
        gi = {r["id"]: r for r in self.rows("jp_gi")}
        self.assertEqual(gi["JPGI-zentsujisan-shikakusuika"]["ref"], "MAFF No. 82")
        self.assertEqual(gi["JPGI-zentsujisan-shikakusuika"]["owner"], "香川県農業協同組合")
        wk = {r["id"]: r for r in self.rows("well_known")}
        self.assertEqual(wk["WKJP-muji"]["owner"], "株式会社良品計画 / Ryohin Keikaku Co., Ltd.")
        annex = Counter(r["ref"] for r in self.rows("cn_gi") if r["kind"] == "eu_cn_gi")
        # The annexes hold 100 (III) and 175 (V) Chinese names; rows marked cannot exceed them.
        self.assertLessEqual(annex["Annex III"], 100)
        self.assertLessEqual(annex["Annex V"], 175)
        self.assertTrue(all(r["ref"] == "" for r in self.rows("cn_gi") if r["kind"] == "cn_gi"))

    def test_first_gis_and_liquor_gis_present(self) -> None:
        ja = {f for r in self.rows("jp_gi") for f in r["ja"].split("|")}
        for name in ("あおもりカシス", "但馬牛", "神戸ビーフ", "夕張メロン", "八女伝統本玉露",
                     "江戸崎かぼちゃ", "鹿児島の壺造り黒酢"):
            self.assertIn(name, ja)
        liquor = {r["ja"].split("|")[0] for r in self.rows("jp_liquor_gi")}
        for name in ("壱岐", "球磨", "琉球", "薩摩", "白山", "山梨", "日本酒", "灘五郷", "静岡",
                     "京都", "福岡"):
            self.assertIn(name, liquor)
        # Registrations MAFF cancelled are not listed (西尾の抹茶, cancelled 2020-02-03).
        self.assertNotIn("西尾の抹茶", ja)
        self.assertIn("沖縄黒糖", ja)
        for r in self.rows("jp_liquor_gi"):
            self.assertIn("JP-4-1-17", r["grounds"].split(";"), r["id"])
            self.assertEqual(r["classes"], "33", r["id"])

    def test_place_forms(self) -> None:
        by_id = {r["id"]: r for r in self.rows("jp_places")}
        self.assertEqual(by_id["JPPREF-aomori"]["ja"], "青森|青森県")
        self.assertEqual(by_id["JPPREF-aomori"]["knownness"], "3")
        imabari = by_id["JPMUN-ehime-imabarishi"]
        self.assertEqual((imabari["ja"], imabari["knownness"]), ("今治|今治市", "2"))
        cn = {r["id"]: r for r in self.rows("cn_places")}
        self.assertEqual(cn["CNPROV-11"]["zh_hans"], "北京|北京市")
        self.assertEqual(cn["CNCTY-110101"]["latin"], "dongcheng|dongchengqu")
        self.assertTrue(all(r["classes"] == "" for r in cn.values()))

    def test_other_meaning_names_are_county_level(self) -> None:
        forms = {f for r in self.rows("cn_places") for f in r["zh_hans"].split("|")}
        lines = (OUT_DIR / "other_meaning.tsv").read_text(encoding="utf-8").splitlines()[2:]
        names = [ln.split("\t")[0] for ln in lines]
        self.assertIn("光明", names)
        self.assertTrue(set(names) <= forms)


if __name__ == "__main__":
    unittest.main()
