//! Deciding what is stored behind a `Box`: recursive fields (so types have a size), and
//! large things that are rare (so `Message` and `Update` stay cheap to move).
//!
//! Sizes are estimates of the generated Rust layout on a 64-bit target; they only need to
//! be good enough to tell a 16-byte object from a 500-byte one.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, EnumKind, Field, Storage, TypeDef, TypeExpr};

/// An optional field of an object or union type larger than this is boxed.
const OPTIONAL_BOX_OVER: usize = 32;
/// A required field of an object or union type larger than this is boxed.
const REQUIRED_BOX_OVER: usize = 256;
/// A union variant larger than this is boxed.
const VARIANT_BOX_OVER: usize = 64;
/// The size assumed for a type met again while its own size is being estimated.
const CYCLE: usize = 4096;

/// Sets `boxed` on recursive fields, then on large optional fields and union variants.
pub(crate) fn box_fields(api: &mut Api) {
    box_recursive_fields(api);
    box_large(api);
}

/// Boxes every object field whose type can reach back to the object without passing
/// through an array (arrays already store their elements on the heap).
fn box_recursive_fields(api: &mut Api) {
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

/// Boxes large rare fields and large union variants, innermost types first so that outer
/// estimates see the boxes already chosen.
fn box_large(api: &mut Api) {
    let mut sizes = Sizes { api: api.clone(), known: BTreeMap::new(), visiting: BTreeSet::new() };
    let names: Vec<String> = api.types.iter().map(|t| t.name().to_owned()).collect();
    for name in &names {
        sizes.of_named(name);
    }
    api.types = sizes.api.types;
}

struct Sizes {
    api: Api,
    known: BTreeMap<String, usize>,
    visiting: BTreeSet<String>,
}

impl Sizes {
    /// The size of a named type, deciding the boxes inside it first.
    fn of_named(&mut self, name: &str) -> usize {
        if let Some(size) = self.known.get(name) {
            return *size;
        }
        if !self.visiting.insert(name.to_owned()) {
            // A cycle: fields on it are boxed already; union variants on it must be too.
            return CYCLE;
        }
        let Some(index) = self.api.types.iter().position(|t| t.name() == name) else { return 8 };
        let size = match self.api.types[index].clone() {
            TypeDef::Enum(e) if e.kind == EnumKind::Integer => 16,
            TypeDef::Enum(_) => 24,
            TypeDef::Object(object) => {
                let mut fields = object.fields;
                let (mut inline, mut rare, mut exclusive) = (0, false, None::<usize>);
                for field in &mut fields {
                    let size = self.field(field);
                    match field.storage {
                        Storage::Inline => inline += size,
                        Storage::Rare => rare = true,
                        Storage::Exclusive => exclusive = Some(exclusive.unwrap_or(0).max(size)),
                        Storage::Constant => {}
                    }
                }
                if let TypeDef::Object(stored) = &mut self.api.types[index] {
                    stored.fields = fields;
                }
                // The rare box, the `kind` enum, and the unknown-fields box.
                inline + usize::from(rare) * 8 + exclusive.map_or(0, |largest| largest + 8) + 8
            }
            TypeDef::Union(union) => {
                let mut variants = union.variants;
                let mut largest = 24; // `Unknown(Json)` and its tag
                for variant in &mut variants {
                    let size = self.of(&variant.ty);
                    if size > VARIANT_BOX_OVER && matches!(variant.ty, TypeExpr::Named(_)) {
                        variant.boxed = true;
                    }
                    largest = largest.max(if variant.boxed { 8 } else { size });
                }
                if let TypeDef::Union(stored) = &mut self.api.types[index] {
                    stored.variants = variants;
                }
                largest + 8
            }
        };
        self.visiting.remove(name);
        self.known.insert(name.to_owned(), size);
        size
    }

    /// The stored size of a field, boxing it when it is large (and rare, if optional).
    fn field(&mut self, field: &mut Field) -> usize {
        if field.constant.is_some() {
            return 0;
        }
        let size = self.of(&field.ty);
        let limit = if field.required { REQUIRED_BOX_OVER } else { OPTIONAL_BOX_OVER };
        if let TypeExpr::Named(name) = &field.ty {
            let composite = matches!(self.api.type_def(name), Some(TypeDef::Object(_) | TypeDef::Union(_)));
            if composite && size > limit {
                field.boxed = true;
            }
        }
        let stored = if field.boxed { 8 } else { size };
        // `Option` of a box or of a niche-carrying type costs nothing; assume a word otherwise.
        if field.required || field.boxed || stored >= 24 {
            stored
        } else {
            stored + 8
        }
    }

    fn of(&mut self, ty: &TypeExpr) -> usize {
        match ty {
            TypeExpr::Integer | TypeExpr::Float => 8,
            TypeExpr::Boolean | TypeExpr::True => 1,
            TypeExpr::String | TypeExpr::Array(_) | TypeExpr::InputFile => 24,
            TypeExpr::Json | TypeExpr::OneOf(_) => 32,
            TypeExpr::Named(name) => self.of_named(name),
        }
    }
}

/// For each type, the named types it holds directly (not through an array).
fn direct_edges(api: &Api) -> BTreeMap<String, Vec<String>> {
    let mut edges = BTreeMap::new();
    for type_def in &api.types {
        let targets: Vec<String> = match type_def {
            TypeDef::Object(object) => {
                object.fields.iter().filter(|f| f.constant.is_none()).filter_map(|f| named(&f.ty)).collect()
            }
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

/// Every type reachable from `start` through direct edges.
fn reachable(edges: &BTreeMap<String, Vec<String>>, start: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> =
        edges.get(start).map(|t| t.iter().map(String::as_str).collect()).unwrap_or_default();
    while let Some(next) = stack.pop() {
        if seen.insert(next.to_owned()) {
            if let Some(targets) = edges.get(next) {
                stack.extend(targets.iter().map(String::as_str));
            }
        }
    }
    seen
}
