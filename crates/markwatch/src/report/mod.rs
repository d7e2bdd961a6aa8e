//! Evidence reports and docketing export for `markwatch report`.
//!
//! Reads the findings that `markwatch screen --format jsonl|json` writes (the findings JSON
//! contract: `filing_id`, `target_id`, `target_names`, `score`, `grounds`, `explanation`,
//! `target`, `filing`, `legal`, `deadlines`) into [`FindingDoc`]s, orders them by urgency,
//! and renders them:
//!
//! - [`html`]: an `index.html` summary and one self-contained page per finding;
//! - [`csv`]: one row per finding for docketing tools.
//!
//! The loader checks every field the renderers use and fails on the first bad record with
//! a message naming the file, the line (JSONL) or record (JSON array) and the field.

pub mod csv;
pub mod html;

use std::collections::HashSet;
use std::path::Path;

use markwatch_core::rules::{Deadline, DeadlineState, GroundFinding, Urgency};
use markwatch_core::Record;
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// One node of a finding's score explanation, as `screen` serializes
/// `markwatch_core::score::Explanation`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ExplanationDoc {
    /// The node's score.
    pub value: f64,
    /// What was measured (`orthographic`, `goods`…).
    pub method: String,
    /// Which keys and characters, in one line.
    pub detail: String,
    /// Sub-scores.
    #[serde(default)]
    pub children: Vec<ExplanationDoc>,
}

impl ExplanationDoc {
    /// The first node (depth first, this node included) whose method is `method`.
    pub fn find(&self, method: &str) -> Option<&ExplanationDoc> {
        if self.method == method {
            return Some(self);
        }
        self.children.iter().find_map(|c| c.find(method))
    }
}

/// The protected name a finding matched (the contract's `target` object).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TargetDoc {
    /// The target's id.
    pub id: String,
    /// Its kind (`gi`, `brand`, `well_known`, a register kind…).
    pub kind: String,
    /// Its names, main name first.
    pub names: Vec<String>,
    /// The owner, when known.
    #[serde(default)]
    pub owner: Option<String>,
    /// The owner's or place's country code, when known.
    #[serde(default)]
    pub country: Option<String>,
    /// The Nice classes it is protected for (empty: all goods).
    #[serde(default)]
    pub classes: Vec<u32>,
    /// How well known it is, when known.
    #[serde(default)]
    pub knownness: Option<u32>,
    /// Which register it came from (`well_known`, `watch`, `index`).
    #[serde(default)]
    pub register: Option<String>,
}

/// One finding of the findings file.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingDoc {
    /// The filing's id.
    pub filing_id: String,
    /// The target's id.
    pub target_id: String,
    /// The target's names.
    pub target_names: Vec<String>,
    /// The similarity score in [0, 1].
    pub score: f64,
    /// The ground codes.
    pub grounds: Vec<String>,
    /// The score's explanation tree.
    pub explanation: ExplanationDoc,
    /// The target.
    pub target: TargetDoc,
    /// The filing record.
    pub filing: Record,
    /// The grounds with article, summary, who may act and why.
    pub legal: Vec<GroundFinding>,
    /// The deadlines, as computed by `screen`.
    pub deadlines: Vec<Deadline>,
}

impl FindingDoc {
    /// The most urgent deadline, if any (smallest [`Deadline::urgency`]).
    pub fn next_deadline(&self) -> Option<&Deadline> {
        self.deadlines.iter().min_by_key(|d| d.urgency())
    }

    /// The finding's urgency: that of its most urgent deadline.
    pub fn urgency(&self) -> Urgency {
        Urgency::of(&self.deadlines)
    }
}

/// The snake_case name of a deadline state, as in the findings JSON.
pub fn state_name(state: DeadlineState) -> &'static str {
    match state {
        DeadlineState::Upcoming => "upcoming",
        DeadlineState::Open => "open",
        DeadlineState::Closed => "closed",
        DeadlineState::Unlimited => "unlimited",
        DeadlineState::Unknown => "unknown",
    }
}

