//! `cargo xtask diff <A> <B> [--format text|markdown|json] [--descriptions]`: what
//! differs between two specs, and what that means for the Rust API. Each side is a platform name (`potato`: `spec/potato.yaml`), a spec path, or
//! `<git-rev>:<path>` (the spec as of a commit, read with `git show`). The exit status is
//! diff(1)'s: 0 when equal, 1 when different, 2 on error. See `docs/diff.md`.

use std::io::IsTerminal;
use std::path::Path;
use std::process::{Command, ExitCode};

use codegen::diff::render::{self, Format};
use codegen::ir::Api;

/// The usage text (`--help`).
pub const USAGE: &str = "usage: cargo xtask diff <A> <B> [--format text|markdown|json] [--descriptions]\n\
    where a side is a platform name (potato), a spec path, or <git-rev>:<path>\n\
    --format <f>      text (default), markdown or json\n\
    --descriptions    also compare the descriptions of methods, types, parameters and fields\n\
    exit status: 0 equal, 1 different, 2 error";

/// Runs `cargo xtask diff <args>` with platform specs under `root`/spec.
pub fn run(root: &Path, args: &[String]) -> Result<ExitCode, String> {
    let options = Options::parse(args)?;
    let (a_source, a_version, a) = load(root, &options.sides[0])?;
    let (b_source, b_version, b) = load(root, &options.sides[1])?;
    let diff_options = codegen::diff::Options { descriptions: options.descriptions };
    let report = codegen::diff::diff_with(&a, &b, diff_options)
        .with_sources(a_source, b_source)
        .with_versions(a_version, b_version);
    print!("{}", render::render(&report, options.format));
    Ok(if report.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// The command line of `diff`.
#[derive(Debug, PartialEq, Eq)]
struct Options {
    sides: [String; 2],
    format: Format,
    descriptions: bool,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let mut sides = Vec::new();
        let mut format = None;
        let mut descriptions = false;
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--format" => {
                    let name =
                        args.next().ok_or_else(|| format!("diff: `--format` needs a value\n{USAGE}"))?;
                    format = Some(name.parse::<Format>().map_err(|e| format!("diff: {e}\n{USAGE}"))?);
                }
                "--descriptions" => descriptions = true,
                flag if flag.starts_with("--") => {
                    return Err(format!("diff: unknown option `{flag}`\n{USAGE}"))
                }
                side => sides.push(side.to_owned()),
            }
        }
        let sides: [String; 2] =
            sides.try_into().map_err(|_| format!("diff: expected two specs to compare\n{USAGE}"))?;
        let format = match format {
            None | Some(Format::Text { .. }) => Format::Text { colour: colour() },
            Some(other) => other,
        };
        Ok(Options { sides, format, descriptions })
    }
}

/// Colour only on a terminal, and never when `NO_COLOR` is set to something.
fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The document's version and release date a spec says it was made from.
type Version = [Option<String>; 2];

/// Loads one side: its source name, its document's version and its checked API.
fn load(root: &Path, side: &str) -> Result<(String, Version, Api), String> {
    let (source, text) = read(root, side)?;
    let spec = codegen::spec::load::parse(&source, &text).map_err(|diagnostics| diagnostics.to_string())?;
    let api = codegen::resolve::resolve(&source, &spec).map_err(|diagnostics| diagnostics.to_string())?;
    let version = [spec.platform.version.clone(), spec.platform.released.clone()];
    Ok((source, version, api))
}

/// The file under `spec/` whose platform is `name`, when its file name is another
/// (`gateway` is `spec/telegram-gateway.yaml`).
fn spec_named(root: &Path, name: &str) -> Option<String> {
    let mut files: Vec<String> = std::fs::read_dir(root.join("spec"))
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|file| file.ends_with(".yaml") && !file.ends_with(".overlay.yaml"))
        .collect();
    files.sort();
    files.into_iter().find(|file| {
        let text = std::fs::read_to_string(root.join("spec").join(file)).unwrap_or_default();
        codegen::spec::load::parse(file, &text).is_ok_and(|spec| spec.platform.name.value == name)
    })
}

/// The source name and text of one side: an existing file, a platform's spec, or
/// `rev:path` from git.
fn read(root: &Path, side: &str) -> Result<(String, String), String> {
    let read_file = |path: &Path, source: String| {
        std::fs::read_to_string(path)
            .map(|text| (source, text))
            .map_err(|e| format!("diff: cannot read {}: {e}", path.display()))
    };
    let path = Path::new(side);
    if path.is_file() {
        return read_file(path, side.to_owned());
    }
    if codegen::names::is_identifier(side) {
        let spec = root.join("spec").join(format!("{side}.yaml"));
        if spec.is_file() {
            return read_file(&spec, format!("spec/{side}.yaml"));
        }
        if let Some(file) = spec_named(root, side) {
            return read_file(&root.join("spec").join(&file), format!("spec/{file}"));
        }
        return Err(format!("diff: `{side}` is neither a file nor a platform with a spec under spec/"));
    }
    match side.split_once(':') {
        Some((rev, file)) if !rev.is_empty() && !file.is_empty() => {
            Ok((side.to_owned(), git_show(rev, file)?))
        }
        _ => Err(format!("diff: {side}: no such file")),
    }
}

/// `git show <rev>:<path>`, run in the current directory.
fn git_show(rev: &str, path: &str) -> Result<String, String> {
    let output = Command::new("git")
        .args(["show", &format!("{rev}:{path}")])
        .output()
        .map_err(|e| format!("diff: cannot run git: {e}"))?;
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr);
        return Err(format!("diff: git show {rev}:{path} failed: {}", message.trim()));
    }
    String::from_utf8(output.stdout).map_err(|_| format!("diff: {rev}:{path} is not UTF-8 text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn parses_sides_and_format() {
        let options = Options::parse(&args(&["potato", "--format", "json", "telegram"]));
        assert_eq!(
            options,
            Ok(Options {
                sides: ["potato".into(), "telegram".into()],
                format: Format::Json,
                descriptions: false
            })
        );
        let options = Options::parse(&args(&["a", "b", "--descriptions"])).map(|o| o.descriptions);
        assert_eq!(options, Ok(true));
        assert!(Options::parse(&args(&["potato"])).is_err());
        assert!(Options::parse(&args(&["a", "b", "c"])).is_err());
        assert!(Options::parse(&args(&["a", "b", "--format"])).is_err());
        assert!(Options::parse(&args(&["a", "b", "--format", "html"])).is_err());
        assert!(Options::parse(&args(&["a", "b", "--colour"])).is_err());
    }
}
