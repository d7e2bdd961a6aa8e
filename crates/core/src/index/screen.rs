//! Screening: a filing against an index of targets (watched names or an earlier register).

use serde::Serialize;

use super::{Index, Scratch, StoredDoc};
use crate::goods::relate;
use crate::normalize::Normalizer;
use crate::score::{explain_match, round4, Explanation, MarkProfile};
use crate::Record;

/// The default screening threshold: a finding is reported if and only if its score is at
/// least this. Chosen on the public evaluation cases so that one-character knock-offs of three-
/// and four-character marks are reported and two-character marks sharing one character are not.
pub const DEFAULT_THRESHOLD: f32 = 0.7;

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
    /// Legal ground codes (empty until the rules engine assigns them).
    pub grounds: Vec<String>,
    /// Why: the mark similarity tree and the goods relation.
    pub explanation: Explanation,
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
    let queries: Vec<MarkProfile> = record_names(record)
        .into_iter()
        .map(|n| MarkProfile::new(normalizer, n))
        .collect();
    // doc number → (score, query index, name index)
    let mut best: Vec<(u32, f32, usize, usize)> = Vec::new();
    for (qi, q) in queries.iter().enumerate() {
        for hit in index.search(q, TARGETS_PER_NAME, &[], scratch) {
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
        if let Some(f) = finding(record, &queries[qi], &target, ni, threshold) {
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
    record: &Record,
    query: &MarkProfile,
    target: &StoredDoc,
    name: usize,
    threshold: f32,
) -> Option<Finding> {
    let goods = relate(&record.classes, &target.classes);
    let factor = goods.relation.factor();
    let mark = explain_match(query, &target.profiles, name);
    let score = round4(mark.value * factor);
    if score < threshold {
        return None;
    }
    Some(Finding {
        filing_id: record.id.clone(),
        target_id: target.id.clone(),
        target_names: target.names.clone(),
        score,
        grounds: Vec::new(),
        explanation: Explanation {
            value: score,
            method: "product".into(),
            detail: "mark similarity x goods factor".into(),
            children: vec![
                mark,
                Explanation::leaf(
                    factor,
                    "goods",
                    format!("{}: {}", goods.relation.as_str(), goods.explanation),
                ),
            ],
        },
    })
}
