//! The HTTP receiver of `get-query` callbacks (feature `webhook`): a small server taking
//! the GET of the callback URL a user's browser is sent to, and (feature `axum`) the same
//! checks as an axum router.
//!
//! The server reads only a request's head: a GET carries no body, and every answer closes
//! the connection (a browser follows one redirect here, nothing more). Reading the head
//! itself, instead of through hyper, is what lets an over-long request line be refused
//! before it is read whole, and every refusal get the bot's failure page. The accept
//! loop, connection cap and shutdown are the other receivers' (`receive::server`); the
//! head reader is this receiver's handler of a connection.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant, SystemTime};

use futures_core::Stream;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

pub use crate::receive::server::DEFAULT_MAX_CONNECTIONS;
use crate::receive::server::{self, WebhookServer, READ_DEADLINE};
use crate::verify::query_callback::{QueryDecoder, Rejected, DEFAULT_MAX_QUERY_BYTES};

/// The default oldest payload taken, for decoders whose payload has a time
/// ([`QueryDecoder::is_older_than`]; the passport's `authtime`): 5 minutes.
pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(300);

/// The default time a delivery is remembered, to refuse it again: 10 minutes (longer
/// than [`DEFAULT_MAX_AGE`], so a payload with a time is refused as a replay until it is
/// refused as too old).
pub const DEFAULT_REPLAY_WINDOW: Duration = Duration::from_secs(600);

/// The default number of deliveries remembered: 4096 (8 bytes and an instant each).
pub const DEFAULT_REPLAY_CAPACITY: usize = 4096;

/// The default largest header section (after the request line) the built-in server reads.
pub const DEFAULT_MAX_HEADER_BYTES: usize = 16 * 1024;

/// The default largest number of header lines the built-in server takes.
pub const DEFAULT_MAX_HEADERS: usize = 64;

/// The default time a client has to send its request head (and then to take the answer):
/// 10 seconds. A client slower than that (slowloris) is answered `408` and cut off.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = READ_DEADLINE;

/// The method, space, space and version around the request target: `OPTIONS` and
/// `HTTP/1.1` with room to spare.
const REQUEST_LINE_EXTRA: usize = 32;

/// At most this much is read and dropped after answering, so that closing does not reset
/// a connection whose client is still sending (and lose it the answer).
const DRAIN_BYTES: usize = 64 * 1024;

/// What the browser is answered: a page, or a redirect to the bot's own page.
#[derive(Clone, PartialEq, Eq)]
pub struct Reply {
    kind: ReplyKind,
}

#[derive(Clone, PartialEq, Eq)]
enum ReplyKind {
    Page { content_type: &'static str, body: Arc<str> },
    Redirect(Arc<str>),
}

impl fmt::Debug for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ReplyKind::Page { content_type, body } => f
                .debug_struct("Page")
                .field("content_type", content_type)
                .field("bytes", &body.len())
                .finish(),
            ReplyKind::Redirect(location) => f.debug_tuple("Redirect").field(location).finish(),
        }
    }
}

impl Reply {
    /// An HTML page (`text/html; charset=utf-8`).
    ///
    /// ```
    /// let page = tgfamily::query_callback::Reply::html("<!doctype html><p>Welcome back!</p>");
    /// # drop(page);
    /// ```
    pub fn html(body: impl Into<String>) -> Reply {
        Reply::page("text/html; charset=utf-8", body.into())
    }

    /// A plain-text page (`text/plain; charset=utf-8`).
    ///
    /// ```
    /// let page = tgfamily::query_callback::Reply::text("Signed in.");
    /// # drop(page);
    /// ```
    pub fn text(body: impl Into<String>) -> Reply {
        Reply::page("text/plain; charset=utf-8", body.into())
    }

    /// A `303 See Other` to `location` (a URL, or a path on the same host); `None` when it
    /// holds anything but visible ASCII (a space or a line break would break the header).
    ///
    /// ```
    /// use tgfamily::query_callback::Reply;
    ///
    /// assert!(Reply::redirect("https://app.example/welcome").is_some());
    /// assert!(Reply::redirect("/x\r\nSet-Cookie: a=b").is_none());
    /// ```
    pub fn redirect(location: impl Into<String>) -> Option<Reply> {
        let location = location.into();
        let visible = !location.is_empty() && location.bytes().all(|byte| byte.is_ascii_graphic());
        visible.then(|| Reply { kind: ReplyKind::Redirect(location.into()) })
    }

