//! CSV: a header row naming the columns (any order, case-insensitive), one record a row,
//! `|` between multiple values in one cell. See `docs/FORMATS.md`.

use markwatch_core::{GoodsClass, Party, Record};

use crate::fields::{self, FResult, Fault};
use crate::split::Splitter;
use crate::Input;

/// The columns a CSV file may have. `id`, `office` and `mark` are required; any other column
/// name is refused so that a typo cannot silently drop data.
pub(crate) const COLUMNS: [&str; 20] = [
    "id",
    "office",
    "mark",
    "kind",
    "status",
    "transliteration",
    "translation",
    "applicant",
    "applicant_country",
    "applicant_address",
    "representative",
    "classes",
    "goods",
    "jp_groups",
    "cn_groups",
    "filing_date",
    "priority_date",
    "publication_date",
    "registration_date",
    "gazette_date",
];

const REQUIRED: [&str; 3] = ["id", "office", "mark"];

/// Parses the data rows of one CSV file, knowing its header.
pub(crate) struct CsvParser {
    /// For each entry of [`COLUMNS`], its position in the header.
    positions: [Option<usize>; COLUMNS.len()],
    width: usize,
}

/// The cells of one CSV record, trimmed.
fn cells(bytes: &[u8]) -> FResult<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(bytes.len().clamp(64, 64 << 10))
        .from_reader(bytes);
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(_) => Ok(record.iter().map(|c| c.trim().to_string()).collect()),
        Err(e) => Err(match e.kind() {
            csv::ErrorKind::Utf8 { .. } => Fault::whole("not UTF-8"),
            _ => Fault::whole(format!("not CSV: {e}")),
        }),
    }
}

impl CsvParser {
    /// Reads the header (the first non-blank row) and checks it: every column known, none
    /// twice, the required ones present.
    pub(crate) fn from_header(splitter: &mut Splitter<Input>) -> FResult<CsvParser> {
        let header = loop {
            let chunk = splitter
                .next_chunk()
                .map_err(|e| Fault::whole(format!("read error: {e}")))?
                .ok_or_else(|| Fault::whole("empty CSV file: no header row"))?;
            if chunk.too_long.is_some() {
                return Err(Fault::whole("CSV header row too long"));
            }
            let bytes = chunk
                .bytes
                .strip_prefix(b"\xEF\xBB\xBF")
                .unwrap_or(&chunk.bytes);
            if !bytes.iter().all(u8::is_ascii_whitespace) {
                break cells(bytes)
                    .map_err(|f| Fault::whole(format!("header row: {}", f.reason)))?;
            }
        };
        CsvParser::new(&header)
    }

    fn new(header: &[String]) -> FResult<CsvParser> {
        let mut positions = [None; COLUMNS.len()];
        for (i, name) in header.iter().enumerate() {
            let lower = name.to_ascii_lowercase();
            let Some(k) = COLUMNS.iter().position(|c| *c == lower) else {
                return Err(Fault::field(
                    name.clone(),
                    format!(
                        "unknown CSV column {name:?} in the header (known columns: {})",
                        COLUMNS.join(", ")
                    ),
                ));
            };
            if positions[k].is_some() {
                return Err(Fault::field(
                    name.clone(),
                    "column appears twice in the header",
                ));
            }
            positions[k] = Some(i);
        }
        for required in REQUIRED {
            let k = COLUMNS
                .iter()
                .position(|c| *c == required)
                .unwrap_or_default();
            if positions[k].is_none() {
                return Err(Fault::field(
                    required,
                    "required column missing from the header",
                ));
            }
        }
        Ok(CsvParser {
            positions,
            width: header.len(),
        })
    }

    fn record(&self, cells: &[String]) -> FResult<Record> {
        if cells.len() != self.width {
            return Err(Fault::whole(format!(
                "row has {} fields, the header has {}",
                cells.len(),
                self.width
            )));
        }
        let get = |name: &str| -> Option<&str> {
            let k = COLUMNS.iter().position(|c| *c == name)?;
            let cell = cells[self.positions[k]?].as_str();
            (!cell.is_empty()).then_some(cell)
        };
        let office = fields::office("office", get("office").unwrap_or_default())?;
        let mut r = Record::new(
            get("id").unwrap_or_default(),
            office,
            get("mark").unwrap_or_default(),
        );
        r.transliteration = get("transliteration").map(str::to_string);
        r.translation = get("translation").map(str::to_string);
        if let Some(k) = get("kind") {
            r.kind = fields::kind("kind", k)?;
        }
        if let Some(s) = get("status") {
            r.status = fields::status("status", s)?;
        }
        r.applicants = parties(
            get("applicant"),
            get("applicant_country"),
            get("applicant_address"),
        )?;
        r.representative = get("representative").map(Party::named);
        r.classes = classes(get("classes"), get("goods"))?;
        for (column, cn) in [("jp_groups", false), ("cn_groups", true)] {
            if let Some(cell) = get(column) {
                add_groups(&mut r.classes, column, cell, cn)?;
            }
        }
        for (column, slot) in [
            ("filing_date", &mut r.dates.filing),
            ("priority_date", &mut r.dates.priority),
            ("publication_date", &mut r.dates.publication),
            ("registration_date", &mut r.dates.registration),
            ("gazette_date", &mut r.dates.gazette),
        ] {
            if let Some(cell) = get(column) {
                *slot = Some(fields::date(column, cell)?);
            }
        }
        fields::finish(r)
    }
}

