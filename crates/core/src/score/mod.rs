//! Similarity of two marks in [0, 1], with an explanation tree.
//!
//! [`similarity`] (and [`explain`], with the tree) scores two [`MarkProfile`]s — a mark's
//! [`MarkKeys`] plus the keys of its distinctive core — by five measures and keeps the best:
//!
//! | method | compares | how |
//! |---|---|---|
//! | `orthographic` | `folded` (and `skeleton`) | `1 - edits / longer length` over characters; a transposition of neighbours is one edit; two all-CJK marks one of which is the other with characters inserted in one place, the shorter of three characters or more: `2 × shorter / (sum of lengths)` if higher (风闻记 / 风闻喜记 0.857, not 0.75; 富山 / 富士山 stays 0.67) |
//! | `phonetic` | best pair of sound keys (`phonetic`, else pinyin/romaji/Latin) | weighted syllable edit distance, first syllable ×1.5, a replaced syllable costing twice [`phonetic::syllable_cost`] (at most 1); one-token keys also by characters; keys equal through a Japanese reading of a Han mark or between Japanese-read marks × the mora similarity of those readings (`mora`: れいしゅう/レス, みこう/`Mikuo`), at least × (1 − [`MORA_DROP`]); × (1 − [`MORA_DROP`]) when a Latin mark gives the key only as pinyin and the Han mark only in Japanese (`LESI`, 令秋); never below the match through the Han mark's pinyin |
//! | `visual` | same-length all Han-or-kana `folded` (kana shapes compared as written, so ユ/コ is not read as ゆ/こ) | mean per-character shape similarity ([`Normalizer::visual_similarity`], equal = 1); the detail names a containment or a shared part ([`Normalizer::visual_relation`]) |
//! | `conceptual` | cores and generic words | core similarity (sound weighed by writing in one script, and across scripts through a reading of a Han or kana form of the target, as below) × 0.95 when the generic words share a concept (龍口春雨 ⇄ 龙口粉丝), × 0.85 when both have different generic words |
//! | `containment` | the shorter mark inside the longer | 0.9 × similarity of the longer mark's core to the shorter mark (京都抹茶 ⊃ 京都); else a whole-word / ≥2-CJK-character substring, the shorter mark in the longer one or in its core (鹤年堂 covers 3 of 5 characters of the core 鹤年堂深圳 of 鹤年堂（深圳）医药有限公司), or the distinctive core of either mark (≥3 CJK characters: `Hamanako` of `Hamanako Eel` in `HAMANAKO YURAN`), Latin words ending where the script changes (`MENTOS` of `MENTOS薄荷糖`) and compared as romaji spellings (`KOUKA` is `Koka`): 0.6 + 0.35 × coverage, × 0.9 for a CJK piece that does not begin the longer mark (海山 of 八海山), × 0.8 for a two-character piece of a three-character mark that is a dictionary word or name of its own, its third character not generic (伊勢丹, 八海山: another word); else, across scripts, a core's sound (≥ 2 syllables) as the beginning of the other's sound (not of a reading of a Latin form of the target, for a Latin query: `POKE-BOWL` and ポケモン of `POKEMON`): 0.6 + 0.35 × coverage, heard as the phonetic measure hears equal keys (× the mora similarity of the readings' beginnings, at least 1 − [`MORA_DROP`]: 黄喬 こうきょう does not begin `kokior`) |
//!
//! Rules that keep short marks apart:
//! - A shared character is worth what it covers: two two-character CJK marks sharing one
//!   character score 0.5 orthographically.
//! - Two-character rule: when two all-CJK two-character marks share one character in place and
//!   neither the usual pinyin of the other characters is near-identical nor the usual
//!   Japanese readings of the marks are the same (凌宣/凌銭 りょうせん), the phonetic score is
//!   capped at 0.6 (蒙牛/红牛, 长城/长野, 福田/福岡), whatever rarer readings say; [`best_match`]
//!   extends the cap to the other forms of the same target (福田 vs `Fukuoka`).
//! - Short keys: two sound keys of at most two syllables that differ by more than an s/c/z-level
//!   sound are capped at 0.6 too (少年 vs `SHAOLIN`).
//! - Substring containment needs at least two CJK characters (three if all kana: ぎふ is not in
//!   ギフトランド) or a whole Latin token of three letters or more, and scales with the share
//!   of the longer mark it covers, so a short shared piece of a long mark is not containment.
//!
//! - Sound alone, same script: when both marks are written wholly in the same script (Han,
//!   kana or Latin), the phonetic score is multiplied by `w + (1 - w) × max(orthographic,
//!   visual)` with `w` = [`SOUND_ONLY_WEIGHT`]: writing that could have agreed and does not
//!   weakens a sound match (定紫英 sounds like 丁聚樱, shares no character, and scores 0.65;
//!   丁自聚樱 scores 0.75). Across scripts (a transliteration) sound is all there is and
//!   counts in full, except that [`best_match`] weighs a form that is only the reading of
//!   another form of the target in the query's script (they share a sound key: `SHISEIDO` of
//!   `資生堂`, `富良野` of `Furano`) as that form would be, for the keys they share: `自然堂`
//!   is compared in sound with `資生堂`, whose writing it could have copied, not with its
//!   romanization; `FURLA` with `Furano`, not with `富良野` read ふらの. Containment through
//!   such a reading is weighed the same way when the query's script is Han or kana.
//!
//! Every score is symmetric (`similarity(a, b) == similarity(b, a)`), stays in [0, 1], and a
//! mark scores 1.0 against itself. [`best_match`] picks the best of a target's names.

mod mora;
mod text;

use serde::Serialize;

use crate::normalize::{self, phonetic, LookAlike, MarkKeys, Normalizer};
use crate::Language;

pub(crate) use text::{str_closeness, str_ratio};

/// A mark ready for comparison: its keys, and the keys of its distinctive core when the mark
/// has generic words (`京都抹茶` → keys of `京都`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MarkProfile {
    /// The keys of the mark text.
    pub keys: MarkKeys,
    /// The keys of `keys.core`, present if and only if the mark has generic words and a
    /// non-empty core different from the folded form.
    pub core: Option<MarkKeys>,
}

impl MarkProfile {
    /// Profiles `text` with `normalizer`.
    pub fn new(normalizer: &Normalizer, text: &str) -> MarkProfile {
        let keys = normalizer.keys(text);
        MarkProfile::from_keys(normalizer, keys)
    }

    /// Profiles already computed keys (computes the core's keys if needed).
    pub fn from_keys(normalizer: &Normalizer, keys: MarkKeys) -> MarkProfile {
        let core = (!keys.generic.is_empty() && !keys.core.is_empty() && keys.core != keys.folded)
            .then(|| normalizer.keys(&keys.core));
        MarkProfile { keys, core }
    }

    /// The profile as the public of `language` reads the mark: a Han mark (written wholly in
    /// Han characters and kana, with at least one Han character) keeps only its readings in
    /// that language and the sound keys they give: pinyin for Chinese; kana and romaji for
    /// Japanese (read again from `normalizer`'s dictionary, since an index stores only the
    /// first). 双沟 read in Chinese is `shuang gou` and not そうこう; 柳月 read in Japanese is
    /// りゅうげつ and not `liu yue`. Other marks (Latin, kana, mixed scripts) are unchanged;
    /// only the readings change: the writing is the same in every language. See
    /// [`MarkProfile::readable_in`] for when the result is complete.
    pub fn read_in(&self, language: Language, normalizer: &Normalizer) -> MarkProfile {
        let read = |k: &MarkKeys| -> MarkKeys {
            let mut k = k.clone();
            if !is_han_mark(&k) {
                return k;
            }
            let mut keys: Vec<String> = Vec::new();
            match language {
                Language::Chinese => {
                    k.kana.clear();
                    k.romaji.clear();
                    keys.extend(k.pinyin.iter().map(|p| phonetic::pinyin_key(p)));
                }
                Language::Japanese => {
                    k.pinyin.clear();
                    k.kana = normalizer.kana_readings(&k.folded);
                    k.kana.truncate(normalize::MAX_READINGS);
                    k.romaji.clear();
                    for r in k.kana.iter().map(|r| normalize::romaji::romaji(r)) {
                        if !k.romaji.contains(&r) {
                            k.romaji.push(r);
                        }
                    }
                    keys.extend(k.kana.iter().map(|r| phonetic::kana_key(r)));
                }
            }
            k.phonetic.clear();
            for key in keys {
                if !key.is_empty() && !k.phonetic.contains(&key) {
                    k.phonetic.push(key);
                }
            }
            k
        };
        MarkProfile {
            keys: read(&self.keys),
            core: self.core.as_ref().map(read),
        }
    }

    /// False for a Han mark with a character the dictionary cannot read in `language`: 圡 has
    /// no Japanese reading here (a Japanese reader reads it as its variant 土), so 圡源 read
    /// in Japanese alone would lose a syllable. True otherwise.
    pub fn readable_in(&self, language: Language, normalizer: &Normalizer) -> bool {
        !is_han_mark(&self.keys)
            || normalizer.reads_every_han_character(&self.keys.folded, language)
    }
}

/// One node of a score's explanation: a value, the method that produced it, a human-readable
/// detail (which keys, which characters) and the sub-scores it was computed from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The score of this node, in [0, 1] (rounded to 4 decimals).
    pub value: f32,
    /// What was measured (`orthographic`, `phonetic`, `goods`…).
    pub method: String,
    /// Which keys and characters, in one line.
    pub detail: String,
    /// The sub-scores, possibly empty.
    pub children: Vec<Explanation>,
}

impl Explanation {
    /// A node with no children.
    pub fn leaf(value: f32, method: impl Into<String>, detail: impl Into<String>) -> Explanation {
        Explanation {
            value: round4(value),
            method: method.into(),
            detail: detail.into(),
            children: Vec::new(),
        }
    }
}

/// Rounds to 4 decimals, so explanations print stably.
pub(crate) fn round4(v: f32) -> f32 {
    (v * 10_000.0).round() / 10_000.0
}

/// The similarity of `a` and `b` in [0, 1], without building an explanation.
pub fn similarity(a: &MarkProfile, b: &MarkProfile) -> f32 {
    score_parts::<false>(a, b, 0.0, None).0
}

