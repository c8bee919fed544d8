//! Long polling under injected faults: every update delivered exactly once and in order,
//! across errors and a restart; undecodable updates delivered raw without stalling.

use std::time::Duration;

use fake_server::{text_update, FakeServer, Fault, Platform, Reply};
use serde_json::json;
use tgfamily::polling::{LongPolling, UpdateStream};
use tgfamily::{Client, Incoming, ReceiveUpdates, RetryPolicy};

const TOKEN: &str = "123456909:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";

/// Every test stops by itself: a stream that stops delivering fails the test instead.
const PATIENCE: Duration = Duration::from_secs(20);

fn client<P: ReceiveUpdates>(server: &FakeServer, timeout: Duration) -> Client<P> {
    Client::new(TOKEN)
        .with_base_url(server.base_url())
        .with_timeout(timeout)
        .with_retry(RetryPolicy::default().default_delay(Duration::from_millis(1)).max_retries(2))
}

/// Polling tuned for tests: short backoff and idle waits.
fn polling<P: ReceiveUpdates>(client: Client<P>) -> LongPolling<P> {
    LongPolling::new(client)
        .backoff(Duration::from_millis(1), Duration::from_millis(20))
        .idle_interval(Duration::from_millis(5))
}

/// The ids of the next `count` items (decoded or not), skipping errors; counts errors.
async fn take_ids<P: ReceiveUpdates>(
    stream: &mut UpdateStream<P>,
    count: usize,
    errors: &mut usize,
) -> Vec<i64> {
    let mut ids = Vec::with_capacity(count);
    let taking = async {
        while ids.len() < count {
            match stream.next().await {
                Some(Ok(Incoming::Update(update))) => ids.push(P::update_id(&update)),
                Some(Ok(Incoming::Undecodable(raw))) => ids.push(raw.update_id.expect("an id")),
                Some(Err(_)) => *errors += 1,
                None => break,
            }
        }
    };
    tokio::time::timeout(PATIENCE, taking).await.expect("the stream delivers in time");
    ids
}

/// Every 97th update has a `message` that is not an object: it must arrive raw.
fn updates(platform: Platform, ids: std::ops::RangeInclusive<i64>) -> Vec<serde_json::Value> {
    ids.map(|id| {
        if id % 97 == 0 {
            json!({"update_id": id, "message": "not a message"})
        } else {
            text_update(platform, id, 1000 + id % 7, &format!("text {id}"))
        }
    })
    .collect()
}