    fn page(content_type: &'static str, body: String) -> Reply {
        Reply { kind: ReplyKind::Page { content_type, body: body.into() } }
    }

    /// The default answer to a callback taken.
    fn signed_in() -> Reply {
        Reply::html(
            "<!doctype html><meta charset=\"utf-8\"><title>Signed in</title>\
             <p>Signed in. You can close this page.</p>\n",
        )
    }

    /// The default answer to anything refused.
    fn failed() -> Reply {
        Reply::html(
            "<!doctype html><meta charset=\"utf-8\"><title>Sign-in failed</title>\
             <p>Sign-in failed. Please try again.</p>\n",
        )
    }
}

/// A receiver of the `get-query` callbacks `D` decodes, on one path. A GET (or HEAD) of
/// the path whose callback passes every check is answered with the success [`Reply`] and
/// its payload handed over by [`QueryCallbacks`]; anything else gets the failure reply
/// with the status of the check that failed, and a `tracing` warning (feature `tracing`)
/// names the check in its `check` field:
///
/// | `check` | what failed | status |
/// | --- | --- | --- |
/// | `path` | another path | 404 |
/// | `method` | not GET or HEAD | 405 |
/// | `target-length` | the request target is longer than [`QueryReceiver::max_target_bytes`] | 414 |
/// | `headers` | more header bytes or lines than allowed (built-in server) | 431 |
/// | `request` | not an HTTP/1 request (built-in server) | 400 |
/// | `timeout` | the head not sent within [`QueryReceiver::request_timeout`] (built-in server) | 408 |
/// | `query` | the query string is unreadable, or a parameter of the scheme is given twice | 400 |
/// | `status` | the status parameter is not the success value (the user cancelled) | 400 |
/// | `payload-missing` | no payload parameter, or an empty one | 400 |
/// | `decode` | the decoder refused the payload (not Base64, another key, not a record) | 400 |
/// | `max-age` | the payload is older than [`QueryReceiver::max_age`] | 400 |
/// | `replay` | the same delivery was taken within [`QueryReceiver::replay_window`] | 400 |
/// | `queue` | no room in the queue within [`QueryReceiver::answer_within`] | 503 |
///
/// The event's `reason` says more; neither it nor any answer holds the payload parameter
/// or a decoded value. A failure reply that is a redirect is used for the checks of a
/// callback (from `query` on) and for 414 and 503; other refusals get the default
/// failure page. Every answer is `Cache-Control: no-store` and `Referrer-Policy:
/// no-referrer`, so the URL with the payload is neither cached nor sent on as a referrer.
///
/// ```no_run
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// use tgfamily::cloudchat::{PassportUser, PASSPORT_CALLBACK};
/// use tgfamily::passport::{PassportDecoder, PrivateKey};
/// use tgfamily::query_callback::{QueryReceiver, Reply};
///
/// let key = PrivateKey::from_pem(&std::fs::read_to_string("private.key")?)?;
/// let (server, mut users) = QueryReceiver::new("/passport", PassportDecoder::<PassportUser>::new(&PASSPORT_CALLBACK, key))
///     .success(Reply::redirect("https://app.example/welcome").expect("a URL"))
///     .bind("127.0.0.1:8080".parse()?)
///     .await?;
/// // Behind a TLS proxy; the sign-in link's callback URL is https://app.example/passport.
/// while let Some(user) = users.next().await {
///     println!("{} signed in", user.user_id);
/// }
/// server.shutdown().await;
/// # Ok(())
/// # }
/// ```
pub struct QueryReceiver<D: QueryDecoder> {
    path: String,
    decoder: D,
    success: Reply,
    failure: Reply,
    max_age: Duration,
    replay_window: Duration,
    replay_capacity: usize,
    max_target_bytes: usize,
    max_header_bytes: usize,
    max_headers: usize,
    request_timeout: Duration,
    max_connections: usize,
    queue: usize,
    answer_within: Duration,
}

