//! The error of every call: what the server said, or why it could not be asked.
//!
//! No error ever holds the bot token: URLs are dropped from transport errors, and body
//! excerpts have the token masked.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;

use crate::client::mask::Mask;
use crate::platform::ErrorCodeKind;

/// How many characters of an undecodable body an error keeps.
const EXCERPT_CHARS: usize = 200;

/// How many characters of a server's text (a description, a decoder's message quoting a
/// value) an error keeps: a hostile server cannot make errors large.
pub(crate) const TEXT_CHARS: usize = 4096;

/// Hints some platforms attach to an error (`parameters` in the envelope).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ResponseParameters {
    /// The group was migrated to a supergroup with this identifier.
    #[serde(default)]
    pub migrate_to_chat_id: Option<i64>,
    /// Seconds to wait before the request may be repeated (rate limit).
    #[serde(default)]
    pub retry_after: Option<u64>,
}

/// An error the platform answered with (`"ok": false`).
///
/// `#[non_exhaustive]`: a platform's error envelope may gain fields, and so may this.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError<C> {
    /// The method that failed.
    pub method: &'static str,
    /// The platform's typed error code.
    pub code: C,
    /// The HTTP status of the answer (a rate limit answered with status 429 but no
    /// `retry_after` or a known code is still a rate limit).
    pub status: u16,
    /// The platform's description, as sent.
    pub description: String,
    /// Hints such as `retry_after`.
    pub parameters: ResponseParameters,
    /// The platform's string error code (`"error": "ACCESS_TOKEN_INVALID"`), on platforms
    /// whose errors are strings (the spec's `error_shape`); `None` otherwise.
    pub error: Option<String>,
}

/// A platform's catalogue of known error descriptions, generated from
/// `spec/errors/<platform>.yaml` for its `ErrorCode`.
pub trait ErrorCatalogue: ErrorCodeKind {
    /// The platform's `ErrorKind`.
    type Kind: Copy + fmt::Debug + PartialEq + Send + Sync + 'static;
    /// The kind of an error with `code` and `description`.
    fn kind_of(code: i64, description: &str) -> Self::Kind;
    /// Whether `kind` is a rate limit.
    fn kind_is_rate_limit(kind: Self::Kind) -> bool;
    /// The kind of a string error code (`ACCESS_TOKEN_INVALID`), when the spec lists it
    /// in `error_strings`; `None` for platforms without string errors and unlisted strings.
    fn kind_of_string(error: &str) -> Option<Self::Kind> {
        let _ = error;
        None
    }
}

impl<C: ErrorCatalogue> ApiError<C> {
    /// What the error is, by the platform's catalogue of descriptions (`Unknown` for
    /// descriptions it does not know; [`ApiError::description`] keeps the text).
    pub fn kind(&self) -> C::Kind {
        match self.error.as_deref().and_then(C::kind_of_string) {
            Some(kind) => kind,
            None => C::kind_of(self.code.code(), &self.description),
        }
    }

    /// Whether the server refused the request for rate: by its code, its known
    /// description, or an HTTP status of 429.
    pub fn is_rate_limit(&self) -> bool {
        self.code.is_rate_limit() || self.status == 429 || C::kind_is_rate_limit(self.kind())
    }
}

/// The error of a call. `C` is the platform's `ErrorCode`.
///
/// ```
/// # {
/// use tgfamily::potato::{Bot, ChatType, ErrorCode};
///
/// async fn send(bot: &Bot) -> Result<(), tgfamily::potato::Error> {
///     match bot.send_text_message(ChatType::PeerUser, 20216742, "hi").await {
///         Ok(_) => Ok(()),
///         // The platform refused: its typed code, in its own words when shown.
///         Err(error) if error.api().is_some_and(|api| api.code == ErrorCode::NoPermission) => {
///             eprintln!("{error}"); // sendTextMessage failed: 1006 (no permission): …
///             Ok(())
///         }
///         // Still rate-limited after the client's retries: wait as told.
///         Err(error) if error.retry_after().is_some() => Err(error),
///         Err(error) => Err(error),
///     }
/// }
/// # let _ = send;
/// # }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<C> {
    /// The platform refused the request.
    Api(ApiError<C>),
    /// The request could not be sent or the answer not read (connection refused, reset,
    /// TLS). The source never contains the request URL.
    Transport {
        /// The method.
        method: &'static str,
        /// Whether the failure happened before the request was sent (so it certainly did
        /// not take effect).
        before_sending: bool,
        /// The HTTP client's error, without the URL.
        source: reqwest::Error,
    },
    /// No answer within the time allowed. The request may or may not have taken effect.
    Timeout {
        /// The method.
        method: &'static str,
    },
    /// The answer was not the JSON the method returns.
    Decode {
        /// The method.
        method: &'static str,
        /// The HTTP status of the answer.
        status: u16,
        /// What did not fit.
        message: String,
        /// The start of the body, with the token masked.
        excerpt: String,
    },
    /// The answer was longer than the client's body limit
    /// ([`Client::with_body_limit`](crate::Client::with_body_limit)); the connection was
    /// dropped without reading the rest. The request may have been carried out.
    TooLarge {
        /// The method.
        method: &'static str,
        /// The limit, in bytes.
        limit: usize,
    },
    /// A file to upload could not be read.
    File {
        /// The method.
        method: &'static str,
        /// The multipart part the file was for.
        part: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The request could not be encoded (a parameter that does not serialise).
    Encode {
        /// The method.
        method: &'static str,
        /// What went wrong.
        message: String,
    },
    /// A parameter breaks a rule of the document (`1-64 bytes`): the request was not
    /// sent, and is never retried. Holds what was measured, never the value.
    Invalid {
        /// The method.
        method: &'static str,
        /// The parameter's path by wire names (`reply_markup.inline_keyboard[0].buttons[1].callback_data`).
        parameter: String,
        /// The rule, shown in the document's words.
        rule: crate::codec::rules::Rule,
        /// What was measured (a length, the number, a position).
        found: crate::codec::rules::Found,
    },
}

