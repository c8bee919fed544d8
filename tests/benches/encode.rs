//! Encoding 10,000 `sendMessage` requests (text, entities, a 2×3 inline keyboard, reply
//! parameters and link-preview options on some) to JSON, as the client does
//! (`serde_json::to_vec` of the method struct), next to a baseline measured in the same
//! run: plain `#[derive(Serialize)]` structs of the same shape, which must write the same
//! bytes (checked before measuring).
//!
//! Run: `cargo bench -p integration --bench encode`.

use divan::counter::ItemsCount;
use divan::{black_box, Bencher};
use integration::rng::Rng;
use serde::Serialize;
use tgfamily::telegram::methods::SendMessage;

fn main() {
    divan::main();
}

/// How many requests one iteration encodes.
const REQUESTS: usize = 10_000;

/// The baseline: what a hand-written binding of `sendMessage` would declare, with every
/// parameter and field of the spec (so the structs are as large as the generated ones),
/// without `unknown_fields`.
mod plain {
    use serde::Serialize;

    /// A parameter of an object type this benchmark never sets (boxed, as the bindings
    /// box most of them).
    pub type Object = Box<serde_json::Value>;

    #[derive(Serialize)]
    pub struct SendMessage {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub business_connection_id: Option<String>,
        pub chat_id: ChatId,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub message_thread_id: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub direct_messages_topic_id: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub receiver_user_id: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub callback_query_id: Option<String>,
        pub text: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub parse_mode: Option<ParseMode>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub entities: Option<Vec<MessageEntity>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub link_preview_options: Option<LinkPreviewOptions>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub disable_notification: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub protect_content: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub allow_paid_broadcast: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub message_effect_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub suggested_post_parameters: Option<Object>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub reply_parameters: Option<ReplyParameters>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub reply_markup: Option<ReplyMarkup>,
    }

    #[derive(Serialize)]
    #[serde(untagged)]
    pub enum ChatId {
        Id(i64),
        Username(String),
    }

    #[derive(Serialize)]
    pub enum ParseMode {
        MarkdownV2,
        #[serde(rename = "HTML")]
        Html,
    }

    #[derive(Serialize, Default)]
    pub struct MessageEntity {
        #[serde(rename = "type")]
        pub kind: String,
        pub offset: i64,
        pub length: i64,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub url: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub user: Option<Object>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub language: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub custom_emoji_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub unix_time: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub date_time_format: Option<String>,
    }

    #[derive(Serialize, Default)]
    pub struct LinkPreviewOptions {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub is_disabled: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub url: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub prefer_small_media: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub prefer_large_media: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub show_above_text: Option<bool>,
    }

    #[derive(Serialize, Default)]
    pub struct ReplyParameters {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub message_id: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub chat_id: Option<ChatId>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub ephemeral_message_id: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub allow_sending_without_reply: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub quote: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub quote_parse_mode: Option<ParseMode>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub quote_entities: Option<Vec<MessageEntity>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub quote_position: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub checklist_task_id: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub poll_option_id: Option<String>,
    }

    #[derive(Serialize)]
    #[serde(untagged)]
    pub enum ReplyMarkup {
        Inline(InlineKeyboardMarkup),
    }

    #[derive(Serialize)]
    pub struct InlineKeyboardMarkup {
        pub inline_keyboard: Vec<Vec<InlineKeyboardButton>>,
    }

    #[derive(Serialize, Default)]
    pub struct InlineKeyboardButton {
        pub text: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub icon_custom_emoji_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub style: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub url: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub callback_data: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub web_app: Option<Object>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub login_url: Option<Object>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub switch_inline_query: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub switch_inline_query_current_chat: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub switch_inline_query_chosen_chat: Option<Object>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub copy_text: Option<Object>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub callback_game: Option<Object>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub pay: Option<bool>,
    }
}

/// Words the texts are made of: ASCII, Cyrillic, an emoji, and characters JSON escapes.
const WORDS: &[&str] = &[
    "hello",
    "world",
    "Привет",
    "order",
    "#42",
    "is",
    "ready",
    "🚀",
    "\"quoted\"",
    "line\nbreak",
    "tab\there",
    "€9.99",
];

/// `least` to `least + spread - 1` words.
fn text(rng: &mut Rng, least: usize, spread: usize) -> String {
    let words = least + rng.below(spread);
    let mut text = String::new();
    for i in 0..words {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(WORDS[rng.below(WORDS.len())]);
    }
    text
}

