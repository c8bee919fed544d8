//! What the transport costs: a `getMe` round trip, and 1,000 concurrent `sendTextMessage`
//! calls, through `tgfamily` and through plain `reqwest` + `serde_json`, against the same
//! loopback fake server in the same run, interleaved round by round.
//!
//! `cargo bench -p integration --bench transport` prints both ratios
//! (targets: latency at most 1.05x plain, throughput at least 0.95x plain), against plain
//! requests without a time limit (what the shortest code does) and with the same 30 s time
//! limit as the client's (what the client does: each request then arms a timer). Run
//! without `--bench` (as `cargo test --benches` does) it makes one short round as a smoke
//! test.

use std::future::IntoFuture;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_server::FakeServer;
use serde::Deserialize;
use tgfamily::potato::{Bot, ChatType, MessageId, SendTextMessage, User};
use tgfamily::Client;

const TOKEN: &str = "123456909:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";
const CONCURRENT: usize = 1_000;

/// The envelope, as a plain client reads it.
#[derive(Deserialize)]
struct Envelope<T> {
    ok: bool,
    result: Option<T>,
}

/// How much to measure.
struct Plan {
    rounds: usize,
    round_trips: usize,
    concurrent: usize,
}

/// Plain reqwest + serde_json: what a user would write without this crate.
struct Plain {
    http: reqwest::Client,
    base: String,
    timeout: Option<Duration>,
}

impl Plain {
    fn with_timeout(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self.timeout {
            Some(timeout) => request.timeout(timeout),
            None => request,
        }
    }

    async fn get_me(&self) -> User {
        let request = self.with_timeout(self.http.get(format!("{}/{TOKEN}/getMe", self.base)));
        let body = request.send().await.expect("sent");
        let body = body.bytes().await.expect("read");
        let envelope: Envelope<User> = serde_json::from_slice(&body).expect("decoded");
        assert!(envelope.ok);
        envelope.result.expect("a user")
    }

    async fn send(&self, request: &SendTextMessage) -> MessageId {
        let request = self
            .http
            .post(format!("{}/{TOKEN}/sendTextMessage", self.base))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(serde_json::to_vec(request).expect("encoded"));
        let response = self.with_timeout(request).send().await.expect("sent");
        let body = response.bytes().await.expect("read");
        let envelope: Envelope<MessageId> = serde_json::from_slice(&body).expect("decoded");
        envelope.result.expect("a message id")
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Seconds per round trip, one call after another.
async fn round_trips<F: std::future::Future>(count: usize, mut call: impl FnMut() -> F) -> f64 {
    let started = Instant::now();
    for _ in 0..count {
        std::hint::black_box(call().await);
    }
    started.elapsed().as_secs_f64() / count as f64
}

/// Calls per second, `count` at once, each on its own task.
async fn concurrent<F>(count: usize, call: impl Fn(usize) -> F) -> f64
where
    F: std::future::Future + Send + 'static,
    F::Output: Send,
{
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..count {
        tasks.spawn(call(n));
    }
    while let Some(done) = tasks.join_next().await {
        std::hint::black_box(done.expect("the call ran"));
    }
    count as f64 / started.elapsed().as_secs_f64()
}

/// The three ways of calling, measured in turn.
enum Contender {
    Ours(Bot),
    Plain(Arc<Plain>),
}

impl Contender {
    /// Seconds per `getMe` round trip, and `sendTextMessage` calls per second.
    async fn measure(&self, plan: &Plan) -> (f64, f64) {
        let message = |n: usize| SendTextMessage::new(ChatType::PeerUser, 20216742, format!("message {n}"));
        match self {
            Contender::Ours(bot) => {
                let latency = round_trips(plan.round_trips, || bot.get_me().into_future()).await;
                let bot = bot.clone();
                let rate = concurrent(plan.concurrent, move |n| {
                    let bot = bot.clone();
                    async move { bot.execute(&message(n)).await.expect("sent").message_id }
                })
                .await;
                (latency, rate)
            }
            Contender::Plain(plain) => {
                let latency = round_trips(plan.round_trips, || plain.get_me()).await;
                let plain = plain.clone();
                let rate = concurrent(plan.concurrent, move |n| {
                    let plain = plain.clone();
                    async move { plain.send(&message(n)).await.message_id }
                })
                .await;
                (latency, rate)
            }
        }
    }
}

async fn measure(plan: Plan) {
    let server = FakeServer::start_for(&tgfamily::potato::PROFILE).await;
    let ours = Bot::with_client(Client::new(TOKEN).with_base_url(server.base_url()));
    let plain = |timeout| Arc::new(Plain { http: reqwest::Client::new(), base: server.base_url(), timeout });
    let contenders = [
        Contender::Ours(ours.clone()),
        Contender::Plain(plain(None)),
        Contender::Plain(plain(Some(ours.client().timeout()))),
    ];
    let mut latencies = [vec![], vec![], vec![]];
    let mut rates = [vec![], vec![], vec![]];
    // Round 0 warms the pools (a connection for every concurrent call) and is not counted;
    // the order of the three turns rotates from round to round.
    for round in 0..=plan.rounds {
        for turn in 0..contenders.len() {
            let which = (round + turn) % contenders.len();
            let (latency, rate) = contenders[which].measure(&plan).await;
            if round > 0 {
                latencies[which].push(latency);
                rates[which].push(rate);
            }
        }
    }
    let latency = latencies.map(median);
    let rate = rates.map(median);
    let micros = |seconds: f64| seconds * 1e6;
    println!("getMe round trip, median of {} rounds of {} calls:", plan.rounds, plan.round_trips);
    println!(
        "  tgfamily {:.1} µs; plain reqwest + serde_json {:.1} µs, with a 30 s time limit {:.1} µs",
        micros(latency[0]),
        micros(latency[1]),
        micros(latency[2])
    );
    println!(
        "  latency ratio {:.3} against plain, {:.3} against plain with the time limit (target at most 1.05)",
        latency[0] / latency[1],
        latency[0] / latency[2]
    );
    println!("{} concurrent sendTextMessage, median of {} rounds:", plan.concurrent, plan.rounds);
    println!(
        "  tgfamily {:.0} calls/s; plain reqwest + serde_json {:.0} calls/s, with a 30 s time limit {:.0} calls/s",
        rate[0], rate[1], rate[2]
    );
    println!(
        "  throughput ratio {:.3} against plain, {:.3} against plain with the time limit (target at least 0.95)",
        rate[0] / rate[1],
        rate[0] / rate[2]
    );
}

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    let plan = if full {
        Plan { rounds: 15, round_trips: 500, concurrent: CONCURRENT }
    } else {
        Plan { rounds: 1, round_trips: 20, concurrent: 50 }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(measure(plan));
}
