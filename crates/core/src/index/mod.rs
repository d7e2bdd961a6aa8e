//! The similarity index: posting lists over several key spaces, so that a query never scans
//! the register, and a scored top-K.
//!
//! Build with [`IndexBuilder`] from `(id, names, classes)` entries; [`IndexBuilder::write`]
//! writes the index file to any `impl Write` and [`IndexBuilder::build`] gives the in-memory
//! twin. [`Index::from_bytes`] opens the same bytes from a `Vec<u8>` or a memory map: nothing
//! is deserialized up front, posting lists and documents are read in place.
//!
//! A query ([`Index::search`]) collects the posting lists of its grams (see the key-space table
//! in `grams.rs`: CJK unigrams/bigrams, Latin/romaji/pinyin trigrams, sound-syllable bigrams,
//! whole sound keys, visual-class bigrams, one-edit neighbourhoods, distinctive core) and
//! scores the candidates of four channels with [`crate::score::best_match_above`]:
//!
//! 1. **gram weight**: the inverse document frequency of the grams each document shares is
//!    summed (sound bigrams and whole sound keys weigh 2, CJK bigrams 1.5) and the best
//!    [`CANDIDATES_PER_HIT`] × K (at least [`MIN_CANDIDATES`]) are kept. Grams carried by
//!    more than one document in [`COMMON_GRAM_FRACTION`] (and more than [`MIN_COMMON_DF`])
//!    are skipped unless they are among the query's rarest [`MIN_GRAMS`], and reading stops
//!    when the next list would exceed [`POSTINGS_BUDGET`] postings;
//! 2. **look-alike**: up to [`LOOKALIKE_CANDIDATES`] documents whose whole folded form is the
//!    query's with one character replaced by one of its best [`LOOKALIKES_PER_CHAR`]
//!    whole-shape or shared-part neighbours in the built-in visual table (`车轩` → `东轩`,
//!    from [`Normalizer::global`] whatever normalizer built the index), or whose whole form is
//!    the query's Latin skeleton (`Bo1aor` → `bolaor`): looked up query side, nothing extra is
//!    indexed;
//! 3. **one edit**: up to [`EDIT_CANDIDATES`] documents within one edit of the query's folded
//!    form (a shared `EDIT1` gram), which the gram sum can rank low when many marks share
//!    more but shorter pieces (`Sanvoly`: `Sanvolix`… above `Sanoly`); the best romaji and
//!    pinyin readings are whole forms of this space too, so `Kingenyo` meets 金源羊;
//! 4. **same sound**: up to [`SAME_SOUND_CANDIDATES`] documents sharing a whole sound key
//!    with the query, or the query's key with one syllable in its other loan-sound spelling
//!    (`ci`/`ti`, `zu`/`du`: モチドル meets モティドル), so an exact reading in another script is
//!    scored even when many same-script marks share more grams.
//!
//! Candidates are scored likely-best first; once K hits are held, the K-th score is a floor
//! and the scorer skips the sound alignments that cannot reach it (scores at or above the
//! floor are exact, so the top K is the same as with full scoring). Indexes of at most
//! [`EXHAUSTIVE_LIMIT`] documents (watch lists) are scored exhaustively instead.
//!
//! ## File format (version 16)
//!
//! All integers little-endian.
//!
//! | part | content |
//! |---|---|
//! | header, 64 bytes | magic `MWINDEX\0`, format version `u32`, flags `u32` (0), document count `u64`, key count `u64`, posting count `u64`, document bytes `u64`, 16 reserved zero bytes |
//! | keys | `u64` gram hashes, ascending |
//! | key offsets | key count + 1 `u64`: start of each key's postings |
//! | postings | `u32` document numbers, ascending within a key |
//! | document offsets | document count + 1 `u64` into the document bytes |
//! | documents | each: id, classes with group codes, home language, and per name its text and keys (`codec.rs`) |
//! | trailer | `u64` checksum of everything before it |
//!
//! ## Incremental add
//!
//! [`IndexBuilder::from_index`] loads every document of an existing index (their keys are
//! stored, nothing is normalized again); adding the daily batch and writing **rebuilds** the
//! posting lists, in time linear in the total size. A document whose id is added again is
//! replaced.

mod codec;
mod grams;
mod screen;

use std::collections::HashMap;
use std::io::Write;

pub use codec::{StoredDoc, STORED_KANA};
pub(crate) use screen::product;
pub use screen::{
    assess, own_meaning, record_names, screen_record, screen_record_of_kinds, sort_findings,
    ApplicantNote, Finding, ScreenFinding, Target, TargetFacts, DEFAULT_THRESHOLD,
    OWN_MEANING_FACTOR,
};

use crate::normalize::{LookAlike, MarkKeys, Normalizer};
use crate::score::{best_match_above, closeness_at_home, spellings, MarkProfile};
use crate::{Error, ErrorKind, GoodsClass, Language, NiceClass, Result};

