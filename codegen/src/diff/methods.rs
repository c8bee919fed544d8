//! Methods: compared by URL segment, HTTP verb, return type and parameters.

use super::exprs::Exprs;
use super::report::{Change, Member, Property};
use super::{members, Options};
use crate::ir::{Method, TypeExpr, Verb};

/// The differences between A's method `a` and B's method `b`, unsorted.
pub(crate) fn compare(a: &Method, b: &Method, exprs: &Exprs, options: Options) -> Vec<Change> {
    let mut changes = Vec::new();
    if options.descriptions && a.description != b.description {
        changes.push(Change::property(Property::Description, a.description.clone(), b.description.clone()));
    }
    // A segment that is just the method's name moves with the name, which the pair shows.
    let both_default = a.path == a.name && b.path == b.name;
    if a.path != b.path && !both_default {
        changes.push(Change::property(Property::Path, Some(a.path.clone()), Some(b.path.clone())));
    }
    if a.verb != b.verb {
        changes.push(Change::property(
            Property::Verb,
            Some(verb(a.verb).to_owned()),
            Some(verb(b.verb).to_owned()),
        ));
    }
    if !same_returns(a.returns.as_ref(), b.returns.as_ref(), exprs) {
        let (x, y) =
            (a.returns.as_ref().map(|t| exprs.show_a(t)), b.returns.as_ref().map(|t| exprs.show_b(t)));
        changes.push(Change::property(Property::Returns, x, y));
    }
    changes.extend(members::compare(Member::Parameter, &a.params, &b.params, exprs, options));
    changes
}

/// An HTTP verb as written in specs.
pub(crate) fn verb(verb: Verb) -> &'static str {
    match verb {
        Verb::Get => "GET",
        Verb::Post => "POST",
    }
}

fn same_returns(a: Option<&TypeExpr>, b: Option<&TypeExpr>, exprs: &Exprs) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => exprs.same(a, b),
        (a, b) => a.is_none() && b.is_none(),
    }
}
