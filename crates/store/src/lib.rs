//! # markwatch-store
//!
//! The embedded store: one SQLite database (WAL) that keeps every ingested [`Record`], upserted
//! by id in transactional batches, with side tables for class and applicant lookups.
//!
//! Principal types:
//! - [`Store`]: an open database ([`Store::open`], or [`Store::open_in_memory`] for tests).
//! - [`BatchOutcome`]: what [`Store::upsert_batch`] did with each record of a batch.
//! - [`Stats`]: counts by office, status and class ([`Store::stats`]).
//! - [`Records`]: a streaming iterator over every stored record, in id order ([`Store::records`]).
//!
//! Errors are [`markwatch_core::Error`]s whose kind tells apart a database that is corrupt
//! ([`ErrorKind::Corrupt`]), one written by a newer markwatch ([`ErrorKind::Unsupported`]),
//! an operating-system failure ([`ErrorKind::Io`]) and a record that cannot be stored
//! ([`ErrorKind::InvalidInput`]).
//!
//! ```
//! use markwatch_core::{Office, Record};
//! use markwatch_store::Store;
//!
//! let mut store = Store::open_in_memory().unwrap();
//! let batch = [Record::new("CN:1", Office::CN, "无印良品")];
//! let first = store.upsert_batch(&batch, 1_700_000_000).unwrap();
//! assert_eq!(first.inserted, 1);
//! let again = store.upsert_batch(&batch, 1_700_000_001).unwrap();
//! assert_eq!(again.unchanged, 1);
//! assert_eq!(store.count().unwrap(), 1);
//! assert_eq!(store.get("CN:1").unwrap().unwrap().mark, "无印良品");
//! ```

mod schema;
mod server_state;

use std::collections::BTreeMap;
use std::path::Path;

use markwatch_core::{Error, ErrorKind, Record, Source, RECORD_FORMAT_VERSION};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use serde::Serialize;

pub use schema::{MIGRATIONS, SCHEMA_VERSION};
pub use server_state::{
    AlertRow, GazetteFile, NewAlert, Review, TokenInfo, WatchlistRow, REVIEW_STATES,
};

/// Result with the engine's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How many rows [`Records`] fetches per query.
const PAGE_SIZE: usize = 1000;

/// What one [`Store::upsert_batch`] did. `inserted + updated + unchanged` equals the batch length.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BatchOutcome {
    /// Records whose id was not in the store.
    pub inserted: u64,
    /// Records whose id was stored with different content; the stored row was replaced.
    pub updated: u64,
    /// Records identical to the stored one (source position aside); nothing was written.
    pub unchanged: u64,
}

impl BatchOutcome {
    /// The number of records the batch carried.
    pub fn total(&self) -> u64 {
        self.inserted + self.updated + self.unchanged
    }

    /// Adds another outcome's counts to this one.
    pub fn add(&mut self, other: BatchOutcome) {
        self.inserted += other.inserted;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
    }
}

/// Counts over the whole store. Each list is sorted by its key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Number of records.
    pub records: u64,
    /// Records per office code (`CN`, `JP`, …).
    pub by_office: Vec<(String, u64)>,
    /// Records per status (`filed`, `registered`, …).
    pub by_status: Vec<(String, u64)>,
    /// Records designating each Nice class (a record with three classes counts three times).
    pub by_class: Vec<(u8, u64)>,
}

/// An open markwatch database.
///
/// Connection settings: WAL journal, `synchronous=NORMAL`, foreign keys on, a 5 s busy timeout.
/// `NORMAL` rather than `FULL` because in WAL mode it still survives a killed process intact
/// (every committed transaction is in the WAL before `COMMIT` returns); only a power loss or OS
/// crash can roll back the last transactions, never corrupt the file, and ingest is idempotent,
/// so re-running it restores them. `FULL` would add an fsync per batch for no gain here.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    /// The database path, for error messages (`:memory:` for the in-memory twin).
    label: String,
}

