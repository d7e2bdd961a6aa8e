//! The built-in registers: parsing, coverage, and screening without a watch list
//! (`examples/filings.jsonl` planted cases and near misses, `examples/negatives.jsonl`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use markwatch_core::index::{Scratch, ScreenFinding};
use markwatch_core::normalize::Normalizer;
use markwatch_core::registers::{parse_register, RegisterScreener, Registers};
use markwatch_core::{ErrorKind, FixedClock, GoodsClass, NiceClass, Office, Record, TargetKind};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read_records(name: &str) -> Vec<Record> {
    let text = std::fs::read_to_string(repo().join("examples").join(name)).unwrap();
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("examples/{name}:{}: {e}", i + 1))
        })
        .collect()
}

fn clock() -> FixedClock {
    FixedClock(NaiveDate::from_ymd_opt(2025, 12, 1).unwrap())
}

fn screen_with(s: &RegisterScreener, r: &Record) -> Vec<ScreenFinding> {
    s.screen(Normalizer::global(), r, &clock(), &mut Scratch::new())
}

fn screen(records: &[Record]) -> BTreeMap<String, Vec<ScreenFinding>> {
    let s = RegisterScreener::builtin();
    let mut scratch = Scratch::new();
    records
        .iter()
        .map(|r| {
            let found = s.screen(Normalizer::global(), r, &clock(), &mut scratch);
            (r.id.clone(), found)
        })
        .collect()
}

fn record(id: &str, office: Office, mark: &str, classes: &[u32]) -> Record {
    let mut r = Record::new(id, office, mark);
    for &c in classes {
        r.classes.push(GoodsClass::bare(NiceClass::new(c).unwrap()));
    }
    r
}

