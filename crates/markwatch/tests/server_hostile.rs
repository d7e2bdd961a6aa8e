//! Issue 9, hostile input to the server: malformed JSON, SQL-injection strings in every
//! parameter of every route listed in `openapi.json`, path traversal, script in mark text
//! (through `markwatch::server::app`, without a port), and slow clients (a real loopback
//! socket, because only a socket can be slow). Tokens, oversized bodies and the escaping of
//! the evidence report are tested in `server_api.rs`; the web UI's use of `textContent` in
//! `tests/browser`.
//!
//! Each case checks the answer (a 2xx or a clean 4xx with a JSON `{code, message}`, never a
//! 5xx) and the database: unchanged where nothing should be written, and where something is
//! written, only that, stored literally.

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, StatusCode};
use axum::Router;
use common::http::{self, Reply, WATCH_CSV};
use markwatch::register::{in_memory, Register};
use markwatch::server::auth::hash_token;
use markwatch::server::{app, AppState, FixedWallClock};
use markwatch_core::index::{Entry, IndexBuilder};
use markwatch_core::normalize::Normalizer;
use markwatch_core::{GoodsClass, NiceClass, Office, Party, Record};
use markwatch_store::Store;
use serde_json::{json, Value};

const TOKEN: &str = "mw_test_token_for_mallory_0123456789";
const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

const BATCH: &str = concat!(
    r#"{"id":"CN:1","office":"CN","mark":"无印良品","classes":[24],"status":"published","dates":{"publication":"2025-12-20"}}"#,
    "\n",
    r#"{"id":"CN:2","office":"CN","mark":"神户牛","classes":[29],"status":"filed"}"#,
    "\n",
);

/// The strings tried in every parameter. `'` is also the decoded form of a raw `%27`.
const INJECTIONS: &[&str] = &[
    "' OR 1=1 --",
    "\"; DROP TABLE marks; --",
    "%27",
    "'",
    "\0",
    "1; DELETE FROM alerts; --",
    "' UNION SELECT name, sql FROM sqlite_master --",
];

// ---- an in-process server with some data -----------------------------------------------------

struct Fixture {
    state: Arc<AppState>,
    app: Router,
    list: i64,
    alert: i64,
}

fn register() -> Register {
    let mut b = IndexBuilder::new(Normalizer::global());
    b.add(Entry {
        id: "JP:1".into(),
        names: vec!["無印良品".into(), "MUJI".into()],
        classes: vec![GoodsClass::bare(NiceClass::new(24).unwrap())],
        language: None,
    });
    b.add(Entry {
        id: "JP:9".into(),
        names: vec!["<img src=x onerror=alert(1)>".into()],
        classes: vec![GoodsClass::bare(NiceClass::new(9).unwrap())],
        language: None,
    });
    Register::from(in_memory(&b).unwrap())
}

