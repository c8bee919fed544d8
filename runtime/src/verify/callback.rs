//! Signed callbacks (feature `signed-data`): payloads a platform POSTs to the bot outside
//! the update stream, such as the Gateway API's delivery reports, checked against the
//! signature scheme the spec gives (`callbacks` in `docs/spec-format.md`).
//!
//! A [`Scheme`] is generated for each callback of a spec (`tgfamily::gateway::DELIVERY_REPORT`);
//! a [`Verifier`] holds the key made from the token and checks a request's headers and raw
//! body: the signature is compared in constant time, the timestamp must be within the
//! freshness window (default [`DEFAULT_FRESHNESS`], or the spec's), the body within
//! [`Verifier::max_body_bytes`] (default [`DEFAULT_MAX_PAYLOAD_BYTES`]). With feature
//! `webhook` too, [`CallbackReceiver`] is a small HTTP server doing this for every POST
//! and handing over the decoded payloads (it runs on the server the webhook receiver runs
//! on); it tells a refused sender only the status (401, 400, 413), and the reason goes to
//! the log (`tracing`).
//!
//! ```
//! # {
//! use std::time::SystemTime;
//! use tgfamily::callback::{Rejected, Verifier};
//!
//! let verifier = Verifier::new(&tgfamily::gateway::DELIVERY_REPORT, "gateway-token");
//! let headers = |name: &str| match name {
//!     "X-Request-Timestamp" => Some("1733584787"),
//!     "X-Request-Signature" => Some("00"),
//!     _ => None,
//! };
//! let now = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1733584790);
//! assert_eq!(verifier.verify(headers, b"{}", now), Err(Rejected::MalformedSignature));
//! # let _ = SystemTime::now();
//! # }
//! ```

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// The freshness window when neither the spec nor the caller gives one: 5 minutes.
pub const DEFAULT_FRESHNESS: Duration = Duration::from_secs(300);

/// The default largest signed payload (the request body) a [`Verifier`] takes: a payload
/// of a few kilobytes; 64 KiB leaves room.
pub const DEFAULT_MAX_PAYLOAD_BYTES: usize = 64 * 1024;

/// How far in the future a timestamp may be (clocks differ a little).
const CLOCK_SKEW: Duration = Duration::from_secs(60);

/// How a callback is signed: the spec's `signature`, as the generator writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// The callback's name in the spec (`DeliveryReport`), for the log.
    pub name: &'static str,
    /// The header carrying the hex signature.
    pub signature_header: &'static str,
    /// The header carrying the time of sending (Unix seconds), when there is one.
    pub timestamp_header: Option<&'static str>,
    /// The signed data, with `{timestamp}` and `{body}`.
    pub message: &'static str,
    /// How the MAC key is made from the token.
    pub key: KeyFrom,
    /// The spec's freshness window, in seconds, when it gives one.
    pub freshness_seconds: Option<u64>,
}

/// How a MAC key is made from the token (HMAC-SHA-256 is the only MAC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyFrom {
    /// The token's bytes.
    Token,
    /// SHA-256 of the token's bytes.
    Sha256OfToken,
}

/// Why a callback was refused: which check failed. Shown in the log, never to the sender.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejected {
    /// No signature header.
    MissingSignature,
    /// A signature that is not 64 hex digits.
    MalformedSignature,
    /// No timestamp header (the scheme signs one).
    MissingTimestamp,
    /// A timestamp that is not Unix seconds.
    MalformedTimestamp,
    /// Sent longer ago than the freshness window.
    Stale {
        /// How old it is.
        age: Duration,
    },
    /// Sent later than now (beyond a minute of clock difference).
    FromTheFuture,
    /// The signature does not match: not signed with this token, or changed.
    BadSignature,
    /// The body is longer than the limit.
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// Signed, but not the payload's JSON.
    BadPayload(String),
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejected::MissingSignature => f.write_str("no signature header"),
            Rejected::MalformedSignature => f.write_str("the signature is not 64 hex digits"),
            Rejected::MissingTimestamp => f.write_str("no timestamp header"),
            Rejected::MalformedTimestamp => f.write_str("the timestamp is not Unix seconds"),
            Rejected::Stale { age } => write!(f, "stale: sent {}s ago", age.as_secs()),
            Rejected::FromTheFuture => f.write_str("the timestamp is in the future"),
            Rejected::BadSignature => f.write_str("the signature does not match"),
            Rejected::TooLarge { limit } => write!(f, "the body is longer than {limit} bytes"),
            Rejected::BadPayload(message) => write!(f, "signed, but not the payload: {message}"),
        }
    }
}

impl std::error::Error for Rejected {}

