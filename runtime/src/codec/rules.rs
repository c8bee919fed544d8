//! The documented rules of parameters, checked before a request is sent.
//!
//! The generator reads a field's `constraints` in the spec into rules (the grammar is in
//! `docs/spec-format.md`, "Constraints the client checks") and writes, for every method
//! and every object a bot sends that carries one, calls of the helpers here: one per rule
//! kind, so the generated code stays a list of calls. The transport runs
//! [`Request::check`](crate::Request::check) before encoding; a value the rule refuses
//! fails the call with [`Error::Invalid`](crate::Error::Invalid), and nothing is sent.
//!
//! A check refuses only what the rule refuses under every reasonable reading of the
//! document (`docs/decisions.md`, "Client-side checks refuse only the certain"): a
//! maximum of characters counts Unicode scalar values of the text without surrounding
//! whitespace, a minimum counts UTF-16 code units, so neither refuses a string a server
//! counting either way, trimming or not, would take.

use std::fmt::{self, Write as _};

/// A rule of the document, and the words it is read from (its `Display`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    words: &'static str,
    kind: Kind,
}

/// What a rule measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A text's length in characters, between the bounds.
    Characters(u64, u64),
    /// A text's length in UTF-8 bytes, between the bounds.
    Bytes(u64, u64),
    /// A number between the bounds.
    Range(i64, i64),
    /// A list's number of elements, between the bounds.
    Count(u64, u64),
    /// Every character a numeric one.
    Numeric,
    /// A phone number in the E.164 format.
    E164,
    /// Every character in one of the ranges.
    Only(&'static [(char, char)]),
}

impl Rule {
    /// `min..=max` characters (`"1-4096 characters"`).
    pub const fn characters(words: &'static str, min: u64, max: u64) -> Rule {
        Rule { words, kind: Kind::Characters(min, max) }
    }

    /// `min..=max` bytes of UTF-8 (`"1-64 bytes"`).
    pub const fn bytes(words: &'static str, min: u64, max: u64) -> Rule {
        Rule { words, kind: Kind::Bytes(min, max) }
    }

    /// A number in `min..=max` (`"60-86400"`, `"non-negative"`).
    pub const fn range(words: &'static str, min: i64, max: i64) -> Rule {
        Rule { words, kind: Kind::Range(min, max) }
    }

    /// A list of `min..=max` elements (`"no more than 50 results"`).
    pub const fn count(words: &'static str, min: u64, max: u64) -> Rule {
        Rule { words, kind: Kind::Count(min, max) }
    }

    /// Only numeric characters (`"fully numeric"`).
    pub const fn numeric(words: &'static str) -> Rule {
        Rule { words, kind: Kind::Numeric }
    }

    /// A phone number in the E.164 format: an optional `+`, then at most 15 digits, the
    /// first not `0` (`"E.164 format"`).
    pub const fn e164(words: &'static str) -> Rule {
        Rule { words, kind: Kind::E164 }
    }

    /// Only characters in the inclusive `ranges` (`"only A-Z, a-z, 0-9, _ and -"`).
    pub const fn only(words: &'static str, ranges: &'static [(char, char)]) -> Rule {
        Rule { words, kind: Kind::Only(ranges) }
    }

    /// The document's words for the rule (`1-64 bytes`).
    pub fn words(&self) -> &'static str {
        self.words
    }

    /// What refuses `text`, if anything.
    fn refuses_text(&self, text: &str) -> Option<Found> {
        match self.kind {
            Kind::Characters(min, max) => {
                // The most a reading counts, for the minimum; the least, for the maximum.
                // Each is counted only when it can decide: no count is below zero, and
                // none is above the UTF-8 length (most texts sent are within it).
                if min > 0 {
                    let most = count(text.encode_utf16().count());
                    if most < min {
                        return Some(Found::Characters(most));
                    }
                }
                if count(text.len()) <= max {
                    return None;
                }
                let least = count(text.trim().chars().count());
                (least > max).then_some(Found::Characters(least))
            }
            Kind::Bytes(min, max) => {
                let bytes = count(text.len());
                (bytes < min || bytes > max).then_some(Found::Bytes(bytes))
            }
            Kind::Numeric => first_refused(text, char::is_numeric),
            Kind::Only(ranges) => {
                first_refused(text, |c| ranges.iter().any(|&(low, high)| (low..=high).contains(&c)))
            }
            Kind::E164 => {
                let digits = text.strip_prefix('+').unwrap_or(text);
                let offset = text.len() - digits.len();
                if let Some(at) = digits.find(|c: char| !c.is_ascii_digit()) {
                    return Some(Found::Character(count(text[..offset + at].chars().count())));
                }
                if digits.starts_with('0') {
                    return Some(Found::Character(count(offset)));
                }
                (digits.is_empty() || digits.len() > 15).then_some(Found::Digits(count(digits.len())))
            }
            Kind::Range(..) | Kind::Count(..) => None,
        }
    }
}

