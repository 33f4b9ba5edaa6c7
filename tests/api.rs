//! Public API guarantees.

use narrative_metrics::{
    Extractor, Quantity, Record, RuleError, RuleSet, Scratch,
};

fn assert_traits<
    T: Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe,
>() {
}

#[test]
fn public_types_are_thread_safe_and_unwind_safe() {
    assert_traits::<Extractor>();
    assert_traits::<RuleSet>();
    assert_traits::<Scratch>();
    assert_traits::<Record<'static>>();
    assert_traits::<Quantity<'static>>();
    assert_traits::<RuleError>();
}
