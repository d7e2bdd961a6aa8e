//! `markwatch screen FILINGS... [--watch WATCHLIST] [--register PATH]`: reports the filings
//! similar to a watched name or to an earlier mark.
//!
//! Every filing is compared with every target (watch-list entries, register marks through the
//! index); a finding is printed if and only if its score (mark similarity × goods factor) is at
//! least `--threshold` (default [`DEFAULT_THRESHOLD`]). Formats:
//! - `table` (default): `filing  target  score  names`, plus the explanation tree with
//!   `--explain`;
//! - `jsonl`: one finding a line, `{"filing_id", "target_id", "target_names", "score",
//!   "grounds", "explanation"}`, in filing order then best score first;
//! - `json`: the same findings as one JSON array.
//!
//! A filing without findings prints nothing. A rejected filing is reported on stderr and
//! skipped. The run ends with a summary line on stderr. Exit 0 on success, 2 on a user error.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use markwatch_core::index::{
    screen_record, Entry, Finding, Index, IndexBuilder, Scratch, DEFAULT_THRESHOLD,
};
use markwatch_core::normalize::Normalizer;
use markwatch_core::score::Explanation;
use markwatch_core::watch::read_watch_list;
use markwatch_core::{GoodsClass, Record};

use super::index::{open_register, read_records, Bytes};
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

    /// An earlier register: one index file or record files.
    #[arg(long, value_name = "PATH")]
    pub register: Vec<PathBuf>,

    /// Report findings scoring at least this (0 to 1).
    #[arg(long, value_name = "T", default_value_t = DEFAULT_THRESHOLD,
          value_parser = parse_threshold)]
    pub threshold: f32,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Print each finding's explanation tree (table format; JSON formats always carry it).
    #[arg(long)]
    pub explain: bool,
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

/// Runs `markwatch screen`.
pub fn run(args: Args) -> CmdResult {
    if args.watch.is_none() && args.register.is_empty() {
        return Err(CliError::user(
            "screen needs --watch WATCHLIST or --register PATH: the built-in registers \
             are not available yet",
        ));
    }
    let normalizer = Normalizer::global();
    let mut targets: Vec<Index<Bytes>> = Vec::new();
    let mut n_targets = 0;
    if let Some(path) = &args.watch {
        let list = read_watch_list(path)?;
        let mut b = IndexBuilder::new(normalizer);
        b.extend(list.into_iter().map(|w| Entry {
            id: w.id,
            names: w.names,
            classes: w.classes.into_iter().map(GoodsClass::bare).collect(),
        }));
        let mut bytes = Vec::new();
        b.write(&mut bytes)?;
        targets.push(Index::from_bytes(Bytes::Owned(bytes))?);
    }
    if !args.register.is_empty() {
        targets.push(open_register(&args.register)?);
    }
    for t in &targets {
        n_targets += t.len();
    }
    let mut filings = Vec::new();
    let mut rejected = 0;
    for path in &args.filings {
        rejected += read_records(path, &mut filings)?;
    }
    let findings = screen_all(&targets, &filings, args.threshold);
    let with_findings = findings.iter().filter(|f| !f.is_empty()).count();
    let total: usize = findings.iter().map(Vec::len).sum();
    write_out(&args, &findings)
        .map_err(|e| CliError::internal(format!("cannot write output: {e}")))?;
    eprintln!(
        "screened {} filings ({rejected} rejected) against {n_targets} targets: \
         {total} findings for {with_findings} filings at threshold {:.2}",
        filings.len(),
        args.threshold
    );
    Ok(ExitCode::SUCCESS)
}

/// Findings per filing, in filing order, screened on all cores.
fn screen_all(targets: &[Index<Bytes>], filings: &[Record], threshold: f32) -> Vec<Vec<Finding>> {
    let normalizer = Normalizer::global();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = filings.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = filings
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let mut scratch = Scratch::new();
                    part.iter()
                        .map(|r| {
                            let mut all: Vec<Finding> = targets
                                .iter()
                                .flat_map(|t| {
                                    screen_record(t, normalizer, r, threshold, &mut scratch)
                                })
                                .collect();
                            all.sort_by(|a, b| {
                                b.score
                                    .total_cmp(&a.score)
                                    .then_with(|| a.target_id.cmp(&b.target_id))
                            });
                            all
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("screen worker panicked"))
            .collect()
    })
}

fn write_out(args: &Args, findings: &[Vec<Finding>]) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Jsonl => {
            for f in findings.iter().flatten() {
                serde_json::to_writer(&mut out, f)?;
                out.write_all(b"\n")?;
            }
        }
        Format::Json => {
            let all: Vec<&Finding> = findings.iter().flatten().collect();
            serde_json::to_writer_pretty(&mut out, &all)?;
            out.write_all(b"\n")?;
        }
        Format::Table => {
            for f in findings.iter().flatten() {
                writeln!(
                    out,
                    "{:<14} {:<20} {:.3}  {}",
                    f.filing_id,
                    f.target_id,
                    f.score,
                    f.target_names.join(" | ")
                )?;
                if args.explain {
                    write_tree(&mut out, &f.explanation, 1)?;
                }
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
