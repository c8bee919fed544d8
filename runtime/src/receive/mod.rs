//! Receiving what a platform sends the bot over HTTP: updates by webhook, and the
//! callbacks a spec declares (signed POSTs, GET queries), each as a built-in server and,
//! with feature `axum`, as a router to mount.

pub(crate) mod query;
#[cfg(feature = "axum")]
mod query_axum;
pub mod webhook;
#[cfg(feature = "axum")]
pub(crate) mod webhook_axum;
