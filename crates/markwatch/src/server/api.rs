//! The JSON handlers. Each one only translates: parse the request, call the engine or the
//! store, shape the answer. The contract of every route is in `openapi.json`.

use std::io::Cursor;
use std::path::Path;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Extension, Path as UrlPath, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use markwatch_core::applicants::{Matches, ProfileConfig, Profiler};
use markwatch_core::goods::relate;
use markwatch_core::index::{
    assess, screen_record_of_kinds, Entry, Index, IndexBuilder, Scratch, ScreenFinding, Target,
    TargetFacts,
};
use markwatch_core::normalize::Normalizer;
use markwatch_core::rules::{Deadline, Urgency};
use markwatch_core::score::{explain_match, MarkProfile};
use markwatch_core::watch::{parse_watch_list, WatchEntry, WatchKind};
use markwatch_core::{FixedClock, GoodsClass, NiceClass, Record};
use markwatch_ingest::Format;
use markwatch_store::{AlertRow, BatchOutcome, NewAlert, WatchlistRow, REVIEW_STATES};
use serde::Deserialize;
use serde_json::{json, Value};

use super::auth::Caller;
use super::{ApiError, AppState, SharedState};
use crate::report::csv::write_csv;
use crate::report::html::{self, Batch};
use crate::report::{page_names, parse_findings, FindingDoc};

type ApiResult<T = Json<Value>> = Result<T, ApiError>;

/// The OpenAPI document, written by hand next to this file.
pub(crate) const OPENAPI: &str = include_str!("openapi.json");

/// The most hits `/api/search` returns.
pub const MAX_TOP: usize = 100;

/// The most rejected-record messages a screen answer lists (the count is always complete).
pub const MAX_REJECTS_LISTED: usize = 100;

pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

pub async fn no_route() -> ApiError {
    ApiError::not_found("no such route (see /api/openapi.json)")
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this route does not take that method (see /api/openapi.json)",
    )
}

