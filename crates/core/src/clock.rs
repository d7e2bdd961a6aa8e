//! An injected clock, so that deadline arithmetic is testable.

use chrono::NaiveDate;

/// Tells today's date. Deadline and alert code takes a `&dyn Clock`; clippy forbids direct
/// wall-clock reads elsewhere (`clippy.toml`).
pub trait Clock: Send + Sync {
    /// Today's date in the deadline's jurisdiction (offices count calendar days).
    fn today(&self) -> NaiveDate;
}

/// A clock stopped at one date, for tests and reproducible runs (`--today`).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub NaiveDate);

impl Clock for FixedClock {
    fn today(&self) -> NaiveDate {
        self.0
    }
}
