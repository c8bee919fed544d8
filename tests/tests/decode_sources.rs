//! Any self-describing deserializer gives the same values: over the whole 10k corpus,
//! `from_str`, `from_value`, `from_reader` and CBOR (serialise the decoded update with
//! `ciborium`, decode it back) equal `from_slice`; and a value kept in `unknown_fields`
//! decodes into the crate's own types like the same JSON read directly.

use std::fmt::Debug;

use integration::samples;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tgfamily::telegram::{Message, Update};

/// Failures quoted in a failing test's message.
const QUOTED: usize = 5;

fn cut(text: &str) -> String {
    text.chars().take(300).collect()
}

/// Every path for one JSON text; the differences from `from_slice`, named.
fn compare_paths<T>(text: &str) -> Vec<String>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let base = match serde_json::from_slice::<T>(text.as_bytes()) {
        Ok(base) => base,
        Err(e) => return vec![format!("from_slice: {e}")],
    };
    let mut differences = Vec::new();
    let mut compare = |path: &str, result: Result<T, String>| match result {
        Ok(value) if value == base => {}
        Ok(_) => differences.push(format!("{path}: another value than from_slice")),
        Err(e) => differences.push(format!("{path}: {e}")),
    };
    compare("from_str", serde_json::from_str::<T>(text).map_err(|e| e.to_string()));
    let value: Value = serde_json::from_str(text).expect("the corpus is JSON");
    compare("from_value(&Value)", T::deserialize(&value).map_err(|e| e.to_string()));
    compare("from_value", serde_json::from_value::<T>(value).map_err(|e| e.to_string()));
    compare("from_reader", serde_json::from_reader::<_, T>(text.as_bytes()).map_err(|e| e.to_string()));
    let mut cbor = Vec::new();
    match ciborium::into_writer(&base, &mut cbor) {
        Ok(()) => compare("CBOR", ciborium::from_reader::<T, _>(cbor.as_slice()).map_err(|e| e.to_string())),
        Err(e) => differences.push(format!("CBOR: does not serialise: {e}")),
    }
    differences
}

fn assert_clean(what: &str, cases: usize, failures: &[String]) {
    println!("{what}: {cases} cases, {} failed", failures.len());
    assert!(
        failures.is_empty(),
        "{what}: {} of {cases} cases failed; the first:\n{}",
        failures.len(),
        failures.iter().take(QUOTED).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn every_deserializer_gives_the_values_of_from_slice_over_the_corpus() {
    let Some(updates) = samples::corpus_updates("updates_10k.json") else { return };
    assert!(updates.len() >= 10_000, "the corpus has {} updates", updates.len());
    let mut failures = Vec::new();
    for (index, update) in updates.iter().enumerate() {
        let text = update.write();
        for difference in compare_paths::<Update>(&text) {
            failures.push(format!("update {index}: {difference}\n  {}", cut(&text)));
        }
    }
    assert_clean("paths over the 10k corpus", updates.len(), &failures);
}

/// Each corpus update, kept as an unknown field of a message: read back from
/// `unknown_fields`, it decodes like the update's own text (by reference and by value).
#[test]
fn values_kept_in_unknown_fields_decode_into_crate_types() {
    let Some(updates) = samples::corpus_updates("updates_10k.json") else { return };
    let mut failures = Vec::new();
    let mut cases = 0;
    for (index, update) in updates.iter().enumerate().step_by(10) {
        let text = update.write();
        let expected: Update = match serde_json::from_str(&text) {
            Ok(expected) => expected,
            Err(e) => {
                failures.push(format!("update {index} does not decode: {e}"));
                continue;
            }
        };
        let carrier =
            format!(r#"{{"message_id":1,"date":2,"chat":{{"id":3,"type":"private"}},"zq_update":{text}}}"#);
        cases += 1;
        let message: Message = match serde_json::from_str(&carrier) {
            Ok(message) => message,
            Err(e) => {
                failures.push(format!("update {index}: a message carrying it does not decode: {e}"));
                continue;
            }
        };
        let Some(kept) = message.unknown_fields.as_ref().and_then(|fields| fields.get("zq_update")) else {
            failures.push(format!("update {index}: the unknown field is not in unknown_fields"));
            continue;
        };
        match Update::deserialize(kept.as_raw()) {
            Ok(update) if update == expected => {}
            Ok(_) => failures.push(format!("update {index}: read back by reference, another value")),
            Err(e) => failures.push(format!("update {index}: read back by reference: {e}")),
        }
        match kept.to_value().and_then(serde_json::from_value::<Update>) {
            Ok(update) if update == expected => {}
            Ok(_) => failures.push(format!("update {index}: read back by value, another value")),
            Err(e) => failures.push(format!("update {index}: read back by value: {e}")),
        }
    }
    assert!(cases >= 1_000, "only {cases} cases");
    assert_clean("updates kept in unknown_fields", cases, &failures);
}

/// The issue's case: a callback query whose `date` follows `chat`.
#[test]
fn a_callback_query_decodes_from_a_value() {
    let text = r#"{"update_id":5,"callback_query":{"id":"1","from":{"id":2,"is_bot":false,"first_name":"A"},"chat_instance":"c","message":{"message_id":3,"chat":{"id":2,"type":"private","first_name":"A"},"date":4,"text":"t"},"data":"d"}}"#;
    let differences = compare_paths::<Update>(text);
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