fn query_pairs(
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult<Vec<(String, String)>> {
    q.map(|Query(v)| v)
        .map_err(|e| ApiError::invalid(format!("query string: {}", e.body_text())))
}

fn body_bytes(body: Result<Bytes, BytesRejection>) -> ApiResult<Bytes> {
    body.map_err(|e| ApiError::rejected(e.status(), format!("request body: {}", e.body_text())))
}

fn parse_id(raw: &str, what: &str) -> ApiResult<i64> {
    raw.parse()
        .map_err(|_| ApiError::invalid(format!("{what} id {raw:?} is not a number")))
}

// ---- search ------------------------------------------------------------------------------

/// `GET /api/search?q=…&class=…&top=…`
pub async fn search(
    State(state): State<SharedState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult {
    let mut q = None;
    let mut classes: Vec<NiceClass> = Vec::new();
    let mut top = 10usize;
    for (k, v) in query_pairs(query)? {
        match k.as_str() {
            "q" => q = Some(v),
            "class" => {
                for part in v.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    classes.push(
                        part.parse().map_err(|e| {
                            ApiError::invalid(format!("query parameter class: {e}"))
                        })?,
                    );
                }
            }
            "top" => {
                top = v
                    .trim()
                    .parse()
                    .ok()
                    .filter(|n| (1..=MAX_TOP).contains(n))
                    .ok_or_else(|| {
                        ApiError::invalid(format!(
                            "query parameter top: {v:?} is not a number from 1 to {MAX_TOP}"
                        ))
                    })?;
            }
            other => {
                return Err(ApiError::invalid(format!(
                    "unknown query parameter {other:?} (expected q, class, top)"
                )))
            }
        }
    }
    let q = q
        .filter(|q| !q.trim().is_empty())
        .ok_or_else(|| ApiError::invalid("query parameter q: give the mark to look for"))?;
    let Some(register) = state.register.as_ref() else {
        return Err(ApiError::not_found(
            "no register to search: start the server with --register INDEX, or ingest \
             records into its database",
        ));
    };
    let profile = MarkProfile::new(Normalizer::global(), &q);
    let hits = register.search(&profile, top, &classes, &mut Scratch::new());
    let query_goods: Vec<GoodsClass> = classes.iter().copied().map(GoodsClass::bare).collect();
    let mut out = Vec::with_capacity(hits.len());
    for (shard, hit) in hits {
        let doc = register.doc(shard, hit.doc)?;
        let explanation = explain_match(&profile, &doc.profiles, hit.name);
        let goods = (!query_goods.is_empty()).then(|| {
            let g = relate(&query_goods, &doc.classes);
            json!({
                "relation": g.relation.as_str(),
                "factor": g.relation.factor(),
                "explanation": g.explanation,
            })
        });
        out.push(json!({
            "id": hit.id,
            "score": (hit.score * 10_000.0).round() / 10_000.0,
            "name": doc.names.get(hit.name).cloned().unwrap_or_default(),
            "names": doc.names,
            "classes": doc.classes.iter().map(|c| c.class.get()).collect::<Vec<_>>(),
            "explanation": explanation,
            "goods": goods,
        }));
    }
    Ok(Json(json!({ "query": q, "classes": classes, "hits": out })))
}

// ---- screen ------------------------------------------------------------------------------

/// `POST /api/screen?format=…&name=…` with a batch file as the body. The batch's records are
/// also stored (upserted by id), so applicant profiles see them.
pub async fn screen(
    State(state): State<SharedState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let body = body_bytes(body)?;
    let mut format = None;
    let mut label = "upload".to_string();
    for (k, v) in query_pairs(query)? {
        match k.as_str() {
            "format" => {
                format = Some(
                    v.parse::<Format>()
                        .map_err(|e| ApiError::invalid(format!("query parameter format: {e}")))?,
                )
            }
            "name" if !v.trim().is_empty() => label = v.trim().to_string(),
            "name" => {}
            other => {
                return Err(ApiError::invalid(format!(
                    "unknown query parameter {other:?} (expected format, name)"
                )))
            }
        }
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::invalid(format!("{label}: the batch is empty")));
    }
    let format = match format {
        Some(f) => f,
        None => {
            let head = &body[..body.len().min(64 << 10)];
            Format::detect(Path::new(&label), head).ok_or_else(|| {
                ApiError::of_kind(
                    markwatch_core::ErrorKind::Unsupported,
                    format!(
                        "{label}: cannot tell the format (expected JSONL, CSV, ST.66 or ST.96 \
                         XML); name it with ?format=jsonl|csv|st66|st96"
                    ),
                )
            })?
        }
    };
    let lists = state.store().watchlists()?;
    if lists.is_empty() {
        return Err(ApiError::invalid(
            "there is no watch list to screen against: create one first (POST /api/watchlists)",
        ));
    }
    let threshold = state.threshold;
    let today = state.today();
    // Screening is CPU-bound: keep it off the async workers.
    let task = tokio::task::spawn_blocking(move || -> ApiResult<Screened> {
        let reader = markwatch_ingest::from_reader(Cursor::new(body), format, &label);
        screen_reader(reader, &lists, threshold, today)
    });
    let screened = task
        .await
        .map_err(|e| ApiError::internal(format!("screening worker failed: {e}")))??;
    let (stored, ids) = store_screened(&state, &screened)?;
    let mut findings: Vec<(Urgency, f32, Value)> = screened
        .findings
        .iter()
        .zip(ids)
        .map(|((list, f, json), id)| {
            let value: Value = serde_json::from_str(json).unwrap_or(Value::Null);
            (
                f.urgency(),
                f.finding.score,
                json!({
                    "watchlist_id": list,
                    "new_alert": id.is_some(),
                    "alert_id": id,
                    "finding": value,
                }),
            )
        })
        .collect();
    findings.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.total_cmp(&a.1)));
    let new_count = findings
        .iter()
        .filter(|f| f.2["new_alert"] == Value::Bool(true))
        .count();
    Ok(Json(json!({
        "format": format.name(),
        "screened": screened.records.len(),
        "stored": stored,
        "rejected": screened.rejects.len(),
        "rejects": screened.rejects.iter().take(MAX_REJECTS_LISTED).collect::<Vec<_>>(),
        "watchlists": screened.lists,
        "new_alerts": new_count,
        "findings": findings.into_iter().map(|f| f.2).collect::<Vec<_>>(),
    })))
}

/// A screened batch.
pub(crate) struct Screened {
    /// The records read.
    pub(crate) records: Vec<Record>,
    /// How many watch lists they were screened against.
    pub(crate) lists: usize,
    /// One message per rejected record (naming the source, line, record and field).
    pub(crate) rejects: Vec<String>,
    /// (watch list id, finding, finding as JSON)
    pub(crate) findings: Vec<(i64, ScreenFinding, String)>,
}

