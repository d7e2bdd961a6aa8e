//! Watch lists: the protected names a screening run looks for in new filings.
//!
//! Two formats, one shape. CSV with exactly the header `id,kind,names,owner,country,classes`
//! (names separated by `|`, Nice classes by `;`, classes may be empty), or JSONL with the same
//! fields (`names` a JSON array or a `|`-separated string, `classes` an array of numbers or
//! strings, or a `;`-separated string). The format is detected from the first non-blank line:
//! a line starting with `{` means JSONL, anything else CSV.
//!
//! An entry without classes protects the name for all goods and services.
//!
//! ```
//! use markwatch_core::watch::{parse_watch_list, WatchKind};
//! let csv = "id,kind,names,owner,country,classes\nP-kyoto,place,京都|Kyoto,Kyoto Prefecture,JP,\n";
//! let list = parse_watch_list(csv, "watch.csv").unwrap();
//! assert_eq!(list[0].kind, WatchKind::Place);
//! assert_eq!(list[0].names, ["京都", "Kyoto"]);
//! assert!(list[0].classes.is_empty());
//! ```

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Error, ErrorKind, Language, NiceClass, Result};

/// The CSV header a watch list must carry, column for column.
pub const WATCH_CSV_HEADER: [&str; 6] = ["id", "kind", "names", "owner", "country", "classes"];

/// What a watched name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WatchKind {
    /// A brand (word mark) of the owner.
    Brand,
    /// A geographical indication.
    Gi,
    /// A place name (prefecture, city, region).
    Place,
}

impl WatchKind {
    /// The snake_case name used in the files.
    pub fn as_str(self) -> &'static str {
        match self {
            WatchKind::Brand => "brand",
            WatchKind::Gi => "gi",
            WatchKind::Place => "place",
        }
    }
}

impl fmt::Display for WatchKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for WatchKind {
    type Err = String;

    /// Parses `brand`, `gi` or `place`, case-insensitively.
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "brand" => Ok(WatchKind::Brand),
            "gi" => Ok(WatchKind::Gi),
            "place" => Ok(WatchKind::Place),
            _ => Err(format!(
                "unknown watch kind {s:?} (expected brand, gi or place)"
            )),
        }
    }
}

/// One protected name with all the forms its owner lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WatchEntry {
    /// The entry's identifier, unique in its list.
    pub id: String,
    /// What the name is.
    pub kind: WatchKind,
    /// Every form of the name (scripts, languages), at least one, in file order.
    pub names: Vec<String>,
    /// Who owns or administers the name.
    pub owner: String,
    /// ST.3 country code of the owner, when given.
    pub country: Option<String>,
    /// Nice classes protected; empty means all goods and services.
    pub classes: Vec<NiceClass>,
}

impl WatchEntry {
    /// The language the entry's names are read in at home: that of its owner's country
    /// ([`Language::of_code`]); `None` without a country or for another one.
    pub fn language(&self) -> Option<Language> {
        self.country.as_deref().and_then(Language::of_code)
    }
}

/// Reads a watch list from `path` (CSV or JSONL, see the module docs).
pub fn read_watch_list(path: &Path) -> Result<Vec<WatchEntry>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        let kind = if e.kind() == std::io::ErrorKind::NotFound {
            ErrorKind::NotFound
        } else {
            ErrorKind::Io
        };
        Error::new(
            kind,
            format!("{}: cannot read watch list: {e}", path.display()),
        )
    })?;
    parse_watch_list(&text, &path.display().to_string())
}

/// Parses a watch list held in `text`; `file` names the source in error messages.
///
/// Fails on the first bad line with a message naming `file`, the 1-based line and the field.
/// Fails if two entries share an id or if the list is empty.
pub fn parse_watch_list(text: &str, file: &str) -> Result<Vec<WatchEntry>> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    let entries = match first {
        None => return Err(Error::invalid(format!("{file}: the watch list is empty"))),
        Some(l) if l.starts_with('{') => parse_jsonl(text, file)?,
        Some(_) => parse_csv(text, file)?,
    };
    if entries.is_empty() {
        return Err(Error::invalid(format!(
            "{file}: the watch list has no entries"
        )));
    }
    let mut seen = std::collections::HashSet::new();
    for e in &entries {
        if !seen.insert(e.id.as_str()) {
            return Err(Error::invalid(format!(
                "{file}: field id: duplicate watch id {:?}",
                e.id
            )));
        }
    }
    Ok(entries)
}

