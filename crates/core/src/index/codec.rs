//! Byte encoding of the index's documents: LEB128 lengths, UTF-8 strings, little-endian ints.

use crate::normalize::{GenericWord, MarkKeys};
use crate::score::MarkProfile;
use crate::{GoodsClass, Language, NiceClass};

/// A document as stored: the id, the goods and one profile per name.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDoc {
    /// The record or watch-entry id.
    pub id: String,
    /// Every name (mark text, transliteration, translation, or watched forms), in order.
    pub names: Vec<String>,
    /// Goods with group codes (goods texts are not stored).
    pub classes: Vec<GoodsClass>,
    /// The home language ([`crate::index::Entry::language`]).
    pub language: Option<Language>,
    /// One profile per name, parallel to `names`.
    pub profiles: Vec<MarkProfile>,
}

pub(crate) fn put_uvar(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub(crate) fn put_str(out: &mut Vec<u8>, s: &str) {
    put_uvar(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn put_strs(out: &mut Vec<u8>, v: &[String]) {
    put_uvar(out, v.len() as u64);
    for s in v {
        put_str(out, s);
    }
}

/// Pinyin and romaji candidates stored per name (best first).
pub(crate) const STORED_READINGS: usize = 2;
/// Kana readings stored per name with Han characters (best first): the scorer compares the
/// readings that give a shared sound key mora by mora, and the first is the usual one.
pub const STORED_KANA: usize = 1;
/// Phonetic keys stored per name (best first).
pub(crate) const STORED_SOUND_KEYS: usize = 4;

/// Encodes the keys, keeping the best [`STORED_READINGS`] pinyin and romaji readings, the
/// best [`STORED_KANA`] kana readings and the best [`STORED_SOUND_KEYS`] phonetic keys, except `original` (the name itself, stored
/// beside). Kana readings are kept for names with Han characters only (the scorer reads a kana
/// name from its folded form) and one byte a kana ([`put_kana`]).
fn put_keys(out: &mut Vec<u8>, k: &MarkKeys) {
    let or_empty = |s: &str, same: &str| if s == same { "" } else { s }.to_string();
    put_str(out, &or_empty(&k.cleaned, &k.folded));
    put_str(out, &or_empty(&k.skeleton, &k.cleaned));
    put_str(out, &k.folded);
    put_strs(out, &k.pinyin[..k.pinyin.len().min(STORED_READINGS)]);
    put_strs(out, &k.romaji[..k.romaji.len().min(STORED_READINGS)]);
    put_strs(out, &k.phonetic[..k.phonetic.len().min(STORED_SOUND_KEYS)]);
    let has_han = k
        .folded
        .chars()
        .any(|c| crate::score::is_cjk(c) && !is_kana(c));
    let kana = if has_han {
        &k.kana[..k.kana.len().min(STORED_KANA)]
    } else {
        &[]
    };
    put_uvar(out, kana.len() as u64);
    for r in kana {
        put_kana(out, r);
    }
    put_str(out, &k.visual);
    put_str(out, if k.core == k.folded { "" } else { &k.core });
    put_uvar(out, k.generic.len() as u64);
    for g in &k.generic {
        put_str(out, &g.text);
        put_str(out, g.concept.as_deref().unwrap_or(""));
    }
}

/// True for hiragana, katakana and the prolonged sound mark (U+3041..=U+30FF).
fn is_kana(c: char) -> bool {
    matches!(c as u32, 0x3041..=0x30FF)
}

/// A kana reading, one byte a kana: its offset from U+3040 (other characters are dropped).
fn put_kana(out: &mut Vec<u8>, r: &str) {
    let bytes: Vec<u8> = r
        .chars()
        .filter(|&c| is_kana(c))
        .map(|c| (c as u32 - 0x3040) as u8)
        .collect();
    put_uvar(out, bytes.len() as u64);
    out.extend_from_slice(&bytes);
}

pub(crate) fn encode_doc(out: &mut Vec<u8>, doc: &StoredDoc) {
    put_str(out, &doc.id);
    put_uvar(out, doc.classes.len() as u64);
    for c in &doc.classes {
        out.push(c.class.get());
        put_strs(out, &c.jp_groups);
        put_strs(out, &c.cn_groups);
    }
    out.push(match doc.language {
        None => 0,
        Some(Language::Japanese) => 1,
        Some(Language::Chinese) => 2,
    });
    put_uvar(out, doc.names.len() as u64);
    for (name, p) in doc.names.iter().zip(&doc.profiles) {
        put_str(out, name);
        put_keys(out, &p.keys);
        match &p.core {
            None => out.push(0),
            Some(core) => {
                out.push(1);
                put_str(out, &core.original);
                put_keys(out, core);
            }
        }
    }
}

/// A cursor over encoded bytes; every read fails with `None` on truncated input.
pub(crate) struct Cursor<'a> {
    pub(crate) buf: &'a [u8],
}

impl<'a> Cursor<'a> {
    pub(crate) fn uvar(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let (&b, rest) = self.buf.split_first()?;
            self.buf = rest;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }

    pub(crate) fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.buf.split_first()?;
        self.buf = rest;
        Some(b)
    }

    pub(crate) fn str(&mut self) -> Option<&'a str> {
        let n = usize::try_from(self.uvar()?).ok()?;
        if n > self.buf.len() {
            return None;
        }
        let (s, rest) = self.buf.split_at(n);
        self.buf = rest;
        std::str::from_utf8(s).ok()
    }

    /// A kana reading written by [`put_kana`].
    fn kana(&mut self) -> Option<String> {
        let n = usize::try_from(self.uvar()?).ok()?;
        if n > self.buf.len() {
            return None;
        }
        let (s, rest) = self.buf.split_at(n);
        self.buf = rest;
        s.iter()
            .map(|&b| char::from_u32(0x3040 + u32::from(b)).filter(|&c| is_kana(c)))
            .collect()
    }

    fn strs(&mut self) -> Option<Vec<String>> {
        let n = self.uvar()?;
        (0..n).map(|_| self.str().map(str::to_string)).collect()
    }

    fn keys(&mut self, original: &str) -> Option<MarkKeys> {
        let cleaned = self.str()?;
        let skeleton = self.str()?;
        let folded = self.str()?.to_string();
        let cleaned = if cleaned.is_empty() {
            folded.clone()
        } else {
            cleaned.to_string()
        };
        let skeleton = if skeleton.is_empty() {
            cleaned.clone()
        } else {
            skeleton.to_string()
        };
        let pinyin = self.strs()?;
        let romaji = self.strs()?;
        let phonetic = self.strs()?;
        let nk = self.uvar()?;
        let kana = (0..nk).map(|_| self.kana()).collect::<Option<Vec<_>>>()?;
        let visual = self.str()?.to_string();
        let core = self.str()?;
        let core = if core.is_empty() {
            folded.clone()
        } else {
            core.to_string()
        };
        let n = self.uvar()?;
        let generic = (0..n)
            .map(|_| {
                let text = self.str()?.to_string();
                let concept = self.str()?;
                Some(GenericWord {
                    text,
                    concept: (!concept.is_empty()).then(|| concept.to_string()),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(MarkKeys {
            original: original.to_string(),
            cleaned,
            skeleton,
            folded,
            pinyin,
            kana,
            romaji,
            phonetic,
            visual,
            core,
            generic,
        })
    }
}

/// Decodes a document; `None` if the bytes are not a well-formed document.
pub(crate) fn decode_doc(buf: &[u8]) -> Option<StoredDoc> {
    let mut c = Cursor { buf };
    let id = c.str()?.to_string();
    let nc = c.uvar()?;
    let mut classes = Vec::new();
    for _ in 0..nc {
        let class = NiceClass::new(u32::from(c.byte()?)).ok()?;
        classes.push(GoodsClass {
            class,
            goods: None,
            jp_groups: c.strs()?,
            cn_groups: c.strs()?,
        });
    }
    let language = match c.byte()? {
        0 => None,
        1 => Some(Language::Japanese),
        2 => Some(Language::Chinese),
        _ => return None,
    };
    let nn = c.uvar()?;
    let mut names = Vec::new();
    let mut profiles = Vec::new();
    for _ in 0..nn {
        let name = c.str()?.to_string();
        let keys = c.keys(&name)?;
        let core = match c.byte()? {
            0 => None,
            1 => {
                let orig = c.str()?.to_string();
                Some(c.keys(&orig)?)
            }
            _ => return None,
        };
        names.push(name);
        profiles.push(MarkProfile { keys, core });
    }
    c.buf.is_empty().then_some(StoredDoc {
        id,
        names,
        classes,
        language,
        profiles,
    })
}

/// Reads only the id of an encoded document.
pub(crate) fn decode_id(buf: &[u8]) -> Option<&str> {
    Cursor { buf }.str()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Normalizer;

    #[test]
    fn documents_round_trip() {
        let n = Normalizer::global();
        let names = vec!["京都抹茶".to_string(), "KYOTO MATCHA".to_string()];
        let doc = StoredDoc {
            id: "CN:1".into(),
            profiles: names.iter().map(|s| MarkProfile::new(n, s)).collect(),
            names,
            classes: vec![GoodsClass {
                class: NiceClass::new(30).unwrap(),
                goods: None,
                jp_groups: vec!["29A01".into()],
                cn_groups: vec![],
            }],
            language: Some(Language::Chinese),
        };
        let mut buf = Vec::new();
        encode_doc(&mut buf, &doc);
        let back = decode_doc(&buf).unwrap();
        assert_eq!(back.id, doc.id);
        assert_eq!(back.classes, doc.classes);
        assert_eq!(back.language, doc.language);
        for (a, b) in back.profiles.iter().zip(&doc.profiles) {
            let mut expected = b.keys.clone();
            if expected.folded.is_ascii() {
                expected.kana.clear();
            }
            expected.kana.truncate(STORED_KANA);
            expected.pinyin.truncate(STORED_READINGS);
            expected.romaji.truncate(STORED_READINGS);
            expected.phonetic.truncate(STORED_SOUND_KEYS);
            assert_eq!(a.keys, expected);
        }
        assert_eq!(decode_id(&buf), Some("CN:1"));
        assert!(decode_doc(&buf[..buf.len() - 1]).is_none());
    }
}