impl<D: QueryDecoder + fmt::Debug> fmt::Debug for QueryReceiver<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QueryReceiver")
            .field("path", &self.path)
            .field("decoder", &self.decoder)
            .field("success", &self.success)
            .field("failure", &self.failure)
            .field("max_age", &self.max_age)
            .field("replay_window", &self.replay_window)
            .field("replay_capacity", &self.replay_capacity)
            .field("max_target_bytes", &self.max_target_bytes)
            .field("max_header_bytes", &self.max_header_bytes)
            .field("max_headers", &self.max_headers)
            .field("request_timeout", &self.request_timeout)
            .field("max_connections", &self.max_connections)
            .field("queue", &self.queue)
            .field("answer_within", &self.answer_within)
            .finish()
    }
}

impl<D: QueryDecoder> QueryReceiver<D> {
    /// A receiver of the callbacks `decoder` decodes, at `path` (a missing leading `/` is
    /// added). Defaults: the small "Signed in" and "Sign-in failed" pages,
    /// [`DEFAULT_MAX_AGE`], [`DEFAULT_REPLAY_WINDOW`] and [`DEFAULT_REPLAY_CAPACITY`],
    /// request targets up to [`DEFAULT_MAX_QUERY_BYTES`], [`DEFAULT_MAX_HEADER_BYTES`] in
    /// at most [`DEFAULT_MAX_HEADERS`] lines, [`DEFAULT_REQUEST_TIMEOUT`],
    /// [`DEFAULT_MAX_CONNECTIONS`], 1024 payloads queued, 5 s to queue one.
    ///
    /// ```
    /// # {
    /// use tgfamily::query_callback::{Plain, QueryReceiver};
    ///
    /// # #[derive(Debug, serde::Deserialize)] struct Order { id: i64 }
    /// # const PAID: tgfamily::query_callback::QueryScheme = tgfamily::query_callback::QueryScheme {
    /// #     name: "Paid", payload_parameter: "order", status: None,
    /// #     encoding: tgfamily::query_callback::Encoding::Json, encryption: None };
    /// let receiver = QueryReceiver::new("paid", Plain::<Order>::new(&PAID).expect("plain"));
    /// assert_eq!(receiver.path(), "/paid");
    /// # }
    /// ```
    pub fn new(path: impl Into<String>, decoder: D) -> QueryReceiver<D> {
        let path = path.into();
        let path = if path.starts_with('/') { path } else { format!("/{path}") };
        QueryReceiver {
            path,
            decoder,
            success: Reply::signed_in(),
            failure: Reply::failed(),
            max_age: DEFAULT_MAX_AGE,
            replay_window: DEFAULT_REPLAY_WINDOW,
            replay_capacity: DEFAULT_REPLAY_CAPACITY,
            max_target_bytes: DEFAULT_MAX_QUERY_BYTES,
            max_header_bytes: DEFAULT_MAX_HEADER_BYTES,
            max_headers: DEFAULT_MAX_HEADERS,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            queue: 1024,
            answer_within: Duration::from_secs(5),
        }
    }

    /// The path callbacks are taken at.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The answer to a callback taken (status 200 for a page, 303 for a redirect).
    pub fn success(mut self, reply: Reply) -> QueryReceiver<D> {
        self.success = reply;
        self
    }

    /// The answer to a callback refused (see the table of [`QueryReceiver`]).
    pub fn failure(mut self, reply: Reply) -> QueryReceiver<D> {
        self.failure = reply;
        self
    }

    /// Refuses payloads older than `max_age` (when the decoder knows their time);
    /// `Duration::MAX` takes any age.
    pub fn max_age(mut self, max_age: Duration) -> QueryReceiver<D> {
        self.max_age = max_age;
        self
    }

    /// How long a delivery taken is remembered, to refuse it if it comes again. It is
    /// never shorter than the time a payload stays acceptable (`max_age` plus
    /// [`CLOCK_SKEW`](crate::query_callback::CLOCK_SKEW)), whatever the clocks say: a
    /// payload dated ahead of the receiver's clock is remembered until it has grown too
    /// old. What is remembered stays bounded by `replay_capacity`.
    pub fn replay_window(mut self, window: Duration) -> QueryReceiver<D> {
        self.replay_window = window;
        self
    }

