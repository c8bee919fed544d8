//! The webhook receiver (feature `webhook`): a small HTTP/1.1 server that takes the
//! platform's update posts and hands them over as a [`Stream`].
//!
//! ```no_run
//! # #[cfg(feature = "telegram")]
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
//! JSON with 400. Headers must arrive within 10 s and the body within 10 s more.
//!
//! **Answering.** The server answers `200` as soon as the update is queued for the
//! stream, before it is handled, so the platform never waits on the bot's work. An update
//! that does not decode is queued as [`Incoming::Undecodable`] and answered `200` too (the
//! platform would only send it again). When the queue stays full for
//! [`Webhook::answer_within`], the answer is `503` and the platform sends the update again
//! later; an update seen again among the last few thousand is dropped.
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
use http_body_util::{BodyExt, Empty, LengthLimitError, Limited};
use hyper::body::{Bytes, Incoming as Body};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::value::RawValue;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};

use crate::updates::{decode_update, Incoming, ReceiveUpdates, RecentIds};

/// The default largest body taken: updates are a few kilobytes; 1 MiB leaves room.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// How long a client may take to send the request headers, and then the body.
const READ_DEADLINE: Duration = Duration::from_secs(10);

/// A webhook receiver for platform `P`: its secrets and limits. [`Webhook::bind`] starts it.
pub struct Webhook<P: ReceiveUpdates> {
    path: String,
    secret_token: Option<String>,
    max_body_bytes: usize,
    queue: usize,
    answer_within: Duration,
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
            .finish()
    }
}

impl<P: ReceiveUpdates> Webhook<P> {
    /// A receiver taking updates posted to `secret_path` (such as `/hook/<random>`: the
    /// path is a secret, the only one platforms without a secret header have). A missing
    /// leading `/` is added. Defaults: a 1 MiB body limit, 1024 updates queued, 5 s to
    /// queue an update before answering 503.
    pub fn new(secret_path: impl Into<String>) -> Webhook<P> {
        let path = secret_path.into();
        let path = if path.starts_with('/') { path } else { format!("/{path}") };
        Webhook {
            path,
            secret_token: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            queue: 1024,
            answer_within: Duration::from_secs(5),
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

    /// Listens on `addr` (port 0 picks a free one: see [`WebhookServer::local_addr`]).
    pub async fn bind(self, addr: SocketAddr) -> io::Result<(WebhookServer, WebhookUpdates<P>)> {
        self.serve(TcpListener::bind(addr).await?)
    }

    /// Serves on a listener already bound.
    pub fn serve(self, listener: TcpListener) -> io::Result<(WebhookServer, WebhookUpdates<P>)> {
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
        let addr = listener.local_addr()?;
        let (sender, receiver) = mpsc::channel(self.queue);
        let (stop, stopped) = watch::channel(());
        let checks = Arc::new(Checks {
            path: self.path,
            secret_header,
            max_body_bytes: self.max_body_bytes,
            answer_within: self.answer_within,
        });
        tokio::spawn(accept::<P>(listener, checks, sender, stopped));
        Ok((WebhookServer { addr, stop }, WebhookUpdates { receiver, recent: RecentIds::default() }))
    }
}

/// What every request is checked against.
struct Checks {
    path: String,
    secret_header: Option<(&'static str, String)>,
    max_body_bytes: usize,
    answer_within: Duration,
}

type Queue<U> = mpsc::Sender<(Option<i64>, Incoming<U>)>;

/// A running webhook receiver. [`WebhookServer::shutdown`] or dropping it stops it.
#[derive(Debug)]
pub struct WebhookServer {
    addr: SocketAddr,
    stop: watch::Sender<()>,
}

impl WebhookServer {
    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops taking connections, lets requests under way finish, and waits until they
    /// have. The update stream ends once it has handed over what was queued.
    pub async fn shutdown(self) {
        self.stop.send_replace(());
        self.stop.closed().await;
    }
}

/// The updates a [`WebhookServer`] received, in the order they arrived. Ends after the
/// server stopped and everything queued was taken.
pub struct WebhookUpdates<P: ReceiveUpdates> {
    receiver: mpsc::Receiver<(Option<i64>, Incoming<P::Update>)>,
    recent: RecentIds,
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
        loop {
            match std::task::ready!(this.receiver.poll_recv(cx)) {
                Some((Some(id), _)) if !this.recent.insert(id) => continue,
                Some((_, incoming)) => return Poll::Ready(Some(incoming)),
                None => return Poll::Ready(None),
            }
        }
    }
}

// Nothing is pinned in place: the receiver is polled through `&mut`.
impl<P: ReceiveUpdates> Unpin for WebhookUpdates<P> {}

async fn accept<P: ReceiveUpdates>(
    listener: TcpListener,
    checks: Arc<Checks>,
    queue: Queue<P::Update>,
    mut stopped: watch::Receiver<()>,
) {
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    tokio::spawn(connection::<P>(stream, checks.clone(), queue.clone(), stopped.clone()));
                }
                // Out of descriptors and the like: pause instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            },
            _ = stopped.changed() => return,
        }
    }
}

