//! Signed callbacks: the Gateway API's delivery reports checked against vectors made by
//! the openssl command-line tool (fixtures/receivers/callback/make-fixtures.sh), and the
//! receiver on 127.0.0.1 taking the reports the fake Gateway server posts.

use std::time::{Duration, UNIX_EPOCH};

use fake_server::{post_json, report_signature, GatewayServer};
use tgfamily::callback::{CallbackReceiver, Rejected, Verifier};
use tgfamily::gateway::{Bot, DeliveryReport, DeliveryState, Gateway, DELIVERY_REPORT};
use tgfamily::Client;

fn fixture(name: &str) -> String {
    let path = format!("{}/fixtures/receivers/callback/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

struct Vector {
    token: String,
    timestamp: String,
    body: String,
    signature: String,
}

fn vector() -> Vector {
    Vector {
        token: fixture("token.txt"),
        timestamp: fixture("timestamp.txt"),
        body: fixture("report.json"),
        signature: fixture("signature.txt"),
    }
}

/// `seconds` after the vector's timestamp.
fn after(vector: &Vector, seconds: u64) -> std::time::SystemTime {
    UNIX_EPOCH + Duration::from_secs(vector.timestamp.parse::<u64>().expect("seconds") + seconds)
}

fn headers<'a>(timestamp: &'a str, signature: &'a str) -> impl Fn(&str) -> Option<&'a str> {
    move |name: &str| match name {
        "X-Request-Timestamp" => Some(timestamp),
        "X-Request-Signature" => Some(signature),
        _ => None,
    }
}

#[test]
fn a_report_signed_by_openssl_is_accepted_and_decoded() {
    let v = vector();
    let verifier = Verifier::new(&DELIVERY_REPORT, &v.token);
    let report: DeliveryReport = verifier
        .decode(headers(&v.timestamp, &v.signature), v.body.as_bytes(), after(&v, 10))
        .expect("verifies");
    assert_eq!(report.request_id, "req-1");
    assert_eq!(report.payload.as_deref(), Some("order-42"));
    assert_eq!(report.delivery_status.expect("a delivery status").status, DeliveryState::Read);
    // Hex in upper case is the same signature.
    let upper = v.signature.to_ascii_uppercase();
    assert_eq!(verifier.verify(headers(&v.timestamp, &upper), v.body.as_bytes(), after(&v, 10)), Ok(()));
}

#[test]
fn the_fake_server_signs_as_openssl_does() {
    let v = vector();
    assert_eq!(report_signature(&v.token, &v.timestamp, v.body.as_bytes()), v.signature);
}

#[test]
fn each_check_refuses_what_it_should() {
    let v = vector();
    let verifier = Verifier::new(&DELIVERY_REPORT, &v.token);
    let body = v.body.as_bytes();
    let at = after(&v, 10);
    let check = |timestamp: &str, signature: &str, body: &[u8], now| {
        verifier.verify(headers(timestamp, signature), body, now)
    };
    let changed = v.body.replace("read", "sent");
    assert_eq!(check(&v.timestamp, &v.signature, changed.as_bytes(), at), Err(Rejected::BadSignature));
    let later = (v.timestamp.parse::<u64>().expect("seconds") + 1).to_string();
    assert_eq!(check(&later, &v.signature, body, at), Err(Rejected::BadSignature), "the timestamp is signed");
    assert_eq!(check(&v.timestamp, &v.signature[..63], body, at), Err(Rejected::MalformedSignature));
    assert_eq!(check("yesterday", &v.signature, body, at), Err(Rejected::MalformedTimestamp));
    assert_eq!(
        check(&v.timestamp, &v.signature, body, after(&v, 301)),
        Err(Rejected::Stale { age: Duration::from_secs(301) }),
        "the default window is 300 s"
    );
    assert_eq!(check(&v.timestamp, &v.signature, body, after(&v, 300)), Ok(()));
    let early = UNIX_EPOCH + Duration::from_secs(v.timestamp.parse::<u64>().expect("seconds") - 61);
    assert_eq!(check(&v.timestamp, &v.signature, body, early), Err(Rejected::FromTheFuture));
    let no_signature = |name: &str| (name == "X-Request-Timestamp").then_some(v.timestamp.as_str());
    assert_eq!(verifier.verify(no_signature, body, at), Err(Rejected::MissingSignature));
    let no_timestamp = |name: &str| (name == "X-Request-Signature").then_some(v.signature.as_str());
    assert_eq!(verifier.verify(no_timestamp, body, at), Err(Rejected::MissingTimestamp));
    let other_token = Verifier::new(&DELIVERY_REPORT, "another-token");
    assert_eq!(
        other_token.verify(headers(&v.timestamp, &v.signature), body, at),
        Err(Rejected::BadSignature)
    );
    let short = verifier.clone().max_body_bytes(body.len() - 1);
    assert_eq!(
        short.verify(headers(&v.timestamp, &v.signature), body, at),
        Err(Rejected::TooLarge { limit: body.len() - 1 })
    );
    let narrow = verifier.clone().freshness(Duration::from_secs(5));
    assert!(matches!(
        narrow.verify(headers(&v.timestamp, &v.signature), body, at),
        Err(Rejected::Stale { .. })
    ));
}

#[test]
fn neither_the_verifier_nor_a_refusal_shows_the_token() {
    let v = vector();
    let verifier = Verifier::new(&DELIVERY_REPORT, &v.token);
    let refusal =
        verifier.verify(headers(&v.timestamp, "00"), v.body.as_bytes(), after(&v, 1)).expect_err("refused");
    let shown = format!("{verifier:?} {refusal} {refusal:?}");
    assert!(!shown.contains(&v.token), "{shown}");
}

const TOKEN: &str = "gateway-test-token";

#[tokio::test]
async fn the_receiver_takes_the_reports_the_fake_server_posts() {
    let server = GatewayServer::start(TOKEN).await;
    let receiver =
        CallbackReceiver::<DeliveryReport>::new("/reports", Verifier::new(&DELIVERY_REPORT, TOKEN));
    let (callbacks_server, mut reports) =
        receiver.bind("127.0.0.1:0".parse().expect("an address")).await.expect("bound");
    let url = format!("http://{}/reports", callbacks_server.local_addr());
    let bot = Bot::with_client(Client::<Gateway>::new(TOKEN).with_base_url(server.base_url()));
    let sent = bot
        .send_verification_message("+15551234567")
        .callback_url(url.as_str())
        .payload("order-7")
        .await
        .expect("sent");
    bot.revoke_verification_message(sent.request_id.as_str()).await.expect("revoked");
    let statuses: Vec<Option<u16>> = server.reports().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(200), Some(200)]);
    let first = reports.next().await.expect("the first report");
    assert_eq!(
        (first.request_id.as_str(), first.payload.as_deref()),
        (sent.request_id.as_str(), Some("order-7"))
    );
    assert_eq!(first.delivery_status.expect("a status").status, DeliveryState::Sent);
    let second = reports.next().await.expect("the second report");
    assert_eq!(second.delivery_status.expect("a status").status, DeliveryState::Revoked);
    callbacks_server.shutdown().await;
}

