//! `markwatch report`: HTML evidence reports and the docketing CSV, through the binary.
//!
//! The fixture `fixtures/findings/screen.jsonl` follows the findings JSON contract: findings
//! from `screen` on the bundled examples, with the `target` and `filing` objects, and
//! `legal`/`deadlines` computed by the core rules as of [`FIXTURE_TODAY`]
//! (`fixture_agrees_with_core_rules` checks that; run it with `MARKWATCH_BLESS_FIXTURE=1` to
//! rewrite them after a change of the rules tables).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use markwatch_core::rules::{self, GoodsRelation, GroundFinding, MatchFacts, Rules, TargetKind};
use markwatch_core::{FixedClock, Record};
use serde_json::Value;

/// The clock the fixture's deadlines were computed with.
const FIXTURE_TODAY: (i32, u32, u32) = (2025, 11, 15);

mod common;
use common::{run, stderr_utf8 as stderr, stdout_utf8 as stdout};

fn fixture_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/findings/screen.jsonl")
}

fn examples(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
}

fn fixture_values() -> Vec<Value> {
    std::fs::read_to_string(fixture_path())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn write_findings(dir: &Path, findings: &[Value]) -> PathBuf {
    let p = dir.join("findings.jsonl");
    let text: String = findings
        .iter()
        .map(|f| serde_json::to_string(f).unwrap() + "\n")
        .collect();
    std::fs::write(&p, text).unwrap();
    p
}

/// Runs `report FINDINGS --out DIR` and returns DIR, failing the test on a non-zero exit.
fn render(findings: &Path, out: &Path, extra: &[&str]) -> PathBuf {
    let mut args = vec![
        "report",
        findings.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    out.to_path_buf()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The HTML report of the fixture, rendered once per test run (rendering loads the
/// normalizer's tables, which takes seconds in a debug build) into the target's temporary
/// directory, and shared read-only.
fn fixture_report() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_report_fixture");
        if out.exists() {
            std::fs::remove_dir_all(&out).unwrap();
        }
        render(&fixture_path(), &out, &[])
    })
    .clone()
}

/// The grounds and deadlines core computes for a fixture finding.
fn core_view(f: &Value) -> (Vec<GroundFinding>, Vec<rules::Deadline>) {
    let filing: Record = serde_json::from_value(f["filing"].clone()).unwrap();
    let kind = TargetKind::from_register_kind(f["target"]["kind"].as_str().unwrap()).unwrap();
    let mut facts = MatchFacts::for_filing(&filing, kind);
    facts.target_name = f["target"]["names"][0].as_str().unwrap().to_string();
    facts.target_country = f["target"]["country"].as_str().map(|c| c.parse().unwrap());
    let goods = find_method(&f["explanation"], "goods").expect("a goods node");
    let relation = goods["detail"].as_str().unwrap().split(':').next().unwrap();
    facts.goods_relation = relation.parse::<GoodsRelation>().unwrap();
    facts.score = f["score"].as_f64().unwrap() as f32;
    let legal = Rules::builtin().evaluate(&facts);
    let (y, m, d) = FIXTURE_TODAY;
    let clock = FixedClock(chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap());
    let deadlines = rules::deadlines(&filing, &legal, &clock);
    (legal, deadlines)
}

fn find_method<'a>(e: &'a Value, method: &str) -> Option<&'a Value> {
    if e["method"] == method {
        return Some(e);
    }
    e["children"]
        .as_array()?
        .iter()
        .find_map(|c| find_method(c, method))
}

#[test]
fn fixture_agrees_with_core_rules() {
    let mut findings = fixture_values();
    let bless = std::env::var_os("MARKWATCH_BLESS_FIXTURE").is_some();
    for f in &mut findings {
        let (legal, deadlines) = core_view(f);
        let codes: Vec<&str> = legal.iter().map(|g| g.code.as_str()).collect();
        if bless {
            f["grounds"] = serde_json::json!(codes);
            f["legal"] = serde_json::to_value(&legal).unwrap();
            f["deadlines"] = serde_json::to_value(&deadlines).unwrap();
            continue;
        }
        assert_eq!(f["grounds"], serde_json::json!(codes), "{}", f["filing_id"]);
        let got: Vec<GroundFinding> = serde_json::from_value(f["legal"].clone()).unwrap();
        assert_eq!(got, legal, "{}", f["filing_id"]);
        let got: Vec<rules::Deadline> = serde_json::from_value(f["deadlines"].clone()).unwrap();
        assert_eq!(got, deadlines, "{}", f["filing_id"]);
        assert!(!legal.is_empty() && !deadlines.is_empty());
    }
    if bless {
        write_findings(fixture_path().parent().unwrap(), &findings);
        std::fs::rename(
            fixture_path().parent().unwrap().join("findings.jsonl"),
            fixture_path(),
        )
        .unwrap();
    }
}

