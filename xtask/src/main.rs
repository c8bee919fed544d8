//! `cargo xtask`: the project's command line.
//!
//! - `cargo xtask codegen [--check]`: regenerate the bindings from `spec/*.yaml`, or with
//!   `--check` write nothing and fail with a diff when the files on disk are stale.
//! - `cargo xtask diff <A> <B> [--format text|markdown|json]`: what differs between two
//!   specs (platform names, paths or `<git-rev>:<path>`); exits 0 when equal, 1 when not.
//! - `cargo xtask import telegram --from <page.html>`: transcribe Telegram's Bot API page
//!   into `spec/telegram.yaml`.

mod codegen;
mod diff;
mod import;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen::run(&workspace_root(), &args[1..]),
        Some("diff") => diff::run(&workspace_root(), &args[1..]),
        Some("import") => import::run(&args[1..]),
        _ => Err(usage()),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

/// The workspace root: the parent of this crate's folder.
fn workspace_root() -> std::path::PathBuf {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn usage() -> String {
    "usage: cargo xtask <codegen [--check] | diff <A> <B> [--format text|markdown|json] | import telegram --from <page.html>>".to_owned()
}
