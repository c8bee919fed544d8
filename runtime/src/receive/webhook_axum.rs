//! The webhook receiver inside the user's own axum server (feature `axum`): the same
//! checks, limits and answers as the built-in one, as an `axum::Router` to merge.

use std::io;
use std::sync::Arc;

use crate::receive::webhook::{answer, Checks, Parts, Queue, ReplyingUpdates, Webhook, WebhookUpdates};
use crate::updates::ReceiveUpdates;

impl<P: ReceiveUpdates> Webhook<P> {
    /// This receiver as an axum router (mount it with `Router::merge`), and the updates it
    /// takes. Posts are answered as soon as their update is queued, as [`Webhook::bind`]'s.
    ///
    /// ```no_run
    /// # async fn demo() -> std::io::Result<()> {
    /// use futures_util::StreamExt;
    /// use tgfamily::webhook::Webhook;
    ///
    /// let (hook, mut updates) = Webhook::<tgfamily::telegram::Telegram>::new("/hook/5bf6c1d2e3")
    ///     .secret_token("a-secret-of-my-own")
    ///     .into_router()?;
    /// let app = axum::Router::new().route("/health", axum::routing::get(|| async { "ok" })).merge(hook);
    /// tokio::spawn(async move {
    ///     while let Some(incoming) = updates.next().await {
    ///         println!("{incoming:?}");
    ///     }
    /// });
    /// let listener = tokio::net::TcpListener::bind("127.0.0.1:8443").await?;
    /// axum::serve(listener, app).await
    /// # }
    /// ```
    ///
    /// **Routing.** The router takes every path that differs from the secret path in its last
    /// segment only (`/hook/{secret}` for `/hook/5bf6c1d2e3`), and compares the whole path in
    /// constant time itself: axum's own matching, which stops at the first differing byte,
    /// never sees the secret segment. So the application must not have a route of that shape
    /// (axum refuses to merge two), and the secret is the path's last segment.
    ///
    /// # Errors
    /// When a secret token is set for a platform that sends no secret header.
    pub fn into_router<S: Clone + Send + Sync + 'static>(
        self,
    ) -> io::Result<(::axum::Router<S>, WebhookUpdates<P>)> {
        let Parts { checks, queue, receiver } = self.into_parts(false)?;
        Ok((router::<P, S>(checks, queue), WebhookUpdates::new(receiver)))
    }

    /// This receiver as an axum router whose posts are answered with the bot's reply, as
    /// [`Webhook::bind_with_replies`]'s.
    ///
    /// # Errors
    /// When a secret token is set for a platform that sends no secret header.
    pub fn into_router_with_replies<S: Clone + Send + Sync + 'static>(
        self,
    ) -> io::Result<(::axum::Router<S>, ReplyingUpdates<P>)> {
        let Parts { checks, queue, receiver } = self.into_parts(true)?;
        Ok((router::<P, S>(checks, queue), ReplyingUpdates::new(receiver)))
    }
}

fn router<P: ReceiveUpdates, S: Clone + Send + Sync + 'static>(
    checks: Checks,
    queue: Queue<P::Update>,
) -> ::axum::Router<S> {
    let route = route_of(&checks.path);
    let shared = Arc::new((checks, queue));
    let handler = move |request: ::axum::extract::Request| {
        let shared = shared.clone();
        async move { answer::<P, _>(request, &shared.0, &shared.1).await }
    };
    ::axum::Router::new().route(&route, ::axum::routing::any(handler))
}

/// `text` in an axum route, its braces escaped (they mark parameters).
pub(crate) fn escape(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

/// The axum route for `path`: its last segment a parameter (the handler compares it), the
/// rest as it is with axum's braces escaped.
fn route_of(path: &str) -> String {
    match path.rsplit_once('/') {
        Some((prefix, last)) if !last.is_empty() => format!("{}/{{secret}}", escape(prefix)),
        _ => escape(path),
    }
}

#[cfg(test)]
mod tests {
    use super::route_of;

    #[test]
    fn only_the_last_segment_is_left_to_the_handler() {
        assert_eq!(route_of("/hook/5bf6"), "/hook/{secret}");
        assert_eq!(route_of("/5bf6"), "/{secret}");
        assert_eq!(route_of("/a{b}/5bf6"), "/a{{b}}/{secret}");
        assert_eq!(route_of("/hook/"), "/hook/");
    }
}
