//! The key spaces posting lists are built over. Each gram is hashed to a `u64` whose top byte
//! is its space tag, so grams of different spaces never meet and a query can weigh them.
//!
//! | space | from | grams |
//! |---|---|---|
//! | `CJK1`, `CJK2` | runs of CJK characters in `folded` | character unigrams (not kana) and bigrams |
//! | `LATIN3` | runs of Latin letters/digits in `folded`, joined `romaji` and `pinyin` | trigrams, padded with `^`/`$`; runs under 3 letters whole |
//! | `SOUND2` | `phonetic` keys (else pinyin/romaji syllables) | syllable bigrams; one-syllable keys whole |
//! | `SOUNDK` | the same sound keys | the whole key, so that an exact reading match across scripts (`Kolano` ⇄ `コラノ`) outweighs the many same-script marks sharing pieces |
//! | `VISUAL2` | `visual` | bigrams of visual classes (look-alikes share them) |
//! | `EDIT1` | `folded`, 1 to [`EDIT_MAX_CHARS`] characters | the whole form and its one-deletion neighbourhood (`sanoly` → `anoly`, `snoly`…); for two characters, the form with either character replaced by a wildcard instead of deleted |
//!
//! `EDIT1` also holds the best romaji and the best pinyin reading of a mark, joined (whole form
//! only, no neighbourhood), so that a Latin spelling of the reading finds the mark.
//!
//! `EDIT1` finds the marks within one edit (insertion, deletion, substitution or swap of
//! neighbours) of the query: two strings within one edit share a gram of this space (the one
//! with the edited character deleted on both sides), whatever else they share. Latin marks of
//! six letters share few trigrams after one edit, and in a dense register many other marks
//! share as many: this space singles the edit out. Its grams are not summed with the others
//! but give a channel of their own (see `Index::candidates`).
//!
//! Grams come from the mark's keys and, when it has generic words, from its core's keys too.
//! Only the best [`GRAM_SOUND_KEYS`] sound keys and [`GRAM_READINGS`] romaji/pinyin readings
//! give grams.

use crate::normalize::{phonetic, MarkKeys};
use crate::score::{is_cjk, MarkProfile};

const CJK1: u8 = 1;
const CJK2: u8 = 2;
const LATIN3: u8 = 3;
const SOUND2: u8 = 4;
const VISUAL2: u8 = 6;
const SOUNDK: u8 = 7;
const EDIT1: u8 = 8;

/// Longest `folded` form (in characters) whose one-deletion neighbourhood is indexed: longer
/// marks carry enough other grams, and the neighbourhood grows with the length.
pub(crate) const EDIT_MAX_CHARS: usize = 16;
/// Stands for the replaced character in the wildcard grams of two-character forms.
const WILDCARD: char = '\u{1}';

/// Sound keys and readings that give grams (the best ones; more only add noise and size).
const GRAM_SOUND_KEYS: usize = 4;
const GRAM_READINGS: usize = 2;

/// Hashes `parts` in space `tag`: FNV-1a, 56 bits, with the tag in the top byte.
fn hash(tag: u8, parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    };
    eat(tag);
    for p in parts {
        for &b in p.as_bytes() {
            eat(b);
        }
        eat(0xff);
    }
    (h & 0x00ff_ffff_ffff_ffff) | (u64::from(tag) << 56)
}

/// The weight a query gives to a gram of the space `gram`'s top byte names: cross-script
/// sound evidence counts double, CJK bigrams one and a half.
pub(crate) fn space_weight(gram: u64) -> f32 {
    match (gram >> 56) as u8 {
        SOUND2 | SOUNDK => 2.0,
        CJK2 => 1.5,
        _ => 1.0,
    }
}

/// True if and only if `gram` is in the one-edit space `EDIT1`.
pub(crate) fn is_edit(gram: u64) -> bool {
    (gram >> 56) as u8 == EDIT1
}

