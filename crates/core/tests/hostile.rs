//! Hostile input for the normalizer, the scorer and the watch-list parser, and the replay of
//! their fuzz corpora (`fuzz/corpus/normalize`, `fuzz/corpus/watch_list` and the matching
//! `fuzz/regressions/` directories).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use markwatch_core::normalize::{MarkKeys, Normalizer};
use markwatch_core::score::{explain, similarity, MarkProfile};
use markwatch_core::watch::{parse_watch_list, read_watch_list};
use markwatch_core::ErrorKind;

fn fuzz_files(kind: &str, target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz")
        .join(kind)
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("a readable corpus entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// The files of `fuzz/<kind>/<target>` with their bytes.
fn inputs(kind: &str, target: &str) -> Vec<(String, Vec<u8>)> {
    fuzz_files(kind, target)
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

/// The corpus and regression files of `target`; the corpus must not be empty.
fn replay_inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let corpus = inputs("corpus", target);
    assert!(!corpus.is_empty(), "no seed corpus for {target}");
    corpus
        .into_iter()
        .chain(inputs("regressions", target))
        .collect()
}

/// What the `normalize` fuzz target runs: keys, explanation, profiles and a scored pair (the
/// input split at its first NUL). Returns the similarity.
fn normalize_target(text: &str) -> f32 {
    let (a, b) = text.split_once('\0').unwrap_or((text, text));
    let n = Normalizer::global();
    let _ = n.keys(a);
    let _ = n.explain(a);
    let pa = MarkProfile::new(n, a);
    let pb = MarkProfile::new(n, b);
    let s = similarity(&pa, &pb);
    let _ = explain(&pa, &pb);
    s
}

fn replay_normalize(inputs: Vec<(String, Vec<u8>)>) {
    for (what, bytes) in inputs {
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let s = catch_unwind(AssertUnwindSafe(|| normalize_target(text)))
            .unwrap_or_else(|_| panic!("normalizing {what} panicked"));
        assert!((0.0..=1.0).contains(&s), "{what}: similarity {s}");
    }
}

#[test]
fn fuzz_corpus_normalize_replays() {
    let corpus = inputs("corpus", "normalize");
    assert!(!corpus.is_empty(), "no seed corpus for normalize");
    replay_normalize(corpus);
}

/// Crash reproducers found by the `normalize` target: `crash-c4e7…` is `m\0ŋ`; scoring `m`
/// against `ŋ` once panicked in `normalize::phonetic::split`, which sliced inside a multi-byte
/// first character.
#[test]
fn fuzz_regressions_normalize_replay() {
    replay_normalize(inputs("regressions", "normalize"));
}

#[test]
fn fuzz_corpus_watch_list_replays() {
    let mut parsed = 0;
    for (what, bytes) in replay_inputs("watch_list") {
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let result = catch_unwind(AssertUnwindSafe(|| parse_watch_list(text, "fuzz")))
            .unwrap_or_else(|_| panic!("parsing {what} panicked"));
        match result {
            Ok(list) => {
                assert!(!list.is_empty(), "{what}: an empty list is an error");
                parsed += 1;
            }
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::InvalidInput, "{what}: {e}");
                assert!(e.to_string().starts_with("fuzz"), "{what}: {e}");
            }
        }
    }
    assert!(parsed > 0, "the seeds include valid watch lists");
}

/// Every key of `keys` but `original`, which keeps the text as given.
fn derived(mut keys: MarkKeys) -> MarkKeys {
    keys.original.clear();
    keys
}

const HIDDEN: [char; 5] = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{FEFF}', '\u{202E}'];

#[test]
fn invisible_characters_do_not_change_the_keys() {
    let n = Normalizer::global();
    for mark in ["無印良品", "Kobe Beef", "コシヒカリ", "今治"] {
        let want = derived(n.keys(mark));
        for hidden in HIDDEN {
            let mut chars: Vec<char> = mark.chars().collect();
            chars.insert(1, hidden);
            let hiding: String = chars.into_iter().collect();
            assert_eq!(
                derived(n.keys(&hiding)),
                want,
                "U+{:04X} inside {mark}",
                hidden as u32
            );
        }
    }
}

