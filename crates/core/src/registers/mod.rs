//! The built-in reference registers: geographical indications, regional collective marks,
//! place names of Japan and China down to municipality / county level, and well-known marks.
//!
//! The data are the TSV files of `data/registers/` (format contract in its README), embedded
//! with `include_str!` and parsed once per process by [`Registers::builtin`]. Each row becomes
//! a [`RegisterEntry`]: id, kind, country, every name form (Japanese, simplified and
//! traditional Chinese, romaji/pinyin, English), Nice classes, the grounds it supports, a
//! knownness from 0 (obscure) to 3 (famous in both countries), its source, and where a source
//! states them its owner (a GI's registered producer group, a well-known mark's company) and
//! its reference in the source list (`MAFF No. 82`, `Annex III`). The files are format
//! version [`FORMAT_VERSION`]; a file of another version is refused as unsupported.
//!
//! [`RegisterScreener::screen`] checks a filing against every entry and turns the matches
//! into findings with legal grounds and deadlines (what counts as a match: the rules of
//! [`RegisterScreener`]); [`Registers::coverage`] counts entries per register and kind.
//!
//! ```
//! use markwatch_core::registers::Registers;
//! let reg = Registers::builtin();
//! let kobe = reg.get("JPGI-kobe-beef").unwrap();
//! assert!(kobe.names().contains(&"神戸ビーフ"));
//! assert_eq!(kobe.country.code(), "JP");
//! assert!(reg.other_meaning("光明").is_some());
//! ```

mod screen;

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::Serialize;

pub use screen::{min_score, RegisterScreener, CONTAINED_FLOOR, MIN_CONTAINED_CHARS, ORIGIN_WORDS};

use crate::rules::{Rules, TargetKind};
use crate::{Error, NiceClass, Office, Result};

/// The embedded register files: (register name, file text), in the order they are reported.
pub const BUILTIN_FILES: [(&str, &str); 7] = [
    (
        "jp_gi",
        include_str!("../../../../data/registers/jp_gi.tsv"),
    ),
    (
        "jp_liquor_gi",
        include_str!("../../../../data/registers/jp_liquor_gi.tsv"),
    ),
    (
        "jp_collective",
        include_str!("../../../../data/registers/jp_collective.tsv"),
    ),
    (
        "jp_places",
        include_str!("../../../../data/registers/jp_places.tsv"),
    ),
    (
        "cn_places",
        include_str!("../../../../data/registers/cn_places.tsv"),
    ),
    (
        "cn_gi",
        include_str!("../../../../data/registers/cn_gi.tsv"),
    ),
    (
        "well_known",
        include_str!("../../../../data/registers/well_known.tsv"),
    ),
];

/// The embedded `other_meaning.tsv` (CN Art. 10(2) "another meaning" exception).
pub const OTHER_MEANING_TSV: &str = include_str!("../../../../data/registers/other_meaning.tsv");

/// The version of the register file format this crate reads (`v2` in line 1). Version 2
/// added the `owner` and `ref` columns; a file of another version is refused with
/// [`crate::ErrorKind::Unsupported`].
pub const FORMAT_VERSION: u32 = 2;

/// The version of `other_meaning.tsv` (`v1` in line 1).
pub const OTHER_MEANING_VERSION: u32 = 1;

/// The column names of a register file, in order (line 2).
pub const HEADER: [&str; 14] = [
    "id",
    "kind",
    "country",
    "ja",
    "zh_hans",
    "zh_hant",
    "latin",
    "en",
    "classes",
    "grounds",
    "knownness",
    "source",
    "owner",
    "ref",
];

/// Every `kind` a register row may carry.
pub const KINDS: [&str; 14] = [
    "gi",
    "liquor_gi",
    "collective",
    "prefecture",
    "municipality",
    "designated_city",
    "old_province",
    "famous_place",
    "cn_province",
    "cn_prefecture",
    "cn_county",
    "cn_gi",
    "eu_cn_gi",
    "well_known",
];

