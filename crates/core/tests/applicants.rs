//! Applicant profiles: name normalization, grouping, each indicator, score bounds, JSON shape.

use std::collections::HashMap;

use chrono::NaiveDate;
use markwatch_core::applicants::{
    name_key, ApplicantKind, Matches, Overrides, Profile, ProfileConfig, Profiler, SideData,
    TargetRef,
};
use markwatch_core::{GoodsClass, NiceClass, Office, Party, Record};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A CN record filed on `date` by `applicant` (with `address`, if any) in `classes`.
fn rec(
    id: &str,
    mark: &str,
    applicant: &str,
    address: Option<&str>,
    classes: &[u32],
    date: &str,
) -> Record {
    let mut r = Record::new(id, Office::CN, mark);
    r.applicants.push(Party {
        name: applicant.into(),
        country: None,
        address: address.map(str::to_string),
    });
    r.classes = classes
        .iter()
        .map(|&c| GoodsClass::bare(NiceClass::new(c).unwrap()))
        .collect();
    r.dates.filing = Some(day(date));
    r
}

fn target(id: &str, kind: &str, owner: Option<&str>) -> TargetRef {
    TargetRef {
        target_id: id.into(),
        kind: kind.into(),
        owner: owner.map(str::to_string),
        date: None,
    }
}

/// Ordinary applicants that give the baseline something to measure: 40 individuals and 40
/// companies with a few filings each, years apart.
fn background() -> Vec<Record> {
    let mut out = Vec::new();
    for i in 0..40 {
        for k in 0..2 {
            out.push(rec(
                &format!("BG:P{i}-{k}"),
                &format!("Mark{i}x{k}"),
                &format!("个人{}", char::from_u32(0x4E00 + i as u32 * 7).unwrap()),
                None,
                &[1 + (i % 40) as u32],
                &format!("{}-01-15", 2010 + k),
            ));
            out.push(rec(
                &format!("BG:C{i}-{k}"),
                &format!("Brand{i}y{k}"),
                &format!("Company{i} Co., Ltd."),
                None,
                &[1 + (i % 40) as u32],
                &format!("{}-06-15", 2012 + k),
            ));
        }
    }
    out
}

fn profile_of<'a>(profiles: &'a [Profile], key: &str) -> &'a Profile {
    profiles
        .iter()
        .find(|p| p.names.iter().any(|n| n == &name_key(key).key))
        .unwrap_or_else(|| panic!("no profile for {key}"))
}

fn indicator<'a>(p: &'a Profile, name: &str) -> &'a markwatch_core::applicants::Indicator {
    p.indicators.iter().find(|i| i.name == name).unwrap()
}

fn run(records: &[Record], matches: &Matches) -> Vec<Profile> {
    Profiler::new(ProfileConfig::default()).profile_all(records.iter(), matches)
}

mod names {
    use super::*;

    #[test]
    fn same_party_in_any_script_legal_form_and_order() {
        let same: &[(&str, &str)] = &[
            // Japanese legal forms, before or after the name, and abbreviated.
            ("株式会社松阪商事", "松阪商事株式会社"),
            ("㈱松阪商事", "松阪商事株式会社"),
            ("(株)松阪商事", "松阪商事"),
            ("有限会社山田酒造", "山田酒造有限会社"),
            ("合同会社サクラ", "サクラ合同会社"),
            // Chinese legal forms, simplified and traditional.
            ("广州示例有限公司", "廣州示例有限公司"),
            ("广州示例股份有限公司", "广州示例有限责任公司"),
            ("天和集团股份有限公司", "天和有限公司"),
            // English legal forms, case, width and punctuation.
            ("Sony Co., Ltd.", "SONY CORPORATION"),
            ("Sony Inc.", "ＳＯＮＹ　ＬＬＣ"),
            ("Sony GmbH", "sony"),
            ("Acme Co.,Ltd", "ACME Ltd."),
            // Shinjitai, traditional and simplified hanzi of one name; katakana and hiragana.
            ("廣島物産株式会社", "广岛物产有限公司"),
            ("澤田", "沢田"),
            ("サクラ", "さくら"),
        ];
        for (a, b) in same {
            assert_eq!(name_key(a).key, name_key(b).key, "{a} vs {b}");
        }
        let different: &[(&str, &str)] = &[
            ("松阪商事", "松坂商事物産"),
            ("Sony", "Sonic"),
            ("王小明", "王小红"),
        ];
        for (a, b) in different {
            assert_ne!(name_key(a).key, name_key(b).key, "{a} vs {b}");
        }
    }

