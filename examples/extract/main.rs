//! The batch tool: indicator records (or quantities) from a whole corpus
//! of `.txt` and `.jsonl` files, as SPEC's "Batch tool" describes.
//!
//! ```text
//! cargo run --release --example extract -- [OPTIONS] [INPUT...]
//! ```
//!
//! Run it with `--help` for the manual ([`cli::HELP`]).
//!
//! The pipeline has three stages joined by bounded channels:
//!
//! 1. one reader thread ([`input`]) splits the inputs into batches of
//!    about 256 KiB of raw documents, numbered in input order;
//! 2. `--threads` workers ([`work`]) each take a batch, parse and extract
//!    its documents with their own `Scratch`, and serialize the output;
//! 3. the main thread writes the batches' output in sequence order,
//!    holding early ones until their turn, and shows progress.
//!
//! A fixed number of permits (two per worker, plus two) circulates from
//! the writer to the reader: a batch exists only while it holds one. So
//! memory is bounded by the permits times the batch size, however large
//! the input, and the output is byte-identical for any `--threads`.

mod cli;
mod input;
mod output;
mod pool;
mod work;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::mpsc;
use std::sync::Mutex;
use std::thread;

use narrative_metrics::{Extractor, RuleSet};

use crate::cli::{Command, Options};
use crate::output::{Output, Progress, Totals};
use crate::pool::Pool;
use crate::work::{Mode, Pools};

/// Exit status for bad arguments or a bad rule file.
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let options = match cli::parse(std::env::args_os().skip(1)) {
        Ok(Command::Run(options)) => options,
        Ok(Command::Help) => {
            let mut stdout = io::stdout().lock();
            let _ = stdout.write_all(cli::HELP.as_bytes());
            let _ = stdout.flush();
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            say(&format!(
                "extract: {message}\nTry 'extract --help' for more \
                 information."
            ));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let mut builder = Extractor::builder();
    builder.languages([RuleSet::english(), RuleSet::french()]);
    if let Some(path) = &options.rules {
        match RuleSet::load(path) {
            Ok(rules) => {
                builder.rules(rules);
            }
            Err(err) => {
                say(&err.to_string());
                return ExitCode::from(EXIT_USAGE);
            }
        }
    }
    let extractor = builder.build();
    let sink: Box<dyn Write> = match &options.output {
        None => Box::new(io::stdout().lock()),
        Some(path) => match File::create(path) {
            Ok(file) => Box::new(file),
            Err(err) => {
                say(&format!(
                    "extract: cannot write {}: {err}",
                    path.display()
                ));
                return ExitCode::from(output::EXIT_WRITE);
            }
        },
    };
    let totals = run(&options, &extractor, sink);
    say(&totals.summary());
    if totals.skipped > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs the pipeline over every input; returns the totals. A write error
/// ends the process from inside [`Output`].
fn run(
    options: &Options,
    extractor: &Extractor,
    sink: Box<dyn Write>,
) -> Totals {
    let threads = options.threads.get();
    let window = 2 * threads + 2;
    let (permit_tx, permit_rx) = mpsc::sync_channel::<()>(window);
    for _ in 0..window {
        // The channel has room for every permit, and its receiver is alive.
        let _ = permit_tx.send(());
    }
    let (batch_tx, batch_rx) = mpsc::sync_channel(window);
    let batch_rx = Mutex::new(batch_rx);
    let (done_tx, done_rx) = mpsc::channel::<work::Done>();
    let mode = Mode {
        format: options.format,
        quantities: options.quantities,
        lang: options.lang,
    };
    let progress =
        io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    let mut progress = Progress::new(progress);
    let name = options
        .output
        .as_ref()
        .map_or_else(|| "<stdout>".to_owned(), |p| p.display().to_string());
    let mut out = Output::new(sink, mode, name);
    let mut totals = Totals::default();
    // Input buffers come back from the workers, output buffers from the
    // writer; one that grew far past a batch (a huge document) is freed.
    let input_pool = Pool::new(4 * input::BATCH_BYTES);
    let output_pool = Pool::new(64 * input::BATCH_BYTES);
    let pools = Pools { input: &input_pool, output: &output_pool };
    thread::scope(|scope| {
        let inputs = &options.inputs;
        let input_pool = &input_pool;
        scope.spawn(move || {
            input::read_all(inputs, batch_tx, permit_rx, input_pool)
        });
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let batch_rx = &batch_rx;
            scope.spawn(move || {
                work::work(extractor, mode, batch_rx, done_tx, pools)
            });
        }
        drop(done_tx);
        out.start();
        let mut pending = BTreeMap::new();
        let mut next = 0u64;
        for done in done_rx {
            pending.insert(done.seq, done);
            while let Some(done) = pending.remove(&next) {
                if !done.messages.is_empty() {
                    progress.clear();
                    let mut stderr = io::stderr().lock();
                    for message in &done.messages {
                        let _ = writeln!(stderr, "{message}");
                    }
                }
                out.write(&done.data);
                totals.add(&done);
                output_pool.give(done.data);
                let _ = permit_tx.send(());
                next += 1;
                progress.show(&totals);
            }
        }
        if !pending.is_empty() {
            // Unreachable unless a worker thread died; say so rather than
            // lose documents silently.
            say("extract: internal error: some batches were lost");
            totals.skipped += pending.len() as u64;
        }
    });
    out.finish();
    progress.clear();
    totals
}

/// Writes one line to stderr; a closed stderr is not worth a panic.
fn say(message: &str) {
    let _ = writeln!(io::stderr().lock(), "{message}");
}
