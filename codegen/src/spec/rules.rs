//! The constraint grammar: which words of a field's `constraints` are rules the client
//! checks before sending, and which stay documentation.
//!
//! The spec keeps the document's words; the rules are read from them, clause by clause
//! (`docs/spec-format.md`, "Constraints the client checks"):
//!
//! ```text
//! constraints := clause (", " clause)*        an `only` clause runs to the end
//! clause      := bound [" " unit]             1-64 bytes · up to 512 characters · 60-86400
//!              | "non-negative" | "fully numeric" | "E.164 format"
//!              | "only " chars ((", " | " and ") chars)*     only A-Z, a-z, 0-9, _ and -
//!              | anything else                stays text
//! bound       := N "-" M | ("up to" | "at most" | "no more than") " " N
//! unit        := "characters" | "bytes" | a plural word (a list's elements: `results`)
//! chars       := C | C "-" C                  single characters
//! ```
//!
//! A bound without a unit bounds an integer; with `characters` or `bytes` a string's
//! length; with a plural word a list's length. A clause that is a rule of the wrong kind
//! for the field's type, or a bound whose minimum exceeds its maximum, is an error. A
//! length measured `after entities parsing` (the server's parse of markup) and a file
//! size (`up to 50 MB`) stay text: neither can be measured before sending.

use crate::spec::typeexpr::TypeExpr;

/// What a field's value is, as far as rules go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// A string.
    Text,
    /// An integer.
    Integer,
    /// An array.
    List,
    /// Anything else (files, objects, floats): no rule applies.
    Other,
}

impl Subject {
    /// The subject a field of type `ty` is.
    pub fn of(ty: &TypeExpr) -> Subject {
        match ty {
            TypeExpr::String => Subject::Text,
            TypeExpr::Integer => Subject::Integer,
            TypeExpr::Array(_) => Subject::List,
            _ => Subject::Other,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Subject::Text => "a String",
            Subject::Integer => "an Integer",
            Subject::List => "an Array",
            Subject::Other => "neither a String, an Integer nor an Array",
        }
    }
}

/// How a text's length is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Characters (the client's measure is in `docs/decisions.md`).
    Characters,
    /// Bytes of UTF-8.
    Bytes,
}

/// A rule the client checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// A string of `min..=max` units.
    Length {
        /// The fewest.
        min: u64,
        /// The most.
        max: u64,
        /// What is counted.
        unit: Unit,
    },
    /// An integer in `min..=max`.
    Range {
        /// The least.
        min: i64,
        /// The greatest.
        max: i64,
    },
    /// An array of `min..=max` elements.
    Count {
        /// The fewest.
        min: u64,
        /// The most.
        max: u64,
    },
    /// A string of numeric characters only.
    Numeric,
    /// A phone number in the E.164 format.
    E164,
    /// A string of characters in these inclusive ranges only.
    Only(Vec<(char, char)>),
}

impl Rule {
    /// The kind of value the rule applies to.
    pub fn subject(&self) -> Subject {
        match self {
            Rule::Length { .. } | Rule::Numeric | Rule::E164 | Rule::Only(_) => Subject::Text,
            Rule::Range { .. } => Subject::Integer,
            Rule::Count { .. } => Subject::List,
        }
    }
}

/// A rule and the document's words it is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The clause, as the spec words it (`1-64 bytes`).
    pub words: String,
    /// The rule.
    pub rule: Rule,
}

/// Why a clause is not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unchecked {
    /// The grammar has no form for it (`HTTPS URL`, `JPEG/PNG/BMP/WEBP only`).
    Unread,
    /// The length is the server's, after it parses the text's markup.
    AfterParsing,
    /// The size of a file, which the client does not have before uploading (a URL, a
    /// `file_id`, a stream).
    FileSize,
}

/// One clause of a constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// A rule the client checks.
    Rule(Checked),
    /// Words that stay documentation.
    Text {
        /// The clause.
        words: String,
        /// Why it is not checked.
        why: Unchecked,
    },
}

/// The clauses of `constraints`, for a field whose value is `subject`.
///
/// # Errors
/// The problem, for a clause that reads as a rule but is malformed: its minimum over its
/// maximum, a number too large, or a rule of another kind than the field's type.
pub fn read(constraints: &str, subject: Subject) -> Result<Vec<Clause>, String> {
    let mut clauses = Vec::new();
    let mut rest = constraints.trim();
    // Each turn takes at least one character.
    while !rest.is_empty() {
        let (words, after) = match rest.split_once(", ") {
            Some(_) if rest.starts_with("only ") => (rest, ""),
            Some((words, after)) => (words, after),
            None => (rest, ""),
        };
        clauses.push(clause(words.trim(), subject)?);
        rest = after.trim_start();
    }
    Ok(clauses)
}