fn every_fault(other_host: &str) -> Vec<Option<Fault>> {
    let mut faults = Fault::one_of_each(other_host);
    faults.extend([Fault::Slow(Duration::from_millis(20)), Fault::ServerError { status: 500 }]);
    faults.into_iter().flat_map(|fault| [None, Some(fault)]).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_updates_under_every_fault_arrive_once_in_order_across_a_restart() {
    const TOTAL: i64 = 10_000;
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let other_host = FakeServer::start_on("127.0.0.2:0", Some(&tgfamily::telegram::PROFILE)).await;
    server.push_updates(updates(&tgfamily::telegram::PROFILE, 1..=TOTAL));
    server.inject_cycle("getUpdates", every_fault(&other_host.base_url()));

    // A 150 ms time limit: the 300 ms slow answers time out. Short polls (timeout 0): the
    // queue is full, and a long poll would stretch every timed-out request.
    let start = || {
        polling::<tgfamily::telegram::Telegram>(client(&server, Duration::from_millis(150)))
            .timeout(Duration::ZERO)
            .stream()
    };
    let mut errors = 0;
    let mut stream = start();
    // Stop in the middle of an answer (limit 100: 5,050 is half way through one).
    let mut delivered = take_ids(&mut stream, 5_050, &mut errors).await;
    stream.shutdown().await.expect("the last delivered update is confirmed");

    let mut stream = start();
    delivered.extend(take_ids(&mut stream, (TOTAL - 5_050) as usize, &mut errors).await);
    stream.shutdown().await.expect("confirmed at the end");

    let expected: Vec<i64> = (1..=TOTAL).collect();
    assert!(delivered == expected, "not exactly once in order: {} delivered", delivered.len());
    assert_eq!(server.pending_updates(), 0, "everything delivered was confirmed");
    let injected = server.injected();
    println!("faults injected per class: {injected:?}; errors seen by the stream: {errors}");
    for class in ["rate_limit", "server_error", "drop", "truncated", "malformed", "slow", "redirect"] {
        assert!(injected.get(class).copied().unwrap_or(0) >= 5, "too few {class}: {injected:?}");
    }
    assert!(other_host.requests().is_empty(), "a redirect was followed to another host");
}

#[tokio::test]
async fn an_undecodable_update_does_not_drop_its_neighbours_on_any_platform() {
    for platform in [&tgfamily::potato::PROFILE, &tgfamily::cloudchat::PROFILE, &tgfamily::telegram::PROFILE]
    {
        let server = FakeServer::start_for(platform).await;
        let batch = json!([
            text_update(platform, 1, 5, "first"),
            {"update_id": 2, "message": {"message_id": "not a number"}},
            text_update(platform, 3, 5, "third"),
            42,
            {"no_update_id": true, "message": 7},
            text_update(platform, 4, 5, "fourth"),
        ]);
        server.reply("getUpdates", Reply::ok(batch));
        let kinds = match platform.name {
            "potato" => {
                kinds(polling::<tgfamily::potato::Potato>(client(&server, Duration::from_secs(2)))).await
            }
            "cloudchat" => {
                kinds(polling::<tgfamily::cloudchat::Cloudchat>(client(&server, Duration::from_secs(2))))
                    .await
            }
            _ => {
                kinds(polling::<tgfamily::telegram::Telegram>(client(&server, Duration::from_secs(2)))).await
            }
        };
        assert_eq!(kinds, ["update", "raw 2", "update", "raw none", "raw none", "update"], "{platform:?}");
    }
}

async fn kinds<P: ReceiveUpdates>(polling: LongPolling<P>) -> Vec<String> {
    let mut stream = polling.stream();
    let mut kinds = Vec::new();
    while kinds.len() < 6 {
        let item = tokio::time::timeout(PATIENCE, stream.next()).await.expect("in time");
        match item {
            Some(Ok(Incoming::Update(_))) => kinds.push("update".to_owned()),
            Some(Ok(Incoming::Undecodable(raw))) => {
                assert!(!raw.error.is_empty() && !raw.raw.as_bytes().is_empty());
                kinds.push(raw.update_id.map_or("raw none".to_owned(), |id| format!("raw {id}")));
            }
            Some(Err(error)) => panic!("unexpected error {error}"),
            None => break,
        }
    }
    kinds
}

#[tokio::test]
async fn the_next_request_confirms_the_undecodable_update_too() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    server.push_updates([
        json!({"update_id": 7, "message": "broken"}),
        text_update(&tgfamily::telegram::PROFILE, 8, 1, "ok"),
    ]);
    let mut stream = polling::<tgfamily::telegram::Telegram>(client(&server, Duration::from_secs(2)))
        .timeout(Duration::ZERO)
        .stream();
    let mut errors = 0;
    assert_eq!(take_ids(&mut stream, 2, &mut errors).await, [7, 8]);
    stream.shutdown().await.expect("confirmed");
    assert_eq!(server.pending_updates(), 0);
    let offsets: Vec<Option<i64>> = server
        .requests()
        .iter()
        .filter_map(|request| request.json())
        .map(|body| body.get("offset").and_then(serde_json::Value::as_i64))
        .collect();
    assert_eq!(offsets, [None, Some(9)], "one poll, then the confirmation");
}

#[tokio::test]
async fn a_shutdown_mid_answer_confirms_only_what_was_delivered() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    server.push_updates(updates(&tgfamily::telegram::PROFILE, 1..=10));
    let start = || {
        polling::<tgfamily::telegram::Telegram>(client(&server, Duration::from_secs(2)))
            .timeout(Duration::ZERO)
            .stream()
    };
    let mut errors = 0;
    let mut stream = start();
    assert_eq!(take_ids(&mut stream, 4, &mut errors).await, [1, 2, 3, 4]);
    stream.shutdown().await.expect("confirmed");
    assert_eq!(server.pending_updates(), 6);

    // Dropped without shutdown: the answer stays unconfirmed and comes again.
    let mut stream = start();
    assert_eq!(take_ids(&mut stream, 2, &mut errors).await, [5, 6]);
    drop(stream);
    let mut stream = start();
    assert_eq!(take_ids(&mut stream, 6, &mut errors).await, [5, 6, 7, 8, 9, 10]);
    stream.shutdown().await.expect("confirmed");
    assert_eq!(server.pending_updates(), 0);
    assert_eq!(errors, 0);
}

