//! Hostile input for the readers, and the replay of the fuzz corpora.
//!
//! Every case asserts the contract of the crate docs: reading never panics, every record is
//! either yielded or rejected with its position (N = accepted + rejected), a rejected record
//! keeps its raw bytes, and a refused file (XML DOCTYPE) yields no record at all.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use markwatch_core::Record;
use markwatch_ingest::{from_reader, open, Format, RecordError};

type Results = Vec<Result<Record, RecordError>>;

/// Holds the heap-measurement lock of `crate::alloc` for a test: these tests allocate tens of
/// MB at once, which the peak-heap checks of the `limits` module would otherwise count against
/// the reader they measure.
fn exclusive() -> crate::alloc::PeakScope {
    crate::alloc::PeakScope::start()
}

fn read_bytes(format: Format, input: &[u8]) -> Results {
    from_reader(Cursor::new(input.to_vec()), format, "fuzz").collect()
}

/// Checks what the fuzz targets check, and more: every accepted record has its source, every
/// reject names the file, and only the last result may be a reject without a position (a file
/// refused as a whole). Returns (accepted, rejected).
fn check_positions(results: &Results, what: &str) -> (usize, usize) {
    let (mut ok, mut rejected) = (0, 0);
    for (i, r) in results.iter().enumerate() {
        match r {
            Ok(rec) => {
                let src = rec.source.as_ref().expect("a record without its source");
                assert_eq!(src.file, "fuzz", "{what}");
                assert!(src.record.is_some(), "{what}: record without index");
                ok += 1;
            }
            Err(e) => {
                assert_eq!(e.source.file, "fuzz", "{what}: {e}");
                let positioned = e.source.line.is_some() || e.source.record.is_some();
                assert!(
                    positioned || i + 1 == results.len(),
                    "{what}: a reject without a position before the end: {e}"
                );
                assert!(!e.reason.is_empty(), "{what}: a reject without a reason");
                rejected += 1;
            }
        }
    }
    (ok, rejected)
}

/// The fuzz directory of `target` (`corpus` or `regressions`).
fn fuzz_dir(kind: &str, target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz")
        .join(kind)
        .join(target)
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("a readable corpus entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Non-blank lines: the number of JSONL records in `input`.
fn jsonl_records(input: &[u8]) -> usize {
    input
        .split(|&b| b == b'\n')
        .filter(|l| l.iter().any(|b| !b" \t\r".contains(b)))
        .count()
}

fn replay(target: &str, format: Format) {
    let corpus = files(&fuzz_dir("corpus", target));
    assert!(
        !corpus.is_empty(),
        "no seed corpus for {target} under fuzz/corpus"
    );
    let regressions = files(&fuzz_dir("regressions", target));
    for path in corpus.iter().chain(&regressions) {
        let input = std::fs::read(path).unwrap();
        let what = path.display().to_string();
        let results = catch_unwind(AssertUnwindSafe(|| read_bytes(format, &input)))
            .unwrap_or_else(|_| panic!("the {target} reader panicked on {what}"));
        let (ok, rejected) = check_positions(&results, &what);
        if format == Format::Jsonl {
            // A leading byte-order mark alone on a line is not a record either.
            let body = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&input);
            assert_eq!(ok + rejected, jsonl_records(body), "{what}: N = A + R");
        }
    }
}

#[test]
fn fuzz_corpus_jsonl_replays() {
    let _heap = exclusive();
    replay("ingest_jsonl", Format::Jsonl);
}

#[test]
fn fuzz_corpus_csv_replays() {
    let _heap = exclusive();
    replay("ingest_csv", Format::Csv);
}

#[test]
fn fuzz_corpus_st66_replays() {
    let _heap = exclusive();
    replay("ingest_st66", Format::St66);
}

#[test]
fn fuzz_corpus_st96_replays() {
    let _heap = exclusive();
    replay("ingest_st96", Format::St96);
}

const GOOD1: &str = r#"{"id":"CN:1","office":"CN","mark":"福冈","classes":[29]}"#;
const GOOD2: &str = r#"{"id":"CN:3","office":"CN","mark":"长野","classes":[30]}"#;

/// `GOOD1`, then `middle`, then `GOOD2`, one per line.
fn sandwich(middle: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(GOOD1.as_bytes());
    v.push(b'\n');
    v.extend_from_slice(middle);
    v.push(b'\n');
    v.extend_from_slice(GOOD2.as_bytes());
    v.push(b'\n');
    v
}

/// Reads a JSONL sandwich whose middle line must be rejected; returns that reject.
fn middle_rejected(middle: &[u8]) -> RecordError {
    let results = read_bytes(Format::Jsonl, &sandwich(middle));
    assert_eq!(results.len(), 3, "N = 3");
    assert_eq!(results[0].as_ref().unwrap().id, "CN:1");
    assert_eq!(results[2].as_ref().unwrap().id, "CN:3");
    let e = results[1].as_ref().unwrap_err().clone();
    assert_eq!(e.source.line, Some(2), "{e}");
    assert_eq!(e.source.record, Some(2), "{e}");
    e
}

#[test]
fn invalid_utf8_line_is_rejected_with_its_raw_bytes() {
    let _heap = exclusive();
    let bad = b"{\"id\":\"CN:2\",\"office\":\"CN\",\"mark\":\"\xE7\xA6\x8F\xFF\"}";
    let e = middle_rejected(bad);
    assert_eq!(e.raw, bad, "the raw bytes are kept for the rejects file");
    assert!(e.to_string().starts_with("fuzz:2 (record 2): "), "{e}");
}

#[test]
fn invalid_utf8_csv_record_is_rejected_and_reading_goes_on() {
    let _heap = exclusive();
    let input = b"id,office,mark\nCN:1,CN,\xE7\xA6\x8F\xE5\x86\x88\nCN:2,CN,\xFF\xFE\nCN:3,CN,ab\n";
    let results = read_bytes(Format::Csv, input);
    let (ok, rejected) = check_positions(&results, "csv");
    assert_eq!((ok, rejected), (2, 1));
    let e = results[1].as_ref().unwrap_err();
    assert_eq!(e.source.line, Some(3), "{e}");
    assert_eq!(e.raw, b"CN:2,CN,\xFF\xFE");
}

#[test]
fn nul_bytes_in_a_mark_are_kept_not_lost() {
    let _heap = exclusive();
    // JSON escapes the NUL; the reader has no rule against control characters, so the mark
    // is accepted exactly as given (matching decides what the NUL means).
    let line = r#"{"id":"CN:2","office":"CN","mark":"福\u0000冈"}"#;
    let results = read_bytes(Format::Jsonl, &sandwich(line.as_bytes()));
    assert_eq!(results.len(), 3);
    assert_eq!(results[1].as_ref().unwrap().mark, "福\0冈");

    // A raw NUL byte in a CSV cell is a character like any other.
    let csv = b"id,office,mark\nCN:2,CN,\xE7\xA6\x8F\0\xE5\x86\x88\n";
    let results = read_bytes(Format::Csv, csv);
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].as_ref().unwrap().mark, "福\0冈");
}

