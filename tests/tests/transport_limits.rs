//! What a server can make the client hold or wait for: a body limit enforced while the
//! answer streams in, timeouts and backoffs that accept any `Duration`, and a user's HTTP
//! client that follows no redirect.

use std::time::Duration;

use fake_server::{text_update, FakeServer, Fault, Reply};
use tgfamily::polling::LongPolling;
use tgfamily::{Client, Error, HttpClient, Incoming, RetryPolicy};

const TOKEN: &str = "123456909:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";
const PATIENCE: Duration = Duration::from_secs(20);

type Telegram = tgfamily::telegram::Telegram;

fn client(server: &FakeServer) -> Client<Telegram> {
    Client::new(TOKEN).with_base_url(server.base_url()).with_retry(RetryPolicy::none())
}

#[tokio::test]
async fn an_endless_body_stops_at_the_limit_with_an_error_naming_method_and_limit() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    server.inject("getUpdates", Fault::Endless);
    let bot = tgfamily::telegram::Bot::with_client(client(&server).with_body_limit(1 << 20));
    let error =
        tokio::time::timeout(PATIENCE, bot.get_updates()).await.expect("in time").expect_err("too large");
    assert!(matches!(error, Error::TooLarge { method: "getUpdates", limit: 1_048_576 }), "{error:?}");
    let shown = error.to_string();
    assert!(shown.contains("getUpdates") && shown.contains("1048576"), "{shown}");
    // The connection was dropped: the next call works on a fresh one.
    assert_eq!(bot.get_me().await.expect("getMe").username.as_deref(), Some("fake_bot"));
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_unread_and_one_at_the_limit_is_read() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let body = format!(r#"{{"ok":true,"result":"{}"}}"#, "x".repeat(10_000)).into_bytes();
    let length = body.len();
    server.reply("getMe", Reply::Raw { status: 200, body: body.clone() });
    server.reply("getMe", Reply::Raw { status: 200, body });
    let over = client(&server).with_body_limit(length - 1);
    let error = over.execute(&tgfamily::telegram::GetMe::new()).await.expect_err("too large");
    assert!(matches!(error, Error::TooLarge { limit, .. } if limit == length - 1), "{error:?}");
    let exact = client(&server).with_body_limit(length);
    let error = exact.execute(&tgfamily::telegram::GetMe::new()).await.expect_err("a string is no user");
    assert!(matches!(error, Error::Decode { .. }), "read whole, then decoded: {error:?}");
}

#[tokio::test]
async fn polling_goes_on_after_an_endless_body() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    server.push_updates([text_update(&tgfamily::telegram::PROFILE, 1, 1, "after")]);
    server.inject("getUpdates", Fault::Endless);
    let mut updates = LongPolling::new(client(&server).with_body_limit(256 * 1024))
        .timeout(Duration::ZERO)
        .backoff(Duration::from_millis(1), Duration::from_millis(1))
        .stream();
    let first = tokio::time::timeout(PATIENCE, updates.next()).await.expect("in time").expect("an item");
    assert!(matches!(first, Err(Error::TooLarge { .. })), "{first:?}");
    let second = tokio::time::timeout(PATIENCE, updates.next()).await.expect("in time").expect("an item");
    assert!(matches!(second, Ok(Incoming::Update(_))), "{second:?}");
}

#[tokio::test]
async fn duration_max_and_zero_are_accepted_everywhere() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    server.push_updates([text_update(&tgfamily::telegram::PROFILE, 1, 1, "one")]);
    // No limit in practice: a client and a long poll of `Duration::MAX` (this panicked:
    // "overflow when adding durations").
    let forever = client(&server)
        .with_timeout(Duration::MAX)
        .with_retry(RetryPolicy::default().max_delay(Duration::MAX).default_delay(Duration::ZERO));
    let mut updates = LongPolling::new(forever.clone())
        .timeout(Duration::MAX)
        .backoff(Duration::MAX, Duration::MAX)
        .idle_interval(Duration::MAX)
        .stream();
    let item = tokio::time::timeout(PATIENCE, updates.next()).await.expect("in time").expect("an item");
    assert!(matches!(item, Ok(Incoming::Update(_))), "{item:?}");
    let body = server.requests().last().and_then(|request| request.json()).expect("a JSON body");
    assert_eq!(body["timeout"], i64::MAX, "the long poll saturates");
    updates.shutdown().await.expect("confirmed");
    assert_eq!(
        forever.execute(&tgfamily::telegram::GetMe::new()).await.expect("getMe").username.as_deref(),
        Some("fake_bot")
    );

    // A backoff of `Duration::MAX` after an error: the stream waits (it does not panic).
    server.inject("getUpdates", Fault::ServerError { status: 502 });
    let mut updates =
        LongPolling::new(forever).timeout(Duration::ZERO).backoff(Duration::MAX, Duration::MAX).stream();
    let item = tokio::time::timeout(PATIENCE, updates.next()).await.expect("in time").expect("an item");
    assert!(item.is_err());
    assert!(tokio::time::timeout(Duration::from_millis(100), updates.next()).await.is_err(), "waiting");

    // Zero: every call times out at once; zero backoffs and idle waits still poll.
    let never = client(&server).with_timeout(Duration::ZERO);
    let sent_before = server.requests().len();
    for _ in 0..20 {
        let error = never.execute(&tgfamily::telegram::GetMe::new()).await.expect_err("no time at all");
        assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    }
    assert_eq!(server.requests().len(), sent_before, "nothing is sent with no time to answer");
    server.push_updates([text_update(&tgfamily::telegram::PROFILE, 2, 1, "two")]);
    let mut updates = LongPolling::new(client(&server))
        .timeout(Duration::ZERO)
        .backoff(Duration::ZERO, Duration::ZERO)
        .idle_interval(Duration::ZERO)
        .stream();
    let item = tokio::time::timeout(PATIENCE, updates.next()).await.expect("in time").expect("an item");
    assert!(matches!(item, Ok(Incoming::Update(_))), "{item:?}");
}

#[tokio::test]
async fn a_users_http_client_that_would_follow_redirects_does_not() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let other_host = FakeServer::start_on("127.0.0.2:0", Some(&tgfamily::telegram::PROFILE)).await;
    server.inject("getMe", Fault::Redirect { to: other_host.base_url() });
    let following = reqwest::Client::builder().redirect(reqwest::redirect::Policy::limited(10));
    let http = HttpClient::from_builder(following).expect("a client");
    let bot = tgfamily::telegram::Bot::with_client(client(&server).with_http_client(http.clone()));
    let error = bot.get_me().await.expect_err("a redirect is an error");
    assert!(matches!(error, Error::Decode { status: 302, .. }), "{error:?}");
    assert!(other_host.requests().is_empty(), "the redirect was followed with the token");
    // The pool is shared with another client.
    let other =
        Client::<tgfamily::potato::Potato>::new(TOKEN).with_http_client(bot.client().http_client().clone());
    assert_eq!(other.body_limit(), tgfamily::transport::DEFAULT_BODY_LIMIT);
}
