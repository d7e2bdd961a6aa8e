//! Entity resolution: applicant names to groups of related parties, each link explained.
//!
//! Nodes are normalized name keys ([`name_key`]): every spelling of one party is one node.
//! Nodes are linked (union-find) when they
//! - are co-applicants on one record (`co-applicants on CN:1`),
//! - share a normalized address ([`address_key`], at least `min_address_chars` characters),
//! - share a representative that is not an agency (an agency represents many unrelated
//!   clients, so sharing one says nothing), or
//! - share a contact detail supplied as side data ([`super::SideData`]).
//!
//! A shared value that links more than `max_link_fanout` distinct names (a registered-office
//! service, a big law firm) links none of them: it is reported, not used.
//! [`Overrides`] then split named parties off (no automatic link touches them) and merge pairs.

use std::collections::HashMap;
use std::io::BufRead;

use serde::{Deserialize, Serialize};

use super::names::{address_key, ApplicantKind, NameTables};
use crate::{Error, Result};

/// Manual corrections to the automatic grouping.
///
/// Two file formats, one shape:
/// - TSV, one override a line, `#` starts a comment line:
///   `merge<TAB>name a<TAB>name b` or `split<TAB>name`.
/// - JSON: `{"merge": [["name a", "name b"]], "split": ["name"]}` (both keys optional).
///
/// Names are matched by their normalized key, so any spelling or legal form works.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    /// Pairs of names to put in one group.
    #[serde(default)]
    pub merge: Vec<(String, String)>,
    /// Names that no automatic link may join to another name (they still join by `merge`).
    #[serde(default)]
    pub split: Vec<String>,
}

impl Overrides {
    /// Parses the TSV or JSON form (JSON if the first non-blank character is `{`). `file`
    /// names the source in errors, which also give the line and the field.
    pub fn parse(text: &str, file: &str) -> Result<Overrides> {
        if text.trim_start().starts_with('{') {
            return serde_json::from_str(text).map_err(|e| {
                Error::invalid(format!(
                    "{file}:{}: overrides: not valid JSON overrides ({e})",
                    e.line()
                ))
            });
        }
        let mut out = Overrides::default();
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            let bad = |field: &str, msg: &str| {
                Error::invalid(format!("{file}:{n}: field {field}: {msg}"))
            };
            match fields.as_slice() {
                ["merge", a, b] if !a.is_empty() && !b.is_empty() => {
                    out.merge.push((a.to_string(), b.to_string()))
                }
                ["merge", ..] => {
                    return Err(bad(
                        "merge",
                        "expected `merge<TAB>name<TAB>name` with two non-empty names",
                    ))
                }
                ["split", a] if !a.is_empty() => out.split.push(a.to_string()),
                ["split", ..] => {
                    return Err(bad("split", "expected `split<TAB>name` with one name"))
                }
                [op, ..] => {
                    return Err(bad(
                        "op",
                        &format!("unknown override {op:?} (expected merge or split)"),
                    ))
                }
                [] => {}
            }
        }
        Ok(out)
    }

    /// Reads [`Overrides::parse`] from a reader.
    pub fn read(mut input: impl BufRead, file: &str) -> Result<Overrides> {
        let mut text = String::new();
        input
            .read_to_string(&mut text)
            .map_err(|e| Error::invalid(format!("{file}: cannot read overrides: {e}")))?;
        Overrides::parse(&text, file)
    }
}

/// Why two parties are in one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// One party's normalized key.
    pub a: String,
    /// The other party's normalized key.
    pub b: String,
    /// The reason, e.g. `same address: 东京都港区123`.
    pub why: String,
}

/// One distinct party (normalized key) as seen in the records.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub key: String,
    /// The name as first written.
    pub name: String,
    pub kind: ApplicantKind,
    pub split: bool,
}

/// Builds nodes and links while records stream by.
#[derive(Debug, Default)]
pub(crate) struct Resolver {
    pub nodes: Vec<Node>,
    by_raw: HashMap<String, u32>,
    by_key: HashMap<String, u32>,
    /// Shared value → distinct nodes (capped at fanout + 1), per link type.
    addresses: HashMap<String, Vec<u32>>,
    representatives: HashMap<String, Vec<u32>>,
    contacts: HashMap<String, Vec<u32>>,
    /// Co-applicant links (record id, a, b).
    co: Vec<(String, u32, u32)>,
    fanout: usize,
    min_address: usize,
}

fn push_capped(v: &mut Vec<u32>, node: u32, cap: usize) {
    if v.len() <= cap && !v.contains(&node) {
        v.push(node);
    }
}

impl Resolver {
    pub fn new(fanout: usize, min_address: usize) -> Resolver {
        Resolver {
            fanout,
            min_address,
            ..Resolver::default()
        }
    }

    /// The node of a raw name (created on first sight).
    pub fn node(&mut self, raw: &str) -> u32 {
        if let Some(&n) = self.by_raw.get(raw) {
            return n;
        }
        let k = NameTables::global().key(raw);
        let n = match self.by_key.get(&k.key) {
            Some(&n) => {
                // A legal form seen in any spelling makes the party a company.
                let node = &mut self.nodes[n as usize];
                if k.kind > node.kind {
                    node.kind = k.kind;
                }
                n
            }
            None => {
                let n = self.nodes.len() as u32;
                self.by_key.insert(k.key.clone(), n);
                self.nodes.push(Node {
                    key: k.key,
                    name: raw.to_string(),
                    kind: k.kind,
                    split: false,
                });
                n
            }
        };
        self.by_raw.insert(raw.to_string(), n);
        n
    }

