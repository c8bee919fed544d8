//! Rendering a [`Report`]: readable text (optionally coloured), Markdown, or JSON.
//!
//! The three formats are described in `docs/diff.md`; the JSON one is versioned
//! ([`json::VERSION`]) and stable for scripts.

pub mod json;
mod markdown;
mod text;
mod words;

use std::str::FromStr;

pub(crate) use markdown::code;

use super::Report;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Readable text, coloured or not.
    Text {
        /// Whether to colour it with ANSI escapes.
        colour: bool,
    },
    /// Markdown.
    Markdown,
    /// JSON, for scripts.
    Json,
}

impl FromStr for Format {
    type Err = String;

    /// `text` (uncoloured), `markdown` or `json`.
    fn from_str(name: &str) -> Result<Format, String> {
        match name {
            "text" => Ok(Format::Text { colour: false }),
            "markdown" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            other => Err(format!("unknown format `{other}`: expected text, markdown or json")),
        }
    }
}

/// `report` in `format`, ending with a newline.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text { colour } => text::render(report, colour),
        Format::Markdown => markdown::render(report),
        Format::Json => json::render(report),
    }
}
