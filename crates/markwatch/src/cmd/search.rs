//! `markwatch search QUERY --register PATH`: the marks of a register most similar to a query.
//!
//! `--queries FILE` answers one query per line of FILE in one process and prints one JSON line
//! per line of FILE, in input order (a blank line gets an empty hit list):
//! `{"query": "...", "hits": [{"id": "CN:61234567", "score": 0.93, "name": "...", "names": [...]}]}`.
//! Ids are always JSON strings. Each line also carries `took_us`, the microseconds the query
//! took. Queries run on all cores.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use markwatch::register::Register;
use markwatch_core::index::{Hit, Scratch};
use markwatch_core::normalize::Normalizer;
use markwatch_core::score::MarkProfile;
use markwatch_core::NiceClass;
use serde::Serialize;

use super::index::open_register;
use super::{CliError, CmdResult};

/// Arguments of `markwatch search`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The mark to look for (omit with --queries).
    #[arg(
        value_name = "QUERY",
        required_unless_present = "queries",
        conflicts_with = "queries"
    )]
    pub query: Option<String>,

    /// A file of queries, one a line; prints one JSON line per query.
    #[arg(long, value_name = "FILE")]
    pub queries: Option<PathBuf>,

    /// The register: index files (`markwatch index`; several are shards of one register,
    /// searched together) or record files.
    #[arg(long, value_name = "PATH")]
    pub register: Vec<PathBuf>,

    /// Only marks designating this Nice class (or no class); repeatable.
    #[arg(long = "class", value_name = "N")]
    pub classes: Vec<NiceClass>,

    /// How many hits per query.
    #[arg(long, value_name = "K", default_value_t = 10)]
    pub top: usize,

    /// Output format (`--queries` always prints JSON lines).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Output formats of `search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for reading.
    Table,
    /// One JSON object.
    Json,
}

#[derive(Serialize)]
struct HitOut<'a> {
    id: &'a str,
    score: f32,
    name: &'a str,
    names: &'a [String],
}

#[derive(Serialize)]
struct QueryOut<'a> {
    query: &'a str,
    hits: Vec<HitOut<'a>>,
    /// Microseconds spent on this query (normalization, search, decoding), `--queries` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    took_us: Option<u64>,
}

/// Runs `markwatch search`.
pub fn run(args: Args) -> CmdResult {
    if args.register.is_empty() {
        return Err(CliError::user(
            "search needs --register PATH (index files or record files); \
             to check names against the built-in registers, use `markwatch screen`",
        ));
    }
    let index = open_register(&args.register)?;
    // Load the normalizer's tables before the first query, not during it.
    let _ = Normalizer::global();
    match (&args.query, &args.queries) {
        (_, Some(file)) => run_many(&index, file, &args),
        (Some(q), None) => run_one(&index, q, &args),
        (None, None) => Err(CliError::user("give a QUERY or --queries FILE")),
    }
}

fn search(index: &Register, q: &str, args: &Args, scratch: &mut Scratch) -> Vec<(usize, Hit)> {
    if q.trim().is_empty() {
        return Vec::new();
    }
    let profile = MarkProfile::new(Normalizer::global(), q);
    index.search(&profile, args.top, &args.classes, scratch)
}

/// The names of each hit, decoded once per hit.
fn names_of(index: &Register, hits: &[(usize, Hit)]) -> Result<Vec<Vec<String>>, CliError> {
    hits.iter()
        .map(|(s, h)| Ok(index.doc(*s, h.doc)?.names))
        .collect()
}

fn to_json(q: &str, hits: &[(usize, Hit)], names: &[Vec<String>], took_us: Option<u64>) -> String {
    let out = QueryOut {
        query: q,
        took_us,
        hits: hits
            .iter()
            .zip(names)
            .map(|((_, h), n)| HitOut {
                id: &h.id,
                score: (h.score * 10_000.0).round() / 10_000.0,
                name: n.get(h.name).map_or("", String::as_str),
                names: n,
            })
            .collect(),
    };
    serde_json::to_string(&out).expect("plain data serializes")
}

fn run_one(index: &Register, q: &str, args: &Args) -> CmdResult {
    let hits = search(index, q, args, &mut Scratch::new());
    let names = names_of(index, &hits)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let res = match args.format {
        Format::Json => writeln!(out, "{}", to_json(q, &hits, &names, None)),
        Format::Table => {
            let mut s = String::new();
            if hits.is_empty() {
                s.push_str("no similar marks\n");
            }
            for (i, ((_, h), n)) in hits.iter().zip(&names).enumerate() {
                s.push_str(&format!(
                    "{:>3}  {:.3}  {:<20}  {}\n",
                    i + 1,
                    h.score,
                    h.id,
                    n.join(" | ")
                ));
            }
            out.write_all(s.as_bytes())
        }
    };
    res.map_err(|e| CliError::internal(format!("cannot write output: {e}")))?;
    Ok(ExitCode::SUCCESS)
}

fn run_many(index: &Register, file: &std::path::Path, args: &Args) -> CmdResult {
    let f = std::fs::File::open(file)
        .map_err(|e| CliError::user(format!("{}: cannot read queries: {e}", file.display())))?;
    let mut queries = Vec::new();
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        queries.push(line.map_err(|e| {
            CliError::user(format!("{}:{}: cannot read: {e}", file.display(), i + 1))
        })?);
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = queries.len().div_ceil(threads).max(1);
    let results: Vec<Result<String, CliError>> = std::thread::scope(|s| {
        let handles: Vec<_> = queries
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let mut scratch = Scratch::new();
                    part.iter()
                        .map(|q| {
                            let started = std::time::Instant::now();
                            let hits = search(index, q, args, &mut scratch);
                            let names = names_of(index, &hits)?;
                            let took = started.elapsed().as_micros() as u64;
                            Ok(to_json(q, &hits, &names, Some(took)))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("search worker panicked"))
            .collect()
    });
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for r in results {
        writeln!(out, "{}", r?)
            .map_err(|e| CliError::internal(format!("cannot write output: {e}")))?;
    }
    out.flush()
        .map_err(|e| CliError::internal(format!("cannot write output: {e}")))?;
    eprintln!(
        "answered {} queries against {} marks",
        queries.len(),
        index.len()
    );
    Ok(ExitCode::SUCCESS)
}
