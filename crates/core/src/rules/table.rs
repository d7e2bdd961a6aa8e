//! The grounds table (`data/rules/grounds.tsv`): one row per version of a legal ground.
//!
//! Format: line 1 `# markwatch-table grounds v1; …`, line 2 the column names below (checked),
//! then one tab-separated row per `(code, version)`:
//!
//! | column | content |
//! |---|---|
//! | `code` | the stable ground code (`CN-13`, `JP-4-1-11`) |
//! | `version` | 1, 2, … per code |
//! | `office` | `CN` or `JP`: the office whose law it is |
//! | `article` | the article, exactly as cited (`Art. 4(1)(xi)`) |
//! | `summary` | one line |
//! | `who_may_act` | who may oppose or request invalidation, and until when |
//! | `effective_from` | first filing date (inclusive) the version applies to, `YYYY-MM-DD` |
//! | `effective_to` | last filing date (inclusive), empty when still in force |
//! | `opposition` | `yes` if the ground can be raised in an opposition, else `no` |
//! | `post_action` | the remedy after registration: `invalidation` or `cancellation` |
//! | `post_basis` | the article that sets the time limit of that remedy (`Art. 45`) |
//! | `invalidation_limit` | `none`, `<n>y`, or `<n>y_unless_<exception>` (`5y_unless_bad_faith`) |
//! | `note` | free text shown with the finding, may be empty |
//!
//! The versions of one code must not overlap; a gap means the ground did not exist then.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Error, Office, Result};

/// The first line of a grounds table starts with this.
pub(crate) const GROUNDS_HEADER: &str = "# markwatch-table grounds v1";

const GROUNDS_COLUMNS: [&str; 13] = [
    "code",
    "version",
    "office",
    "article",
    "summary",
    "who_may_act",
    "effective_from",
    "effective_to",
    "opposition",
    "post_action",
    "post_basis",
    "invalidation_limit",
    "note",
];

/// How long after registration a ground can still be used to attack the mark.
///
/// Written in the table as `none`, `5y` or `5y_unless_bad_faith` (years, then the exception
/// that lifts the limit, with `_` for spaces). Serialized in that same form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InvalidationLimit {
    /// Years from registration; `None` when there is no time limit.
    pub years: Option<u32>,
    /// When the limit is lifted (`bad faith`, `unfair purpose`), if ever.
    pub unless: Option<String>,
}

impl InvalidationLimit {
    /// True if and only if the ground can be used at any time after registration.
    pub fn is_unlimited(&self) -> bool {
        self.years.is_none()
    }
}

impl fmt::Display for InvalidationLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.years, &self.unless) {
            (None, _) => f.write_str("none"),
            (Some(y), None) => write!(f, "{y}y"),
            (Some(y), Some(u)) => write!(f, "{y}y_unless_{}", u.replace(' ', "_")),
        }
    }
}

impl FromStr for InvalidationLimit {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s == "none" {
            return Ok(InvalidationLimit {
                years: None,
                unless: None,
            });
        }
        let (head, unless) = match s.split_once("_unless_") {
            Some((h, u)) if !u.is_empty() => (h, Some(u.replace('_', " "))),
            Some(_) => return Err(format!("invalidation limit {s:?} has an empty exception")),
            None => (s, None),
        };
        let years = head
            .strip_suffix('y')
            .and_then(|n| n.parse::<u32>().ok())
            .filter(|&n| n > 0)
            .ok_or_else(|| {
                format!("invalidation limit {s:?} (expected none, 5y or 5y_unless_bad_faith)")
            })?;
        Ok(InvalidationLimit {
            years: Some(years),
            unless,
        })
    }
}

impl Serialize for InvalidationLimit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for InvalidationLimit {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// The remedy available against a registered mark on a ground.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostAction {
    /// Invalidation (CN Arts. 44, 45; JP Art. 46).
    Invalidation,
    /// Cancellation trial (JP Art. 53-2).
    Cancellation,
}

impl PostAction {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            PostAction::Invalidation => "invalidation",
            PostAction::Cancellation => "cancellation",
        }
    }
}

/// One version of a legal ground, as read from the grounds table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ground {
    /// Stable code (`CN-13`).
    pub code: String,
    /// Version number within the code.
    pub version: u32,
    /// The office whose law it is.
    pub office: Office,
    /// The article as cited.
    pub article: String,
    /// One-line summary.
    pub summary: String,
    /// Who may act, and until when.
    pub who_may_act: String,
    /// First filing date the version applies to (inclusive).
    pub effective_from: NaiveDate,
    /// Last filing date the version applies to (inclusive); `None` while in force.
    pub effective_to: Option<NaiveDate>,
    /// True if and only if the ground can be raised in an opposition.
    pub opposition: bool,
    /// The remedy after registration.
    pub post_action: PostAction,
    /// The article setting the time limit of `post_action`.
    pub post_basis: String,
    /// The time limit of `post_action`, counted from registration.
    pub invalidation_limit: InvalidationLimit,
    /// A note shown with every finding on this version, if any.
    pub note: Option<String>,
}

impl Ground {
    /// True if and only if the version applies to a filing made on `date`.
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        self.effective_from <= date && self.effective_to.is_none_or(|to| date <= to)
    }
}

/// Every version of every ground, by code, versions ascending.
#[derive(Debug, Clone, Default)]
pub(crate) struct GroundTable {
    pub(crate) by_code: BTreeMap<String, Vec<Ground>>,
}

