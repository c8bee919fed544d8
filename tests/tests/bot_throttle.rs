//! A broadcasting bot, throttled, against the fake server enforcing Telegram's limits (ten
//! times faster, so the test is short): every message arrives, none is refused, a chat
//! that is rate limited waits alone, and the others go on; a batch forward counts each of
//! its messages; cancelled sends leave nothing waiting behind them.

use fake_server::{FakeServer, RateLimits, Reply};
use serde_json::json;
use tgfamily::telegram::{Bot, Telegram};
use tgfamily::throttle::Limits;
use tgfamily::{Client, RetryPolicy};

const TOKEN: &str = "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const SCALE: u32 = 10;

fn throttled_bot(server: &FakeServer, retry: RetryPolicy) -> Bot {
    // A wide margin: the test checks what is refused, not how close to the limits it runs.
    let limits = Limits { margin_percent: 25, ..tgfamily::telegram::RATE_LIMITS.scaled(SCALE) };
    Bot::with_client(
        Client::<Telegram>::new(TOKEN).with_base_url(server.base_url()).with_retry(retry).throttled(limits),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_throttled_broadcast_is_never_refused() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    server.enforce_rate_limits(RateLimits::telegram().scaled(SCALE));
    let bot = throttled_bot(&server, RetryPolicy::none());
    // 16 private chats x 10 messages and 4 groups x 5, all at once.
    let chats: Vec<i64> = (1..=16).flat_map(|chat| [chat; 10]).chain((1..=4).flat_map(|g| [-g; 5])).collect();
    let sends = chats.iter().map(|&chat| {
        let bot = bot.clone();
        tokio::spawn(async move { bot.send_message(chat, "news").await.map(|_| ()) })
    });
    let results = futures_util::future::join_all(sends).await;
    let failures: Vec<String> = results
        .into_iter()
        .filter_map(|r| match r {
            Ok(Ok(())) => None,
            Ok(Err(error)) => Some(error.to_string()),
            Err(panic) => Some(panic.to_string()),
        })
        .collect();
    assert_eq!((failures, server.rate_limited()), (Vec::<String>::new(), 0));
    assert_eq!(server.sent_messages().len(), 180);
    assert_eq!(bot.client().throttle().map(|t| t.queued()), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unthrottled_the_same_broadcast_is_refused() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    server.enforce_rate_limits(RateLimits::telegram().scaled(SCALE));
    let bot = Bot::with_client(
        Client::<Telegram>::new(TOKEN).with_base_url(server.base_url()).with_retry(RetryPolicy::none()),
    );
    let sends = (0..40).map(|_| {
        let bot = bot.clone();
        tokio::spawn(async move { bot.send_message(1, "news").await.map(|_| ()) })
    });
    let refused = futures_util::future::join_all(sends)
        .await
        .into_iter()
        .filter(|r| matches!(r, Ok(Err(e)) if e.api().is_some_and(|api| api.status == 429)))
        .count();
    assert!(refused > 0 && refused == server.rate_limited(), "{refused} vs {}", server.rate_limited());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limited_chat_waits_alone() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let bot = throttled_bot(&server, RetryPolicy::default());
    server.reply(
        "sendMessage",
        Reply::Json {
            status: 429,
            body: json!({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 1",
                "parameters": {"retry_after": 1}}),
        },
    );
    let frozen = {
        let bot = bot.clone();
        tokio::spawn(async move { bot.send_message(1, "to A").await.map(|_| ()) })
    };
    // Chat A's first attempt reached the server (and took the 429) before chat B sends.
    for _ in 0..5000 {
        if !server.requests().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
    assert_eq!(server.requests().len(), 1, "chat A's request arrived");
    bot.send_message(2, "to B").await.expect("chat B is not frozen");
    frozen.await.expect("joined").expect("chat A's retry succeeds after retry_after");
    let texts: Vec<String> = server.sent_messages().into_iter().map(|m| m.text).collect();
    assert_eq!(texts, ["to B", "to A"], "B went while A was frozen");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_forward_counts_each_message_and_is_never_refused() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    server.enforce_rate_limits(RateLimits::telegram().scaled(SCALE));
    let bot = throttled_bot(&server, RetryPolicy::none());
    // 20 chats, each a forward of three messages and one message of its own, all at once:
    // 80 messages, which the server counts one by one (30 per window overall).
    let mut sends = Vec::new();
    for chat in 1..=20 {
        let (forwarding, sending) = (bot.clone(), bot.clone());
        sends.push(tokio::spawn(async move {
            forwarding
                .forward_messages(chat, 999, vec![1, 2, 3])
                .await
                .map(|ids| ids.len())
                .map_err(|e| e.to_string())
        }));
        sends.push(tokio::spawn(async move {
            sending.send_message(chat, "news").await.map(|_| 1).map_err(|e| e.to_string())
        }));
    }
    let mut messages = 0;
    for send in futures_util::future::join_all(sends).await {
        messages += send.expect("joined").expect("never refused");
    }
    assert_eq!((messages, server.rate_limited()), (80, 0));
    assert_eq!(bot.client().throttle().map(|t| t.queued()), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelled_sends_leave_nothing_waiting_and_block_nothing() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    server.enforce_rate_limits(RateLimits::telegram().scaled(SCALE));
    let bot = throttled_bot(&server, RetryPolicy::none());
    // Ten sends to one chat (one each 125 ms): most wait for their slot when cancelled,
    // as a bot's `select!` or `timeout` would cancel them (teloxide's Throttle hung on
    // requests made and never sent).
    let waiting: Vec<_> = (0..10)
        .map(|_| {
            let bot = bot.clone();
            tokio::spawn(async move { bot.send_message(1, "cancelled").await.map(|_| ()) })
        })
        .collect();
    let throttle = bot.client().throttle().expect("throttled");
    for _ in 0..5000 {
        if throttle.queued() >= 9 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
    assert!(throttle.queued() >= 9, "the sends wait for their slots: {}", throttle.queued());
    for send in &waiting {
        send.abort();
    }
    for send in waiting {
        let _ = send.await;
    }
    assert_eq!(throttle.queued(), 0, "nothing is left waiting");
    bot.send_message(1, "after").await.expect("the chat goes on");
    bot.send_message(2, "other").await.expect("another chat goes on");
    assert_eq!(server.rate_limited(), 0);
    let texts: Vec<String> = server.sent_messages().into_iter().map(|m| m.text).collect();
    assert!(texts.ends_with(&["after".to_owned(), "other".to_owned()]), "{texts:?}");
    assert!(texts.len() <= 5, "the cancelled sends did not go (a few may have, 125 ms apart): {texts:?}");
}
