//! JSONL: one JSON object a line, in the full (serde) form of [`Record`] or the flat minimal form,
//! mixed freely. See `docs/FORMATS.md`.

use markwatch_core::{Dates, GoodsClass, Party, Record};
use serde_json::{Map, Value};

use crate::fields::{self, FResult, Fault};

/// Parses one non-blank JSONL line into a validated record (source not set).
pub(crate) fn parse_line(line: &[u8]) -> FResult<Record> {
    let text = std::str::from_utf8(line).map_err(|e| {
        Fault::whole(format!(
            "not UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })?;
    let value: Value =
        serde_json::from_str(text).map_err(|e| Fault::whole(format!("not JSON: {e}")))?;
    let Value::Object(obj) = value else {
        return Err(Fault::whole(format!(
            "expected a JSON object, found {}",
            type_name(&value)
        )));
    };
    record(&obj)
}

fn record(obj: &Map<String, Value>) -> FResult<Record> {
    let id = string_or_number(obj, "id", "id")?
        .ok_or_else(|| Fault::field("id", "missing or empty id"))?;
    let office = match string(obj, "office", "office")? {
        Some(s) => fields::office("office", &s)?,
        None => return Err(Fault::field("office", "missing office")),
    };
    let mark = string(obj, "mark", "mark")?.unwrap_or_default();
    let mut r = Record::new(id, office, mark);
    r.transliteration =
        string(obj, "transliteration", "transliteration")?.and_then(fields::non_blank);
    r.translation = string(obj, "translation", "translation")?.and_then(fields::non_blank);
    if let Some(k) = string(obj, "kind", "kind")? {
        r.kind = fields::kind("kind", &k)?;
    }
    if let Some(s) = string(obj, "status", "status")? {
        r.status = fields::status("status", &s)?;
    }
    for key in ["applicants", "applicant"] {
        match obj.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    r.applicants.push(party(item, &format!("{key}[{i}]"))?);
                }
            }
            Some(v) => r.applicants.push(party(v, key)?),
        }
    }
    r.representative = match obj.get("representative") {
        None | Some(Value::Null) => None,
        Some(v) => Some(party(v, "representative")?),
    };
    if let Some(v) = present(obj, "classes") {
        let Value::Array(items) = v else {
            return Err(Fault::field(
                "classes",
                format!("expected an array, found {}", type_name(v)),
            ));
        };
        for (i, item) in items.iter().enumerate() {
            r.classes.push(goods_class(item, &format!("classes[{i}]"))?);
        }
    }
    r.dates = dates(obj)?;
    fields::finish(r)
}

/// The value of `key` unless absent or `null`.
fn present<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get(key).filter(|v| !v.is_null())
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn string(obj: &Map<String, Value>, key: &str, path: &str) -> FResult<Option<String>> {
    match present(obj, key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(v) => Err(Fault::field(
            path,
            format!("expected a string, found {}", type_name(v)),
        )),
    }
}

fn string_or_number(obj: &Map<String, Value>, key: &str, path: &str) -> FResult<Option<String>> {
    match present(obj, key) {
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        _ => string(obj, key, path),
    }
}

/// A party from a string (the name) or an object `{name, country, address}`.
fn party(v: &Value, path: &str) -> FResult<Party> {
    match v {
        Value::String(name) => Ok(Party::named(name.clone())),
        Value::Object(o) => {
            let name = string(o, "name", &format!("{path}.name"))?
                .ok_or_else(|| Fault::field(format!("{path}.name"), "missing name"))?;
            Ok(Party {
                name,
                country: string(o, "country", &format!("{path}.country"))?
                    .and_then(fields::non_blank),
                address: string(o, "address", &format!("{path}.address"))?
                    .and_then(fields::non_blank),
            })
        }
        _ => Err(Fault::field(
            path,
            format!(
                "expected a name or an object with `name`, found {}",
                type_name(v)
            ),
        )),
    }
}

/// A class from a number, a numeric string or an object `{class, goods, jp_groups, cn_groups}`.
fn goods_class(v: &Value, path: &str) -> FResult<GoodsClass> {
    match v {
        Value::Number(_) | Value::String(_) => Ok(GoodsClass::bare(class_number(v, path)?)),
        Value::Object(o) => {
            let class_path = format!("{path}.class");
            let class = match present(o, "class") {
                Some(c) => class_number(c, &class_path)?,
                None => return Err(Fault::field(class_path, "missing class number")),
            };
            Ok(GoodsClass {
                class,
                goods: string(o, "goods", &format!("{path}.goods"))?.and_then(fields::non_blank),
                jp_groups: groups(o, "jp_groups", path)?,
                cn_groups: groups(o, "cn_groups", path)?,
            })
        }
        _ => Err(Fault::field(
            path,
            format!(
                "expected a class number, a numeric string or an object, found {}",
                type_name(v)
            ),
        )),
    }
}

fn class_number(v: &Value, path: &str) -> FResult<markwatch_core::NiceClass> {
    match v {
        Value::Number(n) => match n.as_u64() {
            Some(n) => markwatch_core::NiceClass::new(u32::try_from(n).unwrap_or(u32::MAX))
                .map_err(|e| Fault::field(path, e)),
            None => Err(Fault::field(
                path,
                format!("unknown Nice class {n} (expected 1 to 45)"),
            )),
        },
        Value::String(s) => fields::class(path, s),
        _ => Err(Fault::field(
            path,
            format!("expected a class number, found {}", type_name(v)),
        )),
    }
}

/// Group codes from an array of strings or one string of codes separated by spaces, `,` or `;`.
fn groups(o: &Map<String, Value>, key: &str, path: &str) -> FResult<Vec<String>> {
    let field = format!("{path}.{key}");
    match present(o, key) {
        None => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(split_codes(s)),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
                _ => Err(Fault::field(
                    format!("{field}[{i}]"),
                    "expected a non-empty group code string",
                )),
            })
            .collect(),
        Some(v) => Err(Fault::field(
            field,
            format!("expected an array of codes, found {}", type_name(v)),
        )),
    }
}

pub(crate) fn split_codes(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

/// Dates from the nested `dates` object and the flat `<name>_date` keys. When both give one
/// date they must agree.
fn dates(obj: &Map<String, Value>) -> FResult<Dates> {
    let nested = match present(obj, "dates") {
        None => None,
        Some(Value::Object(o)) => Some(o),
        Some(v) => {
            return Err(Fault::field(
                "dates",
                format!("expected an object, found {}", type_name(v)),
            ))
        }
    };
    let mut d = Dates::default();
    for (name, slot) in [
        ("filing", &mut d.filing),
        ("priority", &mut d.priority),
        ("publication", &mut d.publication),
        ("registration", &mut d.registration),
        ("gazette", &mut d.gazette),
    ] {
        let nested_path = format!("dates.{name}");
        let flat_key = format!("{name}_date");
        let a = match nested {
            Some(o) => string(o, name, &nested_path)?
                .map(|s| fields::date(&nested_path, &s))
                .transpose()?,
            None => None,
        };
        let b = string(obj, &flat_key, &flat_key)?
            .map(|s| fields::date(&flat_key, &s))
            .transpose()?;
        *slot = match (a, b) {
            (Some(a), Some(b)) if a != b => {
                return Err(Fault::field(
                    flat_key,
                    format!("{b} disagrees with {nested_path} {a}"),
                ))
            }
            (a, b) => a.or(b),
        };
    }
    Ok(d)
}
