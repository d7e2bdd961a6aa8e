#!/usr/bin/env python3
"""Generate a realistic synthetic trademark register, planted near-duplicate queries and a gazette.

Standard library only, deterministic for a given --seed (no set iteration, no hash order).

Outputs (default directory bench/data):
  register.jsonl        one record a line, markwatch JSONL schema:
                        {"id","office","mark","applicant","classes","filing_date"}
  queries.tsv           query<TAB>kind<TAB>expected_id<TAB>script
                        kind: edit | variant | homophone | lookalike | translit
                        script: script of the expected (original) mark:
                        latin | katakana | kanji | hanzi-s | hanzi-t
  gazette.jsonl         (with --gazette N) N new filings, same schema; a share are planted
                        copies of register marks, the rest fresh marks absent from the register.
  gazette_expect.tsv    filing_id<TAB>kind<TAB>expected_id<TAB>script for the planted filings.

Marks are coinages built from inventories: Latin syllables paired with their katakana rendering
(so Latin <-> katakana transliterations are consistent), and a character table giving for each
brand-like CJK character its simplified, traditional and Japanese (shinjitai) forms, its toneless
pinyin and a Japanese on reading in katakana. Every mark in the register is unique after folding
(case, simplified/traditional/shinjitai variants), so "the planted original" is well defined.

A query is a transformed register mark (the expected id) that is itself not in the register
(after folding; except for `variant`, whose folded form is the original by construction).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time

# ---------------------------------------------------------------------------------------------
# Inventories
# ---------------------------------------------------------------------------------------------

# Latin syllable -> katakana. Coinages concatenate these; the katakana side is the loanword form.
LATIN_SYLLABLES = """
a ア|i イ|o オ|e エ|ka カ|ki キ|ko コ|ku ク|ke ケ|sa サ|si シ|so ソ|se セ|su ス|ta タ|ti ティ|
to ト|te テ|na ナ|ni ニ|no ノ|ne ネ|nu ヌ|ma マ|mi ミ|mo モ|me メ|mu ム|ra ラ|ri リ|ro ロ|re レ|
ru ル|la ラ|li リ|lo ロ|le レ|lu ル|va ヴァ|vi ヴィ|vo ヴォ|ve ヴェ|da ダ|di ディ|do ド|de デ|
ba バ|bi ビ|bo ボ|be ベ|pa パ|pi ピ|po ポ|pe ペ|ga ガ|gi ギ|go ゴ|za ザ|zo ゾ|ze ゼ|fa ファ|
fi フィ|fo フォ|ha ハ|ho ホ|ya ヤ|yo ヨ|wa ワ|ca カ|co コ|cu ク|tra トラ|tri トリ|pro プロ|
cre クレ|pla プラ|bri ブリ|gra グラ|fle フレ|sta スタ|clo クロ|vi ヴィ|ze ゼ|xa ザ
"""
LATIN_CODAS = """
n ン|ren レン|ran ラン|lin リン|ton トン|tex テックス|max マックス|lux ルクス|nas ナス|ris リス|
tis ティス|vel ヴェル|mel メル|sol ソル|nor ノル|dor ドル|kor コル|ion イオン|ia イア|ix イクス|
ox オクス|us ウス|um ウム|is イス|el エル|ar アル|or オル|on オン|an アン|en エン|ra ラ|na ナ|
ta タ|sa サ|ne ネ|te テ|lo ロ|no ノ|ro ロ|vy ヴィ|ly リー|ny ニー|sy シー
"""
# Generic words that follow a Latin or katakana coinage (Latin, katakana).
LATIN_GENERIC = [
    ("Foods", "フーズ"), ("Tea", "ティー"), ("Beauty", "ビューティー"), ("Tech", "テック"),
    ("Wine", "ワイン"), ("Coffee", "コーヒー"), ("Home", "ホーム"), ("Life", "ライフ"),
    ("Pharma", "ファーマ"), ("Kitchen", "キッチン"), ("Farm", "ファーム"), ("Style", "スタイル"),
]

# simplified traditional shinjitai pinyin on-reading(katakana, '-' = not used in Japanese marks)
CHAR_TABLE = """
华 華 華 hua カ|花 花 花 hua カ|化 化 化 hua カ|康 康 康 kang コウ|源 源 源 yuan ゲン|
元 元 元 yuan ゲン|园 園 園 yuan エン|圆 圓 円 yuan エン|缘 緣 縁 yuan エン|美 美 美 mei ビ|
梅 梅 梅 mei バイ|丽 麗 麗 li レイ|利 利 利 li リ|力 力 力 li リョク|立 立 立 li リツ|
莉 莉 莉 li リ|佳 佳 佳 jia カ|家 家 家 jia カ|嘉 嘉 嘉 jia カ|加 加 加 jia カ|鑫 鑫 - xin -|
新 新 新 xin シン|心 心 心 xin シン|欣 欣 欣 xin キン|馨 馨 馨 xin ケイ|泰 泰 泰 tai タイ|
太 太 太 tai タイ|龙 龍 竜 long リュウ|隆 隆 隆 long リュウ|珑 瓏 瓏 long ロウ|丰 豐 豊 feng ホウ|
风 風 風 feng フウ|峰 峰 峰 feng ホウ|枫 楓 楓 feng フウ|锋 鋒 鋒 feng ホウ|凤 鳳 鳳 feng ホウ|
乐 樂 楽 le ラク|广 廣 広 guang コウ|光 光 光 guang コウ|东 東 東 dong トウ|冬 冬 冬 dong トウ|
发 發 発 fa ハツ|宝 寶 宝 bao ホウ|保 保 保 bao ホ|圣 聖 聖 sheng セイ|盛 盛 盛 sheng セイ|
胜 勝 勝 sheng ショウ|生 生 生 sheng セイ|升 升 升 sheng ショウ|国 國 国 guo コク|果 果 果 guo カ|
气 氣 気 qi キ|齐 齊 斉 qi セイ|奇 奇 奇 qi キ|琪 琪 琪 qi キ|启 啟 啓 qi ケイ|门 門 門 men モン|
爱 愛 愛 ai アイ|艾 艾 艾 ai ガイ|马 馬 馬 ma バ|鸟 鳥 鳥 niao チョウ|云 雲 雲 yun ウン|
荣 榮 栄 rong エイ|泽 澤 沢 ze タク|滨 濱 浜 bin ヒン|关 關 関 guan カン|团 團 団 tuan ダン|
万 萬 万 wan マン|师 師 師 shi シ|帅 帥 帥 shuai スイ|学 學 学 xue ガク|实 實 実 shi ジツ|
医 醫 医 yi イ|药 藥 薬 yao ヤク|铁 鐵 鉄 tie テツ|银 銀 銀 yin ギン|锦 錦 錦 jin キン|
金 金 金 jin キン|津 津 津 jin シン|晋 晉 晋 jin シン|鲜 鮮 鮮 xian セン|仙 仙 仙 xian セン|
鸡 雞 鶏 ji ケイ|吉 吉 吉 ji キチ|古 古 古 gu コ|谷 谷 谷 gu コク|叶 葉 葉 ye ヨウ|
农 農 農 nong ノウ|业 業 業 ye ギョウ|经 經 経 jing ケイ|京 京 京 jing キョウ|晶 晶 晶 jing ショウ|
精 精 精 jing セイ|来 來 来 lai ライ|莱 萊 莱 lai ライ|尔 爾 爾 er ジ|天 天 天 tian テン|
田 田 田 tian デン|甜 甜 甜 tian テン|大 大 大 da ダイ|达 達 達 da タツ|王 王 王 wang オウ|
旺 旺 旺 wang オウ|玉 玉 玉 yu ギョク|宇 宇 宇 yu ウ|雨 雨 雨 yu ウ|鱼 魚 魚 yu ギョ|
白 白 白 bai ハク|百 百 百 bai ヒャク|柏 柏 柏 bai ハク|本 本 本 ben ホン|木 木 木 mu モク|
牧 牧 牧 mu ボク|牛 牛 牛 niu ギュウ|千 千 千 qian セン|钱 錢 銭 qian セン|日 日 日 ri ニチ|
月 月 月 yue ゲツ|星 星 星 xing セイ|兴 興 興 xing コウ|福 福 福 fu フク|富 富 富 fu フ|
府 府 府 fu フ|寿 壽 寿 shou ジュ|春 春 春 chun シュン|秋 秋 秋 qiu シュウ|山 山 山 shan サン|
川 川 川 chuan セン|水 水 水 shui スイ|海 海 海 hai カイ|江 江 江 jiang コウ|河 河 河 he カ|
和 和 和 he ワ|禾 禾 禾 he カ|合 合 合 he ゴウ|荷 荷 荷 he カ|明 明 明 ming メイ|名 名 名 ming メイ|
茗 茗 茗 ming メイ|鸣 鳴 鳴 ming メイ|松 松 松 song ショウ|竹 竹 竹 zhu チク|雅 雅 雅 ya ガ|
亚 亞 亜 ya ア|堂 堂 堂 tang ドウ|唐 唐 唐 tang トウ|安 安 安 an アン|德 德 徳 de トク|
得 得 得 de トク|顺 順 順 shun ジュン|泉 泉 泉 quan セン|全 全 全 quan ゼン|香 香 香 xiang コウ|
祥 祥 祥 xiang ショウ|湘 湘 湘 xiang ショウ|翔 翔 翔 xiang ショウ|玲 玲 玲 ling レイ|
灵 靈 霊 ling レイ|凌 凌 凌 ling リョウ|岭 嶺 嶺 ling レイ|瑞 瑞 瑞 rui ズイ|睿 睿 叡 rui エイ|
蕊 蕊 蕊 rui ズイ|世 世 世 shi セ|士 士 士 shi シ|土 土 土 tu ド|石 石 石 shi セキ|诗 詩 詩 shi シ|
今 今 今 jin コン|令 令 令 ling レイ|未 未 未 wei ミ|末 末 末 mo マツ|味 味 味 wei ミ|
维 維 維 wei イ|威 威 威 wei イ|卫 衛 衛 wei エイ|人 人 人 ren ジン|仁 仁 仁 ren ジン|
入 入 入 ru ニュウ|兔 兔 兎 tu ト|免 免 免 mian メン|帝 帝 帝 di テイ|蒂 蒂 蒂 di テイ|
迪 迪 迪 di テキ|宫 宮 宮 gong キュウ|官 官 官 guan カン|贝 貝 貝 bei バイ|见 見 見 jian ケン|
建 建 建 jian ケン|健 健 健 jian ケン|剑 劍 剣 jian ケン|晴 晴 晴 qing セイ|青 青 青 qing セイ|
清 清 清 qing セイ|庆 慶 慶 qing ケイ|轩 軒 軒 xuan ケン|宣 宣 宣 xuan セン|萱 萱 萱 xuan ケン|
博 博 博 bo ハク|波 波 波 bo ハ|铭 銘 銘 ming メイ|帆 帆 帆 fan ハン|凡 凡 凡 fan ボン|
芳 芳 芳 fang ホウ|方 方 方 fang ホウ|坊 坊 坊 fang ボウ|永 永 永 yong エイ|勇 勇 勇 yong ユウ|
优 優 優 you ユウ|友 友 友 you ユウ|悠 悠 悠 you ユウ|佑 佑 佑 you ユウ|怡 怡 怡 yi イ|
依 依 依 yi イ|逸 逸 逸 yi イツ|益 益 益 yi エキ|宜 宜 宜 yi ギ|喜 喜 喜 xi キ|熙 熙 熙 xi キ|
汇 匯 - hui -|惠 惠 恵 hui ケイ|慧 慧 慧 hui ケイ|辉 輝 輝 hui キ|汉 漢 漢 han カン|
韩 韓 韓 han カン|涵 涵 涵 han カン|亨 亨 亨 heng コウ|恒 恆 恒 heng コウ|鸿 鴻 鴻 hong コウ|
宏 宏 宏 hong コウ|红 紅 紅 hong コウ|虹 虹 虹 hong コウ|诚 誠 誠 cheng セイ|成 成 成 cheng セイ|
城 城 城 cheng ジョウ|橙 橙 橙 cheng トウ|长 長 長 chang チョウ|昌 昌 昌 chang ショウ|
畅 暢 暢 chang チョウ|尚 尚 尚 shang ショウ|上 上 上 shang ジョウ|商 商 商 shang ショウ|
品 品 品 pin ヒン|聚 聚 聚 ju シュウ|居 居 居 ju キョ|菊 菊 菊 ju キク|洁 潔 潔 jie ケツ|
杰 傑 傑 jie ケツ|捷 捷 捷 jie ショウ|蓝 藍 藍 lan ラン|兰 蘭 蘭 lan ラン|岚 嵐 嵐 lan ラン|
澜 瀾 瀾 lan ラン|朗 朗 朗 lang ロウ|浪 浪 浪 lang ロウ|鹏 鵬 鵬 peng ホウ|鹿 鹿 鹿 lu ロク|
路 路 路 lu ロ|露 露 露 lu ロ|鲁 魯 魯 lu ロ|陆 陸 陸 lu リク|米 米 米 mi ベイ|蜜 蜜 蜜 mi ミツ|
密 密 密 mi ミツ|豪 豪 豪 hao ゴウ|好 好 好 hao コウ|浩 浩 浩 hao コウ|昊 昊 昊 hao コウ|
汤 湯 湯 tang トウ|糖 糖 糖 tang トウ|桃 桃 桃 tao トウ|陶 陶 陶 tao トウ|涛 濤 濤 tao トウ|
乔 喬 喬 qiao キョウ|桥 橋 橋 qiao キョウ|巧 巧 巧 qiao コウ|神 神 神 shen シン|深 深 深 shen シン|
申 申 申 shen シン|甲 甲 甲 jia コウ|由 由 由 you ユ|蒙 蒙 蒙 meng モウ|梦 夢 夢 meng ム|
盟 盟 盟 meng メイ|萌 萌 萌 meng ホウ|车 車 車 che シャ|轻 輕 軽 qing ケイ|樱 櫻 桜 ying オウ|
鹰 鷹 鷹 ying ヨウ|英 英 英 ying エイ|莹 瑩 瑩 ying エイ|营 營 営 ying エイ|颖 穎 穎 ying エイ|
历 歷 歴 li レキ|问 問 問 wen モン|间 間 間 jian カン|文 文 文 wen ブン|闻 聞 聞 wen ブン|
温 溫 温 wen オン|稳 穩 穏 wen オン|纹 紋 紋 wen モン|雪 雪 雪 xue セツ|雷 雷 雷 lei ライ|
蕾 蕾 蕾 lei ライ|磊 磊 磊 lei ライ|仓 倉 倉 cang ソウ|伦 倫 倫 lun リン|侍 侍 侍 shi ジ|
待 待 待 dai タイ|岛 島 島 dao トウ|道 道 道 dao ドウ|稻 稻 稲 dao トウ|桂 桂 桂 gui ケイ|
贵 貴 貴 gui キ|归 歸 帰 gui キ|龟 龜 亀 gui キ|鹤 鶴 鶴 he カク|熊 熊 熊 xiong ユウ|
雄 雄 雄 xiong ユウ|鼎 鼎 鼎 ding テイ|定 定 定 ding テイ|丁 丁 丁 ding テイ|午 午 午 wu ゴ|
五 五 五 wu ゴ|武 武 武 wu ブ|吴 吳 呉 wu ゴ|悟 悟 悟 wu ゴ|正 正 正 zheng セイ|政 政 政 zheng セイ|
郑 鄭 鄭 zheng テイ|真 真 真 zhen シン|珍 珍 珍 zhen チン|臻 臻 臻 zhen シン|中 中 中 zhong チュウ|
忠 忠 忠 zhong チュウ|众 眾 衆 zhong シュウ|钟 鐘 鐘 zhong ショウ|洋 洋 洋 yang ヨウ|
阳 陽 陽 yang ヨウ|扬 揚 揚 yang ヨウ|杨 楊 楊 yang ヨウ|羊 羊 羊 yang ヨウ|苑 苑 苑 yuan エン|
悦 悅 悦 yue エツ|越 越 越 yue エツ|岳 嶽 岳 yue ガク|自 自 自 zi ジ|紫 紫 紫 zi シ|子 子 子 zi シ|
梓 梓 梓 zi シ|犬 犬 犬 quan ケン|刀 刀 刀 dao トウ|己 己 己 ji コ|乌 烏 烏 wu ウ|术 術 術 shu ジュツ|
侯 侯 侯 hou コウ|候 候 候 hou コウ|厚 厚 厚 hou コウ|李 李 李 li リ|季 季 季 ji キ|
主 主 主 zhu シュ|朱 朱 朱 zhu シュ|珠 珠 珠 zhu シュ|显 顯 顕 xian ケン|崇 崇 崇 chong スウ|
茶 茶 茶 cha チャ|干 干 干 gan カン|尊 尊 尊 zun ソン|御 御 御 yu ギョ|皇 皇 皇 huang コウ|
黄 黃 黄 huang コウ|凰 凰 凰 huang オウ|鹏 鵬 鵬 peng ホウ|飞 飛 飛 fei ヒ|菲 菲 菲 fei ヒ|
妃 妃 妃 fei ヒ|樊 樊 樊 fan ハン|汐 汐 汐 xi セキ|溪 溪 渓 xi ケイ|西 西 西 xi セイ|
希 希 希 xi キ|夕 夕 夕 xi セキ
"""

# Generic suffixes (simplified, traditional, Japanese) that follow a CJK coinage.
CJK_GENERIC = [
    ("茶", "茶", "茶"), ("食品", "食品", "食品"), ("堂", "堂", "堂"), ("坊", "坊", "坊"),
    ("酒业", "酒業", "酒造"), ("斋", "齋", "斎"), ("居", "居", "屋"), ("农业", "農業", "農園"),
    ("生物", "生物", "生物"), ("科技", "科技", "工業"), ("酒", "酒", "酒"), ("米业", "米業", "米穀"),
    ("乳业", "乳業", "乳業"), ("饮品", "飲品", "飲料"), ("记", "記", "本舗"), ("药业", "藥業", "製薬"),
]
GENERIC_PINYIN = {"茶": "cha", "食品": "shipin", "堂": "tang", "坊": "fang", "酒业": "jiuye",
                  "斋": "zhai", "居": "ju", "农业": "nongye", "生物": "shengwu", "科技": "keji",
                  "酒": "jiu", "米业": "miye", "乳业": "ruye", "饮品": "yinpin", "记": "ji",
                  "药业": "yaoye"}
GENERIC_KANA = {"茶": "チャ", "食品": "ショクヒン", "堂": "ドウ", "坊": "ボウ", "酒造": "シュゾウ",
                "斎": "サイ", "屋": "ヤ", "農園": "ノウエン", "生物": "セイブツ", "工業": "コウギョウ",
                "酒": "シュ", "米穀": "ベイコク", "乳業": "ニュウギョウ", "飲料": "インリョウ",
                "本舗": "ホンポ", "製薬": "セイヤク"}

# Look-alike characters (each line: groups of mutually confusable characters).
LOOKALIKE_CJK = """
兔免 师帅 師帥 吉古 未末 士土 人入 大太犬 王玉主 天夭 力刀 千干于 田由甲申 白百自 贝见 貝見
鸟乌 鳥烏 木本术 牛午 今令 候侯 季李 茶荼 金全 宫官 宮官 凤风 鳳風 晴睛 问间 問間 历厉 侍待
东车 東車 己已巳 日曰 清请 崇祟 蓝篮 兰兰 梦萝 未耒 土圡 末来 夕歹 子孑 雪雷 苑宛 杨扬 楊揚
"""
LOOKALIKE_KANA = ["ソン", "シツ", "ワウ", "チテ", "ヌス", "ナメ", "ルレ", "エユ", "ハバパ", "ヒビピ",
                  "フブプ", "ヘベペ", "ホボポ", "カガ", "クケ", "コユ", "タク", "ロコ", "ヲラ", "ーー"]
LOOKALIKE_LATIN = [("m", "rn"), ("rn", "m"), ("w", "vv"), ("d", "cl"), ("o", "0"), ("i", "1"),
                   ("l", "1"), ("e", "c"), ("u", "v"), ("h", "n"), ("n", "h"), ("a", "o"),
                   ("b", "h"), ("g", "q"), ("s", "5")]
# Spelling changes that keep the sound.
HOMOPHONE_LATIN = [("c", "k"), ("k", "c"), ("f", "ph"), ("ph", "f"), ("i", "y"), ("y", "i"),
                   ("s", "z"), ("x", "ks"), ("v", "w"), ("qu", "kw"), ("ee", "i"), ("oo", "u"),
                   ("a", "ah"), ("o", "oh"), ("t", "tt"), ("l", "ll"), ("n", "nn"), ("r", "rr")]
HOMOPHONE_KANA = [("ヴァ", "バ"), ("ヴィ", "ビ"), ("ヴェ", "ベ"), ("ヴォ", "ボ"), ("ティ", "チ"),
                  ("ディ", "ジ"), ("ファ", "ハ"), ("ヂ", "ジ"), ("ヅ", "ズ"), ("クス", "ックス"),
                  ("リー", "リ"), ("ニー", "ニ"), ("シー", "シ"), ("イア", "イヤ"), ("オン", "オーン")]

KANA_ROMAJI = {
    "ア": "a", "イ": "i", "ウ": "u", "エ": "e", "オ": "o", "カ": "ka", "キ": "ki", "ク": "ku",
    "ケ": "ke", "コ": "ko", "サ": "sa", "シ": "shi", "ス": "su", "セ": "se", "ソ": "so",
    "タ": "ta", "チ": "chi", "ツ": "tsu", "テ": "te", "ト": "to", "ナ": "na", "ニ": "ni",
    "ヌ": "nu", "ネ": "ne", "ノ": "no", "ハ": "ha", "ヒ": "hi", "フ": "fu", "ヘ": "he",
    "ホ": "ho", "マ": "ma", "ミ": "mi", "ム": "mu", "メ": "me", "モ": "mo", "ヤ": "ya",
    "ユ": "yu", "ヨ": "yo", "ラ": "ra", "リ": "ri", "ル": "ru", "レ": "re", "ロ": "ro",
    "ワ": "wa", "ン": "n", "ガ": "ga", "ギ": "gi", "グ": "gu", "ゲ": "ge", "ゴ": "go",
    "ザ": "za", "ジ": "ji", "ズ": "zu", "ゼ": "ze", "ゾ": "zo", "ダ": "da", "デ": "de",
    "ド": "do", "バ": "ba", "ビ": "bi", "ブ": "bu", "ベ": "be", "ボ": "bo", "パ": "pa",
    "ピ": "pi", "プ": "pu", "ペ": "pe", "ポ": "po",
}
KANA_DIGRAPH = {"キョ": "kyo", "キュ": "kyu", "ショ": "sho", "シュ": "shu", "チョ": "cho",
                "チュ": "chu", "ニュ": "nyu", "ヒャ": "hya", "リュ": "ryu", "リョ": "ryo",
                "ギョ": "gyo", "ギュ": "gyu", "ジュ": "ju", "ジョ": "jo", "シャ": "sha", "チャ": "cha"}

SCRIPTS = ["latin", "katakana", "kanji", "hanzi-s", "hanzi-t"]
SCRIPT_WEIGHTS = [0.34, 0.18, 0.16, 0.24, 0.08]
KINDS = ["edit", "variant", "homophone", "lookalike", "translit"]
KIND_WEIGHTS = [0.24, 0.16, 0.18, 0.18, 0.24]
# Which kinds apply to which script.
KIND_SCRIPTS = {
    "edit": SCRIPTS,
    "variant": ["kanji", "hanzi-s", "hanzi-t"],
    "homophone": SCRIPTS,
    "lookalike": SCRIPTS,
    "translit": SCRIPTS,
}
# Registers up to this size keep every mark as a planting candidate; larger ones keep a sample.
KEEP_ALL = 2_000_000
POPULAR_CLASSES = [29, 30, 32, 33, 3, 5, 9, 25, 35, 43, 31, 21, 16, 18, 41, 42, 44, 11, 7, 28]


def parse_pairs(text: str) -> list[tuple[str, str]]:
    out = []
    for item in text.replace("\n", "").split("|"):
        item = item.strip()
        if item:
            a, b = item.split()
            out.append((a, b))
    return out


class Chars:
    """The CJK character table and the maps derived from it."""

    def __init__(self) -> None:
        self.rows = []  # (simp, trad, jp, pinyin, reading or None)
        seen = set()
        for item in CHAR_TABLE.replace("\n", "").split("|"):
            parts = item.split()
            if not parts:
                continue
            if len(parts) != 5:
                raise ValueError(f"CHAR_TABLE entry {item!r}: expected 5 fields")
            s, t, j, py, rd = parts
            if s in seen:
                continue
            seen.add(s)
            self.rows.append((s, t, None if j == "-" else j, py, None if rd == "-" else rd))
        # Fold any form to the simplified form.
        self.to_simp = {}
        for s, t, j, _, _ in self.rows:
            for form in (s, t, j):
                if form:
                    self.to_simp.setdefault(form, s)
        self.by_simp = {r[0]: r for r in self.rows}
        self.pinyin_groups: dict[str, list[str]] = {}
        for s, _, _, py, _ in self.rows:
            self.pinyin_groups.setdefault(py, []).append(s)
        self.reading_groups: dict[str, list[str]] = {}
        for _, _, j, _, rd in self.rows:
            if j and rd:
                self.reading_groups.setdefault(rd, []).append(j)
        self.jp_to_row = {r[2]: r for r in self.rows if r[2]}
        self.trad_to_row = {}
        for r in self.rows:
            self.trad_to_row.setdefault(r[1], r)
        self.lookalike: dict[str, list[str]] = {}
        for group in LOOKALIKE_CJK.split():
            for c in group:
                others = [o for o in group if o != c]
                if others:
                    self.lookalike.setdefault(c, [])
                    for o in others:
                        if o not in self.lookalike[c]:
                            self.lookalike[c].append(o)
        self.simp = [r[0] for r in self.rows]
        self.jp_rows = [r for r in self.rows if r[2] and r[4]]

    def fold(self, text: str) -> str:
        return "".join(self.to_simp.get(c, c) for c in text)


def zipf_weights(n: int, s: float = 0.9) -> list[float]:
    return [1.0 / (i + 1) ** s for i in range(n)]


def cumulative(weights: list[float]) -> list[float]:
    out, acc = [], 0.0
    for w in weights:
        acc += w
        out.append(acc)
    return out


def kana_to_romaji(kana: str) -> str:
    """Simplified Hepburn without macrons: ou/uu long vowels drop the u; ー is dropped."""
    out = []
    i = 0
    geminate = False
    while i < len(kana):
        two = kana[i:i + 2]
        if two in KANA_DIGRAPH:
            syl = KANA_DIGRAPH[two]
            i += 2
        elif kana[i] == "ッ":
            geminate = True
            i += 1
            continue
        elif kana[i] == "ー":
            i += 1
            continue
        else:
            syl = KANA_ROMAJI.get(kana[i], "")
            i += 1
        if geminate and syl:
            syl = ("t" if syl.startswith("ch") else syl[0]) + syl
            geminate = False
        out.append(syl)
    text = "".join(out)
    return text.replace("ou", "o").replace("uu", "u")


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.chars = Chars()
        self.lat_syl = parse_pairs(LATIN_SYLLABLES)
        self.lat_coda = parse_pairs(LATIN_CODAS)
        self.lat_syl_cum = cumulative(zipf_weights(len(self.lat_syl), 0.5))
        self.lat_coda_cum = cumulative(zipf_weights(len(self.lat_coda), 0.5))
        # Character popularity: a shuffled Zipf, so common brand characters recur a lot.
        simp = list(self.chars.simp)
        self.rng.shuffle(simp)
        self.cjk_pool = simp
        self.cjk_cum = cumulative(zipf_weights(len(simp), 0.8))
        jp = [r[0] for r in self.chars.jp_rows]
        self.rng.shuffle(jp)
        self.jp_pool = jp
        self.jp_cum = cumulative(zipf_weights(len(jp), 0.8))
        self.serial = {"CN": 10_000_000, "JP": 2_000_000, "TW": 1_000_000, "HK": 300_000_000}

    # -- marks ---------------------------------------------------------------------------------

    def latin_parts(self) -> list[tuple[str, str]]:
        """A coinage as (latin, katakana) syllables, plus maybe a generic word."""
        rng = self.rng
        n = rng.choices([1, 2, 3], weights=[0.25, 0.55, 0.20])[0]
        parts = rng.choices(self.lat_syl, cum_weights=self.lat_syl_cum, k=n)
        if rng.random() < 0.75:
            parts.append(rng.choices(self.lat_coda, cum_weights=self.lat_coda_cum)[0])
        elif n == 1:
            parts.append(rng.choices(self.lat_syl, cum_weights=self.lat_syl_cum)[0])
        return parts

    def make_latin(self) -> dict:
        parts = self.latin_parts()
        word = "".join(p[0] for p in parts)
        kana = "".join(p[1] for p in parts)
        generic = self.rng.choice(LATIN_GENERIC) if self.rng.random() < 0.15 else None
        style = self.rng.random()
        if style < 0.18:
            shown = word.upper()
            gen_shown = generic[0].upper() if generic else None
        elif style < 0.25:
            shown = word.lower()
            gen_shown = generic[0].lower() if generic else None
        else:
            shown = word.capitalize()
            gen_shown = generic[0] if generic else None
        mark = shown + (" " + gen_shown if generic else "")
        kana_full = kana + (generic[1] if generic else "")
        return {"mark": mark, "script": "latin", "kana": kana_full,
                "core": shown}

    def make_katakana(self) -> dict:
        parts = self.latin_parts()
        kana = "".join(p[1] for p in parts)
        latin = "".join(p[0] for p in parts).capitalize()
        if self.rng.random() < 0.15 and kana[-1] not in "ンー":
            kana += "ー"
        generic = self.rng.choice(LATIN_GENERIC) if self.rng.random() < 0.12 else None
        if generic:
            kana += generic[1]
            latin += " " + generic[0]
        return {"mark": kana, "script": "katakana", "latin": latin}

    def cjk_core(self, pool, cum) -> list[str]:
        n = self.rng.choices([2, 3, 4], weights=[0.30, 0.55, 0.15])[0]
        return self.rng.choices(pool, cum_weights=cum, k=n)

    def make_hanzi(self, traditional: bool) -> dict:
        core = self.cjk_core(self.cjk_pool, self.cjk_cum)
        generic = self.rng.choice(CJK_GENERIC) if self.rng.random() < 0.25 else None
        rows = [self.chars.by_simp[c] for c in core]
        col = 1 if traditional else 0
        mark = "".join(r[col] for r in rows) + (generic[col] if generic else "")
        return {"mark": mark, "script": "hanzi-t" if traditional else "hanzi-s",
                "simp_core": core, "generic": generic}

    def make_kanji(self) -> dict:
        core = self.cjk_core(self.jp_pool, self.jp_cum)
        generic = self.rng.choice(CJK_GENERIC) if self.rng.random() < 0.25 else None
        rows = [self.chars.by_simp[c] for c in core]
        mark = "".join(r[2] for r in rows) + (generic[2] if generic else "")
        return {"mark": mark, "script": "kanji", "simp_core": core, "generic": generic}

    def make_mark(self, script: str) -> dict:
        if script == "latin":
            return self.make_latin()
        if script == "katakana":
            return self.make_katakana()
        if script == "kanji":
            return self.make_kanji()
        return self.make_hanzi(script == "hanzi-t")

    def fold(self, mark: str) -> str:
        """The duplicate key: case-folded, spaces removed, CJK variants to simplified."""
        return self.chars.fold(mark.lower().replace(" ", ""))

    # -- records -------------------------------------------------------------------------------

    def office_for(self, script: str) -> str:
        if script in ("katakana", "kanji"):
            return "JP"
        if script == "hanzi-s":
            return "CN"
        if script == "hanzi-t":
            return "TW" if self.rng.random() < 0.8 else "HK"
        return "CN" if self.rng.random() < 0.6 else "JP"

    def next_id(self, office: str) -> str:
        self.serial[office] += self.rng.randint(1, 40)
        return f"{office}:{self.serial[office]}"

    def applicant(self, office: str) -> str:
        rng = self.rng
        if office == "JP":
            if rng.random() < 0.5:
                name = "".join(rng.choices(self.jp_pool, k=2))
                return "株式会社" + "".join(self.chars.by_simp[c][2] for c in name)
            return "".join(p[0] for p in self.latin_parts()).capitalize() + " K.K."
        if office in ("TW", "HK"):
            name = "".join(self.chars.by_simp[c][1] for c in rng.choices(self.cjk_pool, k=2))
            return name + "股份有限公司"
        if rng.random() < 0.7:
            city = rng.choice(["上海", "北京", "广州", "深圳", "杭州", "成都", "厦门", "青岛"])
            return city + "".join(rng.choices(self.cjk_pool, k=2)) + "贸易有限公司"
        return "".join(p[0] for p in self.latin_parts()).capitalize() + " Co., Ltd."

    def classes(self) -> list[int]:
        rng = self.rng
        n = rng.choices([1, 2, 3, 4], weights=[0.55, 0.25, 0.12, 0.08])[0]
        out = set()
        while len(out) < n:
            if rng.random() < 0.7:
                out.add(rng.choice(POPULAR_CLASSES))
            else:
                out.add(rng.randint(1, 45))
        return sorted(out)

    def record(self, m: dict, year_from: int = 2000, year_to: int = 2025) -> dict:
        office = self.office_for(m["script"])
        y = self.rng.randint(year_from, year_to)
        d = f"{y:04d}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"
        return {"id": self.next_id(office), "office": office, "mark": m["mark"],
                "applicant": self.applicant(office), "classes": self.classes(),
                "filing_date": d}

    # -- transforms (planted near-duplicates) --------------------------------------------------

    def transform(self, m: dict, kind: str) -> str | None:
        """A near-duplicate of mark `m` of the given kind, or None when it does not apply."""
        f = getattr(self, "t_" + kind)
        return f(m)

    def _cjk_chars(self, m: dict) -> list[str]:
        return list(m["mark"])

    def t_edit(self, m: dict) -> str | None:
        rng = self.rng
        s = m["mark"]
        script = m["script"]
        if script == "latin":
            core = m["core"]
            if len(core) < 5:
                return None
            i = rng.randrange(1, len(core))
            op = rng.choice(["sub", "ins", "del", "swap"])
            letters = "aeiourlnstmkdv"
            if core.isupper():
                letters = letters.upper()
            if op == "sub":
                new = core[:i] + rng.choice(letters) + core[i + 1:]
            elif op == "ins":
                new = core[:i] + rng.choice(letters) + core[i:]
            elif op == "del":
                new = core[:i] + core[i + 1:]
            else:
                if i >= len(core) - 1:
                    return None
                new = core[:i] + core[i + 1] + core[i] + core[i + 2:]
            return new + s[len(core):]
        if script == "katakana":
            if len(s) < 4:
                return None
            i = rng.randrange(1, len(s))
            op = rng.choice(["sub", "ins", "del"])
            kana = rng.choice(self.lat_syl)[1][0]
            if op == "sub":
                return s[:i] + kana + s[i + 1:]
            if op == "ins":
                return s[:i] + kana + s[i:]
            return s[:i] + s[i + 1:]
        # CJK: insert a character anywhere; substitute or delete only in marks of 4+ characters
        # (in a 2- or 3-character mark that would leave no way to tell the original apart).
        chars = list(s)
        col = {"kanji": 2, "hanzi-s": 0, "hanzi-t": 1}[script]
        pool = self.jp_pool if script == "kanji" else self.cjk_pool
        c = self.chars.by_simp[rng.choice(pool)][col]
        op = "ins" if len(chars) < 4 else rng.choice(["ins", "sub", "del"])
        i = rng.randrange(0, len(chars) + (1 if op == "ins" else 0))
        if op == "ins":
            chars.insert(i, c)
        elif op == "sub":
            chars[i] = c
        else:
            del chars[i]
        return "".join(chars)

    def t_variant(self, m: dict) -> str | None:
        script = m["script"]
        if script not in ("kanji", "hanzi-s", "hanzi-t"):
            return None
        s = m["mark"]
        if script == "hanzi-s":
            targets = [1, 2]  # traditional, or Japanese forms
        elif script == "hanzi-t":
            targets = [0, 2]
        else:
            targets = [0, 1]
        col = self.rng.choice(targets)
        out = []
        for c in s:
            row = self.chars.by_simp.get(self.chars.to_simp.get(c, c))
            if row and row[col]:
                out.append(row[col])
            else:
                out.append(c)
        q = "".join(out)
        if q == s:
            other = [t for t in targets if t != col][0]
            q = "".join((self.chars.by_simp.get(self.chars.to_simp.get(c, c)) or (c, c, c))[other]
                        or c for c in s)
        return q if q != s else None

    def t_homophone(self, m: dict) -> str | None:
        rng = self.rng
        s = m["mark"]
        script = m["script"]
        if script == "latin":
            return self._replace_one(m["core"], HOMOPHONE_LATIN, keep_first=True,
                                     rest=s[len(m["core"]):])
        if script == "katakana":
            return self._replace_one(s, HOMOPHONE_KANA, keep_first=False, rest="")
        chars = list(s)
        positions = list(range(len(chars)))
        rng.shuffle(positions)
        for i in positions:
            c = chars[i]
            if script == "kanji":
                row = self.chars.jp_to_row.get(c)
                if not row:
                    continue
                group = [g for g in self.chars.reading_groups.get(row[4], []) if g != c]
            else:
                simp = self.chars.to_simp.get(c)
                if not simp:
                    continue
                row = self.chars.by_simp[simp]
                col = 1 if script == "hanzi-t" else 0
                group = [self.chars.by_simp[g][col] for g in self.chars.pinyin_groups[row[3]]
                         if g != simp]
            if group:
                chars[i] = rng.choice(group)
                return "".join(chars)
        return None

    def _replace_one(self, s: str, pairs, keep_first: bool, rest: str) -> str | None:
        rng = self.rng
        low = s.lower() if s.isascii() else s
        candidates = []
        for a, b in pairs:
            start = 1 if keep_first else 0
            j = low.find(a, start)
            while j != -1:
                candidates.append((j, a, b))
                j = low.find(a, j + 1)
        if not candidates:
            return None
        j, a, b = rng.choice(candidates)
        if s.isascii() and s[j:j + len(a)].isupper():
            b = b.upper()
        return s[:j] + b + s[j + len(a):] + rest

    def t_lookalike(self, m: dict) -> str | None:
        rng = self.rng
        s = m["mark"]
        script = m["script"]
        if script == "latin":
            return self._replace_one(m["core"], LOOKALIKE_LATIN, keep_first=False,
                                     rest=s[len(m["core"]):])
        if script == "katakana":
            pairs = []
            for group in LOOKALIKE_KANA:
                for a in group:
                    for b in group:
                        if a != b:
                            pairs.append((a, b))
            return self._replace_one(s, pairs, keep_first=False, rest="")
        chars = list(s)
        positions = [i for i, c in enumerate(chars) if c in self.chars.lookalike]
        if not positions:
            return None
        i = rng.choice(positions)
        chars[i] = rng.choice(self.chars.lookalike[chars[i]])
        return "".join(chars)

    def t_translit(self, m: dict) -> str | None:
        rng = self.rng
        script = m["script"]
        if script == "latin":
            return m["kana"]
        if script == "katakana":
            return m["latin"]
        core = m["simp_core"]
        generic = m["generic"]
        if script == "kanji":
            kana = "".join(self.chars.by_simp[c][4] for c in core)
            if generic:
                kana += GENERIC_KANA[generic[2]]
            if rng.random() < 0.5:
                return kana
            return kana_to_romaji(kana).capitalize()
        py = "".join(self.chars.by_simp[c][3] for c in core)
        if generic:
            py += GENERIC_PINYIN[generic[0]]
        return py.upper() if rng.random() < 0.25 else py.capitalize()


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="register size (default 1000000)")
    ap.add_argument("--queries", type=int, default=1000, help="planted queries (default 1000)")
    ap.add_argument("--gazette", type=int, default=0,
                    help="also write a gazette of this many filings (default 0: none)")
    ap.add_argument("--gazette-planted", type=float, default=0.02,
                    help="share of gazette filings that copy a register mark (default 0.02)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "data"),
                    help="output directory (default bench/data)")
    args = ap.parse_args(argv)
    if args.n < 1 or args.queries < 0 or args.gazette < 0:
        ap.error("--n must be positive, --queries and --gazette not negative")
    os.makedirs(args.out, exist_ok=True)
    t0 = time.perf_counter()
    g = Generator(args.seed)

    # Register: unique after folding. Records stream to the file; the marks that queries may be
    # planted on are kept in memory: all of them up to KEEP_ALL marks, a uniform sample beyond
    # (so 10M-mark registers fit in memory).
    folded_seen: set[str] = set()
    keep_p = 1.0 if args.n <= KEEP_ALL else KEEP_ALL / args.n
    marks: list[dict] = []  # planting candidates, each with its record id
    written = 0
    attempts = 0
    path = os.path.join(args.out, "register.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        while written < args.n:
            attempts += 1
            if attempts > 20 * args.n + 1000:
                print(f"error: could only make {written} distinct marks", file=sys.stderr)
                return 1
            script = g.rng.choices(SCRIPTS, weights=SCRIPT_WEIGHTS)[0]
            m = g.make_mark(script)
            key = g.fold(m["mark"])
            if key in folded_seen:
                continue
            folded_seen.add(key)
            rec = g.record(m)
            written += 1
            if keep_p >= 1.0 or g.rng.random() < keep_p:
                m["id"] = rec["id"]
                marks.append(m)
            f.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
            f.write("\n")
    t_reg = time.perf_counter() - t0
    print(f"register: {written} marks -> {path} ({os.path.getsize(path) / 1e6:.1f} MB, "
          f"{t_reg:.1f} s)", file=sys.stderr)

    def plant(count: int) -> list[tuple[str, str, int]]:
        out = []
        used: set[int] = set()
        tries = 0
        while len(out) < count:
            tries += 1
            if tries > 200 * count + 1000:
                raise SystemExit(f"error: could only plant {len(out)} of {count} near-duplicates")
            kind = g.rng.choices(KINDS, weights=KIND_WEIGHTS)[0]
            idx = g.rng.randrange(len(marks))
            if idx in used or marks[idx]["script"] not in KIND_SCRIPTS[kind]:
                continue
            q = g.transform(marks[idx], kind)
            if not q or q == marks[idx]["mark"]:
                continue
            if kind != "variant" and g.fold(q) in folded_seen:
                continue  # the copy would itself be another register mark
            used.add(idx)
            out.append((q, kind, idx))
        return out

    t1 = time.perf_counter()
    planted = plant(args.queries)
    qpath = os.path.join(args.out, "queries.tsv")
    with open(qpath, "w", encoding="utf-8") as f:
        for q, kind, idx in planted:
            f.write(f"{q}\t{kind}\t{marks[idx]['id']}\t{marks[idx]['script']}\n")
    print(f"queries: {len(planted)} -> {qpath} ({time.perf_counter() - t1:.1f} s)",
          file=sys.stderr)

    if args.gazette:
        n_copy = int(round(args.gazette * args.gazette_planted))
        copies = plant(n_copy)
        slots = sorted(g.rng.sample(range(args.gazette), n_copy))
        copy_at = dict(zip(slots, copies))
        gpath = os.path.join(args.out, "gazette.jsonl")
        epath = os.path.join(args.out, "gazette_expect.tsv")
        fresh_seen: set[str] = set()
        with open(gpath, "w", encoding="utf-8") as gf, open(epath, "w", encoding="utf-8") as ef:
            for i in range(args.gazette):
                if i in copy_at:
                    q, kind, idx = copy_at[i]
                    m = {"mark": q, "script": marks[idx]["script"]}
                else:
                    while True:
                        script = g.rng.choices(SCRIPTS, weights=SCRIPT_WEIGHTS)[0]
                        m = g.make_mark(script)
                        key = g.fold(m["mark"])
                        if key not in folded_seen and key not in fresh_seen:
                            fresh_seen.add(key)
                            break
                rec = g.record(m, 2026, 2026)
                gf.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
                if i in copy_at:
                    ef.write(f"{rec['id']}\t{kind}\t{marks[idx]['id']}\t"
                             f"{marks[idx]['script']}\n")
        print(f"gazette: {args.gazette} filings ({n_copy} planted copies) -> {gpath}, {epath}",
              file=sys.stderr)
    print(f"total {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
