//! The `markwatch` command line: screens trademark filings for bad-faith copies and
//! geographical-indication conflicts between Japan and China.
//!
//! Each subcommand lives in `cmd/<name>.rs` with its own `Args` and `run`; adding one is a
//! module line in `cmd/mod.rs`, a variant in [`Command`] and an arm in `main`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;
mod progress;

// The renderers live in the library so that the server shares them.
use markwatch::report;

/// Screen trademark filings for cross-script copies between Japan and China.
#[derive(Debug, Parser)]
#[command(name = "markwatch", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read filings (JSONL, CSV, ST.66, ST.96) into the database.
    Ingest(cmd::ingest::Args),
    /// Show record counts by office, status and class.
    Stats(cmd::stats::Args),
    /// Build a similarity index file from record files or the database.
    Index(cmd::index::Args),
    /// Find the marks of a register most similar to a query.
    Search(cmd::search::Args),
    /// Screen filings against a watch list, a register or the built-in registers.
    Screen(cmd::screen::Args),
    /// Show the coverage of the built-in registers (GIs, place names, well-known marks).
    Registers(cmd::registers::Args),
    /// Print the cross-script keys of a text, with each normalization filter's output.
    Keys(cmd::keys::Args),
    /// Profile an applicant: filings, related parties and bad-faith indicators.
    Applicant(cmd::applicant::Args),
    /// Render findings as an HTML evidence report or a docketing CSV.
    Report(cmd::report::Args),
    /// Serve the HTTP API and the web UI.
    Serve(cmd::serve::Args),
    /// Manage API tokens for `serve`.
    Token(cmd::token::Args),
}

/// mimalloc instead of the system allocator: the scorer decodes and drops many small strings
/// per candidate, and a search spends about a tenth of its time in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    cmd::report(match cli.command {
        Command::Ingest(args) => cmd::ingest::run(args),
        Command::Stats(args) => cmd::stats::run(args),
        Command::Index(args) => cmd::index::run(args),
        Command::Search(args) => cmd::search::run(args),
        Command::Screen(args) => cmd::screen::run(args),
        Command::Registers(args) => cmd::registers::run(args),
        Command::Keys(args) => cmd::keys::run(args),
        Command::Applicant(args) => cmd::applicant::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Token(args) => cmd::token::run(args),
        Command::Report(args) => cmd::report::run(args),
    })
}
