//! Fuzz target `gateway`: see `src/checks.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tgfamily_fuzz::checks::gateway(data));
