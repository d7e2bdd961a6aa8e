//! Filter `readings_ja`: Japanese readings (hiragana) of a folded CJK run.
//!
//! Longest-match segmentation over the word dictionaries (IPADIC, then JMnedict, then EDICT;
//! their keys are folded at load time, so simplified 福冈 finds the reading of 福岡). A
//! character no dictionary word covers is read from KANJIDIC2: on, kun and name readings,
//! interleaved (on₁ kun₁ nanori₁ on₂ …). Candidates are composed best first (the smallest sum
//! of per-segment ranks) and bounded by [`MAX_READINGS`](super::MAX_READINGS).
//!
//! A run of two or more kanji also gets its **on-reading compound**: every character read by
//! its first on reading (恵馬蘭 → けいばらん), the way Sino-Japanese compounds and kanji
//! coinages are read. It comes first when the dictionaries leave a character of the run to
//! KANJIDIC (a coinage), second when dictionary words cover the whole run (京都抹茶 keeps
//! きょうとまっちゃ first). A run that is the name of a Japanese municipality or prefecture
//! (`data/places/jp_municipalities.tsv`, with or without 市, 町, 村, 区, 県, 府 or 都) is read
//! its own way: the place's reading first, then the word dictionaries' (not JMnedict's, whose
//! other readings of a place name are surnames: 伊勢 いせさき), and no on-reading compound
//! (青森 is あおもり, never せいしん).
//!
//! | input (folded) | readings |
//! |---|---|
//! | 青森 | あおもり |
//! | 无印良品 (無印良品) | むじるしりょうひん |
//! | 越光 | こしひかり |
//! | 讃岐 | さぬき |

use super::hash::HashMap;

use super::fold::Fold;
use super::romaji::to_hiragana;
use super::tables::{bad_field, one_char, rows};
use super::MAX_READINGS;
use crate::Result;

/// Readings kept per dictionary word or per kanji.
const PER_SEGMENT: usize = 4;

/// Folded word → readings, from all word dictionaries, and kanji → readings from KANJIDIC2.
#[derive(Debug, Default)]
pub struct JaDict {
    words: HashMap<Box<str>, Vec<Box<str>>>,
    max_chars: usize,
    kanji: HashMap<char, Vec<Box<str>>>,
    /// The first on reading of each (folded) kanji, for on-reading compounds.
    on: HashMap<char, Box<str>>,
    /// Folded Japanese place names (with and without their 市/町/村/区/県/府/都) → readings,
    /// the highest level's first.
    places: HashMap<Box<str>, Vec<Box<str>>>,
}

/// Suffixes of Japanese municipality and prefecture names with their readings, stripped to
/// give the bare name (青森市 あおもりし → 青森 あおもり). 道 is not stripped: 北海 is no
/// place. Highest level first: a bare name shared by several places reads first as the
/// highest.
const PLACE_SUFFIXES: &[(char, &[&str])] = &[
    ('都', &["と"]),
    ('府', &["ふ"]),
    ('県', &["けん"]),
    ('市', &["し"]),
    ('区', &["く"]),
    ('町', &["まち", "ちょう"]),
    ('村', &["むら", "そん"]),
];

fn hiragana(s: &str) -> String {
    s.chars()
        .map(to_hiragana)
        .filter(|c| super::clean::is_kana(*c))
        .collect()
}