#[test]
fn bidi_and_zero_width_characters_in_marks_are_kept_verbatim() {
    let _heap = exclusive();
    for hidden in ['\u{202E}', '\u{200B}', '\u{200D}', '\u{FEFF}'] {
        let mark = format!("無{hidden}印良品");
        let line = serde_json::json!({"id": "JP:2", "office": "JP", "mark": mark}).to_string();
        let results = read_bytes(Format::Jsonl, &sandwich(line.as_bytes()));
        assert_eq!(results.len(), 3, "U+{:04X}", hidden as u32);
        assert_eq!(
            results[1].as_ref().unwrap().mark,
            mark,
            "U+{:04X} must reach the store unchanged",
            hidden as u32
        );

        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Transaction><TradeMark>\
             <RegistrationOfficeCode>JP</RegistrationOfficeCode>\
             <ApplicationNumber>2025-1</ApplicationNumber>\
             <WordMarkSpecification><MarkVerbalElementText>{mark}</MarkVerbalElementText>\
             </WordMarkSpecification></TradeMark></Transaction>\n"
        );
        let results = read_bytes(Format::St66, xml.as_bytes());
        let (ok, rejected) = check_positions(&results, "st66");
        assert_eq!((ok, rejected), (1, 0), "{results:?}");
        assert_eq!(results[0].as_ref().unwrap().mark, mark);
    }
}

const DOCTYPES: [&str; 3] = [
    // External entity (XXE).
    "<!DOCTYPE t [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
    // Entity expansion (billion laughs).
    "<!DOCTYPE t [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\
     <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>",
    // External DTD.
    "<!DOCTYPE t SYSTEM \"http://example.invalid/t.dtd\">",
];

