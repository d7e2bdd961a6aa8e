#!/usr/bin/env python3
"""Writes markwatch's bundled sample data under examples/.

Every filing, applicant and number here is INVENTED sample data, not a real filing. The planted
squatting cases reuse real place names, geographical indications and famous marks only as the
kind of thing a screener should catch; the filings themselves never happened.

Outputs (deterministic: fixed seed, stdlib only, byte-identical on every run):
  examples/filings.jsonl     a few hundred filings, ordinary and planted, CN and JP
  examples/filings.csv       a handful of the same filings, CSV columns
  examples/gazette-st66.xml  a handful of the same filings, WIPO ST.66
  examples/gazette-st96.xml  a handful of the same filings, WIPO ST.96
  examples/EXPECTED.md       the planted cases, one table row each (checked by the CLI tests)

Usage: python3 scripts/gen_examples.py [OUT_DIR]   (default: examples/ beside scripts/)
"""

import csv
import datetime
import io
import json
import os
import random
import sys
from xml.sax.saxutils import escape

SEED = 20251126
ORDINARY = 320  # ordinary filings besides the planted ones

# Nice class -> (Chinese goods text, Japanese goods text)
GOODS = {
    3: ("化妆品；洗面奶；香皂", "化粧品、せっけん類"),
    5: ("膳食补充剂", "サプリメント"),
    9: ("计算机软件；手机应用软件", "電子計算機用プログラム"),
    14: ("手表；首饰", "時計、身飾品"),
    16: ("文具；笔记本", "文房具類、ノートブック"),
    18: ("手提包；旅行箱", "かばん類、旅行かばん"),
    21: ("茶具；餐具", "茶器、食器類"),
    24: ("毛巾；浴巾；床单", "タオル、バスタオル、布製身の回り品"),
    25: ("服装；鞋；帽", "被服、履物、帽子"),
    28: ("玩具；体育用品", "おもちゃ、運動用具"),
    29: ("肉；牛肉；腌制蔬菜", "食肉、牛肉、加工野菜"),
    30: ("茶；大米；糕点；方便面", "茶、米、菓子、即席めん"),
    31: ("新鲜水果；新鲜蔬菜", "果実、野菜"),
    32: ("啤酒；矿泉水；果汁", "ビール、鉱泉水、果実飲料"),
    33: ("白酒；黄酒；清酒；果酒", "日本酒、洋酒、果実酒"),
    35: ("广告；替他人推销", "広告、小売の業務において行われる顧客に対する便益の提供"),
    41: ("教育；组织体育活动", "教育、運動の興行の企画"),
    43: ("餐厅；住所代理", "飲食物の提供、宿泊施設の提供"),
}

CN_PROVINCES = [
    ("浙江省杭州市", "西湖区文三路"), ("广东省深圳市", "南山区科技园"), ("广东省广州市", "天河区体育西路"),
    ("四川省成都市", "锦江区春熙路"), ("上海市", "浦东新区张江路"), ("北京市", "海淀区中关村大街"),
    ("浙江省宁波市", "鄞州区天童路"), ("福建省厦门市", "思明区湖滨南路"), ("江苏省苏州市", "工业园区星湖街"),
    ("山东省青岛市", "市南区香港中路"), ("海南省海口市", "龙华区滨海大道"),
]
JP_PREFS = [
    ("東京都千代田区", "丸の内"), ("大阪府大阪市北区", "梅田"), ("愛知県名古屋市中区", "栄"),
    ("福岡県福岡市中央区", "天神"), ("北海道札幌市中央区", "大通西"), ("新潟県新潟市中央区", "万代"),
    ("京都府京都市下京区", "四条通"), ("兵庫県神戸市中央区", "三宮町"), ("宮城県仙台市青葉区", "一番町"),
]
CN_COMPANIES = ["青禾食品", "星辰电子科技", "悦颜化妆品", "蜀香餐饮管理", "云帆服饰", "智联软件",
                "海韵贸易", "茶语茶业", "鑫源商贸", "恒达实业", "锦程文化传播", "瑞丰农业",
                "华盛家居", "乐途旅行用品", "金穗粮油"]