/// A bad findings file: the message names the file, line or record, and field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError(pub String);

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads a findings file: JSONL (one finding a line, blank lines skipped) or, when the first
/// non-blank character is `[`, one JSON array. Findings come back in file order.
///
/// Fails on the first record that is not valid JSON, not an object, or lacks or mistypes a
/// field; the error names the file, the 1-based line (JSONL) or record (array), and the field.
pub fn parse_findings(text: &str, file: &str) -> Result<Vec<FindingDoc>, LoadError> {
    if text.trim_start().starts_with('[') {
        let items: Vec<serde_json::Value> = serde_json::from_str(text)
            .map_err(|e| LoadError(format!("{file}: not a valid JSON array of findings: {e}")))?;
        items
            .into_iter()
            .enumerate()
            .map(|(i, v)| finding_from_value(v, &format!("{file}: record {}", i + 1)))
            .collect()
    } else {
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let at = format!("{file}:{}", i + 1);
            let v: serde_json::Value = serde_json::from_str(line)
                .map_err(|e| LoadError(format!("{at}: not valid JSON: {e}")))?;
            out.push(finding_from_value(v, &at)?);
        }
        Ok(out)
    }
}

/// Reads and parses a findings file from disk; see [`parse_findings`].
pub fn read_findings(path: &Path) -> Result<Vec<FindingDoc>, LoadError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| LoadError(format!("{name}: cannot read findings: {e}")))?;
    parse_findings(&text, &name)
}

fn finding_from_value(v: serde_json::Value, at: &str) -> Result<FindingDoc, LoadError> {
    let serde_json::Value::Object(mut obj) = v else {
        return Err(LoadError(format!("{at}: a finding must be a JSON object")));
    };
    let mut take = |name: &str| {
        obj.remove(name)
            .ok_or_else(|| LoadError(format!("{at}: missing field `{name}`")))
    };
    Ok(FindingDoc {
        filing_id: typed(take("filing_id")?, at, "filing_id")?,
        target_id: typed(take("target_id")?, at, "target_id")?,
        target_names: typed(take("target_names")?, at, "target_names")?,
        score: typed(take("score")?, at, "score")?,
        grounds: typed(take("grounds")?, at, "grounds")?,
        explanation: typed(take("explanation")?, at, "explanation")?,
        target: typed(take("target")?, at, "target")?,
        filing: typed(take("filing")?, at, "filing")?,
        legal: typed(take("legal")?, at, "legal")?,
        deadlines: typed(take("deadlines")?, at, "deadlines")?,
    })
}

fn typed<T: DeserializeOwned>(v: serde_json::Value, at: &str, field: &str) -> Result<T, LoadError> {
    serde_json::from_value(v).map_err(|e| LoadError(format!("{at}: field `{field}`: {e}")))
}

/// Sorts findings by urgency (most urgent first), then score descending, then filing and
/// target id; stable.
pub fn sort_by_urgency(findings: &mut [FindingDoc]) {
    findings.sort_by(|a, b| {
        a.urgency()
            .cmp(&b.urgency())
            .then_with(|| b.score.total_cmp(&a.score))
            .then_with(|| a.filing_id.cmp(&b.filing_id))
            .then_with(|| a.target_id.cmp(&b.target_id))
    });
}

/// The longest file stem [`page_names`] produces, in bytes (well under common file-system
/// limits of 255 bytes, with room for `.html` and a de-duplicating suffix).
pub const MAX_STEM: usize = 96;

