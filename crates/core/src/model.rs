//! The trademark record: what every reader produces, the store keeps and the engine matches.
//!
//! Serde round-trips every type here; the JSON shape is the JSONL reader's full schema
//! (documented in the README). Optional fields are omitted when empty.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The format version of [`Record`] as serialized in the store and in JSONL output.
pub const RECORD_FORMAT_VERSION: u32 = 1;

/// An office that examines or registers trademarks, by its WIPO ST.3 two-letter code.
///
/// The named variants are the offices markwatch knows by name; any other well-formed
/// two-letter code is kept as [`Office::Other`]. Serialized as the code (`"CN"`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Office {
    /// China National Intellectual Property Administration.
    CN,
    /// Japan Patent Office.
    JP,
    /// WIPO (international registrations under the Madrid system).
    WO,
    /// EUIPO.
    EM,
    /// USPTO.
    US,
    /// KIPO (Korea).
    KR,
    /// TIPO (Taiwan).
    TW,
    /// Hong Kong IPD.
    HK,
    /// Any other ST.3 code, upper-case, two letters.
    Other(String),
}

impl Office {
    /// The ST.3 code.
    pub fn code(&self) -> &str {
        match self {
            Office::CN => "CN",
            Office::JP => "JP",
            Office::WO => "WO",
            Office::EM => "EM",
            Office::US => "US",
            Office::KR => "KR",
            Office::TW => "TW",
            Office::HK => "HK",
            Office::Other(code) => code,
        }
    }

    /// The language the office's public reads marks in, where markwatch knows it: Japanese at
    /// JP, Chinese at CN, TW, HK and MO; `None` elsewhere.
    pub fn language(&self) -> Option<Language> {
        Language::of_code(self.code())
    }
}

/// A language whose readings markwatch derives (kana and romaji, pinyin).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// Read in kana, spelled in romaji.
    Japanese,
    /// Read in Chinese, spelled in (Mandarin) pinyin.
    Chinese,
}

impl Language {
    /// The language of an office or country by its two-letter code (case-insensitive): `JP`
    /// Japanese; `CN`, `TW`, `HK`, `MO` Chinese; any other code `None`.
    pub fn of_code(code: &str) -> Option<Language> {
        match code.trim().to_ascii_uppercase().as_str() {
            "JP" => Some(Language::Japanese),
            "CN" | "TW" | "HK" | "MO" => Some(Language::Chinese),
            _ => None,
        }
    }
}

impl fmt::Display for Office {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Office {
    type Err = String;

    /// Parses a two-letter code, case-insensitively. `EU` is read as `EM` (EUIPO's ST.3 code).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let code = s.trim().to_ascii_uppercase();
        Ok(match code.as_str() {
            "CN" => Office::CN,
            "JP" => Office::JP,
            "WO" | "IB" => Office::WO,
            "EM" | "EU" => Office::EM,
            "US" => Office::US,
            "KR" => Office::KR,
            "TW" => Office::TW,
            "HK" => Office::HK,
            _ if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) => {
                Office::Other(code)
            }
            _ => {
                return Err(format!(
                    "unknown office code {s:?} (expected two letters, e.g. CN, JP)"
                ))
            }
        })
    }
}

impl Serialize for Office {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Office {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// What the mark consists of. Only marks with a verbal element are matched on text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// Standard characters / word mark. The default when a source does not say.
    #[default]
    Word,
    /// A figurative (device) mark that contains text.
    FigurativeWithText,
    /// A purely figurative mark.
    Figurative,
    /// A three-dimensional mark.
    ThreeD,
    /// A sound mark.
    Sound,
    /// Anything else (colour, position, motion, hologram…).
    Other,
}

impl MarkKind {
    /// All kinds, in declaration order.
    pub const ALL: [MarkKind; 6] = [
        MarkKind::Word,
        MarkKind::FigurativeWithText,
        MarkKind::Figurative,
        MarkKind::ThreeD,
        MarkKind::Sound,
        MarkKind::Other,
    ];

    /// The snake_case name used in JSON, CSV and the store.
    pub fn as_str(self) -> &'static str {
        match self {
            MarkKind::Word => "word",
            MarkKind::FigurativeWithText => "figurative_with_text",
            MarkKind::Figurative => "figurative",
            MarkKind::ThreeD => "three_d",
            MarkKind::Sound => "sound",
            MarkKind::Other => "other",
        }
    }
}