/// One protected name of a built-in register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisterEntry {
    /// Stable id (`JPGI-kobe-beef`, `CNCTY-110101`).
    pub id: String,
    /// The register (file name without `.tsv`): `jp_gi`, `cn_places`, `well_known` …
    pub register: String,
    /// The row's kind, one of [`KINDS`].
    pub kind: String,
    /// The country the name belongs to (`JP` or `CN`).
    pub country: Office,
    /// Japanese forms, main form first.
    pub ja: Vec<String>,
    /// Simplified Chinese forms.
    pub zh_hans: Vec<String>,
    /// Traditional Chinese forms.
    pub zh_hant: Vec<String>,
    /// Romaji or toneless pinyin, lower case.
    pub latin: Vec<String>,
    /// English forms.
    pub en: Vec<String>,
    /// Nice classes of the product; empty for place names (all goods).
    pub classes: Vec<NiceClass>,
    /// Ground codes the entry supports (codes of the rules' grounds table).
    pub grounds: Vec<String>,
    /// 0 (obscure) to 3 (famous in both countries).
    pub knownness: u8,
    /// Key of the register README's Sources table.
    pub source: String,
    /// Who holds or administers the name, where a source states it: the registered producer
    /// group of a Japanese GI, the holder of a collective mark, the company that owns a
    /// well-known mark (`株式会社良品計画 / Ryohin Keikaku Co., Ltd.`). `None` when the source
    /// names nobody (place names, most Chinese GIs).
    pub owner: Option<String>,
    /// The entry's reference in its source list, when it has one: a registration number
    /// (`MAFF No. 82`), the annex of the EU–China agreement (`Annex III`, `Annex V`), a year of
    /// designation. Serialized as `ref`.
    #[serde(rename = "ref")]
    pub reference: Option<String>,
}

impl RegisterEntry {
    /// Every name form, column by column (`ja`, `zh_hans`, `zh_hant`, `en`, `latin`), without
    /// repeats. The first is the main name.
    pub fn names(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for col in [
            &self.ja,
            &self.zh_hans,
            &self.zh_hant,
            &self.en,
            &self.latin,
        ] {
            for n in col {
                if !out.contains(&n.as_str()) {
                    out.push(n);
                }
            }
        }
        out
    }

    /// The main name: the first Japanese form for Japanese entries, the first simplified
    /// Chinese form for Chinese entries, else the first name of [`RegisterEntry::names`].
    pub fn main_name(&self) -> &str {
        let first = if self.country == Office::CN {
            self.zh_hans.first().or(self.ja.first())
        } else {
            self.ja.first().or(self.zh_hans.first())
        };
        first.map_or_else(|| self.names()[0], String::as_str)
    }

    /// True if and only if the entry is a place name (prefecture, municipality, old province,
    /// famous place, or a Chinese division).
    pub fn is_place(&self) -> bool {
        matches!(
            self.target_kind(),
            TargetKind::PlaceKnownAbroad | TargetKind::CnDivision
        )
    }

    /// The rules' target kind: [`TargetKind::from_register_kind`], except that a Chinese GI
    /// whose grounds include `JP-4-1-17` (a wine or spirit) is a [`TargetKind::LiquorGi`].
    pub fn target_kind(&self) -> TargetKind {
        let kind = TargetKind::from_register_kind(&self.kind).unwrap_or(TargetKind::Gi);
        if kind == TargetKind::Gi && self.grounds.iter().any(|g| g == "JP-4-1-17") {
            TargetKind::LiquorGi
        } else {
            kind
        }
    }
}

/// Entries of one register and kind, for [`Registers::coverage`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// The register (file name without `.tsv`).
    pub register: String,
    /// The kind.
    pub kind: String,
    /// Entries of that kind whose country is JP.
    pub jp: usize,
    /// Entries of that kind whose country is CN.
    pub cn: usize,
    /// All entries of that kind.
    pub entries: usize,
    /// Name forms of those entries (all columns, without repeats within an entry).
    pub names: usize,
}

/// The parsed registers and the "another meaning" list.
#[derive(Debug, Clone)]
pub struct Registers {
    entries: Vec<RegisterEntry>,
    by_id: HashMap<String, usize>,
    other_meaning: BTreeMap<String, String>,
}

