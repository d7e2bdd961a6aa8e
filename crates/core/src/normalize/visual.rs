//! Filter `visual`: look-alike characters from `data/visual/neighbors.tsv` (rendered glyphs)
//! and `data/visual/written.tsv` (kana confused in handwriting: シ/ツ, ソ/ン).
//!
//! The table lists, per character, its neighbours with a shape similarity in (0, 1] and the
//! kind of resemblance: an item is `neighbour:score`, optionally followed by `:kind`:
//!
//! | item in the row of `a` | kind | meaning |
//! |---|---|---|
//! | `b:0.93` | glyph | the whole shapes are alike (one stroke or one component apart) |
//! | `b:0.75:has` | part | `a` contains `b` as a large part (鸭 has 鸟) |
//! | `b:0.75:in` | part | `b` contains `a` (鸟 is in 鸭) |
//! | `b:0.80:shares` | part | `a` and `b` share a large part in the same place (奥/粤) |
//!
//! Rows cover CJK ideographs and kana; kana are neighbours of kana only (ユ/コ, ぬ/め), and
//! kana never take part in the visual key, which maps them through katakana and the Unicode
//! confusables instead (`Normalizer::keys`).
//!
//! Pairs are made symmetric at load (the higher score wins; `has` in one row is `in` in the
//! other). [`Visual::similarity`] is 1 for equal characters, the table score for neighbours of
//! any kind and 0 otherwise; the generator already weighs part resemblances below whole-glyph
//! ones (README of the table). The visual key maps each character to a class representative:
//! glyph neighbours with a score of at least [`CLASS_MIN`] are joined (highest scores first,
//! classes of at most [`CLASS_MAX`] characters), and the class is named by its smallest
//! character. Part resemblances never join classes: 鸟 is not 鸭.
//!
//! | input | visual key (兔/免 0.91 and 雪/雷 0.93 in the table) |
//! |---|---|
//! | 兔, 免 | 免 |
//! | 雪, 雷 | 雪 |
//! | 龙 | 龙 (no strong neighbour) |

use super::hash::HashMap;

use super::tables::{bad_field, one_char, rows};
use crate::Result;

/// The least score that puts two characters in one visual class.
pub const CLASS_MIN: f32 = 0.85;
/// The most characters in one visual class.
pub const CLASS_MAX: usize = 6;

/// How one character resembles another in the look-alike table, seen from the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookAlike {
    /// Whole shapes alike (兔/免).
    Glyph,
    /// The first character contains the second (鸭 has 鸟).
    Has,
    /// The second character contains the first (水 is in 泉).
    In,
    /// The two share a large part (奥/粤).
    Shares,
}

impl LookAlike {
    fn parse(s: &str) -> Option<LookAlike> {
        match s {
            "has" => Some(LookAlike::Has),
            "in" => Some(LookAlike::In),
            "shares" => Some(LookAlike::Shares),
            _ => None,
        }
    }

    /// The same relation seen from the other character.
    pub fn flip(self) -> LookAlike {
        match self {
            LookAlike::Has => LookAlike::In,
            LookAlike::In => LookAlike::Has,
            k => k,
        }
    }

    /// How `a` relates to `b` in words, for explanations: `鸭 contains 鸟`, `水 is part of 泉`,
    /// `奥 and 粤 share a part`, `兔 and 免 look alike`.
    pub fn describe(self, a: char, b: char) -> String {
        match self {
            LookAlike::Glyph => format!("{a} and {b} look alike"),
            LookAlike::Has => format!("{a} contains {b}"),
            LookAlike::In => format!("{a} is part of {b}"),
            LookAlike::Shares => format!("{a} and {b} share a part"),
        }
    }
}

/// Visual neighbours and classes.
/// Records that `a` resembles `b` by `kind` with score `s` under the unordered key `(min, max)`
/// (the kind seen from the smaller character), keeping the higher score of a pair met twice.
fn keep_best(
    pairs: &mut HashMap<(char, char), (f32, LookAlike)>,
    a: char,
    b: char,
    s: f32,
    kind: LookAlike,
) {
    let (key, kind) = if a < b {
        ((a, b), kind)
    } else {
        ((b, a), kind.flip())
    };
    let e = pairs.entry(key).or_insert((0.0, kind));
    if s > e.0 {
        *e = (s, kind);
    }
}

#[derive(Debug, Default)]
pub struct Visual {
    neighbors: HashMap<char, Vec<(char, f32)>>,
    pairs: HashMap<(char, char), (f32, LookAlike)>,
    class: HashMap<char, char>,
}

