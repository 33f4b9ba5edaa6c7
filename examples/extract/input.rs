//! The reader thread: turns the inputs into bounded batches of raw
//! documents, in input order.
//!
//! The reader only splits: it reads `.txt` files whole and `.jsonl` input
//! line by line (never a whole file), and leaves UTF-8 checks, JSON
//! parsing and extraction to the workers, so that one thread of I/O feeds
//! every core. Problems it finds itself (an unreadable file, an empty
//! file, an overlong line) travel in the batch as messages, at their place
//! in the input order, so stderr is as deterministic as stdout.
//!
//! Memory stays flat: a batch holds about [`BATCH_BYTES`] of input, and
//! the reader takes a permit before sending one; the writer gives the
//! permit back once it has written that batch's output. So at most a fixed
//! number of batches exist at once, however large the input.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::Arc;

use crate::cli::Input;
use crate::pool::Pool;

/// Input bytes per batch: large enough that channel and thread hand-offs
/// cost nothing next to extraction (hundreds of documents), small enough
/// that the batches in flight, with their output (several times the input
/// for figure-dense text), stay a few MB per thread.
pub const BATCH_BYTES: usize = 256 << 10;

/// Documents per batch, so a file of tiny lines also makes small batches.
const BATCH_DOCS: usize = 4096;

/// The largest document (a `.txt` file or a JSONL line) the tool takes.
/// A bigger one is reported and skipped rather than held in memory.
pub const MAX_DOC: usize = 64 << 20;

/// A UTF-8 byte order mark, which some editors put at the start of files.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Documents to process, in input order.
#[derive(Debug, Default)]
pub struct Batch {
    /// Position of this batch in the input order.
    pub seq: u64,
    /// The raw bytes every item's range points into.
    pub data: Vec<u8>,
    pub items: Vec<Item>,
}

/// One unit of input: a document, or a message about input that is not
/// one.
#[derive(Debug)]
pub enum Item {
    /// A whole `.txt` file.
    Txt { source: Arc<str>, id: String, range: Range<usize> },
    /// One JSONL line, without its line end.
    Line { source: Arc<str>, line: u64, range: Range<usize> },
    /// Input skipped: the message names file (and line) and counts as a
    /// skipped document.
    Skip(String),
    /// Input left out on purpose (a non-document file in a directory):
    /// the message is shown but nothing counts as skipped.
    Note(String),
}

/// The writer has gone away (it hit a write error); stop reading.
struct Stopped;

/// Collects items into batches and sends each full one.
struct Batcher<'p> {
    tx: SyncSender<Batch>,
    pool: &'p Pool,
    permits: Receiver<()>,
    batch: Batch,
}

impl Batcher<'_> {
    fn push(&mut self, item: Item) -> Result<(), Stopped> {
        self.batch.items.push(item);
        if self.batch.data.len() >= BATCH_BYTES
            || self.batch.items.len() >= BATCH_DOCS
        {
            self.flush()?;
        }
        Ok(())
    }

    fn skip(&mut self, message: String) -> Result<(), Stopped> {
        self.push(Item::Skip(message))
    }

    fn flush(&mut self) -> Result<(), Stopped> {
        if self.batch.items.is_empty() {
            return Ok(());
        }
        let seq = self.batch.seq;
        // Wait for a permit first: the next batch's buffer may then be
        // one the workers have just handed back.
        self.permits.recv().map_err(|_| Stopped)?;
        let next = Batch {
            seq: seq + 1,
            data: self.pool.take(BATCH_BYTES),
            items: Vec::new(),
        };
        let batch = std::mem::replace(&mut self.batch, next);
        self.tx.send(batch).map_err(|_| Stopped)
    }
}

