//! `markwatch index FILE... --out PATH`: builds a similarity index file from record files (any
//! reader format) and/or the database (`--db`).
//!
//! With `--append`, the documents of the existing `--out` index are kept and the new records
//! added (a record whose id is already indexed replaces it); the posting lists are rebuilt.
//! With `--shard-size N`, a shard file is written every N documents (`register.1.idx`, …), so
//! that no build holds more than N documents; ids are not deduplicated across shards. Each
//! file is written beside its final name and renamed over it, so a failed run leaves no
//! partial file (and, without shards, the old index intact). Rejected records are reported on
//! stderr and skipped. The run ends with one line on stderr: `indexed N documents (R
//! rejected) into PATH[, PATH…]`.
//!
//! Also home of the CLI's record reading and `--register` opening, which print each rejected
//! record on stderr (the register itself is [`markwatch::register`]).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use markwatch::register::{self, entry_of, open_index, Register, BATCH};
use markwatch_core::index::{Entry, IndexBuilder};
use markwatch_core::normalize::Normalizer;
use markwatch_core::{ErrorKind, Record};

use super::{CliError, CmdResult};

/// Arguments of `markwatch index`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Record files (JSONL, CSV, ST.66 or ST.96 XML).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Also index every record of this database.
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// The index file to write.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,

    /// Add to the existing `--out` index instead of starting empty.
    #[arg(long, conflicts_with = "shard_size")]
    pub append: bool,

    /// Write a shard every N documents instead of one file: `--out register.idx` gives
    /// `register.1.idx`, `register.2.idx`… (search them together with one `--register` each).
    /// Bounds the build's memory by N documents.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub shard_size: Option<u64>,
}

/// Runs `markwatch index`.
pub fn run(args: Args) -> CmdResult {
    if args.files.is_empty() && args.db.is_none() {
        return Err(CliError::user(
            "nothing to index: name record files or --db PATH",
        ));
    }
    let normalizer = Normalizer::global();
    let mut builder = IndexBuilder::new(normalizer);
    let existing;
    if args.append && args.out.exists() {
        existing = open_index(&args.out)?;
        builder = IndexBuilder::from_index(normalizer, &existing);
    }
    let shard_size = args.shard_size.map_or(usize::MAX, |n| n as usize);
    let mut shards = Shards {
        out: &args.out,
        sharded: args.shard_size.is_some(),
        written: Vec::new(),
    };
    let mut rejected = 0u64;
    let mut failed: Option<CliError> = None;
    // Adds a batch, writing a shard whenever the builder holds `shard_size` documents.
    let mut add = |builder: &mut IndexBuilder, batch: &mut Vec<Entry>| {
        while !batch.is_empty() && failed.is_none() {
            let room = shard_size.saturating_sub(builder.len()).max(1);
            builder.extend(batch.drain(..room.min(batch.len())));
            if builder.len() >= shard_size {
                let full = std::mem::replace(builder, IndexBuilder::new(normalizer));
                if let Err(e) = shards.write(full) {
                    failed = Some(e);
                }
            }
        }
    };
    for path in &args.files {
        let mut batch = Vec::with_capacity(BATCH);
        rejected += for_each_record(path, |r| {
            batch.push(entry_of(&r));
            if batch.len() == BATCH {
                add(&mut builder, &mut batch);
            }
        })?;
        add(&mut builder, &mut batch);
    }
    if let Some(db) = &args.db {
        let store = markwatch_store::Store::open_read_only(db)?;
        let mut batch = Vec::with_capacity(BATCH);
        for r in store.records() {
            batch.push(entry_of(&r?));
            if batch.len() == BATCH {
                add(&mut builder, &mut batch);
            }
        }
        add(&mut builder, &mut batch);
    }
    if let Some(e) = failed {
        return Err(e);
    }
    if !builder.is_empty() || shards.written.is_empty() {
        shards.write(builder)?;
    }
    let documents: usize = shards.written.iter().map(|(_, n)| n).sum();
    let files: Vec<String> = shards
        .written
        .iter()
        .map(|(p, _)| p.display().to_string())
        .collect();
    eprintln!(
        "indexed {documents} documents ({rejected} rejected) into {}",
        files.join(", ")
    );
    Ok(ExitCode::SUCCESS)
}

/// The files an index run writes: `out` itself, or its numbered shards.
struct Shards<'a> {
    out: &'a Path,
    sharded: bool,
    /// Each file written, with its number of documents.
    written: Vec<(PathBuf, usize)>,
}

impl Shards<'_> {
    /// Writes `builder` to the next file, beside it and renamed over it, so that a failed
    /// write leaves no partial file under the final name.
    fn write(&mut self, builder: IndexBuilder) -> Result<(), CliError> {
        let path = if self.sharded {
            shard_path(self.out, self.written.len() + 1)
        } else {
            self.out.to_path_buf()
        };
        let tmp = tmp_path(&path);
        let write = || -> std::io::Result<()> {
            let file = std::fs::File::create(&tmp)?;
            let mut w = std::io::BufWriter::new(file);
            builder
                .write(&mut w)
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            w.flush()?;
            w.get_ref().sync_all()?;
            std::fs::rename(&tmp, &path)
        };
        if let Err(e) = write() {
            let _ = std::fs::remove_file(&tmp);
            return Err(CliError::of_kind(
                ErrorKind::Io,
                format!("{}: cannot write the index: {e}", path.display()),
            ));
        }
        self.written.push((path, builder.len()));
        Ok(())
    }
}

/// Shard `n` of `out`: the number before the extension (`register.idx` → `register.2.idx`).
fn shard_path(out: &Path, n: usize) -> PathBuf {
    let stem = out
        .file_stem()
        .map_or_else(Default::default, |s| s.to_owned());
    let mut name = stem;
    name.push(format!(".{n}"));
    if let Some(ext) = out.extension() {
        name.push(".");
        name.push(ext);
    }
    out.with_file_name(name)
}

fn tmp_path(out: &Path) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(".tmp");
    PathBuf::from(name)
}

/// Appends the records of `path` to `out`; prints each rejected record on stderr and returns
/// how many there were. Fails if the file cannot be opened or fails mid-read.
pub fn read_records(path: &Path, out: &mut Vec<Record>) -> Result<u64, CliError> {
    for_each_record(path, |r| out.push(r))
}

/// Calls `f` with each record of `path`, streaming; prints each rejected record on stderr and
/// returns how many there were. Fails if the file cannot be opened or fails mid-read.
pub fn for_each_record(path: &Path, f: impl FnMut(Record)) -> Result<u64, CliError> {
    let rejected = register::for_each_record(path, f, report_skipped)
        .map_err(|e| CliError::user(e.message()))?;
    Ok(rejected)
}

/// Opens `--register` paths (see [`Register::open`]), printing each rejected record on stderr.
pub fn open_register(paths: &[PathBuf]) -> Result<Register, CliError> {
    Ok(Register::open(paths, report_skipped)?)
}

/// Prints a rejected record on stderr; the run goes on without it.
fn report_skipped(e: &markwatch_core::Error) {
    eprintln!("markwatch: skipped: {e}");
}
