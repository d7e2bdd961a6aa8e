//! The server's state: API tokens, watch lists, alerts and their review history (migration 2),
//! and the gazette files already processed (migration 3).
//!
//! The store keeps what the server hands it as text: a token's SHA-256 hash (never the token),
//! a watch list's source text with its parsed entries as JSON, an alert's finding as JSON. It
//! checks only what the schema enforces (unique token hashes, one alert per
//! `(watch list, filing, target)`, the four review states); parsing and meaning stay in the
//! engine and the server. Times are Unix seconds chosen by the caller (an injected clock).

use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

use crate::{sql_error, Result, Store};

/// The review states of an alert, as stored.
pub const REVIEW_STATES: [&str; 4] = ["new", "dismissed", "to_oppose", "opposed"];

/// A stored API token, without its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    /// The token's row id.
    pub id: i64,
    /// The name given at creation (who uses it); recorded with every review.
    pub name: String,
    /// Unix seconds.
    pub created_at: i64,
}

/// A stored watch list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WatchlistRow {
    /// The list's id.
    pub id: i64,
    /// Its display name.
    pub name: String,
    /// The list as uploaded (CSV or JSONL text).
    pub source: String,
    /// The parsed entries as a JSON array (the server's serialization).
    pub entries_json: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds of the last replacement.
    pub updated_at: i64,
}

/// A new alert: one finding of one watch list.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAlert<'a> {
    /// The watch list whose entry was found.
    pub watchlist_id: i64,
    /// The filing's record id.
    pub filing_id: &'a str,
    /// The watch entry's id.
    pub target_id: &'a str,
    /// The finding's score.
    pub score: f64,
    /// The whole finding as JSON.
    pub finding_json: &'a str,
}

/// A stored alert.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertRow {
    /// The alert's id.
    pub id: i64,
    /// The watch list whose entry was found.
    pub watchlist_id: i64,
    /// The filing's record id.
    pub filing_id: String,
    /// The watch entry's id.
    pub target_id: String,
    /// The finding's score.
    pub score: f64,
    /// The whole finding as JSON.
    pub finding_json: String,
    /// One of [`REVIEW_STATES`].
    pub state: String,
    /// Unix seconds when the alert was raised.
    pub created_at: i64,
    /// The token name of the last reviewer, if any.
    pub reviewed_by: Option<String>,
    /// Unix seconds of the last review, if any.
    pub reviewed_at: Option<i64>,
}

/// One review of an alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    /// The state set.
    pub state: String,
    /// The reviewer's token name.
    pub by: String,
    /// Unix seconds.
    pub at: i64,
}

const ALERT_COLUMNS: &str = "id, watchlist_id, filing_id, target_id, score, finding_json, state, \
                             created_at, reviewed_by, reviewed_at";

fn alert_row(row: &Row<'_>) -> rusqlite::Result<AlertRow> {
    Ok(AlertRow {
        id: row.get(0)?,
        watchlist_id: row.get(1)?,
        filing_id: row.get(2)?,
        target_id: row.get(3)?,
        score: row.get(4)?,
        finding_json: row.get(5)?,
        state: row.get(6)?,
        created_at: row.get(7)?,
        reviewed_by: row.get(8)?,
        reviewed_at: row.get(9)?,
    })
}

fn watchlist_row(row: &Row<'_>) -> rusqlite::Result<WatchlistRow> {
    Ok(WatchlistRow {
        id: row.get(0)?,
        name: row.get(1)?,
        source: row.get(2)?,
        entries_json: row.get(3)?,
        created_at: row.get(4)?,
        updated_at: row.get(5)?,
    })
}

