//! Reading a spec file into the spec model, with positions on every error.

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::spec::Spec;

/// Parses `text` (the contents of `file`) into a spec model.
///
/// YAML and shape errors (unknown keys, missing keys, wrong types) stop parsing; the
/// error names the file, line and column and what was expected.
pub fn parse(file: &str, text: &str) -> Result<Spec, Diagnostics> {
    let options = serde_saphyr::options! { with_snippet: false };
    serde_saphyr::from_str_with_options::<Spec>(text, options).map_err(|error| {
        let pos = error.location().map(|l| Pos::of(&l)).unwrap_or_default();
        Diagnostics(vec![Diagnostic { file: file.to_owned(), pos, message: clean_message(&error) }])
    })
}

/// Reads and parses the spec file at `path`, with its catalogue of error descriptions
/// (`errors/<stem>.yaml` in the same directory) when there is one.
pub fn read(path: &std::path::Path) -> Result<Spec, Diagnostics> {
    let mut spec = read_spec(path)?;
    if let Some(catalogue) = crate::spec::error_catalogue::path_for(path) {
        spec.error_descriptions = crate::spec::error_catalogue::read(&catalogue)?;
    }
    Ok(spec)
}

fn read_spec(path: &std::path::Path) -> Result<Spec, Diagnostics> {
    let file = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&file, &text),
        Err(error) => Err(Diagnostics(vec![Diagnostic {
            file,
            pos: Pos::default(),
            message: format!("cannot read the spec: {error}"),
        }])),
    }
}

/// The parser's message without its own position suffix (we print positions first).
fn clean_message(error: &serde_saphyr::Error) -> String {
    let text = error.to_string();
    let text = text.lines().next().unwrap_or_default().trim();
    let text = match text.rfind(" at line ") {
        Some(at) => &text[..at],
        None => text,
    };
    text.trim_end_matches(", set DuplicateKeyPolicy in Options if acceptable").to_owned()
}