impl GroundTable {
    /// The version of `code` in force for a filing on `date`; with no date, the current
    /// version (the one without an end date). `None` if the ground did not exist then.
    pub(crate) fn version(&self, code: &str, date: Option<NaiveDate>) -> Option<&Ground> {
        let versions = self.by_code.get(code)?;
        match date {
            Some(d) => versions.iter().find(|g| g.in_force_on(d)),
            None => versions.iter().find(|g| g.effective_to.is_none()),
        }
    }
}

/// Splits a table into `(line number, fields)` rows after checking the header line (which
/// must start with `header`) and the column line (which must equal `columns`).
pub(crate) fn rows<'a>(
    text: &'a str,
    table: &str,
    header: &str,
    columns: &[&str],
) -> Result<Vec<(usize, Vec<&'a str>)>> {
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    match lines.next() {
        Some((_, l)) if l.starts_with(header) => {}
        Some((_, l)) => {
            return Err(Error::new(
                crate::ErrorKind::Unsupported,
                format!("{table} line 1: expected a header starting with {header:?}, found {l:?}"),
            ))
        }
        None => return Err(Error::invalid(format!("{table}: empty table"))),
    }
    match lines.next() {
        Some((_, l)) if l.split('\t').eq(columns.iter().copied()) => {}
        Some((_, l)) => {
            return Err(Error::invalid(format!(
                "{table} line 2: expected the columns {:?}, found {l:?}",
                columns.join(" ")
            )))
        }
        None => return Err(Error::invalid(format!("{table}: no column line"))),
    }
    let mut out = Vec::new();
    for (n, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != columns.len() {
            return Err(Error::invalid(format!(
                "{table} line {n}: {} fields, expected {}",
                fields.len(),
                columns.len()
            )));
        }
        out.push((n, fields));
    }
    Ok(out)
}

fn field_error(table: &str, line: usize, field: &str, msg: impl fmt::Display) -> Error {
    Error::invalid(format!("{table} line {line}, field {field}: {msg}"))
}

fn date(table: &str, line: usize, field: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        field_error(
            table,
            line,
            field,
            format!("{s:?} is not a YYYY-MM-DD date"),
        )
    })
}

/// Parses and validates a grounds table. `table` names it in error messages.
pub(crate) fn parse_grounds(text: &str, table: &str) -> Result<GroundTable> {
    let mut by_code: BTreeMap<String, Vec<Ground>> = BTreeMap::new();
    for (n, f) in rows(text, table, GROUNDS_HEADER, &GROUNDS_COLUMNS)? {
        let nonempty = |i: usize| -> Result<String> {
            let v = f[i].trim();
            if v.is_empty() {
                Err(field_error(table, n, GROUNDS_COLUMNS[i], "empty"))
            } else {
                Ok(v.to_string())
            }
        };
        let code = nonempty(0)?;
        let version: u32 = f[1]
            .trim()
            .parse()
            .map_err(|_| field_error(table, n, "version", format!("{:?} is not a number", f[1])))?;
        let office: Office = f[2]
            .parse()
            .map_err(|e| field_error(table, n, "office", e))?;
        let effective_from = date(table, n, "effective_from", f[6].trim())?;
        let effective_to = match f[7].trim() {
            "" => None,
            s => Some(date(table, n, "effective_to", s)?),
        };
        if effective_to.is_some_and(|to| to < effective_from) {
            return Err(field_error(
                table,
                n,
                "effective_to",
                "ends before effective_from",
            ));
        }
        let opposition = match f[8].trim() {
            "yes" => true,
            "no" => false,
            s => {
                return Err(field_error(
                    table,
                    n,
                    "opposition",
                    format!("{s:?} (expected yes or no)"),
                ))
            }
        };
        let post_action = match f[9].trim() {
            "invalidation" => PostAction::Invalidation,
            "cancellation" => PostAction::Cancellation,
            s => {
                return Err(field_error(
                    table,
                    n,
                    "post_action",
                    format!("{s:?} (expected invalidation or cancellation)"),
                ))
            }
        };
        let invalidation_limit: InvalidationLimit = f[11]
            .parse()
            .map_err(|e| field_error(table, n, "invalidation_limit", e))?;
        let ground = Ground {
            code: code.clone(),
            version,
            office,
            article: nonempty(3)?,
            summary: nonempty(4)?,
            who_may_act: nonempty(5)?,
            effective_from,
            effective_to,
            opposition,
            post_action,
            post_basis: nonempty(10)?,
            invalidation_limit,
            note: Some(f[12].trim().to_string()).filter(|s| !s.is_empty()),
        };
        let versions = by_code.entry(code.clone()).or_default();
        for other in versions.iter() {
            if other.version == ground.version {
                return Err(field_error(
                    table,
                    n,
                    "version",
                    format!("{code} version {version} appears twice"),
                ));
            }
            if other.office != ground.office {
                return Err(field_error(
                    table,
                    n,
                    "office",
                    format!("{code} changes office between versions"),
                ));
            }
            let overlaps = ground
                .effective_to
                .is_none_or(|to| other.effective_from <= to)
                && other
                    .effective_to
                    .is_none_or(|to| ground.effective_from <= to);
            if overlaps {
                return Err(field_error(
                    table,
                    n,
                    "effective_from",
                    format!(
                        "{code} version {version} overlaps version {} in time",
                        other.version
                    ),
                ));
            }
        }
        versions.push(ground);
        versions.sort_by_key(|g| g.version);
    }
    if by_code.is_empty() {
        return Err(Error::invalid(format!("{table}: no rows")));
    }
    Ok(GroundTable { by_code })
}
