//! Byte-level plumbing shared by the line formats: a byte counter for progress and a splitter
//! that cuts a stream into records of bounded size without holding an over-long one in memory.

use std::io::{self, BufRead, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::{MAX_RECORD_BYTES, RAW_PREFIX_BYTES};

/// Counts the bytes consumed from `inner` into a shared counter.
pub(crate) struct Counted<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R> Counted<R> {
    pub(crate) fn new(inner: R, count: Arc<AtomicU64>) -> Self {
        Counted { inner, count }
    }
}

impl<R: BufRead> Read for Counted<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(out.len());
        out[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.count.fetch_add(amt as u64, Ordering::Relaxed);
        self.inner.consume(amt);
    }
}

/// One record's bytes as cut by [`Splitter`].
pub(crate) struct Chunk {
    /// 1-based line where the record starts.
    pub line: u64,
    /// The record without its terminator (`\n` or `\r\n`); only the first
    /// [`RAW_PREFIX_BYTES`] when `too_long` is set.
    pub bytes: Vec<u8>,
    /// The full length in bytes when it exceeded [`MAX_RECORD_BYTES`].
    pub too_long: Option<u64>,
}

/// Cuts a stream at line ends. When `quote_aware`, a line end inside a double-quoted CSV field
/// (an odd number of `"` so far in the record) does not end the record.
pub(crate) struct Splitter<R> {
    inner: R,
    quote_aware: bool,
    /// Lines consumed so far.
    lines: u64,
    max: usize,
}

impl<R: BufRead> Splitter<R> {
    pub(crate) fn new(inner: R, quote_aware: bool) -> Self {
        Splitter {
            inner,
            quote_aware,
            lines: 0,
            max: MAX_RECORD_BYTES,
        }
    }

    /// The next record, or `None` at the end of input. A read error is returned as is; the
    /// caller ends the iteration.
    pub(crate) fn next_chunk(&mut self) -> io::Result<Option<Chunk>> {
        let line = self.lines + 1;
        let mut bytes = Vec::new();
        let mut len: u64 = 0;
        let mut too_long = false;
        let mut in_quotes = false;
        let mut any = false;
        loop {
            let avail = match self.inner.fill_buf() {
                Ok(a) => a,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                if !any {
                    return Ok(None);
                }
                break;
            }
            any = true;
            let mut end = None;
            if self.quote_aware {
                for (i, &b) in avail.iter().enumerate() {
                    match b {
                        b'"' => in_quotes = !in_quotes,
                        b'\n' => {
                            self.lines += 1;
                            if !in_quotes {
                                end = Some(i);
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            } else {
                end = avail.iter().position(|&b| b == b'\n');
                self.lines += u64::from(end.is_some());
            }
            let take = end.unwrap_or(avail.len());
            len += take as u64;
            if !too_long {
                if len > self.max as u64 {
                    too_long = true;
                    let room = RAW_PREFIX_BYTES.saturating_sub(bytes.len());
                    bytes.extend_from_slice(&avail[..take.min(room)]);
                    bytes.truncate(RAW_PREFIX_BYTES);
                    bytes.shrink_to_fit();
                } else {
                    bytes.extend_from_slice(&avail[..take]);
                }
            }
            let done = end.is_some();
            self.inner.consume(take + usize::from(done));
            if done {
                break;
            }
        }
        if !too_long && bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        Ok(Some(Chunk {
            line,
            bytes,
            too_long: too_long.then_some(len),
        }))
    }
}

#[cfg(test)]
impl<R: BufRead> Splitter<R> {
    fn with_max(inner: R, quote_aware: bool, max: usize) -> Self {
        Splitter {
            max,
            ..Splitter::new(inner, quote_aware)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(input: &str, quote_aware: bool, max: usize) -> Vec<(u64, String, Option<u64>)> {
        let mut s = Splitter::with_max(input.as_bytes(), quote_aware, max);
        let mut out = Vec::new();
        while let Some(c) = s.next_chunk().unwrap() {
            out.push((c.line, String::from_utf8(c.bytes).unwrap(), c.too_long));
        }
        out
    }

    #[test]
    fn cuts_lines_and_counts_them() {
        assert_eq!(
            cut("a\r\nbb\n\nc", false, 100),
            vec![
                (1, "a".into(), None),
                (2, "bb".into(), None),
                (3, "".into(), None),
                (4, "c".into(), None)
            ]
        );
    }

    #[test]
    fn quoted_newlines_stay_in_the_record() {
        assert_eq!(
            cut("x,\"a\nb\"\ny\n", true, 100),
            vec![(1, "x,\"a\nb\"".into(), None), (3, "y".into(), None)]
        );
    }

    #[test]
    fn over_long_records_are_flagged_and_skipped() {
        let got = cut("0123456789\nok\n", false, 4);
        assert_eq!(got[0].2, Some(10));
        assert_eq!(got[1], (2, "ok".into(), None));
    }
}