/// A server with a watch list, two screened filings (one alert at least) and an applicant.
async fn fixture() -> Fixture {
    let mut store = Store::open_in_memory().unwrap();
    store
        .create_token("mallory", &hash_token(TOKEN), 1)
        .unwrap();
    let mut r = Record::new("CN:5", Office::CN, "晴空");
    r.applicants.push(Party::named("Ryohin Trading Ltd"));
    store.upsert_batch(&[r], 1).unwrap();
    let mut state = AppState::new(store, Arc::new(FixedWallClock(NOW)));
    state.access_log = false;
    state.register = Some(register());
    let state = Arc::new(state);
    let app = app(state.clone());
    let body = json!({"name": "brands", "source": WATCH_CSV}).to_string();
    let r = call(&app, Method::POST, "/api/watchlists", Some(JSON), body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let list = r.json()["id"].as_i64().unwrap();
    let r = call(&app, Method::POST, "/api/screen?format=jsonl", None, BATCH).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let alert = r.json()["findings"][0]["alert_id"]
        .as_i64()
        .expect("the batch raises an alert");
    Fixture {
        state,
        app,
        list,
        alert,
    }
}

const JSON: &str = "application/json";

impl Reply {
    /// Asserts a JSON error with `status` and returns its message.
    fn error(&self, status: StatusCode) -> String {
        assert_eq!(self.status, status, "{}", self.body);
        let v = self.json();
        assert!(v["code"].as_str().is_some_and(|c| !c.is_empty()), "{v}");
        v["message"].as_str().expect("a message").to_string()
    }
}

/// [`http::call`] with the fixture's token.
async fn call(
    app: &Router,
    method: Method,
    uri: &str,
    content_type: Option<&str>,
    body: impl Into<Body>,
) -> Reply {
    http::call(app, method, uri, Some(TOKEN), content_type, body).await
}

/// Percent-encodes everything but the unreserved characters of RFC 3986.
fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What the database holds, table by table.
#[derive(Debug, Clone, PartialEq)]
struct Snapshot {
    /// id → (name, source, entries JSON)
    lists: BTreeMap<i64, (String, String, String)>,
    /// id → (watch list, filing, target, state, number of reviews)
    alerts: BTreeMap<i64, (i64, String, String, String, usize)>,
    /// id → mark
    records: BTreeMap<String, String>,
}

fn snapshot(state: &AppState) -> Snapshot {
    let store = state.store.lock().unwrap();
    // The token still opens the door: the tokens table is intact.
    assert!(store.token_by_hash(&hash_token(TOKEN)).unwrap().is_some());
    Snapshot {
        lists: store
            .watchlists()
            .unwrap()
            .into_iter()
            .map(|w| (w.id, (w.name, w.source, w.entries_json)))
            .collect(),
        alerts: store
            .alerts()
            .unwrap()
            .into_iter()
            .map(|a| {
                let reviews = store.alert_reviews(a.id).unwrap().len();
                (
                    a.id,
                    (a.watchlist_id, a.filing_id, a.target_id, a.state, reviews),
                )
            })
            .collect(),
        records: store
            .records()
            .map(|r| r.map(|r| (r.id, r.mark)))
            .collect::<Result<_, _>>()
            .unwrap(),
    }
}

// ---- malformed JSON ------------------------------------------------------------------------

#[tokio::test]
async fn malformed_json_bodies_get_400_naming_the_problem_and_write_nothing() {
    let f = fixture().await;
    let before = snapshot(&f.state);
    let deep = "[".repeat(100_000);
    // (what, body, what the message says for a watch list, for a review)
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("{", b"{".to_vec(), "EOF", "EOF"),
        ("empty", Vec::new(), "EOF", "EOF"),
        (
            "a number for a string",
            br#"{"name":"a","source":1}"#.to_vec(),
            "invalid type: integer",
            "unknown field `name`",
        ),
        (
            "a missing field",
            br#"{"name":"a"}"#.to_vec(),
            "missing field `source`",
            "unknown field `name`",
        ),
        (
            "an unknown field",
            br#"{"name":"a","source":"x","admin":true}"#.to_vec(),
            "unknown field `admin`",
            "unknown field `name`",
        ),
        (
            "trailing text",
            br#"{"state":"new","name":"a","source":"x"} {"#.to_vec(),
            "unknown field `state`",
            "unknown field `name`",
        ),
        (
            "trailing text after a whole body",
            br#"{"name":"a","source":"x"} {"#.to_vec(),
            "trailing characters",
            "unknown field `name`",
        ),
        // Typed bodies stop at the first wrong type: no recursion, no stack overflow.
        (
            "deep nesting",
            deep.into_bytes(),
            "invalid type: sequence",
            "invalid type: sequence",
        ),
        (
            "invalid UTF-8",
            b"{\"name\":\"\xff\xfe\"}".to_vec(),
            "invalid unicode",
            "unknown field `name`",
        ),
        (
            "a NUL byte",
            b"{\0}".to_vec(),
            "key must be a string",
            "key must be a string",
        ),
    ];
    let routes = [
        (Method::POST, "/api/watchlists".to_string()),
        (Method::PUT, format!("/api/watchlists/{}", f.list)),
        (Method::POST, format!("/api/alerts/{}/review", f.alert)),
    ];
    for (method, uri) in &routes {
        for (what, body, for_list, for_review) in &cases {
            let r = call(&f.app, method.clone(), uri, Some(JSON), body.clone()).await;
            let m = r.error(StatusCode::BAD_REQUEST);
            assert!(
                m.starts_with("request body: "),
                "{method} {uri} {what}: {m}"
            );
            let expected = if uri.ends_with("/review") {
                for_review
            } else {
                for_list
            };
            assert!(m.contains(expected), "{method} {uri} {what}: {m}");
            // serde names the place: line and column.
            if !body.is_empty() {
                assert!(m.contains("line 1 column"), "{method} {uri} {what}: {m}");
            }
        }
    }
    // A well-formed body with a value out of range names the field.
    let r = call(
        &f.app,
        Method::POST,
        &format!("/api/alerts/{}/review", f.alert),
        Some(JSON),
        r#"{"state":"approved"}"#,
    )
    .await;
    let m = r.error(StatusCode::BAD_REQUEST);
    assert!(m.contains("field state") && m.contains("approved"), "{m}");
    assert_eq!(
        snapshot(&f.state),
        before,
        "a refused request wrote something"
    );
}

