//! Tells the tests whether the reference data in `../shared` is there (see
//! `tests/build/shared_cfg.rs`).

#[path = "../tests/build/shared_cfg.rs"]
mod shared_cfg;

fn main() {
    shared_cfg::declare(env!("CARGO_MANIFEST_DIR"));
}
