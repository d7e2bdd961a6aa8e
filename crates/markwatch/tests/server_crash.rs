//! Issue 9, crash safety of `markwatch serve`: the binary on a loopback port is sent a stream
//! of writes (watch-list creates, replaces and deletes, screened batches, reviews) from a
//! client thread and killed with SIGKILL at a seeded random moment, several rounds over one
//! database. After each kill the database must pass `PRAGMA integrity_check`, hold every write
//! that was answered 2xx, hold nothing half-written, and the server must restart on it.
//!
//! The one write in flight at the kill may or may not be there; if it is there it is whole
//! (a screen's records and alerts are stored in one transaction). An unanswered screen is
//! meant to be sent again: the test resends it after the restart and checks that the retry
//! completes it without a duplicate.
//!
//! The same for the gazette inbox: the server is killed while it screens the files dropped in
//! its `--gazette-dir`, restarted until every file is done, and then holds every alert that
//! `markwatch screen --watch` finds in those files, each exactly once.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use markwatch::server::{SystemClock, WallClock};
use markwatch_store::Store;
use serde_json::{json, Value};

/// Rounds of start, write, kill, check. Each round kills at a different seeded moment.
const ROUNDS: u64 = 6;
const SEED: u64 = 0x9E37_79B9_7F4A_7C15;

mod common;
use common::{Rng, Server};

fn create_token(db: &Path) -> String {
    common::create_token(db, "crash")
}

/// Starts `markwatch serve` on port 0 over `db`; returns it with the address it printed.
fn start(db: &Path) -> (Server, String) {
    start_with(db, &[])
}

fn start_with(db: &Path, extra: &[&std::ffi::OsStr]) -> (Server, String) {
    let (server, addr, _log) = common::serve(db, extra);
    (server, addr)
}

/// One HTTP/1.1 request. `Ok((status, body))` only for a complete answer (the whole body its
/// Content-Length announced); any failure to connect, send or read is `Err`.
fn request(
    addr: &str,
    method: &str,
    path: &str,
    token: &str,
    body: &str,
) -> Result<(u16, String), String> {
    let mut s = TcpStream::connect(addr).map_err(|e| format!("connect: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(60)))
        .map_err(|e| e.to_string())?;
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| format!("send: {e}"))?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).map_err(|e| format!("read: {e}"))?;
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| format!("an incomplete answer: {text:?}"))?;
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("not HTTP: {text:?}"))?;
    let length = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse::<usize>().ok())?
        })
        .ok_or_else(|| format!("no Content-Length: {head:?}"))?;
    if body.len() != length {
        return Err(format!("a cut answer: {} of {length} bytes", body.len()));
    }
    Ok((status, body.to_string()))
}

// ---- what the client sends -----------------------------------------------------------------

/// Watch-list rows the lists are drawn from (target id, CSV row).
const TARGETS: &[&str] = &[
    "W-muji,brand,無印良品|MUJI,Ryohin Keikaku,JP,24",
    "W-kobe,gi,神戸ビーフ|神戸牛|Kobe Beef,Kobe Beef Marketing Association,JP,29",
    "W-shiseido,brand,資生堂|SHISEIDO,Shiseido,JP,3",
    "W-uji,gi,宇治茶|Uji Tea,Kyoto Tea Association,JP,30",
];

/// Filing marks a batch is drawn from (mark, class): copies of the targets and unrelated ones.
const FILINGS: &[(&str, u8)] = &[
    ("无印良品", 24),
    ("神户牛", 29),
    ("资生堂", 3),
    ("宇治茶", 30),
    ("晴空万里", 30),
    ("青山绿水", 25),
];

const STATES: &[&str] = &["new", "dismissed", "to_oppose", "opposed"];

/// A write, as sent.
#[derive(Debug, Clone)]
enum Op {
    Create {
        name: String,
        source: String,
    },
    Replace {
        id: i64,
        name: String,
        source: String,
    },
    Delete {
        id: i64,
    },
    Screen {
        ids: Vec<String>,
        batch: String,
    },
    Review {
        alert: i64,
        state: &'static str,
    },
}

