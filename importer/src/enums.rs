//! Enums the page implies: `UpdateType` (one value per optional field of `Update`, the
//! words of `allowed_updates`) and `ParseMode` (the modes of "Formatting options"). They
//! replace `String` only where the page's type is String, keeping it as `doc_type`.

use super::build::Warning;
use super::html::{Block, Section};
use super::text::MarkKind;
use codegen::spec::{ConstValue, Enum, EnumKind, EnumValue, Field, Links, Spec};
use codegen::spec_yaml::unplaced;

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
