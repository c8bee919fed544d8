//! Diagnostics: a problem in a spec, with the file, line and column it is at.

use std::fmt;

/// A position in a spec file (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    /// 1-based line; 0 when unknown.
    pub line: u64,
    /// 1-based column; 0 when unknown.
    pub column: u64,
}

impl Pos {
    /// The position a YAML location points at.
    pub fn of(location: &serde_saphyr::Location) -> Pos {
        Pos { line: location.line(), column: location.column() }
    }

    /// The position of a spanned value.
    pub fn at<T>(spanned: &serde_saphyr::Spanned<T>) -> Pos {
        Pos::of(&spanned.referenced)
    }
}

/// One problem in a spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The spec file, as given to the loader.
    pub file: String,
    /// Where in the file.
    pub pos: Pos,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.pos.line, self.pos.column, self.message)
    }
}

/// Every problem found in one run, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Whether no problem was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "error: {diagnostic}")?;
        }
        let count = self.0.len();
        write!(f, "{count} problem{} found", if count == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}

/// Collects diagnostics for one file.
#[derive(Debug)]
pub struct Reporter {
    file: String,
    found: Vec<Diagnostic>,
}

impl Reporter {
    /// A reporter for `file`.
    pub fn new(file: impl Into<String>) -> Reporter {
        Reporter { file: file.into(), found: Vec::new() }
    }

    /// Records a problem at `pos`.
    pub fn error(&mut self, pos: Pos, message: impl Into<String>) {
        self.found.push(Diagnostic { file: self.file.clone(), pos, message: message.into() });
    }

    /// The problems found, sorted by position; `Ok` when there were none.
    pub fn finish(mut self) -> Result<(), Diagnostics> {
        if self.found.is_empty() {
            return Ok(());
        }
        self.found.sort();
        self.found.dedup();
        Err(Diagnostics(self.found))
    }
}
