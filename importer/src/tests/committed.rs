//! The committed spec is a fresh import of the page with the overlay, the generator
//! accepts it, and importing is deterministic.

use super::shared;
use super::shared::DEFAULT_OUT;
use crate::import;

/// Imports the reference page with the committed overlay, or `None` when it is absent.
fn fresh_import(test: &str) -> Option<String> {
    let folder = shared::telegram_reference(test)?;
    let page = shared::read(&folder.join("bot-api.html"));
    let (overlay_file, overlay) = shared::overlay();
    let corpus = shared::read(&folder.join("../../bench/updates_10k.json"));
    let others = crate::other_specs(&shared::workspace_root().join("spec")).unwrap_or_else(|e| panic!("{e}"));
    let (yaml, _) = import(&page, "bot-api.html", Some((&overlay_file, &overlay)), Some(&corpus), &others)
        .unwrap_or_else(|e| panic!("bot-api.html: {e}"));
    Some(yaml)
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (set TGFAMILY_SHARED=<folder>)")]
fn the_committed_spec_is_a_fresh_import() {
    let Some(fresh) = fresh_import("the_committed_spec_is_a_fresh_import") else { return };
    let committed = shared::read(&shared::workspace_root().join(DEFAULT_OUT));
    if committed != fresh {
        let diff = similar::TextDiff::from_lines(&committed, &fresh);
        let changes: String =
            diff.unified_diff().context_radius(1).to_string().lines().take(40).collect::<Vec<_>>().join("\n");
        panic!(
            "{DEFAULT_OUT} is not a fresh import of bot-api.html with the overlay; run \
             `cargo xtask import telegram --from <shared>/reference/telegram/bot-api.html`:\n{changes}"
        );
    }
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (set TGFAMILY_SHARED=<folder>)")]
fn importing_is_deterministic() {
    let Some(first) = fresh_import("importing_is_deterministic") else { return };
    let second = fresh_import("importing_is_deterministic").unwrap_or_default();
    assert!(first == second, "two imports of the same page differ");
}

#[test]
fn the_generator_accepts_the_committed_spec() {
    let path = shared::workspace_root().join(DEFAULT_OUT);
    if let Err(diagnostics) = codegen::resolve::load(&path) {
        panic!("codegen rejects {DEFAULT_OUT}:\n{diagnostics}");
    }
}
