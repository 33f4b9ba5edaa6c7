//! The workers: each takes a batch, checks and parses its documents,
//! extracts, and serializes the batch's output to one byte buffer, so the
//! writer only copies bytes.
//!
//! Each worker owns a [`Scratch`], so extraction reuses its buffers from
//! one document to the next.

use std::borrow::Cow;
use std::fmt;
use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Mutex;

use narrative_metrics::{Currency, Document, Extractor, Record, Scratch};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::cli::Format;
use crate::input::{Batch, Item};
use crate::pool::Pool;

/// Where buffers go back: input ones to the reader, output ones to the
/// workers.
#[derive(Clone, Copy, Debug)]
pub struct Pools<'p> {
    pub input: &'p Pool,
    pub output: &'p Pool,
}

/// What to produce.
#[derive(Clone, Copy, Debug)]
pub struct Mode {
    pub format: Format,
    pub quantities: bool,
    /// `--lang`: the language of documents that state none.
    pub lang: Option<&'static str>,
}

/// The output of one batch.
#[derive(Debug, Default)]
pub struct Done {
    pub seq: u64,
    /// Serialized records, each with its separator (see [`Mode`]).
    pub data: Vec<u8>,
    /// Lines for stderr, in input order.
    pub messages: Vec<String>,
    /// Documents read and processed.
    pub documents: u64,
    /// Documents (or files) skipped.
    pub skipped: u64,
    pub records: u64,
    /// Input bytes of the batch.
    pub bytes: u64,
}

/// Runs one worker until the batches run out or the writer is gone.
pub fn work(
    extractor: &Extractor,
    mode: Mode,
    batches: &Mutex<Receiver<Batch>>,
    done: Sender<Done>,
    pools: Pools<'_>,
) {
    // Each worker its own regex scratch space: see `Extractor::for_thread`.
    let extractor = &extractor.for_thread();
    let mut w = Worker {
        extractor,
        mode,
        scratch: Scratch::new(),
        tmp: Vec::new(),
        meta: Vec::new(),
    };
    loop {
        // The lock is held only while waiting for the next batch.
        let batch = match batches.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(batch) = batch else { return };
        let out = w.batch(&batch, pools.output.take(batch.data.len()));
        pools.input.give(batch.data);
        if done.send(out).is_err() {
            return;
        }
    }
}

struct Worker<'e> {
    extractor: &'e Extractor,
    mode: Mode,
    scratch: Scratch,
    /// Reused buffer for one serialized quantity.
    tmp: Vec<u8>,
    /// The current document's `meta` object, as JSON text.
    meta: Vec<u8>,
}

