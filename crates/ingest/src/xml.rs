//! WIPO ST.66 and ST.96 trademark XML, streamed one record element at a time.
//!
//! Two passes per record. The outer pass runs quick-xml over the stream through a [`Recorder`]
//! that keeps the bytes consumed since the record element started, so each record's raw text is
//! available for the rejects file; the record is at most [`MAX_RECORD_BYTES`] long, after which
//! the recorder fails the read and the reader skips to the element's end tag by a plain byte
//! scan. The inner pass parses the record's bytes into a small [`Element`] tree and maps it to a
//! [`Record`]. Elements are matched by local name, so any namespace prefix works.

use std::io::{self, BufRead, Read};

use markwatch_core::{GoodsClass, MarkKind, Party, Record, Source, Status};
use quick_xml::events::Event;

use crate::fields::{self, FResult, Fault};
use crate::{Format, Input, RecordError, MAX_RECORD_BYTES, RAW_PREFIX_BYTES};

// ---------------------------------------------------------------------------------------------
// The recorder: counts lines, keeps the current record's bytes, enforces the size cap.

/// Wraps the input; records consumed bytes between [`Recorder::clear`] calls and fails reads
/// once more than [`MAX_RECORD_BYTES`] were recorded.
struct Recorder {
    inner: Input,
    /// Bytes given back to be read again before `inner` (a record start tag found by a scan).
    pushback: Vec<u8>,
    pushback_pos: usize,
    recorded: Vec<u8>,
    recorded_len: u64,
    limit: u64,
    /// Newlines consumed so far.
    lines: u64,
}

impl Recorder {
    fn clear(&mut self) {
        self.recorded.clear();
        self.recorded_len = 0;
    }

    fn over(&self) -> bool {
        self.recorded_len > self.limit
    }

    /// Takes the recorded bytes (only the first [`RAW_PREFIX_BYTES`] if over the limit).
    fn take(&mut self) -> Vec<u8> {
        self.recorded_len = 0;
        std::mem::take(&mut self.recorded)
    }

    /// Consumes bytes up to the next start tag of `tag` (any prefix), leaving that tag to be
    /// read next. Returns false at the end of input.
    fn skip_to_start(&mut self, tag: &[u8]) -> io::Result<bool> {
        self.scan(tag, false)
    }

    /// Consumes bytes up to and including the next end tag of `tag` (any prefix). Returns false
    /// at the end of input.
    fn skip_past_end(&mut self, tag: &[u8]) -> io::Result<bool> {
        self.scan(tag, true)
    }

    fn scan(&mut self, tag: &[u8], end: bool) -> io::Result<bool> {
        // `name` holds the bytes after a `<` while they may still be a tag name.
        let mut name: Option<Vec<u8>> = None;
        let mut closing = false;
        loop {
            // Outside a candidate tag, skip in bulk to the next byte of interest.
            if name.is_none() {
                let want = if closing { b'>' } else { b'<' };
                let (found, len) = {
                    let avail = self.fill_buf()?;
                    if avail.is_empty() {
                        return Ok(false);
                    }
                    match avail.iter().position(|&b| b == want) {
                        Some(i) => (true, i + 1),
                        None => (false, avail.len()),
                    }
                };
                self.consume_plain(len);
                if !found {
                    continue;
                }
                if closing {
                    return Ok(true);
                }
                name = Some(Vec::new());
                continue;
            }
            let byte = {
                let avail = self.fill_buf()?;
                match avail.first() {
                    Some(&b) => b,
                    None => return Ok(false),
                }
            };
            self.consume_plain(1);
            match (&mut name, byte) {
                (_, b'<') => name = Some(Vec::new()),
                (Some(n), b'/') if n.is_empty() && end => n.push(b'/'),
                (Some(n), b) if b.is_ascii_whitespace() || b == b'>' || b == b'/' => {
                    let (is_end, qname) = match n.strip_prefix(b"/") {
                        Some(q) => (true, q),
                        None => (false, &n[..]),
                    };
                    if local(qname) == tag && is_end == end {
                        if end {
                            if b == b'>' {
                                return Ok(true);
                            }
                            closing = true;
                            name = None;
                            continue;
                        } else {
                            let mut back = Vec::with_capacity(n.len() + 2);
                            back.push(b'<');
                            back.extend_from_slice(n);
                            back.push(b);
                            self.lines -= u64::from(b == b'\n');
                            self.pushback = back;
                            self.pushback_pos = 0;
                            return Ok(true);
                        }
                    }
                    name = None;
                }
                (Some(n), b) if n.len() < 256 => n.push(b),
                (Some(_), _) => name = None,
                (None, _) => {}
            }
        }
    }

