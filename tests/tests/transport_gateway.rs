//! The Gateway API client against the fake Gateway server on 127.0.0.1: the token in an
//! `Authorization: Bearer` header and nowhere in the URL or any error, the encodings the
//! page allows, and string error codes decoded into `ErrorKind`, unknown ones kept.

use fake_server::GatewayServer;
use serde_json::json;
use tgfamily::gateway::{Bot, ErrorKind, Gateway, SendVerificationMessage, VerificationState};
use tgfamily::Client;

const TOKEN: &str = "AAHGhAAAAAAAfwX3sJbIBTPPY2zX0Cs8tVe1yUNLnu3zJQ";

fn bot(server: &GatewayServer, token: &str) -> Bot {
    Bot::with_client(Client::<Gateway>::new(token).with_base_url(server.base_url()))
}

#[tokio::test]
async fn the_token_travels_in_the_bearer_header_only() {
    let server = GatewayServer::start(TOKEN).await;
    let status =
        bot(&server, TOKEN).send_verification_message("+15551234567").code_length(4).await.expect("sent");
    assert_eq!(status.phone_number, "+15551234567");
    let request = &server.requests()[0];
    assert_eq!(request.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(
        (request.verb.as_str(), request.path.as_str(), request.query.as_str()),
        ("POST", "/sendVerificationMessage", "")
    );
    assert_eq!(request.json(), Some(json!({"phone_number": "+15551234567", "code_length": 4})));
    assert!(!String::from_utf8_lossy(&request.body).contains(TOKEN));
}

#[tokio::test]
async fn a_code_is_sent_and_verified() {
    let server = GatewayServer::start(TOKEN).await;
    let bot = bot(&server, TOKEN);
    let sent = bot.send_verification_message("+15551234567").ttl(60).await.expect("sent");
    let code = server.code_of(&sent.request_id).expect("a code was sent");
    let wrong =
        bot.check_verification_status(sent.request_id.as_str()).code("0000000").await.expect("checked");
    assert_eq!(wrong.verification_status.expect("a verdict").status, VerificationState::CodeInvalid);
    let right =
        bot.check_verification_status(sent.request_id.as_str()).code(code.as_str()).await.expect("checked");
    let verdict = right.verification_status.expect("a verdict");
    assert_eq!((verdict.status, verdict.code_entered), (VerificationState::CodeValid, Some(code)));
    bot.revoke_verification_message(sent.request_id.as_str()).await.expect("revoked");
}

#[tokio::test]
async fn a_wrong_token_is_access_token_invalid_and_never_shown() {
    let server = GatewayServer::start(TOKEN).await;
    let wrong = format!("{TOKEN}-revoked");
    let error = bot(&server, &wrong).check_send_ability("+15551234567").await.expect_err("refused");
    assert_eq!(error.kind(), Some(ErrorKind::AccessTokenInvalid));
    let api = error.api().expect("an API error");
    assert_eq!((api.error.as_deref(), api.status), (Some("ACCESS_TOKEN_INVALID"), 401));
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("ACCESS_TOKEN_INVALID") && !shown.contains(TOKEN), "{shown}");
    assert_eq!(ErrorKind::AccessTokenInvalid.error_string(), Some("ACCESS_TOKEN_INVALID"));
}

#[tokio::test]
async fn every_listed_error_string_decodes_to_its_kind_and_others_are_kept() {
    let server = GatewayServer::start(TOKEN).await;
    let bot = bot(&server, TOKEN);
    for kind in [ErrorKind::AccessTokenInvalid] {
        let string = kind.error_string().expect("a string kind");
        server.fail_next("checkSendAbility", string);
        let error = bot.check_send_ability("+15551234567").await.expect_err("scripted");
        assert_eq!(error.kind(), Some(kind), "{string}");
    }
    let error = bot.send_verification_message("12").await.expect_err("not E.164");
    assert_eq!(error.kind(), Some(ErrorKind::Unknown));
    assert_eq!(error.api().and_then(|api| api.error.as_deref()), Some("PHONE_NUMBER_INVALID"));
    assert!(error.to_string().contains("PHONE_NUMBER_INVALID (HTTP 400)"), "{error}");
}

#[tokio::test]
async fn no_error_holds_the_token() {
    // Nothing listens: a transport error.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bound");
        listener.local_addr().expect("an address")
    };
    let client = Client::<Gateway>::new(TOKEN).with_base_url(format!("http://{closed}"));
    let error =
        client.execute(&SendVerificationMessage::new("+15551234567")).await.expect_err("nothing listens");
    let shown = format!("{error} {error:?} {client:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    // An answer quoting the token, that does not decode.
    let body = format!(r#"{{"ok": true, "result": "{TOKEN}"}}"#);
    let error =
        tgfamily::transport::decode::<tgfamily::gateway::ErrorCode, tgfamily::gateway::RequestStatus>(
            "checkSendAbility",
            200,
            body.as_bytes(),
            TOKEN,
        )
        .expect_err("not a RequestStatus");
    assert!(!format!("{error} {error:?}").contains(TOKEN));
    // A string error quoting the token.
    let body = format!(r#"{{"ok": false, "error": "BAD {TOKEN}"}}"#);
    let error = tgfamily::transport::decode::<tgfamily::gateway::ErrorCode, tgfamily::Done>(
        "x",
        400,
        body.as_bytes(),
        TOKEN,
    )
    .expect_err("an error");
    assert!(!format!("{error} {error:?}").contains(TOKEN), "{error:?}");
}

/// The fake server takes the three encodings the page allows, with the token in the
/// header or as the `access_token` parameter.
#[tokio::test]
async fn the_server_takes_every_encoding_the_page_allows() {
    let server = GatewayServer::start(TOKEN).await;
    let http = tgfamily::reqwest::Client::new();
    let url = format!("{}/checkSendAbility", server.base_url());
    let phone = "+15551234567";
    let json_body = |value: serde_json::Value| value.to_string();
    let json = "application/json";
    let requests = [
        http.get(&url).query(&[("phone_number", phone), ("access_token", TOKEN)]),
        http.post(&url).form(&[("phone_number", phone), ("access_token", TOKEN)]),
        http.post(&url)
            .header("content-type", json)
            .body(json_body(json!({"phone_number": phone, "access_token": TOKEN}))),
        http.get(&url).bearer_auth(TOKEN).query(&[("phone_number", phone)]),
        http.post(&url).bearer_auth(TOKEN).form(&[("phone_number", phone)]),
        http.post(url.to_ascii_lowercase())
            .bearer_auth(TOKEN)
            .header("content-type", json)
            .body(json_body(json!({"phone_number": phone}))),
    ];
    for (index, request) in requests.into_iter().enumerate() {
        let answer = request.send().await.expect("answered").bytes().await.expect("a body");
        let answer: serde_json::Value = serde_json::from_slice(&answer).expect("JSON");
        assert_eq!(
            (answer["ok"].as_bool(), answer["result"]["phone_number"].as_str()),
            (Some(true), Some(phone)),
            "request {index}"
        );
    }
    let no_token =
        http.post(&url).header("content-type", json).body(json_body(json!({"phone_number": phone})));
    let answer = no_token.send().await.expect("answered").bytes().await.expect("a body");
    let answer: serde_json::Value = serde_json::from_slice(&answer).expect("JSON");
    assert_eq!(answer, json!({"ok": false, "error": "ACCESS_TOKEN_INVALID"}));
}