/// The similarity and its support: the mean of the five measures, in [0, 1]. Rankings break
/// ties of similarity by [`closeness`], then by support, so that a candidate close in writing
/// *and* sound ranks above one that only sounds the same.
pub fn similarity_with_support(a: &MarkProfile, b: &MarkProfile) -> (f32, f32) {
    let (v, _, support) = score_parts::<false>(a, b, 0.0, None);
    (v, support)
}

/// How close two marks are in spelling and reading beyond the keys they are scored on: the
/// best character ratio between their first spellings (the Latin text of an all-Latin mark,
/// the first pinyin reading without spaces, the first romaji reading), two swapped neighbours
/// counting half an edit. In [0, 1], symmetric.
///
/// [`crate::index::Index::search`] breaks ties of score by it, before support. The shared
/// sound key is coarse on purpose (`-n`/`-ng`, `sh`/`x`, long vowels); of two marks reading
/// alike on it, the one spelled or read closer ranks first (`Meijiang`: 梅江 `meijiang` before
/// 梅剣 `meijian`).
pub fn closeness(a: &MarkKeys, b: &MarkKeys) -> f32 {
    closeness_to(&spellings(a), b)
}

/// The spellings [`closeness`] compares: the Latin text of an all-Latin mark, the first
/// pinyin reading without spaces, the first romaji reading.
pub(crate) fn spellings(k: &MarkKeys) -> Vec<String> {
    spellings_by_language(k)
        .into_iter()
        .map(|(s, _)| s)
        .collect()
}

/// [`spellings`], each with the language it reads the mark in (`None` for the Latin text,
/// which is every language's).
fn spellings_by_language(k: &MarkKeys) -> Vec<(String, Option<Language>)> {
    let latin = (!k.folded.is_empty() && k.folded.chars().all(|c| c.is_ascii_alphanumeric()))
        .then(|| (k.folded.clone(), None));
    latin
        .into_iter()
        .chain(
            k.pinyin
                .first()
                .map(|p| (p.replace(' ', ""), Some(Language::Chinese))),
        )
        .chain(
            k.romaji
                .first()
                .map(|r| (r.clone(), Some(Language::Japanese))),
        )
        .collect()
}

/// [`closeness`] of a mark whose [`spellings`] are `a` to `b`.
pub(crate) fn closeness_to(a: &[String], b: &MarkKeys) -> f32 {
    closeness_at_home(a, b, None).0
}

/// [`closeness_to`], and the same through `b`'s spellings in its home `language` only (its
/// Latin text, and its pinyin for Chinese or its romaji for Japanese): how close `a` is to the
/// mark as its own public spells and reads it. Both are equal for `None`; the second is never
/// more than the first.
pub(crate) fn closeness_at_home(
    a: &[String],
    b: &MarkKeys,
    language: Option<Language>,
) -> (f32, f32) {
    let (mut best, mut home) = (0.0f32, 0.0f32);
    for (y, read_in) in spellings_by_language(b) {
        let at_home = language.is_none() || read_in.is_none() || read_in == language;
        for x in a {
            // The one to beat: the best at home for a home spelling, else the best overall.
            let floor = if at_home { home } else { best };
            // The ratio is at most 1 - (length difference) / (longer length); lengths in
            // bytes are lengths in characters for ASCII.
            let (lx, ly) = (x.len(), y.len());
            if x.is_ascii()
                && y.is_ascii()
                && 1.0 - lx.abs_diff(ly) as f32 / lx.max(ly).max(1) as f32 <= floor
            {
                continue;
            }
            let c = str_closeness(x, &y);
            best = best.max(c);
            if at_home {
                home = home.max(c);
            }
            if home >= 1.0 {
                return (1.0, 1.0);
            }
        }
    }
    (best, home)
}

/// Slack below a floor within which scores are still computed exactly, so that float
/// rounding in the bounds never turns a tie with the floor into a miss.
const FLOOR_SLACK: f32 = 1e-4;

/// The similarity of `a` and `b` with its explanation tree; `explain(a, b).value` equals
/// [`similarity`]`(a, b)` rounded to 4 decimals.
pub fn explain(a: &MarkProfile, b: &MarkProfile) -> Explanation {
    explain_with(a, b, None)
}

fn explain_with(a: &MarkProfile, b: &MarkProfile, sibling: Option<&MarkProfile>) -> Explanation {
    let (v, parts, _) = score_parts::<true>(a, b, 0.0, sibling);
    let best = parts
        .iter()
        .max_by(|x, y| x.value.total_cmp(&y.value))
        .map_or("none", |p| p.method);
    Explanation {
        value: round4(v),
        method: "max".into(),
        detail: format!(
            "{:?} vs {:?}: best measure is {best}",
            a.keys.original, b.keys.original
        ),
        children: parts
            .into_iter()
            .map(|p| Explanation::leaf(p.value, p.method, p.detail))
            .collect(),
    }
}

/// The best match of `query` among `names`, the forms of one target (a watched name in several
/// scripts, or a mark with its transliteration): (index of the best name, score).
///
/// The forms of one name are one name: when the query and one of the forms are two-character
/// CJK marks that share one character and differ in a character of unrelated sound (the
/// two-character rule of the module docs), no other form (a romanization, say) may lift the
/// score above 0.6 either, unless that form itself scores higher on
/// the characters (orthographic or visual). Ties of score go to the higher support. `None`
/// when `names` is empty.
pub fn best_match(query: &MarkProfile, names: &[MarkProfile]) -> Option<Match> {
    best_match_above(query, names, 0.0)
}

/// [`best_match`] for a caller that only wants matches scoring at least `floor` (a top-K
/// search whose K-th score is `floor`): a match scoring `floor` or more has exactly the
/// score and support [`best_match`] gives; one below may come back with a lower score (the
/// scorer skips sound alignments that cannot reach the floor). With `floor` 0 it is
/// [`best_match`].
pub fn best_match_above(query: &MarkProfile, names: &[MarkProfile], floor: f32) -> Option<Match> {
    let floor = (floor - FLOOR_SLACK).max(0.0);
    let mut best: Option<Match> = None;
    let mut cap: Option<f32> = None;
    for (i, n) in names.iter().enumerate() {
        let sibling = reading_sibling(&query.keys, names, i);
        let (s, _, support) = score_parts::<false>(query, n, floor, sibling);
        if two_character_rule_applies(&query.keys, &n.keys) {
            cap = Some(cap.unwrap_or(0.0).max(SHORT_MARK_CAP.max(s)));
        }
        if best.is_none_or(|b| (s, support) > (b.score, b.support)) {
            best = Some(Match {
                name: i,
                score: s,
                support,
            });
        }
    }
    match (best, cap) {
        (Some(m), Some(c)) if m.score > c => Some(Match { score: c, ..m }),
        (b, _) => b,
    }
}

/// What [`best_match`] found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    /// Index of the best name.
    pub name: usize,
    /// Its similarity in [0, 1].
    pub score: f32,
    /// Its support (see [`similarity_with_support`]), the tie-breaker.
    pub support: f32,
}

/// [`explain`] for the name [`best_match`] chose; a capped score gets a parent node saying so.
/// A name that is a reading of another form in the query's script has its sound weighed as
/// that form's would be (see the module docs), and the tree says so.
pub fn explain_match(query: &MarkProfile, names: &[MarkProfile], chosen: usize) -> Explanation {
    let e = explain_with(
        query,
        &names[chosen],
        reading_sibling(&query.keys, names, chosen),
    );
    let capped = best_match(query, names).map_or(e.value, |m| round4(m.score));
    if capped >= e.value {
        return e;
    }
    Explanation {
        value: capped,
        method: "one_name".into(),
        detail: "another form of this name is a two-character CJK mark sharing one character \
                 with the query and differing in sound: capped"
            .into(),
        children: vec![e],
    }
}

struct Part {
    value: f32,
    method: &'static str,
    detail: String,
}

/// The score, its parts (with `E`) and the support. Exact when the score is above `floor`;
/// below it, the phonetic part may be left lower than it is when the other parts already
/// stay under `floor` (see [`best_match_above`]).
///
/// `sibling`: a form of the same target in `a`'s script of which `b` is a reading (see
/// [`reading_sibling`]); sound is then weighed by how far `a`'s writing agrees with it.
fn score_parts<const E: bool>(
    a: &MarkProfile,
    b: &MarkProfile,
    floor: f32,
    sibling: Option<&MarkProfile>,
) -> (f32, Vec<Part>, f32) {
    let ortho = orthographic::<E>(&a.keys, &b.keys);
    let vis = visual::<E>(&a.keys, &b.keys);
    let written = ortho.value.max(vis.value);
    let sibling = sibling.map(|s| Sibling::of(&a.keys, s));
    // Containment weighs sound through a Han or kana sibling whichever key matched.
    let cjk_sibling = sibling.as_ref().filter(|s| s.is_cjk());
    let concept = conceptual::<E>(a, b, cjk_sibling);
    // Below the floor, containment and sound are computed only as far as they could lift
    // the score to it; as soon as the score reaches it, every part is computed in full, so
    // that the support (the tie-breaker) is exact too.
    let mut exact = written.max(concept.value) > floor;
    let mut contain = containment::<E>(a, b, if exact { 0.0 } else { floor }, sibling.as_ref());
    exact |= contain.value > floor;
    // In one script sound is weighed by `factor` afterwards: the raw score must beat
    // floor / factor.
    let phon_floor = if exact {
        0.0
    } else {
        floor / sound_factor(&a.keys, &b.keys, written)
    };
    let mut phon = if phon_floor >= 1.0 {
        Part {
            value: 0.0,
            method: "phonetic",
            detail: String::new(),
        }
    } else {
        phonetic::<E>(&a.keys, &b.keys, phon_floor, sibling.as_ref())
    };
    weigh_sound_by_writing::<E>(&a.keys, &b.keys, &mut phon, written);
    if !exact && phon.value > floor {
        contain = containment::<E>(a, b, 0.0, sibling.as_ref());
    }
    let parts = [ortho, phon, vis, concept, contain];
    let v = parts
        .iter()
        .map(|p| p.value)
        .fold(0.0f32, f32::max)
        .clamp(0.0, 1.0);
    let support = parts.iter().map(|p| p.value).sum::<f32>() / parts.len() as f32;
    (v, if E { parts.into() } else { Vec::new() }, support)
}

/// What a phonetic score counts for, at least, between two marks of the same script that share
/// no writing: the phonetic score is multiplied by `w + (1 - w) × max(orthographic, visual)`.
pub const SOUND_ONLY_WEIGHT: f32 = 0.65;

