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

    /// Adds `text` (blank line before it when something precedes), keeping the spec's
    /// paragraphs. A blank line separates paragraphs; a line break after a sentence's end
    /// (`.`, `!`, `?`, `:`) starts a new one (documents imported from HTML break lines
    /// only there); any other line break is a wrapped line, which continues its paragraph
    /// or list item (indented under the item, as Markdown reads it).
    pub fn paragraph(&mut self, text: &str) -> &mut Doc {
        let text = text.trim();
        if text.is_empty() {
            return self;
        }
        if !self.lines.is_empty() {
            self.lines.push(String::new());
        }
        let (mut first, mut blank, mut sentence_end, mut indent) = (true, false, false, 0);
        for line in text.lines().map(str::trim) {
            if line.is_empty() {
                blank = true;
                continue;
            }
            let marker = list_marker_width(line);
            if !first && (blank || (sentence_end && marker.is_none())) {
                self.lines.push(String::new());
                indent = 0;
            }
            sentence_end = line.ends_with(['.', '!', '?', ':']);
            let line = escape(line);
            match marker {
                Some(width) => {
                    indent = width;
                    self.lines.push(line);
                }
                None => self.lines.push(format!("{:indent$}{line}", "")),
            }
            (first, blank) = (false, false);
        }
        self
    }

    /// Adds a level-1 heading.
    pub fn heading(&mut self, text: &str) -> &mut Doc {
        if !self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.lines.push(format!("# {}", escape(text.trim())));
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
/// rustdoc: bare URLs become links (or code, when they hold `<placeholders>`), stray
/// brackets and HTML-looking angle brackets are escaped.
fn escape(line: &str) -> String {
    // A fence would open a code block (and a doctest); single backticks are harmless.
    let line = &line.replace("```", "'''");
    let mut out = String::with_capacity(line.len());
    let mut words = line.split(' ').peekable();
    while let Some(word) = words.next() {
        escape_word(&mut out, word);
        if words.peek().is_some() {
            out.push(' ');
        }
    }
    out
}

/// The width of the list marker a line starts with (`- `, `* `, `+ `, `1. `, `2) `).
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with(['-', '*', '+']) && line[1..].starts_with(' ') {
        return Some(2);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && digits < 4 && (rest.starts_with(". ") || rest.starts_with(") "))).then_some(digits + 2)
}

/// One word: its URLs as links (or as code, when they hold `<placeholders>`), the rest
/// escaped. A word with backticks is code already: only escaped.
fn escape_word(out: &mut String, word: &str) {
    if word.contains('`') {
        return escape_text(out, word);
    }
    let mut rest = word;
    while let Some(start) = url_start(rest) {
        escape_text(out, &rest[..start]);
        let from_url = &rest[start..];
        let url = from_url[..url_end(from_url)].trim_end_matches(['.', ',', ';', ':', '!', '?']);
        if url.contains('<') {
            out.push('`');
            out.push_str(url);
            out.push('`');
        } else {
            out.push('<');
            out.push_str(url);
            out.push('>');
        }
        rest = &from_url[url.len()..];
    }
    escape_text(out, rest);
}

/// Where the URL at the start of `text` ends: at a bracket or quote, except that a
/// `<placeholder>` right after a `/` belongs to it.
fn url_end(text: &str) -> usize {
    let mut placeholder = false;
    let mut previous = ' ';
    for (index, c) in text.char_indices() {
        match c {
            '<' if previous == '/' => placeholder = true,
            '>' if placeholder => placeholder = false,
            '<' | '>' | '[' | ']' | '(' | ')' | '"' | '\'' | '”' | '“' => return index,
            _ => {}
        }
        previous = c;
    }
    text.len()
}

/// Where a URL starts in `word`, when one does.
fn url_start(word: &str) -> Option<usize> {
    ["https://", "http://"].iter().filter_map(|scheme| word.find(scheme)).min()
}

/// `text` with the characters Markdown or rustdoc would read as markup escaped.
fn escape_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            _ => out.push(c),
        }
    }
}

/// The doc comment shared by objects, unions and enums: description, links, errata.
pub fn type_doc(
    name: &str,
    description: Option<&str>,
    links: &std::collections::BTreeMap<String, String>,
    errata: &[crate::ir::Erratum],
) -> Doc {
    let mut doc = Doc::new(description);
    doc.or_else(|| format!("`{name}`; the document gives no description."));
    let links: Vec<String> = links.iter().map(|(platform, name)| format!("{platform}: `{name}`")).collect();
    doc.list("Elsewhere:", &links);
    doc.errata(errata);
    doc
}
