//! `cargo xtask import telegram --from <page.html> [--out spec/telegram.yaml]
//! [--overlay spec/telegram.overlay.yaml] [--corpus <updates.json>]`: the command line of
//! the importer (the `importer` crate), which writes the spec. See
//! `docs/telegram-import.md`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use importer::{import, other_specs, report};

/// The spec, relative to the workspace root, when `--out` is not given.
const DEFAULT_OUT: &str = "spec/telegram.yaml";
/// The overlay, relative to the workspace root, when `--overlay` is not given.
const DEFAULT_OVERLAY: &str = "spec/telegram.overlay.yaml";
/// The corpus of updates hot fields are read from, under the shared folder, when
/// `--corpus` is not given.
const DEFAULT_CORPUS: &str = "bench/updates_10k.json";

/// The usage text (`--help`).
pub const USAGE: &str = "usage: cargo xtask import telegram --from <page.html> [--out spec/telegram.yaml] [--overlay spec/telegram.overlay.yaml] [--corpus <updates.json>]\n\
    transcribes Telegram's Bot API page (saved as HTML) into a spec, with the overlay's additions\n\
    (the workspace's overlay when it exists) and hot fields read from a corpus of updates\n\
    (default: $TGFAMILY_SHARED or ../shared, bench/updates_10k.json); see docs/telegram-import.md";

/// Runs `cargo xtask import <args>`.
pub fn run(args: &[String]) -> Result<ExitCode, String> {
    let options = Options::parse(args)?;
    let page = std::fs::read_to_string(&options.from)
        .map_err(|e| format!("cannot read {}: {e}", options.from.display()))?;
    let overlay = match &options.overlay {
        Some(path) => Some((
            path.display().to_string(),
            std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?,
        )),
        None => None,
    };
    let corpus = std::fs::read_to_string(&options.corpus)
        .map_err(|e| format!("cannot read the corpus {}: {e}", options.corpus.display()))?;
    let overlay = overlay.as_ref().map(|(f, t)| (f.as_str(), t.as_str()));
    let others = other_specs(&workspace_root().join("spec"))?;
    let (yaml, import) = import(&page, &source_name(&options.from), overlay, Some(&corpus), &others)?;
    std::fs::write(&options.out, yaml).map_err(|e| format!("cannot write {}: {e}", options.out.display()))?;
    eprint!("wrote {}: {}", options.out.display(), report::report(&import));
    Ok(ExitCode::SUCCESS)
}

/// The file name of the page, for the generated header (no directories: the output must
/// not depend on where the page was read from).
fn source_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// The workspace root: the parent of the `xtask` crate.
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The command line of `import`.
#[derive(Debug, PartialEq, Eq)]
struct Options {
    from: PathBuf,
    out: PathBuf,
    overlay: Option<PathBuf>,
    corpus: PathBuf,
}

impl Options {
    /// Parses `telegram --from <page> [--out <spec>] [--overlay <overlay>]`. Without
    /// `--overlay`, the workspace's overlay is used when it exists.
    fn parse(args: &[String]) -> Result<Options, String> {
        let mut args = args.iter();
        match args.next().map(String::as_str) {
            Some("telegram") => {}
            Some(other) => {
                return Err(format!("import: unknown platform `{other}` (only telegram)\n{USAGE}"))
            }
            None => return Err(USAGE.to_owned()),
        }
        let (mut from, mut out, mut overlay, mut corpus) = (None, None, None, None);
        while let Some(flag) = args.next() {
            let slot = match flag.as_str() {
                "--from" => &mut from,
                "--out" => &mut out,
                "--overlay" => &mut overlay,
                "--corpus" => &mut corpus,
                other => return Err(format!("import: unknown argument `{other}`\n{USAGE}")),
            };
            let value = args.next().ok_or_else(|| format!("import: `{flag}` needs a value\n{USAGE}"))?;
            *slot = Some(PathBuf::from(value));
        }
        let from = from.ok_or_else(|| format!("import: `--from <page.html>` is required\n{USAGE}"))?;
        let root = workspace_root();
        let default_overlay = root.join(DEFAULT_OVERLAY);
        let shared =
            std::env::var_os("TGFAMILY_SHARED").map_or_else(|| root.join("../shared"), PathBuf::from);
        let corpus = corpus.unwrap_or_else(|| shared.join(DEFAULT_CORPUS));
        if !corpus.is_file() {
            return Err(format!(
                "import: no corpus of updates at {} to read hot fields from: pass `--corpus <updates.json>` or set TGFAMILY_SHARED\n{USAGE}",
                corpus.display()
            ));
        }
        Ok(Options {
            from,
            corpus,
            out: out.unwrap_or_else(|| root.join(DEFAULT_OUT)),
            overlay: overlay.or_else(|| default_overlay.exists().then_some(default_overlay)),
        })
    }
}
