//! Tells the tests whether the reference data in `../shared` is there: when it is absent
//! (a bare clone) and not required, the tests that read it are compiled as ignored, so
//! `cargo test` reports them as ignored with the reason, and this prints one line saying
//! how to run them.

use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(shared_absent)");
    println!("cargo::rerun-if-env-changed=TGFAMILY_SHARED");
    println!("cargo::rerun-if-env-changed=TGFAMILY_REQUIRE_SHARED");
    let dir = match std::env::var_os("TGFAMILY_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
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
