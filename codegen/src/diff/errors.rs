//! Error codes: lined up by number, compared by name, description and rate limit.

use super::report::{Change, Code, CodeChange, CodeSection, Property};
use crate::ir::ErrorCode;

/// The differences between A's error codes and B's, sorted by number.
pub(crate) fn compare(a: &[ErrorCode], b: &[ErrorCode]) -> CodeSection {
    let only = |these: &[ErrorCode], others: &[ErrorCode]| {
        let mut codes: Vec<Code> = these
            .iter()
            .filter(|c| !others.iter().any(|o| o.code == c.code))
            .map(|c| Code { code: c.code, name: c.rust_name.clone(), description: c.description.clone() })
            .collect();
        codes.sort_by_key(|c| c.code);
        codes
    };
    let mut changed: Vec<CodeChange> = a
        .iter()
        .filter_map(|code| {
            let other = b.iter().find(|o| o.code == code.code)?;
            let changes = changes(code, other);
            (!changes.is_empty()).then_some(CodeChange { code: code.code, changes })
        })
        .collect();
    changed.sort_by_key(|c| c.code);
    CodeSection { only_in_a: only(a, b), only_in_b: only(b, a), changed }
}

fn changes(a: &ErrorCode, b: &ErrorCode) -> Vec<Change> {
    let mut changes = Vec::new();
    if a.rust_name != b.rust_name {
        changes.push(Change::property(Property::Name, Some(a.rust_name.clone()), Some(b.rust_name.clone())));
    }
    if a.description != b.description {
        changes.push(Change::property(Property::Description, a.description.clone(), b.description.clone()));
    }
    if a.rate_limit != b.rate_limit {
        changes.push(Change::property(
            Property::RateLimit,
            Some(rate_limit(a).to_owned()),
            Some(rate_limit(b).to_owned()),
        ));
    }
    changes
}

fn rate_limit(code: &ErrorCode) -> &'static str {
    if code.rate_limit {
        "rate limit"
    } else {
        "not a rate limit"
    }
}
