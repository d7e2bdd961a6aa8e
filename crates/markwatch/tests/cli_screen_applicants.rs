//! `markwatch screen --applicants` through the binary: the batch's applicants are profiled
//! with the findings as match data, ranked, and noted on their findings with the bad-faith
//! grounds the rules raise.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The planted sake-brand hoarder of `examples/filings.jsonl`.
const HOARDER: &str = "深圳市酒鼎贸易有限公司";
/// A large legitimate filer of the examples: many filings, its own marks.
const LARGE_FILER: &str = "台灣寶島食品股份有限公司";
/// The rules' bar for the bad-faith grounds (`bad_faith>=0.7` in `data/rules/mapping.tsv`).
const RULES_BAR: f64 = 0.7;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn screen(extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_markwatch"))
        .arg("screen")
        .arg(repo().join("examples/filings.jsonl"))
        .args(["--today", "2025-06-01"])
        .args(extra)
        .output()
        .expect("run markwatch")
}

fn ok_stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn lines(text: &str) -> Vec<Value> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn applicant_of(finding: &Value) -> &str {
    finding["filing"]["applicants"][0]["name"]
        .as_str()
        .unwrap_or_default()
}

fn grounds(finding: &Value) -> Vec<&str> {
    finding["grounds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap())
        .collect()
}

fn jsonl_with_ranking(dir: &Path) -> (Vec<Value>, Vec<Value>) {
    let out = dir.join("applicants.jsonl");
    let o = screen(&[
        "--format",
        "jsonl",
        "--applicants",
        "--applicants-out",
        out.to_str().unwrap(),
    ]);
    let findings = lines(&ok_stdout(&o));
    let ranking = lines(&std::fs::read_to_string(&out).unwrap());
    (findings, ranking)
}

#[test]
fn the_sake_hoarder_ranks_near_the_top_with_an_explanation() {
    let dir = tempfile::tempdir().unwrap();
    let (_, ranking) = jsonl_with_ranking(dir.path());
    // Ranks are 1.., scores never increase down the ranking.
    for (i, row) in ranking.iter().enumerate() {
        assert_eq!(row["rank"].as_u64(), Some(i as u64 + 1));
        if i > 0 {
            assert!(ranking[i - 1]["score"].as_f64() >= row["score"].as_f64());
        }
    }
    let pos = ranking
        .iter()
        .position(|r| r["name"] == HOARDER)
        .expect("the hoarder is ranked");
    assert!(pos < 3, "hoarder ranked {}", pos + 1);
    let row = &ranking[pos];
    assert_eq!(row["over_threshold"], true);
    assert!(row["score"].as_f64().unwrap() >= RULES_BAR);
    assert!(row["findings"].as_u64().unwrap() >= row["filings"].as_u64().unwrap());
    let indicators = row["indicators"].as_array().unwrap();
    assert!(!indicators.is_empty());
    for i in indicators {
        assert!(i["contribution"].as_f64().unwrap() > 0.0);
        assert!(!i["explanation"].as_str().unwrap().is_empty());
    }
    let names: Vec<&str> = indicators
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"distinct_targets") || names.contains(&"near_miss"),
        "{names:?}"
    );
    assert!(row["explanation"]
        .as_str()
        .unwrap()
        .contains("at or over the threshold"));
    let hints: Vec<&str> = row["grounds_hint"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap())
        .collect();
    assert!(hints.contains(&"CN-4"), "{hints:?}");

    let large = ranking
        .iter()
        .find(|r| r["name"] == LARGE_FILER)
        .expect("the large filer is ranked");
    assert_eq!(large["over_threshold"], false);
    assert!(large["grounds_hint"].as_array().unwrap().is_empty());
}

