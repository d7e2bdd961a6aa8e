//! Helpers shared by the test modules.

use markwatch_core::Record;
use markwatch_ingest::{from_reader, Format, RecordError};

/// Reads `input` as `format` from memory, labelled `t`.
pub fn read(format: Format, input: &str) -> Vec<Result<Record, RecordError>> {
    from_reader(std::io::Cursor::new(input.as_bytes().to_vec()), format, "t").collect()
}

/// The one result of reading `input`, which must hold exactly one record.
pub fn one(format: Format, input: &str) -> Result<Record, Box<RecordError>> {
    let mut all = read(format, input);
    assert_eq!(
        all.len(),
        1,
        "expected one result from {input:?}, got {all:?}"
    );
    all.remove(0).map_err(Box::new)
}

/// Path of a fixture file.
pub fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}
