//! Integration tests for the store, one module per topic.

use chrono::NaiveDate;
use markwatch_core::{ErrorKind, GoodsClass, NiceClass, Office, Party, Record, Source, Status};
use markwatch_store::{BatchOutcome, Store, SCHEMA_VERSION};

fn record(id: &str, office: Office, mark: &str, classes: &[u32]) -> Record {
    let mut r = Record::new(id, office, mark);
    r.classes = classes
        .iter()
        .map(|&c| GoodsClass {
            class: NiceClass::new(c).unwrap(),
            goods: Some(format!("goods of class {c}")),
            jp_groups: vec![],
            cn_groups: vec![],
        })
        .collect();
    r
}

fn rich_record() -> Record {
    let mut r = record("CN:61234567", Office::CN, "今治", &[24, 25]);
    r.applicants = vec![
        Party {
            name: "海南示例贸易有限公司".into(),
            country: Some("CN".into()),
            address: Some("海南省海口市示例路1号".into()),
        },
        Party::named("王示例"),
    ];
    r.status = Status::Published;
    r.dates.filing = NaiveDate::from_ymd_opt(2024, 5, 1);
    r.dates.publication = NaiveDate::from_ymd_opt(2025, 1, 13);
    r.source = Some(Source {
        file: "filings.jsonl".into(),
        line: Some(7),
        record: Some(7),
    });
    r
}

mod schema {
    use super::*;

    #[test]
    fn a_new_database_is_migrated_to_the_current_version() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(store.count().unwrap(), 0);
        store.integrity_check().unwrap();
    }

    #[test]
    fn a_file_database_reopens_with_its_records() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        let r = rich_record();
        {
            let mut store = Store::open(&path).unwrap();
            store.upsert_batch(std::slice::from_ref(&r), 100).unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(store.get(&r.id).unwrap(), Some(r));
        let mode: String = rusqlite::Connection::open(&path)
            .unwrap()
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn migration_4_keeps_server_state_and_stops_id_reuse() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        {
            // A database at schema version 3 with a watch list, an alert and its review.
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
            for sql in &markwatch_store::MIGRATIONS[..3] {
                conn.execute_batch(sql).unwrap();
            }
            conn.execute_batch(
                "INSERT INTO watchlists VALUES (1, 'a', 'src a', '[]', 10, 10);
                 INSERT INTO watchlists VALUES (7, 'b', 'src b', '[]', 11, 12);
                 INSERT INTO alerts VALUES (5, 7, 'CN:1', 'W1', 0.9, '{}', 'to_oppose', 13,
                                            'alice', 14);
                 INSERT INTO alert_reviews VALUES (5, 'to_oppose', 'alice', 14);",
            )
            .unwrap();
            conn.pragma_update(None, "user_version", 3).unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        store.integrity_check().unwrap();
        let lists = store.watchlists().unwrap();
        assert_eq!(
            lists
                .iter()
                .map(|l| (l.id, l.name.as_str()))
                .collect::<Vec<_>>(),
            [(1, "a"), (7, "b")]
        );
        let alert = store.alert(5).unwrap().unwrap();
        assert_eq!(
            (alert.state.as_str(), alert.reviewed_by.as_deref()),
            ("to_oppose", Some("alice"))
        );
        assert_eq!(store.alert_reviews(5).unwrap().len(), 1);
        // The foreign keys point at the new tables: deleting the list removes its alert.
        assert!(store.delete_watchlist(7).unwrap());
        assert!(store.alert(5).unwrap().is_none());
        assert!(store.alert_reviews(5).unwrap().is_empty());
        let next = store.create_watchlist("c", "src c", "[]", 20).unwrap();
        assert_eq!(next, 8, "the id of the deleted list 7 must not be reused");
    }

    #[test]
    fn a_newer_schema_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        drop(Store::open(&path).unwrap());
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        drop(conn);
        let err = Store::open(&path).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        assert!(err.message().contains("newer"), "{err}");
        assert!(err.message().contains("m.db"), "{err}");
    }

    #[test]
    fn a_file_that_is_not_a_database_is_invalid_input() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.db");
        std::fs::write(
            &path,
            "this is a text file, long enough to have a header ".repeat(20),
        )
        .unwrap();
        let err = Store::open(&path).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
        assert!(err.message().contains("notes.db"), "{err}");
    }

    #[test]
    fn read_only_opens_reads_but_refuses_writes_and_other_versions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        let err = Store::open_read_only(&path).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        Store::open(&path)
            .unwrap()
            .upsert_batch(&[rich_record()], 1)
            .unwrap();
        let mut ro = Store::open_read_only(&path).unwrap();
        assert_eq!(ro.count().unwrap(), 1);
        assert!(ro
            .upsert_batch(&[rich_record()], 2)
            .is_ok_and(|o| o.unchanged == 1));
        let mut other = rich_record();
        other.id = "CN:2".into();
        assert!(ro.upsert_batch(&[other], 2).is_err());
        drop(ro);
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 0).unwrap();
        drop(conn);
        let err = Store::open_read_only(&path).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        assert!(err.message().contains("migrate"), "{err}");
    }

    #[test]
    fn open_existing_does_not_create() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing.db");
        let err = Store::open_existing(&path).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert!(!path.exists());
    }
}

mod upsert {
    use super::*;

