//! The thin transport: one client per bot, written once against [`Request`].

mod body;
pub(crate) mod error;
pub mod files;
mod http_client;
pub(crate) mod input_file;
pub(crate) mod mask;
pub(crate) mod retry;
pub mod throttle;

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use serde::de::{DeserializeOwned, IntoDeserializer};
use serde::Deserialize;

use crate::client::error::{excerpt, server_text, ApiError, Error, ResponseParameters};
pub use crate::client::mask::Mask;
use crate::client::retry::RetryPolicy;
use crate::platform::{Auth, ErrorCodeKind, Platform, Request, TestEnvironment, Verb};

pub use http_client::HttpClient;

/// The default time a request may take, connection and answer included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The default longest answer a client reads ([`Client::with_body_limit`]): 100 MiB.
///
/// Sized for the largest legitimate answer, `getUpdates` with 100 updates of the largest
/// kind: each update is allowed 1 MiB, as the webhook receiver allows one update
/// (a message at every limit the Bot API documents, 4,096 characters of text with every
/// character escaped, 100 entities with URLs, a reply and a quote carrying the same, a
/// keyboard of 100 buttons, stays well under that), and the envelope is a few bytes.
pub const DEFAULT_BODY_LIMIT: usize = 100 * 1024 * 1024;

/// A bot token. `Debug` and `Display` never show it.
#[derive(Clone)]
struct Token(Arc<str>);

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<token>")
    }
}

/// The request URL around the method name, base URL and token filled in, built once
/// per client. Holds the token: never shown.
#[derive(Clone)]
struct MethodUrl {
    before: Arc<str>,
    after: Arc<str>,
}

impl MethodUrl {
    fn new(template: &str, base_url: &str, token: &str) -> MethodUrl {
        let fill = |part: &str| part.replace("{base}", base_url).replace("{token}", token);
        let (before, after) = template.split_once("{method}").unwrap_or((template, ""));
        MethodUrl { before: fill(before).into(), after: fill(after).into() }
    }

    fn of(&self, path: &str) -> String {
        let mut url = String::with_capacity(self.before.len() + path.len() + self.after.len());
        url.push_str(&self.before);
        url.push_str(path);
        url.push_str(&self.after);
        url
    }
}

/// A client of platform `P` for one bot: token, base URL, HTTP client, time limit and
/// retry policy.
///
/// Cloning is cheap and shares the connection pool. A platform's `Bot` wraps one
/// (`Bot::with_client`); a client alone sends method structs built beforehand:
///
/// ```no_run
/// # async fn demo() -> Result<(), tgfamily::potato::Error> {
/// use std::time::Duration;
/// use tgfamily::potato::{ChatType, Potato, SendTextMessage};
/// use tgfamily::Client;
///
/// let client = Client::<Potato>::new("123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11")
///     .with_timeout(Duration::from_secs(10));
/// let sent = client.execute(&SendTextMessage::new(ChatType::PeerUser, 20216742, "hi")).await?;
/// println!("sent message {}", sent.message_id);
/// # Ok(())
/// # }
/// ```
pub struct Client<P> {
    token: Token,
    base_url: Arc<str>,
    method_url: MethodUrl,
    mask: Mask,
    http: HttpClient,
    timeout: Duration,
    body_limit: usize,
    retry: RetryPolicy,
    platform: PhantomData<fn() -> P>,
    /// The URL template of the platform's test environment, when requests go there.
    test_environment: Option<&'static str>,
    /// Keeps sends under the rate limits, when set.
    throttle: Option<crate::client::throttle::SharedThrottle>,
}

impl<P> Clone for Client<P> {
    fn clone(&self) -> Self {
        Client {
            token: self.token.clone(),
            base_url: self.base_url.clone(),
            method_url: self.method_url.clone(),
            mask: self.mask.clone(),
            http: self.http.clone(),
            timeout: self.timeout,
            body_limit: self.body_limit,
            retry: self.retry,
            platform: PhantomData,
            test_environment: self.test_environment,
            throttle: self.throttle.clone(),
        }
    }
}

impl<P: Platform> fmt::Debug for Client<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("platform", &P::NAME)
            .field("base_url", &self.base_url)
            .field("token", &self.token)
            .field("timeout", &self.timeout)
            .field("body_limit", &self.body_limit)
            .field("retry", &self.retry)
            .finish()
    }
}

