//! Words with a meaning of their own: common Japanese words (`data/ccbysa/common_words.tsv`,
//! the EDICT2 entries marked `(P)`, which EDRDG gives to words on its common-word frequency
//! lists: `苺` いちご, `東海` とうかい, `ベンチ` べんち, English `bench`) and Chinese words
//! (`data/ccbysa/common_words_zh.tsv`, the CC-CEDICT entries of 2–4 characters that are not
//! proper nouns: `苹果` ping guo, `正宗` zheng zong).
//!
//! A mark that is one such word as a whole has a meaning of its own, which screening weighs
//! against a target it only resembles (`ICHIGO` is a strawberry, not `いいちこ`). A word is
//! found by its folded form (`苺`, `べんち`, `苹果`), by the romaji of a reading (`ichigo`,
//! `tokai`, normalized like Latin marks), by its pinyin without spaces (`pingguo`) and, for a
//! katakana loanword, by its English word (`bench`).

use std::sync::OnceLock;

use super::clean;
use super::fold::Fold;
use super::hash::HashMap;
use super::romaji::{normalize_latin, romaji};
use super::tables::{list, rows};
use crate::Result;

/// The Japanese table: its name in errors and its fields.
const JA_TABLE: (&str, &[&str]) = (
    "data/ccbysa/common_words.tsv",
    &["word", "readings", "english"],
);
/// The Chinese table: its name in errors and its fields.
const ZH_TABLE: (&str, &[&str]) = ("data/ccbysa/common_words_zh.tsv", &["word", "pinyin"]);

/// Fewest characters of a kana or Latin form looked up (one is noise); a CJK headword of one
/// character (苺) is a word.
const MIN_FORM_CHARS: usize = 2;

/// One word: as its dictionary writes it, with its readings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommonWord {
    /// The headword as written in EDICT or CC-CEDICT (`苺`, `ベンチ`, `苹果`).
    pub word: String,
    /// Its common Japanese readings in hiragana, best first (`いちご`); empty for a Chinese
    /// word.
    pub readings: Vec<String>,
    /// The Japanese readings in romaji, normalized like Latin marks (`ichigo`).
    pub romaji: Vec<String>,
    /// Its toneless pinyin readings without spaces (`pingguo`); empty for a Japanese word.
    pub pinyin: Vec<String>,
}

/// The Japanese and Chinese word tables, looked up by form.
#[derive(Debug, Default)]
pub struct CommonWords {
    words: Vec<CommonWord>,
    /// Folded form, romaji or English word → indexes into `words`.
    by_form: HashMap<String, Vec<u32>>,
}

impl CommonWords {
    /// Loads the Japanese table `ja` (`word<TAB>readings<TAB>english`, lists `|`-separated)
    /// and the Chinese table `zh` (`word<TAB>pinyin1|pinyin2`, syllables space-separated),
    /// folding headwords with `fold`. Errors name the table and the line.
    pub fn build(ja: &str, zh: &str, fold: &Fold) -> Result<CommonWords> {
        let mut out = CommonWords::default();
        out.add_ja(ja, fold)?;
        out.add_zh(zh, fold)?;
        Ok(out)
    }

    fn add_form(&mut self, form: String, at: u32) {
        if form.chars().count() >= MIN_FORM_CHARS || form.chars().all(clean::is_cjk) {
            let list = self.by_form.entry(form).or_default();
            if list.last() != Some(&at) {
                list.push(at);
            }
        }
    }

    fn add_zh(&mut self, text: &str, fold: &Fold) -> Result<()> {
        let (name, fields) = ZH_TABLE;
        for row in rows(name, text, fields, fields.len()) {
            let row = row?;
            let pinyin: Vec<String> = list(row.fields[1]).map(|p| p.replace(' ', "")).collect();
            let at = self.words.len() as u32;
            self.add_form(fold.fold(&clean::clean(row.fields[0])), at);
            for p in &pinyin {
                self.add_form(p.clone(), at);
            }
            self.words.push(CommonWord {
                word: row.fields[0].to_string(),
                readings: Vec::new(),
                romaji: Vec::new(),
                pinyin,
            });
        }
        Ok(())
    }

