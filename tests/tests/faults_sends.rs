//! The retry policy under injected faults: a request is sent again only when it certainly
//! did not take effect, so no message is sent twice and none is lost.

use std::collections::BTreeMap;
use std::time::Duration;

use fake_server::{FakeServer, Fault};
use tgfamily::{Client, Error, RetryPolicy};

const TOKEN: &str = "123456909:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";

/// Every test stops by itself.
const PATIENCE: Duration = Duration::from_secs(20);

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default().default_delay(Duration::from_millis(1)).max_retries(5)
}

fn telegram(server: &FakeServer, retry: RetryPolicy) -> tgfamily::telegram::Bot {
    tgfamily::telegram::Bot::with_client(
        Client::new(TOKEN)
            .with_base_url(server.base_url())
            .with_timeout(Duration::from_secs(2))
            .with_retry(retry),
    )
}

fn potato(server: &FakeServer, retry: RetryPolicy) -> tgfamily::potato::Bot {
    tgfamily::potato::Bot::with_client(
        Client::new(TOKEN)
            .with_base_url(server.base_url())
            .with_timeout(Duration::from_secs(2))
            .with_retry(retry),
    )
}

/// How many times each text was sent.
fn sent_counts(server: &FakeServer) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for message in server.sent_messages() {
        *counts.entry(message.text).or_default() += 1;
    }
    counts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_storm_sends_every_message_exactly_once() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    // Two of every three requests are refused.
    let storm =
        vec![Some(Fault::RateLimit { retry_after: 0 }), Some(Fault::RateLimit { retry_after: 0 }), None];
    server.inject_cycle("sendMessage", storm);
    // Concurrent calls share the storm: one call can meet many refusals in a row.
    let bot = telegram(&server, fast_retries().max_retries(100));
    let sends = (0..300).map(|n| {
        let bot = bot.clone();
        tokio::spawn(async move { bot.send_message(42, format!("message {n}")).await.map(|m| m.message_id) })
    });
    let results =
        tokio::time::timeout(PATIENCE, futures_util::future::join_all(sends)).await.expect("in time");
    let mut ok = 0;
    for result in results {
        result.expect("the task ran").expect("every send gets through the storm");
        ok += 1;
    }
    let counts = sent_counts(&server);
    assert_eq!(ok, 300);
    assert_eq!(counts.len(), 300, "a message was lost");
    assert!(counts.values().all(|&count| count == 1), "a message was sent twice");
    println!("rate limits injected: {:?}", server.injected());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_potato_3008_storm_longer_than_the_retries_reports_what_was_not_sent() {
    let server = FakeServer::start_for(&tgfamily::potato::PROFILE).await;
    // Runs of five refusals: a call that meets a whole run (1 try + 3 retries) gives up.
    let mut storm = vec![Some(Fault::RateLimit { retry_after: 0 }); 5];
    storm.push(None);
    server.inject_cycle("sendTextMessage", storm);
    let bot = potato(&server, fast_retries().max_retries(3));
    let mut delivered = Vec::new();
    let mut refused = Vec::new();
    let sending = async {
        for n in 0..60 {
            let text = format!("message {n}");
            match bot.send_text_message(tgfamily::potato::ChatType::PeerUser, 7, text.clone()).await {
                Ok(_) => delivered.push(text),
                Err(error) => {
                    let api = error.api().expect("the rate limit reaches the caller");
                    assert_eq!(api.code, tgfamily::potato::ErrorCode::MessagesTooFrequent);
                    assert!(api.code.is_rate_limit());
                    refused.push(text);
                }
            }
        }
    };
    tokio::time::timeout(PATIENCE, sending).await.expect("in time");
    let counts = sent_counts(&server);
    assert!(!refused.is_empty() && !delivered.is_empty());
    assert!(counts.values().all(|&count| count == 1), "a message was sent twice");
    assert_eq!(counts.keys().cloned().collect::<Vec<_>>().len(), delivered.len());
    assert!(delivered.iter().all(|text| counts.contains_key(text)), "an acknowledged message was lost");
    assert!(refused.iter().all(|text| !counts.contains_key(text)), "a refused message was sent");
}

