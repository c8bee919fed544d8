//! Fuzz target `query_strings`: see `src/checks.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tgfamily_fuzz::checks::query_strings(data));
