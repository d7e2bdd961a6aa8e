//! # markwatch-ingest
//!
//! Readers for trademark records: JSONL, CSV, WIPO ST.66 and WIPO ST.96 XML. Every reader
//! streams: it holds one record at a time, so multi-gigabyte files read in constant memory.
//!
//! Principal types:
//! - [`Reader`]: an iterator of `Result<Record, RecordError>` over one input, made by [`open`]
//!   (format detected), [`open_as`] (format given) or [`from_reader`] (any `BufRead`, the
//!   in-memory twin used by tests and the server).
//! - [`Format`]: the four formats, with [`Format::detect`].
//! - [`RecordError`]: one rejected record, with its position, the field at fault and its raw
//!   bytes (for a rejects file). A bad record never ends the iteration; a broken XML stream
//!   that cannot be resynchronized ends it after one last error.
//! - [`FileError`]: a file that cannot be read at all (missing, unknown format, DOCTYPE).
//!
//! Every yielded [`Record`] has `source` set (file label, 1-based start line, 1-based record
//! index) and its classes normalized ([`Record::normalize_classes`]). The formats and their
//! error behaviour are documented in `docs/FORMATS.md`.
//!
//! ```
//! use markwatch_ingest::{from_reader, Format};
//! let input = "{\"id\":\"Q1\",\"office\":\"CN\",\"mark\":\"福冈\",\"classes\":[29]}\n\
//!              {\"id\":\"Q2\",\"office\":\"XX1\",\"mark\":\"长野\"}\n";
//! let results: Vec<_> = from_reader(input.as_bytes(), Format::Jsonl, "demo.jsonl").collect();
//! let first = results[0].as_ref().unwrap();
//! assert_eq!(first.mark, "福冈");
//! assert_eq!(first.source.as_ref().unwrap().line, Some(1));
//! let err = results[1].as_ref().unwrap_err();
//! assert_eq!(err.field.as_deref(), Some("office"));
//! assert!(err.to_string().starts_with("demo.jsonl:2 (record 2): field `office`: "));
//! ```

mod delimited;
mod error;
mod fields;
mod format;
mod jsonl;
mod split;
mod xml;

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use markwatch_core::{ErrorKind, Record, Source};

pub use error::{FileError, RecordError};
pub use format::Format;

use fields::{FResult, Fault};
use split::{Counted, Splitter};

/// The longest record accepted, in bytes (16 MiB): a longer JSONL line, CSV record or XML
/// element is rejected with "record too long" and skipped without being held in memory.
pub const MAX_RECORD_BYTES: usize = 16 << 20;

/// How many leading bytes of an over-long record [`RecordError::raw`] keeps (4 KiB).
pub const RAW_PREFIX_BYTES: usize = 4 << 10;

/// How many bytes [`open`] reads to detect the format and check for a DOCTYPE.
const HEAD_BYTES: usize = 64 << 10;

type Input = Box<dyn BufRead + Send>;
type Records = Box<dyn Iterator<Item = Result<Record, RecordError>> + Send>;

/// An iterator over the records of one input. See the crate documentation.
///
/// `Send`, so a reader can be handed to a worker thread.
pub struct Reader {
    format: Format,
    bytes: Arc<AtomicU64>,
    total: Option<u64>,
    records: Records,
}

const _: () = {
    const fn is_send<T: Send>() {}
    is_send::<Reader>();
};

impl Reader {
    /// The format being read.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Bytes consumed from the input so far (for progress and ETA). Readers buffer, so this
    /// may run ahead of the record last yielded by up to one buffer (64 KiB).
    pub fn bytes_read(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// The input's size in bytes when known: for a regular file opened by [`open`] or
    /// [`open_as`]; `None` for pipes and for [`from_reader`].
    pub fn total_bytes(&self) -> Option<u64> {
        self.total
    }
}

impl Iterator for Reader {
    type Item = Result<Record, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.records.next()
    }
}

impl std::fmt::Debug for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader")
            .field("format", &self.format)
            .field("bytes_read", &self.bytes_read())
            .field("total_bytes", &self.total)
            .finish_non_exhaustive()
    }
}

/// Opens `path`, detecting its format with [`Format::detect`] from the extension and the first
/// 64 KiB. Fails with a [`FileError`] if the file cannot be read, its format cannot be told,
/// or (CSV) its header is invalid, or (XML) it declares a DOCTYPE.
pub fn open(path: &Path) -> Result<Reader, FileError> {
    let (mut input, total) = open_file(path)?;
    let head = input
        .fill_buf()
        .map_err(|e| FileError::io(path.display().to_string(), &e))?;
    let format = Format::detect(path, head).ok_or_else(|| {
        FileError::new(
            path.display().to_string(),
            ErrorKind::Unsupported,
            "cannot tell the format (expected JSONL, CSV, ST.66 or ST.96 XML); name it explicitly",
        )
    })?;
    build(input, total, format, path)
}

/// Opens `path` as `format`. Fails with a [`FileError`] if the file cannot be read, or (CSV)
/// its header is invalid, or (XML) it declares a DOCTYPE.
pub fn open_as(path: &Path, format: Format) -> Result<Reader, FileError> {
    let (input, total) = open_file(path)?;
    build(input, total, format, path)
}