fn summary(f: &[ScreenFinding]) -> String {
    f.iter()
        .map(|f| {
            format!(
                "{} {:.3} [{}]",
                f.finding.target_id,
                f.finding.score,
                f.finding.grounds.join(",")
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn builtin_coverage_meets_the_minimums() {
    let reg = Registers::builtin();
    let count = |kind: &str| -> usize {
        reg.coverage()
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.entries)
            .sum()
    };
    for (kind, min) in [
        ("prefecture", 47),
        ("designated_city", 20),
        ("municipality", 1700),
        ("old_province", 60),
        ("cn_province", 34),
        ("cn_prefecture", 300),
        ("cn_county", 2900),
        ("gi", 145),
        ("liquor_gi", 29),
        ("collective", 100),
        ("well_known", 200),
    ] {
        assert!(count(kind) >= min, "{kind}: {} < {min}", count(kind));
    }
    assert!(count("cn_gi") + count("eu_cn_gi") >= 300);
    assert!(count("eu_cn_gi") >= 100, "eu_cn_gi: {}", count("eu_cn_gi"));
    assert!(reg.other_meaning_len() >= 90);
    let names: usize = reg.coverage().iter().map(|c| c.names).sum();
    assert!(names >= 30_000, "{names} name forms");
    // Well-known marks of both countries.
    let wk = reg
        .coverage()
        .into_iter()
        .find(|c| c.kind == "well_known")
        .unwrap();
    assert!(wk.jp >= 100 && wk.cn >= 100, "{wk:?}");
}

#[test]
fn entries_carry_every_script_and_their_target_kind() {
    let reg = Registers::builtin();
    let muji = reg.get("WKJP-muji").unwrap();
    assert_eq!(muji.main_name(), "無印良品");
    assert!(muji.names().contains(&"无印良品") && muji.names().contains(&"MUJI"));
    assert_eq!(muji.target_kind(), TargetKind::WellKnown);
    // A Chinese GI of a spirit is a liquor GI for the rules (JP Art. 4(1)(xvii)).
    assert_eq!(
        reg.get("EUCN-maotai").unwrap().target_kind(),
        TargetKind::LiquorGi
    );
    assert_eq!(
        reg.get("JPPREF-aomori").unwrap().target_kind(),
        TargetKind::PlaceKnownAbroad
    );
    assert_eq!(
        reg.get("CNCTY-440311").unwrap().target_kind(),
        TargetKind::CnDivision
    );
    assert!(reg.get("JPPREF-aomori").unwrap().is_place());
    assert_eq!(reg.other_meaning("光明"), Some("brightness; light"));
}

/// Issue 5: the entries per register, as `scripts/registers/check.py` prints them and
/// `data/registers/README.md` records them. A change to the data changes these on purpose.
#[test]
fn builtin_counts_per_register() {
    let reg = Registers::builtin();
    let mut got: BTreeMap<String, usize> = BTreeMap::new();
    for c in reg.coverage() {
        *got.entry(c.register.clone()).or_default() += c.entries;
    }
    let want: BTreeMap<String, usize> = [
        ("jp_gi", 151),
        ("jp_liquor_gi", 29),
        ("jp_collective", 128),
        ("jp_places", 2112),
        ("cn_places", 3753),
        ("cn_gi", 350),
        ("well_known", 252),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(got, want);
    let kind = |k: &str| -> usize { reg.entries().iter().filter(|e| e.kind == k).count() };
    assert_eq!((kind("eu_cn_gi"), kind("cn_gi")), (110, 240));
    assert_eq!(reg.other_meaning_len(), 94);
}

/// Every entry has a source; in the GI and mark registers no Japanese or Chinese form names
/// two entries (place registers may: 朝阳区 is in Beijing and in Changchun).
#[test]
fn names_are_unique_and_every_entry_has_a_source() {
    let reg = Registers::builtin();
    let mut by_form: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    for e in reg.entries() {
        assert!(!e.source.is_empty(), "{}", e.id);
        if matches!(e.register.as_str(), "jp_places" | "cn_places") {
            continue;
        }
        let forms: std::collections::BTreeSet<&str> =
            e.ja.iter()
                .chain(&e.zh_hans)
                .chain(&e.zh_hant)
                .map(String::as_str)
                .collect();
        for f in forms {
            if let Some(other) = by_form.insert((e.register.as_str(), f), e.id.as_str()) {
                panic!("{f} names both {other} and {}", e.id);
            }
        }
    }
}

/// Ids other data and users refer to stay put (ids renamed in issue 5 are listed in
/// `data/registers/README.md`).
#[test]
fn ids_are_stable() {
    let reg = Registers::builtin();
    for id in [
        "JPGI-kobe-beef",
        "JPGI-yubari-melon",
        "JPLGI-iki",
        "JPCOL-imabari-towel",
        "JPPREF-aomori",
        "JPMUN-ehime-imabarishi",
        "CNPROV-11",
        "CNCTY-110101",
        "EUCN-maotai",
        "EUCN-anxi-tieguanyin",
        "EUCN-shacheng-putaojiu",
        "EUCN-fuping-shibing",
        "WKJP-muji",
        "WKCN-huawei",
    ] {
        assert!(reg.get(id).is_some(), "{id} is missing");
    }
    assert!(reg.get("CNGI-shacheng-putaojiu").is_none());
}

/// Owners and references (format v2): the registered producer group and MAFF number of a GI,
/// the company behind a well-known mark, the annex of an EU–China name.
#[test]
fn owners_and_references_come_from_the_register() {
    let reg = Registers::builtin();
    let square = reg.get("JPGI-zentsujisan-shikakusuika").unwrap();
    assert_eq!(square.owner.as_deref(), Some("香川県農業協同組合"));
    assert_eq!(square.reference.as_deref(), Some("MAFF No. 82"));
    let muji = reg.get("WKJP-muji").unwrap();
    assert_eq!(
        muji.owner.as_deref(),
        Some("株式会社良品計画 / Ryohin Keikaku Co., Ltd.")
    );
    assert_eq!(
        reg.get("EUCN-anxi-tieguanyin")
            .unwrap()
            .reference
            .as_deref(),
        Some("Annex III")
    );
    assert_eq!(
        reg.get("EUCN-jinhua-huotui").unwrap().reference.as_deref(),
        Some("Annex V")
    );
    // Places have no owner.
    assert_eq!(reg.get("JPPREF-aomori").unwrap().owner, None);
    // A Chinese filing of 无印良品: the finding's target carries the owner.
    let found = screen_with(
        RegisterScreener::builtin(),
        &record("CN:muji", Office::CN, "无印良品", &[35]),
    );
    let f = found
        .iter()
        .find(|f| f.finding.target_id == "WKJP-muji")
        .expect("无印良品 flags WKJP-muji");
    assert_eq!(f.target.owner, muji.owner);
}

const HEAD: &str = "# markwatch-register test v2; source: tests; licence: facts\n\
id\tkind\tcountry\tja\tzh_hans\tzh_hant\tlatin\ten\tclasses\tgrounds\tknownness\tsource\towner\tref\n";

#[test]
fn bad_rows_name_file_line_and_field() {
    let row = |r: &str| format!("{HEAD}{r}\n");
    for (text, want) in [
        (
            row("X-1\tgi\tJP\t名\t\t\t\t\t30\tCN-16\t7\tsrc\t\t"),
            "test.tsv:3: field knownness",
        ),
        (
            row("X-1\tcastle\tJP\t名\t\t\t\t\t30\tCN-16\t2\tsrc\t\t"),
            "test.tsv:3: field kind",
        ),
        (
            row("X-1\tgi\tJP\t名\t\t\t\t\t99\tCN-16\t2\tsrc\t\t"),
            "test.tsv:3: field classes",
        ),
        (
            row("X-1\tgi\tJP\t名\t\t\t\t\t30\tCN-99\t2\tsrc\t\t"),
            "test.tsv:3: field grounds",
        ),
        (
            row("X-1\tgi\tKR\t名\t\t\t\t\t30\tCN-16\t2\tsrc\t\t"),
            "test.tsv:3: field country",
        ),
        (
            row("X-1\tgi\tJP\t\t\t\t\t\t30\tCN-16\t2\tsrc\t\t"),
            "test.tsv:3: field ja",
        ),
        (row("X-1\tgi\tJP\t名"), "test.tsv:3: field columns"),
        (
            format!(
                "{HEAD}X-1\tgi\tJP\t名\t\t\t\t\t30\tCN-16\t2\tsrc\t\t\nX-1\tgi\tJP\t名\t\t\t\t\t30\tCN-16\t2\tsrc\t\t\n"
            ),
            "test.tsv:4: field id",
        ),
        (
            "# markwatch-register test v2; x\nid\tkind\n".to_string(),
            "test.tsv:2: field header",
        ),
        ("id\tkind\n".to_string(), "test.tsv:1: field title"),
    ] {
        let e = parse_register("data/test.tsv", &text).unwrap_err();
        assert!(e.message().contains(want), "{} !~ {want}", e.message());
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
    }
    // Another format version (v1 had no owner and ref columns) is unsupported, not invalid.
    for v in ["v1", "v3"] {
        let text = format!("# markwatch-register test {v}; x\nid\n");
        let e = parse_register("test.tsv", &text).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unsupported, "{}", e.message());
    }
    let ok = parse_register(
        "data/test.tsv",
        &row("X-1\tgi\tJP\t名|名前\t\t\tna\tName\t30;29\tCN-16\t2\tsrc\t名前組合\tNo. 1"),
    )
    .unwrap();
    assert_eq!(ok[0].names(), ["名", "名前", "Name", "na"]);
    assert_eq!(ok[0].register, "test");
    assert_eq!(ok[0].classes.len(), 2);
    assert_eq!(ok[0].owner.as_deref(), Some("名前組合"));
    assert_eq!(ok[0].reference.as_deref(), Some("No. 1"));
    // Empty owner and ref cells are None, not empty strings.
    let bare = parse_register(
        "data/test.tsv",
        &row("X-1\tgi\tJP\t名\t\t\t\t\t30\tCN-16\t2\tsrc\t\t"),
    )
    .unwrap();
    assert_eq!(
        (bare[0].owner.clone(), bare[0].reference.clone()),
        (None, None)
    );
}

/// The planted cases of `examples/EXPECTED.md`: (filing id, what it copies).
fn planted() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(repo().join("examples/EXPECTED.md")).unwrap();
    text.lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (cells[1].trim_matches('`').to_string(), cells[7].to_string())
        })
        .collect()
}

