//! libFuzzer target `extract`: see `nm_fuzz::check_extract` for the invariants.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    nm_fuzz::check_bytes(nm_fuzz::Target::Extract, data);
});