/// The script both marks' folded forms are wholly written in (`"Han"`, `"kana"`, `"Latin"`),
/// if they share one; `None` for mixed or different scripts (a transliteration, where only
/// sound can agree).
fn same_script(a: &MarkKeys, b: &MarkKeys) -> Option<&'static str> {
    fn script(s: &str) -> Option<&'static str> {
        let mut chars = s.chars().peekable();
        let first = *chars.peek()?;
        let class = |c: char| -> Option<&'static str> {
            if matches!(c as u32, 0x3040..=0x30FF | 0x31F0..=0x31FF) {
                Some("kana")
            } else if is_cjk(c) {
                Some("Han")
            } else if c.is_ascii_alphanumeric() {
                Some("Latin")
            } else {
                None
            }
        };
        let k = class(first)?;
        chars.all(|c| class(c) == Some(k)).then_some(k)
    }
    let k = script(&a.folded)?;
    (script(&b.folded)? == k).then_some(k)
}

/// A form of the target in the query's script of which the compared form is a reading
/// (`資生堂` for `SHISEIDO`), with how far the query's writing agrees with it.
struct Sibling<'a> {
    script: &'static str,
    profile: &'a MarkProfile,
    written: f32,
}

/// The sound keys of a profile: of its whole form, then of its distinctive core.
fn form_sounds(p: &MarkProfile) -> impl Iterator<Item = &String> {
    p.keys
        .phonetic
        .iter()
        .chain(p.core.iter().flat_map(|c| c.phonetic.iter()))
}

impl<'a> Sibling<'a> {
    fn of(query: &MarkKeys, sibling: &'a MarkProfile) -> Sibling<'a> {
        let keys = &sibling.keys;
        Sibling {
            script: same_script(query, keys).unwrap_or("one"),
            profile: sibling,
            written: orthographic::<false>(query, keys)
                .value
                .max(visual::<false>(query, keys).value),
        }
    }

    /// The sibling as written.
    fn original(&self) -> &str {
        &self.profile.keys.original
    }

    /// What a sound match through a key the sibling shares is multiplied by.
    fn factor(&self) -> f32 {
        writing_weight(self.written)
    }

    /// True if `key` (syllables) is one of the sibling's sound keys.
    fn reads(&self, key: &[&str]) -> bool {
        form_sounds(self.profile).any(|k| {
            let mut parts = k.split('.').filter(|p| !p.is_empty());
            key.iter().all(|s| parts.next() == Some(*s)) && parts.next().is_none()
        })
    }

    /// True if the sibling is written in a script a copier copies characters of (Han, kana).
    fn is_cjk(&self) -> bool {
        matches!(self.script, "Han" | "kana")
    }
}

/// What a sound match counts for when the writing could have agreed `written` as much:
/// `w + (1 - w) × written` with `w` = [`SOUND_ONLY_WEIGHT`].
fn writing_weight(written: f32) -> f32 {
    SOUND_ONLY_WEIGHT + (1.0 - SOUND_ONLY_WEIGHT) * written
}

/// The factor [`weigh_sound_by_writing`] multiplies the phonetic score by (1 across scripts;
/// a reading of a sibling form is weighed inside [`phonetic`]).
fn sound_factor(a: &MarkKeys, b: &MarkKeys, written: f32) -> f32 {
    match same_script(a, b) {
        Some(_) => writing_weight(written),
        None => 1.0,
    }
}

/// Same script: the writing could have agreed too. Sound alone is weaker evidence than sound
/// and writing (定紫英 sounds like 丁聚樱 but shares no character with it): `phon` is
/// multiplied by `w + (1 - w) × written` (see the module docs).
fn weigh_sound_by_writing<const E: bool>(
    a: &MarkKeys,
    b: &MarkKeys,
    phon: &mut Part,
    written: f32,
) {
    let Some(s) = same_script(a, b) else { return };
    let factor = sound_factor(a, b, written);
    if factor < 1.0 && phon.value > 0.0 {
        phon.value *= factor;
        if E {
            phon.detail = format!(
                "{}; x{factor:.2}: both {s}, writing agrees {written:.2}",
                phon.detail
            );
        }
    }
}

/// For form `at` of a target: the first other form written wholly in the query's script of
/// which form `at`, in another script, is a reading: they share a sound key, of the whole
/// forms or of their distinctive cores (`SHISEIDO` of `資生堂`, `Wuchang Rice` of `五常大米`,
/// `富良野` of `Furano`). `None` when `at` is in the query's script, or no such form exists.
fn reading_sibling<'a>(
    query: &MarkKeys,
    names: &'a [MarkProfile],
    at: usize,
) -> Option<&'a MarkProfile> {
    if names.len() < 2 {
        return None;
    }
    let form = &names[at];
    if same_script(query, &form.keys).is_some() {
        return None;
    }
    names
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != at)
        .map(|(_, n)| n)
        .find(|s| {
            same_script(query, &s.keys).is_some()
                && form_sounds(s).any(|k| form_sounds(form).any(|f| f == k))
        })
}

/// What a sound compared across scripts counts for when it is the reading of a Han or kana
/// `sibling` of the target: the sibling's [`Sibling::factor`]; 1 in one script or without one.
fn cross_factor(a: &MarkKeys, b: &MarkKeys, sibling: Option<&Sibling>) -> f32 {
    match sibling {
        Some(sib) if same_script(a, b).is_none() && sib.is_cjk() => sib.factor(),
        _ => 1.0,
    }
}

/// The best of the three surface measures with the short-mark rules and the same-script
/// weighing of sound: what a container's core is compared with.
///
/// Exact when above `floor`; below it, sound alignments that cannot reach `floor` are skipped.
fn surface_strict(a: &MarkKeys, b: &MarkKeys, floor: f32, sibling: Option<&Sibling>) -> f32 {
    let written = orthographic::<false>(a, b)
        .value
        .max(visual::<false>(a, b).value);
    // Across scripts, a core compared with a reading of a Han or kana sibling is weighed by
    // the sibling's writing, whichever key matched.
    let cross = cross_factor(a, b, sibling);
    let phon_floor = if written > floor {
        0.0
    } else {
        floor / (sound_factor(a, b, written) * cross)
    };
    if phon_floor >= 1.0 {
        return written;
    }
    let mut phon = phonetic::<false>(a, b, phon_floor, None);
    weigh_sound_by_writing::<false>(a, b, &mut phon, written);
    written.max(phon.value * cross)
}

/// The best of the three surface measures without the short-mark rules: what two cores
/// beside generic words are compared with. Sound is weighed by writing in one script, as for
/// whole marks (豪富 and 午富 read alike, but share one character of two).
///
/// `sibling`: as for [`surface_strict`], a sound across scripts that is the reading of a Han or
/// kana sibling is weighed by the sibling's writing.
fn surface(a: &MarkKeys, b: &MarkKeys, sibling: Option<&Sibling>) -> f32 {
    let written = orthographic::<false>(a, b)
        .value
        .max(visual::<false>(a, b).value);
    let cross = cross_factor(a, b, sibling);
    written.max(phonetic_raw(a, b).0 * sound_factor(a, b, written) * cross)
}

/// True for Han ideographs and kana.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// The fewest characters of the shorter CJK mark for [`orthographic`]'s insertion rule.
const MIN_CJK_KEPT: usize = 3;

fn orthographic<const E: bool>(a: &MarkKeys, b: &MarkKeys) -> Part {
    let fa: Vec<char> = a.folded.chars().collect();
    let fb: Vec<char> = b.folded.chars().collect();
    let edits = text::levenshtein(&fa, &fb);
    let n = fa.len().max(fb.len());
    let mut value = if n == 0 {
        0.0
    } else {
        1.0 - edits as f32 / n as f32
    };
    // Characters added in one place keep every character of the shorter CJK mark, each a
    // syllable and a meaning, in order: 风闻记 / 风闻喜记 share 3 of 3.5 characters on average
    // (0.857), not 3 of 4 (0.75, the score of a replaced character). Not for a shorter mark of
    // two characters, each half of it: one inserted between them makes another word (富山 /
    // 富士山), and one added at an end is containment's to judge (海山 / 八海山).
    let mut inserted = false;
    if fa.len().min(fb.len()) >= MIN_CJK_KEPT
        && fa.iter().chain(&fb).all(|&c| is_cjk(c))
        && text::one_run_apart(&fa, &fb)
    {
        let short = fa.len().min(fb.len());
        let shared = 2.0 * short as f32 / (fa.len() + fb.len()) as f32;
        if shared > value {
            value = shared;
            inserted = true;
        }
    }
    let mut which = "folded";
    let skeletons_differ = a.skeleton != a.cleaned || b.skeleton != b.cleaned;
    if !a.skeleton.is_empty() && !b.skeleton.is_empty() && skeletons_differ {
        let s = str_ratio(&a.skeleton, &b.skeleton);
        if s > value {
            value = s;
            which = "skeleton";
        }
    }
    Part {
        value,
        method: "orthographic",
        detail: if !E {
            String::new()
        } else if inserted {
            format!(
                "folded {:?} vs {:?}: {} character(s) inserted in one place, the other {} kept \
                 in order (2 x {} / {} characters)",
                a.folded,
                b.folded,
                fa.len().abs_diff(fb.len()),
                fa.len().min(fb.len()),
                fa.len().min(fb.len()),
                fa.len() + fb.len()
            )
        } else {
            format!(
                "{which} {:?} vs {:?}: {edits} edit(s) in {n} character(s)",
                a.folded, b.folded
            )
        },
    }
}

/// The sound keys of a mark: its shared phonetic keys, or (when the normalizer gave none)
/// pinyin, romaji and Latin text, each as a syllable list.
fn sound_keys(k: &MarkKeys) -> Vec<Vec<&str>> {
    if !k.phonetic.is_empty() {
        return k
            .phonetic
            .iter()
            .map(|p| p.split(['.', ' ']).filter(|s| !s.is_empty()).collect())
            .collect();
    }
    let mut out: Vec<Vec<&str>> = k
        .pinyin
        .iter()
        .chain(&k.romaji)
        .map(|p| p.split([' ', '.']).filter(|s| !s.is_empty()).collect())
        .collect();
    if !k.folded.is_empty() && k.folded.chars().all(|c| c.is_ascii_alphanumeric()) {
        out.push(vec![k.folded.as_str()]);
    }
    out.retain(|v: &Vec<&str>| !v.is_empty());
    out
}

