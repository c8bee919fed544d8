//! Doc comments from spec text: descriptions, constraints, errata, links.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Erratum;

/// Builds the lines of one doc comment.
#[derive(Default)]
pub struct Doc {
    lines: Vec<String>,
}

impl Doc {
    /// A doc comment starting with `text` (or nothing).
    pub fn new(text: Option<&str>) -> Doc {
        let mut doc = Doc::default();
        if let Some(text) = text {
            doc.paragraph(text);
        }
        doc
    }

    /// Adds a paragraph (blank line before it when something precedes).
    pub fn paragraph(&mut self, text: &str) -> &mut Doc {
        let text = text.trim();
        if text.is_empty() {
            return self;
        }
        if !self.lines.is_empty() {
            self.lines.push(String::new());
        }
        for (index, line) in text.lines().map(str::trim).filter(|line| !line.is_empty()).enumerate() {
            if index > 0 {
                self.lines.push(String::new());
            }
            self.lines.push(escape(line));
        }
        self
    }

    /// Starts the comment with `fallback` when the document gave no description.
    pub fn or_else(&mut self, fallback: impl FnOnce() -> String) -> &mut Doc {
        if self.lines.is_empty() {
            self.paragraph(&fallback());
        }
        self
    }

    /// Adds a `Label: value` paragraph when there is a value.
    pub fn labelled(&mut self, label: &str, value: Option<&str>) -> &mut Doc {
        if let Some(value) = value {
            self.paragraph(&format!("{label}: {value}"));
        }
        self
    }

    /// Adds a bullet list under a heading line.
    pub fn list(&mut self, heading: &str, items: &[String]) -> &mut Doc {
        if items.is_empty() {
            return self;
        }
        self.paragraph(heading);
        for item in items {
            let mut lines = item.trim().lines();
            if let Some(first) = lines.next() {
                self.lines.push(format!("- {}", escape(first)));
            }
            self.lines.extend(lines.map(|line| format!("  {}", escape(line.trim()))));
        }
        self
    }

    /// Adds the errata, each saying what the document says and what the spec uses.
    pub fn errata(&mut self, errata: &[Erratum]) -> &mut Doc {
        let items: Vec<String> = errata
            .iter()
            .map(|e| {
                format!(
                    "The document says: {}\nThe spec uses: {}\nWhy: {}",
                    e.says.trim(),
                    e.uses.trim(),
                    e.why.trim()
                )
            })
            .collect();
        self.list("**Errata:**", &items)
    }

    /// The `#[doc]` attributes, for the item that follows.
    pub fn tokens(&self) -> TokenStream {
        let lines = self.attribute_lines();
        quote! { #( #[doc = #lines] )* }
    }

    /// The `#![doc]` attributes, for the enclosing module.
    pub fn inner_tokens(&self) -> TokenStream {
        let lines = self.attribute_lines();
        quote! { #( #![doc = #lines] )* }
    }

    fn attribute_lines(&self) -> Vec<String> {
        self.lines
            .iter()
            .map(|line| if line.is_empty() { String::new() } else { format!(" {line}") })
            .collect()
    }
}

/// Keeps documentation text from being read as Markdown it is not, and from breaking
/// rustdoc: bare URLs are wrapped, stray brackets and HTML-looking angle brackets escaped.
fn escape(line: &str) -> String {
    // A fence would open a code block (and a doctest); single backticks are harmless.
    let line = &line.replace("```", "'''");
    let mut out = String::with_capacity(line.len());
    let mut words = line.split(' ').peekable();
    while let Some(word) = words.next() {
        if (word.starts_with("http://") || word.starts_with("https://"))
            && !word.contains(['<', '>', '(', '['])
        {
            let trimmed = word.trim_end_matches(['.', ',', ';', ')']);
            out.push('<');
            out.push_str(trimmed);
            out.push('>');
            out.push_str(&word[trimmed.len()..]);
        } else {
            for c in word.chars() {
                match c {
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '[' => out.push_str("\\["),
                    ']' => out.push_str("\\]"),
                    _ => out.push(c),
                }
            }
        }
        if words.peek().is_some() {
            out.push(' ');
        }
    }
    out
}
