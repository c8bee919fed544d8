//! The JSON report: the [`Report`] model as it is, with a format version, whether the
//! sides are equal, and the counts. Described field by field in `docs/diff.md`.

use serde::Serialize;

use crate::diff::semver::Semver;
use crate::diff::{Report, Summary};

/// The version of the JSON format; raised whenever a field changes meaning or goes away.
pub const VERSION: u32 = 1;

/// The JSON document.
#[derive(Serialize)]
struct Document<'r> {
    version: u32,
    equal: bool,
    summary: Summary,
    #[serde(flatten)]
    report: &'r Report,
    rust_api: Option<Semver>,
}

/// The JSON report, pretty-printed.
pub(super) fn render(report: &Report) -> String {
    let document = Document {
        version: VERSION,
        equal: report.is_empty(),
        summary: report.summary(),
        report,
        rust_api: Semver::of_revisions(report),
    };
    let mut text = serde_json::to_string_pretty(&document)
        .unwrap_or_else(|error| format!("{{\"error\": \"cannot serialise the report: {error}\"}}"));
    text.push('\n');
    text
}