impl Store {
    /// Opens the database at `path`, creating it if it does not exist, and migrates its schema to
    /// [`SCHEMA_VERSION`].
    ///
    /// Fails with [`ErrorKind::Unsupported`] if the database has a newer schema version than this
    /// build knows, and with [`ErrorKind::InvalidInput`] if the file is not a SQLite database.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        let label = path.display().to_string();
        let conn = Connection::open(path).map_err(|e| sql_error(&label, "cannot open", e))?;
        Store::init(conn, label)
    }

    /// Opens an existing database at `path` and migrates it; unlike [`Store::open`], fails with
    /// [`ErrorKind::NotFound`] rather than creating the file when it does not exist.
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Store> {
        let (conn, label) = open_existing_file(path.as_ref(), OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        Store::init(conn, label)
    }

    /// Opens an existing database for reading only: no migration, no write, so it is safe
    /// while another process ingests. Fails with [`ErrorKind::NotFound`] if the file does not
    /// exist and with [`ErrorKind::Unsupported`] unless its schema version is exactly
    /// [`SCHEMA_VERSION`] (an older one is migrated by any writing command, such as ingest).
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        let (conn, label) = open_existing_file(path.as_ref(), OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(|e| sql_error(&label, "cannot configure", e))?;
        let store = Store { conn, label };
        let version = store.schema_version()?;
        if version != SCHEMA_VERSION {
            return Err(Error::new(
                ErrorKind::Unsupported,
                format!(
                    "database {} has schema version {version}, this markwatch reads version \
                     {SCHEMA_VERSION}{}",
                    store.label,
                    if version < SCHEMA_VERSION {
                        " (run `markwatch ingest` once to migrate it)"
                    } else {
                        ""
                    }
                ),
            ));
        }
        Ok(store)
    }

    /// A store that lives in memory only, with the same schema and behaviour (WAL aside).
    pub fn open_in_memory() -> Result<Store> {
        let label = ":memory:".to_string();
        let conn = Connection::open_in_memory().map_err(|e| sql_error(&label, "cannot open", e))?;
        Store::init(conn, label)
    }

    fn init(mut conn: Connection, label: String) -> Result<Store> {
        let ctx = |e| sql_error(&label, "cannot configure", e);
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(ctx)?;
        // journal_mode answers with a row; in-memory databases answer "memory".
        let _mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(ctx)?;
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
            .map_err(ctx)?;
        schema::migrate(&mut conn, &label)?;
        Ok(Store { conn, label })
    }

    /// The path the store was opened with (`:memory:` for the in-memory twin).
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The schema version of the open database (equal to [`SCHEMA_VERSION`] after open).
    pub fn schema_version(&self) -> Result<u32> {
        self.conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|e| sql_error(&self.label, "cannot read the schema version of", e))
    }

    /// Upserts `records` by id in one transaction: either every record is stored or, on error,
    /// none is.
    ///
    /// A record whose id is new is inserted; one whose content (everything but
    /// [`Record::source`]) differs from the stored record replaces it, its class and applicant
    /// rows included; one identical to the stored record is left alone, so re-ingesting a file
    /// writes nothing. When one id occurs twice in a batch the later record wins.
    ///
    /// `ingested_at` is stored with every inserted or updated row; callers pass Unix seconds.
    /// Fails with [`ErrorKind::InvalidInput`] naming the record for a record that cannot be
    /// stored (an empty id).
    pub fn upsert_batch(&mut self, records: &[Record], ingested_at: i64) -> Result<BatchOutcome> {
        let label = self.label.clone();
        let ctx = |e| sql_error(&label, "cannot write to", e);
        let tx = self.conn.transaction().map_err(ctx)?;
        let outcome = upsert_in(&tx, &label, records, ingested_at)?;
        tx.commit().map_err(ctx)?;
        Ok(outcome)
    }

    /// Upserts `records` as [`Store::upsert_batch`] does and records `alerts` as
    /// [`Store::insert_alerts`] does, in one transaction: after a crash either both are stored
    /// or neither is. Returns the batch outcome and, parallel to `alerts`, each new alert's id
    /// (`None` where the alert already existed).
    pub fn upsert_with_alerts(
        &mut self,
        records: &[Record],
        alerts: &[NewAlert<'_>],
        now: i64,
    ) -> Result<(BatchOutcome, Vec<Option<i64>>)> {
        let label = self.label.clone();
        let ctx = |e| sql_error(&label, "cannot write to", e);
        let tx = self.conn.transaction().map_err(ctx)?;
        let outcome = upsert_in(&tx, &label, records, now)?;
        let ids = server_state::insert_alerts_in(&tx, &label, alerts, now)?;
        tx.commit().map_err(ctx)?;
        Ok((outcome, ids))
    }

    /// The record stored under `id`, with its [`Record::source`] as first (or last changed)
    /// ingested, or `None`.
    pub fn get(&self, id: &str) -> Result<Option<Record>> {
        let row = self
            .conn
            .query_row(
                "SELECT record_json, format_version, source_file, source_line, source_record
                 FROM records WHERE id = ?1",
                [id],
                RawRow::from_row,
            )
            .optional()
            .map_err(|e| sql_error(&self.label, "cannot read", e))?;
        row.map(|r| r.into_record(&self.label)).transpose()
    }

    /// The number of stored records.
    pub fn count(&self) -> Result<u64> {
        self.conn
            .query_row("SELECT count(*) FROM records", [], |row| row.get(0))
            .map_err(|e| sql_error(&self.label, "cannot read", e))
    }

    /// Every stored record in ascending id order, fetched a page at a time, so memory stays flat
    /// however large the store. Writes made while iterating may or may not be seen.
    pub fn records(&self) -> Records<'_> {
        Records {
            store: self,
            after: None,
            page: Vec::new().into_iter(),
            done: false,
        }
    }

    /// Counts by office, status and Nice class.
    pub fn stats(&self) -> Result<Stats> {
        let ctx = |e| sql_error(&self.label, "cannot read", e);
        let by = |sql: &str| -> Result<Vec<(String, u64)>> {
            let mut stmt = self.conn.prepare(sql).map_err(ctx)?;
            let rows = stmt
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
                .map_err(ctx)?;
            rows.collect::<rusqlite::Result<_>>().map_err(ctx)
        };
        let mut stmt = self
            .conn
            .prepare("SELECT class, count(*) FROM record_classes GROUP BY class ORDER BY class")
            .map_err(ctx)?;
        let by_class = stmt
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(ctx)?
            .collect::<rusqlite::Result<_>>()
            .map_err(ctx)?;
        Ok(Stats {
            records: self.count()?,
            by_office: by("SELECT office, count(*) FROM records GROUP BY office ORDER BY office")?,
            by_status: by("SELECT status, count(*) FROM records GROUP BY status ORDER BY status")?,
            by_class,
        })
    }

    /// Runs SQLite's `integrity_check` and `foreign_key_check`; fails with
    /// [`ErrorKind::Corrupt`] listing the problems if either finds any.
    pub fn integrity_check(&self) -> Result<()> {
        let ctx = |e| sql_error(&self.label, "cannot check", e);
        let mut stmt = self.conn.prepare("PRAGMA integrity_check").map_err(ctx)?;
        let mut problems: Vec<String> = stmt
            .query_map([], |row| row.get::<_, String>(0))
            .map_err(ctx)?
            .collect::<rusqlite::Result<_>>()
            .map_err(ctx)?;
        problems.retain(|p| p != "ok");
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check").map_err(ctx)?;
        let orphans = stmt
            .query_map([], |row| {
                Ok(format!(
                    "orphan row {} in {}",
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(0)?
                ))
            })
            .map_err(ctx)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(ctx)?;
        problems.extend(orphans);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::new(
                ErrorKind::Corrupt,
                format!(
                    "database {} failed its integrity check: {}",
                    self.label,
                    problems.join("; ")
                ),
            ))
        }
    }

    fn page_after(&self, after: Option<&str>) -> Result<Vec<Record>> {
        let ctx = |e| sql_error(&self.label, "cannot read", e);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT record_json, format_version, source_file, source_line, source_record, id
                 FROM records WHERE ?1 IS NULL OR id > ?1 ORDER BY id LIMIT ?2",
            )
            .map_err(ctx)?;
        let rows = stmt
            .query_map(params![after, PAGE_SIZE as i64], RawRow::from_row)
            .map_err(ctx)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(ctx)?;
        rows.into_iter()
            .map(|r| r.into_record(&self.label))
            .collect()
    }
}