impl Worker<'_> {
    /// Processes one batch, writing its output into `data`.
    fn batch(&mut self, batch: &Batch, data: Vec<u8>) -> Done {
        let mut done = Done {
            seq: batch.seq,
            data,
            bytes: u64::try_from(batch.data.len()).unwrap_or(u64::MAX),
            ..Done::default()
        };
        for item in &batch.items {
            let result = match item {
                Item::Txt { source, id, range } => {
                    match std::str::from_utf8(&batch.data[range.clone()]) {
                        Ok(text) => {
                            self.meta.clear();
                            let doc = Document::new(id, text)
                                .with_lang(self.mode.lang);
                            self.document(&mut done, source, None, &doc)
                        }
                        Err(err) => Err(format!(
                            "{source}: invalid UTF-8 at byte {}",
                            err.valid_up_to()
                        )),
                    }
                }
                Item::Line { source, line, range } => {
                    let bytes = &batch.data[range.clone()];
                    self.line(&mut done, source, *line, bytes)
                }
                Item::Skip(message) => Err(message.clone()),
                Item::Note(message) => {
                    done.messages.push(message.clone());
                    Ok(())
                }
            };
            if let Err(message) = result {
                done.messages.push(message);
                done.skipped += 1;
            }
        }
        done
    }

    /// Parses one JSONL line and processes its document.
    fn line(
        &mut self,
        done: &mut Done,
        source: &str,
        line: u64,
        bytes: &[u8],
    ) -> Result<(), String> {
        let text = std::str::from_utf8(bytes).map_err(|err| {
            let column = err.valid_up_to() + 1;
            format!("{source}:{line}:{column}: invalid UTF-8")
        })?;
        // The column is serde_json's: 1-based, at the character where it
        // found the problem (a few errors come with column 0: shown as 1).
        let doc: Line<'_> = serde_json::from_str(text).map_err(|err| {
            format!(
                "{source}:{line}:{}: invalid JSON: {}",
                err.column().max(1),
                JsonMessage(&err)
            )
        })?;
        let Some(raw) = doc.text else {
            return Err(format!("{source}:{line}: missing field \"text\""));
        };
        let text = string(raw).ok_or_else(|| {
            format!(
                "{source}:{line}: field \"text\" must be a string, found {}",
                json_type(raw)
            )
        })?;
        let line_id;
        let id = match doc.id {
            None => {
                line_id = format!("{source}:{line}");
                Cow::Borrowed(line_id.as_str())
            }
            Some(raw) if raw.get() == "null" => {
                line_id = format!("{source}:{line}");
                Cow::Borrowed(line_id.as_str())
            }
            Some(raw) => match string(raw) {
                Some(id) => id,
                None if json_type(raw) == "a number" => {
                    Cow::Borrowed(raw.get())
                }
                None => {
                    return Err(format!(
                        "{source}:{line}: field \"id\" must be a string or a \
                         number, found {}",
                        json_type(raw)
                    ))
                }
            },
        };
        // "lang" and "currency" pass through under `meta` like any other
        // field, and also tell the extractor how to read the document.
        let field = |name: &str| {
            doc.meta.iter().find(|(k, _)| k == name).map(|(_, v)| *v)
        };
        let lang = match field("lang") {
            None => None,
            Some(raw) if raw.get() == "null" => None,
            Some(raw) => Some(string(raw).ok_or_else(|| {
                format!(
                    "{source}:{line}: field \"lang\" must be a string, found {}",
                    json_type(raw)
                )
            })?),
        };
        let currency = match field("currency") {
            None => None,
            Some(raw) if raw.get() == "null" => None,
            Some(raw) => {
                let code = string(raw).and_then(|c| Currency::new(c.trim()));
                Some(code.ok_or_else(|| {
                    format!(
                        "{source}:{line}: field \"currency\" must be an ISO \
                         4217 code, found {}",
                        raw.get()
                    )
                })?)
            }
        };
        self.meta.clear();
        if !doc.meta.is_empty() {
            self.meta.push(b'{');
            for (i, (key, value)) in doc.meta.iter().enumerate() {
                if i > 0 {
                    self.meta.push(b',');
                }
                json(&mut self.meta, key.as_ref());
                self.meta.push(b':');
                minify(&mut self.meta, value.get().as_bytes());
            }
            self.meta.push(b'}');
        }
        let doc = Document::new(&id, &text)
            .with_lang(lang.as_deref().or(self.mode.lang))
            .with_currency(currency);
        self.document(done, source, Some(line), &doc)
    }

    /// Extracts one document and serializes its records. A panic inside
    /// the library (a bug: it promises none) skips this document only.
    fn document(
        &mut self,
        done: &mut Done,
        source: &str,
        line: Option<u64>,
        doc: &Document<'_>,
    ) -> Result<(), String> {
        let mark = done.data.len();
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            if self.mode.quantities {
                self.quantities(done, doc)
            } else {
                self.records(done, doc)
            }
        }));
        match result {
            Ok(n) => {
                done.records += n;
                done.documents += 1;
                Ok(())
            }
            Err(_) => {
                done.data.truncate(mark);
                self.scratch = Scratch::new();
                let at = match line {
                    Some(line) => format!("{source}:{line}"),
                    None => source.to_owned(),
                };
                Err(format!("{at}: internal error: extraction panicked"))
            }
        }
    }

    fn records(&mut self, done: &mut Done, doc: &Document<'_>) -> u64 {
        let mut records = Vec::new();
        self.extractor.extract_document_with(
            &mut self.scratch,
            doc,
            &mut records,
        );
        let out = &mut done.data;
        for r in &records {
            match self.mode.format {
                Format::Jsonl | Format::Json => {
                    if self.mode.format == Format::Json {
                        out.extend_from_slice(b",\n");
                    }
                    json(out, r);
                    if !self.meta.is_empty() {
                        out.pop();
                        out.extend_from_slice(b",\"meta\":");
                        out.extend_from_slice(&self.meta);
                        out.push(b'}');
                    }
                    if self.mode.format == Format::Jsonl {
                        out.push(b'\n');
                    }
                }
                Format::Csv => csv_record(out, r, &self.meta),
            }
        }
        records.len() as u64
    }

    fn quantities(&mut self, done: &mut Done, doc: &Document<'_>) -> u64 {
        let id = doc.id;
        let out = &mut done.data;
        let mut n = 0;
        for q in self.extractor.document_quantities(doc) {
            n += 1;
            match self.mode.format {
                Format::Jsonl | Format::Json => {
                    if self.mode.format == Format::Json {
                        out.extend_from_slice(b",\n");
                    }
                    // The quantity's own object, with `doc` put first and
                    // `meta` last.
                    self.tmp.clear();
                    json(&mut self.tmp, &q);
                    out.extend_from_slice(b"{\"doc\":");
                    json(out, id);
                    out.push(b',');
                    out.extend_from_slice(&self.tmp[1..self.tmp.len() - 1]);
                    if !self.meta.is_empty() {
                        out.extend_from_slice(b",\"meta\":");
                        out.extend_from_slice(&self.meta);
                    }
                    out.push(b'}');
                    if self.mode.format == Format::Jsonl {
                        out.push(b'\n');
                    }
                }
                Format::Csv => {
                    let mut row = Csv::new(out);
                    row.field(id);
                    row.display(q.value().normalize());
                    row.field(q.unit().as_str());
                    row.field(q.qualifier().as_str());
                    match q.range_end() {
                        Some(end) => row.display(end.normalize()),
                        None => row.null(),
                    }
                    row.display(q.span().start);
                    row.display(q.span().end);
                    row.field(q.text());
                    row.meta(&self.meta);
                    row.end();
                }
            }
        }
        n
    }
}

