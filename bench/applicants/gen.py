#!/usr/bin/env python3
"""Generate a synthetic register with planted hoarders for evaluating applicant profiles.

Standard library only, deterministic for a given --seed (no set iteration, no hash order).

Outputs (directory --out, default bench/applicants/data):
  register.jsonl   one record a line, markwatch JSONL (full form): id, office, mark,
                   applicants [{name, address}], representative {name}, classes
                   [{class, jp_groups | cn_groups}], dates {filing, registration}
  watch.csv        the planted targets as a markwatch watch list: id,kind,names,owner,country,classes
  targets.jsonl    the same targets with their own dates: {id, kind, names, owner, date}
  side.jsonl       side data: assignments and adverse findings (markwatch_core::applicants::SideData)
  planted.tsv      name<TAB>role<TAB>hoarder(1|0): every planted applicant and what it is

Roles (hoarder = 1 unless said otherwise):
  squatter     an individual filing ten Japanese sake brands / place names / GIs (some under a
               second spelling of the name at the same address)
  volume       a company filing 200 coined marks in 30 classes within one month
  agency       a trademark agency filing marks outside class 45
  nearmiss     an individual or company filing 3 variants of one target (松阪 -> 松坂, 松板)
  conglomerate (0) a large company filing its 3-5 house marks across 25-35 classes (one filing
               per class and mark) in a filing programme of 1-3 months, with a subsidiary at
               the same address; some of its marks are on the watch list as its own
  gi_owner     (0) a GI association filing its own GI name in a few classes
  agency45     (0) an agency filing its own name in class 45 only
  busy         (0) an ordinary company launching 6-12 products in one month
Everything else is ordinary: individuals and companies with 1-40 coined marks over years.
"""

from __future__ import annotations

import argparse
import json
import os
import random

SYL = ("ka ki ko ku sa so su ta to na no ma mi mo ra ri ro re lu li va vi da do ba bo be pa po "
       "ga go za fa fo ha ho ya yo tra tri pro cre pla bri gra sta clo").split()
CODA = "n ren ran lin ton tex max lux nas ris vel mel sol nor dor ion ia ix us um is el ar on".split()
CJK = ("华康源元园美丽利佳家嘉新心泰龙丰风峰乐广光东宝圣盛国齐奇爱云荣泽万金锦鲜吉古农京晶精天大"
       "达王旺玉宇白百本牧千日月星兴福富寿春秋山川水海江河和明名松竹雅堂安德顺泉香祥翔瑞诗今味"
       "维威仁宫建健清庆博芳永优友悦中忠众洋阳")
CN_CITY = "北京 上海 广州 深圳 杭州 宁波 温州 厦门 福州 青岛 济南 郑州 武汉 长沙 成都 重庆 西安 南京 苏州 无锡 合肥 南昌 昆明 海口 义乌 东莞 佛山 汕头".split()
CN_BIZ = "贸易 商贸 食品 科技 实业 酒业 服饰 电子 生物 日用品 文化 家居 餐饮 农业".split()
JP_BIZ = "商事 食品 産業 工業 物産 酒造 製菓 電機 化成 興産".split()
EN_BIZ = "Trading Foods Industries Tech Global Home Beauty".split()
CN_SURNAME = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
CN_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建文斌宇浩凯健俊帆帅旭宁"
JP_SURNAME = "佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 斎藤 清水".split()
JP_GIVEN = "太郎 一郎 健 誠 翔 大輔 花子 陽子 美咲 直樹 拓也 恵 裕子 聡 学".split()
CN_ROAD = "人民路 解放路 中山路 建设路 和平路 新华路 长江路 黄河路 滨江路 文三路 创业路 科技路".split()
JP_TOWN = "東京都港区 東京都中央区 大阪府大阪市北区 京都府京都市中京区 愛知県名古屋市中区 福岡県福岡市博多区 北海道札幌市中央区".split()

