//! Screening: a filing against an index of targets (watched names or an earlier register).
//!
//! [`screen_record`] gives the similarity [`Finding`]s; [`assess`] adds what a reader acts on:
//! the [`Target`] described, the filing, the legal grounds the rules engine raises and the
//! deadlines, as a [`ScreenFinding`] (the findings JSON contract of `screen` and `report`).

use serde::Serialize;

use super::{Index, Scratch, StoredDoc};
use crate::goods::relate;
use crate::normalize::Normalizer;
use crate::rules::{self, Deadline, GroundFinding, MatchFacts, Rules, TargetKind, Urgency};
use crate::score::{best_match, explain_match, round4, Explanation, MarkProfile};
use crate::{Clock, GoodsClass, Language, NiceClass, Office, Record};

/// The default screening threshold: a finding is reported if and only if its score is at
/// least this. Chosen on the public evaluation cases so that one-character knock-offs of three-
/// and four-character marks are reported and two-character marks sharing one character are not.
pub const DEFAULT_THRESHOLD: f32 = 0.7;

/// What a finding's score is multiplied by when the filing name is, as a whole, a word that
/// the target neither is nor is read as ([`own_meaning`]): `ICHIGO` (苺, strawberry) against
/// いいちこ, `PINGGUO` (苹果, apple) against 平谷. Japanese examination weighs a mark's concept
/// with its sound and appearance, and a well-known meaning sets a mark apart from one it
/// only resembles; a pair that is near-identical still reaches the default threshold.
pub const OWN_MEANING_FACTOR: f32 = 0.8;

/// The words of a filing's meaning shown in its explanation.
const MEANING_WORDS_SHOWN: usize = 3;

/// Targets examined per filing name when screening against a large index.
const TARGETS_PER_NAME: usize = 10;

/// One filing found similar to one target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The filing's record id.
    pub filing_id: String,
    /// The target's id (watch entry or earlier record).
    pub target_id: String,
    /// All the target's names.
    pub target_names: Vec<String>,
    /// Mark similarity × goods factor, in [0, 1] (rounded to 4 decimals).
    pub score: f32,
    /// Legal ground codes: empty here; [`assess`] fills them from the rules engine in the
    /// [`ScreenFinding`] it returns.
    pub grounds: Vec<String>,
    /// Why: the mark similarity tree and the goods relation.
    pub explanation: Explanation,
    /// The target's Nice classes as the index holds them (empty: all goods, or not known).
    /// Not serialized here: the findings JSON shows them as `target.classes`.
    #[serde(skip)]
    pub target_classes: Vec<NiceClass>,
}

/// The names of a record that are matched: the mark, then its transliteration and translation
/// when given, without repeats or blanks.
pub fn record_names(record: &Record) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for n in [
        Some(record.mark.as_str()),
        record.transliteration.as_deref(),
        record.translation.as_deref(),
    ]
    .into_iter()
    .flatten()
    {
        let n = n.trim();
        if !n.is_empty() && !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// Screens `record` against every target of `index`: the findings scoring at least
/// `threshold`, best first (ties by target id). The score is the best similarity between any
/// name of the filing and any name of the target, times the goods factor
/// ([`crate::goods::GoodsRelation::factor`]).
pub fn screen_record<B: AsRef<[u8]>>(
    index: &Index<B>,
    normalizer: &Normalizer,
    record: &Record,
    threshold: f32,
    scratch: &mut Scratch,
) -> Vec<Finding> {
    screen_record_of_kinds(index, normalizer, record, threshold, scratch, |_| false)
}

/// [`screen_record`] where `is_gi(target id)` tells the targets that are geographical
/// indications: against them, unrelated goods count for [`crate::goods::GI_UNRELATED_FACTOR`]
/// ([`crate::goods::GoodsMatch::factor`]).
pub fn screen_record_of_kinds<B: AsRef<[u8]>>(
    index: &Index<B>,
    normalizer: &Normalizer,
    record: &Record,
    threshold: f32,
    scratch: &mut Scratch,
    is_gi: impl Fn(&str) -> bool,
) -> Vec<Finding> {
    let queries: Vec<MarkProfile> = record_names(record)
        .into_iter()
        .map(|n| MarkProfile::new(normalizer, n))
        .collect();
    // doc number → (score, query index, name index)
    let mut best: Vec<(u32, f32, usize, usize)> = Vec::new();
    for (qi, q) in queries.iter().enumerate() {
        for hit in index.search_above(q, TARGETS_PER_NAME, &[], threshold, scratch) {
            match best.iter_mut().find(|b| b.0 == hit.doc) {
                Some(b) if b.1 >= hit.score => {}
                Some(b) => *b = (hit.doc, hit.score, qi, hit.name),
                None => best.push((hit.doc, hit.score, qi, hit.name)),
            }
        }
    }
    let mut findings = Vec::new();
    for (doc, sim, qi, ni) in best {
        // A mark score under the threshold cannot reach it: the goods factor is at most 1.
        if sim < threshold {
            continue;
        }
        let Ok(target) = index.doc(doc) else { continue };
        let gi = is_gi(&target.id);
        if let Some(f) = finding(normalizer, record, &queries[qi], &target, ni, threshold, gi) {
            findings.push(f);
        }
    }
    findings.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.target_id.cmp(&b.target_id))
    });
    findings
}

