//! The normalization pipeline: the examples of the cross-script keys issue, the public eval
//! positives, properties, table errors, and snapshots of `explain`.

use markwatch_core::normalize::{phonetic, MarkKeys, Normalizer, Tables};
use proptest::prelude::*;

fn n() -> &'static Normalizer {
    Normalizer::global()
}

fn keys(s: &str) -> MarkKeys {
    n().keys(s)
}

mod fold {
    use super::*;

    #[test]
    fn issue_variant_groups_fold_to_one_form() {
        let groups: &[&[&str]] = &[
            &["広", "廣", "广"],
            &["沢", "澤", "泽"],
            &["戸", "戶", "户"],
            &["縄", "繩", "绳"],
            &["焼", "燒", "烧"],
            &["鉄", "鐵", "铁"],
            &["観", "觀", "观"],
            &["豊", "豐", "丰"],
            &["渓", "溪"],
            &["県", "縣", "县"],
            &["島", "岛"],
            &["張", "张"],
            &["濃", "浓"],
            &["馬", "马"],
            &["貴", "贵"],
            &["鳥", "鸟"],
            &["蠟", "蜡"],
            &["夢", "梦"],
            &["臓", "脏"],
            &["国", "國"],
        ];
        for g in groups {
            let first = keys(g[0]).folded;
            for c in &g[1..] {
                assert_eq!(keys(c).folded, first, "{} vs {c}", g[0]);
            }
        }
    }

    #[test]
    fn folding_keeps_the_original_and_folds_marks() {
        for (input, folded) in [
            ("福岡", "福冈"),
            ("味の素", "味之素"),
            ("佐々木", "佐佐木"),
            ("クマモン", "くまもん"),
            ("KOBE BEEF", "kobebeef"),
        ] {
            let k = keys(input);
            assert_eq!(k.folded, folded, "{input}");
            assert_eq!(k.original, input);
        }
        assert_eq!(keys("味の素").folded, keys("味之素").folded);
        // の between kana is a particle, not 之.
        assert_eq!(keys("ひのき").folded, "ひのき");
    }

    #[test]
    fn confusables_share_a_skeleton() {
        for (a, b) in [
            ("0", "O"),
            ("1", "l"),
            ("I", "l"),
            ("ニ", "二"),
            ("エ", "工"),
            ("ロ", "口"),
            ("カ", "力"),
            ("ー", "一"),
            ("へ", "ヘ"),
        ] {
            assert_eq!(keys(a).skeleton, keys(b).skeleton, "{a} {b}");
        }
    }
}

mod readings {
    use super::*;

    #[test]
    fn japanese_readings_from_the_dictionaries() {
        for (mark, reading) in [
            ("青森", "あおもり"),
            ("無印良品", "むじるしりょうひん"),
            ("越光", "こしひかり"),
            ("讃岐", "さぬき"),
            // Simplified input finds the Japanese word through the folded dictionary keys.
            ("福冈", "ふくおか"),
        ] {
            let k = keys(mark);
            assert!(k.kana.iter().any(|r| r == reading), "{mark}: {:?}", k.kana);
            assert!(k.kana.len() <= markwatch_core::normalize::MAX_READINGS);
        }
    }

    #[test]
    fn chinese_readings_are_toneless_pinyin() {
        for (mark, pinyin) in [
            ("茅台", "mao tai"),
            ("龍井", "long jing"),
            ("普洱", "pu er"),
            ("祁門", "qi men"),
            ("特斯拉", "te si la"),
            ("盘锦大米", "pan jin da mi"),
        ] {
            assert_eq!(
                keys(mark).pinyin.first().map(String::as_str),
                Some(pinyin),
                "{mark}"
            );
        }
        // Polyphonic characters add bounded alternatives.
        let k = keys("长野");
        assert!(
            k.pinyin.iter().any(|p| p.starts_with("chang")),
            "{:?}",
            k.pinyin
        );
        assert!(
            k.pinyin.iter().any(|p| p.starts_with("zhang")),
            "{:?}",
            k.pinyin
        );
    }

    #[test]
    fn every_cjk_mark_gets_both_languages() {
        let k = keys("福岡");
        assert!(!k.pinyin.is_empty() && !k.kana.is_empty(), "{k:?}");
        let k = keys("盘锦");
        assert!(!k.pinyin.is_empty() && !k.kana.is_empty(), "{k:?}");
    }

    #[test]
    fn romaji_spellings_meet() {
        let target = "tokyo";
        for mark in [
            "とうきょう",
            "トーキョー",
            "Tōkyō",
            "TOUKYOU",
            "tohkyoh",
            "東京",
        ] {
            let k = keys(mark);
            assert!(
                k.romaji.iter().any(|r| r == target),
                "{mark}: {:?}",
                k.romaji
            );
        }
        for (a, b) in [
            ("shimbun", "しんぶん"),
            ("kitte", "きって"),
            ("tu", "つ"),
            ("si", "し"),
            ("ti", "ち"),
            ("hu", "ふ"),
            ("zi", "じ"),
            ("di", "ぢ"),
        ] {
            assert_eq!(keys(a).romaji, keys(b).romaji, "{a} {b}");
        }
    }
}

