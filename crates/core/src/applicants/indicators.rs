//! The indicators, their strengths and the combined score.
//!
//! Each indicator has a raw `value` (a count or a share), a `strength` in [0, 1] from a
//! documented ramp, and a weight from [`super::Weights`]. The score is
//! `1 − Π(1 − weight × strength)`.
//!
//! | indicator | value | strength | SAMR Art. 8 | JP |
//! |---|---|---|---|---|
//! | `volume` | distinct marks filed in the busiest `window_days` | 0 at the baseline, 1 at `volume_full_ratio` × baseline | 1 | JP-3-1 |
//! | `class_spread` | distinct Nice classes in the busiest `class_window_days` | ramp `class_spread_min`→`class_spread_full`, × ramp of mark families in that window 1→`family_full` | 1 | JP-3-1 |
//! | `group_spread` | filings with ≥ `groups_per_class_threshold` similar groups in one class | share of such filings × ramp 0→3 | 1 | JP-3-1 |
//! | `third_party_share` | share of filings matching a third party's target | share gate × ramp of matched filings 1→4 | 4, 5 | JP-4-1-7, JP-4-1-19 |
//! | `distinct_targets` | distinct third-party targets copied | share gate × ramp 1→`targets_full` of min(targets, matched filings) | 4, 5 | JP-4-1-7, JP-4-1-19 |
//! | `near_miss` | most different marks (as written, before variant folding) matching one target, each within one edit per three characters of another | ramp 1→3 | 4 | JP-4-1-7 |
//! | `timing` | matched filings within `timing_days` after the target's date | share gate × ramp 0→3 | 4, 6 | JP-4-1-19 |
//! | `assignments` | assignments within `assignment_days` after registration | ramp 0→3 | 1 | JP-4-1-7 |
//! | `adverse` | earlier adverse findings | ramp 0→2 | 3 | JP-4-1-7 |
//! | `agency` | an agency's filings designating a class other than 45 | ramp 0→1 | 6 | — (CN-19-4) |
//!
//! The share gate is ramp `share_min`→`share_full` of the share of filings that match a
//! third party's target: matches come from fuzzy screening, and an applicant whose filings are
//! mostly its own coinages with an occasional likeness is not copying. Near-miss variants are
//! not gated: several close variants of one target are deliberate whatever else is filed.
//!
//! The baseline of `volume` is the `baseline_percentile` of the same measure over all groups
//! of the same kind (individuals; companies and agencies), never below the kind's floor.
//! Marks of one family (one folded text) count once, so a conglomerate filing its house mark
//! in thirty classes has a volume of 1 and no class-spread strength.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::names::{name_key, ApplicantKind};
use super::{Analysis, FilingRef, Member, Profile, TargetRef};

/// One indicator's value, strength and explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// The indicator's name (`volume`, `class_spread`, …; see the module table).
    pub name: String,
    /// The raw value: a count or a share.
    pub value: f64,
    /// The value mapped to [0, 1].
    pub strength: f64,
    /// The configured weight in [0, 1].
    pub weight: f64,
    /// `weight × strength`: this indicator's own contribution to the noisy-or.
    pub contribution: f64,
    /// What was measured, in words, with the numbers.
    pub explanation: String,
    /// SAMR Provisions Art. 8 factor numbers this indicator bears on.
    pub factors: Vec<u8>,
    /// Japanese grounds it supports (`JP-3-1`, `JP-4-1-7`, `JP-4-1-19`).
    pub jp_articles: Vec<String>,
    /// Chinese grounds it supports beyond CN-4 (`CN-19-4`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cn_articles: Vec<String>,
    /// Set when the input this indicator needs was not supplied (the value is then 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_input: Option<String>,
}

/// A score with the scores it was made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// The value explained.
    pub value: f64,
    /// How it was computed.
    pub description: String,
    /// The parts, when it was combined from parts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<Explanation>,
}

/// Indicator names in output order.
const NAMES: [&str; 10] = [
    "volume",
    "class_spread",
    "group_spread",
    "third_party_share",
    "distinct_targets",
    "near_miss",
    "timing",
    "assignments",
    "adverse",
    "agency",
];

