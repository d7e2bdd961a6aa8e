//! Applicant profiles: bad-faith indicators across an applicant's whole filing history.
//!
//! Bad faith is often visible only at the applicant level: one individual files ten Japanese
//! sake brands; a company files 200 marks in 30 classes in a month; a trademark agency files
//! outside its agency services. This module
//! 1. resolves applicant names to groups of related parties ([`name_key`]: scripts, width,
//!    case, variant characters and legal forms in any position; then shared address,
//!    non-agency representative, contact or co-applicancy, each link explained, [`Overrides`]
//!    applied),
//! 2. computes [`Indicator`]s per group (volume in a window against a baseline for its kind,
//!    class spread, similar-group spread, third-party matches, distinct targets, near-miss
//!    variants, timing, assignments, adverse findings, agency filings outside class 45), each
//!    mapped to the SAMR Provisions Art. 8 factors and the JP articles it supports,
//! 3. combines them into a score in [0, 1]: `1 − Π(1 − weightᵢ × strengthᵢ)` (a noisy-or: one
//!    strong indicator can carry the score; weak ones add up), with an [`Explanation`] tree.
//!
//! ```
//! use std::collections::HashMap;
//! use markwatch_core::applicants::{ProfileConfig, Profiler};
//! use markwatch_core::{Office, Party, Record};
//! let mut r = Record::new("CN:1", Office::CN, "松阪牛");
//! r.applicants.push(Party::named("王小明"));
//! let profiles = Profiler::new(ProfileConfig::default()).profile_all([&r].into_iter(), &HashMap::new());
//! assert_eq!(profiles.len(), 1);
//! assert!(profiles[0].score < 0.5);
//! ```

mod data;
mod indicators;
mod names;
mod resolve;

pub use data::{parse_matches, AdverseFinding, Assignment, Contact, Matches, SideData, TargetRef};
pub use indicators::{Explanation, Indicator};
pub use names::{address_key, mark_family_key, name_key, ApplicantKind, NameKey};
pub use resolve::{Link, Overrides};

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Office, Record};
use indicators::Metrics;
use resolve::{Node, Resolver};

/// Indicator weights: each indicator's strength in [0, 1] is multiplied by its weight in
/// [0, 1] before the noisy-or. Defaults are in each field's doc.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Weights {
    /// Distinct marks filed in the peak window against the baseline (default 0.6).
    pub volume: f64,
    /// Classes covered in a year, discounted when the marks are one family (default 0.35).
    pub class_spread: f64,
    /// Filings designating many similar groups in one class (default 0.3).
    pub group_spread: f64,
    /// Share of filings matching third-party targets (default 0.5).
    pub third_party_share: f64,
    /// Distinct third-party targets copied (default 0.6).
    pub distinct_targets: f64,
    /// Several different marks matching one target (default 0.6).
    pub near_miss: f64,
    /// Filings soon after the target's own date (default 0.3).
    pub timing: f64,
    /// Assignments soon after registration (default 0.4).
    pub assignments: f64,
    /// Earlier adverse findings (default 0.5).
    pub adverse: f64,
    /// An agency filing outside class 45 (default 0.9).
    pub agency: f64,
}

impl Weights {
    /// The weights in indicator order (volume, class spread, group spread, third-party share,
    /// distinct targets, near miss, timing, assignments, adverse, agency).
    pub(crate) fn in_order(&self) -> [f64; 10] {
        [
            self.volume,
            self.class_spread,
            self.group_spread,
            self.third_party_share,
            self.distinct_targets,
            self.near_miss,
            self.timing,
            self.assignments,
            self.adverse,
            self.agency,
        ]
    }
}

impl Default for Weights {
    fn default() -> Weights {
        Weights {
            volume: 0.6,
            class_spread: 0.35,
            group_spread: 0.3,
            third_party_share: 0.5,
            distinct_targets: 0.6,
            near_miss: 0.6,
            timing: 0.3,
            assignments: 0.4,
            adverse: 0.5,
            agency: 0.9,
        }
    }
}

