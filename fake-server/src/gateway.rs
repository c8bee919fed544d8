//! A fake Telegram Gateway API server on 127.0.0.1: `/<method>` (method names
//! case-insensitive), the token in an `Authorization: Bearer` header or the `access_token`
//! parameter, parameters in the query string, a form or JSON, errors as
//! `{"ok": false, "error": "<STRING>"}`, and signed delivery reports POSTed to a loopback
//! `callback_url`.
//!
//! The page names one error string, `ACCESS_TOKEN_INVALID` (answered with status 401 for a
//! missing or wrong token). The other strings the fake answers with are its own, for its
//! checks of the page's constraints: `PHONE_NUMBER_INVALID` (not E.164: `+` and 7-15
//! digits, or the digits alone), `CODE_INVALID` (not 4-8 digits), `CODE_LENGTH_INVALID`
//! (not 4-8), `TTL_INVALID` (not 60-86400), `PAYLOAD_TOO_LONG` (over 128 bytes),
//! `CALLBACK_URL_TOO_LONG` (over 256 bytes), `REQUEST_ID_INVALID` (a request it did not
//! make), `METHOD_NOT_FOUND`; all with status 400 (the page gives no status).
//!
//! A delivery report is posted before the method is answered (so a test sees it without
//! waiting), once per `sendVerificationMessage` with a `callback_url` and once per
//! `revokeVerificationMessage` of such a request, signed as the page says: hex
//! HMAC-SHA-256 of `timestamp + "\n" + body`, keyed by SHA-256 of the token.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use tokio::net::{TcpListener, TcpStream};

use crate::http::{self, RecordedRequest};
use crate::Reply;

/// One delivery report the server posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportDelivery {
    /// The `callback_url` it went to.
    pub url: String,
    /// The body: a `RequestStatus`.
    pub body: String,
    /// The `X-Request-Timestamp` it was signed with.
    pub timestamp: String,
    /// The callback's answer status; `None` when the post failed.
    pub status: Option<u16>,
}

/// A verification request the server made.
#[derive(Debug, Clone)]
struct Verification {
    phone_number: String,
    code: String,
    payload: Option<String>,
    callback_url: Option<String>,
    delivery: &'static str,
    verification: Option<(&'static str, String)>,
}

#[derive(Default)]
struct State {
    requests: Vec<RecordedRequest>,
    scripted: BTreeMap<String, Vec<String>>,
    verifications: BTreeMap<String, Verification>,
    reports: Vec<ReportDelivery>,
    next_id: u64,
    report_age: Duration,
}

struct Shared {
    token: String,
    state: Mutex<State>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The fake Gateway API server. Dropping it stops it.
pub struct GatewayServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for GatewayServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GatewayServer").field("addr", &self.addr).finish()
    }
}

impl GatewayServer {
    /// Starts a server on an ephemeral port of 127.0.0.1 taking the access token `token`.
    ///
    /// # Panics
    /// When 127.0.0.1 cannot be bound.
    pub async fn start(token: &str) -> GatewayServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("binding 127.0.0.1");
        let addr = listener.local_addr().expect("a bound address");
        let shared = Arc::new(Shared { token: token.to_owned(), state: Mutex::new(State::default()) });
        let task = tokio::spawn(serve(listener, shared.clone()));
        GatewayServer { addr, shared, task }
    }

    /// The base URL to give the client (`http://127.0.0.1:<port>`).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.state().requests.clone()
    }

    /// The next call of `method` (case-insensitive) fails with the error string `error`.
    pub fn fail_next(&self, method: &str, error: &str) {
        self.shared.state().scripted.entry(method.to_ascii_lowercase()).or_default().push(error.to_owned());
    }

    /// The code sent for the request `request_id` (what the user would type).
    pub fn code_of(&self, request_id: &str) -> Option<String> {
        self.shared.state().verifications.get(request_id).map(|v| v.code.clone())
    }

    /// The delivery reports posted, in order.
    pub fn reports(&self) -> Vec<ReportDelivery> {
        self.shared.state().reports.clone()
    }

    /// Signs the following reports as sent `age` ago (a stale report, for a receiver's
    /// freshness check).
    pub fn sign_reports_as_of(&self, age: Duration) {
        self.shared.state().report_age = age;
    }
}

