//! Legal grounds and deadlines: from a match to the provisions an examiner can act on.
//!
//! Two tables, embedded from `data/rules/`, hold the law; this code only reads them, so a
//! change in the law is an edit of a table:
//!
//! - `grounds.tsv`: one row per version of a ground (`CN-13`, `JP-4-1-11` …) with its article,
//!   summary, who may act, the filing dates it applies to, and its time limit (format:
//!   [`table`]). The **filing date** picks the
//!   version in force: a CN filing before 2019-11-01 has no `CN-4` (the bad-faith sentence of
//!   Art. 4 came with the 2019 amendment); a JP filing from 2024-04-01 carries the consent
//!   note on `JP-4-1-11`.
//! - `mapping.tsv`: which facts raise which ground, as rows of conditions (target kind, goods
//!   relation, flags such as `registered_here` or `bad_faith>=0.7`). Data rather than code
//!   because each rule is one short line of conditions; the few conditions are a closed
//!   vocabulary (format and conditions: [`mapping`]).
//!
//! [`Rules::evaluate`] takes a pure description of a match, [`MatchFacts`], and returns
//! [`GroundFinding`]s in table order, each with a one-line reason built from the facts.
//! [`deadlines::deadlines`] turns the grounds and a record's dates into [`Deadline`]s with an
//! injected [`Clock`](crate::Clock).
//!
//! ```
//! use markwatch_core::rules::{GoodsRelation, MatchFacts, Rules, TargetKind};
//! use markwatch_core::Office;
//! let rules = Rules::builtin();
//! let mut facts = MatchFacts::new(Office::CN, TargetKind::Gi);
//! facts.target_name = "宮崎牛".into();
//! facts.target_country = Some(Office::JP);
//! facts.goods_relation = GoodsRelation::Strong;
//! facts.filing_date = chrono::NaiveDate::from_ymd_opt(2025, 3, 1);
//! let codes: Vec<_> = rules.evaluate(&facts).into_iter().map(|g| g.code).collect();
//! assert_eq!(codes, ["CN-10-1-7", "CN-16"]);
//! ```
//!
//! Not a legal opinion: the findings say which provisions are worth examining, not that they
//! succeed.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{NiceClass, Office, Record, Result, Status};

pub mod deadlines;
pub mod mapping;
pub mod table;

pub use deadlines::{
    deadlines, period_end, sort_by_urgency, Action, Deadline, DeadlineState, Urgency, HOLIDAY_NOTE,
};
pub use table::{Ground, InvalidationLimit, PostAction};

/// The built-in grounds table.
pub const GROUNDS_TSV: &str = include_str!("../../../../data/rules/grounds.tsv");
/// The built-in mapping table.
pub const MAPPING_TSV: &str = include_str!("../../../../data/rules/mapping.tsv");

/// What was matched: the kind of protected name the filing resembles.
///
/// Serialized in snake_case (`well_known`, `place_known_abroad`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// An ordinary brand (a watch-list entry), registration status given separately.
    Brand,
    /// A well-known mark.
    WellKnown,
    /// A geographical indication of goods other than wines and spirits (or of unknown goods).
    Gi,
    /// A geographical indication of wines or spirits (JP NTA liquor GIs, WTO members' GIs).
    LiquorGi,
    /// A regional collective mark (JP 地域団体商標) or a GI collective/certification mark.
    Collective,
    /// A place name known to the public, of a country other than, or the same as, the filing
    /// office (the mapping tells them apart with `foreign`/`domestic`).
    PlaceKnownAbroad,
    /// A Chinese administrative division at or above county level.
    CnDivision,
    /// An earlier mark on the filing office's register.
    RegisteredMark,
    /// A name of public interest: a well-known person's name, a public institution or event.
    PublicName,
}

