//! Filter `core_words`: the distinctive core of a mark, without generic and descriptive words.
//!
//! Generic words come from `data/ccbysa/concepts.tsv` (goods with cross-language concept ids:
//! `vermicelli` = 粉丝 / 春雨 / vermicelli) plus the short lists below (legal forms, marketing
//! words, and the goods named in the design issue, used when the table lacks them). Words are
//! folded at load. Stripping repeats at the end, then at the start of the mark:
//! - a Latin token sequence that is a generic phrase (`beef`, `co ltd`);
//! - the longest generic suffix (or prefix of two or more characters) of a CJK/kana token;
//!   a one-character generic word, or a prefix, is stripped only when two or more characters
//!   remain (小豆島: 小豆 is red beans, 島 alone is not the core).
//!
//! Nothing is stripped that would leave the core empty: an all-generic mark is its own core.
//!
//! | input | core | generic |
//! |---|---|---|
//! | 京都抹茶 | 京都 | 抹茶 (tea) |
//! | KOBE BEEF | kobe | beef (beef) |
//! | 龍口春雨 | 龙口 | 春雨 (vermicelli) |
//! | 盘锦大米 | 盘锦 | 大米 (rice) |
//! | 乔丹体育 | 乔丹 | 体育 (sports) |
//! | 抹茶 | 抹茶 | — |

use super::hash::HashMap;

use super::clean::{clean, is_cjk, is_kana};
use super::fold::Fold;
use super::tables::{bad_field, rows};
use super::GenericWord;
use crate::Result;

/// Legal forms, in any script; folded at load. No concept id.
const LEGAL_FORMS: &[&str] = &[
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "合名会社",
    "有限公司",
    "有限责任公司",
    "股份有限公司",
    "股份公司",
    "集团",
    "集团公司",
    "公司",
    "co",
    "co ltd",
    "ltd",
    "limited",
    "inc",
    "incorporated",
    "llc",
    "gmbh",
    "corp",
    "corporation",
    "company",
    "kk",
    "plc",
    "ag",
    "group",
    "holdings",
    "kabushiki kaisha",
];

/// Marketing and descriptive words; no concept id.
const MARKETING: &[&str] = &[
    "new",
    "super",
    "premium",
    "original",
    "best",
    "official",
    "the",
    "brand",
    "shop",
    "store",
    "精品",
    "优质",
    "特级",
    "官方",
    "旗舰店",
    "专卖店",
    "专营店",
    "正品",
    "新品",
    // "the home of …", after a name and its goods (岩槻人偶之家).
    "之家",
];

