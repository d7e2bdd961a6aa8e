//! Helpers shared by the CLI integration tests that run the binary in a working directory.
// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs the markwatch binary in `dir` with `args` and waits for it.
pub fn markwatch(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_markwatch"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the markwatch binary runs")
}

/// The run's stdout, lossily decoded.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The run's stderr, lossily decoded.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
