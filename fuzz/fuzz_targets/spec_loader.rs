//! Fuzz target `spec_loader`: see `src/checks.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tgfamily_fuzz::checks::spec_loader(data));
