//! JSONL: the flat and the full form, mixed; table-driven bad lines.

use markwatch_core::{MarkKind, Office, Status};
use markwatch_ingest::Format;

use crate::common::{one, read};

#[test]
fn flat_and_full_forms_mix_in_one_file() {
    let input = concat!(
        "{\"id\":\"Q1\",\"office\":\"CN\",\"mark\":\"福冈\",\"applicant\":\"Example Co.\",\"classes\":[30,\"29\"],\"filing_date\":\"2025-03-01\"}\n",
        "\n",
        "   \n",
        "{\"id\":\"CN:1\",\"office\":\"cn\",\"mark\":\"夕张蜜瓜\",\"kind\":\"combined\",\"status\":\"preliminary approval\",",
        "\"applicants\":[{\"name\":\"海南示例\",\"country\":\"CN\",\"address\":\"海口\"},\"Second\"],",
        "\"representative\":{\"name\":\"Agent\"},",
        "\"classes\":[{\"class\":31,\"goods\":\"瓜\",\"cn_groups\":[\"3107\"]},{\"class\":31,\"goods\":\"蜜瓜\",\"jp_groups\":\"32F01 32F02\"}],",
        "\"dates\":{\"filing\":\"20241130\",\"priority\":\"2024-06-01\"},\"publication_date\":\"2025-02-06\",\"unknown\":{\"x\":1}}\n",
    );
    let results = read(Format::Jsonl, input);
    assert_eq!(results.len(), 2);
    let flat = results[0].as_ref().unwrap();
    assert_eq!(flat.applicants[0].name, "Example Co.");
    assert_eq!(
        flat.class_numbers().map(|c| c.get()).collect::<Vec<_>>(),
        [29, 30]
    );
    assert_eq!(flat.dates.filing.unwrap().to_string(), "2025-03-01");
    assert_eq!(flat.kind, MarkKind::Word);
    assert_eq!(flat.status, Status::Filed);

    let full = results[1].as_ref().unwrap();
    let src = full.source.as_ref().unwrap();
    assert_eq!(
        (src.line, src.record),
        (Some(4), Some(2)),
        "blank lines are not records"
    );
    assert_eq!(full.office, Office::CN);
    assert_eq!(full.kind, MarkKind::FigurativeWithText);
    assert_eq!(full.status, Status::Published);
    assert_eq!(full.applicants.len(), 2);
    assert_eq!(full.applicants[0].country.as_deref(), Some("CN"));
    assert_eq!(full.applicants[1].name, "Second");
    assert_eq!(full.representative.as_ref().unwrap().name, "Agent");
    assert_eq!(full.classes.len(), 1, "duplicate classes merge");
    assert_eq!(full.classes[0].goods.as_deref(), Some("瓜; 蜜瓜"));
    assert_eq!(full.classes[0].jp_groups, ["32F01", "32F02"]);
    assert_eq!(full.classes[0].cn_groups, ["3107"]);
    assert_eq!(full.dates.filing.unwrap().to_string(), "2024-11-30");
    assert_eq!(full.dates.priority.unwrap().to_string(), "2024-06-01");
    assert_eq!(full.dates.publication.unwrap().to_string(), "2025-02-06");
}

#[test]
fn figurative_marks_may_be_wordless() {
    for kind in ["figurative", "three_d", "sound"] {
        let line = format!("{{\"id\":\"X\",\"office\":\"JP\",\"mark\":\"\",\"kind\":\"{kind}\"}}");
        assert!(one(Format::Jsonl, &line).is_ok(), "{kind}");
    }
}

