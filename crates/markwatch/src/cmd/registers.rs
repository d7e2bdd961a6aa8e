//! `markwatch registers [--format table|json]`: coverage of the built-in reference registers.
//!
//! Prints, per register and kind, the number of entries (JP and CN) and of name forms, then a
//! total line and the size of the "another meaning" list (CN Art. 10(2) exception). The
//! registers are the files of `data/registers/`, embedded in the binary
//! ([`markwatch_core::registers`]). Exit 0.

use std::io::Write;
use std::process::ExitCode;

use markwatch_core::registers::{Coverage, Registers};
use serde::Serialize;

use super::{CliError, CmdResult};

/// Arguments of `markwatch registers`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Output formats of `registers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for reading.
    Table,
    /// One JSON object: `{"registers": [...], "entries", "names", "other_meaning"}`.
    Json,
}

#[derive(Serialize)]
struct Report<'a> {
    registers: &'a [Coverage],
    entries: usize,
    names: usize,
    other_meaning: usize,
}

/// Runs `markwatch registers`.
pub fn run(args: Args) -> CmdResult {
    let reg = Registers::builtin();
    let coverage = reg.coverage();
    let report = Report {
        registers: &coverage,
        entries: coverage.iter().map(|c| c.entries).sum(),
        names: coverage.iter().map(|c| c.names).sum(),
        other_meaning: reg.other_meaning_len(),
    };
    write_out(args.format, &report)
        .map_err(|e| CliError::internal(format!("cannot write output: {e}")))?;
    Ok(ExitCode::SUCCESS)
}

fn write_out(format: Format, r: &Report<'_>) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, r)?;
            out.write_all(b"\n")?;
        }
        Format::Table => {
            writeln!(
                out,
                "{:<14} {:<16} {:>6} {:>6} {:>8} {:>8}",
                "register", "kind", "JP", "CN", "entries", "names"
            )?;
            for c in r.registers {
                writeln!(
                    out,
                    "{:<14} {:<16} {:>6} {:>6} {:>8} {:>8}",
                    c.register, c.kind, c.jp, c.cn, c.entries, c.names
                )?;
            }
            writeln!(
                out,
                "{:<14} {:<16} {:>6} {:>6} {:>8} {:>8}",
                "total",
                "",
                r.registers.iter().map(|c| c.jp).sum::<usize>(),
                r.registers.iter().map(|c| c.cn).sum::<usize>(),
                r.entries,
                r.names
            )?;
            writeln!(
                out,
                "other_meaning: {} names (CN Art. 10(2) exception)",
                r.other_meaning
            )?;
        }
    }
    out.flush()
}
