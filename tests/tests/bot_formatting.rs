//! Bots that format their text, against the fake server: a Telegram bot reads the bold
//! part of a received message (UTF-16 offsets, with emoji and CJK before it) and answers
//! with text + entities and with MarkdownV2; Potato and CloudChat bots answer in their
//! markdown.

use fake_server::FakeServer;
use serde_json::json;
use tgfamily::format::{entity_text, Style, TextBuilder};
use tgfamily::polling::LongPolling;
use tgfamily::{Client, Incoming};

const TOKEN: &str = "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

/// The JSON bodies of the requests for `method`.
fn bodies(server: &FakeServer, method: &str) -> Vec<serde_json::Value> {
    server.requests().iter().filter(|r| r.path.ends_with(method)).filter_map(|r| r.json()).collect()
}

#[tokio::test]
async fn a_telegram_bot_reads_an_entity_and_answers_with_entities_and_markdown_v2() {
    use tgfamily::telegram::{Bot, ParseMode, Telegram, UpdateKind};
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let bot = Bot::with_client(Client::<Telegram>::new(TOKEN).with_base_url(server.base_url()));
    // "🎉日本 e\u{301} order " is 2 + 2 + 1 + 2 + 7 = 14 UTF-16 units; "pizza 🍕" is 8.
    let text = "🎉日本 e\u{301} order pizza 🍕 now";
    server.push_updates([json!({"update_id": 1, "message": {
        "message_id": 5, "date": 1, "chat": {"id": 42, "type": "private"}, "text": text,
        "entities": [{"type": "bold", "offset": 14, "length": 8}],
    }})]);
    let mut updates = LongPolling::new(bot.client().clone()).stream();
    let Some(Ok(Incoming::Update(update))) = updates.next().await else { panic!("an update") };
    let Some(UpdateKind::Message(message)) = update.kind else { panic!("a message") };
    let body = message.text.as_deref().unwrap_or_default();
    let ordered: Vec<&str> = message
        .entities
        .iter()
        .flatten()
        .filter(|e| e.kind == tgfamily::telegram::MessageEntityType::Bold)
        .filter_map(|e| entity_text(body, e.offset, e.length))
        .collect();
    assert_eq!(ordered, ["pizza 🍕"]);

    let answer =
        TextBuilder::new().plain("One ").bold(ordered[0]).plain(" for ").mention_user("Zoë 👩‍🍳", 42).build();
    let entities = answer.spans().iter().map(tgfamily::telegram::MessageEntity::from).collect();
    bot.send_message(42, answer.text()).entities(entities).await.expect("sent with entities");
    bot.send_message(42, answer.to_markdown_v2()).parse_mode(ParseMode::MarkdownV2).await.expect("sent");
    updates.shutdown().await.expect("confirmed");

    let sent = bodies(&server, "/sendMessage");
    assert_eq!(sent[0]["text"], "One pizza 🍕 for Zoë 👩‍🍳");
    assert_eq!(
        sent[0]["entities"],
        json!([
            {"type": "bold", "offset": 4, "length": 8},
            {"type": "text_mention", "offset": 17, "length": 9,
             "user": {"id": 42, "is_bot": false, "first_name": ""}},
        ])
    );
    assert_eq!(sent[1]["text"], "One *pizza 🍕* for [Zoë 👩‍🍳](tg://user?id=42)");
    assert_eq!(sent[1]["parse_mode"], "MarkdownV2");
}

#[tokio::test]
async fn a_potato_bot_answers_in_potato_markdown_and_reads_entities() {
    use tgfamily::potato::{Bot, ChatType, Potato, UpdateKind};
    let server = FakeServer::start_for(&tgfamily::potato::PROFILE).await;
    let bot = Bot::with_client(Client::<Potato>::new(TOKEN).with_base_url(server.base_url()));
    server.push_updates([json!({"update_id": 1, "message": {
        "message_id": 5, "date": 1, "chat": {"id": 42, "type": 1}, "text": "看 /new_bot 😀",
        "from": {"id": 42, "first_name": "Fake", "username": "fake_user"},
        "entities": [{"type": 9, "offset": 2, "length": 8}],
    }})]);
    let mut updates = LongPolling::new(bot.client().clone()).stream();
    let Some(Ok(Incoming::Update(update))) = updates.next().await else { panic!("an update") };
    let Some(UpdateKind::Message(message)) = update.kind else { panic!("a message") };
    let body = message.text.as_deref().unwrap_or_default();
    let command = message.entities.iter().flatten().find_map(|e| entity_text(body, e.offset, e.length));
    assert_eq!(command, Some("/new_bot"));

    let answer = TextBuilder::new()
        .plain("Try ")
        .styled(Style::BotCommand, "/new_bot")
        .plain(" or ")
        .link("the guide", "https://example.com/guide")
        .plain(", ")
        .bold("now")
        .build();
    let markdown = answer.render(tgfamily::potato::MARKUP).expect("Potato writes these");
    bot.send_text_message(ChatType::PeerUser, 42, markdown).markdown(true).await.expect("sent");
    let sent = bodies(&server, "/sendTextMessage");
    assert_eq!(sent[0]["text"], "Try [/new_bot](cmd) or [the guide](https://example.com/guide), **now**");
    assert_eq!(sent[0]["markdown"], true);
}

#[tokio::test]
async fn a_cloudchat_bot_answers_in_cloudchat_markdown_with_escapes() {
    use tgfamily::cloudchat::{Bot, ChatType, Cloudchat, ParseMode};
    let server = FakeServer::start_for(&tgfamily::cloudchat::PROFILE).await;
    let bot = Bot::with_client(Client::<Cloudchat>::new(TOKEN).with_base_url(server.base_url()));
    let user_input = "2*3 = [six]";
    let answer = TextBuilder::new().bold("Result:").plain(" ").plain(user_input).build();
    let markdown = answer.render(tgfamily::cloudchat::MARKUP).expect("CloudChat writes these");
    bot.send_text_message(42, ChatType::UserToUser, markdown)
        .parse_mode(ParseMode::Markdown)
        .await
        .expect("sent");
    let sent = bodies(&server, "/sendTextMessage");
    assert_eq!(sent[0]["text"], "**Result:** 2\\*3 = \\[six\\]");
    assert_eq!(sent[0]["parse_mode"], "Markdown");
}
