//! A one-line progress display on stderr, for long ingests.
//!
//! Shown only when stderr is a terminal (nothing at all when it is piped or redirected),
//! redrawn at most [`REDRAW_PER_SECOND`] times a second, and cleared by [`Progress::finish`].

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// The most redraws per second.
const REDRAW_PER_SECOND: u32 = 4;

/// Progress over a known (or unknown) number of input bytes.
#[derive(Debug)]
pub struct Progress {
    enabled: bool,
    started: Instant,
    last_draw: Option<Instant>,
    total_bytes: Option<u64>,
}

impl Progress {
    /// A display for an input of `total_bytes` (when known), enabled if and only if stderr is
    /// a terminal.
    pub fn new(total_bytes: Option<u64>) -> Progress {
        Progress {
            enabled: std::io::stderr().is_terminal(),
            started: Instant::now(),
            last_draw: None,
            total_bytes,
        }
    }

    /// Reports that `records` records and `bytes` input bytes have been read; redraws the line
    /// if the display is enabled and the last redraw is old enough.
    pub fn update(&mut self, records: u64, bytes: u64) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        let interval = Duration::from_secs(1) / REDRAW_PER_SECOND;
        if self
            .last_draw
            .is_some_and(|t| now.duration_since(t) < interval)
        {
            return;
        }
        self.last_draw = Some(now);
        let line = render(
            records,
            bytes,
            self.total_bytes,
            now.duration_since(self.started),
        );
        let mut err = std::io::stderr().lock();
        // Progress is best effort: a failed write to the terminal is not worth an error.
        let _ = write!(err, "\r{line}\x1b[K");
        let _ = err.flush();
    }

    /// Clears the progress line, if one was drawn.
    pub fn finish(&mut self) {
        if self.enabled && self.last_draw.is_some() {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
        }
    }
}

/// The progress line: records so far, records per second, and when the total is known, the
/// share of bytes read and the estimated time left (extrapolated from bytes read so far).
fn render(records: u64, bytes: u64, total: Option<u64>, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    let rate = if secs > 0.0 {
        records as f64 / secs
    } else {
        0.0
    };
    let mut line = format!("{records} records, {rate:.0} records/s");
    if let Some(total) = total.filter(|&t| t > 0) {
        let done = bytes.min(total);
        let pct = done as f64 * 100.0 / total as f64;
        line.push_str(&format!(", {pct:.0}%"));
        if done > 0 && secs > 0.0 {
            let left = secs * (total - done) as f64 / done as f64;
            line.push_str(&format!(", ETA {}", clock(left.round() as u64)));
        }
    }
    line
}

/// `m:ss` or `h:mm:ss`.
fn clock(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_share_and_eta_follow_bytes_read() {
        // A quarter of the bytes in 10 s: 30 s left.
        let line = render(5000, 250, Some(1000), Duration::from_secs(10));
        assert_eq!(line, "5000 records, 500 records/s, 25%, ETA 0:30");
    }

    #[test]
    fn no_eta_without_a_total_or_before_any_byte() {
        assert_eq!(
            render(10, 99, None, Duration::from_secs(2)),
            "10 records, 5 records/s"
        );
        assert_eq!(
            render(0, 0, Some(1000), Duration::ZERO),
            "0 records, 0 records/s, 0%"
        );
    }

    #[test]
    fn clock_formats_hours_only_when_needed() {
        assert_eq!(clock(59), "0:59");
        assert_eq!(clock(3600 + 61), "1:01:01");
    }
}