/// Weights, thresholds and windows of the profiler. Every field has a default (given in its doc);
/// a JSON config may give any subset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileConfig {
    /// The volume window in days (default 30).
    pub window_days: u32,
    /// The percentile (0–1) of peak-window volume among groups of the same kind taken as the
    /// baseline: the value at index ⌊p·(n−1)⌋ of the n groups' peaks, ascending (default 0.99).
    pub baseline_percentile: f64,
    /// The least baseline for individuals, in distinct marks per window (default 3).
    pub volume_floor_individual: f64,
    /// The least baseline for companies and agencies (default 10).
    pub volume_floor_company: f64,
    /// Volume strength reaches 1 at this multiple of the baseline (default 4).
    pub volume_full_ratio: f64,
    /// The class-spread window in days: classes are counted in the busiest window of this
    /// length, so a company adding classes over a decade does not spread (default 365).
    pub class_window_days: u32,
    /// Class spread starts to count above this many classes (default 5).
    pub class_spread_min: u32,
    /// Class spread strength reaches 1 at this many classes (default 20).
    pub class_spread_full: u32,
    /// Class spread is scaled by the number of mark families: 1 family → 0, this many → 1 (default 10).
    pub family_full: u32,
    /// Similar groups designated in one class from which a filing counts as over-broad
    /// (the JPO asks for intent to use at around 8) (default 8).
    pub groups_per_class_threshold: u32,
    /// Match-based indicators (third-party share, distinct targets, timing) count nothing
    /// while the share of filings matching a third party is at most this (default 0.1)…
    pub share_min: f64,
    /// …and count in full from this share (default 0.5).
    pub share_full: f64,
    /// Distinct-targets strength reaches 1 at this many targets (default 5).
    pub targets_full: u32,
    /// A filing within this many days after its target's date counts for timing (default 180).
    pub timing_days: u32,
    /// An assignment within this many days after registration counts (default 365).
    pub assignment_days: u32,
    /// A shared address, representative or contact linking more names than this links none
    /// (a registered-office service or a large firm) (default 20).
    pub max_link_fanout: usize,
    /// Addresses shorter than this (in characters, after normalization) never link (default 6).
    pub min_address_chars: usize,
    /// Scores at or above this are reported as likely bad faith, with grounds hints (default 0.5).
    pub threshold: f64,
    /// Indicator weights.
    pub weights: Weights,
}

impl Default for ProfileConfig {
    fn default() -> ProfileConfig {
        ProfileConfig {
            window_days: 30,
            baseline_percentile: 0.99,
            volume_floor_individual: 3.0,
            volume_floor_company: 10.0,
            volume_full_ratio: 4.0,
            class_window_days: 365,
            class_spread_min: 5,
            class_spread_full: 20,
            family_full: 10,
            groups_per_class_threshold: 8,
            share_min: 0.1,
            share_full: 0.5,
            targets_full: 5,
            timing_days: 180,
            assignment_days: 365,
            max_link_fanout: 20,
            min_address_chars: 6,
            threshold: 0.5,
            weights: Weights::default(),
        }
    }
}

impl ProfileConfig {
    /// Checks ranges; errors name the field.
    pub fn validate(&self) -> crate::Result<()> {
        let bad = |field: &str, msg: &str| {
            Err(crate::Error::invalid(format!(
                "profile config: field {field}: {msg}"
            )))
        };
        if self.window_days == 0 {
            return bad("window_days", "must be at least 1");
        }
        if self.class_window_days == 0 {
            return bad("class_window_days", "must be at least 1");
        }
        if !(0.0..=1.0).contains(&self.baseline_percentile) {
            return bad("baseline_percentile", "must be between 0 and 1");
        }
        if !(0.0..=1.0).contains(&self.threshold) {
            return bad("threshold", "must be between 0 and 1");
        }
        if !(0.0..1.0).contains(&self.share_min)
            || self.share_full <= self.share_min
            || self.share_full > 1.0
        {
            return bad("share_full", "need 0 <= share_min < share_full <= 1");
        }
        if self.volume_full_ratio <= 1.0 {
            return bad("volume_full_ratio", "must be greater than 1");
        }
        if self.class_spread_full <= self.class_spread_min {
            return bad("class_spread_full", "must be greater than class_spread_min");
        }
        let w = &self.weights;
        for (name, v) in [
            ("volume", w.volume),
            ("class_spread", w.class_spread),
            ("group_spread", w.group_spread),
            ("third_party_share", w.third_party_share),
            ("distinct_targets", w.distinct_targets),
            ("near_miss", w.near_miss),
            ("timing", w.timing),
            ("assignments", w.assignments),
            ("adverse", w.adverse),
            ("agency", w.agency),
        ] {
            if !(0.0..=1.0).contains(&v) || v.is_nan() {
                return bad(&format!("weights.{name}"), "must be between 0 and 1");
            }
        }
        Ok(())
    }
}

/// One filing of a profiled group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilingRef {
    /// The record id.
    pub id: String,
    /// The office.
    pub office: Office,
    /// The mark as written.
    pub mark: String,
    /// The filing date, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filing_date: Option<NaiveDate>,
    /// Nice classes, ascending.
    pub classes: Vec<u8>,
    /// Third-party targets the filing matches (target ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<String>,
}

/// One party in a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The name as first written in the records.
    pub name: String,
    /// Its normalized key.
    pub key: String,
    /// Its kind, read from the name.
    pub kind: ApplicantKind,
    /// Filings that name it as (first) applicant.
    pub filings: usize,
}

