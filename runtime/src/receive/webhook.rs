//! The webhook receiver (feature `webhook`): a small HTTP/1.1 server that takes the
//! platform's update posts and hands them over as a [`Stream`].
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use futures_util::StreamExt;
//! use tgfamily::webhook::Webhook;
//! use tgfamily::Incoming;
//!
//! let (server, mut updates) = Webhook::<tgfamily::telegram::Telegram>::new("/hook/5bf6c1d2e3")
//!     .secret_token("a-secret-of-my-own")
//!     .bind("127.0.0.1:8443".parse().expect("an address"))
//!     .await?;
//! // Behind a TLS proxy: bot.set_webhook("https://example.com/hook/5bf6c1d2e3").secret_token(…)
//! while let Some(incoming) = updates.next().await {
//!     if let Incoming::Update(update) = incoming {
//!         println!("update {}", update.update_id);
//!     }
//! }
//! server.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! **What is checked.** Only `POST` on the secret path is taken (compared in constant
//! time; anything else is 404 or 405). On platforms that send a secret header (Telegram's
//! `X-Telegram-Bot-Api-Secret-Token`), a configured [`Webhook::secret_token`] must match
//! it, compared in constant time (401 otherwise). A body longer than
//! [`Webhook::max_body_bytes`] is refused with 413 without being read; one that is not
//! JSON with 400. Headers must arrive within 10 s and the body within 10 s more. The
//! built-in server serves at most [`Webhook::max_connections`] connections at once
//! (default [`DEFAULT_MAX_CONNECTIONS`]); more wait in the operating system's backlog
//! until one closes.
//!
//! **Answering.** The server answers `200` as soon as the update is queued for the
//! stream, before it is handled, so the platform never waits on the bot's work. An update
//! that does not decode is queued as [`Incoming::Undecodable`] and answered `200` too (the
//! platform would only send it again). When the queue stays full for
//! [`Webhook::answer_within`], the answer is `503` and the platform sends the update again
//! later; an update seen again among the last few thousand is dropped.
//!
//! **Replying.** Telegram lets the answer to a webhook post carry one method call ("Making
//! requests when getting updates" in the Bot API document): [`Webhook::bind_with_replies`]
//! hands each update over with a [`Replier`], and the post is answered once the bot
//! replies with a [`WebhookReply`], drops the replier, or lets [`Webhook::reply_within`]
//! pass (these two: an empty `200`). The platform gives no result for such a call, and
//! the reply carries no file upload (files by `file_id` or URL only).
//!
//! **Inside your own server.** With the feature `axum`, `Webhook::into_router` (and
//! `Webhook::into_router_with_replies`) give an `axum::Router` doing the same checks, to
//! merge into the application's router. `set_webhook_with_fresh_secret` (feature
//! `telegram`) makes a random secret path and token, calls `setWebhook` with them, and
//! returns the [`Webhook`] that expects them.
//!
//! The server speaks plain HTTP: put it behind a TLS-terminating proxy, or on a port the
//! platform reaches over a trusted network.

use std::convert::Infallible;
use std::io;
use std::marker::PhantomData;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use http_body_util::Full;
use hyper::body::{Body, Bytes};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::value::RawValue;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};

use crate::receive::server::{self, read_limited_body};
pub use crate::receive::server::{WebhookServer, DEFAULT_MAX_CONNECTIONS};
use crate::updates::{decode_update, Incoming, ReceiveUpdates, RecentIds};

/// The default largest body a webhook post may have: updates are a few kilobytes; 1 MiB
/// leaves room.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// A webhook receiver for platform `P`: its secrets and limits. [`Webhook::bind`] starts it.
pub struct Webhook<P: ReceiveUpdates> {
    path: String,
    secret_token: Option<String>,
    max_body_bytes: usize,
    queue: usize,
    answer_within: Duration,
    reply_within: Duration,
    max_connections: usize,
    platform: PhantomData<fn() -> P>,
}

impl<P: ReceiveUpdates> std::fmt::Debug for Webhook<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Webhook")
            .field("platform", &P::NAME)
            .field("path", &"<secret>")
            .field("secret_token", &self.secret_token.as_ref().map(|_| "<secret>"))
            .field("max_body_bytes", &self.max_body_bytes)
            .field("queue", &self.queue)
            .field("answer_within", &self.answer_within)
            .field("reply_within", &self.reply_within)
            .field("max_connections", &self.max_connections)
            .finish()
    }
}