# Targets: (id, kind, [names], owner, country, classes, date). Sake brands, places, GIs, brands.
TARGETS = [
    ("S-dassai", "brand", ["獺祭", "獭祭", "DASSAI"], "旭酒造株式会社", "JP", "32;33", "2014-06-01"),
    ("S-kubota", "brand", ["久保田", "KUBOTA"], "朝日酒造株式会社", "JP", "33", "2016-03-01"),
    ("S-hakkaisan", "brand", ["八海山", "HAKKAISAN"], "八海醸造株式会社", "JP", "33", None),
    ("S-juyondai", "brand", ["十四代", "JUYONDAI"], "高木酒造株式会社", "JP", "33", None),
    ("S-kokuryu", "brand", ["黒龍", "黑龙", "KOKURYU"], "黒龍酒造株式会社", "JP", "33", None),
    ("S-dewazakura", "brand", ["出羽桜", "出羽樱", "DEWAZAKURA"], "出羽桜酒造株式会社", "JP", "33", None),
    ("S-kikumasamune", "brand", ["菊正宗", "KIKUMASAMUNE"], "菊正宗酒造株式会社", "JP", "33", None),
    ("S-hakutsuru", "brand", ["白鶴", "白鹤", "HAKUTSURU"], "白鶴酒造株式会社", "JP", "33", None),
    ("S-gekkeikan", "brand", ["月桂冠", "GEKKEIKAN"], "月桂冠株式会社", "JP", "33", "2019-01-01"),
    ("S-ozeki", "brand", ["大関", "大关", "OZEKI"], "大関株式会社", "JP", "33", None),
    ("S-kamotsuru", "brand", ["賀茂鶴", "贺茂鹤", "KAMOTSURU"], "賀茂鶴酒造株式会社", "JP", "33", None),
    ("S-koshinokanbai", "brand", ["越乃寒梅", "KOSHINOKANBAI"], "石本酒造株式会社", "JP", "33", None),
    ("S-isojiman", "brand", ["磯自慢", "矶自慢", "ISOJIMAN"], "磯自慢酒造株式会社", "JP", "33", None),
    ("S-hiroki", "brand", ["飛露喜", "飞露喜", "HIROKI"], "合資会社廣木酒造本店", "JP", "33", None),
    ("S-denshu", "brand", ["田酒", "DENSHU"], "株式会社西田酒造店", "JP", "33", None),
    ("S-jikon", "brand", ["而今", "JIKON"], "木屋正酒造合資会社", "JP", "33", None),
    ("S-nabeshima", "brand", ["鍋島", "锅岛", "NABESHIMA"], "富久千代酒造有限会社", "JP", "33", None),
    ("S-kuheiji", "brand", ["醸し人九平次", "九平次", "KUHEIJI"], "株式会社萬乗醸造", "JP", "33", None),
    ("G-matsusaka", "gi", ["松阪牛", "MATSUSAKAUSHI"], "松阪牛協議会", "JP", "29", "2017-03-03"),
    ("G-kobe", "gi", ["神戸ビーフ", "神户牛肉", "神戸牛", "KOBEBEEF"], "神戸肉流通推進協議会", "JP", "29", "2015-12-22"),
    ("G-yubari", "gi", ["夕張メロン", "夕张蜜瓜", "YUBARIMELON"], "夕張市農業協同組合", "JP", "31", "2015-12-22"),
    ("G-tajima", "gi", ["但馬牛", "但马牛", "TAJIMAUSHI"], "但馬牛振興協議会", "JP", "29", "2015-12-22"),
    ("G-uji", "gi", ["宇治茶", "UJICHA"], "京都府茶協同組合", "JP", "30", None),
    ("G-yame", "gi", ["八女茶", "YAMECHA"], "福岡県茶商工業協同組合", "JP", "30", None),
    ("G-imabari", "gi", ["今治タオル", "今治毛巾", "IMABARITOWEL"], "今治タオル工業組合", "JP", "24", None),
    ("G-satsuma", "gi", ["薩摩", "萨摩", "SATSUMA"], None, "JP", "33", None),
    ("G-iki", "gi", ["壱岐", "壹岐", "IKI"], None, "JP", "33", None),
    ("G-kuma", "gi", ["球磨", "KUMA"], None, "JP", "33", None),
    ("P-niigata", "place", ["新潟", "新泻", "NIIGATA"], "新潟県", "JP", "", None),
    ("P-akita", "place", ["秋田", "AKITA"], "秋田県", "JP", "", None),
    ("P-yamagata", "place", ["山形", "YAMAGATA"], "山形県", "JP", "", None),
    ("P-hiroshima", "place", ["広島", "广岛", "HIROSHIMA"], "広島県", "JP", "", None),
    ("P-nada", "place", ["灘", "滩", "NADA"], None, "JP", "", None),
    ("P-fushimi", "place", ["伏見", "伏见", "FUSHIMI"], None, "JP", "", None),
    ("P-shizuoka", "place", ["静岡", "静冈", "SHIZUOKA"], "静岡県", "JP", "", None),
    ("P-kagoshima", "place", ["鹿児島", "鹿儿岛", "KAGOSHIMA"], "鹿児島県", "JP", "", None),
    # Conglomerates' own marks: matching them is not third-party copying for their owners.
    ("B-hoshimori", "brand", ["星森", "HOSHIMORI"], "星森ホールディングス株式会社", "JP", "", None),
    ("B-tianhe", "brand", ["天和", "TIANHE"], "天和集团股份有限公司", "CN", "", None),
]