/// Reads records of `format` from any buffered input, labelling their sources `label`.
///
/// The in-memory twin of [`open_as`]: instead of failing, a bad CSV header or an XML DOCTYPE
/// becomes the one and last [`RecordError`] of the iteration.
pub fn from_reader(input: impl BufRead + Send + 'static, format: Format, label: &str) -> Reader {
    let bytes = Arc::new(AtomicU64::new(0));
    let input: Input = Box::new(Counted::new(input, bytes.clone()));
    let records = match records(input, format, label) {
        Ok(records) => records,
        Err(fault) => {
            let e = fault.at(source(label, None, None), Vec::new());
            Box::new(std::iter::once(Err(e)))
        }
    };
    Reader {
        format,
        bytes,
        total: None,
        records,
    }
}

fn open_file(path: &Path) -> Result<(BufReader<File>, Option<u64>), FileError> {
    let label = path.display().to_string();
    let file = File::open(path).map_err(|e| FileError::io(&label, &e))?;
    let meta = file.metadata().map_err(|e| FileError::io(&label, &e))?;
    if meta.is_dir() {
        return Err(FileError::new(
            label,
            ErrorKind::InvalidInput,
            "is a directory",
        ));
    }
    // A pipe or device has no meaningful size.
    let total = meta.is_file().then_some(meta.len());
    Ok((BufReader::with_capacity(HEAD_BYTES, file), total))
}

fn build(
    input: BufReader<File>,
    total: Option<u64>,
    format: Format,
    path: &Path,
) -> Result<Reader, FileError> {
    let label = path.display().to_string();
    let bytes = Arc::new(AtomicU64::new(0));
    let input: Input = Box::new(Counted::new(input, bytes.clone()));
    let records = records(input, format, &label)
        .map_err(|fault| FileError::new(&label, ErrorKind::InvalidInput, fault.to_string()))?;
    Ok(Reader {
        format,
        bytes,
        total,
        records,
    })
}

/// The record iterator for `format`; fails when the input is refused as a whole (bad CSV
/// header, XML DOCTYPE in the first bytes).
fn records(input: Input, format: Format, label: &str) -> FResult<Records> {
    Ok(match format {
        Format::Jsonl => Box::new(LineRecords::new(
            Splitter::new(input, false),
            Box::new(jsonl::parse_line),
            label,
        )),
        Format::Csv => {
            let mut splitter = Splitter::new(input, true);
            let parser = delimited::CsvParser::from_header(&mut splitter)?;
            let mut lines = LineRecords::new(splitter, Box::new(parser), label);
            lines.first = false;
            Box::new(lines)
        }
        Format::St66 | Format::St96 => Box::new(xml::XmlRecords::new(input, format, label)?),
    })
}

fn source(label: &str, line: Option<u64>, record: Option<u64>) -> Source {
    Source {
        file: label.to_string(),
        line,
        record,
    }
}

/// Parses one record's bytes (a line format's chunk).
pub(crate) trait ChunkParser: Send {
    fn parse(&mut self, bytes: &[u8]) -> FResult<Record>;
}

impl<F: FnMut(&[u8]) -> FResult<Record> + Send> ChunkParser for F {
    fn parse(&mut self, bytes: &[u8]) -> FResult<Record> {
        self(bytes)
    }
}

/// The iterator of the line formats (JSONL, CSV): cuts records with a [`Splitter`], skips
/// blank ones, parses the rest with a [`ChunkParser`] and attaches the source.
struct LineRecords {
    splitter: Splitter<Input>,
    parser: Box<dyn ChunkParser>,
    label: String,
    index: u64,
    /// True until the first chunk, whose UTF-8 byte-order mark is dropped.
    first: bool,
    done: bool,
}

impl LineRecords {
    fn new(splitter: Splitter<Input>, parser: Box<dyn ChunkParser>, label: &str) -> Self {
        LineRecords {
            splitter,
            parser,
            label: label.to_string(),
            index: 0,
            first: true,
            done: false,
        }
    }
}

impl Iterator for LineRecords {
    type Item = Result<Record, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        loop {
            let chunk = match self.splitter.next_chunk() {
                Ok(Some(chunk)) => chunk,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    let f = Fault::whole(format!("read error: {e}"));
                    return Some(Err(f.at(source(&self.label, None, None), Vec::new())));
                }
            };
            let mut bytes = chunk.bytes;
            if std::mem::take(&mut self.first) && bytes.starts_with(b"\xEF\xBB\xBF") {
                bytes.drain(..3);
            }
            if chunk.too_long.is_none() && bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.index += 1;
            let src = source(&self.label, Some(chunk.line), Some(self.index));
            if let Some(len) = chunk.too_long {
                let f = Fault::whole(format!(
                    "record too long ({len} bytes; the limit is {MAX_RECORD_BYTES})"
                ));
                return Some(Err(f.at(src, bytes)));
            }
            return Some(match self.parser.parse(&bytes) {
                Ok(mut r) => {
                    r.source = Some(src);
                    Ok(r)
                }
                Err(f) => Err(f.at(src, bytes)),
            });
        }
    }
}