/// The near misses of `examples/EXPECTED.md`: (mark, office).
fn near_misses() -> Vec<(String, Office)> {
    let text = std::fs::read_to_string(repo().join("examples/EXPECTED.md")).unwrap();
    let line = text
        .lines()
        .skip_while(|l| !l.starts_with("## Near misses"))
        .find(|l| l.contains("(CN, class") || l.contains("(JP, class"))
        .unwrap();
    line.split("), ")
        .filter_map(|item| {
            let item = item
                .trim_start_matches(|c: char| c != '(' && !c.is_alphanumeric() && c > '\u{2fff}');
            let (mark, rest) = item.split_once(" (")?;
            let mark = mark.rsplit(": ").next().unwrap_or(mark).trim();
            let office = rest.split(',').next()?.trim().parse().ok()?;
            Some((mark.to_string(), office))
        })
        .collect()
}

#[test]
fn sample_filings_without_a_watch_list_flag_the_planted_cases() {
    let filings = read_records("filings.jsonl");
    let found = screen(&filings);
    let cases = planted();
    assert_eq!(cases.len(), 30, "EXPECTED.md lists 30 planted cases");
    let mut report = String::new();
    let mut flagged = 0;
    for (id, what) in &cases {
        let f = &found[id];
        if f.is_empty() {
            report.push_str(&format!("missed {id} ({what})\n"));
        } else {
            flagged += 1;
            report.push_str(&format!("{id}: {}\n", summary(f)));
        }
        // Every finding raises at least one ground of the filing's office.
        let office = &filings.iter().find(|r| &r.id == id).unwrap().office;
        for g in f.iter().flat_map(|f| &f.legal) {
            assert_eq!(&g.office, office, "{id}: {}", g.code);
        }
    }
    eprintln!("{flagged}/{} planted cases flagged\n{report}", cases.len());
    assert!(flagged * 10 >= cases.len() * 9, "{report}");

    // The grounds fit the facts (LAW.md): a sample of each pattern.
    let has = |id: &str, target: &str, code: &str| {
        found[id]
            .iter()
            .any(|f| f.finding.target_id == target && f.finding.grounds.iter().any(|g| g == code))
    };
    assert!(has("CN:75719234", "WKJP-muji", "CN-13"), "{report}");
    assert!(has("CN:76088716", "JPPREF-aomori", "CN-10-2"), "{report}");
    assert!(
        has("CN:79267108", "JPCOL-imabari-towel", "CN-16"),
        "{report}"
    );
    assert!(
        has("CN:71968394", "JPGI-kobe-beef", "CN-10-1-7"),
        "{report}"
    );
    assert!(has("CN:78379365", "WKCN-kangshifu", "CN-13"), "{report}");
    assert!(
        has("JP:2025-119187", "EUCN-maotai", "JP-4-1-17"),
        "{report}"
    );
    assert!(
        has("JP:2025-021839", "EUCN-maotai", "JP-4-1-17"),
        "{report}"
    );
    assert!(
        has("JP:2025-104845", "EUCN-qimen-hongcha", "JP-4-1-16"),
        "{report}"
    );
    // Deadlines come with the grounds.
    let aomori = &found["CN:76088716"][0];
    assert!(!aomori.deadlines.is_empty());
    assert!(aomori
        .deadlines
        .iter()
        .any(|d| d.grounds.iter().any(|g| g == "CN-10-2")));
}