impl Drop for GatewayServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The hex HMAC-SHA-256 of `timestamp + "\n" + body` keyed by SHA-256 of `token`: the
/// signature the Gateway API puts in `X-Request-Signature`.
pub fn report_signature(token: &str, timestamp: &str, body: &[u8]) -> String {
    let key = Sha256::digest(token.as_bytes());
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes a key of any length");
    mac.update(timestamp.as_bytes());
    mac.update(b"\n");
    mac.update(body);
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
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

async fn connection(mut stream: TcpStream, shared: Arc<Shared>) {
    let _ = stream.set_nodelay(true);
    let mut reader = http::Reader::default();
    while let Ok(Some(request)) = reader.read_request(&mut stream).await {
        shared.state().requests.push(request.clone());
        let reply = answer(&shared, &request).await;
        if !http::write_reply(&mut stream, reply).await {
            return;
        }
    }
}

fn error(status: u16, error: &str) -> Reply {
    Reply::Json { status, body: json!({ "ok": false, "error": error }) }
}

/// The parameters of a request: JSON body, form body and query string together.
fn params(request: &RecordedRequest) -> Map<String, Value> {
    let mut params = Map::new();
    let is_form =
        request.header("content-type").is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    let form = if is_form { String::from_utf8_lossy(&request.body).into_owned() } else { String::new() };
    for text in [request.query.as_str(), form.as_str()] {
        for (key, value) in text.split('&').filter_map(|pair| pair.split_once('=')) {
            params.insert(
                crate::bot_api::percent_decode(key),
                Value::String(crate::bot_api::percent_decode(value)),
            );
        }
    }
    if let Some(Value::Object(map)) = request.json() {
        params.extend(map);
    }
    params
}

fn text<'a>(params: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    params.get(key).and_then(Value::as_str)
}

fn integer(params: &Map<String, Value>, key: &str) -> Option<Result<i64, ()>> {
    params.get(key).map(|value| match value {
        Value::Number(n) => n.as_i64().ok_or(()),
        Value::String(s) => s.parse().map_err(|_| ()),
        _ => Err(()),
    })
}

fn is_e164(phone: &str) -> bool {
    let digits = phone.strip_prefix('+').unwrap_or(phone);
    (7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0')
}

async fn answer(shared: &Shared, request: &RecordedRequest) -> Reply {
    let params = params(request);
    let bearer = request.header("authorization").and_then(|v| v.strip_prefix("Bearer "));
    let token = bearer.or_else(|| text(&params, "access_token"));
    if token != Some(shared.token.as_str()) {
        return error(401, "ACCESS_TOKEN_INVALID");
    }
    let method = request.path.trim_start_matches('/').to_ascii_lowercase();
    let scripted = {
        let mut state = shared.state();
        state.scripted.get_mut(&method).and_then(|queue| (!queue.is_empty()).then(|| queue.remove(0)))
    };
    if let Some(scripted) = scripted {
        return error(400, &scripted);
    }
    match method.as_str() {
        "sendverificationmessage" => send(shared, &params).await,
        "checksendability" => match text(&params, "phone_number") {
            Some(phone) if is_e164(phone) => {
                let id = next_id(shared);
                Reply::ok(json!({ "request_id": id, "phone_number": phone, "request_cost": 0.01 }))
            }
            _ => error(400, "PHONE_NUMBER_INVALID"),
        },
        "checkverificationstatus" => check(shared, &params),
        "revokeverificationmessage" => revoke(shared, &params).await,
        _ => error(400, "METHOD_NOT_FOUND"),
    }
}

fn next_id(shared: &Shared) -> String {
    let mut state = shared.state();
    state.next_id += 1;
    format!("req-{}", state.next_id)
}

async fn send(shared: &Shared, params: &Map<String, Value>) -> Reply {
    let Some(phone) = text(params, "phone_number").filter(|p| is_e164(p)) else {
        return error(400, "PHONE_NUMBER_INVALID");
    };
    let code = match text(params, "code") {
        Some(code) if (4..=8).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit()) => {
            code.to_owned()
        }
        Some(_) => return error(400, "CODE_INVALID"),
        None => {
            let length = match integer(params, "code_length") {
                None => 6,
                Some(Ok(length)) if (4..=8).contains(&length) => length,
                Some(_) => return error(400, "CODE_LENGTH_INVALID"),
            };
            let seed = shared.state().next_id + 1;
            (0..length).map(|at| char::from(b'0' + ((seed * 7 + at as u64 * 3) % 10) as u8)).collect()
        }
    };
    if !matches!(integer(params, "ttl"), None | Some(Ok(60..=86_400))) {
        return error(400, "TTL_INVALID");
    }
    let payload = text(params, "payload").map(str::to_owned);
    if payload.as_ref().is_some_and(|p| p.len() > 128) {
        return error(400, "PAYLOAD_TOO_LONG");
    }
    let callback_url = text(params, "callback_url").map(str::to_owned);
    if callback_url.as_ref().is_some_and(|u| u.len() > 256) {
        return error(400, "CALLBACK_URL_TOO_LONG");
    }
    let id = match text(params, "request_id") {
        Some(id) if shared.state().verifications.contains_key(id) => return error(400, "REQUEST_ID_INVALID"),
        Some(id) => id.to_owned(),
        None => next_id(shared),
    };
    let verification = Verification {
        phone_number: phone.to_owned(),
        code,
        payload,
        callback_url,
        delivery: "sent",
        verification: None,
    };
    let status = request_status(&id, &verification);
    shared.state().verifications.insert(id.clone(), verification.clone());
    report(shared, &verification, &status).await;
    Reply::ok(status)
}

