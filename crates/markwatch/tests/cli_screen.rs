//! `markwatch index`, `search` and `screen` through the binary.

use std::path::{Path, PathBuf};

mod common;
use common::{hit_ids, run, stderr_utf8 as stderr, stdout_utf8 as stdout};

const REGISTER: &str = r#"{"id":"CN:61234567","office":"CN","mark":"STARBUCKS","classes":[{"class":43}]}
{"id":"CN:70000001","office":"CN","mark":"王老吉","classes":[{"class":32}]}
{"id":"JP:2024-000001","office":"JP","mark":"TOSHIBA","classes":[{"class":9}]}
{"id":"CN:70000002","office":"CN","mark":"京都","classes":[]}
"#;

const WATCH: &str = "id,kind,names,owner,country,classes\n\
P-starbucks,brand,STARBUCKS|星巴克,Starbucks Corporation,US,43\n\
P-kyoto,place,京都|Kyoto,Kyoto Prefecture,JP,\n";

const FILINGS: &str = r#"{"id":"Q1","office":"CN","mark":"STARBUKS","classes":[{"class":43}]}
{"id":"Q2","office":"CN","mark":"HUAWEI","classes":[{"class":9}]}
{"id":"Q3","office":"CN","mark":"KYOTO MATCHA","classes":[{"class":30}]}
"#;

