//! Screening a filing against the built-in registers: see [`RegisterScreener`].

use std::collections::HashSet;
use std::sync::OnceLock;

use super::{RegisterEntry, Registers};
use crate::goods::relate;
use crate::index::{
    assess, own_meaning, product, record_names, Entry, Finding, Index, IndexBuilder, Scratch,
    ScreenFinding, StoredDoc, Target, TargetFacts, DEFAULT_THRESHOLD,
};
use crate::normalize::Normalizer;
use crate::rules::TargetKind;
use crate::score::{explain, round4, Explanation, MarkProfile};
use crate::{Clock, GoodsClass, Record};

/// Least characters (after folding) of a form contained in a longer mark for an entry of
/// knownness 1 to match by containment.
pub const MIN_CONTAINED_CHARS: usize = 3;

/// The least value of a match where the mark contains a form of at least
/// [`MIN_CONTAINED_CHARS`] characters: enough for knownness 3, not for 2 or 1 on its own.
pub const CONTAINED_FLOOR: f32 = 0.8;

/// Entries examined per filing name.
const CANDIDATES_PER_NAME: usize = 20;

/// The least score a match by similarity needs against an entry of `knownness` (see
/// [`RegisterScreener`]); exact matches need no score. Knownness 0 returns a value above 1 (never).
pub fn min_score(knownness: u8) -> f32 {
    match knownness {
        3.. => 0.75,
        2 => 0.85,
        1 => 0.9,
        0 => f32::INFINITY,
    }
}

/// The built-in registers with their similarity index.
///
/// Every name form of every entry goes into one similarity index ([`IndexBuilder`]), built once
/// per process ([`RegisterScreener::builtin`]). A filing's names are searched in it; each
/// candidate entry then passes three filters before it becomes a finding:
///
/// 1. **Match strength by knownness** ([`min_score`]). A name is matched when the whole mark
///    equals one of the entry's forms after folding (`exact`), or when:
///
///    | knownness | needs |
///    |---|---|
///    | 3 (prefectures, designated cities, famous GIs, well-known marks) | score ≥ 0.75: knock-offs, containment with a generic word, other scripts; a form of at least [`MIN_CONTAINED_CHARS`] characters anywhere in the mark (scores at least [`CONTAINED_FLOOR`]) |
///    | 2 (prefectural capitals, notable towns, most GIs) | score ≥ 0.85 |
///    | 1 (ordinary municipalities and counties, local GIs) | the mark contains a form of at least [`MIN_CONTAINED_CHARS`] characters (usually the full name, `五所川原市`), and score ≥ 0.9 |
///    | 0 (obscure) | exact only |
///
///    A form of one character (a county called 徐) and a filing name of one character only
///    ever match exactly; similarity is taken over the entry's forms of two or more
///    characters, so that one character cannot make a hit. A mark with hanzi is compared
///    with the hanzi forms, a Latin mark with the Latin forms (a form found inside the mark
///    counts whatever its script). Between hanzi, a place must match in writing
///    (orthographic or visual measure: a homophone is not the place) and a mark must share
///    at least half its characters (a sound match alone is not a copy). A mark inside a
///    longer form must cover three quarters of it (さくらんぼ is not 東根さくらんぼ).
/// 2. **Place names by office and country** (CN Art. 10(2)). A Japanese place counts in a CN
///    filing only when known to the Chinese public: knownness 2 or more. A Chinese division
///    counts in a CN filing at any knownness. A JP filing raises no place ground (the rules
///    have none), nor does a CN filing of a Japanese place at knownness 1.
///    **Another meaning**: a place entry is skipped when every form of it found in the mark
///    (or, for a match by similarity only, the mark itself or its distinctive core) is listed
///    in `other_meaning.tsv` (光明, 太平, 和平 …). The exception is narrow, as Art. 10(2)'s is
///    (the other meaning must be the one a reader takes): it does not reach a longer form
///    found in the mark (`光明区` is not listed, so the full name still counts), nor a listed
///    name followed directly by a word that states origin ([`ORIGIN_WORDS`]: `太平特产`,
///    `凤凰原产`), where the mark itself makes the place the reading.
/// 3. **Grounds**: [`assess`] runs the rules; an entry that raises no ground for the filing's
///    office (a Japanese place in a Japanese filing) is no finding. Of several place entries
///    of one country matched on the same form (a prefecture and its capital city), only the
///    best known is kept.
pub struct RegisterScreener {
    registers: &'static Registers,
    index: Index<Vec<u8>>,
    other_meaning: HashSet<String>,
    /// [`ORIGIN_WORDS`], folded like filing names.
    origin_words: Vec<String>,
}

