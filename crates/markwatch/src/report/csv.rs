//! The docketing export: one CSV row per finding, with its deadlines.
//!
//! Columns ([`HEADER`]), UTF-8, RFC 4180 quoting, `\n` line ends:
//!
//! | column | content |
//! |---|---|
//! | `filing_id`, `filing_mark`, `office` | the filing |
//! | `applicant` | applicant names, `; `-separated |
//! | `classes` | Nice classes, `;`-separated |
//! | `target_id`, `target_names` | the target; names `;`-separated |
//! | `score` | three decimals |
//! | `grounds` | ground codes, `;`-separated |
//! | `next_action`, `next_closes`, `next_days_left`, `next_state` | the most urgent deadline (empty when there is none, or its date is unknown) |
//! | `deadlines` | every deadline as `action:closes:state`, `;`-separated (`closes` empty when unknown or never) |
//!
//! Dates are ISO 8601 (`2025-12-29`). Holidays are not modelled: a closing date on a
//! non-working day may move to the next working day.

use std::io::Write;

use super::{state_name, FindingDoc};

/// The header row.
pub const HEADER: [&str; 14] = [
    "filing_id",
    "filing_mark",
    "office",
    "applicant",
    "classes",
    "target_id",
    "target_names",
    "score",
    "grounds",
    "next_action",
    "next_closes",
    "next_days_left",
    "next_state",
    "deadlines",
];

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// Writes the header and one row per finding, in the given order.
pub fn write_csv(out: impl Write, findings: &[FindingDoc]) -> Result<(), ::csv::Error> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(out);
    w.write_record(HEADER)?;
    for f in findings {
        let next = f.next_deadline();
        let row: [String; 14] = [
            f.filing_id.clone(),
            f.filing.mark.clone(),
            f.filing.office.code().to_string(),
            f.filing
                .applicants
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            f.filing
                .class_numbers()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(";"),
            f.target_id.clone(),
            f.target_names.join(";"),
            format!("{:.3}", f.score),
            f.grounds.join(";"),
            opt(next.map(|d| d.action.as_str())),
            opt(next.and_then(|d| d.closes)),
            opt(next.and_then(|d| d.days_left)),
            opt(next.map(|d| state_name(d.state))),
            f.deadlines
                .iter()
                .map(|d| {
                    format!(
                        "{}:{}:{}",
                        d.action.as_str(),
                        opt(d.closes),
                        state_name(d.state)
                    )
                })
                .collect::<Vec<_>>()
                .join(";"),
        ];
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}
