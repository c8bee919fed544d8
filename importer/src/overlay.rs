//! The overlay: hand-written additions the page cannot express, keyed by the name of the
//! method, type, parameter or field they add to (see `docs/telegram-import.md`).
//!
//! Merging: scalars the overlay gives replace the imported ones, `links` are merged key by
//! key (the overlay wins), `errata` are appended, `error_codes` replace the imported code
//! of the same number or are appended. An entry naming something the page does not have
//! is an error naming it.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::build::{description, Correction, Import, Warning};
use codegen::spec::yaml::unplaced;
use codegen::spec::{ConstValue, Erratum, ErrorCode, Field, Links, Spanned};

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
    /// Names for choices the page writes inline (`Integer or String`): each becomes an
    /// untagged union of the spec, which the generator uses for that choice.
    choice_names: Vec<ChoiceName>,
}

/// A name for an inline choice: an untagged union the page does not declare.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChoiceName {
    /// The union's name (`ChatId`).
    name: String,
    /// What it is.
    description: String,
    /// The alternatives, as the page writes them in the choice.
    variants: Vec<String>,
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
    /// The wire name, when the page misprints the method's name (the key is the page's).
    wire_name: Option<String>,
    /// Why the page's name is wrong, for the erratum `wire_name` records.
    why: Option<String>,
    /// What the page said where this patch replaces it, checked on every import.
    page: Option<PageMethod>,
    /// The patch applies whatever the page says: nothing is checked.
    any_page: bool,
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
    /// What the page said where this patch replaces it, checked on every import.
    page: Option<PageUnion>,
    /// The patch applies whatever the page says: nothing is checked.
    any_page: bool,
}

/// What the page said about a parameter or field, as the import read it, where a patch
/// replaces it: the patch's `type` replaces the page's `type`, `required` its
/// `required`, and `const` is read from its `description`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct PageField {
    /// The page's type, in the format's words.
    #[serde(rename = "type")]
    ty: Option<String>,
    /// The page's required flag.
    required: Option<bool>,
    /// The page's description.
    description: Option<String>,
}

/// What the page said about a method where a patch replaces it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct PageMethod {
    /// The return type the import read, in the format's words.
    returns: Option<String>,
}

/// What the page said about a union where a patch replaces it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct PageUnion {
    /// The variants the import read, in the page's order.
    variants: Option<Vec<String>>,
    /// The tag the import derived; `null` when it found none.
    #[serde(deserialize_with = "present")]
    tag: Option<Option<String>>,
}

/// Tells a key given as `null` (`Some(None)`) from an absent one (`None`).
fn present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

/// Collects the entries whose page text is not what they recorded.
#[derive(Default)]
struct Checks {
    /// `entry: what`, with the recorded and the current text.
    stale: Vec<String>,
}

impl Checks {
    /// Checks one replaced value: `recorded` is the entry's `page:` value, `now` what the
    /// page says. With `any_page` nothing is checked.
    fn check(&mut self, entry: &str, what: &str, any_page: bool, recorded: Option<String>, now: String) {
        if any_page {
            return;
        }
        match recorded {
            Some(recorded) if recorded == now => {}
            Some(recorded) => self.stale.push(format!(
                "{entry}: the page's {what} changed under this entry\n      recorded: {recorded}\n      page now: {now}"
            )),
            None => self.stale.push(format!(
                "{entry}: replaces the page's {what} without recording it: add `page: {{ {what}: {now} }}` (or `any_page: true`)"
            )),
        }
    }
}

