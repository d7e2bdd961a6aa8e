//! `markwatch token create` and `markwatch serve` as processes: the binary on a free loopback
//! port, spoken to over plain HTTP/1.1, stopped with SIGTERM.

use std::path::Path;
use std::process::Command;

mod common;
use common::http::request;
use common::{create_token, hit_ids, serve, Server};

/// Starts `markwatch serve` on port 0 and returns it with the address it printed and its log.
fn start(db: &Path, extra: &[&str]) -> (Server, String, std::thread::JoinHandle<String>) {
    let extra: Vec<&std::ffi::OsStr> = extra.iter().map(std::ffi::OsStr::new).collect();
    serve(db, &extra)
}

#[test]
fn serve_answers_on_loopback_with_tokens_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mw.db");
    let records = dir.path().join("register.jsonl");
    std::fs::write(
        &records,
        "{\"id\":\"JP:1\",\"office\":\"JP\",\"mark\":\"無印良品\",\"classes\":[24]}\n",
    )
    .unwrap();
    let out = common::run(&[
        "ingest",
        records.to_str().expect("a UTF-8 path"),
        "--db",
        db.to_str().expect("a UTF-8 path"),
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let token = create_token(&db, "carol");

    let (mut server, addr, log) = start(&db, &[]);
    let (status, body) = request(&addr, "GET", "/api/watchlists", None, "");
    assert_eq!(status, 401, "{body}");
    assert!(body.contains("\"unauthorized\""), "{body}");
    let (status, body) = request(&addr, "GET", "/api/watchlists", Some(&token), "");
    assert_eq!((status, body.as_str()), (200, "[]"));
    // The register is the database's records, indexed at start-up.
    let (status, body) = request(
        &addr,
        "GET",
        "/api/search?q=%E6%97%A0%E5%8D%B0%E8%89%AF%E5%93%81",
        Some(&token),
        "",
    );
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["hits"][0]["id"], "JP:1");
    assert_eq!(v["hits"][0]["name"], "無印良品");
    let (status, body) = request(&addr, "GET", "/", None, "");
    assert_eq!(status, 200);
    assert!(body.contains("markwatch"));

    // SIGTERM: a graceful shutdown and a zero exit.
    let pid = server.0.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let status = server.0.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let log = log.join().unwrap();
    assert!(log.contains("GET /api/search 200"), "{log}");
    assert!(log.contains("shutting down"), "{log}");
    assert!(!log.contains(&token), "the token must never be logged");
}

#[test]
fn public_read_lets_reads_through_but_not_writes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mw.db");
    let token = create_token(&db, "dave");
    let (_server, addr, _log) = start(&db, &["--public-read"]);
    assert_eq!(request(&addr, "GET", "/api/alerts", None, "").0, 200);
    let list = r#"{"name":"b","source":"id,kind,names,owner,country,classes\nW1,brand,MUJI,Ryohin,JP,\n"}"#;
    assert_eq!(request(&addr, "POST", "/api/watchlists", None, list).0, 401);
    let (status, body) = request(&addr, "POST", "/api/watchlists", Some(&token), list);
    assert_eq!(status, 201, "{body}");
    // The docketing CSV and the reports are reads too; no alert yet: the header row alone.
    let (status, body) = request(&addr, "GET", "/api/alerts.csv", None, "");
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        format!("{}\n", markwatch::report::csv::HEADER.join(","))
    );
    let (status, body) = request(&addr, "GET", "/api/alerts/1/report", None, "");
    assert_eq!(status, 404, "{body}");
    assert!(body.contains("\"not_found\""), "{body}");
    // No register: search is a 404 with a JSON error, not a failure.
    let (status, body) = request(&addr, "GET", "/api/search?q=MUJI", None, "");
    assert_eq!(status, 404, "{body}");
    assert!(body.contains("\"not_found\""), "{body}");
}

#[test]
fn serve_searches_the_shards_of_one_register_together() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mw.db");
    let records = dir.path().join("register.jsonl");
    std::fs::write(
        &records,
        concat!(
            "{\"id\":\"JP:1\",\"office\":\"JP\",\"mark\":\"無印良品\",\"classes\":[24]}\n",
            "{\"id\":\"CN:2\",\"office\":\"CN\",\"mark\":\"康师傅\",\"classes\":[30]}\n",
            "{\"id\":\"CN:3\",\"office\":\"CN\",\"mark\":\"无印良品\",\"classes\":[24]}\n",
        ),
    )
    .unwrap();
    let out_path = dir.path().join("register.idx");
    let out = common::run(&[
        "index",
        records.to_str().expect("a UTF-8 path"),
        "--out",
        out_path.to_str().expect("a UTF-8 path"),
        "--shard-size",
        "2",
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let shard = |n: u32| dir.path().join(format!("register.{n}.idx"));
    let (s1, s2) = (shard(1), shard(2));
    let token = create_token(&db, "erin");
    let args = [
        "--register",
        s1.to_str().unwrap(),
        "--register",
        s2.to_str().unwrap(),
    ];
    let (_server, addr, log) = start(&db, &args);
    // 無印良品 is in shard 1, 无印良品 in shard 2: one answer holds both.
    let (status, body) = request(
        &addr,
        "GET",
        "/api/search?q=%E7%84%A1%E5%8D%B0%E8%89%AF%E5%93%81&top=3",
        Some(&token),
        "",
    );
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let ids = hit_ids(&v);
    assert_eq!(ids[..2], ["JP:1", "CN:3"], "{body}");
    drop(_server);
    let log = log.join().unwrap();
    assert!(log.contains("register of 3 marks in 2 shard(s)"), "{log}");
}

#[test]
fn serve_names_each_rejected_register_record_and_serves_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mw.db");
    let records = dir.path().join("register.jsonl");
    std::fs::write(
        &records,
        concat!(
            "{\"id\":\"JP:1\",\"office\":\"JP\",\"mark\":\"無印良品\",\"classes\":[24]}\n",
            "{\"id\":\"CN:2\",\"mark\":\"康师傅\",\"classes\":[30]}\n",
        ),
    )
    .unwrap();
    let token = create_token(&db, "erin");
    let (_server, addr, log) = start(&db, &["--register", records.to_str().unwrap()]);
    let (status, body) = request(
        &addr,
        "GET",
        "/api/search?q=%E6%97%A0%E5%8D%B0%E8%89%AF%E5%93%81&top=3",
        Some(&token),
        "",
    );
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(hit_ids(&v), ["JP:1"], "{body}");
    drop(_server);
    let log = log.join().unwrap();
    assert!(
        log.contains("skipped: ") && log.contains("register.jsonl:2 (record 2): field `office`"),
        "{log}"
    );
    assert!(
        log.contains("1 records of the register files rejected"),
        "{log}"
    );
    assert!(log.contains("register of 1 marks in 1 shard(s)"), "{log}");
}