async fn connection<P: ReceiveUpdates>(
    stream: TcpStream,
    checks: Arc<Checks>,
    queue: Queue<P::Update>,
    mut stopped: watch::Receiver<()>,
) {
    let service =
        hyper::service::service_fn(move |request| handle::<P>(request, checks.clone(), queue.clone()));
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(READ_DEADLINE)
        .serve_connection(TokioIo::new(stream), service);
    let mut connection = std::pin::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => {}
        _ = stopped.changed() => {
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        }
    }
}

async fn handle<P: ReceiveUpdates>(
    request: Request<Body>,
    checks: Arc<Checks>,
    queue: Queue<P::Update>,
) -> Result<Response<Empty<Bytes>>, Infallible> {
    let status = match receive::<P>(request, &checks, &queue).await {
        Ok(()) => StatusCode::OK,
        Err(status) => {
            crate::events::debug_event!(%status, "refused a webhook request");
            status
        }
    };
    let mut response = Response::new(Empty::new());
    *response.status_mut() = status;
    Ok(response)
}

/// Checks, reads and queues one update; the status to answer when it is refused.
async fn receive<P: ReceiveUpdates>(
    request: Request<Body>,
    checks: &Checks,
    queue: &Queue<P::Update>,
) -> Result<(), StatusCode> {
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
    let declared = request
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > checks.max_body_bytes as u64) {
        return Err(StatusCode::PAYLOAD_TOO_LARGE);
    }
    let body = Limited::new(request.into_body(), checks.max_body_bytes).collect();
    let body = match tokio::time::timeout(READ_DEADLINE, body).await {
        Err(_) => return Err(StatusCode::REQUEST_TIMEOUT),
        Ok(Err(error)) if error.downcast_ref::<LengthLimitError>().is_some() => {
            return Err(StatusCode::PAYLOAD_TOO_LARGE)
        }
        Ok(Err(_)) => return Err(StatusCode::BAD_REQUEST),
        Ok(Ok(body)) => body.to_bytes(),
    };
    let raw: Box<RawValue> = serde_json::from_slice(&body).map_err(|_| StatusCode::BAD_REQUEST)?;
    // The path can be the bot token itself (Potato's documents suggest it).
    let path = checks.path.trim_start_matches('/');
    let last_segment = path.rsplit('/').next().unwrap_or_default();
    let token = checks.secret_header.as_ref().map_or("", |(_, token)| token.as_str());
    let update = decode_update::<P::Update>(&raw, &[path, last_segment, token]);
    match tokio::time::timeout(checks.answer_within, queue.send(update)).await {
        Ok(Ok(())) => Ok(()),
        // The stream was dropped, or stayed full: the platform will send it again.
        Ok(Err(_)) | Err(_) => Err(StatusCode::SERVICE_UNAVAILABLE),
    }
}

/// Whether `sent` equals `expected`, in a time that depends on their lengths only.
fn same_secret(sent: &[u8], expected: &[u8]) -> bool {
    if sent.len() != expected.len() {
        return false;
    }
    let difference = sent.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b));
    std::hint::black_box(difference) == 0
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
}
