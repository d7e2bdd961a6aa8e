//! Hostile input through the binary: `ingest` of binary, empty and entity-declaring files,
//! `screen` of marks that hide characters, and the fuzz corpora replayed through `ingest`.
//!
//! Every ingest case checks that nothing is lost: the summary's `read N` equals
//! `stored + rejected`, the rejects file holds exactly the rejected records, and the store
//! holds the stored ones.

use std::path::{Path, PathBuf};
use std::process::Output;

use markwatch_store::Store;

mod common;
use common::{markwatch, stderr};

/// Asserts a user fault: exit 2 and one line `markwatch: …`; returns the line.
fn user_fault(out: &Output) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "expected one line, got {err:?}");
    assert!(lines[0].starts_with("markwatch: "), "{err}");
    lines[0].to_string()
}

/// (read, stored, rejected) from the summary line `read N, stored S, rejected R`.
fn summary(out: &Output) -> (u64, u64, u64) {
    let err = stderr(out);
    let last = err.lines().last().unwrap_or_default();
    let nums: Vec<u64> = last
        .split(", ")
        .filter_map(|part| part.rsplit(' ').next()?.parse().ok())
        .collect();
    assert_eq!(nums.len(), 3, "bad summary {last:?} in {err}");
    (nums[0], nums[1], nums[2])
}

fn rejects_lines(dir: &Path) -> u64 {
    std::fs::read_to_string(dir.join("markwatch.db.rejects.jsonl"))
        .map(|t| t.lines().count() as u64)
        .unwrap_or(0)
}

/// Runs a successful `ingest` in `dir` and checks N = A + R against the summary, the rejects
/// file and (for distinct ids) the store. Returns (read, stored, rejected).
fn ingest_accounted(dir: &Path, args: &[&str]) -> (u64, u64, u64) {
    let mut all = vec!["ingest"];
    all.extend_from_slice(args);
    let out = markwatch(dir, &all);
    assert!(out.status.success(), "{}", stderr(&out));
    let (read, stored, rejected) = summary(&out);
    assert_eq!(read, stored + rejected, "N = A + R");
    assert_eq!(rejects_lines(dir), rejected, "every reject is kept");
    let db = dir.join("markwatch.db");
    let count = Store::open_read_only(&db).unwrap().count().unwrap();
    assert!(count <= stored, "the store holds only stored records");
    (read, stored, rejected)
}

fn non_blank_lines(bytes: &[u8]) -> u64 {
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| l.iter().any(|b| !b" \t\r".contains(b)))
        .count() as u64
}

#[test]
fn binary_file_is_refused_or_fully_accounted_for() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bytes = common::Rng::new(7).bytes(256 << 10);
    std::fs::write(d.join("noise.bin"), &bytes).unwrap();

    // Format not named: it cannot be told, a clean user fault naming the file.
    let line = user_fault(&markwatch(d, &["ingest", "noise.bin"]));
    assert!(line.contains("noise.bin"), "{line}");
    assert!(!d.join("markwatch.db.rejects.jsonl").exists());

    // Read as JSONL: every line is a reject, none is lost.
    let (read, stored, rejected) = ingest_accounted(d, &["--format", "jsonl", "noise.bin"]);
    assert_eq!(read, non_blank_lines(&bytes));
    assert_eq!((stored, rejected), (0, read));
}

#[test]
fn empty_files_ingest_nothing_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("empty.jsonl"), b"").unwrap();
    let (read, stored, rejected) = ingest_accounted(d, &["empty.jsonl"]);
    assert_eq!((read, stored, rejected), (0, 0, 0));
}

#[test]
fn xml_with_entity_declarations_is_refused_and_nothing_stored() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
        <!DOCTYPE Transaction [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n\
        <Transaction><TradeMark><RegistrationOfficeCode>CN</RegistrationOfficeCode>\
        <ApplicationNumber>1</ApplicationNumber><WordMarkSpecification>\
        <MarkVerbalElementText>&xxe;</MarkVerbalElementText></WordMarkSpecification>\
        </TradeMark></Transaction>\n";
    std::fs::write(d.join("xxe.xml"), xml).unwrap();
    let line = user_fault(&markwatch(d, &["ingest", "xxe.xml"]));
    assert!(
        line.contains("xxe.xml") && line.contains("DOCTYPE"),
        "{line}"
    );
    let db = d.join("markwatch.db");
    if db.exists() {
        assert_eq!(Store::open_read_only(&db).unwrap().count().unwrap(), 0);
    }
}

#[test]
fn hostile_lines_are_rejected_and_the_rest_stored() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut input = Vec::new();
    input.extend_from_slice(b"{\"id\":\"CN:1\",\"office\":\"CN\",\"mark\":\"\xE7\xA6\x8F\"}\n");
    input.extend_from_slice(&b"[".repeat(100_000));
    input.push(b'\n');
    input.extend_from_slice(b"{\"id\":\"CN:3\",\"office\":\"CN\",\"mark\":\"\xFF\"}\n");
    input.extend_from_slice(b"{\"id\":\"CN:4\",\"office\":\"CN\",\"mark\":\"a\\u0000b\"}\n");
    input.extend_from_slice(
        "{\"id\":\"CN:5\",\"office\":\"CN\",\"mark\":\"無\u{200B}印\u{202E}良品\"}\n".as_bytes(),
    );
    std::fs::write(d.join("in.jsonl"), &input).unwrap();
    let (read, stored, rejected) = ingest_accounted(d, &["in.jsonl"]);
    assert_eq!((read, stored, rejected), (5, 3, 2));
    let store = Store::open_read_only(d.join("markwatch.db")).unwrap();
    assert_eq!(store.count().unwrap(), 3);
}

