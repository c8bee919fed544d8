//! Union tags: the field every variant has with a fixed value ("Type of the result, must
//! be *photo*", "The member's status in the chat, always “creator”"). The value becomes
//! the field's `const` on each variant and the field the union's `tag`.

use super::build::Warning;
use super::model::{ConstValue, Object, Spec};

/// Derives the tag of every union whose variants are objects sharing a fixed-value field.
/// A union that also has non-object variants (`RichText` can be a String) stays untagged,
/// but its object variants still get their `const`. Every union left untagged is warned.
pub fn derive(spec: &mut Spec, warnings: &mut Vec<Warning>) -> Result<(), String> {
    for union in &mut spec.unions {
        let objects: Vec<&Object> =
            union.variants.iter().filter_map(|v| spec.objects.iter().find(|o| &o.name == v)).collect();
        let all_objects = objects.len() == union.variants.len();
        let Some((tag, values)) = tag_of(&objects) else {
            warnings.push(Warning::new(
                &union.name,
                "untagged: no field that every variant has with a fixed value",
            ));
            continue;
        };
        for (variant, value) in objects.iter().map(|o| o.name.clone()).zip(values).collect::<Vec<_>>() {
            set_const(&mut spec.objects, &variant, &tag, value)?;
        }
        if all_objects {
            union.tag = Some(tag);
        } else {
            warnings.push(Warning::new(
                &union.name,
                format!("untagged: not every variant is an object; the object variants have a const `{tag}`"),
            ));
        }
    }
    Ok(())
}

/// The first field (in the first variant's order) that every variant has as a required
/// String with a fixed value, and the values in variant order.
fn tag_of(objects: &[&Object]) -> Option<(String, Vec<String>)> {
    let first = objects.first()?;
    first.fields.iter().find_map(|candidate| {
        let values: Option<Vec<String>> = objects
            .iter()
            .map(|object| {
                object
                    .fields
                    .iter()
                    .find(|f| f.name == candidate.name && f.required && f.ty == "String")
                    .and_then(|f| fixed_value(&f.description))
            })
            .collect();
        values.map(|values| (candidate.name.clone(), values))
    })
}

/// Sets `const` on `object`'s `field`; a different value already there is an error.
fn set_const(objects: &mut [Object], object: &str, field: &str, value: String) -> Result<(), String> {
    let field_ref = objects
        .iter_mut()
        .find(|o| o.name == object)
        .and_then(|o| o.fields.iter_mut().find(|f| f.name == field))
        .ok_or_else(|| format!("`{object}.{field}`: the tag field vanished"))?;
    let value = ConstValue::String(value);
    match &field_ref.constant {
        Some(existing) if *existing != value => Err(format!(
            "`{object}.{field}`: two unions give it different fixed values ({existing:?}, {value:?})"
        )),
        _ => {
            field_ref.constant = Some(value);
            Ok(())
        }
    }
}

/// The value a description fixes: `… always “x”` (or `"x"`), or `…, must be x` at its end.
pub fn fixed_value(description: &str) -> Option<String> {
    for (open, close) in [("always “", '”'), ("always \"", '"')] {
        if let Some(start) = description.find(open).map(|i| i + open.len()) {
            let value = description[start..].split(close).next()?;
            return is_value(value).then(|| value.to_owned());
        }
    }
    let start = description.rfind("must be ")? + "must be ".len();
    let value = description[start..].trim_end_matches('.');
    is_value(value).then(|| value.to_owned())
}

/// Whether `value` looks like a tag value: lower-case letters, digits and underscores.
fn is_value(value: &str) -> bool {
    !value.is_empty() && value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::fixed_value;

    #[test]
    fn reads_fixed_values() {
        assert_eq!(
            fixed_value("Type of the message origin, always “hidden_user”").as_deref(),
            Some("hidden_user")
        );
        assert_eq!(
            fixed_value("The member's status in the chat, always \"creator\"").as_deref(),
            Some("creator")
        );
        assert_eq!(fixed_value("Type of the result, must be mpeg4_gif").as_deref(), Some("mpeg4_gif"));
        assert_eq!(fixed_value("Currency, must be one of “XTR” or “TON”"), None);
        assert_eq!(fixed_value("Date the message was sent. It is always a positive number"), None);
    }
}
