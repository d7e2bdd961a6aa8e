//! Legal grounds and deadlines (`markwatch_core::rules`): every ground code has a case that
//! raises it and one that must not; effective dates; deadline arithmetic at month ends; states
//! with a fixed clock; a JSON snapshot of findings and deadlines.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use markwatch_core::rules::{
    deadlines, period_end, sort_by_urgency, Action, DeadlineState, GoodsRelation, MatchFacts,
    Rules, TargetKind, Urgency, HOLIDAY_NOTE,
};
use markwatch_core::{ErrorKind, FixedClock, NiceClass, Office, Record, Status};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn classes(list: &[u32]) -> Vec<NiceClass> {
    list.iter().map(|&n| NiceClass::new(n).unwrap()).collect()
}

/// A match filed on 2025-03-01 at `office` against a target of `kind` from `country`, same
/// goods, similarity 0.9.
fn facts(office: Office, kind: TargetKind, country: Office) -> MatchFacts {
    let mut f = MatchFacts::new(office, kind);
    f.filing_date = Some(d("2025-03-01"));
    f.target_name = "TARGET".into();
    f.target_country = Some(country);
    f.score = 0.9;
    f.filing_classes = classes(&[30]);
    f
}

fn codes(f: &MatchFacts) -> Vec<String> {
    Rules::builtin()
        .evaluate(f)
        .into_iter()
        .map(|g| g.code)
        .collect()
}

use Office::{CN, JP};
use TargetKind as K;

type Edit = fn(&mut MatchFacts);

