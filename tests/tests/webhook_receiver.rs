//! The webhook receiver against the fake server's deliveries and hand-made posts.

use std::time::Duration;

use fake_server::{post_json, text_update, FakeServer};
use serde_json::json;
use tgfamily::webhook::{Webhook, WebhookServer, WebhookUpdates};
use tgfamily::{Client, Incoming, ReceiveUpdates};

const TOKEN: &str = "123456909:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";
const PATH: &str = "/hook/6b1f0c93a2d4e5";
const SECRET: &str = "my-own-secret_42";
const PATIENCE: Duration = Duration::from_secs(20);

async fn start<P: ReceiveUpdates>(webhook: Webhook<P>) -> (WebhookServer, WebhookUpdates<P>, String) {
    let (server, updates) = webhook.bind("127.0.0.1:0".parse().expect("an address")).await.expect("bind");
    let url = format!("http://{}{PATH}", server.local_addr());
    (server, updates, url)
}

async fn next<P: ReceiveUpdates>(updates: &mut WebhookUpdates<P>) -> Option<Incoming<P::Update>> {
    tokio::time::timeout(PATIENCE, updates.next()).await.expect("in time")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telegram_posts_arrive_in_order_with_the_secret_header() {
    let platform = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let (server, mut updates, url) =
        start(Webhook::<tgfamily::telegram::Telegram>::new(PATH).secret_token(SECRET)).await;
    let bot = tgfamily::telegram::Bot::with_client(Client::new(TOKEN).with_base_url(platform.base_url()));
    bot.set_webhook(url).secret_token(SECRET).await.expect("setWebhook");
    platform.push_updates(
        (1..=200).map(|id| text_update(&tgfamily::telegram::PROFILE, id, 9, &format!("m{id}"))),
    );
    for id in 1..=200 {
        match next(&mut updates).await {
            Some(Incoming::Update(update)) => {
                assert_eq!(update.update_id, id);
                let text = match update.kind {
                    Some(tgfamily::telegram::UpdateKind::Message(message)) => message.text,
                    _ => None,
                };
                assert_eq!(text.as_deref(), Some(format!("m{id}").as_str()));
            }
            other => panic!("update {id}: {other:?}"),
        }
    }
    assert!(platform.deliveries().iter().all(|d| d.status == Some(200)), "{:?}", platform.deliveries());
    server.shutdown().await;
    assert!(next(&mut updates).await.is_none(), "the stream ends after shutdown");
}

#[tokio::test]
async fn a_missing_or_wrong_secret_header_is_refused() {
    let (server, mut updates, url) =
        start(Webhook::<tgfamily::telegram::Telegram>::new(PATH).secret_token(SECRET)).await;
    let body = text_update(&tgfamily::telegram::PROFILE, 1, 1, "hi").to_string().into_bytes();
    let header = "x-telegram-bot-api-secret-token";
    assert_eq!(post_json(&url, &[], &body).await.expect("answer"), 401);
    assert_eq!(post_json(&url, &[(header, "my-own-secret_43")], &body).await.expect("answer"), 401);
    assert_eq!(post_json(&url, &[(header, "my-own-secret")], &body).await.expect("answer"), 401);
    assert_eq!(post_json(&url, &[(header, SECRET)], &body).await.expect("answer"), 200);
    assert!(matches!(next(&mut updates).await, Some(Incoming::Update(_))));
    server.shutdown().await;
    assert!(next(&mut updates).await.is_none(), "only the good post got through");
}

#[tokio::test]
async fn the_secret_path_method_and_size_are_checked() {
    let (server, mut updates, url) =
        start(Webhook::<tgfamily::potato::Potato>::new(PATH).max_body_bytes(4096)).await;
    let base = format!("http://{}", server.local_addr());
    let body = text_update(&tgfamily::potato::PROFILE, 1, 1, "hi").to_string().into_bytes();
    assert_eq!(post_json(&format!("{base}/hook/6b1f0c93a2d4e6"), &[], &body).await.expect("answer"), 404);
    assert_eq!(post_json(&format!("{base}/hook"), &[], &body).await.expect("answer"), 404);
    assert_eq!(post_json(&format!("{base}{PATH}/"), &[], &body).await.expect("answer"), 404);
    let big = text_update(&tgfamily::potato::PROFILE, 2, 1, &"x".repeat(5000)).to_string().into_bytes();
    assert_eq!(post_json(&url, &[], &big).await.expect("answer"), 413);
    assert_eq!(post_json(&url, &[], b"not json").await.expect("answer"), 400);
    assert_eq!(post_json(&url, &[], &body).await.expect("answer"), 200);
    let get = raw_request(server.local_addr(), &format!("GET {PATH} HTTP/1.1\r\nhost: x\r\n\r\n")).await;
    assert!(get.starts_with("HTTP/1.1 405"), "{get}");
    assert!(matches!(next(&mut updates).await, Some(Incoming::Update(u)) if u.update_id == 1));
    server.shutdown().await;
    assert!(next(&mut updates).await.is_none());
}

#[tokio::test]
async fn a_body_longer_than_declared_limit_is_cut_off_while_read() {
    let (server, _updates, _) =
        start(Webhook::<tgfamily::potato::Potato>::new(PATH).max_body_bytes(64)).await;
    let chunk = "x".repeat(100);
    let request = format!(
        "POST {PATH} HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n",
        chunk.len()
    );
    let answer = raw_request(server.local_addr(), &request).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}

/// Sends `request` as it is and returns the answer's head.
async fn raw_request(addr: std::net::SocketAddr, request: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut answer = vec![0u8; 1024];
    let read =
        tokio::time::timeout(PATIENCE, stream.read(&mut answer)).await.expect("in time").expect("read");
    String::from_utf8_lossy(&answer[..read]).into_owned()
}

#[tokio::test]
async fn an_undecodable_update_is_taken_and_handed_over_raw() {
    let (server, mut updates, url) = start(Webhook::<tgfamily::cloudchat::Cloudchat>::new(PATH)).await;
    let status = post_json(&url, &[], json!({"update_id": 5, "message": []}).to_string().as_bytes()).await;
    assert_eq!(status.expect("answer"), 200, "the platform would only send it again");
    match next(&mut updates).await {
        Some(Incoming::Undecodable(raw)) => {
            assert_eq!(raw.update_id, Some(5));
            assert!(raw.raw.as_str().is_some_and(|raw| raw.contains("\"message\"")));
        }
        other => panic!("{other:?}"),
    }
    server.shutdown().await;
}

#[tokio::test]
async fn an_update_posted_twice_is_handed_over_once() {
    let (server, mut updates, url) = start(Webhook::<tgfamily::potato::Potato>::new(PATH)).await;
    for id in [1, 2, 1, 3, 2] {
        let body = text_update(&tgfamily::potato::PROFILE, id, 1, "hi").to_string().into_bytes();
        assert_eq!(post_json(&url, &[], &body).await.expect("answer"), 200);
    }
    server.shutdown().await;
    let mut ids = Vec::new();
    while let Some(incoming) = next(&mut updates).await {
        ids.push(incoming.update().map(|u| u.update_id));
    }
    assert_eq!(ids, [Some(1), Some(2), Some(3)]);
}

#[tokio::test]
async fn a_full_queue_answers_503_quickly_and_the_platform_sends_again() {
    let platform = FakeServer::start_for(&tgfamily::potato::PROFILE).await;
    let (server, mut updates, url) = start(
        Webhook::<tgfamily::potato::Potato>::new(PATH).queue(1).answer_within(Duration::from_millis(30)),
    )
    .await;
    let bot = tgfamily::potato::Bot::with_client(Client::new(TOKEN).with_base_url(platform.base_url()));
    bot.set_webhook(url).await.expect("setWebhook");
    platform.push_updates((1..=5).map(|id| text_update(&tgfamily::potato::PROFILE, id, 1, "hi")));
    // Nobody reads for a while: one update fills the queue, the next ones get 503s.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut ids = Vec::new();
    while ids.len() < 5 {
        ids.push(next(&mut updates).await.and_then(Incoming::update).map(|u| u.update_id));
    }
    assert_eq!(ids, [Some(1), Some(2), Some(3), Some(4), Some(5)]);
    assert!(platform.deliveries().iter().any(|d| d.status == Some(503)), "{:?}", platform.deliveries());
    server.shutdown().await;
}

#[tokio::test]
async fn a_secret_token_on_a_platform_without_the_header_is_refused() {
    let result = Webhook::<tgfamily::potato::Potato>::new(PATH)
        .secret_token(SECRET)
        .bind("127.0.0.1:0".parse().expect("an address"))
        .await;
    let error = result.expect_err("Potato sends no secret header");
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
}

#[tokio::test]
async fn while_a_webhook_is_set_get_updates_is_a_conflict() {
    let platform = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let bot = tgfamily::telegram::Bot::with_client(Client::new(TOKEN).with_base_url(platform.base_url()));
    bot.set_webhook("http://127.0.0.1:9/hook").await.expect("setWebhook");
    let error = bot.get_updates().await.expect_err("409");
    assert_eq!(error.api().map(|api| api.code.value()), Some(409));
    bot.delete_webhook().await.expect("deleteWebhook");
    assert!(bot.get_updates().await.expect("getUpdates again").is_empty());
}

/// The built-in server serves at most `max_connections` connections at once: those past
/// the cap are not refused but wait, unaccepted, until a served one closes. No clock:
/// each client sends a GET (answered 405, the connection kept alive); the served clients'
/// round trips give the server every chance to serve a waiting one, which a non-blocking
/// peek then finds unanswered.
#[tokio::test]
async fn at_most_max_connections_are_served_at_once() {
    use std::io::{ErrorKind, Write};
    use tokio::io::AsyncWriteExt;

    const CAP: usize = 2;
    let (server, _updates, _) =
        start(Webhook::<tgfamily::potato::Potato>::new(PATH).max_connections(CAP)).await;
    let addr = server.local_addr();
    let get = format!("GET {PATH} HTTP/1.1\r\nhost: x\r\n\r\n");
    let mut served = Vec::new();
    for _ in 0..CAP {
        let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
        stream.write_all(get.as_bytes()).await.expect("write");
        assert!(read_head(&mut stream).await.starts_with("HTTP/1.1 405"));
        served.push(stream);
    }
    // The operating system completes these handshakes whether or not the server accepts.
    let mut waiting: Vec<std::net::TcpStream> = (0..3)
        .map(|_| {
            let mut stream = std::net::TcpStream::connect(addr).expect("connect");
            stream.write_all(get.as_bytes()).expect("write");
            stream.set_nonblocking(true).expect("non-blocking");
            stream
        })
        .collect();
    for _ in 0..3 {
        for stream in &mut served {
            stream.write_all(get.as_bytes()).await.expect("write");
            assert!(read_head(stream).await.starts_with("HTTP/1.1 405"));
        }
    }
    for (index, stream) in waiting.iter().enumerate() {
        match stream.peek(&mut [0u8; 1]) {
            Err(error) if error.kind() == ErrorKind::WouldBlock => {}
            other => panic!("connection {} past the cap of {CAP} was served: {other:?}", CAP + index + 1),
        }
    }
    // A served connection closes: the oldest waiting one is accepted and answered.
    drop(served.remove(0));
    let mut first = tokio::net::TcpStream::from_std(waiting.remove(0)).expect("a tokio stream");
    assert!(read_head(&mut first).await.starts_with("HTTP/1.1 405"));
    drop((served, waiting, first));
    server.shutdown().await;
}

/// Reads one answer's head (its body is empty) from a kept-alive connection.
async fn read_head(stream: &mut tokio::net::TcpStream) -> String {
    use tokio::io::AsyncReadExt;
    let mut head = Vec::new();
    let mut buffer = [0u8; 1024];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 64 * 1024 {
        let read =
            tokio::time::timeout(PATIENCE, stream.read(&mut buffer)).await.expect("in time").expect("read");
        assert!(read > 0, "closed before the head's end: {:?}", String::from_utf8_lossy(&head));
        head.extend_from_slice(&buffer[..read]);
    }
    String::from_utf8_lossy(&head).into_owned()
}