/// The numbers of one group.
#[derive(Debug, Clone, Default)]
pub(crate) struct Metrics {
    pub primary: u32,
    pub kind: Option<ApplicantKind>,
    pub filings: usize,
    pub peak: usize,
    pub peak_filings: usize,
    pub peak_start: Option<NaiveDate>,
    pub families: usize,
    pub classes: u32,
    pub class_families: usize,
    pub class_start: Option<NaiveDate>,
    pub over_groups: usize,
    pub matched: usize,
    pub targets: Vec<String>,
    pub owners: usize,
    pub near_miss: usize,
    pub near_miss_target: Option<String>,
    pub timely: usize,
    pub assignments: usize,
    pub adverse: usize,
    pub agency_outside: usize,
    pub strengths: [f64; 10],
    pub score: f64,
}

fn ramp(x: f64, lo: f64, hi: f64) -> f64 {
    if hi <= lo {
        return if x > lo { 1.0 } else { 0.0 };
    }
    ((x - lo) / (hi - lo)).clamp(0.0, 1.0)
}

/// True if and only if `t` is a third party's target for a group whose member keys are `keys`.
fn third_party(t: &TargetRef, keys: &[&str], owner_keys: &mut HashMap<String, String>) -> bool {
    match &t.owner {
        None => true,
        Some(owner) => {
            let k = owner_keys
                .entry(owner.clone())
                .or_insert_with(|| name_key(owner).key);
            !keys.contains(&k.as_str())
        }
    }
}