fn check(shared: &Shared, params: &Map<String, Value>) -> Reply {
    let Some(id) = text(params, "request_id") else { return error(400, "REQUEST_ID_INVALID") };
    let mut state = shared.state();
    let Some(verification) = state.verifications.get_mut(id) else { return error(400, "REQUEST_ID_INVALID") };
    if let Some(code) = text(params, "code") {
        let verdict = if code == verification.code { "code_valid" } else { "code_invalid" };
        verification.verification = Some((verdict, code.to_owned()));
    }
    Reply::ok(request_status(id, verification))
}

async fn revoke(shared: &Shared, params: &Map<String, Value>) -> Reply {
    let Some(id) = text(params, "request_id") else { return error(400, "REQUEST_ID_INVALID") };
    let revoked = {
        let mut state = shared.state();
        let Some(verification) = state.verifications.get_mut(id) else {
            return error(400, "REQUEST_ID_INVALID");
        };
        verification.delivery = "revoked";
        verification.clone()
    };
    report(shared, &revoked, &request_status(id, &revoked)).await;
    Reply::ok(Value::Bool(true))
}

fn request_status(id: &str, verification: &Verification) -> Value {
    let mut status = json!({
        "request_id": id,
        "phone_number": verification.phone_number,
        "request_cost": 0.01,
        "delivery_status": { "status": verification.delivery, "updated_at": 1_733_584_787 },
    });
    if let Some((verdict, code)) = &verification.verification {
        status["verification_status"] =
            json!({ "status": verdict, "updated_at": 1_733_584_790, "code_entered": code });
    }
    if let Some(payload) = &verification.payload {
        status["payload"] = Value::String(payload.clone());
    }
    status
}

/// Posts the signed report of `status` to the verification's callback, when it has one.
async fn report(shared: &Shared, verification: &Verification, status: &Value) {
    let Some(url) = &verification.callback_url else { return };
    let age = shared.state().report_age;
    let sent = SystemTime::now().checked_sub(age).unwrap_or(UNIX_EPOCH);
    let timestamp = sent.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs().to_string();
    let body = status.to_string();
    let signature = report_signature(&shared.token, &timestamp, body.as_bytes());
    let headers = [("X-Request-Timestamp", timestamp.as_str()), ("X-Request-Signature", signature.as_str())];
    let answered = crate::webhook::post_json(url, &headers, body.as_bytes()).await.ok();
    shared.state().reports.push(ReportDelivery { url: url.clone(), body, timestamp, status: answered });
}