/// Largest syllable replacement cost that still counts as the same sound in a short mark
/// (s/c/z-level onset swaps, see [`phonetic::syllable_cost`]).
const SHORT_MARK_NEAR_SYLLABLE: f32 = 0.15;
/// The most a short mark (at most two syllables or two CJK characters) scores phonetically
/// when it differs from the other by more than a near-identical sound.
const SHORT_MARK_CAP: f32 = 0.6;

/// True if and only if the two sound keys are short (two syllables or fewer each) and differ by
/// more than near-identical sounds: a missing syllable, or a replaced one costing more than
/// [`SHORT_MARK_NEAR_SYLLABLE`].
fn short_keys_differ(x: &[&str], y: &[&str]) -> bool {
    if x.len() > 2 || y.len() > 2 || x == y {
        return false;
    }
    x.len() != y.len()
        || x.iter()
            .zip(y)
            .any(|(p, q)| phonetic::syllable_cost(p, q) > SHORT_MARK_NEAR_SYLLABLE)
}

/// The cost of replacing one syllable by another in [0, 1]: twice the normalizer's
/// [`phonetic::syllable_cost`] (half onset, half rime), capped at 1, so that a wholly different
/// onset or rime is a full edit while voicing pairs, s/c/z and close vowels stay cheap.
fn syllable_cost(x: &str, y: &str) -> f32 {
    (2.0 * phonetic::syllable_cost(x, y)).min(1.0)
}

/// Phonetic similarity of two sound keys: weighted syllable edit distance with the
/// normalizer's syllable costs; a one-token key (unsyllabified Latin) is also compared by
/// characters.
///
/// Returns 0 when the similarity cannot exceed `floor`: two keys of several syllables
/// whose lengths differ by `d` syllables score at most `1 - d / (longer length + 0.5)` (each
/// missing syllable costs at least 1, the total weight is the longer length + 0.5), which
/// spares the scorer most of the alignments between reading candidates.
fn key_similarity_above(x: &[&str], y: &[&str], floor: f32) -> f32 {
    if x.len() > 1 && y.len() > 1 {
        let (short, long) = (x.len().min(y.len()), x.len().max(y.len()));
        let bound = 1.0 - (long - short) as f32 / (long as f32 + 0.5);
        if bound <= floor {
            return 0.0;
        }
    }
    let s = text::syllable_similarity(x, y, syllable_cost, floor);
    if x.len() == 1 || y.len() == 1 {
        return s.max(str_ratio(&x.concat(), &y.concat()));
    }
    s
}

/// For two all-CJK marks of two characters that share one character in place: true if and
/// only if the usual pinyin of the other character is not near the other's (蒙牛/红牛,
/// 长城/长野) and the marks' usual Japanese readings differ.
fn two_character_rule_applies(a: &MarkKeys, b: &MarkKeys) -> bool {
    let fa: Vec<char> = a.folded.chars().collect();
    let fb: Vec<char> = b.folded.chars().collect();
    if fa.len() != 2 || fb.len() != 2 || !fa.iter().chain(&fb).all(|&c| is_cjk(c)) {
        return false;
    }
    let Some(diff) = (0..2).find(|&i| fa[i] != fb[i]) else {
        return false;
    };
    if fa[1 - diff] != fb[1 - diff] {
        return false;
    }
    // Pinyin candidates are one syllable per character. Only the usual (first) reading
    // counts: a rare polyphone reading of one character does not make two marks sound alike.
    let at = |k: &MarkKeys| -> Vec<String> {
        k.pinyin
            .iter()
            .take(1)
            .filter_map(|p| {
                let s: Vec<&str> = p.split(' ').filter(|s| !s.is_empty()).collect();
                (s.len() == 2).then(|| s[diff].to_string())
            })
            .collect()
    };
    // Nor do marks whose usual Japanese readings are the same (凌宣/凌銭 りょうせん): read
    // alike in Japan, they are homophones there.
    if a.romaji
        .first()
        .is_some_and(|r| b.romaji.first() == Some(r))
    {
        return false;
    }
    // Compared as pinyin, not in the shared key's alphabet: a different initial letter is a
    // different Mandarin sound (心 xin / 津 jin, 奇 qi / 驰 chi), which the key merges to bridge
    // Chinese and Japanese readings (x = s, j = z, q = ch = c).
    let (pa, pb) = (at(a), at(b));
    !pa.iter().any(|x| {
        pb.iter()
            .any(|y| phonetic::syllable_cost(x, y) <= SHORT_MARK_NEAR_SYLLABLE)
    })
}

/// Phonetic similarity without the short-mark rules (used for cores, where a shared
/// generic concept or the container adds evidence): (value, key index in a, in b).
///
/// Equal keys are checked against the marks' readings as for whole marks ([`refine_by_morae`]).
fn phonetic_raw(a: &MarkKeys, b: &MarkKeys) -> (f32, usize, usize) {
    let ka = sound_keys(a);
    let kb = sound_keys(b);
    let mut best = (0.0f32, 0, 0);
    for (i, x) in ka.iter().enumerate() {
        for (j, y) in kb.iter().enumerate() {
            let s = key_similarity_above(x, y, best.0);
            if s > best.0 {
                best = (s, i, j);
            }
        }
    }
    if best.0 > 0.0 {
        let one = |_: &[&str]| 1.0;
        if let Some(r) = refine_shared_keys(a, b, &ka, &kb, (best.0, best.1, best.2), false, &one) {
            best.0 = r.value;
        }
    }
    best
}

/// The phonetic part; pairs of keys that cannot score above `floor` are skipped (0 when
/// none can: the value is exact when above `floor`).
///
/// `sibling`: a form of the target in `a`'s script of which `b` is a reading; a key of `b`
/// that the sibling shares is weighed by the sibling's writing agreement with `a` (the sound
/// is the sibling's, whose writing `a` could have copied): `SHISEIDO` of `資生堂` against
/// `自然堂`, `富良野` of `Furano` against `FURLA`. Other keys of `b` (its pinyin, when the
/// sibling is a Japanese romanization: `熊本` of `Kumamoto` against `XIONGBEN`) count in full.
fn phonetic<const E: bool>(
    a: &MarkKeys,
    b: &MarkKeys,
    floor: f32,
    sibling: Option<&Sibling>,
) -> Part {
    let ka = sound_keys(a);
    let kb = sound_keys(b);
    let two_chars = two_character_rule_applies(a, b);
    // No allocation on the hot path: most comparisons have no sibling.
    let weight = |y: &[&str]| sibling.filter(|s| s.reads(y)).map_or(1.0, Sibling::factor);
    let mut best = best_key_pair(&ka, &kb, floor, two_chars, &weight);
    let refined = if best.0 > floor {
        refine_shared_keys(a, b, &ka, &kb, (best.0, best.1, best.2), two_chars, &weight)
    } else {
        None
    };
    if let Some(r) = &refined {
        best.0 = r.value;
    }
    Part {
        value: best.0,
        method: "phonetic",
        detail: if !E {
            String::new()
        } else if ka.is_empty() || kb.is_empty() {
            "no sound key on one side".into()
        } else {
            let mut d = format!(
                "{:?} vs {:?} (weighted syllable edit distance, first syllable x1.5){}",
                ka[best.1].join("."),
                kb[best.2].join("."),
                if best.3 {
                    "; capped: short marks differing by more than a near-identical sound"
                } else {
                    ""
                }
            );
            if let Some(r) = &refined {
                d.push_str(&r.detail());
            }
            if let Some(sib) = sibling.filter(|_| weight(&kb[best.2]) < 1.0) {
                d.push_str(&format!(
                    "; x{:.2}: {:?} is a reading of {:?}, which is {} like the query and \
                     agrees with its writing {:.2}",
                    sib.factor(),
                    b.original,
                    sib.original(),
                    sib.script,
                    sib.written
                ));
            }
            d
        },
    }
}

/// The best pair of sound keys of `ka` and `kb`: (value, index in `ka`, in `kb`, capped by a
/// short-mark rule). Pairs that cannot score above `floor` are skipped.
fn best_key_pair(
    ka: &[Vec<&str>],
    kb: &[Vec<&str>],
    floor: f32,
    two_chars: bool,
    weight: &dyn Fn(&[&str]) -> f32,
) -> (f32, usize, usize, bool) {
    let mut best = (0.0f32, 0, 0, false);
    for (i, x) in ka.iter().enumerate() {
        for (j, y) in kb.iter().enumerate() {
            let w = weight(y);
            let mut s = key_similarity_above(x, y, best.0.max(floor) / w);
            let capped = two_chars || (s < 1.0 && short_keys_differ(x, y));
            if capped {
                s = s.min(SHORT_MARK_CAP);
            }
            s *= w;
            if s > best.0 {
                best = (s, i, j, capped);
            }
            if best.0 >= 1.0 {
                return best;
            }
        }
    }
    best
}

/// [`refine_by_morae`] for the best key pair `best` (value, index in `ka`, in `kb`) when its
/// keys agree wholly (where they differ, the key measure already counts the difference): each
/// key both marks share that gives the best score is checked; the best refinement is kept, and
/// none when one of those keys keeps the score.
fn refine_shared_keys(
    a: &MarkKeys,
    b: &MarkKeys,
    ka: &[Vec<&str>],
    kb: &[Vec<&str>],
    best: (f32, usize, usize),
    two_chars: bool,
    weight: &dyn Fn(&[&str]) -> f32,
) -> Option<Refined> {
    let (value, i, j) = best;
    if ka.get(i).is_none() || ka.get(i) != kb.get(j) {
        return None;
    }
    let cap = if two_chars { SHORT_MARK_CAP } else { 1.0 };
    let shared: Vec<&Vec<&str>> = ka
        .iter()
        .filter(|x| kb.contains(x) && cap * weight(x) >= value)
        .collect();
    if shared.is_empty() {
        return None;
    }
    // The match through a Han mark's pinyin does not depend on the shared key.
    let chinese = chinese_match(a, b, ka, kb, value * (1.0 - MORA_DROP), two_chars, weight);
    if chinese >= value {
        return None;
    }
    let mut out: Option<Refined> = None;
    for x in shared {
        let r = refine_by_morae(a, b, &x.join("."), value, chinese)?;
        if out.as_ref().is_none_or(|o| r.value > o.value) {
            out = Some(r);
        }
    }
    out
}

