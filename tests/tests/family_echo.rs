//! The echo-with-keyboard bot of `generated/examples/common/family_echo.rs`, written once
//! against the family traits, run against the fake server on 127.0.0.1 for each platform:
//! every message is echoed to its chat and the echo edited to carry the keyboard, in the
//! platform's own wire shape.

#[path = "../../examples/examples/common/family_echo.rs"]
mod family_echo;

use std::time::Duration;

use fake_server::{FakeServer, Platform};
use serde_json::{json, Value};
use tgfamily::family::{EditText, SendText};

/// The messages queued, each from its own chat.
const MESSAGES: [(i64, &str); 3] = [(20216742, "hello"), (20216743, "is anybody there?"), (20216744, "bye")];

/// The longest a run may take before the test gives up (a bound, not a measurement).
const RUN_LIMIT: Duration = Duration::from_secs(30);

/// A fake server for `platform` with the messages queued.
async fn server(platform: Platform) -> FakeServer {
    let server = FakeServer::start_for(platform).await;
    for (chat, text) in MESSAGES {
        server.push_text_message(chat, text);
    }
    server
}

/// A client of `server`.
fn client<P: tgfamily::Platform>(server: &FakeServer) -> tgfamily::Client<P> {
    tgfamily::Client::new("123456:fake-token").with_base_url(server.base_url())
}

/// Runs the bot on `bot` until it has answered every message.
async fn run<B: SendText + EditText>(bot: &B) {
    let answered = tokio::time::timeout(RUN_LIMIT, family_echo::echo_with_keyboard(bot, MESSAGES.len()))
        .await
        .expect("the bot answers within the limit")
        .expect("no call fails");
    assert_eq!(answered, MESSAGES.len());
}

/// The JSON bodies of the requests to `method`.
fn bodies(server: &FakeServer, method: &str) -> Vec<Value> {
    server
        .requests()
        .iter()
        .filter(|r| r.path.ends_with(&format!("/{method}")))
        .map(|r| r.json().expect("a JSON body"))
        .collect()
}

/// What the fake server got: each text echoed to its chat, and each echo (by the id the
/// send returned) edited to the edited text with `keyboard(text)`.
fn check(server: &FakeServer, keyboard: impl Fn(&str) -> Value) {
    let sent = server.sent_messages();
    assert_eq!(sent.len(), MESSAGES.len());
    for (message, (chat, text)) in sent.iter().zip(MESSAGES) {
        assert_eq!((message.chat_id.as_i64(), message.text.as_str()), (Some(chat), text));
    }
    let edits = bodies(server, "editMessageText");
    assert_eq!(edits.len(), MESSAGES.len());
    for ((edit, sent), (chat, text)) in edits.iter().zip(&sent).zip(MESSAGES) {
        assert_eq!(edit["chat_id"], json!(chat));
        assert_eq!(edit["message_id"], json!(sent.message_id));
        assert_eq!(edit["text"], json!(family_echo::edited(text)));
        assert_eq!(edit["reply_markup"], keyboard(text));
    }
}

/// The two buttons, as every platform writes them.
fn buttons(text: &str) -> Value {
    json!([
        {"text": "again", "callback_data": text},
        {"text": "docs", "url": "https://docs.rs/tgfamily"},
    ])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_runs_on_telegram() {
    let server = server(&tgfamily::telegram::PROFILE).await;
    run(&tgfamily::telegram::Bot::with_client(client(&server))).await;
    check(&server, |text| json!({"inline_keyboard": [buttons(text)]}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_runs_on_potato() {
    let server = server(&tgfamily::potato::PROFILE).await;
    run(&tgfamily::potato::Bot::with_client(client(&server))).await;
    // Potato's keyboard is tagged `type: 4` and wraps each row in an object.
    check(&server, |text| json!({"type": 4, "inline_keyboard": [{"buttons": buttons(text)}]}));
    for body in bodies(&server, "sendTextMessage").iter().chain(&bodies(&server, "editMessageText")) {
        assert_eq!(body["chat_type"], json!(1), "the chat type comes from the received chat");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_runs_on_cloudchat() {
    let server = server(&tgfamily::cloudchat::PROFILE).await;
    run(&tgfamily::cloudchat::Bot::with_client(client(&server))).await;
    check(&server, |text| json!({"inline_keyboard": [buttons(text)]}));
    for body in bodies(&server, "sendTextMessage") {
        assert_eq!(body["chat_type"], json!(2), "the chat type comes from the received chat");
    }
}
