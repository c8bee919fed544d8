//! The `get-query` callback receiver inside the user's own axum server (feature `axum`):
//! the same checks and answers as the built-in one, as an `axum::Router` to merge.

use std::sync::Arc;

use ::axum::extract::Request;
use ::axum::http::{HeaderName, HeaderValue, StatusCode};
use ::axum::response::Response;

use crate::verify::query_callback::{QueryCallbacks, QueryDecoder, QueryReceiver};

impl<D: QueryDecoder> QueryReceiver<D> {
    /// This receiver as an axum router taking the receiver's path (merge it with
    /// `Router::merge`), and the payloads it takes. The limits on the request head are the
    /// axum server's; the router refuses targets longer than
    /// [`QueryReceiver::max_target_bytes`] (414) and methods other than GET and HEAD (405).
    ///
    /// ```no_run
    /// # async fn demo(key: tgfamily::passport::PrivateKey) -> std::io::Result<()> {
    /// use tgfamily::cloudchat::{PassportUser, PASSPORT_CALLBACK};
    /// use tgfamily::passport::PassportDecoder;
    /// use tgfamily::query_callback::QueryReceiver;
    ///
    /// let (passport, mut users) = QueryReceiver::new("/passport", PassportDecoder::<PassportUser>::new(&PASSPORT_CALLBACK, key))
    ///     .into_router();
    /// let app = axum::Router::new().route("/health", axum::routing::get(|| async { "ok" })).merge(passport);
    /// tokio::spawn(async move {
    ///     while let Some(user) = users.next().await {
    ///         println!("{} signed in", user.user_id);
    ///     }
    /// });
    /// let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
    /// axum::serve(listener, app).await
    /// # }
    /// ```
    pub fn into_router<S: Clone + Send + Sync + 'static>(
        self,
    ) -> (::axum::Router<S>, QueryCallbacks<D::Payload>) {
        let (core, callbacks) = self.into_core();
        let route = crate::receive::webhook_axum::escape(&core.path);
        let core = Arc::new(core);
        let handler = move |request: Request| {
            let core = core.clone();
            async move {
                let target = request.uri().path_and_query().map_or("", |target| target.as_str());
                response(core.answer(request.method().as_str(), target).await)
            }
        };
        (::axum::Router::new().route(&route, ::axum::routing::any(handler)), callbacks)
    }
}

fn response(answer: crate::receive::query::Answer) -> Response {
    let mut response = Response::new(::axum::body::Body::from(answer.body));
    *response.status_mut() = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in answer.headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(HeaderName::from_static(name), value);
        }
    }
    response
}