#[tokio::test]
async fn telegram_polls_with_offset_limit_timeout_and_allowed_updates() {
    use tgfamily::telegram::UpdateType;
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    server.push_updates(updates(&tgfamily::telegram::PROFILE, 1..=3));
    let mut stream = polling::<tgfamily::telegram::Telegram>(client(&server, Duration::from_secs(2)))
        .timeout(Duration::from_secs(1))
        .limit(2)
        .allowed_updates([UpdateType::Message, UpdateType::CallbackQuery])
        .offset(1)
        .stream();
    let mut errors = 0;
    assert_eq!(take_ids(&mut stream, 3, &mut errors).await, [1, 2, 3]);
    let bodies: Vec<serde_json::Value> = server.requests().iter().filter_map(|r| r.json()).collect();
    assert_eq!(
        bodies[0],
        json!({"offset": 1, "limit": 2, "timeout": 1, "allowed_updates": ["message", "callback_query"]})
    );
    assert_eq!(bodies[1]["offset"], 3);
}

#[tokio::test]
async fn a_long_poll_waits_for_the_next_update_instead_of_spinning() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let mut stream = polling::<tgfamily::telegram::Telegram>(client(&server, Duration::from_secs(2)))
        .timeout(Duration::from_secs(5))
        .stream();
    let pusher = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        server.push_updates(updates(&tgfamily::telegram::PROFILE, 1..=1));
    };
    let mut errors = 0;
    let (ids, ()) = tokio::join!(take_ids(&mut stream, 1, &mut errors), pusher);
    assert_eq!(ids, [1]);
    assert_eq!(server.requests().len(), 1, "the one request waited for the update");
}

