//! The Telegram importer: transcribes Telegram's Bot API page into a spec
//! (`cargo xtask import telegram` is its command line).
//!
//! [`import`] reads the page, merges the overlay of hand-written additions, derives hot
//! fields from a corpus and links from the other specs, and writes the spec. The steps,
//! one module each:
//! [`html`] (page to sections), [`build`] with [`methods`], [`objects`], [`returns`],
//! [`tags`], [`enums`] and [`platform`] (sections to spec), [`overlay`] (the additions),
//! [`yaml`] (spec to text) and [`report`] (what happened). See `docs/telegram-import.md`.

pub mod build;
mod enums;
mod hot;
mod html;
mod links;
mod methods;
mod model;
mod objects;
mod overlay;
mod platform;
pub mod report;
mod returns;
mod tags;
mod text;
mod typeexpr;
mod yaml;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use build::Import;
use overlay::Overlay;

/// Imports `page` (whose file name is `source`) with an optional overlay (file name and
/// text) and an optional corpus of updates (the text of a `getUpdates` response) to
/// read hot fields from, linked back from the `others` specs that link to it: the spec's
/// YAML text, and the import for reporting.
pub fn import(
    page: &str,
    source: &str,
    overlay: Option<(&str, &str)>,
    corpus: Option<&str>,
    others: &[codegen::spec::Spec],
) -> Result<(String, Import), String> {
    let sections = html::sections(page)?;
    let mut import = build::build(&sections)?;
    if let Some((file, text)) = overlay {
        Overlay::parse(file, text)?.merge(&mut import).map_err(|e| format!("{file}: {e}"))?;
    }
    if let Some(corpus) = corpus {
        hot::derive(&mut import.spec, corpus).map_err(|e| format!("hot fields: {e}"))?;
    }
    let platform = import.spec.platform.name.clone();
    links::derive(&mut import.spec, &platform, others)?;
    Ok((yaml::write(&import.spec, source), import))
}

/// The specs of `dir` (`*.yaml`, not overlays) of other platforms than Telegram, whose
/// links to Telegram the import links back.
pub fn other_specs(dir: &Path) -> Result<Vec<codegen::spec::Spec>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            name.ends_with(".yaml") && !name.ends_with(".overlay.yaml")
        })
        .collect();
    paths.sort();
    let mut specs = Vec::new();
    for path in paths {
        let spec = codegen::load::read(&path).map_err(|d| d.to_string())?;
        if spec.platform.name.value != "telegram" {
            specs.push(spec);
        }
    }
    Ok(specs)
}
