//! A fake Bot API server on 127.0.0.1, for tests and examples.
//!
//! It speaks plain HTTP/1.1 over a real socket and records every request it gets. Each
//! request is answered, in this order of precedence:
//!
//! 1. with the next [`Reply`] scripted for its method ([`FakeServer::reply`]);
//! 2. with a [`Fault`] injected for its method ([`FakeServer::inject`],
//!    [`FakeServer::inject_cycle`]);
//! 3. by the platform's behaviour, for a server started with [`FakeServer::start_for`]:
//!    the platform's URL shape (`/bot<token>/<method>` for Telegram, `/<token>/<method>`
//!    for Potato and CloudChat) and envelope, `getUpdates` from a queue of updates (with
//!    Telegram's `offset`, `limit` and long-poll `timeout`; Potato and CloudChat hand each
//!    update out once), webhooks (`setWebhook` makes the server post queued updates to a
//!    loopback URL, with Telegram's secret header), `getMe`, and message sends recorded
//!    in [`FakeServer::sent_messages`];
//! 4. otherwise with `{"ok": true, "result": true}` (the only behaviour of a server
//!    started with [`FakeServer::start`]).

mod bot_api;
mod fault;
mod http;
mod rate_limit;
mod samples;
mod webhook;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::Notify;

pub use fault::Fault;
pub use http::{Part, RecordedRequest};
pub use rate_limit::{RateLimits, Window};
pub use samples::text_update;
pub use webhook::post_json;

/// The platforms the server can speak for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Platform {
    /// Potato: `/<token>/<method>`, error codes 1001-1017 and 3002-3016, no `offset`.
    Potato,
    /// CloudChat: `/<token>/<method>`, Telegram-like, no `offset`.
    CloudChat,
    /// Telegram: `/bot<token>/<method>` (and `/bot<token>/test/<method>`, the test
    /// environment), `offset`, long poll, webhook secret header.
    Telegram,
}

impl Platform {
    /// The token and method of a request path in this platform's URL shape.
    fn split_path(self, path: &str) -> Option<(&str, &str)> {
        let rest = path.strip_prefix('/')?;
        let rest = match self {
            Platform::Telegram => rest.strip_prefix("bot")?,
            Platform::Potato | Platform::CloudChat => rest,
        };
        let (token, method) = rest.split_once('/')?;
        // Telegram's test environment: `/bot<token>/test/<method>`, served alike.
        let method = match self {
            Platform::Telegram => method.strip_prefix("test/").unwrap_or(method),
            Platform::Potato | Platform::CloudChat => method,
        };
        (!token.is_empty() && !method.is_empty() && !method.contains('/')).then_some((token, method))
    }

    /// The method that sends a text message.
    pub fn send_text_method(self) -> &'static str {
        match self {
            Platform::Potato | Platform::CloudChat => "sendTextMessage",
            Platform::Telegram => "sendMessage",
        }
    }
}

/// What the server answers one request with, when scripted.
#[derive(Debug, Clone)]
pub enum Reply {
    /// An HTTP response with this status and JSON body.
    Json {
        /// The HTTP status.
        status: u16,
        /// The body.
        body: serde_json::Value,
    },
    /// An HTTP response with this status and raw body bytes.
    Raw {
        /// The HTTP status.
        status: u16,
        /// The body.
        body: Vec<u8>,
    },
    /// Close the connection without answering.
    Drop,
    /// Answer with `Content-Length` of the whole body but send only the first `sent` bytes.
    Truncated {
        /// The body it claims.
        body: Vec<u8>,
        /// How much of it is sent before the connection closes.
        sent: usize,
    },
    /// Wait, then answer with the inner reply.
    Delayed(Duration, Box<Reply>),
    /// A redirect to `location`, with a small HTML body naming it.
    Redirect {
        /// The HTTP status (301, 302, 307, 308).
        status: u16,
        /// The `Location` header.
        location: String,
    },
}

impl Reply {
    /// `{"ok": true, "result": <result>}` with status 200.
    pub fn ok(result: serde_json::Value) -> Reply {
        Reply::Json { status: 200, body: serde_json::json!({ "ok": true, "result": result }) }
    }

    /// `{"ok": false, "error_code": <code>, "description": <description>}` with `status`.
    pub fn error(status: u16, code: i64, description: &str) -> Reply {
        Reply::Json {
            status,
            body: serde_json::json!({ "ok": false, "error_code": code, "description": description }),
        }
    }
}

/// A message the server took from a send method.
#[derive(Debug, Clone, PartialEq)]
pub struct SentMessage {
    /// The `chat_id` parameter, as sent.
    pub chat_id: serde_json::Value,
    /// The `text` parameter.
    pub text: String,
    /// The id the server gave it.
    pub message_id: i64,
}

