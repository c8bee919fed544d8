//! A fake Bot API server on 127.0.0.1, for tests and examples.
//!
//! It speaks plain HTTP/1.1 over a real socket, records every request it gets, and answers
//! each with the next scripted [`Reply`] for that method (the last path segment), or with
//! a default `{"ok": true, "result": true}`. Replies can be faults: a dropped connection, a
//! truncated or malformed body, a delay.

mod http;

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::net::TcpListener;

pub use http::{Part, RecordedRequest};

/// What the server answers one request with.
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

#[derive(Default)]
struct State {
    scripted: HashMap<String, VecDeque<Reply>>,
    requests: Vec<RecordedRequest>,
}

/// A running fake server. It stops when dropped.
pub struct FakeServer {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl FakeServer {
    /// Starts a server on an ephemeral port of 127.0.0.1.
    ///
    /// # Panics
    /// When no loopback port can be bound.
    pub async fn start() -> FakeServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        let addr = listener.local_addr().expect("a bound socket has an address");
        let state = Arc::new(Mutex::new(State::default()));
        let task = tokio::spawn(serve(listener, state.clone()));
        FakeServer { addr, state, task }
    }

    /// `http://127.0.0.1:<port>`: the base URL to give a client.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Queues `reply` as the answer to the next request for `method` (the last path
    /// segment of the URL).
    pub fn reply(&self, method: &str, reply: Reply) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.scripted.entry(method.to_owned()).or_default().push_back(reply);
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).requests.clone()
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(listener: TcpListener, state: Arc<Mutex<State>>) {
    while let Ok((stream, _)) = listener.accept().await {
        tokio::spawn(connection(stream, state.clone()));
    }
}

/// Serves one connection: requests one after another (keep-alive) until it closes.
async fn connection(mut stream: tokio::net::TcpStream, state: Arc<Mutex<State>>) {
    let mut reader = http::Reader::default();
    while let Ok(Some(request)) = reader.read_request(&mut stream).await {
        let method = request.path.rsplit('/').next().unwrap_or_default().to_owned();
        let reply = {
            let mut state = state.lock().unwrap_or_else(PoisonError::into_inner);
            state.requests.push(request);
            state.scripted.get_mut(&method).and_then(VecDeque::pop_front)
        };
        let reply = reply.unwrap_or_else(|| Reply::ok(serde_json::Value::Bool(true)));
        if !http::write_reply(&mut stream, reply).await {
            return;
        }
    }
}
