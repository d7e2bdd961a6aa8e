//! `markwatch applicant NAME`: an applicant group's profile, its filings and its bad-faith
//! indicators with their explanations.
//!
//! Records come from the database (`--db`, default) or from record files (`--input`, any
//! format `markwatch ingest` reads). All records are profiled, since the volume baseline is
//! computed from the whole register; then the group whose member names match NAME (any
//! script, width or legal form, or failing that any reading) is printed. `--all` prints every
//! group instead, highest score first (table, or one JSON object a line).
//!
//! Optional inputs, each a documented format of `markwatch_core::applicants`:
//! `--matches` (screening matches, JSONL), `--side-data` (assignments, adverse findings,
//! contacts, JSONL), `--overrides` (grouping overrides, TSV or JSON), `--config` (a JSON
//! `ProfileConfig`, any subset of fields). A summary line goes to stderr.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use markwatch_core::applicants::{
    parse_matches, Analysis, Matches, Overrides, Profile, ProfileConfig, Profiler, SideData,
};
use markwatch_core::Record;
use markwatch_store::Store;
use serde::Serialize;

use super::{CliError, CmdResult, DbArgs};

/// Arguments of `markwatch applicant`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The applicant's name, in any script or legal form (omit with --all).
    #[arg(
        value_name = "NAME",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub name: Option<String>,

    /// Print every applicant group, highest score first.
    #[arg(long)]
    pub all: bool,

    /// With --all: print only the first N groups.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,

    #[command(flatten)]
    pub db: DbArgs,

    /// Read records from these files instead of the database; repeatable.
    #[arg(long, value_name = "FILE")]
    pub input: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// The volume window in days (default 30).
    #[arg(long, value_name = "N")]
    pub window_days: Option<u32>,

    /// Screening matches, JSONL: {"record_id", "target_id", "kind", "owner"?, "date"?}.
    #[arg(long, value_name = "FILE")]
    pub matches: Option<PathBuf>,

    /// Side data, JSONL: assignments, adverse findings and contacts.
    #[arg(long, value_name = "FILE")]
    pub side_data: Option<PathBuf>,

    /// Grouping overrides, TSV (`merge<TAB>a<TAB>b`, `split<TAB>a`) or JSON.
    #[arg(long, value_name = "FILE")]
    pub overrides: Option<PathBuf>,

    /// A JSON profile configuration (weights, thresholds, windows); omitted fields keep
    /// their defaults.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// Output formats of `applicant`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Sections and aligned columns for reading.
    Table,
    /// The profile as one JSON object (`--all`: one summary object a line).
    Json,
}

fn read_text(path: &Path, what: &str) -> Result<String, CliError> {
    std::fs::read_to_string(path)
        .map_err(|e| CliError::user(format!("{}: cannot read {what}: {e}", path.display())))
}

/// The profile configuration in the JSON file at `path`, or the default one without a path.
/// An unreadable or invalid file is a user fault naming the file (and line).
pub(crate) fn load_config(path: Option<&Path>) -> Result<ProfileConfig, CliError> {
    let Some(p) = path else {
        return Ok(ProfileConfig::default());
    };
    serde_json::from_str::<ProfileConfig>(&read_text(p, "profile config")?).map_err(|e| {
        CliError::user(format!(
            "{}:{}: not a valid profile config: {e}",
            p.display(),
            e.line()
        ))
    })
}

