//! The subcommands, one module each, and the error type they share.
//!
//! Each module defines a clap `Args` struct and `pub fn run(args: Args) -> CmdResult`;
//! `main.rs` lists them in its `Command` enum. Commands only translate between the command
//! line and the library crates: parse, call, print.

use std::fmt;
use std::process::ExitCode;

use markwatch_core::ErrorKind;

pub mod applicant;
pub mod index;
pub mod ingest;
pub mod keys;
pub mod registers;
pub mod report;
pub mod screen;
pub mod search;
pub mod serve;
pub mod stats;
pub mod token;

/// What a command returns: the exit code on success (usually `ExitCode::SUCCESS`), or the error
/// that ends the run.
pub type CmdResult = Result<ExitCode, CliError>;

/// An error that ends a command. Printed by [`report`] as one line, `markwatch: <message>`, on
/// stderr; the process exits with 2 for a user fault (bad input, missing file, unsupported
/// format or version) and 1 for anything else (I/O failure, corruption, bug).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError {
    user_fault: bool,
    message: String,
}

impl CliError {
    /// A user fault: exit code 2.
    pub fn user(message: impl Into<String>) -> CliError {
        CliError {
            user_fault: true,
            message: message.into(),
        }
    }

    /// An internal fault: exit code 1.
    pub fn internal(message: impl Into<String>) -> CliError {
        CliError {
            user_fault: false,
            message: message.into(),
        }
    }

    /// An error of `kind`: a user fault if and only if [`ErrorKind::is_user_fault`].
    pub fn of_kind(kind: ErrorKind, message: impl Into<String>) -> CliError {
        CliError {
            user_fault: kind.is_user_fault(),
            message: message.into(),
        }
    }

    /// The process exit code for this error: 2 for a user fault, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        if self.user_fault {
            2
        } else {
            1
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

impl From<markwatch_core::Error> for CliError {
    fn from(e: markwatch_core::Error) -> CliError {
        CliError::of_kind(e.kind(), e.message())
    }
}

/// Turns a command's result into the process exit code, printing the error, if any, as one
/// line on stderr. Embedded line breaks are flattened so the message stays one line.
pub fn report(result: CmdResult) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(e) => {
            let one_line = e.message.replace(['\r', '\n'], " ");
            eprintln!("markwatch: {one_line}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// The `--db` option shared by every command that opens the database.
#[derive(Debug, Clone, clap::Args)]
pub struct DbArgs {
    /// The database file.
    #[arg(long, value_name = "PATH", default_value = "markwatch.db")]
    pub db: std::path::PathBuf,
}
