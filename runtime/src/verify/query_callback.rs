//! Callbacks that arrive as a GET of the bot's callback URL, the payload in a query
//! parameter (`transport: get-query` in `docs/spec-format.md`, "callbacks"), such as
//! CloudChat's passport sign-in: `callback_url?tg_passport=success&hash=…`.
//!
//! A [`QueryScheme`] is generated for each such callback of a spec
//! (`tgfamily::cloudchat::PASSPORT_CALLBACK`). It finds the payload parameter in the
//! request's URL or query string, checks the status parameter when the spec has one, and
//! decodes the payload's text (after decryption, for an encrypted one) as the spec's
//! encoding says: a query string through [`crate::codec::form`], or JSON. Decryption is the job of
//! the module that holds the key (`tgfamily::passport` for RSA PKCS#1 v1.5).
//!
//! A [`QueryDecoder`] puts the two together for one callback: [`Plain`] for an
//! unencrypted scheme, `tgfamily::passport::PassportDecoder` for the passport. With
//! feature `webhook`, `QueryReceiver` serves the callback URL over HTTP with any decoder:
//! it answers the browser with the bot's success or failure page (or redirect), refuses
//! replays, too old payloads, over-long requests and slow clients, logs why (feature
//! `tracing`) and hands the payloads over on a stream; with feature `axum`,
//! `QueryReceiver::into_router` does the same inside the bot's own axum server.
//!
//! ```
//! use tgfamily::query_callback::{Encoding, QueryScheme, Rejected, Status};
//!
//! const SIGN_IN: QueryScheme = QueryScheme {
//!     name: "SignIn",
//!     payload_parameter: "data",
//!     status: Some(Status { parameter: "result", success: "ok" }),
//!     encoding: Encoding::QueryString,
//!     encryption: None,
//! };
//! let data = SIGN_IN.payload_text("https://bot.example/cb?result=ok&data=a%3D1")?;
//! assert_eq!(data, "a=1");
//! let refused = SIGN_IN.payload_text("/cb?result=cancel&data=a%3D1");
//! assert_eq!(refused, Err(Rejected::NotSuccessful { status: "cancel".into() }));
//! # Ok::<(), Rejected>(())
//! ```

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::time::{Duration, SystemTime};

use serde::de::DeserializeOwned;

use crate::codec::form::{self, FormError};

/// The default largest callback URL or query string taken: 16 KiB (a 2048-bit RSA
/// ciphertext block is 344 Base64 characters; a record takes a few).
pub const DEFAULT_MAX_QUERY_BYTES: usize = 16 * 1024;

/// How a `get-query` callback arrives: the spec's `query`, `encoding` and `encryption`, as
/// the generator writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryScheme {
    /// The callback's name in the spec (`PassportCallback`), for the log.
    pub name: &'static str,
    /// The query parameter holding the payload (`hash`).
    pub payload_parameter: &'static str,
    /// The parameter telling whether the flow succeeded, when there is one.
    pub status: Option<Status>,
    /// How the payload's text is written.
    pub encoding: Encoding,
    /// How the payload parameter is encrypted, when it is.
    pub encryption: Option<Encryption>,
}

/// A status parameter and its value on success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    /// The parameter's name (`tg_passport`).
    pub parameter: &'static str,
    /// Its value when the flow succeeded (`success`).
    pub success: &'static str,
}

/// How a payload's text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Encoding {
    /// A JSON object.
    Json,
    /// A query string, read by [`crate::codec::form`].
    QueryString,
}

/// How a payload parameter is encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Encryption {
    /// RSA with PKCS#1 v1.5 padding for the bot's key pair (the bot registered the public
    /// half), one key-sized block per part of the plaintext, the blocks' Base64 in the
    /// parameter (standard or URL-safe alphabet, padding optional).
    RsaPkcs1V15Base64,
}

/// Why a callback was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejected {
    /// The URL's query string is not readable, or it has the payload or status parameter
    /// twice.
    Query(FormError),
    /// The status parameter is there and is not the success value.
    NotSuccessful {
        /// The value received, percent-decoded (cut to 64 bytes).
        status: String,
    },
    /// No payload parameter, or it is empty.
    MissingPayload {
        /// The parameter's name.
        parameter: &'static str,
    },
    /// The payload, a query string, is not the payload type.
    Payload(FormError),
    /// The payload, JSON, is not the payload type.
    PayloadJson(String),
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejected::Query(error) => write!(f, "the callback's query string: {error}"),
            Rejected::NotSuccessful { status } => write!(f, "the callback reports {status:?}, not success"),
            Rejected::MissingPayload { parameter } => {
                write!(f, "the callback has no `{parameter}` parameter, or it is empty")
            }
            Rejected::Payload(error) => write!(f, "the payload: {error}"),
            Rejected::PayloadJson(message) => write!(f, "the payload is not the expected JSON: {message}"),
        }
    }
}