/// Computes every group's metrics, the baselines, strengths and scores.
pub(crate) fn compute(a: &mut Analysis<'_>) {
    let cfg = a.config.clone();
    let window = i64::from(cfg.window_days);
    let mut owner_keys: HashMap<String, String> = HashMap::new();
    let mut assignments: HashMap<&str, Vec<NaiveDate>> = HashMap::new();
    for s in &a.side.assignments {
        assignments
            .entry(s.record_id.as_str())
            .or_default()
            .push(s.date);
    }
    let mut adverse: HashMap<String, usize> = HashMap::new();
    for f in &a.side.adverse {
        *adverse.entry(name_key(&f.applicant).key).or_default() += 1;
    }
    let mut metrics: Vec<Metrics> = Vec::with_capacity(a.groups.len());
    for g in &a.groups {
        let mut m = Metrics::default();
        let keys: Vec<&str> = g
            .nodes
            .iter()
            .map(|&n| a.nodes[n as usize].key.as_str())
            .collect();
        // Kind and primary member.
        let mut per_node: HashMap<u32, usize> = HashMap::new();
        for &f in &g.filings {
            *per_node.entry(a.filings[f as usize].node).or_default() += 1;
        }
        m.primary = *g
            .nodes
            .iter()
            .max_by(|&&x, &&y| {
                let (cx, cy) = (per_node.get(&x).copied(), per_node.get(&y).copied());
                cx.cmp(&cy)
                    .then_with(|| a.nodes[y as usize].key.cmp(&a.nodes[x as usize].key))
            })
            .unwrap_or(&0);
        let kind = g
            .nodes
            .iter()
            .map(|&n| a.nodes[n as usize].kind)
            .max()
            .unwrap_or(ApplicantKind::Individual);
        m.kind = Some(kind);
        m.filings = g.filings.len();
        // Volume: distinct families in the busiest window (filings are sorted by date).
        let dated: Vec<(NaiveDate, u64)> = g
            .filings
            .iter()
            .filter_map(|&f| {
                let f = &a.filings[f as usize];
                f.date.map(|d| (d, f.family))
            })
            .collect();
        let mut in_window: HashMap<u64, usize> = HashMap::new();
        let mut lo = 0;
        for hi in 0..dated.len() {
            *in_window.entry(dated[hi].1).or_default() += 1;
            while (dated[hi].0 - dated[lo].0).num_days() >= window {
                let e = in_window.entry(dated[lo].1).or_default();
                *e -= 1;
                if *e == 0 {
                    in_window.remove(&dated[lo].1);
                }
                lo += 1;
            }
            if in_window.len() > m.peak {
                m.peak = in_window.len();
                m.peak_filings = hi + 1 - lo;
                m.peak_start = Some(dated[lo].0);
            }
        }
        let (classes, class_families, class_start) =
            class_window(&a.filings, &g.filings, i64::from(cfg.class_window_days));
        m.classes = classes;
        m.class_families = class_families;
        m.class_start = class_start;
        let mut families: HashSet<u64> = HashSet::new();
        // Per target: the filings that match it.
        let mut per_target: HashMap<&str, Vec<u32>> = HashMap::new();
        let mut owners: HashSet<&str> = HashSet::new();
        let mut targets: Vec<&str> = Vec::new();
        for &fi in &g.filings {
            let f = &a.filings[fi as usize];
            families.insert(f.family);
            if u32::from(f.max_groups) >= cfg.groups_per_class_threshold {
                m.over_groups += 1;
            }
            if kind == ApplicantKind::Agency && (f.classes & !(1u64 << 45)) != 0 {
                m.agency_outside += 1;
            }
            if let Some(ts) = a.matches.get(&f.id) {
                let mut any = false;
                let mut timely = false;
                for t in ts {
                    if !third_party(t, &keys, &mut owner_keys) {
                        continue;
                    }
                    any = true;
                    if !targets.contains(&t.target_id.as_str()) {
                        targets.push(&t.target_id);
                    }
                    if let Some(o) = &t.owner {
                        owners.insert(o);
                    }
                    per_target.entry(&t.target_id).or_default().push(fi);
                    if let (Some(fd), Some(td)) = (f.date, t.date) {
                        let d = (fd - td).num_days();
                        if (0..=i64::from(cfg.timing_days)).contains(&d) {
                            timely = true;
                        }
                    }
                }
                m.matched += usize::from(any);
                m.timely += usize::from(timely);
            }
            if let Some(dates) = assignments.get(f.id.as_str()) {
                for d in dates {
                    let counts = match f.registration {
                        Some(r) => {
                            (0..=i64::from(cfg.assignment_days)).contains(&(*d - r).num_days())
                        }
                        None => true,
                    };
                    m.assignments += usize::from(counts);
                }
            }
        }
        m.families = families.len();
        targets.sort_unstable();
        m.targets = targets.iter().map(|t| t.to_string()).collect();
        m.owners = owners.len();
        let mut best: Option<(&str, usize)> = None;
        for (t, fs) in &per_target {
            let n = near_miss_variants(&a.filings, fs);
            if best.is_none_or(|(bt, bn)| n > bn || (n == bn && *t < bt)) {
                best = Some((t, n));
            }
        }
        if let Some((t, n)) = best {
            if n >= 2 {
                m.near_miss = n;
                m.near_miss_target = Some(t.to_string());
            }
        }
        m.adverse = keys
            .iter()
            .map(|k| adverse.get(*k).copied().unwrap_or(0))
            .sum();
        metrics.push(m);
    }
    // Baselines from the data: a percentile of peak volume per kind.
    let mut per_kind: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    for m in &metrics {
        if m.peak > 0 {
            let k = usize::from(
                m.kind.map(ApplicantKind::baseline_kind) != Some(ApplicantKind::Individual),
            );
            per_kind[k].push(m.peak);
        }
    }
    let floors = [cfg.volume_floor_individual, cfg.volume_floor_company];
    for k in 0..2 {
        let v = &mut per_kind[k];
        v.sort_unstable();
        let p = if v.is_empty() {
            0.0
        } else {
            // The lower of the two values around the percentile (index ⌊p·(n−1)⌋), so the
            // one busiest group of a small register is never its own baseline.
            let i = (cfg.baseline_percentile * (v.len() - 1) as f64).floor() as usize;
            v[i.min(v.len() - 1)] as f64
        };
        a.baselines[k] = p.max(floors[k]);
    }
    let weights = cfg.weights.in_order();
    for m in &mut metrics {
        let kind = m.kind.unwrap_or(ApplicantKind::Individual);
        let base = if kind.baseline_kind() == ApplicantKind::Individual {
            a.baselines[0]
        } else {
            a.baselines[1]
        };
        let n = m.filings.max(1) as f64;
        // Matches come from fuzzy screening and carry noise: an applicant whose filings are
        // mostly its own coinages with an occasional likeness is not copying. Match-based
        // indicators count in full only when a large share of the filings match.
        let gate = ramp(m.matched as f64 / n, cfg.share_min, cfg.share_full);
        let s = [
            ramp(m.peak as f64, base, base * cfg.volume_full_ratio),
            ramp(
                f64::from(m.classes),
                f64::from(cfg.class_spread_min),
                f64::from(cfg.class_spread_full),
            ) * ramp(m.class_families as f64, 1.0, f64::from(cfg.family_full)),
            (m.over_groups as f64 / n) * ramp(m.over_groups as f64, 0.0, 3.0),
            gate * ramp(m.matched as f64, 1.0, 4.0),
            gate * ramp(
                m.targets.len().min(m.matched) as f64,
                1.0,
                f64::from(cfg.targets_full),
            ),
            ramp(m.near_miss as f64, 1.0, 3.0),
            gate * ramp(m.timely as f64, 0.0, 3.0),
            ramp(m.assignments as f64, 0.0, 3.0),
            ramp(m.adverse as f64, 0.0, 2.0),
            ramp(m.agency_outside as f64, 0.0, 1.0),
        ];
        let mut keep = 1.0;
        for (s, w) in s.iter().zip(weights) {
            keep *= 1.0 - (w * s).clamp(0.0, 1.0);
        }
        m.strengths = s;
        m.score = (1.0 - keep).clamp(0.0, 1.0);
    }
    a.metrics = metrics;
}

