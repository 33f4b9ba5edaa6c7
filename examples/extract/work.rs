//! The workers: each takes a batch, checks and parses its documents,
//! extracts, and serializes the batch's output to one byte buffer, so the
//! writer only copies bytes.
//!
//! Each worker owns a [`Scratch`], so extraction reuses its buffers from
//! one document to the next.
//!
//! A batch's output is held until the writer takes it, except when it
//! outgrows [`CHUNK_BYTES`] (one large, figure-dense document): then the
//! worker waits for its batch's turn to be written and hands the output
//! over as it goes, so no thread ever holds a whole document's records or
//! output (see [`crate::budget::Turn`]).

use std::borrow::Cow;
use std::fmt;
use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Mutex;

use narrative_metrics::{Currency, Document, Extractor, Record, Scratch};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::budget::Turn;
use crate::cli::Format;
use crate::input::{Batch, Item};
use crate::pool::Pool;

/// The output a worker holds before it hands it over part by part: large
/// enough that a batch of ordinary documents (256 KiB of figure-dense
/// text makes about 4 MB of records) never waits for its turn, small next
/// to the documents that reach it.
pub const CHUNK_BYTES: usize = 8 << 20;

/// What the workers share: where buffers go back (input ones to the
/// reader, output ones to the workers) and whose turn it is to be written.
#[derive(Clone, Copy, Debug)]
pub struct Shared<'p> {
    pub input: &'p Pool,
    pub output: &'p Pool,
    pub turn: &'p Turn,
}

/// What to produce.
#[derive(Clone, Copy, Debug)]
pub struct Mode {
    pub format: Format,
    pub quantities: bool,
    /// `--lang`: the language of documents that state none.
    pub lang: Option<&'static str>,
}

/// The output of one batch, or of a part of it.
#[derive(Debug, Default)]
pub struct Done {
    pub seq: u64,
    /// Whether this is the batch's last part: the batch is then written.
    pub last: bool,
    /// Serialized records, each with its separator (see [`Mode`]).
    pub data: Vec<u8>,
    /// Lines for stderr, in input order.
    pub messages: Vec<String>,
    /// Documents read and processed.
    pub documents: u64,
    /// Documents (or files) skipped.
    pub skipped: u64,
    pub records: u64,
    /// Input bytes of the batch (on its last part only).
    pub bytes: u64,
}

