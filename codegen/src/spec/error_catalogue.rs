//! The catalogue of known error descriptions of a platform: `spec/errors/<platform>.yaml`,
//! next to the platform's spec (see `docs/spec-format.md`, "Error descriptions").
//!
//! Telegram documents no table of errors: its answers carry an HTTP-style `error_code`
//! and a `description` whose start is stable ("Bad Request: chat not found"). Each entry
//! maps a code and a description prefix to a named kind, with where the entry comes from.
//! The catalogue lives in its own file so that the Telegram spec, which the importer
//! writes from the page, keeps it across imports.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diag::{Diagnostic, Diagnostics, Pos, Reporter};
use crate::names;

/// A catalogue file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    /// The entries, in matching order: the first whose code and prefix match wins.
    error_descriptions: Vec<Entry>,
}

/// One entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: Spanned<String>,
    code: Spanned<i64>,
    prefix: Spanned<String>,
    source: Spanned<String>,
    #[serde(default)]
    rate_limit: bool,
}

/// One known error description: what a matching error is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorDescription {
    /// The kind's Rust variant name (`ChatNotFound`).
    pub rust_name: String,
    /// The `error_code` it comes with.
    pub code: i64,
    /// The start of the description (`Bad Request: chat not found`).
    pub prefix: String,
    /// Where the entry comes from (a page, an issue, an observed answer).
    pub source: String,
    /// Whether it is a rate limit (retry after a delay).
    pub rate_limit: bool,
}

/// The catalogue file that goes with the spec at `spec_path`: `errors/<stem>.yaml` in
/// the spec's directory.
pub fn path_for(spec_path: &Path) -> Option<PathBuf> {
    let stem = spec_path.file_stem()?;
    Some(spec_path.parent()?.join("errors").join(stem).with_extension("yaml"))
}

/// Reads and checks the catalogue at `path`; an absent file is an empty catalogue.
pub fn read(path: &Path) -> Result<Vec<ErrorDescription>, Diagnostics> {
    let file = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => {
            return Err(Diagnostics(vec![Diagnostic {
                file,
                pos: Pos::default(),
                message: format!("cannot read the error catalogue: {error}"),
            }]))
        }
    };
    parse(&file, &text)
}

/// Parses and checks the catalogue text of `file`.
pub fn parse(file: &str, text: &str) -> Result<Vec<ErrorDescription>, Diagnostics> {
    let options = serde_saphyr::options! { with_snippet: false };
    let parsed: CatalogueFile = serde_saphyr::from_str_with_options(text, options).map_err(|error| {
        let pos = error.location().map(|l| Pos::of(&l)).unwrap_or_default();
        Diagnostics(vec![Diagnostic { file: file.to_owned(), pos, message: error.to_string() }])
    })?;
    let mut report = Reporter::new(file);
    let mut names_seen: HashMap<&str, Pos> = HashMap::new();
    for (index, entry) in parsed.error_descriptions.iter().enumerate() {
        let name = entry.name.value.as_str();
        if !names::is_identifier(name)
            || !name.starts_with(|c: char| c.is_ascii_uppercase())
            || name == "Unknown"
        {
            report.error(
                Pos::at(&entry.name),
                format!("error kind `{name}` must be an UpperCamelCase identifier other than `Unknown`"),
            );
        } else if let Some(first) = names_seen.insert(name, Pos::at(&entry.name)) {
            report.error(
                Pos::at(&entry.name),
                format!("error kind `{name}` is used twice (first at line {})", first.line),
            );
        }
        if entry.prefix.value.is_empty() {
            report.error(Pos::at(&entry.prefix), "the prefix must not be empty");
        }
        if entry.source.value.trim().is_empty() {
            report.error(Pos::at(&entry.source), "every entry names its source");
        }
        // An earlier entry whose prefix starts this one's would always win: this one
        // could never match.
        if let Some(earlier) = parsed.error_descriptions[..index].iter().find(|e| {
            e.code.value == entry.code.value && entry.prefix.value.starts_with(e.prefix.value.as_str())
        }) {
            report.error(
                Pos::at(&entry.prefix),
                format!(
                    "never matches: `{}` (line {}) comes first and matches every description this one does",
                    earlier.name.value,
                    Pos::at(&earlier.name).line
                ),
            );
        }
    }
    report.finish()?;
    Ok(parsed
        .error_descriptions
        .into_iter()
        .map(|entry| ErrorDescription {
            rust_name: entry.name.value,
            code: entry.code.value,
            prefix: entry.prefix.value,
            source: entry.source.value,
            rate_limit: entry.rate_limit,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> String {
        parse("errors.yaml", text).expect_err("refused").to_string()
    }

    #[test]
    fn a_good_catalogue_reads_in_order() {
        let read = parse(
            "errors.yaml",
            "error_descriptions:\n  - {name: ChatNotFound, code: 400, prefix: 'Bad Request: chat not found', source: page}\n",
        )
        .expect("valid");
        assert_eq!(read[0].rust_name, "ChatNotFound");
        assert_eq!(read[0].code, 400);
    }

    #[test]
    fn bad_entries_are_reported_with_their_line() {
        let text = "error_descriptions:\n  - {name: A, code: 400, prefix: 'Bad', source: x}\n  - {name: B, code: 400, prefix: 'Bad Request', source: x}\n  - {name: A, code: 401, prefix: '', source: ' '}\n  - {name: lower, code: 1, prefix: p, source: s}\n";
        let shown = problems(text);
        assert!(shown.contains("errors.yaml:3:") && shown.contains("never matches: `A` (line 2)"), "{shown}");
        assert!(shown.contains("errors.yaml:4:") && shown.contains("`A` is used twice"), "{shown}");
        assert!(shown.contains("the prefix must not be empty"), "{shown}");
        assert!(shown.contains("names its source"), "{shown}");
        assert!(shown.contains("`lower` must be an UpperCamelCase"), "{shown}");
        assert!(problems("error_descriptions:\n  - {name: A, code: 1, prefix: p, source: s, extra: 1}\n")
            .contains("extra"));
    }
}