/// The best sound-key match of `a` and `b` with each Han mark read in Chinese only (its
/// pinyin; other marks keep their keys `ka`, `kb`); 0 when neither is a Han mark. Pairs that
/// cannot score above `floor` are skipped.
fn chinese_match(
    a: &MarkKeys,
    b: &MarkKeys,
    ka: &[Vec<&str>],
    kb: &[Vec<&str>],
    floor: f32,
    two_chars: bool,
    weight: &dyn Fn(&[&str]) -> f32,
) -> f32 {
    if !is_han_mark(a) && !is_han_mark(b) {
        return 0.0;
    }
    let (va, vb) = (chinese_keys(a, ka), chinese_keys(b, kb));
    fn view(v: &[Vec<String>]) -> Vec<Vec<&str>> {
        v.iter()
            .map(|k| k.iter().map(String::as_str).collect())
            .collect()
    }
    best_key_pair(&view(&va), &view(&vb), floor, two_chars, weight).0
}

/// What a sound-key prefix match (`kc`, a key of `core`, begins `kq`, a key of `q`) counts for
/// as the marks are read, in [1 − [`MORA_DROP`], 1]: 1 when a Han mark gives its key in
/// pinyin (a Chinese reading) or the readings are not known; 1 − [`MORA_DROP`] for a Latin
/// mark that gives its key only as pinyin against a Han mark read in Japanese; else the
/// similarity of the Japanese readings of `core` to the beginning of those of `q`, mora by
/// mora, at least 1 − [`MORA_DROP`].
fn prefix_heard(core: &MarkKeys, kc: &str, q: &MarkKeys, kq: &str) -> f32 {
    let in_pinyin =
        |k: &MarkKeys, key: &str| k.pinyin.iter().any(|p| phonetic::pinyin_key(p) == key);
    let (hc, hq) = (is_han_mark(core), is_han_mark(q));
    if (hc || hq) && (!hc || in_pinyin(core, kc)) && (!hq || in_pinyin(q, kq)) {
        return 1.0;
    }
    let (rc, rq) = (mora::readings(core, kc), mora::readings(q, kq));
    if (hc && latin_reads_key_only_as_pinyin(q, kq, rq.is_some()))
        || (hq && latin_reads_key_only_as_pinyin(core, kc, rc.is_some()))
    {
        return 1.0 - MORA_DROP;
    }
    match (rc, rq) {
        (Some(rc), Some(rq)) => mora::prefix_similarity(&rc, &rq).clamp(1.0 - MORA_DROP, 1.0),
        _ => 1.0,
    }
}

/// How much lower than the sound-key match a comparison of Japanese readings mora by mora
/// can make the phonetic score (see the module docs).
pub const MORA_DROP: f32 = 0.2;

/// A sound-key match lowered by [`refine_by_morae`].
struct Refined {
    value: f32,
    chinese: f32,
    /// Why: the mora comparison (similarity and the two readings), or `None` for a Latin
    /// mark read as pinyin against a Japanese reading.
    morae: Option<(f32, String, String)>,
}

impl Refined {
    fn detail(&self) -> String {
        match &self.morae {
            Some((fine, x, y)) => format!(
                "; Japanese readings mora by mora {x:?} vs {y:?}: {fine:.2}, so the key match \
                 counts {:.2} (at most {MORA_DROP} of it less, or the pinyin match {:.2})",
                self.value, self.chinese
            ),
            None => format!(
                "; the Latin mark reads so only as pinyin, the Han mark only in Japanese: the \
                 key match counts {:.2} ({MORA_DROP} of it less, or the pinyin match {:.2})",
                self.value, self.chinese
            ),
        }
    }
}

/// True for a mark written wholly in Han (kana allowed) with at least one Han character.
fn is_han_mark(k: &MarkKeys) -> bool {
    !k.pinyin.is_empty() && k.folded.chars().all(is_cjk)
}

/// The sound keys of a Han mark read in Chinese only (its pinyin); the mark's own keys for
/// other marks.
fn chinese_keys(k: &MarkKeys, own: &[Vec<&str>]) -> Vec<Vec<String>> {
    if is_han_mark(k) {
        k.pinyin.iter().map(|p| phonetic::from_pinyin(p)).collect()
    } else {
        own.iter()
            .map(|key| key.iter().map(|s| s.to_string()).collect())
            .collect()
    }
}

/// True if the all-Latin mark `k` gives the sound key `key` only when read as pinyin, not as
/// English or romaji; `romaji`: whether a romaji or loanword spelling of `k` gives the key
/// ([`mora::readings`]).
fn latin_reads_key_only_as_pinyin(k: &MarkKeys, key: &str, romaji: bool) -> bool {
    let folded = k.folded.as_str();
    if romaji || folded.is_empty() || !folded.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    phonetic::pinyin_of_latin(folded).is_some_and(|p| phonetic::join(&p) == key)
        && !phonetic::latin_as_spoken(folded)
            .iter()
            .any(|r| phonetic::join(r) == key)
}

/// The phonetic score `coarse` (both marks share the sound key `key`) checked against how the
/// marks are read, when a Han mark gives the key only in a Japanese reading (its pinyin
/// matches less: `chinese`, [`chinese_match`]) or neither mark is Han. The match must hold
/// in Japanese:
/// - against a Latin mark that gives the key only read as pinyin, it holds in no language
///   (`LESI`, pinyin `le si`, and 令秋 read れいしゅう): the score is multiplied by
///   1 − [`MORA_DROP`];
/// - otherwise the Japanese readings of both marks that give the key are compared mora by
///   mora ([`mora`]): the score is multiplied by their similarity, at least 1 − [`MORA_DROP`].
///
/// Marks without a Han side are compared mora by mora too (a kana mark and a romaji one). The
/// score never goes below `chinese`. `None` when the score stays.
fn refine_by_morae(
    a: &MarkKeys,
    b: &MarkKeys,
    key: &str,
    coarse: f32,
    chinese: f32,
) -> Option<Refined> {
    let (ra, rb) = (mora::readings(a, key), mora::readings(b, key));
    let mixed = (is_han_mark(a) && latin_reads_key_only_as_pinyin(b, key, rb.is_some()))
        || (is_han_mark(b) && latin_reads_key_only_as_pinyin(a, key, ra.is_some()));
    // The keys agree wholly: the (weighted) score `coarse` is scaled by what the readings say.
    if mixed {
        return Some(Refined {
            value: (coarse * (1.0 - MORA_DROP)).max(chinese),
            chinese,
            morae: None,
        });
    }
    let (ra, rb) = (ra?, rb?);
    let (fine, i, j) = mora::similarity(&ra, &rb);
    let value = (coarse * fine.max(1.0 - MORA_DROP)).max(chinese);
    (value < coarse).then(|| Refined {
        value,
        chinese,
        morae: Some((fine, ra.forms[i].concat(), rb.forms[j].concat())),
    })
}

/// Shape similarity of two different CJK characters (the normalizer's look-alike table).
fn char_shape_similarity(a: char, b: char) -> f32 {
    Normalizer::global().visual_similarity(a, b)
}

fn visual<const E: bool>(a: &MarkKeys, b: &MarkKeys) -> Part {
    let fa: Vec<char> = a.folded.chars().collect();
    let fb: Vec<char> = b.folded.chars().collect();
    let applicable =
        fa.len() == fb.len() && fa.len() >= 2 && fa.iter().chain(&fb).all(|&c| is_cjk(c));
    if !applicable {
        return Part {
            value: 0.0,
            method: "visual",
            detail: if E {
                "not applicable (needs two all-CJK marks of the same length)".into()
            } else {
                String::new()
            },
        };
    }
    // Shapes are compared as written for kana: folding makes katakana hiragana, and ユ/コ look
    // alike where ゆ/こ do not. `folded` has one character per non-space character of `cleaned`
    // (unless composition changed the count; then the folded kana are compared). A mark
    // without kana is compared as folded, without reading `cleaned` again.
    let kana = |c: char| matches!(c as u32, 0x3041..=0x30FF);
    fn written<'f>(
        k: &MarkKeys,
        folded: &'f [char],
        kana: impl Fn(char) -> bool,
    ) -> std::borrow::Cow<'f, [char]> {
        if !folded.iter().any(|&c| kana(c)) {
            return folded.into();
        }
        let w: Vec<char> = k.cleaned.chars().filter(|&c| c != ' ').collect();
        if w.len() != folded.len() {
            return folded.into();
        }
        folded
            .iter()
            .zip(w)
            .map(|(&f, w)| if kana(f) && kana(w) { w } else { f })
            .collect()
    }
    let (wa, wb) = (written(a, &fa, kana), written(b, &fb, kana));
    let mut sum = 0.0;
    let mut differing = Vec::new();
    for i in 0..fa.len() {
        if fa[i] == fb[i] {
            sum += 1.0;
        } else {
            let s = char_shape_similarity(wa[i], wb[i]);
            sum += s;
            if E {
                // Name the relation when it is more than a whole-shape likeness.
                let how = match Normalizer::global().visual_relation(wa[i], wb[i]) {
                    Some((_, k)) if k != LookAlike::Glyph => {
                        format!(" ({})", k.describe(wa[i], wb[i]))
                    }
                    _ => String::new(),
                };
                differing.push(format!("{}/{} {:.2}{how}", wa[i], wb[i], s));
            }
        }
    }
    Part {
        value: sum / fa.len() as f32,
        method: "visual",
        detail: if E {
            format!(
                "per-character shape over {} characters; differing: {}",
                fa.len(),
                if differing.is_empty() {
                    "none".to_string()
                } else {
                    differing.join(", ")
                }
            )
        } else {
            String::new()
        },
    }
}

fn concepts(k: &MarkKeys) -> impl Iterator<Item = &str> {
    k.generic
        .iter()
        .map(|g| g.concept.as_deref().unwrap_or(g.text.as_str()))
}

/// `sibling`: a Han or kana form of the target of which `b` is a reading (see
/// [`reading_sibling`]); the cores' sound across scripts is weighed by its writing.
fn conceptual<const E: bool>(a: &MarkProfile, b: &MarkProfile, sibling: Option<&Sibling>) -> Part {
    let none = |why: &str| Part {
        value: 0.0,
        method: "conceptual",
        detail: if E { why.to_string() } else { String::new() },
    };
    let (Some(ca), Some(cb)) = (&a.core, &b.core) else {
        return none("not applicable (needs generic words on both sides)");
    };
    let core_sim = surface(ca, cb, sibling);
    let shared = concepts(&a.keys).find(|x| concepts(&b.keys).any(|y| y == *x));
    let factor = if shared.is_some() { 0.95 } else { 0.85 };
    Part {
        value: core_sim * factor,
        method: "conceptual",
        detail: if E {
            match shared {
                Some(c) => format!(
                    "cores {:?} vs {:?} ({:.2}) with generic concept {c:?} on both sides",
                    ca.folded, cb.folded, core_sim
                ),
                None => format!(
                    "cores {:?} vs {:?} ({:.2}) with different generic words",
                    ca.folded, cb.folded, core_sim
                ),
            }
        } else {
            String::new()
        },
    }
}

