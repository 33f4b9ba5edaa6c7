//! libFuzzer target `rules_load`: see `nm_fuzz::check_rules_load` for the invariants.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    nm_fuzz::check_bytes(nm_fuzz::Target::RulesLoad, data);
});
