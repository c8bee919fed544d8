//! Which types a bot sends: the types a method parameter reaches, through object fields,
//! union variants and arrays. Only these get setters (`with_<field>`); a type that is
//! only received is read, so it has none.

use std::collections::BTreeSet;

use crate::ir::{Api, TypeDef, TypeExpr};

/// The names of the types a method parameter reaches.
pub fn sent_types(api: &Api) -> BTreeSet<String> {
    let mut sent = BTreeSet::new();
    let mut pending: Vec<&TypeExpr> =
        api.methods.iter().flat_map(|m| m.params.iter().map(|p| &p.ty)).collect();
    while let Some(ty) = pending.pop() {
        match ty {
            TypeExpr::Array(element) => pending.push(element),
            TypeExpr::OneOf(alternatives) => pending.extend(alternatives),
            TypeExpr::Named(name) => {
                if !sent.insert(name.clone()) {
                    continue;
                }
                match api.type_def(name) {
                    Some(TypeDef::Object(object)) => pending.extend(object.fields.iter().map(|f| &f.ty)),
                    Some(TypeDef::Union(union)) => pending.extend(union.variants.iter().map(|v| &v.ty)),
                    Some(TypeDef::Enum(_)) | None => {}
                }
            }
            _ => {}
        }
    }
    sent
}
