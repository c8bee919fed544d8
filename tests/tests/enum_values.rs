//! String enums keep what they do not know: for every enum the importer made from a
//! description's list of values (and CloudChat's chat member status), each value the
//! spec lists decodes to its own variant and is written back as it came, and random
//! strings the spec does not list (quotes, backslashes, control characters, non-ASCII,
//! the empty string) decode to `Other` with the text and are written back exactly. The
//! known values are read from the spec files, not listed here.

use integration::rng::Rng;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;

/// Random unknown values per enum.
const TRIES: usize = 200;

/// The values the spec file of `platform` lists for the enum `name`.
fn spec_values(platform: &str, name: &str) -> Vec<codegen::spec::ConstValue> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../spec/{platform}.yaml"));
    let spec = codegen::spec::load::read(&path).unwrap_or_else(|e| panic!("{e}"));
    let enumeration = spec
        .enums
        .iter()
        .find(|e| e.name.value == name)
        .unwrap_or_else(|| panic!("{platform} has no enum {name}"));
    enumeration.values.iter().map(|v| &v.value).map(|v| v.value.clone()).collect()
}

/// A random string: up to 12 characters, from a pool of ordinary and awkward ones.
fn random_text(rng: &mut Rng) -> String {
    const POOL: &[char] =
        &['a', 'z', 'Q', '_', '0', '9', ' ', '"', '\\', '\n', '\u{0}', '\u{1f}', 'é', 'ß', '🎲', '\u{2028}'];
    (0..rng.below(13)).map(|_| POOL[rng.below(POOL.len())]).collect()
}

/// Checks the enum `E` of `platform` named `name`; `other` is the text of an `Other`.
fn check<E>(platform: &str, name: &str, other: fn(&E) -> Option<&str>, rng: &mut Rng)
where
    E: DeserializeOwned + Serialize + std::fmt::Debug,
{
    let known: Vec<String> = spec_values(platform, name)
        .into_iter()
        .map(|v| match v {
            codegen::spec::ConstValue::String(text) => text,
            codegen::spec::ConstValue::Integer(number) => {
                panic!("{name}: integer value {number} in a string enum")
            }
        })
        .collect();
    assert!(known.len() >= 2, "{name} lists its values");
    for text in &known {
        let decoded: E = serde_json::from_value(json!(text)).unwrap_or_else(|e| panic!("{name} {text}: {e}"));
        assert_eq!(other(&decoded), None, "{name}: the listed value {text:?} has a variant of its own");
        assert_eq!(serde_json::to_value(&decoded).ok(), Some(json!(text)), "{name}: {text:?} written back");
    }
    for _ in 0..TRIES {
        let text = random_text(rng);
        if known.contains(&text) {
            continue;
        }
        let wire = serde_json::to_string(&text).unwrap_or_default();
        let decoded: E = serde_json::from_str(&wire).unwrap_or_else(|e| panic!("{name} {wire}: {e}"));
        assert_eq!(other(&decoded), Some(text.as_str()), "{name}: {wire} is kept as Other");
        assert_eq!(
            serde_json::to_string(&decoded).ok(),
            Some(wire.clone()),
            "{name}: {wire} written back exactly"
        );
    }
}

macro_rules! check_enums {
    ($rng:expr, $platform:ident: $($ty:ident),* $(,)?) => {
        $(
            check::<tgfamily::$platform::$ty>(
                stringify!($platform),
                stringify!($ty),
                |value| match value {
                    tgfamily::$platform::$ty::Other(text) => Some(text.as_str()),
                    _ => None,
                },
                $rng,
            );
        )*
    };
}

