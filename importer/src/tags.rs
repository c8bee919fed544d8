//! Union tags: the field every variant has with a fixed value ("Type of the result, must
//! be *photo*", "The member's status in the chat, always “creator”"). The value becomes
//! the field's `const` on each variant and the field the union's `tag`.

use super::build::{description, Warning};
use codegen::spec::yaml::unplaced;
use codegen::spec::{ConstValue, Field, Object, Spec};

/// Derives the tag of every union whose variants are objects sharing a fixed-value field.
/// A union that also has non-object variants (`RichText` can be a String) stays untagged,
/// but its object variants still get their `const`. Every union left untagged is warned.
pub fn derive(spec: &mut Spec, warnings: &mut Vec<Warning>) -> Result<(), String> {
    for union in &mut spec.unions {
        let objects: Vec<&Object> = union
            .variants
            .iter()
            .filter_map(|v| spec.objects.iter().find(|o| o.name.value == v.value))
            .collect();
        let all_objects = objects.len() == union.variants.len();
        let Some((tag, values)) = tag_of(&objects) else {
            warnings.push(Warning::new(&union.name.value, untagged_reason(&objects)));
            continue;
        };
        for (variant, value) in objects.iter().map(|o| o.name.value.clone()).zip(values).collect::<Vec<_>>() {
            set_const(&mut spec.objects, &variant, &tag, value)?;
        }
        if all_objects {
            union.tag = Some(unplaced(tag));
        } else {
            warnings.push(Warning::new(
                &union.name.value,
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
                    .find(|f| f.name.value == candidate.name.value && required_string(f))
                    .and_then(|f| fixed_value(description(f)))
            })
            .collect();
        values.map(|values| (candidate.name.value.clone(), values))
    })
}

/// Sets `const` on `object`'s `field`; a different value already there is an error.
fn set_const(objects: &mut [Object], object: &str, field: &str, value: String) -> Result<(), String> {
    let field_ref = objects
        .iter_mut()
        .find(|o| o.name.value == object)
        .and_then(|o| o.fields.iter_mut().find(|f| f.name.value == field))
        .ok_or_else(|| format!("`{object}.{field}`: the tag field vanished"))?;
    let value = ConstValue::String(value);
    match field_ref.constant.as_ref().map(|c| &c.value) {
        Some(existing) if *existing != value => Err(format!(
            "`{object}.{field}`: two unions give it different fixed values ({existing:?}, {value:?})"
        )),
        _ => {
            field_ref.constant = Some(unplaced(value));
            Ok(())
        }
    }
}

/// Why a union got no tag, with the sentences read: for the first field every variant
/// has as a required String, each variant's description that fixes no value.
fn untagged_reason(objects: &[&Object]) -> String {
    let shared = objects.first().and_then(|first| {
        first.fields.iter().find(|candidate| {
            objects
                .iter()
                .all(|o| o.fields.iter().any(|f| f.name.value == candidate.name.value && required_string(f)))
        })
    });
    let Some(candidate) = shared else {
        return "untagged: no field that every variant has as a required String".to_owned();
    };
    let unread: Vec<String> = objects
        .iter()
        .filter_map(|o| {
            let field = o.fields.iter().find(|f| f.name.value == candidate.name.value)?;
            let text = description(field);
            fixed_value(text)
                .is_none()
                .then(|| format!("`{}.{}` reads “{text}”", o.name.value, field.name.value))
        })
        .collect();
    format!("untagged: no fixed value in {} (accepted wordings: docs/telegram-import.md)", unread.join("; "))
}

/// Whether `field` is a required String: what a tag field is.
fn required_string(field: &Field) -> bool {
    field.required && field.ty.value == "String"
}

/// The words that introduce a fixed value, longest first (so that "must always be" is
/// not read as "always be"). Listed in `docs/telegram-import.md`.
pub const PHRASES: &[&str] = &[
    "must always be",
    "should always be",
    "must be equal to",
    "always equal to",
    "is always",
    "always",
    "must be",
    "should be",
    "equal to",
];

/// The quotes a value may be in (opening, closing); a value may also be bare at the end
/// of a clause.
pub const QUOTES: &[(char, char)] =
    &[('“', '”'), ('"', '"'), ('‘', '’'), ('\'', '\''), ('`', '`'), ('*', '*')];

