//! The CloudChat client against a real HTTP server on 127.0.0.1: its URL shape, the
//! `/setDescription` path of `setChatDescription`, and chat ids and chat types in both
//! forms the document allows.

use fake_server::{FakeServer, Reply};
use serde_json::json;
use tgfamily::cloudchat::{Bot, Chat, ChatKind, ChatType, ChatTypeName};
use tgfamily::Client;

const TOKEN: &str = "12345678:1cvV9xN7DLzbgSSV4NFsYo3mqSg";

fn bot(server: &FakeServer) -> Bot {
    Bot::with_client(Client::new(TOKEN).with_base_url(server.base_url()))
}

#[tokio::test]
async fn set_chat_description_is_served_at_set_description() {
    let server = FakeServer::start().await;
    server.reply("setDescription", Reply::ok(json!(true)));
    bot(&server).set_chat_description("@news").description("All the news").await.expect("set");
    let request = &server.requests()[0];
    assert_eq!(request.verb, "POST");
    assert_eq!(request.path, format!("/{TOKEN}/setDescription"));
    assert_eq!(request.json(), Some(json!({"chat_id": "@news", "description": "All the news"})));
}

#[tokio::test]
async fn get_me_is_a_get_on_token_slash_method() {
    let server = FakeServer::start().await;
    server.reply("getMe", Reply::ok(json!({"id": 7, "is_bot": true, "first_name": "bot"})));
    let me = bot(&server).get_me().await.expect("getMe");
    assert_eq!(me.id, 7);
    let request = &server.requests()[0];
    assert_eq!((request.verb.as_str(), request.path.clone()), ("GET", format!("/{TOKEN}/getMe")));
}

#[tokio::test]
async fn send_text_message_takes_an_integer_chat_type() {
    let server = FakeServer::start().await;
    server.reply(
        "sendTextMessage",
        Reply::ok(json!({"message_id": 3, "date": 1, "chat": {"id": 5, "type": 2}})),
    );
    let sent = bot(&server).send_text_message(5, ChatType::UserToUser, "hi").await.expect("sent");
    assert_eq!(sent.message_id, 3);
    assert_eq!(server.requests()[0].json(), Some(json!({"chat_id": 5, "chat_type": 2, "text": "hi"})));
}

#[test]
fn a_chat_type_decodes_as_an_integer_or_as_a_name() {
    let numeric: Chat = serde_json::from_str(r#"{"id": 1, "type": 4}"#).expect("integer type");
    assert_eq!(numeric.kind, ChatKind::ChatType(ChatType::ChannelOrGroup));
    let named: Chat = serde_json::from_str(r#"{"id": 1, "type": "private"}"#).expect("string type");
    assert_eq!(named.kind, ChatKind::ChatTypeName(ChatTypeName::Private));
    let unknown: Chat = serde_json::from_str(r#"{"id": 1, "type": 9}"#).expect("an unknown integer type");
    assert_eq!(unknown.kind, ChatKind::ChatType(ChatType::Unknown(9)));
}
