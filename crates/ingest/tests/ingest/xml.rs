//! ST.66 and ST.96: fixtures with CN and JP records and one broken record each, plus
//! table-driven bad cases and the DOCTYPE refusal.

use markwatch_core::{ErrorKind, MarkKind, Office, Status};
use markwatch_ingest::{from_reader, open, Format};

use crate::common::{fixture, read};

#[test]
fn st66_fixture_reads_with_the_broken_record_rejected() {
    let reader = open(&fixture("st66_sample.xml")).unwrap();
    assert_eq!(reader.format(), Format::St66);
    let results: Vec<_> = reader.collect();
    assert_eq!(results.len(), 4, "{results:#?}");

    let cn = results[0].as_ref().unwrap();
    assert_eq!(cn.id, "CN:61234567");
    assert_eq!(cn.office, Office::CN);
    assert_eq!(cn.mark, "无印良品");
    assert_eq!(cn.transliteration.as_deref(), Some("wu yin liang pin"));
    assert_eq!(cn.kind, MarkKind::Word);
    assert_eq!(cn.status, Status::Published);
    assert_eq!(cn.dates.filing.unwrap().to_string(), "2024-11-30");
    assert_eq!(cn.dates.publication.unwrap().to_string(), "2025-02-06");
    let classes: Vec<_> = cn.classes.iter().map(|c| c.class.get()).collect();
    assert_eq!(classes, [3, 24], "classes are sorted");
    assert_eq!(cn.classes[1].goods.as_deref(), Some("毛巾；床单"));
    assert_eq!(cn.applicants[0].name, "海南示例贸易有限公司");
    assert_eq!(cn.applicants[0].country.as_deref(), Some("CN"));
    assert_eq!(
        cn.applicants[0].address.as_deref(),
        Some("海南省海口市示例路1号")
    );
    assert_eq!(
        cn.representative.as_ref().unwrap().name,
        "示例知识产权代理有限公司"
    );
    let src = cn.source.as_ref().unwrap();
    assert_eq!((src.line, src.record), (Some(9), Some(1)));

    let jp = results[1].as_ref().unwrap();
    assert_eq!(jp.id, "JP:2024-012345");
    assert_eq!(jp.mark, "夕張メロン");
    assert_eq!(jp.translation.as_deref(), Some("Yubari melon"));
    assert_eq!(jp.status, Status::Registered);
    assert_eq!(jp.dates.filing.unwrap().to_string(), "2024-02-15");
    assert_eq!(jp.dates.registration.unwrap().to_string(), "2024-09-02");
    assert_eq!(jp.dates.priority.unwrap().to_string(), "2023-12-01");
    assert_eq!(jp.dates.gazette.unwrap().to_string(), "2024-10-01");
    assert_eq!(jp.dates.publication, None);
    assert_eq!(jp.classes[0].goods.as_deref(), Some("メロン & 果実"));
    assert_eq!(jp.applicants[0].name, "夕張市農業協同組合");
    assert_eq!(jp.applicants[0].address.as_deref(), Some("本町1-1, 夕張市"));
    assert_eq!(jp.source.as_ref().unwrap().line, Some(79));

    let broken = results[2].as_ref().unwrap_err();
    assert_eq!(
        (broken.source.line, broken.source.record),
        (Some(135), Some(3))
    );
    assert!(broken.reason.contains("broken XML"), "{broken}");
    assert!(broken
        .raw
        .starts_with(b"<TradeMark operationCode=\"Insert\">"));
    assert_eq!(broken.kind(), ErrorKind::InvalidInput);

    let combined = results[3].as_ref().unwrap();
    assert_eq!(combined.id, "CN:62000001");
    assert_eq!(combined.kind, MarkKind::FigurativeWithText);
    assert_eq!(combined.status, Status::Filed);
    assert_eq!(combined.applicants[0].name, "Wei Zhang");
    assert_eq!(combined.source.as_ref().unwrap().record, Some(4));
}