#[test]
fn html_page_and_index_snapshots() {
    let out = fixture_report();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "CN_75060081--W-imabari.html",
            "CN_76523418--W-koshinokanbai.html",
            "CN_79687292--W-nada.html",
            "index.html"
        ]
    );
    insta::assert_snapshot!(
        "report_page_nada",
        read(&out.join("CN_79687292--W-nada.html"))
    );
    insta::assert_snapshot!("report_index", read(&out.join("index.html")));
}

#[test]
fn page_shows_marks_readings_grounds_deadlines_and_disclaimer() {
    let out = fixture_report();
    let page = read(&out.join("CN_79687292--W-nada.html"));
    // Both marks, each in its language; folded form and readings recomputed.
    assert!(
        page.contains(r#"<span lang="zh-Hans">滩五乡</span>"#),
        "{page}"
    );
    assert!(page.contains(r#"<span lang="ja">灘五郷</span>"#));
    assert!(page.contains("tan.u.san"), "phonetic key");
    assert!(page.contains("<dt>Pinyin</dt><dd>tan wu xiang"), "{page}");
    // Every ground with its article and who may act; deadlines with the holiday note.
    let f = &fixture_values()[0];
    for g in f["legal"].as_array().unwrap() {
        assert!(page.contains(g["code"].as_str().unwrap()));
        assert!(page.contains(&html_escape(g["article"].as_str().unwrap())));
        assert!(page.contains(&html_escape(g["who_may_act"].as_str().unwrap())));
    }
    assert!(
        page.contains(r#"<td class="date">2025-12-29</td>"#),
        "opposition closes"
    );
    assert!(page.contains("holidays and office closures are not modelled"));
    assert!(page.contains("Goods relation: strong: class 33 shared"));
    assert!(page.contains("A screening aid, not a legal opinion."));
    assert!(page.contains("@media print"));
    // The same applicant's other finding in the batch, linked.
    assert!(page.contains(r#"<a href="CN_76523418--W-koshinokanbai.html">W-koshinokanbai</a>"#));
    // Self-contained: no scripts, no external resources.
    assert!(!page.contains("<script"));
    assert!(!page.contains("http://") && !page.contains("https://"));
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn index_sorts_by_urgency_then_score() {
    let dir = tempfile::tempdir().unwrap();
    let mut findings = fixture_values();
    // Lower the score of the nada finding: still ordered by its deadline, not the score.
    findings[0]["score"] = serde_json::json!(0.75);
    let path = write_findings(dir.path(), &findings);
    let out = render(&path, &dir.path().join("out"), &[]);
    let index = read(&out.join("index.html"));
    let pos = |id: &str| index.find(&format!(">{id}</a>")).expect(id);
    // Open oppositions closing 2025-12-21, 2025-12-29 and 2026-01-24.
    assert!(pos("CN:75060081") < pos("CN:79687292"));
    assert!(pos("CN:79687292") < pos("CN:76523418"));
}

#[test]
fn csv_export_snapshot_and_quoting() {
    let o = run(&[
        "report",
        fixture_path().to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    insta::assert_snapshot!("report_csv", text);

    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[0], "filing_id");
    assert_eq!(header[13], "deadlines");
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][0], "CN:75060081");
    assert_eq!(&rows[0][10], "2025-12-21");
    assert!(rows[0][13].starts_with("opposition:2025-12-21:open;"));

    // Commas, quotes and line breaks survive a round trip; --out writes findings.csv.
    let dir = tempfile::tempdir().unwrap();
    let mut findings = fixture_values();
    findings[0]["filing"]["mark"] = serde_json::json!("A, \"B\"\nC");
    let path = write_findings(dir.path(), &findings);
    let out = dir.path().join("out");
    let o = run(&[
        "report",
        path.to_str().unwrap(),
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    let text = read(&out.join("findings.csv"));
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let marks: Vec<String> = r.records().map(|r| r.unwrap()[1].to_string()).collect();
    assert!(marks.contains(&"A, \"B\"\nC".to_string()), "{marks:?}");
}

#[test]
fn everything_from_data_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let mut findings = fixture_values();
    let evil = "<script>alert(1)</script>";
    let attr = "\"><img src=x onerror=alert(1)>";
    let f = &mut findings[0];
    f["filing"]["mark"] = serde_json::json!(evil);
    f["filing"]["applicants"][0]["name"] = serde_json::json!(format!("{evil} & Co"));
    f["filing"]["classes"][0]["goods"] = serde_json::json!(attr);
    f["target_names"] = serde_json::json!([evil, attr]);
    f["target"]["names"] = serde_json::json!([evil, attr]);
    f["target"]["owner"] = serde_json::json!(attr);
    f["explanation"]["detail"] = serde_json::json!(evil);
    f["legal"][0]["why"] = serde_json::json!(evil);
    f["legal"][0]["summary"] = serde_json::json!(attr);
    f["deadlines"][0]["notes"][0] = serde_json::json!(evil);
    f["target_id"] = serde_json::json!(attr);
    let path = write_findings(dir.path(), &findings);
    let out = render(&path, &dir.path().join("out"), &[]);
    let mut pages = 0;
    for entry in std::fs::read_dir(&out).unwrap() {
        let html = read(&entry.unwrap().path());
        assert!(!html.contains("<script"), "unescaped script");
        assert!(!html.contains("<img"), "unescaped attribute break-out");
        pages += 1;
    }
    assert_eq!(pages, 4);
    let page = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("CN_79687292--")
        })
        .unwrap();
    let html = read(&page);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));
}

#[test]
fn page_names_never_leave_the_output_directory() {
    let dir = tempfile::tempdir().unwrap();
    let base = fixture_values().remove(0);
    let ids = [
        "../../escape",
        "/tmp/absolute",
        "..\\..\\windows",
        "nul\0byte",
        "line\nbreak\u{7}",
        "..",
        ".",
        "index",
        "無印良品",
    ];
    let findings: Vec<Value> = ids
        .iter()
        .map(|id| {
            let mut f = base.clone();
            f["filing_id"] = serde_json::json!(id);
            f["target_id"] = serde_json::json!(id);
            f
        })
        .collect();
    let path = write_findings(dir.path(), &findings);
    let out = render(&path, &dir.path().join("out"), &[]);
    // Nothing but the findings file and the output directory next to it.
    let mut top: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    top.sort();
    assert_eq!(top, ["findings.jsonl", "out"]);
    let mut names = HashSet::new();
    for entry in std::fs::read_dir(&out).unwrap() {
        let entry = entry.unwrap();
        assert!(entry.file_type().unwrap().is_file());
        let name = entry.file_name().into_string().unwrap();
        assert!(
            name.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
            "{name:?}"
        );
        assert!(
            name.ends_with(".html") && !name.starts_with('.'),
            "{name:?}"
        );
        names.insert(name);
    }
    assert_eq!(names.len(), ids.len() + 1, "{names:?}");
    // The index links every page, and only pages that exist.
    let index = read(&out.join("index.html"));
    for name in names.iter().filter(|n| *n != "index.html") {
        assert!(index.contains(&format!("href=\"{name}\"")), "{name}");
    }
}

#[test]
fn applicant_filings_come_from_the_batch_and_from_filings_files() {
    let dir = tempfile::tempdir().unwrap();
    let filings = examples("filings.jsonl");
    let out = render(
        &fixture_path(),
        &dir.path().join("out"),
        &["--filings", filings.to_str().unwrap()],
    );
    let page = read(&out.join("CN_79687292--W-nada.html"));
    let start = page.find("<section id=\"applicant\">").unwrap();
    let section = &page[start..];
    // Every filing of the same applicant in the examples, except the finding's own.
    let applicant = "深圳市酒鼎贸易有限公司";
    let expected: Vec<String> = read(&filings)
        .lines()
        .map(|l| serde_json::from_str::<Record>(l).unwrap())
        .filter(|r| r.applicants.iter().any(|p| p.name == applicant) && r.id != "CN:79687292")
        .map(|r| r.id)
        .collect();
    assert!(expected.len() > 5);
    for id in &expected {
        assert!(section.contains(&format!("<td>{id}</td>")), "{id}");
    }
    assert!(!section.contains("<td>CN:79687292</td>"));
    assert!(section.contains(&format!("{} other filings of", expected.len())));
    // A different applicant's page does not list them.
    let page = read(&out.join("CN_75060081--W-imabari.html"));
    assert!(!page.contains("CN:74442816"));
}

#[test]
fn json_array_input_gives_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let array = dir.path().join("findings.json");
    std::fs::write(
        &array,
        serde_json::to_string_pretty(&fixture_values()).unwrap(),
    )
    .unwrap();
    let csv = |p: &Path| {
        let o = run(&["report", p.to_str().unwrap(), "--format", "csv"]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    assert_eq!(csv(&fixture_path()), csv(&array));
}

#[test]
fn bad_findings_exit_2_naming_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut findings = fixture_values();
    findings[1].as_object_mut().unwrap().remove("deadlines");
    let path = write_findings(dir.path(), &findings);
    let o = run(&["report", path.to_str().unwrap(), "--out", "/nonexistent/x"]);
    assert_eq!(o.status.code(), Some(2));
    let msg = format!("{}:2: missing field `deadlines`", path.display());
    assert!(stderr(&o).contains(&msg), "{}", stderr(&o));

    let mut findings = fixture_values();
    findings[2]["filing"]["dates"]["filing"] = serde_json::json!("2025-02-30");
    let path = write_findings(dir.path(), &findings);
    let o = run(&["report", path.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!("{}:3: field `filing`", path.display())),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).is_empty());

    let path = dir.path().join("broken.jsonl");
    let line = serde_json::to_string(&fixture_values()[0]).unwrap();
    std::fs::write(&path, format!("{line}\n{{\"filing_id\": \n")).unwrap();
    let o = run(&["report", path.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!("{}:2: not valid JSON", path.display())),
        "{}",
        stderr(&o)
    );

    let o = run(&["report", "/nonexistent/findings.jsonl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/nonexistent/findings.jsonl"));
}

/// The Chromium binary, if installed: `$MARKWATCH_CHROMIUM` when set (a path that does not
/// exist counts as not installed), else Debian's `/usr/bin/chromium`.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("MARKWATCH_CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    path.is_file().then_some(path)
}

fn chromium_cmd(chrome: &Path, profile: &Path) -> Command {
    let mut c = Command::new(chrome);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

/// Renders a finding page in headless Chromium: the DOM it builds carries both marks, and
/// printing gives a multi-page A4 PDF. Needs Debian `chromium` (and `fonts-noto-cjk` for the
/// CJK glyphs); skipped with a notice when it is missing, unless `CI` is set.
#[test]
fn headless_chromium_renders_and_prints_a_finding_page() {
    let Some(chrome) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but chromium is not installed (Debian packages: chromium fonts-noto-cjk)"
        );
        eprintln!("SKIPPED headless_chromium_renders_and_prints_a_finding_page: no chromium");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = fixture_report();
    let page = out.join("CN_79687292--W-nada.html");
    let url = format!("file://{}", page.display());

    let o = chromium_cmd(&chrome, &dir.path().join("profile-dom"))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let dom = stdout(&o);
    assert!(dom.contains("滩五乡") && dom.contains("灘五郷"), "{dom}");
    assert!(dom.contains("A screening aid, not a legal opinion."));
    assert!(dom.contains("<section id=\"deadlines\">"));

    let pdf = dir.path().join("out.pdf");
    let o = chromium_cmd(&chrome, &dir.path().join("profile-pdf"))
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    assert!(bytes.len() > 20_000, "PDF is only {} bytes", bytes.len());
    let text = String::from_utf8_lossy(&bytes);
    // A4 pages (595 x 842 points), more than one: the grounds start a new page.
    let pages = text.matches("/MediaBox [0 0 594.9").count();
    assert_eq!(
        pages,
        text.matches("/MediaBox").count(),
        "not all pages are A4"
    );
    assert!(pages >= 2, "{pages} pages");
    // The marks were set in CJK fonts chosen by their `lang`: Simplified Chinese for the CN
    // filing, Japanese for the JP target (fonts-noto-cjk).
    assert!(
        text.contains("NotoSansCJKsc"),
        "no Simplified Chinese font embedded"
    );
    assert!(text.contains("NotoSansCJKjp"), "no Japanese font embedded");
}

/// `screen` output on the bundled examples renders: one page per finding, one CSV row per
/// finding, in urgency order.
#[test]
fn report_renders_real_screen_output() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&[
        "screen",
        examples("filings.jsonl").to_str().unwrap(),
        "--watch",
        examples("watch.csv").to_str().unwrap(),
        "--format",
        "jsonl",
        "--today",
        "2025-06-01",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let findings: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(findings.len() > 10);
    let path = write_findings(dir.path(), &findings);

    let out = render(&path, &dir.path().join("out"), &[]);
    let pages = std::fs::read_dir(&out).unwrap().count();
    assert_eq!(pages, findings.len() + 1);

    let o = run(&["report", path.to_str().unwrap(), "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<(String, String)> = r
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[5].to_string())
        })
        .collect();
    assert_eq!(rows.len(), findings.len());
    let urgency = |(filing, target): &(String, String)| {
        let f = findings
            .iter()
            .find(|f| f["filing_id"] == filing.as_str() && f["target_id"] == target.as_str())
            .unwrap();
        let d: Vec<rules::Deadline> = serde_json::from_value(f["deadlines"].clone()).unwrap();
        rules::Urgency::of(&d)
    };
    for pair in rows.windows(2) {
        assert!(urgency(&pair[0]) <= urgency(&pair[1]), "{pair:?}");
    }
}