    #[test]
    fn kinds_from_the_name() {
        let cases: &[(&str, ApplicantKind)] = &[
            ("王小明", ApplicantKind::Individual),
            ("山田太郎", ApplicantKind::Individual),
            ("John Smith", ApplicantKind::Individual),
            ("株式会社松阪商事", ApplicantKind::Company),
            ("松阪商事", ApplicantKind::Company),
            ("Acme Trading", ApplicantKind::Company),
            ("广州示例有限公司", ApplicantKind::Company),
            ("上海某某商标代理有限公司", ApplicantKind::Agency),
            ("北京某某知识产权代理有限公司", ApplicantKind::Agency),
            ("山田国際特許事務所", ApplicantKind::Agency),
            ("Example Patent and Trademark Agency", ApplicantKind::Agency),
        ];
        for (name, kind) in cases {
            assert_eq!(name_key(name).kind, *kind, "{name}");
        }
    }

    #[test]
    fn legal_form_alone_is_not_empty() {
        assert!(!name_key("株式会社").key.is_empty());
        assert_ne!(name_key("株式会社").key, name_key("有限公司").key);
    }
}

mod grouping {
    use super::*;

    #[test]
    fn shared_address_groups_and_explains() {
        let records = vec![
            rec(
                "A1",
                "甲",
                "王小明",
                Some("杭州市文三路100号1楼101室"),
                &[33],
                "2024-01-01",
            ),
            rec(
                "A2",
                "乙",
                "李红",
                Some("杭州市 文三路 100号 1楼 101室"),
                &[33],
                "2024-01-02",
            ),
            rec(
                "A3",
                "丙",
                "赵刚",
                Some("宁波市人民路5号"),
                &[33],
                "2024-01-03",
            ),
        ];
        let profiles = run(&records, &Matches::new());
        let p = profile_of(&profiles, "王小明");
        assert_eq!(p.members.len(), 2);
        assert!(p.names.contains(&name_key("李红").key));
        assert_eq!(p.why.len(), 1);
        assert!(
            p.why[0].why.starts_with("same address: "),
            "{}",
            p.why[0].why
        );
        assert_eq!(profile_of(&profiles, "赵刚").members.len(), 1);
    }

    #[test]
    fn shared_individual_representative_groups_but_agency_does_not() {
        let mut a = rec("R1", "甲", "甲公司有限公司", None, &[33], "2024-01-01");
        let mut b = rec("R2", "乙", "乙公司有限公司", None, &[33], "2024-01-01");
        a.representative = Some(Party::named("张伟"));
        b.representative = Some(Party::named("张伟"));
        let mut c = rec("R3", "丙", "丙公司有限公司", None, &[33], "2024-01-01");
        let mut d = rec("R4", "丁", "丁公司有限公司", None, &[33], "2024-01-01");
        c.representative = Some(Party::named("上海某某商标代理有限公司"));
        d.representative = Some(Party::named("上海某某商标代理有限公司"));
        let profiles = run(&[a, b, c, d], &Matches::new());
        let p = profile_of(&profiles, "甲公司有限公司");
        assert_eq!(p.members.len(), 2);
        assert!(p.why[0].why.starts_with("same representative: "));
        assert_eq!(profile_of(&profiles, "丙公司有限公司").members.len(), 1);
    }

    #[test]
    fn co_applicants_and_contacts_group() {
        let mut r = rec("C1", "甲", "王小明", None, &[33], "2024-01-01");
        r.applicants.push(Party::named("李红"));
        let s = rec("C2", "乙", "赵刚", None, &[33], "2024-01-01");
        let side = SideData::parse(
            "{\"type\":\"contact\",\"applicant\":\"赵刚\",\"contact\":\"+86 571 1234\"}\n\
             {\"type\":\"contact\",\"applicant\":\"王小明\",\"contact\":\"+865711234\"}\n",
            "side.jsonl",
        )
        .unwrap();
        let profiles = Profiler::new(ProfileConfig::default())
            .with_side_data(side)
            .profile_all([r, s].iter(), &Matches::new());
        assert_eq!(profiles.len(), 1);
        let whys: Vec<&str> = profiles[0].why.iter().map(|l| l.why.as_str()).collect();
        assert!(whys.contains(&"co-applicants on C1"), "{whys:?}");
        assert!(
            whys.iter().any(|w| w.starts_with("same contact: ")),
            "{whys:?}"
        );
    }

