//! `markwatch screen FILINGS... [--watch WATCHLIST] [--register PATH] [--builtin]`: reports
//! the filings similar to a watched name, an earlier mark, or a name of the built-in registers
//! (geographical indications, place names, well-known marks of Japan and China), with the
//! legal grounds each finding raises and the deadlines to act.
//!
//! Targets: with neither `--watch` nor `--register`, the built-in registers
//! ([`markwatch_core::registers`]); with either, those only, unless `--builtin` adds the
//! registers too. Watch-list and `--register` findings are reported if and only if their score
//! (mark similarity × goods factor, × 0.8 when the filing is a word of its own that the
//! target is not: `docs/CLI-search.md`) is at least `--threshold` (default
//! [`DEFAULT_THRESHOLD`]);
//! built-in register findings follow the registers' own rules (match strength by knownness,
//! place names by office and country, at least one ground raised: see
//! `markwatch_core::registers::RegisterScreener`), and `--threshold` only raises their bar.
//!
//! Every finding carries `grounds` (codes of the rules engine, [`markwatch_core::rules`]) and
//! deadlines computed as of `--today YYYY-MM-DD` (default: today's UTC date from the system
//! clock). Findings are sorted by urgency (the most urgent deadline first), then score.
//! Formats:
//! - `table` (default): `filing  target  score  grounds  names`, plus the explanation tree
//!   with `--explain`;
//! - `jsonl`: one finding a line, in the findings JSON contract (`docs/CLI-search.md`):
//!   `filing_id, target_id, target_names, score, grounds, explanation, target, filing, legal,
//!   deadlines`;
//! - `json`: the same findings as one JSON array.
//!
//! With `--applicants`, the batch's applicants are then profiled
//! ([`markwatch_core::applicants`]) with the findings as match data. A finding whose filing's
//! applicant group scores at or over the profile threshold carries `applicant` (group id,
//! score, contributing indicators) and is assessed again with that score, so the rules add
//! CN-4 / JP-3-1 / JP-4-1-7 where their own bar is met. The ranking of the groups follows the
//! findings in table format; in the JSON formats stdout stays findings only and the ranking
//! goes to `--applicants-out PATH` (one JSON object a line, any format).
//!
//! A filing without findings prints nothing. A rejected filing is reported on stderr and
//! skipped. The run ends with a summary line on stderr. Exit 0 on success, 2 on a user error.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use markwatch::register::{classify, entry_of, in_memory, open_index, Paths, RegisterBytes};
use markwatch_core::applicants::{Indicator, Matches, Profiler, TargetRef};
use markwatch_core::index::{
    assess, screen_record_of_kinds, sort_findings, ApplicantNote, Entry, Finding, Index,
    IndexBuilder, Scratch, ScreenFinding, Target, TargetFacts, DEFAULT_THRESHOLD,
};
use markwatch_core::normalize::Normalizer;
use markwatch_core::registers::RegisterScreener;
use markwatch_core::score::Explanation;
use markwatch_core::watch::{read_watch_list, WatchEntry, WatchKind};
use markwatch_core::{Clock, FixedClock, GoodsClass, NiceClass, Office, Record};

use super::index::read_records;
use super::{CliError, CmdResult};

