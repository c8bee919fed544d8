//! What throttling costs and buys: 10,000 sends to 1,000 chats (900 private, 100 groups,
//! ten each) against the fake server enforcing Telegram's limits, throttled and not.
//!
//! By default the limits are scaled ten times on both sides (private chats 10 a second,
//! groups 20 per 6 s, 300 a second overall): 33 s instead of 333 s.
//! `TGFAMILY_THROTTLE_SCALE=1` runs at Telegram's own limits, which is the honest measure
//! of "what the limits allow": the client frees a place in the overall window only when
//! the message was answered (it cannot know when the server counted it), so each turn of
//! the window costs a round trip, a share that shrinks as the window grows.
//! `cargo bench -p integration --bench throttle` prints: the throttled
//! run's 429 count (target 0), its throughput as a share of what the overall limit allows
//! (target >= 95 %), the p50/p99 time from call to answer (queueing plus round trip)
//! against the least the limits force for this load, when each share of the answers came
//! against the same, the steady-state rate (between the 10th and the 90th percentile of
//! answers), and the same load unthrottled (how many 429s the server answered). Run
//! without `--bench` (as `cargo test --benches` does) it makes a short smoke round.

use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_server::{FakeServer, RateLimits};
use tgfamily::telegram::{Bot, Telegram};
use tgfamily::{Client, RetryPolicy};

const TOKEN: &str = "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
/// How much faster than Telegram's the limits are; `TGFAMILY_THROTTLE_SCALE` overrides.
const SCALE: u32 = 10;

fn scale() -> u32 {
    std::env::var("TGFAMILY_THROTTLE_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|s| *s > 0)
        .unwrap_or(SCALE)
}
/// How many unthrottled sends are in flight at once.
const UNTHROTTLED_IN_FLIGHT: usize = 100;

/// The chats, ten sends each: private ones first, then groups (negative ids).
fn chats(chats: i64) -> Vec<i64> {
    let groups = chats / 10;
    (1..=chats - groups).chain((1..=groups).map(|g| -g)).flat_map(|chat| [chat; 10]).collect()
}

struct Run {
    elapsed: Duration,
    refused: usize,
    failed: usize,
    latencies: Vec<Duration>,
    /// When each send was answered, from the start, in order.
    answered: Vec<Duration>,
    /// Each distinct error, with how often.
    reasons: std::collections::BTreeMap<String, usize>,
}

async fn run(server: &FakeServer, targets: &[i64], throttled: bool) -> Run {
    server.enforce_rate_limits(RateLimits::telegram().scaled(scale()));
    let mut client =
        Client::<Telegram>::new(TOKEN).with_base_url(server.base_url()).with_retry(RetryPolicy::none());
    if throttled {
        client = client.throttled(tgfamily::telegram::RATE_LIMITS.scaled(scale()));
    }
    let bot = Bot::with_client(client);
    let gate =
        Arc::new(tokio::sync::Semaphore::new(if throttled { targets.len() } else { UNTHROTTLED_IN_FLIGHT }));
    let start = Instant::now();
    let tasks: Vec<_> = targets
        .iter()
        .map(|&chat| {
            let (bot, gate) = (bot.clone(), gate.clone());
            tokio::spawn(async move {
                let _permit = gate.acquire_owned().await;
                let sent = Instant::now();
                let result = bot.send_message(chat, "news").await;
                (result.err().map(|e| e.to_string()), sent.elapsed(), start.elapsed())
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(targets.len());
    let mut answered = Vec::with_capacity(targets.len());
    let mut failed = 0;
    let mut reasons = std::collections::BTreeMap::<String, usize>::new();
    for task in tasks {
        match task.await {
            Ok((error, latency, at)) => {
                answered.push(at);
                if let Some(error) = error {
                    failed += 1;
                    *reasons.entry(error).or_default() += 1;
                }
                latencies.push(latency);
            }
            Err(_) => failed += 1,
        }
    }
    let elapsed = start.elapsed();
    latencies.sort();
    answered.sort();
    Run { elapsed, refused: server.rate_limited(), failed, latencies, answered, reasons }
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted.get((sorted.len().saturating_sub(1)) * p / 100).copied().unwrap_or_default()
}

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    let targets = chats(if full { 1_000 } else { 20 });
    // The server runs on its own runtime (its own thread), as a real server would: its
    // pauses do not delay the client's timers, nor the client's the server's clock.
    let server_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    let server = server_runtime.block_on(FakeServer::start_for(&tgfamily::telegram::PROFILE));
    let throttled = runtime.block_on(run(&server, &targets, true));
    let unthrottled = runtime.block_on(run(&server, &targets, false));
    let overall = tgfamily::telegram::RATE_LIMITS.scaled(scale()).overall;
    let allowed = overall.per * u32::try_from(targets.len()).unwrap_or(u32::MAX) / overall.count;
    println!("throttle: {} sends to {} chats, limits scaled x{}", targets.len(), targets.len() / 10, scale());
    println!(
        "  throttled:   {} answered 429, {} failed, {:.2?} (the overall limit allows {:.2?}: throughput {:.1} % of it)",
        throttled.refused,
        throttled.failed,
        throttled.elapsed,
        allowed,
        100.0 * allowed.as_secs_f64() / throttled.elapsed.as_secs_f64()
    );
    // All sends start at once, so a send's delay is when it was answered; the limits let
    // the k-th answer come no earlier than floor(k / count) windows after the start.
    let ideal = |p: usize| {
        let k = (targets.len().saturating_sub(1)) * p / 100;
        overall.per * u32::try_from(k / overall.count as usize).unwrap_or(u32::MAX)
    };
    println!(
        "               call to answer (queueing + round trip): p50 {:.2?}, p99 {:.2?}, max {:.2?} (the limits force at least p50 {:.2?}, p99 {:.2?})",
        percentile(&throttled.latencies, 50),
        percentile(&throttled.latencies, 99),
        throttled.latencies.last().copied().unwrap_or_default(),
        ideal(50),
        ideal(99),
    );
    let shares: Vec<String> = [1, 10, 50, 90, 99, 100]
        .iter()
        .map(|&p| format!("{p} % {:.2?} (limits: {:.2?})", percentile(&throttled.answered, p), ideal(p)))
        .collect();
    println!("               answered by: {}", shares.join(", "));
    // The steady state: the rate between the 10th and the 90th percentile of answers,
    // against the overall limit (what the start and the end of the run cost is the rest).
    let (tenth, ninetieth) = (percentile(&throttled.answered, 10), percentile(&throttled.answered, 90));
    let steady = (targets.len() * 8 / 10) as f64 / (ninetieth - tenth).as_secs_f64();
    let limit = f64::from(overall.count) / overall.per.as_secs_f64();
    println!("               steady state (answers 10 % to 90 %): {steady:.1}/s, {:.1} % of the limit's {limit:.0}/s", 100.0 * steady / limit);
    println!(
        "  unthrottled: {} answered 429 of {} ({} in flight), {:.2?}",
        unthrottled.refused,
        targets.len(),
        UNTHROTTLED_IN_FLIGHT,
        unthrottled.elapsed
    );
    for (reason, count) in &throttled.reasons {
        println!("               {count} x {reason}");
    }
    for (reason, count) in &unthrottled.reasons {
        println!("  unthrottled: {count} x {reason}");
    }
    assert_eq!(throttled.failed, throttled.refused, "every failure is a 429");
}
