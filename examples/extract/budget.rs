//! Two small synchronisation points between the reader, the workers and
//! the writer.
//!
//! [`Budget`] bounds the input bytes in flight. The batch permits bound
//! how many batches exist, but a batch holding one huge document is as
//! large as that document; without a byte bound the reader could hold a
//! dozen 64 MiB documents while the workers are busy. A batch waits until
//! its bytes fit, unless nothing else is in flight (a batch is never
//! refused for its size alone).
//!
//! [`Turn`] tells the workers which batch the writer is writing. A worker
//! whose document's output outgrows [`crate::work::CHUNK_BYTES`] hands it
//! over part by part, but only when its batch is the one being written:
//! until then it waits, so that no thread holds a whole document's output
//! (many times the document's size for figure-dense text).

use std::sync::{Condvar, Mutex};

/// Input bytes in flight, bounded.
#[derive(Debug)]
pub struct Budget {
    limit: usize,
    state: Mutex<BudgetState>,
    freed: Condvar,
}

#[derive(Debug)]
struct BudgetState {
    used: usize,
    closed: bool,
}

impl Budget {
    pub fn new(limit: usize) -> Budget {
        Budget {
            limit,
            state: Mutex::new(BudgetState { used: 0, closed: false }),
            freed: Condvar::new(),
        }
    }

    /// Waits until `bytes` fit (or nothing is in flight) and takes them;
    /// false when the budget was closed (the run is ending).
    pub fn acquire(&self, bytes: usize) -> bool {
        let Ok(mut s) = self.state.lock() else { return false };
        while !s.closed && s.used > 0 && s.used + bytes > self.limit {
            s = match self.freed.wait(s) {
                Ok(s) => s,
                Err(_) => return false,
            };
        }
        s.used += bytes;
        !s.closed
    }

    /// Gives back bytes taken by [`Budget::acquire`].
    pub fn release(&self, bytes: usize) {
        if let Ok(mut s) = self.state.lock() {
            s.used = s.used.saturating_sub(bytes);
            self.freed.notify_all();
        }
    }

    /// Wakes and refuses every waiter: nothing will be released any more.
    pub fn close(&self) {
        if let Ok(mut s) = self.state.lock() {
            s.closed = true;
            self.freed.notify_all();
        }
    }
}

/// The sequence number of the batch being written.
#[derive(Debug, Default)]
pub struct Turn {
    next: Mutex<u64>,
    changed: Condvar,
}

impl Turn {
    /// Waits until batch `seq` is the one being written.
    pub fn wait_for(&self, seq: u64) {
        let Ok(mut next) = self.next.lock() else { return };
        while *next < seq {
            next = match self.changed.wait(next) {
                Ok(n) => n,
                Err(_) => return,
            };
        }
    }

    /// The writer moves on to batch `seq`.
    pub fn set(&self, seq: u64) {
        if let Ok(mut next) = self.next.lock() {
            *next = seq;
            self.changed.notify_all();
        }
    }

    /// Wakes every waiter for good (the run is ending).
    pub fn end(&self) {
        self.set(u64::MAX);
    }
}