mod phonetic_keys {
    use super::*;

    fn meet(a: &str, b: &str) -> f32 {
        let ka = keys(a);
        let kb = keys(b);
        let mut best = 1.0f32;
        for x in &ka.phonetic {
            for y in &kb.phonetic {
                best = best.min(phonetic::distance(x, y));
            }
        }
        best
    }

    #[test]
    fn loanwords_transliterations_and_latin_meet() {
        // (a, b, equal keys expected)
        for (a, b, equal) in [
            ("マオタイ", "茅台", true),
            ("ロンジン", "龙井", true),
            ("プーアール", "普洱", true),
            ("シーイン", "希音", true),
            ("ウーロン", "乌龙", true),
            ("TESLA", "特斯拉", true),
            ("TESLA", "テスラ", true),
            ("テスラ", "特斯拉", true),
            ("キーマン", "祁门", false),
            ("キーマン", "Keemun", false),
            ("祁门", "Keemun", false),
            ("ザーサイ", "榨菜", false),
            ("スターバックス", "STARBUCKS", false),
            ("FUKUOKA", "福岡", true),
            ("KUMAMON", "くまモン", true),
        ] {
            let d = meet(a, b);
            if equal {
                assert_eq!(
                    d,
                    0.0,
                    "{a} ⇄ {b}: {:?} {:?}",
                    keys(a).phonetic,
                    keys(b).phonetic
                );
            } else {
                assert!(d <= phonetic::NEAR, "{a} ⇄ {b}: {d}");
            }
        }
    }

    /// English words and their katakana forms share a sound key through the loanword table
    /// (`data/ccbysa/loanwords.tsv`), where the Latin reading rules alone guess wrong
    /// (`white` → `u.hi.te`, `young` → `ion`).
    #[test]
    fn english_words_meet_their_katakana_loanwords() {
        for (a, b) in [
            ("WHITE RABBIT", "ホワイトラビット"),
            ("SUNSHINE", "サンシャイン"),
            ("HEART", "ハート"),
            ("LUCKY", "ラッキー"),
            ("KITCHEN", "キッチン"),
            ("WHISKY", "ウイスキー"),
            ("YOUNG", "ヤング"),
            ("CHOCOLATE", "チョコレート"),
            ("CROWN", "クラウン"),
            ("ROYAL", "ロイヤル"),
            ("PEARL", "パール"),
            ("ORANGE", "オレンジ"),
            ("HOUSE", "ハウス"),
            ("FAMILY MART", "ファミリーマート"),
            ("JOYOUNG", "ジョーヤング"),
        ] {
            assert_eq!(
                meet(a, b),
                0.0,
                "{a} ⇄ {b}: {:?} {:?}",
                keys(a).phonetic,
                keys(b).phonetic
            );
        }
    }

    #[test]
    fn different_names_stay_apart() {
        for (a, b) in [
            ("マオタイ", "龙井"),
            ("TESLA", "祁门"),
            ("ウーロン", "普洱"),
        ] {
            let d = meet(a, b);
            assert!(d > phonetic::NEAR, "{a} {b}: {d}");
        }
    }

    #[test]
    fn distance_weights_the_first_syllable() {
        let first = phonetic::distance("ka.ma.ta", "sa.ma.ta");
        let last = phonetic::distance("ka.ma.ta", "ka.ma.sa");
        assert!(first > last, "{first} {last}");
        for (a, b) in [("mao.tai", "mao.tai"), ("", ""), ("ka", "ka.ka.ka")] {
            let d = phonetic::distance(a, b);
            assert!((0.0..=1.0).contains(&d), "{a} {b} {d}");
            assert_eq!(d, phonetic::distance(b, a));
        }
        assert_eq!(phonetic::distance("mao.tai", "mao.tai"), 0.0);
    }
}

mod visual {
    use super::*;

    /// The issue's look-alike pairs: one stroke or one component apart (兔/免, 牛/午), a shared
    /// large part (奥/粤, 哈/恰), or one containing the other (泉 ⊃ 水, 鸭 ⊃ 鸟).
    const PAIRS: &[(char, char)] = &[
        ('兔', '免'),
        ('师', '帅'),
        ('雪', '雷'),
        ('洽', '治'),
        ('牛', '午'),
        ('奥', '粤'),
        ('阪', '坂'),
        ('阪', '板'),
        ('坂', '板'),
        ('泉', '水'),
        ('吉', '古'),
        ('鸭', '鸟'),
        ('哈', '恰'),
    ];

    /// The listing threshold of the generator (data/visual/README.md).
    const LISTED: f32 = 0.6;

    fn table(text: &str) -> Normalizer {
        Normalizer::from_tables(&Tables {
            neighbors: text,
            ..Tables::default()
        })
        .expect("valid neighbours table")
    }