/// The magic bytes an index file starts with.
pub const MAGIC: [u8; 8] = *b"MWINDEX\0";
/// The index format version this build writes and reads.
/// Version 2 added the one-edit gram space (`EDIT1`): a version-1 file lacks its postings.
/// Version 3 added the joined best readings to `EDIT1` and stores keys from this release's
/// normalizer (Latin `m`, pinyin `ue`, kanji readings): a version-2 file's keys are stale.
/// Version 4 has the same layout; its stored keys come from a normalizer that reads `er`
/// inside pinyin words (LUERDAO) and knows more generic words (大闸蟹): a version-3 file's keys
/// are stale.
/// Version 5 has the same layout; its stored keys read Japanese place names as places (青森
/// without the on-reading compound せいしん): a version-4 file's keys are stale.
/// Version 6 has the same layout; its stored keys read English words as their katakana
/// loanwords (`white` ホワイト, `data/ccbysa/loanwords.tsv`): a version-5 file's keys are stale.
/// Version 7 has the same layout; its stored keys read a Japanese place name without
/// JMnedict's surname readings (伊勢 is いせ only) and know curry (咖喱, カレー) as a generic
/// word: a version-6 file's keys are stale.
/// Version 8 has the same layout; its stored keys know coconut and juice in katakana
/// (ココナッツ, ジュース) as generic words: a version-7 file's keys are stale.
/// Version 9 has the same layout; its stored keys know hotpot (火锅, HOTPOT) as a generic word:
/// a version-8 file's keys are stale.
/// Version 10 has the same layout; its stored keys know seafood (鯵 and 竹荚鱼, ザリガニ and
/// 小龙虾 …), tie-dye (絞, 扎染) and 県/县 as generic words: a version-9 file's keys are stale.
/// Version 11 has the same layout; its stored keys know more product words of registered GIs
/// (山药, 素麺, 木耳, 刺绣, jade …) as generic words: a version-10 file's keys are stale.
/// Version 12 has the same layout; its stored keys fold 栃 with 櫪/枥, know plum wine (梅酒),
/// nori (海苔, 紫菜) and yakisoba (炒面) as generic words and no longer two-kana seafood words
/// (アジ, サバ): a version-11 file's keys are stale.
/// Version 13 has the same layout; its stored keys know wakame (わかめ, 裙带菜), hijiki
/// (ひじき, 羊栖菜), shiitake (椎茸, 香菇), matsutake (松茸), eel in Japanese (うなぎ, 鳗鱼),
/// kabayaki (蒲焼), about a hundred product words of the registered GIs (和紙, 冬枣, 打刃物,
/// 鸡, 三七, 风筝, 金時, 带鱼 …), video (動画), resort (度假村), malatang, doll (人偶), detergent
/// (洗衣液), lozenges (喉宝), cough syrup (枇杷膏), hardware (五金, 金物), jeans (ジーンズ, 牛仔裤),
/// kiwi fruit (猕猴桃), carving (彫刻, 木雕), 箪笥, 肉粽, 港, サイダー, 桜えび, `trading` and 之家 as generic words and look for
/// them in words cut where Latin meets another script (MENTOS薄荷糖); they read a vowel after ー
/// as a syllable of its own (シーイン `si.in`) and keep a CJK ideograph in the skeleton when
/// TR39 spells it with several characters (長): a version-12 file's keys are stale.
/// Version 14 stores the best kana reading of each name with Han characters (one byte a
/// kana), which the scorer compares mora by mora: a version-13 file has none.
/// Version 15 has the same layout; its stored keys read a Latin `h` after a vowel and before
/// no vowel as silent, and know seafood, chanko, used books and highland (高原) as generic
/// words: a version-14 file's keys are stale.
/// Version 16 stores each document's home language (of its office, or of a watch entry's
/// country) after its classes: a version-15 file has none.
pub const FORMAT_VERSION: u32 = 16;
const HEADER_LEN: usize = 64;

/// Candidates rescored per requested hit.
pub const CANDIDATES_PER_HIT: usize = 5;
/// Least candidates rescored per query from the gram ranking. In a dense register (1M marks,
/// many sharing two of three characters) the gram ranking often puts the planted original
/// low: 100 raised recall@10 on the 1M benchmark from 0.825 (50) to 0.858. Since the one-edit
/// channel brings the near-duplicates that the gram ranking missed, 60 find as many
/// originals as 100 (recall@10 0.931 against 0.933) for 0.3 ms less CPU per query.
pub const MIN_CANDIDATES: usize = 60;
/// A gram carried by more than this fraction of documents is skipped (see the module docs).
pub const COMMON_GRAM_FRACTION: f32 = 0.01;
/// A gram is never skipped as common when at most this many documents carry it.
pub const MIN_COMMON_DF: usize = 1000;
/// Most postings a query reads (beyond its [`MIN_GRAMS`] rarest grams): grams are read rarest
/// first until the next would exceed this. 20,000 instead of 40,000 lost no planted original
/// on the 1M benchmark and cut the CPU per query by about a fifth.
pub const POSTINGS_BUDGET: usize = 20_000;
/// The rarest grams of a query that are always used, however common.
pub const MIN_GRAMS: usize = 4;
/// Candidates added per query from the documents sharing a whole sound key with it, beyond
/// the best by gram weight (see `candidates`).
pub const SAME_SOUND_CANDIDATES: usize = 20;
/// A whole sound key carried by more documents than this gives no extra candidates (too
/// common to single anything out).
pub const SOUND_KEY_MAX_DF: usize = 2000;
/// Candidates added per query from the marks within one edit of its folded form (`EDIT1`
/// grams, see `grams.rs`), beyond the best by gram weight.
pub const EDIT_CANDIDATES: usize = 30;
/// A one-edit gram carried by more documents than this gives no candidates.
pub const EDIT_MAX_DF: usize = 2000;
/// Candidates added per query from the marks one look-alike character away from it (its
/// folded form with a character replaced by a visual neighbour, see
/// `grams::lookalike_grams`).
pub const LOOKALIKE_CANDIDATES: usize = 10;
/// Look-alike substitutes tried per character of a query (its best whole-shape and
/// shared-part neighbours).
pub const LOOKALIKES_PER_CHAR: usize = 6;
/// Indexes with at most this many documents are searched exhaustively.
pub const EXHAUSTIVE_LIMIT: usize = 4096;

/// One entry to index: an id, its names, its goods.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The record or watch-entry id.
    pub id: String,
    /// The names to match (at least one).
    pub names: Vec<String>,
    /// Goods with group codes; empty means all goods.
    pub classes: Vec<GoodsClass>,
    /// The language the mark's own public reads it in: that of the office it is filed at, or
    /// of a watch entry's country. Of hits scoring and spelled alike, those matching through a
    /// reading in their home language rank first. `None`: no home language.
    pub language: Option<Language>,
}

/// Builds an index. See the module docs.
pub struct IndexBuilder<'n> {
    normalizer: &'n Normalizer,
    docs: Vec<Vec<u8>>,
    by_id: HashMap<String, usize>,
}

impl<'n> IndexBuilder<'n> {
    /// An empty builder.
    pub fn new(normalizer: &'n Normalizer) -> IndexBuilder<'n> {
        IndexBuilder {
            normalizer,
            docs: Vec::new(),
            by_id: HashMap::new(),
        }
    }

    /// A builder holding every document of `index`, for an incremental add.
    pub fn from_index<B: AsRef<[u8]>>(
        normalizer: &'n Normalizer,
        index: &Index<B>,
    ) -> IndexBuilder<'n> {
        let mut b = IndexBuilder::new(normalizer);
        for i in 0..index.len() {
            let bytes = index.doc_bytes(i as u32);
            let id = codec::decode_id(bytes).unwrap_or_default().to_string();
            b.insert(id, bytes.to_vec());
        }
        b
    }