CN_FORMS = ["有限公司", "有限公司", "股份有限公司", "有限责任公司"]
CN_PEOPLE = ["李明", "张伟", "王芳", "陈静", "刘洋", "赵磊", "孙丽", "周杰"]
JP_COMPANIES = ["山田製菓", "青葉酒造", "みどり農園", "ソラノ", "北斗電機", "さくらコスメ", "大和繊維",
                "ひかり食品", "朝日ソフト", "丸松商店", "東雲テキスタイル", "いろは茶舗"]
JP_FORMS = [("株式会社", True), ("株式会社", False), ("有限会社", True), ("合同会社", True)]
JP_PEOPLE = ["佐藤 健一", "鈴木 花子", "高橋 誠", "田中 美咲", "伊藤 翔"]
CN_AGENTS = ["北京示例知识产权代理有限公司", "上海样本商标事务所有限公司"]
JP_AGENTS = ["特許業務法人サンプル国際特許事務所", "弁理士 例示 太郎"]

# Pieces for invented ordinary marks.
CN_CHARS = list("悦禾星源锦程瑞丰华盛乐途金穗云帆茶语鑫恒达蜀香海韵智联青")
JP_KANA = ["さくら", "ひかり", "みどり", "そよかぜ", "はなまる", "こもれび", "ゆうなぎ", "あおば"]
JP_KATA = ["ルミナ", "ソラノ", "カナデ", "ミライ", "ハルカ", "アオイ", "ツバサ", "ノゾミ"]
JP_KANJI = ["北斗", "山桜", "朝霧", "雪月花", "翠嶺", "白樺", "若葉", "黒潮"]
TRAD_MARKS = ["龍鳳", "東興", "華豐", "寶島", "鴻運", "聖約翰", "金門高粱", "麗晶"]
TRAD_APPLICANTS = [("台灣寶島食品股份有限公司", "TW", "臺北市中山區南京東路二段100號"),
                   ("香港華豐貿易有限公司", "HK", "香港九龍彌敦道300號")]
LATIN_A = ["Lum", "Vel", "Qi", "Sor", "Mir", "Kan", "Tor", "Nov", "Zen", "Ari"]
LATIN_B = ["ora", "to", "yuan", "ano", "ex", "ia", "ix", "elle", "ko", "us"]
GENERIC_CN = ["", "", "", "坊", "屋", "食品", "茶业"]
GENERIC_JP = ["", "", "", "堂", "屋", "工房", "本舗"]

