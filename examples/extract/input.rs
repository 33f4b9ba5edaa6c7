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

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, IsTerminal, Read};
use std::ops::Range;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::Arc;

use crate::budget::Budget;
use crate::cli::Input;
use crate::dest::FileId;
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

/// What the reader is given besides the inputs.
pub struct Reader<'p> {
    pub tx: SyncSender<Batch>,
    pub permits: Receiver<()>,
    /// Input bytes in flight, so that few huge documents are held at once.
    pub budget: &'p Budget,
    pub pool: &'p Pool,
    /// Files never to read: the output and its temporary file.
    pub avoid: Vec<FileId>,
    /// Whether to say so when waiting for JSONL on a terminal.
    pub quiet: bool,
}

/// Collects items into batches and sends each full one.
struct Batcher<'p> {
    tx: SyncSender<Batch>,
    pool: &'p Pool,
    permits: Receiver<()>,
    budget: &'p Budget,
    batch: Batch,
    avoid: Vec<FileId>,
    quiet: bool,
    /// The ids given to `.txt` files so far, with the file that had each
    /// first: a second file of the same name (in another folder) is
    /// warned about. One entry per `.txt` file, as a folder's listing.
    txt_ids: HashMap<String, Arc<str>>,
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

    /// A note about input left out on purpose; `--quiet` leaves it out
    /// too.
    fn note(&mut self, message: String) -> Result<(), Stopped> {
        if self.quiet {
            return Ok(());
        }
        self.push(Item::Note(message))
    }

    /// A warning: shown even with `--quiet`, not counted as skipped.
    fn warn(&mut self, message: String) -> Result<(), Stopped> {
        self.push(Item::Note(message))
    }

    fn flush(&mut self) -> Result<(), Stopped> {
        if self.batch.items.is_empty() {
            return Ok(());
        }
        let seq = self.batch.seq;
        // Wait for a permit first: the next batch's buffer may then be
        // one the workers have just handed back.
        self.permits.recv().map_err(|_| Stopped)?;
        if !self.budget.acquire(self.batch.data.len()) {
            return Err(Stopped);
        }
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
pub fn read_all(inputs: &[Input], r: Reader<'_>) {
    let mut b = Batcher {
        tx: r.tx,
        pool: r.pool,
        permits: r.permits,
        budget: r.budget,
        batch: Batch {
            seq: 0,
            data: r.pool.take(BATCH_BYTES),
            items: Vec::new(),
        },
        avoid: r.avoid,
        quiet: r.quiet,
        txt_ids: HashMap::new(),
    };
    let _ = read_inputs(inputs, &mut b).and_then(|()| b.flush());
}

fn read_inputs(inputs: &[Input], b: &mut Batcher<'_>) -> Result<(), Stopped> {
    for input in inputs {
        match input {
            Input::Stdin => {
                // Reading may now wait for a long time: the documents read
                // so far go on without waiting for it.
                b.flush()?;
                let stdin = io::stdin();
                if stdin.is_terminal() && !b.quiet {
                    crate::say(
                        "extract: reading JSONL documents from the \
                         terminal, one a line; end with Ctrl-D",
                    );
                }
                let r = BufReader::with_capacity(1 << 16, stdin.lock());
                let how = Jsonl { stdin: true, live: true };
                read_jsonl(b, Arc::from("<stdin>"), r, how)?;
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

fn kind(meta: &fs::Metadata, path: &Path) -> Kind {
    if meta.is_dir() {
        return Kind::Dir;
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if ext.eq_ignore_ascii_case("txt") {
        Kind::Txt
    } else if ext.eq_ignore_ascii_case("jsonl") {
        Kind::Jsonl
    } else {
        Kind::Other
    }
}

/// Reads a path named on the command line (`explicit`) or found in a
/// directory walk.
fn read_path(
    b: &mut Batcher<'_>,
    path: &Path,
    explicit: bool,
) -> Result<(), Stopped> {
    let source: Arc<str> = Arc::from(path.display().to_string());
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(err) => return b.skip(format!("{source}: cannot read: {err}")),
    };
    if b.avoid.contains(&FileId::of(&meta)) {
        return b.note(format!("{source}: ignored: it is the output file"));
    }
    let special = !meta.is_file() && !meta.is_dir();
    if special {
        if !explicit {
            // Met in a walk, a pipe may block the run forever and a device
            // never end: only a path named on the command line is read.
            let t = meta.file_type();
            let what = if t.is_fifo() {
                "a named pipe"
            } else if t.is_socket() {
                "a socket"
            } else {
                "a device"
            };
            return b.note(format!(
                "{source}: ignored: {what}, not a regular file"
            ));
        }
        // A pipe named on the command line may make the reader wait: the
        // documents before it go on first.
        b.flush()?;
    }
    match kind(&meta, path) {
        Kind::Dir => {
            let mut visited = HashSet::new();
            walk(b, path, &mut visited)
        }
        Kind::Txt => read_txt(b, source, path),
        Kind::Jsonl => match File::open(path) {
            Ok(f) => {
                let how = Jsonl { stdin: false, live: special };
                read_jsonl(b, source, BufReader::new(f), how)
            }
            Err(err) => b.skip(format!("{source}: cannot read: {err}")),
        },
        Kind::Other if explicit => b.skip(format!(
            "{source}: cannot tell the format: expected a .txt or .jsonl \
             file"
        )),
        Kind::Other => {
            b.note(format!("{source}: ignored: not a .txt or .jsonl file"))
        }
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
        return b.note(format!(
            "{shown}: ignored: directory already visited (link loop)"
        ));
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
        if fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
            walk(b, &path, visited)?;
        } else {
            read_path(b, &path, false)?;
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
    let limit = u64::try_from(MAX_DOC).unwrap_or(u64::MAX).saturating_add(1);
    let data = &mut b.batch.data;
    let start = data.len();
    // Room for the whole file at once: growing by doubling would leave a
    // large document's buffer up to twice its size.
    if let Ok(meta) = file.metadata() {
        let size = usize::try_from(meta.len().min(limit)).unwrap_or(MAX_DOC);
        data.reserve_exact(size + 1);
    }
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
    // The warning goes after the document: pushing it first could send
    // the batch away without the document its bytes belong to.
    let warning = match b.txt_ids.get(&id) {
        // The same file named twice is one document read twice.
        Some(first) if *first == source => None,
        Some(first) => Some(format!(
            "{source}: warning: document id \"{id}\" is also the id of \
             {first}; both documents' records carry it"
        )),
        None => {
            b.txt_ids.insert(id.clone(), source.clone());
            None
        }
    };
    b.push(Item::Txt { source, id, range })?;
    match warning {
        Some(message) => b.warn(message),
        None => Ok(()),
    }
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

/// How a JSONL input is read.
#[derive(Clone, Copy)]
struct Jsonl {
    /// Standard input (named so in messages).
    stdin: bool,
    /// A pipe or a terminal, whose lines may come slowly: the documents
    /// read go on to the workers whenever the input has nothing more
    /// ready, rather than once a batch is full.
    live: bool,
}

fn read_jsonl(
    b: &mut Batcher<'_>,
    source: Arc<str>,
    mut r: BufReader<impl Read>,
    how: Jsonl,
) -> Result<(), Stopped> {
    let mut line = 0u64;
    let mut documents = false;
    loop {
        line += 1;
        if how.live && r.buffer().is_empty() {
            b.flush()?;
        }
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
        let what = if how.stdin { "empty input" } else { "empty file" };
        b.skip(format!("{source}: {what}"))?;
    }
    Ok(())
}
