//! Japanese readings compared mora by mora.
//!
//! The shared sound key is coarse on purpose, so that one name meets itself across scripts:
//! long vowels collapse and a vowel mora joins the syllable before it (ミクオ, みこう and
//! `Mikuo` are all `mi.ko`; れいしゅう and レス are both `le.su`). Equal keys then do not mean
//! equal sounds to a Japanese ear: レイシュウ has four morae, レス two. [`similarity`]
//! compares the Japanese readings of two marks as they are heard: a Han or kana mark by its
//! kana readings, an all-Latin mark by its letters read as romaji, or spelled as a katakana
//! loanword when they are not romaji (`kokior` コキオー or コキオル), keeping only the readings
//! that give the sound key the marks share.
//!
//! Each reading becomes a list of morae: Hepburn syllables (`ko`, `shu`), `n` (ん), `q` (っ)
//! and `:o`, `:e`… for a lengthened vowel (ー, or a vowel mora repeating the vowel before it,
//! お or う after an o, い or え after an e). The similarity is `1 - cost / longer length`
//! (a mora that costs nothing to drop does not count in the length) with:
//!
//! | edit | cost |
//! |---|---|
//! | a long o or u added or removed, one side Latin | 0 (Hepburn writes ō and ū without the macron: `Tokyo`, `Kensho`) |
//! | a `q` added or removed, one side Latin | [`LATIN_LENGTH_COST`] |
//! | any other long vowel added or removed (Hepburn writes `ei`, `aa`, `ii`), a `q` between kana readings | 0.5 |
//! | `n` added or removed | 0.75 |
//! | a `v` syllable replaced by the `b` syllable of the same vowel (ヴィ, ビ) | 0 |
//! | a syllable replaced by one with the same onset or the same vowel, or a `:` by a vowel | 0.5 |
//! | any other syllable added, removed or replaced | 1 |

use crate::index::STORED_KANA;
use crate::normalize::romaji::{morae, Mora};
use crate::normalize::{is_kana, phonetic, MarkKeys, Normalizer};

use super::is_cjk;

/// What a doubled consonant (っ) added or removed costs when one side is Latin.
pub const LATIN_LENGTH_COST: f32 = 0.1;

/// The readings of one mark as mora lists, and whether they come from Latin letters.
pub(crate) struct Readings {
    pub forms: Vec<Vec<&'static str>>,
    pub latin: bool,
}

/// The mora list of `kana` (any mix of hiragana and katakana).
pub(crate) fn tokens(kana: &str) -> Vec<&'static str> {
    const LONG: [&str; 5] = [":a", ":i", ":u", ":e", ":o"];
    let long = |v: Option<char>| -> &'static str {
        match v {
            Some('a') => LONG[0],
            Some('i') => LONG[1],
            Some('u') => LONG[2],
            Some('e') => LONG[3],
            Some('o') => LONG[4],
            _ => ":",
        }
    };
    let mut out = Vec::with_capacity(kana.len() / 3 + 1);
    // The vowel a following vowel mora would lengthen (none right after a long vowel: シーイン
    // has a new syllable), and the vowel being sounded, which ー lengthens.
    let mut last_vowel: Option<char> = None;
    let mut sounding: Option<char> = None;
    for m in morae(kana) {
        match m {
            Mora::Syl(s) => {
                let v = s.chars().last();
                if s.len() == 1 {
                    if let (Some(p), Some(v)) = (last_vowel, v) {
                        if p == v || (p == 'o' && v == 'u') || (p == 'e' && v == 'i') {
                            out.push(long(Some(p)));
                            last_vowel = None;
                            continue;
                        }
                    }
                }
                out.push(s);
                last_vowel = v;
                sounding = v;
            }
            Mora::N => {
                out.push("n");
                last_vowel = None;
                sounding = None;
            }
            Mora::Q => {
                out.push("q");
                last_vowel = None;
                sounding = None;
            }
            Mora::Long => {
                out.push(long(sounding));
                last_vowel = None;
            }
        }
    }
    out
}

