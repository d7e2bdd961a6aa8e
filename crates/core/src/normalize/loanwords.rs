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
use super::tables::{list, rows};
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
            let kana: Vec<String> = list(row.fields[1]).map(str::to_string).collect();
            words.insert(row.fields[0].to_ascii_lowercase(), kana);
        }
        Ok(Loanwords { words })
    }

    /// How a lowercase Latin word is read through the table: the whole word (one piece) or
    /// a two-piece split, each piece with its katakana readings (empty for a piece read by
    /// the rules); `None` when neither the word nor a split of it qualifies (module docs).
    fn reading<'a>(&'a self, word: &'a str) -> Option<Vec<(&'a str, &'a [String])>> {
        if self.words.is_empty() || !word.is_ascii() {
            return None;
        }
        if let Some(kana) = self.words.get(word) {
            return Some(vec![(word, kana.as_slice())]);
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
        let (_, at) = best?;
        let (a, b) = word.split_at(at);
        let piece = |p: &'a str| (p, self.words.get(p).map_or(&[][..], Vec::as_slice));
        Some(vec![piece(a), piece(b)])
    }

    /// The loanword sound keys of a lowercase Latin word, best first; empty when neither the
    /// word nor a split of it is listed (see the module docs).
    pub fn keys(&self, word: &str) -> Vec<String> {
        let Some(pieces) = self.reading(word) else {
            return Vec::new();
        };
        if let [(_, kana)] = pieces.as_slice() {
            return kana.iter().map(|k| phonetic::kana_key(k)).collect();
        }
        let mut joined: Vec<String> = Vec::with_capacity(pieces.len());
        for (piece, kana) in pieces {
            let key = match kana.first() {
                Some(k) => phonetic::kana_key(k),
                None => match phonetic::from_latin(piece)
                    .into_iter()
                    .find(|k| !k.is_empty())
                {
                    Some(k) => phonetic::join(&k),
                    None => return Vec::new(),
                },
            };
            joined.push(key);
        }
        vec![joined.join(".")]
    }

    /// The reading of a word for people (`markwatch keys`): `white → ホワイト`,
    /// `joyoung → jo (rules) + young ヤング`; `None` when the table does not read it.
    pub fn describe(&self, word: &str) -> Option<String> {
        let pieces = self.reading(word)?;
        if let [(_, kana)] = pieces.as_slice() {
            return Some(format!("{word} → {}", kana.join("|")));
        }
        let shown: Vec<String> = pieces
            .iter()
            .map(|(p, kana)| match kana.first() {
                Some(_) => format!("{p} {}", kana.join("|")),
                None => format!("{p} (rules)"),
            })
            .collect();
        Some(format!("{word} → {}", shown.join(" + ")))
    }
}