impl crate::ChunkParser for CsvParser {
    fn parse(&mut self, bytes: &[u8]) -> FResult<Record> {
        self.record(&cells(bytes)?)
    }
}

fn split(cell: &str) -> Vec<&str> {
    cell.split('|').map(str::trim).collect()
}

/// Applicants from `|`-separated names; countries and addresses are either one value for all
/// or one per name (an empty entry leaves that one unset).
fn parties(
    names: Option<&str>,
    countries: Option<&str>,
    addresses: Option<&str>,
) -> FResult<Vec<Party>> {
    let Some(names) = names else {
        if countries.is_some() || addresses.is_some() {
            let column = if countries.is_some() {
                "applicant_country"
            } else {
                "applicant_address"
            };
            return Err(Fault::field(column, "given without an applicant name"));
        }
        return Ok(Vec::new());
    };
    let names = split(names);
    let spread = |column: &str, cell: Option<&str>| -> FResult<Vec<Option<String>>> {
        let Some(cell) = cell else {
            return Ok(vec![None; names.len()]);
        };
        let values = split(cell);
        if values.len() == names.len() {
            Ok(values.into_iter().map(fields::non_blank).collect())
        } else if values.len() == 1 {
            Ok(vec![fields::non_blank(values[0]); names.len()])
        } else {
            Err(Fault::field(
                column,
                format!(
                    "{} values for {} applicants (give one, or one per applicant)",
                    values.len(),
                    names.len()
                ),
            ))
        }
    };
    let countries = spread("applicant_country", countries)?;
    let addresses = spread("applicant_address", addresses)?;
    names
        .iter()
        .zip(countries)
        .zip(addresses)
        .map(|((name, country), address)| {
            if name.is_empty() {
                return Err(Fault::field(
                    "applicant",
                    "empty name between `|` separators",
                ));
            }
            Ok(Party {
                name: name.to_string(),
                country,
                address,
            })
        })
        .collect()
}

/// Classes from `29|30`, with goods texts `|`-aligned with them when the `goods` cell is set.
fn classes(classes: Option<&str>, goods: Option<&str>) -> FResult<Vec<GoodsClass>> {
    let Some(classes) = classes else {
        return match goods {
            Some(_) => Err(Fault::field("goods", "given without classes")),
            None => Ok(Vec::new()),
        };
    };
    let mut out = split(classes)
        .into_iter()
        .map(|c| fields::class("classes", c).map(GoodsClass::bare))
        .collect::<FResult<Vec<_>>>()?;
    if let Some(goods) = goods {
        let texts = split(goods);
        if texts.len() != out.len() {
            return Err(Fault::field(
                "goods",
                format!(
                    "{} goods entries for {} classes (they are `|`-aligned)",
                    texts.len(),
                    out.len()
                ),
            ));
        }
        for (c, text) in out.iter_mut().zip(texts) {
            c.goods = fields::non_blank(text);
        }
    }
    Ok(out)
}

/// Adds group codes from `30:32F01;32F02|29:32A01` to the classes, adding a class that the
/// `classes` column did not list.
fn add_groups(classes: &mut Vec<GoodsClass>, column: &str, cell: &str, cn: bool) -> FResult<()> {
    for entry in split(cell) {
        let Some((class, codes)) = entry.split_once(':') else {
            return Err(Fault::field(
                column,
                format!("entry {entry:?} lacks its class (expected CLASS:CODE;CODE, e.g. 30:32F01;32F02)"),
            ));
        };
        let class = fields::class(column, class)?;
        let codes = crate::jsonl::split_codes(codes);
        let i = match classes.iter().position(|c| c.class == class) {
            Some(i) => i,
            None => {
                classes.push(GoodsClass::bare(class));
                classes.len() - 1
            }
        };
        let target = if cn {
            &mut classes[i].cn_groups
        } else {
            &mut classes[i].jp_groups
        };
        target.extend(codes);
    }
    Ok(())
}