#[test]
fn findings_carry_the_applicant_note_and_bad_faith_grounds_only_over_the_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let (findings, ranking) = jsonl_with_ranking(dir.path());
    let over: HashMap<&str, f64> = ranking
        .iter()
        .filter(|r| r["over_threshold"] == true)
        .map(|r| (r["name"].as_str().unwrap(), r["score"].as_f64().unwrap()))
        .collect();
    let mut hoarder_findings = 0;
    let mut ordinary_with_findings = HashSet::new();
    for f in &findings {
        let name = applicant_of(f);
        let g = grounds(f);
        match over.get(name) {
            Some(&score) => {
                let note = &f["applicant"];
                assert!((note["score"].as_f64().unwrap() - score).abs() < 1e-3);
                assert!(!note["group_id"].as_str().unwrap().is_empty());
                assert!(!note["indicators"].as_array().unwrap().is_empty());
                // The rules raise the bad-faith ground of the filing's office at their bar.
                let bad_faith = if f["filing"]["office"] == "CN" {
                    "CN-4"
                } else {
                    "JP-4-1-7"
                };
                assert_eq!(g.contains(&bad_faith), score >= RULES_BAR, "{name}: {g:?}");
                if name == HOARDER {
                    hoarder_findings += 1;
                    assert!(g.contains(&"CN-4"), "{g:?}");
                    let legal = f["legal"].as_array().unwrap();
                    let cn4 = legal.iter().find(|l| l["code"] == "CN-4").unwrap();
                    assert!(cn4["why"].as_str().unwrap().contains("bad-faith score"));
                }
            }
            None => {
                assert!(f.get("applicant").is_none(), "{name}: {f}");
                for code in ["CN-4", "JP-3-1", "JP-4-1-7"] {
                    assert!(!g.contains(&code), "{name}: {g:?}");
                }
                ordinary_with_findings.insert(name);
            }
        }
    }
    assert!(hoarder_findings > 0);
    assert!(ordinary_with_findings.contains(LARGE_FILER));
}

#[test]
fn without_applicants_no_note_and_the_same_findings_with_fewer_grounds() {
    let dir = tempfile::tempdir().unwrap();
    let (with, _) = jsonl_with_ranking(dir.path());
    let without = lines(&ok_stdout(&screen(&["--format", "jsonl"])));
    assert_eq!(with.len(), without.len());
    let key = |f: &Value| {
        (
            f["filing_id"].as_str().unwrap().to_string(),
            f["target_id"].as_str().unwrap().to_string(),
        )
    };
    let plain: HashMap<_, _> = without.iter().map(|f| (key(f), f)).collect();
    for f in &with {
        let p = plain[&key(f)];
        assert!(p.get("applicant").is_none());
        assert!(!grounds(p).contains(&"CN-4"));
        let more = grounds(f);
        for g in grounds(p) {
            assert!(more.contains(&g), "{g} lost on {:?}", key(f));
        }
        if f.get("applicant").is_none() {
            assert_eq!(grounds(p), more);
        }
    }
}

#[test]
fn table_format_ranks_applicants_after_the_findings() {
    let text = ok_stdout(&screen(&["--applicants", "--applicants-top", "5"]));
    let (findings, ranking) = text
        .split_once("\napplicants: ")
        .expect("an applicant section");
    assert!(findings.contains("CN-4"));
    assert!(findings.contains("  applicant "));
    // After the summary and header lines: one row a group, then indented indicator lines.
    let rows: Vec<&str> = ranking
        .lines()
        .skip(2)
        .filter(|l| !l.starts_with("        "))
        .collect();
    assert_eq!(rows.len(), 5, "{ranking}");
    let hoarder = ranking
        .lines()
        .position(|l| l.contains(HOARDER))
        .expect("hoarder listed");
    // Its contributing indicators follow its row, indented.
    let next = ranking.lines().nth(hoarder + 1).unwrap();
    assert!(next.starts_with("        "), "{next}");
    assert!(next.contains(": "), "{next}");
}

#[test]
fn applicant_options_fail_as_user_errors() {
    let o = screen(&["--applicants-out", "x.jsonl"]);
    assert_eq!(o.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("profile.json");
    std::fs::write(&bad, "{\n  \"threshold\": \"high\"\n}\n").unwrap();
    let o = screen(&["--applicants", "--applicant-config", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("profile.json:2"), "{err}");
    std::fs::write(&bad, "{\"threshold\": 1.5}").unwrap();
    let o = screen(&["--applicants", "--applicant-config", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("field threshold"), "{err}");
    let o = screen(&["--applicants", "--applicant-threshold", "1.5"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_higher_threshold_notes_fewer_findings() {
    let all = lines(&ok_stdout(&screen(&[
        "--format",
        "jsonl",
        "--applicants",
        "--applicant-threshold",
        "0.0",
    ])));
    let strict = lines(&ok_stdout(&screen(&[
        "--format",
        "jsonl",
        "--applicants",
        "--applicant-threshold",
        "0.75",
    ])));
    let noted = |v: &[Value]| v.iter().filter(|f| f.get("applicant").is_some()).count();
    assert_eq!(noted(&all), all.len());
    assert!(noted(&strict) < noted(&all));
    for f in &strict {
        if let Some(a) = f.get("applicant") {
            assert!(a["score"].as_f64().unwrap() >= 0.75);
        }
    }
}