/// Stores a screened batch's records (upsert by id) and raises an alert for each finding
/// that has none yet, in one transaction (a crash leaves both or neither). Returns what the upsert did and, parallel to the findings, the new
/// alert's id or `None` where the alert already existed.
pub(crate) fn store_screened(
    state: &AppState,
    screened: &Screened,
) -> ApiResult<(BatchOutcome, Vec<Option<i64>>)> {
    let now = state.clock.unix_seconds();
    let new_alerts: Vec<NewAlert<'_>> = screened
        .findings
        .iter()
        .map(|(list, f, json)| NewAlert {
            watchlist_id: *list,
            filing_id: &f.finding.filing_id,
            target_id: &f.finding.target_id,
            score: f64::from(f.finding.score),
            finding_json: json,
        })
        .collect();
    let mut store = state.store();
    Ok(store.upsert_with_alerts(&screened.records, &new_alerts, now)?)
}

/// Reads `reader` to the end and screens its records against `lists`, with deadlines as of
/// `today`. Rejected records are kept as messages.
pub(crate) fn screen_reader(
    reader: markwatch_ingest::Reader,
    lists: &[WatchlistRow],
    threshold: f32,
    today: chrono::NaiveDate,
) -> ApiResult<Screened> {
    let normalizer = Normalizer::global();
    let clock = FixedClock(today);
    let mut records: Vec<Record> = Vec::new();
    let mut rejects = Vec::new();
    for item in reader {
        match item {
            Ok(r) => records.push(r),
            Err(e) if e.kind() == markwatch_core::ErrorKind::Io => {
                return Err(ApiError::of_kind(e.kind(), e.to_string()))
            }
            Err(e) => rejects.push(e.to_string()),
        }
    }
    let mut indexes = Vec::with_capacity(lists.len());
    for list in lists {
        let entries = parse_watch_list(&list.source, &format!("watch list {}", list.id))?;
        let index = watch_index(&entries);
        indexes.push((list.id, entries, index));
    }
    // Each list's entries by id, looked up once per candidate target and per finding.
    let by_id: Vec<std::collections::HashMap<&str, &WatchEntry>> = indexes
        .iter()
        .map(|(_, entries, _)| entries.iter().map(|e| (e.id.as_str(), e)).collect())
        .collect();
    let mut scratch = Scratch::new();
    let mut findings = Vec::new();
    for r in &records {
        for ((id, _, index), entries) in indexes.iter().zip(&by_id) {
            let is_gi = |id: &str| entries.get(id).is_some_and(|e| e.kind == WatchKind::Gi);
            for f in screen_record_of_kinds(index, normalizer, r, threshold, &mut scratch, is_gi) {
                let Some(entry) = entries.get(f.target_id.as_str()) else {
                    continue;
                };
                let target = Target {
                    id: entry.id.clone(),
                    kind: entry.kind.as_str().to_string(),
                    names: entry.names.clone(),
                    owner: Some(entry.owner.clone()).filter(|o| !o.is_empty()),
                    country: entry.country.clone(),
                    classes: entry.classes.clone(),
                    knownness: None,
                    register: "watch".to_string(),
                };
                let facts = TargetFacts::of_watch_kind(entry.kind.as_str());
                let sf = assess(f, target, facts, r, &clock);
                let json = serde_json::to_string(&sf)
                    .map_err(|e| ApiError::internal(format!("cannot serialize a finding: {e}")))?;
                findings.push((*id, sf, json));
            }
        }
    }
    Ok(Screened {
        records,
        lists: indexes.len(),
        rejects,
        findings,
    })
}

fn watch_index(entries: &[WatchEntry]) -> Index<Vec<u8>> {
    let mut b = IndexBuilder::new(Normalizer::global());
    b.extend(entries.iter().map(|w| Entry {
        id: w.id.clone(),
        names: w.names.clone(),
        classes: w.classes.iter().copied().map(GoodsClass::bare).collect(),
        language: w.language(),
    }));
    b.build()
}

/// The urgency of a finding's JSON from its `deadlines` (none or unreadable: the least urgent).
fn urgency_of(finding: &Value) -> Urgency {
    finding
        .get("deadlines")
        .and_then(|d| serde_json::from_value::<Vec<Deadline>>(d.clone()).ok())
        .map_or(Urgency::NONE, |d| Urgency::of(&d))
}