# The planted cases: (office, mark, classes, applicant key, note). The applicant key names one
# of PLANTED_APPLICANTS below; "collector" files many sake and place names.
PLANTED = [
    ("CN", "青森", [31], "hainan", "Aomori (prefecture, famous apples) in class 31"),
    ("CN", "今治", [24], "guangzhou", "Imabari (towels; the CNIPA guideline's own example)"),
    ("CN", "今治毛巾", [24], "guangzhou", "Imabari + generic 'towel'"),
    ("CN", "IMABARI", [24, 25], "guangzhou", "Imabari in Latin letters"),
    ("CN", "松坂牛", [29], "shandong", "Matsusaka beef 松阪牛 with 阪 swapped for 坂"),
    ("CN", "神户牛", [29, 43], "shandong", "Kobe beef 神戸牛 in simplified characters"),
    ("CN", "KOBE BEEF", [29], "shandong", "Kobe beef in English"),
    ("CN", "越光", [30], "jilin", "Koshihikari rice (コシヒカリ) by its Chinese name"),
    ("CN", "无印良品", [24, 3], "hainan", "Muji 無印良品 in simplified characters"),
    ("CN", "夕张蜜瓜", [31], "hainan", "Yubari melon (夕張メロン, a JP GI) translated"),
    ("CN", "宇治抹茶", [30], "fujian", "Uji (宇治茶, regional collective mark) + generic matcha"),
    ("CN", "鹿儿岛黑猪", [29], "shandong", "Kagoshima black pork, simplified"),
    ("CN", "北海道", [30, 32], "collector", "Hokkaido (prefecture; also a liquor GI)"),
    ("CN", "獭祭", [33], "collector", "Dassai 獺祭 (sake brand), simplified"),
    ("CN", "久保田", [33], "collector", "Kubota (sake brand)"),
    ("CN", "十四代", [33], "collector", "Juyondai (sake brand)"),
    ("CN", "越乃寒梅", [33], "collector", "Koshino Kanbai (sake brand)"),
    ("CN", "八海山", [33], "collector", "Hakkaisan (sake brand)"),
    ("CN", "新泻", [33], "collector", "Niigata 新潟 (prefecture, liquor GI) with 泻"),
    ("CN", "静冈", [33, 30], "collector", "Shizuoka 静岡 (prefecture, liquor GI, tea), simplified"),
    ("CN", "滩五乡", [33], "collector", "Nada-Gogo 灘五郷 (liquor GI), simplified"),
    ("CN", "SATSUMA", [33], "collector", "Satsuma 薩摩 (shochu GI) in Latin letters"),
    ("CN", "康帅傅", [30], "henan", "one-character knock-off of 康师傅"),
    ("CN", "大白免", [30], "henan", "one-character knock-off of 大白兔 (兔 → 免)"),
    ("CN", "王老古", [32], "henan", "one-character knock-off of 王老吉"),
    ("JP", "紹興酒", [33], "osaka", "Shaoxing wine 绍兴酒 (Chinese GI) filed in Japan"),
    ("JP", "茅台", [33], "osaka", "Maotai 茅台 (Chinese GI, famous baijiu) in Japan"),
    ("JP", "マオタイ", [33], "osaka", "Maotai in katakana"),
    ("JP", "KEEMUN", [30], "tokyo", "Keemun 祁门红茶 (Chinese GI tea) in Latin letters"),
    ("JP", "西湖龍井", [30], "tokyo", "Xihu Longjing 西湖龙井 (Chinese GI tea), traditional forms"),
]

# Filed together by one applicant: the many-filings bad-faith factor.
PLANTED_APPLICANTS = {
    "hainan": ("海南泽润贸易有限公司", "CN", "海南省海口市龙华区滨海大道88号"),
    "guangzhou": ("广州市织梦家纺有限公司", "CN", "广东省广州市海珠区江南大道66号"),
    "shandong": ("山东鲁牧食品有限公司", "CN", "山东省济南市历下区泉城路12号"),
    "jilin": ("吉林省禾田米业有限公司", "CN", "吉林省长春市朝阳区人民大街5号"),
    "fujian": ("福建省茗香茶业有限公司", "CN", "福建省福州市鼓楼区五四路20号"),
    "collector": ("深圳市酒鼎贸易有限公司", "CN", "广东省深圳市福田区深南大道1001号"),
    "henan": ("河南省好味食品有限公司", "CN", "河南省郑州市金水区花园路9号"),
    "osaka": ("株式会社東方酒販", "JP", "大阪府大阪市中央区心斎橋筋1-2-3"),
    "tokyo": ("合同会社チャイナティー", "JP", "東京都台東区上野3-4-5"),
}

# Ordinary marks that share a character or a sound with a watched name but should not be
# flagged (the false-alarm side).
NEAR_MISSES = [
    ("CN", "福田", [9]), ("CN", "长城", [33]), ("CN", "今日优选", [35]), ("CN", "青禾", [30]),
    ("JP", "神田", [43]), ("JP", "北斗", [9]), ("CN", "松鹤", [21]), ("JP", "新橋", [25]),
]

START = datetime.date(2024, 1, 4)


def day(rng, start=START, span=600):
    return start + datetime.timedelta(days=rng.randrange(span))


def cn_company(rng):
    city, street = rng.choice(CN_PROVINCES)
    name = city.split("省")[-1].replace("市", "") if "省" in city else city.replace("市", "")
    full = f"{name}{rng.choice(CN_COMPANIES)}{rng.choice(CN_FORMS)}"
    if rng.random() < 0.5:
        full = f"{city.split('省')[-1]}{rng.choice(CN_COMPANIES)}{rng.choice(CN_FORMS)}"
    return {"name": full, "country": "CN", "address": f"{city}{street}{rng.randrange(1, 300)}号"}