/// An applicant group's profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    /// The normalized key of the member with the most filings (stable across runs).
    pub group_id: String,
    /// The group's kind: the most organised kind among its members (agency > company >
    /// individual).
    pub kind: ApplicantKind,
    /// The members' normalized keys.
    pub names: Vec<String>,
    /// The members, most filings first.
    pub members: Vec<Member>,
    /// Why the members are one group (empty for a one-member group).
    pub why: Vec<Link>,
    /// The group's filings, by filing date then id.
    pub filings: Vec<FilingRef>,
    /// Every indicator, in a fixed order.
    pub indicators: Vec<Indicator>,
    /// The combined bad-faith score in [0, 1].
    pub score: f64,
    /// How the score was combined.
    pub explanation: Explanation,
    /// Grounds a bad-faith action could cite (empty below the threshold).
    pub grounds_hint: Vec<String>,
}

/// The compact form of a record the profiler keeps.
#[derive(Debug, Clone)]
pub(crate) struct Filing {
    pub id: String,
    pub office: Office,
    pub mark: String,
    pub family: u64,
    pub date: Option<NaiveDate>,
    pub registration: Option<NaiveDate>,
    /// Bit n set for Nice class n.
    pub classes: u64,
    /// The most similar groups (JP or CN) designated in any one class.
    pub max_groups: u16,
    pub node: u32,
}

/// One group's members and filings (indices).
#[derive(Debug, Clone, Default)]
pub(crate) struct Group {
    pub nodes: Vec<u32>,
    pub filings: Vec<u32>,
    pub links: Vec<Link>,
}

/// Computes applicant profiles.
#[derive(Debug, Clone, Default)]
pub struct Profiler {
    config: ProfileConfig,
    overrides: Overrides,
    side: SideData,
}

/// Every group's numbers, ready to rank or to turn into [`Profile`]s one at a time.
#[derive(Debug)]
pub struct Analysis<'a> {
    config: ProfileConfig,
    nodes: Vec<Node>,
    node_group: Vec<u32>,
    groups: Vec<Group>,
    filings: Vec<Filing>,
    metrics: Vec<Metrics>,
    matches: &'a Matches,
    side: SideData,
    /// Baselines: [individual, company].
    baselines: [f64; 2],
    notes: Vec<String>,
    unattributed: u64,
}

impl Profiler {
    /// A profiler with `config`, no overrides and no side data.
    pub fn new(config: ProfileConfig) -> Profiler {
        Profiler {
            config,
            overrides: Overrides::default(),
            side: SideData::default(),
        }
    }

    /// Applies `overrides` to the grouping.
    pub fn with_overrides(mut self, overrides: Overrides) -> Profiler {
        self.overrides = overrides;
        self
    }

    /// Uses `side` data (assignments, adverse findings, contacts).
    pub fn with_side_data(mut self, side: SideData) -> Profiler {
        self.side = side;
        self
    }

    /// The configuration.
    pub fn config(&self) -> &ProfileConfig {
        &self.config
    }

    /// Every applicant group's profile, highest score first (ties by group id). Records
    /// without an applicant are left out ([`Analysis::unattributed`]).
    pub fn profile_all<'r>(
        &self,
        records: impl Iterator<Item = &'r Record>,
        matches: &Matches,
    ) -> Vec<Profile> {
        let a = self.analyze(records, matches);
        a.ranked().into_iter().map(|g| a.profile(g)).collect()
    }

    /// Resolves groups and computes every indicator's numbers, without building the text of
    /// each profile (see [`Analysis::profile`]). Memory: one small entry per record.
    pub fn analyze<'r, 'm>(
        &self,
        records: impl Iterator<Item = &'r Record>,
        matches: &'m Matches,
    ) -> Analysis<'m> {
        let mut resolver =
            Resolver::new(self.config.max_link_fanout, self.config.min_address_chars);
        let mut filings: Vec<Filing> = Vec::new();
        let mut unattributed = 0u64;
        for r in records {
            let Some(first) = r.applicants.first() else {
                unattributed += 1;
                continue;
            };
            let node = resolver.node(&first.name);
            for p in &r.applicants {
                let n = if std::ptr::eq(p, first) {
                    node
                } else {
                    let n = resolver.node(&p.name);
                    resolver.co_applicants(&r.id, node, n);
                    n
                };
                if let Some(addr) = &p.address {
                    resolver.address(n, addr);
                }
            }
            if let Some(rep) = &r.representative {
                resolver.representative(node, &rep.name);
            }
            filings.push(compact(r, node));
        }
        let mut notes = Vec::new();
        for c in &self.side.contacts {
            match resolver.find_key(&name_key(&c.applicant).key) {
                Some(n) => resolver.contact(n, &c.contact),
                None => notes.push(format!(
                    "contact for {:?}: no applicant has this name",
                    c.applicant
                )),
            }
        }
        let (roots, links, more) = resolver.resolve(&self.overrides);
        notes.extend(more);
        // Dense group numbers in node order.
        let mut group_of_root: HashMap<u32, u32> = HashMap::new();
        let mut groups: Vec<Group> = Vec::new();
        let mut node_group = vec![0u32; roots.len()];
        for (n, root) in roots.iter().enumerate() {
            let g = *group_of_root.entry(*root).or_insert_with(|| {
                groups.push(Group::default());
                groups.len() as u32 - 1
            });
            node_group[n] = g;
            groups[g as usize].nodes.push(n as u32);
        }
        for (root, link) in links {
            groups[group_of_root[&root] as usize].links.push(link);
        }
        for (i, f) in filings.iter().enumerate() {
            groups[node_group[f.node as usize] as usize]
                .filings
                .push(i as u32);
        }
        for g in &mut groups {
            g.filings.sort_by(|&a, &b| {
                let (fa, fb) = (&filings[a as usize], &filings[b as usize]);
                fa.date.cmp(&fb.date).then_with(|| fa.id.cmp(&fb.id))
            });
        }
        let nodes = std::mem::take(&mut resolver.nodes);
        let mut a = Analysis {
            config: self.config.clone(),
            nodes,
            node_group,
            groups,
            filings,
            metrics: Vec::new(),
            matches,
            side: self.side.clone(),
            baselines: [0.0; 2],
            notes,
            unattributed,
        };
        indicators::compute(&mut a);
        a
    }
}