/// One post of an update to the webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The update's `update_id`.
    pub update_id: Option<i64>,
    /// The HTTP status the webhook answered, or `None` when it could not be reached.
    pub status: Option<u16>,
}

/// Where updates are posted while a webhook is set.
#[derive(Debug, Clone)]
pub(crate) struct WebhookTarget {
    pub(crate) url: String,
    pub(crate) secret_token: Option<String>,
}

#[derive(Default)]
pub(crate) struct State {
    scripted: HashMap<String, VecDeque<Reply>>,
    faults: HashMap<String, fault::Plan>,
    injected: BTreeMap<&'static str, usize>,
    requests: Vec<RecordedRequest>,
    expected_token: Option<String>,
    pub(crate) updates: VecDeque<serde_json::Value>,
    pub(crate) next_update_id: i64,
    pub(crate) webhook: Option<WebhookTarget>,
    pub(crate) deliveries: Vec<Delivery>,
    pub(crate) sent: Vec<SentMessage>,
    rate_limits: Option<rate_limit::Enforcer>,
}

/// What the connections and the webhook task share.
pub(crate) struct Shared {
    state: Mutex<State>,
    /// Woken when updates are queued or a webhook is set.
    pub(crate) updates_arrived: Notify,
    platform: Option<Platform>,
}

impl Shared {
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A running fake server. It stops when dropped.
pub struct FakeServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl FakeServer {
    /// Starts a server on an ephemeral port of 127.0.0.1 that speaks for no platform: it
    /// answers scripted replies and faults, and `{"ok": true, "result": true}` otherwise.
    ///
    /// # Panics
    /// When no loopback port can be bound.
    pub async fn start() -> FakeServer {
        FakeServer::start_on("127.0.0.1:0", None).await
    }

    /// Starts a server on an ephemeral port of 127.0.0.1 speaking for `platform`.
    ///
    /// # Panics
    /// When no loopback port can be bound.
    pub async fn start_for(platform: Platform) -> FakeServer {
        FakeServer::start_on("127.0.0.1:0", Some(platform)).await
    }

    /// Starts a server speaking for `platform` on `addr`, which must be a loopback
    /// address (`127.0.0.2:0` makes "another host" for redirect tests).
    ///
    /// # Panics
    /// When `addr` is not a loopback address or cannot be bound.
    pub async fn start_on(addr: &str, platform: Option<Platform>) -> FakeServer {
        let addr: SocketAddr = addr.parse().expect("a socket address");
        assert!(addr.ip().is_loopback(), "the fake server listens on loopback only");
        let listener = TcpListener::bind(addr).await.expect("bind a loopback port");
        let addr = listener.local_addr().expect("a bound socket has an address");
        let shared = Arc::new(Shared {
            state: Mutex::new(State { next_update_id: 1, ..State::default() }),
            updates_arrived: Notify::new(),
            platform,
        });
        let mut tasks = vec![tokio::spawn(serve(listener, shared.clone()))];
        if platform.is_some() {
            tasks.push(tokio::spawn(webhook::deliver(shared.clone())));
        }
        FakeServer { addr, shared, tasks }
    }

    /// `http://127.0.0.1:<port>`: the base URL to give a client.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Refuses every request whose token is not `token` (401, or Potato's 1002).
    pub fn expect_token(&self, token: &str) {
        self.shared.state().expected_token = Some(token.to_owned());
    }

    /// Queues `reply` as the answer to the next request for `method` (the last path
    /// segment of the URL).
    pub fn reply(&self, method: &str, reply: Reply) {
        self.shared.state().scripted.entry(method.to_owned()).or_default().push_back(reply);
    }

    /// Injects `fault` into the next request for `method` that no scripted reply answers.
    pub fn inject(&self, method: &str, fault: Fault) {
        self.shared.state().faults.entry(method.to_owned()).or_default().once.push_back(fault);
    }

    /// Injects faults into requests for `method` following `pattern` over and over
    /// (`None`: no fault for that request), after any one-off [`FakeServer::inject`].
    /// An empty pattern stops it.
    pub fn inject_cycle(&self, method: &str, pattern: Vec<Option<Fault>>) {
        let mut state = self.shared.state();
        let plan = state.faults.entry(method.to_owned()).or_default();
        plan.cycle = pattern;
        plan.position = 0;
    }

    /// How many faults of each class (see [`Fault::class`]) were injected so far.
    pub fn injected(&self) -> BTreeMap<&'static str, usize> {
        self.shared.state().injected.clone()
    }