impl<P: Platform> Client<P> {
    /// A client for the bot with `token`, talking to the platform's default base URL, with
    /// the default [`RetryPolicy`] and an HTTP client that follows no redirect.
    pub fn new(token: impl Into<String>) -> Client<P> {
        let token: Arc<str> = token.into().into();
        Client {
            method_url: MethodUrl::new(P::URL_TEMPLATE, P::BASE_URL, &token),
            mask: Mask::new(&token),
            token: Token(token),
            base_url: P::BASE_URL.into(),
            http: HttpClient::default(),
            timeout: DEFAULT_TIMEOUT,
            body_limit: DEFAULT_BODY_LIMIT,
            retry: RetryPolicy::default(),
            platform: PhantomData,
            test_environment: None,
            throttle: None,
        }
    }

    /// The same client talking to another server: a local Bot API server, a fake server
    /// in tests, or the platform's new host. A trailing `/` is ignored.
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Client<P> {
        self.base_url = base_url.into().trim_end_matches('/').into();
        self.method_url = self.build_method_url();
        self
    }

    /// The request URL for the current base URL, token and environment.
    fn build_method_url(&self) -> MethodUrl {
        let template = self.test_environment.unwrap_or(P::URL_TEMPLATE);
        MethodUrl::new(template, &self.base_url, &self.token.0)
    }

    /// The same client keeping its sends under `limits` (see [`crate::client::throttle`]). The
    /// throttle is shared by the client's clones, so one bot's calls from many tasks
    /// share the limits.
    pub fn throttled(mut self, limits: crate::client::throttle::Limits) -> Client<P> {
        self.throttle = Some(std::sync::Arc::new(crate::client::throttle::Throttle::new(limits)));
        self
    }

    /// The throttle, for a throttled client (its queue depth, its limits).
    pub fn throttle(&self) -> Option<&crate::client::throttle::Throttle> {
        self.throttle.as_deref()
    }

    /// Whether requests go to the test environment (see `Client::test_environment`).
    pub fn is_test_environment(&self) -> bool {
        self.test_environment.is_some()
    }

    /// The same client using `http` (to share a pool, set proxies or TLS options). An
    /// [`HttpClient`] follows no redirect, whatever its builder said: every request URL
    /// holds the token, and a followed redirect would carry it to another host.
    pub fn with_http_client(mut self, http: HttpClient) -> Client<P> {
        self.http = http;
        self
    }

    /// The same client sending every request through `proxy` (HTTP, HTTPS or, with
    /// reqwest's `socks` feature, SOCKS5), with an HTTP client like [`Client::new`]'s: it
    /// replaces one given to [`Client::with_http_client`].
    ///
    /// ```
    /// # {
    /// use tgfamily::{reqwest, Client};
    ///
    /// let proxy = reqwest::Proxy::all("http://127.0.0.1:3128")?;
    /// let client = Client::<tgfamily::potato::Potato>::new("123456:token").with_proxy(proxy)?;
    /// let bot = tgfamily::potato::Bot::with_client(client);
    /// # let _ = bot;
    /// # }
    /// # Ok::<(), reqwest::Error>(())
    /// ```
    ///
    /// # Errors
    /// When the HTTP client cannot be built (the TLS backend does not start).
    pub fn with_proxy(mut self, proxy: reqwest::Proxy) -> Result<Client<P>, reqwest::Error> {
        self.http = HttpClient::from_builder(reqwest::Client::builder().proxy(proxy))?;
        Ok(self)
    }

    /// The HTTP client this client sends with, to share its pool with another.
    pub fn http_client(&self) -> &HttpClient {
        &self.http
    }

    /// The same client with another time limit per request. Any `Duration` is accepted:
    /// `Duration::MAX` is no limit in practice, zero fails every call with
    /// [`Error::Timeout`] before anything is sent (a zero timer would race the answer).
    pub fn with_timeout(mut self, timeout: Duration) -> Client<P> {
        self.timeout = timeout;
        self
    }

    /// The same client reading answers of at most `bytes` (default
    /// [`DEFAULT_BODY_LIMIT`]). A longer answer is refused while it streams in, with
    /// [`Error::TooLarge`] naming the method and the limit, and its connection is dropped:
    /// a server cannot make the client hold more than this per request.
    pub fn with_body_limit(mut self, bytes: usize) -> Client<P> {
        self.body_limit = bytes;
        self
    }

