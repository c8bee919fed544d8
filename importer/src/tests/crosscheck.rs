//! Cross-check: the import of Telegram's page (with the committed overlay) against the
//! independent machine-readable description of the same page (`bot-api.json`, made by
//! another project's scraper). Every method, parameter, return type, type, field and union
//! variant must agree, except the differences listed in [`ACCEPTED`] (the importer's own
//! refinements, each with a reason), a String the import made one of its enums, and those
//! the overlay makes (its corrections of the
//! page's types, return types and union variants, read from the import: no list to keep);
//! an accepted difference or a correction that no longer makes one fails the test too.

use std::collections::BTreeSet;

use serde_json::Value;

use super::shared;
use crate::typeexpr::TypeExpr;
use codegen::spec::Spec;

/// A difference between the import and the JSON.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Difference {
    /// `method`, `method.param`, `Type`, `Type.field`.
    item: String,
    /// What differs: `names`, `fields`, `type`, `required`, `returns`, `variants`, `present`.
    what: &'static str,
    /// Ours, in the JSON's notation (`A | Array of B`).
    ours: String,
    /// The JSON's.
    theirs: String,
}

/// A difference the test accepts: `item` is an exact item, or `*suffix` for every item
/// ending so.
struct Accepted {
    item: &'static str,
    what: &'static str,
    ours: &'static str,
    theirs: &'static str,
    reason: &'static str,
}

/// The differences that remain, and why they are right.
const ACCEPTED: &[Accepted] = &[
    Accepted {
        item: "*",
        what: "type",
        ours: "True",
        theirs: "Boolean",
        reason: "the JSON writes the page's True as Boolean; the spec keeps True (always true)",
    },
    Accepted {
        item: "*",
        what: "returns",
        ours: "True",
        theirs: "Boolean",
        reason: "\"Returns True on success\": the JSON writes True as Boolean",
    },
    Accepted {
        item: "*",
        what: "returns",
        ours: "Message | True",
        theirs: "Message | Boolean",
        reason: "\"the edited Message is returned, otherwise True is returned\": the JSON writes True as Boolean",
    },
    Accepted {
        item: "*",
        what: "type",
        ours: "InputFile",
        theirs: "String",
        reason: "a field that takes “attach://<file_attach_name>” is an InputFile here, so the library names and sends the upload; doc_type keeps String",
    },
    Accepted {
        item: "InputFile",
        what: "present",
        ours: "absent",
        theirs: "type",
        reason: "InputFile is built into the spec format; the page's section has no fields",
    },
    Accepted {
        item: "ChatId",
        what: "present",
        ours: "type",
        theirs: "absent",
        reason: "the overlay's choice_names names the page's inline `Integer or String` ChatId",
    },
    Accepted {
        item: "EditResult",
        what: "present",
        ours: "type",
        theirs: "absent",
        reason: "the overlay's choice_names names the page's inline `Message or True` EditResult",
    },
];

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (set TGFAMILY_SHARED=<folder>)")]
fn the_import_agrees_with_the_json_description() {
    let Some(folder) = shared::telegram_reference("the_import_agrees_with_the_json_description") else {
        return;
    };
    let (overlay_file, overlay) = shared::overlay();
    let mut differences = Vec::new();
    let mut corrections = BTreeSet::new();
    for (page, json) in [("bot-api.html", "bot-api.json"), ("bot-api-10.1.html", "bot-api-10.1.json")] {
        let html = shared::read(&folder.join(page));
        let (_, import) = crate::import(&html, page, Some((&overlay_file, &overlay)), None, &[])
            .unwrap_or_else(|e| panic!("{page}: {e}"));
        let json: Value =
            serde_json::from_str(&shared::read(&folder.join(json))).unwrap_or_else(|e| panic!("{json}: {e}"));
        // The import's enums (UpdateType, ParseMode and the listed values) refine the
        // page's String: read from the import, not listed.
        differences
            .extend(compare(&import.spec, &json).into_iter().filter(|d| !refines_to_enum(&import.spec, d)));
        // The JSON has types, required flags, return types and variants (not tags).
        let compared = import
            .corrections
            .iter()
            .filter(|c| matches!(c.what, "type" | "required" | "returns" | "variants"));
        corrections.extend(compared.map(|c| (c.item.clone(), c.what)));
    }
    // The overlay's corrections: each makes a difference, which is accepted.
    let stale_corrections: Vec<String> = corrections
        .iter()
        .filter(|(item, what)| !differences.iter().any(|d| &d.item == item && d.what == *what))
        .map(|(item, what)| format!("{item} {what}"))
        .collect();
    assert!(stale_corrections.is_empty(), "overlay corrections the JSON agrees with: {stale_corrections:?}");
    differences.retain(|d| !corrections.contains(&(d.item.clone(), d.what)));
    let mut used = vec![false; ACCEPTED.len()];
    let mut unexplained = BTreeSet::new();
    for difference in &differences {
        match ACCEPTED.iter().position(|a| accepts(a, difference)) {
            Some(index) => used[index] = true,
            None => {
                unexplained.insert(difference.clone());
            }
        }
    }
    let stale: Vec<&str> = ACCEPTED.iter().zip(&used).filter(|(_, u)| !**u).map(|(a, _)| a.reason).collect();
    let listing: Vec<String> = unexplained
        .iter()
        .map(|d| format!("{} {}: ours `{}`, JSON `{}`", d.item, d.what, d.ours, d.theirs))
        .collect();
    assert!(listing.is_empty(), "{} unexplained differences:\n{}", listing.len(), listing.join("\n"));
    assert!(stale.is_empty(), "accepted differences that no longer occur: {stale:#?}");
}

