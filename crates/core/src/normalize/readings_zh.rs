//! Filter `readings_zh`: toneless pinyin of a folded (simplified) CJK run.
//!
//! The first candidate is the phrase-level reading from `pinyin-converter` (longest-word
//! match, so 银行 reads `yin hang`); then, for each polyphonic character in order, the
//! reading with that one character changed to each of its other readings (from the `pinyin`
//! crate), bounded by [`MAX_READINGS`](super::MAX_READINGS). ü is written `v`.
//!
//! | input | pinyin |
//! |---|---|
//! | 茅台 | `mao tai` |
//! | 龙井 | `long jing` |
//! | 长野 | `chang ye`, `zhang ye`, `chang shu` |
//! | 绿 | `lv`, `lu` |

use pinyin::ToPinyinMulti;

use super::MAX_READINGS;

fn plain(s: &str) -> String {
    s.replace('ü', "v")
}

/// The pinyin candidates of a CJK run, best first; empty when no character has pinyin.
pub fn pinyin(run: &str) -> Vec<String> {
    let words = pinyin_converter::Converter::new(run)
        .without_tone()
        .yu_to_v()
        .no_punctuation()
        .convert();
    let chars: Vec<char> = run.chars().collect();
    let mut syl: Vec<String> = Vec::with_capacity(chars.len());
    for w in words.iter() {
        for s in w.split_whitespace() {
            syl.push(s.to_string());
        }
    }
    let aligned = syl.len() == chars.len();
    // Characters without pinyin come back as themselves; drop them.
    let readable: Vec<&String> = syl
        .iter()
        .filter(|s| s.bytes().all(|b| b.is_ascii_lowercase()))
        .collect();
    if readable.is_empty() {
        return Vec::new();
    }
    let base = readable
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = vec![base];
    if !aligned {
        return out;
    }
    let readable = |s: &str| s.bytes().all(|b| b.is_ascii_lowercase());
    for (i, multi) in run.to_pinyin_multi().enumerate() {
        let Some(multi) = multi else { continue };
        for p in multi {
            if out.len() >= MAX_READINGS {
                return out;
            }
            let p = p.plain();
            let p = if p.contains('ü') {
                std::borrow::Cow::Owned(plain(p))
            } else {
                std::borrow::Cow::Borrowed(p)
            };
            if *p == *syl[i] {
                continue;
            }
            let mut alt = String::with_capacity(out[0].len() + 4);
            for (j, s) in syl.iter().enumerate() {
                let s = if j == i { &*p } else { s.as_str() };
                if readable(s) {
                    if !alt.is_empty() {
                        alt.push(' ');
                    }
                    alt.push_str(s);
                }
            }
            if !out.contains(&alt) {
                out.push(alt);
            }
        }
    }
    out
}
