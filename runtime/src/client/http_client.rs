//! The HTTP client a [`Client`](super::Client) sends with: one that follows no redirect.

/// An HTTP client that never follows a redirect, built from any `reqwest` builder.
///
/// The Bot APIs never redirect; every request URL holds the token, so a followed redirect
/// would carry it to whatever host the `Location` names (and a 307/308 would send a
/// message body again). Whatever redirect policy the builder had is replaced by
/// `reqwest::redirect::Policy::none()`: a redirect comes back as an error
/// (`Error::Decode { status: 30x, .. }`). Cloning shares the connection pool, also
/// between clients of different bots or platforms.
#[derive(Debug, Clone)]
pub struct HttpClient(reqwest::Client);

impl HttpClient {
    /// A client from `builder` (proxies, TLS options, pool settings, …), with redirects
    /// turned off.
    pub fn from_builder(builder: reqwest::ClientBuilder) -> Result<HttpClient, reqwest::Error> {
        builder.redirect(reqwest::redirect::Policy::none()).build().map(HttpClient)
    }

    /// The `reqwest` client, to send with.
    pub(crate) fn reqwest(&self) -> &reqwest::Client {
        &self.0
    }
}

impl Default for HttpClient {
    /// rustls, and no redirect followed.
    ///
    /// # Panics
    /// When the TLS backend cannot start, as `reqwest::Client::new` does.
    fn default() -> HttpClient {
        HttpClient::from_builder(reqwest::Client::builder())
            .unwrap_or_else(|error| panic!("the HTTP client cannot start: {error}"))
    }
}
