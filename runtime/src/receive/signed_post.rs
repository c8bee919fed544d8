//! The HTTP receiver of signed callbacks (features `signed-data` and `webhook`): POSTs
//! checked by a [`Verifier`] on the built-in receivers' one server, their payloads handed
//! over by [`Callbacks`]. It is `tgfamily::callback::CallbackReceiver`.

use std::convert::Infallible;
use std::io;
use std::marker::PhantomData;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::SystemTime;

use http_body_util::Empty;
use hyper::body::{Bytes, Incoming as Body};
use hyper::{Method, Request, Response, StatusCode};
use serde::de::DeserializeOwned;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use crate::receive::server::{self, read_limited_body, WebhookServer, DEFAULT_MAX_CONNECTIONS};
use crate::verify::callback::{Rejected, Verifier};

/// A receiver of signed callbacks with payload `T` on one path: POSTs whose signature
/// checks are answered `200` and their payloads handed over by [`Callbacks`]; others
/// get `404` (another path), `405` (not POST), `413` (too large), `401` (any signature
/// or timestamp check) or `400` (signed, but not the payload), with an empty body. The
/// reason is a `tracing` warning (feature `tracing`), naming the check, never the token.
/// The request head must arrive within 10 s, and the body within 10 s more.
pub struct CallbackReceiver<T> {
    path: String,
    verifier: Verifier,
    queue: usize,
    max_connections: usize,
    payload: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for CallbackReceiver<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackReceiver")
            .field("path", &self.path)
            .field("verifier", &self.verifier)
            .field("queue", &self.queue)
            .field("max_connections", &self.max_connections)
            .finish()
    }
}

impl<T: DeserializeOwned + Send + 'static> CallbackReceiver<T> {
    /// A receiver taking callbacks posted to `path` (a missing leading `/` is added),
    /// checked by `verifier`, with room for 1024 payloads not yet taken, serving
    /// [`DEFAULT_MAX_CONNECTIONS`] connections at once.
    pub fn new(path: impl Into<String>, verifier: Verifier) -> CallbackReceiver<T> {
        let path = path.into();
        let path = if path.starts_with('/') { path } else { format!("/{path}") };
        CallbackReceiver {
            path,
            verifier,
            queue: 1024,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            payload: PhantomData,
        }
    }

    /// How many payloads wait to be taken before senders are answered `503`.
    pub fn queue(mut self, payloads: usize) -> CallbackReceiver<T> {
        self.queue = payloads.max(1);
        self
    }

    /// How many connections the server serves at once (at least 1). When all are taken,
    /// new connections are not refused: they wait in the operating system's backlog and
    /// are accepted, oldest first, as served ones close (an idle keep-alive connection is
    /// closed after 10 s).
    pub fn max_connections(mut self, connections: usize) -> CallbackReceiver<T> {
        self.max_connections = connections.max(1);
        self
    }

    /// Binds `addr` and starts serving.
    ///
    /// # Errors
    /// When the address cannot be bound.
    pub async fn bind(self, addr: SocketAddr) -> io::Result<(CallbackServer, Callbacks<T>)> {
        self.serve(TcpListener::bind(addr).await?)
    }

    /// Serves on a listener already bound.
    ///
    /// # Errors
    /// When the listener has no local address.
    pub fn serve(self, listener: TcpListener) -> io::Result<(CallbackServer, Callbacks<T>)> {
        let (sender, receiver) = mpsc::channel(self.queue);
        let checks = Arc::new((self.path, self.verifier));
        let server = server::spawn(listener, self.max_connections, move |stream, stopped| {
            let (checks, queue) = (checks.clone(), sender.clone());
            let service =
                hyper::service::service_fn(move |request| handle(request, checks.clone(), queue.clone()));
            server::serve_http1(stream, service, stopped)
        })?;
        Ok((CallbackServer { server }, Callbacks { receiver }))
    }
}

/// A running callback receiver. [`CallbackServer::shutdown`] or dropping it stops it.
#[derive(Debug)]
pub struct CallbackServer {
    server: WebhookServer,
}

impl CallbackServer {
    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.server.local_addr()
    }

    /// Stops taking connections and waits until the requests under way are done.
    pub async fn shutdown(self) {
        self.server.shutdown().await;
    }
}

/// The payloads a [`CallbackServer`] accepted, in the order they arrived.
#[derive(Debug)]
pub struct Callbacks<T> {
    receiver: mpsc::Receiver<T>,
}

impl<T> Callbacks<T> {
    /// The next payload; `None` once the server stopped and everything was taken.
    pub async fn next(&mut self) -> Option<T> {
        self.receiver.recv().await
    }
}

type Checks = Arc<(String, Verifier)>;

async fn handle<T: DeserializeOwned + Send + 'static>(
    request: Request<Body>,
    checks: Checks,
    queue: mpsc::Sender<T>,
) -> Result<Response<Empty<Bytes>>, Infallible> {
    let status = match receive(request, &checks, &queue).await {
        Ok(()) => StatusCode::OK,
        Err(status) => status,
    };
    let mut response = Response::new(Empty::new());
    *response.status_mut() = status;
    Ok(response)
}

async fn receive<T: DeserializeOwned + Send + 'static>(
    request: Request<Body>,
    checks: &Checks,
    queue: &mpsc::Sender<T>,
) -> Result<(), StatusCode> {
    let (path, verifier) = (&checks.0, &checks.1);
    if request.uri().path() != path {
        return Err(StatusCode::NOT_FOUND);
    }
    if request.method() != Method::POST {
        return Err(StatusCode::METHOD_NOT_ALLOWED);
    }
    let (parts, body) = request.into_parts();
    let limit = verifier.body_limit();
    let body = read_limited_body(&parts.headers, body, limit).await.map_err(|status| {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            refused(verifier, &Rejected::TooLarge { limit })
        } else {
            status
        }
    })?;
    let header = |name: &str| parts.headers.get(name).and_then(|value| value.to_str().ok());
    let payload =
        verifier.decode::<T>(header, &body, SystemTime::now()).map_err(|e| refused(verifier, &e))?;
    queue.try_send(payload).map_err(|_| StatusCode::SERVICE_UNAVAILABLE)
}

/// Logs why a callback was refused, and the status the sender gets.
fn refused(verifier: &Verifier, reason: &Rejected) -> StatusCode {
    crate::events::warn_event!(callback = verifier.scheme.name, %reason, "refused a callback");
    let _ = verifier;
    match reason {
        Rejected::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        Rejected::BadPayload(_) => StatusCode::BAD_REQUEST,
        _ => StatusCode::UNAUTHORIZED,
    }
}
