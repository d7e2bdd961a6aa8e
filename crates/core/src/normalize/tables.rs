//! The lexical tables the normalizer reads, embedded in the binary, and their row parser.
//!
//! Every table is UTF-8, one `# markwatch-table …` header line, then tab-separated rows.

use crate::{Error, Result};

/// The text of every table the normalizer uses, with the file name used in error messages.
/// [`Tables::embedded`] gives the tables built into markwatch; tests may pass small inline
/// tables instead.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tables<'a> {
    /// `char<TAB>canonical`: variant folding applied after OpenCC jp2t → t2s.
    pub variants: &'a str,
    /// `word<TAB>reading1|reading2` from IPADIC.
    pub ipadic: &'a str,
    /// `word<TAB>reading1|reading2` from JMnedict (names).
    pub jmnedict: &'a str,
    /// `word<TAB>reading1|reading2` from EDICT.
    pub edict: &'a str,
    /// `kanji<TAB>on<TAB>kun<TAB>nanori[<TAB>grade]`, space-separated hiragana lists and the
    /// KANJIDIC2 school grade (empty for kanji outside common Japanese use).
    pub kanjidic: &'a str,
    /// `word<TAB>katakana1|katakana2`: English words and their katakana loanwords (EDICT).
    pub loanwords: &'a str,
    /// `word<TAB>readings<TAB>english`: common words (EDICT `(P)`), their hiragana readings
    /// and, for katakana loanwords, their English words.
    pub common_words: &'a str,
    /// `word<TAB>pinyin1|pinyin2`: Chinese words (CC-CEDICT, not proper nouns), toneless
    /// pinyin syllables space-separated.
    pub common_words_zh: &'a str,
    /// `concept<TAB>lang<TAB>word`, lang one of zh, ja, en.
    pub concepts: &'a str,
    /// `char<TAB>n1:0.93 n2:0.88 …`: visual neighbours with similarity scores.
    pub neighbors: &'a str,
    /// The same format as `neighbors`: kana that look alike when written by hand, which a
    /// rendered font does not show (シ/ツ, ソ/ン).
    pub written: &'a str,
    /// `name<TAB>reading<TAB>kind[<TAB>prefecture]`: Japanese municipalities and prefectures.
    pub places: &'a str,
}

macro_rules! table {
    ($path:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/", $path))
    };
}

impl Tables<'static> {
    /// The tables under `data/`, embedded at build time.
    pub fn embedded() -> Tables<'static> {
        Tables {
            variants: table!("unihan/variants.tsv"),
            ipadic: table!("ipadic/readings.tsv"),
            jmnedict: table!("ccbysa/jmnedict.tsv"),
            edict: table!("ccbysa/edict.tsv"),
            loanwords: table!("ccbysa/loanwords.tsv"),
            common_words: table!("ccbysa/common_words.tsv"),
            common_words_zh: table!("ccbysa/common_words_zh.tsv"),
            kanjidic: table!("ccbysa/kanjidic2.tsv"),
            concepts: table!("ccbysa/concepts.tsv"),
            neighbors: table!("visual/neighbors.tsv"),
            written: table!("visual/written.tsv"),
            places: table!("places/jp_municipalities.tsv"),
        }
    }
}

/// One data row: its 1-based line number and its fields.
pub(crate) struct Row<'a> {
    pub line: usize,
    pub fields: Vec<&'a str>,
}

/// The rows of a table, skipping the header, blank lines and `#` comments. Every row must have
/// between `min` and `max` fields; otherwise the error names the table, the line and the
/// expected fields.
pub(crate) fn rows<'a>(
    name: &'static str,
    text: &'a str,
    fields: &'static [&'static str],
    min: usize,
) -> impl Iterator<Item = Result<Row<'a>>> + 'a {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(move |(i, l)| {
            let f: Vec<&str> = l.split('\t').collect();
            if f.len() < min || f.len() > fields.len() || f[0].is_empty() {
                return Err(Error::invalid(format!(
                    "{name} line {}: expected {} tab-separated fields ({}), found {}",
                    i + 1,
                    if min == fields.len() {
                        min.to_string()
                    } else {
                        format!("{min} to {}", fields.len())
                    },
                    fields.join(", "),
                    f.len()
                )));
            }
            Ok(Row {
                line: i + 1,
                fields: f,
            })
        })
}

/// The items of a `|`-separated list field, blanks skipped (`a|b|` → `a`, `b`).
pub(crate) fn list(field: &str) -> impl Iterator<Item = &str> {
    field.split('|').filter(|item| !item.is_empty())
}

/// An error for a malformed field.
pub(crate) fn bad_field(
    name: &str,
    line: usize,
    field: &str,
    why: impl std::fmt::Display,
) -> Error {
    Error::invalid(format!("{name} line {line}, field {field}: {why}"))
}

/// The single character of `s`, or an error naming the field.
pub(crate) fn one_char(name: &str, line: usize, field: &str, s: &str) -> Result<char> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(bad_field(
            name,
            line,
            field,
            format!("expected one character, found {s:?}"),
        )),
    }
}
