//! Breaking recursion: a field whose type can contain the field's owner is boxed.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, TypeDef, TypeExpr};

/// Sets `boxed` on every object field whose type can reach back to the object without
/// passing through an array (arrays already store their elements on the heap).
pub(crate) fn box_recursive_fields(api: &mut Api) {
    let edges = direct_edges(api);
    let mut reach_cache: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for type_def in &mut api.types {
        let TypeDef::Object(object) = type_def else { continue };
        for field in &mut object.fields {
            let TypeExpr::Named(target) = &field.ty else { continue };
            let reach = reach_cache.entry(target.clone()).or_insert_with(|| reachable(&edges, target));
            if target == &object.name || reach.contains(&object.name) {
                field.boxed = true;
            }
        }
    }
}

/// For each type, the named types it holds directly (not through an array).
fn direct_edges(api: &Api) -> BTreeMap<String, Vec<String>> {
    let mut edges = BTreeMap::new();
    for type_def in &api.types {
        let targets: Vec<String> = match type_def {
            TypeDef::Object(object) => object
                .fields
                .iter()
                .filter(|f| f.constant.is_none())
                .filter_map(|f| named(&f.ty))
                .collect(),
            TypeDef::Union(union) => union.variants.iter().filter_map(|v| named(&v.ty)).collect(),
            TypeDef::Enum(_) => Vec::new(),
        };
        edges.insert(type_def.name().to_owned(), targets);
    }
    edges
}

fn named(ty: &TypeExpr) -> Option<String> {
    match ty {
        TypeExpr::Named(name) => Some(name.clone()),
        _ => None,
    }
}

/// Every type reachable from `start` through direct edges, `start` excluded unless cyclic.
fn reachable(edges: &BTreeMap<String, Vec<String>>, start: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> = edges.get(start).map(|t| t.iter().map(String::as_str).collect()).unwrap_or_default();
    while let Some(next) = stack.pop() {
        if seen.insert(next.to_owned()) {
            if let Some(targets) = edges.get(next) {
                stack.extend(targets.iter().map(String::as_str));
            }
        }
    }
    seen
}