/// The Japanese readings of a mark whose shared sound key is `key`, as mora lists: the kana
/// readings of a mark written wholly in Han and kana (a kana mark is its own reading), the
/// letters of an all-Latin mark read as romaji when every letter is part of a romaji syllable
/// (`mikuo`, not `kokior` or `exaproton`). `None` when no such reading is known (mixed
/// scripts, digits, Latin that is not romaji, a reading an index did not keep).
pub(crate) fn readings(k: &MarkKeys, key: &str) -> Option<Readings> {
    let folded = k.folded.as_str();
    if folded.is_empty() {
        return None;
    }
    let spelled: Vec<String>;
    let (kana, latin): (&[String], bool) = if folded.chars().all(is_kana) {
        spelled = vec![folded.to_string()];
        (&spelled, false)
    } else if folded.chars().all(is_cjk) {
        (&k.kana, false)
    } else if folded.chars().all(|c| c.is_ascii_lowercase()) {
        spelled = match latin_as_kana(folded) {
            Some(kana) => vec![kana],
            None => latin_as_loanword_kana(folded),
        };
        (&spelled, true)
    } else {
        return None;
    };
    let of = |kana: &[String]| -> Vec<Vec<&'static str>> {
        kana.iter()
            .filter(|r| phonetic::kana_key(r) == key)
            .map(|r| tokens(r))
            .filter(|t| !t.is_empty())
            .collect()
    };
    let mut forms = of(kana);
    // An index keeps the first reading of a Han mark only: the others are read again.
    if forms.is_empty() && !latin && kana.len() <= STORED_KANA && !folded.chars().all(is_kana) {
        let all = Normalizer::global().kana_readings(folded);
        forms = of(all.get(kana.len()..).unwrap_or_default());
    }
    (!forms.is_empty()).then_some(Readings { forms, latin })
}

/// Lower-case Latin letters read as romaji (Hepburn or Kunrei), in hiragana; `None` when a
/// letter belongs to no romaji syllable. `l`, `q` and `x` are refused: romaji has none of them
/// (a converter would read `xa` as a small ぁ).
fn latin_as_kana(s: &str) -> Option<String> {
    use wana_kana::ConvertJapanese;
    if s.bytes().any(|b| matches!(b, b'l' | b'q' | b'x')) {
        return None;
    }
    let kana = s.to_hiragana();
    let ok = kana.chars().all(|c| {
        matches!(c as u32, 0x3041..=0x3096) && !matches!(c, 'ぁ' | 'ぃ' | 'ぅ' | 'ぇ' | 'ぉ' | 'ゎ')
    });
    ok.then_some(kana)
}

/// Most spellings [`latin_as_loanword_kana`] tries for one word.
const MAX_LOANWORD_SPELLINGS: usize = 4;