    /// The node of a normalized key, if any record named it.
    pub fn find_key(&self, key: &str) -> Option<u32> {
        self.by_key.get(key).copied()
    }

    pub fn address(&mut self, node: u32, address: &str) {
        let key = address_key(address);
        if key.chars().count() >= self.min_address {
            let cap = self.fanout;
            push_capped(self.addresses.entry(key).or_default(), node, cap);
        }
    }

    pub fn representative(&mut self, node: u32, rep: &str) {
        let k = NameTables::global().key(rep);
        if k.kind == ApplicantKind::Agency {
            return;
        }
        let cap = self.fanout;
        push_capped(self.representatives.entry(k.key).or_default(), node, cap);
    }

    pub fn contact(&mut self, node: u32, contact: &str) {
        let key: String = contact
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '@')
            .flat_map(char::to_lowercase)
            .collect();
        if !key.is_empty() {
            let cap = self.fanout;
            push_capped(self.contacts.entry(key).or_default(), node, cap);
        }
    }

    pub fn co_applicants(&mut self, record_id: &str, a: u32, b: u32) {
        if a != b {
            self.co.push((record_id.to_string(), a, b));
        }
    }

    /// Applies the links and overrides. Returns, per node, its group root, plus the links
    /// used (by root) and notes on what was not used.
    pub fn resolve(&mut self, overrides: &Overrides) -> (Vec<u32>, Vec<(u32, Link)>, Vec<String>) {
        let mut notes = Vec::new();
        let mut uf = UnionFind::new(self.nodes.len());
        let mut links: Vec<(u32, u32, String)> = Vec::new();
        for name in &overrides.split {
            let k = NameTables::global().key(name).key;
            match self.by_key.get(&k) {
                Some(&n) => self.nodes[n as usize].split = true,
                None => notes.push(format!(
                    "override split {name:?}: no applicant has this name"
                )),
            }
        }
        let split = |n: u32, nodes: &[Node]| nodes[n as usize].split;
        for (id, a, b) in &self.co {
            if !split(*a, &self.nodes) && !split(*b, &self.nodes) {
                links.push((*a, *b, format!("co-applicants on {id}")));
            }
        }
        let mut shared = |map: &HashMap<String, Vec<u32>>, what: &str, notes: &mut Vec<String>| {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            for value in keys {
                let members = &map[value];
                if members.len() < 2 {
                    continue;
                }
                if members.len() > self.fanout {
                    notes.push(format!(
                        "{what} {value:?} is shared by more than {} names: not used to link them",
                        self.fanout
                    ));
                    continue;
                }
                let usable: Vec<u32> = members
                    .iter()
                    .copied()
                    .filter(|&n| !split(n, &self.nodes))
                    .collect();
                for w in usable.windows(2) {
                    links.push((w[0], w[1], format!("{what}: {value}")));
                }
            }
        };
        shared(&self.addresses, "same address", &mut notes);
        shared(&self.representatives, "same representative", &mut notes);
        shared(&self.contacts, "same contact", &mut notes);
        for (a, b) in &overrides.merge {
            let ka = NameTables::global().key(a).key;
            let kb = NameTables::global().key(b).key;
            match (self.by_key.get(&ka), self.by_key.get(&kb)) {
                (Some(&x), Some(&y)) => links.push((x, y, "merged by override".to_string())),
                _ => notes.push(format!(
                    "override merge {a:?} + {b:?}: no applicant has {}",
                    if self.by_key.contains_key(&ka) { b } else { a }
                )),
            }
        }
        let mut used = Vec::new();
        for (a, b, why) in links {
            if uf.union(a, b) {
                used.push((a, why, b));
            }
        }
        let roots: Vec<u32> = (0..self.nodes.len() as u32).map(|n| uf.find(n)).collect();
        let used = used
            .into_iter()
            .map(|(a, why, b)| {
                (
                    roots[a as usize],
                    Link {
                        a: self.nodes[a as usize].key.clone(),
                        b: self.nodes[b as usize].key.clone(),
                        why,
                    },
                )
            })
            .collect();
        (roots, used, notes)
    }
}

/// Union-find with path halving and union by size.
#[derive(Debug)]
struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = self.parent[x as usize];
        }
        x
    }

    /// Joins the sets of `a` and `b`; true if and only if they were apart.
    fn union(&mut self, a: u32, b: u32) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        let (big, small) = if self.size[ra as usize] >= self.size[rb as usize] {
            (ra, rb)
        } else {
            (rb, ra)
        };
        self.parent[small as usize] = big;
        self.size[big as usize] += self.size[small as usize];
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_tsv_and_json_agree() {
        let tsv = "# comment\nmerge\tA Co., Ltd.\t株式会社B\nsplit\tC\n";
        let json = r#"{"merge": [["A Co., Ltd.", "株式会社B"]], "split": ["C"]}"#;
        assert_eq!(
            Overrides::parse(tsv, "o.tsv").unwrap(),
            Overrides::parse(json, "o.json").unwrap()
        );
    }

    #[test]
    fn overrides_errors_name_file_line_field() {
        let e = Overrides::parse("split\tA\nmerge\tB\n", "o.tsv").unwrap_err();
        assert_eq!(
            e.message(),
            "o.tsv:2: field merge: expected `merge<TAB>name<TAB>name` with two non-empty names"
        );
        let e = Overrides::parse("join\tA\tB\n", "o.tsv").unwrap_err();
        assert!(e.message().starts_with("o.tsv:1: field op:"), "{e}");
    }
}