/// `(name, code, raised?, office, kind, target country, edit)`.
// One case per line reads as a table; rustfmt would spread each over nine lines.
#[rustfmt::skip]
#[allow(clippy::type_complexity)]
const CASES: &[(&str, &str, bool, Office, TargetKind, Office, Edit)] = &[
    ("cn bad-faith applicant", "CN-4", true, CN, K::Brand, JP, |f| f.applicant_bad_faith_score = Some(0.9)),
    ("cn applicant below threshold", "CN-4", false, CN, K::Brand, JP, |f| f.applicant_bad_faith_score = Some(0.5)),
    ("cn bad faith before 2019-11-01", "CN-4", false, CN, K::Brand, JP, |f| {
        f.applicant_bad_faith_score = Some(0.9);
        f.filing_date = Some(d("2019-10-31"));
    }),
    ("cn copies a Japanese GI", "CN-10-1-7", true, CN, K::Gi, JP, |_| {}),
    ("cn copies a brand: no origin deception", "CN-10-1-7", false, CN, K::Brand, JP, |_| {}),
    ("cn public name", "CN-10-1-8", true, CN, K::PublicName, JP, |_| {}),
    ("jp public name: not a CN ground", "CN-10-1-8", false, JP, K::PublicName, JP, |_| {}),
    ("cn Japanese place known to the public", "CN-10-2", true, CN, K::PlaceKnownAbroad, JP, |f| f.goods_relation = GoodsRelation::All),
    ("cn county-level division", "CN-10-2", true, CN, K::CnDivision, CN, |_| {}),
    ("cn Chinese place that is no division: not foreign", "CN-10-2", false, CN, K::PlaceKnownAbroad, CN, |_| {}),
    ("jp filing of a place", "CN-10-2", false, JP, K::PlaceKnownAbroad, CN, |_| {}),
    ("cn well-known mark registered in CN, dissimilar goods", "CN-13", true, CN, K::WellKnown, JP, |f| {
        f.target_registered_in_filing_office = Some(true);
        f.goods_relation = GoodsRelation::Weak;
    }),
    ("cn well-known unregistered, similar goods", "CN-13", true, CN, K::WellKnown, JP, |f| {
        f.target_registered_in_filing_office = Some(false);
        f.goods_relation = GoodsRelation::Medium;
    }),
    ("cn well-known unregistered, dissimilar goods", "CN-13", false, CN, K::WellKnown, JP, |f| {
        f.target_registered_in_filing_office = Some(false);
        f.goods_relation = GoodsRelation::Weak;
    }),
    ("cn agent of the owner", "CN-15", true, CN, K::Brand, JP, |f| f.applicant_is_agent_of_owner = true),
    ("cn unrelated applicant", "CN-15", false, CN, K::Brand, JP, |_| {}),
    ("cn GI, related goods", "CN-16", true, CN, K::LiquorGi, JP, |f| f.goods_relation = GoodsRelation::Medium),
    ("cn GI, unrelated goods", "CN-16", false, CN, K::Gi, JP, |f| f.goods_relation = GoodsRelation::Weak),
    ("cn agency outside class 45", "CN-19-4", true, CN, K::Brand, JP, |f| {
        f.applicant_is_agency = true;
        f.filing_classes = classes(&[30, 45]);
    }),
    ("cn agency in class 45 only", "CN-19-4", false, CN, K::Brand, JP, |f| {
        f.applicant_is_agency = true;
        f.filing_classes = classes(&[45]);
    }),
    ("cn earlier registered mark, similar goods", "CN-30", true, CN, K::RegisteredMark, CN, |f| f.goods_relation = GoodsRelation::Medium),
    ("cn earlier registered mark, dissimilar goods", "CN-30", false, CN, K::RegisteredMark, CN, |f| f.goods_relation = GoodsRelation::Weak),
    ("cn domestic brand, registration not given", "CN-30", true, CN, K::Brand, CN, |_| {}),
    ("cn domestic brand known not to be registered", "CN-30", false, CN, K::Brand, CN, |f| f.target_registered_in_filing_office = Some(false)),
    ("cn well-known mark used with influence", "CN-32", true, CN, K::WellKnown, JP, |_| {}),
    ("cn brand registered in CN: CN-30, not CN-32", "CN-32", false, CN, K::Brand, JP, |f| f.target_registered_in_filing_office = Some(true)),
    ("cn registered mark on a foreign place", "CN-44", true, CN, K::PlaceKnownAbroad, JP, |f| f.filing_status = Status::Registered),
    ("cn registered in 2018 by a bad-faith applicant: other unfair means", "CN-44", true, CN, K::Brand, JP, |f| {
        f.filing_status = Status::Registered;
        f.filing_date = Some(d("2018-06-01"));
        f.applicant_bad_faith_score = Some(0.9);
    }),
    ("cn pending mark on a foreign place", "CN-44", false, CN, K::PlaceKnownAbroad, JP, |_| {}),
    ("cn registered mark, relative grounds only", "CN-44", false, CN, K::RegisteredMark, CN, |f| f.filing_status = Status::Registered),
    ("jp mass filer", "JP-3-1", true, JP, K::Brand, CN, |f| f.applicant_bad_faith_score = Some(0.7)),
    ("jp applicant not assessed", "JP-3-1", false, JP, K::Brand, CN, |_| {}),
    ("jp bad-faith history", "JP-4-1-7", true, JP, K::WellKnown, CN, |f| f.applicant_bad_faith_score = Some(0.95)),
    ("jp ordinary applicant", "JP-4-1-7", false, JP, K::WellKnown, CN, |f| f.applicant_bad_faith_score = Some(0.2)),
    ("jp mark well known in Japan, same goods", "JP-4-1-10", true, JP, K::WellKnown, JP, |_| {}),
    ("jp mark well known abroad only", "JP-4-1-10", false, JP, K::WellKnown, CN, |_| {}),
    ("jp earlier registered mark, same goods", "JP-4-1-11", true, JP, K::RegisteredMark, JP, |_| {}),
    ("jp regional collective mark (registered in JP)", "JP-4-1-11", true, JP, K::Collective, JP, |_| {}),
    ("jp domestic brand, registration not given", "JP-4-1-11", true, JP, K::Brand, JP, |_| {}),
    ("jp foreign brand of unknown registration", "JP-4-1-11", false, JP, K::Brand, CN, |_| {}),
    ("jp well-known mark, any goods", "JP-4-1-15", true, JP, K::WellKnown, CN, |f| f.goods_relation = GoodsRelation::Weak),
    ("jp GI: no source confusion ground", "JP-4-1-15", false, JP, K::Gi, CN, |_| {}),
    ("jp Chinese GI, related goods", "JP-4-1-16", true, JP, K::Gi, CN, |_| {}),
    ("jp liquor GI for wine: JP-4-1-17 instead", "JP-4-1-16", false, JP, K::LiquorGi, JP, |f| f.wine_or_spirits = true),
    ("jp liquor GI for spirits in class 33", "JP-4-1-17", true, JP, K::LiquorGi, CN, |f| {
        f.wine_or_spirits = true;
        f.filing_classes = classes(&[33]);
    }),
    ("jp liquor GI for tea", "JP-4-1-17", false, JP, K::LiquorGi, JP, |_| {}),
    ("jp well-known foreign mark", "JP-4-1-19", true, JP, K::WellKnown, CN, |_| {}),
    ("jp ordinary brand", "JP-4-1-19", false, JP, K::Brand, CN, |_| {}),
    ("jp agent of the owner", "JP-53-2", true, JP, K::Brand, CN, |f| f.applicant_is_agent_of_owner = true),
    ("cn agent of the owner: CN-15, not JP-53-2", "JP-53-2", false, CN, K::Brand, JP, |f| f.applicant_is_agent_of_owner = true),
];