    #[test]
    fn address_shared_by_too_many_names_links_none() {
        let records: Vec<Record> = (0..25)
            .map(|i| {
                rec(
                    &format!("M{i}"),
                    "甲",
                    &format!("Firm{i} Ltd."),
                    Some("1 Registered Office Road, Hong Kong"),
                    &[9],
                    "2024-01-01",
                )
            })
            .collect();
        let profiler = Profiler::new(ProfileConfig::default());
        let none = Matches::new();
        let a = profiler.analyze(records.iter(), &none);
        assert_eq!(a.len(), 25);
        assert!(
            a.notes()[0].contains("shared by more than 20 names"),
            "{:?}",
            a.notes()
        );
    }

    #[test]
    fn overrides_split_and_merge() {
        let records = [
            rec(
                "O1",
                "甲",
                "王小明",
                Some("杭州市文三路100号1楼101室"),
                &[33],
                "2024-01-01",
            ),
            rec(
                "O2",
                "乙",
                "李红",
                Some("杭州市文三路100号1楼101室"),
                &[33],
                "2024-01-02",
            ),
            rec("O3", "丙", "Zhao Gang", None, &[33], "2024-01-03"),
        ];
        let overrides =
            Overrides::parse("split\t李红\nmerge\t王小明\tZHAO GANG\n", "o.tsv").unwrap();
        let profiles = Profiler::new(ProfileConfig::default())
            .with_overrides(overrides)
            .profile_all(records.iter(), &Matches::new());
        let p = profile_of(&profiles, "王小明");
        assert!(p.names.contains(&name_key("Zhao Gang").key));
        assert!(!p.names.contains(&name_key("李红").key));
        assert_eq!(p.why[0].why, "merged by override");
        assert_eq!(profile_of(&profiles, "李红").members.len(), 1);
    }
}

mod indicators {
    use super::*;

    #[test]
    fn volume_against_the_baseline_of_its_kind() {
        let mut records = background();
        for k in 0..40 {
            records.push(rec(
                &format!("V{k}"),
                &format!("Coin{k}"),
                "Hoard Trading Co., Ltd.",
                None,
                &[1 + k % 30],
                &format!("2024-03-{:02}", 1 + k % 28),
            ));
        }
        let profiles = run(&records, &Matches::new());
        let p = profile_of(&profiles, "Hoard Trading Co., Ltd.");
        let v = indicator(p, "volume");
        assert_eq!(v.value, 40.0);
        assert_eq!(v.strength, 1.0, "{}", v.explanation);
        assert!(
            v.explanation
                .contains("baseline for company applicants: 10"),
            "{}",
            v.explanation
        );
        let c = indicator(p, "class_spread");
        assert_eq!(c.value, 30.0);
        assert_eq!(c.strength, 1.0);
        assert!(p.score >= 0.5, "{}", p.score);
        assert_eq!(p.grounds_hint, ["CN-4", "JP-3-1", "JP-4-1-7"]);
        // The background stays low.
        let bg = profile_of(&profiles, "Company1 Co., Ltd.");
        assert_eq!(bg.score, 0.0);
        assert!(bg.grounds_hint.is_empty());
    }

    #[test]
    fn house_mark_in_many_classes_is_not_hoarding() {
        let mut records = background();
        for c in 1..=40u32 {
            records.push(rec(
                &format!("H{c}"),
                if c % 2 == 0 { "TOYOTA" } else { "Toyota" },
                "Toyota Motor Corporation",
                None,
                &[c],
                "2024-03-01",
            ));
        }
        let mut matches = Matches::new();
        matches.insert(
            "H1".into(),
            vec![target("B-toyota", "brand", Some("TOYOTA MOTOR CORP."))],
        );
        let profiles = run(&records, &matches);
        let p = profile_of(&profiles, "Toyota Motor Corporation");
        assert_eq!(indicator(p, "volume").value, 1.0);
        assert_eq!(indicator(p, "class_spread").strength, 0.0);
        assert_eq!(
            indicator(p, "third_party_share").value,
            0.0,
            "own mark is not third party"
        );
        assert!(p.score < 0.1, "{}", p.score);
    }