def jp_company(rng):
    pref, town = rng.choice(JP_PREFS)
    form, before = rng.choice(JP_FORMS)
    base = rng.choice(JP_COMPANIES)
    name = f"{form}{base}" if before else f"{base}{form}"
    return {"name": name, "country": "JP",
            "address": f"{pref}{town}{rng.randrange(1, 9)}-{rng.randrange(1, 30)}-{rng.randrange(1, 20)}"}


def person(rng, office):
    if office == "CN":
        city, street = rng.choice(CN_PROVINCES)
        return {"name": rng.choice(CN_PEOPLE), "country": "CN", "address": f"{city}{street}"}
    pref, town = rng.choice(JP_PREFS)
    return {"name": rng.choice(JP_PEOPLE), "country": "JP", "address": f"{pref}{town}"}


def ordinary_mark(rng, office):
    """An invented mark in one of the scripts, with a transliteration when it helps."""
    style = rng.choice(["latin", "cjk", "mixed"] + (["kana", "kata", "kanji"] if office == "JP" else ["cjk", "cjk"]))
    if style == "latin":
        m = rng.choice(LATIN_A) + rng.choice(LATIN_B)
        return (m.upper() if rng.random() < 0.4 else m), None
    if style == "cjk" and office == "JP":
        return rng.choice(JP_KANJI) + rng.choice(GENERIC_JP), None
    if style == "cjk":
        a, b = rng.sample(CN_CHARS, 2)
        return a + b + rng.choice(GENERIC_CN), None
    if style == "mixed":
        latin = rng.choice(LATIN_A) + rng.choice(LATIN_B)
        if office == "CN":
            return rng.choice(CN_CHARS) + rng.choice(CN_CHARS) + " " + latin.upper(), None
        return rng.choice(JP_KATA) + latin.upper(), None
    if style == "kana":
        return rng.choice(JP_KANA) + rng.choice(GENERIC_JP), None
    if style == "kata":
        return rng.choice(JP_KATA) + rng.choice(["", "", "プラス", "ラボ"]), None
    return rng.choice(JP_KANJI) + rng.choice(GENERIC_JP), None


def classes_for(office, nums):
    lang = 0 if office == "CN" else 1
    return [{"class": n, "goods": GOODS.get(n, ("商品", "商品"))[lang]} for n in sorted(nums)]


def with_procedure(rng, rec, office):
    """Sets status and dates: filed, published, or registered (with a gazette date in JP)."""
    filing = day(rng)
    dates = {"filing": filing.isoformat()}
    roll = rng.random()
    if roll < 0.45:
        status = "filed"
    elif roll < 0.75:
        status = "published"
        dates["publication"] = (filing + datetime.timedelta(days=rng.randrange(120, 300))).isoformat()
    else:
        status = "registered"
        reg = filing + datetime.timedelta(days=rng.randrange(200, 420))
        if office == "CN":
            dates["publication"] = (reg - datetime.timedelta(days=91)).isoformat()
        dates["registration"] = reg.isoformat()
        if office == "JP":
            dates["gazette"] = (reg + datetime.timedelta(days=rng.randrange(20, 40))).isoformat()
    rec["status"] = status
    rec["dates"] = dates
    return rec