    /// Consumes without recording (scans).
    fn consume_plain(&mut self, amt: usize) {
        if self.pushback_pos < self.pushback.len() {
            let part = &self.pushback[self.pushback_pos..self.pushback_pos + amt];
            self.lines += part.iter().filter(|&&b| b == b'\n').count() as u64;
            self.pushback_pos += amt;
            return;
        }
        if let Ok(avail) = self.inner.fill_buf() {
            self.lines += avail[..amt].iter().filter(|&&b| b == b'\n').count() as u64;
        }
        self.inner.consume(amt);
    }
}

impl Read for Recorder {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(out.len());
        out[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Recorder {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.over() {
            return Err(io::Error::other("record too long"));
        }
        if self.pushback_pos < self.pushback.len() {
            return Ok(&self.pushback[self.pushback_pos..]);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        let part: &[u8] = if self.pushback_pos < self.pushback.len() {
            &self.pushback[self.pushback_pos..self.pushback_pos + amt]
        } else {
            match self.inner.fill_buf() {
                Ok(avail) => &avail[..amt],
                Err(_) => &[],
            }
        };
        self.lines += part.iter().filter(|&&b| b == b'\n').count() as u64;
        self.recorded_len += amt as u64;
        if self.recorded_len <= self.limit {
            self.recorded.extend_from_slice(part);
        } else if self.recorded.len() > RAW_PREFIX_BYTES {
            self.recorded.truncate(RAW_PREFIX_BYTES);
            self.recorded.shrink_to_fit();
        }
        if self.pushback_pos < self.pushback.len() {
            self.pushback_pos += amt;
        } else {
            self.inner.consume(amt);
        }
    }
}

/// The local part of a qualified name (`tmk:Trademark` → `Trademark`).
fn local(qname: &[u8]) -> &[u8] {
    match qname.iter().rposition(|&b| b == b':') {
        Some(i) => &qname[i + 1..],
        None => qname,
    }
}

fn outer_reader(rec: Recorder) -> quick_xml::Reader<Recorder> {
    let mut reader = quick_xml::Reader::from_reader(rec);
    let config = reader.config_mut();
    config.check_end_names = true;
    // After a resynchronization the reader starts mid-document: the ends of the enclosing
    // elements it never saw open are expected.
    config.allow_unmatched_ends = true;
    reader
}

// ---------------------------------------------------------------------------------------------
// The iterator.

/// Streams records out of an ST.66 or ST.96 document.
pub(crate) struct XmlRecords {
    reader: Option<quick_xml::Reader<Recorder>>,
    format: Format,
    tag: &'static [u8],
    label: String,
    index: u64,
    scratch: Vec<u8>,
}

impl XmlRecords {
    /// Checks the document's head (no DOCTYPE, UTF-8) and prepares to stream.
    pub(crate) fn new(mut input: Input, format: Format, label: &str) -> FResult<XmlRecords> {
        let head = input
            .fill_buf()
            .map_err(|e| Fault::whole(format!("read error: {e}")))?;
        check_head(head)?;
        let tag: &'static [u8] = match format {
            Format::St96 => b"Trademark",
            _ => b"TradeMark",
        };
        let rec = Recorder {
            inner: input,
            pushback: Vec::new(),
            pushback_pos: 0,
            recorded: Vec::new(),
            recorded_len: 0,
            limit: MAX_RECORD_BYTES as u64,
            lines: 0,
        };
        Ok(XmlRecords {
            reader: Some(outer_reader(rec)),
            format,
            tag,
            label: label.to_string(),
            index: 0,
            scratch: Vec::new(),
        })
    }

    fn source(&self, line: Option<u64>, record: Option<u64>) -> Source {
        crate::source(&self.label, line, record)
    }

    /// Skips to the next record start with a byte scan and restarts the XML reader there.
    /// Returns false (and ends the iteration) at the end of input.
    fn resync(&mut self, past_end_of_current: bool) -> io::Result<bool> {
        let Some(reader) = self.reader.take() else {
            return Ok(false);
        };
        let mut rec = reader.into_inner();
        rec.clear();
        self.scratch = Vec::new();
        if past_end_of_current && !rec.skip_past_end(self.tag)? {
            return Ok(false);
        }
        if !rec.skip_to_start(self.tag)? {
            return Ok(false);
        }
        self.reader = Some(outer_reader(rec));
        Ok(true)
    }

    /// Reads the rest of a record element whose start tag was just read: `Ok` when its end
    /// tag was read, `Err` when the stream broke (or the record grew too long) inside it.
    fn finish_element(&mut self) -> Result<(), quick_xml::Error> {
        let reader = self.reader.as_mut().expect("reader present while reading");
        let mut depth = 1usize;
        loop {
            self.scratch.clear();
            match reader.read_event_into(&mut self.scratch)? {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                Event::Eof => {
                    let tag = String::from_utf8_lossy(self.tag).into_owned();
                    return Err(quick_xml::errors::IllFormedError::MissingEndTag(tag).into());
                }
                _ => {}
            }
        }
    }

    fn parse(raw: &[u8]) -> FResult<Record> {
        let root = parse_tree(raw)?;
        record(&root)
    }
}

impl Iterator for XmlRecords {
    type Item = Result<Record, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let reader = self.reader.as_mut()?;
            reader.get_mut().clear();
            let line = reader.get_ref().lines + 1;
            self.scratch.clear();
            let event = reader.read_event_into(&mut self.scratch);
            let (is_record, empty) = match &event {
                Ok(Event::Start(e)) => (local(e.name().as_ref()) == self.tag, false),
                Ok(Event::Empty(e)) => (local(e.name().as_ref()) == self.tag, true),
                _ => (false, false),
            };
            match event {
                Ok(Event::Eof) => {
                    self.reader = None;
                    return None;
                }
                Ok(Event::DocType(_)) => {
                    self.reader = None;
                    let f = Fault::whole(
                        "DOCTYPE declarations are refused (entities are never expanded); \
                         remove the DOCTYPE",
                    );
                    return Some(Err(f.at(self.source(Some(line), None), Vec::new())));
                }
                Ok(_) if is_record => {
                    self.index += 1;
                    let src = self.source(Some(line), Some(self.index));
                    let broken = if empty { Ok(()) } else { self.finish_element() };
                    let rec = self.reader.as_mut()?.get_mut();
                    let too_long = rec.over();
                    let mut raw = rec.take();
                    // quick-xml consumes a tag's `<` while reading the text before it, so the
                    // recording may start just after it.
                    if raw.first() != Some(&b'<') {
                        raw.insert(0, b'<');
                        if too_long {
                            raw.truncate(RAW_PREFIX_BYTES);
                        }
                    }
                    return Some(match broken {
                        Ok(()) => match XmlRecords::parse(&raw) {
                            Ok(mut r) => {
                                r.source = Some(src);
                                Ok(r)
                            }
                            Err(f) => Err(f.at(src, raw)),
                        },
                        Err(e) => {
                            let f = if too_long {
                                Fault::whole(format!(
                                    "record too long (more than {MAX_RECORD_BYTES} bytes)"
                                ))
                            } else {
                                Fault::whole(format!("broken XML: {e}"))
                            };
                            if !matches!(self.resync(too_long), Ok(true)) {
                                self.reader = None;
                            }
                            Err(f.at(src, raw))
                        }
                    });
                }
                Ok(_) => {}
                Err(e) => {
                    let rec = self.reader.as_mut().map(|r| r.get_mut());
                    let too_long = rec.as_ref().is_some_and(|r| r.over());
                    let raw = rec.map(|r| r.take()).unwrap_or_default();
                    let reason = if too_long {
                        format!("XML element too long outside any {}", self.tag_name())
                    } else {
                        format!("broken XML outside any {}: {e}", self.tag_name())
                    };
                    let resumed = !matches!(e, quick_xml::Error::Io(_)) || too_long;
                    let resumed = resumed && self.resync(false).unwrap_or(false);
                    if !resumed {
                        self.reader = None;
                    }
                    let reason = if resumed {
                        format!("{reason}; skipped to the next record")
                    } else {
                        format!("{reason}; the rest of the file is not read")
                    };
                    return Some(Err(
                        Fault::whole(reason).at(self.source(Some(line), None), raw)
                    ));
                }
            }
        }
    }
}

