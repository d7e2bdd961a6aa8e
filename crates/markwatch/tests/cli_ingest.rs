//! `markwatch ingest` and `markwatch stats` through the binary, one module per topic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use markwatch_store::Store;

mod common;
use common::{markwatch, stderr};

/// The last line on stderr: the run summary.
fn summary(out: &Output) -> String {
    stderr(out).lines().last().unwrap_or_default().to_string()
}

/// Asserts the run failed as a user fault: exit 2 and exactly one line `markwatch: …` on stderr.
/// Returns that line.
fn user_fault(out: &Output) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "expected one line, got {err:?}");
    assert!(lines[0].starts_with("markwatch: "), "{err}");
    lines[0].to_string()
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn count(db: &Path) -> u64 {
    Store::open_read_only(db).unwrap().count().unwrap()
}

fn rejects(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const JSONL: &str = r#"{"id":"CN:70000001","office":"CN","mark":"今治","classes":[{"class":24,"goods":"毛巾"}],"applicants":[{"name":"广州市示例家纺有限公司","country":"CN"}],"status":"published","dates":{"filing":"2025-03-01","publication":"2025-08-06"}}
{"id":"JP:2025-000001","office":"JP","mark":"紹興酒","classes":[33]}
"#;

const CSV: &str = "id,office,mark,status,applicant,classes,goods,filing_date\n\
    CN:70000002,CN,松坂牛,filed,山东示例食品有限公司,29|43,牛肉|餐厅,2025-04-02\n\
    JP:2025-000002,JP,コシヒカリ,registered,株式会社サンプル農園,30,米,2024-12-01\n";

const ST66: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Transaction>
<TradeMarkTransactionBody><TransactionContentDetails><TransactionData><TradeMarkDetails>
<TradeMark>
<RegistrationOfficeCode>CN</RegistrationOfficeCode>
<ApplicationNumber>70000003</ApplicationNumber>
<ApplicationDate>2025-05-05</ApplicationDate>
<MarkCurrentStatusCode>Application filed</MarkCurrentStatusCode>
<MarkFeature>Word</MarkFeature>
<WordMarkSpecification><MarkVerbalElementText>神户牛</MarkVerbalElementText></WordMarkSpecification>
<GoodsServicesDetails><GoodsServices><ClassDescriptionDetails>
<ClassDescription><ClassNumber>29</ClassNumber><GoodsServicesDescription>牛肉</GoodsServicesDescription></ClassDescription>
</ClassDescriptionDetails></GoodsServices></GoodsServicesDetails>
</TradeMark>
</TradeMarkDetails></TransactionData></TransactionContentDetails></TradeMarkTransactionBody>
</Transaction>
"#;

const ST96: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmk:TrademarkBag xmlns:tmk="http://www.wipo.int/standards/XMLSchema/ST96/Trademark" xmlns:com="http://www.wipo.int/standards/XMLSchema/ST96/Common">
<tmk:Trademark>
<com:RegistrationOfficeCode>JP</com:RegistrationOfficeCode>
<com:ApplicationNumber><com:ApplicationNumberText>2025-000003</com:ApplicationNumberText></com:ApplicationNumber>
<tmk:ApplicationDate>2025-06-06</tmk:ApplicationDate>
<tmk:MarkRepresentation><tmk:MarkFeatureCategory>Word</tmk:MarkFeatureCategory>
<tmk:MarkReproduction><tmk:WordMarkSpecification><tmk:MarkVerbalElementText>茅台</tmk:MarkVerbalElementText></tmk:WordMarkSpecification></tmk:MarkReproduction>
</tmk:MarkRepresentation>
<tmk:GoodsServicesBag><tmk:GoodsServices><tmk:ClassDescriptionBag>
<tmk:ClassDescription><tmk:ClassNumber>33</tmk:ClassNumber></tmk:ClassDescription>
</tmk:ClassDescriptionBag></tmk:GoodsServices></tmk:GoodsServicesBag>
</tmk:Trademark>
</tmk:TrademarkBag>
"#;

mod formats {
    use super::*;

    #[test]
    fn every_format_ingests_in_one_run_and_stats_counts_it() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for (name, text) in [
            ("a.jsonl", JSONL),
            ("b.csv", CSV),
            ("c.xml", ST66),
            ("d.xml", ST96),
        ] {
            std::fs::write(d.join(name), text).unwrap();
        }
        let out = markwatch(d, &["ingest", "a.jsonl", "b.csv", "c.xml", "d.xml"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(summary(&out), "read 6, stored 6, rejected 0");
        assert!(d.join("markwatch.db").is_file());
        assert!(!d.join("markwatch.db.rejects.jsonl").exists());

        let store = Store::open_read_only(d.join("markwatch.db")).unwrap();
        let kobe = store.get("CN:70000003").unwrap().expect("the ST.66 record");
        assert_eq!(kobe.mark, "神户牛");
        let maotai = store
            .get("JP:2025-000003")
            .unwrap()
            .expect("the ST.96 record");
        assert_eq!(maotai.mark, "茅台");
        let csv = store.get("CN:70000002").unwrap().expect("the CSV record");
        assert_eq!(csv.classes.len(), 2);
        assert_eq!(csv.source.unwrap().line, Some(2));

        let out = markwatch(d, &["stats", "--format", "json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(stats["records"], 6);
        assert_eq!(
            stats["by_office"],
            serde_json::json!([{"office": "CN", "records": 3}, {"office": "JP", "records": 3}])
        );
        let classes: Vec<u64> = stats["by_class"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["class"].as_u64().unwrap())
            .collect();
        assert_eq!(classes, vec![24, 29, 30, 33, 43]);

        let out = markwatch(d, &["stats"]);
        assert!(out.status.success());
        let table = String::from_utf8(out.stdout).unwrap();
        assert!(table.starts_with("records  6\n"), "{table}");
        assert!(table.contains("\nregistered        1\n"), "{table}");
    }

    #[test]
    fn format_flag_overrides_detection() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("feed.txt"), JSONL).unwrap();
        let out = markwatch(dir.path(), &["ingest", "--format", "jsonl", "feed.txt"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(summary(&out), "read 2, stored 2, rejected 0");
    }

    #[test]
    fn the_bundled_examples_ingest_cleanly_and_hold_the_planted_cases() {
        let dir = tempfile::tempdir().unwrap();
        let ex = examples();
        let files = [
            "filings.jsonl",
            "filings.csv",
            "gazette-st66.xml",
            "gazette-st96.xml",
        ]
        .map(|f| ex.join(f).display().to_string());
        let mut args = vec!["ingest"];
        args.extend(files.iter().map(String::as_str));
        let out = markwatch(dir.path(), &args);
        assert!(out.status.success(), "{}", stderr(&out));
        let lines = std::fs::read_to_string(ex.join("filings.jsonl"))
            .unwrap()
            .lines()
            .count() as u64;
        let s = summary(&out);
        let read: u64 = s
            .strip_prefix("read ")
            .and_then(|r| r.split(',').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("bad summary {s:?}"));
        assert!(read > lines, "{s}");
        assert_eq!(s, format!("read {read}, stored {read}, rejected 0"));
        // The small files repeat filings of the JSONL file: no new ids.
        let db = dir.path().join("markwatch.db");
        assert_eq!(count(&db), lines);

        // Every planted case in EXPECTED.md is in the data, with the mark it names.
        let store = Store::open_read_only(&db).unwrap();
        let expected = std::fs::read_to_string(ex.join("EXPECTED.md")).unwrap();
        let mut planted = 0;
        for row in expected.lines().filter(|l| l.starts_with("| `")) {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            let id = cells[1].trim_matches('`');
            let mark = cells[2];
            let record = store
                .get(id)
                .unwrap()
                .unwrap_or_else(|| panic!("{id} is not in the examples"));
            assert_eq!(record.mark, mark, "{id}");
            planted += 1;
        }
        assert!(planted >= 20, "only {planted} planted cases listed");
    }
}

mod rejects {
    use super::*;

    #[test]
    fn malformed_jsonl_lines_are_counted_and_kept_with_their_position() {
        let dir = tempfile::tempdir().unwrap();
        let mut input = Vec::new();
        input.extend_from_slice(
            b"{\"id\":\"CN:1\",\"office\":\"CN\",\"mark\":\"\xE9\x9D\x92\xE6\xA3\xAE\"}\n",
        );
        input.extend_from_slice(b"{\"id\":\"CN:2\",\"office\":\"XX1\",\"mark\":\"A\"}\n");
        input.extend_from_slice(
            b"{\"id\":\"CN:3\",\"office\":\"CN\",\"mark\":\"B\",\"classes\":[99]}\n",
        );
        input.extend_from_slice(b"this is not json\n");
        input.extend_from_slice(b"{\"id\":\"CN:4\",\"office\":\"CN\",\"mark\":\"\xFF\xFE\"}\n");
        input.extend_from_slice(b"{\"id\":\"JP:5\",\"office\":\"JP\",\"mark\":\"C\"}\n");
        std::fs::write(dir.path().join("in.jsonl"), &input).unwrap();

        let out = markwatch(dir.path(), &["ingest", "in.jsonl", "--batch-size", "2"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(summary(&out), "read 6, stored 2, rejected 4");
        assert_eq!(count(&dir.path().join("markwatch.db")), 2);

        let lines = rejects(&dir.path().join("markwatch.db.rejects.jsonl"));
        let at: Vec<(u64, Option<&str>)> = lines
            .iter()
            .map(|l| (l["line"].as_u64().unwrap(), l["field"].as_str()))
            .collect();
        assert_eq!(at[0], (2, Some("office")));
        assert_eq!(at[1].0, 3);
        assert!(at[1].1.unwrap().starts_with("classes"), "{:?}", at[1]);
        assert_eq!(at[2], (4, None));
        assert_eq!(at[3].0, 5);
        for l in &lines {
            assert_eq!(l["file"], "in.jsonl");
            assert!(!l["reason"].as_str().unwrap().is_empty());
        }
        assert_eq!(lines[2]["raw"], "this is not json");
        // Bytes that are not UTF-8 are kept in base64 instead.
        assert!(lines[3].get("raw").is_none());
        let b64 = lines[3]["raw_base64"].as_str().unwrap();
        assert!(b64.starts_with("eyJpZCI6IkNOOjQi"), "{b64}"); // `{"id":"CN:4"`
    }

    #[test]
    fn a_custom_rejects_path_is_used_and_appended_to() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("in.jsonl"), "{\"id\":\"X\"}\n").unwrap();
        for _ in 0..2 {
            let out = markwatch(
                dir.path(),
                &[
                    "ingest",
                    "in.jsonl",
                    "--rejects",
                    "bad.jsonl",
                    "--db",
                    "x.db",
                ],
            );
            assert!(out.status.success(), "{}", stderr(&out));
            assert_eq!(summary(&out), "read 1, stored 0, rejected 1");
        }
        assert_eq!(rejects(&dir.path().join("bad.jsonl")).len(), 2);
        assert!(!dir.path().join("x.db.rejects.jsonl").exists());
    }

    #[test]
    fn broken_xml_is_rejected_and_the_good_records_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let good = |n: u32, mark: &str| {
            format!(
                "<TradeMark><RegistrationOfficeCode>CN</RegistrationOfficeCode>\
                 <ApplicationNumber>{n}</ApplicationNumber>\
                 <WordMarkSpecification><MarkVerbalElementText>{mark}</MarkVerbalElementText>\
                 </WordMarkSpecification></TradeMark>\n"
            )
        };
        let bad_class = "<TradeMark><RegistrationOfficeCode>CN</RegistrationOfficeCode>\
             <ApplicationNumber>3</ApplicationNumber>\
             <ClassDescription><ClassNumber>99</ClassNumber></ClassDescription></TradeMark>\n";
        let text = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Transaction>\n{}{}{}\
             <TradeMark><RegistrationOfficeCode>CN</Registration",
            good(1, "青森"),
            bad_class,
            good(2, "越光"),
        );
        std::fs::write(dir.path().join("g.xml"), text).unwrap();
        let out = markwatch(dir.path(), &["ingest", "g.xml"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let db = dir.path().join("markwatch.db");
        assert_eq!(count(&db), 2);
        let lines = rejects(&dir.path().join("markwatch.db.rejects.jsonl"));
        assert!(lines.len() >= 2, "{lines:?}");
        assert_eq!(lines[0]["field"], "ClassNumber");
        assert_eq!(lines[0]["line"], 4);
        assert_eq!(
            summary(&out),
            format!(
                "read {}, stored 2, rejected {}",
                2 + lines.len(),
                lines.len()
            )
        );
    }
}

mod failures {
    use super::*;

    #[test]
    fn strict_stops_at_the_first_bad_record_without_committing_its_batch() {
        let dir = tempfile::tempdir().unwrap();
        let text = "{\"id\":\"A\",\"office\":\"CN\",\"mark\":\"今治\"}\n\
                    {\"id\":\"B\",\"office\":\"CN\",\"mark\":\"越光\"}\n\
                    {\"id\":\"C\",\"office\":\"CN\",\"mark\":\"青森\"}\n\
                    {\"id\":\"D\",\"office\":\"China\",\"mark\":\"X\"}\n\
                    {\"id\":\"E\",\"office\":\"CN\",\"mark\":\"Y\"}\n";
        std::fs::write(dir.path().join("in.jsonl"), text).unwrap();

        let out = markwatch(dir.path(), &["ingest", "--strict", "in.jsonl"]);
        let line = user_fault(&out);
        assert!(
            line.starts_with("markwatch: in.jsonl:4 (record 4): field `office`: "),
            "{line}"
        );
        assert_eq!(count(&dir.path().join("markwatch.db")), 0);
        assert!(!dir.path().join("markwatch.db.rejects.jsonl").exists());

        // Batches completed before the bad record stay; the one in progress does not.
        let out = markwatch(
            dir.path(),
            &["ingest", "--strict", "--batch-size", "2", "in.jsonl"],
        );
        user_fault(&out);
        let store = Store::open_read_only(dir.path().join("markwatch.db")).unwrap();
        assert_eq!(store.count().unwrap(), 2);
        assert!(store.get("C").unwrap().is_none());
    }

    #[test]
    fn unknown_formats_and_unreadable_files_exit_2_storing_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("notes.txt"), "just some notes\n").unwrap();
        std::fs::write(d.join("ok.jsonl"), JSONL).unwrap();
        std::fs::create_dir(d.join("folder")).unwrap();

        let line = user_fault(&markwatch(d, &["ingest", "ok.jsonl", "notes.txt"]));
        assert!(line.contains("notes.txt"), "{line}");
        let line = user_fault(&markwatch(d, &["ingest", "ok.jsonl", "missing.jsonl"]));
        assert!(line.contains("missing.jsonl"), "{line}");
        let line = user_fault(&markwatch(d, &["ingest", "folder"]));
        assert!(line.contains("folder"), "{line}");
        let line = user_fault(&markwatch(d, &["ingest", "--format", "yaml", "ok.jsonl"]));
        assert!(line.contains("yaml"), "{line}");
        // Every input is checked before the database is touched.
        assert!(!d.join("markwatch.db").exists());
    }

    #[test]
    fn stats_without_a_database_exits_2() {
        let dir = tempfile::tempdir().unwrap();
        let line = user_fault(&markwatch(dir.path(), &["stats", "--db", "none.db"]));
        assert!(line.contains("none.db"), "{line}");
        assert!(!dir.path().join("none.db").exists());
    }

    #[test]
    fn a_database_path_that_cannot_be_a_file_exits_2() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ok.jsonl"), JSONL).unwrap();
        let line = user_fault(&markwatch(
            dir.path(),
            &["ingest", "--db", "no/such/dir/m.db", "ok.jsonl"],
        ));
        assert!(line.contains("no/such/dir"), "{line}");
        let line = user_fault(&markwatch(dir.path(), &["ingest", "--db", ".", "ok.jsonl"]));
        assert!(line.contains("directory"), "{line}");
    }

    #[test]
    fn a_file_that_is_not_a_database_exits_2() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ok.jsonl"), JSONL).unwrap();
        std::fs::write(dir.path().join("fake.db"), "not sqlite at all ".repeat(100)).unwrap();
        let line = user_fault(&markwatch(
            dir.path(),
            &["ingest", "--db", "fake.db", "ok.jsonl"],
        ));
        assert!(line.contains("fake.db"), "{line}");
    }
}

