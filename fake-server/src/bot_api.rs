//! The platform's own behaviour: the methods a bot needs to run against the fake server.

use std::time::Duration;

use serde_json::{json, Map, Value};
use tokio::time::Instant;

use crate::{samples, Platform, Queued, RecordedRequest, Reply, SentMessage, Shared, WebhookTarget};

/// The most updates one answer holds, and the default `limit` (Telegram's).
const MAX_BATCH: usize = 100;
/// The longest long poll the server holds a request for.
const MAX_LONG_POLL: Duration = Duration::from_secs(50);

/// The answer of the platform to `method`.
pub(crate) async fn answer(
    shared: &Shared,
    platform: Platform,
    method: &str,
    request: &RecordedRequest,
) -> Reply {
    let params = params(request);
    match method {
        "getUpdates" => get_updates(shared, platform, &params).await,
        "setWebhook" => set_webhook(shared, &params),
        "deleteWebhook" | "delWebhook" => {
            shared.state().webhook = None;
            Reply::ok(Value::Bool(true))
        }
        "getWebhookInfo" => {
            let state = shared.state();
            let url = state.webhook.as_ref().map(|target| target.url.clone()).unwrap_or_default();
            Reply::ok(json!({
                "url": url,
                "has_custom_certificate": false,
                "pending_update_count": state.updates.len(),
            }))
        }
        "getMe" => Reply::ok(samples::bot_user(platform)),
        "getFile" => get_file(shared, &params),
        _ if Some(method) == platform.send_text => send_text(shared, platform, &params),
        _ if platform.edit_text.is_some_and(|(edit, _)| edit == method) => edit_text(platform, &params),
        _ => match batch_list(platform, method) {
            // A batch forward or copy: one new message id per message id given.
            Some(list) => {
                let count = params.get(list).and_then(Value::as_array).map_or(0, Vec::len);
                Reply::ok(Value::Array((1..=count).map(|id| json!({"message_id": id})).collect()))
            }
            None => Reply::ok(Value::Bool(true)),
        },
    }
}

/// A `404` as Telegram's server answers an unknown path.
pub(crate) fn not_found() -> Reply {
    Reply::error(404, 404, "Not Found")
}

/// The platform's answer to a wrong token.
pub(crate) fn unauthorized(platform: Platform) -> Reply {
    let answer = platform.bad_token;
    Reply::error(answer.status, answer.code, answer.description)
}

/// The list parameter of a method that sends one message per item and answers one
/// message id per item (a batch forward or copy), by the platform's send rule; an album
/// (`sendMediaGroup`) answers messages and is not one.
fn batch_list(platform: Platform, method: &str) -> Option<&'static str> {
    let rule = platform.sends?;
    rule.counts.iter().find(|(name, list)| *name == method && list.ends_with("_ids")).map(|(_, list)| *list)
}

/// `getFile` for a file the server serves (`serve_file`): its path and size.
fn get_file(shared: &Shared, params: &Map<String, Value>) -> Reply {
    let id = params.get("file_id").and_then(Value::as_str).unwrap_or_default();
    let state = shared.state();
    match state.files.get(id) {
        Some(len) => {
            Reply::ok(json!({"file_id": id, "file_unique_id": id, "file_size": len, "file_path": id}))
        }
        None => Reply::error(400, 400, "Bad Request: invalid file_id"),
    }
}

/// The parameters of a request: its JSON body, or its query string.
fn params(request: &RecordedRequest) -> Map<String, Value> {
    if let Some(Value::Object(map)) = request.json() {
        return map;
    }
    request
        .query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(key, value)| {
            let value = percent_decode(value);
            let value = serde_json::from_str(&value).unwrap_or(Value::String(value));
            (key.to_owned(), value)
        })
        .collect()
}

pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes.get(at + 1..at + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[at], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                at += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                at += 1;
            }
            (byte, _) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn get_updates(shared: &Shared, platform: Platform, params: &Map<String, Value>) -> Reply {
    let offset = params.get("offset").and_then(Value::as_i64);
    let limit =
        params.get("limit").and_then(Value::as_u64).map_or(MAX_BATCH, |l| (l as usize).clamp(1, MAX_BATCH));
    let timeout = params.get("timeout").and_then(Value::as_u64).map_or(Duration::ZERO, Duration::from_secs);
    let deadline = Instant::now() + timeout.min(MAX_LONG_POLL);
    let long_poll = platform.long_poll;
    loop {
        let arrived = shared.updates_arrived.notified();
        tokio::pin!(arrived);
        arrived.as_mut().enable();
        {
            let mut state = shared.state();
            if state.webhook.is_some() {
                return Reply::error(
                    409,
                    409,
                    "Conflict: can't use getUpdates method while webhook is active",
                );
            }
            let batch: Vec<Queued> = if platform.confirms_by_offset {
                confirm_below(&mut state.updates, offset);
                state.updates.iter().take(limit).cloned().collect()
            } else {
                let count = limit.min(state.updates.len());
                state.updates.drain(..count).collect()
            };
            if !batch.is_empty() || !long_poll || Instant::now() >= deadline {
                return batch_reply(&batch);
            }
        }
        tokio::select! {
            _ = arrived => {}
            _ = tokio::time::sleep_until(deadline) => {}
        }
    }
}

/// Telegram's `offset`: every update below it is confirmed and forgotten; a negative one
/// keeps only the last `-offset` updates.
fn confirm_below(updates: &mut std::collections::VecDeque<Queued>, offset: Option<i64>) {
    match offset {
        Some(offset) if offset < 0 => {
            let keep = usize::try_from(offset.unsigned_abs()).unwrap_or(usize::MAX);
            while updates.len() > keep {
                updates.pop_front();
            }
        }
        Some(offset) => {
            updates.retain(|update| update.id.is_none_or(|id| id >= offset));
        }
        None => {}
    }
}

/// `{"ok": true, "result": [...]}` around the updates' bytes, as they are.
fn batch_reply(batch: &[Queued]) -> Reply {
    let mut body = b"{\"ok\":true,\"result\":[".to_vec();
    for (at, update) in batch.iter().enumerate() {
        if at > 0 {
            body.push(b',');
        }
        body.extend_from_slice(&update.bytes);
    }
    body.extend_from_slice(b"]}");
    Reply::Raw { status: 200, body }
}

fn set_webhook(shared: &Shared, params: &Map<String, Value>) -> Reply {
    let url = params.get("url").and_then(Value::as_str).unwrap_or_default();
    if url.is_empty() {
        shared.state().webhook = None;
        return Reply::ok(Value::Bool(true));
    }
    if crate::webhook::loopback_target(url).is_none() {
        return Reply::error(
            400,
            400,
            "Bad Request: the fake server posts to http://127.x.x.x or localhost only",
        );
    }
    let secret_token = params.get("secret_token").and_then(Value::as_str).map(str::to_owned);
    shared.state().webhook = Some(WebhookTarget { url: url.to_owned(), secret_token });
    shared.updates_arrived.notify_waiters();
    Reply::ok(Value::Bool(true))
}

fn send_text(shared: &Shared, platform: Platform, params: &Map<String, Value>) -> Reply {
    let chat_id = params.get("chat_id").cloned().unwrap_or(Value::Null);
    let text = params.get("text").and_then(Value::as_str).unwrap_or_default().to_owned();
    let message_id = {
        let mut state = shared.state();
        let message_id = i64::try_from(state.sent.len()).unwrap_or(i64::MAX) + 1;
        state.sent.push(SentMessage { chat_id: chat_id.clone(), text: text.clone(), message_id });
        message_id
    };
    Reply::ok(samples::sent_message(platform, message_id, &chat_id, &text))
}

/// The edit method: the edited message where the platform returns one (Telegram and
/// CloudChat), `true` otherwise (Potato documents no result).
fn edit_text(platform: Platform, params: &Map<String, Value>) -> Reply {
    let chat_id = params.get("chat_id").cloned().unwrap_or(Value::Null);
    let message_id = params.get("message_id").and_then(Value::as_i64).unwrap_or_default();
    let text = params.get("text").and_then(Value::as_str).unwrap_or_default();
    match platform.edit_text {
        Some((_, true)) => Reply::ok(samples::sent_message(platform, message_id, &chat_id, text)),
        _ => Reply::ok(Value::Bool(true)),
    }
}
