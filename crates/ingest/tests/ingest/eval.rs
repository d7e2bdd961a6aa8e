//! The public screening cases read cleanly.

use std::path::Path;

use markwatch_core::Office;
use markwatch_ingest::{open, Format};

const FILINGS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/eval/filings.jsonl"
);

#[test]
fn eval_filings_read_as_seventy_records() {
    let path = Path::new(FILINGS);
    if !path.exists() {
        eprintln!("skipping: {FILINGS} not present");
        return;
    }
    let reader = open(path).unwrap();
    assert_eq!(reader.format(), Format::Jsonl);
    let total = reader.total_bytes().unwrap();
    let records: Vec<_> = reader.map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 70);
    for (i, r) in records.iter().enumerate() {
        let src = r.source.as_ref().unwrap();
        assert_eq!(src.record, Some(i as u64 + 1));
        assert_eq!(src.line, Some(i as u64 + 1));
        assert_eq!(src.file, FILINGS);
        assert!(!r.mark.is_empty());
        assert!(matches!(r.office, Office::CN | Office::JP),);
    }
    let first = &records[0];
    assert_eq!(first.id, "Q0001");
    assert_eq!(first.office, Office::CN);
    assert_eq!(first.mark, "福冈");
    assert_eq!(first.applicants[0].name, "Example Trading Co., Ltd.");
    assert_eq!(first.classes.len(), 1);
    assert_eq!(first.classes[0].class.get(), 29);
    assert_eq!(first.dates.filing.unwrap().to_string(), "2025-03-01");
    assert!(total > 0);
}

#[test]
fn bytes_read_reaches_the_file_size() {
    let path = Path::new(FILINGS);
    if !path.exists() {
        return;
    }
    let mut reader = open(path).unwrap();
    for r in reader.by_ref() {
        r.unwrap();
    }
    assert_eq!(Some(reader.bytes_read()), reader.total_bytes());
}
