//! Receiving updates: what a platform must say about its `getUpdates` and webhooks, and
//! what each received update becomes. Long polling is in [`crate::updates::polling`], the webhook
//! receiver in `crate::receive::webhook` (feature `webhook`).

mod batch;
mod incoming;
pub mod polling;
mod recent;
mod scan;
mod update_id;

use std::time::Duration;

use serde::de::DeserializeOwned;

use crate::platform::{Platform, Request};

pub use batch::Updates;
#[cfg(feature = "webhook")]
pub(crate) use incoming::decode_update;
pub use incoming::{Incoming, RawUpdate, Undecodable};
pub(crate) use recent::{Recent, RecentIds};

/// A platform that delivers updates by `getUpdates` and by webhook.
///
/// Generated for each platform whose spec has a `getUpdates` returning an array of
/// objects with an `update_id` (`codegen/src/emit/updates.rs`): its optional `offset`,
/// `limit`, `timeout` and `allowed_updates` parameters are used where the spec has them.
pub trait ReceiveUpdates: Platform + Sized {
    /// The platform's `Update`.
    type Update: DeserializeOwned + Send + 'static;
    /// What `allowed_updates` lists; [`std::convert::Infallible`] where `getUpdates` takes
    /// no such list (only an empty list can then be given, and it is not sent).
    type UpdateKind: Clone + Send + Sync + 'static;
    /// The platform's `getUpdates` method.
    type GetUpdates: Request<Self> + 'static;
    /// Whether `getUpdates` takes an `offset` that confirms every update below it. Without
    /// one the client cannot tell the server what it received; the server decides alone
    /// what it sends again.
    const CONFIRMS_BY_OFFSET: bool;
    /// Whether `getUpdates` takes a long-poll `timeout`, so the server holds the request
    /// until an update arrives. Without one the client waits between empty answers.
    const LONG_POLL: bool;
    /// The request header carrying the webhook's secret token, where the platform sends
    /// one (Telegram's `X-Telegram-Bot-Api-Secret-Token`).
    const WEBHOOK_SECRET_HEADER: Option<&'static str>;

    /// The `getUpdates` request for `query`, leaving out what the method does not take.
    fn get_updates(query: &UpdatesQuery<'_, Self::UpdateKind>) -> Self::GetUpdates;

    /// The `update_id` of `update`.
    fn update_id(update: &Self::Update) -> i64;
}

/// What one `getUpdates` call asks for.
#[derive(Debug, Clone, Copy)]
pub struct UpdatesQuery<'a, K> {
    /// The first update wanted; every update below it is confirmed.
    pub offset: Option<i64>,
    /// The most updates in one answer.
    pub limit: Option<u32>,
    /// How long the server may hold the request waiting for an update (whole seconds).
    pub timeout: Option<Duration>,
    /// The kinds of update wanted; `None` keeps the server's previous setting.
    pub allowed_updates: Option<&'a [K]>,
}
