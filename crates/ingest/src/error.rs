//! The two error types: a rejected record ([`RecordError`]) and an unusable file ([`FileError`]).

use std::fmt;

use markwatch_core::{ErrorKind, Source};

/// One rejected record. The reader goes on with the next record after yielding it.
///
/// Display: ``<file>:<line> (record <n>): field `<field>`: <reason>``, omitting the parts that are
/// unknown (no line for a record whose start could not be located, no field for a record that
/// failed as a whole, e.g. invalid JSON or UTF-8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// Where the record starts: file label, 1-based line, 1-based record index.
    pub source: Source,
    /// The field at fault (`mark`, `classes[1]`, `dates.filing`, the CSV column or the XML
    /// element name), when the fault lies in one field.
    pub field: Option<String>,
    /// What is wrong, in plain words.
    pub reason: String,
    /// The rejected record's bytes: the JSONL line or CSV record without its line terminator,
    /// or the XML element's text. For a record longer than [`crate::MAX_RECORD_BYTES`] only the
    /// first [`crate::RAW_PREFIX_BYTES`] bytes are kept.
    pub raw: Vec<u8>,
}

impl RecordError {
    /// The error's kind: always [`ErrorKind::InvalidInput`] except for a read failure of the
    /// underlying file, which is [`ErrorKind::Io`].
    pub fn kind(&self) -> ErrorKind {
        if self.field.is_none() && self.reason.starts_with("read error") {
            ErrorKind::Io
        } else {
            ErrorKind::InvalidInput
        }
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source)?;
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.reason)
    }
}

impl std::error::Error for RecordError {}

impl From<RecordError> for markwatch_core::Error {
    fn from(e: RecordError) -> markwatch_core::Error {
        markwatch_core::Error::new(e.kind(), e.to_string())
    }
}

/// A file that cannot be read at all: missing or unreadable, of unknown format, or refused
/// (an XML file with a DOCTYPE declaration). Display is one line naming the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    path: String,
    kind: ErrorKind,
    message: String,
}

impl FileError {
    pub(crate) fn new(
        path: impl Into<String>,
        kind: ErrorKind,
        message: impl Into<String>,
    ) -> Self {
        FileError {
            path: path.into(),
            kind,
            message: message.into(),
        }
    }

    pub(crate) fn io(path: impl Into<String>, e: &std::io::Error) -> Self {
        let kind = match e.kind() {
            std::io::ErrorKind::NotFound => ErrorKind::NotFound,
            _ => ErrorKind::Io,
        };
        FileError::new(path, kind, format!("cannot read: {e}"))
    }

    /// What went wrong: [`ErrorKind::NotFound`] for a missing file, [`ErrorKind::Io`] for other
    /// read failures, [`ErrorKind::Unsupported`] for an unknown format, and
    /// [`ErrorKind::InvalidInput`] for a refused file (DOCTYPE).
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The file as given.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The message without the file name.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for FileError {}

impl From<FileError> for markwatch_core::Error {
    fn from(e: FileError) -> markwatch_core::Error {
        markwatch_core::Error::new(e.kind, e.to_string())
    }
}
