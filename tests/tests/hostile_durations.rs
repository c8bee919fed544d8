//! Time values from the network never panic the client: a `429` whose `retry_after` is
//! enormous (`u64::MAX`, 10^18 seconds, anything a seeded generator picks) is an error for
//! the caller, throttled or not, and a polling stream yields it and goes on waiting (at
//! most [`tgfamily::MAX_RETRY_AFTER`]) instead of panicking. The times receivers judge
//! (a signed callback's timestamp header, a query callback's `issued_at`) are refused
//! when they are too old, too far ahead or not a time, never overflowed.

use fake_server::{FakeServer, Reply};
use integration::rng::Rng;
use serde_json::json;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tgfamily::callback::{Rejected, Verifier};
use tgfamily::gateway::DELIVERY_REPORT;
use tgfamily::polling::LongPolling;
use tgfamily::telegram::{Bot, Telegram};
use tgfamily::{Client, RetryPolicy};

const TOKEN: &str = "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
/// A bound on every wait of these tests (none should come near it).
const PATIENCE: Duration = Duration::from_secs(20);
/// How many seeded `retry_after` values each test sends.
const CASES: u64 = 48;

/// `retry_after` values a hostile or broken server may send: the extremes first, then
/// seeded picks of every magnitude (a random bit width, so huge values are not all alike).
fn retry_afters() -> Vec<u64> {
    let mut values =
        vec![u64::MAX, u64::MAX - 1, 1_000_000_000_000_000_000, 1 << 63, i64::MAX as u64, 1 << 34];
    let mut rng = Rng::new(0x005E_EDD0_7A7E);
    while values.len() < usize::try_from(CASES).unwrap_or(usize::MAX) {
        // At least 2^19 s (six days): far longer than any wait of these tests.
        let bits = 20 + rng.below(45);
        values.push((rng.next_u64() >> (64 - bits)) | (1 << (bits - 1)));
    }
    values
}

fn flood(retry_after: u64) -> Reply {
    Reply::Json {
        status: 429,
        body: json!({"ok": false, "error_code": 429,
            "description": format!("Too Many Requests: retry after {retry_after}"),
            "parameters": {"retry_after": retry_after}}),
    }
}

fn client(server: &FakeServer) -> Client<Telegram> {
    Client::<Telegram>::new(TOKEN).with_base_url(server.base_url()).with_retry(RetryPolicy::default())
}

