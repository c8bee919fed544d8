//! The thin transport: one client per bot, written once against [`Request`].

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use serde::de::{DeserializeOwned, IntoDeserializer};
use serde::Deserialize;

use crate::error::{excerpt, ApiError, Error, ResponseParameters};
use crate::request::{ErrorCodeKind, Platform, Request, Verb};

/// The default time a request may take, connection and answer included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A bot token. `Debug` and `Display` never show it.
#[derive(Clone)]
struct Token(Arc<str>);

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<token>")
    }
}

/// A client of platform `P` for one bot: token, base URL and HTTP client.
///
/// Cloning is cheap and shares the connection pool.
pub struct Client<P> {
    token: Token,
    base_url: Arc<str>,
    http: reqwest::Client,
    timeout: Duration,
    platform: PhantomData<fn() -> P>,
}

impl<P> Clone for Client<P> {
    fn clone(&self) -> Self {
        Client {
            token: self.token.clone(),
            base_url: self.base_url.clone(),
            http: self.http.clone(),
            timeout: self.timeout,
            platform: PhantomData,
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
            .finish()
    }
}

impl<P: Platform> Client<P> {
    /// A client for the bot with `token`, talking to the platform's default base URL.
    pub fn new(token: impl Into<String>) -> Client<P> {
        Client {
            token: Token(token.into().into()),
            base_url: P::BASE_URL.into(),
            http: reqwest::Client::new(),
            timeout: DEFAULT_TIMEOUT,
            platform: PhantomData,
        }
    }

    /// The same client talking to another server: a local Bot API server, a test server,
    /// or the platform's new host. A trailing `/` is ignored.
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Client<P> {
        self.base_url = base_url.into().trim_end_matches('/').into();
        self
    }

    /// The same client using `http` (to share a pool, set proxies or TLS options).
    pub fn with_http_client(mut self, http: reqwest::Client) -> Client<P> {
        self.http = http;
        self
    }

    /// The same client with another time limit per request.
    pub fn with_timeout(mut self, timeout: Duration) -> Client<P> {
        self.timeout = timeout;
        self
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
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

    fn method_url(&self, path: &str) -> String {
        P::URL_TEMPLATE
            .replace("{base}", &self.base_url)
            .replace("{token}", &self.token.0)
            .replace("{method}", path)
    }

    /// Sends `request` and decodes the answer.
    ///
    /// The request goes as JSON, or as `multipart/form-data` when it carries files to
    /// upload (anywhere in it: a parameter, or a media group's items), or in the query
    /// string for `GET` methods.
    pub async fn execute<M: Request<P>>(&self, request: &M) -> Result<M::Response, Error<P::ErrorCode>> {
        let url = self.method_url(M::PATH);
        let (fields, uploads) = crate::input_file::collect_uploads(|| serde_json::to_value(request));
        let fields = match fields {
            Ok(serde_json::Value::Object(map)) => map,
            Ok(_) => {
                return Err(encode_error::<P, M>("a request must serialise to a JSON object".to_owned()))
            }
            Err(error) => return Err(encode_error::<P, M>(error.to_string())),
        };
        let builder = match (M::VERB, uploads.is_empty()) {
            (Verb::Get, true) => self.http.get(url).query(&text_fields(fields)),
            (Verb::Get, false) => {
                return Err(encode_error::<P, M>("a GET method cannot upload files".to_owned()));
            }
            (Verb::Post, true) => {
                let body = serde_json::to_vec(&fields).map_err(|e| encode_error::<P, M>(e.to_string()))?;
                self.http.post(url).header(reqwest::header::CONTENT_TYPE, "application/json").body(body)
            }
            (Verb::Post, false) => self.http.post(url).multipart(multipart::<P, M>(fields, uploads).await?),
        };
        let response = builder.timeout(self.timeout).send().await.map_err(|e| transport_error::<P, M>(e))?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(|e| transport_error::<P, M>(e))?;
        decode::<P::ErrorCode, M::Response>(M::NAME, status, &body, &self.token.0)
    }
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
        let (file_name, bytes) =
            loaded.map_err(|source| Error::File { method: M::NAME, part: part_name.clone(), source })?;
        form = form.part(part_name, reqwest::multipart::Part::bytes(bytes).file_name(file_name));
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
}

/// Decodes a response body of `method` into its result, or into the platform's error.
///
/// A successful envelope without `result` (or with `"result": null`) is accepted for
/// methods whose result is empty. `secret` is masked in any excerpt of the body.
pub fn decode<C: ErrorCodeKind, T: DeserializeOwned>(
    method: &'static str,
    status: u16,
    body: &[u8],
    secret: &str,
) -> Result<T, Error<C>> {
    let decode_error =
        |message: String| Error::Decode { method, status, message, excerpt: excerpt(body, secret) };
    match serde_json::from_slice::<Envelope<T>>(body) {
        Ok(Envelope { ok: true, result: Some(result), .. }) => Ok(result),
        Ok(Envelope { ok: true, result: None, .. }) => {
            T::deserialize(().into_deserializer()).map_err(|e: serde::de::value::Error| {
                decode_error(format!("the answer has no result, and the method returns one ({e})"))
            })
        }
        Ok(envelope) => {
            Err(api_error(method, envelope.error_code, envelope.description, envelope.parameters, status))
        }
        Err(error) => match serde_json::from_slice::<ErrorEnvelope>(body) {
            Ok(envelope) if !envelope.ok => {
                Err(api_error(method, envelope.error_code, envelope.description, envelope.parameters, status))
            }
            _ => Err(decode_error(error.to_string())),
        },
    }
}

fn api_error<C: ErrorCodeKind>(
    method: &'static str,
    code: Option<i64>,
    description: Option<String>,
    parameters: Option<ResponseParameters>,
    status: u16,
) -> Error<C> {
    Error::Api(ApiError {
        method,
        code: C::from(code.unwrap_or(i64::from(status))),
        description: description.unwrap_or_default(),
        parameters: parameters.unwrap_or_default(),
    })
}
