//! Filter `fold`: one canonical form per character, for matching only.
//!
//! CJK ideographs go through OpenCC `jp2t` (Japanese shinjitai → traditional) then `t2s`
//! (traditional → simplified), then the Unihan variants table (`data/unihan/variants.tsv`),
//! repeated until nothing changes. The map is computed once per character at start-up, so
//! folding is a per-character lookup and is idempotent by construction. Katakana become
//! hiragana, `々` repeats the ideograph before it, and `の` between two ideographs becomes
//! `之` (味の素 = 味之素). Latin and digits are unchanged; spaces are dropped by the caller.
//!
//! | input | folded |
//! |---|---|
//! | 広 廣 广 | 广 |
//! | 沢 澤 泽 | 泽 |
//! | 福岡, 福冈 | 福冈 |
//! | 渓 溪 | 溪 |
//! | 佐々木 | 佐佐木 |
//! | 味の素 | 味之素 |
//! | クマモン | くまもん |

use super::hash::HashMap;

use ferrous_opencc::{config::BuiltinConfig, OpenCC};

use super::clean::is_cjk;
use super::romaji::to_hiragana;
use super::tables::{one_char, rows};
use crate::{Error, Result};

const DENSE_START: u32 = 0x3400;
const DENSE_END: u32 = 0xA000;

/// The per-character fold map.
#[derive(Debug)]
pub struct Fold {
    /// Folded code point for DENSE_START..DENSE_END (0 = unchanged).
    dense: Vec<u32>,
    /// Folded characters outside the dense range.
    sparse: HashMap<char, char>,
}

impl Fold {
    /// Builds the map from OpenCC and the `variants` table text.
    pub fn build(variants: &str) -> Result<Fold> {
        let mut table: HashMap<char, char> = HashMap::default();
        for row in rows(
            "data/unihan/variants.tsv",
            variants,
            &["char", "canonical"],
            2,
        ) {
            let row = row?;
            let name = "data/unihan/variants.tsv";
            let from = one_char(name, row.line, "char", row.fields[0])?;
            let to = one_char(name, row.line, "canonical", row.fields[1])?;
            table.insert(from, to);
        }
        let internal = |e: ferrous_opencc::error::OpenCCError| {
            Error::new(crate::ErrorKind::Internal, format!("OpenCC: {e}"))
        };
        let jp2t = OpenCC::from_config(BuiltinConfig::Jp2t).map_err(internal)?;
        let t2s = OpenCC::from_config(BuiltinConfig::T2s).map_err(internal)?;
        let opencc = |c: char| -> char {
            let mut buf = [0u8; 4];
            let t = jp2t.convert(c.encode_utf8(&mut buf));
            let s = t2s.convert(&t);
            let mut it = s.chars();
            match (it.next(), it.next()) {
                (Some(x), None) => x,
                _ => c,
            }
        };
        let step = |c: char| -> char {
            let o = if is_cjk(c) { opencc(c) } else { c };
            table.get(&o).copied().unwrap_or(o)
        };
        let close = |c: char| -> char {
            let mut x = c;
            let mut seen = [c; 8];
            for slot in seen.iter_mut().skip(1) {
                let y = step(x);
                if y == x {
                    return x;
                }
                *slot = y;
                x = y;
            }
            // A cycle: take the smallest member so that every member folds alike.
            seen.into_iter().min().unwrap_or(c)
        };
        let mut dense = vec![0u32; (DENSE_END - DENSE_START) as usize];
        for cp in DENSE_START..DENSE_END {
            if let Some(c) = char::from_u32(cp) {
                if is_cjk(c) {
                    let f = close(c);
                    if f != c {
                        dense[(cp - DENSE_START) as usize] = f as u32;
                    }
                }
            }
        }
        let mut sparse = HashMap::default();
        let extra = (0xF900..=0xFAFFu32)
            .filter_map(char::from_u32)
            .chain(table.keys().copied())
            .chain(table.values().copied());
        for c in extra {
            if !(DENSE_START..DENSE_END).contains(&(c as u32)) {
                let f = close(c);
                if f != c {
                    sparse.insert(c, f);
                }
            }
        }
        let mut fold = Fold { dense, sparse };
        // Make the map idempotent even where OpenCC and the table disagree.
        for _ in 0..4 {
            let mut changed = false;
            for i in 0..fold.dense.len() {
                let f = fold.dense[i];
                if f != 0 {
                    let g = fold.char(char::from_u32(f).unwrap_or(' ')) as u32;
                    if g != f {
                        fold.dense[i] = if g == DENSE_START + i as u32 { 0 } else { g };
                        changed = true;
                    }
                }
            }
            let keys: Vec<(char, char)> = fold.sparse.iter().map(|(k, v)| (*k, *v)).collect();
            for (k, v) in keys {
                let g = fold.char(v);
                if g != v {
                    fold.sparse.insert(k, g);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        Ok(fold)
    }

    /// The folded form of one character (CJK only; others are returned unchanged).
    pub fn char(&self, c: char) -> char {
        let cp = c as u32;
        if (DENSE_START..DENSE_END).contains(&cp) {
            match self.dense[(cp - DENSE_START) as usize] {
                0 => c,
                f => char::from_u32(f).unwrap_or(c),
            }
        } else if cp < 0x3000 {
            c
        } else {
            self.sparse.get(&c).copied().unwrap_or(c)
        }
    }

    /// Appends the folded form of `token` (a cleaned token without spaces) to `out`.
    pub fn fold_into(&self, token: &str, out: &mut String) {
        let start = out.len();
        let mut prev: Option<char> = None;
        let mut it = token.chars().peekable();
        while let Some(c) = it.next() {
            let f = if is_cjk(c) {
                if c == '々' {
                    match prev {
                        Some(p) if is_cjk(p) => p,
                        _ => c,
                    }
                } else {
                    self.char(c)
                }
            } else if c == 'の' || c == 'ノ' {
                let next_cjk = it.peek().is_some_and(|n| is_cjk(*n));
                if prev.is_some_and(is_cjk) && next_cjk {
                    '之'
                } else {
                    'の'
                }
            } else {
                to_hiragana(c)
            };
            out.push(f);
            prev = Some(f);
        }
        debug_assert!(out.len() >= start);
    }

    /// The folded form of `text` with spaces dropped.
    pub fn fold(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for token in text.split_whitespace() {
            self.fold_into(token, &mut out);
        }
        out
    }
}
