//! `markwatch keys TEXT`: the cross-script keys of a text, with each filter's output, for
//! people to check what the engine matches on.

use std::fmt::Write as _;
use std::process::ExitCode;

use markwatch_core::normalize::{MarkKeys, Normalizer, Step};
use serde::Serialize;

use super::{CliError, CmdResult};

/// Arguments of `markwatch keys`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The mark text(s) to normalize (quote texts with spaces).
    #[arg(required = true, value_name = "TEXT")]
    pub text: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Output::Table)]
    pub format: Output,
}

/// How `keys` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    /// One block per text: each filter's name and output, one candidate per line.
    Table,
    /// One JSON object per text and line: `{"text", "steps": [{"filter", "output"}], "keys"}`.
    Json,
}

#[derive(Serialize)]
struct JsonKeys<'a> {
    text: &'a str,
    steps: Vec<Step>,
    keys: MarkKeys,
}

/// Runs `markwatch keys`. A blank text is a user fault (exit 2).
pub fn run(args: Args) -> CmdResult {
    if let Some(i) = args.text.iter().position(|t| t.trim().is_empty()) {
        return Err(CliError::user(format!(
            "TEXT argument {} is empty; give the mark's text",
            i + 1
        )));
    }
    let n = Normalizer::global();
    let mut out = String::new();
    for (i, text) in args.text.iter().enumerate() {
        match args.format {
            Output::Table => {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str(&table(text, &n.explain(text)));
            }
            Output::Json => {
                let j = JsonKeys {
                    text,
                    steps: n.explain(text),
                    keys: n.keys(text),
                };
                let line = serde_json::to_string(&j)
                    .map_err(|e| CliError::internal(format!("cannot write JSON: {e}")))?;
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// The table layout: the text, then `filter  output` rows; extra candidates on their own
/// lines under the first; `—` for a filter with no output.
fn table(text: &str, steps: &[Step]) -> String {
    let width = steps.iter().map(|s| s.filter.len()).max().unwrap_or(0);
    let mut s = String::new();
    let _ = writeln!(s, "{text}");
    for step in steps {
        let mut lines = step.output.iter();
        let first = lines.next().map_or("—", String::as_str);
        let _ = writeln!(s, "  {:<width$}  {first}", step.filter);
        for more in lines {
            let _ = writeln!(s, "  {:<width$}  {more}", "");
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_lists_every_filter_in_order() {
        let steps = Normalizer::global().explain("京都抹茶");
        let t = table("京都抹茶", &steps);
        let mut at = 0;
        for step in &steps {
            let pos = t[at..].find(step.filter).map(|p| p + at);
            assert!(
                pos.is_some(),
                "{} missing or out of order in\n{t}",
                step.filter
            );
            at = pos.unwrap_or(at);
        }
        assert!(t.contains("core: 京都"), "{t}");
    }

    #[test]
    fn blank_text_is_a_user_fault() {
        let e = run(Args {
            text: vec!["福岡".into(), "  ".into()],
            format: Output::Json,
        })
        .expect_err("blank text");
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("TEXT argument 2"), "{e}");
    }
}