/// Sends one message to `chat` answered by a `429` with `retry_after`; the error, or the
/// panic's text.
async fn send_flooded(bot: &Bot, server: &FakeServer, chat: i64, retry_after: u64) -> Result<(), String> {
    server.reply("sendMessage", flood(retry_after));
    let bot = bot.clone();
    let sent = tokio::spawn(async move { bot.send_message(chat, "news").await.map(|_| ()) });
    match tokio::time::timeout(PATIENCE, sent).await {
        Err(_) => Err(format!("retry_after {retry_after}: no answer within the patience")),
        Ok(Err(panic)) => Err(format!("retry_after {retry_after}: panicked: {panic}")),
        Ok(Ok(Ok(()))) => Err(format!("retry_after {retry_after}: sent despite the 429")),
        Ok(Ok(Err(error))) => {
            assert_eq!(error.retry_after(), Some(Duration::from_secs(retry_after)), "as the server sent it");
            Ok(())
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_throttled_client_survives_any_retry_after() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let mut failures = Vec::new();
    for retry_after in retry_afters() {
        // A client per case: a second chat's 429 within the first's freeze would freeze
        // the whole bot for the (capped) delay.
        let bot = Bot::with_client(client(&server).throttled(tgfamily::telegram::RATE_LIMITS));
        if let Err(failure) = send_flooded(&bot, &server, 1, retry_after).await {
            failures.push(failure);
            continue;
        }
        // Only chat 1 froze: another chat's message goes, the throttle still works.
        let other = tokio::spawn({
            let bot = bot.clone();
            async move { bot.send_message(2, "news").await.map(|_| ()) }
        });
        match tokio::time::timeout(PATIENCE, other).await {
            Ok(Ok(Ok(()))) => {}
            other => failures.push(format!("retry_after {retry_after}: another chat: {other:?}")),
        }
    }
    assert_eq!(failures, Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unthrottled_client_hands_any_retry_after_to_the_caller() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let bot = Bot::with_client(client(&server));
    let mut failures = Vec::new();
    for retry_after in retry_afters() {
        if let Err(failure) = send_flooded(&bot, &server, 1, retry_after).await {
            failures.push(failure);
        }
    }
    assert_eq!(failures, Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_polling_stream_yields_any_retry_after_and_goes_on() {
    let server = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let mut failures = Vec::new();
    for retry_after in retry_afters() {
        server.reply("getUpdates", flood(retry_after));
        let client = client(&server).with_retry(RetryPolicy::none());
        let task = tokio::spawn(async move {
            let mut stream = LongPolling::<Telegram>::new(client).timeout(Duration::ZERO).stream();
            let first = stream.next().await;
            // Polled once more: the stream is waiting out the server's delay, not panicking.
            let next = tokio::time::timeout(Duration::from_millis(20), stream.next()).await;
            (first.map(|item| item.map(|_| ()).map_err(|e| e.retry_after())), next.is_err())
        });
        match tokio::time::timeout(PATIENCE, task).await {
            Ok(Ok((Some(Err(Some(asked))), true))) if asked == Duration::from_secs(retry_after) => {}
            Ok(Err(panic)) => failures.push(format!("retry_after {retry_after}: panicked: {panic}")),
            other => failures.push(format!("retry_after {retry_after}: {other:?}")),
        }
    }
    assert_eq!(failures, Vec::<String>::new());
}

/// Seeded Unix times of every magnitude, with the extremes.
fn times(seed: u64) -> Vec<u64> {
    let mut rng = Rng::new(seed);
    let mut times = vec![0, 1, u64::MAX, u64::MAX - 1, i64::MAX as u64, 1 << 63, 1_000_000_000_000_000_000];
    while times.len() < 400 {
        times.push(rng.next_u64() >> rng.below(64));
    }
    times
}

#[test]
fn a_callback_timestamp_of_any_size_is_judged_without_panicking() {
    let verifier = Verifier::new(&DELIVERY_REPORT, "token");
    let now_seconds = 1_733_584_790;
    let now = UNIX_EPOCH + Duration::from_secs(now_seconds);
    let signature = "0".repeat(64);
    let mut judged = [0usize; 3];
    let near = [now_seconds - 300, now_seconds - 100, now_seconds, now_seconds + 60, now_seconds + 61];
    for sent in times(1).into_iter().chain(near) {
        let stamp = sent.to_string();
        let header = |name: &str| match name {
            "X-Request-Timestamp" => Some(stamp.as_str()),
            "X-Request-Signature" => Some(signature.as_str()),
            _ => None,
        };
        // Freshness is checked before the signature: a forged one still reaches it.
        let result = verifier.verify(header, b"{}", now);
        let expected = if sent > now_seconds + 60 {
            judged[0] += 1;
            Rejected::FromTheFuture
        } else if now_seconds.saturating_sub(sent) > 300 {
            judged[1] += 1;
            Rejected::Stale { age: Duration::from_secs(now_seconds - sent) }
        } else {
            judged[2] += 1;
            Rejected::BadSignature
        };
        // Past what a `SystemTime` holds (on some systems): not a time.
        let too_far = UNIX_EPOCH.checked_add(Duration::from_secs(sent)).is_none();
        let expected = if too_far { Rejected::MalformedTimestamp } else { expected };
        assert_eq!(result, Err(expected), "{sent}");
    }
    for text in ["18446744073709551616", "-1", "1e9", "", "0x10", "1.5"] {
        let header = |name: &str| match name {
            "X-Request-Timestamp" => Some(text),
            "X-Request-Signature" => Some(signature.as_str()),
            _ => None,
        };
        assert_eq!(verifier.verify(header, b"{}", now), Err(Rejected::MalformedTimestamp), "{text}");
    }
    // The widest window does not overflow either.
    let patient = verifier.clone().freshness(Duration::MAX);
    let header = |name: &str| match name {
        "X-Request-Timestamp" => Some("0"),
        "X-Request-Signature" => Some(signature.as_str()),
        _ => None,
    };
    assert_eq!(patient.verify(header, b"{}", now), Err(Rejected::BadSignature));
    assert!(judged.iter().all(|count| *count > 0), "{judged:?}");
}

#[test]
fn an_issued_at_of_any_size_is_judged_without_panicking() {
    let now_seconds: u64 = 1_733_584_790;
    let now = UNIX_EPOCH + Duration::from_secs(now_seconds);
    let minute = Duration::from_secs(60);
    for issued in times(2) {
        for issued_at in [i64::try_from(issued).unwrap_or(i64::MAX), (issued as i64).wrapping_neg()] {
            let old = tgfamily::query_callback::is_older_than(issued_at, minute, now);
            let expected = match u64::try_from(issued_at) {
                Err(_) => true,
                Ok(at) if at > now_seconds => at - now_seconds > 60,
                Ok(at) => now_seconds - at > 60,
            };
            assert_eq!(old, expected, "{issued_at}");
            // Any clock and any limit.
            for (max_age, now) in
                [(Duration::MAX, now), (Duration::ZERO, UNIX_EPOCH), (minute, SystemTime::UNIX_EPOCH)]
            {
                let _ = tgfamily::query_callback::is_older_than(issued_at, max_age, now);
            }
        }
    }
}
