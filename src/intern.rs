//! Ids that records carry (`kind`, `rule`, `lang`), as `&'static str`.
//!
//! Records borrow only their input, so that a function that owns an
//! [`Extractor`](crate::Extractor) can return its records. The few ids a
//! rule set names are therefore interned once, when the rule set is built,
//! into a process-wide set that only grows by ids never seen before:
//! loading the same rule files again costs nothing, and the set is bounded
//! by the distinct ids of every rule file the process has compiled.
//! Written by hand: a `Mutex<HashSet>` is all it takes, and an interning
//! crate would bring its own allocator and hasher for a few dozen strings.

use std::collections::HashSet;
use std::sync::{Mutex, PoisonError};

static IDS: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);

/// The interned copy of `id`: the same `&'static str` for equal ids.
pub(crate) fn intern(id: &str) -> &'static str {
    // A panic while the lock is held cannot leave the set inconsistent:
    // insert either happened or did not.
    let mut ids = IDS.lock().unwrap_or_else(PoisonError::into_inner);
    let ids = ids.get_or_insert_with(HashSet::new);
    if let Some(&known) = ids.get(id) {
        return known;
    }
    let leaked: &'static str = Box::leak(id.to_owned().into_boxed_str());
    ids.insert(leaked);
    leaked
}

#[cfg(test)]
mod tests {
    use super::intern;

    #[test]
    fn equal_ids_share_one_copy() {
        let a = intern("funding.amount");
        let b = intern(&String::from("funding.amount"));
        assert!(std::ptr::eq(a, b));
        assert_eq!(intern("count.noun"), "count.noun");
    }
}
