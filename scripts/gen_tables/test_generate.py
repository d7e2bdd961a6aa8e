#!/usr/bin/env python3
"""Tests for generate.py's parsers and for the committed tables in data/.

Run from anywhere: `python3 scripts/gen_tables/test_generate.py` (stdlib unittest;
needs no installed package: the table tests read the committed files only).
"""

from __future__ import annotations

import sys
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate as g  # noqa: E402

DATA = HERE.parent.parent / "data"

# name -> (relative path, number of columns)
TABLES = {
    "variants": ("unihan/variants.tsv", 2),
    "ipadic-readings": ("ipadic/readings.tsv", 2),
    "kanjidic2": ("ccbysa/kanjidic2.tsv", 5),
    "jmnedict": ("ccbysa/jmnedict.tsv", 2),
    "edict": ("ccbysa/edict.tsv", 2),
    "loanwords": ("ccbysa/loanwords.tsv", 2),
    "common_words": ("ccbysa/common_words.tsv", 3),
    "common_words_zh": ("ccbysa/common_words_zh.tsv", 2),
    "concepts": ("ccbysa/concepts.tsv", 3),
    "jp-municipalities": ("places/jp_municipalities.tsv", 4),
    "cn-divisions": ("places/cn_divisions.tsv", 4),
}


def load(name: str) -> list[tuple[str, ...]]:
    return g.read_table(DATA / TABLES[name][0])


def as_map(rows) -> dict[str, tuple[str, ...]]:
    return {r[0]: r for r in rows}


class Helpers(unittest.TestCase):
    def test_kata_to_hira(self):
        cases = {
            "アオモリ": "あおもり",
            "ヴァイオリン": "ゔぁいおりん",
            "ラーメン": "らーめん",
            "ヽヾ": "ゝゞ",
            "漢字カナ": "漢字かな",
        }
        for kata, hira in cases.items():
            self.assertEqual(g.kata_to_hira(kata), hira, kata)

    def test_is_hiragana(self):
        self.assertTrue(g.is_hiragana("こしひかり"))
        self.assertTrue(g.is_hiragana("らーめん"))
        self.assertFalse(g.is_hiragana(""))
        self.assertFalse(g.is_hiragana("コシ"))
        self.assertFalse(g.is_hiragana("こし光"))

    def test_ideographs(self):
        self.assertTrue(g.has_ideograph("無印良品"))
        self.assertTrue(g.has_ideograph("ぬ𠀋"))  # plane 2
        self.assertFalse(g.has_ideograph("むじるし々"))  # 々 is not an ideograph

    def test_unihan_chars(self):
        self.assertEqual(g.unihan_chars("U+9435<kLau,kMatthews U+9295"), ["鐵", "銕"])

    def test_gloss_key(self):
        self.assertEqual(g.gloss_key("(n) (1) Green Tea"), "green tea")
        self.assertEqual(g.gloss_key("(husked) rice"), "rice")
        self.assertEqual(g.gloss_key("tea"), "tea")

    def test_syllables(self):
        self.assertEqual(g.syllables("Bei3 jing1 shi4"), "bei jing shi")
        self.assertEqual(g.syllables("lu:4 cha2"), "lv cha")

    def test_pinyin_for_uses_longest_words(self):
        idx = {"杭州": "hang zhou", "杭": "hang", "州": "zhou", "市": "shi"}
        self.assertEqual(g.pinyin_for("杭州市", idx), "hang zhou shi")
        self.assertIsNone(g.pinyin_for("杭X", idx))


class Loanwords(unittest.TestCase):
    def test_katakana_romaji(self):
        for kata, romaji in [("ホワイト", "howaito"), ("ラビット", "rabitto"), ("クイーン", "kuiin"),
                             ("ウィスキー", "wisukii"), ("チョコレート", "chokoreeto"),
                             ("ジョイ", "joi")]:
            self.assertEqual(g.katakana_romaji(kata), romaji, kata)
        self.assertIsNone(g.katakana_romaji("ホワイト兎"))

    def test_loanwords_sound_like_the_word_translations_do_not(self):
        for word, kata in [("rabbit", "ラビット"), ("white", "ホワイト"), ("whisky", "ウィスキー"),
                           ("queen", "クイーン"), ("young", "ヤング"), ("apple", "アップル"),
                           ("heart", "ハート"), ("chocolate", "チョコレート")]:
            self.assertGreaterEqual(g.loanword_agreement(word, kata), g.LOANWORD_MIN_AGREEMENT,
                                    (word, kata))
        for word, kata in [("rabbit", "ウサギ"), ("star", "アイドル"), ("motorcycle", "バイク"),
                           ("apple", "リンゴ"), ("bread", "パン")]:
            self.assertLess(g.loanword_agreement(word, kata), g.LOANWORD_MIN_AGREEMENT,
                            (word, kata))


