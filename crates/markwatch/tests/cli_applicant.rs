//! `markwatch applicant` through the binary, on a database ingested with `markwatch ingest`.

mod common;
use common::{markwatch, stderr, stdout};

/// A squatter under two spellings at one address, a conglomerate with its house mark in many
/// classes, and an agency filing outside class 45.
const REGISTER: &str = r#"{"id":"CN:1","office":"CN","mark":"松阪牛","applicants":[{"name":"王小明","address":"杭州市文三路100号1楼101室"}],"classes":[{"class":29,"cn_groups":["2901"]}],"dates":{"filing":"2025-03-01"}}
{"id":"CN:2","office":"CN","mark":"松坂牛","applicants":[{"name":"王小明","address":"杭州市文三路100号1楼101室"}],"classes":[29],"dates":{"filing":"2025-03-05"}}
{"id":"CN:3","office":"CN","mark":"松板牛","applicants":[{"name":"王曉明","address":"杭州市 文三路 100号 1楼 101室"}],"classes":[29],"dates":{"filing":"2025-03-09"}}
{"id":"CN:4","office":"CN","mark":"獭祭","applicants":[{"name":"王小明"}],"classes":[33],"dates":{"filing":"2025-04-01"}}
{"id":"JP:1","office":"JP","mark":"HOSHIMORI","applicants":[{"name":"星森ホールディングス株式会社"}],"classes":[9],"dates":{"filing":"2024-01-10"}}
{"id":"JP:2","office":"JP","mark":"HOSHIMORI","applicants":[{"name":"㈱星森ホールディングス"}],"classes":[30],"dates":{"filing":"2024-01-10"}}
{"id":"JP:3","office":"JP","mark":"Hoshimori","applicants":[{"name":"星森ホールディングス株式会社"}],"classes":[35],"dates":{"filing":"2024-01-11"}}
{"id":"CN:5","office":"CN","mark":"Blue Fox","applicants":[{"name":"北京某某商标代理有限公司"}],"classes":[25],"dates":{"filing":"2024-05-01"}}
"#;

const MATCHES: &str = r#"{"record_id":"CN:1","target_id":"G-matsusaka","kind":"gi","owner":"松阪牛協議会"}
{"record_id":"CN:2","target_id":"G-matsusaka","kind":"gi","owner":"松阪牛協議会"}
{"record_id":"CN:3","target_id":"G-matsusaka","kind":"gi","owner":"松阪牛協議会"}
{"record_id":"CN:4","target_id":"S-dassai","kind":"brand","owner":"旭酒造株式会社"}
{"record_id":"JP:1","target_id":"B-hoshimori","kind":"brand","owner":"星森ホールディングス株式会社"}
"#;

/// A tempdir with `register.jsonl` ingested into `markwatch.db` and `matches.jsonl`.
fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("register.jsonl"), REGISTER).unwrap();
    std::fs::write(dir.path().join("matches.jsonl"), MATCHES).unwrap();
    let out = markwatch(dir.path(), &["ingest", "register.jsonl"]);
    assert!(out.status.success(), "ingest failed: {}", stderr(&out));
    dir
}

#[test]
fn profile_table_lists_members_indicators_and_filings() {
    let dir = setup();
    let out = markwatch(dir.path(), &["applicant", "王小明"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("applicant  王小明\nkind       individual\n"),
        "{text}"
    );
    assert!(
        text.contains("same address: 杭州市文三路1001楼101室"),
        "{text}"
    );
    for name in [
        "volume",
        "class_spread",
        "group_spread",
        "third_party_share",
        "distinct_targets",
        "near_miss",
        "timing",
        "assignments",
        "adverse",
        "agency",
    ] {
        assert!(
            text.contains(&format!("\n  {name} ")),
            "{name} missing: {text}"
        );
    }
    // Without --matches the output says which indicators had no match data.
    assert!(
        text.contains("(no data: no screening matches supplied)"),
        "{text}"
    );
    assert!(
        text.contains("CN:3  2025-03-09  松板牛  classes 29"),
        "{text}"
    );
    assert!(
        stderr(&out).contains("profiled 8 records"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn any_script_or_legal_form_finds_the_group() {
    let dir = setup();
    for name in [
        "㈱星森ホールディングス",
        "星森ホールディングス",
        "星森ホールディングス株式会社",
    ] {
        let out = markwatch(dir.path(), &["applicant", name, "--format", "json"]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(v["kind"], "company", "{name}");
        assert_eq!(v["filings"].as_array().unwrap().len(), 3, "{name}");
    }
    // The traditional spelling finds the same person.
    let out = markwatch(dir.path(), &["applicant", "王曉明", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["group_id"], "王小明");
}

#[test]
fn matches_raise_the_squatter_and_spare_the_house_mark() {
    let dir = setup();
    let out = markwatch(
        dir.path(),
        &[
            "applicant",
            "王小明",
            "--matches",
            "matches.jsonl",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(v["score"].as_f64().unwrap() >= 0.5, "{v}");
    let grounds: Vec<&str> = v["grounds_hint"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap())
        .collect();
    assert_eq!(grounds, ["CN-4", "JP-3-1", "JP-4-1-7", "JP-4-1-19"]);
    let near = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "near_miss")
        .unwrap();
    assert_eq!(near["value"], 3.0);

    let out = markwatch(
        dir.path(),
        &[
            "applicant",
            "星森ホールディングス",
            "--matches",
            "matches.jsonl",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(v["score"].as_f64().unwrap() < 0.5, "{v}");
    assert_eq!(v["grounds_hint"].as_array().unwrap().len(), 0);
}

#[test]
fn all_ranks_groups_and_window_days_is_used() {
    let dir = setup();
    let out = markwatch(
        dir.path(),
        &[
            "applicant",
            "--all",
            "--format",
            "json",
            "--window-days",
            "7",
            "--matches",
            "matches.jsonl",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    let scores: Vec<f64> = lines.iter().map(|l| l["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert_eq!(lines[0]["kind"], "agency");

    let out = markwatch(
        dir.path(),
        &[
            "applicant",
            "王小明",
            "--window-days",
            "7",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let volume = &v["indicators"][0];
    assert!(
        volume["explanation"]
            .as_str()
            .unwrap()
            .contains("in the 7 days from"),
        "{volume}"
    );
}

#[test]
fn unknown_name_and_bad_inputs_are_user_faults() {
    let dir = setup();
    let out = markwatch(dir.path(), &["applicant", "Nobody Such Ltd."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no applicant matches \"Nobody Such Ltd.\""),
        "{}",
        stderr(&out)
    );

    std::fs::write(
        dir.path().join("bad.jsonl"),
        "{\"record_id\":\"CN:1\",\"kind\":\"gi\"}\n",
    )
    .unwrap();
    let out = markwatch(
        dir.path(),
        &["applicant", "王小明", "--matches", "bad.jsonl"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("bad.jsonl:1: field target_id: missing"),
        "{}",
        stderr(&out)
    );

    let out = markwatch(dir.path(), &["applicant", "王小明", "--db", "missing.db"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("missing.db does not exist"),
        "{}",
        stderr(&out)
    );

    let out = markwatch(dir.path(), &["applicant", "王小明", "--window-days", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("field window_days"),
        "{}",
        stderr(&out)
    );
}
