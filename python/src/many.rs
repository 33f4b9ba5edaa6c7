//! `Extractor.extract_many`: many texts on every core, records in input
//! order.
//!
//! Worker threads extract without the GIL, a chunk of texts at a time,
//! each with its own copy of the extractor (`Extractor::for_thread`) and
//! its own `Scratch`. The calling thread, the only one that touches
//! Python objects, turns each finished chunk into dictionaries in input
//! order while the workers go on with the next chunks, and lets go of the
//! GIL whenever it waits for one. So conversion overlaps extraction, and
//! the call takes about as long as the slower of the two.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use narrative_metrics::{Extractor, Record, Scratch};
use pyo3::prelude::*;
use pyo3::types::{PyInt, PyList, PyModule};

use crate::convert::{Builder, Chars};

/// Texts are handed to workers in chunks of about this many bytes (or one
/// text, if larger): enough to make a chunk's hand-over cost nothing
/// beside its extraction, small enough that the first records reach the
/// calling thread soon and every worker gets a share of a small batch.
const CHUNK_BYTES: usize = 64 * 1024;

/// The records of one chunk, and where each text's records end.
struct Done<'a> {
    chunk: usize,
    records: Vec<Record<'a>>,
    /// `ends[i]`: one past the last record of the chunk's `i`-th text.
    ends: Vec<usize>,
}

/// The texts' ranges of each chunk.
fn chunks(texts: &[String]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, text) in texts.iter().enumerate() {
        bytes += text.len();
        if bytes >= CHUNK_BYTES {
            out.push(start..i + 1);
            start = i + 1;
            bytes = 0;
        }
    }
    if start < texts.len() {
        out.push(start..texts.len());
    }
    out
}

/// The records of every text, as one flat list in input order; a record's
/// `doc` is `ids[i]` for the `i`-th text, or `i` itself without `ids`.
///
/// # Errors
///
/// When Python cannot build the records, or a signal handler raises
/// (Ctrl-C): the workers stop and the error is returned.
pub fn extract_many<'py>(
    py: Python<'py>,
    extractor: &Extractor,
    texts: &[String],
    ids: Option<&[Bound<'py, PyAny>]>,
    threads: usize,
) -> PyResult<Bound<'py, PyList>> {
    let chunks = chunks(texts);
    let threads = threads.clamp(1, chunks.len().max(1));
    // Each worker's own copy, made here so that the records, which borrow
    // the extractor's ids, outlive the workers.
    let locals: Vec<Extractor> =
        (0..threads).map(|_| extractor.for_thread()).collect();
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let out = PyList::empty(py);
    let mut b = Builder::new(py)?;
    let _paused = GcPause::new(py)?;
    let (tx, rx) = mpsc::channel::<Done<'_>>();

    let result = std::thread::scope(|s| {
        for local in &locals {
            let tx = tx.clone();
            let (chunks, next, stop) = (&chunks, &next, &stop);
            s.spawn(move || {
                let mut scratch = Scratch::new();
                while !stop.load(Ordering::Relaxed) {
                    let chunk = next.fetch_add(1, Ordering::Relaxed);
                    let Some(range) = chunks.get(chunk) else { break };
                    let mut done = Done {
                        chunk,
                        records: Vec::new(),
                        ends: Vec::with_capacity(range.len()),
                    };
                    for text in &texts[range.clone()] {
                        local.extract_with(
                            &mut scratch,
                            "",
                            text,
                            &mut done.records,
                        );
                        done.ends.push(done.records.len());
                    }
                    if tx.send(done).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let result = collect(py, &mut b, &out, rx, &chunks, texts, ids);
        if result.is_err() {
            stop.store(true, Ordering::Relaxed);
        }
        result
    });
    result.map(|()| out)
}

/// Pauses Python's cyclic garbage collector until dropped, if it was on.
///
/// The records hold no reference cycles, but each dict allocated counts
/// towards the next collection, and each collection walks the records
/// still young, the result list among them: about a fifth of the calling
/// thread's time on a corpus of 225,886 records (`perf` on
/// `bench/bench.py`'s corpus), for nothing to collect. Reference counting
/// still frees everything as usual meanwhile; the collector resumes when
/// the call returns or fails.
// PERF: see above.
struct GcPause<'py> {
    gc: Option<Bound<'py, PyModule>>,
}

impl<'py> GcPause<'py> {
    fn new(py: Python<'py>) -> PyResult<GcPause<'py>> {
        let gc = py.import("gc")?;
        if !gc.call_method0("isenabled")?.is_truthy()? {
            return Ok(GcPause { gc: None });
        }
        gc.call_method0("disable")?;
        Ok(GcPause { gc: Some(gc) })
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.gc {
            // `gc.enable()` cannot fail.
            let _ = gc.call_method0("enable");
        }
    }
}

/// Receives the chunks, in any order, and converts them in input order.
fn collect<'py>(
    py: Python<'py>,
    b: &mut Builder<'py>,
    out: &Bound<'py, PyList>,
    rx: mpsc::Receiver<Done<'_>>,
    chunks: &[Range<usize>],
    texts: &[String],
    ids: Option<&[Bound<'py, PyAny>]>,
) -> PyResult<()> {
    let mut waiting = BTreeMap::new();
    let mut rx = Some(rx);
    for (chunk, range) in chunks.iter().enumerate() {
        let done = loop {
            if let Some(done) = waiting.remove(&chunk) {
                break Some(done);
            }
            // The GIL is let go while waiting, and taken back to convert.
            let Some(r) = rx.take() else { break None };
            let (r, got) = py.detach(move || {
                let got = r.recv();
                (r, got)
            });
            rx = Some(r);
            match got {
                Ok(done) if done.chunk == chunk => break Some(done),
                Ok(done) => {
                    waiting.insert(done.chunk, done);
                }
                // Every worker has gone: only a panic in one does that
                // before the last chunk, and the scope raises it.
                Err(_) => break None,
            }
        };
        let Some(done) = done else { return Ok(()) };
        py.check_signals()?;
        let mut start = 0;
        for (i, end) in range.clone().zip(done.ends.iter().copied()) {
            let text = &texts[i];
            let doc = match ids {
                Some(ids) => ids[i].clone(),
                None => PyInt::new(py, i).into_any(),
            };
            let mut chars = Chars::default();
            for r in &done.records[start..end] {
                out.append(b.dict(r, &doc, text, &mut chars)?)?;
            }
            start = end;
        }
    }
    Ok(())
}