impl std::fmt::Debug for RegisterScreener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegisterScreener")
            .field("entries", &self.index.len())
            .finish()
    }
}

/// Words that, right after a place name, say that the goods come from there: a listed name
/// followed by one of them (`光明特产`, `和平产区`) is read as the place, and the "another
/// meaning" exception of CN Art. 10(2) does not apply. Two characters each, so that a word
/// such as 产业 (industry: `太平产业`) does not count.
pub const ORIGIN_WORDS: [&str; 7] = ["特产", "名产", "土产", "原产", "出产", "产地", "产区"];

/// How the filing met an entry.
struct Met {
    /// Folded forms of the entry found in (or equal to) a filing name.
    contained: Vec<String>,
}

impl RegisterScreener {
    /// The screener of [`Registers::builtin`], built on first use with
    /// [`Normalizer::global`] (a few seconds: every name form is normalized).
    pub fn builtin() -> &'static RegisterScreener {
        static SCREENER: OnceLock<RegisterScreener> = OnceLock::new();
        SCREENER.get_or_init(|| RegisterScreener::new(Registers::builtin(), Normalizer::global()))
    }

    /// Indexes every entry of `registers`. Forms that fold to the same text character by
    /// character are indexed once.
    pub fn new(registers: &'static Registers, normalizer: &Normalizer) -> RegisterScreener {
        let fold = |s: &str| -> String {
            s.chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| normalizer.fold_char(c))
                .flat_map(char::to_lowercase)
                .collect()
        };
        let mut b = IndexBuilder::new(normalizer);
        b.extend(registers.entries().iter().map(|e| {
            let mut seen: Vec<String> = Vec::new();
            let mut names = Vec::new();
            for n in e.names() {
                let f = fold(n);
                if !seen.contains(&f) {
                    seen.push(f);
                    names.push(n.to_string());
                }
            }
            Entry {
                id: e.id.clone(),
                names,
                classes: e.classes.iter().copied().map(GoodsClass::bare).collect(),
                language: e.country.language(),
            }
        }));
        let other_meaning = registers
            .other_meaning
            .keys()
            .map(|n| normalizer.keys(n).folded)
            .collect();
        let origin_words = ORIGIN_WORDS
            .iter()
            .map(|w| normalizer.keys(w).folded)
            .collect();
        RegisterScreener {
            registers,
            index: b.build(),
            other_meaning,
            origin_words,
        }
    }

    /// The registers screened.
    pub fn registers(&self) -> &'static Registers {
        self.registers
    }

    /// The number of entries indexed.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True if and only if no entry is indexed.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The findings of `record` against the registers, with grounds and deadlines as of
    /// `clock`, best score first (ties by target id). See the type docs for what counts.
    pub fn screen(
        &self,
        normalizer: &Normalizer,
        record: &Record,
        clock: &dyn Clock,
        scratch: &mut Scratch,
    ) -> Vec<ScreenFinding> {
        let queries: Vec<MarkProfile> = record_names(record)
            .into_iter()
            .map(|n| MarkProfile::new(normalizer, n))
            .collect();
        let mut docs: Vec<u32> = Vec::new();
        for q in &queries {
            for hit in self.index.search(q, CANDIDATES_PER_NAME, &[], scratch) {
                if !docs.contains(&hit.doc) {
                    docs.push(hit.doc);
                }
            }
        }
        let mut out: Vec<(ScreenFinding, Vec<String>)> = Vec::new();
        for doc in docs {
            let Ok(target) = self.index.doc(doc) else {
                continue;
            };
            let Some(entry) = self.registers.get(&target.id) else {
                continue;
            };
            if let Some(f) = self.judge(normalizer, record, &queries, entry, &target, clock) {
                out.push(f);
            }
        }
        dedupe_places(&mut out, self.registers);
        let mut findings: Vec<ScreenFinding> = out.into_iter().map(|(f, _)| f).collect();
        findings.sort_by(|a, b| {
            b.finding
                .score
                .total_cmp(&a.finding.score)
                .then_with(|| a.finding.target_id.cmp(&b.finding.target_id))
        });
        findings
    }

    fn judge(
        &self,
        normalizer: &Normalizer,
        record: &Record,
        queries: &[MarkProfile],
        entry: &RegisterEntry,
        target: &StoredDoc,
        clock: &dyn Clock,
    ) -> Option<(ScreenFinding, Vec<String>)> {
        // Law by office and country: a Japanese place in a CN filing must be known there.
        if entry.is_place() && entry.country != record.office && entry.knownness < 2 {
            return None;
        }
        let met = met(queries, &target.profiles);
        if entry.is_place() && self.other_meaning_applies(queries, &met) {
            return None;
        }
        let (value, node) = best_evidence(queries, entry, target, &met)?;
        let classes: Vec<GoodsClass> = entry
            .classes
            .iter()
            .copied()
            .map(GoodsClass::bare)
            .collect();
        let gi = matches!(
            TargetKind::from_register_kind(&entry.kind),
            Some(TargetKind::Gi | TargetKind::LiquorGi)
        );
        let goods = relate(&record.classes, &classes);
        let factor = goods.factor(gi);
        let exact = node.method == "exact";
        // The filing's mark as a common word of its own (index::screen::own_meaning).
        let meaning = queries
            .first()
            .filter(|_| !exact)
            .and_then(|q| own_meaning(normalizer, q, &target.profiles, &node));
        let meaning_factor = meaning.as_ref().map_or(1.0, |m| m.value);
        let score = round4(value * factor * meaning_factor);
        let contained_ok =
            |min_chars: usize| met.contained.iter().any(|f| f.chars().count() >= min_chars);
        let accepted = exact
            || match entry.knownness {
                0 => false,
                1 => score >= min_score(1) && contained_ok(MIN_CONTAINED_CHARS),
                k => score >= min_score(k).max(DEFAULT_THRESHOLD),
            };
        if !accepted {
            return None;
        }
        let finding = Finding {
            filing_id: record.id.clone(),
            target_id: entry.id.clone(),
            target_names: entry.names().into_iter().map(str::to_string).collect(),
            score,
            grounds: Vec::new(),
            target_classes: entry.classes.clone(),
            explanation: product(
                score,
                "register match",
                node,
                Explanation::leaf(factor, "goods", goods.detail(gi)),
                meaning,
            ),
        };
        let t = Target {
            id: entry.id.clone(),
            kind: entry.kind.clone(),
            names: finding.target_names.clone(),
            owner: entry.owner.clone(),
            country: Some(entry.country.code().to_string()),
            classes: entry.classes.clone(),
            knownness: Some(entry.knownness),
            register: entry.register.clone(),
        };
        let facts = TargetFacts {
            kind: entry.target_kind(),
            registered_here: None,
        };
        let f = assess(finding, t, facts, record, clock);
        if f.legal.is_empty() {
            return None;
        }
        Some((f, met.contained))
    }

    /// True if the CN Art. 10(2) exception applies ([`RegisterScreener`], filter 2): the
    /// forms met are listed in `other_meaning.tsv`, and no filing name follows one of them
    /// with an origin word ([`ORIGIN_WORDS`]).
    fn other_meaning_applies(&self, queries: &[MarkProfile], met: &Met) -> bool {
        let listed = if met.contained.is_empty() {
            queries.iter().any(|q| {
                self.other_meaning.contains(&q.keys.folded)
                    || self.other_meaning.contains(&q.keys.core)
            })
        } else {
            met.contained.iter().all(|f| self.other_meaning.contains(f))
        };
        listed && !self.origin_marked(queries, &met.contained)
    }

    /// True if a filing name has one of `forms` directly followed by an origin word.
    fn origin_marked(&self, queries: &[MarkProfile], forms: &[String]) -> bool {
        queries.iter().any(|q| {
            let hay = &q.keys.folded;
            forms.iter().any(|f| {
                self.origin_words
                    .iter()
                    .any(|w| hay.contains(&format!("{f}{w}")))
            })
        })
    }
}