#[test]
fn st96_fixture_reads_with_the_bad_record_rejected() {
    let reader = open(&fixture("st96_sample.xml")).unwrap();
    assert_eq!(reader.format(), Format::St96);
    let results: Vec<_> = reader.collect();
    assert_eq!(results.len(), 4, "{results:#?}");

    let jp = results[0].as_ref().unwrap();
    assert_eq!(jp.id, "JP:2023-098765");
    assert_eq!(jp.mark, "松阪牛");
    assert_eq!(jp.transliteration.as_deref(), Some("matsusaka ushi"));
    assert_eq!(jp.status, Status::Registered);
    assert_eq!(jp.dates.registration.unwrap().to_string(), "2024-03-11");
    assert_eq!(jp.dates.gazette.unwrap().to_string(), "2024-04-09");
    assert_eq!(jp.classes[0].class.get(), 29);
    assert_eq!(jp.classes[0].goods.as_deref(), Some("牛肉"));
    assert_eq!(jp.applicants[0].name, "松阪牛協議会");
    assert_eq!(jp.applicants[0].country.as_deref(), Some("JP"));
    assert_eq!(
        jp.applicants[0].address.as_deref(),
        Some("殿町1340番地1, 松阪市")
    );
    assert_eq!(jp.source.as_ref().unwrap().line, Some(7));

    let cn = results[1].as_ref().unwrap();
    assert_eq!(cn.id, "CN:70012345");
    assert_eq!(cn.applicants[0].name, "李明");
    assert_eq!(
        cn.class_numbers().map(|c| c.get()).collect::<Vec<_>>(),
        [29, 43]
    );

    let bad = results[2].as_ref().unwrap_err();
    assert_eq!((bad.source.line, bad.source.record), (Some(101), Some(3)));
    assert!(bad.reason.contains("undeclared entity &bogus;"), "{bad}");
    assert!(bad.raw.ends_with(b"</tmk:Trademark>"));

    let figurative = results[3].as_ref().unwrap();
    assert_eq!(figurative.kind, MarkKind::Figurative);
    assert_eq!(figurative.mark, "");
}

const ST96_HEAD: &str = "<?xml version=\"1.0\"?>\n<tmk:TrademarkBag xmlns:tmk=\"http://www.wipo.int/standards/XMLSchema/ST96/Trademark\" xmlns:com=\"http://www.wipo.int/standards/XMLSchema/ST96/Common\">\n";

fn st96(body: &str) -> String {
    format!(
        "{ST96_HEAD}<tmk:Trademark>\n<tmk:RegistrationOfficeCode>CN</tmk:RegistrationOfficeCode>\n\
         <com:ApplicationNumber><com:ApplicationNumberText>1</com:ApplicationNumberText></com:ApplicationNumber>\n\
         {body}\n</tmk:Trademark>\n</tmk:TrademarkBag>\n"
    )
}

const WORD: &str = "<tmk:MarkRepresentation><tmk:MarkReproduction><tmk:WordMarkSpecification>\
    <tmk:MarkVerbalElementText>长野</tmk:MarkVerbalElementText></tmk:WordMarkSpecification>\
    </tmk:MarkReproduction></tmk:MarkRepresentation>";

#[test]
fn st96_bad_fields_name_the_element() {
    let cases: &[(&str, &str, &str)] = &[
        ("<tmk:ApplicationDate>2025-13-01</tmk:ApplicationDate>", "ApplicationDate", "bad date"),
        ("<tmk:RegistrationDate>soon</tmk:RegistrationDate>", "RegistrationDate", "bad date"),
        (
            "<tmk:GoodsServicesBag><tmk:GoodsServices><tmk:ClassDescriptionBag><tmk:ClassDescription><tmk:ClassNumber>46</tmk:ClassNumber></tmk:ClassDescription></tmk:ClassDescriptionBag></tmk:GoodsServices></tmk:GoodsServicesBag>",
            "ClassNumber",
            "unknown Nice class",
        ),
        ("<tmk:MarkCurrentStatusCode>Zombie</tmk:MarkCurrentStatusCode>", "MarkCurrentStatusCode", "unknown status"),
        ("<tmk:MarkFeatureCategory>Smell-o-vision</tmk:MarkFeatureCategory>", "MarkFeatureCategory", "unknown mark kind"),
        ("", "mark", "missing or empty mark"),
    ];
    for (extra, field, reason) in cases {
        let body = if *field == "mark" {
            extra.to_string()
        } else {
            format!("{WORD}{extra}")
        };
        let results = read(Format::St96, &st96(&body));
        assert_eq!(results.len(), 1, "{extra}");
        let e = results[0].as_ref().unwrap_err();
        assert_eq!(e.field.as_deref(), Some(*field), "{extra}: {e}");
        assert!(e.reason.contains(reason), "{extra}: {e}");
        assert_eq!(e.source.line, Some(3), "{extra}");
        assert_eq!(e.source.record, Some(1));
    }
    let ok = read(Format::St96, &st96(WORD));
    assert_eq!(ok[0].as_ref().unwrap().id, "CN:1");
}

