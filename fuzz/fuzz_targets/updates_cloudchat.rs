//! Fuzz target `updates_cloudchat`: see `src/checks.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tgfamily_fuzz::checks::updates_cloudchat(data));