    #[test]
    fn similarity_contract() {
        let n = n();
        assert_eq!(n.visual_similarity('雪', '雪'), 1.0);
        assert_eq!(n.visual_similarity('雪', '龙'), 0.0);
        let s = n.visual_similarity('兔', '免');
        assert!(s > 0.5 && s < 1.0, "{s}");
        assert_eq!(s, n.visual_similarity('免', '兔'));
        let nb = n.visual_neighbors('雪');
        assert!(nb.iter().any(|(c, _)| *c == '雷'));
        assert!(nb.windows(2).all(|w| w[0].1 >= w[1].1), "sorted: {nb:?}");
    }

    #[test]
    fn strong_neighbours_share_the_visual_key() {
        assert_eq!(keys("兔子").visual, keys("免子").visual);
        assert_eq!(keys("雪花").visual, keys("雷花").visual);
        assert_ne!(keys("雪花").visual, keys("龙花").visual);
    }

    #[test]
    fn part_kinds_are_symmetric_and_never_join_a_class() {
        // 鸭 has 鸟 as a part (written once, from either side), 奥 and 粤 share a part; both
        // score above the class threshold here, and still keep their own visual keys.
        for text in [
            "# t\n鸭\t鸟:0.90:has\n奥\t粤:0.88:shares\n兔\t免:0.91\n",
            "# t\n鸟\t鸭:0.90:in\n粤\t奥:0.88:shares\n免\t兔:0.91\n",
        ] {
            let n = table(text);
            for (a, b, s) in [('鸭', '鸟', 0.9), ('奥', '粤', 0.88), ('兔', '免', 0.91)] {
                assert_eq!(n.visual_similarity(a, b), s, "{a}/{b} in {text:?}");
                assert_eq!(n.visual_similarity(b, a), s, "{b}/{a} in {text:?}");
                assert_eq!(n.visual_neighbors(a), &[(b, s)], "{text:?}");
            }
            assert_ne!(n.keys("鸭子").visual, n.keys("鸟子").visual, "{text:?}");
            assert_ne!(n.keys("奥子").visual, n.keys("粤子").visual, "{text:?}");
            assert_eq!(n.keys("兔子").visual, n.keys("免子").visual, "{text:?}");
        }
    }

    #[test]
    fn whole_shape_pairs_hold_between_folded_forms_too() {
        // 萝/夢 look alike; 梦 is 夢 folded, so 萝/梦 score as 萝/夢. 島 has 鳥 as a part and
        // 雞 too, but folded 岛 and 鸡 do not: part pairs stay with the written forms.
        let n = table("# t\n萝\t夢:0.89\n島\t雞:0.71:shares\n");
        assert_eq!(n.visual_similarity('萝', '夢'), 0.89);
        assert_eq!(n.visual_similarity('萝', '梦'), 0.89);
        assert_eq!(n.visual_similarity('梦', '萝'), 0.89);
        assert_eq!(n.visual_similarity('島', '雞'), 0.71);
        assert_eq!(n.visual_similarity('岛', '鸡'), 0.0);
        assert_eq!(n.visual_relation('岛', '鸡'), None);
        // Not a neighbour to substitute: the written neighbour 夢 reaches 梦 by folding.
        assert_eq!(n.visual_neighbors('萝'), &[('夢', 0.89)]);
        assert_eq!(n.visual_neighbors('梦'), &[]);
        // The visual key is the table's: folded pairs join no class.
        let strong = table("# t\n萝\t夢:0.95\n");
        assert_ne!(strong.keys("萝子").visual, strong.keys("梦子").visual);
    }

    #[test]
    fn bad_kinds_name_the_line_and_field() {
        for (text, why) in [
            ("# t\n兔\t免:0.91\n鸭\t鸟:0.9:inside\n", "kind \"inside\""),
            (
                "# t\n鸭\t鸟:0.9:has:in\n",
                "expected char:score or char:score:kind",
            ),
            ("# t\n鸭\t鸟\n", "expected char:score or char:score:kind"),
        ] {
            let e = Normalizer::from_tables(&Tables {
                neighbors: text,
                ..Tables::default()
            })
            .expect_err(text);
            let line = text.lines().count();
            let want = format!("data/visual/neighbors.tsv line {line}, field neighbors");
            assert!(e.message().starts_with(&want), "{e}");
            assert!(e.message().contains(why), "{e}");
        }
    }

    #[test]
    fn issue_pairs_present_in_the_table_are_symmetric() {
        let n = n();
        let present: Vec<_> = PAIRS
            .iter()
            .filter(|(a, b)| n.visual_similarity(*a, *b) > 0.0)
            .collect();
        assert!(present.len() >= 4, "{present:?}");
        for (a, b) in present {
            assert_eq!(n.visual_similarity(*a, *b), n.visual_similarity(*b, *a));
        }
    }