#[test]
fn st66_missing_office_and_number_are_named() {
    let doc = |inner: &str| format!("<Transaction><TradeMark>{inner}</TradeMark></Transaction>");
    let cases = [
        ("<ApplicationNumber>1</ApplicationNumber>", "RegistrationOfficeCode"),
        ("<RegistrationOfficeCode>CN</RegistrationOfficeCode>", "ApplicationNumber"),
        ("<RegistrationOfficeCode>China</RegistrationOfficeCode><ApplicationNumber>1</ApplicationNumber>", "RegistrationOfficeCode"),
    ];
    for (inner, field) in cases {
        let e = read(Format::St66, &doc(inner)).remove(0).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field), "{inner}: {e}");
    }
}

#[test]
fn broken_st96_element_resynchronizes_at_the_next_record() {
    let good = |n: u32| {
        format!(
            "<tmk:Trademark><tmk:RegistrationOfficeCode>JP</tmk:RegistrationOfficeCode>\
             <com:ApplicationNumber><com:ApplicationNumberText>{n}</com:ApplicationNumberText></com:ApplicationNumber>{WORD}</tmk:Trademark>\n"
        )
    };
    let doc = format!(
        "{ST96_HEAD}{}<tmk:Trademark><tmk:RegistrationOfficeCode>JP</tmk:Oops>\n</tmk:Trademark>\n{}</tmk:TrademarkBag>\n",
        good(1),
        good(2)
    );
    let results = read(Format::St96, &doc);
    let summary: Vec<_> = results
        .iter()
        .map(|r| match r {
            Ok(r) => (r.id.clone(), r.source.as_ref().unwrap().line.unwrap()),
            Err(e) => (
                format!("error {}", e.source.record.unwrap()),
                e.source.line.unwrap(),
            ),
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("JP:1".to_string(), 3),
            ("error 2".to_string(), 4),
            ("JP:2".to_string(), 6)
        ]
    );
}

#[test]
fn truncated_document_ends_with_one_error() {
    let doc = format!("{ST96_HEAD}<tmk:Trademark><tmk:RegistrationOfficeCode>JP</tmk:Regis");
    let results = read(Format::St96, &doc);
    assert_eq!(results.len(), 1);
    let e = results[0].as_ref().unwrap_err();
    assert_eq!((e.source.line, e.source.record), (Some(3), Some(1)));
    assert!(e.reason.contains("broken XML"), "{e}");

    let doc = format!(
        "{ST96_HEAD}<tmk:Trademark>\n<tmk:RegistrationOfficeCode>JP</tmk:RegistrationOfficeCode>\n"
    );
    let e = read(Format::St96, &doc).remove(0).unwrap_err();
    assert!(e.reason.contains("not found before end of input"), "{e}");
}

#[test]
fn doctype_is_refused_at_open_and_in_memory() {
    let doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE Transaction [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n\
               <Transaction><TradeMark><RegistrationOfficeCode>CN</RegistrationOfficeCode>\
               <ApplicationNumber>1</ApplicationNumber><WordMarkSpecification><MarkVerbalElementText>&x;</MarkVerbalElementText></WordMarkSpecification></TradeMark></Transaction>\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil.xml");
    std::fs::write(&path, doc).unwrap();
    let e = open(&path).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(e.to_string().contains("DOCTYPE"), "{e}");
    assert!(e.to_string().starts_with(&path.display().to_string()));

    let results: Vec<_> = from_reader(
        std::io::Cursor::new(doc.as_bytes().to_vec()),
        Format::St66,
        "m",
    )
    .collect();
    assert_eq!(results.len(), 1);
    assert!(results[0].as_ref().unwrap_err().reason.contains("DOCTYPE"));
}

#[test]
fn doctype_after_the_head_ends_the_stream() {
    let padding = format!("<!-- {} -->\n", "x".repeat(70_000));
    let doc = format!(
        "<?xml version=\"1.0\"?>\n{padding}<!DOCTYPE Transaction>\n<Transaction></Transaction>\n"
    );
    // A small buffer, so that the DOCTYPE is not in the first bytes the reader checks.
    let input = std::io::BufReader::with_capacity(1024, std::io::Cursor::new(doc.into_bytes()));
    let results: Vec<_> = from_reader(input, Format::St66, "m").collect();
    assert_eq!(results.len(), 1);
    let e = results[0].as_ref().unwrap_err();
    assert!(e.reason.contains("DOCTYPE"));
    assert_eq!(e.source.line, Some(3));
}

#[test]
fn non_utf8_encoding_is_refused() {
    let doc = "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<Transaction/>\n";
    let e = read(Format::St66, doc).remove(0).unwrap_err();
    assert!(
        e.reason.contains("Shift_JIS") || e.reason.contains("shift_jis"),
        "{e}"
    );
}