    /// How many deliveries are remembered at most (the oldest is forgotten first); at
    /// least 1.
    pub fn replay_capacity(mut self, deliveries: usize) -> QueryReceiver<D> {
        self.replay_capacity = deliveries.max(1);
        self
    }

    /// The longest request target (path and query) taken. The scheme reads at most
    /// [`DEFAULT_MAX_QUERY_BYTES`] of it in any case.
    pub fn max_target_bytes(mut self, bytes: usize) -> QueryReceiver<D> {
        self.max_target_bytes = bytes;
        self
    }

    /// The largest header section the built-in server reads.
    pub fn max_header_bytes(mut self, bytes: usize) -> QueryReceiver<D> {
        self.max_header_bytes = bytes;
        self
    }

    /// The largest number of header lines the built-in server takes.
    pub fn max_headers(mut self, lines: usize) -> QueryReceiver<D> {
        self.max_headers = lines;
        self
    }

    /// How long the built-in server waits for a request head, and then for the client to
    /// take the answer.
    pub fn request_timeout(mut self, timeout: Duration) -> QueryReceiver<D> {
        self.request_timeout = timeout;
        self
    }

    /// How many connections the built-in server serves at once (at least 1). When all are
    /// taken, new connections are not refused: they wait in the operating system's backlog
    /// and are accepted, oldest first, as served ones close (each is answered and closed
    /// within twice [`QueryReceiver::request_timeout`]). A full queue is another matter:
    /// a callback that finds no room within [`QueryReceiver::answer_within`] is answered
    /// `503`.
    pub fn max_connections(mut self, connections: usize) -> QueryReceiver<D> {
        self.max_connections = connections.max(1);
        self
    }

    /// How many payloads may wait to be taken from [`QueryCallbacks`] (at least 1).
    pub fn queue(mut self, payloads: usize) -> QueryReceiver<D> {
        self.queue = payloads.max(1);
        self
    }

    /// How long a callback waits for room in a full queue before it is answered `503`.
    pub fn answer_within(mut self, wait: Duration) -> QueryReceiver<D> {
        self.answer_within = wait;
        self
    }

    /// Listens on `addr` (port 0 picks a free one: see [`QueryServer::local_addr`]).
    ///
    /// # Errors
    /// When the address cannot be bound.
    pub async fn bind(self, addr: SocketAddr) -> io::Result<(QueryServer, QueryCallbacks<D::Payload>)> {
        self.serve(TcpListener::bind(addr).await?)
    }

    /// Serves on a listener already bound.
    ///
    /// # Errors
    /// When the listener has no local address.
    pub fn serve(self, listener: TcpListener) -> io::Result<(QueryServer, QueryCallbacks<D::Payload>)> {
        let limits = HeadLimits {
            max_line_bytes: self.max_target_bytes.saturating_add(REQUEST_LINE_EXTRA),
            max_header_bytes: self.max_header_bytes,
            max_headers: self.max_headers,
            timeout: self.request_timeout,
        };
        let max_connections = self.max_connections;
        let (core, callbacks) = self.into_core();
        let core = Arc::new(core);
        let server = server::spawn(listener, max_connections, move |stream, _stopped| {
            // A connection is answered and closed within its timeouts; shutdown waits.
            let core = core.clone();
            async move { connection(stream, &core, limits).await }
        })?;
        Ok((server, callbacks))
    }

    /// The checks every request goes through, and the stream they feed.
    pub(crate) fn into_core(self) -> (Core<D>, QueryCallbacks<D::Payload>) {
        let (sender, receiver) = mpsc::channel(self.queue);
        let seen = Seen {
            hasher: RandomState::new(),
            set: HashSet::new(),
            order: VecDeque::new(),
            window: replay_window(self.replay_window, self.max_age),
            capacity: self.replay_capacity,
        };
        let core = Core {
            path: self.path,
            decoder: self.decoder,
            success: self.success,
            failure: self.failure,
            max_age: self.max_age,
            max_target_bytes: self.max_target_bytes,
            answer_within: self.answer_within,
            seen: Mutex::new(seen),
            queue: sender,
        };
        (core, QueryCallbacks { receiver })
    }
}

/// A running [`QueryReceiver`]: the webhook's server handle, the same for every built-in
/// receiver ([`WebhookServer::local_addr`], [`WebhookServer::shutdown`]; dropping it stops
/// the server too).
pub type QueryServer = WebhookServer;

