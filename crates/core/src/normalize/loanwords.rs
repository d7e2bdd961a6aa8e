//! English words read as Japanese loanwords (`data/ccbysa/loanwords.tsv`, from EDICT2):
//! `white` is ホワイト, `young` ヤング, `rabbit` ラビット. The Latin reading rules of
//! [`super::phonetic`] guess such readings (`white` → `u.hi.te`); the dictionary knows them,
//! so `WHITE RABBIT` and ホワイトラビット get one sound key.
//!
//! A Latin word is read through the table when it is in it, or when it splits into two
//! pieces of which one is in it (`joyoung` = `jo` + `young`, read ジョ + ヤング): both pieces
//! listed with at least [`MIN_PIECE`] letters each, or one listed with at least
//! [`MIN_ALONE`] letters beside a piece of at least 2 letters read by the rules. Of several
//! splits the one with the most listed letters wins (then the earlier split). The table's
//! readings come before the rules' among a word's sound keys.

use super::hash::HashMap;
use super::phonetic;
use super::tables::rows;
use crate::Result;

/// The fewest letters of each piece when both pieces of a split are listed.
pub const MIN_PIECE: usize = 3;
/// The fewest letters of a listed piece beside a piece read by the rules.
pub const MIN_ALONE: usize = 5;

/// The English-to-katakana table.
#[derive(Debug, Default)]
pub struct Loanwords {
    words: HashMap<String, Vec<String>>,
}

impl Loanwords {
    /// Loads `word<TAB>katakana1|katakana2`. Errors name the table and the line.
    pub fn build(text: &str) -> Result<Loanwords> {
        let name = "data/ccbysa/loanwords.tsv";
        let mut words: HashMap<String, Vec<String>> = HashMap::default();
        for row in rows(name, text, &["word", "katakana"], 2) {
            let row = row?;
            let kana: Vec<String> = row.fields[1]
                .split('|')
                .filter(|k| !k.is_empty())
                .map(str::to_string)
                .collect();
            words.insert(row.fields[0].to_ascii_lowercase(), kana);
        }
        Ok(Loanwords { words })
    }

    /// The loanword sound keys of a lowercase Latin word, best first; empty when neither the
    /// word nor a split of it is listed (see the module docs).
    pub fn keys(&self, word: &str) -> Vec<String> {
        if self.words.is_empty() || !word.is_ascii() {
            return Vec::new();
        }
        if let Some(kana) = self.words.get(word) {
            return kana.iter().map(|k| phonetic::kana_key(k)).collect();
        }
        // (listed letters, split) of the best split.
        let mut best: Option<(usize, usize)> = None;
        for at in 2..word.len().saturating_sub(1) {
            let (a, b) = word.split_at(at);
            let (la, lb) = (self.words.contains_key(a), self.words.contains_key(b));
            let listed = match (la, lb) {
                (true, true) if a.len() >= MIN_PIECE && b.len() >= MIN_PIECE => a.len() + b.len(),
                (true, false) if a.len() >= MIN_ALONE => a.len(),
                (false, true) if b.len() >= MIN_ALONE => b.len(),
                _ => continue,
            };
            if best.is_none_or(|(l, _)| listed > l) {
                best = Some((listed, at));
            }
        }
        let Some((_, at)) = best else {
            return Vec::new();
        };
        let (a, b) = word.split_at(at);
        let piece = |p: &str| -> Option<String> {
            match self.words.get(p) {
                Some(kana) => kana.first().map(|k| phonetic::kana_key(k)),
                None => phonetic::from_latin(p)
                    .into_iter()
                    .find(|k| !k.is_empty())
                    .map(|k| phonetic::join(&k)),
            }
        };
        match (piece(a), piece(b)) {
            (Some(x), Some(y)) => vec![format!("{x}.{y}")],
            _ => Vec::new(),
        }
    }
}