impl Registers {
    /// The built-in registers (`data/registers/*.tsv`), parsed once per process.
    ///
    /// Panics only if the embedded files are invalid, which the crate's tests rule out.
    pub fn builtin() -> &'static Registers {
        static REGISTERS: OnceLock<Registers> = OnceLock::new();
        REGISTERS.get_or_init(|| {
            let files: Vec<(String, &str)> = BUILTIN_FILES
                .iter()
                .map(|(n, t)| (format!("data/registers/{n}.tsv"), *t))
                .collect();
            let named: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), *t)).collect();
            Registers::parse(
                &named,
                ("data/registers/other_meaning.tsv", OTHER_MEANING_TSV),
            )
            .unwrap_or_else(|e| panic!("built-in registers are invalid: {e}"))
        })
    }

    /// Parses register files given as (file name, text) and the other-meaning list. The
    /// register name is the file name's last path component without `.tsv`. Fails on the
    /// first bad line with a message naming the file, the 1-based line and the field; fails if
    /// an id repeats across files.
    pub fn parse(files: &[(&str, &str)], other_meaning: (&str, &str)) -> Result<Registers> {
        let mut entries = Vec::new();
        let mut by_id = HashMap::new();
        for (file, text) in files {
            for e in parse_register(file, text)? {
                if by_id.insert(e.id.clone(), entries.len()).is_some() {
                    return Err(Error::invalid(format!(
                        "{file}: field id: {:?} repeats an id of another register",
                        e.id
                    )));
                }
                entries.push(e);
            }
        }
        let other_meaning = parse_other_meaning(other_meaning.0, other_meaning.1)?;
        Ok(Registers {
            entries,
            by_id,
            other_meaning,
        })
    }

    /// Every entry, register by register in file order.
    pub fn entries(&self) -> &[RegisterEntry] {
        &self.entries
    }

    /// The entry with `id`, if any.
    pub fn get(&self, id: &str) -> Option<&RegisterEntry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// The reason `name` has another meaning (CN Art. 10(2) exception), if it is listed.
    pub fn other_meaning(&self, name: &str) -> Option<&str> {
        self.other_meaning.get(name).map(String::as_str)
    }

    /// The number of names in the other-meaning list.
    pub fn other_meaning_len(&self) -> usize {
        self.other_meaning.len()
    }

    /// Entry and name counts per register and kind, registers in file order, kinds in order
    /// of first appearance.
    pub fn coverage(&self) -> Vec<Coverage> {
        let mut out: Vec<Coverage> = Vec::new();
        for e in &self.entries {
            let i = match out
                .iter()
                .position(|c| c.register == e.register && c.kind == e.kind)
            {
                Some(i) => i,
                None => {
                    out.push(Coverage {
                        register: e.register.clone(),
                        kind: e.kind.clone(),
                        jp: 0,
                        cn: 0,
                        entries: 0,
                        names: 0,
                    });
                    out.len() - 1
                }
            };
            let c = &mut out[i];
            c.entries += 1;
            c.names += e.names().len();
            match e.country {
                Office::JP => c.jp += 1,
                Office::CN => c.cn += 1,
                _ => {}
            }
        }
        out
    }
}

fn register_name(file: &str) -> &str {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    base.strip_suffix(".tsv").unwrap_or(base)
}

/// Checks line 1, `# markwatch-register <name> v<version>; …`.
fn check_title(file: &str, name: &str, version: u32, line: Option<&str>) -> Result<()> {
    let want = format!("# markwatch-register {name} v{version};");
    match line {
        Some(l) if l.starts_with(&want) => Ok(()),
        Some(l) if l.starts_with("# markwatch-register ") => Err(Error::new(
            crate::ErrorKind::Unsupported,
            format!(
                "{file}:1: field title: expected {want:?} (register name and version {version}), got {l:?}"
            ),
        )),
        _ => Err(Error::invalid(format!(
            "{file}:1: field title: expected a line starting with {want:?}"
        ))),
    }
}

