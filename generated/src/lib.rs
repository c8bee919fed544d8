//! Typed clients for Telegram-family Bot APIs, generated from the YAML specs in `spec/`.
//!
//! Enable one cargo feature per platform (`potato`, `cloudchat`, `telegram`); each adds a
//! module with the platform's types, enums, error codes, method structs and a `Bot`:
//!
//! ```no_run
//! # #[cfg(feature = "potato")]
//! # async fn demo() -> Result<(), tgfamily::potato::Error> {
//! use tgfamily::potato::{Bot, ChatType};
//!
//! let bot = Bot::new("123456:token");
//! let sent = bot.send_text_message(ChatType::PeerUser, 20216742, "hi").markdown(true).await?;
//! println!("sent message {}", sent.message_id);
//! # Ok(())
//! # }
//! ```
//!
//! The hand-written core is small: [`Client`] (the transport, with its [`RetryPolicy`]),
//! [`Error`], [`InputFile`], and the [`Request`] and [`Platform`] traits the generated
//! code implements. Updates arrive by [`polling`] (a `Stream`) or by `webhook` (feature
//! `webhook`), each as an [`Incoming`] update.

#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate self as tgfamily;

#[path = "runtime/check.rs"]
pub mod check;
#[path = "runtime/codec/mod.rs"]
mod codec;
#[path = "runtime/error.rs"]
mod error;
#[path = "runtime/events.rs"]
mod events;
#[path = "runtime/files.rs"]
pub mod files;
#[path = "runtime/form.rs"]
pub mod form;
#[path = "runtime/format.rs"]
pub mod format;
#[path = "runtime/input_file.rs"]
mod input_file;
#[path = "runtime/json.rs"]
mod json;
#[path = "runtime/mask.rs"]
mod mask;
mod platforms;
#[path = "runtime/polling.rs"]
pub mod polling;
#[path = "runtime/query_callback.rs"]
pub mod query_callback;
#[cfg(feature = "axum")]
#[path = "runtime/query_receiver_axum.rs"]
mod query_receiver_axum;
#[path = "runtime/request.rs"]
mod request;
#[path = "runtime/retry.rs"]
mod retry;
#[path = "runtime/throttle.rs"]
pub mod throttle;
#[path = "runtime/transport/mod.rs"]
pub mod transport;
#[path = "runtime/updates/mod.rs"]
mod updates;
#[cfg(feature = "webhook")]
#[path = "runtime/webhook.rs"]
pub mod webhook;
#[cfg(feature = "axum")]
#[path = "runtime/webhook_axum.rs"]
mod webhook_axum;

pub use codec::MAX_DEPTH;
pub use error::{ApiError, Error, ErrorCatalogue, ResponseParameters};
pub use input_file::InputFile;
pub use json::{Json, UnknownFields};
#[allow(unused_imports)] // empty when no platform feature is enabled
pub use platforms::*;
pub use request::{Auth, Done, ErrorCodeKind, Platform, Request, UnknownField, Verb};
/// The HTTP client crate in [`Client::with_http_client`], [`Client::with_proxy`] and
/// [`Error::Transport`], re-exported so its version is always the one `tgfamily` uses.
pub use reqwest;
pub use retry::RetryPolicy;
pub use transport::{Client, HttpClient, Mask};
pub use updates::{Incoming, RawUpdate, ReceiveUpdates, Undecodable, Updates, UpdatesQuery};

#[cfg(feature = "signed-data")]
#[path = "runtime/callback.rs"]
pub mod callback;
#[cfg(feature = "cloudchat-passport")]
#[path = "runtime/passport/mod.rs"]
pub mod passport;
#[cfg(feature = "signed-data")]
#[path = "runtime/signed.rs"]
pub mod signed;

/// What generated code needs from this crate. Not a stable API.
#[doc(hidden)]
pub mod __private {
    pub use crate::codec::*;
}

/// The README's quickstart, compiled as a doctest so it cannot rot.
#[cfg(all(doctest, feature = "potato"))]
#[doc = include_str!("../README.md")]
pub struct ReadmeQuickstart;
