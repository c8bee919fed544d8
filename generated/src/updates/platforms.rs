//! [`ReceiveUpdates`] for each platform, from what its spec says about `getUpdates`.
//!
//! Written by hand: the generator does not yet say which method is `getUpdates` nor what
//! its parameters mean. It could emit these impls from the spec (the method named
//! `getUpdates`, whether it has `offset`, `timeout`, `limit` and `allowed_updates`
//! parameters, and a `webhook_secret_header` platform field).

#[allow(unused_imports)] // unused when no platform feature is enabled
use super::{ReceiveUpdates, UpdatesQuery};

/// Potato's `getUpdates` takes no parameters: no offset, no long poll.
#[cfg(feature = "potato")]
impl ReceiveUpdates for crate::potato::Potato {
    type Update = crate::potato::Update;
    type UpdateKind = std::convert::Infallible;
    type GetUpdates = crate::potato::GetUpdates;
    const CONFIRMS_BY_OFFSET: bool = false;
    const LONG_POLL: bool = false;
    const WEBHOOK_SECRET_HEADER: Option<&'static str> = None;

    fn get_updates(_: &UpdatesQuery<'_, Self::UpdateKind>) -> Self::GetUpdates {
        crate::potato::GetUpdates::new()
    }

    fn update_id(update: &Self::Update) -> i64 {
        update.update_id
    }
}

/// CloudChat's `getUpdates` documents no parameters: whether its server honours
/// Telegram's is unknown, so none are sent.
#[cfg(feature = "cloudchat")]
impl ReceiveUpdates for crate::cloudchat::Cloudchat {
    type Update = crate::cloudchat::Update;
    type UpdateKind = std::convert::Infallible;
    type GetUpdates = crate::cloudchat::GetUpdates;
    const CONFIRMS_BY_OFFSET: bool = false;
    const LONG_POLL: bool = false;
    const WEBHOOK_SECRET_HEADER: Option<&'static str> = None;

    fn get_updates(_: &UpdatesQuery<'_, Self::UpdateKind>) -> Self::GetUpdates {
        crate::cloudchat::GetUpdates::new()
    }

    fn update_id(update: &Self::Update) -> i64 {
        update.update_id
    }
}

/// Telegram's `getUpdates` takes `offset`, `limit`, `timeout` and `allowed_updates`.
#[cfg(feature = "telegram")]
impl ReceiveUpdates for crate::telegram::Telegram {
    type Update = crate::telegram::Update;
    type UpdateKind = crate::telegram::UpdateType;
    type GetUpdates = crate::telegram::GetUpdates;
    const CONFIRMS_BY_OFFSET: bool = true;
    const LONG_POLL: bool = true;
    const WEBHOOK_SECRET_HEADER: Option<&'static str> = Some("x-telegram-bot-api-secret-token");

    fn get_updates(query: &UpdatesQuery<'_, Self::UpdateKind>) -> Self::GetUpdates {
        let mut request = crate::telegram::GetUpdates::new();
        request.offset = query.offset;
        request.limit = query.limit.map(i64::from);
        request.timeout = query.timeout.map(|timeout| i64::try_from(timeout.as_secs()).unwrap_or(i64::MAX));
        request.allowed_updates = query.allowed_updates.map(<[_]>::to_vec);
        request
    }

    fn update_id(update: &Self::Update) -> i64 {
        update.update_id
    }
}
