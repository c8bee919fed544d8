//! Type expressions made comparable across two APIs.
//!
//! Two expressions are the same when they have the same structure once (1) the unions a
//! spec made for inline `X or Y` expressions are spelled out again, (2) A's type names are
//! replaced by the names of the B types they are lined up with, and (3) the alternatives
//! of a choice are taken in any order.

use std::collections::HashMap;

use crate::ir::{Api, TypeDef, TypeExpr};

/// Both APIs' inline unions, and A's type names lined up with differently named B types.
pub(crate) struct Exprs<'a> {
    a: Inline<'a>,
    b: Inline<'a>,
    renamed: HashMap<&'a str, &'a str>,
}

impl<'a> Exprs<'a> {
    /// The expressions of `a` and `b`, where `renamed` maps A type names to the B names of
    /// the types they are lined up with.
    pub(crate) fn new(a: &'a Api, b: &'a Api, renamed: HashMap<&'a str, &'a str>) -> Exprs<'a> {
        Exprs { a: Inline::of(a), b: Inline::of(b), renamed }
    }

    /// A's expression as the spec wrote it.
    pub(crate) fn show_a(&self, expr: &TypeExpr) -> String {
        self.a.expand(expr).to_string()
    }

    /// B's expression as the spec wrote it.
    pub(crate) fn show_b(&self, expr: &TypeExpr) -> String {
        self.b.expand(expr).to_string()
    }

    /// A's expression in the form compared with [`Exprs::key_b`].
    pub(crate) fn key_a(&self, expr: &TypeExpr) -> TypeExpr {
        normalize(self.a.expand(expr), &self.renamed)
    }

    /// B's expression in the form compared with [`Exprs::key_a`].
    pub(crate) fn key_b(&self, expr: &TypeExpr) -> TypeExpr {
        normalize(self.b.expand(expr), &HashMap::new())
    }

    /// Whether A's `a` and B's `b` are the same type.
    pub(crate) fn same(&self, a: &TypeExpr, b: &TypeExpr) -> bool {
        self.key_a(a) == self.key_b(b)
    }
}

/// An API's unions made for inline `X or Y` expressions, by name, with their variants.
pub(crate) struct Inline<'a>(HashMap<&'a str, Vec<&'a TypeExpr>>);

impl<'a> Inline<'a> {
    /// The inline unions of `api`.
    pub(crate) fn of(api: &'a Api) -> Inline<'a> {
        Inline(
            api.types
                .iter()
                .filter_map(|t| match t {
                    TypeDef::Union(u) if u.synthesized => {
                        Some((u.name.as_str(), u.variants.iter().map(|v| &v.ty).collect()))
                    }
                    _ => None,
                })
                .collect(),
        )
    }

    /// `expr` with every inline union spelled out as the choice it stands for.
    pub(crate) fn expand(&self, expr: &TypeExpr) -> TypeExpr {
        match expr {
            TypeExpr::Named(name) => match self.0.get(name.as_str()) {
                Some(variants) => TypeExpr::OneOf(variants.iter().map(|v| self.expand(v)).collect()),
                None => expr.clone(),
            },
            TypeExpr::Array(element) => TypeExpr::Array(Box::new(self.expand(element))),
            TypeExpr::OneOf(alternatives) => {
                TypeExpr::OneOf(alternatives.iter().map(|a| self.expand(a)).collect())
            }
            other => other.clone(),
        }
    }
}

/// `expr` with names replaced through `renamed` and choices sorted.
fn normalize(expr: TypeExpr, renamed: &HashMap<&str, &str>) -> TypeExpr {
    match expr {
        TypeExpr::Named(name) => match renamed.get(name.as_str()) {
            Some(other) => TypeExpr::Named((*other).to_owned()),
            None => TypeExpr::Named(name),
        },
        TypeExpr::Array(element) => TypeExpr::Array(Box::new(normalize(*element, renamed))),
        TypeExpr::OneOf(alternatives) => {
            let mut alternatives: Vec<TypeExpr> =
                alternatives.into_iter().map(|a| normalize(a, renamed)).collect();
            alternatives.sort();
            TypeExpr::OneOf(alternatives)
        }
        other => other,
    }
}
