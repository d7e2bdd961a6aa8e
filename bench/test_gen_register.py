#!/usr/bin/env python3
"""Checks of the generator's contract on a small register, and of the scoring helpers.

Run: python3 bench/test_gen_register.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import common  # noqa: E402
import gen_register  # noqa: E402


def generate(out: str, seed: int = 7, hashseed: str = "0") -> None:
    env = dict(os.environ, PYTHONHASHSEED=hashseed)
    subprocess.run([sys.executable, os.path.join(HERE, "gen_register.py"), "--n", "20000",
                    "--queries", "300", "--gazette", "2000", "--seed", str(seed), "--out", out],
                   check=True, env=env, capture_output=True)


def read(path: str) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return f.read().splitlines()


class GeneratorContract(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = cls.tmp.name
        generate(cls.out)
        cls.records = [json.loads(line) for line in read(os.path.join(cls.out, "register.jsonl"))]
        cls.by_id = {r["id"]: r for r in cls.records}
        cls.queries = [line.split("\t") for line in read(os.path.join(cls.out, "queries.tsv"))]
        cls.gen = gen_register.Generator(0)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.tmp.cleanup()

    def test_records_follow_the_schema(self) -> None:
        self.assertEqual(len(self.records), 20000)
        self.assertEqual(len(self.by_id), 20000, "ids are unique")
        for r in self.records:
            self.assertEqual(set(r), {"id", "office", "mark", "applicant", "classes",
                                      "filing_date"})
            self.assertTrue(r["id"].startswith(r["office"] + ":"))
            self.assertTrue(r["mark"].strip())
            self.assertEqual(r["classes"], sorted(set(r["classes"])))
            self.assertTrue(all(1 <= c <= 45 for c in r["classes"]))

    def test_marks_are_unique_after_folding(self) -> None:
        keys = [self.gen.fold(r["mark"]) for r in self.records]
        self.assertEqual(len(keys), len(set(keys)))

    def test_every_query_points_at_a_distinct_original_it_differs_from(self) -> None:
        self.assertEqual(len(self.queries), 300)
        folded = {self.gen.fold(r["mark"]) for r in self.records}
        expected = [q[2] for q in self.queries]
        self.assertEqual(len(expected), len(set(expected)))
        for query, kind, eid, script in self.queries:
            self.assertIn(kind, gen_register.KINDS)
            self.assertIn(script, gen_register.SCRIPTS)
            original = self.by_id[eid]["mark"]
            self.assertNotEqual(query, original)
            if kind == "variant":
                self.assertEqual(self.gen.fold(query), self.gen.fold(original))
            else:
                self.assertNotIn(self.gen.fold(query), folded, f"{query} is a register mark")

    def test_every_kind_and_script_is_planted(self) -> None:
        self.assertEqual({q[1] for q in self.queries}, set(gen_register.KINDS))
        self.assertEqual({q[3] for q in self.queries}, set(gen_register.SCRIPTS))

    def test_gazette_copies_point_at_register_marks(self) -> None:
        gazette = [json.loads(line) for line in read(os.path.join(self.out, "gazette.jsonl"))]
        self.assertEqual(len(gazette), 2000)
        ids = {g["id"] for g in gazette}
        self.assertFalse(ids & set(self.by_id), "filing ids are new")
        expect = [line.split("\t") for line in read(os.path.join(self.out,
                                                                  "gazette_expect.tsv"))]
        self.assertEqual(len(expect), 40)
        for fid, _, eid, _ in expect:
            self.assertIn(fid, ids)
            self.assertIn(eid, self.by_id)

    def test_output_is_deterministic_across_hash_seeds(self) -> None:
        with tempfile.TemporaryDirectory() as other:
            generate(other, hashseed="12345")
            for name in ("register.jsonl", "queries.tsv", "gazette.jsonl", "gazette_expect.tsv"):
                self.assertEqual(read(os.path.join(self.out, name)),
                                 read(os.path.join(other, name)), name)

    def test_kana_to_romaji(self) -> None:
        self.assertEqual(gen_register.kana_to_romaji("コウキョウ"), "kokyo")
        self.assertEqual(gen_register.kana_to_romaji("ホッカイ"), "hokkai")
        self.assertEqual(gen_register.kana_to_romaji("ルミナース"), "ruminasu")


class Scoring(unittest.TestCase):
    def test_percentile_is_nearest_rank(self) -> None:
        values = [float(v) for v in range(1, 101)]
        self.assertEqual(common.percentile(values, 50), 50.0)
        self.assertEqual(common.percentile(values, 99), 99.0)
        self.assertEqual(common.percentile([3.0], 99), 3.0)

    def test_recall_counts_the_expected_id_in_the_first_ten(self) -> None:
        qs = [{"query": "a", "kind": "edit", "expected": "X", "script": "latin"},
              {"query": "b", "kind": "edit", "expected": "Y", "script": "kanji"}]
        hits = [[f"Z{i}" for i in range(9)] + ["X"], [f"Z{i}" for i in range(10)] + ["Y"]]
        res = common.summarize(qs, hits, [1.0, 2.0])
        self.assertEqual(res["recall_at_10"], 0.5)
        self.assertEqual(res["recall_by_script"]["kanji"]["recall"], 0.0)
        self.assertEqual(res["p99_ms"], 2.0)


if __name__ == "__main__":
    unittest.main()
