//! `serve --gazette-dir DIR`: files dropped in DIR are ingested and screened against every
//! watch list; their findings become alerts once.
//!
//! Every [`GAZETTE_POLL`] the directory is scanned ([`scan_gazette_dir`]). A regular file
//! whose name does not start with `.` is processed when its (size, modification time) differs
//! from the last processing recorded in the store, or it was never processed, and it has not
//! been modified for [`SETTLE_SECONDS`] (so a file still being copied is left for the next
//! scan). Processing reads it in any reader format (detected as `markwatch ingest` does),
//! stores its records, screens them against the watch lists of that moment and records the
//! file. Alerts are unique on (watch list, filing, target), so a file processed again (it
//! changed) raises alerts only for what is new. A file that cannot be read at all (unknown
//! format) is recorded with zero records and reported once in the log.

use std::path::{Path, PathBuf};
use std::time::Duration;

use markwatch_core::{Error, ErrorKind};
use markwatch_store::GazetteFile;

use super::api::{screen_reader, store_screened};
use super::{AppState, SharedState};

/// How often the directory is scanned.
pub const GAZETTE_POLL: Duration = Duration::from_secs(5);

/// A file is processed only once it has not changed for this many seconds.
pub const SETTLE_SECONDS: i64 = 2;

/// One scan of `dir`: processes every new or changed, settled file (see the module docs), in
/// name order, and returns what was recorded for each. Fails if the directory cannot be
/// listed; a file that fails mid-read is reported in the log and retried at the next scan.
pub fn scan_gazette_dir(state: &AppState, dir: &Path) -> Result<Vec<GazetteFile>, Error> {
    let listing = std::fs::read_dir(dir).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!("{}: cannot list the gazette directory: {e}", dir.display()),
        )
    })?;
    let mut files: Vec<PathBuf> = listing
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut done = Vec::new();
    for path in files {
        match process(state, &path) {
            Ok(Some(f)) => done.push(f),
            Ok(None) => {}
            Err(e) => eprintln!("markwatch serve: gazette: {}: {e}", path.display()),
        }
    }
    Ok(done)
}

/// Processes `path` if it is new or changed and settled; `None` if there was nothing to do.
fn process(state: &AppState, path: &Path) -> Result<Option<GazetteFile>, Error> {
    let meta = std::fs::metadata(path)?;
    let size = meta.len() as i64;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs() as i64);
    let label = path.display().to_string();
    if let Some(last) = state.store().gazette_file(&label)? {
        if last.size == size && last.mtime == mtime {
            return Ok(None);
        }
    }
    let now = state.clock.unix_seconds();
    if now - mtime < SETTLE_SECONDS {
        return Ok(None);
    }
    let mut record = GazetteFile {
        path: label.clone(),
        size,
        mtime,
        records: 0,
        rejected: 0,
        new_alerts: 0,
        processed_at: now,
    };
    match markwatch_ingest::open(path) {
        Err(e) if e.kind() == ErrorKind::Io => return Err(Error::new(e.kind(), e.to_string())),
        Err(e) => eprintln!("markwatch serve: gazette: skipped: {e}"),
        Ok(reader) => {
            let lists = state.store().watchlists()?;
            let screened = screen_reader(reader, &lists, state.threshold, state.today())
                .map_err(|e| Error::new(ErrorKind::InvalidInput, e.message))?;
            let (_, ids) = store_screened(state, &screened).map_err(|e| {
                Error::new(ErrorKind::Internal, format!("cannot store: {}", e.message))
            })?;
            record.records = screened.records.len() as i64;
            record.rejected = screened.rejects.len() as i64;
            record.new_alerts = ids.iter().flatten().count() as i64;
            for r in screened.rejects.iter().take(20) {
                eprintln!("markwatch serve: gazette: skipped: {r}");
            }
            eprintln!(
                "markwatch serve: gazette: {label}: {} records ({} rejected) screened against \
                 {} watch lists: {} new alerts",
                record.records, record.rejected, screened.lists, record.new_alerts
            );
        }
    }
    state.store().record_gazette_file(&record)?;
    Ok(Some(record))
}

/// Scans `dir` every `every` until the process ends; each scan runs on a blocking thread.
pub async fn watch_gazette_dir(state: SharedState, dir: PathBuf, every: Duration) {
    loop {
        let (s, d) = (state.clone(), dir.clone());
        match tokio::task::spawn_blocking(move || scan_gazette_dir(&s, &d)).await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => eprintln!("markwatch serve: gazette: {e}"),
            Err(e) => eprintln!("markwatch serve: gazette: scan failed: {e}"),
        }
        tokio::time::sleep(every).await;
    }
}