#[test]
fn bad_lines_name_field_and_line() {
    let cases: &[(&str, Option<&str>, &str)] = &[
        (
            r#"{"office":"CN","mark":"A"}"#,
            Some("id"),
            "missing or empty id",
        ),
        (
            r#"{"id":" ","office":"CN","mark":"A"}"#,
            Some("id"),
            "missing or empty id",
        ),
        (r#"{"id":"1","mark":"A"}"#, Some("office"), "missing office"),
        (
            r#"{"id":"1","office":"China","mark":"A"}"#,
            Some("office"),
            "unknown office",
        ),
        (
            r#"{"id":"1","office":"CN"}"#,
            Some("mark"),
            "missing or empty mark",
        ),
        (
            r#"{"id":"1","office":"CN","mark":""}"#,
            Some("mark"),
            "missing or empty mark",
        ),
        (
            r#"{"id":"1","office":"CN","mark":7}"#,
            Some("mark"),
            "expected a string",
        ),
        (
            r#"{"id":"1","office":"CN","mark":"A","filing_date":"2025-02-30"}"#,
            Some("filing_date"),
            "bad date",
        ),
        (
            r#"{"id":"1","office":"CN","mark":"A","dates":{"registration":"03/01/2025"}}"#,
            Some("dates.registration"),
            "bad date",
        ),
        (
            r#"{"id":"1","office":"CN","mark":"A","dates":{"filing":"2025-03-01"},"filing_date":"2025-03-02"}"#,
            Some("filing_date"),
            "disagrees",
        ),
        (
            r#"{"id":"1","office":"CN","mark":"A","classes":[29,46]}"#,
            Some("classes[1]"),
            "unknown Nice class",
        ),
        (
            r#"{"id":"1","office":"CN","mark":"A","classes":[0]}"#,
            Some("classes[0]"),
            "unknown Nice class",
        ),
        (
            r#"{"id":"1","office":"CN","mark":"A","classes":[-3]}"#,
            Some("classes[0]"),
            "unknown Nice class",
        ),
        (
            r#"{"id":"1","office":"CN","mark":"A","classes":[{"goods":"tea"}]}"#,
            Some("classes[0].class"),
            "missing class",
        ),
        (
            r#"{"id":"1","office":"CN","mark":"A","classes":"29"}"#,
            Some("classes"),
            "expected an array",
        ),
        (
            r#"{"id":"1","office":"CN","mark":"A","kind":"smell"}"#,
            Some("kind"),
            "unknown mark kind",
        ),
        (
            r#"{"id":"1","office":"CN","mark":"A","status":"zombie"}"#,
            Some("status"),
            "unknown status",
        ),
        (
            r#"{"id":"1","office":"CN","mark":"A","applicant":{"country":"CN"}}"#,
            Some("applicant.name"),
            "missing name",
        ),
        (
            r#"{"id":"1","office":"CN","mark":"A","applicants":["ok",""]}"#,
            Some("applicants[1].name"),
            "empty applicant name",
        ),
        (r#"{"id":"1","office":"CN","mark":"A""#, None, "not JSON"),
        (r#"["id","1"]"#, None, "expected a JSON object"),
    ];
    for (line, field, reason) in cases {
        let input = format!("{{\"id\":\"ok\",\"office\":\"JP\",\"mark\":\"京都\"}}\n{line}\n");
        let results = read(Format::Jsonl, &input);
        assert_eq!(results.len(), 2, "{line}");
        assert!(results[0].is_ok());
        let e = results[1].as_ref().unwrap_err();
        assert_eq!(e.field.as_deref(), *field, "{line}: {e}");
        assert!(e.reason.contains(reason), "{line}: {e}");
        assert_eq!(
            (e.source.line, e.source.record),
            (Some(2), Some(2)),
            "{line}"
        );
        assert_eq!(e.raw, line.as_bytes(), "raw is the whole line");
        let shown = e.to_string();
        let prefix = match field {
            Some(f) => format!("t:2 (record 2): field `{f}`: "),
            None => "t:2 (record 2): ".to_string(),
        };
        assert!(shown.starts_with(&prefix), "{shown}");
    }
}

#[test]
fn invalid_utf8_keeps_the_raw_bytes() {
    let mut input = b"{\"id\":\"1\",\"office\":\"CN\",\"mark\":\"\xE7\x8B\"}\r\n".to_vec();
    input.extend_from_slice(b"{\"id\":\"2\",\"office\":\"CN\",\"mark\":\"B\"}\n");
    let results: Vec<_> =
        markwatch_ingest::from_reader(std::io::Cursor::new(input), Format::Jsonl, "u").collect();
    let e = results[0].as_ref().unwrap_err();
    assert!(e.reason.contains("not UTF-8"), "{e}");
    assert_eq!(
        e.raw,
        b"{\"id\":\"1\",\"office\":\"CN\",\"mark\":\"\xE7\x8B\"}"
    );
    assert_eq!(results[1].as_ref().unwrap().id, "2");
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let r = one(
        Format::Jsonl,
        "\u{feff}{\"id\":\"1\",\"office\":\"JP\",\"mark\":\"A\"}",
    )
    .unwrap();
    assert_eq!(r.id, "1");
}