#[tokio::test]
async fn potato_drops_updates_sent_twice_and_waits_between_empty_answers() {
    let server = FakeServer::start_for(&tgfamily::potato::PROFILE).await;
    let batch = |ids: &[i64]| {
        Reply::ok(
            ids.iter()
                .map(|&id| text_update(&tgfamily::potato::PROFILE, id, 3, "hi"))
                .collect::<Vec<_>>()
                .into(),
        )
    };
    server.reply("getUpdates", batch(&[1, 2, 3]));
    server.reply("getUpdates", batch(&[3, 4]));
    server.reply("getUpdates", batch(&[]));
    server.reply("getUpdates", batch(&[2, 5]));
    let mut stream = LongPolling::<tgfamily::potato::Potato>::new(client(&server, Duration::from_secs(2)))
        .idle_interval(Duration::from_millis(200))
        .stream();
    let mut errors = 0;
    let started = tokio::time::Instant::now();
    assert_eq!(take_ids(&mut stream, 5, &mut errors).await, [1, 2, 3, 4, 5]);
    assert!(started.elapsed() >= Duration::from_millis(200), "no wait after the empty answer");
    let requests = server.requests();
    assert!(
        requests.iter().all(|r| r.verb == "GET" && r.query.is_empty()),
        "Potato's getUpdates takes nothing"
    );
    stream.shutdown().await.expect("nothing to confirm on Potato");
    assert_eq!(server.requests().len(), requests.len(), "no confirmation request");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn potato_under_faults_that_leave_requests_undone_delivers_once_in_order() {
    let server = FakeServer::start_for(&tgfamily::potato::PROFILE).await;
    let other_host = FakeServer::start_on("127.0.0.2:0", Some(&tgfamily::potato::PROFILE)).await;
    server.push_updates(updates(&tgfamily::potato::PROFILE, 1..=1_000));
    let faults = [
        Fault::RateLimit { retry_after: 0 },
        Fault::ServerError { status: 503 },
        Fault::Drop,
        Fault::Malformed,
        Fault::Redirect { to: other_host.base_url() },
        Fault::Slow(Duration::from_millis(10)),
    ];
    server.inject_cycle("getUpdates", faults.into_iter().flat_map(|f| [None, Some(f)]).collect());
    let mut stream = polling::<tgfamily::potato::Potato>(client(&server, Duration::from_secs(2))).stream();
    let mut errors = 0;
    let ids = take_ids(&mut stream, 1_000, &mut errors).await;
    assert!(ids == (1..=1_000).collect::<Vec<_>>(), "not exactly once in order");
    assert!(errors > 0 && other_host.requests().is_empty());
}

#[tokio::test]
async fn errors_are_yielded_and_polling_goes_on_after_a_backoff() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    server.push_updates(updates(&tgfamily::telegram::PROFILE, 1..=2));
    for _ in 0..3 {
        server.inject("getUpdates", Fault::ServerError { status: 502 });
    }
    let mut stream =
        LongPolling::<tgfamily::telegram::Telegram>::new(client(&server, Duration::from_secs(2)))
            .backoff(Duration::from_millis(50), Duration::from_millis(80))
            .timeout(Duration::ZERO)
            .stream();
    let started = tokio::time::Instant::now();
    for _ in 0..3 {
        let item = tokio::time::timeout(PATIENCE, stream.next()).await.expect("in time");
        let error = item.expect("the stream goes on").expect_err("the 502 is yielded");
        assert!(matches!(error, tgfamily::Error::Decode { status: 502, .. }), "{error:?}");
    }
    let mut errors = 0;
    assert_eq!(take_ids(&mut stream, 2, &mut errors).await, [1, 2]);
    // 50 ms, then 80 ms (capped), then 80 ms.
    assert!(started.elapsed() >= Duration::from_millis(200), "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_rate_limited_poll_waits_for_retry_after() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    server.push_updates(updates(&tgfamily::telegram::PROFILE, 1..=1));
    server.inject("getUpdates", Fault::RateLimit { retry_after: 1 });
    let client = client::<tgfamily::telegram::Telegram>(&server, Duration::from_secs(2))
        .with_retry(RetryPolicy::none());
    let mut stream = polling(client).timeout(Duration::ZERO).stream();
    let started = tokio::time::Instant::now();
    let first = tokio::time::timeout(PATIENCE, stream.next()).await.expect("in time").expect("an item");
    assert_eq!(first.expect_err("the 429").retry_after(), Some(Duration::from_secs(1)));
    let mut errors = 0;
    assert_eq!(take_ids(&mut stream, 1, &mut errors).await, [1]);
    assert!(started.elapsed() >= Duration::from_secs(1), "asked again before retry_after");
}

#[tokio::test]
async fn short_polling_waits_between_empty_answers_instead_of_spinning() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let mut stream =
        LongPolling::<tgfamily::telegram::Telegram>::new(client(&server, Duration::from_secs(2)))
            .timeout(Duration::ZERO)
            .idle_interval(Duration::from_millis(100))
            .stream();
    let idle = tokio::time::timeout(Duration::from_millis(450), stream.next()).await;
    assert!(idle.is_err(), "nothing to deliver");
    let requests = server.requests().len();
    assert!((3..=6).contains(&requests), "{requests} requests in 450 ms");
}

#[tokio::test]
async fn a_stream_started_at_the_next_offset_receives_exactly_the_undelivered_updates() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    server.push_updates(updates(&tgfamily::telegram::PROFILE, 1..=10));
    let start = |offset: Option<i64>| {
        let polling = polling::<tgfamily::telegram::Telegram>(client(&server, Duration::from_secs(2)))
            .timeout(Duration::ZERO);
        match offset {
            Some(offset) => polling.offset(offset).stream(),
            None => polling.stream(),
        }
    };
    let mut errors = 0;
    let mut stream = start(None);
    assert_eq!(stream.next_offset(), None, "nothing answered yet");
    assert_eq!(take_ids(&mut stream, 3, &mut errors).await, [1, 2, 3]);
    assert_eq!(stream.next_offset(), Some(4), "one more than the highest id delivered");
    drop(stream);
    let mut stream = start(Some(4));
    assert_eq!(stream.next_offset(), Some(4), "the start offset, before the first answer");
    assert_eq!(take_ids(&mut stream, 7, &mut errors).await, [4, 5, 6, 7, 8, 9, 10]);
    assert_eq!(stream.next_offset(), Some(11));
    assert_eq!(errors, 0);
    let potato = polling::<tgfamily::potato::Potato>(client(&server, Duration::from_secs(2))).stream();
    assert_eq!(potato.next_offset(), None, "Potato's getUpdates takes no offset");
}
