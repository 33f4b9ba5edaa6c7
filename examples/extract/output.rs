//! The writer side: output framing per format, write errors, totals and
//! the progress line.

use std::io::{self, BufWriter, Write};
use std::time::{Duration, Instant};

use crate::cli::Format;
use crate::dest::Dest;
use crate::work::{self, Done, Mode};

/// Exit status when the output cannot be written.
pub const EXIT_WRITE: u8 = 3;

/// Exit status when the output pipe closes early (`| head`): what a shell
/// reports for a process killed by SIGPIPE (128 + 13), so pipelines treat
/// it the same way.
const EXIT_PIPE: i32 = 141;

/// The output stream, framed for its format.
pub struct Output {
    sink: BufWriter<Dest>,
    mode: Mode,
    /// Whether a JSON array element has been written.
    any: bool,
}

impl Output {
    pub fn new(dest: Dest, mode: Mode) -> Output {
        Output {
            sink: BufWriter::with_capacity(1 << 16, dest),
            mode,
            any: false,
        }
    }

    /// Writes what comes before the records.
    pub fn start(&mut self) {
        if self.mode.format == Format::Csv {
            let header = work::csv_header(self.mode.quantities);
            self.put(header);
        }
    }

    /// Writes one batch's output. In JSON each record comes with a
    /// leading `,\n`; the first one's becomes the array's `[\n`.
    pub fn write(&mut self, data: &[u8]) {
        if data.is_empty() {
            return;
        }
        if self.mode.format == Format::Json && !self.any {
            self.any = true;
            self.put(b"[\n");
            self.put(&data[2..]);
        } else {
            self.put(data);
        }
    }

    /// Hands what is buffered to the output, so that records already
    /// made are not held back while the run waits for input.
    pub fn flush(&mut self) {
        if let Err(err) = self.sink.flush() {
            self.fail(err);
        }
    }

    /// Writes what comes after the records, flushes, and makes the output
    /// final (a file takes its place only now).
    pub fn finish(&mut self) {
        if self.mode.format == Format::Json {
            let end: &[u8] = if self.any { b"\n]\n" } else { b"[]\n" };
            self.put(end);
        }
        self.flush();
        if let Err(err) = self.sink.get_mut().commit() {
            self.fail(err);
        }
    }

    /// Gives up before the end: the previous output stays as it was.
    pub fn abandon(&mut self) {
        self.sink.get_mut().abandon();
    }

    fn put(&mut self, bytes: &[u8]) {
        if let Err(err) = self.sink.write_all(bytes) {
            self.fail(err);
        }
    }

    /// Ends the process on a write error: quietly with [`EXIT_PIPE`] when
    /// the reader of a pipe has gone, with a message and [`EXIT_WRITE`]
    /// otherwise; a temporary output file is removed first. The reader and
    /// workers are stopped with it: nothing is left to do.
    fn fail(&mut self, err: io::Error) -> ! {
        self.abandon();
        if err.kind() == io::ErrorKind::BrokenPipe {
            std::process::exit(EXIT_PIPE);
        }
        let name = &self.sink.get_ref().name;
        let _ = writeln!(
            io::stderr().lock(),
            "extract: cannot write {name}: {err}"
        );
        std::process::exit(i32::from(EXIT_WRITE));
    }
}

/// Counts over the whole run.
#[derive(Debug, Default)]
pub struct Totals {
    pub documents: u64,
    pub records: u64,
    pub skipped: u64,
    pub bytes: u64,
}

impl Totals {
    pub fn add(&mut self, done: &Done) {
        self.documents += done.documents;
        self.records += done.records;
        self.skipped += done.skipped;
        self.bytes += done.bytes;
    }

    /// The line that ends every run; `quantities` names what was written
    /// in that mode.
    pub fn summary(&self, quantities: bool) -> String {
        let written = if quantities {
            match self.records {
                1 => "1 quantity".to_owned(),
                n => format!("{n} quantities"),
            }
        } else {
            plural(self.records, "record")
        };
        format!(
            "extract: {} read, {written} written, {} skipped",
            plural(self.documents, "document"),
            plural(self.skipped, "document"),
        )
    }
}

fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The progress line on stderr: shown only when enabled (stderr is a
/// terminal and CI is unset), once the run has lasted a second, redrawn
/// at most every [`Progress::EVERY`], and wiped before any other message
/// and at the end.
pub struct Progress {
    enabled: bool,
    start: Instant,
    last: Option<Instant>,
    /// Width of the line on screen, to wipe it.
    width: usize,
}

impl Progress {
    const AFTER: Duration = Duration::from_secs(1);
    const EVERY: Duration = Duration::from_millis(250);

    pub fn new(enabled: bool) -> Progress {
        Progress { enabled, start: Instant::now(), last: None, width: 0 }
    }

    pub fn show(&mut self, totals: &Totals) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        let elapsed = now - self.start;
        if elapsed < Self::AFTER
            || self.last.is_some_and(|t| now - t < Self::EVERY)
        {
            return;
        }
        self.last = Some(now);
        let mb = totals.bytes as f64 / 1e6;
        let line = format!(
            "{} documents  {:.1} MB  {:.1} MB/s  {} records",
            totals.documents,
            mb,
            mb / elapsed.as_secs_f64(),
            totals.records
        );
        let pad = self.width.saturating_sub(line.len());
        let _ = write!(io::stderr().lock(), "\r{line}{:pad$}", "");
        self.width = line.len();
    }

    pub fn clear(&mut self) {
        if self.width > 0 {
            let w = self.width;
            let _ = write!(io::stderr().lock(), "\r{:w$}\r", "");
            self.width = 0;
        }
    }
}
