//! The token appears nowhere: not in any error's `Display`, `Debug` or source chain, for
//! every fault class and every error path, nor in what the library (through `tracing`) or
//! reqwest (through `log`) report; and no redirect carries it to another host.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use fake_server::{FakeServer, Fault, Platform, Reply};
use serde_json::json;
use tgfamily::polling::LongPolling;
use tgfamily::{Client, InputFile, RetryPolicy};

const TOKEN: &str = "123456909:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";
/// What must never be seen: the token, its secret half, and its percent-encoded form.
const FORBIDDEN: [&str; 3] = [TOKEN, "ABC-DEF1234ghIkl", "123456909%3AABC"];

/// Everything the library and its HTTP stack reported, and everything the test showed.
type Captured = Arc<Mutex<String>>;

fn push(captured: &Captured, text: &str) {
    captured.lock().unwrap_or_else(PoisonError::into_inner).push_str(text);
}

/// A `tracing` subscriber writing every event and span field into `Captured`.
struct TracingCapture {
    captured: Captured,
    next_span: AtomicU64,
}

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl tracing::Subscriber for TracingCapture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut text = format!("\nspan {}", span.metadata().name());
        span.record(&mut Fields(&mut text));
        push(&self.captured, &text);
        tracing::span::Id::from_u64(self.next_span.fetch_add(1, Ordering::Relaxed) + 1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut text = String::from("\nrecord");
        values.record(&mut Fields(&mut text));
        push(&self.captured, &text);
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut text = format!("\nevent {} {}", event.metadata().level(), event.metadata().target());
        event.record(&mut Fields(&mut text));
        push(&self.captured, &text);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// A `log` logger writing every record into `Captured` (reqwest and hyper log with it).
struct LogCapture(Captured);

impl log::Log for LogCapture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        push(&self.0, &format!("\nlog {} {} {}", record.level(), record.target(), record.args()));
    }
    fn flush(&self) {}
}