/// Lower-case Latin letters that are not romaji read as a katakana loanword spells them, in
/// hiragana: `l` as r, `c` as s before e, i and y and as k elsewhere, `q` as k, `x` as ks,
/// `ph` as f, `th` as s; a consonant with no vowel after it gets an epenthetic u (o after t
/// and d; `m` before b and p, and `n`, are ん; a vowel letter written three times or more
/// counts twice); `r` after a vowel with no vowel after it is
/// read both as a long vowel (non-rhotic English: `snoor` スノー) and as ル. Spellings where a
/// letter stays unconverted are dropped; the caller keeps only those that give the sound key
/// it matched, so a rough spelling never stands for a reading the key did not come from.
fn latin_as_loanword_kana(s: &str) -> Vec<String> {
    use wana_kana::ConvertJapanese;
    let s = s
        .replace("ck", "k")
        .replace("ph", "f")
        .replace("th", "s")
        .replace('x', "ks")
        .replace('q', "k")
        .replace('l', "r");
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    // A vowel letter written three times or more is a long vowel, as twice (`snooor`).
    let mut b: Vec<u8> = Vec::with_capacity(s.len());
    for c in s.bytes() {
        let n = b.len();
        if n >= 2 && b[n - 1] == c && b[n - 2] == c && vowel(c) {
            continue;
        }
        b.push(c);
    }
    let b = &b[..];
    let digraph = |c: u8, n: u8| {
        matches!((c, n), (b's' | b'c', b'h') | (b't', b's'))
            || (n == b'y' && b"kgnhbpmr".contains(&c))
    };
    let push = |spellings: &mut Vec<String>, piece: &str| {
        for sp in spellings.iter_mut() {
            sp.push_str(piece);
        }
    };
    let mut spellings: Vec<String> = vec![String::new()];
    for (i, &c) in b.iter().enumerate() {
        let next = b.get(i + 1).copied();
        let before_vowel = next.is_some_and(|n| vowel(n) || n == b'y');
        if vowel(c) {
            push(&mut spellings, std::str::from_utf8(&[c]).unwrap_or(""));
            continue;
        }
        let cons = match c {
            b'c' if next.is_some_and(|n| matches!(n, b'e' | b'i' | b'y')) => "s",
            b'c' if next == Some(b'h') => "c",
            b'c' => "k",
            b'y' if !before_vowel => "i",
            b'w' if !before_vowel => "u",
            _ => std::str::from_utf8(&b[i..=i]).unwrap_or(""),
        };
        // A glide read as a vowel, a consonant with its vowel or in a digraph or doubled
        // (っ), and n (ん) are written as they are.
        if matches!(c, b'y' | b'w' | b'n')
            || before_vowel
            || next.is_some_and(|n| digraph(c, n) || n == c)
        {
            push(&mut spellings, cons);
        } else if c == b'm' && next.is_some_and(|n| n == b'b' || n == b'p') {
            push(&mut spellings, "n");
        } else if c == b'r' && i > 0 && vowel(b[i - 1]) {
            let mut more = Vec::with_capacity(spellings.len() * 2);
            for sp in &spellings {
                more.push(format!("{sp}-"));
                more.push(format!("{sp}ru"));
            }
            more.truncate(MAX_LOANWORD_SPELLINGS);
            spellings = more;
        } else {
            let vowel = if matches!(c, b't' | b'd') { "o" } else { "u" };
            push(&mut spellings, &format!("{cons}{vowel}"));
        }
    }
    spellings
        .iter()
        .map(|sp| sp.to_hiragana())
        // No standalone small kana can come out: l and x, which a converter reads as small
        // kana, are gone.
        .filter(|k| {
            k.chars()
                .all(|c| matches!(c as u32, 0x3041..=0x3096) || c == 'ー')
        })
        .collect()
}

/// True for a lengthened vowel.
fn is_long(t: &str) -> bool {
    t.starts_with(':')
}

/// The cost of adding or removing the mora `t`; `latin` when one side is Latin letters.
fn gap(t: &str, latin: bool) -> f32 {
    match t {
        ":o" | ":u" if latin => 0.0,
        "q" if latin => LATIN_LENGTH_COST,
        "q" => 0.5,
        t if is_long(t) => 0.5,
        "n" => 0.75,
        _ => 1.0,
    }
}

/// The cost of replacing mora `a` by mora `b`.
fn replace(a: &str, b: &str) -> f32 {
    if a == b {
        return 0.0;
    }
    let special = |t: &str| is_long(t) || matches!(t, "q" | "n");
    let vowel_only = |t: &str| t.len() == 1 && !special(t);
    if (is_long(a) && vowel_only(b)) || (is_long(b) && vowel_only(a)) {
        return 0.5;
    }
    if special(a) || special(b) {
        return 1.0;
    }
    let (oa, va) = a.split_at(a.len() - 1);
    let (ob, vb) = b.split_at(b.len() - 1);
    // ヴ is a loanword spelling of ブ: one sound.
    if va == vb && matches!((oa, ob), ("v", "b") | ("b", "v")) {
        return 0.0;
    }
    if oa == ob || va == vb {
        0.5
    } else {
        1.0
    }
}

/// Similarity of two mora lists: `1 - weighted edit distance / longer length`, where a mora
/// that costs nothing to drop does not count in the length.
fn list_similarity(a: &[&str], b: &[&str], latin: bool) -> f32 {
    let len = |v: &[&str]| v.iter().filter(|t| gap(t, latin) > 0.0).count();
    let n = len(a).max(len(b));
    if n == 0 {
        return 0.0;
    }
    let mut prev: Vec<f32> = Vec::with_capacity(b.len() + 1);
    prev.push(0.0);
    for t in b {
        let last = *prev.last().unwrap_or(&0.0);
        prev.push(last + gap(t, latin));
    }
    let mut cur = vec![0.0f32; b.len() + 1];
    for x in a {
        cur[0] = prev[0] + gap(x, latin);
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + replace(x, y))
                .min(prev[j + 1] + gap(x, latin))
                .min(cur[j] + gap(y, latin));
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    (1.0 - prev[b.len()] / n as f32).max(0.0)
}