/// The rule's words, as the document gives them.
impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.words)
    }
}

/// What a check measured of a refused value: never the value itself (it may be a
/// secret), only its size or where it breaks the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Found {
    /// The text's length in characters (Unicode scalar values of the trimmed text when it
    /// is too long, UTF-16 code units when it is too short).
    Characters(u64),
    /// The text's length in UTF-8 bytes.
    Bytes(u64),
    /// The number.
    Number(i64),
    /// The list's number of elements.
    Elements(u64),
    /// The position (0-based, in characters) of the first character the rule refuses.
    Character(u64),
    /// The number of digits of a phone number.
    Digits(u64),
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::Characters(n) => write!(f, "{n} characters"),
            Found::Bytes(n) => write!(f, "{n} bytes"),
            Found::Number(n) => write!(f, "{n}"),
            Found::Elements(n) => write!(f, "{n} elements"),
            Found::Character(at) => write!(f, "a character it refuses at position {at}"),
            Found::Digits(n) => write!(f, "{n} digits"),
        }
    }
}

/// A value a rule refuses: where, which rule, and what was measured.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// The parameter's path from the request, by wire names:
    /// `reply_markup.inline_keyboard[0].buttons[1].callback_data`.
    pub parameter: String,
    /// The rule.
    pub rule: Rule,
    /// What was measured.
    pub found: Found,
}

/// Where a value is in the request: a chain of steps on the stack, written out only for
/// a violation.
#[derive(Debug, Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    step: Step,
}

#[derive(Debug, Clone, Copy)]
enum Step {
    Root,
    Field(&'static str),
    Index(usize),
}

impl<'a> Path<'a> {
    /// The request itself.
    pub const ROOT: Path<'static> = Path { parent: None, step: Step::Root };