#[test]
fn sample_near_misses_raise_nothing() {
    let filings = read_records("filings.jsonl");
    let misses = near_misses();
    assert_eq!(misses.len(), 8, "{misses:?}");
    let picked: Vec<Record> = misses
        .iter()
        .map(|(mark, office)| {
            filings
                .iter()
                .find(|r| &r.mark == mark && &r.office == office)
                .unwrap_or_else(|| panic!("no filing {mark} ({office})"))
                .clone()
        })
        .collect();
    for (id, f) in screen(&picked) {
        assert!(f.is_empty(), "{id}: {}", summary(&f));
    }
}

#[test]
fn ordinary_marks_raise_few_false_alarms() {
    let negatives = read_records("negatives.jsonl");
    assert!(negatives.len() >= 200);
    assert!(negatives.iter().any(|r| r.office == Office::CN));
    assert!(negatives.iter().any(|r| r.office == Office::JP));
    let found = screen(&negatives);
    let alarms: Vec<String> = found
        .iter()
        .filter(|(_, f)| !f.is_empty())
        .map(|(id, f)| format!("{id}: {}", summary(f)))
        .collect();
    eprintln!(
        "{} false alarms in {} ordinary marks\n{}",
        alarms.len(),
        negatives.len(),
        alarms.join("\n")
    );
    assert!(
        alarms.len() * 20 <= negatives.len(),
        "{} false alarms > 5%:\n{}",
        alarms.len(),
        alarms.join("\n")
    );
}