/// The number of distinct marks (as written) among the filings `fs` matching one target that
/// are each within a small edit distance (one character per three, at least one) of another
/// of them: deliberate variants like 松阪牛, 松坂牛, 松板牛, not unrelated marks that a fuzzy
/// screen matched to the same target.
fn near_miss_variants(all: &[super::Filing], fs: &[u32]) -> usize {
    let mut marks: Vec<Vec<char>> = fs
        .iter()
        .map(|&f| {
            super::names::literal_key(&all[f as usize].mark)
                .chars()
                .collect()
        })
        .collect();
    marks.sort();
    marks.dedup();
    if marks.len() < 2 {
        return 0;
    }
    (0..marks.len())
        .filter(|&i| {
            (0..marks.len()).any(|j| {
                j != i && {
                    let limit = (marks[i].len().max(marks[j].len()) / 3).max(1);
                    edit_distance(&marks[i], &marks[j]) <= limit
                }
            })
        })
        .count()
}

/// Levenshtein distance of two character slices.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The busiest `window` days by distinct classes (ties: more mark families): the number of
/// classes, of mark families, and the window's first date. Filings are sorted by date.
fn class_window(
    all: &[super::Filing],
    filings: &[u32],
    window: i64,
) -> (u32, usize, Option<NaiveDate>) {
    let dated: Vec<&super::Filing> = filings
        .iter()
        .map(|&f| &all[f as usize])
        .filter(|f| f.date.is_some())
        .collect();
    let mut class_count = [0u32; 46];
    let mut distinct = 0u32;
    let mut fams: HashMap<u64, usize> = HashMap::new();
    let mut best: (u32, usize, Option<NaiveDate>) = (0, 0, None);
    let mut lo = 0;
    let day = |f: &super::Filing| f.date.unwrap_or_default();
    let bits = |x: u64| (1..=45usize).filter(move |c| x & (1u64 << c) != 0);
    for hi in 0..dated.len() {
        for c in bits(dated[hi].classes) {
            class_count[c] += 1;
            distinct += u32::from(class_count[c] == 1);
        }
        *fams.entry(dated[hi].family).or_default() += 1;
        while (day(dated[hi]) - day(dated[lo])).num_days() >= window {
            for c in bits(dated[lo].classes) {
                class_count[c] -= 1;
                distinct -= u32::from(class_count[c] == 0);
            }
            let e = fams.entry(dated[lo].family).or_default();
            *e -= 1;
            if *e == 0 {
                fams.remove(&dated[lo].family);
            }
            lo += 1;
        }
        if (distinct, fams.len()) > (best.0, best.1) {
            best = (distinct, fams.len(), Some(day(dated[lo])));
        }
    }
    best
}

