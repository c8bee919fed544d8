//! Fuzz target `updates_telegram`: see `src/checks.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tgfamily_fuzz::checks::updates_telegram(data));