    /// The longest answer read.
    pub fn body_limit(&self) -> usize {
        self.body_limit
    }

    /// The mask of this client's token, for decoding a server's answer by hand
    /// ([`decode`], [`crate::updates::polling::decode_answer`], [`crate::Incoming::from_raw`]).
    pub fn mask(&self) -> &Mask {
        &self.mask
    }

    /// The same client retrying under `policy`.
    pub fn with_retry(mut self, policy: RetryPolicy) -> Client<P> {
        self.retry = policy;
        self
    }

    /// The time limit per request.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The HTTP client (for downloads, which stream instead of decoding).
    pub(crate) fn http(&self) -> &reqwest::Client {
        self.http.reqwest()
    }

    /// The token, to mask it where a server's words are kept.
    pub(crate) fn token(&self) -> &str {
        &self.token.0
    }

    /// The URL a file with the server-given `path` is downloaded from, when the platform
    /// has one. It contains the token: do not log it.
    pub fn file_url(&self, path: &str) -> Option<String> {
        P::FILE_URL_TEMPLATE.map(|template| {
            template
                .replace("{base}", &self.base_url)
                .replace("{token}", &self.token.0)
                .replace("{path}", path.trim_start_matches('/'))
        })
    }

    /// Sends `request` and decodes the answer, retrying as the [`RetryPolicy`] allows.
    ///
    /// The request goes as JSON, or as `multipart/form-data` when it carries files to
    /// upload (anywhere in it: a parameter, or a media group's items), or in the query
    /// string for `GET` methods.
    pub async fn execute<M: Request<P>>(&self, request: &M) -> Result<M::Response, Error<P::ErrorCode>> {
        self.call(request, self.timeout).await
    }

    /// Sends `request` with the time limit `timeout` and decodes its result as `T`, which
    /// may differ from the method's response type (polling reads a batch of raw updates).
    pub(crate) async fn call<M: Request<P>, T: FromAnswer>(
        &self,
        request: &M,
        timeout: Duration,
    ) -> Result<T, Error<P::ErrorCode>> {
        // Before anything is sent, and once: a broken rule is not retried.
        request.check().map_err(|violation| Error::Invalid {
            method: M::NAME,
            parameter: violation.parameter,
            rule: violation.rule,
            found: violation.found,
        })?;
        let mut retries = 0;
        let chat = self.throttle.as_ref().and_then(|_| request.target());
        loop {
            let turn = match &self.throttle {
                Some(throttle) => Some(Box::pin(throttle.wait_turn(chat.as_ref())).await),
                None => None,
            };
            let (status, error) = match self.attempt(request, timeout).await {
                (_, Ok(result)) => return Ok(result),
                (status, Err(error)) => (status, error),
            };
            // The freeze is recorded before the chat's next message may take the turn.
            if let (Some(throttle), Some(api)) = (&self.throttle, error.api()) {
                if api.code.is_rate_limit() || status == Some(429) {
                    throttle.rate_limited(chat.as_ref(), error.retry_after());
                }
            }
            drop(turn);
            let Some(delay) = self.retry.delay_before_retry(&error, status, retries) else {
                return Err(error);
            };
            crate::events::warn_event!(method = M::NAME, retries, ?delay, %error, "retrying a call that did not take effect");
            drop(error);
            // Boxed: retries are rare, and the timer would make every call's future larger.
            Box::pin(tokio::time::sleep(delay)).await;
            retries += 1;
        }
    }

    /// One attempt: the result, and the HTTP status when an answer came.
    async fn attempt<M: Request<P>, T: FromAnswer>(
        &self,
        request: &M,
        timeout: Duration,
    ) -> (Option<u16>, Result<T, Error<P::ErrorCode>>) {
        // No time at all: deterministically nothing, rather than whichever of a zero timer
        // and a fast loopback answer comes first.
        if timeout.is_zero() {
            return (None, Err(Error::Timeout { method: M::NAME }));
        }
        let builder = match self.encode(request) {
            Ok(Encoded::Ready(builder)) => builder,
            // Boxed: uploads are rare, and their future would make every call's larger.
            Ok(Encoded::Multipart { url, fields, uploads }) => {
                match Box::pin(multipart::<P, M>(fields, uploads)).await {
                    Ok(form) => self.authorized(self.http.reqwest().post(url)).multipart(form),
                    Err(error) => return (None, Err(error)),
                }
            }
            Err(error) => return (None, Err(error)),
        };
        let response = match builder.timeout(timeout).send().await {
            Ok(response) => response,
            Err(error) => return (None, Err(transport_error::<P, M>(error))),
        };
        let status = response.status().as_u16();
        let result = match body::read_limited(response, self.body_limit).await {
            Ok(body) => T::from_answer(M::NAME, status, &body, &self.mask),
            Err(body::BodyError::TooLarge) => {
                Err(Error::TooLarge { method: M::NAME, limit: self.body_limit })
            }
            Err(body::BodyError::Read(error)) => Err(transport_error::<P, M>(error)),
        };
        (Some(status), result)
    }

