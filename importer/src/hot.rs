//! Hot fields from a corpus of real updates: which optional fields a big object keeps in
//! its struct, and which it stores behind one box (`hot:` in the spec format).
//!
//! The rule (`docs/telegram-import.md`): an object with at least [`MIN_OPTIONAL`]
//! optional fields that the corpus holds at least [`MIN_INSTANCES`] times is split; its
//! hot fields are the optional fields present in at least 1 in [`HOT_SHARE`] of those
//! instances, in the page's order. Objects are found by walking each update with the
//! spec's types: object fields, arrays of them, and tagged unions by their tag's value.

use std::collections::HashMap;

use serde_json::Value;

use super::typeexpr::TypeExpr;
use codegen::spec::{ConstValue, Object, Spec};

/// An object with fewer optional fields gains little from a box.
pub const MIN_OPTIONAL: usize = 40;
/// Fewer instances in the corpus say nothing about the object.
pub const MIN_INSTANCES: usize = 100;
/// A field present in at least one instance in this many is hot (1 %).
pub const HOT_SHARE: usize = 100;
/// How deep objects nest in an update (a reply's reply's … message) before the walk stops.
const MAX_DEPTH: usize = 32;

/// How often each object, and each of its fields, occurs in the corpus.
#[derive(Default)]
struct Counts {
    instances: HashMap<String, usize>,
    fields: HashMap<(String, String), usize>,
}

/// Sets `hot` on every object the rule splits, from `corpus` (a `getUpdates` response:
/// `{"ok": true, "result": [Update, ...]}`); the root type is `Update`.
pub fn derive(spec: &mut Spec, corpus: &str) -> Result<(), String> {
    let response: Value = serde_json::from_str(corpus).map_err(|e| format!("the corpus is not JSON: {e}"))?;
    let updates = response["result"].as_array().ok_or("the corpus has no `result` array of updates")?;
    let mut counts = Counts::default();
    for update in updates {
        visit(spec, &mut counts, update, "Update", 0);
    }
    for object in &mut spec.objects {
        let optional = object.fields.iter().filter(|f| !f.required).count();
        let instances = counts.instances.get(&object.name.value).copied().unwrap_or(0);
        if optional < MIN_OPTIONAL || instances < MIN_INSTANCES {
            continue;
        }
        let hot = object
            .fields
            .iter()
            .filter(|f| !f.required && !object.exclusive.contains(&f.name))
            .filter(|f| {
                let key = (object.name.value.clone(), f.name.value.clone());
                let present = counts.fields.get(&key).copied().unwrap_or(0);
                present * HOT_SHARE >= instances
            })
            .map(|f| f.name.clone())
            .collect();
        object.hot = Some(hot);
    }
    Ok(())
}

/// Counts `value` as an instance of the type named `name` (an object, or a tagged union
/// resolved to its variant), and walks its fields.
fn visit(spec: &Spec, counts: &mut Counts, value: &Value, name: &str, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let Some(map) = value.as_object() else { return };
    let Some(object) = object_of(spec, name, value) else { return };
    *counts.instances.entry(object.name.value.clone()).or_default() += 1;
    for field in &object.fields {
        let Some(inner) = map.get(&field.name.value) else { continue };
        *counts.fields.entry((object.name.value.clone(), field.name.value.clone())).or_default() += 1;
        if let Ok(ty) = TypeExpr::parse(&field.ty.value) {
            visit_typed(spec, counts, inner, &ty, depth + 1);
        }
    }
}

/// Walks `value` as the type `ty`: arrays element by element, names as objects.
fn visit_typed(spec: &Spec, counts: &mut Counts, value: &Value, ty: &TypeExpr, depth: usize) {
    match (ty, value) {
        (TypeExpr::Array(element), Value::Array(items)) => {
            for item in items {
                visit_typed(spec, counts, item, element, depth);
            }
        }
        (TypeExpr::Named(name), _) => visit(spec, counts, value, name, depth),
        _ => {}
    }
}

/// The object `value` is when it is of the type `name`: that object, or the variant of a
/// tagged union whose tag field has the value's tag.
fn object_of<'s>(spec: &'s Spec, name: &str, value: &Value) -> Option<&'s Object> {
    if let Some(object) = spec.objects.iter().find(|o| o.name.value == name) {
        return Some(object);
    }
    let union = spec.unions.iter().find(|u| u.name.value == name)?;
    let tag = union.tag.as_ref()?;
    let wire = value.get(&tag.value)?;
    union.variants.iter().filter_map(|v| spec.objects.iter().find(|o| o.name.value == v.value)).find(
        |variant| {
            variant.fields.iter().any(|f| {
                f.name.value == tag.value
                    && match f.constant.as_ref().map(|c| &c.value) {
                        Some(ConstValue::String(s)) => wire.as_str() == Some(s),
                        Some(ConstValue::Integer(i)) => wire.as_i64() == Some(*i),
                        None => false,
                    }
            })
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use codegen::spec::yaml::unplaced;
    use codegen::spec::{Field, Links};

    fn object(name: &str, optional: usize) -> Object {
        let mut fields = vec![Field::new("id", "Integer".into(), true, String::new())];
        fields.extend(
            (0..optional).map(|i| Field::new(&format!("f{i}"), "Integer".into(), false, String::new())),
        );
        Object {
            name: unplaced(name.to_owned()),
            description: None,
            fields,
            exclusive: Vec::new(),
            hot: None,
            links: Links::new(),
            errata: Vec::new(),
            examples: Vec::new(),
        }
    }

    #[test]
    fn fields_in_one_percent_of_instances_are_hot() {
        let mut update = object("Update", 0);
        update.fields.push(Field::new("message", "Message".into(), false, String::new()));
        let mut spec = Spec::new(codegen::spec::Platform {
            name: unplaced("telegram".into()),
            title: "Telegram".into(),
            description: None,
            version: None,
            released: None,
            base_url: unplaced("https://example.invalid".into()),
            url_template: unplaced("{base}/{method}".into()),
            file_url_template: None,
            case_sensitive_methods: true,
            encodings: Vec::new(),
            default_verb: None,
            webhook_secret_header: None,
            test_url_template: None,
            file_method: None,
            markup: None,
            entity: None,
            rate_limits: None,
            throttle: None,
        });
        spec.objects = vec![update, object("Message", MIN_OPTIONAL)];
        // 200 messages: f0 in every one, f1 in 2 (1 %), f2 in 1 (0.5 %).
        let updates: Vec<String> = (0..200)
            .map(|i| {
                let extra = match i {
                    0 => r#", "f1": 1, "f2": 1"#,
                    1 => r#", "f1": 1"#,
                    _ => "",
                };
                format!(r#"{{"id": {i}, "message": {{"id": {i}, "f0": 1{extra}}}}}"#)
            })
            .collect();
        let corpus = format!(r#"{{"ok": true, "result": [{}]}}"#, updates.join(","));
        derive(&mut spec, &corpus).expect("derives");
        let hot = |o: &Object| o.hot.as_ref().map(|h| h.iter().map(|f| f.value.clone()).collect::<Vec<_>>());
        assert_eq!(hot(&spec.objects[1]), Some(vec!["f0".to_owned(), "f1".to_owned()]));
        assert_eq!(hot(&spec.objects[0]), None, "Update has too few optional fields");
        assert!(derive(&mut spec, "[]").is_err());
    }
}