impl TargetKind {
    /// All kinds, in declaration order.
    pub const ALL: [TargetKind; 9] = [
        TargetKind::Brand,
        TargetKind::WellKnown,
        TargetKind::Gi,
        TargetKind::LiquorGi,
        TargetKind::Collective,
        TargetKind::PlaceKnownAbroad,
        TargetKind::CnDivision,
        TargetKind::RegisteredMark,
        TargetKind::PublicName,
    ];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Brand => "brand",
            TargetKind::WellKnown => "well_known",
            TargetKind::Gi => "gi",
            TargetKind::LiquorGi => "liquor_gi",
            TargetKind::Collective => "collective",
            TargetKind::PlaceKnownAbroad => "place_known_abroad",
            TargetKind::CnDivision => "cn_division",
            TargetKind::RegisteredMark => "registered_mark",
            TargetKind::PublicName => "public_name",
        }
    }

    /// A short English description, for reasons when the target has no name.
    pub fn describe(self) -> &'static str {
        match self {
            TargetKind::Brand => "brand",
            TargetKind::WellKnown => "well-known mark",
            TargetKind::Gi => "geographical indication",
            TargetKind::LiquorGi => "liquor geographical indication",
            TargetKind::Collective => "collective mark",
            TargetKind::PlaceKnownAbroad => "place name",
            TargetKind::CnDivision => "Chinese administrative division",
            TargetKind::RegisteredMark => "earlier registered mark",
            TargetKind::PublicName => "public name",
        }
    }

    /// The target kind of a reference-register or watch-list kind (`data/registers` `kind`
    /// column; watch-list `brand`, `gi`, `place`), or `None` for an unknown kind. Japanese
    /// places map to [`TargetKind::PlaceKnownAbroad`]; Chinese GIs, including the EU–China
    /// agreement's, to [`TargetKind::Gi`] (a caller that knows the goods are wines or spirits
    /// uses [`TargetKind::LiquorGi`]).
    pub fn from_register_kind(kind: &str) -> Option<TargetKind> {
        Some(match kind.trim() {
            "brand" => TargetKind::Brand,
            "well_known" => TargetKind::WellKnown,
            "gi" | "cn_gi" | "eu_cn_gi" => TargetKind::Gi,
            "liquor_gi" => TargetKind::LiquorGi,
            "collective" => TargetKind::Collective,
            "place" | "prefecture" | "municipality" | "designated_city" | "old_province"
            | "famous_place" => TargetKind::PlaceKnownAbroad,
            "cn_province" | "cn_prefecture" | "cn_county" => TargetKind::CnDivision,
            "registered_mark" => TargetKind::RegisteredMark,
            "public_name" => TargetKind::PublicName,
            _ => return None,
        })
    }
}

impl fmt::Display for TargetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TargetKind {
    type Err = String;

    /// Parses the snake_case name.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TargetKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| {
                format!(
                    "unknown target kind {s:?} (expected one of {})",
                    TargetKind::ALL.map(|k| k.as_str()).join(", ")
                )
            })
    }
}

/// How the filing's goods relate to the target's, as the screener judged them.
///
/// The same scale as the screener's goods relation, kept here so that this module does not
/// depend on the scoring code; convert by name (`as_str` / `parse`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoodsRelation {
    /// Same goods (same similar group).
    Strong,
    /// Similar or related goods (complementary, same trade channels).
    Medium,
    /// Dissimilar goods.
    Weak,
    /// One side covers all goods (a place name without classes).
    All,
}

impl GoodsRelation {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            GoodsRelation::Strong => "strong",
            GoodsRelation::Medium => "medium",
            GoodsRelation::Weak => "weak",
            GoodsRelation::All => "all",
        }
    }
}

impl FromStr for GoodsRelation {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim() {
            "strong" => GoodsRelation::Strong,
            "medium" => GoodsRelation::Medium,
            "weak" => GoodsRelation::Weak,
            "all" => GoodsRelation::All,
            _ => {
                return Err(format!(
                    "unknown goods relation {s:?} (expected strong, medium, weak or all)"
                ))
            }
        })
    }
}

