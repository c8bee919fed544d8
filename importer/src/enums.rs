//! Enums the page implies: `UpdateType` (one value per optional field of `Update`, the
//! words of `allowed_updates`), `ParseMode` (the modes of "Formatting options") and one
//! enum per list of values that descriptions give in prose ("can be “a”, “b” or “c”",
//! read by [`super::choices`]). They replace `String` only where the page's type is
//! String, keeping it as `doc_type`.

use std::collections::{BTreeSet, HashMap};

use heck::ToUpperCamelCase;

use super::build::{description, Warning};
use super::choices::listed_values;
use super::html::{Block, Section};
use super::text::MarkKind;
use codegen::spec::yaml::unplaced;
use codegen::spec::{ConstValue, Enum, EnumKind, EnumValue, Field, Links, Spec};

/// The name of the update-type enum.
const UPDATE_TYPE: &str = "UpdateType";
/// The name of the parse-mode enum.
const PARSE_MODE: &str = "ParseMode";

/// The enums the page implies, with a warning for each it does not.
pub fn derive(sections: &[Section], spec: &Spec, warnings: &mut Vec<Warning>) -> Vec<Enum> {
    let mut enums = Vec::new();
    match update_type(spec) {
        Some(e) => enums.push(e),
        None => warnings
            .push(Warning::new(UPDATE_TYPE, "not made: the page has no Update object with optional fields")),
    }
    match parse_mode(sections) {
        Some(e) => enums.push(e),
        None => warnings.push(Warning::new(
            PARSE_MODE,
            "not made: no \"Formatting options\" section saying \"pass X in the parse_mode field\"",
        )),
    }
    enums
}

/// `UpdateType`: the optional fields of `Update`.
fn update_type(spec: &Spec) -> Option<Enum> {
    let update = spec.objects.iter().find(|o| o.name.value == "Update")?;
    let values: Vec<EnumValue> = update
        .fields
        .iter()
        .filter(|f| !f.required)
        .map(|f| value(&f.name.value, f.description.clone()))
        .collect();
    string_enum(
        UPDATE_TYPE,
        "The kinds of update: one per optional field of Update. The values of allowed_updates.",
        values,
    )
}

/// `ParseMode`: each sub-heading of "Formatting options" whose text says "pass *X* in the
/// *parse_mode* field".
fn parse_mode(sections: &[Section]) -> Option<Enum> {
    let section = sections.iter().find(|s| s.level == 4 && s.name == "Formatting options")?;
    let mut heading = None;
    let mut values = Vec::new();
    for block in &section.blocks {
        match block {
            Block::SubHeading(text) => heading = Some(text.as_str()),
            Block::Paragraph(rich) => {
                let Some(title) = heading else { continue };
                let mode = rich.marks.iter().find(|mark| {
                    mark.kind == MarkKind::Emphasis
                        && rich.text[..mark.range.start].ends_with("pass ")
                        && rich.text[mark.range.end..].starts_with(" in the parse_mode field")
                });
                if let Some(mode) = mode {
                    let intro = rich.text[..mode.range.start]
                        .rsplit_once("To use this mode")
                        .map_or("", |(i, _)| i.trim());
                    let description =
                        if intro.is_empty() { title.to_owned() } else { format!("{title}. {intro}") };
                    values.push(value(rich.slice(mode), Some(description)));
                    heading = None;
                }
            }
            _ => {}
        }
    }
    string_enum(PARSE_MODE, "The modes of parse_mode fields (see Formatting options).", values)
}

/// A string enum named `name`, when it has values.
fn string_enum(name: &str, description: &str, values: Vec<EnumValue>) -> Option<Enum> {
    (!values.is_empty()).then(|| Enum {
        name: unplaced(name.to_owned()),
        kind: unplaced(EnumKind::String),
        description: Some(description.to_owned()),
        values,
        links: Links::new(),
        errata: Vec::new(),
    })
}

/// One value of a string enum.
fn value(wire: &str, description: Option<String>) -> EnumValue {
    EnumValue {
        value: unplaced(ConstValue::String(wire.to_owned())),
        also: Vec::new(),
        name: None,
        description: description.filter(|d| !d.is_empty()),
        errata: Vec::new(),
    }
}