    /// Kana look-alikes that cost search recall (one stroke's angle or length apart).
    const KANA_PAIRS: &[(char, char)] = &[
        ('ユ', 'コ'),
        ('チ', 'テ'),
        ('シ', 'ツ'),
        ('ソ', 'ン'),
        ('ク', 'ケ'),
        ('ワ', 'ウ'),
        ('ぬ', 'め'),
        ('は', 'ほ'),
    ];

    fn is_kana(c: char) -> bool {
        matches!(c as u32, 0x3041..=0x3096 | 0x30A1..=0x30FA) || c == 'ー'
    }

    /// Prints the kana pairs' scores (`cargo test -- --nocapture`) and checks the kana part
    /// of the table: listed pairs are symmetric with a score in [0.60, 1), and kana are
    /// neighbours of kana only (the generator compares kana with kana).
    #[test]
    fn kana_look_alikes_in_the_table() {
        let n = n();
        let mut listed = Vec::new();
        for &(a, b) in KANA_PAIRS {
            let s = n.visual_similarity(a, b);
            println!(
                "{a}/{b} {s:.2}{}",
                if s > 0.0 { "" } else { " (not listed)" }
            );
            assert_eq!(s, n.visual_similarity(b, a), "{a}/{b}");
            if s > 0.0 {
                assert!((LISTED..1.0).contains(&s), "{a}/{b} scores {s}");
                listed.push((a, b));
            }
        }
        // The font table lists 5 of the 8; the hand-written table adds シ/ツ and ソ/ン
        // (README of the table, "Kana written by hand").
        assert!(listed.len() >= 7, "listed: {listed:?}");
        let mut kana_rows = 0;
        for c in (0x3041..=0x30FC)
            .filter_map(char::from_u32)
            .filter(|&c| is_kana(c))
        {
            let nb = n.visual_neighbors(c);
            kana_rows += usize::from(!nb.is_empty());
            for &(d, s) in nb {
                assert!(is_kana(d), "{c} has the non-kana neighbour {d} {s}");
                assert_eq!(n.visual_similarity(d, c), s, "{c}/{d}");
            }
        }
        assert!(kana_rows >= 100, "{kana_rows} kana have neighbours");
        assert!(n.visual_neighbors('二').iter().all(|&(d, _)| !is_kana(d)));
    }

    /// The scorer's visual part compares kana in the script they are written in: folding
    /// makes ユ and ゆ one letter, but only ユ looks like コ.
    #[test]
    fn scorer_compares_kana_shapes_as_written() {
        use markwatch_core::score::{explain, MarkProfile};
        let n = n();
        let visual = |a: &str, b: &str| -> f32 {
            let e = explain(&MarkProfile::new(n, a), &MarkProfile::new(n, b));
            e.children
                .iter()
                .find(|c| c.method == "visual")
                .map(|c| c.value)
                .expect("a visual part")
        };
        for &(a, b) in KANA_PAIRS {
            let s = n.visual_similarity(a, b);
            if s == 0.0 {
                continue;
            }
            // Three equal characters and one look-alike pair: (3 + s) / 4.
            let (ma, mb) = (format!("ラメン{a}"), format!("ラメン{b}"));
            let want = (3.0 + s) / 4.0;
            let got = visual(&ma, &mb);
            println!("{ma}/{mb} visual {got:.4}");
            assert!((got - want).abs() < 1e-3, "{ma}/{mb}: {got}, want {want}");
            // The same letters in the other script are not look-alikes of each other unless
            // the table says so.
            let other = |c: char| -> char {
                match c as u32 {
                    0x3041..=0x3096 => char::from_u32(c as u32 + 0x60).unwrap_or(c),
                    0x30A1..=0x30F6 => char::from_u32(c as u32 - 0x60).unwrap_or(c),
                    _ => c,
                }
            };
            let (oa, ob) = (other(a), other(b));
            let (ma, mb) = (format!("らめん{oa}"), format!("らめん{ob}"));
            let want = (3.0 + n.visual_similarity(oa, ob)) / 4.0;
            assert!((visual(&ma, &mb) - want).abs() < 1e-3, "{ma}/{mb}");
        }
        assert_eq!(
            visual("ユラメン", "ゆらめん"),
            1.0,
            "one letter in two scripts"
        );
    }

    #[test]
    fn all_issue_pairs_are_neighbours() {
        let n = n();
        let scores: Vec<(char, char, f32)> = PAIRS
            .iter()
            .map(|&(a, b)| (a, b, n.visual_similarity(a, b)))
            .collect();
        let table = scores
            .iter()
            .map(|(a, b, s)| format!("{a}/{b} {s:.2}"))
            .collect::<Vec<_>>()
            .join(", ");
        for (a, b, s) in &scores {
            assert!(*s >= LISTED && *s < 1.0, "{a}/{b} scores {s}; all: {table}");
        }
    }

