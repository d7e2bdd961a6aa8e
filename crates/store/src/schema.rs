//! The schema: numbered migrations recorded in `PRAGMA user_version`.

use markwatch_core::{Error, ErrorKind};
use rusqlite::Connection;

use crate::{sql_error, Result};

/// The migrations, in order. Migration `i` (0-based) takes the schema from version `i` to
/// `i + 1`; each runs in its own transaction together with the version bump. Never edit a
/// released migration: append a new one.
pub const MIGRATIONS: &[&str] = &[
    // 1: records with their side tables for class and applicant lookups.
    "CREATE TABLE records (
        id                TEXT PRIMARY KEY NOT NULL,
        office            TEXT NOT NULL,
        mark              TEXT NOT NULL,
        kind              TEXT NOT NULL,
        status            TEXT NOT NULL,
        filing_date       TEXT,
        priority_date     TEXT,
        publication_date  TEXT,
        registration_date TEXT,
        gazette_date      TEXT,
        format_version    INTEGER NOT NULL,
        record_json       TEXT NOT NULL,
        source_file       TEXT,
        source_line       INTEGER,
        source_record     INTEGER,
        ingested_at       INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX records_office ON records (office);
    CREATE INDEX records_status ON records (status);
    CREATE TABLE record_classes (
        record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
        class     INTEGER NOT NULL CHECK (class BETWEEN 1 AND 45),
        PRIMARY KEY (record_id, class)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX record_classes_class ON record_classes (class);
    CREATE TABLE applicants (
        record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
        position  INTEGER NOT NULL,
        name      TEXT NOT NULL,
        country   TEXT,
        address   TEXT,
        PRIMARY KEY (record_id, position)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX applicants_name ON applicants (name);",
    // 2: server state: API tokens (SHA-256 hashes only), watch lists, alerts and their reviews.
    "CREATE TABLE api_tokens (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        sha256     TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE watchlists (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL,
        source       TEXT NOT NULL,
        entries_json TEXT NOT NULL,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE alerts (
        id           INTEGER PRIMARY KEY,
        watchlist_id INTEGER NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE,
        filing_id    TEXT NOT NULL,
        target_id    TEXT NOT NULL,
        score        REAL NOT NULL,
        finding_json TEXT NOT NULL,
        state        TEXT NOT NULL DEFAULT 'new'
                     CHECK (state IN ('new', 'dismissed', 'to_oppose', 'opposed')),
        created_at   INTEGER NOT NULL,
        reviewed_by  TEXT,
        reviewed_at  INTEGER,
        UNIQUE (watchlist_id, filing_id, target_id)
    ) STRICT;
    CREATE TABLE alert_reviews (
        alert_id INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        state    TEXT NOT NULL,
        by_name  TEXT NOT NULL,
        at       INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX alert_reviews_alert ON alert_reviews (alert_id);",
    // 3: the gazette files `serve --gazette-dir` has processed, by path, size and mtime.
    "CREATE TABLE gazette_files (
        path         TEXT PRIMARY KEY NOT NULL,
        size         INTEGER NOT NULL,
        mtime        INTEGER NOT NULL,
        records      INTEGER NOT NULL,
        rejected     INTEGER NOT NULL,
        new_alerts   INTEGER NOT NULL,
        processed_at INTEGER NOT NULL
    ) STRICT;",
    // 4: watch-list and alert ids are never reused (AUTOINCREMENT): a review or a link made for
    // a deleted alert must not land on a newer one. The three tables are rebuilt with their
    // rows; the old ones are renamed first (SQLite rewrites the foreign keys that point at a
    // renamed table) and dropped children first, so no ON DELETE CASCADE fires.
    "ALTER TABLE alert_reviews RENAME TO alert_reviews_v3;
    ALTER TABLE alerts RENAME TO alerts_v3;
    ALTER TABLE watchlists RENAME TO watchlists_v3;
    DROP INDEX alert_reviews_alert;
    CREATE TABLE watchlists (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        name         TEXT NOT NULL,
        source       TEXT NOT NULL,
        entries_json TEXT NOT NULL,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE alerts (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        watchlist_id INTEGER NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE,
        filing_id    TEXT NOT NULL,
        target_id    TEXT NOT NULL,
        score        REAL NOT NULL,
        finding_json TEXT NOT NULL,
        state        TEXT NOT NULL DEFAULT 'new'
                     CHECK (state IN ('new', 'dismissed', 'to_oppose', 'opposed')),
        created_at   INTEGER NOT NULL,
        reviewed_by  TEXT,
        reviewed_at  INTEGER,
        UNIQUE (watchlist_id, filing_id, target_id)
    ) STRICT;
    CREATE TABLE alert_reviews (
        alert_id INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        state    TEXT NOT NULL,
        by_name  TEXT NOT NULL,
        at       INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX alert_reviews_alert ON alert_reviews (alert_id);
    INSERT INTO watchlists SELECT * FROM watchlists_v3;
    INSERT INTO alerts SELECT * FROM alerts_v3;
    INSERT INTO alert_reviews SELECT * FROM alert_reviews_v3;
    DROP TABLE alert_reviews_v3;
    DROP TABLE alerts_v3;
    DROP TABLE watchlists_v3;",
];

/// The schema version this build writes and reads: the number of [`MIGRATIONS`].
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Brings the database to [`SCHEMA_VERSION`], one transaction per migration. Refuses a database
/// whose version is newer than this build knows.
pub(crate) fn migrate(conn: &mut Connection, label: &str) -> Result<()> {
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(|e| sql_error(label, "cannot read", e))?;
    if version > SCHEMA_VERSION {
        return Err(Error::new(
            ErrorKind::Unsupported,
            format!(
                "database {label} has schema version {version}, newer than this markwatch \
                 knows ({SCHEMA_VERSION}); use a newer markwatch"
            ),
        ));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let to = i + 1;
        let ctx = |e| sql_error(label, &format!("cannot migrate to schema version {to}"), e);
        let tx = conn.transaction().map_err(ctx)?;
        tx.execute_batch(sql).map_err(ctx)?;
        tx.pragma_update(None, "user_version", to as u32)
            .map_err(ctx)?;
        tx.commit().map_err(ctx)?;
    }
    Ok(())
}