// ---- watch lists -------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WatchlistBody {
    name: String,
    source: String,
}

/// The name and source of a watch-list write: a JSON body `{name, source}`, or the list itself
/// (CSV or JSONL text) with the name in `?name=`.
fn watchlist_input(
    headers: &HeaderMap,
    query: Vec<(String, String)>,
    body: &[u8],
) -> ApiResult<(String, String, Vec<WatchEntry>)> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let mut name_param = None;
    for (k, v) in query {
        match k.as_str() {
            "name" => name_param = Some(v),
            other => {
                return Err(ApiError::invalid(format!(
                    "unknown query parameter {other:?} (expected name)"
                )))
            }
        }
    }
    let (name, source) = if is_json {
        let b: WatchlistBody = serde_json::from_slice(body)
            .map_err(|e| ApiError::invalid(format!("request body: {e}")))?;
        (b.name, b.source)
    } else {
        let text = std::str::from_utf8(body)
            .map_err(|e| ApiError::invalid(format!("request body: not UTF-8 text: {e}")))?;
        (
            name_param.unwrap_or_else(|| "watch list".to_string()),
            text.to_string(),
        )
    };
    let name = name.trim().to_string();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ApiError::invalid(
            "field name: give the watch list a name of 1 to 200 characters",
        ));
    }
    let entries = parse_watch_list(&source, &format!("watch list {name:?}"))?;
    Ok((name, source, entries))
}

fn watchlist_json(row: &WatchlistRow) -> Value {
    let entries: Value = serde_json::from_str(&row.entries_json).unwrap_or(Value::Null);
    json!({
        "id": row.id,
        "name": row.name,
        "entries": entries,
        "source": row.source,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    })
}

fn entries_json(entries: &[WatchEntry]) -> ApiResult<String> {
    serde_json::to_string(entries)
        .map_err(|e| ApiError::internal(format!("cannot serialize watch entries: {e}")))
}

/// `GET /api/watchlists`
pub async fn list_watchlists(State(state): State<SharedState>) -> ApiResult {
    let rows = state.store().watchlists()?;
    Ok(Json(Value::Array(
        rows.iter().map(watchlist_json).collect(),
    )))
}

/// `POST /api/watchlists`
pub async fn create_watchlist(
    State(state): State<SharedState>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let body = body_bytes(body)?;
    let (name, source, entries) = watchlist_input(&headers, query_pairs(query)?, &body)?;
    let now = state.clock.unix_seconds();
    let json = entries_json(&entries)?;
    let mut store = state.store();
    let id = store.create_watchlist(&name, &source, &json, now)?;
    let row = store
        .watchlist(id)?
        .ok_or_else(|| ApiError::internal("a created watch list vanished"))?;
    Ok((StatusCode::CREATED, Json(watchlist_json(&row))))
}

/// `GET /api/watchlists/{id}`
pub async fn get_watchlist(
    State(state): State<SharedState>,
    UrlPath(id): UrlPath<String>,
) -> ApiResult {
    let id = parse_id(&id, "watch list")?;
    match state.store().watchlist(id)? {
        Some(row) => Ok(Json(watchlist_json(&row))),
        None => Err(ApiError::not_found(format!("no watch list {id}"))),
    }
}

/// `PUT /api/watchlists/{id}`
pub async fn replace_watchlist(
    State(state): State<SharedState>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let id = parse_id(&id, "watch list")?;
    let body = body_bytes(body)?;
    let (name, source, entries) = watchlist_input(&headers, query_pairs(query)?, &body)?;
    let now = state.clock.unix_seconds();
    let json = entries_json(&entries)?;
    let mut store = state.store();
    if !store.update_watchlist(id, &name, &source, &json, now)? {
        return Err(ApiError::not_found(format!("no watch list {id}")));
    }
    let row = store
        .watchlist(id)?
        .ok_or_else(|| ApiError::internal("an updated watch list vanished"))?;
    Ok(Json(watchlist_json(&row)))
}

/// `DELETE /api/watchlists/{id}`: the list and its alerts.
pub async fn delete_watchlist(
    State(state): State<SharedState>,
    UrlPath(id): UrlPath<String>,
) -> ApiResult<StatusCode> {
    let id = parse_id(&id, "watch list")?;
    if state.store().delete_watchlist(id)? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found(format!("no watch list {id}")))
    }
}

