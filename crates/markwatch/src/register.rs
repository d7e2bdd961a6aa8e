//! A register opened for search, shared by `markwatch search`, `markwatch screen` and
//! `markwatch serve`: one index, or several index files searched together as shards of one
//! register (`markwatch index --shard-size`), so that no build needs the whole register in
//! memory.
//!
//! Contract of [`Register::open`]: the paths are either all index files (memory-mapped, one
//! shard each, in the order given) or all record files in any reader format (indexed together
//! in memory as one shard); a mix is refused. A record that a reader rejects is passed to the
//! caller's `on_reject` and skipped; an I/O failure ends the open.

use std::path::{Path, PathBuf};

use markwatch_core::index::{record_names, Entry, Hit, Index, IndexBuilder, Scratch, StoredDoc};
use markwatch_core::normalize::Normalizer;
use markwatch_core::score::MarkProfile;
use markwatch_core::{Error, ErrorKind, NiceClass, Record, Result};

/// The bytes of an index: memory-mapped from a file, or built in memory.
pub enum RegisterBytes {
    /// A read-only memory map of an index file.
    Map(memmap2::Mmap),
    /// Bytes built in this process.
    Owned(Vec<u8>),
}

impl AsRef<[u8]> for RegisterBytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            RegisterBytes::Map(m) => m,
            RegisterBytes::Owned(v) => v,
        }
    }
}

/// Records are added to an in-memory index this many at a time (keys are computed in
/// parallel within a batch).
pub const BATCH: usize = 8192;

/// What the paths of a `--register` hold (see [`classify`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paths {
    /// Every path is an index file.
    Indexes,
    /// No path is an index file: record files (or none at all).
    Records,
}

/// Whether `paths` are index files or record files; fails with [`ErrorKind::InvalidInput`] for a
/// mix, naming the first index file.
pub fn classify(paths: &[PathBuf]) -> Result<Paths> {
    let indexes: Vec<bool> = paths.iter().map(|p| is_index_file(p)).collect();
    match indexes.iter().position(|&i| i) {
        None => Ok(Paths::Records),
        Some(_) if !indexes.contains(&false) => Ok(Paths::Indexes),
        Some(at) => Err(Error::new(
            ErrorKind::InvalidInput,
            format!(
                "{}: index files and record files cannot be mixed in --register",
                paths[at].display()
            ),
        )),
    }
}

/// True if and only if `path` can be read and starts with the index magic bytes.
pub fn is_index_file(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 8];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && head == markwatch_core::index::MAGIC
}

/// Opens an index file by memory-mapping it. Errors name the path.
pub fn open_index(path: &Path) -> Result<Index<RegisterBytes>> {
    let label = path.display();
    let file = std::fs::File::open(path).map_err(|e| {
        let kind = if e.kind() == std::io::ErrorKind::NotFound {
            ErrorKind::NotFound
        } else {
            ErrorKind::Io
        };
        Error::new(kind, format!("{label}: cannot open the index: {e}"))
    })?;
    // SAFETY: the map is read-only and markwatch never writes an index in place (it writes a
    // new file and renames it over the old one), so the mapped bytes stay as checked at open
    // unless another program truncates the file, which is outside markwatch's contract.
    let map = unsafe { memmap2::Mmap::map(&file) }
        .map_err(|e| Error::new(ErrorKind::Io, format!("{label}: cannot map the index: {e}")))?;
    Index::from_bytes(RegisterBytes::Map(map))
        .map_err(|e| Error::new(e.kind(), format!("{label}: {}", e.message())))
}

/// The index entry of a record: its id, its names (mark, transliteration, translation), its
/// goods.
pub fn entry_of(r: &Record) -> Entry {
    Entry {
        id: r.id.clone(),
        names: record_names(r).into_iter().map(str::to_string).collect(),
        classes: r.classes.clone(),
        language: r.office.language(),
    }
}

/// Calls `f` with each record of `path`, streaming, and `on_reject` with each record the
/// reader rejects; returns how many were rejected. Fails if the file cannot be opened or
/// fails mid-read.
pub fn for_each_record(
    path: &Path,
    mut f: impl FnMut(Record),
    mut on_reject: impl FnMut(&Error),
) -> Result<u64> {
    let reader = markwatch_ingest::open(path).map_err(|e| Error::new(e.kind(), e.to_string()))?;
    let mut rejected = 0;
    for item in reader {
        match item {
            Ok(r) => f(r),
            Err(e) if e.kind() == ErrorKind::Io => {
                return Err(Error::new(ErrorKind::Io, e.to_string()))
            }
            Err(e) => {
                rejected += 1;
                on_reject(&Error::new(e.kind(), e.to_string()));
            }
        }
    }
    Ok(rejected)
}

/// Writes `builder` to memory and opens it.
pub fn in_memory(builder: &IndexBuilder<'_>) -> Result<Index<RegisterBytes>> {
    let mut bytes = Vec::new();
    builder.write(&mut bytes)?;
    Index::from_bytes(RegisterBytes::Owned(bytes))
}

/// A register opened for search: its shards, searched together.
pub struct Register {
    shards: Vec<Index<RegisterBytes>>,
}

impl From<Index<RegisterBytes>> for Register {
    fn from(index: Index<RegisterBytes>) -> Register {
        Register {
            shards: vec![index],
        }
    }
}

impl Register {
    /// A register of these shards, searched in this order.
    pub fn from_shards(shards: Vec<Index<RegisterBytes>>) -> Register {
        Register { shards }
    }