    #[test]
    fn re_ingesting_the_same_records_changes_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let batch = vec![
            rich_record(),
            record("JP:2024-000001", Office::JP, "コシヒカリ", &[30]),
        ];
        let first = store.upsert_batch(&batch, 1).unwrap();
        assert_eq!(
            first,
            BatchOutcome {
                inserted: 2,
                updated: 0,
                unchanged: 0
            }
        );
        let second = store.upsert_batch(&batch, 2).unwrap();
        assert_eq!(
            second,
            BatchOutcome {
                inserted: 0,
                updated: 0,
                unchanged: 2
            }
        );
        assert_eq!(store.count().unwrap(), 2);
    }

    #[test]
    fn a_different_source_alone_is_unchanged() {
        let mut store = Store::open_in_memory().unwrap();
        let r = rich_record();
        store.upsert_batch(std::slice::from_ref(&r), 1).unwrap();
        let mut moved = r.clone();
        moved.source = Some(Source {
            file: "other.csv".into(),
            line: Some(2),
            record: Some(1),
        });
        let out = store.upsert_batch(&[moved], 2).unwrap();
        assert_eq!(out.unchanged, 1);
        assert_eq!(store.get(&r.id).unwrap().unwrap().source, r.source);
    }

    #[test]
    fn changed_content_replaces_the_record_and_its_side_rows() {
        let mut store = Store::open_in_memory().unwrap();
        let r = rich_record();
        store.upsert_batch(std::slice::from_ref(&r), 1).unwrap();
        let mut changed = record(&r.id, Office::CN, "今治", &[24]);
        changed.status = Status::Registered;
        let out = store
            .upsert_batch(std::slice::from_ref(&changed), 2)
            .unwrap();
        assert_eq!(out.updated, 1);
        assert_eq!(store.get(&r.id).unwrap(), Some(changed));
        let stats = store.stats().unwrap();
        assert_eq!(stats.by_class, vec![(24, 1)]);
        assert_eq!(stats.by_status, vec![("registered".to_string(), 1)]);
        store.integrity_check().unwrap();
    }

    #[test]
    fn a_batch_with_a_bad_record_stores_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let mut bad = record("", Office::CN, "青森", &[31]);
        bad.source = Some(Source {
            file: "in.jsonl".into(),
            line: Some(3),
            record: Some(3),
        });
        let batch = vec![
            record("CN:1", Office::CN, "无印良品", &[24]),
            record("CN:2", Office::CN, "康帅傅", &[30]),
            bad,
        ];
        let err = store.upsert_batch(&batch, 1).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(err.message().contains("in.jsonl:3"), "{err}");
        assert!(err.message().contains("id"), "{err}");
        assert_eq!(store.count().unwrap(), 0);
        assert_eq!(store.stats().unwrap().by_class, vec![]);
        // The store is still usable after a failed batch.
        let out = store.upsert_batch(&batch[..2], 2).unwrap();
        assert_eq!(out.inserted, 2);
    }

    #[test]
    fn the_last_of_two_records_with_one_id_wins() {
        let mut store = Store::open_in_memory().unwrap();
        let a = record("JP:1", Office::JP, "紹興酒", &[33]);
        let b = record("JP:1", Office::JP, "紹興老酒", &[33]);
        let out = store.upsert_batch(&[a, b.clone()], 1).unwrap();
        assert_eq!((out.inserted, out.updated), (1, 1));
        assert_eq!(store.get("JP:1").unwrap(), Some(b));
    }
}

mod read {
    use super::*;

    #[test]
    fn stats_count_by_office_status_and_class() {
        let mut store = Store::open_in_memory().unwrap();
        let mut reg = record("JP:1", Office::JP, "松阪牛", &[29]);
        reg.status = Status::Registered;
        store
            .upsert_batch(
                &[
                    record("CN:1", Office::CN, "松坂牛", &[29, 43]),
                    record("CN:2", Office::CN, "越光", &[30]),
                    reg,
                ],
                1,
            )
            .unwrap();
        let stats = store.stats().unwrap();
        assert_eq!(stats.records, 3);
        assert_eq!(
            stats.by_office,
            vec![("CN".to_string(), 2), ("JP".to_string(), 1)]
        );
        assert_eq!(
            stats.by_status,
            vec![("filed".to_string(), 2), ("registered".to_string(), 1)]
        );
        assert_eq!(stats.by_class, vec![(29, 2), (30, 1), (43, 1)]);
    }

    #[test]
    fn records_streams_everything_in_id_order_across_pages() {
        let mut store = Store::open_in_memory().unwrap();
        let batch: Vec<Record> = (0..2500)
            .map(|i| record(&format!("CN:{i:05}"), Office::CN, "茅台", &[33]))
            .collect();
        store.upsert_batch(&batch, 1).unwrap();
        let ids: Vec<String> = store.records().map(|r| r.unwrap().id).collect();
        let expected: Vec<String> = batch.iter().map(|r| r.id.clone()).collect();
        assert_eq!(ids, expected);
    }

    #[test]
    fn get_of_an_unknown_id_is_none() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.get("CN:404").unwrap(), None);
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn count_equals_the_number_of_distinct_ids(
            batches in prop::collection::vec(
                prop::collection::vec((0u32..40, 0usize..3), 0..20),
                1..6,
            )
        ) {
            let marks = ["今治", "神户牛", "大白免"];
            let mut store = Store::open_in_memory().unwrap();
            let mut seen = HashSet::new();
            for (t, batch) in batches.iter().enumerate() {
                let records: Vec<Record> = batch
                    .iter()
                    .map(|&(id, m)| record(&format!("CN:{id}"), Office::CN, marks[m], &[30]))
                    .collect();
                let out = store.upsert_batch(&records, t as i64).unwrap();
                prop_assert_eq!(out.total(), records.len() as u64);
                seen.extend(batch.iter().map(|&(id, _)| id));
                prop_assert_eq!(store.count().unwrap(), seen.len() as u64);
            }
            store.integrity_check().unwrap();
        }
    }
}