fn compact(r: &Record, node: u32) -> Filing {
    let mut classes = 0u64;
    let mut max_groups = 0u16;
    for c in &r.classes {
        classes |= 1u64 << c.class.get();
        let n = c.jp_groups.len().max(c.cn_groups.len());
        max_groups = max_groups.max(n.min(u16::MAX as usize) as u16);
    }
    let hash = |s: &str| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        s.hash(&mut h);
        h.finish()
    };
    Filing {
        id: r.id.clone(),
        office: r.office.clone(),
        mark: r.mark.clone(),
        family: hash(&mark_family_key(&r.mark)),
        date: r.dates.filing.or(r.dates.priority),
        registration: r.dates.registration,
        classes,
        max_groups,
        node,
    }
}

impl<'a> Analysis<'a> {
    /// The number of applicant groups.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// True if and only if no record had an applicant.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Records left out because they name no applicant.
    pub fn unattributed(&self) -> u64 {
        self.unattributed
    }

    /// Notes on links not used and overrides or contacts that named no applicant.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The volume baseline (distinct marks per window) for a kind, floors applied.
    pub fn baseline(&self, kind: ApplicantKind) -> f64 {
        match kind.baseline_kind() {
            ApplicantKind::Individual => self.baselines[0],
            _ => self.baselines[1],
        }
    }

    /// The score of group `g` (an index below [`Analysis::len`]).
    pub fn score(&self, g: usize) -> f64 {
        self.metrics[g].score
    }

    /// The group id (see [`Profile::group_id`]) of group `g`.
    pub fn group_id(&self, g: usize) -> &str {
        &self.nodes[self.metrics[g].primary as usize].key
    }

    /// Group indices, highest score first, ties by group id.
    pub fn ranked(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.groups.len()).collect();
        order.sort_by(|&a, &b| {
            self.metrics[b]
                .score
                .total_cmp(&self.metrics[a].score)
                .then_with(|| self.group_id(a).cmp(self.group_id(b)))
        });
        order
    }

    /// The groups whose member names match `name`: first by normalized key ([`name_key`], any
    /// script, width or legal form); if none, by reading (a romaji, pinyin or phonetic key of
    /// the query equals one of a member's), which scans every name once.
    pub fn find(&self, name: &str) -> Vec<usize> {
        let key = name_key(name).key;
        if let Some(n) = self.nodes.iter().position(|n| n.key == key) {
            return vec![self.node_group[n] as usize];
        }
        let norm = crate::normalize::Normalizer::global();
        let readings = |text: &str| -> Vec<String> {
            let k = norm.keys(text);
            let mut out: Vec<String> = k.romaji;
            out.extend(k.pinyin.iter().map(|p| p.replace(' ', "")));
            out.extend(k.phonetic.iter().map(|p| format!("~{p}")));
            out.retain(|r| !r.is_empty());
            out
        };
        let want = readings(&key);
        if want.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<usize> = Vec::new();
        for (i, n) in self.nodes.iter().enumerate() {
            if readings(&n.key).iter().any(|r| want.contains(r)) {
                let g = self.node_group[i] as usize;
                if !out.contains(&g) {
                    out.push(g);
                }
            }
        }
        out
    }

    /// The full profile of group `g` (an index below [`Analysis::len`]).
    pub fn profile(&self, g: usize) -> Profile {
        indicators::profile(self, g)
    }
}