// ---- SQL injection in every parameter -------------------------------------------------------

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum In {
    Path,
    Query,
    /// A field of the JSON body.
    Json,
    /// A field of the record in the JSONL batch body.
    Batch,
    /// A cell (`names`) of the watch list CSV in the JSON body's `source`.
    SourceCell,
}

/// Every (path, method, parameter, place) of the OpenAPI document, plus the fields of the
/// bodies (the JSON schemas' properties; a batch record's id, office and mark).
fn parameters() -> Vec<(String, String, String, In)> {
    let doc: Value = serde_json::from_str(include_str!("../src/server/openapi.json")).unwrap();
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        let shared = item["parameters"].as_array().cloned().unwrap_or_default();
        for (method, op) in item.as_object().unwrap() {
            if method == "parameters" {
                continue;
            }
            let own = op["parameters"].as_array().cloned().unwrap_or_default();
            for p in shared.iter().chain(&own) {
                let place = match p["in"].as_str().unwrap() {
                    "path" => In::Path,
                    "query" => In::Query,
                    other => panic!("{path}: a parameter in {other}: teach this test about it"),
                };
                let name = p["name"].as_str().unwrap().to_string();
                out.push((path.clone(), method.clone(), name, place));
            }
            let content = &op["requestBody"]["content"];
            if let Some(props) = content[JSON]["schema"]["properties"].as_object() {
                for field in props.keys() {
                    out.push((path.clone(), method.clone(), field.clone(), In::Json));
                    if field == "source" {
                        out.push((path.clone(), method.clone(), field.clone(), In::SourceCell));
                    }
                }
            } else if content.get("application/octet-stream").is_some() {
                for field in ["id", "office", "mark"] {
                    out.push((path.clone(), method.clone(), field.into(), In::Batch));
                }
            }
        }
    }
    out
}

/// A normal value for each parameter, so that only the one under test is hostile.
fn baseline(f: &Fixture, path: &str, name: &str, place: In) -> String {
    match (name, place) {
        ("id", In::Path) if path.starts_with("/api/watchlists") => f.list.to_string(),
        ("id", In::Path) => f.alert.to_string(),
        ("name", In::Path) => "Ryohin Trading".into(),
        ("q", _) => "MUJI".into(),
        ("class", _) => "24".into(),
        ("top", _) => "5".into(),
        ("state", _) => "dismissed".into(),
        ("format", _) => "jsonl".into(),
        ("name", In::Query) => "batch.jsonl".into(),
        ("name", In::Json) => "brands".into(),
        ("source", _) => WATCH_CSV.into(),
        ("id", In::Batch) => "CN:100".into(),
        ("office", In::Batch) => "CN".into(),
        ("mark", In::Batch) => "无印良品".into(),
        _ => panic!("{path}: no normal value for parameter {name} ({place:?}): add one"),
    }
}

/// The request for `(path, method)` with `hostile` in `target` and normal values elsewhere.
fn build(
    f: &Fixture,
    path: &str,
    method: &str,
    params: &[(String, In)],
    target: (&str, In),
    hostile: &str,
) -> (Method, String, Option<&'static str>, String) {
    let value = |name: &str, place: In| {
        if (name, place) == target {
            hostile.to_string()
        } else {
            baseline(f, path, name, place)
        }
    };
    let mut uri = path.to_string();
    let mut query = Vec::new();
    let mut json_body = serde_json::Map::new();
    let mut record = serde_json::Map::new();
    for (name, place) in params {
        let v = value(name, *place);
        match place {
            In::Path => uri = uri.replace(&format!("{{{name}}}"), &enc(&v)),
            In::Query => query.push(format!("{}={}", enc(name), enc(&v))),
            In::Json => {
                json_body.insert(name.clone(), Value::String(v));
            }
            In::Batch => {
                record.insert(name.clone(), Value::String(v));
            }
            In::SourceCell => {
                if target == (name.as_str(), In::SourceCell) {
                    let cell = format!("\"{}\"", hostile.replace('"', "\"\""));
                    json_body.insert(
                        name.clone(),
                        Value::String(format!(
                            "id,kind,names,owner,country,classes\nW-x,brand,{cell},Owner,JP,24\n"
                        )),
                    );
                }
            }
        }
    }
    let method: Method = method.to_uppercase().parse().unwrap();
    let (content_type, body) = if !record.is_empty() {
        record.insert("classes".into(), json!([24]));
        (None, format!("{}\n", Value::Object(record)))
    } else if !json_body.is_empty() {
        (Some(JSON), Value::Object(json_body).to_string())
    } else {
        (None, String::new())
    };
    // The watch-list routes read `?name=` only with a CSV body: send one when it is the target.
    let (content_type, body) = if target == ("name", In::Query) && path.contains("watchlists") {
        (Some("text/csv"), WATCH_CSV.to_string())
    } else {
        (content_type, body)
    };
    if !query.is_empty() {
        uri = format!("{uri}?{}", query.join("&"));
    }
    (method, uri, content_type, body)
}

