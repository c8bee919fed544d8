//! The Telegram bindings: forward compatibility of decoding, and the transport against a
//! real HTTP server on 127.0.0.1 (URL shape, media groups uploaded as library-named
//! `attach://` parts, typed `retry_after` and `migrate_to_chat_id`).

use fake_server::{FakeServer, Reply};
use serde_json::{json, Value};
use tgfamily::telegram::{
    Bot, ErrorCode, InputMedia, InputMediaPhoto, MaybeInaccessibleMessage, MessageOrigin, ParseMode,
    ReactionType, Telegram, Update, UpdateKind,
};
use tgfamily::{Client, Error, InputFile, RetryPolicy};

const TOKEN: &str = "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

fn bot(server: &FakeServer) -> Bot {
    Bot::with_client(Client::new(TOKEN).with_base_url(server.base_url()))
}

/// A `getUpdates` answer holding `updates`, decoded as the transport decodes it.
fn decode_batch(updates: Value) -> Vec<Update> {
    let body = json!({"ok": true, "result": updates}).to_string();
    tgfamily::transport::decode::<ErrorCode, Vec<Update>>("getUpdates", 200, body.as_bytes(), "")
        .unwrap_or_else(|e| panic!("the batch does not decode: {e}"))
}

fn message(id: i64) -> Value {
    json!({"message_id": id, "date": 1795219204, "chat": {"id": 1, "type": "private"}, "text": "hi"})
}

#[test]
fn an_update_of_an_unknown_kind_is_kept_as_json_without_failing_the_batch() {
    let updates = decode_batch(json!([
        {"update_id": 1, "message": message(10)},
        {"update_id": 2, "hologram_call": {"id": "h1", "depth": 3}},
        {"update_id": 3, "message": message(11)},
    ]));
    assert_eq!(updates.len(), 3);
    assert!(matches!(&updates[0].kind, Some(UpdateKind::Message(m)) if m.message_id == 10));
    match &updates[1].kind {
        Some(UpdateKind::Unknown(field)) => {
            assert_eq!(field.name, "hologram_call");
            assert_eq!(field.value, json!({"id": "h1", "depth": 3}).into());
        }
        other => panic!("expected an unknown kind, got {other:?}"),
    }
    assert!(matches!(&updates[2].kind, Some(UpdateKind::Message(m)) if m.message_id == 11));
}

#[test]
fn a_new_field_is_kept_as_json() {
    let mut with_new_field = message(12);
    with_new_field["sparkles"] = json!({"count": 3});
    let updates = decode_batch(json!([{"update_id": 4, "message": with_new_field}]));
    let Some(UpdateKind::Message(message)) = &updates[0].kind else { panic!("a message") };
    assert_eq!(
        message.unknown_fields.as_ref().and_then(|f| f.get("sparkles")),
        Some(&json!({"count": 3}).into())
    );
    let written = serde_json::to_value(&updates[0]).expect("serialises");
    assert_eq!(written["message"]["sparkles"], json!({"count": 3}), "written back unchanged");
}

#[test]
fn a_new_enum_value_is_kept() {
    assert_eq!(
        serde_json::from_str::<ParseMode>("\"MarkdownV3\"").ok(),
        Some(ParseMode::Other("MarkdownV3".into()))
    );
    assert_eq!(
        serde_json::to_string(&ParseMode::Other("MarkdownV3".into())).ok().as_deref(),
        Some("\"MarkdownV3\"")
    );
    assert_eq!(serde_json::from_str::<ParseMode>("\"HTML\"").ok(), Some(ParseMode::Html));
}