impl<P: ReceiveUpdates> Webhook<P> {
    /// A receiver taking updates posted to `secret_path` (such as `/hook/<random>`: the
    /// path is a secret, the only one platforms without a secret header have). A missing
    /// leading `/` is added. Defaults: a 1 MiB body limit, 1024 updates queued, 5 s to
    /// queue an update before answering 503, 10 s for a reply,
    /// [`DEFAULT_MAX_CONNECTIONS`] connections served at once.
    pub fn new(secret_path: impl Into<String>) -> Webhook<P> {
        let path = secret_path.into();
        let path = if path.starts_with('/') { path } else { format!("/{path}") };
        Webhook {
            path,
            secret_token: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            queue: 1024,
            answer_within: Duration::from_secs(5),
            reply_within: Duration::from_secs(10),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            platform: PhantomData,
        }
    }

    /// The secret token given to `setWebhook`, which the platform sends in its secret
    /// header. Only for platforms with one: [`Webhook::bind`] refuses it on others.
    pub fn secret_token(mut self, token: impl Into<String>) -> Webhook<P> {
        self.secret_token = Some(token.into());
        self
    }

    /// The largest request body taken.
    pub fn max_body_bytes(mut self, bytes: usize) -> Webhook<P> {
        self.max_body_bytes = bytes;
        self
    }

    /// How many received updates may wait for the stream.
    pub fn queue(mut self, updates: usize) -> Webhook<P> {
        self.queue = updates.max(1);
        self
    }

    /// How long a post may wait for room in a full queue before it is answered `503`.
    pub fn answer_within(mut self, wait: Duration) -> Webhook<P> {
        self.answer_within = wait;
        self
    }

    /// With replies ([`Webhook::bind_with_replies`]): how long a post waits for the bot's
    /// reply, counted from when the update was queued; then it is answered an empty `200`
    /// (the update was taken; the platform must not send it again).
    pub fn reply_within(mut self, wait: Duration) -> Webhook<P> {
        self.reply_within = wait;
        self
    }

    /// How many connections the built-in server serves at once (at least 1). When all are
    /// taken, new connections are not refused: they wait in the operating system's backlog
    /// and are accepted, oldest first, as served ones close (an idle keep-alive connection
    /// is closed after 10 s). An axum router leaves this to the application's server.
    pub fn max_connections(mut self, connections: usize) -> Webhook<P> {
        self.max_connections = connections.max(1);
        self
    }

    /// The path updates are taken at.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Listens on `addr` (port 0 picks a free one: see [`WebhookServer::local_addr`]).
    pub async fn bind(self, addr: SocketAddr) -> io::Result<(WebhookServer, WebhookUpdates<P>)> {
        self.serve(TcpListener::bind(addr).await?)
    }

    /// Serves on a listener already bound.
    pub fn serve(self, listener: TcpListener) -> io::Result<(WebhookServer, WebhookUpdates<P>)> {
        let (server, receiver) = self.start(listener, false)?;
        Ok((server, WebhookUpdates::new(receiver)))
    }

    /// Listens on `addr`, handing each update over with a [`Replier`]: the post is
    /// answered when the bot replied (or dropped the replier, or after
    /// [`Webhook::reply_within`]).
    pub async fn bind_with_replies(
        self,
        addr: SocketAddr,
    ) -> io::Result<(WebhookServer, ReplyingUpdates<P>)> {
        self.serve_with_replies(TcpListener::bind(addr).await?)
    }

    /// Serves on a listener already bound, with replies (see [`Webhook::bind_with_replies`]).
    pub fn serve_with_replies(
        self,
        listener: TcpListener,
    ) -> io::Result<(WebhookServer, ReplyingUpdates<P>)> {
        let (server, receiver) = self.start(listener, true)?;
        Ok((server, ReplyingUpdates::new(receiver)))
    }

    fn start(self, listener: TcpListener, replies: bool) -> io::Result<(WebhookServer, Receiver<P::Update>)> {
        let max_connections = self.max_connections;
        let Parts { checks, queue, receiver } = self.into_parts(replies)?;
        let checks = Arc::new(checks);
        let server = server::spawn(listener, max_connections, move |stream, stopped| {
            let (checks, queue) = (checks.clone(), queue.clone());
            let service = hyper::service::service_fn(move |request| {
                let (checks, queue) = (checks.clone(), queue.clone());
                async move { Ok::<_, Infallible>(answer::<P, _>(request, &checks, &queue).await) }
            });
            server::serve_http1(stream, service, stopped)
        })?;
        Ok((server, receiver))
    }

