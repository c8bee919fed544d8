//! Objects in each platform's shape, from its profile's samples: the bot, a text update,
//! a sent message.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use tgfamily_runtime::profile::Sample;

use crate::Platform;

/// The fake bot's id.
const BOT_ID: i64 = 10100427;

/// `sample`'s object with its variable parts set where the shape has them.
fn fill(sample: &Sample, set: &[(Option<&str>, Value)]) -> Value {
    let mut value: Value = serde_json::from_str(sample.json).unwrap_or_else(|_| json!({}));
    for (pointer, part) in set {
        if let Some(slot) = pointer.and_then(|pointer| value.pointer_mut(pointer)) {
            *slot = part.clone();
        }
    }
    value
}

/// Names the string fields of a person the sample has (`first_name`, `username`).
fn name_person(person: Option<&mut Value>, name: &str) {
    let Some(Value::Object(person)) = person else { return };
    for field in ["first_name", "username"] {
        if let Some(slot) = person.get_mut(field) {
            *slot = json!(name);
        }
    }
    if let Some(slot) = person.get_mut("is_bot") {
        *slot = json!(name == "fake_bot");
    }
}

/// The bot `getMe` describes.
pub(crate) fn bot_user(platform: Platform) -> Value {
    let mut me = fill(&platform.me, &[(platform.me.id, json!(BOT_ID))]);
    name_person(Some(&mut me), "fake_bot");
    me
}

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

/// A private text message from user `chat_id`, as an update `update_id` of `platform`.
pub fn text_update(platform: Platform, update_id: i64, chat_id: i64, text: &str) -> Value {
    let sample = &platform.text_update;
    let mut update = fill(
        sample,
        &[
            (sample.id, json!(update_id)),
            (sample.message_id, json!(update_id)),
            (sample.chat_id, json!(chat_id)),
            (sample.from_id, json!(chat_id)),
            (sample.text, json!(text)),
            (sample.date, json!(now())),
        ],
    );
    let from = sample.from_id.and_then(|pointer| pointer.strip_suffix("/id")).map(str::to_owned);
    name_person(from.and_then(|pointer| update.pointer_mut(&pointer)), "Fake");
    update
}

/// The result of the send method for a message `message_id` to `chat_id`.
pub(crate) fn sent_message(platform: Platform, message_id: i64, chat_id: &Value, text: &str) -> Value {
    let sample = &platform.sent_message;
    fill(
        sample,
        &[
            (sample.id, json!(message_id)),
            (sample.chat_id, json!(chat_id.as_i64().unwrap_or_default())),
            (sample.text, json!(text)),
            (sample.date, json!(now())),
        ],
    )
}
