//! CSV: header-driven columns, `|` multi-values, quoted newlines; table-driven bad rows.

use markwatch_core::{ErrorKind, MarkKind, Status};
use markwatch_ingest::{from_reader, open, Format};

use crate::common::{fixture, read};

#[test]
fn fixture_reads_with_multi_values_and_a_quoted_newline() {
    let reader = open(&fixture("sample.csv")).unwrap();
    assert_eq!(reader.format(), Format::Csv);
    let records: Vec<_> = reader.map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 3);

    let cn = &records[0];
    assert_eq!(cn.id, "CN:7001");
    assert_eq!(cn.status, Status::Published);
    assert_eq!(cn.translation.as_deref(), Some("Kobe beef"));
    let names: Vec<_> = cn.applicants.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["示例贸易", "Li Ming"]);
    assert!(cn
        .applicants
        .iter()
        .all(|p| p.country.as_deref() == Some("CN")));
    assert_eq!(cn.classes.len(), 2);
    assert_eq!(cn.classes[0].goods.as_deref(), Some("牛肉"));
    assert_eq!(cn.classes[0].jp_groups, ["32F01", "32F02"]);
    assert_eq!(cn.classes[0].cn_groups, ["2901"]);
    assert_eq!(cn.classes[1].goods.as_deref(), Some("餐厅"));
    assert_eq!(cn.classes[1].cn_groups, ["4302"]);
    assert_eq!(cn.source.as_ref().unwrap().line, Some(2));

    let jp = &records[1];
    assert_eq!(jp.mark, "夕張\nメロン");
    assert_eq!(jp.classes[0].goods.as_deref(), Some("メロン, \"夕張\""));
    assert_eq!(jp.dates.filing.unwrap().to_string(), "2024-02-15");
    assert_eq!(jp.source.as_ref().unwrap().line, Some(3));

    let fig = &records[2];
    assert_eq!(fig.kind, MarkKind::Figurative);
    assert_eq!(
        fig.source.as_ref().unwrap().line,
        Some(5),
        "line after the quoted newline"
    );
    assert_eq!(fig.source.as_ref().unwrap().record, Some(3));
}

const HEADER: &str =
    "id,office,mark,kind,status,applicant,applicant_country,classes,goods,jp_groups,filing_date";

#[test]
fn bad_rows_name_column_and_line() {
    let cases: &[(&str, Option<&str>, &str)] = &[
        (",CN,A,,,,,,,,", Some("id"), "missing or empty id"),
        ("1,,A,,,,,,,,", Some("office"), "unknown office"),
        ("1,XYZ,A,,,,,,,,", Some("office"), "unknown office"),
        ("1,CN,,,,,,,,,", Some("mark"), "missing or empty mark"),
        ("1,CN,A,blob,,,,,,,", Some("kind"), "unknown mark kind"),
        ("1,CN,A,,maybe,,,,,,", Some("status"), "unknown status"),
        ("1,CN,A,,,,,29|99,,,", Some("classes"), "unknown Nice class"),
        (
            "1,CN,A,,,,,29|30,tea,,",
            Some("goods"),
            "goods entries for 2 classes",
        ),
        ("1,CN,A,,,,,,tea,,", Some("goods"), "without classes"),
        (
            "1,CN,A,,,,,30,,32F01,",
            Some("jp_groups"),
            "lacks its class",
        ),
        (
            "1,CN,A,,,,,30,,50:32F01,",
            Some("jp_groups"),
            "unknown Nice class",
        ),
        (
            "1,CN,A,,,X|Y,CN|JP|KR,,,,",
            Some("applicant_country"),
            "3 values for 2 applicants",
        ),
        ("1,CN,A,,,X||Y,,,,,", Some("applicant"), "empty name"),
        (
            "1,CN,A,,,,CN,,,,",
            Some("applicant_country"),
            "without an applicant",
        ),
        ("1,CN,A,,,,,,,,2025-3-1", Some("filing_date"), "bad date"),
        ("1,CN,A", None, "row has 3 fields, the header has 11"),
    ];
    for (row, field, reason) in cases {
        let input = format!("{HEADER}\n2,JP,京都,,,,,,,,\n{row}\n");
        let results = read(Format::Csv, &input);
        assert_eq!(results.len(), 2, "{row}");
        assert!(results[0].is_ok(), "{:?}", results[0]);
        let e = results[1].as_ref().unwrap_err();
        assert_eq!(e.field.as_deref(), *field, "{row}: {e}");
        assert!(e.reason.contains(reason), "{row}: {e}");
        assert_eq!(
            (e.source.line, e.source.record),
            (Some(3), Some(2)),
            "{row}"
        );
        assert_eq!(e.raw, row.as_bytes());
    }
}

#[test]
fn header_problems_refuse_the_file() {
    let cases = [
        (
            "id,office,mark,clases\n1,CN,A,29\n",
            "clases",
            "unknown CSV column",
        ),
        ("id,office\n1,CN\n", "mark", "required column missing"),
        ("id,office,mark,Mark\n1,CN,A,B\n", "Mark", "appears twice"),
        ("", "", "no header row"),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (input, column, reason)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("h{i}.csv"));
        std::fs::write(&path, input).unwrap();
        let e = open(&path).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{input}");
        let shown = e.to_string();
        assert!(shown.contains(reason) && shown.contains(column), "{shown}");
        assert!(shown.starts_with(&path.display().to_string()), "{shown}");

        let results: Vec<_> = from_reader(
            std::io::Cursor::new(input.as_bytes().to_vec()),
            Format::Csv,
            "m",
        )
        .collect();
        assert_eq!(results.len(), 1, "{input}");
        assert!(results[0].as_ref().unwrap_err().reason.contains(reason));
    }
}

#[test]
fn column_order_and_case_are_free_and_cells_are_trimmed() {
    let input = "\u{feff}MARK , Id,OFFICE\r\n\r\n 长野 ,Q9, cn \r\n";
    let results = read(Format::Csv, input);
    let r = results[0].as_ref().unwrap();
    assert_eq!(
        (r.id.as_str(), r.mark.as_str(), r.office.code()),
        ("Q9", "长野", "CN")
    );
    assert_eq!(r.source.as_ref().unwrap().line, Some(3));
}
