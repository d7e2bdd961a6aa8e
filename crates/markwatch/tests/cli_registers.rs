//! `markwatch registers` and `markwatch screen` with the built-in registers, through the binary.

use std::path::PathBuf;
use std::process::Output;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

mod common;
use common::{stderr_utf8 as stderr, stdout_utf8 as stdout};

/// Runs the binary in the repository root, so that relative paths (and the `source.file` of
/// the filings in the output) are stable.
fn run(args: &[&str]) -> Output {
    common::markwatch(&repo(), args)
}

fn jsonl(o: &Output) -> Vec<serde_json::Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn registers_prints_coverage_above_the_minimums() {
    let o = run(&["registers", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let count = |kind: &str| -> u64 {
        v["registers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["kind"] == kind)
            .map(|c| c["entries"].as_u64().unwrap())
            .sum()
    };
    for (kind, min) in [
        ("prefecture", 47),
        ("municipality", 1700),
        ("cn_county", 2900),
        ("cn_province", 34),
        ("well_known", 200),
        ("gi", 145),
        ("liquor_gi", 29),
        ("collective", 100),
        ("eu_cn_gi", 110),
    ] {
        assert!(count(kind) >= min, "{kind}: {} < {min}", count(kind));
    }
    // The per-register totals of the README's coverage table (issue 5).
    for (register, n) in [
        ("jp_gi", 151),
        ("jp_liquor_gi", 29),
        ("jp_collective", 128),
        ("jp_places", 2112),
        ("cn_places", 3753),
        ("cn_gi", 350),
        ("well_known", 252),
    ] {
        let got: u64 = v["registers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["register"] == register)
            .map(|c| c["entries"].as_u64().unwrap())
            .sum();
        assert_eq!(got, n, "{register}");
    }
    assert!(v["other_meaning"].as_u64().unwrap() >= 90);
    assert!(v["names"].as_u64().unwrap() >= 30_000);

    let o = run(&["registers"]);
    assert!(o.status.success());
    let table = stdout(&o);
    assert!(table.starts_with("register"), "{table}");
    assert!(table
        .lines()
        .any(|l| l.starts_with("cn_places") && l.contains("cn_county")));
    assert!(table.lines().any(|l| l.starts_with("total")));
}

#[test]
fn screen_without_a_watch_list_uses_the_builtin_registers() {
    let o = run(&[
        "screen",
        "examples/filings.jsonl",
        "--today",
        "2025-12-01",
        "--format",
        "jsonl",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("built-in registers included"),
        "{}",
        stderr(&o)
    );
    let findings = jsonl(&o);
    // The planted cases of EXPECTED.md are flagged.
    let expected = std::fs::read_to_string(repo().join("examples/EXPECTED.md")).unwrap();
    let planted: Vec<&str> = expected
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| l.split('`').nth(1).unwrap())
        .collect();
    let flagged = planted
        .iter()
        .filter(|id| findings.iter().any(|f| f["filing_id"] == **id))
        .count();
    assert!(
        flagged * 10 >= planted.len() * 9,
        "{flagged}/{}",
        planted.len()
    );
    // Every finding has the contract's fields, grounds, and grounds equal to its legal codes.
    for f in &findings {
        for key in [
            "filing_id",
            "target_id",
            "target_names",
            "score",
            "grounds",
            "explanation",
            "target",
            "filing",
            "legal",
            "deadlines",
        ] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
        let codes: Vec<&serde_json::Value> = f["legal"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| &g["code"])
            .collect();
        assert!(!codes.is_empty(), "{f}");
        assert_eq!(
            f["grounds"].as_array().unwrap().iter().collect::<Vec<_>>(),
            codes
        );
        assert_eq!(f["filing"]["id"], f["filing_id"]);
        assert_eq!(f["target"]["id"], f["target_id"]);
        assert!(f["target"]["knownness"].is_u64());
        // Owners come from the register: a string where it names one, else null.
        assert!(
            f["target"]["owner"].is_null() || f["target"]["owner"].is_string(),
            "{f}"
        );
    }
    // Well-known marks name their owner (register format v2).
    assert!(findings
        .iter()
        .filter(|f| f["target"]["register"] == "well_known")
        .any(|f| f["target"]["owner"].is_string()));
    // Sorted by urgency: findings with an open deadline come before those without.
    let open = |f: &serde_json::Value| {
        f["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["state"] == "open")
    };
    let first_closed = findings
        .iter()
        .position(|f| !open(f))
        .unwrap_or(findings.len());
    assert!(findings[first_closed..].iter().all(|f| !open(f)));
    assert!(
        first_closed > 0,
        "some sample filings are in their opposition period"
    );

    // One finding's JSON, with grounds and deadlines as of --today.
    let muji = findings
        .iter()
        .find(|f| f["filing_id"] == "CN:75719234" && f["target_id"] == "WKJP-muji")
        .expect("无印良品 flagged against MUJI");
    insta::assert_json_snapshot!("screen_builtin_muji", muji);
}

#[test]
fn watch_list_findings_carry_grounds_and_deadlines() {
    let eval = repo().join("../shared/eval");
    let (filings, watch) = if eval.join("watch.csv").exists() {
        (eval.join("filings.jsonl"), eval.join("watch.csv"))
    } else {
        (
            repo().join("examples/filings.jsonl"),
            repo().join("examples/watch.csv"),
        )
    };
    let o = run(&[
        "screen",
        filings.to_str().unwrap(),
        "--watch",
        watch.to_str().unwrap(),
        "--today",
        "2025-12-01",
        "--format",
        "jsonl",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("built-in"), "{}", stderr(&o));
    let findings = jsonl(&o);
    assert!(!findings.is_empty());
    for f in &findings {
        assert_eq!(f["target"]["register"], "watch");
        assert!(f["deadlines"].is_array() && f["legal"].is_array(), "{f}");
    }
    let with_grounds = findings
        .iter()
        .filter(|f| !f["grounds"].as_array().unwrap().is_empty())
        .count();
    assert!(
        with_grounds * 2 >= findings.len(),
        "{with_grounds}/{}",
        findings.len()
    );
}

#[test]
fn bad_today_is_a_user_error() {
    let o = run(&[
        "screen",
        "examples/filings.jsonl",
        "--watch",
        "examples/watch.csv",
        "--today",
        "2025-13-01",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--today"), "{}", stderr(&o));
}

#[test]
fn earlier_register_findings_name_the_owner_and_count_days_from_today() {
    let dir = tempfile::tempdir().unwrap();
    let reg = dir.path().join("reg.jsonl");
    std::fs::write(
        &reg,
        "{\"id\":\"CN:61234567\",\"office\":\"CN\",\"mark\":\"STARBUCKS\",\
         \"applicants\":[{\"name\":\"Starbucks Corporation\"}],\"classes\":[{\"class\":43}]}\n",
    )
    .unwrap();
    let filings = dir.path().join("q.jsonl");
    std::fs::write(
        &filings,
        "{\"id\":\"Q1\",\"office\":\"CN\",\"mark\":\"STARBUKS\",\"classes\":[{\"class\":43}],\
         \"status\":\"published\",\"dates\":{\"filing\":\"2025-03-01\",\"publication\":\"2025-11-01\"}}\n",
    )
    .unwrap();
    let o = run(&[
        "screen",
        filings.to_str().unwrap(),
        "--register",
        reg.to_str().unwrap(),
        "--today",
        "2025-12-01",
        "--format",
        "jsonl",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let f = &jsonl(&o)[0];
    assert_eq!(f["target"]["register"], "index");
    assert_eq!(f["target"]["kind"], "registered_mark");
    assert_eq!(f["target"]["owner"], "Starbucks Corporation");
    assert_eq!(f["target"]["country"], "CN");
    // An earlier mark registered in China, same goods: Art. 30.
    assert_eq!(f["grounds"], serde_json::json!(["CN-30"]));
    // Opposition: 3 months from publication on 2025-11-01, i.e. until 2026-02-01.
    let opp = &f["deadlines"][0];
    assert_eq!(opp["action"], "opposition");
    assert_eq!(opp["state"], "open");
    assert_eq!(opp["closes"], "2026-02-01");
    assert_eq!(opp["days_left"], 62);
}