    /// The checks every post goes through, and the queue between the server and the stream.
    pub(crate) fn into_parts(self, replies: bool) -> io::Result<Parts<P::Update>> {
        let secret_header = match (self.secret_token, P::WEBHOOK_SECRET_HEADER) {
            (Some(token), Some(header)) => Some((header, token)),
            (None, _) => None,
            (Some(_), None) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{} sends no webhook secret header: use a secret path", P::NAME),
                ))
            }
        };
        let (sender, receiver) = mpsc::channel(self.queue);
        let checks = Checks {
            path: self.path,
            secret_header,
            max_body_bytes: self.max_body_bytes,
            answer_within: self.answer_within,
            reply_within: replies.then_some(self.reply_within),
        };
        Ok(Parts { checks, queue: sender, receiver })
    }
}

/// A receiver's checks, and the two ends of its queue.
pub(crate) struct Parts<U> {
    pub(crate) checks: Checks,
    pub(crate) queue: Queue<U>,
    pub(crate) receiver: Receiver<U>,
}

/// What every request is checked against.
pub(crate) struct Checks {
    pub(crate) path: String,
    pub(crate) secret_header: Option<(&'static str, String)>,
    pub(crate) max_body_bytes: usize,
    pub(crate) answer_within: Duration,
    /// With replies: how long a post waits for one.
    pub(crate) reply_within: Option<Duration>,
}

/// An update on its way from the server to the stream, with where its reply goes.
pub(crate) struct Queued<U> {
    update_id: Option<i64>,
    incoming: Incoming<U>,
    reply: Option<oneshot::Sender<WebhookReply>>,
}

pub(crate) type Queue<U> = mpsc::Sender<Queued<U>>;
pub(crate) type Receiver<U> = mpsc::Receiver<Queued<U>>;

/// A method call to answer a webhook post with: the method's parameters and its name in a
/// `method` field, as JSON. Made from any method struct whose parameters are all JSON
/// (files by `file_id` or URL; an upload is refused).
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookReply {
    body: Bytes,
}

impl std::fmt::Debug for WebhookReply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookReply").field("bytes", &self.body.len()).finish()
    }
}

impl WebhookReply {
    /// The reply calling `request`.
    ///
    /// # Errors
    /// When the method's parameters do not serialise to a JSON object (a file upload).
    pub fn new<P: crate::Platform, M: crate::Request<P>>(
        request: &M,
    ) -> Result<WebhookReply, serde_json::Error> {
        let mut value = serde_json::to_value(request)?;
        let Some(object) = value.as_object_mut() else {
            return Err(serde::ser::Error::custom("a method's parameters are an object"));
        };
        object.insert("method".to_owned(), serde_json::Value::String(M::NAME.to_owned()));
        Ok(WebhookReply { body: Bytes::from(serde_json::to_vec(&value)?) })
    }

    /// The body answered, as JSON.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

/// Answers the webhook post of one update. Dropping it answers an empty `200`.
#[derive(Debug)]
pub struct Replier {
    sender: Option<oneshot::Sender<WebhookReply>>,
}

impl Replier {
    /// Answers the post with `reply`. `false` when the post was answered already (the
    /// platform gave up waiting, or [`Webhook::reply_within`] passed): the call was not
    /// made, send it as usual.
    pub fn reply(self, reply: WebhookReply) -> bool {
        self.sender.is_some_and(|sender| sender.send(reply).is_ok())
    }
}

/// The updates a [`WebhookServer`] received, in the order they arrived. Ends after the
/// server stopped and everything queued was taken.
pub struct WebhookUpdates<P: ReceiveUpdates> {
    receiver: Receiver<P::Update>,
    recent: RecentIds,
}

impl<P: ReceiveUpdates> WebhookUpdates<P> {
    pub(crate) fn new(receiver: Receiver<P::Update>) -> WebhookUpdates<P> {
        WebhookUpdates { receiver, recent: RecentIds::default() }
    }