/// The payloads a receiver took, in the order they arrived; a [`Stream`] too. Ends after
/// the receiver stopped (the server shut down, or the router dropped) and everything
/// queued was taken.
#[derive(Debug)]
pub struct QueryCallbacks<T> {
    receiver: mpsc::Receiver<T>,
}

impl<T> QueryCallbacks<T> {
    /// The next payload; `None` once the receiver stopped and everything was taken.
    ///
    /// ```no_run
    /// # async fn demo(mut users: tgfamily::query_callback::QueryCallbacks<String>) {
    /// while let Some(user) = users.next().await {
    ///     println!("{user}");
    /// }
    /// # }
    /// ```
    pub async fn next(&mut self) -> Option<T> {
        self.receiver.recv().await
    }
}

impl<T> Stream for QueryCallbacks<T> {
    type Item = T;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.get_mut().receiver.poll_recv(cx)
    }
}

/// What a request is checked against, shared by the built-in server and the axum router.
pub(crate) struct Core<D: QueryDecoder> {
    pub(crate) path: String,
    decoder: D,
    success: Reply,
    failure: Reply,
    max_age: Duration,
    max_target_bytes: usize,
    answer_within: Duration,
    seen: Mutex<Seen>,
    queue: mpsc::Sender<D::Payload>,
}

/// An answer, ready to be written by the server or turned into an axum response.
pub(crate) struct Answer {
    pub(crate) status: u16,
    /// Header names in lower case, values visible ASCII.
    pub(crate) headers: Vec<(&'static str, String)>,
    /// Empty for a HEAD.
    pub(crate) body: String,
}

impl<D: QueryDecoder> Core<D> {
    /// The answer to a request of `method` for `target` (path and query).
    pub(crate) async fn answer(&self, method: &str, target: &str) -> Answer {
        let head = method == "HEAD";
        match self.receive(method, target).await {
            Ok(()) => answer(&self.success, 200, head),
            Err(refusal) => self.refuse(&refusal, head),
        }
    }

    /// Logs why a request was refused, and the failure answer.
    pub(crate) fn refuse(&self, refusal: &Refusal, head: bool) -> Answer {
        crate::events::warn_event!(
            callback = self.decoder.scheme().name,
            check = refusal.check(),
            reason = %refusal,
            "refused a query callback"
        );
        let reply = match self.failure.kind {
            ReplyKind::Redirect(_) if !refusal.of_a_callback() => Reply::failed(),
            _ => self.failure.clone(),
        };
        let mut answer = answer(&reply, refusal.status(), head);
        if let Refusal::Method = refusal {
            answer.headers.push(("allow", "GET, HEAD".to_owned()));
        }
        answer
    }