fn field_error(file: &str, line: u64, field: &str, msg: impl fmt::Display) -> Error {
    Error::invalid(format!("{file}:{line}: field {field}: {msg}"))
}

fn parse_csv(text: &str, file: &str) -> Result<Vec<WatchEntry>> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = rdr
        .headers()
        .map_err(|e| Error::invalid(format!("{file}:1: cannot read the CSV header: {e}")))?
        .clone();
    let got: Vec<&str> = header.iter().collect();
    if got != WATCH_CSV_HEADER {
        return Err(Error::invalid(format!(
            "{file}:1: the header must be exactly `{}`, found `{}`",
            WATCH_CSV_HEADER.join(","),
            got.join(",")
        )));
    }
    let mut out = Vec::new();
    for row in rdr.records() {
        let row = row.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            Error::invalid(format!("{file}:{line}: malformed CSV row: {e}"))
        })?;
        let line = row.position().map_or(0, |p| p.line());
        if row.iter().all(str::is_empty) {
            continue;
        }
        let get = |i: usize| row.get(i).unwrap_or("");
        out.push(build_entry(
            file,
            line,
            get(0),
            get(1),
            split_list(get(2), '|'),
            get(3),
            get(4),
            parse_classes(file, line, split_list(get(5), ';'))?,
        )?);
    }
    Ok(out)
}

fn split_list(s: &str, sep: char) -> Vec<String> {
    s.split(sep)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

fn parse_classes(file: &str, line: u64, raw: Vec<String>) -> Result<Vec<NiceClass>> {
    let mut classes = raw
        .iter()
        .map(|c| c.parse::<NiceClass>())
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| field_error(file, line, "classes", e))?;
    classes.sort();
    classes.dedup();
    Ok(classes)
}

#[allow(clippy::too_many_arguments)]
fn build_entry(
    file: &str,
    line: u64,
    id: &str,
    kind: &str,
    names: Vec<String>,
    owner: &str,
    country: &str,
    classes: Vec<NiceClass>,
) -> Result<WatchEntry> {
    let id = id.trim();
    if id.is_empty() {
        return Err(field_error(file, line, "id", "must not be empty"));
    }
    let kind = kind
        .parse::<WatchKind>()
        .map_err(|e| field_error(file, line, "kind", e))?;
    if names.is_empty() {
        return Err(field_error(
            file,
            line,
            "names",
            "at least one name is required",
        ));
    }
    let country = country.trim();
    let two_letters = country.len() == 2 && country.chars().all(|c| c.is_ascii_alphabetic());
    if !country.is_empty() && !two_letters {
        return Err(field_error(
            file,
            line,
            "country",
            format!("expected a two-letter code, found {country:?}"),
        ));
    }
    Ok(WatchEntry {
        id: id.to_string(),
        kind,
        names,
        owner: owner.trim().to_string(),
        country: (!country.is_empty()).then(|| country.to_ascii_uppercase()),
        classes,
    })
}

