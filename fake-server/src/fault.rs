//! Faults to inject: what a real server, proxy or network does to a request now and then.

use std::collections::VecDeque;
use std::time::Duration;

use serde_json::json;

use crate::{Platform, RecordedRequest, Reply};

/// A fault injected into one request.
///
/// Faults that answer in the server's place leave the request undone: the server never
/// saw it ([`Fault::RateLimit`], [`Fault::ServerError`], [`Fault::Redirect`],
/// [`Fault::Drop`], [`Fault::Malformed`]). Faults that spoil the server's own answer leave
/// it done: a message is sent, updates are handed out ([`Fault::Truncated`],
/// [`Fault::Slow`]). A client cannot tell the second kind from the first, which is why it
/// must not re-send after them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// The platform's rate limit: HTTP 429 with `retry_after` (Telegram, CloudChat), or
    /// Potato's 1007 (3008 for message sends), without `retry_after` (Potato documents no
    /// `parameters`).
    RateLimit {
        /// Seconds to wait, where the platform sends it.
        retry_after: u64,
    },
    /// A 5xx with an HTML body, as a proxy in front of the server answers.
    ServerError {
        /// The status (500, 502, 503, 504).
        status: u16,
    },
    /// The connection closes without an answer.
    Drop,
    /// The server's answer, cut in the middle; the connection closes.
    Truncated,
    /// `200 OK` with a body that is not JSON.
    Malformed,
    /// The server's answer after a delay (a client with a shorter time limit gives up).
    Slow(Duration),
    /// A `302` to the same path on another base URL (`http://127.0.0.2:<port>`): the
    /// `Location` and the HTML body carry the token.
    Redirect {
        /// The base URL redirected to.
        to: String,
    },
}

impl Fault {
    /// One fault of each class, the redirect going to `redirect_to`; the slow one takes
    /// 300 ms.
    pub fn one_of_each(redirect_to: &str) -> Vec<Fault> {
        vec![
            Fault::RateLimit { retry_after: 0 },
            Fault::ServerError { status: 502 },
            Fault::Drop,
            Fault::Truncated,
            Fault::Malformed,
            Fault::Slow(Duration::from_millis(300)),
            Fault::Redirect { to: redirect_to.to_owned() },
        ]
    }

    /// The fault's class, as counted by [`crate::FakeServer::injected`].
    pub fn class(&self) -> &'static str {
        match self {
            Fault::RateLimit { .. } => "rate_limit",
            Fault::ServerError { .. } => "server_error",
            Fault::Drop => "drop",
            Fault::Truncated => "truncated",
            Fault::Malformed => "malformed",
            Fault::Slow(_) => "slow",
            Fault::Redirect { .. } => "redirect",
        }
    }

    /// Whether the server never saw the request.
    pub(crate) fn leaves_request_undone(&self) -> bool {
        !matches!(self, Fault::Truncated | Fault::Slow(_))
    }

    /// The reply for `request`; `done` is the server's own answer, for the faults that
    /// spoil it.
    pub(crate) fn reply(
        &self,
        platform: Option<Platform>,
        request: &RecordedRequest,
        done: impl FnOnce() -> Reply,
    ) -> Reply {
        match self {
            Fault::RateLimit { retry_after } => rate_limit(platform, request, *retry_after),
            Fault::ServerError { status } => Reply::Raw {
                status: *status,
                body: format!("<html><body><h1>{status}</h1>The server is having a bad day.</body></html>")
                    .into_bytes(),
            },
            Fault::Drop => Reply::Drop,
            Fault::Truncated => {
                let body = match done() {
                    Reply::Json { body, .. } => body.to_string().into_bytes(),
                    Reply::Raw { body, .. } | Reply::Truncated { body, .. } => body,
                    _ => b"{\"ok\": true, \"result\": true}".to_vec(),
                };
                Reply::Truncated { sent: body.len() / 2, body }
            }
            Fault::Malformed => {
                Reply::Raw { status: 200, body: b"{\"ok\": true, \"result\": [{\"update_id\": ,}".to_vec() }
            }
            Fault::Slow(delay) => Reply::Delayed(*delay, Box::new(done())),
            Fault::Redirect { to } => {
                let target = request.path.trim_start_matches('/');
                Reply::Redirect { status: 302, location: format!("{}/{target}", to.trim_end_matches('/')) }
            }
        }
    }
}

fn rate_limit(platform: Option<Platform>, request: &RecordedRequest, retry_after: u64) -> Reply {
    if platform == Some(Platform::Potato) {
        let sends = request.path.ends_with("/sendTextMessage");
        let (code, description) = if sends {
            (3008, "frequently message")
        } else {
            (1007, "frequency of apis sent exceeded limit")
        };
        return Reply::error(200, code, description);
    }
    Reply::Json {
        status: 429,
        body: json!({
            "ok": false,
            "error_code": 429,
            "description": format!("Too Many Requests: retry after {retry_after}"),
            "parameters": { "retry_after": retry_after },
        }),
    }
}

/// The faults planned for one method.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    pub(crate) once: VecDeque<Fault>,
    pub(crate) cycle: Vec<Option<Fault>>,
    pub(crate) position: usize,
}

impl Plan {
    /// The fault for the next request, if any.
    pub(crate) fn next(&mut self) -> Option<Fault> {
        if let Some(fault) = self.once.pop_front() {
            return Some(fault);
        }
        if self.cycle.is_empty() {
            return None;
        }
        let fault = self.cycle[self.position % self.cycle.len()].clone();
        self.position += 1;
        fault
    }
}