impl JaDict {
    /// Folded Japanese place names, with and without their suffix (青森県, 青森), → readings,
    /// the highest level's first; a designated city listed by its wards only reads as their
    /// common reading. Errors name the table, line and field.
    fn place_readings(fold: &Fold, places: &str) -> Result<HashMap<Box<str>, Vec<Box<str>>>> {
        let name = "data/places/jp_municipalities.tsv";
        // The suffixes as keys spell them: folded (県 → 县).
        let suffixes: Vec<(char, &[&str])> = PLACE_SUFFIXES
            .iter()
            .map(|&(c, kana)| (fold.char(c), kana))
            .collect();
        let city_rank = suffixes.iter().position(|(c, _)| *c == fold.char('市'));
        let ward = fold.char('区');
        let mut named: Vec<(usize, String, String)> = Vec::new();
        for row in rows(name, places, &["name", "reading", "kind", "prefecture"], 3) {
            let row = row?;
            let (place, reading) = (row.fields[0], hiragana(row.fields[1]));
            if reading.is_empty() {
                return Err(bad_field(name, row.line, "reading", "no kana"));
            }
            let mut key = String::new();
            fold.fold_into(place, &mut key);
            if !key.chars().all(super::clean::is_cjk) {
                continue;
            }
            let bare = key.chars().last().and_then(|last| {
                let (_, kana) = suffixes.iter().find(|(c, _)| *c == last)?;
                let stem: String = key.chars().take(key.chars().count() - 1).collect();
                let r = kana.iter().find_map(|k| reading.strip_suffix(k))?;
                (stem.chars().count() >= 2 && !r.is_empty()).then(|| (stem, r.to_string()))
            });
            let rank = suffixes
                .iter()
                .position(|(c, _)| key.ends_with(*c))
                .unwrap_or(suffixes.len());
            for (k, r) in [(key.clone(), reading.clone())].into_iter().chain(bare) {
                named.push((rank, k, r));
            }
        }
        // A designated city is listed by its wards only (神戸市中央区 こうべしちゅうおうく): the
        // city reads as its wards' common reading up to its last し (こうべし).
        let mut wards: std::collections::BTreeMap<String, String> = Default::default();
        for (_, k, r) in &named {
            let Some((city, ward_name)) = k.split_once('市') else {
                continue;
            };
            if city.chars().count() < 2 || !ward_name.ends_with(ward) {
                continue;
            }
            let common = wards
                .entry(format!("{city}市"))
                .or_insert_with(|| r.clone());
            let shared = common
                .char_indices()
                .zip(r.chars())
                .find(|((_, a), b)| a != b)
                .map_or(common.len().min(r.len()), |((i, _), _)| i);
            common.truncate(shared);
        }
        for (city, common) in wards {
            if let Some(end) = common.rfind('し') {
                let reading = &common[..end + 'し'.len_utf8()];
                let stem = city.trim_end_matches('市');
                let rank = city_rank.unwrap_or(suffixes.len());
                named.push((rank, city.clone(), reading.to_string()));
                if let Some(r) = reading.strip_suffix('し').filter(|r| !r.is_empty()) {
                    named.push((rank, stem.to_string(), r.to_string()));
                }
            }
        }
        // A bare name shared by several places is read as the highest level first: 神戸 is
        // こうべ (神戸市) before ごうど (神戸町).
        named.sort_by_key(|(rank, _, _)| *rank);
        let mut out: HashMap<Box<str>, Vec<Box<str>>> = HashMap::default();
        for (_, k, r) in named {
            let entry = out.entry(k.into()).or_default();
            if entry.len() < PER_SEGMENT && !entry.iter().any(|e| **e == *r) {
                entry.push(r.into());
            }
        }
        Ok(out)
    }

    /// Loads the word dictionaries (`(file name, text, of names)`, in priority order),
    /// KANJIDIC2 and the Japanese place names (`name<TAB>reading<TAB>kind[<TAB>prefecture]`).
    /// A dictionary of names (JMnedict) gives no readings to a place name: its other readings
    /// of one are people's (伊勢 as the surnames いせさき, とせ), not the place's.
    pub fn build(
        fold: &Fold,
        dicts: &[(&'static str, &str, bool)],
        kanjidic: &str,
        places: &str,
    ) -> Result<JaDict> {
        let mut d = JaDict {
            places: Self::place_readings(fold, places)?,
            ..JaDict::default()
        };
        let mut key = String::new();
        for &(name, text, of_names) in dicts {
            for row in rows(name, text, &["word", "readings"], 2) {
                let row = row?;
                key.clear();
                fold.fold_into(row.fields[0], &mut key);
                if !key.chars().all(super::clean::is_cjk)
                    || (of_names && d.places.contains_key(key.as_str()))
                {
                    continue;
                }
                let entry = d.words.entry(key.as_str().into()).or_default();
                for r in row.fields[1].split('|') {
                    let r = hiragana(r);
                    if !r.is_empty()
                        && entry.len() < PER_SEGMENT
                        && !entry.iter().any(|e| **e == *r)
                    {
                        entry.push(r.into());
                    }
                }
                d.max_chars = d.max_chars.max(key.chars().count());
            }
        }
        d.words.retain(|_, v| !v.is_empty());
        let name = "data/ccbysa/kanjidic2.tsv";
        // Several kanji can fold to one character (園 and the simplified 园 both to 园; 合 and
        // 閤 to 合). The one in commonest Japanese use gives its readings first: the lowest
        // KANJIDIC2 school grade (1-6, then 8 for other joyo kanji, 9-10 for jinmeiyo), then
        // the folded character itself; characters without a grade (simplified forms listed from
        // JIS X 0212, 园: ばん がん…) come last.
        let mut table = Vec::new();
        for row in rows(
            name,
            kanjidic,
            &["kanji", "on", "kun", "nanori", "grade"],
            2,
        ) {
            let row = row?;
            let c = one_char(name, row.line, "kanji", row.fields[0])?;
            let grade = match row.fields.get(4).copied().unwrap_or("") {
                "" => u8::MAX,
                g => g
                    .parse::<u8>()
                    .map_err(|e| bad_field(name, row.line, "grade", e))?,
            };
            let k = fold.char(c);
            table.push(((grade, k != c), k, row.fields));
        }
        table.sort_by_key(|(priority, _, _)| *priority);
        for (_, k, fields) in table {
            let lists: Vec<Vec<String>> = fields[1..fields.len().min(4)]
                .iter()
                .map(|f| {
                    f.split_whitespace()
                        // Kun readings may mark okurigana after a dot: ほ.れる → ほ.
                        .map(|r| hiragana(r.split('.').next().unwrap_or(r)))
                        .filter(|r| !r.is_empty())
                        .collect()
                })
                .collect();
            if let Some(first_on) = lists.first().and_then(|l| l.first()) {
                d.on.entry(k).or_insert_with(|| first_on.as_str().into());
            }
            let entry = d.kanji.entry(k).or_default();
            for i in 0..lists.iter().map(Vec::len).max().unwrap_or(0) {
                for l in &lists {
                    if let Some(r) = l.get(i) {
                        if entry.len() < PER_SEGMENT && !entry.iter().any(|e| **e == **r) {
                            entry.push(r.as_str().into());
                        }
                    }
                }
            }
        }
        Ok(d)
    }

    /// The readings of one segment at the start of `run` and the segment's byte length.
    fn segment<'a>(&'a self, run: &str, ends: &[usize]) -> (Vec<&'a str>, usize) {
        let max = self.max_chars.min(ends.len());
        for len in (1..=max).rev() {
            if let Some(r) = self.words.get(&run[..ends[len - 1]]) {
                let mut out: Vec<&str> = r.iter().map(|s| &**s).collect();
                if len == 1 {
                    self.add_kanji(run, &mut out);
                }
                return (out, ends[len - 1]);
            }
        }
        let first = ends.first().copied().unwrap_or(run.len());
        let mut out = Vec::new();
        self.add_kanji(run, &mut out);
        (out, first)
    }

    fn add_kanji<'a>(&'a self, run: &str, out: &mut Vec<&'a str>) {
        if let Some(c) = run.chars().next() {
            for r in self.kanji.get(&c).into_iter().flatten() {
                if out.len() < PER_SEGMENT && !out.contains(&&**r) {
                    out.push(r);
                }
            }
        }
    }