class EdictParsing(unittest.TestCase):
    P = Path("test")

    def test_restricted_readings_and_tags(self):
        line = "日本;日本(P);大和(oK) [にほん(日本)(P);にっぽん;やまと(大和)] /(n) Japan/EntL1/"
        parsed = g.parse_edict_line(self.P, 1, line)
        pairs = set(g.words_with_readings(parsed))
        self.assertIn(("日本", "にほん"), pairs)
        self.assertIn(("日本", "にっぽん"), pairs)
        # 大和 is an irregular (oK) spelling: skipped; やまと is restricted to it.
        self.assertNotIn(("大和", "やまと"), pairs)
        self.assertNotIn(("日本", "やまと"), pairs)
        words, readings, glosses = parsed
        self.assertEqual(glosses, ["(n) Japan"])
        self.assertTrue(any(common for _w, common, _irr in words))

    def test_header_and_broken_lines_are_skipped(self):
        self.assertIsNone(g.parse_edict_line(self.P, 1, "\u3000？？？ /EDICT header/"))
        before = len(g.SKIPPED)
        self.assertIsNone(g.parse_edict_line(self.P, 2, "４° [しど] /"))
        self.assertEqual(len(g.SKIPPED), before + 1)
        self.assertIn("test:2", g.SKIPPED[-1])

    def test_enamdict_line(self):
        parsed = g.parse_edict_line(self.P, 3, "神戸 [こうべ] /(p,s) Kobe (port city near Osaka)/")
        self.assertEqual(list(g.words_with_readings(parsed)), [("神戸", "こうべ")])


class CommonWords(unittest.TestCase):
    """gen_common_words keeps EDICT2 entries marked (P), with their readings and, for a
    katakana loanword, its English word."""

    def test_common_entries_only(self):
        import tempfile
        lines = [
            "苺 [いちご] /(n) strawberry/(P)/",
            "白波 [しらなみ] /(n) white-crested waves/",
            "ベンチ /(n) bench/(P)/",
            "ウサギ /(n) rabbit/(P)/",
            "頭 [あたま] /(n) head/(P)/",
            "頭 [こうべ] /(n) head/",
        ]
        entries = [(i, g.parse_edict_line(Path("t"), i, line)) for i, line in enumerate(lines, 1)]
        with tempfile.TemporaryDirectory() as tmp:
            g.gen_common_words(Path(tmp), entries)
            rows = as_map(g.read_table(Path(tmp) / "ccbysa/common_words.tsv"))
        self.assertEqual(rows["苺"], ("苺", "いちご", ""))
        self.assertNotIn("白波", rows)
        self.assertEqual(rows["ベンチ"], ("ベンチ", "べんち", "bench"))
        # A translation is a common word, but not the English word's loanword.
        self.assertEqual(rows["ウサギ"], ("ウサギ", "うさぎ", ""))
        self.assertEqual(rows["頭"], ("頭", "あたま", ""))

    def test_chinese_words_are_not_proper_nouns(self):
        import tempfile
        entries = [
            (1, "蘋果", "苹果", "ping2 guo3", ["apple"]),
            (2, "平谷", "平谷", "Ping2 gu3", ["Pinggu district of Beijing"]),
            (3, "綠茶", "绿茶", "lu:4 cha2", ["green tea"]),
            (4, "乾淨", "干净", "gan1 jing4", ["variant of 乾淨|干净"]),
            (5, "茶", "茶", "cha2", ["tea"]),
        ]
        with tempfile.TemporaryDirectory() as tmp:
            g.gen_common_words_zh(Path(tmp), entries)
            rows = as_map(g.read_table(Path(tmp) / "ccbysa/common_words_zh.tsv"))
        self.assertEqual(rows["苹果"], ("苹果", "ping guo"))
        self.assertEqual(rows["绿茶"], ("绿茶", "lv cha"))
        self.assertNotIn("平谷", rows)  # a proper noun
        self.assertNotIn("干净", rows)  # only a variant note
        self.assertNotIn("茶", rows)  # one character

    def test_committed_spot_rows(self):
        rows = as_map(load("common_words"))
        self.assertEqual(rows["苺"][1], "いちご")
        self.assertIn("unique", rows["ユニーク"][2].split("|"))
        self.assertNotIn("白波", rows)