#[test]
fn every_ground_has_a_raising_and_a_non_raising_case() {
    let mut raised = BTreeSet::new();
    let mut not_raised = BTreeSet::new();
    for (name, code, want, office, kind, country, edit) in CASES {
        let mut f = facts(office.clone(), *kind, country.clone());
        edit(&mut f);
        let got = codes(&f);
        assert_eq!(
            got.iter().any(|c| c == code),
            *want,
            "case {name:?}: {code} expected {} in {got:?}",
            if *want { "present" } else { "absent" }
        );
        if *want {
            raised.insert(code.to_string());
        } else {
            not_raised.insert(code.to_string());
        }
        // Only grounds of the filing office are ever raised.
        assert!(
            got.iter().all(|c| c.starts_with(office.code())),
            "{name}: {got:?}"
        );
    }
    let all: BTreeSet<String> = Rules::builtin().codes().map(String::from).collect();
    assert_eq!(all.len(), 20, "{all:?}");
    assert_eq!(raised, all, "codes without a raising case");
    assert_eq!(not_raised, all, "codes without a non-raising case");
}

#[test]
fn findings_carry_article_summary_who_and_a_reason_from_the_facts() {
    let mut f = facts(CN, K::Gi, JP);
    f.target_name = "宮崎牛".into();
    f.goods_relation = GoodsRelation::Medium;
    let found = Rules::builtin().evaluate(&f);
    let cn16 = found.iter().find(|g| g.code == "CN-16").unwrap();
    assert_eq!(cn16.article, "Art. 16");
    assert!(cn16.summary.contains("geographical indication"));
    assert!(cn16.who_may_act.contains("5 years"));
    assert!(cn16.why.contains("宮崎牛"), "{}", cn16.why);
    assert!(
        cn16.why.contains("(JP)") && cn16.why.contains("medium"),
        "{}",
        cn16.why
    );
    assert!(
        !cn16.why.contains('{'),
        "unfilled placeholder: {}",
        cn16.why
    );

    let mut f = facts(CN, K::Brand, JP);
    f.applicant_is_agency = true;
    f.filing_classes = classes(&[25, 30]);
    let found = Rules::builtin().evaluate(&f);
    let why = &found.iter().find(|g| g.code == "CN-19-4").unwrap().why;
    assert!(why.contains("classes 25, 30"), "{why}");
}

#[test]
fn filing_date_picks_the_version_in_force() {
    let rules = Rules::builtin();
    // CN Art. 4's bad-faith sentence: from 2019-11-01 only.
    for (date, want) in [
        ("2019-10-31", false),
        ("2019-11-01", true),
        ("2024-05-05", true),
    ] {
        let mut f = facts(CN, K::WellKnown, JP);
        f.applicant_bad_faith_score = Some(0.9);
        f.filing_date = Some(d(date));
        assert_eq!(codes(&f).contains(&"CN-4".to_string()), want, "{date}");
    }
    // JP Art. 4(1)(xi): the consent note from 2024-04-01.
    for (date, version, note) in [("2024-03-31", 1, false), ("2024-04-01", 2, true)] {
        let mut f = facts(JP, K::RegisteredMark, JP);
        f.filing_date = Some(d(date));
        let g = rules
            .evaluate(&f)
            .into_iter()
            .find(|g| g.code == "JP-4-1-11")
            .unwrap();
        assert_eq!(g.version, version, "{date}");
        assert_eq!(
            g.note.as_deref().is_some_and(|n| n.contains("consent")),
            note,
            "{date}"
        );
    }
    // No filing date: the current version, and the reason says so.
    let mut f = facts(JP, K::RegisteredMark, JP);
    f.filing_date = None;
    let g = rules.evaluate(&f).into_iter().next().unwrap();
    assert_eq!((g.code.as_str(), g.version), ("JP-4-1-11", 2));
    assert!(g.why.contains("no filing date"), "{}", g.why);
    // A ground that did not exist yet raises nothing (JP-4-1-19 from 1997-04-01).
    let mut f = facts(JP, K::WellKnown, CN);
    f.filing_date = Some(d("1996-12-01"));
    assert!(!codes(&f).contains(&"JP-4-1-19".to_string()));
    assert!(codes(&f).contains(&"JP-4-1-15".to_string()));
}

#[test]
fn facts_for_a_filing_take_office_date_status_and_classes() {
    let mut r = Record::new("JP:2025-1", JP, "薩摩");
    r.dates.filing = Some(d("2025-04-01"));
    r.status = Status::Published;
    r.classes = [32, 33]
        .map(|n| markwatch_core::GoodsClass::bare(NiceClass::new(n).unwrap()))
        .to_vec();
    let mut f = MatchFacts::for_filing(&r, K::LiquorGi);
    assert_eq!(f.filing_office, JP);
    assert_eq!(f.filing_date, Some(d("2025-04-01")));
    assert_eq!(f.filing_status, Status::Published);
    assert_eq!(f.filing_classes, classes(&[32, 33]));
    assert!(f.wine_or_spirits);
    f.target_country = Some(JP);
    assert!(codes(&f).contains(&"JP-4-1-17".to_string()));
    r.classes.pop();
    assert!(!MatchFacts::for_filing(&r, K::LiquorGi).wine_or_spirits);
}

