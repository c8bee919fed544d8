//! Names that mean one thing: no generated type has a field and a method of the same name
//! (a setter named like its field, or a reader of something else). Checked on every spec
//! of the repository and on the fixture that uses every construct.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Methods that read the field of their name, and so mean the same thing: `rare()` is
/// the `rare` part, or an empty one when the field is `None`.
const READERS_OF_THEIR_FIELD: [&str; 1] = ["rare"];

/// The spec files checked: the repository's and the fixture.
fn specs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs: Vec<PathBuf> = std::fs::read_dir(root.join("../spec"))
        .expect("the spec directory exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            name.ends_with(".yaml") && !name.contains(".overlay.")
        })
        .collect();
    specs.sort();
    specs.push(root.join("tests/fixtures/constructs.yaml"));
    specs
}

/// Struct field names and inherent method names per type, of one generated file.
fn members(file: &syn::File) -> (BTreeMap<String, BTreeSet<String>>, BTreeMap<String, BTreeSet<String>>) {
    let mut fields: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut methods: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for item in &file.items {
        match item {
            syn::Item::Struct(item) => {
                let names = item.fields.iter().filter_map(|f| f.ident.as_ref().map(ToString::to_string));
                fields.entry(item.ident.to_string()).or_default().extend(names);
            }
            syn::Item::Impl(item) if item.trait_.is_none() => {
                let syn::Type::Path(path) = item.self_ty.as_ref() else { continue };
                let Some(segment) = path.path.segments.last() else { continue };
                let names = item.items.iter().filter_map(|member| match member {
                    syn::ImplItem::Fn(function) => Some(function.sig.ident.to_string()),
                    _ => None,
                });
                methods.entry(segment.ident.to_string()).or_default().extend(names);
            }
            _ => {}
        }
    }
    (fields, methods)
}

#[test]
fn no_generated_type_has_a_field_and_a_method_of_the_same_name() {
    let mut clashes = Vec::new();
    let mut checked = 0usize;
    for spec in specs() {
        let api = codegen::resolve::load(&spec).unwrap_or_else(|e| panic!("{} loads:\n{e}", spec.display()));
        let files = codegen::emit::platform_files(&api, "spec", "out").expect("generates");
        for file in files.iter().filter(|f| f.path.ends_with("types.rs") || f.path.ends_with("methods.rs")) {
            let parsed: syn::File = syn::parse_str(&file.contents).expect("generated code parses");
            let (fields, methods) = members(&parsed);
            for (type_name, fields) in &fields {
                checked += fields.len();
                let Some(methods) = methods.get(type_name) else { continue };
                for name in
                    fields.intersection(methods).filter(|n| !READERS_OF_THEIR_FIELD.contains(&n.as_str()))
                {
                    clashes.push(format!("{}: {type_name}.{name}", spec.display()));
                }
            }
        }
    }
    assert!(checked > 1000, "the check reads the generated structs ({checked} fields)");
    assert!(clashes.is_empty(), "a field and a method share a name:\n{}", clashes.join("\n"));
}

/// The check itself: a struct whose setter is named like its field is caught.
#[test]
fn a_setter_named_like_its_field_is_a_clash() {
    let file: syn::File = syn::parse_str(
        "pub struct Button { pub text: String } impl Button { pub fn text(self, v: String) -> Self { Button { text: v } } }",
    )
    .expect("parses");
    let (fields, methods) = members(&file);
    assert_eq!(fields["Button"].intersection(&methods["Button"]).count(), 1);
}