/// Checks the callbacks of one [`Scheme`] for one token. `Debug` never shows the key.
#[derive(Clone)]
pub struct Verifier {
    pub(crate) scheme: &'static Scheme,
    key: Vec<u8>,
    freshness: Duration,
    max_body_bytes: usize,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("scheme", &self.scheme.name)
            .field("key", &"<secret>")
            .field("freshness", &self.freshness)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

impl Verifier {
    /// A verifier of `scheme`'s callbacks signed for `token`; the freshness window is the
    /// spec's, or [`DEFAULT_FRESHNESS`]; bodies up to [`DEFAULT_MAX_PAYLOAD_BYTES`].
    pub fn new(scheme: &'static Scheme, token: &str) -> Verifier {
        let key = match scheme.key {
            KeyFrom::Token => token.as_bytes().to_vec(),
            KeyFrom::Sha256OfToken => Sha256::digest(token.as_bytes()).to_vec(),
        };
        let freshness = scheme.freshness_seconds.map_or(DEFAULT_FRESHNESS, Duration::from_secs);
        Verifier { scheme, key, freshness, max_body_bytes: DEFAULT_MAX_PAYLOAD_BYTES }
    }

    /// The same verifier refusing timestamps older than `window`.
    pub fn freshness(mut self, window: Duration) -> Verifier {
        self.freshness = window;
        self
    }

    /// The same verifier refusing bodies longer than `bytes`.
    pub fn max_body_bytes(mut self, bytes: usize) -> Verifier {
        self.max_body_bytes = bytes;
        self
    }

    /// The body limit.
    pub fn body_limit(&self) -> usize {
        self.max_body_bytes
    }

    /// Checks a request: `header` looks a header up by name (case-insensitively, as HTTP
    /// headers are), `body` is the raw body, `now` the time to judge freshness by.
    ///
    /// # Errors
    /// The first check that failed, in this order: body size, headers' shape, freshness,
    /// signature.
    pub fn verify<'h>(
        &self,
        header: impl Fn(&str) -> Option<&'h str>,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), Rejected> {
        if body.len() > self.max_body_bytes {
            return Err(Rejected::TooLarge { limit: self.max_body_bytes });
        }
        let sent = header(self.scheme.signature_header).ok_or(Rejected::MissingSignature)?;
        let sent = from_hex(sent.trim()).ok_or(Rejected::MalformedSignature)?;
        let timestamp = match self.scheme.timestamp_header {
            Some(name) => {
                let text = header(name).ok_or(Rejected::MissingTimestamp)?.trim();
                let seconds: u64 = text.parse().map_err(|_| Rejected::MalformedTimestamp)?;
                self.check_fresh(seconds, now)?;
                text
            }
            None => "",
        };
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes a key of any length");
        let (before, after) = self.scheme.message.split_once("{body}").unwrap_or((self.scheme.message, ""));
        mac.update(before.replace("{timestamp}", timestamp).as_bytes());
        mac.update(body);
        mac.update(after.replace("{timestamp}", timestamp).as_bytes());
        // `verify_slice` compares in constant time.
        mac.verify_slice(&sent).map_err(|_| Rejected::BadSignature)
    }

    /// [`Verifier::verify`], then the body decoded as the payload `T`.
    ///
    /// # Errors
    /// As [`Verifier::verify`]; [`Rejected::BadPayload`] for a signed body that is not `T`.
    pub fn decode<'h, T: serde::de::DeserializeOwned>(
        &self,
        header: impl Fn(&str) -> Option<&'h str>,
        body: &[u8],
        now: SystemTime,
    ) -> Result<T, Rejected> {
        self.verify(header, body, now)?;
        serde_json::from_slice(body).map_err(|e| Rejected::BadPayload(e.to_string()))
    }

    fn check_fresh(&self, seconds: u64, now: SystemTime) -> Result<(), Rejected> {
        let sent =
            UNIX_EPOCH.checked_add(Duration::from_secs(seconds)).ok_or(Rejected::MalformedTimestamp)?;
        match now.duration_since(sent) {
            Ok(age) if age > self.freshness => Err(Rejected::Stale { age }),
            Ok(_) => Ok(()),
            Err(ahead) if ahead.duration() > CLOCK_SKEW => Err(Rejected::FromTheFuture),
            Err(_) => Ok(()),
        }
    }
}

/// 32 bytes from 64 hex digits (either case); `None` for anything else.
fn from_hex(text: &str) -> Option<[u8; 32]> {
    let bytes = text.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (index, pair) in bytes.chunks_exact(2).enumerate() {
        let digit = |b: u8| (b as char).to_digit(16);
        out[index] = u8::try_from(digit(pair[0])? * 16 + digit(pair[1])?).ok()?;
    }
    Some(out)
}

// The HTTP receiver of these callbacks (features `signed-data` and `webhook`) lives with
// the other receivers, on their one server.
#[cfg(feature = "webhook")]
pub use crate::receive::server::DEFAULT_MAX_CONNECTIONS;
#[cfg(feature = "webhook")]
pub use crate::receive::signed_post::{CallbackReceiver, CallbackServer, Callbacks};