/// Checks one answer and what it did to the database.
fn judge(
    case: &str,
    r: &Reply,
    (before, after): (&Snapshot, &Snapshot),
    path: &str,
    target: (&str, In),
    s: &str,
) {
    let ok = r.status.is_success();
    assert!(
        ok || r.status.is_client_error(),
        "{case}: {} {}",
        r.status,
        r.body
    );
    if !ok {
        r.error(r.status);
        assert_eq!(after, before, "{case}: refused ({}) but wrote", r.status);
        return;
    }
    if case.starts_with("GET ") {
        assert_eq!(after, before, "{case}: a read wrote");
        if target == ("q", In::Query) {
            assert_eq!(
                r.json()["query"],
                s,
                "{case}: the query is echoed literally"
            );
        }
        return;
    }
    // A write that was accepted: only the expected table changed, and it holds `s` literally.
    match target {
        ("name", In::Json) | ("name", In::Query) | ("source", In::SourceCell)
            if path.starts_with("/api/watchlists") =>
        {
            assert_eq!(after.alerts, before.alerts, "{case}");
            assert_eq!(after.records, before.records, "{case}");
            let changed: Vec<_> = after
                .lists
                .iter()
                .filter(|(id, row)| before.lists.get(id) != Some(row))
                .collect();
            assert_eq!(changed.len(), 1, "{case}: {changed:?}");
            let (name, _, entries) = changed[0].1;
            if target.1 == In::SourceCell {
                let entries: Value = serde_json::from_str(entries).unwrap();
                assert_eq!(entries[0]["names"][0], s, "{case}: {entries}");
            } else {
                assert_eq!(name, s.trim(), "{case}");
            }
        }
        (_, In::Batch) | ("format", In::Query) | ("name", In::Query) if path == "/api/screen" => {
            assert_eq!(after.lists, before.lists, "{case}");
            for (id, row) in &before.alerts {
                assert_eq!(after.alerts.get(id), Some(row), "{case}");
            }
            for (id, mark) in &before.records {
                assert_eq!(after.records.get(id), Some(mark), "{case}");
            }
            let answer = r.json();
            let stored = answer["stored"]["inserted"].as_u64().unwrap_or(0);
            let new: Vec<_> = after
                .records
                .iter()
                .filter(|(id, _)| !before.records.contains_key(*id))
                .collect();
            assert!(new.len() <= 1, "{case}: {new:?}");
            if let Some((id, mark)) = new.first() {
                match target.0 {
                    "id" => assert_eq!(id.as_str(), s, "{case}"),
                    "mark" => assert_eq!(mark.as_str(), s, "{case}"),
                    _ => {}
                }
            } else {
                // Rejected: it says so, naming the field.
                assert_eq!(answer["rejected"], 1, "{case}: {answer}");
                assert_eq!(stored, 0, "{case}: {answer}");
            }
        }
        _ => panic!("{case}: accepted ({}): {}", r.status, r.body),
    }
}

