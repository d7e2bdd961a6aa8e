//! `markwatch token create [--db PATH] [--name NAME]`: a new API token for `markwatch serve`.
//!
//! Prints the token once on stdout; the database keeps only its SHA-256 hash, so a lost token
//! cannot be shown again: create another. The name says who uses the token and is recorded
//! with every alert review made with it.

use std::process::ExitCode;

use markwatch::server::auth::{generate_token, hash_token};
use markwatch::server::{SystemClock, WallClock};
use markwatch_store::Store;

use super::{CliError, CmdResult, DbArgs};

/// Arguments of `markwatch token`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

/// What to do with tokens.
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Create a token and print it once.
    Create {
        #[command(flatten)]
        db: DbArgs,
        /// Who will use the token (recorded with their reviews).
        #[arg(long, value_name = "NAME", default_value = "api")]
        name: String,
    },
}

/// Runs `markwatch token`.
pub fn run(args: Args) -> CmdResult {
    match args.action {
        Action::Create { db, name } => {
            let name = name.trim();
            if name.is_empty() || name.chars().count() > 200 {
                return Err(CliError::user("--name must have 1 to 200 characters"));
            }
            let mut store = Store::open(&db.db)?;
            let token = generate_token().map_err(|e| {
                CliError::internal(format!("cannot get randomness for a token: {e}"))
            })?;
            store.create_token(name, &hash_token(&token), SystemClock.unix_seconds())?;
            println!("{token}");
            eprintln!(
                "created token {name:?} in {}; it is shown only this once",
                db.db.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