/// The rules of `constraints` (see [`read`]).
///
/// # Errors
/// As [`read`].
pub fn rules(constraints: &str, subject: Subject) -> Result<Vec<Checked>, String> {
    Ok(read(constraints, subject)?
        .into_iter()
        .filter_map(|clause| match clause {
            Clause::Rule(checked) => Some(checked),
            Clause::Text { .. } => None,
        })
        .collect())
}

fn clause(words: &str, subject: Subject) -> Result<Clause, String> {
    let text = |why| Ok(Clause::Text { words: words.to_owned(), why });
    if mentions_size(words) {
        return text(Unchecked::FileSize);
    }
    let rule = match words {
        "non-negative" => Rule::Range { min: 0, max: i64::MAX },
        "fully numeric" => Rule::Numeric,
        "E.164 format" => Rule::E164,
        _ => match words.strip_prefix("only ").map(characters) {
            Some(Some(ranges)) => Rule::Only(ranges),
            Some(None) => return text(Unchecked::Unread),
            None => match bounded(words)? {
                Some(Reading::Rule(rule)) => rule,
                Some(Reading::AfterParsing) => return text(Unchecked::AfterParsing),
                None => return text(Unchecked::Unread),
            },
        },
    };
    if rule.subject() != subject {
        return Err(format!(
            "`{words}` is a rule for {}, but the field is {}{}",
            rule.subject().noun(),
            subject.noun(),
            match (subject, &rule) {
                (Subject::Text, Rule::Range { .. }) => " (a length needs a unit: `characters` or `bytes`)",
                _ => "",
            }
        ));
    }
    Ok(Clause::Rule(Checked { words: words.to_owned(), rule }))
}

/// What a bounded clause reads as.
enum Reading {
    Rule(Rule),
    AfterParsing,
}

/// A clause starting with a bound: `Ok(None)` when it does not.
fn bounded(words: &str) -> Result<Option<Reading>, String> {
    bound(words).map_err(|problem| format!("`{words}`: {problem}"))
}