/// Runs `markwatch applicant`. A name that matches no applicant is a user fault (exit 2).
pub fn run(args: Args) -> CmdResult {
    let mut config = load_config(args.config.as_deref())?;
    if let Some(w) = args.window_days {
        config.window_days = w;
    }
    config.validate()?;
    let matches: Matches = match &args.matches {
        Some(p) => parse_matches(&read_text(p, "matches")?, &p.display().to_string())?,
        None => Matches::new(),
    };
    let mut profiler = Profiler::new(config);
    if let Some(p) = &args.side_data {
        profiler = profiler.with_side_data(SideData::parse(
            &read_text(p, "side data")?,
            &p.display().to_string(),
        )?);
    }
    if let Some(p) = &args.overrides {
        profiler = profiler.with_overrides(Overrides::parse(
            &read_text(p, "overrides")?,
            &p.display().to_string(),
        )?);
    }

    let records = load(&args)?;
    let started = Instant::now();
    let analysis = profiler.analyze(records.iter(), &matches);
    eprintln!(
        "markwatch: profiled {} records ({} without applicant), {} applicant groups in {:.2} s",
        records.len(),
        analysis.unattributed(),
        analysis.len(),
        started.elapsed().as_secs_f64()
    );
    for note in analysis.notes().iter().take(20) {
        eprintln!("markwatch: note: {note}");
    }

    let text = if args.all {
        all(&analysis, args.top.unwrap_or(usize::MAX), args.format)?
    } else {
        let name = args.name.as_deref().unwrap_or_default();
        let found = analysis.find(name);
        let Some(&first) = found.first() else {
            return Err(CliError::user(format!(
                "no applicant matches {name:?} (names are compared after removing legal forms, \
                 case, width and variant characters, then by reading)"
            )));
        };
        if found.len() > 1 {
            let others: Vec<&str> = found[1..].iter().map(|&g| analysis.group_id(g)).collect();
            eprintln!(
                "markwatch: {} groups match {name:?} by reading; printing {}, also: {}",
                found.len(),
                analysis.group_id(first),
                others.join(", ")
            );
        }
        let p = analysis.profile(first);
        match args.format {
            Format::Table => table(&p),
            Format::Json => json(&p)? + "\n",
        }
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// Every record, from `--input` files or the database.
fn load(args: &Args) -> Result<Vec<Record>, CliError> {
    let mut records = Vec::new();
    if args.input.is_empty() {
        let store = Store::open_read_only(&args.db.db)?;
        for r in store.records() {
            records.push(r?);
        }
    } else {
        for path in &args.input {
            super::index::for_each_record(path, |r| records.push(r))?;
        }
    }
    Ok(records)
}

fn json(p: &Profile) -> Result<String, CliError> {
    serde_json::to_string_pretty(p)
        .map_err(|e| CliError::internal(format!("cannot encode profile: {e}")))
}

/// One line of `--all --format json`.
#[derive(Serialize)]
struct Summary<'a> {
    group_id: &'a str,
    kind: &'a str,
    score: f64,
    names: Vec<&'a str>,
    filings: usize,
    grounds_hint: &'a [String],
    top_indicators: Vec<String>,
}

fn all(a: &Analysis<'_>, top: usize, format: Format) -> Result<String, CliError> {
    let mut out = String::new();
    if format == Format::Table {
        out.push_str("rank  score  kind        filings  group\n");
    }
    for (rank, g) in a.ranked().into_iter().take(top).enumerate() {
        let p = a.profile(g);
        match format {
            Format::Table => {
                let _ = writeln!(
                    out,
                    "{:>4}  {:.3}  {:<10}  {:>7}  {}",
                    rank + 1,
                    p.score,
                    p.kind.as_str(),
                    p.filings.len(),
                    p.members.first().map_or(p.group_id.as_str(), |m| &m.name)
                );
            }
            Format::Json => {
                let mut ind: Vec<_> = p
                    .indicators
                    .iter()
                    .filter(|i| i.contribution > 0.0)
                    .collect();
                ind.sort_by(|x, y| y.contribution.total_cmp(&x.contribution));
                let s = Summary {
                    group_id: &p.group_id,
                    kind: p.kind.as_str(),
                    score: p.score,
                    names: p.members.iter().map(|m| m.name.as_str()).collect(),
                    filings: p.filings.len(),
                    grounds_hint: &p.grounds_hint,
                    top_indicators: ind
                        .iter()
                        .map(|i| format!("{} {:.2}", i.name, i.contribution))
                        .collect(),
                };
                let line = serde_json::to_string(&s)
                    .map_err(|e| CliError::internal(format!("cannot encode summary: {e}")))?;
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    Ok(out)
}

/// The profile for reading: header, members and links, indicators, filings.
fn table(p: &Profile) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "applicant  {}\nkind       {}\nscore      {:.3}",
        p.members.first().map_or(p.group_id.as_str(), |m| &m.name),
        p.kind.as_str(),
        p.score
    );
    let _ = writeln!(out, "           {}", p.explanation.description);
    if !p.grounds_hint.is_empty() {
        let _ = writeln!(out, "grounds    {}", p.grounds_hint.join(", "));
    }
    let _ = writeln!(out, "\nmembers ({})", p.members.len());
    for m in &p.members {
        let _ = writeln!(
            out,
            "  {}  [{}; key {}; {} filings]",
            m.name,
            m.kind.as_str(),
            m.key,
            m.filings
        );
    }
    for l in &p.why {
        let _ = writeln!(out, "  {} + {}: {}", l.a, l.b, l.why);
    }
    let _ = writeln!(out, "\nindicators");
    let width = p.indicators.iter().map(|i| i.name.len()).max().unwrap_or(0);
    for i in &p.indicators {
        let mut grounds: Vec<String> = i.factors.iter().map(|f| format!("SAMR 8({f})")).collect();
        grounds.extend(i.jp_articles.iter().cloned());
        grounds.extend(i.cn_articles.iter().cloned());
        let _ = writeln!(
            out,
            "  {:<width$}  {:.2} × {:.2} = {:.2}  {}{}  [{}]",
            i.name,
            i.weight,
            i.strength,
            i.contribution,
            i.explanation,
            i.missing_input
                .as_deref()
                .map_or(String::new(), |m| format!(" (no data: {m})")),
            grounds.join(", ")
        );
    }
    let _ = writeln!(out, "\nfilings ({})", p.filings.len());
    for f in &p.filings {
        let classes: Vec<String> = f.classes.iter().map(u8::to_string).collect();
        let _ = writeln!(
            out,
            "  {}  {}  {}  classes {}{}",
            f.id,
            f.filing_date
                .map_or("----------".to_string(), |d| d.to_string()),
            f.mark,
            if classes.is_empty() {
                "-".to_string()
            } else {
                classes.join(",")
            },
            if f.targets.is_empty() {
                String::new()
            } else {
                format!("  matches {}", f.targets.join(", "))
            }
        );
    }
    out
}
