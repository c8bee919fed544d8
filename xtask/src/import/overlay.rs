//! The overlay: hand-written additions the page cannot express, keyed by the name of the
//! method, type, parameter or field they add to (see `docs/telegram-import.md`).
//!
//! Merging: scalars the overlay gives replace the imported ones, `links` are merged key by
//! key (the overlay wins), `errata` are appended, `error_codes` replace the imported code
//! of the same number or are appended. An entry naming something the page does not have
//! is an error naming it.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::build::{Import, Warning};
use super::model::{ConstValue, Erratum, ErrorCode, Field, Links};

/// The whole overlay file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Overlay {
    /// Document-wide errata, appended.
    errata: Vec<Erratum>,
    /// Error codes: the page has no table of them.
    error_codes: Vec<ErrorCode>,
    /// Additions to methods, by method name.
    methods: BTreeMap<String, MethodPatch>,
    /// Additions to objects, by object name.
    objects: BTreeMap<String, ObjectPatch>,
    /// Additions to unions, by union name.
    unions: BTreeMap<String, UnionPatch>,
    /// Additions to enums, by enum name.
    enums: BTreeMap<String, ItemPatch>,
}

/// Additions to a method.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct MethodPatch {
    /// Links to the same method on other platforms.
    links: Links,
    /// Errata, appended.
    errata: Vec<Erratum>,
    /// A corrected return type.
    returns: Option<String>,
    /// Additions to parameters, by parameter name.
    params: BTreeMap<String, FieldPatch>,
}

/// Additions to an object.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct ObjectPatch {
    /// Links to the same type on other platforms.
    links: Links,
    /// Errata, appended.
    errata: Vec<Erratum>,
    /// Additions to fields, by field name.
    fields: BTreeMap<String, FieldPatch>,
    /// Optional fields of which at most one is present.
    exclusive: Option<Vec<String>>,
    /// The optional fields kept inline; the others are stored as rare.
    hot: Option<Vec<String>>,
}

/// Additions to a union.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct UnionPatch {
    /// Links to the same type on other platforms.
    links: Links,
    /// Errata, appended.
    errata: Vec<Erratum>,
    /// The tag field, when the page does not give one.
    tag: Option<String>,
    /// The variants, replacing the page's list (e.g. to reorder an untagged union).
    variants: Option<Vec<String>>,
}

/// Additions to an enum.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct ItemPatch {
    /// Links to the same type on other platforms.
    links: Links,
    /// Errata, appended.
    errata: Vec<Erratum>,
}

/// Additions to a parameter or field.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct FieldPatch {
    /// A refined type.
    #[serde(rename = "type")]
    ty: Option<String>,
    /// The page's type, when `type` refines it.
    doc_type: Option<String>,
    /// A corrected required flag.
    required: Option<bool>,
    /// A fixed value.
    #[serde(rename = "const")]
    constant: Option<ConstValue>,
    /// The Rust name.
    rust_name: Option<String>,
    /// Store behind a `Box`.
    boxed: Option<bool>,
    /// Errata, appended.
    errata: Vec<Erratum>,
}