/// A list field in JSONL: an array or one separated string.
#[derive(Deserialize)]
#[serde(untagged)]
enum ListField {
    Many(Vec<ScalarField>),
    One(String),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ScalarField {
    N(u64),
    S(String),
}

impl ScalarField {
    fn into_string(self) -> String {
        match self {
            ScalarField::N(n) => n.to_string(),
            ScalarField::S(s) => s,
        }
    }
}

impl ListField {
    fn into_vec(self, sep: char) -> Vec<String> {
        match self {
            ListField::Many(v) => v
                .into_iter()
                .map(|s| s.into_string().trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            ListField::One(s) => split_list(&s, sep),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawJson {
    id: ScalarField,
    kind: String,
    names: ListField,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    classes: Option<ListField>,
}

fn parse_jsonl(text: &str, file: &str) -> Result<Vec<WatchEntry>> {
    let mut out = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let line = i as u64 + 1;
        if l.trim().is_empty() {
            continue;
        }
        let raw: RawJson = serde_json::from_str(l).map_err(|e| {
            // serde_json names the missing or mistyped field in its message.
            Error::invalid(format!("{file}:{line}: {e}"))
        })?;
        let classes = raw.classes.map(|c| c.into_vec(';')).unwrap_or_default();
        out.push(build_entry(
            file,
            line,
            &raw.id.into_string(),
            &raw.kind,
            raw.names.into_vec('|'),
            raw.owner.as_deref().unwrap_or(""),
            raw.country.as_deref().unwrap_or(""),
            parse_classes(file, line, classes)?,
        )?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_entries_parse() {
        let text = "id,kind,names,owner,country,classes\n\
                    P-iga,gi,伊賀焼|Iga Yaki,Iga Ceramics Cooperative,JP,21\n\
                    P-x,brand,X,\"Owner, Inc.\",us,30;29\n";
        let list = parse_watch_list(text, "w.csv").unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].names, ["伊賀焼", "Iga Yaki"]);
        assert_eq!(list[0].classes, [NiceClass::new(21).unwrap()]);
        assert_eq!(list[1].owner, "Owner, Inc.");
        assert_eq!(list[1].country.as_deref(), Some("US"));
        let classes: Vec<u8> = list[1].classes.iter().map(|c| c.get()).collect();
        assert_eq!(classes, [29, 30]);
    }

    #[test]
    fn jsonl_entries_parse_with_arrays_or_strings() {
        let text = r#"{"id":"A","kind":"gi","names":["龙口粉丝","Longkou Vermicelli"],"owner":"O","country":"CN","classes":[30]}
{"id":"B","kind":"place","names":"福岡|Fukuoka","classes":""}
"#;
        let list = parse_watch_list(text, "w.jsonl").unwrap();
        assert_eq!(list[0].names, ["龙口粉丝", "Longkou Vermicelli"]);
        assert_eq!(list[0].classes[0].get(), 30);
        assert_eq!(list[1].names, ["福岡", "Fukuoka"]);
        assert!(list[1].classes.is_empty());
        assert_eq!(list[1].country, None);
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let bad_class = "id,kind,names,owner,country,classes\nA,gi,X,O,JP,\nB,gi,Y,O,JP,99\n";
        let e = parse_watch_list(bad_class, "w.csv").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert!(e.message().starts_with("w.csv:3: field classes:"), "{e}");

        let bad_kind = "id,kind,names,owner,country,classes\nA,river,X,O,JP,\n";
        let e = parse_watch_list(bad_kind, "w.csv").unwrap_err();
        assert!(e.message().starts_with("w.csv:2: field kind:"), "{e}");

        let no_names = "{\"id\":\"A\",\"kind\":\"gi\",\"names\":[]}\n";
        let e = parse_watch_list(no_names, "w.jsonl").unwrap_err();
        assert!(e.message().starts_with("w.jsonl:1: field names:"), "{e}");

        let bad_header = "id,kind,name,owner,country,classes\nA,gi,X,O,JP,\n";
        let e = parse_watch_list(bad_header, "w.csv").unwrap_err();
        assert!(e.message().contains("header"), "{e}");

        let dup = "id,kind,names,owner,country,classes\nA,gi,X,O,JP,\nA,gi,Y,O,JP,\n";
        let e = parse_watch_list(dup, "w.csv").unwrap_err();
        assert!(e.message().contains("duplicate"), "{e}");
    }

    #[test]
    fn the_public_eval_list_parses() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/watch.csv");
        if !path.exists() {
            return;
        }
        let list = read_watch_list(&path).unwrap();
        assert!(list.len() >= 30);
        assert!(list.iter().all(|e| !e.names.is_empty()));
    }
}