/// A pure description of one match between a filing and a protected target: everything the
/// rules look at, nothing they would have to look up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchFacts {
    /// The office where the filing was made; only grounds of that office are raised.
    pub filing_office: Office,
    /// The filing (application) date; picks the version of each ground. With no date, the
    /// current versions apply and each reason says so.
    pub filing_date: Option<NaiveDate>,
    /// The filing's procedural status (`registered` enables CN-44).
    pub filing_status: Status,
    /// The Nice classes the filing designates.
    pub filing_classes: Vec<NiceClass>,
    /// True if the filing covers wines or spirits (class 33 goods other than beer-like drinks).
    pub wine_or_spirits: bool,
    /// The target's main name, for reasons (may be empty).
    pub target_name: String,
    /// What the target is.
    pub target_kind: TargetKind,
    /// The target's country (ST.3 code as an [`Office`]), when known.
    pub target_country: Option<Office>,
    /// Whether the target is registered in the filing office: `Some` when known; `None`
    /// falls back to [`MatchFacts::target_registered_here`]'s defaults.
    pub target_registered_in_filing_office: Option<bool>,
    /// How the goods relate.
    pub goods_relation: GoodsRelation,
    /// The similarity score, in [0, 1].
    pub score: f32,
    /// True if the marks are identical after folding.
    pub is_identical: bool,
    /// True if the applicant is a trademark agency (watch list or agency register).
    pub applicant_is_agency: bool,
    /// True if the applicant is an agent, representative or distributor of the target's owner
    /// (e.g. listed among the owner's distributors in the watch list).
    pub applicant_is_agent_of_owner: bool,
    /// The applicant's bad-faith score in [0, 1], when assessed.
    pub applicant_bad_faith_score: Option<f32>,
}

impl MatchFacts {
    /// Facts with the given office and target kind and neutral defaults: no dates, status
    /// `filed`, no classes, goods `strong`, score 1.0, not identical, no agency or agent
    /// relationship, no bad-faith score, registration of the target unknown.
    pub fn new(filing_office: Office, target_kind: TargetKind) -> MatchFacts {
        MatchFacts {
            filing_office,
            filing_date: None,
            filing_status: Status::Filed,
            filing_classes: Vec::new(),
            wine_or_spirits: false,
            target_name: String::new(),
            target_kind,
            target_country: None,
            target_registered_in_filing_office: None,
            goods_relation: GoodsRelation::Strong,
            score: 1.0,
            is_identical: false,
            applicant_is_agency: false,
            applicant_is_agent_of_owner: false,
            applicant_bad_faith_score: None,
        }
    }

    /// Facts for `filing` against a target of `target_kind`: office, filing date, status and
    /// classes from the record, `wine_or_spirits` true if and only if class 33 is designated
    /// (an approximation: class 33 is every alcoholic drink but beer, so a caller that reads
    /// the goods text may narrow it, e.g. for sake); the rest as in [`MatchFacts::new`].
    pub fn for_filing(filing: &Record, target_kind: TargetKind) -> MatchFacts {
        let mut f = MatchFacts::new(filing.office.clone(), target_kind);
        f.filing_date = filing.dates.filing;
        f.filing_status = filing.status;
        f.filing_classes = filing.class_numbers().collect();
        f.wine_or_spirits = f.filing_classes.iter().any(|c| c.get() == 33);
        f
    }

    /// True if and only if the target counts as registered in the filing office: the explicit
    /// [`MatchFacts::target_registered_in_filing_office`] when given; otherwise true for a
    /// [`TargetKind::RegisteredMark`] and for a [`TargetKind::Collective`] of the filing
    /// office's own country (regional collective marks are registrations), false for the rest
    /// (so a well-known mark of unknown status gets the narrower, same-goods protection).
    pub fn target_registered_here(&self) -> bool {
        match self.target_registered_in_filing_office {
            Some(b) => b,
            None => match self.target_kind {
                TargetKind::RegisteredMark => true,
                TargetKind::Collective => self.target_country.as_ref() == Some(&self.filing_office),
                _ => false,
            },
        }
    }
}