/// Shows `error` every way it can be shown: `Display`, `Debug`, pretty `Debug`, and the
/// same for each error of its source chain.
fn show(captured: &Captured, error: &(dyn std::error::Error + 'static)) {
    let mut text = format!("\nerror {error} {error:?} {error:#?}");
    let mut source = error.source();
    while let Some(inner) = source {
        let _ = write!(text, "\nsource {inner} {inner:?} {inner:#?}");
        source = inner.source();
    }
    push(captured, &text);
}

fn client<P: tgfamily::Platform>(base_url: &str) -> Client<P> {
    Client::new(TOKEN)
        .with_base_url(base_url)
        .with_timeout(Duration::from_millis(150))
        .with_retry(RetryPolicy::default().default_delay(Duration::from_millis(1)).max_retries(1))
}

/// Answers that quote the request URL or the token back, as broken proxies do.
fn echoing_replies(platform: Platform) -> Vec<Reply> {
    let path = match platform.name {
        "telegram" => format!("/bot{TOKEN}/getMe"),
        _ => format!("/{TOKEN}/getMe"),
    };
    let encoded = path.replace(':', "%3A");
    vec![
        Reply::error(404, 404, &format!("Not Found: {path}")),
        Reply::error(400, 400, &format!("Bad Request: {encoded}")),
        Reply::ok(json!(TOKEN)),
        Reply::ok(json!({"id": TOKEN, "username": TOKEN})),
        Reply::Raw { status: 502, body: format!("<html>upstream {path} failed</html>").into_bytes() },
        Reply::Json { status: 200, body: json!({"ok": false, "description": encoded}) },
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_is_in_no_error_event_or_log_line_for_any_fault() {
    let captured = Captured::default();
    let subscriber = TracingCapture { captured: captured.clone(), next_span: AtomicU64::new(0) };
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber of this test binary");
    log::set_boxed_logger(Box::new(LogCapture(captured.clone()))).expect("the only logger");
    log::set_max_level(log::LevelFilter::Trace);

    let other_host = FakeServer::start_on("127.0.0.2:0", None).await;
    let mut errors = 0;

    // Every fault class, on a call and on polling, on both URL shapes.
    let telegram = FakeServer::start_for(&tgfamily::telegram::PROFILE).await;
    let potato = FakeServer::start_for(&tgfamily::potato::PROFILE).await;
    for fault in Fault::one_of_each(&other_host.base_url()) {
        telegram.inject("getMe", fault.clone());
        telegram.inject("getMe", fault.clone());
        if let Err(error) = tgfamily::telegram::Bot::with_client(client(&telegram.base_url())).get_me().await
        {
            show(&captured, &error);
            errors += 1;
        }
        potato.inject("getMe", fault.clone());
        potato.inject("getMe", fault.clone());
        if let Err(error) = tgfamily::potato::Bot::with_client(client(&potato.base_url())).get_me().await {
            show(&captured, &error);
            errors += 1;
        }
        telegram.inject("getUpdates", fault.clone());
        let mut stream = LongPolling::new(client::<tgfamily::telegram::Telegram>(&telegram.base_url()))
            .timeout(Duration::ZERO)
            .backoff(Duration::from_millis(1), Duration::from_millis(1))
            .stream();
        push(&captured, &format!("\n{stream:?}"));
        if let Ok(Some(Err(error))) = tokio::time::timeout(Duration::from_secs(5), stream.next()).await {
            show(&captured, &error);
            errors += 1;
        }
        if let Err(error) = stream.shutdown().await {
            show(&captured, &error);
        }
    }

    // Answers quoting the URL or the token back.
    for platform in [&tgfamily::telegram::PROFILE, &tgfamily::potato::PROFILE] {
        let server = if platform == &tgfamily::telegram::PROFILE { &telegram } else { &potato };
        for reply in echoing_replies(platform) {
            server.reply("getMe", reply);
            match platform.name {
                "telegram" => {
                    let bot = tgfamily::telegram::Bot::with_client(client(&server.base_url()));
                    show(&captured, &bot.get_me().await.expect_err("an error"));
                }
                _ => {
                    let bot = tgfamily::potato::Bot::with_client(client(&server.base_url()));
                    show(&captured, &bot.get_me().await.expect_err("an error"));
                }
            }
            errors += 1;
        }
    }

    // A refused connection (retried, so the retry is reported too), a file that cannot be
    // read, an undecodable update.
    let nothing = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        format!("http://{}", listener.local_addr().expect("addr"))
    };
    let refused = tgfamily::telegram::Bot::with_client(client(&nothing)).get_me().await.expect_err("refused");
    show(&captured, &refused);
    let file = InputFile::path("/nonexistent/cat.png");
    let bot = tgfamily::potato::Bot::with_client(client(&potato.base_url()));
    let unreadable =
        bot.send_photo(tgfamily::potato::ChatType::PeerUser, 1, file).await.expect_err("no such file");
    show(&captured, &unreadable);
    telegram.push_updates([json!({"update_id": 1, "message": TOKEN})]);
    let mut stream = LongPolling::new(client::<tgfamily::telegram::Telegram>(&telegram.base_url()))
        .timeout(Duration::ZERO)
        .stream();
    if let Ok(Some(Ok(incoming))) = tokio::time::timeout(Duration::from_secs(5), stream.next()).await {
        push(&captured, &format!("\n{incoming:?}"));
    }
    push(&captured, &format!("\n{bot:?} {:?} {stream:?}", bot.client()));

    // The webhook's secrets stay out of its `Debug` and of its events too.
    let (server, _updates) =
        tgfamily::webhook::Webhook::<tgfamily::telegram::Telegram>::new(format!("/{TOKEN}"))
            .secret_token(TOKEN)
            .bind("127.0.0.1:0".parse().expect("an address"))
            .await
            .expect("bind");
    let url = format!("http://{}/{TOKEN}", server.local_addr());
    let wrong = fake_server::post_json(&url, &[], b"{}").await.expect("an answer");
    assert_eq!(wrong, 401);
    push(&captured, &format!("\n{server:?}"));
    server.shutdown().await;

    let captured = captured.lock().unwrap_or_else(PoisonError::into_inner).clone();
    for forbidden in FORBIDDEN {
        if let Some(at) = captured.find(forbidden) {
            let context = &captured[at.saturating_sub(300)..(at + 100).min(captured.len())];
            panic!("the token leaked: …{context}…");
        }
    }
    assert!(errors >= 30, "too few error paths exercised: {errors}");
    assert!(captured.contains("retrying a call"), "the retry events were not captured");
    assert!(captured.contains("getUpdates failed"), "the polling events were not captured");
    assert!(other_host.requests().is_empty(), "a redirect was followed to another host");
    println!("searched {} bytes of errors, events and log lines from {errors} errors", captured.len());
}
