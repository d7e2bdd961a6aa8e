//! Cross-script keys: the normalization pipeline that turns a mark's text into [`MarkKeys`].
//!
//! The same name written in any of Japan's or China's scripts must meet itself. A mark's text
//! goes through a chain of small filters, each a module with its own input → output table:
//!
//! | # | filter | output field(s) | module |
//! |---|---|---|---|
//! | 1 | clean: NFKC, width/case folding, token boundaries, script runs, confusables skeleton | `cleaned`, `skeleton` | `clean` |
//! | 2 | fold: one canonical form per character (OpenCC jp2t → t2s, then Unihan variants) | `folded` | `fold` |
//! | 3 | readings_zh: toneless pinyin, phrase-level, plus polyphone alternatives | `pinyin` | `readings_zh` |
//! | 4 | readings_ja: dictionary words, then KANJIDIC2 per character; kana as is | `kana` | `readings_ja` |
//! | 5 | romaji: normalized Hepburn of each kana reading, plus Latin text | `romaji` | [`romaji`] |
//! | 6 | phonetic: one syllable alphabet for pinyin, kana and Latin | `phonetic` | [`phonetic`] |
//! | 7 | visual: look-alike classes per character | `visual` | `visual` |
//! | 8 | core_words: generic words and legal forms stripped from the ends | `core`, `generic` | `core_words` |
//!
//! Every CJK run gets both Chinese and Japanese readings: the script does not tell the language.
//! The tables under `data/` are embedded with `include_str!` and parsed once, in
//! [`Normalizer::new`]; share one instance ([`Normalizer::global`]).
//!
//! ```
//! use markwatch_core::normalize::{phonetic, Normalizer};
//! let n = Normalizer::global();
//! assert_eq!(n.keys("福岡").folded, n.keys("福冈").folded);
//! let a = n.keys("マオタイ");
//! let b = n.keys("茅台");
//! assert!(a.phonetic.iter().any(|k| b.phonetic.contains(k)));
//! assert!(phonetic::distance("ki.man", "ci.men") <= phonetic::NEAR);
//! ```

mod clean;
mod core_words;
mod fold;
mod hash;
mod loanwords;
mod readings_ja;
mod readings_zh;
mod tables;
mod visual;
mod words;

pub mod phonetic;
pub mod romaji;

pub use clean::Script;
pub(crate) use clean::{is_kana, words};
pub use tables::Tables;

use serde::{Deserialize, Serialize};

use crate::Result;
use core_words::Generic;
use fold::Fold;
use loanwords::Loanwords;
use readings_ja::JaDict;
pub use visual::LookAlike;
use visual::Visual;
pub use words::CommonWord;
use words::LazyCommonWords;

/// A generic or descriptive word found in a mark (`抹茶` in `京都抹茶`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenericWord {
    /// The word in folded form.
    pub text: String,
    /// The language-independent concept id it translates to (`tea`, `vermicelli`), when known.
    pub concept: Option<String>,
}