    fn add_ja(&mut self, text: &str, fold: &Fold) -> Result<()> {
        let (name, fields) = JA_TABLE;
        for row in rows(name, text, fields, fields.len()) {
            let row = row?;
            let readings: Vec<String> = list(row.fields[1]).map(str::to_string).collect();
            let at = self.words.len() as u32;
            let romaji: Vec<String> = readings
                .iter()
                .map(|r| normalize_latin(&romaji(r)))
                .collect();
            let mut keys: Vec<String> = vec![fold.fold(&clean::clean(row.fields[0]))];
            keys.extend(readings.iter().cloned());
            keys.extend(romaji.iter().cloned());
            keys.extend(list(row.fields[2]).map(str::to_ascii_lowercase));
            keys.sort();
            keys.dedup();
            for k in keys {
                self.add_form(k, at);
            }
            self.words.push(CommonWord {
                word: row.fields[0].to_string(),
                readings,
                romaji,
                pinyin: Vec::new(),
            });
        }
        Ok(())
    }

    /// The words whose form is `form`: a folded mark (`苺`, `べんち`, `苹果`) or a Latin
    /// mark's normalized romaji (`ichigo`) or lowercase letters (`bench`, `pingguo`).
    pub fn lookup(&self, form: &str) -> impl Iterator<Item = &CommonWord> {
        self.by_form
            .get(form)
            .into_iter()
            .flatten()
            .map(|&i| &self.words[i as usize])
    }
}

/// The word tables as text, checked when made and parsed on first lookup: only screening
/// looks words up, and the parsed tables take some 55 MB that `search` and `index` need not
/// hold.
#[derive(Debug)]
pub struct LazyCommonWords {
    ja: Box<str>,
    zh: Box<str>,
    built: OnceLock<CommonWords>,
}

impl LazyCommonWords {
    /// Keeps the tables `ja` and `zh` (formats as in [`CommonWords::build`]) after checking
    /// every row's fields. Errors name the table and the line.
    pub fn new(ja: &str, zh: &str) -> Result<LazyCommonWords> {
        for (text, (name, fields)) in [(ja, JA_TABLE), (zh, ZH_TABLE)] {
            for row in rows(name, text, fields, fields.len()) {
                row?;
            }
        }
        Ok(LazyCommonWords {
            ja: ja.into(),
            zh: zh.into(),
            built: OnceLock::new(),
        })
    }

    /// The parsed tables, headwords folded with `fold` (on the first call).
    pub fn get(&self, fold: &Fold) -> &CommonWords {
        // Every row was checked in `new`, so building cannot fail.
        self.built
            .get_or_init(|| CommonWords::build(&self.ja, &self.zh, fold).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "# markwatch-table common_words v1; source: test; licence: test\n\
                         ベンチ\tべんち\tbench\n\
                         東海\tとうかい\t\n\
                         苺\tいちご\t\n";
    const TABLE_ZH: &str = "# markwatch-table common_words_zh v1; source: test; licence: test\n\
                            苹果\tping guo\n";

    fn fold() -> Fold {
        Fold::build("# markwatch-table variants v1; source: test; licence: test\n").unwrap()
    }

    #[test]
    fn a_word_is_found_by_its_folded_form_its_romaji_and_its_english_word() {
        let f = fold();
        let lazy = LazyCommonWords::new(TABLE, TABLE_ZH).unwrap();
        let words = lazy.get(&f);
        let cases = [
            ("苺", Some("苺")),
            ("いちご", Some("苺")),
            ("ichigo", Some("苺")),
            ("tokai", Some("東海")),
            ("べんち", Some("ベンチ")),
            ("bench", Some("ベンチ")),
            ("benchi", Some("ベンチ")),
            ("苹果", Some("苹果")),
            ("pingguo", Some("苹果")),
            ("iichiko", None),
        ];
        for (form, want) in cases {
            // A mark is looked up by its folded form (苺 folds to 莓).
            let got: Vec<&CommonWord> = words.lookup(&f.fold(form)).collect();
            assert_eq!(
                got.first().map(|w| w.word.as_str()),
                want,
                "form {form:?}: {got:?}"
            );
        }
    }

    #[test]
    fn a_malformed_row_names_the_table_and_line() {
        let text = "# markwatch-table common_words v1; source: t; licence: t\nx\n";
        let err = CommonWords::build(text, "", &fold())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("common_words.tsv") && err.contains('2'),
            "{err}"
        );
        // The lazy tables refuse it when made, not on first lookup.
        let err = LazyCommonWords::new(text, "").unwrap_err().to_string();
        assert!(
            err.contains("common_words.tsv") && err.contains('2'),
            "{err}"
        );
        let zh = "# markwatch-table common_words_zh v1; source: t; licence: t\nx\n";
        let err = LazyCommonWords::new("", zh).unwrap_err().to_string();
        assert!(
            err.contains("common_words_zh.tsv") && err.contains('2'),
            "{err}"
        );
    }
}
