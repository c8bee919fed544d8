//! Objects in each platform's shape: the bot, a text update, a sent message.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

use crate::Platform;

/// The bot `getMe` describes.
pub(crate) fn bot_user(platform: Platform) -> Value {
    match platform {
        Platform::Potato => {
            json!({"id": 10100427, "first_name": "fake_bot", "last_name": "", "username": "fake_bot"})
        }
        Platform::CloudChat | Platform::Telegram => {
            json!({"id": 10100427, "is_bot": true, "first_name": "fake_bot", "username": "fake_bot"})
        }
    }
}

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

/// A private text message from user `chat_id`, as an update `update_id` of `platform`.
pub fn text_update(platform: Platform, update_id: i64, chat_id: i64, text: &str) -> Value {
    let message = match platform {
        Platform::Potato => json!({
            "message_id": update_id,
            "chat": {"id": chat_id, "type": 1},
            "from": {"id": chat_id, "first_name": "Fake", "username": "fake_user"},
            "text": text,
            "date": now(),
        }),
        Platform::CloudChat => json!({
            "message_id": update_id,
            "chat": {"id": chat_id, "type": 2},
            "from": {"id": chat_id, "is_bot": false, "first_name": "Fake"},
            "text": text,
            "date": now(),
        }),
        Platform::Telegram => json!({
            "message_id": update_id,
            "chat": {"id": chat_id, "type": "private", "first_name": "Fake"},
            "from": {"id": chat_id, "is_bot": false, "first_name": "Fake"},
            "text": text,
            "date": now(),
        }),
    };
    json!({"update_id": update_id, "message": message})
}

/// The result of the send method for a message `message_id` to `chat_id`.
pub(crate) fn sent_message(
    platform: Platform,
    message_id: i64,
    chat_id: &Value,
    chat_type: Option<&Value>,
    text: &str,
) -> Value {
    let id = chat_id.as_i64().unwrap_or_default();
    match platform {
        Platform::Potato => json!({"message_id": message_id}),
        Platform::CloudChat => json!({
            "message_id": message_id,
            "date": now(),
            "chat": {"id": id, "type": chat_type.cloned().unwrap_or(json!(2))},
            "text": text,
        }),
        Platform::Telegram => json!({
            "message_id": message_id,
            "date": now(),
            "chat": {"id": id, "type": "private"},
            "from": bot_user(platform),
            "text": text,
        }),
    }
}
