//! The HTML evidence report: an `index.html` summary and one self-contained page per finding.
//!
//! Pages are plain HTML5 with one inline stylesheet (screen and `@media print` for A4): no
//! script, no external font, image or link other than between the report's own pages, so a
//! report directory can be archived, mailed or printed as it is. Every string that comes from
//! the findings file or a filings file goes through [`escape`]; text in Japanese or Chinese
//! script carries a `lang` attribute ([`lang_of`]) so that browsers pick Japanese or Chinese
//! glyph forms.
//!
//! Output is deterministic (no generation time, stable ordering), so it can be snapshot-tested.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use markwatch_core::normalize::{MarkKeys, Normalizer};
use markwatch_core::rules::{Deadline, HOLIDAY_NOTE};
use markwatch_core::Record;

use super::{state_name, FindingDoc};

/// The footer of every page.
pub const DISCLAIMER: &str = "A screening aid, not a legal opinion.";

/// `s` with `&`, `<`, `>`, `"` and `'` replaced by character references, so that it reads as
/// text in element content and in quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}')
}

fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

/// The BCP 47 language tag for showing `text`, or `None` when it has no Japanese or Chinese
/// script (the page's `en` applies).
///
/// Text with kana is Japanese (`ja`). Han-only text follows `region`, the office or country
/// code it belongs to: `JP` → `ja`, `CN` → `zh-Hans`, `TW`/`HK`/`MO` → `zh-Hant`, anything
/// else or unknown → `zh`.
pub fn lang_of(text: &str, region: Option<&str>) -> Option<&'static str> {
    if text.chars().any(is_kana) {
        return Some("ja");
    }
    if !text.chars().any(is_han) {
        return None;
    }
    Some(match region.map(str::trim) {
        Some("JP") => "ja",
        Some("CN") => "zh-Hans",
        Some("TW" | "HK" | "MO") => "zh-Hant",
        _ => "zh",
    })
}

/// `text`, escaped, in a `<span lang>` when [`lang_of`] gives a language.
fn text_in(text: &str, region: Option<&str>) -> String {
    match lang_of(text, region) {
        Some(lang) => format!("<span lang=\"{lang}\">{}</span>", escape(text)),
        None => escape(text),
    }
}

/// The inline stylesheet of every page.
/// The style sheet inlined in every page (public so that a server can allow exactly this
/// inline style by its hash in a Content-Security-Policy).
pub const CSS: &str = r#"
:root { color-scheme: light; }
body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; margin: 1.5rem auto;
  max-width: 64rem; padding: 0 1rem; line-height: 1.45; color: #111; background: #fff; }
:lang(ja) { font-family: "Noto Sans CJK JP", "Noto Sans JP", sans-serif; }
:lang(zh-Hans), :lang(zh) { font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; }
:lang(zh-Hant) { font-family: "Noto Sans CJK TC", "Noto Sans TC", sans-serif; }
h1 { font-size: 1.5rem; margin: 0.2rem 0 0.6rem; }
h2 { font-size: 1.15rem; border-bottom: 2px solid #345; padding-bottom: 0.15rem;
  margin-top: 1.6rem; }