/// Every key markwatch computes for one mark text. Field contract (other modules rely on it):
/// - `original`: the input verbatim.
/// - `cleaned`: NFKC, width- and case-folded, Latin diacritics removed; tokens separated by
///   one ASCII space (punctuation and spacing only separate tokens).
/// - `skeleton`: confusables skeleton (TR39) of the cleaned text, taken before case folding
///   and lower-cased after (0/O/o, 1/l/I, ニ/二, エ/工 meet).
/// - `folded`: variant-folded canonical form: CJK to one form (simplified where one exists),
///   katakana to hiragana, `の` between ideographs to `之`, `々` expanded, Latin lower case;
///   no spaces. For matching only, never for display.
/// - `pinyin`: toneless pinyin candidates of the CJK runs (ü as `v`), syllables separated by
///   one space; best first; empty when the mark has no CJK.
/// - `kana`: Japanese reading candidates in hiragana of the CJK and kana runs (Latin and
///   digits left out); best first; empty when the mark has neither.
/// - `romaji`: normalized romaji ([`romaji`]) of each kana reading, then the normalized Latin
///   text of the mark (when it has Latin letters); best first.
/// - `phonetic`: [`phonetic`] keys of the whole mark, one per reading candidate (pinyin and
///   Japanese readings of CJK interleaved, Latin read as pinyin and as English/romaji),
///   syllables separated by `.`; deduplicated, best first, at most [`MAX_READINGS`].
/// - `visual`: one character per character of `folded`: for CJK its visual-class
///   representative (strong look-alikes share it, see `visual`), for other characters their
///   one-character confusables skeleton (ニ → 二, 0 → o), or the character itself.
/// - `core`: `folded` minus generic and descriptive words at the start or end (`京都抹茶` →
///   `京都`); equals `folded` when nothing is generic or everything is.
/// - `generic`: the generic words removed, in mark order.
///
/// The phonetic keys of the core alone are [`Normalizer::core_phonetic`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MarkKeys {
    pub original: String,
    pub cleaned: String,
    pub skeleton: String,
    pub folded: String,
    pub pinyin: Vec<String>,
    pub kana: Vec<String>,
    pub romaji: Vec<String>,
    pub phonetic: Vec<String>,
    pub visual: String,
    pub core: String,
    pub generic: Vec<GenericWord>,
}

/// The most reading candidates kept per key list.
pub const MAX_READINGS: usize = 8;

/// One filter's output in [`Normalizer::explain`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The filter's name (`clean`, `fold`, …).
    pub filter: &'static str,
    /// What the filter produced, one entry per candidate or item.
    pub output: Vec<String>,
}

/// Computes [`MarkKeys`]. Construction loads the embedded tables once; share one instance.
#[derive(Debug)]
pub struct Normalizer {
    fold: Fold,
    ja: JaDict,
    visual: Visual,
    generic: Generic,
    loanwords: Loanwords,
    common_words: LazyCommonWords,
}

impl Default for Normalizer {
    fn default() -> Normalizer {
        Normalizer::new()
    }
}

/// Readings of a folded token list.
#[derive(Default)]
struct Readings {
    pinyin: Vec<String>,
    kana: Vec<String>,
    romaji: Vec<String>,
    phonetic: Vec<String>,
}

impl Normalizer {
    /// A normalizer over the tables embedded in the binary.
    ///
    /// # Panics
    /// If an embedded table is malformed: a build defect, caught by this crate's tests.
    pub fn new() -> Normalizer {
        match Normalizer::from_tables(&Tables::embedded()) {
            Ok(n) => n,
            Err(e) => panic!("embedded table is malformed: {e}"),
        }
    }

    /// A normalizer over the given tables. Errors name the table, the line and the field.
    pub fn from_tables(t: &Tables<'_>) -> Result<Normalizer> {
        std::thread::scope(|scope| {
            // pinyin-converter builds its phrase dictionary on first use (most of a second);
            // build it on a second thread while the tables parse, not on the first mark.
            scope.spawn(|| readings_zh::pinyin("中"));
            let fold = Fold::build(t.variants)?;
            let ja = JaDict::build(
                &fold,
                &[
                    ("data/ipadic/readings.tsv", t.ipadic, false),
                    ("data/ccbysa/jmnedict.tsv", t.jmnedict, true),
                    ("data/ccbysa/edict.tsv", t.edict, false),
                ],
                t.kanjidic,
                t.places,
            )?;
            let visual = Visual::build(
                &[
                    ("data/visual/neighbors.tsv", t.neighbors),
                    ("data/visual/written.tsv", t.written),
                ],
                |c| fold.char(c),
            )?;
            let generic = Generic::build(&fold, t.concepts)?;
            let loanwords = Loanwords::build(t.loanwords)?;
            let common_words = LazyCommonWords::new(t.common_words, t.common_words_zh)?;
            Ok(Normalizer {
                fold,
                ja,
                visual,
                generic,
                loanwords,
                common_words,
            })
        })
    }

