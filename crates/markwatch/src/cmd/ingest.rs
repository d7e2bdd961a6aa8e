//! `markwatch ingest FILE...`: reads filings into the database, in transactional batches.
//!
//! Every input file is opened (and its format told) before anything is written, so a missing
//! or unrecognised file stops the run with nothing stored. Records are then upserted in
//! batches of `--batch-size`, one transaction each: a run that is killed keeps whole batches
//! only, and re-running it completes the database without duplicates.
//!
//! A record a reader rejects is appended to the rejects file as one JSON line and counted;
//! the rejects file is flushed before the next batch commits and is only created when there is
//! a reject. With `--strict` the first rejected record ends the run (exit 2) and the batch in
//! progress is not committed.
//!
//! The run ends with one line on stderr: `read N, stored A, rejected R`, where N = A + R and
//! "stored" counts every record written to the database, whether it was new, replaced an older
//! version, or was already stored unchanged. Exit status 0 even when records were rejected.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use markwatch_core::{ErrorKind, Record};
use markwatch_ingest::{Format, Reader, RecordError};
use markwatch_store::Store;
use serde::Serialize;

use super::{CliError, CmdResult, DbArgs};
use crate::progress::Progress;

/// Arguments of `markwatch ingest`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Ends with `read N, stored A, rejected R` on stderr (N = A + R). \
\"Stored\" counts every record written: new, updated, or already stored unchanged. \
Rejected records are appended to the rejects file, one JSON line each; exit status 0 \
unless --strict."
)]
pub struct Args {
    /// Input files (JSONL, CSV, ST.66 or ST.96 XML; told by extension and content).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub db: DbArgs,

    /// Where rejected records go, one JSON line each [default: <db>.rejects.jsonl].
    #[arg(long, value_name = "PATH")]
    pub rejects: Option<PathBuf>,

    /// Stop at the first rejected record (exit 2), committing nothing of the current batch.
    #[arg(long)]
    pub strict: bool,

    /// Read every file as this format (jsonl, csv, st66, st96) instead of detecting it.
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,

    /// Records per transaction.
    #[arg(long, value_name = "N", default_value_t = 5000,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub batch_size: u64,
}

/// Runs `markwatch ingest`.
pub fn run(args: Args) -> CmdResult {
    let format = args
        .format
        .as_deref()
        .map(|f| f.parse::<Format>().map_err(CliError::user))
        .transpose()?;
    // Open every input first: a bad file name stops the run before anything is written.
    let mut readers = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let reader = match format {
            Some(format) => markwatch_ingest::open_as(path, format),
            None => markwatch_ingest::open(path),
        };
        // The user named the file: whatever keeps it from being read is theirs to fix.
        readers.push(reader.map_err(|e| CliError::user(e.to_string()))?);
    }
    check_db_path(&args.db.db)?;
    let mut store = Store::open(&args.db.db)?;
    let rejects_path = args
        .rejects
        .unwrap_or_else(|| default_rejects_path(&args.db.db));
    let mut run = Run {
        store: &mut store,
        rejects: Rejects::new(rejects_path),
        batch: Vec::with_capacity(args.batch_size.min(100_000) as usize),
        batch_size: args.batch_size as usize,
        strict: args.strict,
        ingested_at: unix_now(),
        read: 0,
        stored: 0,
        rejected: 0,
    };
    let total_bytes = readers.iter().map(Reader::total_bytes).sum();
    let mut progress = Progress::new(total_bytes);
    let mut bytes_before = 0;
    for mut reader in readers {
        while let Some(item) = reader.next() {
            run.take(item)?;
            progress.update(run.read, bytes_before + reader.bytes_read());
        }
        bytes_before += reader.total_bytes().unwrap_or_else(|| reader.bytes_read());
    }
    run.commit()?;
    progress.finish();
    eprintln!(
        "read {}, stored {}, rejected {}",
        run.read, run.stored, run.rejected
    );
    Ok(ExitCode::SUCCESS)
}

/// The state of one ingest run.
struct Run<'a> {
    store: &'a mut Store,
    rejects: Rejects,
    batch: Vec<Record>,
    batch_size: usize,
    strict: bool,
    ingested_at: i64,
    read: u64,
    stored: u64,
    rejected: u64,
}

