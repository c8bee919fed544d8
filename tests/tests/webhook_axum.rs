//! The webhook inside the user's own axum server, webhook replies (both receivers), and
//! `setWebhook` with a fresh secret: against the fake server's deliveries and hand-made
//! posts, on 127.0.0.1.

use std::time::Duration;

use fake_server::{post_json, post_json_answer, text_update, FakeServer};
use futures_util::StreamExt;
use serde_json::json;
use tgfamily::telegram::{Bot, SendMessage, SendPhoto, Telegram, UpdateKind, UpdateType};
use tgfamily::webhook::{ReplyingUpdates, Webhook, WebhookReply};
use tgfamily::{Client, Incoming, InputFile, ReceiveUpdates};

const TOKEN: &str = "123456909:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";
const PATH: &str = "/hook/6b1f0c93a2d4e5";
const SECRET: &str = "my-own-secret_42";
const HEADER: &str = "x-telegram-bot-api-secret-token";
const PATIENCE: Duration = Duration::from_secs(20);

/// Serves `router` (merged into an application with a route of its own) on a free port.
async fn serve_app(router: axum::Router) -> String {
    let app = axum::Router::new().route("/health", axum::routing::get(|| async { "ok" })).merge(router);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

async fn next<S: futures_util::Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    tokio::time::timeout(PATIENCE, stream.next()).await.expect("in time")
}

fn text_of(incoming: Option<Incoming<tgfamily::telegram::Update>>) -> Option<(i64, String)> {
    match incoming {
        Some(Incoming::Update(update)) => match update.kind {
            Some(UpdateKind::Message(message)) => Some((update.update_id, message.text?)),
            _ => None,
        },
        _ => None,
    }
}