/// One legal ground raised by a match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroundFinding {
    /// The ground code (`CN-16`).
    pub code: String,
    /// The office whose law it is.
    pub office: Office,
    /// The article as cited (`Art. 16`).
    pub article: String,
    /// One-line summary of the provision.
    pub summary: String,
    /// Who may act, and until when.
    pub who_may_act: String,
    /// Why this match raises the ground, from the facts (one line).
    pub why: String,
    /// The version of the ground applied (see the grounds table).
    pub version: u32,
    /// True if and only if the ground can be raised in an opposition.
    pub opposition: bool,
    /// The remedy after registration.
    pub post_action: PostAction,
    /// The article setting the time limit of that remedy.
    pub post_basis: String,
    /// The time limit of that remedy, from registration.
    pub invalidation_limit: InvalidationLimit,
    /// The version's note (e.g. JP's consent exception from 2024-04-01), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The rules engine: a grounds table and a mapping table, validated against each other.
#[derive(Debug, Clone)]
pub struct Rules {
    grounds: table::GroundTable,
    mapping: Vec<mapping::Rule>,
}

impl Rules {
    /// The built-in rules (`data/rules/*.tsv`), parsed once per process.
    ///
    /// Panics only if the embedded tables are invalid, which the crate's tests rule out.
    pub fn builtin() -> &'static Rules {
        static RULES: OnceLock<Rules> = OnceLock::new();
        RULES.get_or_init(|| {
            Rules::from_named_tsv(
                GROUNDS_TSV,
                "data/rules/grounds.tsv",
                MAPPING_TSV,
                "data/rules/mapping.tsv",
            )
            .unwrap_or_else(|e| panic!("built-in rules tables are invalid: {e}"))
        })
    }

    /// Rules from the text of a grounds table and a mapping table (formats in the module
    /// docs). Errors name the table, line and field.
    pub fn from_tsv(grounds_tsv: &str, mapping_tsv: &str) -> Result<Rules> {
        Rules::from_named_tsv(grounds_tsv, "grounds table", mapping_tsv, "mapping table")
    }

    fn from_named_tsv(
        grounds_tsv: &str,
        grounds_name: &str,
        mapping_tsv: &str,
        mapping_name: &str,
    ) -> Result<Rules> {
        let grounds = table::parse_grounds(grounds_tsv, grounds_name)?;
        let mapping = mapping::parse_mapping(mapping_tsv, mapping_name, &grounds)?;
        Ok(Rules { grounds, mapping })
    }

    /// Every ground code in the table, ascending.
    pub fn codes(&self) -> impl Iterator<Item = &str> + '_ {
        self.grounds.by_code.keys().map(String::as_str)
    }

    /// The version of `code` in force for a filing on `date` (the current one if `None`), or
    /// `None` if the code is unknown or did not exist on that date.
    pub fn ground(&self, code: &str, date: Option<NaiveDate>) -> Option<&Ground> {
        self.grounds.version(code, date)
    }

    /// The grounds `facts` raise, in mapping-table order, one finding per code.
    ///
    /// A rule whose ground has no version in force on the filing date raises nothing (the
    /// provision did not exist then) and does not count for later `after=` conditions.
    pub fn evaluate(&self, facts: &MatchFacts) -> Vec<GroundFinding> {
        let mut found: Vec<String> = Vec::new();
        let mut out = Vec::new();
        for rule in &self.mapping {
            if found.contains(&rule.code) || !rule.matches(facts, &found) {
                continue;
            }
            let Some(ground) = self.grounds.version(&rule.code, facts.filing_date) else {
                continue;
            };
            let mut why = mapping::fill(&rule.why, facts);
            if facts.filing_date.is_none() {
                why.push_str(" (no filing date: current version applied)");
            }
            found.push(rule.code.clone());
            out.push(GroundFinding {
                code: ground.code.clone(),
                office: ground.office.clone(),
                article: ground.article.clone(),
                summary: ground.summary.clone(),
                who_may_act: ground.who_may_act.clone(),
                why,
                version: ground.version,
                opposition: ground.opposition,
                post_action: ground.post_action,
                post_basis: ground.post_basis.clone(),
                invalidation_limit: ground.invalidation_limit.clone(),
                note: ground.note.clone(),
            });
        }
        out
    }
}