impl std::error::Error for Rejected {}

impl QueryScheme {
    /// The payload parameter's value, percent-decoded, from `callback`: a whole URL
    /// (`https://…/cb?a=1&hash=…`, a `#fragment` is dropped), a path and query, or just the
    /// query string; at most [`DEFAULT_MAX_QUERY_BYTES`].
    ///
    /// # Errors
    /// [`Rejected::Query`] for an unreadable query or a parameter of the scheme given
    /// twice, [`Rejected::NotSuccessful`] for a status parameter that is not the success
    /// value, [`Rejected::MissingPayload`] when the payload is absent or empty.
    pub fn payload_text<'c>(&self, callback: &'c str) -> Result<Cow<'c, str>, Rejected> {
        let without_fragment = callback.split('#').next().unwrap_or_default();
        let query = without_fragment.split_once('?').map_or(without_fragment, |(_, query)| query);
        let pairs = form::pairs(query, DEFAULT_MAX_QUERY_BYTES).map_err(Rejected::Query)?;
        let only = |name: &'static str| -> Result<Option<&'c str>, Rejected> {
            let mut values = pairs.iter().filter(|(n, _)| n == name).map(|(_, value)| *value);
            let first = values.next();
            match values.next() {
                Some(_) => Err(Rejected::Query(FormError::DuplicateField(name.to_owned()))),
                None => Ok(first),
            }
        };
        if let Some(status) = &self.status {
            if let Some(value) = only(status.parameter)? {
                let value = form::decode(value).map_err(Rejected::Query)?;
                if value != status.success {
                    return Err(Rejected::NotSuccessful { status: form::cut(&value) });
                }
            }
        }
        let missing = Rejected::MissingPayload { parameter: self.payload_parameter };
        let value = only(self.payload_parameter)?.ok_or(missing.clone())?;
        let value = form::decode(value).map_err(Rejected::Query)?;
        if value.is_empty() {
            return Err(missing);
        }
        Ok(value)
    }

    /// Decodes the payload's text (decrypted, for an encrypted scheme) as `T`, in the
    /// scheme's encoding.
    ///
    /// # Errors
    /// [`Rejected::Payload`] or [`Rejected::PayloadJson`]: the text is not a `T`.
    pub fn decode_payload<T: DeserializeOwned>(&self, text: &str) -> Result<T, Rejected> {
        match self.encoding {
            Encoding::QueryString => form::from_str(text).map_err(Rejected::Payload),
            // Where and what kind, without serde_json's message, which quotes values.
            Encoding::Json => serde_json::from_str(text).map_err(|e| {
                Rejected::PayloadJson(format!(
                    "{:?} error at line {} column {}",
                    e.classify(),
                    e.line(),
                    e.column()
                ))
            }),
        }
    }
}

/// Turns the payload parameter of one `get-query` callback into its payload: decrypts it
/// when the scheme is encrypted, then decodes it. The receivers
/// (`QueryReceiver`, feature `webhook`) take one, so a callback of any spec works with
/// them: [`Plain`] for an unencrypted scheme, `tgfamily::passport::PassportDecoder` for
/// CloudChat's RSA-encrypted passport callback, or one of the bot's own.
///
/// ```
/// use tgfamily::query_callback::{Encoding, Plain, QueryDecoder, QueryScheme};
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Order {
///     id: i64,
/// }
///
/// const PAID: QueryScheme = QueryScheme {
///     name: "Paid",
///     payload_parameter: "order",
///     status: None,
///     encoding: Encoding::Json,
///     encryption: None,
/// };
/// let decoder = Plain::<Order>::new(&PAID).expect("not encrypted");
/// let order = decoder.decode(r#"{"id":42}"#).expect("an order");
/// assert_eq!(order.id, 42);
/// ```
pub trait QueryDecoder: Send + Sync + 'static {
    /// What a callback carries.
    type Payload: Send + 'static;
    /// Why a payload parameter did not decode. Its `Display` goes to the log, so it must
    /// not quote the parameter or the decoded values.
    type Error: std::error::Error + Send + 'static;

    /// The callback's scheme: which parameters hold the status and the payload.
    fn scheme(&self) -> &'static QueryScheme;

    /// The payload from the payload parameter's value, percent-decoded
    /// ([`QueryScheme::payload_text`]).
    ///
    /// # Errors
    /// When the value cannot be decrypted or is not a payload.
    fn decode(&self, value: &str) -> Result<Self::Payload, Self::Error>;

    /// The bytes that tell one delivery from another, to refuse the same one twice: by
    /// default the value itself; a decoder whose value can be written several ways (Base64
    /// of either alphabet) gives the bytes it stands for.
    fn replay_key(&self, value: &str) -> Vec<u8> {
        value.as_bytes().to_vec()
    }

    /// Whether `payload` says it was made more than `max_age` before `now`. By default
    /// `false`: a payload without a time is never too old.
    fn is_older_than(&self, payload: &Self::Payload, max_age: Duration, now: SystemTime) -> bool {
        let _ = (payload, max_age, now);
        false
    }
}