fn bot(server: &FakeServer) -> Bot {
    Bot::with_client(Client::new(TOKEN).with_base_url(server.base_url()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_axum_router_takes_deliveries_in_order_next_to_the_apps_routes() {
    let platform = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let (router, mut updates) =
        Webhook::<Telegram>::new(PATH).secret_token(SECRET).into_router().expect("router");
    let base = serve_app(router).await;
    bot(&platform).set_webhook(format!("{base}{PATH}")).secret_token(SECRET).await.expect("setWebhook");
    platform.push_updates(
        (1..=100).map(|id| text_update(&tgfamily::telegram::PROFILE, id, 9, &format!("m{id}"))),
    );
    for id in 1..=100 {
        assert_eq!(text_of(next(&mut updates).await), Some((id, format!("m{id}"))));
    }
    assert!(platform.deliveries().iter().all(|d| d.status == Some(200)), "{:?}", platform.deliveries());
    let health = reqwest::get(format!("{base}/health")).await.expect("health");
    assert_eq!(health.text().await.expect("body"), "ok", "the application's own route still answers");
}

#[tokio::test]
async fn the_axum_router_checks_secret_path_header_method_size_and_json() {
    let (router, mut updates) = Webhook::<Telegram>::new(PATH)
        .secret_token(SECRET)
        .max_body_bytes(4096)
        .into_router()
        .expect("router");
    let base = serve_app(router).await;
    let url = format!("{base}{PATH}");
    let body = text_update(&tgfamily::telegram::PROFILE, 1, 1, "hi").to_string().into_bytes();
    let good = [(HEADER, SECRET)];
    assert_eq!(post_json(&url, &[], &body).await.expect("answer"), 401);
    assert_eq!(post_json(&url, &[(HEADER, "my-own-secret_43")], &body).await.expect("answer"), 401);
    for wrong in ["/hook/6b1f0c93a2d4e6", "/hook/6b1f0c93a2d4e", "/hook/x", "/hook"] {
        let status = post_json(&format!("{base}{wrong}"), &good, &body).await.expect("answer");
        assert_eq!(status, 404, "{wrong}");
    }
    let big = text_update(&tgfamily::telegram::PROFILE, 2, 1, &"x".repeat(5000)).to_string().into_bytes();
    assert_eq!(post_json(&url, &good, &big).await.expect("answer"), 413);
    assert_eq!(post_json(&url, &good, b"not json").await.expect("answer"), 400);
    let get = reqwest::Client::new().get(&url).header(HEADER, SECRET).send().await.expect("answer");
    assert_eq!(get.status().as_u16(), 405);
    let deep = format!("{}{}", "[".repeat(1_500), "]".repeat(1_500));
    let status = post_json(&url, &good, deep.as_bytes()).await.expect("answer");
    assert_eq!(status, 200, "a body nested past the decoder's depth is taken, without a crash");
    let undecodable = json!({"update_id": 7, "message": []}).to_string();
    assert_eq!(post_json(&url, &good, undecodable.as_bytes()).await.expect("answer"), 200);
    assert_eq!(post_json(&url, &good, &body).await.expect("answer"), 200);
    assert_eq!(post_json(&url, &good, &body).await.expect("answer"), 200, "a repeat is taken");
    let after = text_update(&tgfamily::telegram::PROFILE, 2, 1, "after").to_string().into_bytes();
    assert_eq!(post_json(&url, &good, &after).await.expect("answer"), 200);
    match next(&mut updates).await {
        Some(Incoming::Undecodable(raw)) => assert_eq!(raw.update_id, None),
        other => panic!("the deep body is handed over undecoded: {other:?}"),
    }
    match next(&mut updates).await {
        Some(Incoming::Undecodable(raw)) => assert_eq!(raw.update_id, Some(7)),
        other => panic!("{other:?}"),
    }
    assert_eq!(text_of(next(&mut updates).await), Some((1, "hi".to_owned())));
    assert_eq!(text_of(next(&mut updates).await), Some((2, "after".to_owned())), "the repeat was dropped");
}

/// Answers every update of `updates` with a `sendMessage` echoing its text, except the
/// texts starting with `silent`, whose replier is dropped.
async fn echo_with_replies<P: ReceiveUpdates<Update = tgfamily::telegram::Update>>(
    mut updates: ReplyingUpdates<P>,
    count: usize,
) {
    for _ in 0..count {
        let Some((incoming, replier)) = next(&mut updates).await else { return };
        let Some((_, text)) = text_of(Some(incoming)) else { continue };
        if !text.starts_with("silent") {
            let reply = WebhookReply::new::<Telegram, _>(&SendMessage::new(9, format!("echo {text}")));
            assert!(replier.reply(reply.expect("a JSON reply")));
        }
    }
}

async fn replies_are_carried_out(platform: FakeServer) {
    platform.push_updates([
        text_update(&tgfamily::telegram::PROFILE, 1, 9, "one"),
        text_update(&tgfamily::telegram::PROFILE, 2, 9, "silent two"),
        text_update(&tgfamily::telegram::PROFILE, 3, 9, "three"),
    ]);
    let wait = async {
        while platform.pending_updates() > 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    tokio::time::timeout(PATIENCE, wait).await.expect("delivered in time");
    let replies = platform.webhook_replies();
    let methods: Vec<_> = replies.iter().map(|r| (r["method"].clone(), r["text"].clone())).collect();
    assert_eq!(
        methods,
        [(json!("sendMessage"), json!("echo one")), (json!("sendMessage"), json!("echo three"))],
        "one call per reply; the dropped replier answered without one"
    );
    let sent: Vec<_> = platform.sent_messages().into_iter().map(|m| m.text).collect();
    assert_eq!(sent, ["echo one", "echo three"], "the platform carried the replies out");
    assert!(platform.deliveries().iter().all(|d| d.status == Some(200)), "{:?}", platform.deliveries());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_built_in_receiver_answers_posts_with_replies() {
    let platform = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let (server, updates) = Webhook::<Telegram>::new(PATH)
        .secret_token(SECRET)
        .bind_with_replies("127.0.0.1:0".parse().expect("an address"))
        .await
        .expect("bind");
    let url = format!("http://{}{PATH}", server.local_addr());
    bot(&platform).set_webhook(url).secret_token(SECRET).await.expect("setWebhook");
    let echo = tokio::spawn(echo_with_replies(updates, 3));
    replies_are_carried_out(platform).await;
    echo.await.expect("the echo task");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_axum_router_answers_posts_with_replies() {
    let platform = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let (router, updates) =
        Webhook::<Telegram>::new(PATH).secret_token(SECRET).into_router_with_replies().expect("router");
    let base = serve_app(router).await;
    bot(&platform).set_webhook(format!("{base}{PATH}")).secret_token(SECRET).await.expect("setWebhook");
    let echo = tokio::spawn(echo_with_replies(updates, 3));
    replies_are_carried_out(platform).await;
    echo.await.expect("the echo task");
}

#[tokio::test]
async fn a_reply_not_given_in_time_answers_an_empty_200_and_says_so() {
    let (router, mut updates) = Webhook::<Telegram>::new(PATH)
        .reply_within(Duration::from_millis(50))
        .into_router_with_replies()
        .expect("router");
    let base = serve_app(router).await;
    let body = text_update(&tgfamily::telegram::PROFILE, 1, 1, "hi").to_string().into_bytes();
    let post = tokio::spawn(async move { post_json_answer(&format!("{base}{PATH}"), &[], &body).await });
    let (_, replier) = next(&mut updates).await.expect("the update");
    let (status, answer) = post.await.expect("the post").expect("an answer");
    assert_eq!((status, answer.as_slice()), (200, &b""[..]), "taken, without a call");
    let late = WebhookReply::new::<Telegram, _>(&SendMessage::new(1, "late")).expect("a reply");
    assert!(!replier.reply(late), "the bot learns the call was not made");
}

#[test]
fn a_reply_carries_the_method_and_refuses_uploads() {
    let reply = WebhookReply::new::<Telegram, _>(&SendMessage::new(5, "hi")).expect("a reply");
    let body: serde_json::Value = serde_json::from_slice(reply.body()).expect("JSON");
    assert_eq!(body, json!({"method": "sendMessage", "chat_id": 5, "text": "hi"}));
    let by_id = SendPhoto::new(5, InputFile::reference("AgACAgIAAxkBAAIB"));
    assert!(WebhookReply::new::<Telegram, _>(&by_id).is_ok(), "a file by id is JSON");
    let upload = SendPhoto::new(5, InputFile::memory("a.jpg", &b"\xff\xd8"[..]));
    assert!(WebhookReply::new::<Telegram, _>(&upload).is_err(), "an upload cannot be a reply");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_webhook_with_fresh_secret_sets_what_the_receiver_expects() {
    let platform = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let bot = bot(&platform);
    let first = bot
        .set_webhook_with_fresh_secret(&format!("{base}/"), [UpdateType::Message, UpdateType::CallbackQuery])
        .await
        .expect("setWebhook");
    let second = bot.set_webhook_with_fresh_secret(&base, []).await.expect("setWebhook");
    assert_ne!(first.path(), second.path(), "every call makes a new secret");
    let calls: Vec<_> = platform
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/setWebhook"))
        .filter_map(|r| r.json())
        .collect();
    assert_eq!(calls.len(), 2);
    let token = calls[1]["secret_token"].as_str().expect("a secret token");
    assert_eq!(token.len(), 64);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "only characters Telegram allows");
    assert_ne!(calls[0]["secret_token"], calls[1]["secret_token"]);
    assert_eq!(calls[0]["url"], json!(format!("{base}{}", first.path())), "no doubled slash");
    assert_eq!(calls[0]["allowed_updates"], json!(["message", "callback_query"]));
    let (server, mut updates) = second.serve(listener).expect("serve");
    platform.push_updates([text_update(&tgfamily::telegram::PROFILE, 1, 9, "fresh")]);
    assert_eq!(text_of(next(&mut updates).await), Some((1, "fresh".to_owned())), "the header matched");
    let wrong = post_json(&format!("{base}{}", first.path()), &[], b"{}").await.expect("answer");
    assert_eq!(wrong, 404, "the old secret path is gone");
    server.shutdown().await;
}