/// Uses the enums: `allowed_updates` (Array of String) becomes `Array of UpdateType`, and
/// `parse_mode` / `*_parse_mode` (String) becomes `ParseMode`.
pub fn apply(spec: &mut Spec) {
    let has = |name: &str| spec.enums.iter().any(|e| e.name.value == name);
    let (update_type, parse_mode) = (has(UPDATE_TYPE), has(PARSE_MODE));
    let fields = spec
        .methods
        .iter_mut()
        .flat_map(|m| m.params.iter_mut())
        .chain(spec.objects.iter_mut().flat_map(|o| o.fields.iter_mut()));
    for field in fields {
        let (name, ty) = (field.name.value.as_str(), field.ty.value.as_str());
        if update_type && name == "allowed_updates" && ty == "Array of String" {
            refine(field, format!("Array of {UPDATE_TYPE}"));
        } else if parse_mode && name.ends_with("parse_mode") && ty == "String" {
            refine(field, PARSE_MODE.to_owned());
        }
    }
}

/// Gives `field` a more precise type, keeping the page's as `doc_type`.
fn refine(field: &mut Field, ty: String) {
    field.doc_type = Some(std::mem::replace(&mut field.ty.value, ty));
}

/// The enums of the value lists in descriptions, each used by its fields: every String
/// field or parameter without a `const` whose description lists its values (objects
/// first, then methods, in the page's order) gets an enum of them. Fields listing the
/// same values share the enum of the first; its name is that field's owner and name in
/// UpperCamelCase (`Chat.type` is `ChatType`, `InputSticker.format` `InputStickerFormat`).
/// A list whose enum cannot be made (its name is taken, or two values make one Rust
/// name) is warned and the field stays a String.
pub fn listed(spec: &mut Spec, warnings: &mut Vec<Warning>) -> Vec<Enum> {
    let mut taken: BTreeSet<String> = spec
        .methods
        .iter()
        .map(|m| &m.name.value)
        .chain(spec.objects.iter().map(|o| &o.name.value))
        .chain(spec.unions.iter().map(|u| &u.name.value))
        .chain(spec.enums.iter().map(|e| &e.name.value))
        .map(|name| name.to_upper_camel_case())
        .collect();
    let mut enums: Vec<Enum> = Vec::new();
    let mut by_values: HashMap<BTreeSet<String>, String> = HashMap::new();
    let owners = spec
        .objects
        .iter_mut()
        .map(|o| (o.name.value.clone(), &mut o.fields))
        .chain(spec.methods.iter_mut().map(|m| (m.name.value.clone(), &mut m.params)));
    for (owner, fields) in owners {
        for field in fields.iter_mut().filter(|f| f.ty.value == "String" && f.constant.is_none()) {
            let Some(values) = listed_values(description(field)) else { continue };
            let item = format!("{owner}.{}", field.name.value);
            let key: BTreeSet<String> = values.iter().cloned().collect();
            let name = match by_values.get(&key) {
                Some(name) => name.clone(),
                None => {
                    let name =
                        format!("{}{}", owner.to_upper_camel_case(), field.name.value.to_upper_camel_case());
                    if let Err(why) = fits(&name, &values, &taken) {
                        warnings.push(Warning::new(
                            &item,
                            format!("lists its values, but stays a String: {why}"),
                        ));
                        continue;
                    }
                    taken.insert(name.clone());
                    by_values.insert(key, name.clone());
                    let about = format!(
                        "The values of {item}, as its description lists them: “{}”",
                        description(field)
                    );
                    let values = values.iter().map(|v| value(v, None)).collect();
                    enums.extend(string_enum(&name, &about, values));
                    name
                }
            };
            refine(field, name);
        }
    }
    enums
}

/// Why an enum `name` of `values` cannot be made, if it cannot.
fn fits(name: &str, values: &[String], taken: &BTreeSet<String>) -> Result<(), String> {
    if taken.contains(name) {
        return Err(format!("the name `{name}` is taken"));
    }
    let mut variants = BTreeSet::new();
    for value in values {
        let variant = value.to_upper_camel_case();
        if matches!(variant.as_str(), "Other" | "Unknown") || !variants.insert(variant.clone()) {
            return Err(format!("the value “{value}” makes the variant `{variant}`, which is kept or given"));
        }
    }
    Ok(())
}
