//! # markwatch-store
//!
//! The embedded SQLite store.