#[test]
fn ground_lookup_by_date() {
    let rules = Rules::builtin();
    assert!(rules.ground("CN-4", Some(d("2019-10-31"))).is_none());
    assert_eq!(
        rules.ground("CN-4", Some(d("2019-11-01"))).unwrap().version,
        1
    );
    assert_eq!(rules.ground("JP-4-1-11", None).unwrap().version, 2);
    assert!(rules.ground("XX-1", None).is_none());
    let cn13 = rules.ground("CN-13", None).unwrap();
    assert_eq!(cn13.invalidation_limit.to_string(), "5y_unless_bad_faith");
    assert_eq!(cn13.invalidation_limit.unless.as_deref(), Some("bad faith"));
}

const GROUNDS_HEAD: &str = "# markwatch-table grounds v1; source: test; licence: test\n\
code\tversion\toffice\tarticle\tsummary\twho_may_act\teffective_from\teffective_to\topposition\tpost_action\tpost_basis\tinvalidation_limit\tnote\n";
const MAPPING_HEAD: &str = "# markwatch-table mapping v1; source: test; licence: test\n\
code\toffice\ttargets\tgoods\twhen\twhy\n";

fn ground_row(code: &str, version: u32, from: &str, to: &str, note: &str) -> String {
    format!("{code}\t{version}\tCN\tArt. 1\tsummary\tanyone\t{from}\t{to}\tyes\tinvalidation\tArt. 44\tnone\t{note}\n")
}

#[test]
fn a_law_change_is_a_table_edit() {
    // A new version of a ground from 2030: same mapping, different note by filing date.
    let grounds = format!(
        "{GROUNDS_HEAD}{}{}",
        ground_row("CN-X", 1, "2014-05-01", "2029-12-31", ""),
        ground_row("CN-X", 2, "2030-01-01", "", "new sentence")
    );
    let mapping =
        format!("{MAPPING_HEAD}CN-X\tCN\tbrand\t*\tscore>=0.8\t{{target}} scores {{score}}\n");
    let rules = Rules::from_tsv(&grounds, &mapping).unwrap();
    let mut f = facts(CN, K::Brand, JP);
    f.filing_date = Some(d("2030-01-01"));
    let g = rules.evaluate(&f);
    assert_eq!(g.len(), 1);
    assert_eq!(
        (g[0].version, g[0].note.as_deref()),
        (2, Some("new sentence"))
    );
    assert_eq!(g[0].why, "TARGET scores 0.90");
    f.score = 0.79;
    assert!(rules.evaluate(&f).is_empty());
}

#[test]
fn bad_tables_are_rejected_naming_line_and_field() {
    let ok_ground = ground_row("CN-X", 1, "2014-05-01", "", "");
    let ok_mapping = format!("{MAPPING_HEAD}CN-X\tCN\t*\t*\t-\twhy\n");
    let cases: Vec<(String, String, &str)> = vec![
        (
            format!(
                "# markwatch-table grounds v2\n{}",
                &GROUNDS_HEAD[GROUNDS_HEAD.find('\n').unwrap() + 1..]
            ),
            ok_mapping.clone(),
            "grounds table line 1",
        ),
        (
            format!(
                "{GROUNDS_HEAD}{}",
                ground_row("CN-X", 1, "2014-13-01", "", "")
            ),
            ok_mapping.clone(),
            "grounds table line 3, field effective_from",
        ),
        (
            format!(
                "{GROUNDS_HEAD}{ok_ground}{}",
                ground_row("CN-X", 2, "2020-01-01", "", "")
            ),
            ok_mapping.clone(),
            "grounds table line 4, field effective_from: CN-X version 2 overlaps version 1",
        ),
        (
            format!(
                "{GROUNDS_HEAD}{}",
                ok_ground.replace("\tnone\t", "\t5 years\t")
            ),
            ok_mapping.clone(),
            "grounds table line 3, field invalidation_limit",
        ),
        (
            format!("{GROUNDS_HEAD}{ok_ground}"),
            format!("{MAPPING_HEAD}CN-Y\tCN\t*\t*\t-\twhy\n"),
            "mapping table line 3, field code",
        ),
        (
            format!("{GROUNDS_HEAD}{ok_ground}"),
            format!("{MAPPING_HEAD}CN-X\tJP\t*\t*\t-\twhy\n"),
            "mapping table line 3, field office",
        ),
        (
            format!("{GROUNDS_HEAD}{ok_ground}"),
            format!("{MAPPING_HEAD}CN-X\tCN\tbrand|planet\t*\t-\twhy\n"),
            "mapping table line 3, field targets",
        ),
        (
            format!("{GROUNDS_HEAD}{ok_ground}"),
            format!("{MAPPING_HEAD}CN-X\tCN\t*\t*\tis_famous\twhy\n"),
            "mapping table line 3, field when: unknown condition",
        ),
        (
            format!("{GROUNDS_HEAD}{ok_ground}"),
            format!("{MAPPING_HEAD}CN-X\tCN\t*\t*\tafter=CN-X\twhy\n"),
            "mapping table line 3, field when: after=CN-X",
        ),
        (
            format!("{GROUNDS_HEAD}{ok_ground}"),
            format!("{MAPPING_HEAD}CN-X\tCN\t*\t*\t-\t{{owner}} copied\n"),
            "mapping table line 3, field why: unknown placeholder {owner}",
        ),
    ];
    for (grounds, mapping, want) in cases {
        let err = Rules::from_tsv(&grounds, &mapping).unwrap_err();
        assert!(err.message().starts_with(want), "{want:?} vs {err}");
        assert!(err.kind().is_user_fault(), "{err}");
    }
    let err = Rules::from_tsv(&format!("{GROUNDS_HEAD}{ok_ground}"), "# other\n").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
}