    /// `builder` with the token's header, for a platform whose token travels in one. The
    /// header is marked sensitive, so the HTTP client never shows it.
    fn authorized(&self, builder: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match P::AUTH {
            Auth::Bearer => builder.bearer_auth(&*self.token.0),
            Auth::Url | Auth::Parameter(_) => builder,
        }
    }

    /// The HTTP request for `request`: JSON, or a query string, or what a multipart
    /// request is made of (its files are read when it is sent).
    fn encode<M: Request<P>>(&self, request: &M) -> Result<Encoded, Error<P::ErrorCode>> {
        let url = self.method_url.of(M::PATH);
        if M::VERB == Verb::Post {
            // Most requests upload nothing: serialise straight to the body, once.
            let (body, uploads) = crate::client::input_file::collect_uploads(|| serde_json::to_vec(request));
            let body = body.map_err(|e| encode_error::<P, M>(e.to_string()))?;
            if uploads.is_empty() {
                if body.first() != Some(&b'{') {
                    return Err(encode_error::<P, M>("a request must serialise to a JSON object".to_owned()));
                }
                let body = match P::AUTH {
                    Auth::Parameter(name) => with_json_parameter(body, name, &self.token.0),
                    Auth::Url | Auth::Bearer => body,
                };
                return Ok(Encoded::Ready(
                    self.authorized(self.http.reqwest().post(url))
                        .header(reqwest::header::CONTENT_TYPE, "application/json")
                        .body(body),
                ));
            }
        }
        let (fields, uploads) = crate::client::input_file::collect_uploads(|| serde_json::to_value(request));
        let mut fields = match fields {
            Ok(serde_json::Value::Object(map)) => map,
            Ok(_) => {
                return Err(encode_error::<P, M>("a request must serialise to a JSON object".to_owned()))
            }
            Err(error) => return Err(encode_error::<P, M>(error.to_string())),
        };
        if let Auth::Parameter(name) = P::AUTH {
            fields.insert(name.to_owned(), serde_json::Value::String(self.token.0.to_string()));
        }
        let get = || self.authorized(self.http.reqwest().get(url.as_str()));
        match (M::VERB, uploads.is_empty()) {
            (Verb::Get, true) if fields.is_empty() => Ok(Encoded::Ready(get())),
            (Verb::Get, true) => Ok(Encoded::Ready(get().query(&text_fields(fields)))),
            (Verb::Get, false) => Err(encode_error::<P, M>("a GET method cannot upload files".to_owned())),
            (Verb::Post, _) => Ok(Encoded::Multipart { url, fields, uploads }),
        }
    }
}

impl<P: TestEnvironment> Client<P> {
    /// The same client talking to the platform's test environment, at its spec's
    /// `test_url_template` (Telegram: `<base>/bot<token>/test/METHOD`, as its Mini Apps
    /// page, "Using bots in the test environment", gives the URL). The test environment
    /// has its own accounts and bot tokens. Keeps the base URL, so a local Bot API server
    /// and a test-environment token work too.
    pub fn test_environment(mut self) -> Self {
        self.test_environment = Some(P::TEST_URL_TEMPLATE);
        self.method_url = self.build_method_url();
        self
    }
}

/// A request ready to send, or the parts of a multipart one.
enum Encoded {
    Ready(reqwest::RequestBuilder),
    Multipart {
        url: String,
        fields: serde_json::Map<String, serde_json::Value>,
        uploads: Vec<(String, crate::InputFile)>,
    },
}