impl XmlRecords {
    fn tag_name(&self) -> &'static str {
        match self.format {
            Format::St96 => "<Trademark>",
            _ => "<TradeMark>",
        }
    }
}

/// Refuses a document whose first bytes declare a DOCTYPE or a non-UTF-8 encoding.
fn check_head(head: &[u8]) -> FResult<()> {
    let find = |needle: &[u8]| head.windows(needle.len()).position(|w| w == needle);
    if find(b"<!DOCTYPE").is_some() {
        return Err(Fault::whole(
            "DOCTYPE declarations are refused (entities are never expanded); remove the DOCTYPE",
        ));
    }
    if let Some(start) = find(b"<?xml") {
        let decl_end = head[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(head.len(), |e| start + e);
        let decl = String::from_utf8_lossy(&head[start..decl_end]).to_ascii_lowercase();
        if let Some(i) = decl.find("encoding") {
            let rest = &decl[i + "encoding".len()..];
            let value: String = rest
                .trim_start_matches([' ', '=', '"', '\''])
                .chars()
                .take_while(|c| !matches!(c, '"' | '\'' | ' ' | '?'))
                .collect();
            if !matches!(value.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii") {
                return Err(Fault::whole(format!(
                    "XML encoding {value:?} is not supported; convert the file to UTF-8"
                )));
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The record's tree.

/// An element with its local name, attributes it matters for, text and children.
#[derive(Debug, Default)]
struct Element {
    name: String,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn kid(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The trimmed text of the child `name`, if non-empty.
    fn kid_text(&self, name: &str) -> Option<&str> {
        self.kid(name)
            .map(|e| e.text.trim())
            .filter(|t| !t.is_empty())
    }

    /// Follows a path of child names.
    fn path(&self, path: &[&str]) -> Option<&Element> {
        path.iter().try_fold(self, |e, name| e.kid(name))
    }

    /// All descendants named `name`, depth first, not looking inside a match.
    fn all<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for c in &self.children {
            if c.name == name {
                out.push(c);
            } else {
                c.all(name, out);
            }
        }
    }

    fn first(&self, name: &str) -> Option<&Element> {
        let mut out = Vec::new();
        self.all(name, &mut out);
        out.into_iter().next()
    }

    fn first_text(&self, names: &[&str]) -> Option<String> {
        names.iter().find_map(|n| {
            let mut out = Vec::new();
            self.all(n, &mut out);
            out.into_iter()
                .map(|e| e.text.trim())
                .find(|t| !t.is_empty())
                .map(str::to_string)
        })
    }

    /// Texts of leaf descendants, in order, skipping those whose names `skip` rejects.
    fn leaf_texts<'a>(&'a self, skip: &dyn Fn(&str) -> bool, out: &mut Vec<&'a str>) {
        if self.children.is_empty() {
            let t = self.text.trim();
            if !t.is_empty() && !skip(&self.name) {
                out.push(t);
            }
        }
        for c in &self.children {
            c.leaf_texts(skip, out);
        }
    }
}

/// Parses one record element's bytes. Entity references other than the five predefined ones
/// and character references are refused.
fn parse_tree(raw: &[u8]) -> FResult<Element> {
    let mut reader = quick_xml::Reader::from_reader(raw);
    reader.config_mut().check_end_names = true;
    let broken = |e: &dyn std::fmt::Display, pos: u64| {
        Fault::whole(format!("broken XML at byte {pos} of the record: {e}"))
    };
    let mut stack: Vec<Element> = vec![Element::default()];
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| broken(&e, reader.error_position()))?;
        let pos = reader.buffer_position();
        match event {
            Event::Start(e) => stack.push(Element {
                name: utf8(local(e.name().as_ref()), pos)?.to_string(),
                ..Element::default()
            }),
            Event::Empty(e) => {
                let el = Element {
                    name: utf8(local(e.name().as_ref()), pos)?.to_string(),
                    ..Element::default()
                };
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(el);
                }
            }
            Event::End(_) => {
                let el = stack.pop().unwrap_or_default();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => return Err(broken(&"unbalanced end tag", pos)),
                }
            }
            Event::Text(t) => {
                let s = t.decode().map_err(|e| broken(&e, pos))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Event::CData(t) => {
                let s = t.decode().map_err(|e| broken(&e, pos))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    Ok(None) => match &*r {
                        b"amp" => '&',
                        b"lt" => '<',
                        b"gt" => '>',
                        b"quot" => '"',
                        b"apos" => '\'',
                        other => {
                            return Err(Fault::whole(format!(
                                "undeclared entity &{};  (entities are never expanded)",
                                String::from_utf8_lossy(other)
                            )))
                        }
                    },
                    Err(e) => return Err(broken(&e, pos)),
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push(c);
                }
            }
            Event::DocType(_) => return Err(Fault::whole("DOCTYPE inside a record")),
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
    if stack.len() != 1 {
        return Err(Fault::whole("broken XML: unclosed element in the record"));
    }
    let mut doc = stack.pop().unwrap_or_default();
    match doc.children.len() {
        1 => Ok(doc.children.remove(0)),
        _ => Err(Fault::whole(
            "broken XML: expected exactly one record element",
        )),
    }
}

fn utf8(b: &[u8], pos: u64) -> FResult<&str> {
    std::str::from_utf8(b)
        .map_err(|_| Fault::whole(format!("not UTF-8 near byte {pos} of the record")))
}

// ---------------------------------------------------------------------------------------------
// Mapping to a Record (ST.66 and ST.96 share element local names for what markwatch reads).

fn required_text<'a>(el: &'a Element, name: &str) -> FResult<&'a str> {
    el.kid_text(name)
        .ok_or_else(|| Fault::field(name, format!("missing <{name}>")))
}