// ---- alerts ------------------------------------------------------------------------------

fn alert_json(row: &AlertRow, today: chrono::NaiveDate) -> Value {
    let mut finding: Value = serde_json::from_str(&row.finding_json).unwrap_or(Value::Null);
    // Deadlines were computed when the filing was screened; count the days left from today.
    if let Some(Value::Array(deadlines)) = finding.get_mut("deadlines") {
        for d in deadlines {
            let closes = d
                .get("closes")
                .and_then(Value::as_str)
                .and_then(|s| s.parse::<chrono::NaiveDate>().ok());
            if let (Some(closes), Some(obj)) = (closes, d.as_object_mut()) {
                if obj.contains_key("days_left") {
                    obj.insert("days_left".into(), json!((closes - today).num_days()));
                }
            }
        }
    }
    json!({
        "id": row.id,
        "watchlist_id": row.watchlist_id,
        "filing_id": row.filing_id,
        "target_id": row.target_id,
        "score": row.score,
        "state": row.state,
        "created_at": row.created_at,
        "reviewed_by": row.reviewed_by,
        "reviewed_at": row.reviewed_at,
        "finding": finding,
    })
}

/// The optional `state` filter of the alert listings; any other parameter is a 400.
fn state_filter(
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult<Option<&'static str>> {
    let mut wanted = None;
    for (k, v) in query_pairs(query)? {
        match k.as_str() {
            "state" => wanted = Some(review_state(&v, "query parameter state")?),
            other => {
                return Err(ApiError::invalid(format!(
                    "unknown query parameter {other:?} (expected state)"
                )))
            }
        }
    }
    Ok(wanted)
}

/// `GET /api/alerts?state=…`: most urgent first (deadlines), then best score.
pub async fn list_alerts(
    State(state): State<SharedState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult {
    let wanted = state_filter(query)?;
    let rows = state.store().alerts()?;
    let today = state.today();
    let mut alerts: Vec<(Urgency, f64, Value)> = rows
        .iter()
        .filter(|r| wanted.is_none_or(|w| r.state == w))
        .map(|r| {
            let v = alert_json(r, today);
            (urgency_of(&v["finding"]), r.score, v)
        })
        .collect();
    alerts.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.total_cmp(&a.1)));
    Ok(Json(Value::Array(
        alerts.into_iter().map(|a| a.2).collect(),
    )))
}

/// `GET /api/alerts/{id}`: the alert with its review history.
pub async fn get_alert(
    State(state): State<SharedState>,
    UrlPath(id): UrlPath<String>,
) -> ApiResult {
    let id = parse_id(&id, "alert")?;
    let store = state.store();
    let row = store
        .alert(id)?
        .ok_or_else(|| ApiError::not_found(format!("no alert {id}")))?;
    let mut v = alert_json(&row, state.today());
    v["reviews"] = serde_json::to_value(store.alert_reviews(id)?)
        .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(Json(v))
}

/// The finding of an alert (deadlines counted from `today`) as the report renderers read it.
/// A stored finding that does not parse is an internal fault: the server wrote it.
fn finding_doc(row: &AlertRow, today: chrono::NaiveDate) -> ApiResult<FindingDoc> {
    let finding = alert_json(row, today)["finding"].take();
    let text = finding.to_string();
    let mut docs = parse_findings(&text, &format!("alert {}", row.id))
        .map_err(|e| ApiError::internal(format!("stored finding: {e}")))?;
    docs.pop()
        .ok_or_else(|| ApiError::internal(format!("alert {}: no stored finding", row.id)))
}

/// `GET /api/alerts/{id}/report`: the finding's evidence report, the self-contained HTML page
/// that `markwatch report` writes for it (styles inline, no script, no external resource).
pub async fn alert_report(
    State(state): State<SharedState>,
    UrlPath(id): UrlPath<String>,
) -> Result<Response, ApiError> {
    let id = parse_id(&id, "alert")?;
    let row = state
        .store()
        .alert(id)?
        .ok_or_else(|| ApiError::not_found(format!("no alert {id}")))?;
    let findings = [finding_doc(&row, state.today())?];
    let pages = page_names(&findings);
    let batch = Batch {
        findings: &findings,
        pages: &pages,
        extra_filings: &[],
    };
    let page = html::render_standalone_page(&batch, 0, Normalizer::global());
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            // The page needs nothing from elsewhere; say so to the browser too.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'",
            ),
        ],
        page,
    )
        .into_response())
}