fn encode_error<P: Platform, M: Request<P>>(message: String) -> Error<P::ErrorCode> {
    Error::Encode { method: M::NAME, message }
}

fn transport_error<P: Platform, M: Request<P>>(error: reqwest::Error) -> Error<P::ErrorCode> {
    if error.is_timeout() {
        return Error::Timeout { method: M::NAME };
    }
    Error::Transport { method: M::NAME, before_sending: error.is_connect(), source: error.without_url() }
}

/// The JSON object `body` (compact, as `serde_json` writes it) with `"name": token` first.
fn with_json_parameter(body: Vec<u8>, name: &str, token: &str) -> Vec<u8> {
    let pair = serde_json::json!({ name: token }).to_string();
    if body.as_slice() == b"{}" {
        return pair.into_bytes();
    }
    let mut out = Vec::with_capacity(body.len() + pair.len());
    out.extend_from_slice(&pair.as_bytes()[..pair.len() - 1]);
    out.push(b',');
    out.extend_from_slice(&body[1..]);
    out
}

/// A parameter's value as text: strings as they are, other values as JSON.
fn text_of(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text,
        other => other.to_string(),
    }
}

fn text_fields(fields: serde_json::Map<String, serde_json::Value>) -> Vec<(String, String)> {
    fields.into_iter().map(|(key, value)| (key, text_of(value))).collect()
}

/// The multipart form: an upload that is a parameter itself goes as the part named after
/// the parameter; uploads inside other values go as the parts their `attach://` names.
async fn multipart<P: Platform, M: Request<P>>(
    mut fields: serde_json::Map<String, serde_json::Value>,
    uploads: Vec<(String, crate::InputFile)>,
) -> Result<reqwest::multipart::Form, Error<P::ErrorCode>> {
    let mut form = reqwest::multipart::Form::new();
    for (name, file) in uploads {
        let reference = serde_json::Value::String(format!("attach://{name}"));
        let param = fields.iter().find(|(_, value)| **value == reference).map(|(key, _)| key.clone());
        let part_name = match param {
            Some(param) => {
                fields.remove(&param);
                param
            }
            None => name,
        };
        let Some(loaded) = file.load().await else { continue };
        let upload =
            loaded.map_err(|source| Error::File { method: M::NAME, part: part_name.clone(), source })?;
        let part = match upload.len {
            Some(len) => reqwest::multipart::Part::stream_with_length(upload.body, len),
            None => reqwest::multipart::Part::stream(upload.body),
        };
        let mut part = part.file_name(upload.name);
        if let Some(mime) = &upload.mime {
            part =
                part.mime_str(mime).map_err(|e| encode_error::<P, M>(format!("MIME type `{mime}`: {e}")))?;
        }
        form = form.part(part_name, part);
    }
    for (key, value) in fields {
        form = form.text(key, text_of(value));
    }
    Ok(form)
}

/// The response envelope every platform of the family answers with.
#[derive(Deserialize)]
#[serde(bound = "T: Deserialize<'de>")]
struct Envelope<T> {
    ok: bool,
    #[serde(default)]
    result: Option<T>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    error_code: Option<i64>,
    #[serde(default)]
    parameters: Option<ResponseParameters>,
    /// A string error code, on platforms whose errors are strings; anything else there is
    /// ignored (a Bot API never sends it).
    #[serde(default)]
    error: Option<StringCode>,
}

/// The error part of an envelope, read when the whole envelope does not decode.
#[derive(Deserialize)]
struct ErrorEnvelope {
    ok: bool,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    error_code: Option<i64>,
    #[serde(default)]
    parameters: Option<ResponseParameters>,
    /// A string error code, on platforms whose errors are strings; anything else there is
    /// ignored (a Bot API never sends it).
    #[serde(default)]
    error: Option<StringCode>,
}

/// What an answer decodes into: any `Deserialize` type, read from the envelope's
/// `result` ([`decode`]), or a batch of updates, `Vec<Incoming<U>>`, where one update that
/// does not decode is kept raw and does not fail the others (`getUpdates`).
pub trait FromAnswer: Sized + Send + 'static {
    /// Decodes the body of an answer to `method` that came with HTTP `status`. `mask` is
    /// applied to everything an error or an undecodable part keeps from the body.
    fn from_answer<C: ErrorCodeKind>(
        method: &'static str,
        status: u16,
        body: &[u8],
        mask: &Mask,
    ) -> Result<Self, Error<C>>;
}