fn st96_with(doctype: &str, mark: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{doctype}\n\
         <tmk:TrademarkBag xmlns:tmk=\"http://www.wipo.int/standards/XMLSchema/ST96/Trademark\">\
         <tmk:Trademark><tmk:RegistrationOfficeCode>CN</tmk:RegistrationOfficeCode>\
         <tmk:ApplicationNumber><tmk:ApplicationNumberText>1</tmk:ApplicationNumberText>\
         </tmk:ApplicationNumber><tmk:MarkRepresentation><tmk:MarkReproduction>\
         <tmk:WordMarkSpecification><tmk:MarkVerbalElementText>{mark}</tmk:MarkVerbalElementText>\
         </tmk:WordMarkSpecification></tmk:MarkReproduction></tmk:MarkRepresentation>\
         </tmk:Trademark></tmk:TrademarkBag>\n"
    )
}

#[test]
fn xml_entity_declarations_are_refused_in_memory_and_at_open() {
    let _heap = exclusive();
    let dir = tempfile::tempdir().unwrap();
    for (i, doctype) in DOCTYPES.iter().enumerate() {
        let xml = st96_with(doctype, "&xxe;&d;");
        let results = read_bytes(Format::St96, xml.as_bytes());
        assert_eq!(results.len(), 1, "one error, no record: {results:?}");
        let e = results[0].as_ref().unwrap_err();
        assert!(e.reason.contains("DOCTYPE"), "{e}");

        let path = dir.path().join(format!("doctype{i}.xml"));
        std::fs::write(&path, &xml).unwrap();
        let err = open(&path).unwrap_err().to_string();
        assert!(err.contains("DOCTYPE"), "{err}");
        assert!(
            err.contains(&format!("doctype{i}.xml")),
            "names the file: {err}"
        );
    }
}

#[test]
fn undeclared_entity_reference_rejects_only_its_record() {
    let _heap = exclusive();
    let xml = st96_with("", "&xxe;");
    let results = read_bytes(Format::St96, xml.as_bytes());
    let (ok, rejected) = check_positions(&results, "st96");
    assert_eq!(ok + rejected, 1, "{results:?}");
    if let Ok(r) = &results[0] {
        assert!(
            !r.mark.contains("root:"),
            "an entity was expanded: {}",
            r.mark
        );
    }
}

#[test]
fn deeply_nested_json_is_a_clean_reject() {
    let _heap = exclusive();
    let deep = "[".repeat(100_000);
    let e = middle_rejected(deep.as_bytes());
    assert!(e.field.is_none(), "{e}");

    let in_field = format!(
        r#"{{"id":"CN:2","office":"CN","mark":"x","classes":{}{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    middle_rejected(in_field.as_bytes());
}

#[test]
fn a_million_classes_merge_into_the_distinct_ones() {
    let _heap = exclusive();
    // FORMATS.md: classes are sorted and a class listed twice is merged into one.
    let classes: Vec<String> = (0..1_000_000).map(|i| (i % 45 + 1).to_string()).collect();
    let line = format!(
        r#"{{"id":"CN:2","office":"CN","mark":"福冈","classes":[{}]}}"#,
        classes.join(",")
    );
    let results = read_bytes(Format::Jsonl, &sandwich(line.as_bytes()));
    assert_eq!(results.len(), 3);
    let r = results[1].as_ref().unwrap();
    assert_eq!(r.classes.len(), 45);

    let csv = format!(
        "id,office,mark,classes\nCN:2,CN,福冈,{}\n",
        classes.join("|")
    );
    let results = read_bytes(Format::Csv, csv.as_bytes());
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].as_ref().unwrap().classes.len(), 45);
}

#[test]
fn empty_files_yield_no_record() {
    let _heap = exclusive();
    for format in [Format::Jsonl, Format::St66, Format::St96] {
        let results = read_bytes(format, b"");
        assert!(
            results.iter().all(Result::is_err),
            "{format:?}: {results:?}"
        );
    }
    assert!(read_bytes(Format::Jsonl, b"").is_empty());
    assert!(read_bytes(Format::Jsonl, b"\n\n  \n").is_empty());
    // CSV needs its header: an empty file is one clean error.
    let results = read_bytes(Format::Csv, b"");
    assert_eq!(results.len(), 1);
    let e = results[0].as_ref().unwrap_err();
    assert!(e.reason.contains("empty CSV file"), "{e}");
}

/// A small deterministic generator (xorshift64*), so the "random" input is the same each run.
fn random_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.max(1);
    (0..len)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

#[test]
fn binary_input_never_panics_and_every_record_is_accounted_for() {
    let _heap = exclusive();
    for seed in 1..=16u64 {
        let bytes = random_bytes(seed, 64 << 10);
        for format in Format::ALL {
            let what = format!("{format:?} seed {seed}");
            let results = read_bytes(format, &bytes);
            let (ok, rejected) = check_positions(&results, &what);
            if format == Format::Jsonl {
                assert_eq!(ok + rejected, jsonl_records(&bytes), "{what}: N = A + R");
            }
        }
    }
}
