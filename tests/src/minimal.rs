//! The smallest JSON a spec allows for a type: every required field, each with the
//! smallest value of its type (a field's `const` where it has one, an enum's first value,
//! a union's first variant, one element for an array).

use codegen::spec::{ConstValue, Spec};
use codegen::typeexpr::TypeExpr;
use serde_json::{json, Map, Value};

/// Nesting deeper than this stops at a string: the spec's required fields do not recurse
/// this far in any object this is used for.
const MAX_DEPTH: usize = 8;

/// The smallest JSON of the object, union or enum `name` in `spec`, or of a built-in type.
///
/// # Panics
/// On a type the spec does not define, or a type expression it does not parse.
pub fn minimal(spec: &Spec, name: &str) -> Value {
    let ty = TypeExpr::parse(name).unwrap_or_else(|e| panic!("`{name}`: {e}"));
    of(spec, &ty, 0)
}

fn constant(value: &ConstValue) -> Value {
    match value {
        ConstValue::Integer(v) => json!(v),
        ConstValue::String(v) => json!(v),
    }
}

fn of(spec: &Spec, ty: &TypeExpr, depth: usize) -> Value {
    match ty {
        TypeExpr::Integer => json!(1),
        TypeExpr::Float => json!(1.5),
        TypeExpr::String | TypeExpr::InputFile => json!("s"),
        TypeExpr::Boolean | TypeExpr::True => json!(true),
        TypeExpr::Json => json!({}),
        TypeExpr::Array(element) => json!([of(spec, element, depth + 1)]),
        TypeExpr::OneOf(choices) => of(spec, &choices[0], depth),
        TypeExpr::Named(_) if depth > MAX_DEPTH => json!("deep"),
        TypeExpr::Named(name) => named(spec, name, depth),
    }
}

fn named(spec: &Spec, name: &str, depth: usize) -> Value {
    if let Some(object) = spec.objects.iter().find(|o| o.name.value == name) {
        let mut map = Map::new();
        for field in object.fields.iter().filter(|field| field.required) {
            let value = match &field.constant {
                Some(value) => constant(&value.value),
                None => {
                    let ty = TypeExpr::parse(&field.ty.value).unwrap_or_else(|e| panic!("{name}: {e}"));
                    of(spec, &ty, depth + 1)
                }
            };
            map.insert(field.name.value.clone(), value);
        }
        return Value::Object(map);
    }
    if let Some(union) = spec.unions.iter().find(|u| u.name.value == name) {
        let first = TypeExpr::parse(&union.variants[0].value).unwrap_or_else(|e| panic!("{name}: {e}"));
        return of(spec, &first, depth);
    }
    if let Some(enumeration) = spec.enums.iter().find(|e| e.name.value == name) {
        return constant(&enumeration.values[0].value.value);
    }
    panic!("`{name}` is no type of the spec")
}