#[test]
fn invisible_characters_do_not_hide_a_mark_from_scoring() {
    // Weaker than equal keys (above): the hiding mark must still score as a near copy.
    let n = Normalizer::global();
    let plain = MarkProfile::new(n, "無印良品");
    for hidden in HIDDEN {
        let hiding = MarkProfile::new(n, &format!("無{hidden}印良品"));
        let s = similarity(&plain, &hiding);
        assert!(s >= 0.8, "U+{:04X}: similarity {s}", hidden as u32);
    }
}

#[test]
fn nul_and_control_characters_are_handled() {
    let n = Normalizer::global();
    for text in ["福\0冈", "\0", "\u{1}\u{7f}\u{9c}", "福冈\r\n\t", ""] {
        let keys = n.keys(text);
        assert_eq!(keys.original, text, "the original is kept");
        let s = normalize_target(text);
        assert!((0.0..=1.0).contains(&s), "{text:?}: {s}");
    }
    let plain = MarkProfile::new(n, "福冈");
    let with_nul = MarkProfile::new(n, "福\0冈");
    assert!(similarity(&plain, &with_nul) >= 0.8);
}

#[test]
fn long_and_odd_marks_do_not_blow_up() {
    let n = Normalizer::global();
    let inputs = [
        "無".repeat(10_000),
        "\u{202E}".repeat(1_000),
        "a\u{0301}".repeat(2_000),
        "🀄".repeat(1_000),
        "\u{FFFF}\u{10FFFF}\u{E000}".to_string(),
    ];
    for text in inputs {
        let s = normalize_target(&text);
        assert!((0.0..=1.0).contains(&s));
        let keys = n.keys(&text);
        assert!(keys.pinyin.len() <= markwatch_core::normalize::MAX_READINGS);
    }
}

const HEADER: &str = "id,kind,names,owner,country,classes\n";

#[test]
fn watch_list_invalid_utf8_file_is_a_clear_error_naming_the_file() {
    let dir = std::env::temp_dir().join(format!("markwatch-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("watch-bad.csv");
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(b"W-1,place,\xFF\xFE,Owner,JP,\n");
    std::fs::write(&path, bytes).unwrap();
    let err = read_watch_list(&path).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(err.to_string().contains("watch-bad.csv"), "{err}");
}

#[test]
fn watch_list_empty_and_hostile_lines_are_clear_errors() {
    for empty in ["", "\n\n", "   \n"] {
        let err = parse_watch_list(empty, "w.csv").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(err.to_string().starts_with("w.csv: "), "{err}");
    }
    let deep = format!(
        "{{\"id\":\"W-1\",\"kind\":\"place\",\"names\":[\"京都\"],\"owner\":\"o\",\"country\":\"JP\"}}\n\
         {{\"id\":\"W-2\",\"kind\":\"place\",\"names\":{}\n",
        "[".repeat(100_000)
    );
    let err = parse_watch_list(&deep, "w.jsonl").unwrap_err();
    assert!(err.to_string().starts_with("w.jsonl:2"), "{err}");

    let many = (0..1_000_000)
        .map(|i| (i % 45 + 1).to_string())
        .collect::<Vec<_>>()
        .join(";");
    let list = parse_watch_list(
        &format!("{HEADER}W-1,place,京都,Kyoto,JP,{many}\n"),
        "w.csv",
    )
    .unwrap();
    assert_eq!(list[0].classes.len(), 45, "duplicate classes merge");
}

#[test]
fn watch_list_keeps_invisible_characters_in_names() {
    let text = format!("{HEADER}W-1,gi,無\u{200B}印良品|\u{202E}abc,Owner,JP,\n");
    let list = parse_watch_list(&text, "w.csv").unwrap();
    assert_eq!(list[0].names, ["無\u{200B}印良品", "\u{202E}abc"]);
}