    /// The next update; `None` once the server stopped and everything queued was taken.
    /// The same as `StreamExt::next`, with no extra crate.
    pub async fn next(&mut self) -> Option<Incoming<P::Update>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<P: ReceiveUpdates> std::fmt::Debug for WebhookUpdates<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookUpdates").field("queued", &self.receiver.len()).finish()
    }
}

impl<P: ReceiveUpdates> Stream for WebhookUpdates<P> {
    type Item = Incoming<P::Update>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        poll_queued(&mut this.receiver, &mut this.recent, cx)
            .map(|queued| queued.map(|queued| queued.incoming))
    }
}

// Nothing is pinned in place: the receiver is polled through `&mut`.
impl<P: ReceiveUpdates> Unpin for WebhookUpdates<P> {}

/// The updates a receiver with replies took, each with the [`Replier`] that answers its
/// post, in the order they arrived. Ends after the server stopped and everything queued
/// was taken.
pub struct ReplyingUpdates<P: ReceiveUpdates> {
    receiver: Receiver<P::Update>,
    recent: RecentIds,
}

impl<P: ReceiveUpdates> ReplyingUpdates<P> {
    pub(crate) fn new(receiver: Receiver<P::Update>) -> ReplyingUpdates<P> {
        ReplyingUpdates { receiver, recent: RecentIds::default() }
    }

    /// The next update with its [`Replier`]; `None` once the server stopped and everything
    /// queued was taken. The same as `StreamExt::next`, with no extra crate.
    pub async fn next(&mut self) -> Option<(Incoming<P::Update>, Replier)> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<P: ReceiveUpdates> std::fmt::Debug for ReplyingUpdates<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReplyingUpdates").field("queued", &self.receiver.len()).finish()
    }
}

impl<P: ReceiveUpdates> Stream for ReplyingUpdates<P> {
    type Item = (Incoming<P::Update>, Replier);

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        poll_queued(&mut this.receiver, &mut this.recent, cx)
            .map(|queued| queued.map(|queued| (queued.incoming, Replier { sender: queued.reply })))
    }
}

// Nothing is pinned in place: the receiver is polled through `&mut`.
impl<P: ReceiveUpdates> Unpin for ReplyingUpdates<P> {}

/// The next update not seen among the recent ones (a repeated one is dropped, and with it
/// its replier: its post is answered an empty `200`).
fn poll_queued<U>(
    receiver: &mut Receiver<U>,
    recent: &mut RecentIds,
    cx: &mut Context<'_>,
) -> Poll<Option<Queued<U>>> {
    loop {
        match std::task::ready!(receiver.poll_recv(cx)) {
            Some(Queued { update_id: Some(id), .. }) if !recent.insert(id) => continue,
            other => return Poll::Ready(other),
        }
    }
}

/// The answer to one post: checked, read, queued, and (with replies) replied to. Shared by
/// the built-in server and the axum router.
pub(crate) async fn answer<P, B>(
    request: Request<B>,
    checks: &Checks,
    queue: &Queue<P::Update>,
) -> Response<Full<Bytes>>
where
    P: ReceiveUpdates,
    B: Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let (status, reply) = match receive::<P, B>(request, checks, queue).await {
        Ok(None) => (StatusCode::OK, None),
        Ok(Some(waiting)) => {
            let wait = checks.reply_within.unwrap_or_default();
            // A dropped replier or a reply too late: the update was taken all the same.
            (StatusCode::OK, tokio::time::timeout(wait, waiting).await.ok().and_then(Result::ok))
        }
        Err(status) => {
            crate::events::debug_event!(%status, "refused a webhook request");
            (status, None)
        }
    };
    let mut response = Response::new(Full::new(reply.as_ref().map(|r| r.body.clone()).unwrap_or_default()));
    *response.status_mut() = status;
    if reply.is_some() {
        response
            .headers_mut()
            .insert(hyper::header::CONTENT_TYPE, hyper::header::HeaderValue::from_static("application/json"));
    }
    response
}