#[test]
fn place_names_count_by_office_country_and_meaning() {
    let s = RegisterScreener::builtin();
    let codes = |r: &Record| -> Vec<(String, Vec<String>)> {
        screen_with(s, r)
            .into_iter()
            .map(|f| (f.finding.target_id, f.finding.grounds))
            .collect()
    };
    // A Japanese prefecture in a Chinese filing: a foreign place name known to the public.
    let got = codes(&record("T1", Office::CN, "北海道", &[25]));
    assert!(
        got.iter()
            .any(|(t, g)| t == "JPPREF-hokkaido" && g.contains(&"CN-10-2".to_string())),
        "{got:?}"
    );
    // The same name in a Japanese filing raises no place ground.
    let got = codes(&record("T2", Office::JP, "北海道", &[25]));
    assert!(got.iter().all(|(t, _)| t != "JPPREF-hokkaido"), "{got:?}");
    // A Chinese county-level name with another meaning: no CN-10-2; its full name: CN-10-2.
    assert!(codes(&record("T3", Office::CN, "光明", &[9])).is_empty());
    let got = codes(&record("T4", Office::CN, "光明区", &[9]));
    assert!(
        got.iter()
            .any(|(t, g)| t == "CNCTY-440311" && g == &["CN-10-2".to_string()]),
        "{got:?}"
    );
    // Issue 5, the narrow exception: a listed name followed by a word of origin reads as the
    // place (开封特产: produce of Kaifeng), so CN-10-2 applies; alone (开封: unsealed) or with
    // a word that states no origin (开封产业, industry) the other meaning stands.
    let kaifeng = |mark: &str| -> bool {
        codes(&record("T4b", Office::CN, mark, &[30]))
            .iter()
            .any(|(t, g)| t == "CNPREF-4102" && g.contains(&"CN-10-2".to_string()))
    };
    assert!(Registers::builtin().other_meaning("开封").is_some());
    assert!(kaifeng("开封特产"));
    assert!(!kaifeng("开封"));
    assert!(!kaifeng("开封产业"));
    // An ordinary Japanese municipality (knownness 1) is not known to the Chinese public.
    let reg = Registers::builtin();
    let village = reg
        .entries()
        .iter()
        .find(|e| e.kind == "municipality" && e.knownness == 1 && e.zh_hans.len() > 1)
        .unwrap();
    let got = codes(&record("T5", Office::CN, &village.zh_hans[1], &[30]));
    assert!(got.iter().all(|(t, _)| t != &village.id), "{got:?}");
    // A famous place as a clear token of a long mark.
    let got = codes(&record("T7", Office::CN, "正宗北海道牛奶工坊", &[29]));
    assert!(got.iter().any(|(t, _)| t == "JPPREF-hokkaido"), "{got:?}");
    // A wine/spirit GI in a Japanese class 33 filing; the same name for tea is no JP-4-1-17.
    let got = codes(&record("T6", Office::JP, "紹興酒", &[33]));
    assert!(
        got.iter()
            .any(|(_, g)| g.contains(&"JP-4-1-17".to_string())),
        "{got:?}"
    );
    let got = codes(&record("T8", Office::JP, "紹興酒", &[30]));
    assert!(
        !got.is_empty(),
        "a liquor GI for other goods still misleads"
    );
    assert!(
        got.iter()
            .all(|(_, g)| !g.contains(&"JP-4-1-17".to_string())),
        "{got:?}"
    );
}