    /// The process-wide shared normalizer, built on first use.
    pub fn global() -> &'static Normalizer {
        static GLOBAL: std::sync::OnceLock<Normalizer> = std::sync::OnceLock::new();
        GLOBAL.get_or_init(Normalizer::new)
    }

    /// True if `folded` (a variant-folded CJK text) is a headword of the Japanese word and
    /// name dictionaries: a word or name of its own (伊勢丹, 富士山, 八海山).
    pub fn is_dictionary_word(&self, folded: &str) -> bool {
        self.ja.is_word(folded)
    }

    /// The words with a meaning of their own (common Japanese words, Chinese words; see
    /// `normalize/words.rs`) that the whole mark of `keys` is: looked up by its folded form
    /// (for a Latin mark its lowercase letters: `bench` is ベンチ, `pingguo` 苹果) and, for a
    /// Latin mark, by its normalized romaji among the Japanese words (`ICHIGO` is 苺 いちご);
    /// a Chinese word is met by its pinyin as spelled only (`BANDIA`, romaji `banjia`, is not
    /// 搬家 banjia). Empty for most marks.
    pub fn common_words(&self, keys: &MarkKeys) -> Vec<&CommonWord> {
        let words = self.common_words.get(&self.fold);
        let mut out: Vec<&CommonWord> = words.lookup(&keys.folded).collect();
        if keys.folded.chars().all(|c| c.is_ascii_alphabetic()) {
            for form in keys.romaji.iter().take(1) {
                for w in words.lookup(form).filter(|w| w.pinyin.is_empty()) {
                    if !out.contains(&w) {
                        out.push(w);
                    }
                }
            }
        }
        out
    }

    /// The variant-folded form of one character (unchanged when it has no variant).
    pub fn fold_char(&self, c: char) -> char {
        self.fold.char(c)
    }

    /// The shape similarity of two characters: 1.0 if equal, the table score for look-alike
    /// neighbours, 0.0 otherwise. Characters are compared after variant folding.
    pub fn visual_similarity(&self, a: char, b: char) -> f32 {
        let s = self.visual.similarity(a, b);
        if s > 0.0 {
            return s;
        }
        self.visual.similarity(self.fold.char(a), self.fold.char(b))
    }

    /// The table score of two different look-alike characters and how `a` resembles `b`
    /// (whole shape, contains, is part of, shares a part), compared as written and then after
    /// variant folding; `None` when they are not neighbours.
    pub fn visual_relation(&self, a: char, b: char) -> Option<(f32, LookAlike)> {
        self.visual
            .relation(a, b)
            .or_else(|| self.visual.relation(self.fold.char(a), self.fold.char(b)))
    }

    /// The look-alike neighbours of `c` with their scores, highest first.
    pub fn visual_neighbors(&self, c: char) -> &[(char, f32)] {
        self.visual.neighbors(c)
    }

    /// The concept id of a generic word (`春雨` → `vermicelli`), when the word is generic and
    /// has one. The word is cleaned and folded first.
    pub fn concept(&self, word: &str) -> Option<&str> {
        let cleaned = clean::clean(word);
        let key = if cleaned.is_ascii() {
            cleaned
        } else {
            self.fold.fold(&cleaned)
        };
        self.generic.lookup(&key).flatten()
    }

    /// The keys of `text`.
    pub fn keys(&self, text: &str) -> MarkKeys {
        let cleaned = clean::clean(text);
        let skeleton = clean::skeleton(text);
        let mut tokens: Vec<String> = Vec::with_capacity(4);
        let mut folded = String::with_capacity(cleaned.len());
        for token in cleaned.split(' ').filter(|t| !t.is_empty()) {
            let mut t = String::with_capacity(token.len());
            self.fold.fold_into(token, &mut t);
            folded.push_str(&t);
            tokens.push(t);
        }
        if !folded.is_ascii()
            && unicode_normalization::is_nfc_quick(folded.chars())
                != unicode_normalization::IsNormalized::Yes
        {
            // Dropping the spaces can put a base and a combining letter side by side; compose
            // them so that the folded text folds to itself (idempotence).
            folded = unicode_normalization::UnicodeNormalization::nfc(folded.as_str()).collect();
        }
        let r = self.readings(&tokens);
        // Generic words are looked for in words cut at script changes too (MENTOS薄荷糖); most
        // marks have no such cut and are split as they are.
        let cut: Vec<String>;
        let words: &[String] = if tokens.iter().any(|t| clean::words(t).nth(1).is_some()) {
            cut = tokens
                .iter()
                .flat_map(|t| clean::words(t))
                .map(str::to_string)
                .collect();
            &cut
        } else {
            &tokens
        };
        let (core_tokens, generic) = self.generic.split(words);
        let core: String = core_tokens.concat();
        let mut visual = String::with_capacity(folded.len());
        for f in folded.chars() {
            if clean::is_cjk(f) {
                visual.push(self.visual.class(f));
            } else {
                // Kana are compared as katakana, where the look-alikes of kanji are
                // (に → ニ → 二), so the key depends on `folded` only.
                let c = match f {
                    'ぁ'..='ゖ' => char::from_u32(f as u32 + 0x60).unwrap_or(f),
                    _ => f,
                };
                // A one-character confusable (ニ → 二, 0 → o) keeps the key one character per
                // character of `folded`; longer skeletons (m → rn) leave the character as is.
                let mut buf = [0u8; 4];
                let mut sk = unicode_security::skeleton(c.encode_utf8(&mut buf));
                match (sk.next(), sk.next()) {
                    (Some(x), None) => visual.push(x.to_lowercase().next().unwrap_or(x)),
                    _ => visual.push(c),
                }
            }
        }
        MarkKeys {
            original: text.to_string(),
            cleaned,
            skeleton,
            folded,
            pinyin: r.pinyin,
            kana: r.kana,
            romaji: r.romaji,
            phonetic: r.phonetic,
            visual,
            core,
            generic,
        }
    }

    /// The phonetic keys of the distinctive core of `keys` (equal to `keys.phonetic` when
    /// nothing generic was stripped): the keys of `core` read as a mark of its own.
    pub fn core_phonetic(&self, keys: &MarkKeys) -> Vec<String> {
        if keys.core == keys.folded {
            keys.phonetic.clone()
        } else {
            self.readings(std::slice::from_ref(&keys.core)).phonetic
        }
    }

    /// True if every Han character of `folded` has a reading in `language` (pinyin, or a
    /// Japanese reading), so that the mark can be read in that language alone: 圡 has pinyin
    /// `tu` but no Japanese reading here.
    pub fn reads_every_han_character(&self, folded: &str, language: crate::Language) -> bool {
        let mut buf = [0u8; 4];
        folded
            .chars()
            .filter(|&c| clean::is_cjk(c) && !matches!(c, '々' | '〆' | '〇'))
            .all(|c| {
                let c: &str = c.encode_utf8(&mut buf);
                match language {
                    crate::Language::Chinese => !readings_zh::pinyin(c).is_empty(),
                    crate::Language::Japanese => !self.ja.readings(c).is_empty(),
                }
            })
    }

    /// The Japanese readings (`MarkKeys::kana`) of a folded form, without the other keys: for
    /// a scorer that holds keys an index stored with fewer readings.
    pub fn kana_readings(&self, folded: &str) -> Vec<String> {
        let mut ja: Vec<Vec<String>> = Vec::new();
        for (s, run) in clean::runs(folded) {
            match s {
                Script::Cjk => {
                    let k = self.ja.readings(run);
                    if !k.is_empty() {
                        ja.push(k);
                    }
                }
                Script::Kana => ja.push(vec![run.to_string()]),
                _ => {}
            }
        }
        readings_ja::compose(&ja)
    }

    fn readings(&self, tokens: &[String]) -> Readings {
        let mut zh: Vec<Vec<String>> = Vec::new();
        let mut ja: Vec<Vec<String>> = Vec::new();
        let mut phon: Vec<Vec<String>> = Vec::new();
        let mut latin = String::new();
        for token in tokens {
            for (s, run) in clean::runs(token) {
                match s {
                    Script::Cjk => {
                        let p = readings_zh::pinyin(run);
                        let k = self.ja.readings(run);
                        let mut ph: Vec<String> = Vec::with_capacity(MAX_READINGS);
                        'interleave: for i in 0..p.len().max(k.len()) {
                            let zh = p.get(i).map(|x| phonetic::pinyin_key(x));
                            let ja = k.get(i).map(|x| phonetic::kana_key(x));
                            for key in [zh, ja].into_iter().flatten() {
                                if !key.is_empty() && !ph.contains(&key) {
                                    ph.push(key);
                                    if ph.len() == MAX_READINGS {
                                        break 'interleave;
                                    }
                                }
                            }
                        }
                        ph.truncate(MAX_READINGS);
                        if !p.is_empty() {
                            zh.push(p);
                        }
                        if !k.is_empty() {
                            ja.push(k);
                        }
                        if !ph.is_empty() {
                            phon.push(ph);
                        }
                    }
                    Script::Kana => {
                        ja.push(vec![run.to_string()]);
                        phon.push(vec![phonetic::kana_key(run)]);
                    }
                    Script::Latin => {
                        latin.push_str(run);
                        let mut keys = self.loanwords.keys(run);
                        for k in phonetic::from_latin(run) {
                            let k = phonetic::join(&k);
                            if !keys.contains(&k) {
                                keys.push(k);
                            }
                        }
                        phon.push(keys);
                    }
                    Script::Digit | Script::Other => phon.push(vec![run.to_string()]),
                }
            }
        }
        let pinyin = readings_ja::compose_with(&zh, " ");
        let kana = readings_ja::compose(&ja);
        let mut romaji: Vec<String> = Vec::with_capacity(kana.len() + 1);
        for k in &kana {
            let r = romaji::romaji(k);
            if !r.is_empty() && !romaji.contains(&r) {
                romaji.push(r);
            }
        }
        if !latin.is_empty() {
            let r = romaji::normalize_latin(&latin);
            if !romaji.contains(&r) {
                romaji.push(r);
            }
        }
        romaji.truncate(MAX_READINGS);
        phon.retain(|p| p.iter().any(|k| !k.is_empty()));
        let phonetic = readings_ja::compose_with(&phon, ".");
        Readings {
            pinyin,
            kana,
            romaji,
            phonetic,
        }
    }

    /// Each filter's output for `text`, in pipeline order, for people to check (`markwatch
    /// keys`): clean, segment (the script runs the readings see), skeleton, fold,
    /// readings_zh, readings_ja, romaji, loanwords (English words read as katakana), phonetic,
    /// visual, core_words, core_phonetic.
    pub fn explain(&self, text: &str) -> Vec<Step> {
        let k = self.keys(text);
        let mut segments: Vec<String> = Vec::new();
        let mut loanwords: Vec<String> = Vec::new();
        for token in k.cleaned.split(' ').filter(|t| !t.is_empty()) {
            let folded = self.fold.fold(token);
            for (s, r) in clean::runs(&folded) {
                segments.push(format!("{}:{r}", s.as_str()));
                if s == Script::Latin {
                    loanwords.extend(self.loanwords.describe(r));
                }
            }
        }
        let one = |s: &str| vec![s.to_string()];
        let mut core = vec![format!("core: {}", k.core)];
        for g in &k.generic {
            core.push(match &g.concept {
                Some(c) => format!("generic: {} ({c})", g.text),
                None => format!("generic: {}", g.text),
            });
        }
        vec![
            Step {
                filter: "clean",
                output: one(&k.cleaned),
            },
            Step {
                filter: "segment",
                output: segments,
            },
            Step {
                filter: "skeleton",
                output: one(&k.skeleton),
            },
            Step {
                filter: "fold",
                output: one(&k.folded),
            },
            Step {
                filter: "readings_zh",
                output: k.pinyin.clone(),
            },
            Step {
                filter: "readings_ja",
                output: k.kana.clone(),
            },
            Step {
                filter: "romaji",
                output: k.romaji.clone(),
            },
            Step {
                filter: "loanwords",
                output: loanwords,
            },
            Step {
                filter: "phonetic",
                output: k.phonetic.clone(),
            },
            Step {
                filter: "visual",
                output: one(&k.visual),
            },
            Step {
                filter: "core_words",
                output: core,
            },
            Step {
                filter: "core_phonetic",
                output: self.core_phonetic(&k),
            },
        ]
    }
}
