//! `markwatch stats`: record counts by office, status and Nice class.

use std::fmt::Write as _;
use std::process::ExitCode;

use markwatch_store::{Stats, Store};
use serde::Serialize;

use super::{CliError, CmdResult, DbArgs};

/// Arguments of `markwatch stats`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Output::Table)]
    pub format: Output,
}

/// How `stats` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    /// Aligned columns for people.
    Table,
    /// One JSON object: `{"records", "by_office", "by_status", "by_class"}`, each list of
    /// `{"<key>", "records"}` objects sorted by key.
    Json,
}

/// Runs `markwatch stats`. A missing database is a user fault (exit 2).
pub fn run(args: Args) -> CmdResult {
    let store = Store::open_read_only(&args.db.db)?;
    let stats = store.stats()?;
    let text = match args.format {
        Output::Table => table(&stats),
        Output::Json => to_json(&stats)? + "\n",
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// The JSON shape, fields in this order.
#[derive(Serialize)]
struct JsonStats<'a> {
    records: u64,
    by_office: Vec<Keyed<'a, &'a str>>,
    by_status: Vec<Keyed<'a, &'a str>>,
    by_class: Vec<Keyed<'a, u8>>,
}

/// One count, its key under the given name (`{"office": "CN", "records": 2}`).
#[derive(Serialize)]
struct Keyed<'a, K> {
    #[serde(flatten)]
    key: std::collections::BTreeMap<&'a str, K>,
    records: u64,
}

fn keyed<'a, K: Copy>(name: &'a str, key: K, records: u64) -> Keyed<'a, K> {
    Keyed {
        key: [(name, key)].into(),
        records,
    }
}

/// Pretty JSON with the fields in [`JsonStats`] order (a `Value` would sort them).
fn to_json(stats: &Stats) -> Result<String, CliError> {
    let shape = JsonStats {
        records: stats.records,
        by_office: stats
            .by_office
            .iter()
            .map(|(k, n)| keyed("office", k.as_str(), *n))
            .collect(),
        by_status: stats
            .by_status
            .iter()
            .map(|(k, n)| keyed("status", k.as_str(), *n))
            .collect(),
        by_class: stats
            .by_class
            .iter()
            .map(|(k, n)| keyed("class", *k, *n))
            .collect(),
    };
    serde_json::to_string_pretty(&shape)
        .map_err(|e| CliError::internal(format!("cannot encode stats: {e}")))
}

/// Three small tables under a total, each column aligned.
fn table(stats: &Stats) -> String {
    let mut out = format!("records  {}\n", stats.records);
    let classes: Vec<(String, u64)> = stats
        .by_class
        .iter()
        .map(|(c, n)| (c.to_string(), *n))
        .collect();
    for (title, rows) in [
        ("office", &stats.by_office),
        ("status", &stats.by_status),
        ("class", &classes),
    ] {
        let key_width = rows
            .iter()
            .map(|(k, _)| k.chars().count())
            .chain([title.len()])
            .max()
            .unwrap_or(0);
        let _ = write!(out, "\n{title:<key_width$}  records\n");
        for (key, n) in rows {
            let _ = writeln!(out, "{key:<key_width$}  {n:>7}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> Stats {
        Stats {
            records: 3,
            by_office: vec![("CN".into(), 2), ("JP".into(), 1)],
            by_status: vec![("filed".into(), 2), ("registered".into(), 1)],
            by_class: vec![(9, 1), (30, 2)],
        }
    }

    #[test]
    fn table_lists_every_count_aligned() {
        let expected = "records  3\n\
            \noffice  records\nCN            2\nJP            1\n\
            \nstatus      records\nfiled             2\nregistered        1\n\
            \nclass  records\n9            1\n30           2\n";
        assert_eq!(table(&sample()), expected);
    }

    #[test]
    fn json_lists_are_objects_in_key_order() {
        let text = to_json(&sample()).unwrap();
        assert!(text.find("\"records\": 3").unwrap() < text.find("by_office").unwrap());
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["records"], 3);
        assert_eq!(v["by_class"][1], json!({"class": 30, "records": 2}));
        assert_eq!(v["by_office"][0], json!({"office": "CN", "records": 2}));
    }
}
