//! The diff between the imports of Telegram's Bot API pages 10.1 and 10.2 reports what
//! changed: the new methods and types named in the reference's SOURCE.md, and every
//! parameter and field change that the reference's two JSON descriptions show (computed
//! here from those files, not written down).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use integration::shared::shared_file;
use serde_json::Value;

/// A change to a parameter or field: (method or type, member, what), where what is
/// `added`, `removed`, `type` or `required`.
type MemberChange = (String, String, String);

/// Runs the xtask binary with `args`; its exit code and stdout.
fn xtask(args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("xtask runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_ne!(output.status.code(), Some(2), "xtask {args:?} failed: {stderr}");
    (output.status.code(), String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Imports `page` into `out` without the workspace's overlay (an empty one): the diff is
/// of the pages alone.
fn import(page: &Path, out: &Path, overlay: &Path) {
    let (code, _) = xtask(&[
        "import",
        "telegram",
        "--from",
        page.to_str().expect("UTF-8 path"),
        "--out",
        out.to_str().expect("UTF-8 path"),
        "--overlay",
        overlay.to_str().expect("UTF-8 path"),
    ]);
    assert_eq!(code, Some(0));
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The names of `group` (`methods` or `types`) in the new description but not the old.
fn added_names(old: &Value, new: &Value, group: &str) -> BTreeSet<String> {
    let names = |description: &Value| -> BTreeSet<String> {
        description[group].as_object().map(|items| items.keys().cloned().collect()).unwrap_or_default()
    };
    names(new).difference(&names(old)).cloned().collect()
}

/// The parameter or field changes of `group` between the two JSON descriptions.
fn expected_changes(old: &Value, new: &Value, group: &str) -> BTreeSet<MemberChange> {
    let mut changes = BTreeSet::new();
    let Some(new_items) = new[group].as_object() else { return changes };
    for (name, item) in new_items {
        let Some(old_item) = old[group].get(name) else { continue };
        let fields = |item: &Value| -> Vec<Value> { item["fields"].as_array().cloned().unwrap_or_default() };
        let (old_fields, new_fields) = (fields(old_item), fields(item));
        let find = |fields: &[Value], field: &str| fields.iter().find(|f| f["name"] == field).cloned();
        let mut change = |member: &Value, what: &str| {
            let member = member["name"].as_str().unwrap_or_default().to_owned();
            changes.insert((name.clone(), member, what.to_owned()));
        };
        for field in &old_fields {
            match find(&new_fields, field["name"].as_str().unwrap_or_default()) {
                None => change(field, "removed"),
                Some(other) => {
                    if other["types"] != field["types"] {
                        change(field, "type");
                    }
                    if other["required"] != field["required"] {
                        change(field, "required");
                    }
                }
            }
        }
        for field in &new_fields {
            if find(&old_fields, field["name"].as_str().unwrap_or_default()).is_none() {
                change(field, "added");
            }
        }
    }
    changes
}

/// The names listed in one side's section of the report (`only_in_a`, `only_in_b`).
fn listed(report: &Value, group: &str, side: &str) -> BTreeSet<String> {
    let items = report[group][side].as_array().cloned().unwrap_or_default();
    items.iter().filter_map(|item| item["name"].as_str().map(str::to_owned)).collect()
}

/// The parameter or field changes (`member`) of the report's pairs in `group`.
fn reported_changes(report: &Value, group: &str, member: &str) -> BTreeSet<MemberChange> {
    let mut changes = BTreeSet::new();
    for pair in report[group]["changed"].as_array().into_iter().flatten() {
        let item = pair["a"].as_str().unwrap_or_default();
        for change in pair["changes"].as_array().into_iter().flatten().filter(|c| c["member"] == member) {
            let what = match change["change"].as_str() {
                Some("changed") => change["property"].as_str(),
                other => other,
            };
            let name = change["name"].as_str().unwrap_or_default();
            changes.insert((item.to_owned(), name.to_owned(), what.unwrap_or_default().to_owned()));
        }
    }
    changes
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (set TGFAMILY_SHARED=<folder>)")]
fn the_imports_of_10_1_and_10_2_differ_as_the_json_descriptions_say() {
    let paths: Option<Vec<PathBuf>> =
        ["bot-api-10.1.html", "bot-api.html", "bot-api-10.1.json", "bot-api.json", "SOURCE.md"]
            .iter()
            .map(|name| shared_file(&format!("reference/telegram/{name}")))
            .collect();
    let Some(paths) = paths else { return };
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff-telegram-10.2");
    std::fs::create_dir_all(&scratch).expect("a scratch folder");
    let overlay = scratch.join("empty.overlay.yaml");
    std::fs::write(&overlay, "# no additions\n").expect("write the overlay");
    let (old_spec, new_spec) = (scratch.join("telegram-10.1.yaml"), scratch.join("telegram-10.2.yaml"));
    import(&paths[0], &old_spec, &overlay);
    import(&paths[1], &new_spec, &overlay);

    let (code, stdout) = xtask(&[
        "diff",
        old_spec.to_str().expect("UTF-8"),
        new_spec.to_str().expect("UTF-8"),
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(1), "the pages differ");
    let report: Value = serde_json::from_str(&stdout).expect("the report is JSON");
    let (old, new) = (read_json(&paths[2]), read_json(&paths[3]));

    // SOURCE.md: "the methods deleteEphemeralMessage and editEphemeralMessage{Text, Media,
    // Caption, ReplyMarkup}; the types BotSubscriptionUpdated, …, InputRichBlock and its
    // 22 variants": 5 methods and 29 types, which the JSON pair lists by name.
    let source = std::fs::read_to_string(&paths[4]).expect("SOURCE.md");
    assert!(source.contains("deleteEphemeralMessage") && source.contains("InputRichBlock and its"));
    let new_methods = added_names(&old, &new, "methods");
    let new_types = added_names(&old, &new, "types");
    assert_eq!((new_methods.len(), new_types.len()), (5, 29));
    assert_eq!(listed(&report, "methods", "only_in_b"), new_methods);
    // The enums the importer makes of a new field's listed values are types the JSON has
    // not: they are the new spec's enums that the old one lacks.
    let enums = |path: &Path| -> BTreeSet<String> {
        let spec = codegen::spec::load::read(path).expect("the import loads");
        spec.enums.iter().map(|e| e.name.value.clone()).collect()
    };
    let new_enums: BTreeSet<String> = enums(&new_spec).difference(&enums(&old_spec)).cloned().collect();
    let reported_types: BTreeSet<String> =
        listed(&report, "types", "only_in_b").difference(&new_enums).cloned().collect();
    assert_eq!(reported_types, new_types);
    assert_eq!(listed(&report, "methods", "only_in_a"), added_names(&new, &old, "methods"));
    assert_eq!(listed(&report, "types", "only_in_a"), added_names(&new, &old, "types"));

    let params = expected_changes(&old, &new, "methods");
    let fields = expected_changes(&old, &new, "types");
    assert!(!params.is_empty() && !fields.is_empty());
    assert_eq!(reported_changes(&report, "methods", "parameter"), params);
    assert_eq!(reported_changes(&report, "types", "field"), fields);
    // The Rust API: the breaking changes are exactly the removals, type and required
    // changes, new required members and return-type changes the JSON pair shows.
    let mut breaking: BTreeSet<MemberChange> =
        params.iter().chain(&fields).filter(|(_, _, what)| what != "added").cloned().collect();
    breaking.extend(required_additions(&old, &new, "methods"));
    breaking.extend(required_additions(&old, &new, "types"));
    breaking.extend(return_changes(&old, &new));
    for group in ["methods", "types"] {
        breaking.extend(
            added_names(&new, &old, group).into_iter().map(|n| (n, String::new(), "removed".to_owned())),
        );
    }
    let rust_api = &report["rust_api"];
    assert_eq!(rust_api["bump"], if breaking.is_empty() { "minor" } else { "major" });
    assert_eq!(classified(rust_api, "breaking"), breaking);
    assert_eq!(report["a"]["version"], "10.1");
    assert_eq!(report["b"]["version"], "10.2");
    assert_eq!(report["b"]["released"], "July 14, 2026");
    println!(
        "10.1 → 10.2: {} new methods, {} new types, {} parameter changes, {} field changes",
        new_methods.len(),
        new_types.len(),
        params.len(),
        fields.len()
    );
}

/// The members of `group` new in the new description that are required there.
fn required_additions(old: &Value, new: &Value, group: &str) -> BTreeSet<MemberChange> {
    let mut additions = BTreeSet::new();
    for (name, item) in new[group].as_object().into_iter().flatten() {
        let Some(old_item) = old[group].get(name) else { continue };
        for field in item["fields"].as_array().into_iter().flatten() {
            let field_name = field["name"].as_str().unwrap_or_default();
            let existed =
                old_item["fields"].as_array().into_iter().flatten().any(|f| f["name"] == field_name);
            if !existed && field["required"] == true {
                additions.insert((name.clone(), field_name.to_owned(), "added".to_owned()));
            }
        }
    }
    additions
}

/// The methods whose return types differ between the two descriptions.
fn return_changes(old: &Value, new: &Value) -> BTreeSet<MemberChange> {
    let mut changes = BTreeSet::new();
    for (name, method) in new["methods"].as_object().into_iter().flatten() {
        if old["methods"].get(name).is_some_and(|old_method| old_method["returns"] != method["returns"]) {
            changes.insert((name.clone(), String::new(), "returns".to_owned()));
        }
    }
    changes
}

/// The report's `rust_api` changes of one impact, in the shape of [`MemberChange`].
fn classified(rust_api: &Value, impact: &str) -> BTreeSet<MemberChange> {
    let mut changes = BTreeSet::new();
    for entry in rust_api["changes"].as_array().into_iter().flatten().filter(|e| e["impact"] == impact) {
        let item = entry["item"].as_str().unwrap_or_default().to_owned();
        let change = &entry["change"];
        let (member, what) = match entry["what"].as_str() {
            Some("changed") => (
                change["name"].as_str().unwrap_or_default(),
                change["property"].as_str().or(change["change"].as_str()).unwrap_or_default(),
            ),
            other => ("", other.unwrap_or_default()),
        };
        changes.insert((item, member.to_owned(), what.to_owned()));
    }
    changes
}
