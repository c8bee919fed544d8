//! JSON a spec allows for a type, built from the spec alone: the smallest (every required
//! field, each with the smallest value of its type: a field's `const` where it has one, an
//! enum's first value, a union's first variant, one element for an array), and the
//! fullest (every field, optional ones too, a few levels deep; of an object's exclusive
//! fields only one).

use codegen::spec::typeexpr::TypeExpr;
use codegen::spec::{ConstValue, Spec};
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
    of(spec, &ty, 0, &Fill::Required)
}

/// The objects of type `name` with every field filled, `levels` levels deep (below that,
/// required fields only): one object per exclusive field of the top object (each with
/// that one), or one object when it has none.
///
/// # Panics
/// On a type the spec does not define.
pub fn fullest(spec: &Spec, name: &str, levels: usize) -> Vec<Value> {
    let object =
        spec.objects.iter().find(|o| o.name.value == name).unwrap_or_else(|| panic!("no object {name}"));
    let exclusive: Vec<&str> = object.exclusive.iter().map(|field| field.value.as_str()).collect();
    let fill = |only: Option<&str>| Fill::All { levels, only: only.map(str::to_owned) };
    if exclusive.is_empty() {
        return vec![named(spec, name, 0, &fill(None))];
    }
    exclusive.iter().map(|field| named(spec, name, 0, &fill(Some(field)))).collect()
}

/// Which fields an object gets.
enum Fill {
    /// The required ones.
    Required,
    /// Every field down to `levels` levels (of the exclusive ones, `only`).
    All { levels: usize, only: Option<String> },
}

impl Fill {
    fn below(&self, depth: usize) -> Fill {
        match self {
            Fill::All { levels, .. } if depth < *levels => Fill::All { levels: *levels, only: None },
            _ => Fill::Required,
        }
    }
}

fn constant(value: &ConstValue) -> Value {
    match value {
        ConstValue::Integer(v) => json!(v),
        ConstValue::String(v) => json!(v),
    }
}

fn of(spec: &Spec, ty: &TypeExpr, depth: usize, fill: &Fill) -> Value {
    match ty {
        TypeExpr::Integer => json!(1),
        TypeExpr::Float => json!(1.5),
        TypeExpr::String | TypeExpr::InputFile => json!("s"),
        TypeExpr::Boolean | TypeExpr::True => json!(true),
        TypeExpr::Json => json!({}),
        TypeExpr::Array(element) => json!([of(spec, element, depth + 1, fill)]),
        TypeExpr::OneOf(choices) => of(spec, &choices[0], depth, fill),
        TypeExpr::Named(_) if depth > MAX_DEPTH => json!("deep"),
        TypeExpr::Named(name) => named(spec, name, depth, fill),
    }
}

fn named(spec: &Spec, name: &str, depth: usize, fill: &Fill) -> Value {
    if let Some(object) = spec.objects.iter().find(|o| o.name.value == name) {
        let mut map = Map::new();
        let exclusive: Vec<&str> = object.exclusive.iter().map(|field| field.value.as_str()).collect();
        let wanted = |field: &codegen::spec::Field| match fill {
            Fill::Required => field.required,
            Fill::All { only, .. } => {
                let name = field.name.value.as_str();
                field.required
                    || !exclusive.contains(&name)
                    || only.as_deref().map_or(exclusive.first() == Some(&name), |only| only == name)
            }
        };
        for field in object.fields.iter().filter(|field| wanted(field)) {
            let value = match &field.constant {
                Some(value) => constant(&value.value),
                None => {
                    let ty = TypeExpr::parse(&field.ty.value).unwrap_or_else(|e| panic!("{name}: {e}"));
                    of(spec, &ty, depth + 1, &fill.below(depth + 1))
                }
            };
            map.insert(field.name.value.clone(), value);
        }
        return Value::Object(map);
    }
    if let Some(union) = spec.unions.iter().find(|u| u.name.value == name) {
        let first = TypeExpr::parse(&union.variants[0].value).unwrap_or_else(|e| panic!("{name}: {e}"));
        return of(spec, &first, depth, fill);
    }
    if let Some(enumeration) = spec.enums.iter().find(|e| e.name.value == name) {
        return constant(&enumeration.values[0].value.value);
    }
    panic!("`{name}` is no type of the spec")
}