fn record(tm: &Element) -> FResult<Record> {
    let office = fields::office(
        "RegistrationOfficeCode",
        required_text(tm, "RegistrationOfficeCode")?,
    )?;
    let number_el = tm
        .kid("ApplicationNumber")
        .ok_or_else(|| Fault::field("ApplicationNumber", "missing <ApplicationNumber>"))?;
    let number = match number_el.text.trim() {
        "" => number_el
            .first_text(&["ApplicationNumberText"])
            .ok_or_else(|| Fault::field("ApplicationNumber", "empty application number"))?,
        t => t.to_string(),
    };
    let verbal = tm
        .first("WordMarkSpecification")
        .and_then(|w| w.kid_text("MarkVerbalElementText"))
        .unwrap_or_default();
    let mut r = Record::new(format!("{}:{}", office.code(), number), office, verbal);
    let feature = tm
        .kid_text("MarkFeature")
        .or_else(|| tm.kid_text("MarkFeatureCategory"))
        .or_else(|| {
            tm.path(&["MarkRepresentation", "MarkFeatureCategory"])
                .map(|e| e.text.trim())
        })
        .filter(|t| !t.is_empty());
    if let Some(f) = feature {
        let field = if tm.kid("MarkFeature").is_some() {
            "MarkFeature"
        } else {
            "MarkFeatureCategory"
        };
        r.kind = mark_kind(field, f)?;
        if r.kind == MarkKind::Figurative && !r.mark.trim().is_empty() {
            r.kind = MarkKind::FigurativeWithText;
        }
    }
    r.transliteration = tm.first_text(&["MarkTransliteration"]);
    r.translation = tm.first_text(&["MarkTranslation", "MarkTranslationText"]);
    if let Some(s) = tm.kid_text("MarkCurrentStatusCode") {
        r.status = status("MarkCurrentStatusCode", s)?;
    }
    if let Some(d) = tm.kid_text("ApplicationDate") {
        r.dates.filing = Some(fields::date("ApplicationDate", d)?);
    }
    if let Some(d) = tm.kid_text("RegistrationDate") {
        r.dates.registration = Some(fields::date("RegistrationDate", d)?);
    }
    let mut priorities = Vec::new();
    tm.all("Priority", &mut priorities);
    for p in priorities {
        if let Some(d) = p.kid_text("PriorityDate") {
            let d = fields::date("PriorityDate", d)?;
            r.dates.priority = Some(r.dates.priority.map_or(d, |e| e.min(d)));
        }
    }
    let mut publications = Vec::new();
    tm.all("Publication", &mut publications);
    for p in publications {
        let Some(d) = p.kid_text("PublicationDate") else {
            continue;
        };
        let d = fields::date("PublicationDate", d)?;
        let section = p
            .kid_text("PublicationSection")
            .or_else(|| p.kid_text("PublicationSectionCategory"))
            .unwrap_or_default()
            .to_ascii_lowercase();
        let slot = if section.contains("regist") {
            &mut r.dates.gazette
        } else {
            &mut r.dates.publication
        };
        *slot = Some(slot.map_or(d, |e| e.min(d)));
    }
    let mut descriptions = Vec::new();
    tm.all("ClassDescription", &mut descriptions);
    for c in descriptions {
        let class = fields::class("ClassNumber", required_text(c, "ClassNumber")?)?;
        let goods = c
            .kid_text("GoodsServicesDescription")
            .or_else(|| c.kid_text("GoodsServicesDescriptionText"))
            .map(str::to_string);
        r.classes.push(GoodsClass {
            goods,
            ..GoodsClass::bare(class)
        });
    }
    let mut applicants = Vec::new();
    tm.all("Applicant", &mut applicants);
    for a in applicants {
        r.applicants.push(party(a, "Applicant")?);
    }
    if let Some(rep) = tm.first("Representative") {
        r.representative = Some(party(rep, "Representative")?);
    }
    fields::finish(r)
}

