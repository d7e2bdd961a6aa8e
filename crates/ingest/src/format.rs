//! The input formats and their detection.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// An input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// One JSON object a line (`.jsonl`, `.ndjson`, `.json`).
    Jsonl,
    /// Comma-separated values with a header row (`.csv`).
    Csv,
    /// WIPO ST.66 trademark XML (`<Transaction>` … `<TradeMark>`).
    St66,
    /// WIPO ST.96 trademark XML (`tmk:Trademark` in the ST.96 namespace).
    St96,
}

impl Format {
    /// All formats.
    pub const ALL: [Format; 4] = [Format::Jsonl, Format::Csv, Format::St66, Format::St96];

    /// The lower-case name accepted by [`Format::from_str`]: `jsonl`, `csv`, `st66`, `st96`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::St66 => "st66",
            Format::St96 => "st96",
        }
    }

    /// True if and only if the format is one of the XML formats.
    pub fn is_xml(self) -> bool {
        matches!(self, Format::St66 | Format::St96)
    }

    /// Guesses the format of `path` whose first bytes are `head` (a few KiB are enough).
    ///
    /// The extension decides first: `.jsonl`, `.ndjson`, `.json` → JSONL; `.csv` → CSV;
    /// `.xml` → ST.96 if `head` names the ST.96 namespace or uses the `tmk:` prefix, else ST.66
    /// if it has a `<Transaction` or `<TradeMark` element, else `None`. With any other
    /// extension the content decides: a first non-blank byte `{` is JSONL, `<` is XML as above,
    /// and a first line holding both an `id` and a `mark` column name is CSV.
    /// Returns `None` when nothing matches.
    pub fn detect(path: &Path, head: &[u8]) -> Option<Format> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("jsonl" | "ndjson" | "json") => return Some(Format::Jsonl),
            Some("csv") => return Some(Format::Csv),
            Some("xml") => return sniff_xml(head),
            _ => {}
        }
        let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let first = body.iter().position(|b| !b.is_ascii_whitespace())?;
        match body[first] {
            b'{' => Some(Format::Jsonl),
            b'<' => sniff_xml(body),
            _ => {
                let line_end = body.iter().position(|&b| b == b'\n').unwrap_or(body.len());
                let line = String::from_utf8_lossy(&body[..line_end]).to_ascii_lowercase();
                let cols: Vec<&str> = line
                    .split(',')
                    .map(|c| c.trim().trim_matches('"'))
                    .collect();
                (cols.contains(&"id") && cols.contains(&"mark")).then_some(Format::Csv)
            }
        }
    }
}

/// ST.96 or ST.66 by the markers in the first bytes of an XML document.
fn sniff_xml(head: &[u8]) -> Option<Format> {
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    if has(b"XMLSchema/ST96") || has(b"<tmk:") {
        Some(Format::St96)
    } else if has(b"<Transaction") || has(b"<TradeMark") {
        Some(Format::St66)
    } else {
        None
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    /// Parses `jsonl`, `csv`, `st66`, `st96` (case-insensitive; `json`, `ndjson`, `st.66`,
    /// `st.96` accepted too).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "jsonl" | "json" | "ndjson" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            "st66" | "st.66" => Ok(Format::St66),
            "st96" | "st.96" => Ok(Format::St96),
            _ => Err(format!(
                "unknown format {s:?} (expected one of jsonl, csv, st66, st96)"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_extension_then_content() {
        let st96 = b"<?xml version=\"1.0\"?><tmk:TrademarkBag xmlns:tmk=\"http://www.wipo.int/standards/XMLSchema/ST96/Trademark\">";
        let st66 = b"<?xml version=\"1.0\"?>\n<Transaction xmlns=\"http://www.wipo.int/standards/XMLSchema/trademarks\">";
        let cases: &[(&str, &[u8], Option<Format>)] = &[
            ("a.jsonl", b"", Some(Format::Jsonl)),
            ("a.NDJSON", b"", Some(Format::Jsonl)),
            ("a.json", b"{}", Some(Format::Jsonl)),
            ("a.csv", b"whatever", Some(Format::Csv)),
            ("a.xml", st96, Some(Format::St96)),
            ("a.xml", st66, Some(Format::St66)),
            ("a.xml", b"<html></html>", None),
            ("dump", b"\xEF\xBB\xBF  {\"id\":1}", Some(Format::Jsonl)),
            ("dump", st96, Some(Format::St96)),
            ("dump.txt", st66, Some(Format::St66)),
            (
                "dump",
                b"\"ID\",Office,\"Mark\"\n1,CN,A\n",
                Some(Format::Csv),
            ),
            ("dump", b"name,value\n", None),
            ("dump", b"", None),
        ];
        for (path, head, want) in cases {
            assert_eq!(Format::detect(Path::new(path), head), *want, "{path}");
        }
    }

    #[test]
    fn names_round_trip() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>().unwrap(), f);
            assert_eq!(f.to_string(), f.name());
        }
        assert_eq!("ST.96".parse::<Format>().unwrap(), Format::St96);
        assert!("xlsx".parse::<Format>().is_err());
    }
}