/// Everything the server acknowledged, over all rounds.
#[derive(Debug, Default)]
struct Acked {
    /// Watch list id → (name, source); `None` once a delete was acknowledged.
    lists: BTreeMap<i64, Option<(String, String)>>,
    /// Record ids of acknowledged screens.
    records: BTreeSet<String>,
    /// Alert id → (watch list id, acknowledged review states in order).
    alerts: BTreeMap<i64, (i64, Vec<&'static str>)>,
    /// Acknowledged writes, by kind.
    counts: BTreeMap<&'static str, u64>,
}

impl Acked {
    fn live_lists(&self) -> Vec<i64> {
        self.lists
            .iter()
            .filter(|(_, v)| v.is_some())
            .map(|(k, _)| *k)
            .collect()
    }
    fn live_alerts(&self) -> Vec<i64> {
        self.alerts
            .iter()
            .filter(|(_, (list, _))| matches!(self.lists.get(list), Some(Some(_))))
            .map(|(k, _)| *k)
            .collect()
    }
}

fn watch_source(rng: &mut Rng) -> String {
    let mut s = String::from("id,kind,names,owner,country,classes\n");
    let first = rng.below(TARGETS.len());
    for i in 0..=rng.below(TARGETS.len()) {
        s.push_str(TARGETS[(first + i) % TARGETS.len()]);
        s.push('\n');
    }
    s
}

/// The next write: mostly screens and reviews, some list edits, a rare delete.
fn next_op(rng: &mut Rng, acked: &Acked, round: u64, n: u64) -> Op {
    let lists = acked.live_lists();
    let alerts = acked.live_alerts();
    let roll = rng.below(100);
    if lists.is_empty() || roll < 10 {
        return Op::Create {
            name: format!("list {round}.{n}"),
            source: watch_source(rng),
        };
    }
    if roll < 20 {
        return Op::Replace {
            id: lists[rng.below(lists.len())],
            name: format!("list {round}.{n} (replaced)"),
            source: watch_source(rng),
        };
    }
    if roll < 30 && lists.len() > 1 {
        return Op::Delete {
            id: lists[rng.below(lists.len())],
        };
    }
    if roll < 60 && !alerts.is_empty() {
        return Op::Review {
            alert: alerts[rng.below(alerts.len())],
            state: STATES[rng.below(STATES.len())],
        };
    }
    let mut ids = Vec::new();
    let mut batch = String::new();
    for j in 0..=rng.below(4) {
        let (mark, class) = FILINGS[rng.below(FILINGS.len())];
        let id = format!("CN:{round}-{n}-{j}");
        batch.push_str(
            &json!({"id": id, "office": "CN", "mark": mark, "classes": [class]}).to_string(),
        );
        batch.push('\n');
        ids.push(id);
    }
    Op::Screen { ids, batch }
}

fn list_body(name: &str, source: &str) -> String {
    json!({"name": name, "source": source}).to_string()
}

/// Sends `op`. `Ok(Some(answer))` if it was acknowledged with a 2xx, `Ok(None)` if the server
/// did not answer (it was killed), `Err` for an answer that is not 2xx.
fn send(addr: &str, token: &str, op: &Op) -> Result<Option<Value>, String> {
    let (method, path, body) = match op {
        Op::Create { name, source } => ("POST", "/api/watchlists".into(), list_body(name, source)),
        Op::Replace { id, name, source } => (
            "PUT",
            format!("/api/watchlists/{id}"),
            list_body(name, source),
        ),
        Op::Delete { id } => ("DELETE", format!("/api/watchlists/{id}"), String::new()),
        Op::Screen { batch, .. } => ("POST", "/api/screen?format=jsonl".into(), batch.clone()),
        Op::Review { alert, state } => (
            "POST",
            format!("/api/alerts/{alert}/review"),
            json!({ "state": state }).to_string(),
        ),
    };
    match request(addr, method, &path, token, &body) {
        Err(_) => Ok(None),
        Ok((status, body)) if (200..300).contains(&status) => {
            let v = if body.is_empty() {
                Value::Null
            } else {
                serde_json::from_str(&body).map_err(|e| format!("{op:?}: {e}: {body}"))?
            };
            Ok(Some(v))
        }
        Ok((status, body)) => Err(format!("{op:?}: {status} {body}")),
    }
}

/// Folds an acknowledged write into the model.
fn record_ack(acked: &mut Acked, op: &Op, answer: &Value) {
    let kind = match op {
        Op::Create { name, source } => {
            let id = answer["id"].as_i64().expect("a created list has an id");
            acked.lists.insert(id, Some((name.clone(), source.clone())));
            "watch-list create"
        }
        Op::Replace { id, name, source } => {
            acked
                .lists
                .insert(*id, Some((name.clone(), source.clone())));
            "watch-list replace"
        }
        Op::Delete { id } => {
            acked.lists.insert(*id, None);
            // Its alerts go with it (and SQLite may hand their ids, and the list's, to new rows).
            acked.alerts.retain(|_, (list, _)| list != id);
            "watch-list delete"
        }
        Op::Screen { ids, .. } => {
            acked.records.extend(ids.iter().cloned());
            for f in answer["findings"].as_array().expect("findings") {
                if let (Some(alert), Some(list)) =
                    (f["alert_id"].as_i64(), f["watchlist_id"].as_i64())
                {
                    acked.alerts.insert(alert, (list, Vec::new()));
                }
            }
            "screen"
        }
        Op::Review { alert, state } => {
            if let Some((_, states)) = acked.alerts.get_mut(alert) {
                states.push(state);
            }
            "review"
        }
    };
    *acked.counts.entry(kind).or_default() += 1;
}

/// Writes until the server stops answering; returns the model and the write left unanswered.
fn client(
    addr: String,
    token: String,
    mut acked: Acked,
    mut rng: Rng,
    round: u64,
) -> (Acked, Option<Op>) {
    for n in 0.. {
        let op = next_op(&mut rng, &acked, round, n);
        match send(&addr, &token, &op) {
            Ok(Some(answer)) => record_ack(&mut acked, &op, &answer),
            Ok(None) => return (acked, Some(op)),
            Err(e) => panic!("round {round}: a write was refused while the server ran: {e}"),
        }
    }
    unreachable!()
}

// ---- the checks ------------------------------------------------------------------------------

/// Checks the database after a kill against what was acknowledged; `inflight` may or may
/// not have been applied, but only whole.
fn check(db: &Path, acked: &Acked, inflight: Option<&Op>, round: u64) {
    let store = Store::open(db).unwrap();
    store.integrity_check().unwrap();
    let ctx = format!("round {round}, in flight {inflight:?}");

    // Watch lists: each acknowledged one as last acknowledged, or as the write in flight left it.
    let rows: BTreeMap<i64, (String, String, String)> = store
        .watchlists()
        .unwrap()
        .into_iter()
        .map(|r| (r.id, (r.name, r.source, r.entries_json)))
        .collect();
    for (id, want) in &acked.lists {
        let got = rows.get(id).map(|(n, s, _)| (n.clone(), s.clone()));
        let mut allowed = vec![want.clone()];
        match inflight {
            Some(Op::Replace {
                id: i,
                name,
                source,
            }) if i == id => allowed.push(Some((name.clone(), source.clone()))),
            Some(Op::Delete { id: i }) if i == id => allowed.push(None),
            _ => {}
        }
        assert!(
            allowed.contains(&got),
            "{ctx}: watch list {id} is {got:?}, expected one of {allowed:?}"
        );
    }
    let unknown: Vec<_> = rows
        .iter()
        .filter(|(id, _)| !acked.lists.contains_key(id))
        .collect();
    match (inflight, unknown.as_slice()) {
        (_, []) => {}
        (Some(Op::Create { name, source }), [(_, (n, s, _))]) => {
            assert_eq!((n, s), (name, source), "{ctx}")
        }
        _ => panic!("{ctx}: watch lists nobody created: {unknown:?}"),
    }
    for (id, (_, source, entries)) in &rows {
        let entries: Vec<Value> = serde_json::from_str(entries)
            .unwrap_or_else(|e| panic!("{ctx}: watch list {id} entries: {e}"));
        assert_eq!(
            entries.len(),
            source.lines().count() - 1,
            "{ctx}: watch list {id} is half-written"
        );
    }

    // Records: every acknowledged batch whole; the batch in flight all or nothing.
    for id in &acked.records {
        assert!(store.get(id).unwrap().is_some(), "{ctx}: record {id} lost");
    }
    if let Some(Op::Screen { ids, .. }) = inflight {
        let present = ids
            .iter()
            .filter(|id| store.get(id).unwrap().is_some())
            .count();
        assert!(
            present == 0 || present == ids.len(),
            "{ctx}: {present} of {} records of one batch stored",
            ids.len()
        );
    }

    // Alerts: unique, each on a live list and a stored filing; acknowledged ones present with
    // their acknowledged reviews.
    let alerts = store.alerts().unwrap();
    let mut keys = BTreeSet::new();
    for a in &alerts {
        assert!(
            keys.insert((a.watchlist_id, a.filing_id.clone(), a.target_id.clone())),
            "{ctx}: alert {} duplicates another",
            a.id
        );
        assert!(rows.contains_key(&a.watchlist_id), "{ctx}: {a:?}");
        assert!(
            store.get(&a.filing_id).unwrap().is_some(),
            "{ctx}: alert {} on a filing not stored",
            a.id
        );
        let reviews = store.alert_reviews(a.id).unwrap();
        assert_eq!(
            reviews.last().map_or("new", |r| r.state.as_str()),
            a.state,
            "{ctx}: alert {} state and history disagree",
            a.id
        );
    }
    let by_id: BTreeMap<i64, &markwatch_store::AlertRow> =
        alerts.iter().map(|a| (a.id, a)).collect();
    for (id, (list, states)) in &acked.alerts {
        let list_live = matches!(acked.lists.get(list), Some(Some(_)));
        let list_deleting = matches!(inflight, Some(Op::Delete { id: i }) if i == list);
        let Some(row) = by_id.get(id) else {
            assert!(!list_live || list_deleting, "{ctx}: alert {id} lost");
            continue;
        };
        assert!(list_live, "{ctx}: alert {id} outlived its deleted list");
        let history: Vec<String> = store
            .alert_reviews(*id)
            .unwrap()
            .into_iter()
            .map(|r| r.state)
            .collect();
        let mut allowed = vec![states.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
        if let Some(Op::Review { alert, state }) = inflight {
            if alert == id {
                let mut more = allowed[0].clone();
                more.push(state.to_string());
                allowed.push(more);
            }
        }
        assert!(
            allowed.contains(&history),
            "{ctx}: alert {id} has reviews {history:?}, expected one of {allowed:?}"
        );
        assert_eq!(
            row.state,
            history.last().map_or("new", String::as_str),
            "{ctx}"
        );
    }
}

/// Folds the write left in flight into the model if the kill let it through (a screen is sent
/// again, as a client that got no answer would).
fn reconcile(db: &Path, acked: &mut Acked, inflight: Option<Op>, addr: &str, token: &str) {
    let store = Store::open_read_only(db).unwrap();
    match &inflight {
        None => {}
        Some(op @ Op::Screen { .. }) => {
            let answer = send(addr, token, op)
                .unwrap()
                .expect("the retried screen is answered");
            record_ack(acked, op, &answer);
        }
        Some(Op::Create { name, .. }) => {
            for row in store.watchlists().unwrap() {
                if !acked.lists.contains_key(&row.id) && &row.name == name {
                    acked.lists.insert(row.id, Some((row.name, row.source)));
                }
            }
        }
        Some(Op::Replace { id, .. }) | Some(Op::Delete { id }) => {
            let row = store.watchlist(*id).unwrap();
            if row.is_none() {
                acked.alerts.retain(|_, (list, _)| list != id);
            }
            acked.lists.insert(*id, row.map(|r| (r.name, r.source)));
        }
        Some(Op::Review { alert, state }) => {
            let n = store.alert_reviews(*alert).unwrap().len();
            if let Some((_, states)) = acked.alerts.get_mut(alert) {
                if n > states.len() {
                    states.push(state);
                }
            }
        }
    }
}

#[test]
fn issue9_server_killed_mid_request_keeps_every_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let token = create_token(&db);
    let mut acked = Acked::default();
    let mut rng = Rng::new(SEED);
    let mut cut = 0;
    let (mut server, mut addr) = start(&db);
    for round in 0..ROUNDS {
        // The kill comes 20 to 400 ms into the stream of writes.
        let delay = Duration::from_millis(20 + rng.below(380) as u64);
        let client_rng = Rng::new(rng.next());
        let (a, t) = (addr.clone(), token.clone());
        let writer = std::thread::spawn(move || client(a, t, acked, client_rng, round));
        std::thread::sleep(delay);
        server.0.kill().unwrap(); // SIGKILL on Unix
        server.0.wait().unwrap();
        let (model, inflight) = writer.join().expect("the client thread");
        acked = model;
        cut += u64::from(inflight.is_some());
        check(&db, &acked, inflight.as_ref(), round);

        // The server restarts on the database and serves what it holds.
        (server, addr) = start(&db);
        reconcile(&db, &mut acked, inflight, &addr, &token);
        check(&db, &acked, None, round);
        let (status, body) = request(&addr, "GET", "/api/watchlists", &token, "").unwrap();
        assert_eq!(status, 200, "{body}");
        let served: Vec<Value> = serde_json::from_str(&body).unwrap();
        assert_eq!(served.len(), acked.live_lists().len(), "round {round}");
        let (status, body) = request(&addr, "GET", "/api/alerts", &token, "").unwrap();
        assert_eq!(status, 200, "{body}");
        let served: Vec<Value> = serde_json::from_str(&body).unwrap();
        let stored = Store::open_read_only(&db).unwrap().alerts().unwrap().len();
        assert_eq!(served.len(), stored, "round {round}");
    }
    eprintln!(
        "{ROUNDS} kills, {cut} with a write in flight; acknowledged writes: {:?}",
        acked.counts
    );
    // Reviews and deletes depend on how far each round got before its kill: reported, not
    // required.
    for kind in ["watch-list create", "screen"] {
        assert!(
            acked.counts.get(kind).copied().unwrap_or(0) > 0,
            "no {kind} was acknowledged: {:?}",
            acked.counts
        );
    }
}

// ---- the gazette inbox -----------------------------------------------------------------------

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");

/// The (filing, target) pairs `markwatch screen --watch` finds in `files`, with their counts.
fn offline_findings(watch: &Path, files: &[std::path::PathBuf]) -> BTreeMap<(String, String), u32> {
    // The server's clock: its UTC date is the server's "today".
    let now = SystemClock.unix_seconds();
    let today = chrono::DateTime::from_timestamp(now, 0)
        .unwrap()
        .date_naive()
        .to_string();
    let watch = watch.to_str().expect("a UTF-8 path");
    let mut args = vec![
        "screen", "--format", "jsonl", "--today", &today, "--watch", watch,
    ];
    args.extend(files.iter().map(|f| f.to_str().expect("a UTF-8 path")));
    let out = common::run(&args);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let mut found = BTreeMap::new();
    for line in common::stdout_utf8(&out).lines() {
        let f: Value = serde_json::from_str(line).unwrap();
        let key = (
            f["filing_id"].as_str().unwrap().to_string(),
            f["target_id"].as_str().unwrap().to_string(),
        );
        *found.entry(key).or_default() += 1;
    }
    found
}

#[test]
fn issue9_server_killed_while_screening_the_gazette_inbox_raises_every_alert_once() {
    const FILES: usize = 8;
    const COPIES: usize = 2;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("inbox.db");
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let token = create_token(&db);
    let watch = Path::new(EXAMPLES).join("watch.csv");
    // The example filings, twice over under new ids: enough work to be killed in.
    let filings = std::fs::read_to_string(Path::new(EXAMPLES).join("filings.jsonl")).unwrap();
    let mut lines = Vec::new();
    for copy in 0..COPIES {
        for l in filings.lines().filter(|l| !l.trim().is_empty()) {
            let mut v: Value = serde_json::from_str(l).unwrap();
            v["id"] = json!(format!("{}-c{copy}", v["id"].as_str().unwrap()));
            lines.push(v.to_string());
        }
    }

    // The watch list, through the API.
    let (server, addr) = start(&db);
    let body = json!({"name": "examples", "source": std::fs::read_to_string(&watch).unwrap()});
    let (status, answer) =
        request(&addr, "POST", "/api/watchlists", &token, &body.to_string()).unwrap();
    assert_eq!(status, 201, "{answer}");
    drop(server);

    // The files, settled (modified a minute ago), in the inbox before the server starts.
    let mut files = Vec::new();
    for (i, chunk) in lines.chunks(lines.len().div_ceil(FILES)).enumerate() {
        let path = inbox.join(format!("gazette-{i}.jsonl"));
        std::fs::write(&path, chunk.join("\n") + "\n").unwrap();
        let f = std::fs::File::options().append(true).open(&path).unwrap();
        let a_minute_ago = SystemClock.unix_seconds() - 60;
        f.set_modified(std::time::UNIX_EPOCH + Duration::from_secs(a_minute_ago as u64))
            .unwrap();
        files.push(path);
    }
    let done = |store: &Store| {
        files
            .iter()
            .filter(|p| {
                let label = p.display().to_string();
                store.gazette_file(&label).unwrap().is_some()
            })
            .count()
    };

    // Kill while the first scan works through the files: once one or two more files are done,
    // after a seeded pause of up to 30 ms, so the kill lands inside the next file.
    let mut rng = Rng::new(SEED ^ 0x6A7E);
    let inbox_arg = [std::ffi::OsStr::new("--gazette-dir"), inbox.as_os_str()];
    let mut kills = Vec::new();
    let mut finished = 0;
    while finished + 2 < files.len() && kills.len() < 10 {
        let (mut server, _) = start_with(&db, &inbox_arg);
        let target = finished + 1 + rng.below(2);
        let deadline = std::time::Instant::now() + Duration::from_secs(300);
        while std::time::Instant::now() < deadline
            && server.0.try_wait().unwrap().is_none()
            && Store::open_read_only(&db).map(|s| done(&s)).unwrap_or(0) < target
        {
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(Duration::from_millis(rng.below(30) as u64));
        server.0.kill().unwrap();
        server.0.wait().unwrap();
        let store = Store::open(&db).unwrap();
        store.integrity_check().unwrap();
        finished = done(&store);
        kills.push(finished);
    }
    assert!(kills.len() >= 3, "files done after each kill: {kills:?}");

    // A last start finishes the inbox (the first scan is at start-up; bounded wait).
    let (server, addr) = start_with(&db, &inbox_arg);
    let deadline = std::time::Instant::now() + Duration::from_secs(300);
    while done(&Store::open_read_only(&db).unwrap()) < files.len() {
        assert!(
            std::time::Instant::now() < deadline,
            "the inbox was not finished"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let (status, body) = request(&addr, "GET", "/api/alerts", &token, "").unwrap();
    assert_eq!(status, 200, "{body}");
    drop(server);
    let served: Vec<Value> = serde_json::from_str(&body).unwrap();
    let mut produced: BTreeMap<(String, String), u32> = BTreeMap::new();
    for a in &served {
        let key = (
            a["filing_id"].as_str().unwrap().to_string(),
            a["target_id"].as_str().unwrap().to_string(),
        );
        *produced.entry(key).or_default() += 1;
    }
    let expected = offline_findings(&watch, &files);
    eprintln!(
        "files done after each kill: {kills:?}; {} alerts expected, {} produced",
        expected.len(),
        served.len()
    );
    assert!(!expected.is_empty());
    assert!(
        produced.values().all(|&n| n == 1),
        "duplicate alerts: {produced:?}"
    );
    assert_eq!(
        produced.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "alerts after {} kills",
        kills.len()
    );
    let store = Store::open(&db).unwrap();
    store.integrity_check().unwrap();
    assert_eq!(store.count().unwrap(), lines.len() as u64, "records lost");
}