h3 { font-size: 1rem; margin: 0.8rem 0 0.3rem; }
nav { font-size: 0.9rem; margin-bottom: 0.8rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
th, td { border: 1px solid #bbb; padding: 0.25rem 0.4rem; text-align: left;
  vertical-align: top; }
th { background: #eef1f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num, td.date { white-space: nowrap; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.side { border: 1px solid #bbb; padding: 0.5rem 0.8rem; border-radius: 4px; }
.mark { font-size: 1.8rem; font-weight: bold; margin: 0.2rem 0; word-break: break-all; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.8rem;
  margin: 0.3rem 0; }
dl.kv dt { color: #555; }
dl.kv dd { margin: 0; word-break: break-word; }
.name { border-top: 1px dashed #ccc; padding-top: 0.3rem; margin-top: 0.3rem; }
ul.tree, ul.tree ul { list-style: none; padding-left: 1.1rem; margin: 0.1rem 0; }
ul.tree { padding-left: 0; }
ul.tree li { margin: 0.1rem 0; }
.v { font-variant-numeric: tabular-nums; font-weight: bold; }
.m { color: #345; font-weight: bold; }
.ground { border-left: 4px solid #345; padding: 0.1rem 0.8rem; margin: 0.6rem 0; }
.state-open { color: #a00; font-weight: bold; }
.state-upcoming { color: #a60; }
.state-closed { color: #777; }
.note { font-size: 0.88rem; color: #444; }
.score { font-size: 1.2rem; }
table.deadlines td:last-child { width: 32%; }
footer { margin-top: 2rem; border-top: 1px solid #bbb; padding-top: 0.4rem;
  font-size: 0.9rem; color: #333; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; }
  #marks, #score, #goods, tr, .side, .ground { break-inside: avoid; }
  th, td { padding: 0.15rem 0.3rem; }
  th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// Everything a page needs besides its own finding: the whole batch, the page file names
/// (parallel to `findings`), and filings read with `--filings`.
#[derive(Debug, Clone, Copy)]
pub struct Batch<'a> {
    /// The findings, in report order.
    pub findings: &'a [FindingDoc],
    /// The page file name of each finding (see [`super::page_names`]).
    pub pages: &'a [String],
    /// Further filings to search for the applicant's other filings.
    pub extra_filings: &'a [Record],
}

fn head(out: &mut String, title: &str) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(out, "<style>{CSS}</style>\n</head>\n<body>");
}

fn foot(out: &mut String) {
    let _ = writeln!(
        out,
        "<footer><p>{DISCLAIMER}</p></footer>\n</body>\n</html>"
    );
}

fn fmt_opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "—".to_string(), |v| v.to_string())
}

fn state_cell(d: &Deadline) -> String {
    let s = state_name(d.state);
    format!("<span class=\"state-{s}\">{s}</span>")
}

fn applicant_names(r: &Record) -> String {
    r.applicants
        .iter()
        .map(|p| text_in(&p.name, p.country.as_deref().or(Some(r.office.code()))))
        .collect::<Vec<_>>()
        .join("; ")
}

fn classes_of(r: &Record) -> String {
    r.class_numbers()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The summary page: every finding, most urgent first, linking to its page.
pub fn render_index(batch: &Batch<'_>) -> String {
    let mut out = String::new();
    head(&mut out, "markwatch findings");
    let n = batch.findings.len();
    let _ = writeln!(
        out,
        "<header><h1>Findings</h1>\n<p>{n} finding{}, most urgent first (open deadlines \
         closing soonest, then upcoming, unlimited, closed, unknown), then by score.</p>\
         </header>",
        if n == 1 { "" } else { "s" }
    );
    out.push_str(
        "<table>\n<thead><tr><th>#</th><th>Filing</th><th>Mark</th><th>Applicant</th>\
         <th>Target</th><th>Score</th><th>Grounds</th><th>Next deadline</th><th>Closes</th>\
         <th>Days left</th><th>State</th></tr></thead>\n<tbody>\n",
    );
    for (i, (f, page)) in batch.findings.iter().zip(batch.pages).enumerate() {
        let region = Some(f.filing.office.code());
        let target_region = f.target.country.as_deref();
        let names = f
            .target_names
            .iter()
            .map(|n| text_in(n, target_region))
            .collect::<Vec<_>>()
            .join(" / ");
        let (action, closes, days, state) = match f.next_deadline() {
            Some(d) => (
                format!("{} ({})", d.action.as_str(), escape(d.office.code())),
                fmt_opt(d.closes),
                fmt_opt(d.days_left),
                state_cell(d),
            ),
            None => ("—".into(), "—".into(), "—".into(), "—".into()),
        };
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{}</td><td><a href=\"{}\">{}</a> {}</td><td>{}</td>\
             <td>{}</td><td>{} {}</td><td class=\"num\">{:.3}</td><td>{}</td><td>{action}</td>\
             <td class=\"date\">{closes}</td><td class=\"num\">{days}</td><td>{state}</td></tr>",
            i + 1,
            escape(page),
            escape(&f.filing_id),
            escape(f.filing.office.code()),
            text_in(&f.filing.mark, region),
            applicant_names(&f.filing),
            escape(&f.target_id),
            names,
            f.score,
            escape(&f.grounds.join(", ")),
        );
    }
    out.push_str("</tbody>\n</table>\n");
    let _ = writeln!(
        out,
        "<p class=\"note\">Deadlines: {}.</p>",
        escape(HOLIDAY_NOTE)
    );
    foot(&mut out);
    out
}

fn keys_rows(out: &mut String, keys: &MarkKeys) {
    let list = |v: &[String]| {
        if v.is_empty() {
            "—".to_string()
        } else {
            escape(&v.join(" / "))
        }
    };
    let _ = writeln!(
        out,
        "<dt>Folded</dt><dd>{}</dd>\n<dt>Pinyin</dt><dd>{}</dd>\n<dt>Kana</dt><dd>{}</dd>\n\
         <dt>Romaji</dt><dd>{}</dd>\n<dt>Phonetic</dt><dd>{}</dd>",
        text_in(&keys.folded, Some("CN")),
        list(&keys.pinyin),
        match keys.kana.is_empty() {
            true => "—".to_string(),
            false => format!(
                "<span lang=\"ja\">{}</span>",
                escape(&keys.kana.join(" / "))
            ),
        },
        list(&keys.romaji),
        list(&keys.phonetic),
    );
}

fn filing_side(out: &mut String, r: &Record, normalizer: &Normalizer) {
    let region = Some(r.office.code());
    let _ = writeln!(
        out,
        "<div class=\"side\"><h3>Filing {}</h3>\n<p class=\"mark\">{}</p>\n<dl class=\"kv\">",
        escape(&r.id),
        text_in(&r.mark, region)
    );
    let _ = writeln!(
        out,
        "<dt>Original</dt><dd>{}</dd>",
        text_in(&r.mark, region)
    );
    if let Some(t) = &r.transliteration {
        let _ = writeln!(
            out,
            "<dt>Transliteration</dt><dd>{}</dd>",
            text_in(t, region)
        );
    }
    if let Some(t) = &r.translation {
        let _ = writeln!(out, "<dt>Translation</dt><dd>{}</dd>", text_in(t, region));
    }
    keys_rows(out, &normalizer.keys(&r.mark));
    let _ = writeln!(
        out,
        "<dt>Office</dt><dd>{}</dd>\n<dt>Kind</dt><dd>{}</dd>\n<dt>Status</dt><dd>{}</dd>\n\
         <dt>Applicant</dt><dd>{}</dd>",
        escape(r.office.code()),
        r.kind.as_str(),
        r.status.as_str(),
        match r.applicants.is_empty() {
            true => "—".to_string(),
            false => applicant_names(r),
        },
    );
    if let Some(p) = &r.representative {
        let _ = writeln!(
            out,
            "<dt>Representative</dt><dd>{}</dd>",
            text_in(&p.name, region)
        );
    }
    let d = &r.dates;
    for (label, date) in [
        ("Filed", d.filing),
        ("Priority", d.priority),
        ("Published", d.publication),
        ("Registered", d.registration),
        ("Gazette", d.gazette),
    ] {
        if let Some(date) = date {
            let _ = writeln!(out, "<dt>{label}</dt><dd>{date}</dd>");
        }
    }
    out.push_str("</dl></div>\n");
}

fn target_side(out: &mut String, f: &FindingDoc, normalizer: &Normalizer) {
    let t = &f.target;
    let region = t.country.as_deref();
    let names = if t.names.is_empty() {
        &f.target_names
    } else {
        &t.names
    };
    let main = names.first().map(String::as_str).unwrap_or("");
    let _ = writeln!(
        out,
        "<div class=\"side\"><h3>Target {}</h3>\n<p class=\"mark\">{}</p>\n<dl class=\"kv\">\n\
         <dt>Kind</dt><dd>{}</dd>\n<dt>Owner</dt><dd>{}</dd>\n<dt>Country</dt><dd>{}</dd>\n\
         <dt>Register</dt><dd>{}</dd>\n<dt>Knownness</dt><dd>{}</dd>\n</dl>",
        escape(&t.id),
        text_in(main, region),
        escape(&t.kind),
        t.owner
            .as_deref()
            .map_or_else(|| "—".to_string(), |o| text_in(o, region)),
        escape(t.country.as_deref().unwrap_or("—")),
        escape(t.register.as_deref().unwrap_or("—")),
        fmt_opt(t.knownness),
    );
    for name in names {
        let _ = writeln!(
            out,
            "<dl class=\"kv name\">\n<dt>Original</dt><dd>{}</dd>",
            text_in(name, region)
        );
        keys_rows(out, &normalizer.keys(name));
        out.push_str("</dl>\n");
    }
    out.push_str("</div>\n");
}

fn tree(out: &mut String, e: &super::ExplanationDoc) {
    let _ = write!(
        out,
        "<li><span class=\"v\">{:.3}</span> <span class=\"m\">{}</span>: {}",
        e.value,
        escape(&e.method),
        escape(&e.detail)
    );
    if !e.children.is_empty() {
        out.push_str("\n<ul>\n");
        for c in &e.children {
            tree(out, c);
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</li>\n");
}

fn goods_section(out: &mut String, f: &FindingDoc) {
    out.push_str("<section id=\"goods\"><h2>Goods compared</h2>\n");
    let relation = f
        .explanation
        .find("goods")
        .map_or_else(|| "not stated".to_string(), |g| escape(&g.detail));
    let _ = writeln!(out, "<p>Goods relation: {relation}</p>");
    let target_all = f.target.classes.is_empty();
    let mut classes: BTreeMap<u32, (Option<String>, bool)> = BTreeMap::new();
    for c in &f.filing.classes {
        let goods = c.goods.clone().unwrap_or_default();
        classes.insert(u32::from(c.class.get()), (Some(goods), false));
    }
    for &c in &f.target.classes {
        classes.entry(c).or_insert((None, false)).1 = true;
    }
    out.push_str(
        "<table>\n<thead><tr><th>Class</th><th>Filing goods / services</th><th>Target</th>\
         </tr></thead>\n<tbody>\n",
    );
    let region = Some(f.filing.office.code());
    for (class, (goods, in_target)) in &classes {
        let goods = match goods {
            None => "not designated".to_string(),
            Some(g) if g.is_empty() => "designated (no goods text)".to_string(),
            Some(g) => text_in(g, region),
        };
        let target = if *in_target {
            "protected"
        } else if target_all {
            "all goods"
        } else {
            "—"
        };
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{class}</td><td>{goods}</td><td>{target}</td></tr>"
        );
    }
    if classes.is_empty() {
        out.push_str("<tr><td colspan=\"3\">No classes on either side.</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    if target_all {
        out.push_str(
            "<p class=\"note\">The target lists no classes: it is treated as protected for \
             all goods and services.</p>\n",
        );
    }
    out.push_str("</section>\n");
}

fn grounds_section(out: &mut String, f: &FindingDoc) {
    out.push_str("<section id=\"grounds\"><h2>Legal grounds</h2>\n");
    if f.legal.is_empty() && f.grounds.is_empty() {
        out.push_str("<p>No legal ground was raised by this match.</p>\n");
    }
    for g in &f.legal {
        let _ = writeln!(
            out,
            "<div class=\"ground\"><h3>{} — {} ({})</h3>\n<dl class=\"kv\">\n\
             <dt>Summary</dt><dd>{}</dd>\n<dt>Who may act</dt><dd>{}</dd>\n\
             <dt>Why</dt><dd>{}</dd>\n<dt>Opposition</dt><dd>{}</dd>\n\
             <dt>After registration</dt><dd>{} ({}), time limit: {}</dd>",
            escape(&g.code),
            escape(&g.article),
            escape(g.office.code()),
            escape(&g.summary),
            escape(&g.who_may_act),
            escape(&g.why),
            if g.opposition { "yes" } else { "no" },
            g.post_action.as_str(),
            escape(&g.post_basis),
            escape(&g.invalidation_limit.to_string()),
        );
        if let Some(note) = &g.note {
            let _ = writeln!(out, "<dt>Note</dt><dd>{}</dd>", escape(note));
        }
        out.push_str("</dl></div>\n");
    }
    let detailed: HashSet<&str> = f.legal.iter().map(|g| g.code.as_str()).collect();
    let bare: Vec<&str> = f
        .grounds
        .iter()
        .map(String::as_str)
        .filter(|c| !detailed.contains(c))
        .collect();
    if !bare.is_empty() {
        let _ = writeln!(
            out,
            "<p>Also raised, without details in the findings file: {}</p>",
            escape(&bare.join(", "))
        );
    }
    out.push_str("</section>\n");
}

fn deadlines_section(out: &mut String, f: &FindingDoc) {
    out.push_str("<section id=\"deadlines\"><h2>Deadlines</h2>\n");
    if f.deadlines.is_empty() {
        out.push_str("<p>No deadlines: markwatch models those of CN and JP filings only.</p>\n");
    } else {
        out.push_str(
            "<table class=\"deadlines\">\n<thead><tr><th>Action</th><th>Office</th><th>Basis</th><th>Opens</th>\
             <th>Closes</th><th>Days left</th><th>State</th><th>Notes</th></tr></thead>\n\
             <tbody>\n",
        );
        for d in &f.deadlines {
            let mut notes: Vec<String> = d
                .notes
                .iter()
                .filter(|n| n.as_str() != HOLIDAY_NOTE)
                .map(|n| escape(n))
                .collect();
            if let Some(r) = &d.reason_if_unknown {
                notes.insert(0, format!("unknown: {}", escape(r)));
            }
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"date\">{}</td>\
                 <td class=\"date\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                d.action.as_str(),
                escape(d.office.code()),
                escape(&d.basis),
                fmt_opt(d.opens),
                fmt_opt(d.closes),
                fmt_opt(d.days_left),
                state_cell(d),
                notes.join("<br>"),
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    let _ = writeln!(
        out,
        "<p class=\"note\">Note: {}. Treat each closing date as the conservative date.</p>\n\
         </section>",
        escape(HOLIDAY_NOTE)
    );
}

/// A filing's applicant names, compared case-insensitively with runs of white space as one.
fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A filing of the same applicant, with the findings of the batch about it (index of the
/// finding, target id).
type OtherFiling<'a> = (&'a Record, Vec<(usize, &'a str)>);

fn applicant_section(out: &mut String, batch: &Batch<'_>, f: &FindingDoc) {
    out.push_str("<section id=\"applicant\"><h2>The applicant's other filings</h2>\n");
    let names: HashSet<String> = f
        .filing
        .applicants
        .iter()
        .map(|p| name_key(&p.name))
        .filter(|n| !n.is_empty())
        .collect();
    if names.is_empty() {
        out.push_str("<p>The filing names no applicant.</p>\n</section>\n");
        return;
    }
    // Distinct records by id, findings first; with the pages and targets of their findings.
    let mut others: BTreeMap<&str, OtherFiling<'_>> = BTreeMap::new();
    let same_applicant = |r: &Record| {
        r.id != f.filing.id
            && r.applicants
                .iter()
                .any(|p| names.contains(&name_key(&p.name)))
    };
    for (i, g) in batch.findings.iter().enumerate() {
        if same_applicant(&g.filing) {
            others
                .entry(g.filing.id.as_str())
                .or_insert((&g.filing, Vec::new()))
                .1
                .push((i, g.target_id.as_str()));
        }
    }
    for r in batch.extra_filings.iter().filter(|r| same_applicant(r)) {
        others.entry(r.id.as_str()).or_insert((r, Vec::new()));
    }
    let who = applicant_names(&f.filing);
    if others.is_empty() {
        let _ = writeln!(
            out,
            "<p>No other filing of {who} in this batch{}.</p>\n</section>",
            if batch.extra_filings.is_empty() {
                ""
            } else {
                " or in the filings given"
            }
        );
        return;
    }
    let mut rows: Vec<_> = others.into_values().collect();
    rows.sort_by(|a, b| (a.0.dates.filing, &a.0.id).cmp(&(b.0.dates.filing, &b.0.id)));
    let _ = writeln!(
        out,
        "<p>{} other filing{} of {who}:</p>\n<table>\n<thead><tr><th>Filing</th><th>Mark</th>\
         <th>Office</th><th>Status</th><th>Classes</th><th>Filed</th><th>Findings</th></tr>\
         </thead>\n<tbody>",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" },
    );
    for (r, hits) in rows {
        let links = if hits.is_empty() {
            "—".to_string()
        } else {
            hits.iter()
                .map(|(i, t)| format!("<a href=\"{}\">{}</a>", escape(&batch.pages[*i]), escape(t)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"date\">{}</td><td>{links}\
             </td></tr>",
            escape(&r.id),
            text_in(&r.mark, Some(r.office.code())),
            escape(r.office.code()),
            r.status.as_str(),
            classes_of(r),
            fmt_opt(r.dates.filing),
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// One line on a deadline: `CN opposition, open, closes 2025-12-29 (44 days left)`; without a
/// closing date, the opening date or why it is not known.
fn deadline_summary(d: &Deadline) -> String {
    let mut s = format!(
        "{} {}, {}",
        escape(d.office.code()),
        d.action.as_str(),
        state_name(d.state)
    );
    match (d.opens, d.closes) {
        (_, Some(c)) => {
            let _ = write!(s, ", closes {c}");
            if let Some(n) = d.days_left {
                let _ = write!(s, " ({n} days left)");
            }
        }
        (Some(o), None) => {
            let _ = write!(s, ", opens {o}, no closing date");
        }
        (None, None) => {
            let why = d.reason_if_unknown.as_deref().or_else(|| {
                d.notes
                    .first()
                    .map(String::as_str)
                    .filter(|n| *n != HOLIDAY_NOTE)
            });
            if let Some(why) = why {
                let _ = write!(s, " ({})", escape(why));
            }
        }
    }
    s
}

/// The page of finding `i` of `batch`.
///
/// # Panics
/// If `i` is out of range of `batch.findings` or `batch.pages`.
pub fn render_page(batch: &Batch<'_>, i: usize, normalizer: &Normalizer) -> String {
    page(batch, i, normalizer, true)
}

/// The page of finding `i` of `batch` without the link back to `index.html`: for a page
/// served alone (the server's `/api/alerts/{id}/report`), where there is no summary page.
///
/// # Panics
/// If `i` is out of range of `batch.findings` or `batch.pages`.
pub fn render_standalone_page(batch: &Batch<'_>, i: usize, normalizer: &Normalizer) -> String {
    page(batch, i, normalizer, false)
}

fn page(batch: &Batch<'_>, i: usize, normalizer: &Normalizer, index_link: bool) -> String {
    let f = &batch.findings[i];
    let mut out = String::new();
    head(
        &mut out,
        &format!("Finding {} vs {}", f.filing_id, f.target_id),
    );
    if index_link {
        out.push_str("<nav><a href=\"index.html\">← All findings</a></nav>\n");
    }
    let next = f
        .next_deadline()
        .map_or_else(|| "none".to_string(), deadline_summary);
    let _ = writeln!(
        out,
        "<header><h1>Finding: {} vs {}</h1>\n<p class=\"score\">Score <strong>{:.3}</strong> · \
         grounds: {} · next deadline: {next}</p></header>",
        text_in(&f.filing_id, Some(f.filing.office.code())),
        text_in(&f.target_id, f.target.country.as_deref()),
        f.score,
        match f.grounds.is_empty() {
            true => "none".to_string(),
            false => escape(&f.grounds.join(", ")),
        },
    );
    out.push_str("<section id=\"marks\"><h2>The marks</h2>\n<div class=\"pair\">\n");
    filing_side(&mut out, &f.filing, normalizer);
    target_side(&mut out, f, normalizer);
    out.push_str("</div>\n</section>\n");

    out.push_str("<section id=\"score\"><h2>Score and explanation</h2>\n<ul class=\"tree\">\n");
    tree(&mut out, &f.explanation);
    out.push_str("</ul>\n</section>\n");

    goods_section(&mut out, f);
    grounds_section(&mut out, f);
    deadlines_section(&mut out, f);
    applicant_section(&mut out, batch, f);
    foot(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape("無印良品"), "無印良品");
    }

    #[test]
    fn lang_follows_script_then_region() {
        assert_eq!(lang_of("そよかぜ工房", Some("CN")), Some("ja"));
        assert_eq!(lang_of("灘五郷", Some("JP")), Some("ja"));
        assert_eq!(lang_of("滩五乡", Some("CN")), Some("zh-Hans"));
        assert_eq!(lang_of("臺灣", Some("TW")), Some("zh-Hant"));
        assert_eq!(lang_of("青森", None), Some("zh"));
        assert_eq!(lang_of("IMABARI", Some("JP")), None);
    }
}
