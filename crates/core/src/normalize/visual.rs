//! Filter `visual`: look-alike characters from `data/visual/neighbors.tsv`.
//!
//! The table lists, per character, its neighbours with a shape similarity in (0, 1]. Pairs
//! are made symmetric at load (the higher score wins). [`Visual::similarity`] is 1 for equal
//! characters, the table score for neighbours and 0 otherwise. The visual key maps each
//! character to a class representative: neighbours with a score of at least
//! [`CLASS_MIN`] are joined (highest scores first, classes of at most [`CLASS_MAX`]
//! characters), and the class is named by its smallest character.
//!
//! | input | visual key (兔/免 0.91 and 雪/雷 0.90 in the table) |
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

/// Visual neighbours and classes.
#[derive(Debug, Default)]
pub struct Visual {
    neighbors: HashMap<char, Vec<(char, f32)>>,
    class: HashMap<char, char>,
}

impl Visual {
    /// Loads the neighbours table.
    pub fn build(text: &str) -> Result<Visual> {
        let name = "data/visual/neighbors.tsv";
        let mut pairs: HashMap<(char, char), f32> = HashMap::default();
        for row in rows(name, text, &["char", "neighbors"], 2) {
            let row = row?;
            let c = one_char(name, row.line, "char", row.fields[0])?;
            for item in row.fields[1].split_whitespace() {
                let (n, s) = item.rsplit_once(':').ok_or_else(|| {
                    bad_field(
                        name,
                        row.line,
                        "neighbors",
                        format!("expected char:score, found {item:?}"),
                    )
                })?;
                let n = one_char(name, row.line, "neighbors", n)?;
                let s: f32 = s
                    .parse()
                    .ok()
                    .filter(|s: &f32| (0.0..=1.0).contains(s))
                    .ok_or_else(|| {
                        bad_field(
                            name,
                            row.line,
                            "neighbors",
                            format!("score {s:?} is not a number in [0, 1]"),
                        )
                    })?;
                if n != c {
                    let key = if c < n { (c, n) } else { (n, c) };
                    let e = pairs.entry(key).or_insert(0.0);
                    *e = e.max(s);
                }
            }
        }
        let mut v = Visual::default();
        let mut sorted: Vec<((char, char), f32)> = pairs.into_iter().collect();
        sorted.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for ((a, b), s) in &sorted {
            v.neighbors.entry(*a).or_default().push((*b, *s));
            v.neighbors.entry(*b).or_default().push((*a, *s));
        }
        // Union-find over strong pairs, bounded class size.
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
        for ((a, b), s) in &sorted {
            if *s < CLASS_MIN {
                break;
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

    /// 1.0 if `a == b`, the table score if they are neighbours, 0.0 otherwise.
    pub fn similarity(&self, a: char, b: char) -> f32 {
        if a == b {
            return 1.0;
        }
        self.neighbors(a)
            .iter()
            .find(|(n, _)| *n == b)
            .map_or(0.0, |(_, s)| *s)
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
