//! The one HTTP server under the built-in receivers (webhook, signed-POST callbacks,
//! `get-query` callbacks): a bound listener, one accept loop with a connection cap, the
//! deadlines and body limit every receiver reads by, graceful shutdown, and the handle
//! ([`WebhookServer`]) that stops it. Each receiver brings only its per-connection
//! handler: a hyper service ([`serve_http1`]) for the POST receivers, its own head reader
//! for the `get-query` one.
//!
//! **The connection cap.** At most `max_connections` connections are served at once
//! (default [`DEFAULT_MAX_CONNECTIONS`]). The accept loop takes a place before it accepts,
//! so when all are taken new connections are not refused: they wait in the operating
//! system's backlog (the kernel completes their handshake) and are accepted, oldest first,
//! as served ones close. An idle keep-alive connection of the POST receivers holds its
//! place until the head deadline closes it.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper::body::{Body, Bytes, Incoming};
use hyper::service::HttpService;
use hyper::{HeaderMap, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Semaphore};

/// The default number of connections a built-in server serves at once; more wait in the
/// operating system's backlog until one closes.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

/// How long a client may take to send a request head, and then its body: the POST
/// receivers' deadline, and the `get-query` receiver's default `request_timeout`.
pub(crate) const READ_DEADLINE: Duration = Duration::from_secs(10);

/// How long the accept loop pauses after a failed accept (out of descriptors and the
/// like), instead of spinning.
const ACCEPT_PAUSE: Duration = Duration::from_millis(50);

/// A running built-in receiver: the webhook's, a signed-POST callback receiver's (inside
/// `tgfamily::callback::CallbackServer`) or a `get-query` callback receiver's
/// (`tgfamily::query_callback::QueryServer` is this type). [`WebhookServer::shutdown`] or
/// dropping it stops it.
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
    /// have. The stream of updates (or of callbacks) ends once it has handed over what was
    /// queued.
    pub async fn shutdown(self) {
        self.stop.send_replace(());
        self.stop.closed().await;
    }
}

/// Serves `listener` in a task of its own, at most `max_connections` (at least 1)
/// connections at once, each with `connection`. The handler gets the connection and a
/// receiver that changes when the server is told to stop (a handler that may hold a
/// connection open, as hyper's keep-alive does, finishes up when it does); shutdown waits
/// until every handler has returned.
///
/// # Errors
/// When the listener has no local address.
pub(crate) fn spawn<F, Served>(
    listener: TcpListener,
    max_connections: usize,
    connection: F,
) -> io::Result<WebhookServer>
where
    F: Fn(TcpStream, watch::Receiver<()>) -> Served + Send + 'static,
    Served: Future<Output = ()> + Send + 'static,
{
    let addr = listener.local_addr()?;
    let (stop, stopped) = watch::channel(());
    let places = Arc::new(Semaphore::new(max_connections.clamp(1, Semaphore::MAX_PERMITS)));
    tokio::spawn(accept(listener, places, connection, stopped));
    Ok(WebhookServer { addr, stop })
}

async fn accept<F, Served>(
    listener: TcpListener,
    places: Arc<Semaphore>,
    connection: F,
    mut stopped: watch::Receiver<()>,
) where
    F: Fn(TcpStream, watch::Receiver<()>) -> Served,
    Served: Future<Output = ()> + Send + 'static,
{
    loop {
        // A place first, then a connection: past the cap, connections stay in the backlog.
        let accepted = tokio::select! {
            accepted = async {
                let place = places.clone().acquire_owned().await;
                (place, listener.accept().await)
            } => accepted,
            _ = stopped.changed() => return,
        };
        match accepted {
            (Ok(place), Ok((stream, _))) => {
                let served = connection(stream, stopped.clone());
                // Shutdown waits for this receiver to go, so for the handler to return.
                let held = stopped.clone();
                tokio::spawn(async move {
                    served.await;
                    drop((place, held));
                });
            }
            // The semaphore is never closed; a failed accept drops its place.
            _ => tokio::time::sleep(ACCEPT_PAUSE).await,
        }
    }
}

/// Serves one connection with hyper's HTTP/1.1 and `service`: the head within
/// [`READ_DEADLINE`] (an idle keep-alive connection is closed after as long), and, when
/// the server stops, the request under way finished and the connection closed.
pub(crate) async fn serve_http1<S>(stream: TcpStream, service: S, mut stopped: watch::Receiver<()>)
where
    S: HttpService<Incoming>,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    S::ResBody: 'static,
    <S::ResBody as Body>::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
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

/// Reads a request body of at most `max_bytes`: refused with `413` when its declared
/// length is longer (without reading it) or when it turns out longer while read, `408`
/// when it takes over [`READ_DEADLINE`], `400` when the connection fails. Shared by the
/// built-in servers and the axum routers.
pub(crate) async fn read_limited_body<B>(
    headers: &HeaderMap,
    body: B,
    max_bytes: usize,
) -> Result<Bytes, StatusCode>
where
    B: Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let declared = headers
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > max_bytes as u64) {
        return Err(StatusCode::PAYLOAD_TOO_LARGE);
    }
    let body = Limited::new(body, max_bytes).collect();
    match tokio::time::timeout(READ_DEADLINE, body).await {
        Err(_) => Err(StatusCode::REQUEST_TIMEOUT),
        Ok(Err(error)) if error.downcast_ref::<LengthLimitError>().is_some() => {
            Err(StatusCode::PAYLOAD_TOO_LARGE)
        }
        Ok(Err(_)) => Err(StatusCode::BAD_REQUEST),
        Ok(Ok(body)) => Ok(body.to_bytes()),
    }
}