/// A payload that says when it was made (a callback's `issued_at` field in the spec, such
/// as the passport record's `authtime`); the generated record types implement it.
pub trait Issued {
    /// When the payload was made, in Unix seconds, as sent.
    fn issued_at(&self) -> i64;
}

/// How far in the future a payload's time may be (clocks differ a little): one minute.
/// A payload is acceptable from [`CLOCK_SKEW`] before its time until `max_age` after it.
pub const CLOCK_SKEW: Duration = Duration::from_secs(60);

/// `true` if a payload made at `issued_at` (Unix seconds) is more than `max_age` older
/// than `now`. A time before 1970 (negative) counts as older; one up to a minute in the
/// future (clock skew) as not older; one further in the future, or too far to be a
/// `SystemTime`, as older too: its age cannot be judged, and a payload dated years
/// ahead would otherwise never grow old.
pub fn is_older_than(issued_at: i64, max_age: Duration, now: SystemTime) -> bool {
    let Ok(seconds) = u64::try_from(issued_at) else { return true };
    let Some(issued) = std::time::UNIX_EPOCH.checked_add(Duration::from_secs(seconds)) else { return true };
    match now.duration_since(issued) {
        Ok(age) => age > max_age,
        Err(ahead) => ahead.duration() > CLOCK_SKEW,
    }
}

/// The [`QueryDecoder`] of an unencrypted scheme: the payload's text decoded as the
/// scheme's encoding says ([`QueryScheme::decode_payload`]).
pub struct Plain<T> {
    scheme: &'static QueryScheme,
    payload: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for Plain<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Plain").field("scheme", &self.scheme.name).finish()
    }
}

impl<T> Plain<T> {
    /// The decoder of `scheme`'s payloads as `T`; `None` when the scheme is encrypted (its
    /// decoder is the one of the module holding the key).
    ///
    /// ```
    /// # {
    /// use tgfamily::query_callback::Plain;
    ///
    /// // The passport callback is RSA-encrypted: it needs `tgfamily::passport`'s decoder.
    /// assert!(Plain::<tgfamily::cloudchat::PassportUser>::new(&tgfamily::cloudchat::PASSPORT_CALLBACK).is_none());
    /// # }
    /// ```
    pub fn new(scheme: &'static QueryScheme) -> Option<Plain<T>> {
        scheme.encryption.is_none().then_some(Plain { scheme, payload: PhantomData })
    }
}

impl<T: DeserializeOwned + Send + 'static> QueryDecoder for Plain<T> {
    type Payload = T;
    type Error = Rejected;

    fn scheme(&self) -> &'static QueryScheme {
        self.scheme
    }

    fn decode(&self, value: &str) -> Result<T, Rejected> {
        self.scheme.decode_payload(value)
    }
}

#[cfg(feature = "webhook")]
pub use crate::receive::query::{QueryCallbacks, QueryReceiver, QueryServer, Reply};
#[cfg(feature = "webhook")]
pub use crate::receive::query::{
    DEFAULT_MAX_AGE, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_HEADERS, DEFAULT_MAX_HEADER_BYTES,
    DEFAULT_REPLAY_CAPACITY, DEFAULT_REPLAY_WINDOW, DEFAULT_REQUEST_TIMEOUT,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_is_measured_against_the_given_clock() {
        let at = |secs| std::time::UNIX_EPOCH + Duration::from_secs(secs);
        let minute = Duration::from_secs(60);
        assert!(!is_older_than(1000, minute, at(1060)));
        assert!(is_older_than(1000, minute, at(1061)));
        assert!(!is_older_than(1000, minute, at(940)), "a minute ahead: clock skew, not old");
        assert!(is_older_than(1000, minute, at(939)), "further ahead: refused");
        assert!(is_older_than(i64::MAX, minute, at(1061)), "years ahead never passes for fresh");
        assert!(is_older_than(-1, minute, at(0)), "before 1970");
        assert!(is_older_than(i64::MIN, Duration::MAX, at(0)));
        assert!(!is_older_than(
            0,
            Duration::MAX,
            SystemTime::UNIX_EPOCH + Duration::from_secs(u64::MAX >> 2)
        ));
    }
}
