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
    let help = args.iter().skip(1).any(|a| a == "--help" || a == "-h");
    let result = match args.first().map(String::as_str) {
        Some("--help" | "-h" | "help") => Ok(print_help(USAGE)),
        Some("codegen") if help => Ok(print_help(codegen::USAGE)),
        Some("diff") if help => Ok(print_help(diff::USAGE)),
        Some("import") if help => Ok(print_help(import::USAGE)),
        Some("codegen") => codegen::run(&workspace_root(), &args[1..]),
        Some("diff") => diff::run(&workspace_root(), &args[1..]),
        Some("import") => import::run(&args[1..]),
        Some(unknown) => Err(format!("cargo xtask: no command `{unknown}`\n\n{USAGE}")),
        None => Err(USAGE.to_owned()),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

/// The workspace root: the nearest folder at or above the current one with `spec/` and a
/// workspace `Cargo.toml` (so a copy of the tree built with a shared target folder works
/// on its own files); else the parent of this crate's folder.
fn workspace_root() -> std::path::PathBuf {
    let is_root = |dir: &std::path::Path| {
        dir.join("spec").is_dir()
            && std::fs::read_to_string(dir.join("Cargo.toml")).is_ok_and(|text| text.contains("[workspace]"))
    };
    let found =
        std::env::current_dir().ok().and_then(|cwd| cwd.ancestors().find(|dir| is_root(dir)).map(Into::into));
    found.unwrap_or_else(|| {
        let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        manifest.parent().unwrap_or(manifest).to_path_buf()
    })
}

/// `cargo xtask --help`.
const USAGE: &str = "usage: cargo xtask <command> [options]   (cargo xtask <command> --help for its options)

commands:
  codegen [--check]                          regenerate the bindings from spec/*.yaml (or check them)
  diff <A> <B> [--format f] [--descriptions] what differs between two specs, and the semver bump
  import telegram --from <page.html>         transcribe Telegram's Bot API page into spec/telegram.yaml";

/// Prints `usage` to standard output: asked-for help succeeds.
fn print_help(usage: &str) -> ExitCode {
    println!("{usage}");
    ExitCode::SUCCESS
}
