//! # markwatch (library)
//!
//! The server behind `markwatch serve`, as a library so that tests drive it without a port.
//! The command line itself lives in the binary (`main.rs`, `cmd/`).
//!
//! Principal items:
//! - [`server::AppState`]: the store, the register index, the auth policy and the clocks.
//! - [`server::app`]: the axum `Router` over a state (API under `/api`, web UI at `/`).
//! - [`register::Register`]: a register opened for search, one index or its shards, shared
//!   by `markwatch search`, `screen` and `serve`.
//! - [`report`]: the evidence report (HTML) and docketing CSV renderers, shared by
//!   `markwatch report` and the server's `/api/alerts/{id}/report` and `/api/alerts.csv`.
//! - [`server::ApiError`]: the JSON error body `{code, message}`, with one table mapping
//!   [`markwatch_core::ErrorKind`] to an HTTP status.

pub mod base64;
pub mod register;
pub mod report;
pub mod server;
