//! The documented rules, checked before sending against the fake servers on 127.0.0.1: a
//! value a rule refuses fails with `Error::Invalid` naming the method, the parameter's
//! path and the rule, and the server receives nothing; a value at each bound is sent.
//! The error never shows the value. A property test checks, for random lengths around
//! each bound, that the check refuses exactly what every reading of the rule refuses.

use fake_server::{FakeServer, GatewayServer, Reply};
use integration::rng::Rng;
use serde_json::json;
use tgfamily::rules::Found;
use tgfamily::{Client, Error, Request};

const GATEWAY_TOKEN: &str = "AAHGhAAAAAAAfwX3sJbIBTPPY2zX0Cs8tVe1yUNLnu3zJQ";
const BOT_TOKEN: &str = "12345678:1cvV9xN7DLzbgSSV4NFsYo3mqSg";
const PHONE: &str = "+15551234567";

fn gateway(server: &GatewayServer) -> tgfamily::gateway::Bot {
    tgfamily::gateway::Bot::with_client(Client::new(GATEWAY_TOKEN).with_base_url(server.base_url()))
}

fn potato(server: &FakeServer) -> tgfamily::potato::Bot {
    tgfamily::potato::Bot::with_client(Client::new(BOT_TOKEN).with_base_url(server.base_url()))
}

fn cloudchat(server: &FakeServer) -> tgfamily::cloudchat::Bot {
    tgfamily::cloudchat::Bot::with_client(Client::new(BOT_TOKEN).with_base_url(server.base_url()))
}

/// The error's method, parameter, rule and what was found, shown; panics on another error.
fn invalid<C: std::fmt::Debug>(error: &Error<C>) -> (&'static str, &str, String, Found) {
    match error {
        Error::Invalid { method, parameter, rule, found } => (method, parameter, rule.to_string(), *found),
        other => panic!("not a broken rule: {other:?}"),
    }
}

#[tokio::test]
async fn gateway_values_breaking_a_rule_are_refused_before_sending() {
    use tgfamily::gateway::SendVerificationMessage as Send;
    let server = GatewayServer::start(GATEWAY_TOKEN).await;
    let bot = gateway(&server);
    let secret_payload = format!("SECRET-{}", "p".repeat(122));
    let cases: [(Send, &str, &str, Found); 6] = [
        (Send::new(PHONE).with_code("123"), "code", "4-8 characters", Found::Characters(3)),
        (Send::new(PHONE).with_code("12a4"), "code", "fully numeric", Found::Character(2)),
        (Send::new(PHONE).with_ttl(59), "ttl", "60-86400", Found::Number(59)),
        (Send::new(PHONE).with_ttl(86401), "ttl", "60-86400", Found::Number(86401)),
        (Send::new("+1 555 123 4567"), "phone_number", "E.164 format", Found::Character(2)),
        (Send::new(PHONE).with_payload(secret_payload.clone()), "payload", "0-128 bytes", Found::Bytes(129)),
    ];
    for (request, parameter, rule, found) in cases {
        let error = bot.execute(&request).await.expect_err("refused");
        assert_eq!(invalid(&error), ("sendVerificationMessage", parameter, rule.to_owned(), found));
        let shown = format!("{error} {error:?}");
        assert!(shown.contains("sendVerificationMessage") && shown.contains(parameter), "{shown}");
        assert!(
            !shown.contains("SECRET") && !shown.contains("12a4") && !shown.contains("555 123"),
            "{shown}"
        );
    }
    assert_eq!(server.requests().len(), 0, "nothing reached the server");
}

#[tokio::test]
async fn gateway_values_at_each_bound_reach_the_server() {
    let server = GatewayServer::start(GATEWAY_TOKEN).await;
    let bot = gateway(&server);
    let at_bounds = [
        bot.send_verification_message(PHONE).code("1234").ttl(60).payload("p".repeat(128)),
        bot.send_verification_message("15551234567").code("12345678").ttl(86400).payload(""),
        bot.send_verification_message("+999999999999999").code_length(8),
    ];
    let count = at_bounds.len();
    for call in at_bounds {
        call.await.expect("sent and accepted");
    }
    assert_eq!(server.requests().len(), count);
}