impl FromStr for MarkKind {
    type Err = String;

    /// Parses the snake_case name, plus the common synonyms found in office data
    /// (`standard characters`, `combined`, `device`, `3d`, `three-dimensional`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let k = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Ok(match k.as_str() {
            "word" | "standard_characters" | "verbal" | "character" => MarkKind::Word,
            "figurative_with_text" | "combined" | "stylized" | "stylised" | "figurative_text" => {
                MarkKind::FigurativeWithText
            }
            "figurative" | "device" | "image" => MarkKind::Figurative,
            "three_d" | "3d" | "three_dimensional" | "3_d" => MarkKind::ThreeD,
            "sound" => MarkKind::Sound,
            "other" | "colour" | "color" | "position" | "motion" | "hologram" => MarkKind::Other,
            _ => return Err(format!("unknown mark kind {s:?}")),
        })
    }
}

/// Where a record stands in its office's procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Filed, not yet published. The default when a source does not say.
    #[default]
    Filed,
    /// Published for opposition (CN: preliminarily approved).
    Published,
    /// Registered.
    Registered,
    /// Under opposition.
    Opposed,
    /// Refused.
    Refused,
    /// Withdrawn or abandoned.
    Withdrawn,
    /// Invalidated or cancelled.
    Invalidated,
    /// Expired.
    Expired,
}

impl Status {
    /// All statuses, in procedural order.
    pub const ALL: [Status; 8] = [
        Status::Filed,
        Status::Published,
        Status::Registered,
        Status::Opposed,
        Status::Refused,
        Status::Withdrawn,
        Status::Invalidated,
        Status::Expired,
    ];

    /// The snake_case name used in JSON, CSV and the store.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Filed => "filed",
            Status::Published => "published",
            Status::Registered => "registered",
            Status::Opposed => "opposed",
            Status::Refused => "refused",
            Status::Withdrawn => "withdrawn",
            Status::Invalidated => "invalidated",
            Status::Expired => "expired",
        }
    }
}

impl FromStr for Status {
    type Err = String;

    /// Parses the snake_case name and common office wordings (`application filed`,
    /// `preliminary approval`, `abandoned`, `cancelled`, `lapsed` …).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let k = s.trim().to_ascii_lowercase().replace(['-', '_'], " ");
        Ok(match k.as_str() {
            "filed" | "application filed" | "pending" | "examination" | "under examination" => {
                Status::Filed
            }
            "published"
            | "preliminary approval"
            | "preliminarily approved"
            | "application published"
            | "published for opposition" => Status::Published,
            "registered" | "registration published" | "live" => Status::Registered,
            "opposed" | "opposition pending" | "under opposition" => Status::Opposed,
            "refused" | "rejected" => Status::Refused,
            "withdrawn" | "abandoned" => Status::Withdrawn,
            "invalidated" | "cancelled" | "canceled" | "revoked" => Status::Invalidated,
            "expired" | "lapsed" | "ended" => Status::Expired,
            _ => return Err(format!("unknown status {s:?}")),
        })
    }
}

/// An applicant, holder or representative.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Party {
    /// The name as written in the source.
    pub name: String,
    /// ST.3 country code of nationality or residence, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The postal address as one line, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

impl Party {
    /// A party with just a name.
    pub fn named(name: impl Into<String>) -> Party {
        Party {
            name: name.into(),
            country: None,
            address: None,
        }
    }
}

/// A Nice class with the goods or services designated in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GoodsClass {
    /// The Nice class, 1 to 45 inclusive (checked by [`NiceClass::new`]).
    pub class: NiceClass,
    /// The goods/services text as designated, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods: Option<String>,
    /// Japanese similar-group codes (類似群コード, e.g. `32F01`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub jp_groups: Vec<String>,
    /// Chinese similar groups (类似群, e.g. `3001`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cn_groups: Vec<String>,
}

impl GoodsClass {
    /// A class with no goods text and no group codes.
    pub fn bare(class: NiceClass) -> GoodsClass {
        GoodsClass {
            class,
            goods: None,
            jp_groups: Vec::new(),
            cn_groups: Vec::new(),
        }
    }
}