# Near-miss variants of targets (one character changed by shape or sound).
NEARMISS = {
    "G-matsusaka": ["松阪牛", "松坂牛", "松板牛"],
    "S-hakkaisan": ["八海山", "八海仙", "八梅山"],
    "S-kubota": ["久保田", "久宝田", "久保由"],
    "G-yubari": ["夕张蜜瓜", "夕長蜜瓜", "夕帳蜜瓜"],
    "S-juyondai": ["十四代", "十四伐", "拾四代"],
    "G-tajima": ["但马牛", "但焉牛", "旦马牛"],
    "S-dassai": ["獭祭", "獭际", "獺際"],
}

HOUSE_MARKS = {
    "星森ホールディングス株式会社": ["星森", "HOSHIMORI", "ホシモリ", "星森プレミアム"],
    "天和集团股份有限公司": ["天和", "TIANHE", "天和优选"],
}


class Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.serial = 0
        self.records: list[dict] = []
        self.planted: list[tuple[str, str, int]] = []
        self.side: list[dict] = []
        self.used_names: set[str] = set()

    # -- names ---------------------------------------------------------------------------
    def coined(self) -> str:
        r = self.rng
        if r.random() < 0.5:
            s = "".join(r.choice(SYL) for _ in range(r.randint(1, 3))) + r.choice(CODA)
            return s.capitalize() if r.random() < 0.7 else s.upper()
        return "".join(r.choice(CJK) for _ in range(r.randint(2, 3)))

    def unique(self, make) -> str:
        for _ in range(1000):
            n = make()
            if n not in self.used_names:
                self.used_names.add(n)
                return n
        raise RuntimeError("name space exhausted")

    def company_name(self, country: str) -> str:
        r = self.rng
        r.choice(CJK), r.choice(CJK)  # drawn for every country: keeps each seed's data stable
        if country == "CN":
            return self.unique(lambda: f"{r.choice(CN_CITY)}{''.join(r.choice(CJK) for _ in range(2))}{r.choice(CN_BIZ)}有限公司")
        if country == "JP":
            form = r.choice(["株式会社{}", "{}株式会社", "有限会社{}"])
            return self.unique(lambda: form.format("".join(r.choice(CJK) for _ in range(2)) + r.choice(JP_BIZ)))
        return self.unique(lambda: f"{self.coined().capitalize()} {r.choice(EN_BIZ)} Co., Ltd.")

    def person_name(self, country: str) -> str:
        r = self.rng
        if country == "CN":
            return self.unique(lambda: r.choice(CN_SURNAME) + "".join(r.choice(CN_GIVEN) for _ in range(r.randint(1, 2))))
        return self.unique(lambda: r.choice(JP_SURNAME) + r.choice(JP_GIVEN) + r.choice(["", "", str(r.randint(1, 99))]))

    def address(self, country: str) -> str:
        r = self.rng
        if country == "CN":
            return f"{r.choice(CN_CITY)}市{r.choice(CN_ROAD)}{r.randint(1, 999)}号{r.randint(1, 30)}楼{r.randint(101, 2999)}室"
        return f"{r.choice(JP_TOWN)}{r.randint(1, 9)}丁目{r.randint(1, 30)}番{r.randint(1, 20)}号 {r.randint(101, 1999)}"

    # -- records -------------------------------------------------------------------------
    def date(self, start: int, span_days: int) -> str:
        import datetime
        d = datetime.date.fromordinal(start + self.rng.randrange(max(1, span_days)))
        return d.isoformat()

    def record(self, office: str, mark: str, applicant: dict, classes: list[int], filing: str,
               rep: str | None = None, groups: int | None = None, registered: bool = False) -> dict:
        self.serial += 1
        rid = f"{office}:{80000000 + self.serial}"
        key = "jp_groups" if office == "JP" else "cn_groups"
        cls = []
        for c in sorted(set(classes)):
            n = groups if groups is not None else self.rng.randint(1, 4)
            if office == "JP":
                g = [f"{c:02d}{chr(65 + i)}01" for i in range(n)]
            else:
                g = [f"{c:02d}{i + 1:02d}" for i in range(n)]
            cls.append({"class": c, key: g})
        rec = {"id": rid, "office": office, "mark": mark, "applicants": [applicant], "classes": cls,
               "dates": {"filing": filing}}
        if registered:
            import datetime
            reg = datetime.date.fromisoformat(filing) + datetime.timedelta(days=self.rng.randint(270, 420))
            rec["dates"]["registration"] = reg.isoformat()
            rec["status"] = "registered"
        if rep:
            rec["representative"] = {"name": rep}
        self.records.append(rec)
        return rec


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100000, help="about this many records in all")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    import datetime
    g = Gen(a.seed)
    r = g.rng
    y2015 = datetime.date(2015, 1, 1).toordinal()
    y2023 = datetime.date(2023, 1, 1).toordinal()
    span = 11 * 365
    agencies = [f"{r.choice(CN_CITY)}{''.join(r.choice(CJK) for _ in range(2))}商标代理有限公司" for _ in range(150)]
    agencies += [f"{r.choice(JP_SURNAME)}国際特許事務所" for _ in range(50)]
    targets = {t[0]: t for t in TARGETS}

    # Planted applicants first (their names must not be taken by ordinary ones).
    # squatters: individuals filing ten sake brands / places / GIs
    third_party = [t for t in TARGETS if not t[0].startswith("B-")]
    for i in range(12):
        country = "CN"
        name = g.person_name(country)
        addr = g.address(country)
        g.planted.append((name, "squatter", 1))
        alias = None
        if i % 3 == 0:  # a relative filing from the same address
            alias = g.person_name(country)
            g.planted.append((alias, "squatter", 1))
        elif i % 3 == 1:  # the same person, traditional spelling
            alias = name[0] + "".join({"伟": "偉", "丽": "麗", "华": "華", "军": "軍", "红": "紅", "刚": "剛", "艳": "艷", "娟": "娟", "涛": "濤", "鹏": "鵬", "辉": "輝", "宁": "寧", "凯": "凱", "帅": "帥", "俊": "俊"}.get(c, c) for c in name[1:])
        start = y2023 + r.randrange(400)
        picks = r.sample(third_party, 10)
        rep = r.choice(agencies)
        for j, t in enumerate(picks):
            mark = r.choice(t[2])
            applicant = {"name": alias if (alias and j % 2) else name, "address": addr}
            rec = g.record("CN", mark, applicant, [33] + ([32] if r.random() < 0.3 else []),
                           g.date(start, 500), rep=rep, registered=r.random() < 0.5)
            if i % 4 == 1 and "registration" in rec["dates"]:
                d = datetime.date.fromisoformat(rec["dates"]["registration"]) + datetime.timedelta(days=r.randint(20, 200))
                g.side.append({"type": "assignment", "record_id": rec["id"], "date": d.isoformat(), "assignee": g.company_name("CN")})
        if i == 5:
            g.side.append({"type": "adverse", "applicant": name, "date": "2022-05-01", "decision": "opposition upheld (Art. 4)"})
    # volume hoarders: 200 coined marks in 30 classes within a month
    for i in range(6):
        name = g.company_name("CN")
        g.planted.append((name, "volume", 1))
        addr = g.address("CN")
        start = y2023 + r.randrange(600)
        classes = r.sample(range(1, 46), 30)
        for k in range(200):
            g.record("CN", g.coined(), {"name": name, "address": addr}, [classes[k % 30]],
                     g.date(start, 30), rep=r.choice(agencies))
    # agencies filing outside class 45
    for i in range(6):
        name = g.unique(lambda: f"{r.choice(CN_CITY)}{''.join(r.choice(CJK) for _ in range(2))}知识产权代理有限公司")
        g.planted.append((name, "agency", 1))
        for k in range(r.randint(2, 8)):
            g.record("CN", g.coined(), {"name": name, "address": g.address("CN")},
                     r.sample([25, 30, 33, 35, 43, 9, 3], r.randint(1, 2)), g.date(y2015, span))
    # near-miss filers: three variants of one target
    for i, (tid, variants) in enumerate(sorted(NEARMISS.items())):
        name = g.person_name("CN") if i % 2 else g.company_name("CN")
        g.planted.append((name, "nearmiss", 1))
        addr = g.address("CN")
        start = y2015 + r.randrange(span - 200)
        cls = int(targets[tid][5].split(";")[0])
        for v in variants:
            g.record("CN", v, {"name": name, "address": addr}, [cls], g.date(start, 120))
        for k in range(r.randint(0, 3)):  # and some ordinary marks of its own
            g.record("CN", g.coined(), {"name": name, "address": addr}, [cls], g.date(y2015, span))
    # conglomerates: house marks across many classes, subsidiary at the same address
    for owner, marks in sorted(HOUSE_MARKS.items()):
        country = "JP" if "株式会社" in owner else "CN"
        g.used_names.add(owner)
        addr = g.address(country)
        sub = (owner.replace("ホールディングス", "商事") if country == "JP"
               else owner.replace("集团股份有限公司", "电子有限公司"))
        g.used_names.add(sub)
        g.planted.append((owner, "conglomerate", 0))
        start = y2015 + r.randrange(span - 100)
        classes = r.sample(range(1, 46), r.randint(25, 35))
        for m in marks:
            for c in classes:
                who = sub if c in (9, 35, 42) else owner
                g.record(country, m, {"name": who, "address": addr}, [c], g.date(start, 90),
                         rep=r.choice(agencies))
        for k in range(20):  # ordinary product marks over the years
            g.record(country, g.coined(), {"name": owner, "address": addr}, [r.randint(1, 45)],
                     g.date(y2015, span))
    for i in range(3):  # more conglomerates without watch-listed marks
        country = r.choice(["CN", "JP"])
        owner = g.company_name(country)
        g.planted.append((owner, "conglomerate", 0))
        addr = g.address(country)
        marks = [g.coined() for _ in range(r.randint(3, 5))]
        start = y2015 + r.randrange(span - 100)
        classes = r.sample(range(1, 46), r.randint(25, 35))
        for m in marks:
            for c in classes:
                g.record(country, m, {"name": owner, "address": addr}, [c], g.date(start, 60))
    # GI owners filing their own GI names
    for t in TARGETS:
        if t[1] == "gi" and t[3]:
            g.used_names.add(t[3])
            g.planted.append((t[3], "gi_owner", 0))
            for c in [int(x) for x in t[5].split(";")] + [35]:
                g.record("CN", t[2][-1] if r.random() < 0.5 else t[2][0], {"name": t[3], "address": g.address("JP")},
                         [c], g.date(y2015, span))
    # agencies filing their own name in class 45 only
    for i in range(5):
        name = agencies[i]
        g.used_names.add(name)
        g.planted.append((name, "agency45", 0))
        g.record("CN", name[2:4] + "知产", {"name": name, "address": g.address("CN")}, [45], g.date(y2015, span))
    # busy ordinary companies: a product launch of 6-12 marks in one month
    for i in range(40):
        country = r.choice(["CN", "JP"])
        name = g.company_name(country)
        g.planted.append((name, "busy", 0))
        addr = g.address(country)
        start = y2015 + r.randrange(span - 40)
        cls = r.sample(range(1, 46), 3)
        for k in range(r.randint(6, 12)):
            g.record(country, g.coined(), {"name": name, "address": addr}, r.sample(cls, r.randint(1, 2)),
                     g.date(start, 30), rep=r.choice(agencies))

    # Ordinary applicants until about n records.
    while len(g.records) < a.n:
        country = r.choice(["CN", "CN", "CN", "JP", "US"])
        person = r.random() < 0.35 and country != "US"
        name = g.person_name(country) if person else g.company_name(country)
        addr = g.address("CN" if country == "CN" else "JP") if country != "US" else f"{r.randint(1, 9999)} Main Street, Springfield"
        n = 1 + int(r.paretovariate(1.6)) - 1 if person else min(40, int(r.paretovariate(1.1)))
        n = max(1, min(n, 40))
        rep = r.choice(agencies) if r.random() < 0.7 else None
        office = "JP" if country == "JP" and r.random() < 0.6 else "CN"
        for k in range(n):
            g.record(office, g.coined(), {"name": name, "address": addr},
                     r.sample(range(1, 46), r.choice([1, 1, 1, 2, 3])), g.date(y2015, span), rep=rep,
                     registered=r.random() < 0.4)
            if r.random() < 0.002:
                g.side.append({"type": "assignment", "record_id": g.records[-1]["id"],
                               "date": g.date(y2023, 700)})

    with open(os.path.join(a.out, "register.jsonl"), "w", encoding="utf-8") as f:
        for rec in g.records:
            f.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
    with open(os.path.join(a.out, "watch.csv"), "w", encoding="utf-8") as f:
        f.write("id,kind,names,owner,country,classes\n")
        for t in TARGETS:
            f.write(f"{t[0]},{t[1]},{'|'.join(t[2])},{t[3] or ''},{t[4]},{t[5]}\n")
    with open(os.path.join(a.out, "targets.jsonl"), "w", encoding="utf-8") as f:
        for t in TARGETS:
            f.write(json.dumps({"id": t[0], "kind": t[1], "names": t[2], "owner": t[3], "date": t[6]},
                               ensure_ascii=False) + "\n")
    with open(os.path.join(a.out, "side.jsonl"), "w", encoding="utf-8") as f:
        for s in g.side:
            f.write(json.dumps(s, ensure_ascii=False) + "\n")
    with open(os.path.join(a.out, "planted.tsv"), "w", encoding="utf-8") as f:
        for name, role, h in g.planted:
            f.write(f"{name}\t{role}\t{h}\n")
    print(f"{len(g.records)} records, {len(g.planted)} planted applicants, {len(g.side)} side-data lines -> {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