    /// Queues updates for `getUpdates` or the webhook, in order. Each is a JSON object
    /// with its `update_id` (see [`text_update`]).
    pub fn push_updates(&self, updates: impl IntoIterator<Item = serde_json::Value>) {
        {
            let mut state = self.shared.state();
            for update in updates {
                if let Some(id) = update.get("update_id").and_then(serde_json::Value::as_i64) {
                    state.next_update_id = state.next_update_id.max(id + 1);
                }
                state.updates.push_back(update);
            }
        }
        self.shared.updates_arrived.notify_waiters();
    }

    /// Queues a text message from user `chat_id`, in the platform's update shape, with
    /// the next update id; returns the id.
    ///
    /// # Panics
    /// On a server started without a platform.
    pub fn push_text_message(&self, chat_id: i64, text: &str) -> i64 {
        let platform = self.shared.platform.expect("a server started for a platform");
        let id = self.shared.state().next_update_id;
        self.push_updates([text_update(platform, id, chat_id, text)]);
        id
    }

    /// How many updates are queued and not yet handed out (or, for Telegram, confirmed).
    pub fn pending_updates(&self) -> usize {
        self.shared.state().updates.len()
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.state().requests.clone()
    }

    /// The messages taken by the platform's send method, in order.
    pub fn sent_messages(&self) -> Vec<SentMessage> {
        self.shared.state().sent.clone()
    }

    /// Enforces `limits` on messages sent from now on: a message that would exceed them is
    /// answered `429` (Potato: 1007) with `retry_after` and not carried out.
    pub fn enforce_rate_limits(&self, limits: RateLimits) {
        self.shared.state().rate_limits = Some(rate_limit::Enforcer::new(limits));
    }

    /// How many messages the rate limits refused.
    pub fn rate_limited(&self) -> usize {
        self.shared.state().rate_limits.as_ref().map_or(0, |enforcer| enforcer.refused)
    }

    /// Every post of an update to the webhook, in order.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.shared.state().deliveries.clone()
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                tokio::spawn(connection(stream, shared.clone()));
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }
}

/// Serves one connection: requests one after another (keep-alive) until it closes.
async fn connection(mut stream: tokio::net::TcpStream, shared: Arc<Shared>) {
    // Answers go out at once, not after a delayed ACK.
    let _ = stream.set_nodelay(true);
    let mut reader = http::Reader::default();
    while let Ok(Some(request)) = reader.read_request(&mut stream).await {
        let reply = answer(&shared, request).await;
        if !http::write_reply(&mut stream, reply).await {
            return;
        }
    }
}

/// The answer to `request`: scripted, a fault, the platform's behaviour, or `true`.
async fn answer(shared: &Shared, request: RecordedRequest) -> Reply {
    let method = request.path.rsplit('/').next().unwrap_or_default().to_owned();
    let (scripted, fault, token_ok) = {
        let mut state = shared.state();
        state.requests.push(request.clone());
        let scripted = state.scripted.get_mut(&method).and_then(VecDeque::pop_front);
        let fault =
            if scripted.is_some() { None } else { state.faults.get_mut(&method).and_then(fault::Plan::next) };
        if let Some(fault) = &fault {
            *state.injected.entry(fault.class()).or_default() += 1;
        }
        let token_ok = match (&state.expected_token, shared.platform) {
            (Some(expected), Some(platform)) => {
                platform.split_path(&request.path).is_some_and(|(token, _)| token == expected)
            }
            _ => true,
        };
        (scripted, fault, token_ok)
    };
    if let Some(reply) = scripted {
        return reply;
    }
    let Some(platform) = shared.platform else {
        return match fault {
            Some(fault) => fault.reply(None, &request, || Reply::ok(serde_json::Value::Bool(true))),
            None => Reply::ok(serde_json::Value::Bool(true)),
        };
    };
    let Some((_, method)) = platform.split_path(&request.path) else {
        return bot_api::not_found();
    };
    if !token_ok {
        return bot_api::unauthorized(platform);
    }
    let limited =
        shared.state().rate_limits.as_mut().and_then(|limits| limits.check(platform, method, &request));
    if let Some(reply) = limited {
        return reply;
    }
    let method = method.to_owned();
    match fault {
        Some(fault) if fault.leaves_request_undone() => fault.reply(Some(platform), &request, || Reply::Drop),
        Some(fault) => {
            let done = bot_api::answer(shared, platform, &method, &request).await;
            fault.reply(Some(platform), &request, || done)
        }
        None => bot_api::answer(shared, platform, &method, &request).await,
    }
}