fn finding(
    normalizer: &Normalizer,
    record: &Record,
    query: &MarkProfile,
    target: &StoredDoc,
    name: usize,
    threshold: f32,
    gi: bool,
) -> Option<Finding> {
    let goods = relate(&record.classes, &target.classes);
    let factor = goods.factor(gi);
    let mark = explain_match(query, &target.profiles, name);
    let mark = read_at_home(normalizer, &record.office, query, target, mark);
    let meaning = own_meaning(normalizer, query, &target.profiles, &mark);
    let meaning_factor = meaning.as_ref().map_or(1.0, |m| m.value);
    let score = round4(mark.value * factor * meaning_factor);
    if score < threshold {
        return None;
    }
    let goods = Explanation::leaf(factor, "goods", goods.detail(gi));
    Some(Finding {
        filing_id: record.id.clone(),
        target_id: target.id.clone(),
        target_names: target.names.clone(),
        score,
        grounds: Vec::new(),
        target_classes: target.classes.iter().map(|c| c.class).collect(),
        explanation: product(score, "mark similarity", mark, goods, meaning),
    })
}

/// The mark similarity `mark` of `query` (filed at `office`) to `target`, with Han marks read
/// as the public concerned reads them: when the office and the target's home
/// ([`StoredDoc::language`]) read in one language, a match through a Han mark's reading in the
/// other language is not one either public hears. `SOKO` filed in
/// China is not 双沟 (China's `shuang gou`, read そうこう only in Japan); `LIUYUE` filed in
/// Japan is not 柳月 (Japan's りゅうげつ, `liu yue` only in Chinese). The similarity with
/// every Han mark read in that language ([`MarkProfile::read_in`]) replaces `mark` when it
/// is lower; `mark` is kept otherwise, when the office or the target has no known language or
/// the two differ (a Chinese brand filed in Japan may be copied in either reading), and when a
/// mark has a character the dictionary cannot read in that language
/// ([`MarkProfile::readable_in`]).
fn read_at_home(
    normalizer: &Normalizer,
    office: &Office,
    query: &MarkProfile,
    target: &StoredDoc,
    mark: Explanation,
) -> Explanation {
    let (Some(language), Some(home)) = (office.language(), target.language) else {
        return mark;
    };
    // A mark the dictionary cannot read wholly in the language keeps every reading, and so
    // does the pair.
    if language != home
        || !query.readable_in(language, normalizer)
        || !target
            .profiles
            .iter()
            .all(|p| p.readable_in(language, normalizer))
    {
        return mark;
    }
    let q = query.read_in(language, normalizer);
    let names: Vec<MarkProfile> = target
        .profiles
        .iter()
        .map(|p| p.read_in(language, normalizer))
        .collect();
    if q == *query && names == target.profiles {
        return mark;
    }
    let Some(best) = best_match(&q, &names) else {
        return Explanation {
            value: 0.0,
            method: "read_at_home".into(),
            detail: read_at_home_detail(office, language, mark.value),
            children: vec![],
        };
    };
    if best.score >= mark.value {
        return mark;
    }
    let read = explain_match(&q, &names, best.name);
    Explanation {
        value: read.value,
        method: "read_at_home".into(),
        detail: read_at_home_detail(office, language, mark.value),
        children: vec![read],
    }
}

fn read_at_home_detail(office: &Office, language: Language, before: f32) -> String {
    let (read, other) = match language {
        Language::Japanese => ("in Japanese (kana, romaji)", "Chinese"),
        Language::Chinese => ("in Chinese (pinyin)", "Japanese"),
    };
    format!(
        "the filing's office ({office}) and the target's home both read Han characters \
         {read}: compared so ({before:.2} through a {other} reading)"
    )
}