/// Whether `d` is a String (or Array of String) the import made one of its enums.
fn refines_to_enum(spec: &Spec, d: &Difference) -> bool {
    let is_enum = |name: &str| spec.enums.iter().any(|e| e.name.value == name);
    d.what == "type"
        && match (d.ours.strip_prefix("Array of "), d.theirs.as_str()) {
            (Some(element), "Array of String") => is_enum(element),
            (None, "String") => is_enum(&d.ours),
            _ => false,
        }
}

fn accepts(accepted: &Accepted, d: &Difference) -> bool {
    let item = match accepted.item.strip_prefix('*') {
        Some(suffix) => d.item.ends_with(suffix),
        None => d.item == accepted.item,
    };
    item && accepted.what == d.what && accepted.ours == d.ours && accepted.theirs == d.theirs
}

/// Every difference between the spec and the JSON.
fn compare(spec: &Spec, json: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut diff = |item: &str, what: &'static str, ours: String, theirs: String| {
        if ours != theirs {
            out.push(Difference { item: item.to_owned(), what, ours, theirs });
        }
    };
    let methods = object_entries(&json["methods"]);
    let ours_methods: BTreeSet<&String> = spec.methods.iter().map(|m| &m.name.value).collect();
    let their_methods: BTreeSet<&String> = methods.iter().map(|(n, _)| n).collect();
    diff("methods", "names", names(ours_methods.into_iter()), names(their_methods.into_iter()));
    for (name, method) in &methods {
        let Some(ours) = spec.methods.iter().find(|m| &m.name.value == name) else { continue };
        let params: Vec<(String, String, bool)> =
            ours.params.iter().map(|p| (p.name.value.clone(), json_form(&p.ty.value), p.required)).collect();
        compare_fields(name, &params, &method["fields"], &mut diff);
        diff(
            name,
            "returns",
            ours.returns.as_ref().map_or_else(String::new, |r| json_form(&r.value)),
            types(&method["returns"]),
        );
    }
    let types_json = object_entries(&json["types"]);
    let ours_types: BTreeSet<&String> =
        spec.objects.iter().map(|o| &o.name.value).chain(spec.unions.iter().map(|u| &u.name.value)).collect();
    for (name, ty) in &types_json {
        if let Some(object) = spec.objects.iter().find(|o| &o.name.value == name) {
            let fields: Vec<(String, String, bool)> = object
                .fields
                .iter()
                .map(|f| (f.name.value.clone(), json_form(&f.ty.value), f.required))
                .collect();
            compare_fields(name, &fields, &ty["fields"], &mut diff);
            diff(name, "variants", String::new(), types(&ty["subtypes"]));
        } else if let Some(union) = spec.unions.iter().find(|u| &u.name.value == name) {
            let variants: Vec<String> = union.variants.iter().map(|v| json_form(&v.value)).collect();
            diff(name, "variants", variants.join(" | "), types(&ty["subtypes"]));
            diff(
                name,
                "fields",
                String::new(),
                names(ty["fields"].as_array().into_iter().flatten().filter_map(|f| f["name"].as_str())),
            );
        } else {
            diff(name, "present", "absent".to_owned(), "type".to_owned());
        }
    }
    for name in ours_types {
        if !types_json.iter().any(|(n, _)| n == name) {
            diff(name, "present", "type".to_owned(), "absent".to_owned());
        }
    }
    out
}

/// Compares fields or parameters: names in order, then each one's type and required flag.
fn compare_fields(
    owner: &str,
    ours: &[(String, String, bool)],
    theirs: &Value,
    diff: &mut impl FnMut(&str, &'static str, String, String),
) {
    let theirs: Vec<&Value> = theirs.as_array().map(|a| a.iter().collect()).unwrap_or_default();
    let their_names = names(theirs.iter().filter_map(|f| f["name"].as_str()));
    diff(owner, "fields", names(ours.iter().map(|(n, _, _)| n)), their_names);
    for field in theirs {
        let name = field["name"].as_str().unwrap_or_default();
        let Some((_, ty, required)) = ours.iter().find(|(n, _, _)| n == name) else { continue };
        let item = format!("{owner}.{name}");
        diff(&item, "type", ty.clone(), types(&field["types"]));
        diff(
            &item,
            "required",
            required.to_string(),
            field["required"].as_bool().unwrap_or_default().to_string(),
        );
    }
}

/// Our type in the JSON's notation: alternatives joined by ` | `, an array of a choice
/// as a choice of arrays.
fn json_form(ty: &str) -> String {
    fn alternatives(expr: &TypeExpr) -> Vec<String> {
        match expr {
            TypeExpr::Named(name) => vec![name.clone()],
            TypeExpr::Array(element) => {
                alternatives(element).into_iter().map(|a| format!("Array of {a}")).collect()
            }
            TypeExpr::OneOf(choices) => choices.iter().flat_map(alternatives).collect(),
        }
    }
    match TypeExpr::parse(ty) {
        Ok(expr) => alternatives(&expr).join(" | "),
        Err(e) => format!("unparsable `{ty}`: {e}"),
    }
}

/// A JSON list of type strings, joined by ` | `.
fn types(list: &Value) -> String {
    list.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(" | "))
        .unwrap_or_default()
}

/// Names joined by spaces.
fn names<S: AsRef<str>>(names: impl Iterator<Item = S>) -> String {
    names.map(|n| n.as_ref().to_owned()).collect::<Vec<_>>().join(" ")
}

/// A JSON object's entries (sorted by name: serde_json does not keep the file's order).
fn object_entries(value: &Value) -> Vec<(String, &Value)> {
    value.as_object().map(|o| o.iter().map(|(k, v)| (k.clone(), v)).collect()).unwrap_or_default()
}
