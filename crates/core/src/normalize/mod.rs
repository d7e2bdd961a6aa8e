//! Cross-script keys: the normalization pipeline that turns a mark's text into [`MarkKeys`].
//!
//! PLACEHOLDER: this first version only cleans (NFKC + lower case); the full filter chain
//! (variant fold, readings, romaji, phonetic and visual keys, distinctive core) replaces it.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

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
/// - `cleaned`: NFKC, width- and case-folded; tokens separated by one ASCII space.
/// - `skeleton`: confusables skeleton of `cleaned` (0/O, ニ/二 meet).
/// - `folded`: variant-folded canonical form: CJK to one form (simplified), kana to hiragana?
///   no spaces. For matching only, never for display.
/// - `pinyin`: toneless pinyin candidates, syllables separated by one space; best first.
/// - `kana`: Japanese reading candidates in hiragana; best first.
/// - `romaji`: normalized romaji of each kana reading, plus Latin-script text; best first.
/// - `phonetic`: shared phonetic keys, one per reading candidate, syllables separated by `.`;
///   deduplicated, best first, at most [`MAX_READINGS`].
/// - `visual`: one visual-class character per CJK character of `folded` (look-alikes share it).
/// - `core`: `folded` minus generic and descriptive words (`京都抹茶` → `京都`); equals `folded`
///   when nothing is generic or everything is.
/// - `generic`: the generic words removed, in order.
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

/// Computes [`MarkKeys`]. Construction loads the embedded tables once; share one instance.
#[derive(Debug, Default)]
pub struct Normalizer {}

impl Normalizer {
    /// A normalizer over the embedded tables.
    pub fn new() -> Normalizer {
        Normalizer {}
    }

    /// The process-wide shared normalizer, built on first use.
    pub fn global() -> &'static Normalizer {
        static GLOBAL: std::sync::OnceLock<Normalizer> = std::sync::OnceLock::new();
        GLOBAL.get_or_init(Normalizer::new)
    }

    /// The keys of `text`.
    pub fn keys(&self, text: &str) -> MarkKeys {
        let cleaned: String = text.nfkc().flat_map(char::to_lowercase).collect();
        let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
        let folded: String = cleaned.chars().filter(|c| !c.is_whitespace()).collect();
        MarkKeys {
            original: text.to_string(),
            skeleton: cleaned.clone(),
            cleaned,
            core: folded.clone(),
            folded,
            ..MarkKeys::default()
        }
    }
}