/// Goods (concept, words in any script), used when the concepts table lacks the word.
const GOODS: &[(&str, &[&str])] = &[
    ("tea", &["茶", "抹茶", "お茶", "ティー", "tea", "matcha"]),
    ("black_tea", &["红茶", "紅茶", "black tea"]),
    ("white_tea", &["白茶", "white tea"]),
    ("green_tea", &["绿茶", "緑茶", "green tea"]),
    ("rice", &["米", "大米", "お米", "こめ", "rice"]),
    ("beef", &["牛", "牛肉", "和牛", "beef", "wagyu"]),
    ("liquor", &["酒", "清酒", "日本酒", "sake", "liquor"]),
    ("wine", &["葡萄酒", "红酒", "ワイン", "wine"]),
    ("towel", &["毛巾", "タオル", "towel", "towels"]),
    ("apple", &["苹果", "りんご", "林檎", "apple", "apples"]),
    ("ham", &["火腿", "ハム", "ham"]),
    ("vermicelli", &["粉丝", "春雨", "はるさめ", "vermicelli"]),
    ("melon", &["瓜", "うり", "melon"]),
    ("pear", &["梨", "香梨", "なし", "pear", "fragrant pear"]),
    (
        "orange",
        &["橙", "脐橙", "オレンジ", "orange", "navel orange"],
    ),
    ("persimmon", &["柿", "柿饼", "かき", "persimmon"]),
    (
        "noodles",
        &["面", "素面", "麺", "素麺", "そうめん", "somen", "noodles"],
    ),
    (
        "pottery",
        &["焼", "烧", "焼き", "陶器", "yaki", "pottery", "ware"],
    ),
    ("lacquerware", &["塗", "漆器", "nuri", "lacquerware"]),
    ("ironware", &["铁器", "鉄器", "tekki", "ironware"]),
    ("pollock_roe", &["明太子", "めんたいこ", "mentaiko"]),
    ("sports", &["体育", "スポーツ", "sports", "sport"]),
    ("beauty", &["美容", "ビューティー", "beauty"]),
    ("cosmetics", &["化妆品", "化粧品", "cosmetics"]),
    // Generic words of brand names and their katakana loanword forms, which Japanese marks
    // write as one token with the coinage (`ヴィレラライフ` = `Vilera Life`).
    ("food", &["食品", "フーズ", "フード", "foods", "food"]),
    ("coffee", &["咖啡", "コーヒー", "珈琲", "coffee"]),
    ("cafe", &["カフェ", "cafe"]),
    ("kitchen", &["キッチン", "kitchen"]),
    ("farm", &["农场", "農場", "ファーム", "farm"]),
    ("life", &["ライフ", "life"]),
    ("style", &["スタイル", "style"]),
    ("home", &["ホーム", "home"]),
    ("house", &["ハウス", "house"]),
    ("tech", &["テック", "tech"]),
    ("pharma", &["製薬", "制药", "ファーマ", "pharma"]),
    ("design", &["デザイン", "design"]),
    ("bakery", &["ベーカリー", "bakery"]),
    ("lab", &["ラボ", "lab", "labs"]),
    (
        "winery",
        &["酒园", "酒庄", "ワイナリー", "winery", "estate", "estates"],
    ),
];

/// Folded generic word → concept id.
#[derive(Debug, Default)]
pub struct Generic {
    words: HashMap<Box<str>, Option<Box<str>>>,
    max_chars: usize,
    max_tokens: usize,
}

impl Generic {
    /// Loads the concepts table and the built-in lists.
    pub fn build(fold: &Fold, concepts: &str) -> Result<Generic> {
        let name = "data/ccbysa/concepts.tsv";
        let mut g = Generic::default();
        for row in rows(name, concepts, &["concept", "lang", "word"], 3) {
            let row = row?;
            if !matches!(row.fields[1], "zh" | "ja" | "en") {
                return Err(bad_field(
                    name,
                    row.line,
                    "lang",
                    format!("expected zh, ja or en, found {:?}", row.fields[1]),
                ));
            }
            g.add(fold, row.fields[2], Some(row.fields[0]), false);
        }
        for (concept, words) in GOODS {
            for w in *words {
                g.add(fold, w, Some(concept), false);
            }
        }
        for w in LEGAL_FORMS.iter().chain(MARKETING) {
            g.add(fold, w, None, false);
        }
        Ok(g)
    }

    fn add(&mut self, fold: &Fold, word: &str, concept: Option<&str>, replace: bool) {
        let key = key_of(fold, word);
        if key.is_empty() {
            return;
        }
        self.max_chars = self.max_chars.max(key.chars().count());
        self.max_tokens = self.max_tokens.max(key.split(' ').count());
        if replace || !self.words.contains_key(key.as_str()) {
            self.words.insert(key.into(), concept.map(Into::into));
        }
    }

    /// The concept of a folded generic word, `Some(None)` for a generic word without concept,
    /// None for a word that is not generic.
    pub fn lookup(&self, folded: &str) -> Option<Option<&str>> {
        self.words.get(folded).map(|c| c.as_deref())
    }