    async fn receive(&self, method: &str, target: &str) -> Result<(), Refusal> {
        if target.split(['?', '#']).next() != Some(self.path.as_str()) {
            return Err(Refusal::Path);
        }
        if method != "GET" && method != "HEAD" {
            return Err(Refusal::Method);
        }
        if target.len() > self.max_target_bytes {
            return Err(Refusal::TargetLength { limit: self.max_target_bytes });
        }
        let value = self.decoder.scheme().payload_text(target).map_err(Refusal::Callback)?;
        let payload = self.decoder.decode(&value).map_err(|error| Refusal::Decode(error.to_string()))?;
        if self.decoder.is_older_than(&payload, self.max_age, SystemTime::now()) {
            return Err(Refusal::MaxAge { max_age: self.max_age });
        }
        let permit = match tokio::time::timeout(self.answer_within, self.queue.reserve()).await {
            Ok(Ok(permit)) => permit,
            // The stream was dropped, or stayed full.
            Ok(Err(_)) | Err(_) => return Err(Refusal::Queue),
        };
        let key = self.decoder.replay_key(&value);
        if !self.seen.lock().unwrap_or_else(PoisonError::into_inner).insert(&key, Instant::now()) {
            return Err(Refusal::Replay);
        }
        permit.send(payload);
        Ok(())
    }
}

/// `reply` with `status` (`303` for a redirect), and the headers every
/// answer has.
fn answer(reply: &Reply, status: u16, head: bool) -> Answer {
    let mut headers = vec![
        ("cache-control", "no-store".to_owned()),
        ("referrer-policy", "no-referrer".to_owned()),
        ("x-content-type-options", "nosniff".to_owned()),
    ];
    let (status, body) = match &reply.kind {
        ReplyKind::Page { content_type, body } => {
            headers.push(("content-type", (*content_type).to_owned()));
            (status, body.to_string())
        }
        ReplyKind::Redirect(location) => {
            headers.push(("location", location.to_string()));
            (303, String::new())
        }
    };
    headers.push(("content-length", body.len().to_string()));
    Answer { status, headers, body: if head { String::new() } else { body } }
}

/// Why a request was refused: the check that failed.
#[derive(Debug)]
pub(crate) enum Refusal {
    Path,
    Method,
    TargetLength { limit: usize },
    Headers,
    Request,
    Timeout,
    Callback(Rejected),
    Decode(String),
    MaxAge { max_age: Duration },
    Replay,
    Queue,
}

impl Refusal {
    /// The check's name, for the log.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    fn check(&self) -> &'static str {
        match self {
            Refusal::Path => "path",
            Refusal::Method => "method",
            Refusal::TargetLength { .. } => "target-length",
            Refusal::Headers => "headers",
            Refusal::Request => "request",
            Refusal::Timeout => "timeout",
            Refusal::Callback(Rejected::NotSuccessful { .. }) => "status",
            Refusal::Callback(Rejected::MissingPayload { .. }) => "payload-missing",
            Refusal::Callback(_) => "query",
            Refusal::Decode(_) => "decode",
            Refusal::MaxAge { .. } => "max-age",
            Refusal::Replay => "replay",
            Refusal::Queue => "queue",
        }
    }

    /// Whether the request reached the callback's checks: a browser sent to the callback
    /// URL, which a failure redirect is for.
    fn of_a_callback(&self) -> bool {
        !matches!(
            self,
            Refusal::Path | Refusal::Method | Refusal::Headers | Refusal::Request | Refusal::Timeout
        )
    }

    fn status(&self) -> u16 {
        match self {
            Refusal::Path => 404,
            Refusal::Method => 405,
            Refusal::TargetLength { .. } => 414,
            Refusal::Headers => 431,
            Refusal::Timeout => 408,
            Refusal::Queue => 503,
            Refusal::Request
            | Refusal::Callback(_)
            | Refusal::Decode(_)
            | Refusal::MaxAge { .. }
            | Refusal::Replay => 400,
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Path => f.write_str("not the callback's path"),
            Refusal::Method => f.write_str("not GET or HEAD"),
            Refusal::TargetLength { limit } => write!(f, "the request target is longer than {limit} bytes"),
            Refusal::Headers => f.write_str("too many or too long header lines"),
            Refusal::Request => f.write_str("not an HTTP/1 request"),
            Refusal::Timeout => f.write_str("the request head did not arrive in time"),
            Refusal::Callback(rejected) => rejected.fmt(f),
            Refusal::Decode(reason) => write!(f, "the payload does not decode: {reason}"),
            Refusal::MaxAge { max_age } => write!(f, "the payload is older than {}s", max_age.as_secs()),
            Refusal::Replay => f.write_str("this delivery was taken already"),
            Refusal::Queue => f.write_str("the queue stayed full"),
        }
    }
}

/// The deliveries taken recently: keyed hashes of their replay keys, oldest first.
struct Seen {
    hasher: RandomState,
    set: HashSet<u64>,
    order: VecDeque<(u64, Instant)>,
    window: Duration,
    capacity: usize,
}

impl Seen {
    /// Remembers `key`; `false` when it was remembered already.
    fn insert(&mut self, key: &[u8], now: Instant) -> bool {
        let hash = self.hasher.hash_one(key);
        while let Some(&(old, at)) = self.order.front() {
            if self.order.len() < self.capacity && now.duration_since(at) <= self.window {
                break;
            }
            self.order.pop_front();
            self.set.remove(&old);
        }
        if !self.set.insert(hash) {
            return false;
        }
        self.order.push_back((hash, now));
        true
    }
}

/// The built-in server's limits on a request head.
#[derive(Clone, Copy)]
struct HeadLimits {
    max_line_bytes: usize,
    max_header_bytes: usize,
    max_headers: usize,
    timeout: Duration,
}