impl Store {
    /// Stores a token by its SHA-256 hash (lower-case hex) under `name`; returns its id.
    pub fn create_token(&mut self, name: &str, sha256_hex: &str, created_at: i64) -> Result<i64> {
        self.conn
            .execute(
                "INSERT INTO api_tokens (name, sha256, created_at) VALUES (?1, ?2, ?3)",
                params![name, sha256_hex, created_at],
            )
            .map_err(|e| sql_error(&self.label, "cannot write to", e))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The token whose hash is `sha256_hex`, or `None`.
    pub fn token_by_hash(&self, sha256_hex: &str) -> Result<Option<TokenInfo>> {
        self.conn
            .query_row(
                "SELECT id, name, created_at FROM api_tokens WHERE sha256 = ?1",
                [sha256_hex],
                |row| {
                    Ok(TokenInfo {
                        id: row.get(0)?,
                        name: row.get(1)?,
                        created_at: row.get(2)?,
                    })
                },
            )
            .optional()
            .map_err(|e| sql_error(&self.label, "cannot read", e))
    }

    /// Stores a new watch list; returns its id.
    pub fn create_watchlist(
        &mut self,
        name: &str,
        source: &str,
        entries_json: &str,
        now: i64,
    ) -> Result<i64> {
        self.conn
            .execute(
                "INSERT INTO watchlists (name, source, entries_json, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
                params![name, source, entries_json, now],
            )
            .map_err(|e| sql_error(&self.label, "cannot write to", e))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Every watch list, in id order.
    pub fn watchlists(&self) -> Result<Vec<WatchlistRow>> {
        let ctx = |e| sql_error(&self.label, "cannot read", e);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, name, source, entries_json, created_at, updated_at
                 FROM watchlists ORDER BY id",
            )
            .map_err(ctx)?;
        let rows = stmt
            .query_map([], watchlist_row)
            .map_err(ctx)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(ctx)?;
        Ok(rows)
    }

    /// The watch list `id`, or `None`.
    pub fn watchlist(&self, id: i64) -> Result<Option<WatchlistRow>> {
        self.conn
            .query_row(
                "SELECT id, name, source, entries_json, created_at, updated_at
                 FROM watchlists WHERE id = ?1",
                [id],
                watchlist_row,
            )
            .optional()
            .map_err(|e| sql_error(&self.label, "cannot read", e))
    }

    /// Replaces watch list `id`; returns true if and only if it exists. Its alerts are kept.
    pub fn update_watchlist(
        &mut self,
        id: i64,
        name: &str,
        source: &str,
        entries_json: &str,
        now: i64,
    ) -> Result<bool> {
        let n = self
            .conn
            .execute(
                "UPDATE watchlists SET name = ?2, source = ?3, entries_json = ?4, updated_at = ?5
                 WHERE id = ?1",
                params![id, name, source, entries_json, now],
            )
            .map_err(|e| sql_error(&self.label, "cannot write to", e))?;
        Ok(n == 1)
    }

    /// Deletes watch list `id` and its alerts; returns true if and only if it existed.
    pub fn delete_watchlist(&mut self, id: i64) -> Result<bool> {
        let n = self
            .conn
            .execute("DELETE FROM watchlists WHERE id = ?1", [id])
            .map_err(|e| sql_error(&self.label, "cannot write to", e))?;
        Ok(n == 1)
    }

    /// Records `alerts` in one transaction, skipping any whose `(watch list, filing, target)`
    /// already has an alert (whatever its state): re-screening never duplicates an alert.
    /// Returns, parallel to `alerts`, the new alert's id, or `None` where one already existed.
    pub fn insert_alerts(&mut self, alerts: &[NewAlert<'_>], now: i64) -> Result<Vec<Option<i64>>> {
        let label = self.label.clone();
        let ctx = |e| sql_error(&label, "cannot write to", e);
        let tx = self.conn.transaction().map_err(ctx)?;
        let ids = insert_alerts_in(&tx, &label, alerts, now)?;
        tx.commit().map_err(ctx)?;
        Ok(ids)
    }

    /// Every alert, in id order (the server sorts by urgency).
    pub fn alerts(&self) -> Result<Vec<AlertRow>> {
        let ctx = |e| sql_error(&self.label, "cannot read", e);
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {ALERT_COLUMNS} FROM alerts ORDER BY id"))
            .map_err(ctx)?;
        let rows = stmt
            .query_map([], alert_row)
            .map_err(ctx)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(ctx)?;
        Ok(rows)
    }

    /// The alert `id`, or `None`.
    pub fn alert(&self, id: i64) -> Result<Option<AlertRow>> {
        self.conn
            .query_row(
                &format!("SELECT {ALERT_COLUMNS} FROM alerts WHERE id = ?1"),
                [id],
                alert_row,
            )
            .optional()
            .map_err(|e| sql_error(&self.label, "cannot read", e))
    }

    /// Sets alert `id` to `state` (one of [`REVIEW_STATES`], checked by the schema), recording
    /// `by` and `at` on the alert and in its history. Returns false if the alert does not exist.
    pub fn review_alert(&mut self, id: i64, state: &str, by: &str, at: i64) -> Result<bool> {
        let label = self.label.clone();
        let ctx = |e| sql_error(&label, "cannot write to", e);
        let tx = self.conn.transaction().map_err(ctx)?;
        let n = tx
            .execute(
                "UPDATE alerts SET state = ?2, reviewed_by = ?3, reviewed_at = ?4 WHERE id = ?1",
                params![id, state, by, at],
            )
            .map_err(ctx)?;
        if n == 1 {
            tx.execute(
                "INSERT INTO alert_reviews (alert_id, state, by_name, at) VALUES (?1, ?2, ?3, ?4)",
                params![id, state, by, at],
            )
            .map_err(ctx)?;
        }
        tx.commit().map_err(ctx)?;
        Ok(n == 1)
    }

    /// The review history of alert `id`, oldest first.
    pub fn alert_reviews(&self, id: i64) -> Result<Vec<Review>> {
        let ctx = |e| sql_error(&self.label, "cannot read", e);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT state, by_name, at FROM alert_reviews WHERE alert_id = ?1
                 ORDER BY at, rowid",
            )
            .map_err(ctx)?;
        let rows = stmt
            .query_map([id], |row| {
                Ok(Review {
                    state: row.get(0)?,
                    by: row.get(1)?,
                    at: row.get(2)?,
                })
            })
            .map_err(ctx)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(ctx)?;
        Ok(rows)
    }
}

/// A gazette file as processed by `serve --gazette-dir`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GazetteFile {
    /// The file's path.
    pub path: String,
    /// Its size in bytes when processed.
    pub size: i64,
    /// Its modification time (Unix seconds) when processed.
    pub mtime: i64,
    /// Records read.
    pub records: i64,
    /// Records rejected.
    pub rejected: i64,
    /// Alerts it raised.
    pub new_alerts: i64,
    /// Unix seconds.
    pub processed_at: i64,
}