    /// Splits folded tokens into core tokens and the generic words removed, in mark order.
    pub fn split(&self, tokens: &[String]) -> (Vec<String>, Vec<GenericWord>) {
        let mut core: Vec<String> = tokens.iter().filter(|t| !t.is_empty()).cloned().collect();
        let mut front: Vec<GenericWord> = Vec::new();
        let mut back: Vec<GenericWord> = Vec::new();
        let total = |c: &[String]| c.iter().map(|t| t.chars().count()).sum::<usize>();
        for _ in 0..16 {
            let mut changed = false;
            // End: whole Latin token phrases.
            if let Some(n) = self.phrase_at(&core, true) {
                if n < core.len() {
                    let words = core.split_off(core.len() - n);
                    back.insert(0, self.word(&words.join(" ")));
                    changed = true;
                }
            } else if let Some(last) = core.last() {
                if let Some(cut) = self.affix(last, true, total(&core)) {
                    let t = core.pop().unwrap_or_default();
                    let (rest, word) = t.split_at(cut);
                    back.insert(0, self.word(word));
                    if !rest.is_empty() {
                        core.push(rest.to_string());
                    }
                    changed = true;
                }
            }
            if let Some(n) = self.phrase_at(&core, false) {
                if n < core.len() {
                    let words: Vec<String> = core.drain(..n).collect();
                    front.push(self.word(&words.join(" ")));
                    changed = true;
                }
            } else if let Some(first) = core.first() {
                if let Some(cut) = self.affix(first, false, total(&core)) {
                    let t = core.remove(0);
                    let (word, rest) = t.split_at(cut);
                    front.push(self.word(word));
                    if !rest.is_empty() {
                        core.insert(0, rest.to_string());
                    }
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        front.extend(back);
        (core, front)
    }

    fn word(&self, w: &str) -> GenericWord {
        GenericWord {
            text: w.replace(' ', ""),
            concept: self.lookup(w).flatten().map(str::to_string),
        }
    }

    /// The number of whole Latin tokens at the end (or start) of `core` forming a generic
    /// phrase, longest first.
    fn phrase_at(&self, core: &[String], end: bool) -> Option<usize> {
        let max = self.max_tokens.min(core.len());
        (1..=max).rev().find(|&n| {
            let slice = if end {
                &core[core.len() - n..]
            } else {
                &core[..n]
            };
            slice
                .iter()
                .all(|t| t.bytes().all(|b| b.is_ascii_alphanumeric()))
                && self.words.contains_key(slice.join(" ").as_str())
        })
    }

    /// The byte index splitting a generic suffix (or prefix) off a CJK/kana token.
    fn affix(&self, token: &str, end: bool, total_chars: usize) -> Option<usize> {
        if !token.chars().all(|c| is_cjk(c) || is_kana(c)) {
            return None;
        }
        let n = token.chars().count();
        let idx: Vec<usize> = token
            .char_indices()
            .map(|(i, _)| i)
            .chain([token.len()])
            .collect();
        for len in (1..=self.max_chars.min(n)).rev() {
            let remaining = total_chars - len;
            // A one-character generic word is stripped at the end only, and only when two or
            // more characters remain; a prefix only when two or more remain (小豆 is red beans,
            // but 小豆島 is an island: its core is not 島).
            if remaining == 0 || (len == 1 && (remaining < 2 || !end)) || (!end && remaining < 2) {
                continue;
            }
            let (cut, word) = if end {
                (idx[n - len], &token[idx[n - len]..])
            } else {
                (idx[len], &token[..idx[len]])
            };
            if self.words.contains_key(word) {
                return Some(cut);
            }
        }
        None
    }
}

/// The folded lookup key of a generic word: Latin tokens joined by one space, other scripts
/// folded without spaces.
fn key_of(fold: &Fold, word: &str) -> String {
    let cleaned = clean(word);
    if cleaned
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b' ')
    {
        cleaned
    } else {
        fold.fold(&cleaned)
    }
}