    /// True if the folded CJK run is a headword of a word dictionary (IPADIC, JMnedict,
    /// EDICT): a word or name of its own (伊勢丹, 富士山).
    pub fn is_word(&self, run: &str) -> bool {
        self.words.contains_key(run)
    }

    /// The reading candidates of a folded CJK run, best first, at most `MAX_READINGS`.
    /// Characters with no reading at all are skipped; empty if nothing is readable.
    pub fn readings(&self, run: &str) -> Vec<String> {
        if let Some(place) = self.places.get(run) {
            let mut out: Vec<String> = place.iter().map(|r| r.to_string()).collect();
            for r in self.words.get(run).into_iter().flatten() {
                if out.len() < MAX_READINGS && !out.iter().any(|o| **o == **r) {
                    out.push(r.to_string());
                }
            }
            return out;
        }
        let mut segments: Vec<Vec<&str>> = Vec::new();
        let mut all_words = true;
        let mut pos = 0;
        let mut ends: Vec<usize> = Vec::with_capacity(16);
        while pos < run.len() {
            let rest = &run[pos..];
            ends.clear();
            ends.extend(
                rest.char_indices()
                    .skip(1)
                    .map(|(i, _)| i)
                    .take(self.max_chars.max(1)),
            );
            if ends.len() < self.max_chars.max(1) {
                ends.push(rest.len());
            }
            let (r, len) = self.segment(rest, &ends);
            // A segment longer than one character is a dictionary word.
            all_words &= !r.is_empty() && len > ends.first().copied().unwrap_or(rest.len());
            if !r.is_empty() {
                segments.push(r);
            }
            pos += len.max(1);
        }
        let mut out = compose(&segments);
        if let Some(on) = self.on_compound(run) {
            let at = usize::from(all_words).min(out.len());
            match out.iter().position(|r| *r == on) {
                Some(i) if i <= at => {}
                Some(i) => {
                    out.remove(i);
                    out.insert(at, on);
                }
                None => {
                    out.insert(at, on);
                    out.truncate(MAX_READINGS);
                }
            }
        }
        out
    }

    /// Every character of `run` read by its first on reading, if the run has two characters
    /// or more and each has an on reading.
    fn on_compound(&self, run: &str) -> Option<String> {
        let mut out = String::with_capacity(run.len() * 2);
        let mut n = 0;
        for c in run.chars() {
            out.push_str(self.on.get(&c)?);
            n += 1;
        }
        (n >= 2).then_some(out)
    }
}

