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
//! the writer to the reader: a batch exists only while it holds one, and
//! a byte budget ([`budget::Budget`]) keeps the input in flight within one
//! largest document per worker. A worker hands a large document's output
//! over in parts as it goes ([`work::CHUNK_BYTES`]). So memory is bounded
//! by the threads times the largest document (64 MiB), however large the
//! input, and the output is byte-identical for any `--threads`.
//!
//! Measured (issue 19) with `/usr/bin/time -f %M target/release/examples/
//! extract --threads N -o /dev/null FILE...` on a figure-dense document of
//! 60 MB (`benches/inputs/dense.txt` repeated; 3,985,435 records, 822 MB
//! of JSONL): peak RSS 113 MiB at `--threads 1` (1.78 GiB before records
//! were handed on by parts), 208 MiB for two such documents at
//! `--threads 2` (3.2 GiB before); the same text as one JSONL line, 184
//! MiB (its escapes make the text a copy of its own). `tests/cli.rs` pins
//! the bound: 3 bytes per document byte in flight, plus 48 MiB.
//!
//! The output is opened so that nothing read or written before is harmed:
//! see [`dest`].

mod budget;
mod cli;
mod dest;
mod input;
mod output;
mod pool;
mod work;

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::mpsc::{self, TryRecvError};
use std::sync::Mutex;
use std::thread;

use narrative_metrics::{Extractor, RuleSet};

use crate::budget::{Budget, Turn};
use crate::cli::{Command, Options, RulesMode};
use crate::dest::Dest;
use crate::output::{Output, Progress, Totals};
use crate::pool::Pool;
use crate::work::{Mode, Shared};