/// The JSON lines a successful run printed (fails the test, with its stderr, otherwise).
fn json_lines(o: &std::process::Output) -> Vec<serde_json::Value> {
    assert!(o.status.success(), "{}", stderr(o));
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The findings of `screen FILINGS --format jsonl ARGS...` (fails the test unless it succeeds).
fn screen_jsonl(filings: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["screen", filings.to_str().unwrap(), "--format", "jsonl"];
    all.extend_from_slice(args);
    json_lines(&run(&all))
}

fn fixture(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn index_then_search_with_queries_keeps_order_and_string_ids() {
    let dir = tempfile::tempdir().unwrap();
    let reg = fixture(dir.path(), "reg.jsonl", REGISTER);
    let idx = dir.path().join("reg.mwi");
    let o = run(&[
        "index",
        reg.to_str().unwrap(),
        "--out",
        idx.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("indexed 4 documents"), "{}", stderr(&o));

    let queries = fixture(dir.path(), "q.txt", "王老古\nSTARBUKS\n\nTOSHIBA\n");
    let o = run(&[
        "search",
        "--queries",
        queries.to_str().unwrap(),
        "--register",
        idx.to_str().unwrap(),
        "--top",
        "2",
    ]);
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 4);
    let firsts: Vec<Option<&str>> = lines
        .iter()
        .map(|l| l["hits"].get(0).map(|h| h["id"].as_str().unwrap()))
        .collect();
    assert_eq!(
        firsts,
        [
            Some("CN:70000001"),
            Some("CN:61234567"),
            None,
            Some("JP:2024-000001")
        ]
    );
    assert_eq!(lines[1]["query"], "STARBUKS");
    assert!(lines[0]["hits"].as_array().unwrap().len() <= 2);
}

#[test]
fn search_reads_record_files_directly_and_filters_by_class() {
    let dir = tempfile::tempdir().unwrap();
    let reg = fixture(dir.path(), "reg.jsonl", REGISTER);
    let o = run(&[
        "search",
        "STARBUKS",
        "--register",
        reg.to_str().unwrap(),
        "--format",
        "json",
        "--class",
        "9",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let ids = hit_ids(&v);
    assert!(
        !ids.contains(&"CN:61234567"),
        "class 43 mark filtered out: {ids:?}"
    );
}

#[test]
fn screen_jsonl_prints_one_finding_a_line_with_the_contract_fields() {
    let dir = tempfile::tempdir().unwrap();
    let watch = fixture(dir.path(), "watch.csv", WATCH);
    let filings = fixture(dir.path(), "filings.jsonl", FILINGS);
    let o = run(&[
        "screen",
        filings.to_str().unwrap(),
        "--watch",
        watch.to_str().unwrap(),
        "--format",
        "jsonl",
    ]);
    let findings = json_lines(&o);
    let pairs: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["filing_id"].as_str().unwrap(),
                f["target_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(pairs, [("Q1", "P-starbucks"), ("Q3", "P-kyoto")]);
    let f = &findings[0];
    assert_eq!(
        f["target_names"],
        serde_json::json!(["STARBUCKS", "星巴克"])
    );
    assert!(f["score"].as_f64().unwrap() >= 0.7);
    assert!(f["grounds"].is_array());
    assert!(f["explanation"]["children"].is_array());
    assert!(stderr(&o).contains("screened 3 filings"), "{}", stderr(&o));
}

#[test]
fn screen_weighs_unrelated_goods_more_against_a_watched_gi_than_a_brand() {
    let dir = tempfile::tempdir().unwrap();
    let watch = fixture(
        dir.path(),
        "watch.csv",
        "id,kind,names,owner,country,classes\n\
         G,gi,夕張メロン|夕张甜瓜,Yubari Melon Cooperative,JP,31\n\
         B,brand,夕張メロン|夕张甜瓜,Yubari Melon Cooperative,JP,31\n",
    );
    let filings = fixture(
        dir.path(),
        "filings.jsonl",
        "{\"id\":\"F1\",\"office\":\"CN\",\"mark\":\"夕张甜瓜\",\"classes\":[25]}\n",
    );
    let screen = |threshold: &str| {
        screen_jsonl(
            &filings,
            &["--watch", watch.to_str().unwrap(), "--threshold", threshold],
        )
    };
    // Clothing (25) against melons (31): the brand is reported at the default threshold, the
    // GI of the same names is not.
    let ids: Vec<String> = screen("0.7")
        .iter()
        .map(|f| f["target_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["B"]);
    let low = screen("0.5");
    let gi = low
        .iter()
        .find(|f| f["target_id"] == "G")
        .expect("the GI at 0.5");
    assert_eq!(gi["score"], 0.6);
    let goods = &gi["explanation"]["children"][1];
    assert_eq!(goods["method"], "goods");
    assert!(
        goods["detail"]
            .as_str()
            .unwrap()
            .ends_with("a geographical indication protects its own goods"),
        "{goods}"
    );
}

#[test]
fn screen_threshold_and_register_index() {
    let dir = tempfile::tempdir().unwrap();
    let reg = fixture(dir.path(), "reg.jsonl", REGISTER);
    let idx = dir.path().join("reg.mwi");
    assert!(run(&[
        "index",
        reg.to_str().unwrap(),
        "--out",
        idx.to_str().unwrap()
    ])
    .status
    .success());
    let filings = fixture(dir.path(), "filings.jsonl", FILINGS);
    // The findings of `screen FILINGS --register register --format jsonl`.
    let screen = |register: &Path| -> Vec<serde_json::Value> {
        screen_jsonl(&filings, &["--register", register.to_str().unwrap()])
    };
    let starbucks = |found: &[serde_json::Value]| -> serde_json::Value {
        found
            .iter()
            .find(|f| f["target_id"] == "CN:61234567")
            .cloned()
            .expect("STARBUKS is found as CN:61234567")
    };
    let from_index = starbucks(&screen(&idx));
    // The index holds the target's goods: the finding shows them, as with a record file.
    assert_eq!(from_index["target"]["classes"], serde_json::json!([43]));
    assert_eq!(from_index["target"]["country"], "CN");
    let from_records = starbucks(&screen(&reg));
    assert_eq!(
        from_records["target"]["classes"],
        from_index["target"]["classes"]
    );
    let strict = screen_jsonl(
        &filings,
        &["--register", idx.to_str().unwrap(), "--threshold", "1"],
    );
    assert!(strict.iter().all(|f| f["score"].as_f64().unwrap() >= 1.0));
    assert!(
        strict.iter().all(|f| f["filing_id"] != "Q2"),
        "HUAWEI is like nothing in the register"
    );
}

#[test]
fn index_append_adds_a_daily_batch() {
    let dir = tempfile::tempdir().unwrap();
    let reg = fixture(dir.path(), "reg.jsonl", REGISTER);
    let batch = fixture(
        dir.path(),
        "batch.jsonl",
        "{\"id\":\"CN:80000001\",\"office\":\"CN\",\"mark\":\"喜茶\"}\n",
    );
    let idx = dir.path().join("reg.mwi");
    let out = idx.to_str().unwrap();
    assert!(run(&["index", reg.to_str().unwrap(), "--out", out])
        .status
        .success());
    let o = run(&["index", batch.to_str().unwrap(), "--out", out, "--append"]);
    assert!(stderr(&o).contains("indexed 5 documents"), "{}", stderr(&o));
    let o = run(&["search", "喜茶", "--register", out, "--format", "json"]);
    assert!(stdout(&o).contains("CN:80000001"));
}

#[test]
fn index_shards_search_and_screen_as_one_register() {
    // The register of the examples, in two halves indexed separately, answers as the whole.
    let dir = tempfile::tempdir().unwrap();
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let text = std::fs::read_to_string(examples.join("filings.jsonl")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let (first, second) = lines.split_at(lines.len() / 2);
    let whole = fixture(dir.path(), "whole.jsonl", &text);
    let a = fixture(dir.path(), "a.jsonl", &(first.join("\n") + "\n"));
    let b = fixture(dir.path(), "b.jsonl", &(second.join("\n") + "\n"));
    let idx = |src: &Path, name: &str| {
        let out = dir.path().join(name);
        let o = run(&[
            "index",
            src.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        out.to_str().unwrap().to_string()
    };
    let (w, ia, ib) = (idx(&whole, "w.mwi"), idx(&a, "a.mwi"), idx(&b, "b.mwi"));
    let queries = fixture(
        dir.path(),
        "q.txt",
        "无印良品\n松坂牛\nKOBE BEEF\n今治タオル\nAomori\n",
    );
    let search = |regs: &[&str]| -> Vec<Vec<(String, f64)>> {
        let mut args = vec![
            "search",
            "--queries",
            queries.to_str().unwrap(),
            "--top",
            "5",
        ];
        for r in regs {
            args.extend(["--register", r]);
        }
        let o = run(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["hits"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|h| {
                        (
                            h["id"].as_str().unwrap().to_string(),
                            h["score"].as_f64().unwrap(),
                        )
                    })
                    .collect()
            })
            .collect()
    };
    let one = search(&[&w]);
    assert!(one.iter().all(|hits| !hits.is_empty()), "{one:?}");
    // Registers this small are scored exhaustively: the same hits, scores and order.
    assert_eq!(search(&[&ia, &ib]), one);
    // `--shard-size` writes the shards itself, numbered before the extension.
    let out = dir.path().join("s.mwi");
    let o = run(&[
        "index",
        whole.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--shard-size",
        "150",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let n = lines.len();
    assert!(
        stderr(&o).contains(&format!("indexed {n} documents (0 rejected) into")),
        "{}",
        stderr(&o)
    );
    let parts: Vec<String> = (1..=n.div_ceil(150))
        .map(|i| {
            dir.path()
                .join(format!("s.{i}.mwi"))
                .to_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        parts.iter().all(|p| Path::new(p).exists()),
        "{}",
        stderr(&o)
    );
    assert!(!dir
        .path()
        .join(format!("s.{}.mwi", parts.len() + 1))
        .exists());
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    assert_eq!(search(&refs), one);
    for bad in [
        &["--shard-size", "0"][..],
        &["--shard-size", "5", "--append"][..],
    ] {
        let mut args = vec![
            "index",
            whole.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend(bad);
        assert_eq!(run(&args).status.code(), Some(2), "{bad:?}");
    }

    let o = run(&[
        "search",
        "X",
        "--register",
        &ia,
        "--register",
        whole.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot be mixed"), "{}", stderr(&o));

    // The first half screened against the register (itself included).
    let screen = |regs: &[&str]| -> Vec<String> {
        let mut args = vec!["screen", a.to_str().unwrap(), "--format", "jsonl"];
        for r in regs {
            args.extend(["--register", r]);
        }
        let o = run(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        let mut v: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
        v.sort();
        v
    };
    let whole_findings = screen(&[&w]);
    assert!(
        whole_findings.len() >= first.len(),
        "{}",
        whole_findings.len()
    );
    assert_eq!(screen(&[&ia, &ib]), whole_findings);
}

#[test]
fn user_errors_exit_2_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let filings = fixture(dir.path(), "filings.jsonl", FILINGS);
    let o = run(&["screen", filings.to_str().unwrap(), "--threshold", "2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--threshold"), "{}", stderr(&o));

    let bad = fixture(
        dir.path(),
        "watch.csv",
        "id,kind,names,owner,country,classes\nA,brand,X,O,JP,77\n",
    );
    let o = run(&[
        "screen",
        filings.to_str().unwrap(),
        "--watch",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("watch.csv:2: field classes"),
        "{}",
        stderr(&o)
    );

    let not_index = fixture(dir.path(), "x.mwi", "MWINDEX\0garbage");
    let o = run(&["search", "X", "--register", not_index.to_str().unwrap()]);
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("x.mwi"), "{}", stderr(&o));
}

#[test]
fn screen_public_eval_through_the_binary() {
    let eval = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval");
    if !eval.join("watch.csv").exists() {
        return;
    }
    let findings = screen_jsonl(
        &eval.join("filings.jsonl"),
        &["--watch", eval.join("watch.csv").to_str().unwrap()],
    );
    let expect = std::fs::read_to_string(eval.join("expect.tsv")).unwrap();
    let found: std::collections::HashSet<(String, String)> = findings
        .iter()
        .map(|v| {
            (
                v["filing_id"].as_str().unwrap().to_string(),
                v["target_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Every printed finding is for a filing in the set, and expected negatives stay silent
    // for the most part (the exact rates are asserted in markwatch-core's screen test).
    let negatives: Vec<&str> = expect
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .filter(|(_, t)| t.trim() == "-")
        .map(|(f, _)| f)
        .collect();
    let alarms = negatives
        .iter()
        .filter(|f| found.iter().any(|(g, _)| g == *f))
        .count();
    assert!(alarms * 20 <= negatives.len(), "{alarms} false alarms");
}