/// A party from an ST.66 `Applicant`/`Representative` (name under `…AddressBook/
/// FormattedNameAddress/Name`) or an ST.96 one (name under `Contact/Name`).
fn party(el: &Element, what: &str) -> FResult<Party> {
    let name_el = el
        .first("Name")
        .ok_or_else(|| Fault::field(what, format!("<{what}> without a <Name>")))?;
    let name = name_el
        .first_text(&[
            "OrganizationStandardName",
            "OrganizationName",
            "EntityName",
            "PersonFullName",
        ])
        .or_else(|| {
            let mut lines = Vec::new();
            name_el.leaf_texts(&|_| false, &mut lines);
            (!lines.is_empty()).then(|| lines.join(" "))
        })
        .ok_or_else(|| Fault::field(what, format!("<{what}> with an empty <Name>")))?;
    let country = el.first_text(&[
        "AddressCountryCode",
        "CountryCode",
        "ApplicantNationalityCode",
        "NationalityCode",
    ]);
    let address = el
        .first("Address")
        .or_else(|| el.first("PostalAddress"))
        .and_then(|a| {
            let mut lines = Vec::new();
            a.leaf_texts(
                &|n| n.ends_with("CountryCode") || n == "AddressLanguageCode",
                &mut lines,
            );
            (!lines.is_empty()).then(|| lines.join(", "))
        });
    Ok(Party {
        name,
        country,
        address,
    })
}