/// The CSV header for `mode`, with its line end.
pub fn csv_header(quantities: bool) -> &'static [u8] {
    if quantities {
        b"doc,value,unit,qualifier,range_end,span_start,span_end,text,meta\r\n"
    } else {
        b"doc,section,kind,value,unit,qualifier,subject,change_direction,\
change_from,change_to,change_from_period,change_to_period,period,\
status,lang,span_start,span_end,text,rule,meta\r\n"
    }
}

fn csv_record(out: &mut Vec<u8>, r: &Record<'_>, meta: &[u8]) {
    let mut row = Csv::new(out);
    row.field(r.doc);
    row.opt(r.section);
    row.field(r.kind);
    row.display(r.value.normalize());
    row.field(r.unit.as_str());
    row.field(r.qualifier.as_str());
    row.opt(r.subject);
    match &r.change {
        Some(c) => {
            row.field(c.direction.as_str());
            row.opt_display(c.from.map(|v| v.normalize()));
            row.opt_display(c.to.map(|v| v.normalize()));
            row.opt_display(c.from_period);
            row.opt_display(c.to_period);
        }
        None => (0..5).for_each(|_| row.null()),
    }
    row.opt_display(r.period);
    row.field(r.status.as_str());
    row.field(r.lang);
    row.display(r.span.start);
    row.display(r.span.end);
    row.field(r.text);
    row.field(r.rule);
    row.meta(meta);
    row.end();
}

/// A CSV row writer, RFC 4180: fields separated by commas, a field quoted
/// (its quotes doubled) when it holds a comma, a quote or a line break,
/// rows ended by CRLF. Writing CSV is these few lines; a CSV crate earns
/// its place for reading, which this tool never does.
struct Csv<'o> {
    out: &'o mut Vec<u8>,
    first: bool,
}

impl<'o> Csv<'o> {
    fn new(out: &'o mut Vec<u8>) -> Csv<'o> {
        Csv { out, first: true }
    }

    fn sep(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }

    fn field(&mut self, s: &str) {
        self.sep();
        let bytes = s.as_bytes();
        if !bytes.iter().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n')) {
            self.out.extend_from_slice(bytes);
            return;
        }
        self.out.push(b'"');
        for part in bytes.split_inclusive(|&b| b == b'"') {
            self.out.extend_from_slice(part);
            if part.last() == Some(&b'"') {
                self.out.push(b'"');
            }
        }
        self.out.push(b'"');
    }