class Numbers:
    """Invented application numbers, unique per office."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def next(self, office, filing):
        """An id for a filing of `filing` (ISO date): JP numbers carry the filing year."""
        while True:
            if office == "CN":
                n = str(self.rng.randrange(70_000_000, 79_999_999))
            else:
                n = f"{filing[:4]}-{self.rng.randrange(1, 150_000):06d}"
            if (office, n) not in self.used:
                self.used.add((office, n))
                return f"{office}:{n}"


def build():
    rng = random.Random(SEED)
    numbers = Numbers(rng)
    records = []
    for _ in range(ORDINARY):
        office = "CN" if rng.random() < 0.6 else "JP"
        mark, translit = ordinary_mark(rng, office)
        nums = rng.sample(sorted(GOODS), rng.choice([1, 1, 1, 2, 3]))
        if rng.random() < 0.8:
            applicant = cn_company(rng) if office == "CN" else jp_company(rng)
        else:
            applicant = person(rng, office)
        if rng.random() < 0.08:
            mark, translit = rng.choice(TRAD_MARKS), None
            name, country, address = rng.choice(TRAD_APPLICANTS)
            applicant = {"name": name, "country": country, "address": address}
        rec = {"id": None, "office": office, "mark": mark, "kind": "word",
               "applicants": [applicant], "classes": classes_for(office, nums)}
        if rng.random() < 0.15:
            rec["kind"] = "figurative_with_text"
        if translit:
            rec["transliteration"] = translit
        if rng.random() < 0.3:
            rec["representative"] = {"name": rng.choice(CN_AGENTS if office == "CN" else JP_AGENTS)}
        records.append(with_procedure(rng, rec, office))
    for office, mark, nums in NEAR_MISSES:
        applicant = cn_company(rng) if office == "CN" else jp_company(rng)
        rec = {"id": None, "office": office, "mark": mark, "kind": "word",
               "applicants": [applicant], "classes": classes_for(office, nums)}
        records.append(with_procedure(rng, rec, office))
    for rec in records:
        rec["id"] = numbers.next(rec["office"], rec["dates"]["filing"])
    planted_ids = []
    for office, mark, nums, who, note in PLANTED:
        name, country, address = PLANTED_APPLICANTS[who]
        rec = {"id": None, "office": office, "mark": mark, "kind": "word",
               "applicants": [{"name": name, "country": country, "address": address}],
               "classes": classes_for(office, nums)}
        rec = with_procedure(rng, rec, office)
        # Planted filings are recent and not yet registered: the window to act is open.
        rec["status"] = "published" if rng.random() < 0.5 else "filed"
        filing = day(rng, datetime.date(2025, 3, 1), 120)
        rec["dates"] = {"filing": filing.isoformat()}
        if rec["status"] == "published":
            rec["dates"]["publication"] = (filing + datetime.timedelta(days=150)).isoformat()
        rec["id"] = numbers.next(office, rec["dates"]["filing"])
        planted_ids.append((rec["id"], mark, office, nums, name, note))
        records.append(rec)
    rng.shuffle(records)
    return records, planted_ids


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")


CSV_COLUMNS = ["id", "office", "mark", "kind", "status", "transliteration", "applicant",
               "applicant_country", "applicant_address", "representative", "classes", "goods",
               "filing_date", "publication_date", "registration_date", "gazette_date"]


def write_csv(path, records):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for r in records:
        d = r.get("dates", {})
        w.writerow([
            r["id"], r["office"], r["mark"], r.get("kind", ""), r.get("status", ""),
            r.get("transliteration", ""),
            "|".join(a["name"] for a in r["applicants"]),
            "|".join(a.get("country", "") for a in r["applicants"]),
            "|".join(a.get("address", "") for a in r["applicants"]),
            (r.get("representative") or {}).get("name", ""),
            "|".join(str(c["class"]) for c in r["classes"]),
            "|".join(c["goods"] for c in r["classes"]),
            d.get("filing", ""), d.get("publication", ""), d.get("registration", ""),
            d.get("gazette", ""),
        ])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


ST66_STATUS = {"filed": "Application filed", "published": "Application published",
               "registered": "Registered"}


def x(text):
    return escape(text)


def st66_party(tag, p):
    lines = [f"<{tag}>", f"<{tag}AddressBook>", "<FormattedNameAddress>",
             f"<Name><FreeFormatName><FreeFormatNameDetails><FreeFormatNameLine>{x(p['name'])}"
             "</FreeFormatNameLine></FreeFormatNameDetails></FreeFormatName></Name>"]
    if p.get("address") or p.get("country"):
        lines.append("<Address>")
        if p.get("country"):
            lines.append(f"<AddressCountryCode>{p['country']}</AddressCountryCode>")
        if p.get("address"):
            lines.append(f"<FreeFormatAddress><FreeFormatAddressLine>{x(p['address'])}"
                         "</FreeFormatAddressLine></FreeFormatAddress>")
        lines.append("</Address>")
    lines += ["</FormattedNameAddress>", f"</{tag}AddressBook>", f"</{tag}>"]
    return lines


def write_st66(path, records):
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<Transaction xmlns="http://www.wipo.int/standards/XMLSchema/trademarks">',
           "<TradeMarkTransactionBody>", "<TransactionContentDetails>",
           "<TransactionIdentifier>SAMPLE-ST66-0001</TransactionIdentifier>",
           "<TransactionCode>Trade Mark Gazette</TransactionCode>", "<TransactionData>",
           "<TradeMarkDetails>"]
    for r in records:
        office, number = r["id"].split(":", 1)
        d = r.get("dates", {})
        out += ["<TradeMark>",
                f"<RegistrationOfficeCode>{office}</RegistrationOfficeCode>",
                f"<ApplicationNumber>{x(number)}</ApplicationNumber>",
                f"<ApplicationDate>{d['filing']}</ApplicationDate>"]
        if d.get("registration"):
            out.append(f"<RegistrationDate>{d['registration']}</RegistrationDate>")
        out += [f"<MarkCurrentStatusCode>{ST66_STATUS[r['status']]}</MarkCurrentStatusCode>",
                "<MarkFeature>Word</MarkFeature>",
                f"<WordMarkSpecification><MarkVerbalElementText>{x(r['mark'])}"
                "</MarkVerbalElementText></WordMarkSpecification>",
                "<GoodsServicesDetails><GoodsServices><ClassDescriptionDetails>"]
        for c in r["classes"]:
            out.append(f"<ClassDescription><ClassNumber>{c['class']}</ClassNumber>"
                       f"<GoodsServicesDescription>{x(c['goods'])}</GoodsServicesDescription>"
                       "</ClassDescription>")
        out.append("</ClassDescriptionDetails></GoodsServices></GoodsServicesDetails>")
        if d.get("publication"):
            out.append("<PublicationDetails><Publication>"
                       "<PublicationSection>Examined marks</PublicationSection>"
                       f"<PublicationDate>{d['publication']}</PublicationDate>"
                       "</Publication></PublicationDetails>")
        out.append("<ApplicantDetails>")
        for a in r["applicants"]:
            out += st66_party("Applicant", a)
        out += ["</ApplicantDetails>", "</TradeMark>"]
    out += ["</TradeMarkDetails>", "</TransactionData>", "</TransactionContentDetails>",
            "</TradeMarkTransactionBody>", "</Transaction>"]
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")


def write_st96(path, records):
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<tmk:TrademarkBag xmlns:tmk="http://www.wipo.int/standards/XMLSchema/ST96/Trademark"'
           ' xmlns:com="http://www.wipo.int/standards/XMLSchema/ST96/Common">']
    for r in records:
        office, number = r["id"].split(":", 1)
        d = r.get("dates", {})
        out += ["<tmk:Trademark>",
                f"<com:RegistrationOfficeCode>{office}</com:RegistrationOfficeCode>",
                f"<com:ApplicationNumber><com:ApplicationNumberText>{x(number)}"
                "</com:ApplicationNumberText></com:ApplicationNumber>",
                f"<tmk:ApplicationDate>{d['filing']}</tmk:ApplicationDate>"]
        if d.get("registration"):
            out.append(f"<tmk:RegistrationDate>{d['registration']}</tmk:RegistrationDate>")
        out += [f"<tmk:MarkCurrentStatusCode>{ST66_STATUS[r['status']]}</tmk:MarkCurrentStatusCode>",
                "<tmk:MarkRepresentation>",
                "<tmk:MarkFeatureCategory>Word</tmk:MarkFeatureCategory>",
                "<tmk:MarkReproduction><tmk:WordMarkSpecification>"
                f"<tmk:MarkVerbalElementText>{x(r['mark'])}</tmk:MarkVerbalElementText>"
                "</tmk:WordMarkSpecification></tmk:MarkReproduction>",
                "</tmk:MarkRepresentation>",
                "<tmk:GoodsServicesBag><tmk:GoodsServices><tmk:ClassDescriptionBag>"]
        for c in r["classes"]:
            out.append(f"<tmk:ClassDescription><tmk:ClassNumber>{c['class']}</tmk:ClassNumber>"
                       f"<tmk:GoodsServicesDescriptionText>{x(c['goods'])}"
                       "</tmk:GoodsServicesDescriptionText></tmk:ClassDescription>")
        out.append("</tmk:ClassDescriptionBag></tmk:GoodsServices></tmk:GoodsServicesBag>")
        if d.get("publication"):
            out.append("<tmk:PublicationBag><tmk:Publication>"
                       "<tmk:PublicationSectionCategory>Examined</tmk:PublicationSectionCategory>"
                       f"<com:PublicationDate>{d['publication']}</com:PublicationDate>"
                       "</tmk:Publication></tmk:PublicationBag>")
        out.append("<tmk:ApplicantBag>")
        for a in r["applicants"]:
            out += ["<tmk:Applicant><com:Contact>",
                    f"<com:Name><com:EntityName>{x(a['name'])}</com:EntityName></com:Name>"]
            if a.get("address") or a.get("country"):
                out.append("<com:PostalAddressBag><com:PostalAddress><com:PostalStructuredAddress>")
                if a.get("address"):
                    out.append(f"<com:AddressLineText>{x(a['address'])}</com:AddressLineText>")
                if a.get("country"):
                    out.append(f"<com:CountryCode>{a['country']}</com:CountryCode>")
                out.append("</com:PostalStructuredAddress></com:PostalAddress></com:PostalAddressBag>")
            out.append("</com:Contact></tmk:Applicant>")
        out += ["</tmk:ApplicantBag>", "</tmk:Trademark>"]
    out.append("</tmk:TrademarkBag>")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "examples")
    os.makedirs(out_dir, exist_ok=True)
    records, planted = build()
    write_jsonl(os.path.join(out_dir, "filings.jsonl"), records)
    planted_set = {p[0] for p in planted}
    # The small files: a few planted and a few ordinary filings from the same data, in both
    # offices, so every format shows both kinds.
    def pick(offset, n=6):
        chosen = [r for r in records if r["id"] in planted_set][offset::5][:n // 2]
        chosen += [r for r in records if r["id"] not in planted_set][offset * 7::11][:n - len(chosen)]
        return chosen
    write_csv(os.path.join(out_dir, "filings.csv"), pick(0))
    write_st66(os.path.join(out_dir, "gazette-st66.xml"), pick(1))
    write_st96(os.path.join(out_dir, "gazette-st96.xml"), pick(2))
    write_expected(os.path.join(out_dir, "EXPECTED.md"), planted)


def write_expected(path, planted):
    lines = [
        "# Planted cases in the sample data",
        "",
        "Written by `scripts/gen_examples.py`; do not edit by hand. All filings are invented sample",
        "data, not real filings: the marks borrow real place names, geographical indications and",
        "famous marks only to show the patterns a screener should catch.",
        "",
        "Each row is a filing in `filings.jsonl` that screening should report, with what it copies.",
        "Several also appear in `filings.csv` and the two gazette XML files. One applicant,",
        f"{PLANTED_APPLICANTS['collector'][0]}, files many sake brands and Japanese place and liquor",
        "GI names at once (the many-filings bad-faith factor). The near misses below must raise no",
        "finding.",
        "",
        "| id | mark | office | classes | applicant | what it copies |",
        "|---|---|---|---|---|---|",
    ]
    for rid, mark, office, nums, name, note in planted:
        classes = ", ".join(str(n) for n in sorted(nums))
        lines.append(f"| `{rid}` | {mark} | {office} | {classes} | {name} | {note} |")
    lines += [
        "",
        "## Near misses (no finding expected)",
        "",
        "Ordinary filings that share a character or a sound with a protected name:",
        ", ".join(f"{m} ({o}, class {', '.join(map(str, c))})" for o, m, c in NEAR_MISSES) + ".",
        "",
    ]
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