/// A finding's explanation: `match_kind` (`mark similarity`, `register match`) × goods
/// factor, × meaning factor when [`own_meaning`] gave one.
pub(crate) fn product(
    score: f32,
    match_kind: &str,
    similarity: Explanation,
    goods: Explanation,
    meaning: Option<Explanation>,
) -> Explanation {
    let detail = if meaning.is_some() {
        format!("{match_kind} x goods factor x meaning factor")
    } else {
        format!("{match_kind} x goods factor")
    };
    Explanation {
        value: score,
        method: "product".into(),
        detail,
        children: [similarity, goods].into_iter().chain(meaning).collect(),
    }
}

/// The meaning factor ([`OWN_MEANING_FACTOR`]) when the filing name `query` is, as a whole, a
/// word with a meaning of its own ([`Normalizer::common_words`]) that sets it apart from the
/// target `names`: no target name is the same folded text or has it as its distinctive core
/// (a genitive の/之 aside: 青天霹雳 is 青天の霹靂), no reading of the word is a reading of a
/// target name (in kana, romaji or pinyin: `KOBE` is also 頭 こうべ, but 神戸 is read こうべ
/// too), and the similarity does not come from meaning itself (a translation). `None`
/// otherwise.
pub fn own_meaning(
    normalizer: &Normalizer,
    query: &MarkProfile,
    names: &[MarkProfile],
    mark: &Explanation,
) -> Option<Explanation> {
    if from_meaning(mark, mark.value) {
        return None;
    }
    let words = normalizer.common_words(&query.keys);
    // The same words but for a genitive particle (の, folded to 之 between CJK) are the same
    // word: 青天霹雳 is 青天の霹靂.
    let bare = |s: &str| s.replace('之', "");
    let q = bare(&query.keys.folded);
    if words.is_empty()
        || names
            .iter()
            .any(|n| bare(&n.keys.folded) == q || bare(&n.keys.core) == q)
    {
        return None;
    }
    // Spelled readings: romaji of Japanese readings, pinyin without spaces, Latin letters.
    let spelled = |n: &MarkProfile, r: &str| {
        n.keys.romaji.iter().any(|x| x == r)
            || n.keys.pinyin.iter().any(|p| p.replace(' ', "") == r)
            || n.keys.folded == r
    };
    let read_alike = |w: &crate::normalize::CommonWord| {
        names.iter().any(|n| {
            w.readings.iter().any(|r| n.keys.kana.contains(r))
                || w.romaji.iter().chain(&w.pinyin).any(|r| spelled(n, r))
        })
    };
    if words.iter().any(|w| read_alike(w)) {
        return None;
    }
    let listed: Vec<String> = words
        .iter()
        .take(MEANING_WORDS_SHOWN)
        .map(|w| {
            let r = if w.readings.is_empty() {
                &w.pinyin
            } else {
                &w.readings
            };
            format!("{} ({})", w.word, r.join(", "))
        })
        .collect();
    Some(Explanation::leaf(
        OWN_MEANING_FACTOR,
        "meaning",
        format!(
            "{:?} is a word of its own: {}; no form of the target is it or is read as it: a \
             meaning of its own sets it apart",
            query.keys.original,
            listed.join(", "),
        ),
    ))
}

/// True if a part of `e` measuring meaning (`conceptual`) reaches `value`.
fn from_meaning(e: &Explanation, value: f32) -> bool {
    (e.method == "conceptual" && e.value >= value)
        || e.children.iter().any(|c| from_meaning(c, value))
}

/// What a finding was matched against, as the findings JSON shows it (`target`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// The target's id.
    pub id: String,
    /// The target's kind as its source names it: a register kind (`prefecture`, `cn_county`,
    /// `well_known` …), a watch-list kind (`brand`, `gi`, `place`) or `registered_mark`.
    pub kind: String,
    /// All the target's names.
    pub names: Vec<String>,
    /// The owner or administrator, when known (register index records: the first applicant).
    pub owner: Option<String>,
    /// The target's country (ST.3 code), when known.
    pub country: Option<String>,
    /// Nice classes protected; empty means all goods.
    pub classes: Vec<NiceClass>,
    /// 0 (obscure) to 3 (famous in both countries), when known (built-in registers).
    pub knownness: Option<u8>,
    /// Where the target comes from: a built-in register's name (`well_known`, `jp_places` …),
    /// `watch` (a watch list) or `index` (an earlier register given with `--register`).
    pub register: String,
}