class CommittedTables(unittest.TestCase):
    """The committed tables follow the format contract in data/README.md."""

    def test_format(self):
        for name, (rel, ncols) in TABLES.items():
            path = DATA / rel
            with self.subTest(table=name):
                raw = path.read_bytes()
                self.assertNotIn(b"\r", raw)
                self.assertTrue(raw.endswith(b"\n"))
                text = raw.decode("utf-8")
                lines = text.split("\n")[:-1]
                header = lines[0]
                self.assertTrue(header.startswith(f"# markwatch-table {name} v1; source: "), header)
                self.assertIn("; licence: ", header)
                self.assertEqual(header.count(";"), 2, header)
                rows = [line.split("\t") for line in lines[1:]]
                self.assertGreater(len(rows), 100)
                for i, r in enumerate(rows, 2):
                    self.assertEqual(len(r), ncols, f"{rel}:{i}: {r}")
                    self.assertTrue(r[0], f"{rel}:{i}: empty first field")
                    self.assertFalse(r[0].startswith("#"), f"{rel}:{i}: comment line")
                firsts = [r[0] for r in rows]
                self.assertEqual(firsts, sorted(firsts), f"{rel}: not sorted by first column")

    def test_readings_are_hiragana(self):
        for name in ("ipadic-readings", "jmnedict", "edict"):
            with self.subTest(table=name):
                for word, readings in load(name):
                    self.assertTrue(g.has_ideograph(word), word)
                    for r in readings.split("|"):
                        self.assertTrue(g.is_hiragana(r), f"{name}: {word} -> {r!r}")

    def test_spot_readings(self):
        ipadic, jmn, edict = (as_map(load(n)) for n in ("ipadic-readings", "jmnedict", "edict"))
        expected = [
            ("青森", "あおもり"),
            ("讃岐", "さぬき"),
            ("松阪", "まつさか"),
            ("今治", "いまばり"),
            ("神戸", "こうべ"),
        ]
        for word, reading in expected:
            for name, table in (("ipadic", ipadic), ("jmnedict", jmn)):
                with self.subTest(word=word, table=name):
                    # The expected reading is the first, most likely one.
                    self.assertEqual(table[word][1].split("|")[0], reading)
        self.assertIn("むじるしりょうひん", jmn["無印良品"][1].split("|"))
        self.assertIn("こしひかり", edict["越光"][1].split("|"))

    def test_kanjidic_nanori_and_okurigana(self):
        kd = as_map(load("kanjidic2"))
        self.assertIn("こし", kd["越"][3].split())
        self.assertIn("ひかり", kd["光"][2].split())
        for lit, on, kun, nanori, grade in kd.values():
            for field in (on, kun, nanori):
                for r in field.split():
                    self.assertNotIn(".", r, lit)
                    self.assertNotIn("-", r, lit)
                    self.assertTrue(g.is_hiragana(r), f"{lit}: {r!r}")
            self.assertTrue(grade == "" or grade.isdigit(), f"{lit}: grade {grade!r}")
        # School grades: 園 and 合 are taught in grade 2; the simplified 园 has none.
        self.assertEqual(kd["園"][4], "2")
        self.assertEqual(kd["合"][4], "2")
        self.assertEqual(kd["园"][4], "")

    def test_variants_fold_required_groups(self):
        fold = {a: b for a, b in load("variants")}
        for group in g.REQUIRED_FOLDS:
            with self.subTest(group=group):
                self.assertEqual(len({fold.get(c, c) for c in group}), 1)
        # canonical forms are the simplified ones and are never themselves folded
        self.assertEqual(fold["廣"], "广")
        self.assertEqual(fold["縣"], "县")
        for canon in set(fold.values()):
            self.assertNotIn(canon, fold, canon)
        # ambiguous simplifications stay apart
        self.assertNotEqual(fold.get("乾", "乾"), fold.get("干", "干"))
        self.assertNotEqual(fold.get("著", "著"), fold.get("着", "着"))

    def test_concepts(self):
        rows = load("concepts")
        langs = {r[1] for r in rows}
        self.assertEqual(langs, {"zh", "ja", "en"})
        by = {}
        for cid, lang, word in rows:
            by.setdefault((cid, lang), set()).add(word)
        self.assertIn("粉丝", by[("vermicelli", "zh")])
        self.assertIn("春雨", by[("vermicelli", "ja")])
        self.assertIn("红茶", by[("black_tea", "zh")])
        self.assertIn("紅茶", by[("black_tea", "ja")])
        self.assertIn("tea", by[("tea", "en")])
        # single hanzi are chosen by hand only (generic_extra.tsv)
        extra_words = {cols[2] for _i, cols in g.read_tsv_source(HERE / "generic_extra.tsv", 3)}
        for cid, lang, word in rows:
            if lang == "zh" and len(word) == 1:
                self.assertIn(word, extra_words, cid)
        # every concept id is in the seed list
        seeds = g.read_seed()
        self.assertTrue({r[0] for r in rows} <= set(seeds))

    def test_places(self):
        jp = load("jp-municipalities")
        levels = {r[2] for r in jp}
        self.assertEqual(levels, {"prefecture", "municipality"})
        self.assertIn(("今治市", "いまばりし", "municipality", "愛媛県"), jp)
        self.assertEqual(sum(1 for r in jp if r[2] == "prefecture"), 47)
        cn = load("cn-divisions")
        self.assertIn(("杭州市", "hang zhou shi", "city", "浙江省"), cn)
        self.assertEqual({r[2] for r in cn}, {"province", "city", "county"})


if __name__ == "__main__":
    unittest.main()