/// Checks, reads and queues one update; where its reply will come from (with replies), or
/// the status to answer when it is refused.
async fn receive<P, B>(
    request: Request<B>,
    checks: &Checks,
    queue: &Queue<P::Update>,
) -> Result<Option<oneshot::Receiver<WebhookReply>>, StatusCode>
where
    P: ReceiveUpdates,
    B: Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    if !same_secret(request.uri().path().as_bytes(), checks.path.as_bytes()) {
        return Err(StatusCode::NOT_FOUND);
    }
    if request.method() != Method::POST {
        return Err(StatusCode::METHOD_NOT_ALLOWED);
    }
    if let Some((header, token)) = &checks.secret_header {
        let sent = request.headers().get(*header).map(|value| value.as_bytes()).unwrap_or_default();
        if !same_secret(sent, token.as_bytes()) {
            return Err(StatusCode::UNAUTHORIZED);
        }
    }
    let (parts, body) = request.into_parts();
    let body = read_limited_body(&parts.headers, body, checks.max_body_bytes).await?;
    let raw: Box<RawValue> = serde_json::from_slice(&body).map_err(|_| StatusCode::BAD_REQUEST)?;
    // The path can be the bot token itself (Potato's documents suggest it).
    let path = checks.path.trim_start_matches('/');
    let last_segment = path.rsplit('/').next().unwrap_or_default();
    let token = checks.secret_header.as_ref().map_or("", |(_, token)| token.as_str());
    let (update_id, incoming) = decode_update::<P::Update>(&raw, &[path, last_segment, token]);
    let (reply, waiting) = match checks.reply_within {
        Some(_) => {
            let (sender, receiver) = oneshot::channel();
            (Some(sender), Some(receiver))
        }
        None => (None, None),
    };
    let queued = Queued { update_id, incoming, reply };
    match tokio::time::timeout(checks.answer_within, queue.send(queued)).await {
        Ok(Ok(())) => Ok(waiting),
        // The stream was dropped, or stayed full: the platform will send it again.
        Ok(Err(_)) | Err(_) => Err(StatusCode::SERVICE_UNAVAILABLE),
    }
}

/// Whether `sent` equals `expected`, in a time that depends on their lengths only.
pub(crate) fn same_secret(sent: &[u8], expected: &[u8]) -> bool {
    if sent.len() != expected.len() {
        return false;
    }
    let difference = sent.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b));
    std::hint::black_box(difference) == 0
}

/// `bytes` random bytes from the operating system, as lower-case hex.
fn random_hex(bytes: usize) -> Result<String, getrandom::Error> {
    let mut buffer = vec![0u8; bytes];
    getrandom::getrandom(&mut buffer)?;
    Ok(buffer.iter().map(|byte| format!("{byte:02x}")).collect())
}

/// A random secret path (`/hook/<32 hex digits>`) and secret token (64 hex digits) for a
/// webhook: the generated `Bot::set_webhook_with_fresh_secret` of a platform whose
/// `setWebhook` takes a secret token sends them, and [`FreshSecret::webhook`] is the
/// receiver expecting them. `Debug` shows neither.
pub struct FreshSecret {
    path: String,
    token: String,
}

impl std::fmt::Debug for FreshSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FreshSecret(<secret>)")
    }
}

impl FreshSecret {
    /// A new secret from the operating system's randomness.
    ///
    /// # Errors
    /// An [`Error::Encode`](crate::Error::Encode) naming `method` when the operating
    /// system gave no randomness.
    pub fn new<C>(method: &'static str) -> Result<FreshSecret, crate::Error<C>> {
        let no_randomness = |error: getrandom::Error| crate::Error::Encode {
            method,
            message: format!("no randomness for a secret: {error}"),
        };
        let path = format!("/hook/{}", random_hex(16).map_err(no_randomness)?);
        let token = random_hex(32).map_err(no_randomness)?;
        Ok(FreshSecret { path, token })
    }

    /// The webhook URL to register: `public_base_url` (where the platform reaches the
    /// receiver, such as `https://example.com/bots`, a trailing `/` ignored) and the path.
    pub fn url(&self, public_base_url: &str) -> String {
        format!("{}{}", public_base_url.trim_end_matches('/'), self.path)
    }

    /// The secret token to register.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The receiver expecting this path and token (bind it, or mount it with
    /// `into_router`).
    pub fn webhook<P: ReceiveUpdates>(self) -> Webhook<P> {
        Webhook::new(self.path).secret_token(self.token)
    }
}

#[cfg(test)]
mod tests {
    use super::same_secret;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abd", b"abc"));
        assert!(!same_secret(b"ab", b"abc"));
        assert!(!same_secret(b"", b"abc"));
    }

    #[test]
    fn random_secrets_differ_and_are_hex() {
        use super::random_hex;
        let (a, b) = (random_hex(16).expect("randomness"), random_hex(16).expect("randomness"));
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|byte| byte.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