#[test]
fn a_new_union_variant_is_kept_as_json() {
    let mut forwarded = message(13);
    forwarded["forward_origin"] = json!({"type": "satellite", "date": 1, "orbit": 7});
    forwarded["reply_markup"] = json!({"inline_keyboard": []});
    let updates = decode_batch(json!([{"update_id": 5, "message": forwarded}]));
    let Some(UpdateKind::Message(message)) = &updates[0].kind else { panic!("a message") };
    assert_eq!(
        message.forward_origin.as_deref(),
        Some(&MessageOrigin::Unknown(json!({"type": "satellite", "date": 1, "orbit": 7}).into()))
    );
    let reaction: ReactionType = serde_json::from_str(r#"{"type": "sticker", "id": 9}"#).expect("decodes");
    assert!(matches!(reaction, ReactionType::Unknown(_)));
}

#[test]
fn an_inaccessible_message_is_told_apart_by_its_zero_date() {
    let inaccessible: MaybeInaccessibleMessage =
        serde_json::from_str(r#"{"chat": {"id": 1, "type": "private"}, "message_id": 5, "date": 0}"#)
            .expect("decodes");
    assert!(matches!(inaccessible, MaybeInaccessibleMessage::InaccessibleMessage(_)));
    let accessible: MaybeInaccessibleMessage =
        serde_json::from_str(&message(6).to_string()).expect("decodes");
    assert!(matches!(accessible, MaybeInaccessibleMessage::Message(m) if m.message_id == 6));
}

#[tokio::test]
async fn requests_go_to_bot_token_slash_method() {
    let server = FakeServer::start().await;
    server.reply("sendMessage", Reply::ok(message(20)));
    let sent =
        bot(&server).send_message("@channel", "hello").parse_mode(ParseMode::MarkdownV2).await.expect("sent");
    assert_eq!(sent.message_id, 20);
    let request = &server.requests()[0];
    assert_eq!(request.path, format!("/bot{TOKEN}/sendMessage"));
    assert_eq!(
        request.json(),
        Some(json!({"chat_id": "@channel", "text": "hello", "parse_mode": "MarkdownV2"}))
    );
}

#[tokio::test]
async fn a_media_group_uploads_each_file_under_a_library_given_name() {
    let server = FakeServer::start().await;
    server.reply("sendMediaGroup", Reply::ok(json!([message(30), message(31)])));
    let media = vec![
        InputMedia::from(
            InputMediaPhoto::new(InputFile::memory("a.jpg", vec![1u8; 10])).with_caption("first"),
        ),
        InputMedia::from(InputMediaPhoto::new(InputFile::reference("AgADBAAD-existing"))),
        InputMedia::from(InputMediaPhoto::new(InputFile::memory("c.jpg", vec![3u8; 30]))),
    ];
    let sent = bot(&server).send_media_group(-100123, media).await.expect("sent");
    assert_eq!(sent.len(), 2);
    let request = &server.requests()[0];
    let parts = request.parts();
    let part = |name: &str| {
        parts.iter().find(|p| p.name == name).cloned().unwrap_or_else(|| panic!("no part {name}"))
    };
    let media: Value = serde_json::from_slice(&part("media").body).expect("media is JSON");
    assert_eq!(
        media,
        json!([
            {"type": "photo", "media": "attach://file0", "caption": "first"},
            {"type": "photo", "media": "AgADBAAD-existing"},
            {"type": "photo", "media": "attach://file1"}
        ])
    );
    assert_eq!((part("file0").file_name.as_deref(), part("file0").body), (Some("a.jpg"), vec![1u8; 10]));
    assert_eq!((part("file1").file_name.as_deref(), part("file1").body), (Some("c.jpg"), vec![3u8; 30]));
    assert_eq!(part("chat_id").body, b"-100123");
}

#[tokio::test]
async fn retry_after_and_migrate_to_chat_id_are_typed() {
    let server = FakeServer::start().await;
    let flood = json!({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 3", "parameters": {"retry_after": 3}});
    let migrated = json!({"ok": false, "error_code": 400, "description": "Bad Request: group chat was upgraded to a supergroup chat", "parameters": {"migrate_to_chat_id": -1001234567890_i64}});
    server.reply("sendMessage", Reply::Json { status: 429, body: flood });
    server.reply("getChat", Reply::Json { status: 400, body: migrated });
    // One attempt: the retry policy (tested in faults_sends.rs) would wait and send again.
    let bot =
        Bot::with_client(Client::new(TOKEN).with_base_url(server.base_url()).with_retry(RetryPolicy::none()));
    let error = bot.send_message(1, "x").await.expect_err("rate limited");
    assert_eq!(error.api().map(|e| e.code), Some(ErrorCode::TooManyRequests));
    assert!(error.api().is_some_and(|e| e.code.is_rate_limit()));
    assert_eq!(error.retry_after(), Some(std::time::Duration::from_secs(3)));
    let error = bot.get_chat(-4012).await.expect_err("migrated");
    assert_eq!(error.api().and_then(|e| e.parameters.migrate_to_chat_id), Some(-1001234567890));
    assert!(matches!(error.api().map(|e| e.code), Some(ErrorCode::Unknown(400))));
    assert!(!format!("{error} {error:?}").contains(TOKEN));
    assert!(matches!(error, Error::Api(_)));
}

#[test]
fn files_are_downloaded_from_file_bot_token_path() {
    let client: Client<Telegram> = Client::new(TOKEN).with_base_url("http://127.0.0.1:8081");
    assert_eq!(
        client.file_url("photos/file_0.jpg").as_deref(),
        Some(format!("http://127.0.0.1:8081/file/bot{TOKEN}/photos/file_0.jpg").as_str())
    );
    assert_eq!(Client::<Telegram>::new(TOKEN).base_url(), "https://api.telegram.org");
}