/// Which forms of a target (by folded text) equal or sit inside a filing name.
fn met(queries: &[MarkProfile], names: &[MarkProfile]) -> Met {
    let mut contained: Vec<String> = Vec::new();
    for q in queries {
        let qf = &q.keys.folded;
        for n in names {
            let nf = &n.keys.folded;
            if nf.is_empty() {
                continue;
            }
            if qf != nf && (nf.chars().count() < 2 || !contains_whole(qf, nf, &q.keys.cleaned)) {
                continue;
            }
            if !contained.contains(nf) {
                contained.push(nf.clone());
            }
        }
    }
    Met { contained }
}

/// True if `needle` (folded) is inside `hay` (folded): anywhere for CJK and kana, and as whole
/// tokens of `cleaned` for Latin text (`kobe` in `kobe beef`, not `obe` in `robe`).
fn contains_whole(hay: &str, needle: &str, cleaned: &str) -> bool {
    if !hay.contains(needle) {
        return false;
    }
    if needle.chars().all(|c| c.is_ascii_alphanumeric()) {
        let tokens: Vec<&str> = cleaned.split(' ').collect();
        (0..tokens.len()).any(|i| (i + 1..=tokens.len()).any(|j| tokens[i..j].concat() == needle))
    } else {
        true
    }
}

/// True if `s` has a Han ideograph.
fn has_han(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
    })
}