/// The mark feature table (ST.66 `MarkFeature`, ST.96 `MarkFeatureCategory`); documented in
/// `docs/FORMATS.md`. Falls back to [`MarkKind`]'s own names.
fn mark_kind(field: &str, value: &str) -> FResult<MarkKind> {
    let k = value.trim().to_ascii_lowercase().replace(['-', '_'], " ");
    Ok(match k.as_str() {
        "word" | "standard characters" => MarkKind::Word,
        "stylized characters" | "stylised characters" | "stylized" | "stylised" | "combined" => {
            MarkKind::FigurativeWithText
        }
        "figurative" => MarkKind::Figurative,
        "3 d" | "3d" | "three dimensional" | "3 dimensional" => MarkKind::ThreeD,
        "sound" => MarkKind::Sound,
        "colour" | "color" | "hologram" | "olfactory" | "motion" | "position" | "pattern"
        | "multimedia" | "tracer" | "other" => MarkKind::Other,
        _ => fields::kind(field, value)?,
    })
}

/// The status table (`MarkCurrentStatusCode`); documented in `docs/FORMATS.md`. Falls back to
/// [`Status`]'s own names.
fn status(field: &str, value: &str) -> FResult<Status> {
    let k = value.trim().to_ascii_lowercase().replace(['-', '_'], " ");
    Ok(match k.as_str() {
        "application filed"
        | "filed"
        | "filing"
        | "examination"
        | "under examination"
        | "application under examination"
        | "pending"
        | "appeal pending" => Status::Filed,
        "application published" | "published" | "publication" => Status::Published,
        "registered" | "registration published" | "registration renewed" | "renewed" => {
            Status::Registered
        }
        "application opposed" | "opposed" | "opposition pending" => Status::Opposed,
        "application refused" | "refused" | "rejected" => Status::Refused,
        "application withdrawn"
        | "withdrawn"
        | "abandoned"
        | "registration surrendered"
        | "surrendered" => Status::Withdrawn,
        "registration cancelled"
        | "cancelled"
        | "canceled"
        | "invalidated"
        | "revoked"
        | "registration invalidated" => Status::Invalidated,
        "expired" | "registration expired" | "lapsed" | "ended" => Status::Expired,
        _ => fields::status(field, value)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_and_status_tables() {
        let kinds = [
            ("Word", MarkKind::Word),
            ("Stylized characters", MarkKind::FigurativeWithText),
            ("Combined", MarkKind::FigurativeWithText),
            ("Figurative", MarkKind::Figurative),
            ("3-D", MarkKind::ThreeD),
            ("Three dimensional", MarkKind::ThreeD),
            ("Sound", MarkKind::Sound),
            ("Hologram", MarkKind::Other),
            ("figurative_with_text", MarkKind::FigurativeWithText),
        ];
        for (code, kind) in kinds {
            assert_eq!(mark_kind("MarkFeature", code).unwrap(), kind, "{code}");
        }
        assert_eq!(
            mark_kind("MarkFeature", "Smell")
                .unwrap_err()
                .field
                .as_deref(),
            Some("MarkFeature")
        );
        let statuses = [
            ("Application filed", Status::Filed),
            ("Appeal pending", Status::Filed),
            ("Application published", Status::Published),
            ("Registration renewed", Status::Registered),
            ("Opposition pending", Status::Opposed),
            ("Application refused", Status::Refused),
            ("Registration surrendered", Status::Withdrawn),
            ("Registration cancelled", Status::Invalidated),
            ("Registration expired", Status::Expired),
            ("preliminary approval", Status::Published),
        ];
        for (code, status_) in statuses {
            assert_eq!(
                status("MarkCurrentStatusCode", code).unwrap(),
                status_,
                "{code}"
            );
        }
    }

    #[test]
    fn tree_reads_references_and_cdata() {
        let el = parse_tree(
            "<a:R><a:T>&#x6C34;&amp;<![CDATA[<b>]]>&lt;</a:T><U/><!-- c --></a:R>".as_bytes(),
        )
        .unwrap();
        assert_eq!(el.name, "R");
        assert_eq!(el.kid_text("T"), Some("水&<b><"));
        assert!(el.kid("U").is_some());
        assert!(parse_tree(b"<R><T>x</R>").is_err());
        assert!(parse_tree(b"<R>&nbsp;</R>")
            .unwrap_err()
            .reason
            .contains("&nbsp;"));
    }

    #[test]
    fn scan_finds_start_and_end_tags_with_any_prefix() {
        let rec = |s: &'static str| Recorder {
            inner: Box::new(s.as_bytes()),
            pushback: Vec::new(),
            pushback_pos: 0,
            recorded: Vec::new(),
            recorded_len: 0,
            limit: 100,
            lines: 0,
        };
        let mut r = rec("<TradeMarkDetails>\n</x:TradeMark >\n<x:TradeMark\nid='1'>");
        assert!(r.skip_past_end(b"TradeMark").unwrap());
        assert_eq!(r.lines, 1);
        assert!(r.skip_to_start(b"TradeMark").unwrap());
        let mut rest = String::new();
        r.read_to_string(&mut rest).unwrap();
        assert_eq!(rest, "<x:TradeMark\nid='1'>");
        assert!(!rec("<TradeMarks>").skip_to_start(b"TradeMark").unwrap());
    }
}