/// Reads every input in order and sends its batches; returns when done or
/// when the writer has stopped.
pub fn read_all(
    inputs: &[Input],
    tx: SyncSender<Batch>,
    permits: Receiver<()>,
    pool: &Pool,
) {
    let mut b = Batcher {
        tx,
        pool,
        permits,
        batch: Batch {
            seq: 0,
            data: pool.take(BATCH_BYTES),
            items: Vec::new(),
        },
    };
    let _ = read_inputs(inputs, &mut b).and_then(|()| b.flush());
}

fn read_inputs(inputs: &[Input], b: &mut Batcher<'_>) -> Result<(), Stopped> {
    for input in inputs {
        match input {
            Input::Stdin => {
                let stdin = io::stdin();
                read_jsonl(b, Arc::from("<stdin>"), stdin.lock(), true)?;
            }
            Input::Path(path) => read_path(b, path, true)?,
        }
    }
    Ok(())
}

/// What a path holds, by its metadata and extension.
enum Kind {
    Dir,
    Txt,
    Jsonl,
    Other,
}

fn kind(path: &Path) -> io::Result<Kind> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Ok(Kind::Dir);
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    Ok(if ext.eq_ignore_ascii_case("txt") {
        Kind::Txt
    } else if ext.eq_ignore_ascii_case("jsonl") {
        Kind::Jsonl
    } else {
        Kind::Other
    })
}

/// Reads a path named on the command line (`explicit`) or found in a
/// directory walk.
fn read_path(
    b: &mut Batcher<'_>,
    path: &Path,
    explicit: bool,
) -> Result<(), Stopped> {
    let source: Arc<str> = Arc::from(path.display().to_string());
    match kind(path) {
        Err(err) => b.skip(format!("{source}: cannot read: {err}")),
        Ok(Kind::Dir) => {
            let mut visited = HashSet::new();
            walk(b, path, &mut visited)
        }
        Ok(Kind::Txt) => read_txt(b, source, path),
        Ok(Kind::Jsonl) => match File::open(path) {
            Ok(file) => read_jsonl(b, source, BufReader::new(file), false),
            Err(err) => b.skip(format!("{source}: cannot read: {err}")),
        },
        Ok(Kind::Other) if explicit => b.skip(format!(
            "{source}: cannot tell the format: expected a .txt or .jsonl \
             file"
        )),
        Ok(Kind::Other) => b.push(Item::Note(format!(
            "{source}: ignored: not a .txt or .jsonl file"
        ))),
    }
}

/// Walks a directory depth-first, entries sorted by name so the order
/// does not depend on the file system. `visited` holds the canonical paths
/// of the directories on the way, so a symbolic link loop ends.
fn walk(
    b: &mut Batcher<'_>,
    dir: &Path,
    visited: &mut HashSet<PathBuf>,
) -> Result<(), Stopped> {
    let shown = dir.display();
    let canonical = match dir.canonicalize() {
        Ok(c) => c,
        Err(err) => return b.skip(format!("{shown}: cannot read: {err}")),
    };
    if !visited.insert(canonical.clone()) {
        return b.push(Item::Note(format!(
            "{shown}: ignored: directory already visited (link loop)"
        )));
    }
    let mut entries = Vec::new();
    let reader = match std::fs::read_dir(dir) {
        Ok(r) => r,
        Err(err) => return b.skip(format!("{shown}: cannot read: {err}")),
    };
    for entry in reader {
        match entry {
            Ok(e) => entries.push(e.file_name()),
            Err(err) => b.skip(format!("{shown}: cannot read: {err}"))?,
        }
    }
    entries.sort_unstable();
    for name in entries {
        if name.as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let path = dir.join(&name);
        match kind(&path) {
            Ok(Kind::Dir) => walk(b, &path, visited)?,
            _ => read_path(b, &path, false)?,
        }
    }
    visited.remove(&canonical);
    Ok(())
}

