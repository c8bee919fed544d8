//! The shape the platforms share: named choices and their conversions, and the same
//! accessors on every platform's `Update`.

use tgfamily::{cloudchat, telegram};

/// Integers across each type's range, including both ends.
fn samples<T: Copy>(min: T, max: T, middle: &[T]) -> Vec<T> {
    let mut out = vec![min, max];
    out.extend_from_slice(middle);
    out
}

#[test]
fn chat_ids_convert_from_every_integer_type_without_loss() {
    for value in samples(i32::MIN, i32::MAX, &[-1, 0, 1, 20216742]) {
        assert_eq!(telegram::ChatId::from(value), telegram::ChatId::Integer(i64::from(value)));
        assert_eq!(cloudchat::ChatId::from(value), cloudchat::ChatId::Integer(i64::from(value)));
    }
    for value in samples(u32::MIN, u32::MAX, &[1, 3_000_000_000]) {
        assert_eq!(telegram::ChatId::from(value), telegram::ChatId::Integer(i64::from(value)));
    }
    let wide = i64::MAX as u64;
    for value in samples(u64::MIN, wide, &[1, 1 << 40]) {
        let id = telegram::ChatId::try_from(value).expect("fits in i64");
        assert_eq!(id, telegram::ChatId::Integer(value as i64));
    }
    for value in [wide + 1, u64::MAX] {
        assert!(telegram::ChatId::try_from(value).is_err(), "{value} does not fit in i64");
    }
    assert_eq!(telegram::ChatId::try_from(usize::MAX).is_err(), usize::BITS >= 64);
}

#[test]
fn chat_ids_convert_from_every_string_form() {
    let owned = String::from("@channel");
    let expected = telegram::ChatId::String(owned.clone());
    assert_eq!(telegram::ChatId::from(&owned), expected);
    assert_eq!(telegram::ChatId::from(owned.as_str()), expected);
    assert_eq!(telegram::ChatId::from(owned.clone()), expected);
    assert_eq!(serde_json::to_string(&expected).expect("serialises"), "\"@channel\"");
    let id: telegram::ChatId = serde_json::from_str("-1001234567890").expect("decodes");
    assert_eq!(id, telegram::ChatId::from(-1001234567890_i64));
}

#[test]
fn edits_return_the_named_choice() {
    let edited: telegram::EditResult = serde_json::from_str("true").expect("decodes");
    assert_eq!(edited, telegram::EditResult::True(true));
    let edited: cloudchat::EditResult = serde_json::from_str("true").expect("decodes");
    assert_eq!(edited, cloudchat::EditResult::True(true));
}

/// What every platform's `Update` answers, read through the same accessors.
#[derive(Debug, PartialEq)]
struct Seen {
    update_id: i64,
    kind_name: Option<String>,
    chat_id: Option<i64>,
    sender_id: Option<i64>,
    message_id: Option<i64>,
}

/// Calls each accessor of one platform's `Update` (the same names on every platform).
macro_rules! seen {
    ($platform:ident, $json:expr) => {{
        let update: tgfamily::$platform::Update = serde_json::from_value($json).expect("decodes");
        Seen {
            update_id: update.update_id,
            kind_name: update.kind_name().map(str::to_owned),
            chat_id: update.chat().map(|chat| chat.id),
            sender_id: update.sender().map(|user| user.id),
            message_id: update.message().map(|message| message.message_id),
        }
    }};
}

fn expected(
    update_id: i64,
    kind: &str,
    chat: Option<i64>,
    sender: Option<i64>,
    message: Option<i64>,
) -> Seen {
    Seen {
        update_id,
        kind_name: Some(kind.to_owned()),
        chat_id: chat,
        sender_id: sender,
        message_id: message,
    }
}

#[test]
fn every_update_answers_the_same_accessors() {
    for platform in [&tgfamily::potato::PROFILE, &tgfamily::cloudchat::PROFILE, &tgfamily::telegram::PROFILE]
    {
        let json = fake_server::text_update(platform, 7, 42, "hi");
        let seen = match platform.name {
            "potato" => seen!(potato, json),
            "cloudchat" => seen!(cloudchat, json),
            _ => seen!(telegram, json),
        };
        assert_eq!(seen.update_id, 7, "{platform:?}");
        assert_eq!(seen.kind_name.as_deref(), Some("message"), "{platform:?}");
        assert_eq!(seen.chat_id, Some(42), "{platform:?}");
        assert_eq!(seen.sender_id, Some(42), "{platform:?}");
        assert!(seen.message_id.is_some(), "{platform:?}");
    }
}

#[test]
fn an_unknown_kind_is_named_and_has_no_chat() {
    let unknown = serde_json::json!({"update_id": 3, "poll_vote": {"chat": {"id": 1}}});
    let none = expected(3, "poll_vote", None, None, None);
    assert_eq!(seen!(potato, unknown.clone()), none);
    assert_eq!(seen!(cloudchat, unknown.clone()), none);
    assert_eq!(seen!(telegram, unknown), none);
}

#[test]
fn telegram_callback_queries_reach_the_chat_through_a_maybe_inaccessible_message() {
    let inaccessible = serde_json::json!({"update_id": 5, "callback_query": {
        "id": "q", "from": {"id": 9, "is_bot": false, "first_name": "A"}, "chat_instance": "i",
        "message": {"chat": {"id": -100, "type": "group"}, "message_id": 11, "date": 0}}});
    assert_eq!(
        seen!(telegram, inaccessible.clone()),
        expected(5, "callback_query", Some(-100), Some(9), None)
    );
    let update: telegram::Update = serde_json::from_value(inaccessible).expect("decodes");
    let Some(telegram::UpdateKind::CallbackQuery(query)) = &update.kind else { panic!("a callback query") };
    let message = query.message.as_ref().expect("a message");
    assert_eq!((message.chat().id, message.message_id(), message.date()), (-100, 11, 0));
}

