//! Helpers shared by the integration tests: running the binary in a working directory, a
//! served instance, a seeded generator, and (`http`) requests to the API, in process or over a
//! socket.
// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

pub mod http;

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

/// Runs the markwatch binary with `args` in the test's working directory and waits for it.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_markwatch"))
        .args(args)
        .output()
        .expect("the markwatch binary runs")
}

/// The run's stdout; panics unless it is UTF-8 (for tests that check the output is).
pub fn stdout_utf8(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

/// The run's stderr; panics unless it is UTF-8.
pub fn stderr_utf8(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// The run's stdout, lossily decoded.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The run's stderr, lossily decoded.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A `markwatch serve` process, killed and reaped on drop so a failing test leaves no server.
pub struct Server(pub std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Creates an API token named `name` in `db` with `markwatch token create`; checks that it is
/// printed on stdout only, and returns it.
pub fn create_token(db: &Path, name: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_markwatch"))
        .args(["token", "create", "--name", name, "--db"])
        .arg(db)
        .output()
        .expect("the markwatch binary runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let token = stdout(&out).trim().to_string();
    assert!(token.starts_with("mw_"), "{token}");
    assert!(
        !stderr(&out).contains(&token),
        "the token must be printed on stdout only"
    );
    token
}

/// Starts `markwatch serve` on a free loopback port over `db` with `extra` arguments. Returns
/// the server, the address it printed, and a thread that drains its stderr (the access log,
/// so the server never blocks on a full pipe) and returns it when the server ends.
pub fn serve(
    db: &Path,
    extra: &[&std::ffi::OsStr],
) -> (Server, String, std::thread::JoinHandle<String>) {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_markwatch"))
        .args(["serve", "--bind", "127.0.0.1:0", "--db"])
        .arg(db)
        .args(extra)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the markwatch binary runs");
    let mut lines = BufReader::new(child.stderr.take().expect("piped stderr")).lines();
    let mut addr = None;
    let mut seen = String::new();
    // Bounded: the server prints a few lines before it listens.
    for _ in 0..20 {
        let Some(Ok(line)) = lines.next() else { break };
        seen.push_str(&line);
        seen.push('\n');
        if let Some(a) = line.split("listening on http://").nth(1) {
            addr = Some(a.trim().to_string());
            break;
        }
    }
    let server = Server(child);
    let addr = addr.unwrap_or_else(|| panic!("the server did not start:\n{seen}"));
    // The log is everything the server printed, from its first line.
    let log = std::thread::spawn(move || {
        let mut rest = seen;
        for line in lines.map_while(Result::ok) {
            rest.push_str(&line);
            rest.push('\n');
        }
        rest
    });
    (server, addr, log)
}

/// xorshift64*: a seeded, dependency-free generator, so that a failing run can be replayed.
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed` (0 is taken as 1).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// The next 64 pseudo-random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// `len` pseudo-random bytes (the top byte of each draw).
    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| (self.next() >> 56) as u8).collect()
    }
}

/// The ids of the `hits` of a search answer (CLI `--format json` or `/api/search`), in order.
pub fn hit_ids(v: &serde_json::Value) -> Vec<&str> {
    v["hits"]
        .as_array()
        .expect("a hits array")
        .iter()
        .map(|h| h["id"].as_str().expect("a string id"))
        .collect()
}