/// Best-first products of per-segment candidates (rank sum, then order), bounded.
pub(crate) fn compose<S: AsRef<str>>(segments: &[Vec<S>]) -> Vec<String> {
    compose_with(segments, "")
}

/// [`compose`] with `sep` between segments.
pub(crate) fn compose_with<S: AsRef<str>>(segments: &[Vec<S>], sep: &str) -> Vec<String> {
    match segments {
        [] => return Vec::new(),
        [only] => {
            let mut out: Vec<String> = Vec::with_capacity(only.len().min(MAX_READINGS));
            for r in only {
                let r = r.as_ref();
                if out.len() < MAX_READINGS && !out.iter().any(|o| o == r) {
                    out.push(r.to_string());
                }
            }
            return out;
        }
        _ => {}
    }
    let mut beam: Vec<(usize, String)> = vec![(0, String::new())];
    for seg in segments {
        let mut next: Vec<(usize, String)> = Vec::with_capacity(beam.len() * seg.len());
        for (score, prefix) in &beam {
            for (j, r) in seg.iter().enumerate() {
                let mut s = String::with_capacity(prefix.len() + sep.len() + r.as_ref().len());
                s.push_str(prefix);
                if !prefix.is_empty() {
                    s.push_str(sep);
                }
                s.push_str(r.as_ref());
                next.push((score + j, s));
            }
        }
        next.sort_by_key(|(s, _)| *s);
        next.truncate(MAX_READINGS);
        beam = next;
    }
    let mut out: Vec<String> = Vec::with_capacity(beam.len());
    for (_, s) in beam {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::normalize::Normalizer;

    #[test]
    fn kanji_coinages_are_read_by_on_readings_first() {
        let n = Normalizer::global();
        // 恵 is left to KANJIDIC: a coinage, read けい-ば-らん.
        assert_eq!(n.keys("恵馬蘭").kana[0], "けいばらん");
        assert_eq!(n.keys("犬尚").kana[0], "けんしょう");
    }

    #[test]
    fn a_kanji_is_read_as_itself_not_as_the_simplified_form_it_folds_to() {
        // 園 folds to 园, which KANJIDIC2 also lists (ばん first, from JIS X 0212).
        let n = Normalizer::global();
        assert_eq!(n.keys("園鼎堂").kana[0], "えんていどう");
        // 閤 (jinmeiyo) also folds to 合 (grade 2): 合 keeps its own readings.
        assert_eq!(n.keys("合得家").kana[0], "ごうとくか");
        assert!(
            n.keys("園").kana.iter().any(|r| r == "その"),
            "{:?}",
            n.keys("園").kana
        );
    }

    #[test]
    fn dictionary_words_keep_their_reading_first() {
        let n = Normalizer::global();
        let k = n.keys("静心");
        assert_eq!(k.kana[0], "しずごころ");
        assert!(k.kana.iter().any(|r| r == "せいしん"), "{:?}", k.kana);
        let k = n.keys("京都");
        assert_eq!(k.kana[0], "きょうと");
        assert_eq!(
            k.kana.iter().filter(|r| *r == "きょうと").count(),
            1,
            "the on-reading compound equal to the word's reading is not repeated"
        );
    }

    #[test]
    fn japanese_place_names_are_read_as_places() {
        let n = Normalizer::global();
        // Table-driven: (place, its readings in order). No on-reading compound: 青森 is never
        // せいしん. 神戸 is first the designated city (read off its wards, 神戸市中央区
        // こうべしちゅうおうく), then the town 神戸町 (ごうど), then the dictionaries'.
        for (place, first) in [
            ("青森", &["あおもり"][..]),
            ("青森県", &["あおもりけん"]),
            ("神戸", &["こうべ", "ごうど"]),
            ("神戸市", &["こうべし"]),
            ("静岡", &["しずおか"]),
            ("東京", &["とうきょう"]),
            // Only the prefecture has this name: its suffix is matched folded (県 → 县).
            ("愛知", &["あいち"]),
        ] {
            let kana = n.keys(place).kana;
            assert_eq!(&kana[..first.len()], first, "{place}: {kana:?}");
        }
        assert_eq!(n.keys("青森").kana, ["あおもり"]);
        assert!(!n.keys("神戸").kana.iter().any(|r| r == "しんこ"));
        // The names dictionary's readings of a place are people's (伊勢 as the surnames
        // いせさき, とせ in JMnedict): a place name is read as the place and the words.
        assert_eq!(n.keys("伊勢").kana, ["いせ"]);
        // Only a whole run that is a place: 青森苹果 is read word by word.
        assert_eq!(n.keys("青森苹果").kana[0], "あおもりりんご");
    }
}