/// What the family's read traits give for an update: only the traits are used, so this
/// compiles for every platform's `Bot`.
fn family_reads<B: tgfamily::family::Bot>(
    json: serde_json::Value,
) -> (i64, Option<String>, i64, i64, Option<String>) {
    use tgfamily::family::{Chat, Message, Update};
    let update: B::Update = serde_json::from_value(json).expect("decodes");
    let message = update.message().expect("a message");
    let _: (Option<i64>, Option<&str>, Option<&str>) =
        (message.edit_date(), message.chat().title(), message.chat().username());
    assert!(message.date() > 0);
    (
        update.update_id(),
        update.kind_name().map(str::to_owned),
        message.message_id(),
        message.chat().id(),
        message.text().map(str::to_owned),
    )
}

#[test]
fn every_platform_reads_an_update_through_the_family_traits() {
    for platform in [&tgfamily::potato::PROFILE, &tgfamily::cloudchat::PROFILE, &tgfamily::telegram::PROFILE]
    {
        let json = fake_server::text_update(platform, 7, 42, "hi");
        let read = match platform.name {
            "potato" => family_reads::<tgfamily::potato::Bot>(json),
            "cloudchat" => family_reads::<tgfamily::cloudchat::Bot>(json),
            _ => family_reads::<tgfamily::telegram::Bot>(json),
        };
        assert_eq!(read, (7, Some("message".to_owned()), 7, 42, Some("hi".to_owned())), "{platform:?}");
    }
}

/// Answers the callback query of `json` through the family trait, against a fake server
/// for `platform`; gives the request's body.
async fn answer<B: tgfamily::family::AnswerCallbackQuery>(
    platform: fake_server::Platform,
    bot: impl FnOnce(tgfamily::Client<B::Platform>) -> B,
    json: serde_json::Value,
) -> serde_json::Value {
    let server = fake_server::FakeServer::start_for(platform).await;
    let bot = bot(tgfamily::Client::new("123456:fake-token").with_base_url(server.base_url()));
    let update: B::Update = serde_json::from_value(json).expect("decodes");
    let query = B::callback_query(&update).expect("a callback query");
    bot.answer_callback_query(query, Some("noted")).await.expect("answered");
    let requests = server.requests();
    let request = requests.iter().find(|r| r.path.ends_with("/answerCallbackQuery")).expect("sent");
    request.json().expect("a JSON body")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn callback_queries_are_answered_through_the_family_trait() {
    let telegram = serde_json::json!({"update_id": 5, "callback_query": {
        "id": "q-1", "from": {"id": 9, "is_bot": false, "first_name": "A"}, "chat_instance": "i", "data": "again"}});
    let body = answer(&tgfamily::telegram::PROFILE, telegram::Bot::with_client, telegram).await;
    assert_eq!(
        (&body["callback_query_id"], &body["text"]),
        (&serde_json::json!("q-1"), &serde_json::json!("noted"))
    );
    // Potato names the query by its `inline_message_id`.
    let potato = serde_json::json!({"update_id": 5, "callback_query": {
        "inline_message_id": "im-2", "message_id": 3, "chat": {"id": 42, "type": 1},
        "from": {"id": 42, "first_name": "A", "username": "a"}, "data": "again", "date": 1}});
    let body = answer(&tgfamily::potato::PROFILE, tgfamily::potato::Bot::with_client, potato).await;
    assert_eq!(
        (&body["inline_message_id"], &body["text"]),
        (&serde_json::json!("im-2"), &serde_json::json!("noted"))
    );
    // A text message carries no callback query.
    let text: telegram::Update =
        serde_json::from_value(fake_server::text_update(&tgfamily::telegram::PROFILE, 1, 2, "x"))
            .expect("decodes");
    assert!(<telegram::Bot as tgfamily::family::AnswerCallbackQuery>::callback_query(&text).is_none());
}

/// A CloudChat chat's type, whichever form it arrived in (the integer `ChatType` or the
/// Chat table's name), is sent as the integer `ChatType` the send takes (`ChatKind` reads
/// as `ChatType`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cloudchat_chat_type_in_either_form_is_sent_as_the_integer() {
    use tgfamily::family::{Message, SendText, Update};
    let server = fake_server::FakeServer::start_for(&tgfamily::cloudchat::PROFILE).await;
    let bot = cloudchat::Bot::with_client(
        tgfamily::Client::new("123456:fake-token").with_base_url(server.base_url()),
    );
    let forms = [
        (serde_json::json!("private"), 2),
        (serde_json::json!("group"), 4),
        (serde_json::json!("supergroup"), 4),
        (serde_json::json!("channel"), 4),
        (serde_json::json!(2), 2),
        (serde_json::json!(4), 4),
    ];
    for (index, (form, expected)) in forms.iter().enumerate() {
        let mut json = fake_server::text_update(&tgfamily::cloudchat::PROFILE, 1, 42, "hi");
        json["message"]["chat"]["type"] = form.clone();
        let update: cloudchat::Update = serde_json::from_value(json).expect("decodes");
        let chat = Update::message(&update).expect("a message").chat();
        bot.send_text(chat, "hi").await.unwrap_or_else(|e| panic!("type {form}: {e}"));
        let sent: Vec<serde_json::Value> = server
            .requests()
            .iter()
            .filter(|r| r.path.ends_with("/sendTextMessage"))
            .map(|r| serde_json::from_slice(&r.body).expect("a JSON body"))
            .collect();
        assert_eq!(sent.len(), index + 1, "one send per form");
        assert_eq!(sent[index]["chat_type"], serde_json::json!(expected), "type {form}");
    }
}