impl Visual {
    /// Loads the neighbours table. Errors name the table, line and field of a bad item.
    ///
    /// A whole-shape pair is also read between the variant-folded forms of its characters
    /// (`fold`), unless those are listed themselves: 萝/夢 0.89 is a pair of 萝/梦 too, since
    /// a mark written 梦 in one office is written 夢 in another. These folded pairs count for
    /// [`Visual::similarity`] and [`Visual::relation`] only: they are not
    /// [`Visual::neighbors`] (the written neighbours' folded forms already reach them) and
    /// form no visual classes, so the `visual` key is the table's alone.
    ///
    /// `tables`: (file name for errors, text) of each table in the neighbours format; a pair
    /// listed in several keeps its highest score.
    pub fn build(tables: &[(&'static str, &str)], fold: impl Fn(char) -> char) -> Result<Visual> {
        let mut pairs: HashMap<(char, char), (f32, LookAlike)> = HashMap::default();
        for (name, row) in tables.iter().flat_map(|&(name, text)| {
            rows(name, text, &["char", "neighbors"], 2).map(move |r| (name, r))
        }) {
            let row = row?;
            let c = one_char(name, row.line, "char", row.fields[0])?;
            for item in row.fields[1].split_whitespace() {
                let bad = |why: String| bad_field(name, row.line, "neighbors", why);
                let mut parts = item.split(':');
                let (Some(n), Some(s), kind, None) =
                    (parts.next(), parts.next(), parts.next(), parts.next())
                else {
                    return Err(bad(format!(
                        "expected char:score or char:score:kind, found {item:?}"
                    )));
                };
                let n = one_char(name, row.line, "neighbors", n)?;
                let s: f32 = s
                    .parse()
                    .ok()
                    .filter(|s: &f32| (0.0..=1.0).contains(s))
                    .ok_or_else(|| bad(format!("score {s:?} is not a number in [0, 1]")))?;
                let kind = match kind {
                    None => LookAlike::Glyph,
                    Some(k) => LookAlike::parse(k).ok_or_else(|| {
                        bad(format!(
                            "kind {k:?} in {item:?} is not one of has, in, shares"
                        ))
                    })?,
                };
                if n != c {
                    keep_best(&mut pairs, c, n, s, kind);
                }
            }
        }
        let mut v = Visual::default();
        let mut sorted: Vec<((char, char), (f32, LookAlike))> = pairs.into_iter().collect();
        sorted.sort_by(|a, b| b.1 .0.total_cmp(&a.1 .0).then(a.0.cmp(&b.0)));
        for ((a, b), (s, kind)) in &sorted {
            v.neighbors.entry(*a).or_default().push((*b, *s));
            v.neighbors.entry(*b).or_default().push((*a, *s));
            v.pairs.insert((*a, *b), (*s, *kind));
        }
        // Whole-shape pairs between folded forms, where the table lists none. A shared or
        // contained part is a part of the written form; folding may drop it (島 contains 鳥,
        // 岛 does not).
        let mut folded: HashMap<(char, char), (f32, LookAlike)> = HashMap::default();
        for ((a, b), (s, kind)) in &sorted {
            let (fa, fb) = (fold(*a), fold(*b));
            if *kind != LookAlike::Glyph || (fa, fb) == (*a, *b) || fa == fb {
                continue;
            }
            if v.relation(fa, fb).is_none() {
                keep_best(&mut folded, fa, fb, *s, LookAlike::Glyph);
            }
        }
        v.pairs.extend(folded);
        // Union-find over strong whole-glyph pairs of the table, bounded class size.
        let mut parent: HashMap<char, char> = HashMap::default();
        let mut size: HashMap<char, usize> = HashMap::default();
        fn find(p: &mut HashMap<char, char>, c: char) -> char {
            let mut r = c;
            while let Some(&q) = p.get(&r) {
                if q == r {
                    break;
                }
                r = q;
            }
            r
        }
        for ((a, b), (s, kind)) in &sorted {
            if *s < CLASS_MIN {
                break;
            }
            if *kind != LookAlike::Glyph {
                continue;
            }
            let ra = find(&mut parent, *a);
            let rb = find(&mut parent, *b);
            if ra == rb {
                continue;
            }
            let sa = *size.get(&ra).unwrap_or(&1);
            let sb = *size.get(&rb).unwrap_or(&1);
            if sa + sb > CLASS_MAX {
                continue;
            }
            let (root, child) = if ra < rb { (ra, rb) } else { (rb, ra) };
            parent.insert(child, root);
            parent.insert(root, root);
            size.insert(root, sa + sb);
        }
        let members: Vec<char> = parent.keys().copied().collect();
        for c in members {
            let r = find(&mut parent, c);
            if r != c {
                v.class.insert(c, r);
            }
        }
        Ok(v)
    }

    /// 1.0 if `a == b`, the table score if they are neighbours (of any kind), 0.0 otherwise.
    pub fn similarity(&self, a: char, b: char) -> f32 {
        if a == b {
            return 1.0;
        }
        self.relation(a, b).map_or(0.0, |(s, _)| s)
    }

    /// The table score of two different neighbours and how `a` resembles `b`; `None` when
    /// they are not neighbours (or equal).
    pub fn relation(&self, a: char, b: char) -> Option<(f32, LookAlike)> {
        if a < b {
            self.pairs.get(&(a, b)).copied()
        } else {
            self.pairs.get(&(b, a)).map(|&(s, k)| (s, k.flip()))
        }
    }

    /// The neighbours of `c`, highest score first.
    pub fn neighbors(&self, c: char) -> &[(char, f32)] {
        self.neighbors.get(&c).map_or(&[], Vec::as_slice)
    }

    /// The visual class representative of `c` (`c` itself when it has no strong neighbour).
    pub fn class(&self, c: char) -> char {
        self.class.get(&c).copied().unwrap_or(c)
    }
}