/// A Nice class number, 1 to 45 inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct NiceClass(u8);

impl NiceClass {
    /// Returns the class if and only if `n` is in 1..=45.
    pub fn new(n: u32) -> Result<NiceClass, String> {
        if (1..=45).contains(&n) {
            Ok(NiceClass(n as u8))
        } else {
            Err(format!("unknown Nice class {n} (expected 1 to 45)"))
        }
    }

    /// The class number.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl FromStr for NiceClass {
    type Err = String;

    /// Parses `30`, `030` or `Class 30`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let t = t
            .strip_prefix("Class")
            .or_else(|| t.strip_prefix("class"))
            .unwrap_or(t)
            .trim();
        let n: u32 = t.parse().map_err(|_| format!("unknown Nice class {s:?}"))?;
        NiceClass::new(n)
    }
}

impl<'de> Deserialize<'de> for NiceClass {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            N(u64),
            S(String),
        }
        match Raw::deserialize(d)? {
            Raw::N(n) => NiceClass::new(u32::try_from(n).unwrap_or(u32::MAX)),
            Raw::S(s) => s.parse(),
        }
        .map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for NiceClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The dates on a record. All optional: sources differ in what they carry.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Dates {
    /// Application (filing) date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filing: Option<NaiveDate>,
    /// Earliest priority date claimed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<NaiveDate>,
    /// Publication of the application for opposition (CN: preliminary approval).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<NaiveDate>,
    /// Registration date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<NaiveDate>,
    /// Issue date of the gazette that published the registration (JP: 商標公報 issue date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gazette: Option<NaiveDate>,
}

/// Where a record was read from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Source {
    /// The file path as given on the command line.
    pub file: String,
    /// 1-based line of the record's start, for line formats (JSONL, CSV) and XML.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// 1-based index of the record within its file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(record) = self.record {
            write!(f, " (record {record})")?;
        }
        Ok(())
    }
}

/// One trademark application or registration.
///
/// `id` is unique across offices. Readers of office formats (ST.66, ST.96) build it as
/// `OFFICE:number` (`CN:61234567`, `JP:2024-012345`); JSONL and CSV ids are kept as given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Office-scoped identifier, unique in a store.
    pub id: String,
    /// The office the record belongs to.
    pub office: Office,
    /// The mark's verbal element, verbatim (may be empty only for non-verbal kinds).
    pub mark: String,
    /// Office-supplied transliteration of the mark, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transliteration: Option<String>,
    /// Office-supplied translation of the mark, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation: Option<String>,
    /// What the mark consists of.
    #[serde(default)]
    pub kind: MarkKind,
    /// Applicants or holders, in source order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applicants: Vec<Party>,
    /// The representative or agent, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<Party>,
    /// Nice classes with their goods/services, in ascending class order, one entry per class.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<GoodsClass>,
    /// The record's dates.
    #[serde(default)]
    pub dates: Dates,
    /// Procedural status.
    #[serde(default)]
    pub status: Status,
    /// Where the record was read from (not part of its identity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

impl Record {
    /// A word mark with the given id, office and text, and nothing else.
    pub fn new(id: impl Into<String>, office: Office, mark: impl Into<String>) -> Record {
        Record {
            id: id.into(),
            office,
            mark: mark.into(),
            transliteration: None,
            translation: None,
            kind: MarkKind::Word,
            applicants: Vec::new(),
            representative: None,
            classes: Vec::new(),
            dates: Dates::default(),
            status: Status::Filed,
            source: None,
        }
    }