// ---- deadlines ----

#[test]
fn month_arithmetic_at_month_ends() {
    for (office, event, months, close) in [
        (CN, "2024-01-15", 3, "2024-04-15"),
        (CN, "2024-11-30", 3, "2025-02-28"),
        (CN, "2023-11-30", 3, "2024-02-29"),
        (CN, "2024-08-31", 3, "2024-11-30"),
        (CN, "2024-02-29", 3, "2024-05-29"),
        (CN, "2024-12-31", 3, "2025-03-31"),
        (CN, "2020-02-29", 60, "2025-02-28"),
        (JP, "2024-01-10", 2, "2024-03-10"),
        (JP, "2024-12-30", 2, "2025-02-28"),
        // Japan: an event on a month's last day starts the count on the 1st, so the period
        // ends on the last day of the final month.
        (JP, "2024-11-30", 2, "2025-01-31"),
        (JP, "2024-02-29", 2, "2024-04-30"),
        (JP, "2024-08-31", 2, "2024-10-31"),
        (JP, "2024-12-31", 2, "2025-02-28"),
        (JP, "2019-02-28", 60, "2024-02-29"),
    ] {
        assert_eq!(
            period_end(&office, d(event), months),
            Some(d(close)),
            "{office} {event} + {months} months"
        );
    }
}

fn cn_record(status: Status) -> Record {
    let mut r = Record::new("CN:1", CN, "福冈");
    r.status = status;
    r
}

fn opposition(r: &Record, today: &str) -> markwatch_core::Deadline {
    deadlines(r, &[], &FixedClock(d(today)))
        .into_iter()
        .find(|x| x.action == Action::Opposition)
        .unwrap()
}

#[test]
fn cn_opposition_window_with_a_fixed_clock() {
    let mut r = cn_record(Status::Published);
    r.dates.publication = Some(d("2024-11-30"));
    for (today, state, days_left) in [
        ("2024-11-29", DeadlineState::Upcoming, 91),
        ("2024-11-30", DeadlineState::Open, 90),
        ("2025-02-27", DeadlineState::Open, 1),
        ("2025-02-28", DeadlineState::Open, 0),
        ("2025-03-01", DeadlineState::Closed, -1),
    ] {
        let o = opposition(&r, today);
        assert_eq!((o.state, o.days_left), (state, Some(days_left)), "{today}");
        assert_eq!(o.opens, Some(d("2024-11-30")));
        assert_eq!(o.closes, Some(d("2025-02-28")));
        assert_eq!(o.basis, "Art. 33");
    }
}

#[test]
fn jp_opposition_counts_from_the_gazette() {
    let mut r = Record::new("JP:1", JP, "ふくおか");
    r.status = Status::Registered;
    r.dates.registration = Some(d("2024-11-15"));
    r.dates.gazette = Some(d("2024-12-31"));
    let o = opposition(&r, "2025-02-01");
    assert_eq!(o.closes, Some(d("2025-02-28")));
    assert_eq!((o.state, o.days_left), (DeadlineState::Open, Some(27)));
    assert_eq!(o.basis, "Art. 43-2");
}

