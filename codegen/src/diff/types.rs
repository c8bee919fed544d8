//! Types: objects field by field, unions by tag and variant, enums by value.

use super::exprs::Exprs;
use super::report::{Change, ItemKind, Member, Property};
use super::{members, Options};
use crate::ir::{Enum, EnumKind, TypeDef, Union};

/// The differences between A's type `a` and B's type `b`, unsorted.
pub(crate) fn compare(a: &TypeDef, b: &TypeDef, exprs: &Exprs, options: Options) -> Vec<Change> {
    let mut changes = Vec::new();
    if options.descriptions && description(a) != description(b) {
        changes.push(Change::property(Property::Description, description(a), description(b)));
    }
    if kind(a) != kind(b) {
        changes.push(Change::property(Property::Kind, Some(kind(a).to_owned()), Some(kind(b).to_owned())));
    }
    match (a, b) {
        (TypeDef::Object(a), TypeDef::Object(b)) => {
            changes.extend(members::compare(Member::Field, &a.fields, &b.fields, exprs, options));
        }
        (TypeDef::Union(a), TypeDef::Union(b)) => changes.extend(unions(a, b, exprs)),
        (TypeDef::Enum(a), TypeDef::Enum(b)) => changes.extend(enums(a, b)),
        _ => {}
    }
    changes
}

/// A type's description.
fn description(t: &TypeDef) -> Option<String> {
    match t {
        TypeDef::Object(o) => o.description.clone(),
        TypeDef::Union(u) => u.description.clone(),
        TypeDef::Enum(e) => e.description.clone(),
    }
}

/// What a type is, in the words of [`Property::Kind`].
pub(crate) fn kind(t: &TypeDef) -> &'static str {
    match t {
        TypeDef::Object(_) => "object",
        TypeDef::Union(_) => "union",
        TypeDef::Enum(e) => enum_kind(e.kind),
    }
}

/// `integer enum` or `string enum`.
pub(crate) fn enum_kind(kind: EnumKind) -> &'static str {
    match kind {
        EnumKind::Integer => "integer enum",
        EnumKind::String => "string enum",
    }
}

/// What a type is, for the report's item lists.
pub(crate) fn item_kind(t: &TypeDef) -> ItemKind {
    match t {
        TypeDef::Object(_) => ItemKind::Object,
        TypeDef::Union(_) => ItemKind::Union,
        TypeDef::Enum(_) => ItemKind::Enum,
    }
}

/// Tag field, then variants lined up by type (in B's names).
fn unions(a: &Union, b: &Union, exprs: &Exprs) -> Vec<Change> {
    let mut changes = Vec::new();
    if a.tag != b.tag {
        changes.push(Change::property(Property::Tag, a.tag.clone(), b.tag.clone()));
    }
    let tag = |v: &crate::ir::Variant| v.tag_value.as_ref().map(ToString::to_string);
    let summary = |v: &crate::ir::Variant| tag(v).map_or_else(|| "no tag".to_owned(), |t| format!("tag {t}"));
    for variant in &a.variants {
        let key = exprs.key_a(&variant.ty);
        match b.variants.iter().find(|v| exprs.key_b(&v.ty) == key) {
            None => changes.push(Change::Removed {
                member: Member::Variant,
                name: exprs.show_a(&variant.ty),
                summary: summary(variant),
            }),
            Some(other) if tag(variant) != tag(other) => changes.push(Change::Changed {
                member: Member::Variant,
                name: exprs.show_a(&variant.ty),
                property: Property::Tag,
                a: tag(variant),
                b: tag(other),
            }),
            Some(_) => {}
        }
    }
    for variant in &b.variants {
        let key = exprs.key_b(&variant.ty);
        if !a.variants.iter().any(|v| exprs.key_a(&v.ty) == key) {
            changes.push(Change::Added {
                member: Member::Variant,
                name: exprs.show_b(&variant.ty),
                summary: summary(variant),
            });
        }
    }
    changes
}

/// Values lined up by wire value (an integer value never matches a string one).
fn enums(a: &Enum, b: &Enum) -> Vec<Change> {
    let mut changes = Vec::new();
    for value in &a.values {
        match b.values.iter().find(|v| v.value == value.value) {
            None => changes.push(Change::Removed {
                member: Member::Value,
                name: value.value.to_string(),
                summary: value.name.clone(),
            }),
            Some(other) if other.name != value.name => changes.push(Change::Changed {
                member: Member::Value,
                name: value.value.to_string(),
                property: Property::Name,
                a: Some(value.name.clone()),
                b: Some(other.name.clone()),
            }),
            Some(_) => {}
        }
    }
    for value in b.values.iter().filter(|v| !a.values.iter().any(|other| other.value == v.value)) {
        changes.push(Change::Added {
            member: Member::Value,
            name: value.value.to_string(),
            summary: value.name.clone(),
        });
    }
    changes
}