    #[test]
    fn relations_name_containment_from_either_side() {
        use markwatch_core::normalize::LookAlike;
        let n = n();
        // (a, b, how a resembles b): containment flips with the order; the others do not.
        let cases = [
            ('鸭', '鸟', LookAlike::Has),
            ('鸟', '鸭', LookAlike::In),
            ('泉', '水', LookAlike::Has),
            ('奥', '粤', LookAlike::Shares),
            ('兔', '免', LookAlike::Glyph),
        ];
        for (a, b, want) in cases {
            let (s, how) = n
                .visual_relation(a, b)
                .unwrap_or_else(|| panic!("{a}/{b} are not neighbours"));
            assert_eq!(how, want, "{a}/{b}");
            assert_eq!(s, n.visual_similarity(a, b), "{a}/{b}");
        }
        assert_eq!(LookAlike::Has.describe('鸭', '鸟'), "鸭 contains 鸟");
        assert!(n.visual_relation('鸭', '鸭').is_none());
    }
}

mod core_words {
    use super::*;

    #[test]
    fn generic_words_are_stripped_from_the_ends() {
        for (mark, core, generic, concept) in [
            ("京都抹茶", "京都", "抹茶", Some("tea")),
            ("KOBE BEEF", "kobe", "beef", Some("beef")),
            ("龍口春雨", "龙口", "春雨", Some("vermicelli")),
            ("盘锦大米", "盘锦", "大米", Some("rice")),
            ("乔丹体育", "乔丹", "体育", Some("sports")),
            ("宮崎牛", "宫崎", "牛", Some("beef")),
            ("Example Trading Co., Ltd.", "example", "coltd", None),
            ("株式会社ユニクロ", "ゆにくろ", "株式会社", None),
            // A generic prefix (小豆, red beans) stays when one character would remain.
            ("小豆島オリーブ", "小豆岛", "おりーぶ", Some("olive")),
            ("大间金枪鱼", "大间", "金枪鱼", Some("tuna")),
            (
                "KISHU PICKLED PLUM",
                "kishu",
                "pickledplum",
                Some("umeboshi"),
            ),
            // Product words of registered GIs, so that the place is the core.
            ("博多織", "博多", "织", Some("textile")),
            ("越前和紙", "越前", "和纸", Some("japanese_paper")),
            ("大荔冬枣", "大荔", "冬枣", Some("jujube")),
            ("清远鸡", "清远", "鸡", Some("chicken")),
            ("文山三七", "文山", "三七", Some("notoginseng")),
            ("堺打刃物", "堺", "打刃物", Some("cutlery")),
            ("北京ダック", "北京", "だっく", Some("duck")),
            ("浜名湖うなぎ", "滨名湖", "うなぎ", Some("eel")),
            ("庆元香菇", "庆元", "香菇", Some("shiitake")),
            ("鳴門わかめ", "鸣门", "わかめ", Some("wakame")),
            // Goods and services words a transliterated name is filed beside.
            ("ビリビリ動画", "びりびり", "动画", Some("video")),
            ("托玛姆度假村", "托玛姆", "度假村", Some("resort")),
            (
                "ヤングオフー麻辣湯",
                "やんぐおふー",
                "麻辣汤",
                Some("malatang"),
            ),
            ("兰月亮洗衣液", "兰月亮", "洗衣液", Some("detergent")),
            ("念磁菴枇杷膏", "念磁庵", "枇杷膏", Some("cough_syrup")),
            ("児島ジーンズ", "儿岛", "じーんず", Some("jeans")),
            ("眉县猕猴桃", "眉县", "猕猴桃", Some("kiwi_fruit")),
        ] {
            let k = keys(mark);
            assert_eq!(k.core, core, "{mark}: {k:?}");
            let g = k.generic.iter().find(|g| g.text == generic);
            assert!(g.is_some(), "{mark}: {:?}", k.generic);
            if let Some(c) = concept {
                assert_eq!(g.and_then(|g| g.concept.as_deref()), Some(c), "{mark}");
            }
        }
    }

    #[test]
    fn the_issue_goods_have_concepts() {
        for w in [
            "茶",
            "抹茶",
            "米",
            "大米",
            "牛",
            "牛肉",
            "焼",
            "烧",
            "酒",
            "毛巾",
            "りんご",
            "苹果",
            "tea",
            "beef",
            "rice",
            "apple",
        ] {
            assert!(n().concept(w).is_some(), "{w}");
        }
        assert_eq!(n().concept("焼"), n().concept("烧"));
        assert_eq!(n().concept("Beef"), n().concept("牛肉"));
    }

    #[test]
    fn legal_forms_are_stripped() {
        for (mark, core, legal) in [
            ("花王株式会社", "花王", "株式会社"),
            ("乔丹体育股份有限公司", "乔丹", "股份有限公司"),
            ("Penfolds Co., Ltd.", "penfolds", "coltd"),
            ("ACME GmbH", "acme", "gmbh"),
        ] {
            let k = keys(mark);
            assert_eq!(k.core, core, "{mark}: {:?}", k.generic);
            assert_eq!(
                k.generic.last().map(|g| g.text.as_str()),
                Some(legal),
                "{mark}"
            );
        }
    }