/// Least characters a CJK substring needs to count as containment.
const MIN_CJK_CONTAINED: usize = 2;
/// Least characters an all-kana substring needs to count as containment.
const MIN_KANA_CONTAINED: usize = 3;
/// What a contained CJK piece counts for when it does not begin its container (Japanese
/// examination weighs the beginning of a mark most).
const LATER_PIECE: f32 = 0.9;
/// What a two-character CJK name counts for inside a three-character mark that is a word or
/// name of its own in the dictionaries, its third character not a generic word: the name is
/// part of another word (伊勢丹, 富士山, 八海山), not beside a descriptive word (神戸牛).
const FUSED_PIECE: f32 = 0.8;
/// Least letters a Latin token needs to count as containment.
const MIN_LATIN_CONTAINED: usize = 3;

/// The containment part (see the module docs); exact when above `floor` (see
/// [`best_match_above`]). `sibling`: a form of the target in `a`'s script of which `b` is a
/// reading (see [`reading_sibling`]); through a Han or kana sibling a sound compared across
/// scripts is weighed by how far `a`'s writing agrees with it, and a Latin sibling's sound is
/// not compared across scripts at all.
fn containment<const E: bool>(
    a: &MarkProfile,
    b: &MarkProfile,
    floor: f32,
    sibling: Option<&Sibling>,
) -> Part {
    let cjk_sibling = sibling.filter(|s| s.is_cjk());
    let la = a.keys.folded.chars().count();
    let lb = b.keys.folded.chars().count();
    // Both directions, so the result is symmetric; the longer side is the container.
    let (x, y) = if (la, &a.keys.folded) <= (lb, &b.keys.folded) {
        (a, b)
    } else {
        (b, a)
    };
    let mut best = 0.0f32;
    let mut detail = String::new();
    // 1. The container's core against the contained mark (京都抹茶 ⊃ 京都).
    if let Some(core) = &y.core {
        let s = 0.9 * surface_strict(core, &x.keys, floor / 0.9, sibling);
        if s > best {
            best = s;
            if E {
                detail = format!(
                    "core {:?} of {:?} (beside generic words) vs {:?}",
                    core.folded, y.keys.original, x.keys.original
                );
            }
        }
    }
    // 2. The contained mark as a whole token or a CJK substring of the container; then the
    //    distinctive core of either mark inside the other (`Hamanako` of `Hamanako Unagi` in
    //    `HAMANAKO KABAYAKI`, whatever the other words are).
    //    The shorter mark is also looked for in the longer one's core, covering a share of
    //    the core: the generic words and legal form of a filing do not dilute the name in it
    //    (鹤年堂 in 鹤年堂（深圳）医药有限公司, whose core is 鹤年堂深圳).
    let pieces = [(&x.keys, &y.keys, y.core.as_ref(), Piece::Whole)]
        .into_iter()
        .chain(y.core.as_ref().map(|c| (&x.keys, c, None, Piece::InCore)))
        .chain(
            a.core
                .as_ref()
                .map(|c| (c, &b.keys, b.core.as_ref(), Piece::Core)),
        )
        .chain(
            b.core
                .as_ref()
                .map(|c| (c, &a.keys, a.core.as_ref(), Piece::Core)),
        );
    for (piece, container, container_core, kind) in pieces {
        let (fx, fy) = (&piece.folded, &container.folded);
        let nx = fx.chars().count();
        let ny = fy.chars().count().max(1);
        if nx >= ny || fx.is_empty() {
            continue;
        }
        let cjk = fx.chars().all(is_cjk);
        // Two kana are two sounds, not a word: ぎふ begins ギフトランド (gift land) without
        // being in it, where two kanji are a word (京都).
        // A two-character core is too often a word of its own (李子, plum, of 李子园) to stand
        // for its mark inside another: a core needs one character more.
        let least = if fx.chars().all(normalize::is_kana) {
            MIN_KANA_CONTAINED
        } else {
            MIN_CJK_CONTAINED
        } + usize::from(kind == Piece::Core);
        let found = if cjk {
            nx >= least && fy.contains(fx.as_str())
        } else {
            fx.chars().filter(|c| c.is_alphanumeric()).count() >= MIN_LATIN_CONTAINED
                && token_contains(&container.cleaned, &piece.cleaned)
        };
        if !found {
            continue;
        }
        // Latin coverage counts whole tokens (`KAO` is half of `KAO BEAUTY`).
        let coverage = if cjk {
            nx as f32 / ny as f32
        } else {
            let tokens = |s: &str| normalize::words(s).count().max(1) as f32;
            tokens(&piece.cleaned) / tokens(&container.cleaned)
        };
        // The beginning of a mark weighs most: a CJK piece after other characters of the
        // container is less of it (海山 of 八海山) than one that begins it (京都 of 京都抹茶).
        let later = cjk && !fy.starts_with(fx.as_str());
        // The rest of the container is a generic word when its core is the contained mark.
        let fused = cjk
            && nx == 2
            && ny == 3
            && container_core.is_none_or(|c| c.folded != *fx)
            && Normalizer::global().is_dictionary_word(fy);
        let s = (0.6 + 0.35 * coverage)
            * if later { LATER_PIECE } else { 1.0 }
            * if fused { FUSED_PIECE } else { 1.0 };
        if s > best {
            best = s;
            if E {
                detail = format!(
                    "{}{:?} inside {}{:?}, covering {:.0}%{}{}",
                    if kind == Piece::Core { "core " } else { "" },
                    fx,
                    if kind == Piece::InCore {
                        "the core "
                    } else {
                        ""
                    },
                    fy,
                    coverage * 100.0,
                    if later {
                        format!("; x{LATER_PIECE:.2}: not at its beginning")
                    } else {
                        String::new()
                    },
                    if fused {
                        format!(
                            "; x{FUSED_PIECE:.2}: {fy:?} is a word of its own, its other \
                             character not a generic word"
                        )
                    } else {
                        String::new()
                    }
                );
            }
        }
    }
    // 3. The sound of a distinctive core (two syllables or more) as the beginning of the
    //    other mark's sound (哈密 of 哈密瓜 ⇄ ハミウリ), across scripts only: in one script
    //    the writing would show the containment (2.), and two marks of one script sharing
    //    their first two sounds are common, not containment (鼎勇園 / 鼎勇鋒).
    let weight = cjk_sibling.map_or(1.0, Sibling::factor);
    // A key of `b` that is the reading of a sibling in the query's Latin script is the
    // sibling's: compared in one script, where the writing would show a containment
    // (`POKE-BOWL` does not begin like ポケモン, the reading of `POKEMON`, in this sense).
    let latin_sibling = sibling.filter(|s| !s.is_cjk());
    for (p, q) in [(a, b), (b, a)] {
        let Some(core) = &p.core else { continue };
        if same_script(core, &q.keys).is_some() {
            continue;
        }
        for kc in sound_keys(core) {
            if kc.len() < 2 {
                continue;
            }
            for kq in sound_keys(&q.keys) {
                if std::ptr::eq(q, b) && latin_sibling.is_some_and(|sib| sib.reads(&kq)) {
                    continue;
                }
                if kq.len() > kc.len() && kq[..kc.len()] == kc[..] {
                    let heard = prefix_heard(core, &kc.join("."), &q.keys, &kq.join("."));
                    let s = (0.6 + 0.35 * kc.len() as f32 / kq.len() as f32) * weight * heard;
                    if s > best {
                        best = s;
                        if E {
                            detail = format!(
                                "sound {:?} of core {:?} begins {:?}",
                                kc.join("."),
                                core.folded,
                                kq.join(".")
                            );
                            if heard < 1.0 {
                                detail.push_str(&format!(
                                    "; x{heard:.2}: the Japanese readings begin alike only so \
                                     far, mora by mora"
                                ));
                            }
                            if let Some(sib) = cjk_sibling {
                                detail.push_str(&format!(
                                    "; x{weight:.2}: {:?} is a reading of {:?}, written like \
                                     the query {:.2}",
                                    b.keys.original,
                                    sib.original(),
                                    sib.written
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    if E && best == 0.0 {
        detail = "no containment".into();
    }
    Part {
        value: best,
        method: "containment",
        detail,
    }
}

/// Which piece of a mark [`containment`] looks for in the other.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Piece {
    /// The shorter mark, in the longer one.
    Whole,
    /// The shorter mark, in the longer one's distinctive core.
    InCore,
    /// The distinctive core of either mark, in the other.
    Core,
}

/// True if and only if the words of `needle` occur consecutively in `hay` (words as
/// [`normalize::words`] cuts them: `MENTOS` is a word of `MENTOS薄荷糖`).
fn token_contains(hay: &str, needle: &str) -> bool {
    // Words compare as romaji spellings: `KOUKA` is `Koka` (こうか) with the long vowel written.
    let spelled = |w: &str| {
        if w.bytes().all(|b| b.is_ascii_alphabetic()) {
            normalize::romaji::normalize_latin(w)
        } else {
            w.to_string()
        }
    };
    let h: Vec<String> = normalize::words(hay).map(spelled).collect();
    let n: Vec<String> = normalize::words(needle).map(spelled).collect();
    !n.is_empty() && n.len() < h.len() && h.windows(n.len()).any(|w| w == n.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> MarkProfile {
        MarkProfile::new(Normalizer::global(), s)
    }

    #[test]
    fn read_in_keeps_the_readings_of_one_language() {
        let n = Normalizer::global();
        // (mark, language, a sound key it keeps, a sound key it drops)
        let cases: &[(&str, Language, &str, Option<&str>)] = &[
            ("双沟", Language::Chinese, "suan.go", Some("so.ko")),
            ("双沟", Language::Japanese, "so.ko", Some("suan.go")),
            ("柳月", Language::Japanese, "liu.ge.cu", Some("liu.iue")),
            ("柳月", Language::Chinese, "liu.iue", Some("liu.ge.cu")),
            // Not Han marks: unchanged.
            ("SOKO", Language::Chinese, "so.ko", None),
            ("コシヒカリ", Language::Chinese, "ko.si.hi.ka.li", None),
        ];
        for &(mark, language, kept, dropped) in cases {
            let before = p(mark);
            let read = before.read_in(language, n);
            let keys = &read.keys.phonetic;
            assert!(
                keys.iter().any(|k| k == kept),
                "{mark} {language:?}: {keys:?}"
            );
            if let Some(d) = dropped {
                assert!(
                    before.keys.phonetic.iter().any(|k| k == d),
                    "{mark}: {before:?}"
                );
                assert!(
                    !keys.iter().any(|k| k == d),
                    "{mark} {language:?}: {keys:?}"
                );
                match language {
                    Language::Chinese => {
                        assert!(read.keys.kana.is_empty() && read.keys.romaji.is_empty())
                    }
                    Language::Japanese => {
                        assert!(read.keys.pinyin.is_empty() && !read.keys.kana.is_empty())
                    }
                }
            } else {
                assert_eq!(read, before, "{mark}");
            }
            assert_eq!(read.keys.folded, before.keys.folded, "{mark}: writing kept");
        }
        // 圡 has pinyin but no Japanese reading here.
        assert!(!p("圡源").readable_in(Language::Japanese, n));
        assert!(p("圡源").readable_in(Language::Chinese, n));
        assert!(p("双沟").readable_in(Language::Japanese, n));
        assert!(p("SOKO").readable_in(Language::Japanese, n));
    }

    #[test]
    fn characters_inserted_in_one_place_keep_the_cjk_mark() {
        let ortho = |a: &str, b: &str| orthographic::<false>(&p(a).keys, &p(b).keys).value;
        // 3 of 3.5 characters on average: 2 x 3 / 7.
        assert!((ortho("风闻记", "风闻喜记") - 6.0 / 7.0).abs() < 1e-6);
        // A replaced character is still one edit in four.
        assert!((ortho("风闻琪", "风闻喜记") - 0.5).abs() < 1e-6);
        assert!((ortho("风闻琪记", "风闻喜记") - 0.75).abs() < 1e-6);
        // Characters inserted in two places: edits over the longer length.
        assert!((ortho("风闻记", "风喜闻喜记") - 0.6).abs() < 1e-6);
        // Latin letters are not characters of meaning: one inserted letter is one edit.
        assert!((ortho("Noto", "Novto") - 0.8).abs() < 1e-6);
        // A two-character mark keeps nothing of itself through an insertion: one edit in
        // three, whether between its characters (another word) or at an end (containment's).
        for (short, long) in [("富山", "富士山"), ("海山", "八海山")] {
            assert!(
                (ortho(short, long) - 2.0 / 3.0).abs() < 1e-6,
                "{short} {long}"
            );
        }
        let e = explain(&p("风闻记"), &p("风闻喜记"));
        let detail = &e
            .children
            .iter()
            .find(|c| c.method == "orthographic")
            .unwrap()
            .detail;
        assert!(
            detail.contains("1 character(s) inserted in one place"),
            "{detail}"
        );
    }

    #[test]
    fn closeness_compares_spellings_and_first_readings() {
        let c = |a: &str, b: &str| closeness(&p(a).keys, &p(b).keys);
        // Both read `me.zan` on the shared key; the pinyin tells -ng from -n.
        assert_eq!(c("Meijiang", "梅江"), 1.0);
        assert!(c("Meijiang", "梅剣") < 1.0, "{}", c("Meijiang", "梅剣"));
        assert_eq!(c("梅江", "Meijiang"), c("Meijiang", "梅江"), "symmetric");
        assert_eq!(c("Sony", "Sony"), 1.0);
    }

    #[test]
    fn identical_marks_score_one() {
        for s in ["王老吉", "STARBUCKS", "京都抹茶", "くまモン"] {
            assert_eq!(similarity(&p(s), &p(s)), 1.0, "{s}");
        }
    }

    #[test]
    fn two_character_marks_sharing_one_character_are_not_similar() {
        for (x, y) in [("蒙牛", "红牛"), ("长城", "长野"), ("福田", "福岡")] {
            let s = similarity(&p(x), &p(y));
            assert!(s < 0.7, "{x} vs {y}: {s}");
        }
    }

    #[test]
    fn a_reading_of_a_form_in_the_query_script_weighs_sound_like_that_form() {
        // SHISEIDO is the reading of 資生堂: 自然堂 (しぜんどう) sounds near it, but its
        // writing could have copied 資生堂 and shares one character of three.
        let target = [p("資生堂"), p("SHISEIDO")];
        let q = p("自然堂");
        let m = best_match(&q, &target).unwrap();
        assert!(m.score < 0.7, "{m:?}");
        let alone = similarity(&q, &p("SHISEIDO"));
        assert!(alone > 0.8, "without its sibling, SHISEIDO alone: {alone}");
        assert_eq!(round4(m.score), explain_match(&q, &target, m.name).value);
        let e = explain_match(&q, &target, 1);
        assert!(
            format!("{e:?}").contains("is a reading of \\\"資生堂\\\""),
            "{e:?}"
        );
        // A knock-off by sound keeps its score: 资生棠 reads しせいどう too.
        assert!(best_match(&p("资生棠"), &target).unwrap().score >= 0.85);
        // A transliteration that is not the reading of the Han form counts in full
        // (斯塔巴克斯 is STARBUCKS, not 星巴克 xing ba ke).
        let starbucks = [p("STARBUCKS"), p("星巴克")];
        let q = p("斯塔巴克斯");
        assert_eq!(
            best_match(&q, &starbucks).unwrap().score,
            similarity(&q, &starbucks[0]).max(similarity(&q, &starbucks[1]))
        );
        // Containment through a reading is weighed the same way: 武蔵 (wu zang) does not hold
        // the core of `Wuchang Rice` (the reading of 五常大米) for writing it like 五常, nor
        // does 金龙鱼 begin like `Kanazawa` (金沢) in the sense of copying it.
        for (q, target) in [
            ("武蔵", ["五常大米", "Wuchang Rice"]),
            ("金龙鱼", ["金沢", "Kanazawa"]),
            // 清远 reads qingyuan as 庆元 does: `Qingyuan Shiitake` holds the reading of the
            // core of 庆元香菇 (香菇 is shiitake), whose writing 清远鸡 does not copy.
            ("清远鸡", ["庆元香菇", "Qingyuan Shiitake"]),
        ] {
            let names = [p(target[0]), p(target[1])];
            let m = best_match(&p(q), &names).unwrap();
            assert!(m.score < 0.7, "{q}: {m:?}");
        }
        // A Latin query meets the same rule through a Latin sibling: 富良野 read ふらの is
        // what `Furano` spells, so FURLA (ふら) is weighed by its writing against `Furano`.
        let furano = [p("富良野"), p("Furano")];
        let m = best_match(&p("FURLA"), &furano).unwrap();
        assert!(m.score < 0.7, "{m:?}");
        // Only through the key the sibling shares: XIONGBEN is the pinyin of 熊本, which
        // `Kumamoto` does not spell, so it counts in full.
        let kumamoto = [p("熊本"), p("Kumamoto")];
        assert!(best_match(&p("XIONGBEN"), &kumamoto).unwrap().score >= 0.95);
        // SHISEDO and SHISEIDOO read like 資生堂 only as SHISEIDO spells it: they score as
        // against SHISEIDO, though SHISEIDOO (しせいどお) spells 資生堂's reading exactly.
        for q in ["SHISEDO", "SHISEIDOO"] {
            let q = p(q);
            assert_eq!(
                best_match(&q, &target).unwrap().score,
                similarity(&q, &target[1])
            );
        }
        let q = p("SHISEIDOO");
        assert!(similarity(&q, &target[0]) > similarity(&q, &target[1]));
    }

    #[test]
    fn cores_beside_generic_words_weigh_sound_by_writing_too() {
        // 豪富 and 午富 are both read ごふ but share one character of two: beside different
        // generic words (药, 酒) that is not the 0.85 of cores that agree.
        let s = similarity(&p("豪富药"), &p("午富酒"));
        assert!(s < 0.75, "{s}");
        // Cores written alike keep their score (龍口 = 龙口 beside 春雨/粉丝, one concept).
        assert!(similarity(&p("龍口春雨"), &p("龙口粉丝")) >= 0.95);
    }

    /// The containment part of `x` against `y`, checked to be at least 0.75 and symmetric.
    /// The part of `e` computed by `method`.
    fn part<'e>(e: &'e Explanation, method: &str) -> &'e Explanation {
        e.children
            .iter()
            .find(|c| c.method == method)
            .unwrap_or_else(|| panic!("no {method} part: {e:?}"))
    }

    fn contained(x: &str, y: &str) -> Explanation {
        let e = explain(&p(x), &p(y));
        let c = e.children.into_iter().find(|c| c.method == "containment");
        let c = c.unwrap_or_else(|| panic!("{x} vs {y}: no containment part"));
        assert!(c.value >= 0.75, "{x} vs {y}: {c:?}");
        assert_eq!(similarity(&p(x), &p(y)), similarity(&p(y), &p(x)));
        c
    }

    #[test]
    fn a_core_inside_the_other_mark_is_containment_whatever_the_other_words() {
        // 遊覧 (sightseeing) and `YURAN` are no generic words markwatch knows, so the marks
        // share no concept; the core 浜名湖 of 浜名湖うなぎ (`Hamanako` of `Hamanako Eel`) is
        // still inside them.
        for (x, y) in [
            ("浜名湖遊覧", "浜名湖うなぎ"),
            ("HAMANAKO YURAN", "Hamanako Eel"),
        ] {
            let c = contained(x, y);
            assert!(c.detail.starts_with("core "), "{c:?}");
        }
        // A two-character core is a word too often: 李子 (plum) of 李子园 does not stand for
        // its mark inside 李子柒.
        let s = similarity(&p("李子园"), &p("李子柒"));
        assert!(s < 0.7, "{s}");
    }

    #[test]
    fn a_name_is_contained_in_a_company_name_and_beside_another_script() {
        // (filing, watched name, detail of the containment)
        for (x, y, want) in [
            // The legal form and the goods word do not dilute the name: it covers 3 of the 5
            // characters of the core 鹤年堂深圳, not 3 of 11.
            (
                "鹤年堂（深圳）医药有限公司",
                "鹤年堂",
                "\"鹤年堂\" inside the core \"鹤年堂深圳\", covering 60%",
            ),
            // A Latin name written against a CJK word is a word of its own.
            (
                "MENTOS薄荷糖",
                "MENTOS",
                "\"mentos\" inside \"mentos薄荷糖\", covering 50%",
            ),
        ] {
            assert_eq!(contained(x, y).detail, want, "{x} vs {y}");
        }
        // `trading` is a generic word of company names: the core is the name itself.
        let s = similarity(&p("LAMBORGHINI TRADING CO., LTD."), &p("LAMBORGHINI"));
        assert!(s >= 0.9, "{s}");
    }

    #[test]
    fn a_latin_query_is_not_contained_in_the_reading_of_a_latin_form() {
        // ポケモン is the reading of POKEMON: POKE-BOWL is judged against POKEMON in writing,
        // not as a core whose sound begins ポケモン (0.83 before).
        let target = [p("POKEMON"), p("ポケモン")];
        let m = best_match(&p("POKE-BOWL"), &target).unwrap();
        assert!(m.score < 0.7, "{m:?}");
        // Without the Latin form, the katakana name is what there is to compare with.
        assert!(similarity(&p("POKE-BOWL"), &p("ポケモン")) >= 0.8);
    }

    #[test]
    fn a_regional_name_keeps_its_score_with_the_product_word_translated() {
        // (regional mark, the same region with the product in the other language's word)
        for (x, y) in [
            ("鳴門わかめ", "鸣门裙带菜"),
            ("鳴門ワカメ", "鸣门裙带菜"),
            ("有明海苔", "有明紫菜"),
            ("富士宮やきそば", "富士宫炒面"),
            ("庆元香菇", "慶元しいたけ"),
            ("龍口春雨", "龙口粉丝"),
        ] {
            let s = similarity(&p(x), &p(y));
            assert!(s >= 0.9, "{x} vs {y}: {s}");
        }
    }

    #[test]
    fn two_character_marks_read_alike_in_japan_are_homophones() {
        // 宣 and 銭 are both せん: the marks are both read りょうせん.
        for (x, y) in [("凌宣", "凌銭"), ("熊師", "熊紫")] {
            let s = similarity(&p(x), &p(y));
            assert!(s >= 0.7, "{x} vs {y}: {s}");
        }
    }

    #[test]
    fn equal_sound_keys_are_checked_against_the_japanese_readings() {
        // Marks whose Japanese readings give the same key and sound the same keep 1.0 ...
        for (x, y) in [
            ("令秋", "レイシュウ"),
            ("東京", "Tokyo"),
            ("犬尚", "Kensho"),
            // ... and so does a Chinese reading (the pinyin of 茅台), which morae do not hear.
            ("茅台", "マオタイ"),
            ("茅台", "Maotai"),
            // A Latin word that is not romaji is spelled as a loanword: スノー, コキオル.
            ("Snooor", "スノー"),
            ("kokior", "コキオル"),
        ] {
            assert_eq!(similarity(&p(x), &p(y)), 1.0, "{x} vs {y}");
        }
        // Equal keys, other sounds: れいしゅう has four morae, レス two; みこう is not ミクオ.
        for (x, y, want) in [
            ("令秋", "レス", 0.8),
            ("未恒", "Mikuo", 0.8),
            ("亨京", "kokior", 0.8),
            ("秋農", "Snooor", 0.8),
        ] {
            let e = explain(&p(x), &p(y));
            assert_eq!(e.value, want, "{x} vs {y}: {e:#?}");
            let phon = part(&e, "phonetic");
            assert!(phon.detail.contains("mora by mora"), "{}", phon.detail);
        }
        // Lesi gives le.su only read as pinyin (le si), 令秋 only read in Japanese: the match
        // holds in neither language.
        let e = explain(&p("令秋"), &p("Lesi"));
        assert_eq!(e.value, 0.8, "{e:#?}");
        // A core's sound beginning the other mark's is heard the same way: こうきょう (黄喬)
        // does not begin コキオル.
        let e = explain(&p("kokior"), &p("黄喬茶"));
        let c = part(&e, "containment");
        assert!(c.value < 0.7 && c.detail.contains("mora by mora"), "{c:?}");
        // Length the Japanese reading has and the other mark lacks costs less than a syllable.
        let long = similarity(&p("令郑"), &p("Reete"));
        assert!(long > 0.8 && long < 1.0, "{long}");
    }

    #[test]
    fn misspelled_latin_marks_are_similar() {
        let s = similarity(&p("STARBUKS"), &p("STARBUCKS"));
        assert!(s > 0.85, "{s}");
    }

    #[test]
    fn latin_token_containment_needs_a_whole_token() {
        let s = similarity(&p("KAO BEAUTY"), &p("KAO"));
        assert!(s >= 0.75, "{s}");
        let s = similarity(&p("KAOLIN"), &p("KAO"));
        assert!(s < 0.7, "{s}");
        // Words compare as romaji spellings: KOUKA writes the long vowel of Koka (こうか).
        let c = contained("KOUKA NINJA", "Koka");
        assert!(c.detail.contains("inside"), "{c:?}");
    }

    /// The containment part of `a` against `b`: its value and detail.
    fn containment_of(a: &str, b: &str) -> (f32, String) {
        let e = explain(&p(a), &p(b));
        let c = e.children.iter().find(|c| c.method == "containment");
        c.map(|c| (c.value, c.detail.clone())).unwrap()
    }

    #[test]
    fn a_cjk_piece_counts_more_at_the_beginning_of_its_container() {
        // 2 of 4 characters: 0.6 + 0.35 x 2/4, times 0.9 when the piece does not begin it.
        let (begins, _) = containment_of("八海", "八海山神");
        let (ends, detail) = containment_of("山神", "八海山神");
        assert!((begins - (0.6 + 0.35 * 2.0 / 4.0)).abs() < 1e-4, "{begins}");
        assert!((ends - 0.9 * begins).abs() < 1e-4, "{ends}");
        assert!(detail.ends_with("x0.90: not at its beginning"), "{detail}");
        // Symmetric, as every part is.
        assert_eq!(containment_of("八海山神", "山神").0, ends);
    }

    #[test]
    fn a_two_character_name_with_one_more_character_makes_another_word() {
        // 2 of 3 characters, the three a dictionary word, the third character not generic:
        // x0.8 (and x0.9 at the end).
        let whole = 0.6 + 0.35 * 2.0 / 3.0;
        for (name, container, want) in [
            ("伊勢", "伊勢丹", FUSED_PIECE * whole),
            ("海山", "八海山", LATER_PIECE * FUSED_PIECE * whole),
        ] {
            let (v, detail) = containment_of(name, container);
            assert!(
                (v - want).abs() < 1e-4,
                "{name} in {container}: {v}, want {want}"
            );
            assert!(detail.contains("is a word of its own"), "{detail}");
        }
        // Three characters that are no word of their own keep the name (a knock-off adding a
        // character).
        let (v, detail) = containment_of("来五", "厚来五");
        assert!((v - LATER_PIECE * whole).abs() < 1e-4, "{v} {detail}");
        // Beside a generic word, the name keeps its weight (神戸牛: beef of Kobe).
        let (v, detail) = containment_of("神戸", "神戸牛");
        assert!(v >= whole, "{v} {detail}");
        assert!(!detail.contains("word of its own"), "{detail}");
    }

    #[test]
    fn two_kana_are_not_contained_in_a_kana_word() {
        let contain = |a: &str, b: &str| containment_of(a, b).0;
        assert_eq!(contain("ぎふ", "ギフトランド"), 0.0);
        assert!(contain("くまモン", "くまモンランド") > 0.7);
    }

    #[test]
    fn short_piece_of_a_long_mark_is_not_containment() {
        let e = explain(&p("京都"), &p("京都府立医科大学附属病院"));
        let c = part(&e, "containment");
        assert!(c.value < 0.7, "{c:?}");
    }

    #[test]
    fn sound_with_writing_beats_sound_alone_in_one_script() {
        // One inserted character (writing and sound agree) against a mark of three other
        // characters with the same sound.
        let q = p("丁聚樱");
        let edit = similarity(&q, &p("丁自聚樱"));
        let homophone = similarity(&q, &p("定紫英"));
        assert!(edit > homophone, "{edit} vs {homophone}");
        assert!(homophone < 0.7, "{homophone}");
        // Across scripts sound is all there is: a transliteration keeps its full score.
        assert_eq!(similarity(&p("Kensho"), &p("犬尚")), 1.0);
    }

    #[test]
    fn katakana_loanword_generic_meets_its_latin_form() {
        let q = p("ヴィレラライフ");
        let latin = similarity(&q, &p("Vilera Life"));
        let other = similarity(&q, &p("ヴィレライフ"));
        assert!(latin > other, "{latin} vs {other}");
    }

    #[test]
    fn a_floor_changes_no_score_that_reaches_it() {
        let marks = [
            "STARBUCKS",
            "STARBUKS",
            "星巴克",
            "Sanoly",
            "Sanvoly",
            "鮮百利",
            "Kensho",
            "犬尚",
            "建祥",
            "ケンショー",
            "京都抹茶",
            "京都",
            "蒙牛",
            "红牛",
            "Kolano",
            "コラノ",
            "丁聚樱",
            "定紫英",
            "TOEN COFFEE",
            "TOHEN COFFEE",
            "福岡",
            "Fukuoka",
        ];
        let profiles: Vec<MarkProfile> = marks.iter().map(|m| p(m)).collect();
        let mut pruned_below = 0;
        for q in &profiles {
            for t in &profiles {
                let names = std::slice::from_ref(t);
                let exact = best_match(q, names).unwrap();
                for floor in [0.3, 0.6, 0.8, 0.95] {
                    let m = best_match_above(q, names, floor).unwrap();
                    if exact.score >= floor {
                        assert_eq!(
                            m, exact,
                            "{:?} vs {:?} at {floor}",
                            q.keys.original, t.keys.original
                        );
                    } else {
                        assert!(m.score <= exact.score && m.score < floor);
                        pruned_below += usize::from(m.score < exact.score);
                    }
                }
            }
        }
        // The floor does spare work: some scores below it were not computed in full.
        assert!(pruned_below > 0);
    }

    #[test]
    fn explanation_value_matches_similarity() {
        let (a, b) = (p("威猛先森"), p("威猛先生"));
        let e = explain(&a, &b);
        assert_eq!(e.value, round4(similarity(&a, &b)));
        assert_eq!(e.children.len(), 5);
    }
}