impl Store {
    /// The last processing of the gazette file at `path`, or `None`.
    pub fn gazette_file(&self, path: &str) -> Result<Option<GazetteFile>> {
        self.conn
            .query_row(
                "SELECT path, size, mtime, records, rejected, new_alerts, processed_at
                 FROM gazette_files WHERE path = ?1",
                [path],
                |row| {
                    Ok(GazetteFile {
                        path: row.get(0)?,
                        size: row.get(1)?,
                        mtime: row.get(2)?,
                        records: row.get(3)?,
                        rejected: row.get(4)?,
                        new_alerts: row.get(5)?,
                        processed_at: row.get(6)?,
                    })
                },
            )
            .optional()
            .map_err(|e| sql_error(&self.label, "cannot read", e))
    }

    /// Records that `file.path` was processed (replacing an earlier processing of it).
    pub fn record_gazette_file(&mut self, file: &GazetteFile) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO gazette_files
                     (path, size, mtime, records, rejected, new_alerts, processed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (path) DO UPDATE SET size = ?2, mtime = ?3, records = ?4,
                     rejected = ?5, new_alerts = ?6, processed_at = ?7",
                params![
                    file.path,
                    file.size,
                    file.mtime,
                    file.records,
                    file.rejected,
                    file.new_alerts,
                    file.processed_at
                ],
            )
            .map_err(|e| sql_error(&self.label, "cannot write to", e))?;
        Ok(())
    }
}

