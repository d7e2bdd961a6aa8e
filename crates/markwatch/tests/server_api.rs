//! The HTTP API through `markwatch::server::app`, without a port (`tower::ServiceExt::oneshot`).

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use common::http::{call, Reply, WATCH_CSV};
use markwatch::register::{in_memory, Register};
use markwatch::server::auth::hash_token;
use markwatch::server::{app, AppState, FixedWallClock};
use markwatch_core::goods::relate;
use markwatch_core::index::{Entry, IndexBuilder};
use markwatch_core::normalize::Normalizer;
use markwatch_core::{GoodsClass, NiceClass};
use markwatch_store::Store;
use serde_json::{json, Value};
use tower::ServiceExt;

const TOKEN: &str = "mw_test_token_for_alice_0123456789";
const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

const BATCH: &str = concat!(
    r#"{"id":"CN:1","office":"CN","mark":"无印良品","classes":[{"class":24,"goods":"毛巾"}],"status":"published","dates":{"filing":"2025-10-01","publication":"2025-12-20"}}"#,
    "\n",
    r#"{"id":"CN:2","office":"CN","mark":"神户牛","classes":[29],"status":"filed"}"#,
    "\n",
    r#"{"id":"CN:3","office":"CN","mark":"晴空万里","classes":[30],"status":"filed"}"#,
    "\n",
    r#"{"id":"CN:4","office":"XX1","mark":"坏"}"#,
    "\n",
);

fn register() -> Register {
    let mut b = IndexBuilder::new(Normalizer::global());
    let class = |n| GoodsClass::bare(NiceClass::new(n).unwrap());
    b.add(Entry {
        id: "JP:1".into(),
        names: vec!["無印良品".into(), "MUJI".into()],
        classes: vec![class(24)],
        language: None,
    });
    b.add(Entry {
        id: "JP:2".into(),
        names: vec!["晴空".into()],
        classes: vec![class(30)],
        language: None,
    });
    Register::from(in_memory(&b).unwrap())
}

fn state_with(f: impl FnOnce(&mut AppState)) -> Router {
    let mut store = Store::open_in_memory().unwrap();
    store.create_token("alice", &hash_token(TOKEN), 1).unwrap();
    let mut state = AppState::new(store, Arc::new(FixedWallClock(NOW)));
    state.access_log = false;
    state.register = Some(register());
    f(&mut state);
    app(Arc::new(state))
}

fn server() -> Router {
    state_with(|_| {})
}

impl Reply {
    /// Asserts an error reply: the status, the code, and a `{code, message}` body.
    fn assert_error(&self, status: StatusCode, code: &str) -> String {
        assert_eq!(self.status, status, "{}", self.body);
        let v = self.json();
        assert_eq!(v["code"], code, "{}", self.body);
        let message = v["message"].as_str().expect("message").to_string();
        assert!(!message.is_empty());
        message
    }
}

async fn get(app: &Router, uri: &str, token: Option<&str>) -> Reply {
    call(app, Method::GET, uri, token, None, Body::empty()).await
}

async fn post_json(app: &Router, uri: &str, body: Value) -> Reply {
    call(
        app,
        Method::POST,
        uri,
        Some(TOKEN),
        Some("application/json"),
        body.to_string(),
    )
    .await
}

