//! `markwatch serve [--db PATH] [--bind ADDR] [--public-read] [--register PATH]...
//! [--gazette-dir DIR]`: the HTTP API and web UI (see `markwatch::server`).
//!
//! The register searched by `/api/search` is `--register` (index files, memory-mapped, several
//! being shards of one register; or record files indexed in memory), else the database's
//! records indexed at start-up; a record of the register files that a reader rejects is named
//! on stderr (`skipped: FILE:LINE (record N): field …`), counted, and left out. Prints
//! `listening on http://ADDR` on stderr once the socket is bound (with `--bind 127.0.0.1:0`
//! the port the system chose), then serves until Ctrl-C or SIGTERM, finishing the requests in
//! flight.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use markwatch::register::Register;
use markwatch::server::{index_store, serve, AppState, SystemClock};
use markwatch_core::normalize::Normalizer;
use markwatch_store::Store;

use super::{CliError, CmdResult, DbArgs};

/// Arguments of `markwatch serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArgs,

    /// The address to listen on (loopback by default; port 0 picks a free port).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Let reads (search, lists, alerts) through without a token; writes always need one.
    #[arg(long)]
    pub public_read: bool,

    /// The register to search: index files (`markwatch index`; several are shards of one
    /// register, searched together) or record files; repeatable.
    #[arg(long, value_name = "PATH")]
    pub register: Vec<PathBuf>,

    /// Watch this directory: new or changed files (any reader format) are ingested and
    /// screened against every watch list; their findings become alerts once.
    #[arg(long, value_name = "DIR")]
    pub gazette_dir: Option<PathBuf>,

    /// The largest request body accepted, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 32)]
    pub max_body_mib: usize,

    /// The longest a request may take, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,
}

/// Runs `markwatch serve`.
pub fn run(args: Args) -> CmdResult {
    if args.max_body_mib == 0 || args.timeout == 0 {
        return Err(CliError::user(
            "--max-body-mib and --timeout must be at least 1",
        ));
    }
    if let Some(dir) = &args.gazette_dir {
        if !dir.is_dir() {
            return Err(CliError::user(format!(
                "--gazette-dir {}: not a directory",
                dir.display()
            )));
        }
    }
    let store = Store::open(&args.db.db)?;
    // Load the normalizer's tables before the first request, not during it.
    let _ = Normalizer::global();
    let register = if args.register.is_empty() {
        index_store(&store)?
    } else {
        let mut rejected = 0u64;
        let register = Register::open(&args.register, |e| {
            rejected += 1;
            eprintln!("markwatch serve: skipped: {e}");
        })?;
        if rejected > 0 {
            eprintln!("markwatch serve: {rejected} records of the register files rejected");
        }
        Some(register)
    };
    match &register {
        Some(r) => eprintln!(
            "markwatch serve: register of {} marks in {} shard(s)",
            r.len(),
            r.shard_count()
        ),
        None => eprintln!("markwatch serve: no register (search answers 404)"),
    }
    let mut state = AppState::new(store, Arc::new(SystemClock));
    state.register = register;
    state.public_read = args.public_read;
    state.body_limit = args.max_body_mib << 20;
    state.request_timeout = Duration::from_secs(args.timeout);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::internal(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.bind)
            .await
            .map_err(|e| CliError::user(format!("cannot listen on {}: {e}", args.bind)))?;
        let addr = listener
            .local_addr()
            .map_err(|e| CliError::internal(format!("cannot read the bound address: {e}")))?;
        eprintln!("markwatch serve: listening on http://{addr}");
        serve(listener, Arc::new(state), args.gazette_dir.clone())
            .await
            .map_err(|e| CliError::internal(format!("server failed: {e}")))
    })?;
    Ok(ExitCode::SUCCESS)
}