#[test]
fn listed_enums_keep_unknown_values_exactly() {
    let mut rng = Rng::new(12);
    check_enums!(&mut rng, telegram:
        ChatType, MessageEntityType, PollType, BotSubscriptionUpdatedState, SuggestedPostRefundedReason,
        SuggestedPostInfoState, KeyboardButtonStyle, UniqueGiftModelRarity, UniqueGiftInfoOrigin, StickerType,
        MaskPositionPoint, InputStickerFormat, RichBlockTableCellAlign, RichBlockTableCellValign,
        InlineQueryChatType, TransactionPartnerUserTransactionType, EncryptedPassportElementType,
        PassportElementErrorDataFieldType, PassportElementErrorFrontSideType, PassportElementErrorReverseSideType,
        PassportElementErrorFileType, PassportElementErrorTranslationFileType, AnswerChatJoinRequestQueryResult,
    );
    check_enums!(&mut rng, cloudchat: ChatMemberStatus);
    check_enums!(&mut rng, potato: ChatMemberStatus);
}

#[test]
fn a_telegram_entity_of_an_unknown_type_is_written_back_unchanged() {
    let mut rng = Rng::new(13);
    for _ in 0..TRIES {
        let entity = json!({"type": random_text(&mut rng), "offset": 0, "length": 1});
        let decoded: tgfamily::telegram::MessageEntity =
            serde_json::from_value(entity.clone()).expect("an entity");
        assert_eq!(serde_json::to_value(&decoded).ok(), Some(entity));
    }
}

/// A CloudChat chat's type, sent as the integer `ChatType` or as the string the Chat
/// table documents, reads as one `ChatType` value (`ChatKind::chat_type()`), by the wire
/// forms the spec gives each value; whatever the form, the chat is written back as it
/// came. Unknown integers and strings are kept in `ChatType`'s fallbacks.
#[test]
fn a_cloudchat_chat_type_reads_as_one_value_in_either_form() {
    use tgfamily::cloudchat::{Chat, ChatType};
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/cloudchat.yaml");
    let spec = codegen::spec::load::read(&path).unwrap_or_else(|e| panic!("{e}"));
    let chat_type = spec.enums.iter().find(|e| e.name.value == "ChatType").expect("CloudChat has ChatType");
    let mut forms = 0;
    for value in &chat_type.values {
        let codegen::spec::ConstValue::Integer(number) = value.value.value else {
            panic!("ChatType's values are integers");
        };
        let expected = ChatType::from(number);
        assert_ne!(expected, ChatType::Unknown(number), "{number} is a known ChatType");
        let wire_forms =
            std::iter::once(json!(number)).chain(value.also.iter().map(|form| match &form.value {
                codegen::spec::ConstValue::String(text) => json!(text),
                codegen::spec::ConstValue::Integer(other) => json!(other),
            }));
        for form in wire_forms {
            let sent = json!({"id": 7, "type": form});
            let chat: Chat = serde_json::from_value(sent.clone()).unwrap_or_else(|e| panic!("{sent}: {e}"));
            assert_eq!(chat.kind.chat_type(), expected, "{form} reads as {expected:?}");
            assert_eq!(serde_json::to_value(&chat).ok(), Some(sent), "{form} is written back as it came");
            forms += 1;
        }
    }
    assert!(forms >= 6, "2, 4 and the four strings of the Chat table: {forms}");
    let mut rng = Rng::new(14);
    for _ in 0..TRIES {
        let text = random_text(&mut rng);
        if ["private", "group", "supergroup", "channel"].contains(&text.as_str()) {
            continue;
        }
        let sent = json!({"id": 7, "type": text});
        let chat: Chat = serde_json::from_value(sent.clone()).expect("a chat");
        assert_eq!(chat.kind.chat_type(), ChatType::Other(text.clone()), "{text:?} kept as Other");
        assert_eq!(serde_json::to_value(&chat).ok(), Some(sent));
    }
    for number in [0_i64, 3, -2, i64::MAX] {
        let sent = json!({"id": 7, "type": number});
        let chat: Chat = serde_json::from_value(sent.clone()).expect("a chat");
        assert_eq!(chat.kind.chat_type(), ChatType::Unknown(number), "{number} kept as Unknown");
        assert_eq!(serde_json::to_value(&chat).ok(), Some(sent));
    }
}