impl<C> Error<C> {
    /// The method the error belongs to.
    pub fn method(&self) -> &'static str {
        match self {
            Error::Api(api) => api.method,
            Error::Transport { method, .. }
            | Error::Timeout { method }
            | Error::Decode { method, .. }
            | Error::TooLarge { method, .. }
            | Error::File { method, .. }
            | Error::Encode { method, .. }
            | Error::Invalid { method, .. } => method,
        }
    }

    /// The server's `retry_after`, when it sent one.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api(api) => api.parameters.retry_after.map(Duration::from_secs),
            _ => None,
        }
    }

    /// The platform's error, when the platform answered with one.
    pub fn api(&self) -> Option<&ApiError<C>> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }
}

impl<C: ErrorCatalogue> Error<C> {
    /// What the platform's error is (see [`ApiError::kind`]); `None` when the platform
    /// did not answer with an error.
    pub fn kind(&self) -> Option<C::Kind> {
        self.api().map(ApiError::kind)
    }
}

/// An API error shows the code in the platform's words (`1007 (frequency of apis sent
/// exceeded limit)`) and the server's description; a string error code
/// (`ACCESS_TOKEN_INVALID`) is shown with the HTTP status instead of the integer code.
impl<C: fmt::Debug + fmt::Display> fmt::Display for Error<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(ApiError { method, error: Some(error), status, description, .. }) => {
                write!(f, "{method} failed: {error} (HTTP {status})")?;
                if !description.is_empty() {
                    write!(f, ": {description}")?;
                }
                Ok(())
            }
            Error::Api(api) => write!(f, "{} failed: {}: {}", api.method, api.code, api.description),
            Error::Transport { method, source, .. } => write!(f, "{method}: transport error: {source}"),
            Error::Timeout { method } => write!(f, "{method}: no answer in time"),
            Error::Decode { method, status, message, excerpt } => {
                write!(
                    f,
                    "{method}: cannot decode the answer (HTTP {status}): {message}; body starts: {excerpt}"
                )
            }
            Error::TooLarge { method, limit } => write!(
                f,
                "{method}: the answer is longer than the body limit of {limit} bytes (the connection was dropped)"
            ),
            Error::File { method, part, source } => {
                write!(f, "{method}: cannot read the file for `{part}`: {source}")
            }
            Error::Encode { method, message } => write!(f, "{method}: cannot encode the request: {message}"),
            Error::Invalid { method, parameter, rule, found } => write!(
                f,
                "{method}: `{parameter}` breaks the rule \"{rule}\" (found {found}); nothing was sent"
            ),
        }
    }
}

impl<C: fmt::Debug + fmt::Display> std::error::Error for Error<C> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source),
            Error::File { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The start of `body` as text, at most [`EXCERPT_CHARS`] characters, with `mask` applied
/// before the cut (so a secret straddling it is masked too).
pub(crate) fn excerpt(body: &[u8], mask: &Mask) -> String {
    // Enough for a secret written with every character escaped across the cut.
    let head = &body[..body.len().min(EXCERPT_CHARS * 4 + 1024)];
    let masked = mask.apply(&String::from_utf8_lossy(head));
    let mut out: String = masked.chars().take(EXCERPT_CHARS).collect();
    if body.len() > head.len() || masked.chars().count() > EXCERPT_CHARS {
        out.push('…');
    }
    out
}

/// A server's `text` with `mask` applied, at most [`TEXT_CHARS`] characters.
pub(crate) fn server_text(text: &str, mask: &Mask) -> String {
    let cut = text.char_indices().nth(TEXT_CHARS + 1024).map_or(text.len(), |(at, _)| at);
    let masked = mask.apply(&text[..cut]);
    if cut == text.len() && masked.chars().count() <= TEXT_CHARS {
        return masked;
    }
    let mut out: String = masked.chars().take(TEXT_CHARS).collect();
    out.push('…');
    out
}
