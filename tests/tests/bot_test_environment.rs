//! A Telegram bot in the test environment, against the fake server: every call (getMe,
//! long polling, the answer) goes to `/bot<token>/test/METHOD`.

use fake_server::FakeServer;
use tgfamily::polling::LongPolling;
use tgfamily::telegram::{Bot, Telegram, UpdateKind};
use tgfamily::{Client, Incoming};

const TOKEN: &str = "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

#[tokio::test]
async fn an_echo_bot_in_the_test_environment_calls_the_test_urls() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let client = Client::<Telegram>::new(TOKEN).test_environment().with_base_url(server.base_url());
    assert!(client.is_test_environment(), "kept across with_base_url");
    let bot = Bot::with_client(client);
    bot.get_me().await.expect("getMe");
    server.push_text_message(7, "ping");
    let mut updates = LongPolling::new(bot.client().clone()).stream();
    let Some(Ok(Incoming::Update(update))) = updates.next().await else { panic!("an update") };
    let Some(UpdateKind::Message(message)) = update.kind else { panic!("a message") };
    bot.send_message(message.chat.id, message.text.unwrap_or_default()).await.expect("echoed");
    updates.shutdown().await.expect("confirmed");

    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert!(paths.len() >= 3, "{paths:?}");
    let prefix = format!("/bot{TOKEN}/test/");
    assert!(paths.iter().all(|p| p.starts_with(&prefix)), "{paths:?}");
    assert!(paths.contains(&format!("{prefix}sendMessage")), "{paths:?}");
    assert_eq!(server.sent_messages()[0].text, "ping");
}

#[tokio::test]
async fn the_production_environment_has_no_test_segment() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let bot = Bot::with_client(Client::<Telegram>::new(TOKEN).with_base_url(server.base_url()));
    bot.get_me().await.expect("getMe");
    assert_eq!(server.requests()[0].path, format!("/bot{TOKEN}/getMe"));
}