/// `GET /api/alerts.csv?state=…`: the docketing CSV of the alerts (the columns of
/// `markwatch report --format csv`), in the order of `GET /api/alerts`.
pub async fn alerts_csv(
    State(state): State<SharedState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let wanted = state_filter(query)?;
    let rows = state.store().alerts()?;
    let today = state.today();
    let mut docs: Vec<(Urgency, f64, FindingDoc)> = Vec::new();
    for r in rows.iter().filter(|r| wanted.is_none_or(|w| r.state == w)) {
        let doc = finding_doc(r, today)?;
        docs.push((doc.urgency(), r.score, doc));
    }
    docs.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.total_cmp(&a.1)));
    let docs: Vec<FindingDoc> = docs.into_iter().map(|d| d.2).collect();
    let mut out = Vec::new();
    write_csv(&mut out, &docs).map_err(|e| ApiError::internal(format!("CSV: {e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"markwatch-alerts.csv\"",
            ),
        ],
        out,
    )
        .into_response())
}

fn review_state(s: &str, what: &str) -> ApiResult<&'static str> {
    REVIEW_STATES
        .iter()
        .copied()
        .find(|k| *k == s.trim())
        .ok_or_else(|| {
            ApiError::invalid(format!(
                "{what}: unknown review state {s:?} (expected one of {})",
                REVIEW_STATES.join(", ")
            ))
        })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewBody {
    state: String,
}

/// `POST /api/alerts/{id}/review` with `{"state": "new|dismissed|to_oppose|opposed"}`.
pub async fn review_alert(
    State(state): State<SharedState>,
    UrlPath(id): UrlPath<String>,
    caller: Option<Extension<Caller>>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let id = parse_id(&id, "alert")?;
    let body = body_bytes(body)?;
    let b: ReviewBody = serde_json::from_slice(&body)
        .map_err(|e| ApiError::invalid(format!("request body: {e}")))?;
    let new_state = review_state(&b.state, "field state")?;
    // The auth layer guarantees a caller on writes; refuse rather than record no one.
    let Some(Extension(caller)) = caller else {
        return Err(ApiError::unauthorized("a review needs an API token"));
    };
    let now = state.clock.unix_seconds();
    let mut store = state.store();
    if !store.review_alert(id, new_state, &caller.name, now)? {
        return Err(ApiError::not_found(format!("no alert {id}")));
    }
    let row = store
        .alert(id)?
        .ok_or_else(|| ApiError::internal("a reviewed alert vanished"))?;
    let mut v = alert_json(&row, state.today());
    v["reviews"] = serde_json::to_value(store.alert_reviews(id)?)
        .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(Json(v))
}

// ---- applicants --------------------------------------------------------------------------

/// `GET /api/applicants/{name}`: the profile of the applicant group whose member names match
/// `name` (any script, width or legal form, else by reading), over every record of the
/// database, with the default profile configuration. Other matching groups are listed in
/// `also`.
pub async fn applicant(
    State(state): State<SharedState>,
    UrlPath(name): UrlPath<String>,
) -> ApiResult {
    let name = name.trim().to_string();
    if name.is_empty() {
        return Err(ApiError::invalid("give an applicant name"));
    }
    let task = tokio::task::spawn_blocking(move || -> ApiResult {
        let records = {
            let store = state.store();
            store.records().collect::<Result<Vec<Record>, _>>()?
        };
        let matches = Matches::new();
        let analysis = Profiler::new(ProfileConfig::default()).analyze(records.iter(), &matches);
        let found = analysis.find(&name);
        let Some(&first) = found.first() else {
            return Err(ApiError::not_found(format!(
                "no applicant matches {name:?} (names are compared after removing legal \
                 forms, case, width and variant characters, then by reading)"
            )));
        };
        let profile = serde_json::to_value(analysis.profile(first))
            .map_err(|e| ApiError::internal(format!("cannot encode a profile: {e}")))?;
        let also: Vec<&str> = found[1..].iter().map(|&g| analysis.group_id(g)).collect();
        Ok(Json(json!({
            "group_id": analysis.group_id(first),
            "also": also,
            "profile": profile,
        })))
    });
    task.await
        .map_err(|e| ApiError::internal(format!("applicant worker failed: {e}")))?
}
