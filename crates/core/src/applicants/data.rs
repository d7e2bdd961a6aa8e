//! Inputs beyond the records: screening matches and side data (assignments, adverse findings,
//! contact details), with their documented JSONL forms.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{Error, Result};

/// A third-party mark, watch-list entry, well-known mark, GI or place name that one filing
/// matches, as found by screening. The caller supplies these keyed by record id.
///
/// JSONL form (one match a line, [`parse_matches`]):
/// `{"record_id": "CN:1", "target_id": "W-matsusaka", "kind": "gi", "owner": "…", "date": "2015-12-22"}`
/// with `owner` and `date` optional.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TargetRef {
    /// The target's id (a watch-list id or a record id).
    pub target_id: String,
    /// What the target is: `brand`, `well_known`, `gi`, `place`, `person`, `enterprise`…
    pub kind: String,
    /// The target's owner, when it has one. A match is a third-party match unless the owner's
    /// normalized name is a member of the filing applicant's group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The target's own first filing, publication or launch date, when known (for timing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}

/// Screening matches keyed by record id.
pub type Matches = HashMap<String, Vec<TargetRef>>;

/// Parses matches in JSONL (see [`TargetRef`]). Blank lines are skipped; errors name
/// `file:line` and the field.
pub fn parse_matches(text: &str, file: &str) -> Result<Matches> {
    let mut out: Matches = HashMap::new();
    for (n, obj) in objects(text, file) {
        let obj = obj?;
        let record_id = req(&obj, "record_id", file, n)?;
        let t = TargetRef {
            target_id: req(&obj, "target_id", file, n)?,
            kind: req(&obj, "kind", file, n)?,
            owner: opt(&obj, "owner", file, n)?,
            date: date(&obj, "date", file, n)?,
        };
        out.entry(record_id).or_default().push(t);
    }
    Ok(out)
}

/// A transfer of a record to another party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// The record assigned.
    pub record_id: String,
    /// The date the assignment was recorded.
    pub date: NaiveDate,
    /// Who received it, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
}

/// An earlier decision against an applicant (bad-faith filing, infringement).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdverseFinding {
    /// The applicant's name, any spelling.
    pub applicant: String,
    /// The decision date, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// What was decided (`opposition upheld under Art. 4`, a case number…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
}

/// A contact detail (e-mail, telephone) of an applicant; a shared one links applicants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// The applicant's name, any spelling.
    pub applicant: String,
    /// The contact detail as written.
    pub contact: String,
}

/// Optional data about applicants that records do not carry.
///
/// JSONL form ([`SideData::parse`]), one object a line, told apart by `type`:
/// - `{"type": "assignment", "record_id": "CN:1", "date": "2025-06-01", "assignee": "…"}`
/// - `{"type": "adverse", "applicant": "…", "date": "2023-01-05", "decision": "…"}`
/// - `{"type": "contact", "applicant": "…", "contact": "+86 10 1234 5678"}`
///
/// `assignee`, `date` (adverse) and `decision` are optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SideData {
    /// Recorded assignments.
    pub assignments: Vec<Assignment>,
    /// Earlier adverse findings.
    pub adverse: Vec<AdverseFinding>,
    /// Contact details.
    pub contacts: Vec<Contact>,
}

impl SideData {
    /// Parses the JSONL form. Errors name `file:line` and the field.
    pub fn parse(text: &str, file: &str) -> Result<SideData> {
        let mut out = SideData::default();
        for (n, obj) in objects(text, file) {
            let obj = obj?;
            match req(&obj, "type", file, n)?.as_str() {
                "assignment" => out.assignments.push(Assignment {
                    record_id: req(&obj, "record_id", file, n)?,
                    date: date(&obj, "date", file, n)?
                        .ok_or_else(|| missing(file, n, "date"))?,
                    assignee: opt(&obj, "assignee", file, n)?,
                }),
                "adverse" => out.adverse.push(AdverseFinding {
                    applicant: req(&obj, "applicant", file, n)?,
                    date: date(&obj, "date", file, n)?,
                    decision: opt(&obj, "decision", file, n)?,
                }),
                "contact" => out.contacts.push(Contact {
                    applicant: req(&obj, "applicant", file, n)?,
                    contact: req(&obj, "contact", file, n)?,
                }),
                other => {
                    return Err(Error::invalid(format!(
                        "{file}:{n}: field type: unknown type {other:?} (expected assignment, adverse or contact)"
                    )))
                }
            }
        }
        Ok(out)
    }
}

/// The JSON objects of a JSONL text with their 1-based line numbers.
fn objects<'a>(
    text: &'a str,
    file: &'a str,
) -> impl Iterator<Item = (usize, Result<Map<String, Value>>)> + 'a {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(move |(i, line)| {
            let n = i + 1;
            let obj = match serde_json::from_str::<Value>(line) {
                Ok(Value::Object(o)) => Ok(o),
                Ok(_) => Err(Error::invalid(format!(
                    "{file}:{n}: expected a JSON object"
                ))),
                Err(e) => Err(Error::invalid(format!("{file}:{n}: not JSON: {e}"))),
            };
            (n, obj)
        })
}

fn missing(file: &str, n: usize, field: &str) -> Error {
    Error::invalid(format!("{file}:{n}: field {field}: missing"))
}

fn opt(obj: &Map<String, Value>, field: &str, file: &str, n: usize) -> Result<Option<String>> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(Value::Number(x)) => Ok(Some(x.to_string())),
        Some(_) => Err(Error::invalid(format!(
            "{file}:{n}: field {field}: expected a string"
        ))),
    }
}

fn req(obj: &Map<String, Value>, field: &str, file: &str, n: usize) -> Result<String> {
    opt(obj, field, file, n)?.ok_or_else(|| missing(file, n, field))
}

fn date(obj: &Map<String, Value>, field: &str, file: &str, n: usize) -> Result<Option<NaiveDate>> {
    match opt(obj, field, file, n)? {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                Error::invalid(format!(
                    "{file}:{n}: field {field}: {s:?} is not a date (expected YYYY-MM-DD)"
                ))
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_data_parses_each_type() {
        let text = r#"{"type":"assignment","record_id":"CN:1","date":"2025-06-01"}

{"type":"adverse","applicant":"王小明","decision":"Art. 4"}
{"type":"contact","applicant":"王小明","contact":"wang@example.com"}
"#;
        let d = SideData::parse(text, "side.jsonl").unwrap();
        assert_eq!(d.assignments[0].record_id, "CN:1");
        assert_eq!(d.adverse[0].decision.as_deref(), Some("Art. 4"));
        assert_eq!(d.contacts[0].contact, "wang@example.com");
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let e = SideData::parse(
            "{\"type\":\"assignment\",\"record_id\":\"CN:1\",\"date\":\"June\"}",
            "s.jsonl",
        )
        .unwrap_err();
        assert_eq!(
            e.message(),
            "s.jsonl:1: field date: \"June\" is not a date (expected YYYY-MM-DD)"
        );
        let e = parse_matches("\n{\"record_id\":\"CN:1\",\"kind\":\"gi\"}", "m.jsonl").unwrap_err();
        assert_eq!(e.message(), "m.jsonl:2: field target_id: missing");
    }
}