impl<T: DeserializeOwned + Send + 'static> FromAnswer for T {
    fn from_answer<C: ErrorCodeKind>(
        method: &'static str,
        status: u16,
        body: &[u8],
        mask: &Mask,
    ) -> Result<T, Error<C>> {
        decode_envelope(method, status, body, mask)
    }
}

/// Decodes a response body of `method` into its result, or into the platform's error, as
/// the client does.
///
/// A successful envelope without `result` (or with `"result": null`) is accepted for
/// methods whose result is empty. `mask` (a [`Mask`], or a secret as `&str`) is applied
/// to everything the error keeps from the body: the excerpt, the decoder's message (which
/// can quote a value) and the platform's description.
pub fn decode<C: ErrorCodeKind, T: FromAnswer>(
    method: &'static str,
    status: u16,
    body: &[u8],
    mask: impl Into<Mask>,
) -> Result<T, Error<C>> {
    T::from_answer(method, status, body, &mask.into())
}

/// The error for an answer to `method` that does not decode: `message` and the start of
/// `body`, masked.
pub(crate) fn decode_error<C>(
    method: &'static str,
    status: u16,
    body: &[u8],
    mask: &Mask,
    message: &str,
) -> Error<C> {
    Error::Decode { method, status, message: server_text(message, mask), excerpt: excerpt(body, mask) }
}

/// [`decode`] into a `Deserialize` type.
pub(crate) fn decode_envelope<C: ErrorCodeKind, T: DeserializeOwned>(
    method: &'static str,
    status: u16,
    body: &[u8],
    mask: &Mask,
) -> Result<T, Error<C>> {
    let decode_error = |message: String| decode_error(method, status, body, mask, &message);
    // Checking UTF-8 once for the whole body is much cheaper than serde_json checking
    // every string of it (decoding the 10k-update corpus: 4.5x -> 3.1x the time of
    // `IgnoredAny`); a body that is not UTF-8 is not JSON either.
    let text =
        std::str::from_utf8(body).map_err(|e| decode_error(format!("the answer is not UTF-8: {e}")))?;
    match serde_json::from_str::<Envelope<T>>(text) {
        Ok(Envelope { ok: true, result: Some(result), .. }) => Ok(result),
        Ok(Envelope { ok: true, result: None, .. }) => {
            T::deserialize(().into_deserializer()).map_err(|e: serde::de::value::Error| {
                decode_error(format!("the answer has no result, and the method returns one ({e})"))
            })
        }
        Ok(envelope) => Err(api_error(method, &envelope.into(), status, mask)),
        Err(error) => match serde_json::from_str::<ErrorEnvelope>(text) {
            Ok(envelope) if !envelope.ok => Err(api_error(method, &envelope, status, mask)),
            _ => Err(decode_error(error.to_string())),
        },
    }
}

impl<T> From<Envelope<T>> for ErrorEnvelope {
    fn from(envelope: Envelope<T>) -> ErrorEnvelope {
        ErrorEnvelope {
            ok: envelope.ok,
            description: envelope.description,
            error_code: envelope.error_code,
            parameters: envelope.parameters,
            error: envelope.error,
        }
    }
}

fn api_error<C: ErrorCodeKind>(
    method: &'static str,
    envelope: &ErrorEnvelope,
    status: u16,
    mask: &Mask,
) -> Error<C> {
    Error::Api(ApiError {
        method,
        code: C::from(envelope.error_code.unwrap_or(i64::from(status))),
        status,
        description: envelope.description.as_deref().map(|text| server_text(text, mask)).unwrap_or_default(),
        parameters: envelope.parameters.clone().unwrap_or_default(),
        error: envelope.error.as_ref().and_then(|code| code.0.as_deref()).map(|text| server_text(text, mask)),
    })
}

/// The envelope's `error`: a string error code, or `None` for any other value.
struct StringCode(Option<String>);

impl<'de> Deserialize<'de> for StringCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<StringCode, D::Error> {
        deserializer.deserialize_any(StringCodeVisitor)
    }
}

/// Keeps a string and skips any other value without building it.
struct StringCodeVisitor;