/// The body of [`Store::insert_alerts`], inside the caller's transaction `tx`; `label` names the
/// database in errors.
pub(crate) fn insert_alerts_in(
    tx: &rusqlite::Transaction<'_>,
    label: &str,
    alerts: &[NewAlert<'_>],
    now: i64,
) -> Result<Vec<Option<i64>>> {
    let ctx = |e| sql_error(label, "cannot write to", e);
    let mut ids = Vec::new();
    {
        let mut stmt = tx
            .prepare(
                "INSERT INTO alerts (watchlist_id, filing_id, target_id, score, finding_json,
                                     created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (watchlist_id, filing_id, target_id) DO NOTHING",
            )
            .map_err(ctx)?;
        for a in alerts {
            let n = stmt
                .execute(params![
                    a.watchlist_id,
                    a.filing_id,
                    a.target_id,
                    a.score,
                    a.finding_json,
                    now
                ])
                .map_err(ctx)?;
            ids.push((n == 1).then(|| tx.last_insert_rowid()));
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alerts_are_unique_per_watchlist_filing_and_target() {
        let mut s = Store::open_in_memory().unwrap();
        let wl = s.create_watchlist("brands", "src", "[]", 10).unwrap();
        let a = NewAlert {
            watchlist_id: wl,
            filing_id: "CN:1",
            target_id: "W1",
            score: 0.9,
            finding_json: "{}",
        };
        assert!(s.insert_alerts(std::slice::from_ref(&a), 11).unwrap()[0].is_some());
        assert_eq!(s.insert_alerts(&[a], 12).unwrap(), [None]);
        assert_eq!(s.alerts().unwrap().len(), 1);
    }

    #[test]
    fn review_records_who_and_when_and_rejects_unknown_states() {
        let mut s = Store::open_in_memory().unwrap();
        let wl = s.create_watchlist("brands", "src", "[]", 10).unwrap();
        let id = s
            .insert_alerts(
                &[NewAlert {
                    watchlist_id: wl,
                    filing_id: "CN:1",
                    target_id: "W1",
                    score: 0.9,
                    finding_json: "{}",
                }],
                11,
            )
            .unwrap()[0]
            .unwrap();
        assert!(s.review_alert(id, "to_oppose", "alice", 20).unwrap());
        let a = s.alert(id).unwrap().unwrap();
        assert_eq!(a.state, "to_oppose");
        assert_eq!(a.reviewed_by.as_deref(), Some("alice"));
        assert_eq!(a.reviewed_at, Some(20));
        assert!(s.review_alert(id, "maybe", "alice", 21).is_err());
        assert!(!s.review_alert(id + 1, "opposed", "alice", 21).unwrap());
        assert_eq!(s.alert_reviews(id).unwrap().len(), 1);
        assert!(s.delete_watchlist(wl).unwrap());
        assert!(s.alert(id).unwrap().is_none());
    }

    fn alert<'a>(watchlist_id: i64, filing_id: &'a str) -> NewAlert<'a> {
        NewAlert {
            watchlist_id,
            filing_id,
            target_id: "W1",
            score: 0.9,
            finding_json: "{}",
        }
    }

    #[test]
    fn ids_of_deleted_watch_lists_and_alerts_are_not_reused() {
        let mut s = Store::open_in_memory().unwrap();
        let first = s.create_watchlist("a", "src", "[]", 10).unwrap();
        let newest = s.create_watchlist("b", "src", "[]", 10).unwrap();
        let old_alert = s.insert_alerts(&[alert(newest, "CN:1")], 11).unwrap()[0].unwrap();
        assert!(s.delete_watchlist(newest).unwrap());
        let next = s.create_watchlist("c", "src", "[]", 12).unwrap();
        assert!(
            next > newest,
            "watch list id {next} reuses a deleted id ({newest})"
        );
        let new_alert = s.insert_alerts(&[alert(next, "CN:1")], 13).unwrap()[0].unwrap();
        assert!(
            new_alert > old_alert,
            "alert id {new_alert} reuses {old_alert}"
        );
        // A late review aimed at the deleted alert finds nothing instead of the new one.
        assert!(!s.review_alert(old_alert, "dismissed", "bob", 14).unwrap());
        assert_eq!(s.alert(new_alert).unwrap().unwrap().state, "new");
        assert!(s.watchlist(first).unwrap().is_some());
    }

    #[test]
    fn records_and_alerts_are_stored_together_or_not_at_all() {
        let mut s = Store::open_in_memory().unwrap();
        let wl = s.create_watchlist("a", "src", "[]", 10).unwrap();
        let good = markwatch_core::Record::new("CN:1", markwatch_core::Office::CN, "无印良品");
        let mut bad = good.clone();
        bad.id = String::new();
        let err = s
            .upsert_with_alerts(&[good.clone(), bad], &[alert(wl, "CN:1")], 11)
            .unwrap_err();
        assert_eq!(err.kind(), markwatch_core::ErrorKind::InvalidInput, "{err}");
        assert_eq!(s.count().unwrap(), 0);
        assert!(s.alerts().unwrap().is_empty());
        let (outcome, ids) = s
            .upsert_with_alerts(std::slice::from_ref(&good), &[alert(wl, "CN:1")], 12)
            .unwrap();
        assert_eq!((outcome.inserted, ids.len()), (1, 1));
        assert_eq!(s.count().unwrap(), 1);
        assert_eq!(s.alerts().unwrap().len(), 1);
    }

    #[test]
    fn tokens_are_found_by_hash_only() {
        let mut s = Store::open_in_memory().unwrap();
        s.create_token("ci", "ab12", 5).unwrap();
        assert_eq!(s.token_by_hash("ab12").unwrap().unwrap().name, "ci");
        assert!(s.token_by_hash("ci").unwrap().is_none());
        assert!(s.create_token("again", "ab12", 6).is_err());
    }
}