#[tokio::test]
async fn sql_injection_strings_in_every_parameter_are_data_not_sql() {
    let mut by_route: BTreeMap<(String, String), Vec<(String, In)>> = BTreeMap::new();
    for (path, method, name, place) in parameters() {
        by_route
            .entry((path, method))
            .or_default()
            .push((name, place));
    }
    let mut tried = 0;
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    for ((path, method), params) in &by_route {
        for (name, place) in params {
            for s in INJECTIONS {
                let f = fixture().await;
                let before = snapshot(&f.state);
                let (m, uri, ct, body) =
                    build(&f, path, method, params, (name.as_str(), *place), s);
                let case = format!("{m} {path} {name} ({place:?}) = {s:?}");
                let r = call(&f.app, m, &uri, ct, body).await;
                let after = snapshot(&f.state);
                judge(
                    &case,
                    &r,
                    (&before, &after),
                    path,
                    (name.as_str(), *place),
                    s,
                );
                *statuses.entry(r.status.as_u16()).or_default() += 1;
                tried += 1;
            }
        }
    }
    eprintln!("{tried} hostile requests, answers by status: {statuses:?}");
    // Both kinds of answer happen: refusals, and strings stored or searched as plain text.
    assert!(
        statuses.keys().any(|s| (200..300).contains(s)),
        "{statuses:?}"
    );
    assert!(
        statuses.keys().any(|s| (400..500).contains(s)),
        "{statuses:?}"
    );
    // Every route with a parameter was covered, each with every string.
    let with_params = by_route.len();
    assert!(with_params >= 10, "{with_params} routes with parameters");
    assert_eq!(
        tried,
        by_route.values().map(Vec::len).sum::<usize>() * INJECTIONS.len()
    );
}

// ---- script in mark text -----------------------------------------------------------------------

#[tokio::test]
async fn script_in_mark_text_comes_back_as_a_json_string() {
    let f = fixture().await;
    let script = "<script>alert('x')</script>";
    // A watch list naming the script, and a filing of it: an exact copy, so an alert.
    let source = format!(
        "id,kind,names,owner,country,classes\nW-s,brand,\"{}\",Owner,JP,24\n",
        script.replace('"', "\"\"")
    );
    let body = json!({"name": "scripts", "source": source}).to_string();
    let r = call(&f.app, Method::POST, "/api/watchlists", Some(JSON), body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.content_type.starts_with(JSON), "{}", r.content_type);
    assert_eq!(r.json()["entries"][0]["names"][0], script);
    let batch = format!(
        "{}\n",
        json!({"id": "CN:66", "office": "CN", "mark": script, "classes": [24]})
    );
    let r = call(
        &f.app,
        Method::POST,
        "/api/screen?format=jsonl",
        None,
        batch,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.content_type.starts_with(JSON), "{}", r.content_type);
    assert_eq!(
        snapshot(&f.state).records.get("CN:66").map(String::as_str),
        Some(script)
    );
    // Every JSON answer that carries mark text says it is JSON and gives the text back exactly.
    let r = call(
        &f.app,
        Method::GET,
        &format!("/api/search?q={}", enc("<img src=x onerror=alert(1)>")),
        None,
        Body::empty(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.content_type.starts_with(JSON), "{}", r.content_type);
    let v = r.json();
    assert_eq!(v["query"], "<img src=x onerror=alert(1)>");
    assert!(
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["name"] == "<img src=x onerror=alert(1)>"),
        "{v}"
    );
    let r = call(&f.app, Method::GET, "/api/alerts", None, Body::empty()).await;
    assert!(r.content_type.starts_with(JSON), "{}", r.content_type);
    let marks: Vec<Value> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["finding"]["filing"]["mark"].clone())
        .collect();
    assert!(marks.contains(&json!(script)), "{marks:?}");
    // The CSV is a download, not a page.
    let r = call(&f.app, Method::GET, "/api/alerts.csv", None, Body::empty()).await;
    assert!(r.content_type.starts_with("text/csv"), "{}", r.content_type);
}

// ---- over a socket: path traversal and slow clients ---------------------------------------------

/// Starts the production server (`markwatch::server::serve`) on a loopback port in its own
/// runtime; returns the runtime (which keeps it running), its address and its state.
fn serve_on_loopback() -> (tokio::runtime::Runtime, SocketAddr, Arc<AppState>) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let f = rt.block_on(fixture());
    let state = f.state.clone();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    rt.spawn(markwatch::server::serve(listener, state.clone(), None));
    (rt, addr, state)
}

/// [`http::request`] with the fixture's token.
fn raw(addr: SocketAddr, method: &str, path: &str, body: &str) -> (u16, String) {
    http::request(&addr.to_string(), method, path, Some(TOKEN), body)
}

