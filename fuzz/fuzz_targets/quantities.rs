//! libFuzzer target `quantities`: see `nm_fuzz::check_quantities` for the invariants.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    nm_fuzz::check_bytes(nm_fuzz::Target::Quantities, data);
});