#[test]
fn missing_dates_give_a_reason_or_wait_for_the_event() {
    // Published but no publication date: unknown, with the reason.
    let o = opposition(&cn_record(Status::Published), "2025-01-01");
    assert_eq!(o.state, DeadlineState::Unknown);
    assert_eq!(
        o.reason_if_unknown.as_deref(),
        Some("no publication date on the record")
    );
    assert_eq!((o.opens, o.closes, o.days_left), (None, None, None));
    // Registered in China without a publication date: the opposition period is over.
    let o = opposition(&cn_record(Status::Registered), "2025-01-01");
    assert_eq!(
        (o.state, o.closes, o.days_left),
        (DeadlineState::Closed, None, None)
    );
    assert!(o.notes[0].contains("has ended"), "{:?}", o.notes);
    // Merely filed: the window opens on publication.
    let o = opposition(&cn_record(Status::Filed), "2025-01-01");
    assert_eq!(o.state, DeadlineState::Upcoming);
    assert!(o.reason_if_unknown.is_none());
    assert!(o.notes[0].contains("publication"), "{:?}", o.notes);
    // A CN application shows in the public register about 20 days after filing.
    let mut filed = cn_record(Status::Filed);
    filed.dates.filing = Some(d("2025-01-01"));
    let o = opposition(&filed, "2025-01-05");
    assert!(
        o.notes.iter().any(|n| n.contains("from about 2025-01-21")),
        "{:?}",
        o.notes
    );
    // JP registered without a gazette date.
    let mut r = Record::new("JP:1", JP, "X");
    r.status = Status::Registered;
    let all = deadlines(&r, &[], &FixedClock(d("2025-01-01")));
    let o = all.iter().find(|x| x.action == Action::Opposition).unwrap();
    assert_eq!(
        o.reason_if_unknown.as_deref(),
        Some("no registration gazette issue date on the record")
    );
    let n = all
        .iter()
        .find(|x| x.action == Action::NonUseCancellation)
        .unwrap();
    assert_eq!(
        n.reason_if_unknown.as_deref(),
        Some("no registration date on the record")
    );
    // JP pending application: opposition only after registration.
    r.status = Status::Published;
    assert_eq!(opposition(&r, "2025-01-01").state, DeadlineState::Upcoming);
}

fn cn_findings(kind: TargetKind, registered: bool) -> Vec<markwatch_core::GroundFinding> {
    let mut f = facts(CN, kind, JP);
    f.filing_date = Some(d("2020-01-10"));
    if registered {
        f.filing_status = Status::Registered;
    }
    Rules::builtin().evaluate(&f)
}

#[test]
fn invalidation_five_years_for_relative_grounds_none_for_absolute() {
    // A registered CN mark copying a Japanese well-known mark and place name.
    let mut grounds = cn_findings(K::WellKnown, true);
    grounds.extend(cn_findings(K::PlaceKnownAbroad, true));
    let mut r = cn_record(Status::Registered);
    r.dates.publication = Some(d("2019-11-27"));
    r.dates.registration = Some(d("2020-02-29"));
    let all = deadlines(&r, &grounds, &FixedClock(d("2025-03-01")));
    let relative = all
        .iter()
        .find(|x| x.action == Action::Invalidation && x.closes.is_some())
        .unwrap();
    assert!(
        relative.basis.starts_with("Art. 45 ("),
        "{}",
        relative.basis
    );
    assert_eq!(relative.grounds, ["CN-13", "CN-32"]);
    assert_eq!(relative.closes, Some(d("2025-02-28")));
    assert_eq!(
        (relative.state, relative.days_left),
        (DeadlineState::Closed, Some(-1))
    );
    assert!(relative
        .notes
        .iter()
        .any(|n| n == "CN-13: no time limit if bad faith"));
    let absolute = all
        .iter()
        .find(|x| x.action == Action::Invalidation && x.closes.is_none())
        .unwrap();
    assert!(absolute.basis.starts_with("Art. 44"), "{}", absolute.basis);
    assert_eq!(absolute.grounds, ["CN-10-2", "CN-44"]);
    assert_eq!(absolute.state, DeadlineState::Unlimited);
    assert_eq!(absolute.opens, Some(d("2020-02-29")));
    // Opposition is long closed; the CN-44 ground is for invalidation only.
    let o = all.iter().find(|x| x.action == Action::Opposition).unwrap();
    assert_eq!(
        (o.state, o.closes),
        (DeadlineState::Closed, Some(d("2020-02-27")))
    );
    assert!(!o.grounds.contains(&"CN-44".to_string()));
}

#[test]
fn jp_agent_ground_is_a_cancellation_with_its_own_basis() {
    let mut f = facts(JP, K::Brand, CN);
    f.applicant_is_agent_of_owner = true;
    let grounds = Rules::builtin().evaluate(&f);
    let mut r = Record::new("JP:1", JP, "X");
    r.status = Status::Filed;
    let all = deadlines(&r, &grounds, &FixedClock(d("2025-01-01")));
    let c = all
        .iter()
        .find(|x| x.action == Action::Cancellation)
        .unwrap();
    assert_eq!(c.basis, "Art. 53-3 (Art. 53-2)");
    assert_eq!(c.state, DeadlineState::Upcoming);
    assert!(c.notes[0].contains("registration"), "{:?}", c.notes);
    // Not an opposition ground in Japan.
    let o = all.iter().find(|x| x.action == Action::Opposition).unwrap();
    assert!(o.grounds.is_empty());
}

