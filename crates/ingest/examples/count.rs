//! Reads a file with markwatch-ingest and prints how many records were read and rejected, with
//! the first few rejections. `cargo run -p markwatch-ingest --release --example count -- FILE [FORMAT]`

use std::path::Path;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: count FILE [jsonl|csv|st66|st96]");
        std::process::exit(2);
    };
    let reader = match args.next() {
        Some(f) => match f.parse() {
            Ok(format) => markwatch_ingest::open_as(Path::new(&path), format),
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(2);
            }
        },
        None => markwatch_ingest::open(Path::new(&path)),
    };
    let reader = reader.unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2);
    });
    let format = reader.format();
    let (mut ok, mut bad) = (0u64, 0u64);
    for result in reader {
        match result {
            Ok(_) => ok += 1,
            Err(e) => {
                bad += 1;
                if bad <= 5 {
                    eprintln!("{e}");
                }
            }
        }
    }
    println!("{path}: {format}: {ok} records, {bad} rejected");
}