mod durability {
    use super::*;

    #[test]
    fn re_ingesting_a_file_does_not_duplicate() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.jsonl"), JSONL).unwrap();
        std::fs::write(dir.path().join("b.csv"), CSV).unwrap();
        for _ in 0..3 {
            let out = markwatch(dir.path(), &["ingest", "a.jsonl", "b.csv"]);
            assert!(out.status.success(), "{}", stderr(&out));
            assert_eq!(summary(&out), "read 4, stored 4, rejected 0");
            assert_eq!(count(&dir.path().join("markwatch.db")), 4);
        }
    }

    /// Polls the record count of `db` until it reaches `target`, the child exits or a minute
    /// passes. Returns true if and only if the target was reached while the child ran.
    fn wait_for_count(db: &Path, target: u64, child: &mut std::process::Child) -> bool {
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline {
            if child.try_wait().unwrap().is_some() {
                return false;
            }
            // The database may not exist or be migrated yet: keep polling.
            if let Ok(n) = Store::open_read_only(db).and_then(|s| s.count()) {
                if n >= target {
                    return true;
                }
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        false
    }

    #[test]
    fn kill_9_mid_ingest_keeps_whole_batches_and_a_rerun_completes() {
        const RECORDS: u64 = 200_000;
        const BATCH: u64 = 1000;
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("big.jsonl");
        let mut text = String::with_capacity(RECORDS as usize * 64);
        for i in 0..RECORDS {
            text.push_str(&format!(
                "{{\"id\":\"CN:{i:08}\",\"office\":\"CN\",\"mark\":\"标{i}\",\"classes\":[{}]}}\n",
                i % 45 + 1
            ));
        }
        std::fs::write(&input, text).unwrap();
        let db = dir.path().join("k.db");
        let batch = BATCH.to_string();
        let args = [
            "ingest",
            "big.jsonl",
            "--db",
            "k.db",
            "--batch-size",
            batch.as_str(),
        ];

        // Twelve kills at seeded pseudo-random points: each run is allowed 1 to 12 more
        // batches past what is stored, then killed after a random 0–19 ms more, so that kills
        // land before, inside and after a batch's commit. Each re-run passes over what is
        // stored and continues.
        let mut rng = common::Rng::new(0x9E37_79B9_7F4A_7C15);
        let mut stored = 0;
        for _ in 0..12 {
            let more_batches = 1 + rng.below(12) as u64;
            let delay = Duration::from_millis(rng.below(20) as u64);
            let mut child = Command::new(env!("CARGO_BIN_EXE_markwatch"))
                .current_dir(dir.path())
                .args(args)
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let target = stored + more_batches * BATCH;
            let reached = wait_for_count(&db, target, &mut child);
            std::thread::sleep(delay);
            child.kill().unwrap(); // SIGKILL on Unix
            child.wait().unwrap();
            assert!(
                reached,
                "the ingest ended before {target} records were stored"
            );

            let store = Store::open(&db).unwrap();
            store.integrity_check().unwrap();
            let n = store.count().unwrap();
            assert_eq!(n % BATCH, 0, "{n} records is not a whole number of batches");
            assert!(n >= target && n < RECORDS, "{n} records after the kill");
            // Exactly the records of the committed batches: the first n of the file.
            let last = format!("CN:{:08}", n - 1);
            let first_missing = format!("CN:{n:08}");
            assert!(store.get(&last).unwrap().is_some(), "{last} missing");
            assert!(
                store.get(&first_missing).unwrap().is_none(),
                "{first_missing} stored"
            );
            stored = n;
        }

        let out = markwatch(dir.path(), &args);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(
            summary(&out),
            format!("read {RECORDS}, stored {RECORDS}, rejected 0")
        );
        let store = Store::open(&db).unwrap();
        store.integrity_check().unwrap();
        assert_eq!(store.count().unwrap(), RECORDS);
        assert_eq!(store.stats().unwrap().by_class.len(), 45);
    }
}