/// Runs one worker until the batches run out or the writer is gone.
pub fn work(
    extractor: &Extractor,
    mode: Mode,
    batches: &Mutex<Receiver<Batch>>,
    done: Sender<Done>,
    shared: Shared<'_>,
) {
    // Each worker its own regex scratch space: see `Extractor::for_thread`.
    let extractor = &extractor.for_thread();
    let mut w = Worker {
        extractor,
        mode,
        scratch: Scratch::new(),
        tmp: Vec::new(),
        meta: Vec::new(),
        tx: done,
        shared,
        doc_mark: (0, 0),
        spilled: false,
    };
    loop {
        // The lock is held only while waiting for the next batch.
        let batch = match batches.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(batch) = batch else { return };
        let size = batch.data.len().min(CHUNK_BYTES);
        let out = w.batch(&batch, shared.output.take(size));
        shared.input.give(batch.data);
        if w.tx.send(out).is_err() {
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
    tx: Sender<Done>,
    shared: Shared<'e>,
    /// Output length and record count of the batch where the current
    /// document began, to take its output back if extraction panics.
    doc_mark: (usize, u64),
    /// Whether some of the current document's output was handed over.
    spilled: bool,
}

impl Worker<'_> {
    /// Processes one batch, writing its output into `data`.
    fn batch(&mut self, batch: &Batch, data: Vec<u8>) -> Done {
        let mut done = Done {
            seq: batch.seq,
            last: true,
            data,
            bytes: u64::try_from(batch.data.len()).unwrap_or(u64::MAX),
            ..Done::default()
        };
        for item in &batch.items {
            let result = match item {
                Item::Txt { source, id, range } => {
                    let bytes = &batch.data[range.clone()];
                    match std::str::from_utf8(bytes) {
                        // UTF-16 of ASCII text without a byte order mark
                        // is valid UTF-8, a zero byte between letters.
                        Ok(_) if !utf16_hint(bytes).is_empty() => {
                            Err(format!(
                                "{source}: invalid text{}",
                                utf16_hint(bytes)
                            ))
                        }
                        Ok(text) => {
                            self.meta.clear();
                            let doc = Document::new(id, text)
                                .with_lang(self.mode.lang);
                            self.document(&mut done, source, None, &doc)
                        }
                        Err(err) => Err(format!(
                            "{source}: invalid UTF-8 at byte {}{}",
                            err.valid_up_to(),
                            utf16_hint(bytes)
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
            format!(
                "{source}:{line}:{column}: invalid UTF-8{}",
                utf16_hint(bytes)
            )
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
        self.doc_mark = (done.data.len(), done.records);
        self.spilled = false;
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            if self.mode.quantities {
                self.quantities(done, doc)
            } else {
                self.records(done, doc)
            }
        }));
        match result {
            Ok(()) => {
                done.documents += 1;
                Ok(())
            }
            Err(_) => {
                done.data.truncate(self.doc_mark.0);
                done.records = self.doc_mark.1;
                self.scratch = Scratch::new();
                let at = match line {
                    Some(line) => format!("{source}:{line}"),
                    None => source.to_owned(),
                };
                let written = if self.spilled {
                    " (some of its records were already written)"
                } else {
                    ""
                };
                Err(format!(
                    "{at}: internal error: extraction panicked{written}"
                ))
            }
        }
    }

    /// Hands the output so far over to the writer once it has outgrown
    /// [`CHUNK_BYTES`], waiting for this batch's turn first.
    fn spill(&mut self, done: &mut Done) {
        if done.data.len() < CHUNK_BYTES {
            return;
        }
        self.shared.turn.wait_for(done.seq);
        let part = Done {
            seq: done.seq,
            last: false,
            data: std::mem::replace(
                &mut done.data,
                self.shared.output.take(CHUNK_BYTES),
            ),
            messages: std::mem::take(&mut done.messages),
            documents: std::mem::take(&mut done.documents),
            skipped: std::mem::take(&mut done.skipped),
            records: std::mem::take(&mut done.records),
            bytes: 0,
        };
        self.doc_mark = (0, 0);
        self.spilled = true;
        // Without a writer there is nothing left to do; `work` sees it
        // on its next send.
        let _ = self.tx.send(part);
    }

    /// Extracts one document's records and serializes them part by part
    /// as the library hands them on, so neither the records nor their
    /// output are ever all held at once.
    fn records(&mut self, done: &mut Done, doc: &Document<'_>) {
        let mut buf = Vec::new();
        let mut scratch = std::mem::take(&mut self.scratch);
        let extractor = self.extractor;
        extractor.extract_document_parts_with(
            &mut scratch,
            doc,
            &mut buf,
            |part| {
                write_records(
                    &mut done.data,
                    self.mode.format,
                    &self.meta,
                    part,
                );
                done.records += part.len() as u64;
                self.spill(done);
            },
        );
        self.scratch = scratch;
    }

    fn quantities(&mut self, done: &mut Done, doc: &Document<'_>) {
        let id = doc.id;
        for q in self.extractor.document_quantities(doc) {
            done.records += 1;
            let out = &mut done.data;
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
            self.spill(done);
        }
    }
}

/// Appends the serialized records of `part`, each with its separator and
/// the document's `meta`.
fn write_records(
    out: &mut Vec<u8>,
    format: Format,
    meta: &[u8],
    part: &[Record<'_>],
) {
    for r in part {
        match format {
            Format::Jsonl | Format::Json => {
                if format == Format::Json {
                    out.extend_from_slice(b",\n");
                }
                json(out, r);
                if !meta.is_empty() {
                    out.pop();
                    out.extend_from_slice(b",\"meta\":");
                    out.extend_from_slice(meta);
                    out.push(b'}');
                }
                if format == Format::Jsonl {
                    out.push(b'\n');
                }
            }
            Format::Csv => csv_record(out, r, meta),
        }
    }
}

/// A hint for text that is not UTF-8 but looks like UTF-16: a UTF-16
/// byte order mark, or a zero byte beside each of the first ASCII
/// characters. Empty otherwise.
fn utf16_hint(bytes: &[u8]) -> &'static str {
    const HINT: &str = " (the text looks like UTF-16: convert it to UTF-8, \
                        e.g. with iconv -f UTF-16 -t UTF-8)";
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return HINT;
    }
    // Without a mark: in the first few pairs, one byte of each is zero
    // (little or big endian ASCII), which UTF-8 text never has.
    let pairs = bytes.chunks_exact(2).take(8);
    let le = pairs.clone().all(|p| p[0] != 0 && p[1] == 0);
    let be = pairs.clone().all(|p| p[0] == 0 && p[1] != 0);
    if pairs.len() >= 2 && (le || be) {
        HINT
    } else {
        ""
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
