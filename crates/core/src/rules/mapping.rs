//! The mapping table (`data/rules/mapping.tsv`): which facts of a match raise which ground.
//!
//! Format: line 1 `# markwatch-table mapping v1; …`, line 2 the column names, then one
//! tab-separated row per rule, evaluated top to bottom:
//!
//! | column | content |
//! |---|---|
//! | `code` | the ground raised; must be a code of the grounds table, of the same office |
//! | `office` | the filing office the rule applies to (`CN`, `JP`) |
//! | `targets` | target kinds, `\|`-separated ([`TargetKind`] names), or `*` for any |
//! | `goods` | goods relations, `\|`-separated (`strong`, `medium`, `weak`, `all`), or `*` |
//! | `when` | further conditions, space-separated, all required; `-` for none (below) |
//! | `why` | the reason template; `{target}`, `{target_country}`, `{goods}`, `{score}`, `{bad_faith}`, `{classes}`, `{office}` are filled from the facts |
//!
//! Conditions (`!` before a flag negates it):
//!
//! | condition | holds if and only if |
//! |---|---|
//! | `registered_here` | the target is registered in the filing office ([`MatchFacts::target_registered_here`]) |
//! | `registration_unknown` | the facts do not say whether the target is registered in the filing office |
//! | `foreign` / `domestic` | the target's country differs from / equals the filing office (unknown country: neither) |
//! | `agent_of_owner` | the applicant is an agent, representative or distributor of the target's owner |
//! | `agency_outside_45` | the applicant is a trademark agency and the filing has a class other than 45 |
//! | `wine_or_spirits` | the filing covers wines or spirits (class 33 goods) |
//! | `identical` | the marks are identical after folding |
//! | `registered` | the filing itself is registered |
//! | `bad_faith>=X` | the applicant's bad-faith score is known and at least X |
//! | `score>=X` | the similarity score is at least X |
//! | `after=A\|B` | a row above already raised one of the codes A, B |
//!
//! Several rows may raise one code (different conditions); the first that matches gives the
//! reason and later rows for that code are skipped.

use super::table::{rows, GroundTable};
use super::{GoodsRelation, MatchFacts, TargetKind};
use crate::{Error, Office, Result};

pub(crate) const MAPPING_HEADER: &str = "# markwatch-table mapping v1";