impl Run<'_> {
    /// Takes one reader item: batches a record (committing a full batch), or rejects an error.
    fn take(&mut self, item: Result<Record, RecordError>) -> Result<(), CliError> {
        match item {
            Ok(record) => {
                self.read += 1;
                self.batch.push(record);
                if self.batch.len() >= self.batch_size {
                    self.commit()?;
                }
            }
            // The file itself failed mid-read: not a bad record, so not a reject.
            Err(e) if e.kind() == ErrorKind::Io => return Err(CliError::user(e.to_string())),
            Err(e) => {
                if self.strict {
                    return Err(CliError::user(e.to_string()));
                }
                self.read += 1;
                self.rejected += 1;
                self.rejects.write(&e)?;
            }
        }
        Ok(())
    }

    /// Flushes the rejects so far, then writes the pending batch in one transaction.
    fn commit(&mut self) -> Result<(), CliError> {
        self.rejects.flush()?;
        if self.batch.is_empty() {
            return Ok(());
        }
        let outcome = self.store.upsert_batch(&self.batch, self.ingested_at)?;
        self.stored += outcome.total();
        self.batch.clear();
        Ok(())
    }
}

/// Refuses, as a user fault, a database path that is a directory or lies in a directory that
/// does not exist (SQLite would only say "unable to open database file").
fn check_db_path(db: &Path) -> Result<(), CliError> {
    if db.is_dir() {
        return Err(CliError::user(format!(
            "database {} is a directory",
            db.display()
        )));
    }
    match db.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => Err(CliError::user(format!(
            "database {}: directory {} does not exist",
            db.display(),
            dir.display()
        ))),
        _ => Ok(()),
    }
}

/// The default rejects file: `<db>.rejects.jsonl`, beside the database.
fn default_rejects_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".rejects.jsonl");
    PathBuf::from(name)
}

/// The rejects file, created on the first reject and appended to.
struct Rejects {
    path: PathBuf,
    out: Option<BufWriter<File>>,
    unsynced: bool,
}

/// One line of the rejects file.
#[derive(Serialize)]
struct RejectLine<'a> {
    file: &'a str,
    line: Option<u64>,
    record: Option<u64>,
    field: Option<&'a str>,
    reason: &'a str,
    /// The record's bytes when they are UTF-8.
    #[serde(skip_serializing_if = "Option::is_none")]
    raw: Option<&'a str>,
    /// The record's bytes in standard base64 when they are not UTF-8.
    #[serde(skip_serializing_if = "Option::is_none")]
    raw_base64: Option<String>,
}

impl Rejects {
    fn new(path: PathBuf) -> Rejects {
        Rejects {
            path,
            out: None,
            unsynced: false,
        }
    }

    fn write(&mut self, e: &RecordError) -> Result<(), CliError> {
        let (raw, raw_base64) = match std::str::from_utf8(&e.raw) {
            Ok(s) => (Some(s), None),
            Err(_) => (None, Some(markwatch::base64::encode(&e.raw))),
        };
        let line = RejectLine {
            file: &e.source.file,
            line: e.source.line,
            record: e.source.record,
            field: e.field.as_deref(),
            reason: &e.reason,
            raw,
            raw_base64,
        };
        let json = serde_json::to_string(&line)
            .map_err(|err| CliError::internal(format!("cannot encode a reject: {err}")))?;
        let out = match &mut self.out {
            Some(out) => out,
            None => {
                let file = OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&self.path)
                    .map_err(|err| self.io_error(err))?;
                self.out.insert(BufWriter::new(file))
            }
        };
        writeln!(out, "{json}").map_err(|err| CliError::internal(err.to_string()))?;
        self.unsynced = true;
        Ok(())
    }

    /// Writes out and syncs the rejects written since the last flush, if any.
    fn flush(&mut self) -> Result<(), CliError> {
        if !self.unsynced {
            return Ok(());
        }
        if let Some(out) = &mut self.out {
            let done = out.flush().and_then(|()| out.get_ref().sync_data());
            done.map_err(|err| {
                CliError::internal(format!(
                    "cannot write rejects file {}: {err}",
                    self.path.display()
                ))
            })?;
        }
        self.unsynced = false;
        Ok(())
    }

    fn io_error(&self, err: std::io::Error) -> CliError {
        CliError::of_kind(
            ErrorKind::Io,
            format!("cannot write rejects file {}: {err}", self.path.display()),
        )
    }
}

/// Seconds since the Unix epoch, the `ingested_at` stamp of this run.
#[allow(clippy::disallowed_methods)] // A record stamp, not deadline arithmetic: no Clock needed.
fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_file_sits_beside_the_database() {
        assert_eq!(
            default_rejects_path(Path::new("data/m.db")),
            PathBuf::from("data/m.db.rejects.jsonl")
        );
    }
}
