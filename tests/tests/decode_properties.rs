//! Decoding does not depend on key order, and unknown fields survive wherever they are.
//!
//! Over real updates (the Telegram corpora in `../shared/bench`; for Potato and CloudChat
//! their specs' examples, the fake server's update and the corpus updates they decode),
//! with every object's members shuffled at every level (a seeded generator per case, so a
//! failure names its seed):
//! - a shuffled update decodes to the same value as the original;
//! - with unknown fields inserted into random objects at random positions, the decoded
//!   update serialises back to exactly the mutated JSON (as a `serde_json::Value`), and
//!   two orders of the same mutated update decode alike;
//! - an unknown field before an update's kind key is kept;
//! - an 80-digit integer in an unknown field is written back digit for digit.

use std::fmt::Debug;

use integration::json_tree::{self, Json};
use integration::rng::Rng;
use integration::samples;
use integration::unknown_fields::{self, BIG_INTEGER, PREFIX};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Shuffled orders, and mutations (shuffle and insert unknown fields), checked per sample
/// of the 10k corpus.
const CORPUS_TRIES: usize = 2;
/// The same for the few samples of the specs and the fake server.
const SAMPLE_TRIES: usize = 25;
/// Failures quoted in a failing test's message.
const QUOTED: usize = 5;

/// What one property run saw.
#[derive(Default)]
struct Outcome {
    cases: usize,
    failures: Vec<String>,
}

impl Outcome {
    fn fail(&mut self, message: String) {
        self.failures.push(message);
    }

    fn assert_clean(&self, what: &str) {
        println!("{what}: {} cases, {} failed", self.cases, self.failures.len());
        assert!(
            self.failures.is_empty(),
            "{what}: {} of {} cases failed; the first:\n{}",
            self.failures.len(),
            self.cases,
            self.failures.iter().take(QUOTED).cloned().collect::<Vec<_>>().join("\n")
        );
    }
}

fn cut(text: &str) -> String {
    let mut end = text.len().min(400);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

fn decode<U: DeserializeOwned>(text: &str) -> Result<U, String> {
    serde_json::from_str::<U>(text).map_err(|e| e.to_string())
}

/// The update `text` decodes and serialises back to the same JSON value.
fn round_trips<U: DeserializeOwned + Serialize>(text: &str) -> Result<U, String> {
    let update: U = decode(text).map_err(|e| format!("does not decode: {e}"))?;
    let written = serde_json::to_value(&update).map_err(|e| format!("does not serialise: {e}"))?;
    let expected: Value = serde_json::from_str(text).map_err(|e| format!("test bug, not JSON: {e}"))?;
    if written != expected {
        return Err(format!(
            "is not written back as received\n  sent:    {}\n  written: {}",
            cut(&expected.to_string()),
            cut(&written.to_string())
        ));
    }
    Ok(update)
}

/// The key-order and insertion properties over `samples` of platform `platform`.
fn check_properties<U>(platform: &str, samples: &[Json], tries: usize) -> Outcome
where
    U: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let salt = platform.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    let mut outcome = Outcome::default();
    for (index, sample) in samples.iter().enumerate() {
        let original = sample.without_nulls();
        let text = original.write();
        outcome.cases += 1;
        let decoded: U = match round_trips(&text) {
            Ok(decoded) => decoded,
            Err(e) => {
                outcome.fail(format!("{platform} sample {index} as given {e}\n  {}", cut(&text)));
                continue;
            }
        };
        for order in 0..tries {
            let seed = salt ^ (index as u64) << 16 ^ order as u64;
            let shuffled = original.shuffled(&mut Rng::new(seed)).write();
            outcome.cases += 1;
            match decode::<U>(&shuffled) {
                Ok(again) if again == decoded => {}
                Ok(_) => outcome.fail(format!(
                    "{platform} sample {index}, seed {seed:#x}: shuffling the keys changed the decoded value\n  {}",
                    cut(&shuffled)
                )),
                Err(e) => outcome.fail(format!(
                    "{platform} sample {index}, seed {seed:#x}: shuffled, it does not decode: {e}\n  {}",
                    cut(&shuffled)
                )),
            }
        }
        for mutation in 0..tries {
            let seed = salt ^ (index as u64) << 16 ^ (0x100 + mutation as u64);
            let mut rng = Rng::new(seed);
            let mut mutated = original.shuffled(&mut rng);
            let count = 1 + rng.below(4);
            unknown_fields::insert(&mut mutated, &mut rng, count);
            let text = mutated.write();
            outcome.cases += 1;
            let first: U = match round_trips(&text) {
                Ok(first) => first,
                Err(e) => {
                    outcome.fail(format!(
                        "{platform} sample {index}, seed {seed:#x}: with {count} unknown fields inserted it {e}"
                    ));
                    continue;
                }
            };
            let reordered = mutated.shuffled(&mut rng).write();
            outcome.cases += 1;
            match decode::<U>(&reordered) {
                Ok(second) if second == first => {}
                Ok(_) => outcome.fail(format!(
                    "{platform} sample {index}, seed {seed:#x}: the same unknown fields in another key order decode to another value\n  1st: {}\n  2nd: {}",
                    cut(&text),
                    cut(&reordered)
                )),
                Err(e) => outcome.fail(format!(
                    "{platform} sample {index}, seed {seed:#x}: in another key order it does not decode: {e}"
                )),
            }
        }
    }
    outcome
}