    /// The Nice class numbers designated, ascending.
    pub fn class_numbers(&self) -> impl Iterator<Item = NiceClass> + '_ {
        self.classes.iter().map(|c| c.class)
    }

    /// Sorts classes ascending and merges duplicate entries for one class
    /// (goods texts joined with `; `, group codes unioned). Readers call this before yielding.
    pub fn normalize_classes(&mut self) {
        self.classes.sort_by_key(|c| c.class);
        let mut merged: Vec<GoodsClass> = Vec::with_capacity(self.classes.len());
        for c in self.classes.drain(..) {
            match merged.last_mut() {
                Some(last) if last.class == c.class => {
                    last.goods = match (last.goods.take(), c.goods) {
                        (Some(a), Some(b)) if a != b => Some(format!("{a}; {b}")),
                        (a, b) => a.or(b),
                    };
                    for g in c.jp_groups {
                        if !last.jp_groups.contains(&g) {
                            last.jp_groups.push(g);
                        }
                    }
                    for g in c.cn_groups {
                        if !last.cn_groups.contains(&g) {
                            last.cn_groups.push(g);
                        }
                    }
                }
                _ => merged.push(c),
            }
        }
        self.classes = merged;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offices_and_countries_name_their_language() {
        let cases: &[(&str, Option<Language>)] = &[
            ("JP", Some(Language::Japanese)),
            ("jp", Some(Language::Japanese)),
            ("CN", Some(Language::Chinese)),
            ("TW", Some(Language::Chinese)),
            ("HK", Some(Language::Chinese)),
            ("MO", Some(Language::Chinese)),
            ("KR", None),
            ("WO", None),
            ("", None),
        ];
        for &(code, want) in cases {
            assert_eq!(Language::of_code(code), want, "{code:?}");
        }
        assert_eq!(Office::TW.language(), Some(Language::Chinese));
        assert_eq!(Office::US.language(), None);
    }

    #[test]
    fn office_codes_parse_and_print() {
        for (input, code) in [
            ("cn", "CN"),
            ("JP", "JP"),
            ("EU", "EM"),
            ("IB", "WO"),
            ("de", "DE"),
        ] {
            assert_eq!(input.parse::<Office>().unwrap().code(), code);
        }
        assert!("China".parse::<Office>().is_err());
        assert!("C1".parse::<Office>().is_err());
    }

    #[test]
    fn nice_class_bounds() {
        assert!(NiceClass::new(0).is_err());
        assert_eq!(NiceClass::new(45).unwrap().get(), 45);
        assert!(NiceClass::new(46).is_err());
        assert_eq!("Class 030".parse::<NiceClass>().unwrap().get(), 30);
        let c: NiceClass = serde_json::from_str("\"9\"").unwrap();
        assert_eq!(c.get(), 9);
        assert!(serde_json::from_str::<NiceClass>("99").is_err());
    }

    #[test]
    fn record_round_trips_through_json() {
        let mut r = Record::new("CN:61234567", Office::CN, "无印良品");
        r.transliteration = Some("wu yin liang pin".into());
        r.kind = MarkKind::FigurativeWithText;
        r.applicants.push(Party {
            name: "Example Trading Co., Ltd.".into(),
            country: Some("CN".into()),
            address: Some("1 Example Road, Hainan".into()),
        });
        r.representative = Some(Party::named("Example IP Agency"));
        r.classes.push(GoodsClass {
            class: NiceClass::new(24).unwrap(),
            goods: Some("towels".into()),
            jp_groups: vec!["17A01".into()],
            cn_groups: vec!["2403".into()],
        });
        r.dates.filing = NaiveDate::from_ymd_opt(2024, 11, 30);
        r.status = Status::Published;
        r.source = Some(Source {
            file: "a.jsonl".into(),
            line: Some(3),
            record: Some(3),
        });
        let json = serde_json::to_string(&r).unwrap();
        let back: Record = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn normalize_classes_merges_duplicates() {
        let mut r = Record::new("X", Office::JP, "A");
        let c = |n, g: &str| GoodsClass {
            class: NiceClass::new(n).unwrap(),
            goods: Some(g.into()),
            jp_groups: vec![],
            cn_groups: vec![],
        };
        r.classes = vec![c(30, "tea"), c(29, "beef"), c(30, "rice")];
        r.normalize_classes();
        let got: Vec<_> = r
            .classes
            .iter()
            .map(|c| (c.class.get(), c.goods.clone().unwrap()))
            .collect();
        assert_eq!(
            got,
            vec![(29, "beef".to_string()), (30, "tea; rice".to_string())]
        );
    }

    #[test]
    fn kind_and_status_names_round_trip() {
        for k in MarkKind::ALL {
            assert_eq!(k.as_str().parse::<MarkKind>().unwrap(), k);
        }
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>().unwrap(), s);
        }
    }
}
