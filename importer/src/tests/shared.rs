//! Finding the shared reference folder (`../shared` from the workspace root, or
//! `TGFAMILY_SHARED`), and skipping politely when it is absent.

use std::path::{Path, PathBuf};

/// The committed spec, relative to the workspace root.
pub const DEFAULT_OUT: &str = "spec/telegram.yaml";
/// The committed overlay, relative to the workspace root.
const DEFAULT_OVERLAY: &str = "spec/telegram.overlay.yaml";

/// The workspace root: the parent of this crate's folder.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The folder of Telegram's reference files, or `None` after printing "skipped: … not
/// found" when it is absent. With `TGFAMILY_REQUIRE_SHARED=1` an absent folder fails.
pub fn telegram_reference(test: &str) -> Option<PathBuf> {
    let shared =
        std::env::var_os("TGFAMILY_SHARED").map_or_else(|| workspace_root().join("../shared"), PathBuf::from);
    let folder = shared.join("reference/telegram");
    if folder.join("bot-api.html").is_file() {
        return Some(folder);
    }
    let missing = format!(
        "{} not found (set TGFAMILY_SHARED to the shared folder)",
        folder.join("bot-api.html").display()
    );
    if std::env::var("TGFAMILY_REQUIRE_SHARED").as_deref() == Ok("1") {
        panic!("{test}: {missing}, and TGFAMILY_REQUIRE_SHARED=1 requires it");
    }
    eprintln!("{test}: skipped: {missing}");
    None
}

/// Reads a file the test needs.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The committed overlay's file name and text.
pub fn overlay() -> (String, String) {
    let path = workspace_root().join(DEFAULT_OVERLAY);
    (path.display().to_string(), read(&path))
}
