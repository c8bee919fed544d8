//! The build-script half of "tests that skip say so", shared by every crate whose tests
//! read `../shared` (`tests/build.rs`, `xtask/build.rs`, `importer/build.rs` include it).
//!
//! When the reference folder is absent (a bare clone) and not required, the crate is
//! compiled with `cfg(shared_absent)`, so its tests marked
//! `#[cfg_attr(shared_absent, ignore = "needs ../shared (set TGFAMILY_SHARED=<folder>)")]`
//! are counted as ignored with that reason, and the build prints one line saying how to run
//! them. With `TGFAMILY_REQUIRE_SHARED=1` (as `.ci/run` sets) they run and fail instead.

use std::path::PathBuf;

/// Emits the `shared_absent` cfg and the warning for a crate whose folder is
/// `manifest_dir`, one level below the workspace root.
pub fn declare(manifest_dir: &str) {
    println!("cargo::rustc-check-cfg=cfg(shared_absent)");
    println!("cargo::rerun-if-env-changed=TGFAMILY_SHARED");
    println!("cargo::rerun-if-env-changed=TGFAMILY_REQUIRE_SHARED");
    let dir = match std::env::var_os("TGFAMILY_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(manifest_dir).join("../../shared"),
    };
    println!("cargo::rerun-if-changed={}", dir.display());
    let required = std::env::var("TGFAMILY_REQUIRE_SHARED").as_deref() == Ok("1");
    if !dir.is_dir() && !required {
        println!("cargo::rustc-cfg=shared_absent");
        println!(
            "cargo::warning=tests reading the reference data are ignored: {} not found \
             (run them with TGFAMILY_SHARED=<folder> cargo test)",
            dir.display()
        );
    }
}
