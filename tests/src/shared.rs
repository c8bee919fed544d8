//! Finding `../shared` (the reference data beside the repository).
//!
//! Tests that read it are compiled as ignored when it is absent (a bare clone; see
//! `build.rs`), so `cargo test` counts them as ignored and says why, unless
//! `TGFAMILY_REQUIRE_SHARED=1` is set (as `.ci/run` does), in which case they run and fail.
//! Mark such a test `#[cfg_attr(shared_absent, ignore = "needs ../shared (set
//! TGFAMILY_SHARED=<folder>)")]`.

use std::path::PathBuf;

/// The shared folder: `$TGFAMILY_SHARED`, or `../shared` beside the workspace.
pub fn shared_dir() -> PathBuf {
    match std::env::var_os("TGFAMILY_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    }
}

/// The path of `relative` inside the shared folder, or `None` (after saying why) when it
/// is absent and not required.
///
/// # Panics
/// When the file is absent and `TGFAMILY_REQUIRE_SHARED=1`.
pub fn shared_file(relative: &str) -> Option<PathBuf> {
    let path = shared_dir().join(relative);
    if path.exists() {
        return Some(path);
    }
    if std::env::var("TGFAMILY_REQUIRE_SHARED").as_deref() == Ok("1") {
        panic!("{} is required (TGFAMILY_REQUIRE_SHARED=1) but absent", path.display());
    }
    eprintln!("skipped: {} not found (set TGFAMILY_SHARED to its folder)", path.display());
    None
}