/// A file name, without directory, for each finding's page: `<filing>--<target>.html`.
///
/// Names are built so that they can never leave the output directory or clash: every
/// character other than ASCII letters, digits, `-` and `_` becomes `_` (so `/`, `\`, `.`,
/// NUL, control characters and non-ASCII text cannot appear in the stem), stems are cut to
/// [`MAX_STEM`] bytes, `index` is reserved for the summary page, and a stem already taken
/// (case-insensitively, for case-insensitive file systems) gets a `-2`, `-3`… suffix.
pub fn page_names(findings: &[FindingDoc]) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::from(["index".to_string()]);
    findings
        .iter()
        .map(|f| {
            let mut stem = safe_stem(&format!("{}--{}", f.filing_id, f.target_id));
            if stem.is_empty() {
                stem.push_str("finding");
            }
            let mut candidate = stem.clone();
            let mut n = 2;
            while !taken.insert(candidate.to_ascii_lowercase()) {
                candidate = format!("{stem}-{n}");
                n += 1;
            }
            format!("{candidate}.html")
        })
        .collect()
}

/// `s` with every character outside `[A-Za-z0-9_-]` replaced by `_`, cut to [`MAX_STEM`].
fn safe_stem(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(MAX_STEM)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{"filing_id":"F1","target_id":"T1","target_names":["A"],"score":0.9,
"grounds":[],"explanation":{"value":0.9,"method":"product","detail":"d","children":[]},
"target":{"id":"T1","kind":"brand","names":["A"],"owner":null,"country":null,"classes":[],
"knownness":null,"register":"watch"},
"filing":{"id":"F1","office":"CN","mark":"A"},"legal":[],"deadlines":[]}"#;

    fn one_line(s: &str) -> String {
        s.replace('\n', "")
    }

    #[test]
    fn minimal_finding_parses_as_jsonl_and_array() {
        let line = one_line(MINIMAL);
        let a = parse_findings(&format!("\n{line}\n"), "f.jsonl").unwrap();
        let b = parse_findings(&format!("[{line}]"), "f.json").unwrap();
        assert_eq!(a, b);
        assert_eq!(a[0].filing.mark, "A");
        assert_eq!(a[0].target.owner, None);
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let line = one_line(MINIMAL);
        let text = format!("{line}\n{}\n", line.replace("\"score\":0.9,", ""));
        let e = parse_findings(&text, "f.jsonl").unwrap_err();
        assert_eq!(e.0, "f.jsonl:2: missing field `score`");

        let text = format!("{line}\n\n{{not json\n");
        let e = parse_findings(&text, "f.jsonl").unwrap_err();
        assert!(e.0.starts_with("f.jsonl:3: not valid JSON"), "{e}");

        let text = line.replace(r#""mark":"A""#, r#""mark":7"#);
        let e = parse_findings(&text, "f.jsonl").unwrap_err();
        assert!(e.0.starts_with("f.jsonl:1: field `filing`: "), "{e}");

        let text = format!("[{line}, 3]");
        let e = parse_findings(&text, "f.json").unwrap_err();
        assert_eq!(e.0, "f.json: record 2: a finding must be a JSON object");
    }

    #[test]
    fn page_names_stay_in_the_directory_and_do_not_clash() {
        let base = parse_findings(&one_line(MINIMAL), "f").unwrap().remove(0);
        let ids = [
            ("../../etc/passwd", "x"),
            ("a/b\\c", "..\\..\\d"),
            ("nul\0byte\n\r\t", "\u{1b}[31m"),
            ("無印良品", "MUJI"),
            ("index", ""),
            ("A.B", "c"),
            ("a_b", "c"),
            ("", ""),
        ];
        let findings: Vec<FindingDoc> = ids
            .iter()
            .map(|(f, t)| FindingDoc {
                filing_id: f.to_string(),
                target_id: t.to_string(),
                ..base.clone()
            })
            .collect();
        let names = page_names(&findings);
        let unique: HashSet<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        for n in &names {
            let stem = n.strip_suffix(".html").unwrap();
            assert!(!stem.is_empty() && stem != "index", "{n}");
            assert!(
                stem.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
                "{n}"
            );
            assert!(stem.len() <= MAX_STEM + 4, "{n}");
        }
        assert_eq!(names[0], "______etc_passwd--x.html");
        // "A.B--c" and "a_b--c" fold to the same stem on a case-insensitive file system.
        assert_eq!(names[5], "A_B--c.html");
        assert_eq!(names[6], "a_b--c-2.html");
    }
}