/// One request: a varied mix of what bots send.
fn plain_request(rng: &mut Rng, index: usize) -> plain::SendMessage {
    use plain::*;
    let body = text(rng, 5, 30);
    let entities = rng.chance(2, 3).then(|| {
        (0..1 + rng.below(4))
            .map(|i| {
                let kind = ["bold", "italic", "text_link", "code", "pre"][rng.below(5)];
                MessageEntity {
                    kind: kind.to_owned(),
                    offset: i64::try_from(i * 6).unwrap_or(0),
                    length: 5,
                    url: (kind == "text_link").then(|| format!("https://example.org/item/{index}?ref=bot")),
                    language: (kind == "pre").then(|| "rust".to_owned()),
                    ..MessageEntity::default()
                }
            })
            .collect()
    });
    let keyboard = rng.chance(3, 4).then(|| {
        let rows = (0..2)
            .map(|row| {
                (0..3)
                    .map(|column| {
                        let by_url = rng.chance(1, 4);
                        InlineKeyboardButton {
                            text: text(rng, 1, 2),
                            url: by_url.then(|| format!("https://example.org/{index}/{row}/{column}")),
                            callback_data: (!by_url).then(|| format!("action:{index}:{row}:{column}")),
                            ..InlineKeyboardButton::default()
                        }
                    })
                    .collect()
            })
            .collect();
        ReplyMarkup::Inline(InlineKeyboardMarkup { inline_keyboard: rows })
    });
    SendMessage {
        business_connection_id: None,
        direct_messages_topic_id: None,
        receiver_user_id: None,
        callback_query_id: None,
        allow_paid_broadcast: None,
        message_effect_id: None,
        suggested_post_parameters: None,
        chat_id: if rng.chance(1, 10) {
            ChatId::Username(format!("@channel_{}", rng.below(1000)))
        } else {
            ChatId::Id(-1_000_000_000_000 - i64::try_from(rng.below(1 << 30)).unwrap_or(0))
        },
        message_thread_id: rng.chance(1, 5).then(|| i64::try_from(rng.below(10_000)).unwrap_or(0)),
        text: body,
        parse_mode: match rng.below(4) {
            0 => Some(ParseMode::MarkdownV2),
            1 => Some(ParseMode::Html),
            _ => None,
        },
        entities,
        link_preview_options: rng.chance(1, 4).then(|| LinkPreviewOptions {
            is_disabled: rng.chance(1, 2).then_some(true),
            url: rng.chance(1, 2).then(|| format!("https://example.org/preview/{index}")),
            prefer_small_media: rng.chance(1, 3).then_some(true),
            ..LinkPreviewOptions::default()
        }),
        disable_notification: rng.chance(1, 3).then_some(true),
        protect_content: rng.chance(1, 6).then_some(false),
        reply_parameters: rng.chance(1, 3).then(|| ReplyParameters {
            message_id: Some(i64::try_from(rng.below(1 << 20)).unwrap_or(0)),
            allow_sending_without_reply: rng.chance(1, 2).then_some(true),
            quote: rng.chance(1, 4).then(|| text(rng, 3, 1)),
            ..ReplyParameters::default()
        }),
        reply_markup: keyboard,
    }
}

/// The same requests twice: as plain structs, and read from their JSON into the
/// generated method structs (so the two are the same requests by construction).
fn requests() -> (Vec<plain::SendMessage>, Vec<SendMessage>) {
    let mut rng = Rng::new(0x5e4d);
    let plain: Vec<plain::SendMessage> = (0..REQUESTS).map(|index| plain_request(&mut rng, index)).collect();
    let generated = plain
        .iter()
        .map(|request| {
            let json = serde_json::to_vec(request).expect("writes");
            serde_json::from_slice::<SendMessage>(&json).expect("a sendMessage request")
        })
        .collect();
    (plain, generated)
}

/// Every request encoded the way the client does, one body each.
fn encode_all<T: Serialize>(requests: &[T]) -> usize {
    requests.iter().map(|request| serde_json::to_vec(black_box(request)).expect("writes").len()).sum()
}

#[divan::bench(sample_count = 30)]
fn derive_baseline(bencher: Bencher) {
    let (plain, _) = requests();
    bencher.counter(ItemsCount::new(REQUESTS)).bench(|| encode_all(&plain));
}

#[divan::bench(sample_count = 30)]
fn generated_methods(bencher: Bencher) {
    let (plain, generated) = requests();
    for (plain, generated) in plain.iter().zip(&generated) {
        assert_eq!(
            serde_json::to_vec(plain).expect("writes"),
            serde_json::to_vec(generated).expect("writes"),
            "the baseline writes the same bytes"
        );
    }
    bencher.counter(ItemsCount::new(REQUESTS)).bench(|| encode_all(&generated));
}