/// True if and only if `gram` is a whole sound key (space `SOUNDK`).
pub(crate) fn is_whole_sound_key(gram: u64) -> bool {
    (gram >> 56) as u8 == SOUNDK
}

/// [`hash`] of the characters `cs` as one part, without building the string.
fn hash_chars(tag: u8, cs: &[char]) -> u64 {
    hash_char_iter(tag, cs.iter().copied())
}

/// [`hash`] of a sequence of characters as one part.
fn hash_char_iter(tag: u8, cs: impl Iterator<Item = char>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    };
    eat(tag);
    let mut buf = [0u8; 4];
    for c in cs {
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            eat(b);
        }
    }
    eat(0xff);
    (h & 0x00ff_ffff_ffff_ffff) | (u64::from(tag) << 56)
}

fn latin_runs(s: &str, out: &mut Vec<u64>) {
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, out: &mut Vec<u64>| {
        if run.is_empty() {
            return;
        }
        if run.len() < 3 {
            out.push(hash_chars(LATIN3, run));
        } else {
            let mut padded = Vec::with_capacity(run.len() + 2);
            padded.push('^');
            padded.extend_from_slice(run);
            padded.push('$');
            for w in padded.windows(3) {
                out.push(hash_chars(LATIN3, w));
            }
        }
        run.clear();
    };
    for c in s.chars() {
        if c.is_alphanumeric() && !is_cjk(c) {
            run.push(c);
        } else {
            flush(&mut run, out);
        }
    }
    flush(&mut run, out);
}