#[test]
fn non_use_cancellation_opens_after_three_years() {
    let mut r = cn_record(Status::Registered);
    r.dates.publication = Some(d("2021-03-06"));
    r.dates.registration = Some(d("2021-06-07"));
    for (today, state) in [
        ("2024-06-07", DeadlineState::Upcoming),
        ("2024-06-08", DeadlineState::Unlimited),
    ] {
        let n = deadlines(&r, &[], &FixedClock(d(today)))
            .into_iter()
            .find(|x| x.action == Action::NonUseCancellation)
            .unwrap();
        assert_eq!(
            (n.opens, n.closes, n.state),
            (Some(d("2024-06-08")), None, state)
        );
        assert_eq!(n.basis, "Art. 49(2)");
    }
}

#[test]
fn dead_filings_close_every_window_and_other_offices_get_none() {
    let mut r = cn_record(Status::Refused);
    r.dates.publication = Some(d("2025-01-10"));
    for x in deadlines(&r, &cn_findings(K::Gi, false), &FixedClock(d("2025-01-20"))) {
        assert_eq!(
            (x.state, x.days_left),
            (DeadlineState::Closed, None),
            "{x:?}"
        );
        assert!(x.notes[0].contains("refused"));
    }
    let r = Record::new("US:1", Office::US, "X");
    assert!(deadlines(&r, &[], &FixedClock(d("2025-01-20"))).is_empty());
}

#[test]
fn every_deadline_says_holidays_are_not_modelled() {
    let mut r = cn_record(Status::Registered);
    r.dates.registration = Some(d("2020-01-01"));
    let all = deadlines(
        &r,
        &cn_findings(K::WellKnown, true),
        &FixedClock(d("2025-01-01")),
    );
    assert!(all.len() >= 3);
    for x in &all {
        assert_eq!(
            x.notes.last().map(String::as_str),
            Some(HOLIDAY_NOTE),
            "{x:?}"
        );
    }
}

#[test]
fn urgency_orders_open_then_upcoming_unlimited_closed_unknown() {
    let clock = FixedClock(d("2025-01-20"));
    let deadline = |publication: Option<&str>, status: Status| {
        let mut r = cn_record(status);
        r.dates.publication = publication.map(d);
        opposition(&r, "2025-01-20")
    };
    let mut registered = cn_record(Status::Registered);
    registered.dates.registration = Some(d("2015-01-01"));
    let unlimited = deadlines(&registered, &[], &clock)
        .into_iter()
        .find(|x| x.state == DeadlineState::Unlimited)
        .unwrap();
    let mut list = vec![
        deadline(None, Status::Published),               // unknown
        deadline(Some("2024-01-01"), Status::Published), // closed long ago
        deadline(Some("2024-10-01"), Status::Published), // closed recently
        unlimited,                                       // unlimited
        deadline(Some("2025-02-01"), Status::Published), // upcoming
        deadline(Some("2024-12-01"), Status::Published), // open, closes 2025-03-01
        deadline(Some("2024-11-01"), Status::Published), // open, closes 2025-02-01
    ];
    sort_by_urgency(&mut list);
    let got: Vec<(DeadlineState, Option<NaiveDate>)> =
        list.iter().map(|x| (x.state, x.closes)).collect();
    use DeadlineState::*;
    assert_eq!(
        got,
        vec![
            (Open, Some(d("2025-02-01"))),
            (Open, Some(d("2025-03-01"))),
            (Upcoming, Some(d("2025-05-01"))),
            (Unlimited, None),
            (Closed, Some(d("2025-01-01"))),
            (Closed, Some(d("2024-04-01"))),
            (Unknown, None),
        ]
    );
    assert!(Urgency::of(&list[..1]) < Urgency::of(&list[2..]));
    assert_eq!(Urgency::of(&[]), Urgency::NONE);
}

#[test]
fn snapshot_of_findings_and_deadlines() {
    let mut f = facts(CN, K::Gi, JP);
    f.target_name = "宮崎牛".into();
    f.filing_classes = classes(&[29]);
    f.applicant_bad_faith_score = Some(0.82);
    f.is_identical = false;
    let grounds = Rules::builtin().evaluate(&f);
    let mut r = Record::new("CN:70000001", CN, "宫崎牛");
    r.status = Status::Published;
    r.dates.filing = Some(d("2025-03-01"));
    r.dates.publication = Some(d("2025-11-30"));
    let dl = deadlines(&r, &grounds, &FixedClock(d("2026-01-15")));
    insta::assert_json_snapshot!(
        "rules_cn_gi_findings_and_deadlines",
        serde_json::json!({ "grounds": grounds, "deadlines": dl })
    );

    // A registered JP mark filed after the consent exception, by the owner's distributor,
    // copying a mark well known in Japan.
    let mut f = facts(JP, K::WellKnown, JP);
    f.target_name = "白い恋人".into();
    f.target_registered_in_filing_office = Some(true);
    f.filing_date = Some(d("2024-05-10"));
    f.filing_status = Status::Registered;
    f.applicant_is_agent_of_owner = true;
    let grounds = Rules::builtin().evaluate(&f);
    let mut r = Record::new("JP:2024-050001", JP, "白い恋人");
    r.status = Status::Registered;
    r.dates.filing = f.filing_date;
    r.dates.registration = Some(d("2024-11-29"));
    r.dates.gazette = Some(d("2024-12-31"));
    let dl = deadlines(&r, &grounds, &FixedClock(d("2025-02-10")));
    insta::assert_json_snapshot!(
        "rules_jp_registered_agent_findings_and_deadlines",
        serde_json::json!({ "grounds": grounds, "deadlines": dl })
    );
}