/// The sample with `member` placed right after its `update_id`, which comes first.
fn with_member_after_id(sample: &Json, member: (String, Json)) -> Json {
    let Json::Object(members) = sample.without_nulls() else { return sample.clone() };
    let (mut ordered, rest): (Vec<_>, Vec<_>) =
        members.into_iter().partition(|(key, _)| key == "\"update_id\"");
    ordered.push(member);
    ordered.extend(rest);
    Json::Object(ordered)
}

/// An unknown object field between `update_id` and the kind key, in every sample.
fn check_unknown_before_kind<U: DeserializeOwned + Serialize>(platform: &str, samples: &[Json]) -> Outcome {
    let mut outcome = Outcome::default();
    let unknown = json_tree::parse(r#"{"a":1,"b":[true,{"c":null}]}"#).expect("JSON");
    for (index, sample) in samples.iter().enumerate() {
        let text = with_member_after_id(sample, (format!("\"{PREFIX}_first\""), unknown.clone())).write();
        outcome.cases += 1;
        if let Err(e) = round_trips::<U>(&text) {
            outcome.fail(format!("{platform} sample {index}: an unknown field before the kind key: it {e}"));
        }
    }
    outcome
}

/// An 80-digit unknown integer at the top level of every sample and inside its first
/// nested object: the written text holds it digit for digit, twice.
fn check_big_integer<U: DeserializeOwned + Serialize>(platform: &str, samples: &[Json]) -> Outcome {
    let mut outcome = Outcome::default();
    for (index, sample) in samples.iter().enumerate() {
        let mut mutated = sample.without_nulls();
        let member = || (format!("\"{PREFIX}_big\""), Json::Atom(BIG_INTEGER.to_owned()));
        mutated.insert_member(0, 0, member());
        let nested = mutated.insert_member(1, 0, member());
        let text = mutated.write();
        outcome.cases += 1;
        let update: U = match decode(&text) {
            Ok(update) => update,
            Err(e) => {
                outcome.fail(format!(
                    "{platform} sample {index}: with an 80-digit unknown field it does not decode: {e}"
                ));
                continue;
            }
        };
        let written = serde_json::to_string(&update).expect("serialises");
        let expected = if nested { 2 } else { 1 };
        let found = written.matches(BIG_INTEGER).count();
        if found != expected {
            outcome.fail(format!(
                "{platform} sample {index}: the 80-digit integer {BIG_INTEGER} is written back {found} times of {expected}, as: {}",
                cut(written.split(&format!("\"{PREFIX}_big\":")).nth(1).unwrap_or("(key gone)"))
            ));
        }
    }
    outcome
}

/// The samples of `platform` other than the Telegram corpora: its spec's examples, its
/// updates with every field filled from the spec (each kind, 1 to 3 levels deep), the
/// fake server's text update, and the updates of the 100-update corpus (for Potato and
/// CloudChat, those that decode as their update). Only those that decode are kept.
fn platform_samples<U: DeserializeOwned>(platform: &str, fake: fake_server::Platform) -> Vec<Json> {
    let mut all = samples::spec_example_updates(platform);
    let spec = samples::spec(platform);
    for levels in 1..=3 {
        for update in integration::minimal::fullest(&spec, "Update", levels) {
            all.push(json_tree::parse(&update.to_string()).expect("JSON"));
        }
    }
    let update = fake_server::text_update(fake, 77, 5, "hi \u{e9} \"quoted\"").to_string();
    all.push(json_tree::parse(&update).expect("the fake server's update is JSON"));
    all.extend(samples::corpus_updates("updates_100.json").unwrap_or_default());
    all.into_iter().filter(|sample| decode::<U>(&sample.without_nulls().write()).is_ok()).collect()
}

/// No unknown name can be a spec's field.
#[test]
fn unknown_names_are_in_no_spec() {
    for platform in ["telegram", "potato", "cloudchat"] {
        let names = samples::field_names(platform);
        assert!(names.len() > 20, "{platform}: the spec has {} field names", names.len());
        let clash: Vec<_> = names.iter().filter(|name| name.starts_with(PREFIX)).collect();
        assert!(clash.is_empty(), "{platform} has fields named like the unknown ones: {clash:?}");
    }
}

#[test]
fn telegram_corpus_decodes_alike_in_any_key_order_and_keeps_unknown_fields() {
    use tgfamily::telegram::Update;
    let Some(samples) = samples::corpus_updates("updates_10k.json") else { return };
    assert!(samples.len() >= 10_000, "the corpus has {} updates", samples.len());
    check_properties::<Update>("telegram", &samples, CORPUS_TRIES).assert_clean("telegram, 10k corpus");
}

#[test]
fn potato_samples_decode_alike_in_any_key_order_and_keep_unknown_fields() {
    use tgfamily::potato::Update;
    let samples = platform_samples::<Update>("potato", &tgfamily::potato::PROFILE);
    println!("potato: {} samples", samples.len());
    assert!(samples.len() >= 3, "only {} Potato samples decode", samples.len());
    check_properties::<Update>("potato", &samples, SAMPLE_TRIES).assert_clean("potato");
}

#[test]
fn cloudchat_samples_decode_alike_in_any_key_order_and_keep_unknown_fields() {
    use tgfamily::cloudchat::Update;
    let samples = platform_samples::<Update>("cloudchat", &tgfamily::cloudchat::PROFILE);
    println!("cloudchat: {} samples", samples.len());
    assert!(samples.len() >= 3, "only {} CloudChat samples decode", samples.len());
    check_properties::<Update>("cloudchat", &samples, SAMPLE_TRIES).assert_clean("cloudchat");
}

#[test]
fn telegram_samples_of_the_spec_and_fake_server_keep_unknown_fields() {
    use tgfamily::telegram::Update;
    let samples = platform_samples::<Update>("telegram", &tgfamily::telegram::PROFILE);
    assert!(!samples.is_empty(), "no Telegram sample decodes");
    check_properties::<Update>("telegram", &samples, SAMPLE_TRIES).assert_clean("telegram samples");
}

#[test]
fn an_unknown_field_before_the_kind_key_is_kept_on_every_platform() {
    use tgfamily::{cloudchat, potato, telegram};
    let mut outcomes = Vec::new();
    if let Some(corpus) = samples::corpus_updates("updates_10k.json") {
        outcomes.push(("telegram 10k", check_unknown_before_kind::<telegram::Update>("telegram", &corpus)));
    }
    let potato = platform_samples::<potato::Update>("potato", &tgfamily::potato::PROFILE);
    outcomes.push(("potato", check_unknown_before_kind::<potato::Update>("potato", &potato)));
    let cloudchat = platform_samples::<cloudchat::Update>("cloudchat", &tgfamily::cloudchat::PROFILE);
    outcomes.push(("cloudchat", check_unknown_before_kind::<cloudchat::Update>("cloudchat", &cloudchat)));
    let mut all = Outcome::default();
    for (what, outcome) in outcomes {
        println!("unknown before kind, {what}: {} cases, {} failed", outcome.cases, outcome.failures.len());
        all.cases += outcome.cases;
        all.failures.extend(outcome.failures);
    }
    all.assert_clean("unknown before kind, all platforms");
}

#[test]
fn an_80_digit_unknown_integer_is_written_back_digit_for_digit() {
    use tgfamily::{cloudchat, potato, telegram};
    let mut outcomes = Vec::new();
    if let Some(corpus) = samples::corpus_updates("updates_100.json") {
        outcomes.push(("telegram 100", check_big_integer::<telegram::Update>("telegram", &corpus)));
    }
    let potato = platform_samples::<potato::Update>("potato", &tgfamily::potato::PROFILE);
    outcomes.push(("potato", check_big_integer::<potato::Update>("potato", &potato)));
    let cloudchat = platform_samples::<cloudchat::Update>("cloudchat", &tgfamily::cloudchat::PROFILE);
    outcomes.push(("cloudchat", check_big_integer::<cloudchat::Update>("cloudchat", &cloudchat)));
    let mut all = Outcome::default();
    for (what, outcome) in outcomes {
        println!("80 digits, {what}: {} cases, {} failed", outcome.cases, outcome.failures.len());
        all.cases += outcome.cases;
        all.failures.extend(outcome.failures);
    }
    all.assert_clean("80 digits, all platforms");
}

/// The issue's own case, spelled out: `{"update_id":1,"zzz":{"a":1},"message":{...}}`.
#[test]
fn the_issue_case_unknown_object_before_message() {
    use tgfamily::telegram::Update;
    let text = r#"{"update_id":1,"zzz":{"a":1},"message":{"message_id":2,"date":3,"chat":{"id":4,"type":"private"},"text":"hi"}}"#;
    let update: Update = serde_json::from_str(text).expect("decodes");
    let written = serde_json::to_value(&update).expect("serialises");
    let sent: Value = serde_json::from_str(text).expect("JSON");
    assert_eq!(written, sent, "the unknown field before `message` is lost or moved");
}