impl<'de> serde::de::Visitor<'de> for StringCodeVisitor {
    type Value = StringCode;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a string error code")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<StringCode, E> {
        Ok(StringCode(Some(text.to_owned())))
    }

    fn visit_string<E: serde::de::Error>(self, text: String) -> Result<StringCode, E> {
        Ok(StringCode(Some(text)))
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<StringCode, E> {
        Ok(StringCode(None))
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<StringCode, E> {
        Ok(StringCode(None))
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<StringCode, E> {
        Ok(StringCode(None))
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<StringCode, E> {
        Ok(StringCode(None))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<StringCode, E> {
        Ok(StringCode(None))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut items: A) -> Result<StringCode, A::Error> {
        while items.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(StringCode(None))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut entries: A) -> Result<StringCode, A::Error> {
        while entries.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
        Ok(StringCode(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::platform::TestCode as Code;

    const TOKEN: &str = "123:SECRET-token";

    fn shown(error: &Error<Code>) -> String {
        format!("{error} {error:?}")
    }

    #[test]
    fn the_error_field_is_kept_only_when_it_is_a_string() {
        let cases: [(&str, Option<&str>); 6] = [
            (r#""ACCESS_TOKEN_INVALID""#, Some("ACCESS_TOKEN_INVALID")),
            (r#""esc\u0061ped""#, Some("escaped")),
            ("17", None),
            ("null", None),
            (r#"{"nested": [1, {"deep": true}], "more": "x"}"#, None),
            (r#"[["a"], 2.5, false]"#, None),
        ];
        for (error, expected) in cases {
            let body = format!(r#"{{"ok": false, "error_code": 400, "error": {error}, "description": "d"}}"#);
            let Err(Error::Api(api)) = decode::<Code, i64>("sendCode", 400, body.as_bytes(), TOKEN) else {
                panic!("an API error for `error: {error}`");
            };
            assert_eq!(api.error.as_deref(), expected, "`error: {error}`");
            assert_eq!(api.description, "d", "the rest of the envelope still reads after `error: {error}`");
        }
    }

    #[test]
    fn an_error_field_nested_100_000_deep_is_skipped_and_the_api_error_kept() {
        // The visitor skips a non-string `error` with `IgnoredAny`, which serde_json reads
        // without recursion: no stack overflow, and the envelope's code still reads.
        let depth = 100_000;
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let body = format!(r#"{{"ok": false, "error_code": 400, "error": {nested}, "description": "d"}}"#);
        let Err(Error::Api(api)) = decode::<Code, i64>("sendCode", 400, body.as_bytes(), TOKEN) else {
            panic!("an API error");
        };
        assert_eq!((api.status, api.error, api.description.as_str()), (400, None, "d"));
    }

    #[test]
    fn a_value_quoted_by_the_decoder_is_masked() {
        let body = br#"{"ok": true, "result": "123:SECRET-token"}"#;
        let error =
            decode::<Code, i64>("getThing", 200, body, TOKEN).expect_err("a string is not an integer");
        assert!(!shown(&error).contains("SECRET"), "{}", shown(&error));
    }

    #[test]
    fn a_description_quoting_the_url_is_masked() {
        let body =
            br#"{"ok": false, "error_code": 404, "description": "no /bot123%3ASECRET-token/getThing"}"#;
        let error = decode::<Code, i64>("getThing", 404, body, TOKEN).expect_err("an API error");
        assert!(
            !shown(&error).contains("SECRET") && shown(&error).contains("/bot<token>/"),
            "{}",
            shown(&error)
        );
    }

    #[test]
    fn a_token_parameter_goes_first_in_the_json_body() {
        let with =
            |body: &[u8]| String::from_utf8(with_json_parameter(body.to_vec(), "access_token", "t\"1"));
        assert_eq!(with(b"{}").as_deref(), Ok(r#"{"access_token":"t\"1"}"#));
        let body = with(br#"{"phone_number":"+1555"}"#).expect("UTF-8");
        let value: serde_json::Value = serde_json::from_str(&body).expect("still JSON");
        assert_eq!(value, serde_json::json!({"access_token": "t\"1", "phone_number": "+1555"}));
    }

    #[test]
    fn the_token_is_masked_before_the_excerpt_is_cut() {
        let body = format!("{}{TOKEN}", "x".repeat(195));
        let error = decode::<Code, i64>("getThing", 502, body.as_bytes(), TOKEN).expect_err("not JSON");
        assert!(!shown(&error).contains("123:SEC"), "{}", shown(&error));
    }
}