/// Arguments of `markwatch screen`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Filing files (JSONL, CSV, ST.66 or ST.96 XML).
    #[arg(required = true, value_name = "FILINGS")]
    pub filings: Vec<PathBuf>,

    /// A watch list: CSV `id,kind,names,owner,country,classes` or JSONL with the same fields.
    #[arg(long, value_name = "WATCHLIST")]
    pub watch: Option<PathBuf>,

    /// An earlier register: index files (several are shards of one register) or record
    /// files.
    #[arg(long, value_name = "PATH")]
    pub register: Vec<PathBuf>,

    /// Also screen against the built-in registers (the default without --watch/--register).
    #[arg(long)]
    pub builtin: bool,

    /// Report findings scoring at least this (0 to 1).
    #[arg(long, value_name = "T", default_value_t = DEFAULT_THRESHOLD,
          value_parser = parse_threshold)]
    pub threshold: f32,

    /// Compute deadlines as of this date (YYYY-MM-DD) instead of today's UTC date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<NaiveDate>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Print each finding's explanation tree (table format; JSON formats always carry it).
    #[arg(long)]
    pub explain: bool,

    /// Profile the batch's applicants with the findings as match data: note high scorers on
    /// their findings (`applicant`, bad-faith grounds) and rank the applicants (table format:
    /// after the findings; any format: `--applicants-out`).
    #[arg(long)]
    pub applicants: bool,

    /// With --applicants: write the whole ranking to PATH, one JSON object a line.
    #[arg(long, value_name = "PATH", requires = "applicants")]
    pub applicants_out: Option<PathBuf>,

    /// With --applicants: a JSON profile configuration (as `markwatch applicant --config`).
    #[arg(long, value_name = "FILE", requires = "applicants")]
    pub applicant_config: Option<PathBuf>,

    /// With --applicants: note applicants whose bad-faith score is at least this (default:
    /// the profile configuration's `threshold`, 0.5).
    #[arg(long, value_name = "T", value_parser = parse_threshold, requires = "applicants")]
    pub applicant_threshold: Option<f32>,

    /// With --applicants, table format: rank at most N applicant groups (default 20).
    #[arg(long, value_name = "N", default_value_t = 20, requires = "applicants")]
    pub applicants_top: usize,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|e| format!("{s:?} is not a date YYYY-MM-DD ({e})"))
}

/// The wall clock: today's date in UTC.
struct SystemClock;

impl Clock for SystemClock {
    // The one wall-clock read of the binary: deadline code takes a `Clock`, and `--today`
    // replaces this in tests and reproducible runs (clippy.toml disallows the call elsewhere).
    #[allow(clippy::disallowed_methods)]
    fn today(&self) -> NaiveDate {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let days = i64::try_from(secs / 86_400).unwrap_or(0);
        NaiveDate::from_ymd_opt(1970, 1, 1)
            .and_then(|epoch| epoch.checked_add_signed(chrono::Duration::days(days)))
            .unwrap_or(NaiveDate::MIN)
    }
}

fn parse_threshold(s: &str) -> Result<f32, String> {
    let t: f32 = s.parse().map_err(|_| format!("{s:?} is not a number"))?;
    if (0.0..=1.0).contains(&t) {
        Ok(t)
    } else {
        Err(format!("{t} is outside 0 to 1"))
    }
}

/// Output formats of `screen`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for reading.
    Table,
    /// One finding per line.
    Jsonl,
    /// One JSON array of findings.
    Json,
}