#[tokio::test]
async fn retry_after_is_waited_out() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    server.inject("sendMessage", Fault::RateLimit { retry_after: 1 });
    let started = tokio::time::Instant::now();
    telegram(&server, RetryPolicy::default()).send_message(1, "hi").await.expect("sent after the wait");
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(server.requests().len(), 2);
    assert_eq!(server.sent_messages().len(), 1);
}

#[tokio::test]
async fn a_retry_after_above_the_cap_goes_to_the_caller_at_once() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    server.inject("sendMessage", Fault::RateLimit { retry_after: 120 });
    let error = telegram(&server, RetryPolicy::default()).send_message(1, "hi").await.expect_err("no retry");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(server.requests().len(), 1);
    assert!(server.sent_messages().is_empty());
}

#[tokio::test]
async fn a_timeout_is_never_sent_again() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    server.inject("sendMessage", Fault::Slow(Duration::from_millis(500)));
    let bot = tgfamily::telegram::Bot::with_client(
        Client::new(TOKEN)
            .with_base_url(server.base_url())
            .with_timeout(Duration::from_millis(100))
            .with_retry(fast_retries()),
    );
    let error = bot.send_message(1, "once").await.expect_err("a timeout");
    assert!(matches!(error, Error::Timeout { method: "sendMessage" }), "{error:?}");
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(server.requests().len(), 1, "sent again after a timeout");
    assert_eq!(server.sent_messages().len(), 1, "the server did send it: the caller must decide");
}

#[tokio::test]
async fn answers_that_may_follow_a_send_are_not_sent_again() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let faults = [Fault::Drop, Fault::Truncated, Fault::Malformed, Fault::ServerError { status: 500 }];
    let bot = telegram(&server, fast_retries());
    for fault in faults {
        let before = server.requests().len();
        server.inject("sendMessage", fault.clone());
        let error = bot.send_message(1, fault.class()).await.expect_err("the fault reaches the caller");
        assert_eq!(server.requests().len(), before + 1, "{fault:?} was retried: {error:?}");
    }
}

#[tokio::test]
async fn a_redirect_is_not_followed() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let other_host = FakeServer::start_on("127.0.0.2:0", Some(&tgfamily::telegram::PROFILE)).await;
    server.inject("sendMessage", Fault::Redirect { to: other_host.base_url() });
    let error = telegram(&server, fast_retries()).send_message(1, "hi").await.expect_err("a 302");
    assert!(matches!(error, Error::Decode { status: 302, .. }), "{error:?}");
    assert!(other_host.requests().is_empty(), "followed to another host");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_refused_connection_is_retried_until_the_server_is_up() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let client: Client<tgfamily::telegram::Telegram> = Client::new(TOKEN)
        .with_base_url(format!("http://127.0.0.1:{port}"))
        .with_retry(RetryPolicy::default().default_delay(Duration::from_millis(100)).max_retries(5));
    let bot = tgfamily::telegram::Bot::with_client(client);
    let late_server = async {
        tokio::time::sleep(Duration::from_millis(150)).await;
        FakeServer::start_on(&format!("127.0.0.1:{port}"), Some(&tgfamily::telegram::PROFILE)).await
    };
    let (me, server) = tokio::join!(bot.get_me(), late_server);
    assert_eq!(me.expect("the retry reached the server").username.as_deref(), Some("fake_bot"));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_refused_connection_is_reported_after_the_retries() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let client: Client<tgfamily::potato::Potato> = Client::new(TOKEN)
        .with_base_url(format!("http://127.0.0.1:{port}"))
        .with_retry(RetryPolicy::default().default_delay(Duration::from_millis(10)).max_retries(3));
    let started = tokio::time::Instant::now();
    let error = tgfamily::potato::Bot::with_client(client).get_me().await.expect_err("nothing listens");
    assert!(matches!(error, Error::Transport { before_sending: true, .. }), "{error:?}");
    // 10 + 20 + 40 ms of backoff.
    assert!(started.elapsed() >= Duration::from_millis(70), "{:?}", started.elapsed());
}
