//! The `get-query` callback receiver on 127.0.0.1, built-in and as an axum router, taking
//! CloudChat passport callbacks encrypted here with the fixtures' public key
//! (fixtures/receivers/passport), through reqwest and hand-written requests.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use rsa::pkcs8::DecodePublicKey;
use rsa::{Pkcs1v15Encrypt, RsaPublicKey};
use tgfamily::cloudchat::{PassportUser, PASSPORT_CALLBACK};
use tgfamily::passport::{PassportDecoder, PrivateKey};
use tgfamily::query_callback::{QueryCallbacks, QueryReceiver, QueryServer, Reply};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A guard against a test hanging, never a measure.
const PATIENCE: Duration = Duration::from_secs(20);
const PATH: &str = "/passport/callback";
const SIGNED_IN: &str = "Signed in";
const FAILED: &str = "Sign-in failed";
const USER_ID: i64 = 5_812_345_678;
/// What the test user's record holds, which no answer or event may show.
const VALUES: [&str; 4] = ["5812345678", "Augusta", "Lovelace", "ada_l"];

fn fixture(name: &str) -> String {
    let path = format!("{}/fixtures/receivers/passport/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

fn decoder() -> PassportDecoder<PassportUser> {
    PassportDecoder::<PassportUser>::new(
        &PASSPORT_CALLBACK,
        PrivateKey::from_pem(&fixture("key.pem")).expect("the fixture key"),
    )
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970").as_secs()
}

/// The test user's record, granted now.
fn record() -> String {
    format!("userid={USER_ID}&first_name=Augusta&last_name=Lovelace&username=ada_l&authtime={}", now())
}

/// `record` encrypted for the fixture key as CloudChat does (RSA PKCS#1 v1.5 per 245-byte
/// chunk), in standard Base64.
fn encrypt(record: &str) -> String {
    let public = RsaPublicKey::from_public_key_pem(&fixture("pub.pem")).expect("the fixture public key");
    let mut ciphertext = Vec::new();
    for chunk in record.as_bytes().chunks(245) {
        let block = public.encrypt(&mut rsa::rand_core::OsRng, Pkcs1v15Encrypt, chunk).expect("encrypts");
        ciphertext.extend_from_slice(&block);
    }
    base64::engine::general_purpose::STANDARD.encode(ciphertext)
}

/// Base64 percent-encoded for a query string, as the server sends it.
fn escaped(hash: &str) -> String {
    hash.replace('+', "%2B").replace('/', "%2F").replace('=', "%3D")
}

/// The callback's path and query for `hash` (Base64, not yet escaped).
fn target(hash: &str) -> String {
    format!("{PATH}?tg_passport=success&hash={}", escaped(hash))
}

/// Every `tracing` event, as `level target field=value …` lines.
#[derive(Clone, Default)]
struct Events(Arc<Mutex<String>>);

impl Events {
    fn text(&self) -> String {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// The `check` fields of the refusals so far.
    fn checks(&self) -> Vec<String> {
        let text = self.text();
        let checks = text.lines().filter_map(|line| line.split(" check=").nth(1));
        checks.map(|rest| rest.split(' ').next().unwrap_or_default().trim_matches('"').to_owned()).collect()
    }
}

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl tracing::Subscriber for Events {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut line = format!("\n{} {}", event.metadata().level(), event.metadata().target());
        event.record(&mut Fields(&mut line));
        self.0.lock().unwrap_or_else(PoisonError::into_inner).push_str(&line);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// Captures this thread's events (the tests run on a current-thread runtime, so the
/// server's tasks run on it too).
fn capture() -> (Events, tracing::subscriber::DefaultGuard) {
    let events = Events::default();
    let guard = tracing::subscriber::set_default(events.clone());
    (events, guard)
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(PATIENCE)
        .build()
        .expect("a client")
}

/// The status, the headers and the body of a GET of `url`.
async fn get(url: &str) -> (u16, reqwest::header::HeaderMap, String) {
    let response = http().get(url).send().await.expect("an answer");
    let (status, headers) = (response.status().as_u16(), response.headers().clone());
    (status, headers, response.text().await.expect("a body"))
}

async fn start(
    receiver: QueryReceiver<PassportDecoder<PassportUser>>,
) -> (QueryServer, QueryCallbacks<PassportUser>, String) {
    let (server, users) = receiver.bind("127.0.0.1:0".parse().expect("an address")).await.expect("bound");
    let base = format!("http://{}", server.local_addr());
    (server, users, base)
}

/// What a stream still holds once its receiver stopped: every user handed over.
async fn rest(mut users: QueryCallbacks<PassportUser>) -> Vec<PassportUser> {
    let mut all = Vec::new();
    while let Some(user) = tokio::time::timeout(PATIENCE, users.next()).await.expect("the stream ends") {
        all.push(user);
        assert!(all.len() < 100, "more users than callbacks");
    }
    all
}

fn assert_the_test_user(user: &PassportUser) {
    assert_eq!(user.user_id, USER_ID);
    assert_eq!((user.first_name.as_str(), user.last_name.as_str()), ("Augusta", "Lovelace"));
    assert_eq!(user.username.as_deref(), Some("ada_l"));
    assert!(!user.is_older_than(Duration::from_secs(300), SystemTime::now()));
}

/// Neither the answers nor the events show the hash or the user's values.
fn assert_private(shown: &str, hash: &str) {
    for secret in VALUES.iter().copied().chain([hash, escaped(hash).as_str(), &hash[..40]]) {
        assert!(!shown.contains(secret), "{secret:?} shown in {shown}");
    }
}

// ---- the built-in server ----

#[tokio::test]
async fn a_callback_yields_its_user_once_and_a_replay_nothing() {
    let (events, _guard) = capture();
    let (server, mut users, base) = start(QueryReceiver::new(PATH, decoder())).await;
    let hash = encrypt(&record());
    let (status, headers, body) = get(&format!("{base}{}", target(&hash))).await;
    assert_eq!(status, 200);
    assert!(body.contains(SIGNED_IN), "{body}");
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert!(headers["content-type"].to_str().expect("ASCII").starts_with("text/html"));
    let user = tokio::time::timeout(PATIENCE, users.next()).await.expect("in time").expect("a user");
    assert_the_test_user(&user);
    // The same delivery again, as sent and in the URL-safe alphabet without padding.
    let url_safe = hash.replace('+', "-").replace('/', "_").replace('=', "");
    let mut shown = body;
    for again in [target(&hash), format!("{PATH}?tg_passport=success&hash={url_safe}")] {
        let (status, _, body) = get(&format!("{base}{again}")).await;
        assert_eq!(status, 400);
        assert!(body.contains(FAILED), "{body}");
        shown.push_str(&body);
    }
    assert_eq!(events.checks(), ["replay", "replay"]);
    assert_private(&format!("{shown}{}", events.text()), &hash);
    server.shutdown().await;
    assert!(rest(users).await.is_empty(), "a replay yields nothing");
}

#[tokio::test]
async fn each_bad_callback_gets_the_failure_page_and_its_check_is_logged() {
    let (events, _guard) = capture();
    let (server, users, base) = start(QueryReceiver::new(PATH, decoder())).await;
    let good = encrypt(&record());
    // The openssl fixture's record was granted in 2022.
    let from_2022 = escaped(&fixture("one-block.b64"));
    let stale =
        encrypt(&format!("userid={USER_ID}&first_name=Augusta&last_name=Lovelace&authtime={}", now() - 301));
    let cases = [
        (format!("{PATH}?tg_passport=cancel&hash={}", escaped(&good)), "status"),
        (format!("{PATH}?tg_passport=success"), "payload-missing"),
        (format!("{PATH}?tg_passport=success&hash="), "payload-missing"),
        (format!("{PATH}?tg_passport=success&hash=not*base64!"), "decode"),
        (
            format!("{PATH}?tg_passport=success&hash={}", escaped(&good)).replacen("hash=", "hash=AAAA", 1),
            "decode",
        ),
        (format!("{PATH}?tg_passport=success&hash={from_2022}"), "max-age"),
        (target(&stale), "max-age"),
        (format!("{}&hash=AAAA", target(&good)), "query"),
        (format!("{PATH}?tg_passport=success&hash=%G0"), "query"),
    ];
    let mut shown = String::new();
    for (target, _) in &cases {
        let (status, headers, body) = get(&format!("{base}{target}")).await;
        assert_eq!(status, 400, "{target}");
        assert!(body.contains(FAILED), "{target}: {body}");
        assert_eq!(headers["cache-control"], "no-store");
        shown.push_str(&body);
    }
    let want: Vec<&str> = cases.iter().map(|(_, check)| *check).collect();
    assert_eq!(events.checks(), want);
    assert_private(&format!("{shown}{}", events.text()), &good);
    assert_private(&events.text(), &stale);
    server.shutdown().await;
    assert!(rest(users).await.is_empty(), "nothing refused is handed over");
}

#[tokio::test]
async fn a_hash_for_another_key_does_not_decrypt() {
    let (events, _guard) = capture();
    let other = PassportDecoder::<PassportUser>::new(
        &PASSPORT_CALLBACK,
        PrivateKey::from_pem(&fixture("other-key.pem")).expect("a key"),
    );
    let (server, users, base) = start(QueryReceiver::new(PATH, other)).await;
    let hash = encrypt(&record());
    let (status, _, body) = get(&format!("{base}{}", target(&hash))).await;
    assert_eq!((status, body.contains(FAILED)), (400, true), "{body}");
    assert_eq!(events.checks(), ["decode"]);
    assert!(events.text().contains("another key"), "{}", events.text());
    assert_private(&format!("{body}{}", events.text()), &hash);
    server.shutdown().await;
    assert!(rest(users).await.is_empty());
}

#[tokio::test]
async fn only_get_and_head_on_the_path_are_taken() {
    let (events, _guard) = capture();
    let (server, users, base) = start(QueryReceiver::new(PATH, decoder())).await;
    let hash = encrypt(&record());
    let url = format!("{base}{}", target(&hash));
    let post = http().post(&url).body("x").send().await.expect("an answer");
    assert_eq!(post.status(), 405);
    assert_eq!(post.headers()["allow"], "GET, HEAD");
    assert!(post.text().await.expect("a body").contains(FAILED));
    let put = http().put(&url).send().await.expect("an answer");
    assert_eq!(put.status(), 405);
    for other in ["/passport", "/passport/callback/", "/"] {
        let (status, _, body) =
            get(&format!("{base}{other}?tg_passport=success&hash={}", escaped(&hash))).await;
        assert_eq!((status, body.contains(FAILED)), (404, true), "{other}");
    }
    // A HEAD is a GET without the body: the callback is taken.
    let head = http().head(&url).send().await.expect("an answer");
    assert_eq!(head.status(), 200);
    assert!(head.text().await.expect("no body").is_empty());
    assert_eq!(events.checks(), ["method", "method", "path", "path", "path"]);
    server.shutdown().await;
    let taken = rest(users).await;
    assert_eq!(taken.len(), 1, "the HEAD's user only");
    assert_the_test_user(&taken[0]);
}

/// Sends `request` on a new connection, then reads the answer to its end.
async fn raw(base: &str, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(base.trim_start_matches("http://")).await.expect("connects");
    stream.write_all(request).await.expect("sent");
    read_all(&mut stream).await
}

async fn read_all(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    tokio::time::timeout(PATIENCE, stream.read_to_end(&mut answer)).await.expect("in time").expect("read");
    String::from_utf8(answer).expect("an ASCII head and a UTF-8 page")
}

#[tokio::test]
async fn an_over_long_target_or_head_is_refused_without_being_read_whole() {
    let (events, _guard) = capture();
    let (server, users, base) = start(QueryReceiver::new(PATH, decoder()).max_target_bytes(1024)).await;
    // A request line that never ends: answered once it passes the limit.
    let endless = format!("GET {PATH}?tg_passport=success&hash={}", "A".repeat(4096));
    let answer = raw(&base, endless.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 414 "), "{answer}");
    assert!(answer.contains(FAILED), "{answer}");
    // A whole request, longer than the limit, from a real client.
    let (status, _, body) = get(&format!("{base}{}", target(&"A".repeat(2048)))).await;
    assert_eq!((status, body.contains(FAILED)), (414, true));
    // Too many header lines, and one too long.
    let many: String = (0..100).map(|n| format!("x-{n}: 1\r\n")).collect();
    let answer = raw(&base, format!("GET {PATH} HTTP/1.1\r\nhost: x\r\n{many}\r\n").as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 431 "), "{answer}");
    let long = format!("GET {PATH} HTTP/1.1\r\nhost: x\r\nx-long: {}", "y".repeat(20_000));
    let answer = raw(&base, long.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 431 "), "{answer}");
    assert!(answer.contains(FAILED), "{answer}");
    // Not HTTP/1.
    let answer = raw(&base, b"HELLO\r\n\r\n").await;
    assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");
    assert_eq!(events.checks(), ["target-length", "target-length", "headers", "headers", "request"]);
    server.shutdown().await;
    assert!(rest(users).await.is_empty());
}

#[tokio::test]
async fn a_slow_client_is_cut_off_and_others_are_served_meanwhile() {
    let (events, _guard) = capture();
    let receiver = QueryReceiver::new(PATH, decoder()).request_timeout(Duration::from_secs(2));
    let (server, mut users, base) = start(receiver).await;
    let address = base.trim_start_matches("http://").to_owned();
    // One client stops in its request line; another trickles a byte at a time.
    let mut stalled = TcpStream::connect(&address).await.expect("connects");
    stalled.write_all(b"GET /passport/cal").await.expect("sent");
    let trickling = tokio::spawn(async move {
        let mut stream = TcpStream::connect(&address).await.expect("connects");
        let (mut reader, mut writer) = stream.split();
        let trickle = async {
            for byte in format!("GET {PATH}?x={}", "a".repeat(1000)).bytes() {
                if writer.write_all(&[byte]).await.is_err() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        };
        let mut answer = Vec::new();
        let read = tokio::time::timeout(PATIENCE, reader.read_to_end(&mut answer));
        tokio::select! {
            read = read => read.expect("answered in time").expect("read"),
            () = trickle => panic!("the whole trickle was taken"),
        };
        String::from_utf8(answer).expect("ASCII")
    });
    let hash = encrypt(&record());
    let (status, _, body) = get(&format!("{base}{}", target(&hash))).await;
    assert_eq!((status, body.contains(SIGNED_IN)), (200, true));
    let user = tokio::time::timeout(PATIENCE, users.next()).await.expect("in time").expect("a user");
    assert_the_test_user(&user);
    let answer = read_all(&mut stalled).await;
    assert!(answer.starts_with("HTTP/1.1 408 ") && answer.contains(FAILED), "{answer}");
    let answer = trickling.await.expect("the trickling client");
    assert!(answer.starts_with("HTTP/1.1 408 ") && answer.contains(FAILED), "{answer}");
    assert_eq!(events.checks(), ["timeout", "timeout"]);
    server.shutdown().await;
    assert!(rest(users).await.is_empty());
}

#[tokio::test]
async fn a_full_queue_answers_503_and_takes_again_once_emptied() {
    let (events, _guard) = capture();
    let receiver = QueryReceiver::new(PATH, decoder()).queue(1).answer_within(Duration::from_millis(50));
    let (server, mut users, base) = start(receiver).await;
    let (first, second) = (encrypt(&record()), encrypt(&record()));
    assert_eq!(get(&format!("{base}{}", target(&first))).await.0, 200);
    let (status, _, body) = get(&format!("{base}{}", target(&second))).await;
    assert_eq!((status, body.contains(FAILED)), (503, true));
    assert!(tokio::time::timeout(PATIENCE, users.next()).await.expect("in time").is_some());
    // Refused for a full queue, the delivery was not remembered: it is taken now.
    assert_eq!(get(&format!("{base}{}", target(&second))).await.0, 200);
    assert_eq!(events.checks(), ["queue"]);
    server.shutdown().await;
    assert_eq!(rest(users).await.len(), 1);
}

#[tokio::test]
async fn redirects_and_pages_of_the_bots_own() {
    let receiver = QueryReceiver::new(PATH, decoder())
        .success(Reply::redirect("https://app.example/welcome").expect("a location"))
        .failure(Reply::redirect("https://app.example/sorry").expect("a location"))
        .max_age(Duration::MAX);
    let (server, users, base) = start(receiver).await;
    let (status, headers, body) = get(&format!("{base}{}", target(&encrypt(&record())))).await;
    assert_eq!(
        (status, headers["location"].to_str().expect("ASCII"), body.as_str()),
        (303, "https://app.example/welcome", "")
    );
    let (status, headers, _) = get(&format!("{base}{PATH}?tg_passport=cancel")).await;
    assert_eq!((status, headers["location"].to_str().expect("ASCII")), (303, "https://app.example/sorry"));
    // Not a callback: no redirect, the default page.
    let (status, headers, body) = get(&format!("{base}/other")).await;
    assert_eq!((status, headers.get("location"), body.contains(FAILED)), (404, None, true));
    // Any age is taken: the fixture's record is from 2022.
    let (status, _, _) = get(&format!("{base}{PATH}?hash={}", escaped(&fixture("one-block.b64")))).await;
    assert_eq!(status, 303);
    server.shutdown().await;
    assert_eq!(rest(users).await.len(), 2);

    let receiver =
        QueryReceiver::new(PATH, decoder()).success(Reply::text("welcome")).failure(Reply::text("no"));
    let (server, users, base) = start(receiver).await;
    let (status, headers, body) = get(&format!("{base}{}", target(&encrypt(&record())))).await;
    assert_eq!(
        (status, headers["content-type"].to_str().expect("ASCII"), body.as_str()),
        (200, "text/plain; charset=utf-8", "welcome")
    );
    assert_eq!(get(&format!("{base}{PATH}")).await.2, "no");
    server.shutdown().await;
    assert_eq!(rest(users).await.len(), 1);
}

// ---- the axum router ----

#[tokio::test]
async fn the_axum_router_makes_the_same_checks() {
    let (events, _guard) = capture();
    let (router, mut users) = QueryReceiver::new(PATH, decoder()).max_target_bytes(1024).into_router();
    let app = axum::Router::new().route("/health", axum::routing::get(|| async { "ok" })).merge(router);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bound");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let serving = tokio::spawn(async move { axum::serve(listener, app).await });
    assert_eq!(get(&format!("{base}/health")).await.2, "ok");
    let hash = encrypt(&record());
    let (status, headers, body) = get(&format!("{base}{}", target(&hash))).await;
    assert_eq!((status, body.contains(SIGNED_IN)), (200, true), "{body}");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    let user = tokio::time::timeout(PATIENCE, users.next()).await.expect("in time").expect("a user");
    assert_the_test_user(&user);
    let mut shown = body;
    let cases = [
        (target(&hash), 400),
        (format!("{PATH}?tg_passport=cancel&hash={}", escaped(&hash)), 400),
        (format!("{PATH}?tg_passport=success"), 400),
        (format!("{PATH}?tg_passport=success&hash=not*base64!"), 400),
        (target(&"A".repeat(2048)), 414),
    ];
    for (target, want) in &cases {
        let (status, _, body) = get(&format!("{base}{target}")).await;
        assert_eq!((status, body.contains(FAILED)), (*want, true), "{target}");
        shown.push_str(&body);
    }
    let post = http().post(format!("{base}{}", target(&hash))).send().await.expect("an answer");
    assert_eq!(post.status(), 405);
    assert_eq!(get(&format!("{base}/elsewhere")).await.0, 404, "the application's own 404");
    assert_eq!(events.checks(), ["replay", "status", "payload-missing", "decode", "target-length", "method"]);
    assert_private(&format!("{shown}{}", events.text()), &hash);
    serving.abort();
    let _ = serving.await;
    assert!(rest(users).await.is_empty(), "nothing more once the router is gone");
}