/// Parses one register file (format version [`FORMAT_VERSION`], described in
/// `data/registers/README.md`); `file` names it in errors and gives the register name. A file
/// of another format version fails with [`crate::ErrorKind::Unsupported`]; any other fault
/// with [`crate::ErrorKind::InvalidInput`] and a message naming the file, line and field.
pub fn parse_register(file: &str, text: &str) -> Result<Vec<RegisterEntry>> {
    let name = register_name(file);
    let mut lines = text.lines();
    check_title(file, name, FORMAT_VERSION, lines.next())?;
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    if header != HEADER {
        return Err(Error::invalid(format!(
            "{file}:2: field header: expected the columns {}",
            HEADER.join(" ")
        )));
    }
    let known_codes: Vec<&str> = Rules::builtin().codes().collect();
    let mut out: Vec<RegisterEntry> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, line) in lines.enumerate() {
        let lineno = i + 3;
        if line.trim().is_empty() {
            continue;
        }
        let bad = |field: &str, msg: String| {
            Error::invalid(format!("{file}:{lineno}: field {field}: {msg}"))
        };
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != HEADER.len() {
            return Err(bad(
                "columns",
                format!(
                    "expected {} tab-separated columns, got {}",
                    HEADER.len(),
                    cols.len()
                ),
            ));
        }
        let id = cols[0].trim();
        if id.is_empty() {
            return Err(bad("id", "empty".into()));
        }
        if let Some(first) = seen.insert(id.to_string(), lineno) {
            return Err(bad("id", format!("{id:?} repeats line {first}")));
        }
        let kind = cols[1].trim();
        if !KINDS.contains(&kind) {
            return Err(bad(
                "kind",
                format!(
                    "unknown kind {kind:?} (expected one of {})",
                    KINDS.join(", ")
                ),
            ));
        }
        let country = match cols[2].trim() {
            "JP" => Office::JP,
            "CN" => Office::CN,
            c => return Err(bad("country", format!("{c:?} is not JP or CN"))),
        };
        let forms = |s: &str| -> Vec<String> {
            s.split('|')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string)
                .collect()
        };
        let mut classes = Vec::new();
        for c in cols[8].split(';').map(str::trim).filter(|c| !c.is_empty()) {
            classes.push(c.parse::<NiceClass>().map_err(|e| bad("classes", e))?);
        }
        let mut grounds = Vec::new();
        for g in cols[9].split(';').map(str::trim).filter(|g| !g.is_empty()) {
            if !known_codes.contains(&g) {
                return Err(bad("grounds", format!("unknown ground code {g:?}")));
            }
            grounds.push(g.to_string());
        }
        let knownness = match cols[10].trim().parse::<u8>() {
            Ok(k) if k <= 3 => k,
            _ => {
                return Err(bad(
                    "knownness",
                    format!("{:?} is not 0, 1, 2 or 3", cols[10]),
                ))
            }
        };
        let source = cols[11].trim();
        if source.is_empty() {
            return Err(bad("source", "empty".into()));
        }
        let optional = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let e = RegisterEntry {
            id: id.to_string(),
            register: name.to_string(),
            kind: kind.to_string(),
            country,
            ja: forms(cols[3]),
            zh_hans: forms(cols[4]),
            zh_hant: forms(cols[5]),
            latin: forms(cols[6]),
            en: forms(cols[7]),
            classes,
            grounds,
            knownness,
            source: source.to_string(),
            owner: optional(cols[12]),
            reference: optional(cols[13]),
        };
        if e.names().is_empty() {
            return Err(bad("ja", "the row has no name in any name column".into()));
        }
        out.push(e);
    }
    Ok(out)
}

/// Parses `other_meaning.tsv`: title line, header `name reason`, then `name<TAB>reason`.
fn parse_other_meaning(file: &str, text: &str) -> Result<BTreeMap<String, String>> {
    let mut lines = text.lines();
    check_title(file, "other_meaning", OTHER_MEANING_VERSION, lines.next())?;
    if lines.next().map(|l| l.split('\t').collect::<Vec<_>>()) != Some(vec!["name", "reason"]) {
        return Err(Error::invalid(format!(
            "{file}:2: field header: expected the columns name reason"
        )));
    }
    let mut out = BTreeMap::new();
    for (i, line) in lines.enumerate() {
        let lineno = i + 3;
        if line.trim().is_empty() {
            continue;
        }
        let Some((name, reason)) = line.split_once('\t') else {
            return Err(Error::invalid(format!(
                "{file}:{lineno}: field reason: expected name<TAB>reason"
            )));
        };
        if name.trim().is_empty() {
            return Err(Error::invalid(format!(
                "{file}:{lineno}: field name: empty"
            )));
        }
        out.insert(name.trim().to_string(), reason.trim().to_string());
    }
    Ok(out)
}