/// Reads one request head, answers it and closes the connection.
async fn connection<D: QueryDecoder>(mut stream: TcpStream, core: &Core<D>, limits: HeadLimits) {
    let answer = match tokio::time::timeout(limits.timeout, read_head(&mut stream, limits)).await {
        Ok(Ok(head)) => core.answer(&head.method, &head.target).await,
        Ok(Err(Some(refusal))) => core.refuse(&refusal, false),
        // The client went away.
        Ok(Err(None)) => return,
        Err(_) => core.refuse(&Refusal::Timeout, false),
    };
    let finish = async {
        stream.write_all(&serialise(&answer)).await?;
        stream.shutdown().await?;
        // Read what the client still sends until it closes, so the close is not a reset.
        let mut drained = 0;
        let mut buffer = [0u8; 4096];
        while drained < DRAIN_BYTES {
            match stream.read(&mut buffer).await? {
                0 => break,
                read => drained += read,
            }
        }
        io::Result::Ok(())
    };
    let _ = tokio::time::timeout(limits.timeout, finish).await;
}

/// A request's method and target.
struct Head {
    method: String,
    target: String,
}

/// Reads up to the end of the head, refusing it as soon as a limit is passed; `None` when
/// the connection failed or closed.
async fn read_head(stream: &mut TcpStream, limits: HeadLimits) -> Result<Head, Option<Refusal>> {
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    // Where the request line ends, and how far the buffer was searched for the head's end.
    let mut line_end = None;
    let mut searched = 0;
    // Each turn reads at least a byte, and the buffer is refused past its limits.
    loop {
        let read = stream.read(&mut chunk).await.map_err(|_| None)?;
        if read == 0 {
            return Err(None);
        }
        buffer.extend_from_slice(&chunk[..read]);
        let line_end = match line_end {
            Some(end) => end,
            None => {
                let start = buffer.len() - read;
                let too_long = Refusal::TargetLength { limit: limits.max_line_bytes - REQUEST_LINE_EXTRA };
                match buffer[start..].iter().position(|&byte| byte == b'\n').map(|at| start + at) {
                    Some(end) if end <= limits.max_line_bytes => *line_end.insert(end),
                    Some(_) => return Err(Some(too_long)),
                    None if buffer.len() > limits.max_line_bytes => return Err(Some(too_long)),
                    None => continue,
                }
            }
        };
        // The head ends with an empty line: `\n\r\n` or `\n\n` (a request line alone
        // ends at its own `\n`, so the search starts there).
        let from = searched.max(line_end);
        let blank = |pattern: &[u8]| {
            let at = buffer[from..].windows(pattern.len()).position(|window| window == pattern);
            at.map(|at| from + at + pattern.len())
        };
        let end = match (blank(b"\n\n"), blank(b"\n\r\n")) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match end {
            Some(end) if end - line_end > limits.max_header_bytes => return Err(Some(Refusal::Headers)),
            Some(end) => return parse_head(&buffer[..end], line_end, limits).map_err(Some),
            None if buffer.len() - line_end > limits.max_header_bytes => return Err(Some(Refusal::Headers)),
            None => searched = buffer.len().saturating_sub(2),
        }
    }
}

/// The method and target of a complete head, whose request line ends at `line_end`.
fn parse_head(head: &[u8], line_end: usize, limits: HeadLimits) -> Result<Head, Refusal> {
    let line = std::str::from_utf8(&head[..line_end]).map_err(|_| Refusal::Request)?.trim_end_matches('\r');
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Refusal::Request);
    };
    let visible = |text: &str| !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_graphic());
    if !visible(method) || !visible(target) || !version.starts_with("HTTP/1.") {
        return Err(Refusal::Request);
    }
    let fields = String::from_utf8_lossy(&head[line_end + 1..]);
    let fields: Vec<&str> = fields.lines().filter(|line| !line.is_empty()).collect();
    if fields.len() > limits.max_headers {
        return Err(Refusal::Headers);
    }
    // A header line is `name: value`; a line folded onto the one before is refused.
    if fields.iter().any(|field| field.starts_with([' ', '\t']) || !field.contains(':')) {
        return Err(Refusal::Request);
    }
    Ok(Head { method: method.to_owned(), target: target.to_owned() })
}