#[tokio::test]
async fn the_receiver_refuses_stale_forged_large_and_misdirected_reports() {
    let server = GatewayServer::start(TOKEN).await;
    let verifier = Verifier::new(&DELIVERY_REPORT, TOKEN).max_body_bytes(1024);
    let (callbacks_server, mut reports) = CallbackReceiver::<DeliveryReport>::new("/reports", verifier)
        .bind("127.0.0.1:0".parse().expect("an address"))
        .await
        .expect("bound");
    let base = format!("http://{}", callbacks_server.local_addr());
    // A report signed an hour ago.
    server.sign_reports_as_of(Duration::from_secs(3600));
    let bot = Bot::with_client(Client::<Gateway>::new(TOKEN).with_base_url(server.base_url()));
    bot.send_verification_message("+15551234567")
        .callback_url(format!("{base}/reports"))
        .await
        .expect("sent");
    assert_eq!(server.reports()[0].status, Some(401));
    // Forged: signed with another token.
    let body = br#"{"request_id":"x","phone_number":"+1555","request_cost":0}"#;
    let now =
        std::time::SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970").as_secs().to_string();
    let forged = report_signature("not-the-token", &now, body);
    let signed = [("X-Request-Timestamp", now.as_str()), ("X-Request-Signature", forged.as_str())];
    assert_eq!(post_json(&format!("{base}/reports"), &signed, body).await.expect("answered"), 401);
    // Too large, and elsewhere.
    let large = vec![b' '; 2048];
    let good = report_signature(TOKEN, &now, &large);
    let signed = [("X-Request-Timestamp", now.as_str()), ("X-Request-Signature", good.as_str())];
    assert_eq!(post_json(&format!("{base}/reports"), &signed, &large).await.expect("answered"), 413);
    let good = report_signature(TOKEN, &now, body);
    let signed = [("X-Request-Timestamp", now.as_str()), ("X-Request-Signature", good.as_str())];
    assert_eq!(post_json(&format!("{base}/other"), &signed, body).await.expect("answered"), 404);
    // Signed, but not a report.
    let not_a_report = br#"{"nothing": true}"#;
    let good = report_signature(TOKEN, &now, not_a_report);
    let signed = [("X-Request-Timestamp", now.as_str()), ("X-Request-Signature", good.as_str())];
    assert_eq!(post_json(&format!("{base}/reports"), &signed, not_a_report).await.expect("answered"), 400);
    // The one good report is the only one taken.
    let good = report_signature(TOKEN, &now, body);
    let signed = [("X-Request-Timestamp", now.as_str()), ("X-Request-Signature", good.as_str())];
    assert_eq!(post_json(&format!("{base}/reports"), &signed, body).await.expect("answered"), 200);
    callbacks_server.shutdown().await;
    assert_eq!(reports.next().await.map(|r| r.request_id), Some("x".to_owned()));
    assert!(reports.next().await.is_none(), "nothing else was taken");
}
