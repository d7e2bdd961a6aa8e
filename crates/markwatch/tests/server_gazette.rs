//! `serve --gazette-dir`: one scan at a time through `markwatch::server::gazette`, with an
//! injected clock and file modification times set by the test.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use markwatch::server::gazette::{scan_gazette_dir, SETTLE_SECONDS};
use markwatch::server::{AppState, FixedWallClock};
use markwatch_store::Store;

const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

const WATCH_CSV: &str = "id,kind,names,owner,country,classes\n\
W-muji,brand,無印良品|MUJI,Ryohin Keikaku,JP,24\n\
W-kobe,gi,神戸ビーフ|神戸牛|Kobe Beef,Kobe Beef Marketing Association,JP,29\n";

const MUJI: &str = r#"{"id":"CN:1","office":"CN","mark":"无印良品","classes":[24],"status":"published","dates":{"publication":"2025-12-20"}}"#;
const UNRELATED: &str = r#"{"id":"CN:3","office":"CN","mark":"晴空万里","classes":[30]}"#;
const KOBE: &str = r#"{"id":"CN:2","office":"CN","mark":"神户牛","classes":[29]}"#;

fn state() -> AppState {
    let mut store = Store::open_in_memory().unwrap();
    store
        .create_watchlist("brands", WATCH_CSV, "[]", NOW)
        .unwrap();
    let mut s = AppState::new(store, Arc::new(FixedWallClock(NOW)));
    s.access_log = false;
    s
}

/// Writes (or appends) `lines` to `path` and sets its modification time `age` seconds before NOW.
fn put(path: &Path, lines: &[&str], append: bool, age: i64) {
    let mut f = if append {
        OpenOptions::new().append(true).open(path).unwrap()
    } else {
        File::create(path).unwrap()
    };
    for l in lines {
        writeln!(f, "{l}").unwrap();
    }
    f.set_modified(UNIX_EPOCH + Duration::from_secs((NOW - age) as u64))
        .unwrap();
}

fn alert_pairs(state: &AppState) -> Vec<(String, String)> {
    let store = state.store.lock().unwrap();
    store
        .alerts()
        .unwrap()
        .into_iter()
        .map(|a| (a.filing_id, a.target_id))
        .collect()
}

#[test]
fn new_files_become_alerts_once_and_changed_files_only_add_what_is_new() {
    let dir = tempfile::tempdir().unwrap();
    let state = state();
    let a = dir.path().join("a.jsonl");
    put(&a, &[MUJI, UNRELATED], false, 100);

    let done = scan_gazette_dir(&state, dir.path()).unwrap();
    assert_eq!(done.len(), 1);
    assert_eq!(
        (done[0].records, done[0].rejected, done[0].new_alerts),
        (2, 0, 1)
    );
    assert_eq!(alert_pairs(&state), [("CN:1".into(), "W-muji".into())]);
    // The records are stored.
    assert!(state.store.lock().unwrap().get("CN:3").unwrap().is_some());

    // Nothing changed: nothing to do, no duplicate alert.
    assert!(scan_gazette_dir(&state, dir.path()).unwrap().is_empty());
    assert_eq!(alert_pairs(&state).len(), 1);

    // The file grows: it is read again and only the new finding is raised.
    put(&a, &[KOBE], true, 50);
    let done = scan_gazette_dir(&state, dir.path()).unwrap();
    assert_eq!((done[0].records, done[0].new_alerts), (3, 1));
    assert_eq!(
        alert_pairs(&state),
        [
            ("CN:1".into(), "W-muji".into()),
            ("CN:2".into(), "W-kobe".into())
        ]
    );
}

#[test]
fn unsettled_hidden_and_unreadable_files() {
    let dir = tempfile::tempdir().unwrap();
    let state = state();
    // Modified just now: still being written, left for a later scan.
    let b = dir.path().join("b.jsonl");
    put(&b, &[MUJI], false, SETTLE_SECONDS - 1);
    // Hidden files are ignored.
    put(&dir.path().join(".partial.jsonl"), &[KOBE], false, 100);
    assert!(scan_gazette_dir(&state, dir.path()).unwrap().is_empty());
    put(&b, &[], true, SETTLE_SECONDS);
    let done = scan_gazette_dir(&state, dir.path()).unwrap();
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].new_alerts, 1);

    // A file of no known format is recorded once, with no records, and not retried.
    put(&dir.path().join("notes.txt"), &["hello"], false, 100);
    let done = scan_gazette_dir(&state, dir.path()).unwrap();
    assert_eq!(done.len(), 1);
    assert_eq!((done[0].records, done[0].new_alerts), (0, 0));
    assert!(scan_gazette_dir(&state, dir.path()).unwrap().is_empty());

    // A directory that does not exist is an error naming it.
    let missing = dir.path().join("missing");
    let err = scan_gazette_dir(&state, &missing).unwrap_err();
    assert!(err.message().contains("missing"), "{err}");
}