fn bound(words: &str) -> Result<Option<Reading>, String> {
    let (min, max, unit) = if let Some((min, rest)) = words.split_once('-').filter(|(n, _)| is_number(n)) {
        let (max, unit) = rest.split_once(' ').unwrap_or((rest, ""));
        if !is_number(max) {
            return Ok(None);
        }
        (number(min)?, number(max)?, unit)
    } else {
        let Some(rest) = ["up to ", "at most ", "no more than "].iter().find_map(|p| words.strip_prefix(p))
        else {
            return Ok(None);
        };
        let (max, unit) = rest.split_once(' ').unwrap_or((rest, ""));
        if !is_number(max) {
            return Ok(None);
        }
        (0, number(max)?, unit)
    };
    if min > max {
        return Err(format!("the minimum {min} is greater than the maximum {max}"));
    }
    let (unit, after_parsing) = match unit.strip_suffix(" after entities parsing") {
        Some(unit) => (unit, true),
        None => (unit, false),
    };
    let rule = match unit {
        "" => Rule::Range {
            min: i64::try_from(min).map_err(|_| too_large(min))?,
            max: i64::try_from(max).map_err(|_| too_large(max))?,
        },
        "characters" => Rule::Length { min, max, unit: Unit::Characters },
        "bytes" => Rule::Length { min, max, unit: Unit::Bytes },
        plural
            if plural.len() > 1
                && plural.ends_with('s')
                && plural.bytes().all(|b| b.is_ascii_lowercase()) =>
        {
            Rule::Count { min, max }
        }
        _ => return Ok(None),
    };
    Ok(Some(if after_parsing { Reading::AfterParsing } else { Reading::Rule(rule) }))
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

fn number(text: &str) -> Result<u64, String> {
    text.parse().map_err(|_| format!("the number {text} is too large"))
}

fn too_large(n: u64) -> String {
    format!("the number {n} is too large for an Integer")
}

/// The ranges of `A-Z, a-z, 0-9, _ and -`; `None` when an item is not one character or
/// a range of two.
fn characters(list: &str) -> Option<Vec<(char, char)>> {
    let items = list.split(", ").flat_map(|part| part.split(" and "));
    items
        .map(|item| {
            let chars: Vec<char> = item.chars().collect();
            match chars[..] {
                [c] => Some((c, c)),
                [low, '-', high] if low <= high => Some((low, high)),
                _ => None,
            }
        })
        .collect()
}

/// Whether the words give a file size: a number with `K`, `M` or `G` (and `B`).
fn mentions_size(words: &str) -> bool {
    let tokens: Vec<&str> = words.split_whitespace().collect();
    let is_size_unit = |unit: &str| matches!(unit, "K" | "M" | "G" | "KB" | "MB" | "GB");
    tokens.iter().enumerate().any(|(at, token)| {
        let digits = token.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0
            && (is_size_unit(&token[digits..])
                || (digits == token.len() && tokens.get(at + 1).is_some_and(|next| is_size_unit(next))))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How a constraint reads: `R` a rule, `T…` text for a reason.
    fn shape(constraints: &str, subject: Subject) -> Result<Vec<String>, String> {
        Ok(read(constraints, subject)?
            .into_iter()
            .map(|clause| match clause {
                Clause::Rule(checked) => format!("rule {}: {:?}", checked.words, checked.rule),
                Clause::Text { words, why } => format!("text {words}: {why:?}"),
            })
            .collect())
    }

    #[test]
    fn the_forms_read_as_rules() {
        use Subject::*;
        let cases: [(&str, Subject, Rule); 8] = [
            ("1-64 bytes", Text, Rule::Length { min: 1, max: 64, unit: Unit::Bytes }),
            ("up to 512 characters", Text, Rule::Length { min: 0, max: 512, unit: Unit::Characters }),
            ("at most 3 bytes", Text, Rule::Length { min: 0, max: 3, unit: Unit::Bytes }),
            ("60-86400", Integer, Rule::Range { min: 60, max: 86400 }),
            ("non-negative", Integer, Rule::Range { min: 0, max: i64::MAX }),
            ("no more than 50 results", List, Rule::Count { min: 0, max: 50 }),
            ("E.164 format", Text, Rule::E164),
            ("only a-c and _", Text, Rule::Only(vec![('a', 'c'), ('_', '_')])),
        ];
        for (words, subject, rule) in cases {
            assert_eq!(rules(words, subject), Ok(vec![Checked { words: words.to_owned(), rule }]), "{words}");
        }
    }

    #[test]
    fn malformed_rules_are_errors() {
        let cases = [
            ("64-1 bytes", Subject::Text, "the minimum 64 is greater than the maximum 1"),
            ("4-8", Subject::Text, "a length needs a unit"),
            ("1-64 bytes", Subject::Integer, "a rule for a String, but the field is an Integer"),
            ("fully numeric", Subject::List, "but the field is an Array"),
            ("1-99999999999999999999 bytes", Subject::Text, "too large"),
            ("0-9223372036854775808", Subject::Integer, "too large for an Integer"),
        ];
        for (words, subject, message) in cases {
            let error = read(words, subject).expect_err(words);
            assert!(error.contains(message), "{words}: {error}");
        }
    }

    /// Every constraint the specs hold today, with its expected reading: a new string
    /// fails here until it is classified, so the table stays honest.
    #[test]
    fn every_constraint_of_the_specs_has_its_expected_reading() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");
        let mut found = std::collections::BTreeMap::new();
        for file in ["potato.yaml", "cloudchat.yaml", "telegram-gateway.yaml", "telegram.yaml"] {
            let path = std::path::Path::new(root).join(file);
            let api = crate::resolve::load(&path).unwrap_or_else(|e| panic!("{file} loads: {e}"));
            let fields =
                api.methods.iter().flat_map(|m| &m.params).chain(api.types.iter().flat_map(|t| match t {
                    crate::ir::TypeDef::Object(o) => o.fields.as_slice(),
                    _ => &[],
                }));
            for field in fields {
                if let Some(constraints) = &field.constraints {
                    let subject = Subject::of(&field.ty);
                    found.insert(
                        (constraints.clone(), subject),
                        shape(constraints, subject).expect("it reads"),
                    );
                }
            }
        }
        let rule = |words: &str, rule: &str| format!("rule {words}: {rule}");
        let text = |words: &str, why: &str| format!("text {words}: {why}");
        let bytes = |min, max| format!("Length {{ min: {min}, max: {max}, unit: Bytes }}");
        let chars = |min, max| format!("Length {{ min: {min}, max: {max}, unit: Characters }}");
        let range = |min, max| format!("Range {{ min: {min}, max: {max} }}");
        use Subject::*;
        let expected: Vec<((&str, Subject), Vec<String>)> = vec![
            (
                ("Ports currently supported for Webhooks: 443, 80, 88, 8443", Text),
                ["Ports currently supported for Webhooks: 443", "80", "88", "8443"]
                    .iter()
                    .map(|w| text(w, "Unread"))
                    .collect(),
            ),
            (("0-1024 characters", Text), vec![rule("0-1024 characters", &chars(0, 1024))]),
            (
                ("0-1024 characters after entities parsing", Text),
                vec![text("0-1024 characters after entities parsing", "AfterParsing")],
            ),
            (("0-128 bytes", Text), vec![rule("0-128 bytes", &bytes(0, 128))]),
            (("0-256 bytes", Text), vec![rule("0-256 bytes", &bytes(0, 256))]),
            (("0-200 characters", Text), vec![rule("0-200 characters", &chars(0, 200))]),
            (("0-255 characters", Text), vec![rule("0-255 characters", &chars(0, 255))]),
            (("0-4096 characters", Text), vec![rule("0-4096 characters", &chars(0, 4096))]),
            (("1-100", Integer), vec![rule("1-100", &range(1, 100))]),
            (("1-255 characters", Text), vec![rule("1-255 characters", &chars(1, 255))]),
            (("1-4096 characters", Text), vec![rule("1-4096 characters", &chars(1, 4096))]),
            (
                ("1-4096 characters after entities parsing", Text),
                vec![text("1-4096 characters after entities parsing", "AfterParsing")],
            ),
            (("1-64 bytes", Text), vec![rule("1-64 bytes", &bytes(1, 64))]),
            (
                ("1-64 characters, only A-Z, a-z, 0-9, _ and -", Text),
                vec![
                    rule("1-64 characters", &chars(1, 64)),
                    rule(
                        "only A-Z, a-z, 0-9, _ and -",
                        "Only([('A', 'Z'), ('a', 'z'), ('0', '9'), ('_', '_'), ('-', '-')])",
                    ),
                ],
            ),
            (("4-8", Integer), vec![rule("4-8", &range(4, 8))]),
            (("60-86400", Integer), vec![rule("60-86400", &range(60, 86400))]),
            (("E.164 format", Text), vec![rule("E.164 format", "E164")]),
            (
                ("HTTPS URL, 0-256 bytes", Text),
                vec![text("HTTPS URL", "Unread"), rule("0-256 bytes", &bytes(0, 256))],
            ),
            (
                ("below 2M, JPEG/PNG/BMP/WEBP only", Other),
                vec![text("below 2M", "FileSize"), text("JPEG/PNG/BMP/WEBP only", "Unread")],
            ),
            (("file size at most 1MB", Text), vec![text("file size at most 1MB", "FileSize")]),
            (
                ("fully numeric, 4-8 characters", Text),
                vec![rule("fully numeric", "Numeric"), rule("4-8 characters", &chars(4, 8))],
            ),
            (("jpeg, at most 5MB", Text), vec![text("jpeg", "Unread"), text("at most 5MB", "FileSize")]),
            (("less than 3MB", Other), vec![text("less than 3MB", "FileSize")]),
            (
                ("no more than 50 results", List),
                vec![rule("no more than 50 results", "Count { min: 0, max: 50 }")],
            ),
            (("non-negative", Integer), vec![rule("non-negative", &range(0, i64::MAX))]),
            (("size at most 50MB", Text), vec![text("size at most 50MB", "FileSize")]),
            (("up to 50 MB", Other), vec![text("up to 50 MB", "FileSize")]),
            (("up to 512 characters", Text), vec![rule("up to 512 characters", &chars(0, 512))]),
            (("up to 64 bytes", Text), vec![rule("up to 64 bytes", &bytes(0, 64))]),
        ];
        let expected: std::collections::BTreeMap<(String, Subject), Vec<String>> = expected
            .into_iter()
            .map(|((words, subject), shape)| ((words.to_owned(), subject), shape))
            .collect();
        for (key, shape) in &found {
            assert_eq!(Some(shape), expected.get(key), "the reading of {key:?}: add it to this table");
        }
        let unused: Vec<_> = expected.keys().filter(|key| !found.contains_key(*key)).collect();
        assert!(unused.is_empty(), "no spec has these any more: {unused:?}");
    }
}
