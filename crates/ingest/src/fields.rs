//! Field parsing and record validation shared by every format.

use chrono::NaiveDate;
use markwatch_core::{MarkKind, NiceClass, Office, Record, Source, Status};

use crate::RecordError;

/// A fault in one field (or in the record as a whole when `field` is `None`), before the
/// reader attaches the source position and raw bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fault {
    pub field: Option<String>,
    pub reason: String,
}

impl Fault {
    pub(crate) fn field(field: impl Into<String>, reason: impl Into<String>) -> Fault {
        Fault {
            field: Some(field.into()),
            reason: reason.into(),
        }
    }

    pub(crate) fn whole(reason: impl Into<String>) -> Fault {
        Fault {
            field: None,
            reason: reason.into(),
        }
    }

    pub(crate) fn at(self, source: Source, raw: Vec<u8>) -> RecordError {
        RecordError {
            source,
            field: self.field,
            reason: self.reason,
            raw,
        }
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(field) = &self.field {
            write!(f, "field `{field}`: ")?;
        }
        f.write_str(&self.reason)
    }
}

pub(crate) type FResult<T> = Result<T, Fault>;

/// Parses `YYYY-MM-DD` or `YYYYMMDD`. An XML Schema time-zone suffix (`Z`, `+08:00`) is
/// ignored: trademark dates are calendar days in the office's time zone.
pub(crate) fn date(field: &str, s: &str) -> FResult<NaiveDate> {
    let t = s.trim();
    let t = t.strip_suffix('Z').unwrap_or(t);
    let t = match t.len() {
        16 if matches!(t.as_bytes()[10], b'+' | b'-') => &t[..10],
        _ => t,
    };
    let parsed = if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        NaiveDate::parse_from_str(t, "%Y%m%d")
    } else if t.len() == 10 {
        NaiveDate::parse_from_str(t, "%Y-%m-%d")
    } else {
        return Err(Fault::field(
            field,
            format!("bad date {s:?} (expected YYYY-MM-DD or YYYYMMDD)"),
        ));
    };
    parsed.map_err(|e| Fault::field(field, format!("bad date {s:?}: {e}")))
}

pub(crate) fn office(field: &str, s: &str) -> FResult<Office> {
    s.parse().map_err(|e: String| Fault::field(field, e))
}

pub(crate) fn kind(field: &str, s: &str) -> FResult<MarkKind> {
    s.parse().map_err(|e: String| Fault::field(field, e))
}

pub(crate) fn status(field: &str, s: &str) -> FResult<Status> {
    s.parse().map_err(|e: String| Fault::field(field, e))
}

pub(crate) fn class(field: &str, s: &str) -> FResult<NiceClass> {
    s.parse().map_err(|e: String| Fault::field(field, e))
}

/// `None` for an empty or all-blank string, else the string as given.
pub(crate) fn non_blank(s: impl Into<String>) -> Option<String> {
    let s = s.into();
    (!s.trim().is_empty()).then_some(s)
}

/// True if and only if a mark of this kind may have no verbal element.
pub(crate) fn may_be_wordless(kind: MarkKind) -> bool {
    matches!(
        kind,
        MarkKind::Figurative | MarkKind::ThreeD | MarkKind::Sound
    )
}

/// The checks every reader applies before yielding: a non-blank id, a non-blank mark unless the
/// kind is figurative, 3-D or sound, and non-blank applicant names. Classes are normalized.
pub(crate) fn finish(mut r: Record) -> FResult<Record> {
    if r.id.trim().is_empty() {
        return Err(Fault::field("id", "missing or empty id"));
    }
    if r.mark.trim().is_empty() && !may_be_wordless(r.kind) {
        return Err(Fault::field(
            "mark",
            format!(
                "missing or empty mark (allowed only for figurative, three_d and sound kinds; kind is {})",
                r.kind.as_str()
            ),
        ));
    }
    if let Some(i) = r.applicants.iter().position(|p| p.name.trim().is_empty()) {
        return Err(Fault::field(
            format!("applicants[{i}].name"),
            "empty applicant name",
        ));
    }
    r.normalize_classes();
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_forms_and_with_zones() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        for s in [
            "2025-03-01",
            "20250301",
            " 2025-03-01 ",
            "2025-03-01Z",
            "2025-03-01+08:00",
        ] {
            assert_eq!(date("f", s).unwrap(), d, "{s}");
        }
        for s in ["2025-02-30", "2025/03/01", "1 March 2025", "", "202503011"] {
            let e = date("dates.filing", s).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("dates.filing"), "{s}");
        }
    }
}