fn sound_keys(k: &MarkKeys) -> Vec<Vec<&str>> {
    let src: Vec<&String> = if k.phonetic.is_empty() {
        k.pinyin.iter().chain(&k.romaji).collect()
    } else {
        k.phonetic.iter().collect()
    };
    src.into_iter()
        .map(|p| {
            p.split(['.', ' '])
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|v| !v.is_empty())
        .collect()
}

/// The grams of one set of keys, appended to `out` (may repeat).
fn key_grams(k: &MarkKeys, out: &mut Vec<u64>) {
    let chars: Vec<char> = k.folded.chars().collect();
    for run in chars.split(|c| !is_cjk(*c)) {
        // Kana unigrams are in too many marks to tell anything.
        for c in run
            .iter()
            .filter(|c| !matches!(**c as u32, 0x3040..=0x30FF))
        {
            out.push(hash_chars(CJK1, std::slice::from_ref(c)));
        }
        for w in run.windows(2) {
            out.push(hash_chars(CJK2, w));
        }
    }
    latin_runs(&k.folded, out);
    let readings = k.romaji.iter().take(GRAM_READINGS);
    for (i, r) in readings
        .enumerate()
        .chain(k.pinyin.iter().take(GRAM_READINGS).enumerate())
    {
        let joined: String = r.split_whitespace().collect();
        latin_runs(&joined, out);
        // The best reading spelled out is a whole form too, so that a Latin mark spelling it
        // meets the mark in the one-edit space (`Kingenyo` ⇄ 金源羊 `kingenyo`, `Guangai` ⇄
        // 光艾 `guangai`), whatever syllables the Latin spelling is split into.
        if i == 0 && joined != k.folded && joined.chars().count() <= EDIT_MAX_CHARS {
            out.push(hash(EDIT1, &[joined.as_str()]));
        }
    }
    for key in sound_keys(k).iter().take(GRAM_SOUND_KEYS) {
        if key.len() == 1 {
            out.push(hash(SOUND2, key));
        } else {
            out.push(hash(SOUNDK, key));
        }
        for w in key.windows(2) {
            out.push(hash(SOUND2, w));
        }
    }
    let visual: Vec<char> = k.visual.chars().collect();
    for w in visual.windows(2) {
        out.push(hash_chars(VISUAL2, w));
    }
    edit_grams(&chars, out);
}

/// The `EDIT1` grams of a folded form (see the module docs): the form itself, and each form
/// with one character deleted (three characters or more) or replaced by [`WILDCARD`] (two
/// characters: a deletion would leave one character, shared by too many marks).
fn edit_grams(chars: &[char], out: &mut Vec<u64>) {
    let n = chars.len();
    if n == 0 || n > EDIT_MAX_CHARS {
        return;
    }
    out.push(hash_chars(EDIT1, chars));
    for i in 0..n {
        let (before, after) = (&chars[..i], &chars[i + 1..]);
        let gram = if n == 2 {
            hash_char_iter(
                EDIT1,
                before.iter().chain(&[WILDCARD]).chain(after).copied(),
            )
        } else if n < 2 || (i > 0 && chars[i] == chars[i - 1]) {
            // One character: no neighbourhood; a repeated letter: same deletion as before.
            continue;
        } else {
            hash_char_iter(EDIT1, before.iter().chain(after).copied())
        };
        out.push(gram);
    }
}

/// Longest folded form (in characters) whose look-alike substitutions a query looks up.
const LOOKALIKE_MAX_CHARS: usize = 8;

/// The `EDIT1` whole-form grams of the query's folded form with one CJK or kana character
/// replaced by one of its look-alike substitutes (`substitutes`, folded): `晴乌` → `晴鸟`,
/// `车轩` → `东轩`; and of its Latin skeleton when that differs from the folded form, digits
/// read as the letters they imitate (`bo1aor` → `bolaor`). A mark one look-alike away from the
/// query carries one of them as its own whole form. Query side only; the index holds nothing
/// extra.
pub(crate) fn lookalike_grams(
    p: &MarkProfile,
    substitutes: impl Fn(char) -> Vec<char>,
    out: &mut Vec<u64>,
) {
    let skeleton = &p.keys.skeleton;
    if !skeleton.is_empty()
        && *skeleton != p.keys.folded
        && !skeleton.chars().any(is_cjk)
        && skeleton.chars().count() <= EDIT_MAX_CHARS
    {
        out.push(hash(EDIT1, &[skeleton.as_str()]));
    }
    let chars: Vec<char> = p.keys.folded.chars().collect();
    if (2..=LOOKALIKE_MAX_CHARS).contains(&chars.len()) {
        let mut form = chars.clone();
        for i in 0..chars.len() {
            if !is_cjk(chars[i]) {
                continue;
            }
            for n in substitutes(chars[i]) {
                if n != chars[i] {
                    form[i] = n;
                    out.push(hash_chars(EDIT1, &form));
                }
            }
            form[i] = chars[i];
        }
    }
    out.sort_unstable();
    out.dedup();
}

/// The `SOUNDK` grams of the query's whole sound keys with one syllable respelled as its
/// loan-sound partner (`mo.ci.do.lu` → `mo.ti.do.lu`): a mark spelling that syllable the
/// other way (モティドル for モチドル) carries one of them as its own whole sound key. Query
/// side only; the index holds nothing extra.
pub(crate) fn loan_spelling_grams(p: &MarkProfile, out: &mut Vec<u64>) {
    for key in sound_keys(&p.keys).iter().take(GRAM_SOUND_KEYS) {
        if key.len() < 2 {
            continue;
        }
        let mut form = key.clone();
        for i in 0..key.len() {
            if let Some(partner) = phonetic::loan_spelling_partner(key[i]) {
                form[i] = partner;
                out.push(hash(SOUNDK, &form));
                form[i] = key[i];
            }
        }
    }
    out.sort_unstable();
    out.dedup();
}

/// Every gram of a profile, sorted and deduplicated.
pub(crate) fn profile_grams(p: &MarkProfile, out: &mut Vec<u64>) {
    key_grams(&p.keys, out);
    if let Some(core) = &p.core {
        key_grams(core, out);
    }
    out.sort_unstable();
    out.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Normalizer;

    #[test]
    fn a_loan_sound_respelling_gives_the_other_spelling_whole_sound_key() {
        let n = Normalizer::global();
        let whole = |mark: &str| -> Vec<u64> {
            let mut g = Vec::new();
            profile_grams(&MarkProfile::new(n, mark), &mut g);
            g.retain(|&x| is_whole_sound_key(x));
            g
        };
        for (query, mark) in [("モチドル", "モティドル"), ("ドゥラン", "ズラン")] {
            let mut g = Vec::new();
            loan_spelling_grams(&MarkProfile::new(n, query), &mut g);
            assert!(
                g.iter().any(|x| whole(mark).contains(x)),
                "{query} / {mark}"
            );
        }
        let mut g = Vec::new();
        loan_spelling_grams(&MarkProfile::new(n, "モカドル"), &mut g);
        assert!(g.is_empty(), "no loan-sound syllable, no gram: {g:?}");
    }

    #[test]
    fn character_hashes_equal_string_hashes() {
        let cs: Vec<char> = "sanoly京都".chars().collect();
        assert_eq!(hash_chars(EDIT1, &cs), hash(EDIT1, &["sanoly京都"]));
    }

    #[test]
    fn marks_one_edit_apart_share_an_edit_gram() {
        let grams = |s: &str| {
            let cs: Vec<char> = s.chars().collect();
            let mut g = Vec::new();
            edit_grams(&cs, &mut g);
            g
        };
        let shares = |a: &str, b: &str| grams(a).iter().any(|g| grams(b).contains(g));
        for (a, b) in [
            ("sanvoly", "sanoly"), // deletion
            ("remvor", "remuor"),  // substitution
            ("soveoy", "soveyo"),  // swap of neighbours
            ("雷豪鳴", "雷鳴"),    // CJK deletion
            ("兔水", "免水"),      // two characters, one replaced
        ] {
            assert!(shares(a, b), "{a} / {b}");
        }
        assert!(!shares("sanvoly", "sanoky"), "two edits apart");
        assert!(!shares("兔水", "水兔"), "no wildcard across positions");
    }

    fn edit_space(p: &MarkProfile) -> Vec<u64> {
        let mut g = Vec::new();
        profile_grams(p, &mut g);
        g.retain(|&g| is_edit(g));
        g
    }

    #[test]
    fn a_latin_spelling_of_the_reading_shares_a_whole_form() {
        let n = Normalizer::global();
        for (latin, mark) in [
            ("Kingenyo", "金源羊"),
            ("Guangai", "光艾"),
            ("Shisenen", "師泉園"),
        ] {
            let (a, b) = (MarkProfile::new(n, latin), MarkProfile::new(n, mark));
            let (ga, gb) = (edit_space(&a), edit_space(&b));
            assert!(ga.iter().any(|g| gb.contains(g)), "{latin} / {mark}");
        }
        let (a, b) = (
            MarkProfile::new(n, "Kangenyo"),
            MarkProfile::new(n, "金源羊"),
        );
        assert!(
            !edit_space(&a).iter().any(|g| edit_space(&b).contains(g)),
            "only the reading's whole form is indexed, not its neighbourhood"
        );
    }

    #[test]
    fn lookalike_substitutions_give_the_look_alike_mark_whole_form() {
        let n = Normalizer::global();
        let subs = |c: char| -> Vec<char> {
            n.visual_neighbors(c)
                .iter()
                .map(|(x, _)| n.fold_char(*x))
                .take(6)
                .collect()
        };
        for (query, mark) in [("晴烏", "晴鳥"), ("车轩", "东轩"), ("康师傅", "康帅傅")]
        {
            let mut g = Vec::new();
            lookalike_grams(&MarkProfile::new(n, query), subs, &mut g);
            let whole = edit_space(&MarkProfile::new(n, mark));
            assert!(g.iter().any(|x| whole.contains(x)), "{query} / {mark}");
        }
        let mut g = Vec::new();
        lookalike_grams(&MarkProfile::new(n, "Sanoly"), subs, &mut g);
        assert!(g.is_empty(), "Latin letters have no look-alike table");
    }
}
