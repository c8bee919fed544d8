//! Faults to inject: what a real server, proxy or network does to a request now and then.

use std::collections::VecDeque;
use std::time::Duration;

use serde_json::json;

use crate::{Platform, RecordedRequest, Reply};

/// A fault injected into one request.
///
/// Faults that answer in the server's place leave the request undone: the server never
/// saw it ([`Fault::RateLimit`], [`Fault::ServerError`], [`Fault::Redirect`],
/// [`Fault::Drop`], [`Fault::Malformed`], [`Fault::Endless`], [`Fault::CutTokenInBody`],
/// [`Fault::CutTokenInDescription`]). Faults that spoil the server's own answer leave it
/// done: a message is sent, updates are handed out ([`Fault::Truncated`], [`Fault::Slow`],
/// [`Fault::BadUtf8`], [`Fault::UnreadableId`]). A client cannot tell the second kind
/// from the first, which is why it must not re-send after them.
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
    /// The server's answer with a byte that is not UTF-8 (`0xFF`) put into the first
    /// string after its `result` starts: one update of a `getUpdates` answer is broken.
    BadUtf8,
    /// The server's answer with its first `update_id` written as a string that is no
    /// number (`"17?"`): one update's id cannot be read (the server still knows it).
    UnreadableId,
    /// `200 OK` and a body that never ends ([`crate::Reply::Endless`]).
    Endless,
    /// A `502` whose HTML body quotes the request path and ends `keep` characters into
    /// the token: a body cut inside the token.
    CutTokenInBody {
        /// How many characters of the token are sent.
        keep: usize,
    },
    /// A JSON error whose `description` quotes the request URL shortened `keep`
    /// characters into the token (`…/bot123:AB…/getMe`), as proxies abbreviate URLs.
    CutTokenInDescription {
        /// How many characters of the token are quoted.
        keep: usize,
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

    /// One fault of each class a hostile or broken server adds to [`Fault::one_of_each`]:
    /// a broken update, an unreadable id, an endless body, and tokens cut `keep`
    /// characters in, in a body and in a description.
    pub fn hostile(keep: usize) -> Vec<Fault> {
        vec![
            Fault::BadUtf8,
            Fault::UnreadableId,
            Fault::Endless,
            Fault::CutTokenInBody { keep },
            Fault::CutTokenInDescription { keep },
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
            Fault::BadUtf8 => "bad_utf8",
            Fault::UnreadableId => "unreadable_id",
            Fault::Endless => "endless",
            Fault::CutTokenInBody { .. } => "cut_token_in_body",
            Fault::CutTokenInDescription { .. } => "cut_token_in_description",
        }
    }

    /// Whether the server never saw the request.
    pub(crate) fn leaves_request_undone(&self) -> bool {
        !matches!(self, Fault::Truncated | Fault::Slow(_) | Fault::BadUtf8 | Fault::UnreadableId)
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
                let body = body_of(done());
                Reply::Truncated { sent: body.len() / 2, body }
            }
            Fault::BadUtf8 => Reply::Raw { status: 200, body: break_first_string(body_of(done())) },
            Fault::UnreadableId => Reply::Raw { status: 200, body: break_first_id(body_of(done())) },
            Fault::Endless => Reply::Endless,
            Fault::CutTokenInBody { keep } => {
                let cut = cut_in_token(platform, &request.path, *keep);
                Reply::Raw { status: 502, body: format!("<html><body>upstream {cut}").into_bytes() }
            }
            Fault::CutTokenInDescription { keep } => {
                let cut = cut_in_token(platform, &request.path, *keep);
                let method = request.path.rsplit('/').next().unwrap_or_default();
                Reply::Json {
                    status: 502,
                    body: json!({
                        "ok": false,
                        "error_code": 502,
                        "description": format!("Bad Gateway: upstream {cut}…/{method} timed out"),
                    }),
                }
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

/// The bytes of a reply's body.
fn body_of(reply: Reply) -> Vec<u8> {
    match reply {
        Reply::Json { body, .. } => body.to_string().into_bytes(),
        Reply::Raw { body, .. } | Reply::Truncated { body, .. } => body,
        _ => b"{\"ok\": true, \"result\": true}".to_vec(),
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|at| at + from)
}

/// `body` with `0xFF` put at the start of the first string value after `"result"`.
fn break_first_string(mut body: Vec<u8>) -> Vec<u8> {
    let result = find(&body, b"\"result\"", 0).unwrap_or(0);
    if let Some(at) = find(&body, b":\"", result + 8) {
        body.insert(at + 2, 0xFF);
    }
    body
}

/// `body` with its first `"update_id":<digits>` written `"update_id":"<digits>?"`.
fn break_first_id(body: Vec<u8>) -> Vec<u8> {
    let key = b"\"update_id\":";
    let Some(at) = find(&body, key, 0) else { return body };
    let digits_start = at + key.len();
    let digits_end = body[digits_start..]
        .iter()
        .position(|b| !(b.is_ascii_digit() || *b == b'-'))
        .map_or(body.len(), |end| digits_start + end);
    let mut out = body[..digits_start].to_vec();
    out.push(b'"');
    out.extend_from_slice(&body[digits_start..digits_end]);
    out.extend_from_slice(b"?\"");
    out.extend_from_slice(&body[digits_end..]);
    out
}

/// The request path cut `keep` characters into the token.
fn cut_in_token(platform: Option<Platform>, path: &str, keep: usize) -> String {
    let token_start = crate::token_start(platform);
    let end = path.char_indices().nth(token_start + keep).map_or(path.len(), |(at, _)| at);
    path[..end].to_owned()
}

/// How [`corrupt`] breaks one update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corruption {
    /// The byte at this position among the bytes inside strings (modulo their count)
    /// replaced by one that is not UTF-8 (`0xFF`, a lone `0x80`, a `0xC3` lead byte).
    BadUtf8 {
        /// Which byte inside strings.
        at: usize,
        /// Which bad byte (modulo 3).
        kind: u8,
    },
    /// `update_id` as a string holding the number (`"17"`): readable.
    IdAsString,
    /// `update_id` as a string that is no number (`"seventeen"`).
    IdAsWord,
    /// `update_id` as an integral float (`17.0`): readable.
    IdAsFloat,
    /// `update_id` beyond `i64`.
    IdBeyondI64,
    /// `update_id` twice, with different values.
    IdDuplicated,
    /// No `update_id`.
    IdMissing,
    /// `update_id` is `null`.
    IdNull,
    /// The update replaced by something that is no object (modulo 4: `42`, `"x"`,
    /// `null`, `[]`).
    NotAnObject(u8),
    /// Every other field replaced by a string, which no update field is.
    WrongFieldTypes,
    /// Broken JSON inside the update's braces (`{"update_id": 17, "message": ,}`).
    BrokenJson,
}

impl Corruption {
    /// Every class, with `seed` choosing the position and variant where there is one.
    pub fn all(seed: usize) -> [Corruption; 11] {
        [
            Corruption::BadUtf8 { at: seed, kind: (seed % 3) as u8 },
            Corruption::IdAsString,
            Corruption::IdAsWord,
            Corruption::IdAsFloat,
            Corruption::IdBeyondI64,
            Corruption::IdDuplicated,
            Corruption::IdMissing,
            Corruption::IdNull,
            Corruption::NotAnObject((seed % 4) as u8),
            Corruption::WrongFieldTypes,
            Corruption::BrokenJson,
        ]
    }
}

/// The bytes of `update` (an object with an integer `update_id`) broken as `corruption`
/// says; queue them with [`crate::FakeServer::push_raw_update`].
pub fn corrupt(update: &serde_json::Value, corruption: Corruption) -> Vec<u8> {
    let id = update.get("update_id").and_then(serde_json::Value::as_i64).unwrap_or(0);
    let text = update.to_string();
    let with_id =
        |value: &str| text.replacen(&format!("\"update_id\":{id}"), &format!("\"update_id\":{value}"), 1);
    match corruption {
        Corruption::BadUtf8 { at, kind } => {
            let mut bytes = text.into_bytes();
            let inside = string_bytes(&bytes);
            if let Some(&position) = inside.get(at % inside.len().max(1)) {
                bytes[position] = [0xFF, 0x80, 0xC3][usize::from(kind % 3)];
            }
            bytes
        }
        Corruption::IdAsString => with_id(&format!("\"{id}\"")).into_bytes(),
        Corruption::IdAsWord => with_id("\"seventeen\"").into_bytes(),
        Corruption::IdAsFloat => with_id(&format!("{id}.0")).into_bytes(),
        Corruption::IdBeyondI64 => with_id("99999999999999999999999").into_bytes(),
        Corruption::IdDuplicated => {
            with_id(&format!("{id},\"update_id\":{}", id.wrapping_add(7))).into_bytes()
        }
        Corruption::IdMissing => {
            with_id("0").replacen("\"update_id\":0,", "", 1).replacen(",\"update_id\":0", "", 1).into_bytes()
        }
        Corruption::IdNull => with_id("null").into_bytes(),
        Corruption::NotAnObject(kind) => {
            ["42", "\"x\"", "null", "[]"][usize::from(kind % 4)].as_bytes().to_vec()
        }
        Corruption::WrongFieldTypes => {
            let mut object = update.as_object().cloned().unwrap_or_default();
            for (key, value) in object.iter_mut() {
                if key != "update_id" {
                    *value = serde_json::Value::String("not this".to_owned());
                }
            }
            if object.len() < 2 {
                object.insert("message".to_owned(), serde_json::Value::String("not this".to_owned()));
            }
            serde_json::Value::Object(object).to_string().into_bytes()
        }
        Corruption::BrokenJson => format!("{{\"update_id\":{id},\"message\": ,}}").into_bytes(),
    }
}

/// The positions of the bytes inside string literals of the JSON `bytes` (not the quotes,
/// not escapes), so that replacing one keeps the structure.
fn string_bytes(bytes: &[u8]) -> Vec<usize> {
    let mut inside = Vec::new();
    let mut in_string = false;
    let mut at = 0;
    while at < bytes.len() {
        match (in_string, bytes[at]) {
            (false, b'"') => in_string = true,
            (true, b'"') => in_string = false,
            (true, b'\\') => at += 1,
            (true, byte) if byte.is_ascii() => inside.push(at),
            _ => {}
        }
        at += 1;
    }
    inside
}

fn rate_limit(platform: Option<Platform>, request: &RecordedRequest, retry_after: u64) -> Reply {
    let Some(platform) = platform else { return rate_limited_429(retry_after, "") };
    let sends = platform.send_text.is_some_and(|method| request.path.ends_with(&format!("/{method}")));
    rate_limited(platform, sends, retry_after, "")
}

/// The platform's rate-limit answer (to a send, its code for sends), with `retry_after`
/// where it answers `429` (Telegram, CloudChat); `detail` ends the description.
pub(crate) fn rate_limited(platform: Platform, send: bool, retry_after: u64, detail: &str) -> Reply {
    let answer = if send { platform.rate_limited_sends } else { platform.rate_limited };
    if answer.status == 429 {
        return rate_limited_429(retry_after, detail);
    }
    Reply::error(answer.status, answer.code, &format!("{}{detail}", answer.description))
}

/// `429 Too Many Requests` with `retry_after`.
fn rate_limited_429(retry_after: u64, detail: &str) -> Reply {
    Reply::Json {
        status: 429,
        body: json!({
            "ok": false,
            "error_code": 429,
            "description": format!("Too Many Requests: retry after {retry_after}{detail}"),
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