    #[test]
    fn third_party_share_and_distinct_targets() {
        let mut records = background();
        let mut matches = Matches::new();
        for k in 0..10 {
            let id = format!("S{k}");
            records.push(rec(
                &id,
                &format!("酒{k}"),
                "王小明",
                None,
                &[33],
                &format!("20{}-05-01", 15 + k),
            ));
            matches.insert(
                id,
                vec![target(
                    &format!("SAKE-{k}"),
                    "brand",
                    Some(&format!("酒造{k}株式会社")),
                )],
            );
        }
        let profiles = run(&records, &matches);
        let p = profile_of(&profiles, "王小明");
        let share = indicator(p, "third_party_share");
        assert_eq!(share.value, 1.0);
        assert_eq!(share.strength, 1.0);
        assert!(share.missing_input.is_none());
        let t = indicator(p, "distinct_targets");
        assert_eq!(t.value, 10.0);
        assert!(
            t.explanation
                .starts_with("10 distinct targets of 10 distinct owners"),
            "{}",
            t.explanation
        );
        assert_eq!(t.factors, [4, 5]);
        assert_eq!(t.jp_articles, ["JP-4-1-7", "JP-4-1-19"]);
        assert!(p.score >= 0.5);
        assert!(p.grounds_hint.contains(&"JP-4-1-19".to_string()));
        assert_eq!(p.filings[0].targets, ["SAKE-0"]);
    }

    #[test]
    fn near_miss_variants_of_one_target() {
        let mut records = background();
        let mut matches = Matches::new();
        for (k, mark) in ["松阪牛", "松坂牛", "松板牛"].iter().enumerate() {
            let id = format!("N{k}");
            records.push(rec(
                &id,
                mark,
                "某某食品有限公司",
                None,
                &[29],
                "2024-02-01",
            ));
            matches.insert(id, vec![target("G-matsusaka", "gi", Some("松阪牛協議会"))]);
        }
        let profiles = run(&records, &matches);
        let p = profile_of(&profiles, "某某食品有限公司");
        let n = indicator(p, "near_miss");
        assert_eq!(n.value, 3.0);
        assert_eq!(n.strength, 1.0);
        assert!(n.explanation.contains("G-matsusaka"));
        assert!(p.score >= 0.5);
    }

    #[test]
    fn timing_after_the_targets_own_date() {
        let mut records = background();
        let mut matches = Matches::new();
        for (k, date) in ["2024-01-10", "2024-02-10", "2024-03-10", "2026-01-01"]
            .iter()
            .enumerate()
        {
            let id = format!("T{k}");
            records.push(rec(&id, &format!("品牌{k}"), "李四", None, &[30], date));
            let mut t = target(&format!("B{k}"), "brand", Some("Other Co."));
            t.date = Some(day("2024-01-01"));
            matches.insert(id, vec![t]);
        }
        let profiles = run(&records, &matches);
        let t = indicator(profile_of(&profiles, "李四"), "timing");
        assert_eq!(t.value, 3.0, "{}", t.explanation);
        assert_eq!(t.strength, 1.0);
    }

    #[test]
    fn group_spread_over_the_jpo_threshold() {
        let mut records = background();
        for k in 0..3 {
            let mut r = rec(
                &format!("G{k}"),
                &format!("Wide{k}"),
                "Broad Foods Co., Ltd.",
                None,
                &[29],
                "2020-01-01",
            );
            r.classes[0].jp_groups = (0..9).map(|i| format!("32F{i:02}")).collect();
            records.push(r);
        }
        records.push(rec(
            "G9",
            "Narrow",
            "Broad Foods Co., Ltd.",
            None,
            &[29],
            "2021-01-01",
        ));
        let profiles = run(&records, &Matches::new());
        let g = indicator(
            profile_of(&profiles, "Broad Foods Co., Ltd."),
            "group_spread",
        );
        assert_eq!(g.value, 3.0);
        assert_eq!(g.strength, 0.75);
    }

    #[test]
    fn assignments_and_adverse_findings_from_side_data() {
        let mut records = background();
        let mut r = rec("X1", "Flip", "转让人", None, &[25], "2022-01-01");
        r.dates.registration = Some(day("2023-01-01"));
        records.push(r);
        let mut r = rec("X2", "Flop", "转让人", None, &[25], "2022-01-01");
        r.dates.registration = Some(day("2023-01-01"));
        records.push(r);
        let side = SideData::parse(
            "{\"type\":\"assignment\",\"record_id\":\"X1\",\"date\":\"2023-02-01\"}\n\
             {\"type\":\"assignment\",\"record_id\":\"X2\",\"date\":\"2027-02-01\"}\n\
             {\"type\":\"adverse\",\"applicant\":\"转让人\",\"decision\":\"Art. 4\"}\n",
            "side.jsonl",
        )
        .unwrap();
        let profiles = Profiler::new(ProfileConfig::default())
            .with_side_data(side)
            .profile_all(records.iter(), &Matches::new());
        let p = profile_of(&profiles, "转让人");
        assert_eq!(
            indicator(p, "assignments").value,
            1.0,
            "the late one does not count"
        );
        assert_eq!(indicator(p, "adverse").value, 1.0);
        assert_eq!(indicator(p, "adverse").factors, [3]);
        assert!(indicator(p, "assignments").missing_input.is_none());
        assert!(indicator(p, "third_party_share").missing_input.is_some());
    }

