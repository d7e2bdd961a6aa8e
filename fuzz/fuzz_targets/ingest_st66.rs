//! Arbitrary bytes through the St66 reader: the iterator must end without a panic, and every
//! rejected record must carry its source position (file label and record index or line).
//! Replayed by `crates/ingest/tests/ingest/hostile.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use markwatch_ingest::{from_reader, Format};

fuzz_target!(|data: &[u8]| {
    let input = std::io::Cursor::new(data.to_vec());
    for item in from_reader(input, Format::St66, "fuzz") {
        match item {
            Ok(record) => assert!(record.source.is_some(), "a record without its source"),
            Err(e) => assert_eq!(e.source.file, "fuzz", "a reject without its file: {e}"),
        }
    }
});