/// A finding with its target, its filing, the legal grounds it raises and the deadlines to act.
///
/// Serialized as the findings JSON contract: the [`Finding`] fields first (`filing_id`,
/// `target_id`, `target_names`, `score`, `grounds`, `explanation`), then `target`, `filing`
/// (the [`Record`] in its serde form), `legal` ([`GroundFinding`]s) and `deadlines`
/// ([`Deadline`]s), and `applicant` ([`ApplicantNote`]) when one was noted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScreenFinding {
    /// The similarity finding; its `grounds` are the codes of `legal`.
    #[serde(flatten)]
    pub finding: Finding,
    /// The target.
    pub target: Target,
    /// The filing.
    pub filing: Record,
    /// The grounds raised, in the rules' table order.
    pub legal: Vec<GroundFinding>,
    /// The deadlines against the filing, most urgent first.
    pub deadlines: Vec<Deadline>,
    /// The filing's applicant when its group's bad-faith score is at or over the profiler's
    /// threshold ([`ScreenFinding::set_applicant`]); absent otherwise, and always absent unless
    /// applicants were profiled. Serialized only when present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applicant: Option<ApplicantNote>,
    /// The rules' facts about the target, kept to run the rules again (not serialized).
    #[serde(skip)]
    pub facts: TargetFacts,
}

/// What a finding says about its filing's applicant (`applicant` in the findings JSON).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApplicantNote {
    /// The applicant group's id (`markwatch_core::applicants::Profile::group_id`).
    pub group_id: String,
    /// The group's bad-faith score in [0, 1] (rounded to 4 decimals).
    pub score: f64,
    /// The names of the indicators that contribute to the score (contribution above 0),
    /// largest contribution first.
    pub indicators: Vec<String>,
}

impl ScreenFinding {
    /// The most urgent of the finding's deadlines ([`Urgency::of`]).
    pub fn urgency(&self) -> Urgency {
        Urgency::of(&self.deadlines)
    }

    /// Notes the filing's applicant on the finding and runs the rules again with
    /// [`MatchFacts::applicant_bad_faith_score`] set to `note.score`, so the bad-faith grounds
    /// (`CN-4`, `JP-3-1`, `JP-4-1-7`, … where the rules' own bar is met) join the others;
    /// `legal`, `grounds` and `deadlines` are recomputed as of `clock`. The caller decides
    /// whether the score is high enough to note (the profiler's threshold).
    pub fn set_applicant(&mut self, note: ApplicantNote, clock: &dyn Clock) {
        let mut m = match_facts(&self.finding, &self.target, self.facts, &self.filing);
        m.applicant_bad_faith_score = Some(note.score as f32);
        let legal = Rules::builtin().evaluate(&m);
        self.deadlines = rules::deadlines(&self.filing, &legal, clock);
        self.finding.grounds = legal.iter().map(|g| g.code.clone()).collect();
        self.legal = legal;
        self.applicant = Some(note);
    }
}

/// What the rules need to know about a target beyond its [`Target`] description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetFacts {
    /// The rules' kind of the target.
    pub kind: TargetKind,
    /// Whether the target is registered in the filing's office, when known (`None`: the
    /// rules module's defaults apply, see [`MatchFacts::target_registered_here`]).
    pub registered_here: Option<bool>,
}

impl TargetFacts {
    /// The facts of a watch-list entry of kind `brand`, `gi` or `place`
    /// ([`TargetKind::from_register_kind`]; an unknown kind is taken as a brand), registration
    /// status unknown.
    pub fn of_watch_kind(kind: &str) -> TargetFacts {
        TargetFacts {
            kind: TargetKind::from_register_kind(kind).unwrap_or(TargetKind::Brand),
            registered_here: None,
        }
    }
}

/// Adds grounds and deadlines to `finding` of `filing` against `target`.
///
/// Builds [`MatchFacts::for_filing`] with the target's kind, main name, country and
/// registration status, the goods relation of the filing's classes to the target's, the score,
/// and `is_identical` when the mark similarity is 1; evaluates [`Rules::builtin`]; computes
/// [`rules::deadlines()`] as of `clock`. `finding.grounds` becomes the codes raised.
pub fn assess(
    mut finding: Finding,
    target: Target,
    facts: TargetFacts,
    filing: &Record,
    clock: &dyn Clock,
) -> ScreenFinding {
    let m = match_facts(&finding, &target, facts, filing);
    let legal = Rules::builtin().evaluate(&m);
    let deadlines = rules::deadlines(filing, &legal, clock);
    finding.grounds = legal.iter().map(|g| g.code.clone()).collect();
    ScreenFinding {
        finding,
        target,
        filing: filing.clone(),
        legal,
        deadlines,
        applicant: None,
        facts,
    }
}

