//! The Potato client against a real HTTP server on 127.0.0.1.

use std::time::Duration;

use fake_server::{FakeServer, Reply};
use serde_json::json;
use tgfamily::potato::{
    Bot, ChatType, ErrorCode, InlineKeyboardButton, InlineKeyboardButtonRow, InlineKeyboardMarkup,
};
use tgfamily::{Client, Error, InputFile, RetryPolicy};

const TOKEN: &str = "123456909:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";

/// A bot without retries: these tests check one attempt (retries are `faults_*.rs`').
async fn bot(server: &FakeServer) -> Bot {
    Bot::with_client(
        Client::new(TOKEN)
            .with_base_url(server.base_url())
            .with_timeout(Duration::from_secs(5))
            .with_retry(RetryPolicy::none()),
    )
}

#[tokio::test]
async fn get_me_is_a_get_on_token_slash_method() {
    let server = FakeServer::start().await;
    server.reply(
        "getMe",
        Reply::ok(json!({"id": 10100427, "first_name": "ll_bot", "last_name": "", "username": "ll_bot"})),
    );
    let me = bot(&server).await.get_me().await.expect("getMe succeeds");
    assert_eq!(me.id, 10100427);
    assert_eq!(me.username, "ll_bot");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].verb, "GET");
    assert_eq!(requests[0].path, format!("/{TOKEN}/getMe"));
}

#[tokio::test]
async fn the_four_get_methods_use_get_and_the_rest_post() {
    let server = FakeServer::start().await;
    server.reply("getUpdates", Reply::ok(json!([])));
    server.reply("getGroups", Reply::ok(json!({"Groups": [{"PeerID": 1, "PeerName": "g"}]})));
    let bot = bot(&server).await;
    assert!(bot.get_updates().await.expect("getUpdates").is_empty());
    bot.del_webhook().await.expect("delWebhook");
    bot.get_me().await.ok();
    let groups = bot.get_groups().await.expect("getGroups");
    assert_eq!(groups.groups.as_deref().map(|g| g[0].peer_name.as_str()), Some("g"));
    bot.leave_chat(ChatType::PeerChat, 8000012).await.expect("leaveChat");
    let verbs: Vec<(String, String)> = server
        .requests()
        .iter()
        .map(|r| (r.path.rsplit('/').next().unwrap_or_default().to_owned(), r.verb.clone()))
        .collect();
    let expected = [
        ("getUpdates", "GET"),
        ("delWebhook", "GET"),
        ("getMe", "GET"),
        ("getGroups", "GET"),
        ("leaveChat", "POST"),
    ];
    let expected: Vec<(String, String)> =
        expected.iter().map(|(m, v)| (m.to_string(), v.to_string())).collect();
    assert_eq!(verbs, expected);
}

#[tokio::test]
async fn send_text_message_posts_json_with_an_integer_tagged_reply_markup() {
    let server = FakeServer::start().await;
    server.reply("sendTextMessage", Reply::ok(json!({"message_id": 27315})));
    let keyboard =
        InlineKeyboardMarkup::new(vec![InlineKeyboardButtonRow::new(vec![InlineKeyboardButton::new(
            "Button1",
        )
        .with_callback_data("123")])]);
    let sent = bot(&server)
        .await
        .send_text_message(ChatType::PeerUser, 20216742, "hello")
        .markdown(true)
        .reply_markup(keyboard)
        .await
        .expect("sendTextMessage succeeds");
    assert_eq!(sent.message_id, 27315);
    let request = &server.requests()[0];
    assert_eq!(request.verb, "POST");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        Some(json!({
            "chat_type": 1, "chat_id": 20216742, "text": "hello", "markdown": true,
            "reply_markup": {"type": 4, "inline_keyboard": [{"buttons": [{"text": "Button1", "callback_data": "123"}]}]}
        }))
    );
}

#[tokio::test]
async fn a_photo_upload_is_multipart_with_the_bytes() {
    let server = FakeServer::start().await;
    server.reply("sendPhoto", Reply::ok(json!({"message_id": 5, "file_id": "f1"})));
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let sent = bot(&server)
        .await
        .send_photo(ChatType::PeerUser, 8000012, InputFile::memory("cat.png", bytes.clone()))
        .caption("a cat")
        .await
        .expect("sendPhoto succeeds");
    assert_eq!(sent.file_id, "f1");
    let request = &server.requests()[0];
    assert!(request.header("content-type").is_some_and(|v| v.starts_with("multipart/form-data")));
    let parts = request.parts();
    let part = |name: &str| parts.iter().find(|p| p.name == name).cloned();
    let photo = part("photo").expect("a photo part");
    assert_eq!(photo.file_name.as_deref(), Some("cat.png"));
    assert_eq!(photo.body, bytes);
    assert_eq!(part("chat_type").map(|p| p.body), Some(b"1".to_vec()));
    assert_eq!(part("chat_id").map(|p| p.body), Some(b"8000012".to_vec()));
    assert_eq!(part("caption").map(|p| p.body), Some(b"a cat".to_vec()));
    assert_eq!(parts.len(), 4);
}

#[tokio::test]
async fn a_file_id_stays_json() {
    let server = FakeServer::start().await;
    server.reply("sendPhoto", Reply::ok(json!({"message_id": 5, "file_id": "f1"})));
    bot(&server)
        .await
        .send_photo(ChatType::PeerUser, 1, "00000220aa47fca4bf5dfd5b49d552b9")
        .await
        .expect("sendPhoto");
    let request = &server.requests()[0];
    assert_eq!(
        request.json(),
        Some(json!({"chat_type": 1, "chat_id": 1, "photo": "00000220aa47fca4bf5dfd5b49d552b9"}))
    );
}