const MAPPING_COLUMNS: [&str; 6] = ["code", "office", "targets", "goods", "when", "why"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flag {
    RegisteredHere,
    RegistrationUnknown,
    Foreign,
    Domestic,
    AgentOfOwner,
    AgencyOutside45,
    WineOrSpirits,
    Identical,
    Registered,
}

impl Flag {
    fn parse(s: &str) -> Option<Flag> {
        Some(match s {
            "registered_here" => Flag::RegisteredHere,
            "registration_unknown" => Flag::RegistrationUnknown,
            "foreign" => Flag::Foreign,
            "domestic" => Flag::Domestic,
            "agent_of_owner" => Flag::AgentOfOwner,
            "agency_outside_45" => Flag::AgencyOutside45,
            "wine_or_spirits" => Flag::WineOrSpirits,
            "identical" => Flag::Identical,
            "registered" => Flag::Registered,
            _ => return None,
        })
    }

    fn holds(self, f: &MatchFacts) -> bool {
        match self {
            Flag::RegisteredHere => f.target_registered_here(),
            Flag::RegistrationUnknown => f.target_registered_in_filing_office.is_none(),
            Flag::Foreign => f
                .target_country
                .as_ref()
                .is_some_and(|c| *c != f.filing_office),
            Flag::Domestic => f
                .target_country
                .as_ref()
                .is_some_and(|c| *c == f.filing_office),
            Flag::AgentOfOwner => f.applicant_is_agent_of_owner,
            Flag::AgencyOutside45 => {
                f.applicant_is_agency && f.filing_classes.iter().any(|c| c.get() != 45)
            }
            Flag::WineOrSpirits => f.wine_or_spirits,
            Flag::Identical => f.is_identical,
            Flag::Registered => f.filing_status == crate::Status::Registered,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Cond {
    Flag(Flag, bool),
    BadFaithAtLeast(f32),
    ScoreAtLeast(f32),
    After(Vec<String>),
}

impl Cond {
    fn holds(&self, f: &MatchFacts, found: &[String]) -> bool {
        match self {
            Cond::Flag(flag, want) => flag.holds(f) == *want,
            Cond::BadFaithAtLeast(x) => f.applicant_bad_faith_score.is_some_and(|s| s >= *x),
            Cond::ScoreAtLeast(x) => f.score >= *x,
            Cond::After(codes) => codes.iter().any(|c| found.contains(c)),
        }
    }
}

/// One rule of the mapping table.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub(crate) code: String,
    office: Office,
    /// Empty means any.
    targets: Vec<TargetKind>,
    /// Empty means any.
    goods: Vec<GoodsRelation>,
    when: Vec<Cond>,
    pub(crate) why: String,
}

impl Rule {
    /// True if and only if every condition holds for `f`, given the codes raised so far.
    pub(crate) fn matches(&self, f: &MatchFacts, found: &[String]) -> bool {
        self.office == f.filing_office
            && (self.targets.is_empty() || self.targets.contains(&f.target_kind))
            && (self.goods.is_empty() || self.goods.contains(&f.goods_relation))
            && self.when.iter().all(|c| c.holds(f, found))
    }
}

const PLACEHOLDERS: [&str; 7] = [
    "target",
    "target_country",
    "goods",
    "score",
    "bad_faith",
    "classes",
    "office",
];

/// Fills the placeholders of a `why` template from the facts.
pub(crate) fn fill(template: &str, f: &MatchFacts) -> String {
    let target = if f.target_name.trim().is_empty() {
        format!("the {}", f.target_kind.describe())
    } else {
        f.target_name.clone()
    };
    let classes = if f.filing_classes.is_empty() {
        "none given".to_string()
    } else {
        f.filing_classes
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let bad_faith = f
        .applicant_bad_faith_score
        .map_or("unknown".to_string(), |s| format!("{s:.2}"));
    template
        .replace(
            "{target_country}",
            f.target_country
                .as_ref()
                .map_or("country unknown", |c| c.code()),
        )
        .replace("{target}", &target)
        .replace("{goods}", f.goods_relation.as_str())
        .replace("{score}", &format!("{:.2}", f.score))
        .replace("{bad_faith}", &bad_faith)
        .replace("{classes}", &classes)
        .replace("{office}", f.filing_office.code())
}

fn list<T>(
    table: &str,
    line: usize,
    field: &str,
    s: &str,
    parse: impl Fn(&str) -> std::result::Result<T, String>,
) -> Result<Vec<T>> {
    if s.trim() == "*" {
        return Ok(Vec::new());
    }
    s.split('|')
        .map(|p| {
            parse(p.trim())
                .map_err(|e| Error::invalid(format!("{table} line {line}, field {field}: {e}")))
        })
        .collect()
}

fn parse_cond(s: &str) -> std::result::Result<Cond, String> {
    let number = |v: &str| -> std::result::Result<f32, String> {
        v.parse::<f32>()
            .ok()
            .filter(|x| (0.0..=1.0).contains(x))
            .ok_or_else(|| format!("{v:?} is not a number in [0, 1] (in {s:?})"))
    };
    if let Some(v) = s.strip_prefix("bad_faith>=") {
        return Ok(Cond::BadFaithAtLeast(number(v)?));
    }
    if let Some(v) = s.strip_prefix("score>=") {
        return Ok(Cond::ScoreAtLeast(number(v)?));
    }
    if let Some(v) = s.strip_prefix("after=") {
        let codes: Vec<String> = v
            .split('|')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect();
        if codes.is_empty() {
            return Err(format!("condition {s:?} names no code"));
        }
        return Ok(Cond::After(codes));
    }
    let (name, want) = match s.strip_prefix('!') {
        Some(rest) => (rest, false),
        None => (s, true),
    };
    Flag::parse(name)
        .map(|f| Cond::Flag(f, want))
        .ok_or_else(|| format!("unknown condition {s:?}"))
}

/// Parses a mapping table and checks it against `grounds`: every code (also in `after=`)
/// exists, with the office of the rule, and `after=` names only codes raised by earlier rows.
pub(crate) fn parse_mapping(text: &str, table: &str, grounds: &GroundTable) -> Result<Vec<Rule>> {
    let mut out: Vec<Rule> = Vec::new();
    for (n, f) in rows(text, table, MAPPING_HEADER, &MAPPING_COLUMNS)? {
        let err = |field: &str, msg: String| {
            Error::invalid(format!("{table} line {n}, field {field}: {msg}"))
        };
        let code = f[0].trim().to_string();
        let office: Office = f[1].parse().map_err(|e| err("office", e))?;
        match grounds.by_code.get(&code).and_then(|v| v.first()) {
            None => return Err(err("code", format!("{code:?} is not in the grounds table"))),
            Some(g) if g.office != office => {
                return Err(err(
                    "office",
                    format!("{code} is a ground of {}, not {office}", g.office),
                ))
            }
            Some(_) => {}
        }
        let targets = list(table, n, "targets", f[2], |s| s.parse::<TargetKind>())?;
        let goods = list(table, n, "goods", f[3], |s| s.parse::<GoodsRelation>())?;
        let when: Vec<Cond> = match f[4].trim() {
            "-" | "" => Vec::new(),
            s => s
                .split_whitespace()
                .map(|c| parse_cond(c).map_err(|e| err("when", e)))
                .collect::<Result<_>>()?,
        };
        for c in &when {
            if let Cond::After(codes) = c {
                for a in codes {
                    if !out.iter().any(|r| &r.code == a) {
                        return Err(err(
                            "when",
                            format!("after={a} names no code raised by an earlier row"),
                        ));
                    }
                }
            }
        }
        let why = f[5].trim().to_string();
        if why.is_empty() {
            return Err(err("why", "empty".into()));
        }
        let mut rest = why.as_str();
        while let Some(open) = rest.find('{') {
            let close = rest[open..]
                .find('}')
                .ok_or_else(|| err("why", "unclosed {".into()))?;
            let name = &rest[open + 1..open + close];
            if !PLACEHOLDERS.contains(&name) {
                return Err(err("why", format!("unknown placeholder {{{name}}}")));
            }
            rest = &rest[open + close + 1..];
        }
        out.push(Rule {
            code,
            office,
            targets,
            goods,
            when,
            why,
        });
    }
    if out.is_empty() {
        return Err(Error::invalid(format!("{table}: no rows")));
    }
    Ok(out)
}
