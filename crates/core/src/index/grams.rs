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
//!
//! Grams come from the mark's keys and, when it has generic words, from its core's keys too.
//! Only the best [`GRAM_SOUND_KEYS`] sound keys and [`GRAM_READINGS`] romaji/pinyin readings
//! give grams.

use crate::normalize::MarkKeys;
use crate::score::{is_cjk, MarkProfile};

const CJK1: u8 = 1;
const CJK2: u8 = 2;
const LATIN3: u8 = 3;
const SOUND2: u8 = 4;
const VISUAL2: u8 = 6;
const SOUNDK: u8 = 7;

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

/// True if and only if `gram` is a whole sound key (space `SOUNDK`).
pub(crate) fn is_whole_sound_key(gram: u64) -> bool {
    (gram >> 56) as u8 == SOUNDK
}

fn hash_chars(tag: u8, cs: &[char]) -> u64 {
    let mut buf = [0u8; 16];
    let mut s = String::new();
    for c in cs {
        s.push_str(c.encode_utf8(&mut buf));
    }
    hash(tag, &[&s])
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
    for r in readings.chain(k.pinyin.iter().take(GRAM_READINGS)) {
        let joined: String = r.split_whitespace().collect();
        latin_runs(&joined, out);
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
