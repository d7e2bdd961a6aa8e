//! Arbitrary UTF-8 through the watch-list parser (CSV or JSONL): it must return entries or an
//! error, never panic. Replayed by `crates/core/tests/hostile.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use markwatch_core::watch::parse_watch_list;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse_watch_list(text, "fuzz");
    }
});