/// The best similarity of a reading of `a` to a reading of `b`, with the indices of the
/// readings it came from.
pub(crate) fn similarity(a: &Readings, b: &Readings) -> (f32, usize, usize) {
    let latin = a.latin || b.latin;
    let mut best = (0.0f32, 0, 0);
    for (i, x) in a.forms.iter().enumerate() {
        for (j, y) in b.forms.iter().enumerate() {
            let s = list_similarity(x, y, latin);
            if s > best.0 {
                best = (s, i, j);
            }
        }
    }
    best
}

/// The best similarity of a reading of `a` to the beginning of a reading of `b` (as many
/// morae as `a`'s reading, one more or one fewer).
pub(crate) fn prefix_similarity(a: &Readings, b: &Readings) -> f32 {
    let latin = a.latin || b.latin;
    let mut best = 0.0f32;
    for x in &a.forms {
        for y in &b.forms {
            let lo = x.len().saturating_sub(1).max(1);
            let hi = (x.len() + 1).min(y.len());
            for cut in lo..=hi {
                best = best.max(list_similarity(x, &y[..cut], latin));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn morae_mark_long_vowels_and_special_morae() {
        for (kana, want) in [
            ("れいしゅう", vec!["re", ":e", "shu", ":u"]),
            ("レス", vec!["re", "su"]),
            ("みこう", vec!["mi", "ko", ":o"]),
            ("ミクオ", vec!["mi", "ku", "o"]),
            ("コーヒー", vec!["ko", ":o", "hi", ":i"]),
            ("きって", vec!["ki", "q", "te"]),
            ("しんぶん", vec!["shi", "n", "bu", "n"]),
            ("えいか", vec!["e", ":e", "ka"]),
            ("すのおー", vec!["su", "no", ":o", ":o"]),
        ] {
            assert_eq!(tokens(kana), want, "{kana}");
        }
    }

    #[test]
    fn latin_letters_are_read_as_romaji_only_when_they_are_romaji() {
        for (latin, want) in [
            ("mikuo", Some("みくお")),
            ("tokyo", Some("ときょ")),
            ("kitte", Some("きって")),
            ("kokior", None),
            ("exaproton", None),
            ("lete", None),
        ] {
            assert_eq!(latin_as_kana(latin).as_deref(), want, "{latin}");
        }
    }

    #[test]
    fn other_latin_words_are_spelled_as_loanwords() {
        for (latin, want) in [
            ("kokior", vec!["こきおー", "こきおる"]),
            ("snooor", vec!["すのおー", "すのおる"]),
            ("tesla", vec!["てすら"]),
            ("exaproton", vec!["えくさぷろとん"]),
            ("fish", vec!["ふぃしゅ"]),
        ] {
            assert_eq!(latin_as_loanword_kana(latin), want, "{latin}");
        }
    }

    fn sim(a: &str, b: &str, latin: bool) -> f32 {
        (list_similarity(&tokens(a), &tokens(b), latin) * 1000.0).round() / 1000.0
    }

    #[test]
    fn mora_similarity_weighs_length_and_near_syllables() {
        for (a, b, latin, want) in [
            ("れいしゅう", "れいしゅう", false, 1.0),
            // Two long vowels and shu/su: 0.5 + 0.5 + 0.5 of 4 morae.
            ("れいしゅう", "れす", false, 0.625),
            // Hepburn drops the length of o and u: Tokyo is とうきょう ...
            ("とうきょう", "ときょ", true, 1.0),
            ("とうきょう", "ときょ", false, 0.75),
            // ... but writes ei: Rete is not れいてい.
            ("れいてい", "れて", true, 0.75),
            // ku/ko share an onset, お/ー a vowel: 0.5 + 0.5 of 3.
            ("みこう", "みくお", false, 0.667),
            ("しんぶん", "しぶん", false, 0.813),
            ("せらゔぃ", "せらび", false, 1.0),
        ] {
            assert_eq!(sim(a, b, latin), want, "{a} vs {b}");
            assert_eq!(sim(b, a, latin), want, "{b} vs {a}: symmetric");
        }
    }
}
