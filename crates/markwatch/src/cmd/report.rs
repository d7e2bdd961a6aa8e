//! `markwatch report FINDINGS [--out DIR] [--format html|csv] [--filings FILE...]`: renders
//! the findings of `markwatch screen --format jsonl|json` as an evidence report or a
//! docketing CSV.
//!
//! - `html` (default): writes `DIR/index.html`, a summary of all findings sorted by urgency,
//!   and one self-contained page per finding, `DIR/<filing>--<target>.html` (names made safe:
//!   see `report::page_names`). `DIR` defaults to `report` and is created if needed; existing
//!   files of the same names are overwritten.
//! - `csv`: one row per finding (columns in `report::csv`), to stdout, or to
//!   `DIR/findings.csv` with `--out DIR`.
//!
//! `--filings FILE` (repeatable; JSONL, CSV, ST.66, ST.96) adds filings to search for each
//! applicant's other filings (same applicant name); filings that appear in findings are
//! always searched.
//!
//! Exit 0 on success; 2 when the findings file is unreadable or a finding is not valid JSON
//! or lacks a field (the message names file, line and field); 1 when writing fails.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use markwatch_core::normalize::Normalizer;
use markwatch_core::Record;

use super::index::read_records;
use super::{CliError, CmdResult};
use crate::report::{self, html};

/// Arguments of `markwatch report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The findings file (`screen --format jsonl` or `--format json` output).
    #[arg(value_name = "FINDINGS")]
    pub findings: PathBuf,

    /// Output directory (html: default `report`; csv: stdout unless given).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Html)]
    pub format: Format,

    /// Filing files in which to look for each applicant's other filings.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub filings: Vec<PathBuf>,
}

/// Output formats of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An HTML evidence report: index.html and one page per finding.
    Html,
    /// One CSV row per finding, for docketing tools.
    Csv,
}

/// Runs `markwatch report`.
pub fn run(args: Args) -> CmdResult {
    let mut findings =
        report::read_findings(&args.findings).map_err(|e| CliError::user(e.to_string()))?;
    report::sort_by_urgency(&mut findings);
    match args.format {
        Format::Csv => {
            let written = match &args.out {
                Some(dir) => {
                    create_dir(dir)?;
                    let path = dir.join("findings.csv");
                    let file = fs::File::create(&path).map_err(|e| write_error(&path, &e))?;
                    report::csv::write_csv(std::io::BufWriter::new(file), &findings)
                        .map_err(|e| write_error(&path, &e))?;
                    path.display().to_string()
                }
                None => {
                    let stdout = std::io::stdout();
                    report::csv::write_csv(stdout.lock(), &findings)
                        .map_err(|e| CliError::internal(format!("cannot write output: {e}")))?;
                    "stdout".to_string()
                }
            };
            eprintln!("wrote {} findings to {written}", findings.len());
        }
        Format::Html => {
            let mut extra: Vec<Record> = Vec::new();
            for path in &args.filings {
                read_records(path, &mut extra)?;
            }
            let dir = args.out.clone().unwrap_or_else(|| PathBuf::from("report"));
            create_dir(&dir)?;
            let pages = report::page_names(&findings);
            let batch = html::Batch {
                findings: &findings,
                pages: &pages,
                extra_filings: &extra,
            };
            let normalizer = Normalizer::global();
            for (i, name) in pages.iter().enumerate() {
                write_file(&dir.join(name), &html::render_page(&batch, i, normalizer))?;
            }
            write_file(&dir.join("index.html"), &html::render_index(&batch))?;
            eprintln!(
                "wrote {} finding pages and index.html to {}",
                pages.len(),
                dir.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn create_dir(dir: &Path) -> Result<(), CliError> {
    fs::create_dir_all(dir).map_err(|e| {
        CliError::user(format!(
            "cannot create output directory {}: {e}",
            dir.display()
        ))
    })
}

fn write_error(path: &Path, e: &dyn std::fmt::Display) -> CliError {
    CliError::internal(format!("cannot write {}: {e}", path.display()))
}

fn write_file(path: &Path, text: &str) -> Result<(), CliError> {
    let mut f = fs::File::create(path).map_err(|e| write_error(path, &e))?;
    f.write_all(text.as_bytes())
        .map_err(|e| write_error(path, &e))
}