fn read_txt(
    b: &mut Batcher<'_>,
    source: Arc<str>,
    path: &Path,
) -> Result<(), Stopped> {
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(err) => return b.skip(format!("{source}: cannot read: {err}")),
    };
    let data = &mut b.batch.data;
    let start = data.len();
    let limit = u64::try_from(MAX_DOC).unwrap_or(u64::MAX).saturating_add(1);
    let read = file.by_ref().take(limit).read_to_end(data);
    let len = data.len() - start;
    if let Err(err) = read {
        data.truncate(start);
        return b.skip(format!("{source}: cannot read: {err}"));
    }
    if len > MAX_DOC {
        data.truncate(start);
        return b.skip(format!(
            "{source}: document larger than {} MiB",
            MAX_DOC >> 20
        ));
    }
    if len == 0 {
        return b.skip(format!("{source}: empty file"));
    }
    let skip = if data[start..].starts_with(BOM) { BOM.len() } else { 0 };
    let range = start + skip..data.len();
    b.push(Item::Txt { source, id, range })
}

/// How a call to [`read_line`] ended.
enum LineRead {
    /// No byte left.
    Eof,
    /// A line was appended (its `\n` dropped).
    Line,
    /// The line exceeded the limit; nothing was appended and the rest of
    /// the line was consumed.
    TooLong,
}

/// Appends one line of `r` to `data` (never more than `cap` bytes; an
/// overlong line is consumed and dropped), so memory is bounded however
/// long the lines are.
fn read_line(
    r: &mut impl BufRead,
    data: &mut Vec<u8>,
    cap: usize,
) -> io::Result<LineRead> {
    let start = data.len();
    let mut any = false;
    let mut too_long = false;
    loop {
        let buf = match r.fill_buf() {
            Ok(buf) => buf,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => {
                data.truncate(start);
                return Err(err);
            }
        };
        if buf.is_empty() {
            return Ok(match (any, too_long) {
                (false, _) => LineRead::Eof,
                (true, false) => LineRead::Line,
                (true, true) => LineRead::TooLong,
            });
        }
        any = true;
        let newline = memchr::memchr(b'\n', buf);
        let chunk = &buf[..newline.unwrap_or(buf.len())];
        if !too_long {
            if data.len() - start + chunk.len() > cap {
                too_long = true;
                data.truncate(start);
            } else {
                data.extend_from_slice(chunk);
            }
        }
        let used = newline.map_or(buf.len(), |i| i + 1);
        r.consume(used);
        if newline.is_some() {
            return Ok(if too_long {
                LineRead::TooLong
            } else {
                LineRead::Line
            });
        }
    }
}

fn read_jsonl(
    b: &mut Batcher<'_>,
    source: Arc<str>,
    mut r: impl BufRead,
    stdin: bool,
) -> Result<(), Stopped> {
    let mut line = 0u64;
    let mut documents = false;
    loop {
        line += 1;
        let start = b.batch.data.len();
        match read_line(&mut r, &mut b.batch.data, MAX_DOC) {
            Ok(LineRead::Eof) => break,
            Ok(LineRead::Line) => {}
            Ok(LineRead::TooLong) => {
                documents = true;
                b.skip(format!(
                    "{source}:{line}: line longer than {} MiB",
                    MAX_DOC >> 20
                ))?;
                continue;
            }
            Err(err) => {
                documents = true;
                b.skip(format!("{source}:{line}: cannot read: {err}"))?;
                break;
            }
        }
        let data = &mut b.batch.data;
        if data.last() == Some(&b'\r') {
            data.pop();
        }
        let mut begin = start;
        if line == 1 && data[start..].starts_with(BOM) {
            begin += BOM.len();
        }
        if data[begin..].iter().all(u8::is_ascii_whitespace) {
            data.truncate(start);
            continue;
        }
        documents = true;
        let range = begin..data.len();
        b.push(Item::Line { source: source.clone(), line, range })?;
    }
    if !documents {
        let what = if stdin { "empty input" } else { "empty file" };
        b.skip(format!("{source}: {what}"))?;
    }
    Ok(())
}