async fn create_watchlist(app: &Router) -> i64 {
    let r = post_json(
        app,
        "/api/watchlists",
        json!({"name": "brands", "source": WATCH_CSV}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["id"].as_i64().unwrap()
}

async fn screen(app: &Router, batch: &str) -> Value {
    let r = call(
        app,
        Method::POST,
        "/api/screen?name=batch.jsonl",
        Some(TOKEN),
        Some("application/octet-stream"),
        batch.to_string(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

#[tokio::test]
async fn reads_and_writes_need_a_token_unless_public_read() {
    let app = server();
    get(&app, "/api/watchlists", None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
    get(&app, "/api/watchlists", Some("mw_wrong"))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
    let r = call(
        &app,
        Method::GET,
        "/api/watchlists",
        None,
        None,
        Body::empty(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        get(&app, "/api/watchlists", Some(TOKEN)).await.status,
        StatusCode::OK
    );
    // The OpenAPI document and the UI are public.
    assert_eq!(
        get(&app, "/api/openapi.json", None).await.status,
        StatusCode::OK
    );
    assert_eq!(get(&app, "/", None).await.status, StatusCode::OK);

    let public = state_with(|s| s.public_read = true);
    assert_eq!(
        get(&public, "/api/watchlists", None).await.status,
        StatusCode::OK
    );
    assert_eq!(
        get(&public, "/api/alerts", None).await.status,
        StatusCode::OK
    );
    // Writes still need one, and a wrong token is refused even on a public read.
    call(
        &public,
        Method::POST,
        "/api/watchlists?name=x",
        None,
        Some("text/csv"),
        WATCH_CSV,
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
    get(&public, "/api/watchlists", Some("mw_wrong"))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
    // A header that is not `Bearer`.
    let r = app
        .clone()
        .oneshot(
            Request::get("/api/alerts")
                .header(header::AUTHORIZATION, format!("Basic {TOKEN}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn watch_list_crud() {
    let app = server();
    let id = create_watchlist(&app).await;
    let r = get(&app, &format!("/api/watchlists/{id}"), Some(TOKEN)).await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert_eq!(v["name"], "brands");
    assert_eq!(v["entries"].as_array().unwrap().len(), 2);
    assert_eq!(v["entries"][0]["names"], json!(["無印良品", "MUJI"]));
    assert_eq!(v["created_at"], NOW);

    // Create from a CSV body with the name in the query.
    let r = call(
        &app,
        Method::POST,
        "/api/watchlists?name=places",
        Some(TOKEN),
        Some("text/csv"),
        "id,kind,names,owner,country,classes\nP-kyoto,place,京都|Kyoto,Kyoto Prefecture,JP,\n",
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let second = r.json()["id"].as_i64().unwrap();
    let all = get(&app, "/api/watchlists", Some(TOKEN)).await.json();
    let names: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["brands", "places"]);

    // Replace.
    let r = call(
        &app,
        Method::PUT,
        &format!("/api/watchlists/{second}"),
        Some(TOKEN),
        Some("application/json"),
        json!({"name": "prefectures", "source": "id,kind,names,owner,country,classes\nP-nara,place,奈良|Nara,Nara Prefecture,JP,\n"}).to_string(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["name"], "prefectures");
    assert_eq!(r.json()["entries"][0]["id"], "P-nara");

    // Delete, then it is gone.
    let r = call(
        &app,
        Method::DELETE,
        &format!("/api/watchlists/{second}"),
        Some(TOKEN),
        None,
        Body::empty(),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    get(&app, &format!("/api/watchlists/{second}"), Some(TOKEN))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    call(
        &app,
        Method::DELETE,
        &format!("/api/watchlists/{second}"),
        Some(TOKEN),
        None,
        Body::empty(),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "not_found");
    get(&app, "/api/watchlists/abc", Some(TOKEN))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_input");
}

#[tokio::test]
async fn screen_weighs_unrelated_goods_more_against_a_gi_than_a_brand() {
    let app = server();
    let r = post_json(
        &app,
        "/api/watchlists",
        json!({"name": "melons", "source": "id,kind,names,owner,country,classes\n\
            G,gi,夕張メロン|夕张甜瓜,Yubari,JP,31\n\
            B,brand,夕張メロン|夕张甜瓜,Yubari,JP,31\n"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let out = screen(
        &app,
        "{\"id\":\"CN:9\",\"office\":\"CN\",\"mark\":\"夕张甜瓜\",\"classes\":[25]}\n",
    )
    .await;
    let targets: Vec<&str> = out["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["finding"]["target_id"].as_str().unwrap())
        .collect();
    // Clothing against melons: the brand is reported, the GI of the same names is not.
    assert_eq!(targets, ["B"], "{out}");
}

#[tokio::test]
async fn screen_raises_alerts_once_and_reviews_record_who_and_when() {
    let app = server();
    let list = create_watchlist(&app).await;
    let out = screen(&app, BATCH).await;
    assert_eq!(out["format"], "jsonl");
    assert_eq!(out["screened"], 3);
    assert_eq!(out["rejected"], 1);
    assert_eq!(
        out["stored"],
        json!({"inserted": 3, "updated": 0, "unchanged": 0})
    );
    let reject = out["rejects"][0].as_str().unwrap();
    assert!(
        reject.starts_with("batch.jsonl:4 (record 4): field `office`"),
        "{reject}"
    );
    let findings = out["findings"].as_array().unwrap();
    let pairs: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["finding"]["filing_id"].as_str().unwrap(),
                f["finding"]["target_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(pairs.contains(&("CN:1", "W-muji")), "{pairs:?}");
    assert!(pairs.contains(&("CN:2", "W-kobe")), "{pairs:?}");
    assert!(!pairs.iter().any(|p| p.0 == "CN:3"), "{pairs:?}");
    assert!(findings
        .iter()
        .all(|f| f["new_alert"] == true && f["watchlist_id"] == list));
    assert_eq!(out["new_alerts"], findings.len());

    let alerts = get(&app, "/api/alerts", Some(TOKEN)).await.json();
    let alerts = alerts.as_array().unwrap();
    assert_eq!(alerts.len(), findings.len());
    assert!(alerts
        .iter()
        .all(|a| a["state"] == "new" && a["created_at"] == NOW));
    // Most urgent first: CN:1's opposition period is open (published 2025-12-20, closes three
    // months later); CN:2 is not published yet.
    assert_eq!(alerts[0]["filing_id"], "CN:1");
    let opposition = alerts[0]["finding"]["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["action"] == "opposition")
        .expect("an opposition deadline");
    assert_eq!(opposition["state"], "open");
    assert_eq!(opposition["closes"], "2026-03-20");
    assert_eq!(
        opposition["days_left"], 78,
        "counted from the injected clock"
    );
    assert_eq!(alerts[0]["finding"]["target"]["register"], "watch");
    assert_eq!(alerts[0]["finding"]["filing"]["mark"], "无印良品");
    assert!(!alerts[0]["finding"]["grounds"]
        .as_array()
        .unwrap()
        .is_empty());
    let muji = alerts
        .iter()
        .find(|a| a["target_id"] == "W-muji")
        .expect("muji alert");
    let id = muji["id"].as_i64().unwrap();
    assert!(muji["finding"]["explanation"]["children"].is_array());

    // Review: who (the token's name) and when (the injected clock).
    let r = post_json(
        &app,
        &format!("/api/alerts/{id}/review"),
        json!({"state": "to_oppose"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    assert_eq!(v["state"], "to_oppose");
    assert_eq!(v["reviewed_by"], "alice");
    assert_eq!(v["reviewed_at"], NOW);
    assert_eq!(
        v["reviews"],
        json!([{"state": "to_oppose", "by": "alice", "at": NOW}])
    );
    let only = get(&app, "/api/alerts?state=to_oppose", Some(TOKEN))
        .await
        .json();
    assert_eq!(only.as_array().unwrap().len(), 1);

    // Re-screening the same batch raises nothing new and keeps the review.
    let again = screen(&app, BATCH).await;
    assert_eq!(again["new_alerts"], 0);
    assert_eq!(again["stored"]["unchanged"], 3);
    assert!(again["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["new_alert"] == false && f["alert_id"].is_null()));
    let after = get(&app, "/api/alerts", Some(TOKEN)).await.json();
    assert_eq!(after.as_array().unwrap().len(), alerts.len());
    let detail = get(&app, &format!("/api/alerts/{id}"), Some(TOKEN))
        .await
        .json();
    assert_eq!(detail["state"], "to_oppose");

    // Bad review requests.
    post_json(
        &app,
        &format!("/api/alerts/{id}/review"),
        json!({"state": "maybe"}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "invalid_input");
    post_json(
        &app,
        "/api/alerts/999999/review",
        json!({"state": "dismissed"}),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "not_found");
    call(
        &app,
        Method::POST,
        &format!("/api/alerts/{id}/review"),
        None,
        Some("application/json"),
        json!({"state": "dismissed"}).to_string(),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
}

#[tokio::test]
async fn malformed_requests_get_4xx_json_errors() {
    let app = server();
    // Not JSON.
    let m = call(
        &app,
        Method::POST,
        "/api/watchlists",
        Some(TOKEN),
        Some("application/json"),
        "{not json",
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "invalid_input");
    assert!(m.contains("request body"), "{m}");
    // A watch list with a bad line: the message names the list, the line and the field.
    let bad = "id,kind,names,owner,country,classes\nW1,brand,ABC,Owner,JP,99\n";
    let m = post_json(
        &app,
        "/api/watchlists",
        json!({"name": "bad", "source": bad}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "invalid_input");
    assert!(
        m.contains("\"bad\"") && m.contains(":2") && m.contains("classes"),
        "{m}"
    );
    // Screening before any watch list exists.
    call(&app, Method::POST, "/api/screen", Some(TOKEN), None, BATCH)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_input");
    create_watchlist(&app).await;
    // A batch whose format cannot be told, an unknown format name, an empty batch.
    call(
        &app,
        Method::POST,
        "/api/screen",
        Some(TOKEN),
        None,
        "hello world\n",
    )
    .await
    .assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported");
    call(
        &app,
        Method::POST,
        "/api/screen?format=pdf",
        Some(TOKEN),
        None,
        BATCH,
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "invalid_input");
    call(&app, Method::POST, "/api/screen", Some(TOKEN), None, "  \n")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_input");
    // Search without a query, with a bad class or top, unknown parameter.
    for uri in [
        "/api/search",
        "/api/search?q=%20",
        "/api/search?q=MUJI&class=99",
        "/api/search?q=MUJI&top=0",
        "/api/search?q=MUJI&colour=red",
    ] {
        get(&app, uri, Some(TOKEN))
            .await
            .assert_error(StatusCode::BAD_REQUEST, "invalid_input");
    }
    // Unknown route and method.
    get(&app, "/api/nothing", Some(TOKEN))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    call(
        &app,
        Method::DELETE,
        "/api/alerts",
        Some(TOKEN),
        None,
        Body::empty(),
    )
    .await
    .assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let app = state_with(|s| s.body_limit = 1024);
    create_watchlist(&app).await;
    let big = BATCH.repeat(20);
    assert!(big.len() > 1024);
    call(&app, Method::POST, "/api/screen", Some(TOKEN), None, big)
        .await
        .assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    // Within the limit it works.
    assert_eq!(screen(&app, BATCH).await["screened"], 3);
}

#[tokio::test]
async fn search_finds_the_register_mark_across_scripts_with_its_explanation() {
    let app = server();
    let r = get(
        &app,
        "/api/search?q=%E6%97%A0%E5%8D%B0%E8%89%AF%E5%93%81&top=5&class=24",
        Some(TOKEN),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    assert_eq!(v["query"], "无印良品");
    let top = &v["hits"][0];
    assert_eq!(top["id"], "JP:1");
    assert_eq!(top["name"], "無印良品");
    assert!(top["score"].as_f64().unwrap() > 0.9, "{top}");
    assert!(!top["explanation"]["method"].as_str().unwrap().is_empty());
    let expected = relate(
        &[GoodsClass::bare(NiceClass::new(24).unwrap())],
        &[GoodsClass::bare(NiceClass::new(24).unwrap())],
    );
    assert_eq!(top["goods"]["relation"], expected.relation.as_str());
    assert_eq!(top["goods"]["explanation"], expected.explanation);
    // Without classes there is no goods relation.
    let v = get(&app, "/api/search?q=MUJI", Some(TOKEN)).await.json();
    assert_eq!(v["hits"][0]["id"], "JP:1");
    assert!(v["hits"][0]["goods"].is_null());

    // Shards of one register answer as one: each mark found in its own shard.
    let shard = |id: &str, name: &str| {
        let mut b = IndexBuilder::new(Normalizer::global());
        b.add(Entry {
            id: id.into(),
            names: vec![name.into()],
            classes: Vec::new(),
            language: None,
        });
        in_memory(&b).unwrap()
    };
    let sharded = state_with(|s| {
        s.register = Some(Register::from_shards(vec![
            shard("JP:1", "無印良品"),
            shard("CN:7", "无印良品"),
        ]))
    });
    let v = get(
        &sharded,
        "/api/search?q=%E6%97%A0%E5%8D%B0%E8%89%AF%E5%93%81&top=5",
        Some(TOKEN),
    )
    .await
    .json();
    let hits = v["hits"].as_array().unwrap();
    let found: Vec<(&str, &str)> = hits
        .iter()
        .map(|h| (h["id"].as_str().unwrap(), h["name"].as_str().unwrap()))
        .collect();
    assert!(found.contains(&("JP:1", "無印良品")), "{v}");
    assert!(found.contains(&("CN:7", "无印良品")), "{v}");

    let none = state_with(|s| s.register = None);
    get(&none, "/api/search?q=MUJI", Some(TOKEN))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let app = server();
    let r = get(&app, "/api/openapi.json", None).await;
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for (path, methods) in [
        ("/api/search", &["get"][..]),
        ("/api/screen", &["post"]),
        ("/api/watchlists", &["get", "post"]),
        ("/api/watchlists/{id}", &["get", "put", "delete"]),
        ("/api/alerts", &["get"]),
        ("/api/alerts/{id}", &["get"]),
        ("/api/alerts/{id}/review", &["post"]),
        ("/api/alerts/{id}/report", &["get"]),
        ("/api/alerts.csv", &["get"]),
        ("/api/openapi.json", &["get"]),
        ("/api/applicants/{name}", &["get"]),
    ] {
        for m in methods {
            assert!(
                doc["paths"][path][m].is_object(),
                "{m} {path} is not documented"
            );
        }
    }
    // Every documented path answers something other than "no such route".
    for path in doc["paths"].as_object().unwrap().keys() {
        let uri = path.replace("{id}", "1").replace("{name}", "x");
        let r = get(&app, &uri, Some(TOKEN)).await;
        // Reports and CSV are not JSON; errors always are.
        let code = serde_json::from_str::<Value>(&r.body)
            .ok()
            .and_then(|v| v.get("code").cloned())
            .unwrap_or(Value::Null);
        assert!(
            !(r.status == StatusCode::NOT_FOUND && r.body.contains("no such route")),
            "{path}: {code}"
        );
    }
}

#[tokio::test]
async fn applicant_profiles_come_from_the_database_records() {
    use markwatch_core::{Office, Party, Record};
    let app = state_with(|s| {
        let mut a = Record::new("CN:10", Office::CN, "无印良品");
        a.applicants.push(Party::named("海南良品贸易有限公司"));
        let mut b = Record::new("CN:11", Office::CN, "MUJI");
        b.applicants.push(Party::named("海南良品贸易有限公司"));
        let c = Record::new("CN:12", Office::CN, "晴空");
        s.store.lock().unwrap().upsert_batch(&[a, b, c], 1).unwrap();
    });
    // Traditional characters find the group filed in simplified ones.
    let r = get(
        &app,
        "/api/applicants/%E6%B5%B7%E5%8D%97%E8%89%AF%E5%93%81%E8%B2%BF%E6%98%93%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8",
        Some(TOKEN),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    let filings: Vec<&str> = v["profile"]["filings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(filings.len(), 2, "{filings:?}");
    assert!(filings.contains(&"CN:10") && filings.contains(&"CN:11"));
    assert_eq!(v["group_id"], v["profile"]["group_id"]);
    get(&app, "/api/applicants/Nobody%20Ltd", Some(TOKEN))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    get(&app, "/api/applicants/x", None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
}

/// A filing whose mark carries markup, to check that reports escape both marks.
const MARKUP_BATCH: &str = concat!(
    r#"{"id":"CN:7","office":"CN","mark":"MUJI <b>&","classes":[24],"status":"filed"}"#,
    "\n",
);

const MARKUP_WATCH_CSV: &str = "id,kind,names,owner,country,classes\n\
W-tag,brand,MUJI <i>,Ryohin Keikaku,JP,24\n";

/// The alert ids of `screen`'s answer, by filing id.
fn alert_of(v: &Value, filing: &str) -> i64 {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["finding"]["filing_id"] == filing)
        .unwrap_or_else(|| panic!("no finding for {filing}: {v}"))["alert_id"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn issue8_alert_report_is_the_evidence_page_with_both_marks_escaped() {
    let app = server();
    create_watchlist(&app).await;
    let r = post_json(
        &app,
        "/api/watchlists",
        json!({"name": "tags", "source": MARKUP_WATCH_CSV}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = screen(&app, BATCH).await;
    let muji = alert_of(&v, "CN:1");
    let v = screen(&app, MARKUP_BATCH).await;
    let tagged = alert_of(&v, "CN:7");

    // Reads need a token.
    get(&app, &format!("/api/alerts/{muji}/report"), None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");

    let r = get(&app, &format!("/api/alerts/{muji}/report"), Some(TOKEN)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.starts_with("<!DOCTYPE html>"), "{}", r.body);
    assert!(r.body.contains("无印良品"), "the filing's mark: {}", r.body);
    assert!(r.body.contains("無印良品"), "the target's mark: {}", r.body);
    assert!(r.body.contains("CN:1") && r.body.contains("W-muji"));
    // Self-contained: nothing loaded from elsewhere.
    assert!(!r.body.contains("<script"), "{}", r.body);
    assert!(!r.body.contains("src=\"http"), "{}", r.body);
    // Served alone: no link to a summary page that the server does not have.
    assert!(!r.body.contains("index.html"), "{}", r.body);

    let r = get(&app, &format!("/api/alerts/{tagged}/report"), Some(TOKEN)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("MUJI &lt;b&gt;&amp;"), "{}", r.body);
    assert!(r.body.contains("MUJI &lt;i&gt;"), "{}", r.body);
    assert!(!r.body.contains("<b>&") && !r.body.contains("MUJI <i>"));

    get(&app, "/api/alerts/999/report", Some(TOKEN))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    get(&app, "/api/alerts/abc/report", Some(TOKEN))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_input");
}

#[tokio::test]
async fn issue8_alerts_csv_has_the_report_columns_and_one_row_per_alert() {
    let app = server();
    create_watchlist(&app).await;
    let v = screen(&app, BATCH).await;
    let muji = alert_of(&v, "CN:1");
    get(&app, "/api/alerts.csv", None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");

    let rows = |body: &str| -> Vec<Vec<String>> {
        csv::Reader::from_reader(body.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    };
    let r = get(&app, "/api/alerts.csv", Some(TOKEN)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let header: Vec<&str> = r.body.lines().next().unwrap().split(',').collect();
    assert_eq!(header, markwatch::report::csv::HEADER);
    let alerts = get(&app, "/api/alerts", Some(TOKEN)).await.json();
    let alerts = alerts.as_array().unwrap();
    let all = rows(&r.body);
    assert_eq!(all.len(), alerts.len(), "{}", r.body);
    // Same order as the JSON listing: filing and target of each alert.
    for (row, alert) in all.iter().zip(alerts) {
        assert_eq!(row[0], alert["filing_id"].as_str().unwrap());
        assert_eq!(row[5], alert["target_id"].as_str().unwrap());
        assert_eq!(row[7], format!("{:.3}", alert["score"].as_f64().unwrap()));
    }
    let muji_row = all.iter().find(|r| r[0] == "CN:1").expect("CN:1 row");
    assert_eq!(muji_row[1], "无印良品");
    assert_eq!(muji_row[2], "CN");
    assert!(muji_row[6].contains("無印良品"), "{muji_row:?}");

    // The state filter selects rows like GET /api/alerts?state=.
    let r = post_json(
        &app,
        &format!("/api/alerts/{muji}/review"),
        json!({"state": "dismissed"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let dismissed = rows(
        &get(&app, "/api/alerts.csv?state=dismissed", Some(TOKEN))
            .await
            .body,
    );
    assert_eq!(dismissed.len(), 1);
    assert_eq!(dismissed[0][0], "CN:1");
    let new = rows(
        &get(&app, "/api/alerts.csv?state=new", Some(TOKEN))
            .await
            .body,
    );
    assert_eq!(new.len(), all.len() - 1);
    get(&app, "/api/alerts.csv?state=maybe", Some(TOKEN))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_input");
}