/// The answer as HTTP/1.1 bytes, closing the connection.
fn serialise(answer: &Answer) -> Vec<u8> {
    let mut bytes = format!("HTTP/1.1 {} {}\r\nconnection: close\r\n", answer.status, reason(answer.status));
    for (name, value) in &answer.headers {
        bytes.push_str(&format!("{name}: {value}\r\n"));
    }
    bytes.push_str("\r\n");
    bytes.push_str(&answer.body);
    bytes.into_bytes()
}

/// The reason phrase of the statuses answered.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        303 => "See Other",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// How long a delivery is remembered: the window asked for, and at least as long as a
/// payload stays acceptable (from [`CLOCK_SKEW`] before its time to `max_age` after it).
fn replay_window(asked: Duration, max_age: Duration) -> Duration {
    asked.max(max_age.saturating_add(crate::verify::query_callback::CLOCK_SKEW))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deliveries_are_remembered_while_they_are_acceptable() {
        let minute = Duration::from_secs(60);
        assert_eq!(replay_window(10 * minute, 5 * minute), 10 * minute, "the window asked for");
        assert_eq!(replay_window(10 * minute, 20 * minute), 21 * minute, "an age longer than the window");
        assert_eq!(
            replay_window(Duration::ZERO, Duration::MAX),
            Duration::MAX,
            "any age: until the capacity forgets"
        );
    }

    fn seen(window: u64, capacity: usize) -> Seen {
        Seen {
            hasher: RandomState::new(),
            set: HashSet::new(),
            order: VecDeque::new(),
            window: Duration::from_secs(window),
            capacity,
        }
    }

    #[test]
    fn a_delivery_is_refused_again_within_the_window_and_memory_is_bounded() {
        let start = Instant::now();
        let later = |seconds| start + Duration::from_secs(seconds);
        let mut recent = seen(60, 3);
        assert!(recent.insert(b"a", start));
        assert!(!recent.insert(b"a", later(60)), "within the window");
        assert!(recent.insert(b"a", later(61)), "forgotten after the window");
        for (index, key) in [b"b", b"c", b"d", b"e"].into_iter().enumerate() {
            assert!(recent.insert(key, later(62 + index as u64)));
            assert!(recent.order.len() <= 3 && recent.set.len() <= 3);
        }
        assert!(recent.insert(b"b", later(70)), "the oldest is forgotten first");
        assert!(!recent.insert(b"e", later(70)));
    }

    #[test]
    fn heads_are_parsed_and_refused_by_their_limits() {
        let limits =
            HeadLimits { max_line_bytes: 64, max_header_bytes: 64, max_headers: 2, timeout: Duration::ZERO };
        let parse = |head: &str| parse_head(head.as_bytes(), head.find('\n').expect("a line"), limits);
        let head = parse("GET /cb?a=1 HTTP/1.1\r\nhost: x\r\n\r\n").expect("a head");
        assert_eq!((head.method.as_str(), head.target.as_str()), ("GET", "/cb?a=1"));
        assert!(matches!(parse("GET /cb HTTP/1.1\r\na: 1\r\nb: 2\r\nc: 3\r\n\r\n"), Err(Refusal::Headers)));
        for bad in [
            "GET /cb\r\n\r\n",
            "GET /c b HTTP/1.1\r\n\r\n",
            "GET /cb HTTP/2\r\n\r\n",
            "GET /cb HTTP/1.1\r\nnocolon\r\n\r\n",
        ] {
            assert!(matches!(parse(bad), Err(Refusal::Request)), "{bad:?}");
        }
    }

    #[test]
    fn redirects_are_303_and_every_answer_is_not_cached() {
        let redirect = Reply::redirect("/welcome").expect("a location");
        let taken = answer(&redirect, 200, false);
        assert_eq!(taken.status, 303);
        assert!(taken.headers.contains(&("location", "/welcome".to_owned())));
        let page = answer(&Reply::text("no"), 400, true);
        assert_eq!((page.status, page.body.as_str()), (400, ""));
        assert!(page.headers.contains(&("content-length", "2".to_owned())));
        assert!(page.headers.contains(&("cache-control", "no-store".to_owned())));
    }
}
