//! Real updates for the property tests: the Telegram corpora in `../shared/bench`, and for
//! every platform the updates its spec's examples show, the fake server's text update,
//! and each response example that is a message, wrapped in an update.

use std::path::PathBuf;

use crate::json_tree::{self, Json};

/// The updates of the `getUpdates` answer in `../shared/bench/<name>`, or `None` (after
/// saying why) when the shared folder is absent.
///
/// # Panics
/// When the file is there but is not a `getUpdates` answer.
pub fn corpus_updates(name: &str) -> Option<Vec<Json>> {
    let path = crate::shared::shared_file(&format!("bench/{name}"))?;
    let text = std::fs::read_to_string(&path).expect("the corpus is readable UTF-8");
    Some(result_items(&text).unwrap_or_else(|| panic!("{} is not a getUpdates answer", path.display())))
}

/// The items of the `result` array of an answer, in order.
pub fn result_items(answer: &str) -> Option<Vec<Json>> {
    let Ok(Json::Object(members)) = json_tree::parse(answer) else { return None };
    members.into_iter().find(|(key, _)| key == "\"result\"").and_then(|(_, result)| match result {
        Json::Array(items) => Some(items),
        _ => None,
    })
}

/// The result of an answer, whatever its shape.
fn result_of(answer: &str) -> Option<Json> {
    let Ok(Json::Object(members)) = json_tree::parse(answer) else { return None };
    members.into_iter().find(|(key, _)| key == "\"result\"").map(|(_, result)| result)
}

/// The spec file of `platform` (`potato`, `cloudchat`, `telegram`).
pub fn spec_path(platform: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../spec/{platform}.yaml"))
}

/// The spec of `platform`, loaded.
///
/// # Panics
/// When it does not load: the generator's own tests say why.
pub fn spec(platform: &str) -> codegen::spec::Spec {
    let path = spec_path(platform);
    let text = std::fs::read_to_string(&path).expect("the spec is readable");
    codegen::spec::load::parse(&path.display().to_string(), &text).expect("the spec loads")
}

/// Every field name in the spec of `platform`: objects' fields and methods' parameters.
pub fn field_names(platform: &str) -> Vec<String> {
    let spec = spec(platform);
    let objects = spec.objects.iter().flat_map(|object| object.fields.iter());
    let params = spec.methods.iter().flat_map(|method| method.params.iter());
    objects.chain(params).map(|field| field.name.value.clone()).collect()
}

/// The updates in the `getUpdates` response examples of `platform`'s spec, and every
/// other response example's result wrapped as an update's `message` (those that are not
/// messages are for the caller to drop: they do not decode as updates).
pub fn spec_example_updates(platform: &str) -> Vec<Json> {
    let spec = spec(platform);
    let mut updates = Vec::new();
    for method in &spec.methods {
        for example in &method.examples {
            let Some(response) = &example.response else { continue };
            if method.name.value == "getUpdates" {
                updates.extend(result_items(&response.value).unwrap_or_default());
            } else if let Some(result @ Json::Object(_)) = result_of(&response.value) {
                let id = 1000 + updates.len();
                updates.push(Json::Object(vec![
                    ("\"update_id\"".to_owned(), Json::Atom(id.to_string())),
                    ("\"message\"".to_owned(), result),
                ]));
            }
        }
    }
    updates
}