/// The value a description fixes: one of [`PHRASES`] followed by one value in one of
/// [`QUOTES`] (“x”, "x", ‘x’, 'x', `x`, *x*) or bare at the end of a clause (`must be
/// photo`, `always photo.`). A value is lower-case letters, digits and underscores; a
/// choice (`must be one of “a” or “b”`, `always “a” or “b”`) fixes nothing.
pub fn fixed_value(description: &str) -> Option<String> {
    for (at, phrase) in phrase_positions(description) {
        let rest = &description[at + phrase.len()..];
        let Some(rest) = rest.strip_prefix(' ') else { continue };
        if let Some(value) = quoted(rest).or_else(|| bare(rest)) {
            return Some(value);
        }
    }
    None
}

/// Where each phrase starts as whole words, in the text's order, the longest phrase at a
/// position first.
fn phrase_positions(text: &str) -> Vec<(usize, &'static str)> {
    let mut found: Vec<(usize, &'static str)> = PHRASES
        .iter()
        .flat_map(|phrase| text.match_indices(phrase).map(move |(at, _)| (at, *phrase)))
        .filter(|(at, _)| {
            let before = text[..*at].chars().next_back();
            before.is_none_or(|c| !c.is_alphanumeric())
        })
        .collect();
    found.sort_by_key(|(at, phrase)| (*at, std::cmp::Reverse(phrase.len())));
    found
}

/// A quoted value at the start of `rest`, not followed by another alternative.
fn quoted(rest: &str) -> Option<String> {
    let open = rest.chars().next()?;
    let (_, close) = QUOTES.iter().find(|(o, _)| *o == open)?;
    let inner = &rest[open.len_utf8()..];
    let end = inner.find(*close)?;
    let value = &inner[..end];
    let after = &inner[end + close.len_utf8()..];
    let choice = [" or ", ", or ", " and ", ", "].iter().any(|joint| {
        after
            .strip_prefix(joint)
            .and_then(|next| next.chars().next())
            .is_some_and(|c| QUOTES.iter().any(|(o, _)| *o == c))
    });
    (is_value(value) && !choice).then(|| value.to_owned())
}

/// A bare value at the start of `rest` that ends its clause (end, `.`, `,`, `;`, `)`).
fn bare(rest: &str) -> Option<String> {
    let end = rest
        .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
        .unwrap_or(rest.len());
    let (value, after) = rest.split_at(end);
    let ends_clause = after.is_empty() || after.starts_with(['.', ',', ';', ')']);
    (is_value(value) && ends_clause).then(|| value.to_owned())
}

/// Whether `value` looks like a tag value: lower-case letters, digits and underscores.
fn is_value(value: &str) -> bool {
    !value.is_empty() && value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::fixed_value;

    /// One description per accepted wording (docs/telegram-import.md lists them), with
    /// the value it fixes.
    const WORDINGS: &[(&str, &str)] = &[
        ("Type of the message origin, always “hidden_user”", "hidden_user"),
        ("The member's status in the chat, always \"creator\"", "creator"),
        ("Type of the result, must be mpeg4_gif", "mpeg4_gif"),
        ("Type of the result, must be photo.", "photo"),
        ("Type of the profile photo, must be “static”", "static"),
        ("Type of the profile photo, must be \"animated\"", "animated"),
        ("Type of the content, must be ‘photo’", "photo"),
        ("Type of the content, must be 'video'", "video"),
        ("Type of the scope, must be `default`", "default"),
        ("Type of the button, must be *commands*", "commands"),
        ("Type of the block, always header, for headings", "header"),
        ("Type of the area, is always “location”", "location"),
        ("Type of the state, must always be “pending”", "pending"),
        ("Type of the state, should always be “active”", "active"),
        ("Type of the media, should be “video”", "video"),
        ("Type of the fill, must be equal to “solid”", "solid"),
        ("Type of the gift, always equal to “unique”", "unique"),
        ("Error source, equal to “data”", "data"),
        ("Type of the reaction, always “emoji”. More text follows.", "emoji"),
    ];

    #[test]
    fn reads_every_accepted_wording() {
        for (description, value) in WORDINGS {
            assert_eq!(fixed_value(description).as_deref(), Some(*value), "{description}");
        }
    }

    #[test]
    fn a_choice_or_a_remark_fixes_nothing() {
        for description in [
            "Currency, must be one of “XTR” or “TON”",
            "Date the message was sent. It is always a positive number",
            "State, always “pending” or “approved”",
            "Format, must be one of “static”, “animated”",
            "Three-letter ISO 4217 currency code. Currently, always “XTR”",
            "The photo must be of the size 1080x1920 and must not exceed 10 MB",
            "Type of the block, which is a header",
        ] {
            assert_eq!(fixed_value(description), None, "{description}");
        }
    }
}