    /// Opens `paths` (see the module docs); `on_reject` sees each rejected record.
    pub fn open(paths: &[PathBuf], mut on_reject: impl FnMut(&Error)) -> Result<Register> {
        if classify(paths)? == Paths::Indexes {
            let shards = paths
                .iter()
                .map(|p| open_index(p))
                .collect::<Result<Vec<_>>>()?;
            return Ok(Register { shards });
        }
        let mut builder = IndexBuilder::new(Normalizer::global());
        for path in paths {
            let mut batch = Vec::with_capacity(BATCH);
            for_each_record(
                path,
                |r| {
                    batch.push(entry_of(&r));
                    if batch.len() == BATCH {
                        builder.extend(batch.drain(..));
                    }
                },
                &mut on_reject,
            )?;
            builder.extend(batch);
        }
        Ok(Register::from(in_memory(&builder)?))
    }

    /// The number of marks over all shards.
    pub fn len(&self) -> usize {
        self.shards.iter().map(Index::len).sum()
    }

    /// True if and only if no shard holds a mark.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of shards.
    pub fn shard_count(&self) -> usize {
        self.shards.len()
    }

    /// The shards, in opening order.
    pub fn into_shards(self) -> Vec<Index<RegisterBytes>> {
        self.shards
    }

    /// The `top` best hits over all shards as (shard, hit): each shard's own top `top`,
    /// merged by [`Hit::rank`], then shard order, then document number. With one shard, the
    /// same hits in the same order as [`Index::search`].
    pub fn search(
        &self,
        query: &MarkProfile,
        top: usize,
        classes: &[NiceClass],
        scratch: &mut Scratch,
    ) -> Vec<(usize, Hit)> {
        let mut hits: Vec<(usize, Hit)> = Vec::new();
        for (i, shard) in self.shards.iter().enumerate() {
            hits.extend(
                shard
                    .search(query, top, classes, scratch)
                    .into_iter()
                    .map(|h| (i, h)),
            );
        }
        hits.sort_by(|(i, a), (j, b)| a.rank(b).then(i.cmp(j)).then(a.doc.cmp(&b.doc)));
        hits.truncate(top);
        hits
    }

    /// Document `doc` of shard `shard`, decoded.
    ///
    /// # Panics
    /// If `shard` is not less than [`Register::shard_count`].
    pub fn doc(&self, shard: usize, doc: u32) -> Result<StoredDoc> {
        self.shards[shard].doc(doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shard(entries: &[(&str, &str)]) -> Index<RegisterBytes> {
        let mut b = IndexBuilder::new(Normalizer::global());
        for (id, name) in entries {
            b.add(Entry {
                id: (*id).into(),
                names: vec![(*name).into()],
                classes: Vec::new(),
                language: None,
            });
        }
        in_memory(&b).unwrap()
    }

    #[test]
    fn shards_answer_as_the_whole_register() {
        let marks = [
            ("JP:1", "無印良品"),
            ("CN:2", "无印良品"),
            ("CN:3", "康师傅"),
            ("CN:4", "康帅傅"),
            ("JP:5", "コシヒカリ"),
            ("CN:6", "越光"),
        ];
        let whole = Register::from(shard(&marks));
        let split = Register::from_shards(vec![shard(&marks[..3]), shard(&marks[3..])]);
        assert_eq!(split.len(), whole.len());
        assert_eq!(split.shard_count(), 2);
        let mut scratch = Scratch::new();
        for q in ["無印良品", "康师傅", "Koshihikari", "越光米"] {
            let p = MarkProfile::new(Normalizer::global(), q);
            let mut ids = |r: &Register| -> Vec<(String, f32)> {
                r.search(&p, 4, &[], &mut scratch)
                    .into_iter()
                    .map(|(_, h)| (h.id, h.score))
                    .collect()
            };
            let (a, b) = (ids(&whole), ids(&split));
            assert!(!a.is_empty(), "{q}: no hit");
            assert_eq!(a, b, "{q}");
        }
    }

    #[test]
    fn mixed_paths_are_refused_and_missing_index_is_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let idx = dir.path().join("r.idx");
        let mut b = IndexBuilder::new(Normalizer::global());
        b.add(Entry {
            id: "JP:1".into(),
            names: vec!["晴空".into()],
            classes: Vec::new(),
            language: None,
        });
        let mut bytes = Vec::new();
        b.write(&mut bytes).unwrap();
        std::fs::write(&idx, bytes).unwrap();
        let jsonl = dir.path().join("r.jsonl");
        std::fs::write(
            &jsonl,
            "{\"id\":\"CN:1\",\"office\":\"CN\",\"mark\":\"晴空\"}\n",
        )
        .unwrap();
        assert_eq!(
            classify(std::slice::from_ref(&idx)).unwrap(),
            Paths::Indexes
        );
        assert_eq!(
            classify(std::slice::from_ref(&jsonl)).unwrap(),
            Paths::Records
        );
        let e = classify(&[jsonl.clone(), idx.clone()]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert!(e.message().contains("r.idx"), "{}", e.message());
        let e = open_index(&dir.path().join("none.idx")).err().unwrap();
        assert_eq!(e.kind(), ErrorKind::NotFound);
        let r = Register::open(&[idx, idx_copy(&dir)], |_| {}).unwrap();
        assert_eq!((r.len(), r.shard_count()), (2, 2));
        let mut rejected = Vec::new();
        let bad = dir.path().join("bad.jsonl");
        std::fs::write(
            &bad,
            "{\"id\":\"CN:1\",\"office\":\"CN\",\"mark\":\"晴空\"}\n{\"id\":\n",
        )
        .unwrap();
        let r = Register::open(&[bad], |e| rejected.push(e.to_string())).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(rejected.len(), 1, "{rejected:?}");
    }

    fn idx_copy(dir: &tempfile::TempDir) -> PathBuf {
        let to = dir.path().join("r2.idx");
        std::fs::copy(dir.path().join("r.idx"), &to).unwrap();
        to
    }
}