/// True if `s` is Latin text (ASCII letters, digits, spaces and punctuation only).
fn is_latin(s: &str) -> bool {
    s.is_ascii() && s.chars().any(|c| c.is_ascii_alphabetic())
}

/// The value of `method` among the measures of a similarity explanation.
fn measure(e: &Explanation, method: &str) -> f32 {
    e.children
        .iter()
        .find(|c| c.method == method)
        .map_or(0.0, |c| c.value)
}

/// The strongest evidence that a filing name is one of the entry's names, as a value in [0, 1]
/// and an explanation node (method `exact`, `contains` or `similar`), or `None` when nothing
/// qualifies. See [`RegisterScreener`] (filter 1) for what counts.
fn best_evidence(
    queries: &[MarkProfile],
    entry: &RegisterEntry,
    target: &StoredDoc,
    met: &Met,
) -> Option<(f32, Explanation)> {
    for q in queries {
        for (i, n) in target.profiles.iter().enumerate() {
            if !n.keys.folded.is_empty() && q.keys.folded == n.keys.folded {
                let node = Explanation {
                    value: 1.0,
                    method: "exact".into(),
                    detail: format!(
                        "{:?} is the register form {:?} after folding",
                        q.keys.original, target.names[i]
                    ),
                    children: Vec::new(),
                };
                return Some((1.0, node));
            }
        }
    }
    let mut best: Option<(f32, Explanation)> = None;
    for q in queries {
        let q_han = has_han(&q.keys.original);
        let q_latin = is_latin(&q.keys.original);
        if q.keys.folded.chars().count() < 2 {
            continue;
        }
        for (i, n) in target.profiles.iter().enumerate() {
            let name = &target.names[i];
            let nf = &n.keys.folded;
            if nf.chars().count() < 2 {
                continue;
            }
            let n_han = has_han(name);
            let contained = met.contained.contains(nf);
            // Script to script: a mark with hanzi against hanzi forms, a Latin mark against
            // Latin forms (a form found in the mark counts whatever its script).
            if !contained && ((q_han && !n_han) || (q_latin && !is_latin(name))) {
                continue;
            }
            // A mark inside a longer form must cover most of it: さくらんぼ is not
            // 東根さくらんぼ.
            let (ql, nl) = (q.keys.folded.chars().count(), nf.chars().count());
            if !contained && nf.contains(q.keys.folded.as_str()) && ql * 4 < nl * 3 {
                continue;
            }
            let e = explain(q, n);
            let chars = measure(&e, "orthographic").max(measure(&e, "visual"));
            let (value, method, why) = if contained {
                // A form of three or more characters found whole in the mark is a clear
                // token, however long the mark (正宗北海道牛奶工坊).
                let floor = if nl >= MIN_CONTAINED_CHARS {
                    CONTAINED_FLOOR
                } else {
                    0.0
                };
                (
                    e.value.max(floor),
                    "contains",
                    format!("{:?} contains the register form {name:?}", q.keys.original),
                )
            } else if q_han && n_han && (entry.is_place() || chars < 0.5) {
                // Between ideographs, a sound match alone is a homophone, not a copy: a place
                // must match in writing, a mark must share at least half its characters.
                (
                    chars,
                    "similar",
                    format!(
                        "{:?} vs {name:?} in writing (orthographic, visual)",
                        q.keys.original
                    ),
                )
            } else {
                (
                    e.value,
                    "similar",
                    format!("{:?} vs {name:?}", q.keys.original),
                )
            };
            if best.as_ref().is_none_or(|b| value > b.0) {
                let node = Explanation {
                    value: round4(value),
                    method: method.into(),
                    detail: why,
                    children: vec![e],
                };
                best = Some((value, node));
            }
        }
    }
    best
}

/// Of place findings of one country met on the same forms, keeps the best known (then the
/// smallest id).
fn dedupe_places(out: &mut Vec<(ScreenFinding, Vec<String>)>, registers: &Registers) {
    let key = |f: &ScreenFinding| {
        let e = registers.get(&f.finding.target_id)?;
        e.is_place().then(|| (e.country.clone(), e.knownness))
    };
    let mut keep = vec![true; out.len()];
    for i in 0..out.len() {
        let Some((ci, ki)) = key(&out[i].0) else {
            continue;
        };
        for j in 0..out.len() {
            if i == j || out[i].1.is_empty() || out[i].1 != out[j].1 {
                continue;
            }
            let Some((cj, kj)) = key(&out[j].0) else {
                continue;
            };
            let better =
                kj > ki || (kj == ki && out[j].0.finding.target_id < out[i].0.finding.target_id);
            if cj == ci && better {
                keep[i] = false;
            }
        }
    }
    let mut it = keep.into_iter();
    out.retain(|_| it.next().unwrap_or(true));
}
