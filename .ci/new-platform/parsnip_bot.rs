//! A bot on a platform that exists only as one spec file: `.ci/new-platform-check` makes
//! `spec/parsnip.yaml` (CloudChat's spec renamed, with private chats as `chat_type` 4 and
//! error codes of its own), runs `cargo xtask codegen`, and runs these tests against the
//! fake server, which plays the platform from its generated `PROFILE`.

use std::time::Duration;

use fake_server::{FakeServer, RateLimits};
use futures_util::StreamExt;
use tgfamily::parsnip::{Bot, ChatType, ErrorCode, Parsnip, SendTextMessage};
use tgfamily::polling::LongPolling;
use tgfamily::{Client, Incoming, Request};

const TOKEN: &str = "123:parsnip";
const MESSAGES: [&str; 3] = ["one", "two", "three"];

fn bot(server: &FakeServer) -> Bot {
    Bot::with_client(Client::new(TOKEN).with_base_url(server.base_url()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_echo_bot_answers_every_message() {
    let server = FakeServer::start_for(&tgfamily::parsnip::PROFILE).await;
    server.expect_token(TOKEN);
    for (n, text) in MESSAGES.iter().enumerate() {
        server.push_text_message(100 + n as i64, text);
    }
    let bot = bot(&server);
    let mut updates = LongPolling::new(bot.client().clone()).stream();
    let echo = async {
        let mut answered = 0;
        while answered < MESSAGES.len() {
            match updates.next().await {
                Some(Ok(Incoming::Update(update))) => {
                    let message = update.message().expect("a message update");
                    let text = message.text.clone().expect("a text message");
                    bot.send_text_message(message.chat.id, ChatType::ChannelOrGroup, text).await.expect("sent");
                    answered += 1;
                }
                Some(Ok(_)) => panic!("an update the spec's types cannot read"),
                Some(Err(error)) => panic!("polling failed: {error}"),
                None => panic!("the stream ended"),
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(30), echo).await.expect("answered in time");
    let sent: Vec<String> = server.sent_messages().into_iter().map(|m| m.text).collect();
    assert_eq!(sent, MESSAGES);
    let wrong = Bot::with_client(Client::<Parsnip>::new("9:wrong").with_base_url(server.base_url()));
    let error = wrong.get_me().await.expect_err("a wrong token");
    assert_eq!(error.api().map(|api| api.code), Some(ErrorCode::Unauthorized), "{error}");
}

#[test]
fn the_throttle_reads_this_specs_chat_kind() {
    let private = SendTextMessage::new(5, ChatType::ChannelOrGroup, "hi").target().expect("a send");
    assert!(!private.group, "chat_type 4 is a private chat on this platform");
    let group = SendTextMessage::new(5, ChatType::UserToUser, "hi").target().expect("a send");
    assert!(group.group, "chat_type 2 is a group on this platform");
}

/// A group here is `chat_type` 2, a private chat on CloudChat: a throttle that read the
/// kind as CloudChat does would send to the group at the private pace and meet the
/// server's group limit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_throttled_burst_to_a_group_meets_no_rate_limit() {
    let server = FakeServer::start_for(&tgfamily::parsnip::PROFILE).await;
    let limits = RateLimits::telegram().scaled(20);
    server.enforce_rate_limits(limits);
    let throttle = tgfamily::throttle::Limits::new(
        tgfamily::throttle::Rate::new(1, Duration::from_millis(50)),
        tgfamily::throttle::Rate::new(20, Duration::from_secs(3)),
        tgfamily::throttle::Rate::new(30, Duration::from_millis(50)),
    );
    let bot = Bot::with_client(
        Client::<Parsnip>::new(TOKEN).with_base_url(server.base_url()).throttled(throttle),
    );
    let sends = (0..25).map(|n| {
        let bot = bot.clone();
        async move { bot.send_text_message(7, ChatType::UserToUser, format!("m{n}")).await }
    });
    let results = tokio::time::timeout(Duration::from_secs(60), futures_util::future::join_all(sends))
        .await
        .expect("in time");
    assert!(results.iter().all(Result::is_ok), "every send went through");
    assert_eq!(server.rate_limited(), 0, "the server refused no message");
    assert_eq!(server.sent_messages().len(), 25);
}