/// The public evaluation cases (`../shared/eval`), if present: every expected (filing, watch
/// entry) pair, turned into facts the way `screen` will (kind and country from the watch list,
/// goods relation from the classes), raises at least one ground, except a Japanese filing of a
/// foreign brand that is neither registered in Japan nor known to be well known, for which the
/// Trademark Act has no ground (Japan is first-to-file).
#[test]
fn eval_pairs_raise_grounds() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval");
    if !dir.join("expect.tsv").exists() {
        eprintln!("skipped: {} not found", dir.display());
        return;
    }
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let mut watch = std::collections::BTreeMap::new();
    let watch_csv = read("watch.csv");
    let mut rdr = csv::Reader::from_reader(watch_csv.as_bytes());
    for row in rdr.records() {
        let row = row.unwrap();
        let classes: Vec<u32> = row[5]
            .split(';')
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().parse().unwrap())
            .collect();
        let name = row[2].split('|').next().unwrap().to_string();
        watch.insert(
            row[0].to_string(),
            (row[1].to_string(), name, row[4].to_string(), classes),
        );
    }
    let mut filings = std::collections::BTreeMap::new();
    for line in read("filings.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        filings.insert(v["id"].as_str().unwrap().to_string(), v);
    }
    let (mut pairs, mut with_grounds) = (0, 0);
    for line in read("expect.tsv").lines() {
        let Some((fid, wid)) = line.split_once('\t') else {
            continue;
        };
        if wid.trim() == "-" {
            continue;
        }
        let v = &filings[fid];
        let (kind, name, country, wclasses) = &watch[wid.trim()];
        let office: Office = v["office"].as_str().unwrap().parse().unwrap();
        let fclasses: Vec<u32> = v["classes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_u64().unwrap() as u32)
            .collect();
        let mut f = MatchFacts::new(
            office.clone(),
            TargetKind::from_register_kind(kind).unwrap(),
        );
        f.filing_date = v["filing_date"].as_str().map(d);
        f.filing_classes = classes(&fclasses);
        f.wine_or_spirits = fclasses.contains(&33);
        f.target_name = name.clone();
        f.target_country = country.parse().ok();
        f.goods_relation = if wclasses.is_empty() {
            GoodsRelation::All
        } else if wclasses.iter().any(|c| fclasses.contains(c)) {
            GoodsRelation::Strong
        } else {
            GoodsRelation::Weak
        };
        let grounds = Rules::builtin().evaluate(&f);
        pairs += 1;
        let exempt = office == JP && f.target_kind == K::Brand && f.target_country != Some(JP);
        if !grounds.is_empty() {
            with_grounds += 1;
        } else {
            assert!(exempt, "{fid} vs {wid}: no ground for {f:?}");
        }
        for g in &grounds {
            assert_eq!(g.office, office, "{fid}");
            assert!(g.why.contains(name.as_str()), "{fid}: {}", g.why);
        }
    }
    eprintln!("{with_grounds} of {pairs} expected pairs raise grounds");
    assert!(
        pairs > 40 && with_grounds * 10 >= pairs * 9,
        "{with_grounds} of {pairs}"
    );
}

proptest::proptest! {
    /// `period_end` lands exactly `months` calendar months later, on the event's day number
    /// or the month's last day when the month is shorter (JP: the last day when the event was
    /// a month end).
    #[test]
    fn period_end_lands_on_the_corresponding_day(days in 0u64..36_500, months in 1u32..=120) {
        use chrono::Datelike;
        let event = d("2000-01-01") + chrono::Days::new(days);
        let month_end = |x: NaiveDate| x.succ_opt().unwrap().day() == 1;
        for office in [CN, JP] {
            let end = period_end(&office, event, months).unwrap();
            let index = |x: NaiveDate| x.year() * 12 + x.month0() as i32;
            proptest::prop_assert_eq!(index(end), index(event) + months as i32);
            if office == JP && month_end(event) {
                proptest::prop_assert!(month_end(end));
            } else if end.day() != event.day() {
                proptest::prop_assert!(end.day() < event.day() && month_end(end));
            }
        }
    }
}