/// The targets of one run besides the built-in registers.
struct Targets {
    /// Indexes with the register each belongs to (`watch` or `index`).
    indexes: Vec<(Index<RegisterBytes>, &'static str)>,
    /// Watch-list entries by id, to describe their findings.
    watch: HashMap<String, WatchEntry>,
    /// Earlier marks given as record files, by id: (first applicant, office, classes).
    earlier: HashMap<String, (Option<String>, Office, Vec<NiceClass>)>,
}

/// Runs `markwatch screen`.
pub fn run(args: Args) -> CmdResult {
    let builtin = args.builtin || (args.watch.is_none() && args.register.is_empty());
    let normalizer = Normalizer::global();
    let mut targets = Targets {
        indexes: Vec::new(),
        watch: HashMap::new(),
        earlier: HashMap::new(),
    };
    if let Some(path) = &args.watch {
        let list = read_watch_list(path)?;
        let mut b = IndexBuilder::new(normalizer);
        b.extend(list.iter().map(|w| Entry {
            id: w.id.clone(),
            names: w.names.clone(),
            classes: w.classes.iter().copied().map(GoodsClass::bare).collect(),
            language: w.language(),
        }));
        targets.indexes.push((in_memory(&b)?, "watch"));
        targets.watch = list.into_iter().map(|w| (w.id.clone(), w)).collect();
    }
    if classify(&args.register)? == Paths::Indexes {
        // Shards of one register: each is searched and its findings merged.
        for path in &args.register {
            targets.indexes.push((open_index(path)?, "index"));
        }
    } else if !args.register.is_empty() {
        // Record files: indexed in memory; they also tell each mark's owner, office, classes.
        let mut records = Vec::new();
        for path in &args.register {
            read_records(path, &mut records)?;
        }
        let mut b = IndexBuilder::new(normalizer);
        b.extend(records.iter().map(entry_of));
        targets.indexes.push((in_memory(&b)?, "index"));
        for r in records {
            let owner = r.applicants.first().map(|p| p.name.clone());
            let classes = r.class_numbers().collect();
            targets.earlier.insert(r.id, (owner, r.office, classes));
        }
    }
    let mut filings = Vec::new();
    let mut rejected = 0;
    for path in &args.filings {
        rejected += read_records(path, &mut filings)?;
    }
    let registers = builtin.then(RegisterScreener::builtin);
    let mut n_targets: usize = targets.indexes.iter().map(|(t, _)| t.len()).sum();
    n_targets += registers.map_or(0, RegisterScreener::len);
    let clock: Box<dyn Clock> = match args.today {
        Some(d) => Box::new(FixedClock(d)),
        None => Box::new(SystemClock),
    };
    let mut findings = screen_all(&targets, registers, &filings, args.threshold, &*clock);
    let ranking = if args.applicants {
        Some(profile_applicants(&args, &filings, &mut findings, &*clock)?)
    } else {
        None
    };
    // After the applicant notes: a bad-faith ground can bring a deadline forward.
    sort_findings(&mut findings);
    let with_findings = {
        let mut ids: Vec<&str> = findings
            .iter()
            .map(|f| f.finding.filing_id.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    write_out(&args, &findings, ranking.as_ref())
        .map_err(|e| CliError::internal(format!("cannot write output: {e}")))?;
    if let (Some(path), Some(r)) = (&args.applicants_out, &ranking) {
        write_ranking_file(path, r)?;
    }
    eprintln!(
        "screened {} filings ({rejected} rejected) against {n_targets} targets{}: \
         {} findings for {with_findings} filings at threshold {:.2}",
        filings.len(),
        if builtin {
            " (built-in registers included)"
        } else {
            ""
        },
        findings.len(),
        args.threshold
    );
    if let Some(r) = &ranking {
        eprintln!(
            "profiled {} applicant groups: {} at or over the bad-faith threshold {:.2}, \
             {} findings noted",
            r.rows.len(),
            r.rows.iter().filter(|row| row.over_threshold).count(),
            r.threshold,
            findings.iter().filter(|f| f.applicant.is_some()).count()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The applicant ranking of one run.
struct Ranking {
    /// The profiler's threshold.
    threshold: f64,
    /// Every group, highest score first.
    rows: Vec<RankRow>,
}

/// One applicant group in the ranking (one line of `--applicants-out`).
#[derive(Debug, serde::Serialize)]
struct RankRow {
    rank: usize,
    group_id: String,
    /// The name of the member with the most filings, as written.
    name: String,
    kind: &'static str,
    score: f64,
    over_threshold: bool,
    /// The group's filings in the batch.
    filings: usize,
    /// The findings on those filings.
    findings: usize,
    grounds_hint: Vec<String>,
    /// Contributing indicators, largest contribution first.
    indicators: Vec<IndicatorRow>,
    /// How the score was combined.
    explanation: String,
}

/// One contributing indicator of a [`RankRow`].
#[derive(Debug, serde::Serialize)]
struct IndicatorRow {
    name: String,
    contribution: f64,
    explanation: String,
}

/// Profiles the applicants of `filings` with `findings` as their match data, notes the
/// groups at or over the threshold on their findings (re-running the rules with the score),
/// and ranks every group.
fn profile_applicants(
    args: &Args,
    filings: &[Record],
    findings: &mut [ScreenFinding],
    clock: &dyn Clock,
) -> Result<Ranking, CliError> {
    let mut config = super::applicant::load_config(args.applicant_config.as_deref())?;
    if let Some(t) = args.applicant_threshold {
        config.threshold = f64::from(t);
    }
    config.validate()?;
    let threshold = config.threshold;
    let mut matches = Matches::new();
    for f in findings.iter() {
        let refs = matches.entry(f.finding.filing_id.clone()).or_default();
        if !refs.iter().any(|t| t.target_id == f.target.id) {
            refs.push(TargetRef {
                target_id: f.target.id.clone(),
                kind: f.target.kind.clone(),
                owner: f.target.owner.clone(),
                date: None,
            });
        }
    }
    let mut per_filing: HashMap<&str, usize> = HashMap::new();
    for f in findings.iter() {
        *per_filing.entry(f.finding.filing_id.as_str()).or_default() += 1;
    }
    let analysis = Profiler::new(config).analyze(filings.iter(), &matches);
    let mut notes: HashMap<String, ApplicantNote> = HashMap::new();
    let mut rows = Vec::with_capacity(analysis.len());
    for (i, g) in analysis.ranked().into_iter().enumerate() {
        let p = analysis.profile(g);
        let over_threshold = p.score >= threshold;
        let mut indicators: Vec<&Indicator> = p
            .indicators
            .iter()
            .filter(|x| x.contribution > 0.0)
            .collect();
        indicators.sort_by(|x, y| y.contribution.total_cmp(&x.contribution));
        if over_threshold {
            let note = ApplicantNote {
                group_id: p.group_id.clone(),
                score: (p.score * 10_000.0).round() / 10_000.0,
                indicators: indicators.iter().map(|x| x.name.clone()).collect(),
            };
            for f in &p.filings {
                notes.insert(f.id.clone(), note.clone());
            }
        }
        rows.push(RankRow {
            rank: i + 1,
            name: p
                .members
                .first()
                .map_or_else(|| p.group_id.clone(), |m| m.name.clone()),
            group_id: p.group_id,
            kind: p.kind.as_str(),
            score: p.score,
            over_threshold,
            filings: p.filings.len(),
            findings: p
                .filings
                .iter()
                .map(|f| per_filing.get(f.id.as_str()).copied().unwrap_or(0))
                .sum(),
            grounds_hint: p.grounds_hint,
            indicators: indicators
                .iter()
                .map(|x| IndicatorRow {
                    name: x.name.clone(),
                    contribution: x.contribution,
                    explanation: x.explanation.clone(),
                })
                .collect(),
            explanation: p.explanation.description,
        });
    }
    for f in findings.iter_mut() {
        if let Some(note) = notes.get(&f.finding.filing_id) {
            f.set_applicant(note.clone(), clock);
        }
    }
    Ok(Ranking { threshold, rows })
}

/// Writes the whole ranking to `path`, one [`RankRow`] a line.
fn write_ranking_file(path: &std::path::Path, ranking: &Ranking) -> Result<(), CliError> {
    let fail = |e: std::io::Error| {
        CliError::user(format!(
            "{}: cannot write the applicant ranking: {e}",
            path.display()
        ))
    };
    let file = std::fs::File::create(path).map_err(fail)?;
    let mut out = std::io::BufWriter::new(file);
    for row in &ranking.rows {
        serde_json::to_writer(&mut out, row)
            .map_err(|e| CliError::internal(format!("cannot encode the ranking: {e}")))?;
        out.write_all(b"\n").map_err(fail)?;
    }
    out.flush().map_err(fail)
}

/// The ranking for reading: one line a group, then each over-threshold group's contributing
/// indicators with their explanations.
fn write_ranking_table(out: &mut impl Write, r: &Ranking, top: usize) -> std::io::Result<()> {
    let over = r.rows.iter().filter(|row| row.over_threshold).count();
    writeln!(
        out,
        "\napplicants: {} groups, {over} at or over the bad-faith threshold {:.2} \
         (first {} shown)",
        r.rows.len(),
        r.threshold,
        top.min(r.rows.len())
    )?;
    writeln!(out, "rank  score  kind        filings  findings  applicant")?;
    for row in r.rows.iter().take(top) {
        writeln!(
            out,
            "{:>4}  {:.3}  {:<10}  {:>7}  {:>8}  {}{}",
            row.rank,
            row.score,
            row.kind,
            row.filings,
            row.findings,
            row.name,
            if row.grounds_hint.is_empty() {
                String::new()
            } else {
                format!("  [{}]", row.grounds_hint.join(", "))
            }
        )?;
        if row.over_threshold {
            for i in &row.indicators {
                writeln!(
                    out,
                    "        {} {:.2}: {}",
                    i.name, i.contribution, i.explanation
                )?;
            }
        }
    }
    Ok(())
}

/// Findings in filing order (each filing's best score first), screened on all cores.
fn screen_all(
    targets: &Targets,
    registers: Option<&RegisterScreener>,
    filings: &[Record],
    threshold: f32,
    clock: &dyn Clock,
) -> Vec<ScreenFinding> {
    let normalizer = Normalizer::global();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = filings.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = filings
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let mut scratch = Scratch::new();
                    let mut out = Vec::new();
                    for r in part {
                        let mut all: Vec<ScreenFinding> = Vec::new();
                        for (index, register) in &targets.indexes {
                            let is_gi = |id: &str| {
                                *register == "watch"
                                    && targets
                                        .watch
                                        .get(id)
                                        .is_some_and(|w| w.kind == WatchKind::Gi)
                            };
                            for f in screen_record_of_kinds(
                                index,
                                normalizer,
                                r,
                                threshold,
                                &mut scratch,
                                is_gi,
                            ) {
                                let (target, facts) = describe(targets, register, &f, r);
                                all.push(assess(f, target, facts, r, clock));
                            }
                        }
                        if let Some(reg) = registers {
                            all.extend(
                                reg.screen(normalizer, r, clock, &mut scratch)
                                    .into_iter()
                                    .filter(|f| f.finding.score >= threshold),
                            );
                        }
                        all.sort_by(|a, b| {
                            b.finding
                                .score
                                .total_cmp(&a.finding.score)
                                .then_with(|| a.finding.target_id.cmp(&b.finding.target_id))
                        });
                        out.extend(all);
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("screen worker panicked"))
            .collect()
    })
}

/// The target description and rules facts of a watch-list or `--register` finding.
fn describe(
    targets: &Targets,
    register: &str,
    finding: &Finding,
    filing: &Record,
) -> (Target, TargetFacts) {
    let (id, names) = (finding.target_id.as_str(), &finding.target_names);
    if let Some(w) = targets.watch.get(id).filter(|_| register == "watch") {
        let target = Target {
            id: w.id.clone(),
            kind: w.kind.as_str().to_string(),
            names: w.names.clone(),
            owner: (!w.owner.is_empty()).then(|| w.owner.clone()),
            country: w.country.clone(),
            classes: w.classes.clone(),
            knownness: None,
            register: "watch".into(),
        };
        return (target, TargetFacts::of_watch_kind(w.kind.as_str()));
    }
    // An earlier register's record: from its record file when given, else from the index
    // (its classes, and its office from ids `OFFICE:number`; the owner is not indexed).
    let (owner, office, classes) = match targets.earlier.get(id) {
        Some((owner, office, classes)) => (owner.clone(), Some(office.clone()), classes.clone()),
        None => (
            None,
            id.split_once(':')
                .and_then(|(o, _)| o.parse::<Office>().ok()),
            finding.target_classes.clone(),
        ),
    };
    let target = Target {
        id: id.to_string(),
        kind: "registered_mark".into(),
        names: names.to_vec(),
        owner,
        country: office.as_ref().map(|o| o.code().to_string()),
        classes,
        knownness: None,
        register: register.to_string(),
    };
    let facts = TargetFacts {
        kind: markwatch_core::TargetKind::RegisteredMark,
        registered_here: office.map(|o| o == filing.office),
    };
    (target, facts)
}

fn write_out(
    args: &Args,
    findings: &[ScreenFinding],
    ranking: Option<&Ranking>,
) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Jsonl => {
            for f in findings {
                serde_json::to_writer(&mut out, f)?;
                out.write_all(b"\n")?;
            }
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, findings)?;
            out.write_all(b"\n")?;
        }
        Format::Table => {
            for f in findings {
                let g = &f.finding;
                let grounds = if g.grounds.is_empty() {
                    "-".to_string()
                } else {
                    g.grounds.join(",")
                };
                writeln!(
                    out,
                    "{:<14} {:<20} {:.3}  {:<24} {}",
                    g.filing_id,
                    g.target_id,
                    g.score,
                    grounds,
                    g.target_names.join(" | ")
                )?;
                if let Some(a) = &f.applicant {
                    writeln!(
                        out,
                        "  applicant {} bad-faith score {:.3} ({})",
                        a.group_id,
                        a.score,
                        a.indicators.join(", ")
                    )?;
                }
                if args.explain {
                    write_tree(&mut out, &g.explanation, 1)?;
                }
            }
            if let Some(r) = ranking {
                write_ranking_table(&mut out, r, args.applicants_top)?;
            }
        }
    }
    out.flush()
}

fn write_tree(out: &mut impl Write, e: &Explanation, depth: usize) -> std::io::Result<()> {
    writeln!(
        out,
        "{:indent$}{:.3} {}: {}",
        "",
        e.value,
        e.method,
        e.detail,
        indent = depth * 2
    )?;
    for c in &e.children {
        write_tree(out, c, depth + 1)?;
    }
    Ok(())
}