#[test]
fn a_line_of_100_mb_is_rejected_by_its_line_and_its_neighbours_stored() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut input = Vec::with_capacity(101 << 20);
    input.extend_from_slice(b"{\"id\":\"CN:1\",\"office\":\"CN\",\"mark\":\"a\"}\n");
    input.extend_from_slice(b"{\"id\":\"CN:2\",\"office\":\"CN\",\"mark\":\"");
    input.resize(input.len() + (100 << 20), b'A');
    input.extend_from_slice(b"\"}\n");
    input.extend_from_slice(b"{\"id\":\"CN:3\",\"office\":\"CN\",\"mark\":\"b\"}\n");
    std::fs::write(d.join("big.jsonl"), &input).unwrap();
    drop(input);
    let (read, stored, rejected) = ingest_accounted(d, &["big.jsonl"]);
    assert_eq!((read, stored, rejected), (3, 2, 1));
    let rejects = std::fs::read_to_string(d.join("markwatch.db.rejects.jsonl")).unwrap();
    let reject: serde_json::Value = serde_json::from_str(rejects.trim_end()).unwrap();
    assert_eq!(
        (reject["file"].as_str(), reject["line"].as_u64()),
        (Some("big.jsonl"), Some(2))
    );
    let reason = reject["reason"].as_str().unwrap();
    assert!(
        reason.contains("too long") && reason.contains("16777216"),
        "{reason}"
    );
    // The reject keeps a bounded prefix of the line, not the 100 MB.
    assert!(
        rejects.len() < 1 << 20,
        "rejects file is {} bytes",
        rejects.len()
    );
    let store = Store::open_read_only(d.join("markwatch.db")).unwrap();
    assert!(store.get("CN:1").unwrap().is_some() && store.get("CN:3").unwrap().is_some());
    assert!(store.get("CN:2").unwrap().is_none());
}

const WATCH: &str = "id,kind,names,owner,country,classes\n\
    W-muji,brand,無印良品|MUJI,Ryohin Keikaku,JP,\n\
    W-other,place,京都|Kyoto,Kyoto Prefecture,JP,\n";

/// The filing ids that `screen` matches to `W-muji`.
fn muji_findings(dir: &Path, filings: &str) -> Vec<String> {
    std::fs::write(dir.join("watch.csv"), WATCH).unwrap();
    std::fs::write(dir.join("filings.jsonl"), filings).unwrap();
    let out = markwatch(
        dir,
        &[
            "screen",
            "filings.jsonl",
            "--watch",
            "watch.csv",
            "--format",
            "jsonl",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|f| f["target_id"] == "W-muji")
        .map(|f| f["filing_id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn screen_finds_marks_that_hide_characters() {
    let dir = tempfile::tempdir().unwrap();
    let hidden = ['\u{200B}', '\u{200D}', '\u{FEFF}', '\u{202E}'];
    let mut filings =
        String::from("{\"id\":\"Q0\",\"office\":\"CN\",\"mark\":\"無印良品\",\"classes\":[24]}\n");
    for (i, h) in hidden.iter().enumerate() {
        let mark = format!("無{h}印良品");
        filings.push_str(
            &serde_json::json!({"id": format!("Q{}", i + 1), "office": "CN", "mark": mark,
                                "classes": [24]})
            .to_string(),
        );
        filings.push('\n');
    }
    let mut found = muji_findings(dir.path(), &filings);
    found.sort();
    assert_eq!(found, ["Q0", "Q1", "Q2", "Q3", "Q4"]);
}

fn corpus_files(target: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for kind in ["corpus", "regressions"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fuzz")
            .join(kind)
            .join(target);
        if let Ok(entries) = std::fs::read_dir(dir) {
            files.extend(entries.map(|e| e.unwrap().path()).filter(|p| p.is_file()));
        }
    }
    files.sort();
    files
}

#[test]
fn fuzz_corpora_replay_through_ingest() {
    for (target, format) in [
        ("ingest_jsonl", "jsonl"),
        ("ingest_csv", "csv"),
        ("ingest_st66", "st66"),
        ("ingest_st96", "st96"),
    ] {
        let files = corpus_files(target);
        assert!(!files.is_empty(), "no corpus for {target}");
        let dir = tempfile::tempdir().unwrap();
        let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
        let mut args = vec!["--format", format];
        args.extend(names.iter().map(String::as_str));
        let (read, _, _) = ingest_accounted(dir.path(), &args);
        assert!(read > 0, "{target}: the seeds hold records");
        if format == "jsonl" {
            let lines: u64 = files
                .iter()
                .map(|p| non_blank_lines(&std::fs::read(p).unwrap()))
                .sum();
            assert_eq!(read, lines, "{target}: every line read");
        }
    }
}

/// Regression for a fuzz finding (`fuzz/regressions/normalize/crash-c4e7…`): scoring a mark
/// whose phonetic syllable starts with a multi-byte character (`ŋ`) against `m` panicked in
/// `markwatch_core::normalize::phonetic::split`, and `screen` exited 101.
#[test]
fn screen_survives_multibyte_syllable_starts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("watch.csv"),
        "id,kind,names,owner,country,classes\nW-m,brand,m|Ma,Owner,JP,\n",
    )
    .unwrap();
    std::fs::write(
        d.join("filings.jsonl"),
        "{\"id\":\"Q1\",\"office\":\"CN\",\"mark\":\"ŋ\"}\n{\"id\":\"Q2\",\"office\":\"CN\",\"mark\":\"ŋa\"}\n",
    )
    .unwrap();
    let out = markwatch(d, &["screen", "filings.jsonl", "--watch", "watch.csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
}