    #[test]
    fn agency_outside_class_45() {
        let records = vec![
            rec(
                "AG1",
                "Own",
                "上海某某商标代理有限公司",
                None,
                &[45],
                "2020-01-01",
            ),
            rec(
                "AG2",
                "Other",
                "北京某某知识产权代理有限公司",
                None,
                &[33, 45],
                "2020-01-01",
            ),
        ];
        let profiles = run(&records, &Matches::new());
        let own = profile_of(&profiles, "上海某某商标代理有限公司");
        assert_eq!(indicator(own, "agency").value, 0.0);
        assert!(own.score < 0.5);
        let other = profile_of(&profiles, "北京某某知识产权代理有限公司");
        let a = indicator(other, "agency");
        assert_eq!(a.value, 1.0);
        assert_eq!(a.cn_articles, ["CN-19-4"]);
        assert!(other.score >= 0.5);
        assert!(other.grounds_hint.contains(&"CN-19-4".to_string()));
        assert_eq!(profiles[0].group_id, other.group_id, "ranked first");
    }
}

mod bounds {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn score_stays_in_unit_interval(
            filings in proptest::collection::vec((0u8..6, 0u8..8, 1u32..46, 0u32..400, any::<bool>(), 0usize..12), 1..60),
            weights in proptest::collection::vec(0.0f64..=1.0, 10),
            window in 1u32..90,
        ) {
            let names = ["王小明", "株式会社甲", "乙有限公司", "某某商标代理有限公司", "Acme Inc.", "李红"];
            let mut records = Vec::new();
            let mut matches: HashMap<String, Vec<TargetRef>> = HashMap::new();
            for (i, (who, mark, class, d, matched, groups)) in filings.iter().enumerate() {
                let id = format!("P{i}");
                let date = day("2020-01-01") + chrono::Days::new(u64::from(*d));
                let mut r = rec(&id, &format!("M{mark}"), names[*who as usize], Some("杭州市文三路100号"), &[*class], &date.to_string());
                r.classes[0].cn_groups = (0..*groups).map(|g| g.to_string()).collect();
                records.push(r);
                if *matched {
                    matches.insert(id, vec![target(&format!("T{mark}"), "brand", None)]);
                }
            }
            let mut config = ProfileConfig { window_days: window, ..ProfileConfig::default() };
            let w = &mut config.weights;
            for (slot, v) in [&mut w.volume, &mut w.class_spread, &mut w.group_spread, &mut w.third_party_share,
                &mut w.distinct_targets, &mut w.near_miss, &mut w.timing, &mut w.assignments, &mut w.adverse,
                &mut w.agency].into_iter().zip(&weights) {
                *slot = *v;
            }
            config.validate().unwrap();
            for p in Profiler::new(config).profile_all(records.iter(), &matches) {
                prop_assert!((0.0..=1.0).contains(&p.score), "{}", p.score);
                for i in &p.indicators {
                    prop_assert!((0.0..=1.0).contains(&i.strength), "{} {}", i.name, i.strength);
                }
            }
        }
    }
}

mod snapshots {
    use super::*;

    #[test]
    fn near_miss_squatter_profile_json() {
        let mut records = Vec::new();
        let mut matches = Matches::new();
        for (k, (mark, name)) in [
            ("松阪牛", "王小明"),
            ("松坂牛", "王小明"),
            ("松板牛", "王曉明"),
        ]
        .iter()
        .enumerate()
        {
            let id = format!("CN:7000000{k}");
            let mut r = rec(
                &id,
                mark,
                name,
                Some("杭州市文三路100号"),
                &[29],
                &format!("2025-03-0{}", k + 1),
            );
            r.classes[0].cn_groups = vec!["2901".into()];
            records.push(r);
            let mut t = target("G-matsusaka", "gi", Some("松阪牛協議会"));
            t.date = Some(day("2025-01-15"));
            matches.insert(id, vec![t]);
        }
        let profiles = run(&records, &matches);
        insta::assert_json_snapshot!(profiles[0]);
    }
}