    /// The number of documents so far.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True if and only if no document was added.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    fn insert(&mut self, id: String, bytes: Vec<u8>) {
        match self.by_id.get(&id) {
            Some(&slot) => self.docs[slot] = bytes,
            None => {
                self.by_id.insert(id, self.docs.len());
                self.docs.push(bytes);
            }
        }
    }

    /// Adds one entry (normalizing its names). An id already present is replaced.
    pub fn add(&mut self, entry: Entry) {
        let bytes = encode_entry(self.normalizer, entry);
        let id = codec::decode_id(&bytes).unwrap_or_default().to_string();
        self.insert(id, bytes);
    }

    /// Adds many entries, normalizing on all available cores; same result as calling
    /// [`IndexBuilder::add`] for each in order.
    pub fn extend<I: IntoIterator<Item = Entry>>(&mut self, entries: I) {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let mut iter = entries.into_iter().peekable();
        const BATCH: usize = 8192;
        while iter.peek().is_some() {
            let batch: Vec<Entry> = iter.by_ref().take(BATCH).collect();
            let chunk = batch.len().div_ceil(threads).max(1);
            let normalizer = self.normalizer;
            let encoded: Vec<Vec<Vec<u8>>> = std::thread::scope(|s| {
                let handles: Vec<_> = batch
                    .chunks(chunk)
                    .map(|part| {
                        s.spawn(move || {
                            part.iter()
                                .map(|e| encode_entry(normalizer, e.clone()))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().expect("index worker panicked"))
                    .collect()
            });
            for bytes in encoded.into_iter().flatten() {
                let id = codec::decode_id(&bytes).unwrap_or_default().to_string();
                self.insert(id, bytes);
            }
        }
    }

    /// The grams of documents `range`, computed on all cores from the stored keys.
    fn grams_of(&self, range: std::ops::Range<usize>) -> Vec<Vec<u64>> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let docs = &self.docs[range];
        let chunk = docs.len().div_ceil(threads).max(1);
        std::thread::scope(|s| {
            let handles: Vec<_> = docs
                .chunks(chunk)
                .map(|part| {
                    s.spawn(move || {
                        part.iter()
                            .map(|bytes| {
                                let doc = codec::decode_doc(bytes).expect("own encoding");
                                let mut g = Vec::new();
                                for p in &doc.profiles {
                                    grams::profile_grams(p, &mut g);
                                }
                                g.sort_unstable();
                                g.dedup();
                                g
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("index worker panicked"))
                .collect()
        })
    }

    /// Writes the index file to `w`.
    ///
    /// Two passes over the documents (count, then fill) keep memory at the size of the
    /// posting lists plus one block of gram lists.
    pub fn write<W: Write>(&self, w: W) -> Result<()> {
        const BLOCK: usize = 1 << 16;
        let n = self.docs.len();
        // Pass 1: document frequency of every gram.
        let mut slot_of: HashMap<u64, u64, GramHashBuilder> = HashMap::default();
        for start in (0..n).step_by(BLOCK) {
            for g in self
                .grams_of(start..(start + BLOCK).min(n))
                .iter()
                .flatten()
            {
                *slot_of.entry(*g).or_insert(0) += 1;
            }
        }
        let mut keys: Vec<u64> = slot_of.keys().copied().collect();
        keys.sort_unstable();
        let mut offsets = Vec::with_capacity(keys.len() + 1);
        let mut acc = 0u64;
        for k in &keys {
            offsets.push(acc);
            let df = slot_of.insert(*k, acc).expect("counted");
            acc += df;
        }
        offsets.push(acc);
        // Pass 2: postings, ascending document numbers within each gram.
        let mut postings = vec![0u32; acc as usize];
        for start in (0..n).step_by(BLOCK) {
            let block = self.grams_of(start..(start + BLOCK).min(n));
            for (i, g) in block.iter().enumerate() {
                for k in g {
                    let slot = slot_of.get_mut(k).expect("counted");
                    postings[*slot as usize] = (start + i) as u32;
                    *slot += 1;
                }
            }
        }
        drop(slot_of);

        let docs_len: u64 = self.docs.iter().map(|d| d.len() as u64).sum();
        let mut w = ChecksumWriter::new(std::io::BufWriter::with_capacity(1 << 20, w));
        let mut header = Vec::with_capacity(HEADER_LEN);
        header.extend_from_slice(&MAGIC);
        header.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        header.extend_from_slice(&0u32.to_le_bytes());
        for v in [n as u64, keys.len() as u64, postings.len() as u64, docs_len] {
            header.extend_from_slice(&v.to_le_bytes());
        }
        header.resize(HEADER_LEN, 0);
        w.write_all(&header)?;
        write_ints(&mut w, &keys, u64::to_le_bytes)?;
        write_ints(&mut w, &offsets, u64::to_le_bytes)?;
        write_ints(&mut w, &postings, u32::to_le_bytes)?;
        let mut doc_offsets = Vec::with_capacity(n + 1);
        let mut off = 0u64;
        for d in &self.docs {
            doc_offsets.push(off);
            off += d.len() as u64;
        }
        doc_offsets.push(off);
        write_ints(&mut w, &doc_offsets, u64::to_le_bytes)?;
        for d in &self.docs {
            w.write_all(d)?;
        }
        let sum = w.sum();
        w.write_all(&sum.to_le_bytes())?;
        w.inner.flush()?;
        Ok(())
    }

    /// The in-memory twin: the index file's bytes, opened.
    pub fn build(&self) -> Index<Vec<u8>> {
        let mut bytes = Vec::new();
        self.write(&mut bytes).expect("writing to memory");
        Index::from_bytes(bytes).expect("own output")
    }
}

/// Hashes gram hashes (already well mixed) for the builder's table with one multiplication,
/// instead of the standard library's SipHash over 50M insertions for a 1M-mark register.
#[derive(Default, Clone, Copy)]
struct GramHashBuilder;

impl std::hash::BuildHasher for GramHashBuilder {
    type Hasher = GramHasher;
    fn build_hasher(&self) -> GramHasher {
        GramHasher(0)
    }
}

struct GramHasher(u64);

impl std::hash::Hasher for GramHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0 ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Writes integers little-endian, a block at a time.
fn write_ints<W: Write, T: Copy, const N: usize>(
    w: &mut ChecksumWriter<W>,
    values: &[T],
    to_bytes: fn(T) -> [u8; N],
) -> std::io::Result<()> {
    let mut buf = Vec::with_capacity(8192 * N);
    for chunk in values.chunks(8192) {
        buf.clear();
        for v in chunk {
            buf.extend_from_slice(&to_bytes(*v));
        }
        w.write_all(&buf)?;
    }
    Ok(())
}

fn encode_entry(normalizer: &Normalizer, entry: Entry) -> Vec<u8> {
    let mut names: Vec<String> = Vec::new();
    for n in entry.names {
        let n = n.trim().to_string();
        if !n.is_empty() && !names.contains(&n) {
            names.push(n);
        }
    }
    let profiles = names
        .iter()
        .map(|n| MarkProfile::new(normalizer, n))
        .collect();
    let doc = StoredDoc {
        id: entry.id,
        names,
        classes: entry.classes,
        language: entry.language,
        profiles,
    };
    let mut out = Vec::new();
    codec::encode_doc(&mut out, &doc);
    out
}

/// The checksum over index bytes: a 64-bit multiply-rotate hash over 8-byte words (the last
/// partial word zero-padded), seeded with the length.
fn checksum(bytes: &[u8]) -> u64 {
    let mut h = Hasher::default();
    h.update(bytes);
    h.finish()
}

#[derive(Default)]
struct Hasher {
    state: u64,
    pending: [u8; 8],
    npending: usize,
    len: u64,
}

impl Hasher {
    fn word(&mut self, w: u64) {
        self.state = (self.state ^ w)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
    }

    fn update(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len() as u64;
        if self.npending > 0 {
            let take = (8 - self.npending).min(bytes.len());
            self.pending[self.npending..self.npending + take].copy_from_slice(&bytes[..take]);
            self.npending += take;
            bytes = &bytes[take..];
            if self.npending == 8 {
                self.word(u64::from_le_bytes(self.pending));
                self.npending = 0;
            }
        }
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.word(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        self.pending[..rest.len()].copy_from_slice(rest);
        self.npending = rest.len();
    }

    fn finish(&self) -> u64 {
        let mut h = Hasher {
            state: self.state,
            ..Hasher::default()
        };
        if self.npending > 0 {
            let mut last = [0u8; 8];
            last[..self.npending].copy_from_slice(&self.pending[..self.npending]);
            h.word(u64::from_le_bytes(last));
        }
        h.word(self.len);
        h.state
    }
}

struct ChecksumWriter<W: Write> {
    inner: W,
    hasher: Hasher,
}

impl<W: Write> ChecksumWriter<W> {
    fn new(inner: W) -> Self {
        ChecksumWriter {
            inner,
            hasher: Hasher::default(),
        }
    }

    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.hasher.update(bytes);
        self.inner.write_all(bytes)
    }

    fn sum(&self) -> u64 {
        self.hasher.finish()
    }
}

/// An opened index over its file bytes (a `Vec<u8>` or a memory map).
pub struct Index<B: AsRef<[u8]> = Vec<u8>> {
    bytes: B,
    n_docs: usize,
    n_keys: usize,
    keys_at: usize,
    offsets_at: usize,
    postings_at: usize,
    doc_offsets_at: usize,
    docs_at: usize,
}

fn corrupt(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Corrupt, msg)
}

fn read_u64(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

fn read_u32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

impl<B: AsRef<[u8]>> Index<B> {
    /// Opens index bytes: checks the magic, the format version, the section sizes and the
    /// checksum. Fails with [`ErrorKind::Unsupported`] for another file type or format
    /// version and [`ErrorKind::Corrupt`] for damaged bytes.
    pub fn from_bytes(bytes: B) -> Result<Index<B>> {
        let b = bytes.as_ref();
        if b.len() < 8 || b[..8] != MAGIC {
            return Err(Error::new(
                ErrorKind::Unsupported,
                "not a markwatch index file (bad magic bytes)",
            ));
        }
        if b.len() < HEADER_LEN + 8 {
            return Err(corrupt("index file truncated (shorter than its header)"));
        }
        let version = read_u32(b, 8);
        if version != FORMAT_VERSION {
            return Err(Error::new(
                ErrorKind::Unsupported,
                format!(
                    "index format version {version} is not supported by this build \
                     (expected {FORMAT_VERSION}); rebuild it with `markwatch index`"
                ),
            ));
        }
        let n_docs = read_u64(b, 16);
        let n_keys = read_u64(b, 24);
        let n_post = read_u64(b, 32);
        let docs_len = read_u64(b, 40);
        let expected = (HEADER_LEN as u128)
            + u128::from(n_keys) * 8
            + (u128::from(n_keys) + 1) * 8
            + u128::from(n_post) * 4
            + (u128::from(n_docs) + 1) * 8
            + u128::from(docs_len)
            + 8;
        if expected != b.len() as u128 {
            return Err(corrupt(format!(
                "index file size {} does not match its header (expected {expected})",
                b.len()
            )));
        }
        let body = &b[..b.len() - 8];
        if checksum(body) != read_u64(b, b.len() - 8) {
            return Err(corrupt("index file checksum mismatch"));
        }
        let (n_docs, n_keys) = (n_docs as usize, n_keys as usize);
        let keys_at = HEADER_LEN;
        let offsets_at = keys_at + n_keys * 8;
        let postings_at = offsets_at + (n_keys + 1) * 8;
        let doc_offsets_at = postings_at + n_post as usize * 4;
        let docs_at = doc_offsets_at + (n_docs + 1) * 8;
        let index = Index {
            bytes,
            n_docs,
            n_keys,
            keys_at,
            offsets_at,
            postings_at,
            doc_offsets_at,
            docs_at,
        };
        let b = index.bytes.as_ref();
        if read_u64(b, offsets_at + n_keys * 8) != n_post
            || read_u64(b, doc_offsets_at + n_docs * 8) != docs_len
        {
            return Err(corrupt("index offsets do not match the header"));
        }
        Ok(index)
    }

    /// The number of documents.
    pub fn len(&self) -> usize {
        self.n_docs
    }

    /// True if and only if the index has no document.
    pub fn is_empty(&self) -> bool {
        self.n_docs == 0
    }

    fn doc_bytes(&self, doc: u32) -> &[u8] {
        let b = self.bytes.as_ref();
        let at = self.doc_offsets_at + doc as usize * 8;
        let (s, e) = (read_u64(b, at) as usize, read_u64(b, at + 8) as usize);
        &b[self.docs_at + s..self.docs_at + e]
    }

    /// Document number `doc` (0-based, less than [`Index::len`]), decoded.
    pub fn doc(&self, doc: u32) -> Result<StoredDoc> {
        codec::decode_doc(self.doc_bytes(doc))
            .ok_or_else(|| corrupt(format!("index document {doc} is malformed")))
    }

    /// The postings of `key`, as a byte slice of little-endian `u32`.
    fn postings(&self, key: u64) -> &[u8] {
        let b = self.bytes.as_ref();
        let (mut lo, mut hi) = (0usize, self.n_keys);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let k = read_u64(b, self.keys_at + mid * 8);
            if k < key {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if lo == self.n_keys || read_u64(b, self.keys_at + lo * 8) != key {
            return &[];
        }
        let s = read_u64(b, self.offsets_at + lo * 8) as usize;
        let e = read_u64(b, self.offsets_at + lo * 8 + 8) as usize;
        &b[self.postings_at + s * 4..self.postings_at + e * 4]
    }

    /// The `top` documents most similar to `query` with a score above 0, best first (ties by
    /// [`crate::score::closeness`], then closeness through the document's home language, then
    /// support, then document number). With `classes` non-empty, only documents designating
    /// one of them (or no class) count.
    pub fn search(
        &self,
        query: &MarkProfile,
        top: usize,
        classes: &[NiceClass],
        scratch: &mut Scratch,
    ) -> Vec<Hit> {
        self.search_above(query, top, classes, 0.0, scratch)
    }

    /// [`Index::search`] keeping only the hits scoring at least `min_score` (a screening
    /// threshold): the same hits as [`Index::search`] filtered by score, found with less
    /// work, since no candidate below `min_score` is scored in full.
    pub fn search_above(
        &self,
        query: &MarkProfile,
        top: usize,
        classes: &[NiceClass],
        min_score: f32,
        scratch: &mut Scratch,
    ) -> Vec<Hit> {
        if top == 0 || self.n_docs == 0 {
            return Vec::new();
        }
        let candidates: Vec<u32> = if self.n_docs <= EXHAUSTIVE_LIMIT {
            (0..self.n_docs as u32).collect()
        } else {
            self.candidates(
                query,
                (top * CANDIDATES_PER_HIT).max(MIN_CANDIDATES),
                scratch,
            )
        };
        // Each hit with the keys of its best name and its home language, for the tie-breakers.
        let mut hits: Vec<(Hit, MarkKeys, Option<Language>)> = Vec::with_capacity(candidates.len());
        // The best `top` scores so far, descending: once there are `top`, the last is the
        // floor a candidate must reach, and the scorer skips work that cannot reach it.
        let mut best: Vec<f32> = Vec::with_capacity(top + 1);
        for d in candidates {
            let Some(doc) = codec::decode_doc(self.doc_bytes(d)) else {
                continue;
            };
            if !classes.is_empty()
                && !doc.classes.is_empty()
                && !doc.classes.iter().any(|c| classes.contains(&c.class))
            {
                continue;
            }
            let floor = if best.len() == top {
                best[top - 1].max(min_score)
            } else {
                min_score
            };
            let Some(m) = best_match_above(query, &doc.profiles, floor) else {
                continue;
            };
            if m.score <= 0.0 || m.score < floor {
                continue;
            }
            let at = best.partition_point(|&s| s >= m.score);
            best.insert(at, m.score);
            best.truncate(top);
            let mut profiles = doc.profiles;
            let keys = profiles.swap_remove(m.name).keys;
            hits.push((
                Hit {
                    doc: d,
                    id: doc.id,
                    name: m.name,
                    score: m.score,
                    closeness: 0.0,
                    home: 0.0,
                    support: m.support,
                },
                keys,
                doc.language,
            ));
        }
        // Closeness and home closeness break ties of score; they are computed only for the
        // hits that can be returned: those scoring at least the `top`-th score.
        hits.sort_by(|a, b| b.0.score.total_cmp(&a.0.score));
        let cut = hits.get(top - 1).map_or(f32::MIN, |h| h.0.score);
        let n = hits.partition_point(|h| h.0.score >= cut);
        hits.truncate(n);
        if n > 0 {
            let qs = spellings(&query.keys);
            for (h, keys, language) in &mut hits {
                (h.closeness, h.home) = closeness_at_home(&qs, keys, *language);
            }
        }
        let mut hits: Vec<Hit> = hits.into_iter().map(|(h, ..)| h).collect();
        hits.sort_by(|a, b| a.rank(b).then(a.doc.cmp(&b.doc)));
        hits.truncate(top);
        hits
    }

    fn candidates(&self, query: &MarkProfile, want: usize, scratch: &mut Scratch) -> Vec<u32> {
        scratch.ensure(self.n_docs);
        let mut qgrams = Vec::new();
        grams::profile_grams(query, &mut qgrams);
        let (edit_grams, qgrams): (Vec<u64>, Vec<u64>) =
            qgrams.into_iter().partition(|&g| grams::is_edit(g));
        let mut lists: Vec<(&[u8], f32, bool)> = qgrams
            .iter()
            .map(|&g| {
                (
                    self.postings(g),
                    grams::space_weight(g),
                    grams::is_whole_sound_key(g),
                )
            })
            .filter(|p| !p.0.is_empty())
            .collect();
        lists.sort_by_key(|p| p.0.len());
        let n = self.n_docs as f32;
        let common = ((n * COMMON_GRAM_FRACTION) as usize).max(MIN_COMMON_DF);
        let mut visited = 0usize;
        for (i, (list, weight, _)) in lists.iter().enumerate() {
            let df = list.len() / 4;
            if i >= MIN_GRAMS && (df > common || visited + df > POSTINGS_BUDGET) {
                break;
            }
            visited += df;
            let idf = weight * (1.0 + n / df as f32).ln();
            for d in doc_numbers(list) {
                let acc = &mut scratch.acc[d as usize];
                if *acc == 0.0 {
                    scratch.touched.push(d);
                }
                *acc += idf;
            }
        }
        let mut touched = std::mem::take(&mut scratch.touched);
        let acc = &scratch.acc;
        let by_acc =
            |a: &u32, b: &u32| acc[*b as usize].total_cmp(&acc[*a as usize]).then(a.cmp(b));
        // First channel: the best `want` by gram weight, best first.
        if touched.len() > want {
            touched.select_nth_unstable_by(want, by_acc);
        }
        let mut best: Vec<u32> = touched[..touched.len().min(want)].to_vec();
        best.sort_unstable_by(by_acc);
        let mut seen = best.clone();
        seen.sort_unstable();
        // A channel's documents beyond those already chosen, as (document, priority): the
        // highest priority first (a document keeps its highest), then by gram weight.
        let extra = |mut docs: Vec<(u32, f32)>, limit: usize, seen: &mut Vec<u32>| -> Vec<u32> {
            docs.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
            docs.dedup_by_key(|x| x.0);
            docs.retain(|(d, _)| seen.binary_search(d).is_err());
            docs.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(by_acc(&a.0, &b.0)));
            docs.truncate(limit);
            let docs: Vec<u32> = docs.into_iter().map(|(d, _)| d).collect();
            for d in &docs {
                let at = seen.binary_search(d).unwrap_err();
                seen.insert(at, *d);
            }
            docs
        };
        // The documents of `grams`, skipping any gram carried by more than `max_df`, each with
        // the rarity (inverse document frequency) of the gram when `by_rarity`, else 0.
        let lookup = |grams: &[u64], max_df: usize, by_rarity: bool| -> Vec<(u32, f32)> {
            let mut docs = Vec::new();
            for g in grams {
                let list = self.postings(*g);
                let df = list.len() / 4;
                if df == 0 || df > max_df {
                    continue;
                }
                let priority = if by_rarity {
                    (1.0 + n / df as f32).ln()
                } else {
                    0.0
                };
                docs.extend(doc_numbers(list).map(|d| (d, priority)));
            }
            docs
        };
        // Second channel: marks one look-alike character away (a whole form equal to the
        // query's with one character replaced by a visual neighbour).
        let mut substituted = Vec::new();
        let normalizer = Normalizer::global();
        // A whole-shape or shared-part neighbour can stand in for a character; one containing
        // it or contained in it (鸭/鸟) changes the mark too much to be a substitution.
        let substitutes = |c: char| -> Vec<char> {
            normalizer
                .visual_neighbors(c)
                .iter()
                .filter(|(n, _)| {
                    matches!(
                        normalizer.visual_relation(c, *n),
                        Some((_, LookAlike::Glyph | LookAlike::Shares))
                    )
                })
                .take(LOOKALIKES_PER_CHAR)
                .map(|(n, _)| normalizer.fold_char(*n))
                .collect()
        };
        grams::lookalike_grams(query, substitutes, &mut substituted);
        let lookalikes = extra(
            lookup(&substituted, EDIT_MAX_DF, false),
            LOOKALIKE_CANDIDATES,
            &mut seen,
        );
        // Third channel: marks within one edit of the query's folded form (`EDIT1` grams),
        // which the gram sum can rank below marks sharing more but shorter pieces. Ranked by
        // the rarest one-edit gram they share (the fewest documents), then by gram weight: a
        // neighbour few marks share (豪药: the query 豪富药 less one character) before one
        // that many share (豪富, of 豪富加, 豪富欣, 兴豪富…), which would crowd it out.
        let edits = extra(
            lookup(&edit_grams, EDIT_MAX_DF, true),
            EDIT_CANDIDATES,
            &mut seen,
        );
        // Fourth channel: marks reading exactly as the query (a whole sound key shared),
        // which the gram sum ranks below the many same-script marks sharing pieces of
        // the writing (コラノ: コラノル, コラノー… above `Kolano`).
        let mut same_sound: Vec<(u32, f32)> = Vec::new();
        for (list, _, whole) in &lists {
            if *whole && list.len() / 4 <= SOUND_KEY_MAX_DF {
                same_sound.extend(doc_numbers(list).map(|d| (d, 0.0)));
            }
        }
        // ... or reading as the query with one syllable in its other loan-sound spelling
        // (モチドル: モティドル).
        let mut respelled = Vec::new();
        grams::loan_spelling_grams(query, &mut respelled);
        same_sound.extend(lookup(&respelled, SOUND_KEY_MAX_DF, false));
        let sounds = extra(same_sound, SAME_SOUND_CANDIDATES, &mut seen);
        // Likely best first, so that the scorer's top-K floor rises early.
        let mut out = lookalikes;
        out.extend(edits);
        out.extend(best);
        out.extend(sounds);
        for &d in &touched {
            scratch.acc[d as usize] = 0.0;
        }
        touched.clear();
        scratch.touched = touched;
        out
    }
}

/// The document numbers of a posting list (little-endian `u32`s).
fn doc_numbers(list: &[u8]) -> impl Iterator<Item = u32> + '_ {
    list.chunks_exact(4)
        .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
}

/// Reusable per-thread buffers for [`Index::search`].
#[derive(Debug, Default)]
pub struct Scratch {
    acc: Vec<f32>,
    touched: Vec<u32>,
}

impl Scratch {
    /// Empty buffers; they grow to the index size on first use.
    pub fn new() -> Scratch {
        Scratch::default()
    }

    fn ensure(&mut self, n: usize) {
        if self.acc.len() < n {
            self.acc.resize(n, 0.0);
        }
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The document number in the index.
    pub doc: u32,
    /// The document's id.
    pub id: String,
    /// Which of the document's names matched best (index into its names).
    pub name: usize,
    /// The similarity in [0, 1].
    pub score: f32,
    /// How close the spellings and first readings are ([`crate::score::closeness`]), which
    /// breaks ties of `score`.
    closeness: f32,
    /// [`Hit::closeness`] through the document's spellings in its home language only (its
    /// Latin text, and its romaji when read in Japanese or its pinyin when read in Chinese),
    /// which breaks ties of `closeness`: of the marks reading `Yinglan`, a Chinese mark read
    /// so by its own public (樱岚) before a Japanese one read so only in Chinese (瑩藍 えいらん).
    home: f32,
    /// The mean of the five measures, which breaks ties of `home`.
    pub support: f32,
}

impl Hit {
    /// The order of [`Index::search`] but for its last tie-breaker (lower document number
    /// first): higher score first, then higher closeness, then higher home closeness, then
    /// higher support. Hits of several indexes (shards of one register) are merged by it, then
    /// by shard, then by document number.
    pub fn rank(&self, other: &Hit) -> std::cmp::Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then(other.closeness.total_cmp(&self.closeness))
            .then(other.home.total_cmp(&self.home))
            .then(other.support.total_cmp(&self.support))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, names: &[&str], classes: &[u32]) -> Entry {
        Entry {
            id: id.into(),
            names: names.iter().map(|s| s.to_string()).collect(),
            classes: classes
                .iter()
                .map(|&c| GoodsClass::bare(NiceClass::new(c).unwrap()))
                .collect(),
            language: None,
        }
    }

    fn sample() -> Vec<Entry> {
        vec![
            entry("A", &["STARBUCKS", "星巴克"], &[43]),
            entry("B", &["王老吉"], &[32]),
            entry("C", &["京都"], &[]),
            entry("D", &["TOSHIBA"], &[9]),
        ]
    }

    /// The index file of [`sample`], as written.
    fn sample_file() -> Vec<u8> {
        let mut b = IndexBuilder::new(Normalizer::global());
        b.extend(sample());
        let mut bytes = Vec::new();
        b.write(&mut bytes).unwrap();
        bytes
    }

    #[test]
    fn written_index_reopens_with_same_documents() {
        let bytes = sample_file();
        let idx = Index::from_bytes(bytes).unwrap();
        assert_eq!(idx.len(), 4);
        assert_eq!(idx.doc(1).unwrap().id, "B");
        assert_eq!(idx.doc(0).unwrap().names, ["STARBUCKS", "星巴克"]);
    }

    #[test]
    fn damaged_files_are_refused() {
        let bytes = sample_file();
        let mut flipped = bytes.clone();
        let last = flipped.len() - 20;
        flipped[last] ^= 1;
        let e = Index::from_bytes(flipped).err().unwrap();
        assert_eq!(e.kind(), ErrorKind::Corrupt);
        let mut other = bytes.clone();
        // A version this build does not know.
        other[8] = (FORMAT_VERSION + 1) as u8;
        assert_eq!(
            Index::from_bytes(other).err().unwrap().kind(),
            ErrorKind::Unsupported
        );
        assert_eq!(
            Index::from_bytes(b"hello".to_vec()).err().unwrap().kind(),
            ErrorKind::Unsupported
        );
        let e = Index::from_bytes(bytes[..bytes.len() - 1].to_vec())
            .err()
            .unwrap();
        assert_eq!(e.kind(), ErrorKind::Corrupt);
    }

    #[test]
    fn search_finds_the_near_duplicate_first() {
        let n = Normalizer::global();
        let mut b = IndexBuilder::new(n);
        b.extend(sample());
        let idx = b.build();
        let q = MarkProfile::new(n, "STARBUKS");
        let hits = idx.search(&q, 2, &[], &mut Scratch::new());
        assert_eq!(hits[0].id, "A");
        assert_eq!(hits[0].name, 0);
        let hits = idx.search(&q, 5, &[NiceClass::new(9).unwrap()], &mut Scratch::new());
        assert!(
            hits.iter().all(|h| h.id != "A"),
            "class filter keeps class-9 and all-goods docs"
        );
    }

    #[test]
    fn posting_lists_find_candidates_in_a_large_index() {
        // Above the exhaustive limit, so candidates come from posting lists.
        let n = Normalizer::global();
        let mut b = IndexBuilder::new(n);
        let filler = (0..EXHAUSTIVE_LIMIT + 500).map(|i| {
            let name = format!("ZQ{}X{}", i % 97, i);
            entry(&format!("F{i}"), &[&name], &[])
        });
        b.extend(filler);
        b.extend(sample());
        let idx = b.build();
        let q = MarkProfile::new(n, "TOSHIBAA");
        let hits = idx.search(&q, 3, &[], &mut Scratch::new());
        assert_eq!(hits[0].id, "D");
        let q = MarkProfile::new(n, "王老古");
        let hits = idx.search(&q, 3, &[], &mut Scratch::new());
        assert_eq!(hits[0].id, "B");
    }

    #[test]
    fn transliteration_is_found_among_same_script_near_misses() {
        // Many katakana marks share most of the query's kana; the Latin mark that reads the
        // same is still a candidate, through its whole sound key.
        let n = Normalizer::global();
        let mut b = IndexBuilder::new(n);
        let kana = ["ラ", "ノ", "ル", "ミ", "サ", "タ", "ナ", "レ"];
        let filler = (0..EXHAUSTIVE_LIMIT + 500).map(|i| {
            let name = format!(
                "コ{}{}{}",
                kana[i % 8],
                kana[(i / 8) % 8],
                kana[(i / 64) % 8]
            );
            entry(&format!("F{i}"), &[&name], &[])
        });
        b.extend(filler);
        b.add(entry("K", &["Kolano"], &[]));
        let idx = b.build();
        let q = MarkProfile::new(n, "コラノ");
        let hits = idx.search(&q, 10, &[], &mut Scratch::new());
        assert!(hits.iter().any(|h| h.id == "K"), "{hits:?}");
    }

    #[test]
    fn older_versions_are_refused() {
        let bytes = sample_file();
        for old in 1..FORMAT_VERSION {
            let mut bytes = bytes.clone();
            bytes[8..12].copy_from_slice(&old.to_le_bytes());
            let e = Index::from_bytes(bytes).err().unwrap();
            assert_eq!(e.kind(), ErrorKind::Unsupported);
            assert!(e.to_string().contains(&format!("version {old}")), "{e}");
        }
    }

    #[test]
    fn one_edit_channel_finds_a_mark_outranked_by_gram_neighbours() {
        // Hundreds of `Sanvol..` marks share five trigrams with the query `Sanvoly`
        // (`^sa san anv nvo vol`); its one-edit neighbour `Sanoly` shares two of them, and its
        // other two (`oly ly$`) are too common to be read (thousands of `Q...oly`). The gram
        // sum ranks `Sanoly` below every `Sanvol..` mark, far out of the candidates it keeps;
        // the one-edit channel still brings it, and it scores above them.
        let n = Normalizer::global();
        let mut b = IndexBuilder::new(n);
        let letters: Vec<char> = "bcdfghjkmpqstvwxz".chars().collect();
        let l = letters.len();
        let near = (0..l * l).map(|i| {
            let name = format!("Sanvol{}{}", letters[i % l], letters[i / l]);
            entry(&format!("A{i}"), &[&name], &[])
        });
        let common = (0..EXHAUSTIVE_LIMIT).map(|i| {
            let name = format!(
                "Q{}{}{}oly",
                letters[i % l],
                letters[(i / l) % l],
                letters[(i / l / l) % l]
            );
            entry(&format!("B{i}"), &[&name], &[])
        });
        b.extend(near);
        b.extend(common);
        b.add(entry("S", &["Sanoly"], &[]));
        let idx = b.build();
        let q = MarkProfile::new(n, "Sanvoly");
        let hits = idx.search(&q, 10, &[], &mut Scratch::new());
        assert_eq!(hits[0].id, "S", "{hits:?}");
    }

    #[test]
    fn one_edit_channel_takes_the_rarest_shared_neighbour_first() {
        // Three hundred `豪富?` marks share the query 豪富药's bigram 豪富 and its one-edit
        // gram `豪富` (each less its last character); `豪药` shares only the rare one-edit gram
        // `豪药` and the characters 豪 and 药, which thousands of `药??` marks carry too. By
        // gram weight it comes after every `豪富?` mark, beyond the candidates the one-edit
        // channel adds (some `豪富?` marks also outscore it, so the test looks at the
        // candidates); ranked by its rarest shared one-edit gram, it comes first.
        let n = Normalizer::global();
        let mut b = IndexBuilder::new(n);
        let cjk = |i: usize| char::from_u32(0x4E00 + i as u32).unwrap();
        let near = (0..300).map(|i| {
            let name = format!("豪富{}", cjk(200 + 7 * i));
            entry(&format!("A{i}"), &[&name], &[])
        });
        let common = (0..EXHAUSTIVE_LIMIT).map(|i| {
            let name = format!("药{}{}", cjk(3000 + i % 64), cjk(4000 + i / 64));
            entry(&format!("B{i}"), &[&name], &[])
        });
        b.extend(near);
        b.extend(common);
        b.add(entry("S", &["豪药"], &[]));
        let idx = b.build();
        let q = MarkProfile::new(n, "豪富药");
        let s = (idx.n_docs - 1) as u32;
        assert_eq!(codec::decode_doc(idx.doc_bytes(s)).unwrap().id, "S");
        let candidates = idx.candidates(&q, MIN_CANDIDATES, &mut Scratch::new());
        assert!(candidates.contains(&s), "{} candidates", candidates.len());
    }

    #[test]
    fn lookalike_channel_finds_a_mark_one_look_alike_away() {
        // Hundreds of `车轩??` marks share the query's bigram; hundreds of `?轩` marks share
        // its wildcard one-edit gram as much as `东轩` does and come first by document number.
        // Only the look-alike channel (车 → 东, a shared-part neighbour) singles `东轩` out.
        let n = Normalizer::global();
        let mut b = IndexBuilder::new(n);
        let han = |i: usize| char::from_u32(0x5000 + i as u32).expect("CJK");
        b.extend((0..300).map(|i| {
            entry(
                &format!("A{i}"),
                &[&format!("车轩{}{}", han(i), han(i + 1))],
                &[],
            )
        }));
        b.extend((300..600).map(|i| entry(&format!("B{i}"), &[&format!("{}轩", han(i))], &[])));
        b.extend((600..600 + EXHAUSTIVE_LIMIT).map(|i| {
            entry(
                &format!("C{i}"),
                &[&format!("{}{}", han(i), han(i + 1))],
                &[],
            )
        }));
        b.add(entry("T", &["东轩"], &[]));
        let idx = b.build();
        let q = MarkProfile::new(n, "车轩");
        let hits = idx.search(&q, 10, &[], &mut Scratch::new());
        assert!(hits.iter().any(|h| h.id == "T"), "{hits:?}");
    }

    #[test]
    fn lookalike_channel_reads_digits_as_the_letters_they_imitate() {
        // `Bo1aor` is `Bolaor` with l written 1 (their skeletons are equal). Hundreds of marks
        // one insertion away from `bo1aor` share more trigrams with it and carry it as a
        // one-edit gram; only the look-up of the query's skeleton as a whole form finds
        // `Bolaor` among them.
        let n = Normalizer::global();
        let mut b = IndexBuilder::new(n);
        let alnum: Vec<char> = ('a'..='z').chain('0'..='9').collect();
        let q = "bo1aor";
        let mut k = 0;
        for at in 0..=q.len() {
            for &c in &alnum {
                let mut m = q.to_string();
                m.insert(at, c);
                b.add(entry(&format!("A{k}"), &[&m], &[]));
                k += 1;
            }
        }
        let han = |i: usize| char::from_u32(0x5000 + i as u32).expect("CJK");
        b.extend((0..EXHAUSTIVE_LIMIT).map(|i| {
            entry(
                &format!("C{i}"),
                &[&format!("{}{}", han(i), han(i + 1))],
                &[],
            )
        }));
        b.add(entry("T", &["Bolaor"], &[]));
        let idx = b.build();
        let hits = idx.search(&MarkProfile::new(n, "Bo1aor"), 10, &[], &mut Scratch::new());
        assert_eq!(hits.first().map(|h| h.id.as_str()), Some("T"), "{hits:?}");
    }

    #[test]
    fn ties_of_score_go_to_the_closer_spelling() {
        // `Meijiang` reads `me.zan` like both marks: a tie at 1.0. 梅剣 (mei jian) comes first
        // by document number; 梅江 (mei jiang) is spelled like the query.
        let n = Normalizer::global();
        let mut b = IndexBuilder::new(n);
        b.add(entry("JIAN", &["梅剣"], &[]));
        b.add(entry("JIANG", &["梅江"], &[]));
        let idx = b.build();
        let hits = idx.search(
            &MarkProfile::new(n, "Meijiang"),
            2,
            &[],
            &mut Scratch::new(),
        );
        assert_eq!(hits.len(), 2, "{hits:?}");
        assert_eq!(hits[0].score, hits[1].score, "{hits:?}");
        assert_eq!(hits[0].id, "JIANG", "{hits:?}");
        assert!(hits[0].closeness > hits[1].closeness, "{hits:?}");
    }

    #[test]
    fn ties_of_spelling_go_to_the_mark_read_so_at_home() {
        // `Yinglan` is the pinyin of both marks: a tie of score and of closeness. 瑩藍 is filed
        // in Japan, where it reads えいらん; 樱岚 is filed in China, where it reads yinglan.
        let n = Normalizer::global();
        let with_language = |id: &str, name: &str, language| Entry {
            language,
            ..entry(id, &[name], &[])
        };
        let search = |docs: Vec<Entry>| {
            let mut b = IndexBuilder::new(n);
            b.extend(docs);
            b.build()
                .search(&MarkProfile::new(n, "Yinglan"), 2, &[], &mut Scratch::new())
        };
        let hits = search(vec![
            with_language("JP:1", "瑩藍", Some(Language::Japanese)),
            with_language("CN:2", "樱岚", Some(Language::Chinese)),
        ]);
        assert_eq!(hits.len(), 2, "{hits:?}");
        assert_eq!(hits[0].score, hits[1].score, "{hits:?}");
        assert_eq!(hits[0].closeness, hits[1].closeness, "{hits:?}");
        assert_eq!(hits[0].id, "CN:2", "{hits:?}");
        assert!(hits[0].home > hits[1].home, "{hits:?}");
        // Without home languages, neither is preferred: document order decides.
        let hits = search(vec![
            with_language("JP:1", "瑩藍", None),
            with_language("CN:2", "樱岚", None),
        ]);
        assert_eq!(hits[0].id, "JP:1", "{hits:?}");
        assert_eq!(hits[0].home, hits[1].home, "{hits:?}");
    }

    #[test]
    fn incremental_add_keeps_old_documents_and_replaces_same_ids() {
        let n = Normalizer::global();
        let mut b = IndexBuilder::new(n);
        b.extend(sample());
        let idx = b.build();
        let mut b2 = IndexBuilder::from_index(n, &idx);
        b2.add(entry("B", &["王老吉", "Wong Lo Kat"], &[32]));
        b2.add(entry("E", &["喜茶"], &[30]));
        let idx2 = b2.build();
        assert_eq!(idx2.len(), 5);
        assert_eq!(idx2.doc(1).unwrap().names, ["王老吉", "Wong Lo Kat"]);
        assert_eq!(idx2.doc(4).unwrap().id, "E");
        assert_eq!(idx2.doc(0).unwrap(), idx.doc(0).unwrap());
    }
}