#[tokio::test]
async fn error_1007_is_the_typed_rate_limit() {
    let server = FakeServer::start().await;
    server.reply("sendTextMessage", Reply::error(200, 1007, "frequency of apis sent exceeded limit"));
    let error =
        bot(&server).await.send_text_message(ChatType::PeerUser, 1, "x").await.expect_err("an API error");
    let api = error.api().expect("an API error");
    assert_eq!(api.code, ErrorCode::RateLimited);
    assert!(api.code.is_rate_limit());
    assert_eq!(api.description, "frequency of apis sent exceeded limit");
    assert_eq!(api.method, "sendTextMessage");
}

#[tokio::test]
async fn an_unlisted_error_code_is_kept() {
    let server = FakeServer::start().await;
    server.reply("getChat", Reply::error(400, 4048, "new error"));
    let error = bot(&server).await.get_chat(ChatType::PeerChat, 1).await.expect_err("an API error");
    assert_eq!(error.api().map(|a| a.code), Some(ErrorCode::Unknown(4048)));
    assert_eq!(error.api().map(|a| a.code.value()), Some(4048));
}

#[tokio::test]
async fn empty_results_are_accepted_where_the_method_returns_nothing() {
    let server = FakeServer::start().await;
    server.reply("editMessageText", Reply::ok(serde_json::Value::Null));
    server.reply("leaveChat", Reply::Json { status: 200, body: json!({"ok": true}) });
    let bot = bot(&server).await;
    bot.edit_message_text(ChatType::PeerChat, 1, "new", 16).await.expect("a null result");
    bot.leave_chat(ChatType::PeerChat, 1).await.expect("no result at all");
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_naming_the_method_without_the_token() {
    let server = FakeServer::start().await;
    let body = format!("<html>Bad gateway for /{TOKEN}/getChat</html>");
    server.reply("getChat", Reply::Raw { status: 502, body: body.into_bytes() });
    let error = bot(&server).await.get_chat(ChatType::PeerChat, 1).await.expect_err("a decode error");
    assert!(matches!(error, Error::Decode { method: "getChat", status: 502, .. }), "{error:?}");
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("getChat") && shown.contains("<html>Bad gateway"), "{shown}");
    assert!(!shown.contains(TOKEN) && !shown.contains("ABC-DEF1234"), "the token leaked: {shown}");
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error_without_the_token() {
    let server = FakeServer::start().await;
    server.reply("getMe", Reply::Drop);
    let error = bot(&server).await.get_me().await.expect_err("a transport error");
    assert!(matches!(error, Error::Transport { method: "getMe", .. }), "{error:?}");
    assert_no_token(&error);
}

#[tokio::test]
async fn a_truncated_body_is_an_error_without_the_token() {
    let server = FakeServer::start().await;
    let body = json!({"ok": true, "result": {"id": 1, "username": "b"}}).to_string().into_bytes();
    server.reply("getMe", Reply::Truncated { sent: body.len() / 2, body });
    let error = bot(&server).await.get_me().await.expect_err("a truncated body fails");
    assert_no_token(&error);
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    let server = FakeServer::start().await;
    server.reply(
        "getMe",
        Reply::Delayed(Duration::from_secs(3), Box::new(Reply::ok(json!({"id": 1, "username": "b"})))),
    );
    let bot = Bot::with_client(
        Client::new(TOKEN).with_base_url(server.base_url()).with_timeout(Duration::from_millis(200)),
    );
    let error = bot.get_me().await.expect_err("a timeout");
    assert!(matches!(error, Error::Timeout { method: "getMe" }), "{error:?}");
    assert_no_token(&error);
}

#[tokio::test]
async fn nothing_listening_is_a_transport_error_before_sending() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let bot = Bot::with_client(
        Client::new(TOKEN).with_base_url(format!("http://127.0.0.1:{port}")).with_retry(RetryPolicy::none()),
    );
    let error = bot.get_me().await.expect_err("connection refused");
    assert!(matches!(error, Error::Transport { before_sending: true, .. }), "{error:?}");
    assert_no_token(&error);
}

#[test]
fn the_token_is_not_in_debug_output() {
    let bot = Bot::new(TOKEN);
    let shown = format!("{bot:?} {:?}", bot.client());
    assert!(!shown.contains(TOKEN) && shown.contains("<token>"), "{shown}");
    assert_eq!(bot.client().base_url(), "https://api.sydney.im:8443");
}

#[test]
fn the_file_url_follows_the_template() {
    let client: Client<tgfamily::potato::Potato> = Client::new("t:1").with_base_url("http://host/");
    assert_eq!(client.file_url("files/a.mp3").as_deref(), Some("http://host/t:1/files/a.mp3"));
}

/// The token appears nowhere in the error's `Display`, `Debug` or source chain.
fn assert_no_token(error: &tgfamily::potato::Error) {
    let mut shown = format!("{error} {error:?}");
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        shown.push_str(&format!(" {inner} {inner:?}"));
        source = inner.source();
    }
    assert!(!shown.contains(TOKEN) && !shown.contains("ABC-DEF1234"), "the token leaked: {shown}");
}
