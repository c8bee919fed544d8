//! Receiving what a platform sends the bot over HTTP: updates by webhook, and the
//! callbacks a spec declares (signed POSTs, GET queries), each as a built-in server and,
//! with feature `axum`, as a router to mount. The built-in receivers share one server
//! (`server`: the accept loop, connection cap, deadlines, body limit, shutdown) and bring
//! only their own handling of a connection.

pub(crate) mod query;
#[cfg(feature = "axum")]
mod query_axum;
pub(crate) mod server;
#[cfg(feature = "signed-data")]
pub(crate) mod signed_post;
pub mod webhook;
#[cfg(feature = "axum")]
pub(crate) mod webhook_axum;