    #[test]
    fn an_all_generic_mark_is_its_own_core() {
        for mark in ["抹茶", "BEEF", "喜茶", "大米"] {
            let k = keys(mark);
            assert_eq!(k.core, k.folded, "{mark}");
        }
    }

    #[test]
    fn translation_pairs_share_a_concept() {
        for group in [
            &["火腿", "ハム", "ham"][..],
            &["粉丝", "春雨"],
            &["苹果", "りんご", "apple"],
            &["紅茶", "红茶"],
        ] {
            let c = n().concept(group[0]);
            assert!(c.is_some(), "{}", group[0]);
            for w in &group[1..] {
                assert_eq!(n().concept(w), c, "{w}");
            }
        }
        assert_eq!(n().concept("京都"), None);
    }
}

mod eval {
    use super::*;
    use std::collections::HashMap;
    use std::path::Path;

    /// How two marks meet, or None.
    fn shared(a: &MarkKeys, b: &MarkKeys) -> Option<String> {
        let n = n();
        for x in [&a.folded, &a.core] {
            for y in [&b.folded, &b.core] {
                let short = x.chars().count().min(y.chars().count());
                if short >= 2 && (x.contains(y.as_str()) || y.contains(x.as_str())) {
                    return Some(format!("containment {x} ~ {y}"));
                }
            }
        }
        let pa: Vec<String> = a
            .phonetic
            .iter()
            .chain(&n.core_phonetic(a))
            .cloned()
            .collect();
        let pb: Vec<String> = b
            .phonetic
            .iter()
            .chain(&n.core_phonetic(b))
            .cloned()
            .collect();
        for x in &pa {
            for y in &pb {
                let d = phonetic::distance(x, y);
                if d <= phonetic::NEAR {
                    return Some(format!("phonetic {x} ~ {y} ({d:.2})"));
                }
                let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
                if short.split('.').count() >= 2 && long.starts_with(&format!("{short}.")) {
                    return Some(format!("phonetic prefix {short} ~ {long}"));
                }
            }
        }
        let ca: Vec<char> = a.folded.chars().collect();
        let cb: Vec<char> = b.folded.chars().collect();
        if ca.len() == cb.len() && ca.len() >= 2 {
            let diff: Vec<(char, char)> = ca
                .iter()
                .zip(&cb)
                .filter(|(x, y)| x != y)
                .map(|(x, y)| (*x, *y))
                .collect();
            if diff.len() == 1 && n.visual_similarity(diff[0].0, diff[0].1) > 0.0 {
                return Some(format!("visual {}/{}", diff[0].0, diff[0].1));
            }
        }
        None
    }