#[test]
fn short_and_low_knownness_names_need_a_strong_match() {
    let text = "# markwatch-register tiny v2; source: tests; licence: facts\n\
id\tkind\tcountry\tja\tzh_hans\tzh_hant\tlatin\ten\tclasses\tgrounds\tknownness\tsource\towner\tref\n\
CNCTY-X-xu\tcn_county\tCN\t\t徐|徐县\t\txu|xuxian\tXu\t\tCN-10-2\t1\ttest\t\t\n\
CNCTY-X-qingshan\tcn_county\tCN\t\t青山|青山县\t\tqingshan\tQingshan\t\tCN-10-2\t1\ttest\t\t\n\
JPPREF-yamato\tprefecture\tJP\t大和|大和県\t\t\tyamato\tYamato\t\tCN-10-2\t3\ttest\t\t\n";
    let om = "# markwatch-register other_meaning v1; source: tests; licence: facts\nname\treason\n";
    let reg: &'static Registers = Box::leak(Box::new(
        Registers::parse(&[("tiny.tsv", text)], ("other_meaning.tsv", om)).unwrap(),
    ));
    let s = RegisterScreener::new(reg, Normalizer::global());
    let ids = |mark: &str| -> Vec<String> {
        screen_with(&s, &record("T", Office::CN, mark, &[30]))
            .into_iter()
            .map(|f| f.finding.target_id)
            .collect()
    };
    // One character: the whole mark only.
    assert_eq!(ids("徐"), ["CNCTY-X-xu"]);
    assert!(ids("徐记").is_empty());
    assert!(ids("小徐面馆").is_empty());
    assert_eq!(ids("徐县"), ["CNCTY-X-xu"]);
    // Knownness 1: exact, or the full name inside the mark; not a short form inside a mark.
    assert_eq!(ids("青山"), ["CNCTY-X-qingshan"]);
    assert_eq!(ids("青山县特产"), ["CNCTY-X-qingshan"]);
    assert!(ids("青山绿水").is_empty());
    assert!(ids("青出").is_empty());
    // Knownness 3: a short name inside a mark with a generic word counts.
    assert_eq!(ids("大和抹茶"), ["JPPREF-yamato"]);
}

#[test]
fn watch_list_findings_get_grounds_by_watch_kind() {
    use markwatch_core::index::{
        assess, screen_record, Entry, IndexBuilder, Target, TargetFacts, DEFAULT_THRESHOLD,
    };
    let n = Normalizer::global();
    let mut b = IndexBuilder::new(n);
    b.add(Entry {
        id: "W-kyoto".into(),
        names: vec!["京都".into(), "Kyoto".into()],
        classes: vec![],
        language: None,
    });
    b.add(Entry {
        id: "W-sakura".into(),
        names: vec!["さくら堂".into()],
        classes: vec![GoodsClass::bare(NiceClass::new(30).unwrap())],
        language: None,
    });
    let index = b.build();
    let target = |id: &str, kind: &str| Target {
        id: id.into(),
        kind: kind.into(),
        names: vec![],
        owner: None,
        country: Some("JP".into()),
        classes: vec![],
        knownness: None,
        register: "watch".into(),
    };
    let assess_one = |r: &Record, kind: &str| {
        let f = screen_record(&index, n, r, DEFAULT_THRESHOLD, &mut Scratch::new());
        assert_eq!(f.len(), 1, "{}", r.mark);
        let id = f[0].target_id.clone();
        assess(
            f[0].clone(),
            target(&id, kind),
            TargetFacts::of_watch_kind(kind),
            r,
            &clock(),
        )
    };
    // A Japanese place watched, filed in China: a foreign place name known to the public.
    let mut r = record("CN:1", Office::CN, "京都抹茶", &[30]);
    r.dates.publication = NaiveDate::from_ymd_opt(2025, 11, 1);
    r.status = markwatch_core::Status::Published;
    let f = assess_one(&r, "place");
    assert_eq!(f.finding.grounds, ["CN-10-2"]);
    assert_eq!(
        f.finding.grounds,
        f.legal.iter().map(|g| g.code.clone()).collect::<Vec<_>>()
    );
    assert_eq!(f.deadlines[0].days_left, Some(62));
    // A domestic brand of unknown registration status: presumed an earlier mark (rules README).
    let f = assess_one(&record("JP:1", Office::JP, "さくら堂", &[30]), "brand");
    assert_eq!(f.finding.grounds, ["JP-4-1-11"]);
}
