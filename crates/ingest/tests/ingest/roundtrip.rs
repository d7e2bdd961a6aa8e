//! Property: any valid record written as JSONL (its serde form) reads back equal, source aside.

use chrono::NaiveDate;
use markwatch_core::{Dates, GoodsClass, MarkKind, NiceClass, Office, Party, Record, Status};
use markwatch_ingest::{from_reader, Format};
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    "\\PC{0,10}[\\p{L}\\p{N}]"
}

fn party() -> impl Strategy<Value = Party> {
    (text(), option::of("[A-Z]{2}"), option::of(text())).prop_map(|(name, country, address)| {
        Party {
            name,
            country,
            address,
        }
    })
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (1980i32..2040, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

fn record() -> impl Strategy<Value = Record> {
    let office = prop_oneof![
        Just(Office::CN),
        Just(Office::JP),
        Just(Office::WO),
        Just(Office::EM),
        Just(Office::KR),
        Just(Office::Other("DE".into())),
    ];
    let classes = btree_map(
        1u32..=45,
        (
            option::of(text()),
            vec("[0-9]{2}[A-Z][0-9]{2}", 0..3),
            vec("[0-9]{4}", 0..3),
        ),
        0..4,
    );
    let dates = (
        option::of(date()),
        option::of(date()),
        option::of(date()),
        option::of(date()),
        option::of(date()),
    );
    (
        (text(), office, prop_oneof![text(), Just(String::new())]),
        (option::of(text()), option::of(text())),
        (0..MarkKind::ALL.len(), 0..Status::ALL.len()),
        (vec(party(), 0..3), option::of(party())),
        classes,
        dates,
    )
        .prop_filter_map(
            "an empty mark needs a wordless kind",
            |(
                (id, office, mark),
                (transliteration, translation),
                (k, s),
                (applicants, representative),
                classes,
                d,
            )| {
                let kind = MarkKind::ALL[k];
                if mark.is_empty()
                    && !matches!(
                        kind,
                        MarkKind::Figurative | MarkKind::ThreeD | MarkKind::Sound
                    )
                {
                    return None;
                }
                Some(Record {
                    id,
                    office,
                    mark,
                    transliteration,
                    translation,
                    kind,
                    applicants,
                    representative,
                    classes: classes
                        .into_iter()
                        .map(|(n, (goods, jp_groups, cn_groups))| GoodsClass {
                            class: NiceClass::new(n).unwrap(),
                            goods,
                            jp_groups,
                            cn_groups,
                        })
                        .collect(),
                    dates: Dates {
                        filing: d.0,
                        priority: d.1,
                        publication: d.2,
                        registration: d.3,
                        gazette: d.4,
                    },
                    status: Status::ALL[s],
                    source: None,
                })
            },
        )
}

proptest! {
    #[test]
    fn records_round_trip_through_jsonl(records in vec(record(), 1..5)) {
        let mut input = String::new();
        for r in &records {
            input.push_str(&serde_json::to_string(r).unwrap());
            input.push('\n');
        }
        let back: Vec<Record> = from_reader(std::io::Cursor::new(input.into_bytes()), Format::Jsonl, "p")
            .enumerate()
            .map(|(i, r)| {
                let mut r = r.unwrap();
                let src = r.source.take().unwrap();
                assert_eq!(src.line, Some(i as u64 + 1));
                r
            })
            .collect();
        prop_assert_eq!(back, records);
    }
}
