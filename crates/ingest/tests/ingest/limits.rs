//! Size limits: a 100 MB record is rejected and skipped without being held in memory.
//!
//! The inputs are generated lazily by an `impl Read`, and the test binary's allocator (see
//! `main.rs`) records the peak of live heap bytes, so "not held in memory" is checked directly.

use std::io::{BufReader, Read};

use markwatch_ingest::{from_reader, Format, MAX_RECORD_BYTES, RAW_PREFIX_BYTES};

use crate::alloc::PeakScope;

/// `prefix`, then `fill` repeated `len` times, then `suffix`; never materialized.
struct Lazy {
    parts: Vec<(Vec<u8>, u64)>,
    part: usize,
    pos: u64,
}

impl Lazy {
    fn new(prefix: &str, fill: u8, len: u64, suffix: &str) -> Lazy {
        Lazy {
            parts: vec![
                (prefix.as_bytes().to_vec(), 1),
                (vec![fill; 64 << 10], len.div_ceil(64 << 10)),
                (suffix.as_bytes().to_vec(), 1),
            ],
            part: 0,
            pos: 0,
        }
    }
}

impl Read for Lazy {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while let Some((chunk, times)) = self.parts.get(self.part) {
            let total = chunk.len() as u64 * times;
            if self.pos >= total {
                self.part += 1;
                self.pos = 0;
                continue;
            }
            let at = (self.pos % chunk.len() as u64) as usize;
            let n = (chunk.len() - at).min(out.len());
            out[..n].copy_from_slice(&chunk[at..at + n]);
            self.pos += n as u64;
            return Ok(n);
        }
        Ok(0)
    }
}

const HUNDRED_MB: u64 = 100 << 20;

fn check(format: Format, input: Lazy, good_line: u64) {
    let scope = PeakScope::start();
    let results: Vec<_> =
        from_reader(BufReader::with_capacity(64 << 10, input), format, "big").collect();
    let peak = scope.peak_growth();
    assert_eq!(results.len(), 2, "{results:?}");
    let e = results[0].as_ref().unwrap_err();
    assert!(e.reason.contains("record too long"), "{e}");
    assert_eq!(
        (e.source.line, e.source.record),
        (Some(good_line - 1), Some(1))
    );
    assert!(e.raw.len() <= RAW_PREFIX_BYTES);
    let r = results[1].as_ref().unwrap();
    assert_eq!(r.id.rsplit(':').next(), Some("2"));
    assert_eq!(r.source.as_ref().unwrap().line, Some(good_line));
    // One capped record and a few buffers, never the 100 MB.
    assert!(
        peak < 3 * MAX_RECORD_BYTES as u64,
        "peak heap growth {peak} bytes"
    );
}

#[test]
fn hundred_mb_jsonl_line_is_rejected_and_skipped() {
    let input = Lazy::new(
        "{\"id\":\"1\",\"office\":\"CN\",\"mark\":\"",
        b'a',
        HUNDRED_MB,
        "\"}\n{\"id\":\"2\",\"office\":\"CN\",\"mark\":\"B\"}\n",
    );
    check(Format::Jsonl, input, 2);
}

#[test]
fn hundred_mb_csv_record_is_rejected_and_skipped() {
    let input = Lazy::new("id,office,mark\n1,CN,\"", b'a', HUNDRED_MB, "\"\n2,CN,B\n");
    check(Format::Csv, input, 3);
}

#[test]
fn hundred_mb_xml_element_is_rejected_and_skipped() {
    let record = |n: u32, text: &str| {
        format!(
            "<TradeMark><RegistrationOfficeCode>CN</RegistrationOfficeCode><ApplicationNumber>{n}</ApplicationNumber>\
             <WordMarkSpecification><MarkVerbalElementText>{text}"
        )
    };
    let tail = "</MarkVerbalElementText></WordMarkSpecification></TradeMark>";
    let input = Lazy::new(
        &format!("<Transaction>\n{}", record(1, "")),
        b'a',
        HUNDRED_MB,
        &format!("{tail}\n{}{tail}\n</Transaction>\n", record(2, "B")),
    );
    check(Format::St66, input, 3);
}