    fn opt(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.field(s),
            None => self.null(),
        }
    }

    fn display(&mut self, v: impl fmt::Display) {
        self.sep();
        // Writing to a Vec cannot fail.
        let _ = write!(self.out, "{v}");
    }

    fn opt_display(&mut self, v: Option<impl fmt::Display>) {
        match v {
            Some(v) => self.display(v),
            None => self.null(),
        }
    }

    fn null(&mut self) {
        self.sep();
    }

    fn meta(&mut self, meta: &[u8]) {
        // `meta` is JSON we built from valid UTF-8 input.
        self.field(std::str::from_utf8(meta).unwrap_or(""));
    }

    fn end(&mut self) {
        self.out.extend_from_slice(b"\r\n");
    }
}

/// Appends the JSON of `value`.
fn json(out: &mut Vec<u8>, value: &(impl serde::Serialize + ?Sized)) {
    serde_json::to_writer(out, value)
        .expect("invariant: records and strings serialize to a Vec");
}

/// Appends valid JSON `raw` without the white space between tokens, so
/// `meta` is compact whatever the input's layout. Strings and numbers are
/// copied as written.
fn minify(out: &mut Vec<u8>, raw: &[u8]) {
    let mut in_string = false;
    let mut escaped = false;
    for &b in raw {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
        } else if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            continue;
        }
        out.push(b);
    }
}

/// The string a raw JSON value holds, if it is a string.
fn string(raw: &RawValue) -> Option<Cow<'_, str>> {
    if !raw.get().starts_with('"') {
        return None;
    }
    serde_json::from_str::<Str<'_>>(raw.get()).ok().map(|s| s.0)
}

/// How to name the type of a raw JSON value in a message.
fn json_type(raw: &RawValue) -> &'static str {
    match raw.get().as_bytes().first() {
        Some(b'"') => "a string",
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

/// A serde_json error message without its "at line 1 column N" tail (a
/// JSONL line is one line; the caller names the column).
struct JsonMessage<'a>(&'a serde_json::Error);

impl fmt::Display for JsonMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let full = self.0.to_string();
        let short = full.rsplit_once(" at line ").map_or(&*full, |(m, _)| m);
        f.write_str(short)
    }
}

/// One JSONL object: `id` and `text` kept raw (so their type can be named
/// in a message and a numeric id kept as written), every other field kept
/// raw in its original order.
struct Line<'a> {
    id: Option<&'a RawValue>,
    text: Option<&'a RawValue>,
    meta: Vec<(Cow<'a, str>, &'a RawValue)>,
}

impl<'de> Deserialize<'de> for Line<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(LineVisitor)
    }
}

struct LineVisitor;

impl<'de> Visitor<'de> for LineVisitor {
    type Value = Line<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> Result<Line<'de>, A::Error> {
        let mut line = Line { id: None, text: None, meta: Vec::new() };
        while let Some(Str(key)) = map.next_key::<Str<'de>>()? {
            let value: &'de RawValue = map.next_value()?;
            let slot = match key.as_ref() {
                "id" => &mut line.id,
                "text" => &mut line.text,
                _ => {
                    line.meta.push((key, value));
                    continue;
                }
            };
            if slot.is_some() {
                return Err(de::Error::custom(format_args!(
                    "duplicate field \"{key}\""
                )));
            }
            *slot = Some(value);
        }
        Ok(line)
    }
}

/// A JSON string, borrowed from the input when it has no escapes.
struct Str<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisitor)
    }
}

struct StrVisitor;

impl<'de> Visitor<'de> for StrVisitor {
    type Value = Str<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(
        self,
        s: &'de str,
    ) -> Result<Str<'de>, E> {
        Ok(Str(Cow::Borrowed(s)))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Str<'de>, E> {
        Ok(Str(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Str<'de>, E> {
        Ok(Str(Cow::Owned(s)))
    }
}