/// Exit status for bad arguments or a bad rule file.
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let options = match cli::parse(std::env::args_os().skip(1)) {
        Ok(Command::Run(options)) => options,
        Ok(Command::Help) => return print(cli::HELP),
        Ok(Command::Version) => return print(&cli::version()),
        Err(message) => {
            say(&format!(
                "extract: {message}\nTry 'extract --help' for more \
                 information."
            ));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    // Standard output is checked before any file is opened: were it
    // closed, the first file opened would take its descriptor. An output
    // file is opened only once the rules have loaded, after the check
    // that it is not an input.
    let sink = match &options.output {
        None => match Dest::stdout() {
            Ok(dest) => Ok(dest),
            Err(err) => {
                say(&format!("extract: cannot write <stdout>: {err}"));
                return ExitCode::from(output::EXIT_WRITE);
            }
        },
        Some(path) => match dest::check_inputs(path, &options.inputs) {
            Ok(()) => Err(path),
            Err(message) => {
                say(&format!("extract: {message}"));
                return ExitCode::from(EXIT_USAGE);
            }
        },
    };
    let mut builder = Extractor::builder();
    builder.languages([RuleSet::english(), RuleSet::french()]);
    if let Some((path, mode)) = &options.rules {
        match load_rules(path, *mode, options.quiet) {
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
    let dest = match sink {
        Ok(dest) => dest,
        Err(path) => match Dest::file(path) {
            Ok(dest) => dest,
            Err(err) => {
                say(&format!(
                    "extract: cannot write {}: {err}",
                    path.display()
                ));
                return ExitCode::from(output::EXIT_WRITE);
            }
        },
    };
    let Some(totals) = run(&options, &extractor, dest) else {
        return ExitCode::from(EXIT_USAGE);
    };
    if !options.quiet {
        say(&totals.summary(options.quantities));
    }
    if totals.skipped > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Loads the rules of `--rules` or `--rules-extend`, and says on stderr
/// which rules are in use: a folder given to `--rules` replaces the
/// English rules, which is easy to do by mistake.
fn load_rules(
    path: &std::path::Path,
    mode: RulesMode,
    quiet: bool,
) -> Result<RuleSet, narrative_metrics::RuleError> {
    let folder = path.is_dir();
    let complete = folder && mode == RulesMode::AsGiven;
    let rules = if complete {
        RuleSet::load(path)?
    } else {
        RuleSet::builder().english().load(path).build()?
    };
    let kinds = rules.kinds().count();
    let indicators = rules.indicator_rules().count();
    let shown = path.display();
    if !quiet {
        let what = if complete {
            format!(
                "the folder {shown} alone (a folder given to --rules is a \
                 complete rule set; --rules-extend adds it to the English \
                 rules)"
            )
        } else {
            format!("the English rules extended by {shown}")
        };
        say(&format!(
            "extract: rules: {what}: {} and {}",
            count(kinds, "kind", "kinds"),
            count(indicators, "indicator rule", "indicator rules")
        ));
    }
    if kinds == 0 || indicators == 0 {
        let missing = if kinds == 0 { "no kind" } else { "no indicator rule" };
        say(&format!(
            "extract: warning: the rules of {shown} hold {missing}: no \
             record can be written"
        ));
    }
    Ok(rules)
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Runs the pipeline over every input; returns the totals, or `None` when
/// no worker thread could be started. A write error ends the process from
/// inside [`Output`].
fn run(
    options: &Options,
    extractor: &Extractor,
    dest: Dest,
) -> Option<Totals> {
    let asked = options.threads.get();
    let (permit_tx, permit_rx) = mpsc::sync_channel::<()>(2 * asked + 2);
    let (batch_tx, batch_rx) = mpsc::sync_channel(2 * asked + 2);
    let batch_rx = Mutex::new(batch_rx);
    let (done_tx, done_rx) = mpsc::channel::<work::Done>();
    let mode = Mode {
        format: options.format,
        quantities: options.quantities,
        lang: options.lang,
    };
    let progress = !options.quiet
        && io::stderr().is_terminal()
        && std::env::var_os("CI").is_none();
    let mut progress = Progress::new(progress);
    let avoid = dest.avoid.clone();
    let mut out = Output::new(dest, mode);
    let mut totals = Totals::default();
    // Input buffers come back from the workers, output buffers from the
    // writer; one that grew far past a batch (a huge document) is freed.
    let input_pool = Pool::new(4 * input::BATCH_BYTES);
    let output_pool = Pool::new(2 * work::CHUNK_BYTES);
    let turn = Turn::default();
    let budget = Budget::new(asked.saturating_mul(input::MAX_DOC));
    let shared =
        Shared { input: &input_pool, output: &output_pool, turn: &turn };
    let started = thread::scope(|scope| {
        // The reader first, then the workers: under a process limit fewer
        // workers may start than asked for, the run goes on with those,
        // and the batches in flight follow the number that did.
        let reader = input::Reader {
            tx: batch_tx,
            permits: permit_rx,
            budget: &budget,
            pool: &input_pool,
            avoid,
            quiet: options.quiet,
        };
        let inputs = &options.inputs;
        let spawned = thread::Builder::new()
            .name("reader".to_owned())
            .spawn_scoped(scope, move || input::read_all(inputs, reader));
        if let Err(err) = spawned {
            say(&format!("extract: cannot start the reader thread: {err}"));
            return false;
        }
        let mut workers = 0;
        for i in 0..asked {
            let done_tx = done_tx.clone();
            let batch_rx = &batch_rx;
            let spawned = thread::Builder::new()
                .name(format!("worker-{i}"))
                .spawn_scoped(scope, move || {
                    work::work(extractor, mode, batch_rx, done_tx, shared)
                });
            match spawned {
                Ok(_) => workers += 1,
                Err(err) => {
                    say(&format!(
                        "extract: could start only {workers} of {asked} \
                         worker threads: {err}; going on with {workers}"
                    ));
                    break;
                }
            }
        }
        drop(done_tx);
        if workers == 0 {
            // The reader may be waiting on a terminal: end here rather
            // than wait for it.
            say("extract: no worker thread could be started");
            out.abandon();
            std::process::exit(i32::from(EXIT_USAGE));
        }
        for _ in 0..2 * workers + 2 {
            // The channel has room for every permit, and its receiver is
            // alive until the reader ends.
            let _ = permit_tx.send(());
        }
        out.start();
        let mut pending = BTreeMap::new();
        let mut next = 0u64;
        loop {
            let done = match done_rx.try_recv() {
                Ok(done) => done,
                Err(TryRecvError::Empty) => {
                    // The workers are busy or the input is slow: what is
                    // written so far goes out now, not when the run ends.
                    out.flush();
                    match done_rx.recv() {
                        Ok(done) => done,
                        Err(_) => break,
                    }
                }
                Err(TryRecvError::Disconnected) => break,
            };
            if done.seq != next {
                // Only whole batches arrive early: a worker hands over
                // parts only in its batch's turn.
                pending.insert(done.seq, done);
                continue;
            }
            let mut done = done;
            loop {
                write_done(&mut out, &mut progress, &mut totals, &done);
                output_pool.give(std::mem::take(&mut done.data));
                if !done.last {
                    break;
                }
                budget.release(usize::try_from(done.bytes).unwrap_or(0));
                let _ = permit_tx.send(());
                next += 1;
                turn.set(next);
                progress.show(&totals);
                match pending.remove(&next) {
                    Some(d) => done = d,
                    None => break,
                }
            }
        }
        // Wake any thread still waiting (only after a worker died).
        budget.close();
        turn.end();
        drop(permit_tx);
        if !pending.is_empty() {
            // Unreachable unless a worker thread died; say so rather than
            // lose documents silently.
            say("extract: internal error: some batches were lost");
            totals.skipped += pending.len() as u64;
        }
        true
    });
    if !started {
        out.abandon();
        return None;
    }
    out.finish();
    progress.clear();
    Some(totals)
}

/// Writes one batch's output (or part of it) and its messages.
fn write_done(
    out: &mut Output,
    progress: &mut Progress,
    totals: &mut Totals,
    done: &work::Done,
) {
    if !done.messages.is_empty() {
        progress.clear();
        let mut stderr = io::stderr().lock();
        for message in &done.messages {
            let _ = writeln!(stderr, "{message}");
        }
    }
    out.write(&done.data);
    totals.add(done);
}

/// Prints text to stdout (help, version); a closed stdout is not worth a
/// panic.
fn print(text: &str) -> ExitCode {
    let mut stdout = io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    ExitCode::SUCCESS
}

/// Writes one line to stderr; a closed stderr is not worth a panic.
fn say(message: &str) {
    let _ = writeln!(io::stderr().lock(), "{message}");
}