    #[test]
    fn positives_share_a_key() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval");
        let (Ok(watch), Ok(filings), Ok(expect)) = (
            std::fs::read_to_string(dir.join("watch.csv")),
            std::fs::read_to_string(dir.join("filings.jsonl")),
            std::fs::read_to_string(dir.join("expect.tsv")),
        ) else {
            eprintln!("skipped: {} not found", dir.display());
            return;
        };
        let names: HashMap<String, Vec<String>> = watch
            .lines()
            .skip(1)
            .filter_map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                Some((
                    f.first()?.to_string(),
                    f.get(2)?.split('|').map(str::to_string).collect(),
                ))
            })
            .collect();
        let marks: HashMap<String, String> = filings
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("filings.jsonl line");
                (
                    v["id"].as_str().unwrap_or("").to_string(),
                    v["mark"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        let mut failures = Vec::new();
        let mut checked = 0;
        for line in expect.lines() {
            let Some((fid, wid)) = line.split_once('\t') else {
                continue;
            };
            if wid.trim() == "-" {
                continue;
            }
            let mark = &marks[fid];
            let fk = keys(mark);
            let how = names[wid.trim()]
                .iter()
                .find_map(|name| shared(&fk, &keys(name)));
            checked += 1;
            match how {
                Some(h) => eprintln!("{fid} {mark} ⇄ {wid}: {h}"),
                None => failures.push(format!("{fid} {mark} ⇄ {wid} {:?}", names[wid.trim()])),
            }
        }
        assert!(checked >= 40, "{checked}");
        assert!(
            failures.is_empty(),
            "{} of {checked} positives share no key:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}

mod tables {
    use super::*;

    #[test]
    fn small_inline_tables_drive_the_pipeline() {
        let t = Tables {
            ipadic: "# markwatch-table test\n福岡\tふくおか\n",
            kanjidic: "# markwatch-table test\n岡\tこう\tおか\t\n",
            concepts: "# markwatch-table test\ntea\tzh\t茶\ntea\ten\ttea\n",
            neighbors: "# markwatch-table test\n雪\t雷:0.9\n",
            ..Tables::default()
        };
        let n = Normalizer::from_tables(&t).expect("valid tables");
        // The dictionary key was folded at load, so simplified input finds it.
        assert_eq!(n.keys("福冈").kana, vec!["ふくおか"]);
        assert_eq!(n.keys("岡").kana, vec!["こう", "おか"]);
        assert_eq!(n.keys("京都茶").core, "京都");
        assert_eq!(n.visual_similarity('雷', '雪'), 0.9);
    }

    /// English words and their splits read through the loanword table (module docs of
    /// `normalize::loanwords`): a listed word, two listed pieces of 3+ letters, or one listed
    /// piece of 5+ letters beside a piece of 2+ letters read by the rules.
    #[test]
    fn loanword_table_reads_words_and_two_piece_splits() {
        let t = Tables {
            loanwords: "# h\nwhite\tホワイト\nrabbit\tラビット\nyoung\tヤング\njoy\tジョイ\n\
                        sun\tサン\nrise\tライズ\n",
            ..Tables::default()
        };
        let n = Normalizer::from_tables(&t).expect("valid tables");
        let kana = |s: &str| n.keys(s).phonetic;
        let cases: &[(&str, &str, bool)] = &[
            // (Latin mark, katakana form, same first sound key)
            ("WHITE RABBIT", "ホワイトラビット", true),
            ("Sunrise", "サンライズ", true),
            ("JOYOUNG", "ジョーヤング", true),
            // "sun" is listed but has 3 letters: not read beside an unlisted piece.
            ("Sunmo", "サンモ", false),
        ];
        for &(latin, katakana, same) in cases {
            let (a, b) = (kana(latin), kana(katakana));
            assert_eq!(
                a.first() == b.first(),
                same,
                "{latin} {a:?} / {katakana} {b:?}"
            );
        }
        // Without the table, the rules read `white` their own way; a word the table cannot
        // read keeps the rules' keys.
        let plain = Normalizer::from_tables(&Tables::default()).expect("valid tables");
        assert_ne!(
            plain.keys("WHITE RABBIT").phonetic.first(),
            kana("ホワイトラビット").first()
        );
        for word in ["Sunmo", "Mikuo"] {
            assert_eq!(plain.keys(word).phonetic, kana(word), "{word}");
        }
        // `markwatch keys` shows how the table read each word.
        let shown = |s: &str| -> Vec<String> {
            n.explain(s)
                .into_iter()
                .find(|step| step.filter == "loanwords")
                .map(|step| step.output)
                .expect("a loanwords step")
        };
        assert_eq!(
            shown("WHITE RABBIT"),
            vec!["white → ホワイト", "rabbit → ラビット"]
        );
        assert_eq!(
            shown("JOYOUNG"),
            vec!["joyoung → jo (rules) + young ヤング"]
        );
        assert!(shown("Mikuo").is_empty());
    }

    #[test]
    fn the_hand_written_table_adds_pairs_and_a_pair_in_both_keeps_the_higher_score() {
        let t = Tables {
            neighbors: "# h\nシ\tン:0.73\nン\tシ:0.73\n",
            written: "# h\nシ\tツ:0.8 ン:0.6\nツ\tシ:0.8\nン\tシ:0.6\n",
            ..Tables::default()
        };
        let n = Normalizer::from_tables(&t).expect("valid tables");
        assert_eq!(n.visual_similarity('ツ', 'シ'), 0.8);
        assert_eq!(n.visual_similarity('シ', 'ン'), 0.73);
        assert_eq!(n.visual_similarity('ツ', 'ン'), 0.0);
    }

    #[test]
    fn the_commonest_kanji_folding_to_a_character_is_read_first() {
        // 閤 folds to 合; 合 (grade 2) is read before 閤 (grade 9), whatever the row order.
        let t = Tables {
            kanjidic: "# h\n閤\tこう\t\t\t9\n合\tごう\tあ\t\t2\n",
            ..Tables::default()
        };
        let n = Normalizer::from_tables(&t).expect("valid tables");
        assert_eq!(n.keys("閤").kana[0], "ごう");
        assert_eq!(n.keys("合合").kana[0], "ごうごう");
    }

    #[test]
    fn bad_rows_name_the_table_line_and_field() {
        let cases = [
            (
                Tables {
                    edict: "# h\n福岡\n",
                    ..Tables::default()
                },
                "data/ccbysa/edict.tsv line 2",
            ),
            (
                Tables {
                    neighbors: "# h\n雪\t雷:high\n",
                    ..Tables::default()
                },
                "data/visual/neighbors.tsv line 2, field neighbors",
            ),
            (
                Tables {
                    loanwords: "# h\nwhite\n",
                    ..Tables::default()
                },
                "data/ccbysa/loanwords.tsv line 2",
            ),
            (
                Tables {
                    written: "# h\nシ\tツ\n",
                    ..Tables::default()
                },
                "data/visual/written.tsv line 2, field neighbors",
            ),
            (
                Tables {
                    variants: "# h\n\n广州\t广\n",
                    ..Tables::default()
                },
                "data/unihan/variants.tsv line 3, field char",
            ),
            (
                Tables {
                    concepts: "# h\ntea\tfr\tthé\n",
                    ..Tables::default()
                },
                "data/ccbysa/concepts.tsv line 2, field lang",
            ),
            (
                Tables {
                    kanjidic: "# h\n岡\tこう\tおか\t\tsecond\n",
                    ..Tables::default()
                },
                "data/ccbysa/kanjidic2.tsv line 2, field grade",
            ),
            (
                Tables {
                    places: "# h
青森市		municipality	青森県
",
                    ..Tables::default()
                },
                "data/places/jp_municipalities.tsv line 2, field reading",
            ),
            (
                Tables {
                    places: "# h
青森市
",
                    ..Tables::default()
                },
                "data/places/jp_municipalities.tsv line 2",
            ),
        ];
        for (t, want) in cases {
            let e = Normalizer::from_tables(&t).expect_err(want);
            assert!(e.message().starts_with(want), "{e}");
            assert_eq!(e.kind(), markwatch_core::ErrorKind::InvalidInput);
        }
    }
}

mod properties {
    use super::*;

    /// Characters with variants in the issue, kana, の and a few Latin letters.
    fn mark() -> impl Strategy<Value = String> {
        let alphabet: Vec<char> = "広廣广沢澤泽戸戶户縄繩绳焼燒烧鉄鐵铁観觀观豊豐丰渓溪県縣县島岛張张濃浓馬马貴贵鳥鸟蠟蜡夢梦臓脏国國福岡冈京都茶米牛味の素々くまモンキーマンabc"
            .chars()
            .collect();
        proptest::collection::vec(proptest::sample::select(alphabet), 1..8)
            .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn cleaning_and_folding_are_idempotent(s in "\\PC{0,12}") {
            let k = keys(&s);
            let again = keys(&k.cleaned);
            prop_assert_eq!(&again.cleaned, &k.cleaned);
            let folded = keys(&k.folded);
            prop_assert_eq!(&folded.folded, &k.folded);
        }

        #[test]
        fn a_string_and_its_folded_form_have_equal_keys(s in mark()) {
            let a = keys(&s);
            let b = keys(&a.folded);
            prop_assert_eq!(&a.folded, &b.folded);
            prop_assert_eq!(&a.pinyin, &b.pinyin);
            prop_assert_eq!(&a.kana, &b.kana);
            prop_assert_eq!(&a.romaji, &b.romaji);
            prop_assert_eq!(&a.phonetic, &b.phonetic);
            prop_assert_eq!(&a.visual, &b.visual);
            prop_assert_eq!(&a.core, &b.core);
            prop_assert_eq!(&a.generic, &b.generic);
        }

        #[test]
        fn distance_is_a_bounded_symmetric_score(a in "[a-z]{1,3}(\\.[a-z]{1,3}){0,4}", b in "[a-z]{1,3}(\\.[a-z]{1,3}){0,4}") {
            let d = phonetic::distance(&a, &b);
            prop_assert!((0.0..=1.0).contains(&d));
            prop_assert_eq!(d, phonetic::distance(&b, &a));
            prop_assert_eq!(phonetic::distance(&a, &a), 0.0);
        }
    }
}

mod snapshots {
    use super::*;

    #[test]
    fn explain_snapshots() {
        for (name, mark) in [
            ("kyoto_matcha", "京都抹茶"),
            ("maotai_katakana", "マオタイ"),
            ("kobe_beef", "KOBE BEEF"),
        ] {
            insta::assert_json_snapshot!(name, n().explain(mark));
        }
    }
}

mod contract {
    use super::*;

    #[test]
    fn visual_key_has_one_character_per_folded_character() {
        for mark in [
            "星巴克 STARBUCKS",
            "くまモン",
            "ニコニコ二",
            "m0m1",
            "",
            "!!!",
        ] {
            let k = keys(mark);
            assert_eq!(
                k.visual.chars().count(),
                k.folded.chars().count(),
                "{mark}: {k:?}"
            );
        }
        assert_eq!(keys("ニ").visual, keys("二").visual);
    }

    #[test]
    fn empty_and_punctuation_only_texts_have_empty_keys() {
        for mark in ["", "   ", "!?・。"] {
            let k = keys(mark);
            assert_eq!(k.cleaned, "", "{mark}");
            assert_eq!(k.folded, "");
            assert!(k.phonetic.is_empty() && k.pinyin.is_empty() && k.kana.is_empty());
            assert_eq!(k.core, "");
        }
    }

    #[test]
    fn key_lists_are_bounded_and_deduplicated() {
        use markwatch_core::normalize::MAX_READINGS;
        for mark in [
            "乔丹体育用品有限公司",
            "长乐重行",
            "キーマン紅茶 KEEMUN TEA",
        ] {
            let k = keys(mark);
            for list in [&k.pinyin, &k.kana, &k.romaji, &k.phonetic] {
                assert!(
                    !list.is_empty() && list.len() <= MAX_READINGS,
                    "{mark}: {list:?}"
                );
                let mut sorted = list.clone();
                sorted.sort();
                sorted.dedup();
                assert_eq!(sorted.len(), list.len(), "{mark}: duplicates in {list:?}");
            }
        }
    }
}