#[tokio::test]
async fn a_callback_data_nested_in_a_keyboard_is_refused_with_its_path() {
    use tgfamily::cloudchat::{InlineKeyboardButton as Button, InlineKeyboardMarkup};
    let server = FakeServer::start_for(&tgfamily::cloudchat::PROFILE).await;
    let bot = cloudchat(&server);
    let keyboard = |data: String| {
        InlineKeyboardMarkup::new(vec![vec![
            Button::new("ok").with_callback_data("ok"),
            Button::new("long").with_callback_data(data),
        ]])
    };
    let error =
        bot.edit_message_text(7, 1, "hi").reply_markup(keyboard("d".repeat(65))).await.expect_err("65 bytes");
    assert_eq!(
        invalid(&error),
        (
            "editMessageText",
            "reply_markup.inline_keyboard[0][1].callback_data",
            "1-64 bytes".to_owned(),
            Found::Bytes(65)
        )
    );
    assert_eq!(server.requests().len(), 0, "nothing reached the server");
    server.reply("editMessageText", Reply::ok(json!(true)));
    let sent = bot.edit_message_text(7, 1, "hi").reply_markup(keyboard("d".repeat(64))).await;
    assert_eq!(server.requests().len(), 1, "64 bytes are sent ({sent:?})");
}