/// Builds group `g`'s full profile.
pub(crate) fn profile(a: &Analysis<'_>, g: usize) -> Profile {
    let cfg = &a.config;
    let group = &a.groups[g];
    let m = &a.metrics[g];
    let kind = m.kind.unwrap_or(ApplicantKind::Individual);
    let keys: Vec<&str> = group
        .nodes
        .iter()
        .map(|&n| a.nodes[n as usize].key.as_str())
        .collect();
    let mut owner_keys = HashMap::new();
    let mut members: Vec<Member> = group
        .nodes
        .iter()
        .map(|&n| {
            let node = &a.nodes[n as usize];
            Member {
                name: node.name.clone(),
                key: node.key.clone(),
                kind: node.kind,
                filings: group
                    .filings
                    .iter()
                    .filter(|&&f| a.filings[f as usize].node == n)
                    .count(),
            }
        })
        .collect();
    members.sort_by(|x, y| y.filings.cmp(&x.filings).then_with(|| x.key.cmp(&y.key)));
    let filings: Vec<FilingRef> = group
        .filings
        .iter()
        .map(|&f| {
            let f = &a.filings[f as usize];
            let mut targets: Vec<String> = a
                .matches
                .get(&f.id)
                .map(|ts| {
                    ts.iter()
                        .filter(|t| third_party(t, &keys, &mut owner_keys))
                        .map(|t| t.target_id.clone())
                        .collect()
                })
                .unwrap_or_default();
            targets.sort();
            targets.dedup();
            FilingRef {
                id: f.id.clone(),
                office: f.office.clone(),
                mark: f.mark.clone(),
                filing_date: f.date,
                classes: (1..=45u8)
                    .filter(|c| f.classes & (1u64 << c) != 0)
                    .collect(),
                targets,
            }
        })
        .collect();
    let base = a.baseline(kind);
    let no_matches = a.matches.is_empty();
    let weights = cfg.weights.in_order();
    let n = m.filings.max(1) as f64;
    let pct = |x: f64| format!("{:.0}%", x * 100.0);
    let values: [f64; 10] = [
        m.peak as f64,
        f64::from(m.classes),
        m.over_groups as f64,
        m.matched as f64 / n,
        m.targets.len() as f64,
        m.near_miss as f64,
        m.timely as f64,
        m.assignments as f64,
        m.adverse as f64,
        m.agency_outside as f64,
    ];
    let explanations: [String; 10] = [
        match m.peak_start {
            Some(start) => format!(
                "{} distinct marks ({} filings) in the {} days from {start}; baseline for {} applicants: {base:.0} (p{:.0} of the data, floor applied)",
                m.peak,
                m.peak_filings,
                cfg.window_days,
                kind.baseline_kind().as_str(),
                cfg.baseline_percentile * 100.0
            ),
            None => "no filing dates".to_string(),
        },
        match m.class_start {
            Some(start) => format!(
                "{} classes, {} mark families in the {} days from {start} ({} filings, {} families in all)",
                m.classes, m.class_families, cfg.class_window_days, m.filings, m.families
            ),
            None => "no filing dates".to_string(),
        },
        format!(
            "{} of {} filings designate {} or more similar groups in one class",
            m.over_groups, m.filings, cfg.groups_per_class_threshold
        ),
        format!(
            "{} of {} filings ({}) match a third party's mark, GI or place name",
            m.matched,
            m.filings,
            pct(m.matched as f64 / n)
        ),
        if m.targets.is_empty() {
            "no third-party target copied".to_string()
        } else {
            let shown: Vec<&str> = m.targets.iter().take(10).map(String::as_str).collect();
            format!(
                "{} distinct targets of {} distinct owners: {}{}",
                m.targets.len(),
                m.owners,
                shown.join(", "),
                if m.targets.len() > 10 { ", …" } else { "" }
            )
        },
        match &m.near_miss_target {
            Some(t) => format!("{} different marks match target {t}", m.near_miss),
            None => "no target matched by more than one mark".to_string(),
        },
        format!(
            "{} matched filings within {} days after the target's own date",
            m.timely, cfg.timing_days
        ),
        format!(
            "{} assignments within {} days after registration",
            m.assignments, cfg.assignment_days
        ),
        format!("{} earlier adverse findings", m.adverse),
        if kind == ApplicantKind::Agency {
            format!(
                "a trademark agency; {} filings designate classes other than 45",
                m.agency_outside
            )
        } else {
            "not an agency".to_string()
        },
    ];
    let factors: [&[u8]; 10] = [
        &[1],
        &[1],
        &[1],
        &[4, 5],
        &[4, 5],
        &[4],
        &[4, 6],
        &[1],
        &[3],
        &[6],
    ];
    let jp: [&[&str]; 10] = [
        &["JP-3-1"],
        &["JP-3-1"],
        &["JP-3-1"],
        &["JP-4-1-7", "JP-4-1-19"],
        &["JP-4-1-7", "JP-4-1-19"],
        &["JP-4-1-7"],
        &["JP-4-1-19"],
        &["JP-4-1-7"],
        &["JP-4-1-7"],
        &[],
    ];
    let missing: [Option<&str>; 10] = [
        None,
        None,
        None,
        no_matches.then_some("no screening matches supplied"),
        no_matches.then_some("no screening matches supplied"),
        no_matches.then_some("no screening matches supplied"),
        if no_matches {
            Some("no screening matches supplied")
        } else {
            None
        },
        a.side
            .assignments
            .is_empty()
            .then_some("no assignment data supplied"),
        a.side
            .adverse
            .is_empty()
            .then_some("no adverse-finding data supplied"),
        None,
    ];
    let indicators: Vec<Indicator> = (0..10)
        .map(|i| Indicator {
            name: NAMES[i].to_string(),
            value: values[i],
            strength: m.strengths[i],
            weight: weights[i],
            contribution: weights[i] * m.strengths[i],
            explanation: explanations[i].clone(),
            factors: factors[i].to_vec(),
            jp_articles: jp[i].iter().map(|s| s.to_string()).collect(),
            cn_articles: if i == 9 {
                vec!["CN-19-4".to_string()]
            } else {
                Vec::new()
            },
            missing_input: missing[i].map(str::to_string),
        })
        .collect();
    let over = m.score >= cfg.threshold;
    let explanation = Explanation {
        value: m.score,
        description: format!(
            "bad-faith score = 1 − Π(1 − weight × strength) over {} indicators; {} the threshold {:.2}",
            indicators.len(),
            if over { "at or over" } else { "under" },
            cfg.threshold
        ),
        details: indicators
            .iter()
            .map(|i| Explanation {
                value: i.contribution,
                description: format!(
                    "{}: weight {:.2} × strength {:.2}: {}",
                    i.name, i.weight, i.strength, i.explanation
                ),
                details: Vec::new(),
            })
            .collect(),
    };
    let mut grounds_hint = Vec::new();
    if over {
        grounds_hint.extend(["CN-4", "JP-3-1", "JP-4-1-7"].map(String::from));
        if m.strengths[3] > 0.0 || m.strengths[4] > 0.0 {
            grounds_hint.push("JP-4-1-19".to_string());
        }
        if m.strengths[9] > 0.0 {
            grounds_hint.push("CN-19-4".to_string());
        }
    }
    Profile {
        group_id: a.nodes[m.primary as usize].key.clone(),
        kind,
        names: members.iter().map(|x| x.key.clone()).collect(),
        members,
        why: group.links.clone(),
        filings,
        indicators,
        score: m.score,
        explanation,
        grounds_hint,
    }
}