/// The rules' facts of `finding` (see [`assess`]), without an applicant score.
fn match_facts(
    finding: &Finding,
    target: &Target,
    facts: TargetFacts,
    filing: &Record,
) -> MatchFacts {
    let mut m = MatchFacts::for_filing(filing, facts.kind);
    m.target_name = target.names.first().cloned().unwrap_or_default();
    m.target_country = target
        .country
        .as_deref()
        .and_then(|c| c.parse::<Office>().ok());
    m.target_registered_in_filing_office = facts.registered_here;
    let target_classes: Vec<GoodsClass> = target
        .classes
        .iter()
        .copied()
        .map(GoodsClass::bare)
        .collect();
    let goods = relate(&filing.classes, &target_classes);
    m.goods_relation = goods
        .relation
        .as_str()
        .parse()
        .unwrap_or(rules::GoodsRelation::Strong);
    m.score = finding.score;
    m.is_identical = finding
        .explanation
        .children
        .first()
        .is_some_and(|mark| mark.value >= 1.0);
    m
}

/// Sorts findings by urgency ([`ScreenFinding::urgency`], most urgent first), then score
/// (best first); stable, so equal findings keep their order (filing order, then target id).
pub fn sort_findings(findings: &mut [ScreenFinding]) {
    findings.sort_by(|a, b| {
        a.urgency()
            .cmp(&b.urgency())
            .then_with(|| b.finding.score.total_cmp(&a.finding.score))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FixedClock;
    use chrono::NaiveDate;

    fn finding_of(filing: &Record) -> ScreenFinding {
        let finding = Finding {
            filing_id: filing.id.clone(),
            target_id: "W-1".into(),
            target_names: vec!["松阪牛".into()],
            score: 0.9,
            grounds: Vec::new(),
            target_classes: Vec::new(),
            explanation: Explanation {
                value: 0.9,
                method: "product".into(),
                detail: "mark similarity x goods factor".into(),
                children: vec![Explanation::leaf(0.9, "test", "similar")],
            },
        };
        let target = Target {
            id: "W-1".into(),
            kind: "brand".into(),
            names: vec!["松阪牛".into()],
            owner: Some("松阪牛協議会".into()),
            country: Some("JP".into()),
            classes: Vec::new(),
            knownness: None,
            register: "watch".into(),
        };
        let clock = FixedClock(NaiveDate::from_ymd_opt(2025, 6, 1).unwrap());
        assess(
            finding,
            target,
            TargetFacts::of_watch_kind("brand"),
            filing,
            &clock,
        )
    }

    fn note(score: f64) -> ApplicantNote {
        ApplicantNote {
            group_id: "深圳市酒鼎贸易".into(),
            score,
            indicators: vec!["distinct_targets".into()],
        }
    }

    #[test]
    fn set_applicant_adds_the_bad_faith_ground_at_the_rules_bar() {
        let mut filing = Record::new("CN:1", Office::CN, "松阪牛肉");
        filing.dates.filing = NaiveDate::from_ymd_opt(2024, 3, 1);
        let clock = FixedClock(NaiveDate::from_ymd_opt(2025, 6, 1).unwrap());
        let plain = finding_of(&filing);
        assert!(plain.applicant.is_none());
        assert!(!plain.finding.grounds.contains(&"CN-4".to_string()));

        let mut low = plain.clone();
        low.set_applicant(note(0.3), &clock);
        assert_eq!(low.applicant, Some(note(0.3)));
        assert_eq!(low.finding.grounds, plain.finding.grounds);

        let mut high = plain.clone();
        high.set_applicant(note(0.8), &clock);
        assert!(high.finding.grounds.contains(&"CN-4".to_string()));
        assert_eq!(
            high.finding.grounds,
            high.legal
                .iter()
                .map(|g| g.code.clone())
                .collect::<Vec<_>>()
        );
        for g in &plain.finding.grounds {
            assert!(high.finding.grounds.contains(g));
        }
        let json = serde_json::to_value(&high).unwrap();
        assert_eq!(json["applicant"]["score"], 0.8);
        assert!(serde_json::to_value(&plain)
            .unwrap()
            .get("applicant")
            .is_none());
    }
}
