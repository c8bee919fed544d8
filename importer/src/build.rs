//! Sections to spec: sorts the page's sections into methods, objects and unions, then
//! derives platform, union tags and enums.

use std::collections::{HashMap, HashSet};

use super::html::Section;
use super::typeexpr::{TypeExpr, BUILTINS};
use super::{enums, methods, objects, platform, tags};
use codegen::spec::{Section as Introduction, Spec};

/// The result of an import: the spec and what the importer could not settle.
#[derive(Debug)]
pub struct Import {
    /// The spec.
    pub spec: Spec,
    /// Things a reader (or the overlay) should look at.
    pub warnings: Vec<Warning>,
    /// What the overlay replaced of what the page says.
    pub corrections: Vec<Correction>,
}

/// One replacement of page text by the overlay: a field's or parameter's type or
/// required flag, a method's return type, a union's variants or tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// `method`, `Type`, `method.param` or `Type.field`.
    pub item: String,
    /// `type`, `required`, `returns`, `variants` or `tag`.
    pub what: &'static str,
}

/// Something the importer could not settle from the page alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The item: `method`, `Type`, `method.param` or `Type.field`.
    pub item: String,
    /// What is wrong.
    pub message: String,
}

impl Warning {
    /// A warning about `item`.
    pub fn new(item: impl Into<String>, message: impl Into<String>) -> Warning {
        Warning { item: item.into(), message: message.into() }
    }
}

/// The page's type sections by anchor, to resolve `#anchor` links to type names.
#[derive(Debug, Default)]
pub struct Index {
    types: HashMap<String, String>,
}

impl Index {
    /// Indexes the type sections (upper-case, one-word level-4 headings).
    pub fn new(sections: &[Section]) -> Index {
        let types = sections
            .iter()
            .filter(|s| kind(s) == Some(Kind::Type))
            .map(|s| (s.anchor.clone(), s.name.clone()))
            .collect();
        Index { types }
    }

    /// The type a link points to (`#message` is `Message`), if it points to a type.
    pub fn type_of_link(&self, href: &str) -> Option<&str> {
        href.strip_prefix('#').and_then(|anchor| self.types.get(anchor)).map(String::as_str)
    }
}

/// What a section describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Method,
    Type,
}

/// A level-4 section named by one word is a method (lower-case) or a type (upper-case).
fn kind(section: &Section) -> Option<Kind> {
    if section.level != 4 || section.name.contains(char::is_whitespace) {
        return None;
    }
    match section.name.chars().next() {
        Some(c) if c.is_ascii_lowercase() => Some(Kind::Method),
        Some(c) if c.is_ascii_uppercase() => Some(Kind::Type),
        _ => None,
    }
}

/// The text under each level-3 heading before its first level-4 one, for the chapters
/// that hold methods (what the methods' `group` names).
fn chapter_introductions(sections: &[Section], methods: &[codegen::spec::Method]) -> Vec<Introduction> {
    sections
        .iter()
        .filter(|s| s.level == 3 && methods.iter().any(|m| m.group.as_ref() == Some(&s.name)))
        .map(|s| Introduction {
            name: s.name.clone(),
            description: super::html::join_blocks(s.blocks.iter()),
        })
        .filter(|introduction| !introduction.description.is_empty())
        .collect()
}

/// Builds the spec from the page's sections, in the page's order.
pub fn build(sections: &[Section]) -> Result<Import, String> {
    let index = Index::new(sections);
    let mut warnings = Vec::new();
    let mut spec = Spec::new(platform::platform(sections)?);
    for section in sections {
        match kind(section) {
            Some(Kind::Method) => spec.methods.push(methods::method(section, &index, &mut warnings)?),
            Some(Kind::Type) if BUILTINS.contains(&section.name.as_str()) => {
                warnings
                    .push(Warning::new(&section.name, "left out: the spec format has this type built in"));
            }
            Some(Kind::Type) => {
                if let Some(union) = objects::union(section, &index)? {
                    spec.unions.push(union);
                } else {
                    spec.objects.push(objects::object(section, &mut warnings)?);
                }
            }
            None => {}
        }
    }
    spec.sections = chapter_introductions(sections, &spec.methods);
    spec.platform.webhook_secret_header = platform::webhook_secret_header(&spec.methods);
    tags::derive(&mut spec, &mut warnings)?;
    spec.enums = enums::derive(sections, &spec, &mut warnings);
    enums::apply(&mut spec);
    let listed = enums::listed(&mut spec, &mut warnings);
    spec.enums.extend(listed);
    check_names(&spec)?;
    Ok(Import { spec, warnings, corrections: Vec::new() })
}

/// Methods, objects, unions and enums share one namespace.
fn check_names(spec: &Spec) -> Result<(), String> {
    let names = spec
        .methods
        .iter()
        .map(|m| &m.name.value)
        .chain(spec.objects.iter().map(|o| &o.name.value))
        .chain(spec.unions.iter().map(|u| &u.name.value))
        .chain(spec.enums.iter().map(|e| &e.name.value));
    let mut seen = HashSet::new();
    for name in names {
        if !seen.insert(name.as_str()) {
            return Err(format!(
                "`{name}` is defined twice: methods, objects, unions and enums share one namespace"
            ));
        }
    }
    Ok(())
}

/// Page text as a spec's optional text: none when the page has none.
pub fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// A field's description, empty when it has none.
pub fn description(field: &codegen::spec::Field) -> &str {
    field.description.as_deref().unwrap_or_default()
}

/// The format's words for a page type, and the page's words (`page_words`, as printed)
/// when the format cannot write it (then the type is `Json`, with a warning for the
/// overlay to refine).
pub fn spec_type(
    ty: &TypeExpr,
    page_words: &str,
    item: &str,
    warnings: &mut Vec<Warning>,
) -> (String, Option<String>) {
    match ty.spec_words() {
        Some(words) => (words, None),
        None => {
            warnings.push(Warning::new(
                item,
                format!("the page's type `{ty}` is an array of a choice, which the format cannot write: written as Json; refine it in the overlay"),
            ));
            ("Json".to_owned(), Some(page_words.to_owned()))
        }
    }
}