    fn then(&'a self, step: Step) -> Path<'a> {
        Path { parent: Some(self), step }
    }

    /// The dotted path (`inline_keyboard[0].buttons`). Bounded by the value's nesting.
    fn written(&self) -> String {
        let mut steps = Vec::new();
        let mut at = Some(self);
        while let Some(path) = at {
            steps.push(path.step);
            at = path.parent;
        }
        let mut out = String::new();
        for step in steps.into_iter().rev() {
            match step {
                Step::Root => {}
                Step::Field(name) if out.is_empty() => out.push_str(name),
                Step::Field(name) => {
                    out.push('.');
                    out.push_str(name);
                }
                Step::Index(index) => {
                    let _ = write!(out, "[{index}]");
                }
            }
        }
        out
    }

    fn violation(&self, field: &'static str, rule: &Rule, found: Found) -> Violation {
        Violation { parameter: self.then(Step::Field(field)).written(), rule: *rule, found }
    }

    /// Checks the text field `field` (absent: nothing to check) against `rules`, in order.
    ///
    /// # Errors
    /// The first rule the text breaks.
    pub fn text(&self, field: &'static str, value: &impl Present<Value = str>, rules: &[Rule]) -> Checked {
        let Some(text) = value.present() else { return Ok(()) };
        match rules.iter().find_map(|rule| Some((rule, rule.refuses_text(text)?))) {
            Some((rule, found)) => Err(self.violation(field, rule, found)),
            None => Ok(()),
        }
    }

    /// Checks the integer field `field` (absent: nothing to check) against its ranges.
    ///
    /// # Errors
    /// The first range the number is outside of.
    pub fn number(&self, field: &'static str, value: &impl Present<Value = i64>, rules: &[Rule]) -> Checked {
        let Some(&number) = value.present() else { return Ok(()) };
        let outside =
            |rule: &&Rule| matches!(rule.kind, Kind::Range(min, max) if !(min..=max).contains(&number));
        match rules.iter().find(outside) {
            Some(rule) => Err(self.violation(field, rule, Found::Number(number))),
            None => Ok(()),
        }
    }

    /// Checks the number of elements of the list field `field` (absent: nothing to check).
    ///
    /// # Errors
    /// The first count the list's length is outside of.
    pub fn items<T>(
        &self,
        field: &'static str,
        value: &impl Present<Value = [T]>,
        rules: &[Rule],
    ) -> Checked {
        let Some(items) = value.present() else { return Ok(()) };
        let length = count(items.len());
        let outside =
            |rule: &&Rule| matches!(rule.kind, Kind::Count(min, max) if !(min..=max).contains(&length));
        match rules.iter().find(outside) {
            Some(rule) => Err(self.violation(field, rule, Found::Elements(length))),
            None => Ok(()),
        }
    }

    /// Checks the rules inside the value of `field`: an object, a union, or a list or
    /// option of them.
    ///
    /// # Errors
    /// The first violation inside.
    pub fn nested(&self, field: &'static str, value: &impl Check) -> Checked {
        value.check_at(&self.then(Step::Field(field)))
    }
}

/// What a check gives: `Ok`, or the first rule broken.
pub type Checked = Result<(), Violation>;

/// A value with rules inside: a generated object or union a bot sends.
pub trait Check {
    /// Checks the value found at `at`.
    ///
    /// # Errors
    /// The first rule it breaks.
    fn check_at(&self, at: &Path<'_>) -> Checked;
}

impl<T: Check> Check for Option<T> {
    fn check_at(&self, at: &Path<'_>) -> Checked {
        self.as_ref().map_or(Ok(()), |value| value.check_at(at))
    }
}

impl<T: Check + ?Sized> Check for Box<T> {
    fn check_at(&self, at: &Path<'_>) -> Checked {
        (**self).check_at(at)
    }
}

impl<T: Check> Check for Vec<T> {
    fn check_at(&self, at: &Path<'_>) -> Checked {
        self.iter().enumerate().try_for_each(|(index, item)| item.check_at(&at.then(Step::Index(index))))
    }
}

/// A field's value when it is there: the value of a required field, or of an optional
/// one that is set.
pub trait Present {
    /// What is checked (`str` of a `String`, `[T]` of a `Vec<T>`).
    type Value: ?Sized;
    /// The value, if set.
    fn present(&self) -> Option<&Self::Value>;
}

impl Present for String {
    type Value = str;
    fn present(&self) -> Option<&str> {
        Some(self)
    }
}

impl Present for i64 {
    type Value = i64;
    fn present(&self) -> Option<&i64> {
        Some(self)
    }
}

impl<T> Present for Vec<T> {
    type Value = [T];
    fn present(&self) -> Option<&[T]> {
        Some(self)
    }
}

impl<T: Present> Present for Option<T> {
    type Value = T::Value;
    fn present(&self) -> Option<&T::Value> {
        self.as_ref().and_then(Present::present)
    }
}

impl<T: Present> Present for Box<T> {
    type Value = T::Value;
    fn present(&self) -> Option<&T::Value> {
        (**self).present()
    }
}

/// A length as the `u64` rules are written in.
fn count(length: usize) -> u64 {
    u64::try_from(length).unwrap_or(u64::MAX)
}

/// The position of the first character of `text` that `allowed` refuses.
fn first_refused(text: &str, allowed: impl Fn(char) -> bool) -> Option<Found> {
    text.chars().position(|c| !allowed(c)).map(|at| Found::Character(count(at)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(rule: Rule, value: &str) -> Checked {
        Path::ROOT.text("p", &value.to_owned(), &[rule])
    }

    #[test]
    fn a_maximum_of_characters_counts_scalar_values_of_the_trimmed_text() {
        let rule = Rule::characters("1-3 characters", 1, 3);
        // Three astral characters are six UTF-16 code units: a server counting scalar
        // values takes them, so the client does.
        assert_eq!(text(rule, "😀😀😀"), Ok(()));
        assert_eq!(text(rule, "  abc  "), Ok(()), "a trimming server takes it");
        let refused = text(rule, "abcd").expect_err("four characters under every reading");
        assert_eq!((refused.parameter.as_str(), refused.found), ("p", Found::Characters(4)));
    }

    #[test]
    fn a_minimum_of_characters_counts_utf16_code_units() {
        let rule = Rule::characters("2-9 characters", 2, 9);
        assert_eq!(text(rule, "😀"), Ok(()), "two code units for a server counting UTF-16");
        assert_eq!(text(rule, "a").map_err(|v| v.found), Err(Found::Characters(1)));
    }

    #[test]
    fn e164_takes_an_optional_plus_and_up_to_15_digits_not_starting_with_0() {
        let rule = Rule::e164("E.164 format");
        for good in ["+15551234567", "15551234567", "+999999999999999"] {
            assert_eq!(text(rule, good), Ok(()), "{good}");
        }
        let found = |value| text(rule, value).map_err(|v| v.found);
        assert_eq!(found("+1 555"), Err(Found::Character(2)));
        assert_eq!(found("+0123"), Err(Found::Character(1)));
        assert_eq!(found("+"), Err(Found::Digits(0)));
        assert_eq!(found("1234567890123456"), Err(Found::Digits(16)));
    }

    #[test]
    fn a_path_is_written_with_dots_and_indices() {
        let root = Path::ROOT;
        let markup = root.then(Step::Field("reply_markup"));
        let rows = markup.then(Step::Field("inline_keyboard"));
        let row = rows.then(Step::Index(0));
        let buttons = row.then(Step::Field("buttons"));
        let button = buttons.then(Step::Index(1));
        let refused = button.text("callback_data", &"x".repeat(65), &[Rule::bytes("1-64 bytes", 1, 64)]);
        assert_eq!(
            refused.map_err(|v| v.parameter),
            Err("reply_markup.inline_keyboard[0].buttons[1].callback_data".to_owned())
        );
    }
}
