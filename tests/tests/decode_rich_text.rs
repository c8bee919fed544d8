//! Every object variant of Telegram's `RichText` decodes as itself and is written back as
//! itself: built from the spec (each variant's required fields, smallest values), alone,
//! inside a nesting of the same variant, and inside each other variant.

use integration::minimal::minimal;
use integration::samples::spec;
use serde_json::{json, Value};
use tgfamily::telegram::RichText;

/// The object variants of `RichText` in the spec, each with its smallest JSON and the
/// name of the Rust variant it must decode to (the object's name without `RichText`).
fn variants() -> Vec<(String, Value)> {
    let spec = spec("telegram");
    let union = spec.unions.iter().find(|u| u.name.value == "RichText").expect("the spec has RichText");
    let objects: Vec<_> = union
        .variants
        .iter()
        .map(|variant| variant.value.clone())
        .filter(|variant| spec.objects.iter().any(|object| object.name.value == *variant))
        .collect();
    assert!(objects.len() >= 20, "RichText has {} object variants in the spec", objects.len());
    objects
        .into_iter()
        .map(|object| {
            let rust = object.strip_prefix("RichText").expect("variants are named RichText…").to_owned();
            (rust, minimal(&spec, &object))
        })
        .collect()
}

/// `json` decodes as `RichText` variant `expected`, and serialises back to `json`.
fn check(json: &Value, expected: &str) -> Result<(), String> {
    let decoded: RichText = serde_json::from_value(json.clone())
        .map_err(|e| format!("{expected}: does not decode: {e}: {json}"))?;
    let debug = format!("{decoded:?}");
    if !debug.starts_with(&format!("{expected}(")) {
        let got = debug.split('(').next().unwrap_or("?");
        return Err(format!("{json} decodes as RichText::{got}, not RichText::{expected}"));
    }
    let text = serde_json::to_string(json).expect("serialises");
    let from_text: RichText =
        serde_json::from_str(&text).map_err(|e| format!("{expected}: from_str: {e}"))?;
    if from_text != decoded {
        return Err(format!("{expected}: from_str and from_value disagree"));
    }
    let written = serde_json::to_value(&decoded).expect("serialises");
    if written != *json {
        return Err(format!("RichText::{expected} is written back as {written}, not as {json}"));
    }
    Ok(())
}

fn assert_all(failures: Vec<String>, cases: usize) {
    println!("{cases} cases, {} failed", failures.len());
    let first: Vec<&str> = failures.iter().take(10).map(String::as_str).collect();
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed; the first:\n{}",
        failures.len(),
        first.join("\n")
    );
}

#[test]
fn every_rich_text_variant_round_trips_as_itself() {
    let variants = variants();
    let failures: Vec<String> = variants.iter().filter_map(|(name, json)| check(json, name).err()).collect();
    assert_all(failures, variants.len());
}

#[test]
fn every_rich_text_variant_round_trips_inside_every_other() {
    let variants = variants();
    let mut failures = Vec::new();
    let mut cases = 0;
    for (outer, outer_json) in &variants {
        if outer_json.get("text").is_none() {
            continue;
        }
        for (inner, inner_json) in &variants {
            let mut nested = outer_json.clone();
            nested["text"] = json!([inner_json, "plain", [inner_json]]);
            cases += 1;
            if let Err(e) = check(&nested, outer) {
                failures.push(format!("{inner} inside {outer}: {e}"));
            }
        }
    }
    assert!(cases > 100, "only {cases} nestings");
    assert_all(failures, cases);
}

#[test]
fn italic_is_written_back_as_italic() {
    let json = json!({"type": "italic", "text": {"type": "underline", "text": "u"}});
    let decoded: RichText = serde_json::from_value(json.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&decoded).expect("serialises"), json, "decoded as {decoded:?}");
}