impl Overlay {
    /// Parses an overlay file's text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Overlay, String> {
        let has_content = text.lines().any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        if !has_content {
            return Ok(Overlay::default());
        }
        serde_saphyr::from_str(text).map_err(|e| format!("{file}: {e}"))
    }

    /// Merges the overlay into `import`; every entry naming something missing is reported.
    pub fn merge(self, import: &mut Import) -> Result<(), String> {
        let mut errors = Vec::new();
        let spec = &mut import.spec;
        let mut settled = Vec::new();
        spec.errata.extend(self.errata);
        for code in self.error_codes {
            match spec.error_codes.iter_mut().find(|c| c.code == code.code) {
                Some(existing) => *existing = code,
                None => spec.error_codes.push(code),
            }
        }
        for (name, patch) in self.methods {
            let Some(method) = spec.methods.iter_mut().find(|m| m.name == name) else {
                errors.push(format!("method `{name}` is not on the page"));
                continue;
            };
            method.links.extend(patch.links);
            method.errata.extend(patch.errata);
            if let Some(returns) = patch.returns {
                method.returns = Some(returns);
                settled.push(name.clone());
            }
            patch_fields(&name, "parameter", &mut method.params, patch.params, &mut errors, &mut settled);
        }
        for (name, patch) in self.objects {
            let Some(object) = spec.objects.iter_mut().find(|o| o.name == name) else {
                errors.push(format!("object `{name}` is not on the page"));
                continue;
            };
            object.links.extend(patch.links);
            object.errata.extend(patch.errata);
            for listed in patch.exclusive.iter().chain(patch.hot.iter()).flatten() {
                if !object.fields.iter().any(|f| &f.name == listed) {
                    errors.push(format!("field `{name}.{listed}` is not on the page"));
                }
            }
            object.exclusive = patch.exclusive.unwrap_or_default();
            object.hot = patch.hot;
            patch_fields(&name, "field", &mut object.fields, patch.fields, &mut errors, &mut settled);
        }
        for (name, patch) in self.unions {
            let Some(union) = spec.unions.iter_mut().find(|u| u.name == name) else {
                errors.push(format!("union `{name}` is not on the page"));
                continue;
            };
            union.links.extend(patch.links);
            union.errata.extend(patch.errata);
            union.tag = patch.tag.or(union.tag.take());
            if let Some(variants) = patch.variants {
                union.variants = variants;
            }
            settled.push(name);
        }
        for (name, patch) in self.enums {
            let Some(e) = spec.enums.iter_mut().find(|e| e.name == name) else {
                errors.push(format!("enum `{name}` is not in the import"));
                continue;
            };
            e.links.extend(patch.links);
            e.errata.extend(patch.errata);
        }
        import.warnings.retain(|w: &Warning| !settled.contains(&w.item));
        if errors.is_empty() {
            Ok(())
        } else {
            Err(format!("does not fit the page:\n  {}", errors.join("\n  ")))
        }
    }
}

/// Applies field patches to `fields` of `owner`; a patch of a type counts as settling the
/// importer's warning about that field.
fn patch_fields(
    owner: &str,
    what: &str,
    fields: &mut [Field],
    patches: BTreeMap<String, FieldPatch>,
    errors: &mut Vec<String>,
    settled: &mut Vec<String>,
) {
    for (name, patch) in patches {
        let Some(field) = fields.iter_mut().find(|f| f.name == name) else {
            errors.push(format!("{what} `{owner}.{name}` is not on the page"));
            continue;
        };
        if let Some(ty) = patch.ty {
            field.ty = ty;
            settled.push(format!("{owner}.{name}"));
        }
        field.doc_type = patch.doc_type.or(field.doc_type.take());
        field.required = patch.required.unwrap_or(field.required);
        field.constant = patch.constant.or(field.constant.take());
        field.rust_name = patch.rust_name.or(field.rust_name.take());
        field.boxed = patch.boxed.unwrap_or(field.boxed);
        field.errata.extend(patch.errata);
    }
}

#[cfg(test)]
mod tests {
    use super::Overlay;

    #[test]
    fn an_empty_overlay_is_fine() {
        assert!(Overlay::parse("x.yaml", "# only a comment\n").is_ok());
    }

    #[test]
    fn unknown_keys_are_errors() {
        let error =
            Overlay::parse("x.yaml", "methods:\n  sendMessage:\n    linkz: {}\n").expect_err("rejected");
        assert!(error.starts_with("x.yaml"), "{error}");
    }

    #[test]
    fn reads_consts_of_both_kinds() {
        let text = "objects:\n  A:\n    fields:\n      date: { const: 0 }\n      kind: { const: user }\n";
        let overlay = Overlay::parse("x.yaml", text).expect("parses");
        let fields = &overlay.objects["A"].fields;
        assert_eq!(fields["date"].constant, Some(super::ConstValue::Integer(0)));
        assert_eq!(fields["kind"].constant, Some(super::ConstValue::String("user".into())));
    }
}
