//! A bot that handles Telegram's errors by kind (the spec's catalogue of descriptions),
//! against the fake server: a blocked user is dropped from the mailing list, a migrated
//! group is written to again under its new id, an edit that changes nothing is fine, and
//! a description nobody catalogued stays `Unknown` with its text. A CloudChat 429 without
//! `retry_after` is still a rate limit.

use fake_server::{FakeServer, Reply};
use serde_json::json;
use tgfamily::telegram::{Bot, ErrorKind, Telegram};
use tgfamily::{Client, RetryPolicy};

const TOKEN: &str = "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

/// What the bot did for one subscriber.
#[derive(Debug, PartialEq)]
enum Outcome {
    Sent,
    Unsubscribed,
    MovedTo(i64),
    Failed(String),
}

/// The bot's mailing: send `text` to `chat`, reacting to the error kinds it expects.
async fn notify(bot: &Bot, chat: i64, text: &str) -> Outcome {
    match bot.send_message(chat, text).await {
        Ok(_) => Outcome::Sent,
        Err(error) => match (error.kind(), error.api()) {
            (Some(ErrorKind::BotBlocked | ErrorKind::UserDeactivated | ErrorKind::ChatNotFound), _) => {
                Outcome::Unsubscribed
            }
            (Some(ErrorKind::GroupMigrated), Some(api)) => match api.parameters.migrate_to_chat_id {
                Some(new_id) if bot.send_message(new_id, text).await.is_ok() => Outcome::MovedTo(new_id),
                _ => Outcome::Failed(api.description.clone()),
            },
            (_, Some(api)) => Outcome::Failed(format!("{:?}: {}", api.kind(), api.description)),
            (_, None) => Outcome::Failed(error.to_string()),
        },
    }
}

#[tokio::test]
async fn a_mailing_bot_reacts_to_each_error_kind() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let bot = Bot::with_client(Client::<Telegram>::new(TOKEN).with_base_url(server.base_url()));
    server.reply(
        "sendMessage",
        Reply::ok(json!({"message_id": 1, "date": 1, "chat": {"id": 1, "type": "private"}})),
    );
    server.reply("sendMessage", Reply::error(403, 403, "Forbidden: bot was blocked by the user"));
    server.reply("sendMessage", Reply::error(400, 400, "Bad Request: chat not found"));
    server.reply(
        "sendMessage",
        Reply::Json {
            status: 400,
            body: json!({"ok": false, "error_code": 400,
                "description": "Bad Request: group chat was upgraded to a supergroup chat",
                "parameters": {"migrate_to_chat_id": -1001234}}),
        },
    );
    // The resend to the migrated group's new id.
    server.reply(
        "sendMessage",
        Reply::ok(json!({"message_id": 2, "date": 1, "chat": {"id": -1001234, "type": "supergroup"}})),
    );
    server.reply("sendMessage", Reply::error(400, 400, "Bad Request: hologram is not supported"));
    let mut outcomes = Vec::new();
    for chat in [1, 2, 3, -4, 5] {
        outcomes.push(notify(&bot, chat, "news").await);
    }
    assert_eq!(
        outcomes,
        [
            Outcome::Sent,
            Outcome::Unsubscribed,
            Outcome::Unsubscribed,
            Outcome::MovedTo(-1001234),
            Outcome::Failed("Unknown: Bad Request: hologram is not supported".to_owned()),
        ]
    );
    let resent =
        server.requests().iter().filter_map(|r| r.json()).filter(|b| b["chat_id"] == -1001234).count();
    assert_eq!(resent, 1, "the migrated group got the message under its new id");
}

#[tokio::test]
async fn an_edit_that_changes_nothing_is_recognised() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let bot = Bot::with_client(Client::<Telegram>::new(TOKEN).with_base_url(server.base_url()));
    server.reply(
        "editMessageText",
        Reply::error(
            400,
            400,
            "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
        ),
    );
    let error = bot.edit_message_text().chat_id(1).message_id(9).text("same").await.expect_err("refused");
    assert_eq!(error.kind(), Some(ErrorKind::MessageNotModified));
    let api = error.api().expect("an API error");
    assert_eq!(api.status, 400);
    assert!(!api.is_rate_limit());
}

#[test]
fn kinds_follow_the_catalogue_order_and_codes() {
    assert_eq!(ErrorKind::of(429, "Too Many Requests: retry after 5"), ErrorKind::TooManyRequests);
    assert!(ErrorKind::of(429, "Too Many Requests").is_rate_limit());
    assert_eq!(ErrorKind::of(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"), ErrorKind::Conflict);
    assert_eq!(
        ErrorKind::of(400, "Bad Request: not enough rights to pin a message"),
        ErrorKind::NotEnoughRightsToPin
    );
    assert_eq!(
        ErrorKind::of(400, "Bad Request: not enough rights to send photos"),
        ErrorKind::NotEnoughRights
    );
    assert_eq!(
        ErrorKind::of(400, "Bad Request: wrong file identifier/HTTP URL specified"),
        ErrorKind::WrongFileIdOrUrl
    );
    assert_eq!(ErrorKind::of(400, "Bad Request: wrong file id"), ErrorKind::WrongFileId);
    assert_eq!(
        ErrorKind::of(403, "Bad Request: chat not found"),
        ErrorKind::Unknown,
        "the code must match too"
    );
    assert_eq!(ErrorKind::ChatNotFound.prefix(), Some("Bad Request: chat not found"));
    assert_eq!(ErrorKind::Unknown.prefix(), None);
}

#[tokio::test]
async fn a_cloudchat_429_without_retry_after_is_a_rate_limit() {
    use tgfamily::cloudchat::{Bot, ChatType, Cloudchat};
    let server = FakeServer::start_for(&tgfamily::cloudchat::PROFILE).await;
    let client =
        Client::<Cloudchat>::new(TOKEN).with_base_url(server.base_url()).with_retry(RetryPolicy::none());
    let bot = Bot::with_client(client);
    server.reply(
        "sendTextMessage",
        Reply::Json { status: 429, body: json!({"ok": false, "description": "slow down"}) },
    );
    let error = bot.send_text_message(1, ChatType::UserToUser, "hi").await.expect_err("refused");
    let api = error.api().expect("an API error");
    assert_eq!((api.status, api.parameters.retry_after), (429, None));
    assert!(api.is_rate_limit());
    assert!(!api.code.is_rate_limit(), "CloudChat documents no codes: the status says it");
}