#[test]
fn path_traversal_in_report_names_is_refused() {
    let (_rt, addr, state) = serve_on_loopback();
    let targets = [
        "/api/alerts/../../../../etc/passwd/report",
        "/api/alerts/..%2f..%2f..%2f..%2fetc%2fpasswd/report",
        "/api/alerts/%2e%2e%2f%2e%2e%2fetc%2fpasswd/report",
        "/api/alerts/%2Fetc%2Fpasswd/report",
        "/api/alerts//etc/passwd/report",
        "/api/alerts/..\\..\\..\\windows\\win.ini/report",
        "/api/alerts/..%5c..%5cwindows%5cwin.ini/report",
        "/api/alerts/C:%5cwindows%5cwin.ini/report",
        "/api/alerts/1%00.html/report",
        "/api/applicants/..%2f..%2f..%2fetc%2fpasswd",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/app.js/../../../../etc/passwd",
        "/etc/passwd",
        "/api/../../etc/passwd",
    ];
    for t in targets {
        let (status, body) = raw(addr, "GET", t, "");
        assert!([400, 404].contains(&status), "GET {t}: {status} {body}");
        assert!(!body.contains("root:"), "GET {t} served a file: {body}");
        // The router's answers are JSON errors; hyper's own 400 for a request it cannot parse
        // has no body.
        if !body.is_empty() {
            let v: Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{t}: {e}"));
            assert!(v["message"].is_string(), "{t}: {v}");
        }
    }
    // A real report is served.
    let id = state.store.lock().unwrap().alerts().unwrap()[0].id;
    let (status, body) = raw(addr, "GET", &format!("/api/alerts/{id}/report"), "");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("<html"), "{body}");
}

#[test]
fn a_filing_id_that_looks_like_a_path_stays_text_in_the_report() {
    let (_rt, addr, state) = serve_on_loopback();
    let batch = format!(
        "{}\n",
        json!({"id": "../../../etc/passwd", "office": "CN", "mark": "无印良品", "classes": [24]})
    );
    let (status, body) = raw(addr, "POST", "/api/screen?format=jsonl", &batch);
    assert_eq!(status, 200, "{body}");
    let id = state
        .store
        .lock()
        .unwrap()
        .alerts()
        .unwrap()
        .into_iter()
        .find(|a| a.filing_id == "../../../etc/passwd")
        .expect("an alert on the filing")
        .id;
    let (status, page) = raw(addr, "GET", &format!("/api/alerts/{id}/report"), "");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("../../../etc/passwd"), "the id is shown");
    assert!(!page.contains("root:"), "no file was read");
    for attr in ["href=\"", "src=\""] {
        for link in page.split(attr).skip(1) {
            let link = link.split('"').next().unwrap_or("");
            assert!(!link.contains(".."), "{attr}{link}");
        }
    }
}

#[test]
fn slow_clients_do_not_stop_others_being_served() {
    const SLOW: usize = 200;
    let (_rt, addr, state) = serve_on_loopback();
    // Many connections that send their headers one byte at a time and never finish.
    let mut slow: Vec<TcpStream> = (0..SLOW)
        .map(|_| TcpStream::connect(addr).unwrap())
        .collect();
    let stop = Arc::new(AtomicBool::new(false));
    let dribbler = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let head = format!(
                "GET /api/watchlists HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TOKEN}\r\nX-Pad: {}",
                "a".repeat(4000)
            );
            let mut sent = 0;
            while !stop.load(Ordering::Relaxed) && sent < head.len() {
                for s in &mut slow {
                    s.write_all(&head.as_bytes()[sent..=sent]).unwrap();
                }
                sent += 1;
                std::thread::sleep(Duration::from_millis(2));
            }
            (slow, sent)
        })
    };
    // Meanwhile normal clients are served, reads and a write.
    std::thread::sleep(Duration::from_millis(100));
    for _ in 0..20 {
        let (status, body) = raw(addr, "GET", "/api/alerts", "");
        assert_eq!(status, 200, "{body}");
        assert!(body.starts_with('['), "{body}");
    }
    let list = json!({"name": "while slow", "source": WATCH_CSV}).to_string();
    let (status, body) = raw(addr, "POST", "/api/watchlists", &list);
    assert_eq!(status, 201, "{body}");
    stop.store(true, Ordering::Relaxed);
    let (mut slow, sent) = dribbler.join().unwrap();
    assert!(sent > 0);
    assert!(snapshot(&state).lists.values().any(|l| l.0 == "while slow"));
    // The slow clients were only slow: once they finish, they are answered too.
    let head = format!(
        "GET /api/watchlists HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TOKEN}\r\nX-Pad: {}",
        "a".repeat(4000)
    );
    for s in &mut slow {
        s.write_all(&head.as_bytes()[sent..]).unwrap();
        s.write_all(b"\r\nConnection: close\r\n\r\n").unwrap();
    }
    for s in &mut slow {
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        assert!(out.starts_with("HTTP/1.1 200"), "{out}");
    }
}