/// Streaming iterator over every stored record, in ascending id order ([`Store::records`]).
#[derive(Debug)]
pub struct Records<'a> {
    store: &'a Store,
    after: Option<String>,
    page: std::vec::IntoIter<Record>,
    done: bool,
}

impl Iterator for Records<'_> {
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(r) = self.page.next() {
            return Some(Ok(r));
        }
        if self.done {
            return None;
        }
        match self.store.page_after(self.after.as_deref()) {
            Ok(page) => {
                if page.len() < PAGE_SIZE {
                    self.done = true;
                }
                self.after = page.last().map(|r| r.id.clone());
                self.page = page.into_iter();
                self.page.next().map(Ok)
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// One row of `records`, before decoding.
struct RawRow {
    json: String,
    format_version: u32,
    file: Option<String>,
    line: Option<u64>,
    record: Option<u64>,
}

impl RawRow {
    fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<RawRow> {
        Ok(RawRow {
            json: row.get(0)?,
            format_version: row.get(1)?,
            file: row.get(2)?,
            line: row.get(3)?,
            record: row.get(4)?,
        })
    }

    fn into_record(self, label: &str) -> Result<Record> {
        if self.format_version > RECORD_FORMAT_VERSION {
            return Err(Error::new(
                ErrorKind::Unsupported,
                format!(
                    "database {label} holds records in format version {}; this markwatch reads up to {RECORD_FORMAT_VERSION}",
                    self.format_version
                ),
            ));
        }
        let mut record: Record = serde_json::from_str(&self.json).map_err(|e| {
            Error::new(
                ErrorKind::Corrupt,
                format!("database {label} holds an unreadable record: {e}"),
            )
        })?;
        record.source = self.file.map(|file| Source {
            file,
            line: self.line,
            record: self.record,
        });
        Ok(record)
    }
}

/// Checks what the schema cannot express. Returns the reason a record is refused.
fn validate(record: &Record) -> Result<(), String> {
    if record.id.trim().is_empty() {
        return Err("field id: empty".into());
    }
    Ok(())
}

/// Where a record came from, for messages.
fn record_origin(record: &Record) -> String {
    match &record.source {
        Some(s) => s.to_string(),
        None => "(no source)".into(),
    }
}

/// The record's content as stored in `record_json`: the full record minus its source, which has
/// its own columns and is not part of its identity.
fn content_json(record: &Record) -> Result<String> {
    let content = Record {
        source: None,
        ..record.clone()
    };
    serde_json::to_string(&content).map_err(|e| {
        Error::new(
            ErrorKind::Internal,
            format!("cannot serialize record {:?}: {e}", record.id),
        )
    })
}

/// The body of [`Store::upsert_batch`], inside the caller's transaction `tx`; `label` names the
/// database in errors.
fn upsert_in(
    tx: &rusqlite::Transaction<'_>,
    label: &str,
    records: &[Record],
    ingested_at: i64,
) -> Result<BatchOutcome> {
    let ctx = |e| sql_error(label, "cannot write to", e);
    let mut outcome = BatchOutcome::default();
    for (i, record) in records.iter().enumerate() {
        validate(record).map_err(|reason| {
            Error::invalid(format!(
                "{}: record {} of the batch (id {:?}): {reason}",
                record_origin(record),
                i + 1,
                record.id
            ))
        })?;
        let json = content_json(record)?;
        let stored: Option<String> = tx
            .query_row(
                "SELECT record_json FROM records WHERE id = ?1",
                [&record.id],
                |row| row.get(0),
            )
            .optional()
            .map_err(ctx)?;
        match stored {
            Some(old) if old == json => {
                outcome.unchanged += 1;
                continue;
            }
            Some(_) => {
                tx.execute("DELETE FROM records WHERE id = ?1", [&record.id])
                    .map_err(ctx)?;
                outcome.updated += 1;
            }
            None => outcome.inserted += 1,
        }
        insert(tx, record, &json, ingested_at).map_err(ctx)?;
    }
    Ok(outcome)
}

fn insert(
    tx: &rusqlite::Transaction<'_>,
    record: &Record,
    json: &str,
    ingested_at: i64,
) -> rusqlite::Result<()> {
    let d = &record.dates;
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    let source = record.source.as_ref();
    tx.prepare_cached(
        "INSERT INTO records (id, office, mark, kind, status, filing_date, priority_date,
            publication_date, registration_date, gazette_date, format_version, record_json,
            source_file, source_line, source_record, ingested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        record.id,
        record.office.code(),
        record.mark,
        record.kind.as_str(),
        record.status.as_str(),
        date(d.filing),
        date(d.priority),
        date(d.publication),
        date(d.registration),
        date(d.gazette),
        RECORD_FORMAT_VERSION,
        json,
        source.map(|s| s.file.as_str()),
        source.and_then(|s| s.line).map(|n| n as i64),
        source.and_then(|s| s.record).map(|n| n as i64),
        ingested_at,
    ])?;
    // A record straight from a reader has one entry per class; one built by hand may not, and
    // the JSON keeps every entry anyway, so duplicates are folded here.
    let mut classes: BTreeMap<u8, ()> = BTreeMap::new();
    for c in record.class_numbers() {
        classes.insert(c.get(), ());
    }
    let mut stmt =
        tx.prepare_cached("INSERT INTO record_classes (record_id, class) VALUES (?1, ?2)")?;
    for class in classes.keys() {
        stmt.execute(params![record.id, class])?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO applicants (record_id, position, name, country, address)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, party) in record.applicants.iter().enumerate() {
        stmt.execute(params![
            record.id,
            position as i64,
            party.name,
            party.country,
            party.address
        ])?;
    }
    Ok(())
}

/// Opens the existing database file at `path` with `mode` (read-write or read-only), refusing
/// with [`ErrorKind::NotFound`] rather than creating it; returns the connection and the label
/// used in messages.
fn open_existing_file(path: &Path, mode: OpenFlags) -> Result<(Connection, String)> {
    let label = path.display().to_string();
    if !path.is_file() {
        return Err(Error::new(
            ErrorKind::NotFound,
            format!("database {label} does not exist (run `markwatch ingest` first)"),
        ));
    }
    let flags = mode | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)
        .map_err(|e| sql_error(&label, "cannot open", e))?;
    Ok((conn, label))
}

/// Maps a SQLite error to an engine error of the right kind, naming the database.
pub(crate) fn sql_error(label: &str, doing: &str, e: rusqlite::Error) -> Error {
    use rusqlite::ffi::ErrorCode;
    let kind = match &e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            ErrorCode::DatabaseCorrupt => ErrorKind::Corrupt,
            ErrorCode::NotADatabase => ErrorKind::InvalidInput,
            ErrorCode::CannotOpen
            | ErrorCode::SystemIoFailure
            | ErrorCode::DiskFull
            | ErrorCode::ReadOnly
            | ErrorCode::PermissionDenied
            | ErrorCode::DatabaseBusy
            | ErrorCode::DatabaseLocked
            | ErrorCode::FileLockingProtocolFailed
            | ErrorCode::OutOfMemory => ErrorKind::Io,
            _ => ErrorKind::Internal,
        },
        _ => ErrorKind::Internal,
    };
    let what = match kind {
        ErrorKind::InvalidInput => format!("{label} is not a markwatch database ({e})"),
        _ => format!("{doing} database {label}: {e}"),
    };
    Error::new(kind, what)
}