#[tokio::test]
async fn potato_texts_at_the_maximum_pass_and_one_over_is_refused() {
    use tgfamily::potato::ChatType;
    let server = FakeServer::start_for(&tgfamily::potato::PROFILE).await;
    let bot = potato(&server);
    let error = bot.set_chat_title(ChatType::PeerUser, 7, "t".repeat(256)).await.expect_err("256 characters");
    assert_eq!(
        invalid(&error),
        ("setChatTitle", "title", "1-255 characters".to_owned(), Found::Characters(256))
    );
    let error = bot.set_chat_title(ChatType::PeerUser, 7, "").await.expect_err("empty");
    assert_eq!(invalid(&error).3, Found::Characters(0));
    assert_eq!(server.requests().len(), 0, "nothing reached the server");
    // 255 characters pass, whether counted as scalar values or, for astral ones, not.
    for title in ["t".repeat(255), "😀".repeat(255), format!(" {} ", "t".repeat(255))] {
        server.reply("setChatTitle", Reply::ok(json!(true)));
        bot.set_chat_title(ChatType::PeerUser, 7, title).await.expect("at the maximum");
    }
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn potato_inline_results_are_checked_inside_the_list() {
    use tgfamily::potato::{InlineQueryResult, InlineQueryResultArticle as Article, InputTextMessageContent};
    let server = FakeServer::start_for(&tgfamily::potato::PROFILE).await;
    let bot = potato(&server);
    let article = |id: String, text: String| -> InlineQueryResult {
        Article::new(id, "title", InputTextMessageContent::new(text)).into()
    };
    let cases = [
        (
            vec![article("a".into(), "x".into()), article("b".repeat(65), "x".into())],
            "results[1].id",
            "1-64 bytes",
        ),
        (
            vec![article("a".into(), String::new())],
            "results[0].input_message_content.message_text",
            "1-4096 characters",
        ),
        ((0..51).map(|i| article(i.to_string(), "x".into())).collect(), "results", "no more than 50 results"),
    ];
    for (results, parameter, rule) in cases {
        let error = bot.answer_inline_query("q", results).await.expect_err("refused");
        let (method, path, shown, _) = invalid(&error);
        assert_eq!((method, path, shown.as_str()), ("answerInlineQuery", parameter, rule));
    }
    assert_eq!(server.requests().len(), 0, "nothing reached the server");
    server.reply("answerInlineQuery", Reply::ok(json!(true)));
    let fifty = (0..50).map(|i| article("i".repeat(64 - i % 2), "x".repeat(4096))).collect();
    bot.answer_inline_query("q", fifty).await.expect("every bound met");
    assert_eq!(server.requests().len(), 1);
}

/// The characters of the generated strings: one to four UTF-8 bytes, one or two UTF-16
/// code units, and whitespace a server may trim.
const POOL: [char; 6] = ['a', 'é', '中', '😀', ' ', '\u{3000}'];

fn random_text(rng: &mut Rng, length: usize) -> String {
    (0..length).map(|_| POOL[rng.below(POOL.len())]).collect()
}

/// Whether every reading of "`min`-`max` characters" refuses `text`: counted as scalar
/// values or UTF-16 code units, trimmed or not.
fn every_reading_refuses(text: &str, min: usize, max: usize) -> bool {
    let counts = [
        text.chars().count(),
        text.encode_utf16().count(),
        text.trim().chars().count(),
        text.trim().encode_utf16().count(),
    ];
    counts.iter().all(|&n| n > max) || counts.iter().all(|&n| n < min)
}

#[test]
fn around_each_bound_the_check_refuses_exactly_what_every_reading_refuses() {
    use tgfamily::cloudchat::{Cloudchat, SetChatTitle};
    use tgfamily::gateway::{Gateway, SendVerificationMessage};
    use tgfamily::potato::{AnswerCallbackQuery, Potato};
    for seed in 0..400_u64 {
        let mut rng = Rng::new(seed);
        let near = |rng: &mut Rng, bound: usize| (bound + rng.below(7)).saturating_sub(3);
        // Characters: CloudChat's title, 1-255; Potato's notification, 0-200.
        let bound = if rng.chance(1, 2) { 1 } else { 255 };
        let length = near(&mut rng, bound);
        let title = random_text(&mut rng, length);
        let refused = Request::<Cloudchat>::check(&SetChatTitle::new(7, title.as_str())).is_err();
        assert_eq!(refused, every_reading_refuses(&title, 1, 255), "seed {seed}: title {title:?}");
        let length = near(&mut rng, 200);
        let text = random_text(&mut rng, length);
        let refused =
            Request::<Potato>::check(&AnswerCallbackQuery::new("q").with_text(text.as_str())).is_err();
        assert_eq!(refused, every_reading_refuses(&text, 0, 200), "seed {seed}: text {text:?}");
        // Bytes: Gateway's payload, 0-128, exact.
        let length = near(&mut rng, 40);
        let payload = random_text(&mut rng, length);
        let request = SendVerificationMessage::new(PHONE).with_payload(payload.as_str());
        assert_eq!(Request::<Gateway>::check(&request).is_err(), payload.len() > 128, "seed {seed}");
        // A number: the time to live, 60-86400.
        let bound = if rng.chance(1, 2) { 60 } else { 86400 };
        let ttl = i64::try_from(near(&mut rng, bound)).unwrap_or(0);
        let request = SendVerificationMessage::new(PHONE).with_ttl(ttl);
        assert_eq!(Request::<Gateway>::check(&request).is_err(), !(60..=86400).contains(&ttl), "seed {seed}");
        // Digits of the code, 4-8 of them.
        let bound = if rng.chance(1, 2) { 4 } else { 8 };
        let code = "7".repeat(near(&mut rng, bound));
        let request = SendVerificationMessage::new(PHONE).with_code(code.as_str());
        assert_eq!(
            Request::<Gateway>::check(&request).is_err(),
            !(4..=8).contains(&code.len()),
            "seed {seed}"
        );
    }
}

#[test]
fn a_request_written_by_hand_checks_nothing() {
    #[derive(serde::Serialize)]
    struct Hand {
        payload: String,
    }
    impl Request<tgfamily::gateway::Gateway> for Hand {
        type Response = tgfamily::Done;
        const NAME: &'static str = "sendVerificationMessage";
        const PATH: &'static str = "sendVerificationMessage";
        const VERB: tgfamily::Verb = tgfamily::Verb::Post;
    }
    assert_eq!(Request::<tgfamily::gateway::Gateway>::check(&Hand { payload: "p".repeat(1000) }), Ok(()));
}
