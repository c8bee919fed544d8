//! `Client::with_proxy`: requests go to the proxy, in absolute form, for the real host.

use std::time::Duration;

use fake_server::FakeServer;
use tgfamily::potato::Bot;
use tgfamily::{reqwest, Client, RetryPolicy};

const TOKEN: &str = "123456:proxy-test";

#[tokio::test]
async fn requests_go_through_the_proxy() {
    // The fake server plays the proxy: it answers whatever it is asked.
    let proxy = FakeServer::start().await;
    let client = Client::new(TOKEN)
        .with_base_url("http://api.potato.invalid")
        .with_timeout(Duration::from_secs(5))
        .with_retry(RetryPolicy::none())
        .with_proxy(reqwest::Proxy::http(proxy.base_url()).expect("a proxy URL"))
        .expect("an HTTP client with a proxy");
    let sent = Bot::with_client(client).get_updates().await;
    let requests = proxy.requests();
    assert_eq!(requests.len(), 1, "one request reached the proxy ({sent:?})");
    assert_eq!(requests[0].path, format!("http://api.potato.invalid/{TOKEN}/getUpdates"));
}
