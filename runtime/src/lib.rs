//! The hand-written runtime of `tgfamily`: what every Telegram-family platform's generated
//! bindings call, written once and naming no platform.
//!
//! Users depend on `tgfamily`, which re-exports everything here at its root; this crate
//! is its implementation, pinned by `tgfamily` to one exact version. What differs between
//! platforms reaches it through the [`Platform`] and [`Request`] traits the generated code
//! implements, and through the tables (callback [`Scheme`](callback::Scheme)s, error
//! catalogues, throttle targets) the generated code hands it.
//!
//! The rooms: `client` (transport, retry, throttle, errors, input files, downloads),
//! `codec` (what generated decoders call, rule checks, query-string forms), `updates`
//! (polling, batches), `receive` (webhook and callback receivers), `verify` (signed and
//! encrypted data), `format` (text with entities). `docs/architecture.md` is the map.

#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
mod codec;
mod events;
pub mod format;
mod platform;
pub mod profile;
#[cfg(feature = "webhook")]
mod receive;
mod updates;
mod verify;

pub use client::error::{ApiError, Error, ErrorCatalogue, ResponseParameters};
pub use client::input_file::InputFile;
pub use client::retry::{RetryPolicy, MAX_RETRY_AFTER};
pub use client::{files, throttle};
pub use client::{Client, HttpClient, Mask};
pub use codec::json::{Json, UnknownFields};
pub use codec::{form, rules, MAX_DEPTH};
pub use platform::{
    Auth, Done, Downloads, ErrorCodeKind, Platform, Request, TestEnvironment, UnknownField, Verb,
};
pub use profile::Profile;
#[cfg(feature = "webhook")]
pub use receive::webhook;
/// The HTTP client crate in [`Client::with_http_client`], [`Client::with_proxy`] and
/// [`Error::Transport`], re-exported so its version is always the one `tgfamily` uses.
pub use reqwest;
pub use updates::polling;
pub use updates::{Incoming, RawUpdate, ReceiveUpdates, Undecodable, Updates, UpdatesQuery};
#[cfg(feature = "passport")]
pub use verify::passport;
pub use verify::query_callback;
#[cfg(feature = "signed-data")]
pub use verify::{callback, signed};

/// The transport's building blocks that generated code and hand-written requests name:
/// how an answer is decoded ([`FromAnswer`](client::FromAnswer)) and the default limits.
pub mod transport {
    pub use crate::client::*;
}

/// What generated code needs from this crate. Not a stable API.
#[doc(hidden)]
pub mod __private {
    pub use crate::codec::*;
}
