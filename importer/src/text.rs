//! Rich text: the plain text of a paragraph or table cell, with the spans that were links
//! or emphasis on the page, so that later steps can find type names in sentences.

use std::ops::Range;

/// Plain text (whitespace collapsed, entities decoded, `<br>` as a line break) with marks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rich {
    /// The readable text.
    pub text: String,
    /// Spans of `text` that were links or emphasis, in order.
    pub marks: Vec<Mark>,
}

/// A span of a [`Rich`] text that was marked up on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// What the markup was.
    pub kind: MarkKind,
}

/// The kind of markup of a [`Mark`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkKind {
    /// A link, with its `href`.
    Link(String),
    /// `<em>`: the page's way of writing values and builtin type names.
    Emphasis,
}

impl Rich {
    /// The marked text of `mark`.
    pub fn slice(&self, mark: &Mark) -> &str {
        &self.text[mark.range.clone()]
    }

    /// The byte ranges of the sentences of the text: a sentence ends at `.`, `!` or `?`
    /// followed by a space and an upper-case letter, or at a line break.
    pub fn sentences(&self) -> Vec<Range<usize>> {
        let mut sentences = Vec::new();
        let mut start = 0;
        let chars: Vec<(usize, char)> = self.text.char_indices().collect();
        for (index, &(at, c)) in chars.iter().enumerate() {
            let next = chars.get(index + 1).map(|&(_, n)| n);
            let after = chars.get(index + 2).map(|&(_, n)| n);
            let end = match c {
                '\n' => Some(at),
                '.' | '!' | '?' if next == Some(' ') && after.is_some_and(char::is_uppercase) => Some(at + 1),
                _ => None,
            };
            if let Some(end) = end {
                push_trimmed(&self.text, start..end, &mut sentences);
                start = end;
            }
        }
        push_trimmed(&self.text, start..self.text.len(), &mut sentences);
        sentences
    }

    /// The marks lying inside `range`.
    pub fn marks_in(&self, range: &Range<usize>) -> impl Iterator<Item = &Mark> {
        let range = range.clone();
        self.marks.iter().filter(move |m| m.range.start >= range.start && m.range.end <= range.end)
    }
}

/// Pushes `range` without its surrounding whitespace, unless nothing is left.
fn push_trimmed(text: &str, range: Range<usize>, into: &mut Vec<Range<usize>>) {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.end - (slice.len() - slice.trim_end().len());
    if start < end {
        into.push(start..end);
    }
}

/// Builds a [`Rich`] text from a stream of text, breaks and marked spans.
#[derive(Debug, Default)]
pub struct RichBuilder {
    rich: Rich,
    pending_space: bool,
    open: Vec<(usize, MarkKind)>,
}

impl RichBuilder {
    /// Appends text, collapsing runs of whitespace into one space.
    pub fn text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.pending_space = true;
            } else {
                self.flush_space();
                self.rich.text.push(c);
            }
        }
    }

    /// Appends a line break (`<br>`).
    pub fn line_break(&mut self) {
        let trimmed = self.rich.text.trim_end_matches(' ').len();
        self.rich.text.truncate(trimmed);
        if !self.rich.text.is_empty() {
            self.rich.text.push('\n');
        }
        self.pending_space = false;
    }

    /// Starts a marked span.
    pub fn open(&mut self, kind: MarkKind) {
        self.flush_space();
        self.open.push((self.rich.text.len(), kind));
    }

    /// Ends the innermost marked span; an empty span is dropped.
    pub fn close(&mut self) {
        if let Some((start, kind)) = self.open.pop() {
            let end = self.rich.text.len();
            if start < end {
                self.rich.marks.push(Mark { range: start..end, kind });
            }
        }
    }

    /// The text, without trailing whitespace; marks sorted by position.
    pub fn finish(mut self) -> Rich {
        let trimmed = self.rich.text.trim_end().len();
        self.rich.text.truncate(trimmed);
        for mark in &mut self.rich.marks {
            mark.range.end = mark.range.end.min(trimmed);
        }
        self.rich.marks.retain(|m| m.range.start < m.range.end);
        self.rich.marks.sort_by_key(|m| (m.range.start, m.range.end));
        self.rich
    }

    fn flush_space(&mut self) {
        if self.pending_space && !self.rich.text.is_empty() && !self.rich.text.ends_with('\n') {
            self.rich.text.push(' ');
        }
        self.pending_space = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Rich {
        let mut b = RichBuilder::default();
        b.text("  Returns an  Array of ");
        b.open(MarkKind::Link("#update".into()));
        b.text("Update");
        b.close();
        b.text(" objects.\n Requires ");
        b.open(MarkKind::Emphasis);
        b.text("no");
        b.close();
        b.text(" parameters, e.g. none.");
        b.line_break();
        b.text("Next line ");
        b.finish()
    }

    #[test]
    fn collapses_whitespace_and_keeps_marks() {
        let rich = sample();
        assert_eq!(
            rich.text,
            "Returns an Array of Update objects. Requires no parameters, e.g. none.\nNext line"
        );
        assert_eq!(rich.slice(&rich.marks[0]), "Update");
        assert_eq!(rich.slice(&rich.marks[1]), "no");
    }

    #[test]
    fn splits_sentences() {
        let rich = sample();
        let sentences: Vec<&str> = rich.sentences().into_iter().map(|r| &rich.text[r]).collect();
        assert_eq!(
            sentences,
            ["Returns an Array of Update objects.", "Requires no parameters, e.g. none.", "Next line"]
        );
        let first = rich.sentences()[0].clone();
        assert_eq!(rich.marks_in(&first).count(), 1);
    }
}