/// A value as the overlay writes it (a quoted string, `null`, a flow list).
fn shown(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
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
    /// A refined type (the page's stays as `doc_type`).
    #[serde(rename = "type")]
    ty: Option<String>,
    /// The wire name, when the page misprints it (the key is the page's name).
    wire_name: Option<String>,
    /// Why the page's name is wrong, for the erratum `wire_name` records.
    why: Option<String>,
    /// What the page said where this patch replaces it, checked on every import.
    page: Option<PageField>,
    /// The patch applies whatever the page says: nothing is checked.
    any_page: bool,
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

    /// Merges the overlay into `import`. Every entry naming something missing is an
    /// error, and so is every entry replacing page text that is not what it recorded
    /// (unless it says `any_page: true`): both name the entry.
    pub fn merge(self, import: &mut Import) -> Result<(), String> {
        let mut errors = Vec::new();
        let mut checks = Checks::default();
        let spec = &mut import.spec;
        let mut settled = Vec::new();
        let corrections = &mut import.corrections;
        let mut correct =
            |item: &str, what: &'static str| corrections.push(Correction { item: item.to_owned(), what });
        spec.errata.extend(self.errata);
        for code in self.error_codes {
            match spec.error_codes.iter_mut().find(|c| c.code == code.code) {
                Some(existing) => *existing = code,
                None => spec.error_codes.push(code),
            }
        }
        for (name, patch) in self.methods {
            let Some(method) = spec.methods.iter_mut().find(|m| m.name.value == name) else {
                errors.push(format!("method `{name}` is not on the page"));
                continue;
            };
            let entry = format!("methods.{name}");
            method.links.extend(patch.links);
            method.errata.extend(patch.errata);
            if let Some(returns) = patch.returns {
                let recorded = patch.page.as_ref().and_then(|p| p.returns.as_ref()).map(shown);
                checks.check(
                    &entry,
                    "returns",
                    patch.any_page,
                    recorded,
                    shown(&method.returns.as_ref().map(|r| &r.value)),
                );
                method.returns = Some(unplaced(returns));
                correct(&name, "returns");
                settled.push(name.clone());
            }
            if let Some(wire) = patch.wire_name {
                match rename(&entry, &mut method.name, &mut method.doc_name, wire, patch.why) {
                    Ok(erratum) => method.errata.push(erratum),
                    Err(error) => errors.push(error),
                }
            }
            let context = Context { entry: &entry, owner: &name, what: "parameter", key: "params" };
            for (param, what) in patch_fields(
                &context,
                &mut method.params,
                patch.params,
                &mut errors,
                &mut checks,
                &mut settled,
            ) {
                correct(&format!("{name}.{param}"), what);
            }
        }
        for (name, patch) in self.objects {
            let Some(object) = spec.objects.iter_mut().find(|o| o.name.value == name) else {
                errors.push(format!("object `{name}` is not on the page"));
                continue;
            };
            object.links.extend(patch.links);
            object.errata.extend(patch.errata);
            for listed in patch.exclusive.iter().flatten() {
                if !object.fields.iter().any(|f| &f.name.value == listed) {
                    errors.push(format!("field `{name}.{listed}` is not on the page"));
                }
            }
            if let Some(exclusive) = patch.exclusive {
                object.exclusive = exclusive.into_iter().map(unplaced).collect();
            }
            let entry = format!("objects.{name}");
            let context = Context { entry: &entry, owner: &name, what: "field", key: "fields" };
            for (field, what) in patch_fields(
                &context,
                &mut object.fields,
                patch.fields,
                &mut errors,
                &mut checks,
                &mut settled,
            ) {
                correct(&format!("{name}.{field}"), what);
            }
        }
        for (name, patch) in self.unions {
            let Some(union) = spec.unions.iter_mut().find(|u| u.name.value == name) else {
                errors.push(format!("union `{name}` is not on the page"));
                continue;
            };
            let entry = format!("unions.{name}");
            union.links.extend(patch.links);
            union.errata.extend(patch.errata);
            if let Some(tag) = patch.tag {
                let recorded = patch.page.as_ref().and_then(|p| p.tag.as_ref()).map(shown);
                checks.check(
                    &entry,
                    "tag",
                    patch.any_page,
                    recorded,
                    shown(&union.tag.as_ref().map(|t| &t.value)),
                );
                union.tag = Some(unplaced(tag));
                correct(&name, "tag");
            }
            if let Some(variants) = patch.variants {
                let recorded = patch.page.as_ref().and_then(|p| p.variants.as_ref()).map(shown);
                checks.check(
                    &entry,
                    "variants",
                    patch.any_page,
                    recorded,
                    shown(&union.variants.iter().map(|v| &v.value).collect::<Vec<_>>()),
                );
                union.variants = variants.into_iter().map(unplaced).collect();
                correct(&name, "variants");
            }
            settled.push(name);
        }
        for choice in self.choice_names {
            if spec.unions.iter().any(|u| u.name.value == choice.name) {
                errors.push(format!("choice name `{}` is already a union of the page", choice.name));
                continue;
            }
            spec.unions.push(codegen::spec::Union {
                name: unplaced(choice.name),
                description: Some(choice.description),
                tag: None,
                variants: choice.variants.into_iter().map(unplaced).collect(),
                reads_as: None,
                links: Links::default(),
                errata: Vec::new(),
            });
        }
        for (name, patch) in self.enums {
            let Some(e) = spec.enums.iter_mut().find(|e| e.name.value == name) else {
                errors.push(format!("enum `{name}` is not in the import"));
                continue;
            };
            e.links.extend(patch.links);
            e.errata.extend(patch.errata);
        }
        import.warnings.retain(|w: &Warning| !settled.contains(&w.item));
        let mut problems = Vec::new();
        if !errors.is_empty() {
            problems.push(format!("does not fit the page:\n  {}", errors.join("\n  ")));
        }
        if !checks.stale.is_empty() {
            problems.push(format!(
                "the page is not what {} entr{} recorded (check that each still applies, then update its `page:`):\n  {}",
                checks.stale.len(),
                if checks.stale.len() == 1 { "y" } else { "ies" },
                checks.stale.join("\n  ")
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    }
}

/// Where field patches apply: the entry's path in the overlay, the method or object, and
/// what its members are called.
struct Context<'a> {
    entry: &'a str,
    owner: &'a str,
    what: &'static str,
    key: &'static str,
}

/// Renames `name` (the page's) to the wire name `wire`, keeping the page's as `doc_name`;
/// the erratum says so, with the overlay's `why` (which is required).
fn rename(
    entry: &str,
    name: &mut Spanned<String>,
    doc_name: &mut Option<String>,
    wire: String,
    why: Option<String>,
) -> Result<Erratum, String> {
    let why = why.ok_or_else(|| format!("{entry}: `wire_name` needs a `why`"))?;
    let erratum =
        Erratum { says: format!("the name `{}`", name.value), uses: format!("the wire name `{wire}`"), why };
    *doc_name = Some(std::mem::replace(&mut name.value, wire));
    Ok(erratum)
}

/// Applies field patches to the `fields` of a method or object; a patch of a type counts
/// as settling the importer's warning about that field. A patched type keeps the page's
/// as `doc_type`, so that a diff of two imports sees the page change under the patch.
/// Returns the corrections made: (field, `type` or `required`).
fn patch_fields(
    context: &Context<'_>,
    fields: &mut [Field],
    patches: BTreeMap<String, FieldPatch>,
    errors: &mut Vec<String>,
    checks: &mut Checks,
    settled: &mut Vec<String>,
) -> Vec<(String, &'static str)> {
    let owner = context.owner;
    let mut corrections = Vec::new();
    for (name, patch) in patches {
        let Some(field) = fields.iter_mut().find(|f| f.name.value == name) else {
            errors.push(format!("{} `{owner}.{name}` is not on the page", context.what));
            continue;
        };
        let entry = format!("{}.{}.{name}", context.entry, context.key);
        let page = patch.page.unwrap_or_default();
        if let Some(ty) = patch.ty {
            let page_type = field.doc_type.clone().unwrap_or_else(|| field.ty.value.clone());
            checks.check(&entry, "type", patch.any_page, page.ty.as_ref().map(shown), shown(&page_type));
            field.doc_type = (page_type != ty).then_some(page_type);
            field.ty = unplaced(ty);
            corrections.push((name.clone(), "type"));
            settled.push(format!("{owner}.{name}"));
        }
        if let Some(required) = patch.required {
            checks.check(
                &entry,
                "required",
                patch.any_page,
                page.required.map(|r| shown(&r)),
                shown(&field.required),
            );
            field.required = required;
            corrections.push((name.clone(), "required"));
        }
        if let Some(constant) = patch.constant {
            let recorded = page.description.as_ref().map(shown);
            checks.check(&entry, "description", patch.any_page, recorded, shown(&description(field)));
            field.constant = Some(unplaced(constant));
        }
        if let Some(wire) = patch.wire_name {
            match rename(&entry, &mut field.name, &mut field.doc_name, wire, patch.why) {
                Ok(erratum) => field.errata.push(erratum),
                Err(error) => errors.push(error),
            }
        }
        field.rust_name = patch.rust_name.map(unplaced).or(field.rust_name.take());
        field.boxed = patch.boxed.unwrap_or(field.boxed);
        field.errata.extend(patch.errata);
    }
    corrections
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
