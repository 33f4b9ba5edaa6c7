//! Byte buffers handed back for reuse.
//!
//! Batches circulate: the reader fills an input buffer, a worker reads it
//! and fills an output buffer, the writer writes that. Each buffer goes
//! back to its pool when its stage is done and the next batch takes it, so
//! after the first few batches the run allocates no big buffers: their
//! number is bounded by the batches in flight, their size by the largest
//! batch, and the allocator has nothing to fragment. Without this, peak
//! memory crept up over a long run as buffers of changing sizes were
//! allocated and freed across threads.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Mutex;

#[derive(Debug)]
pub struct Pool {
    tx: Sender<Vec<u8>>,
    rx: Mutex<Receiver<Vec<u8>>>,
    /// A buffer that grew past this (one huge document) is freed rather
    /// than kept.
    max_capacity: usize,
}

impl Pool {
    pub fn new(max_capacity: usize) -> Pool {
        let (tx, rx) = mpsc::channel();
        Pool { tx, rx: Mutex::new(rx), max_capacity }
    }

    /// An empty buffer: a returned one if any, else a new one with room
    /// for `capacity` bytes.
    pub fn take(&self, capacity: usize) -> Vec<u8> {
        let spare = self.rx.lock().ok().and_then(|rx| rx.try_recv().ok());
        match spare {
            Some(mut buf) => {
                buf.clear();
                buf
            }
            None => Vec::with_capacity(capacity),
        }
    }

    /// Hands a buffer back for reuse.
    pub fn give(&self, buf: Vec<u8>) {
        if buf.capacity() <= self.max_capacity {
            // The receiver lives as long as the pool.
            let _ = self.tx.send(buf);
        }
    }
}
