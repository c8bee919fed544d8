//! What each fuzz target checks. Shared, as this very file, by the libFuzzer targets
//! (`fuzz_targets/*.rs`) and by the stable test `tests/tests/faults_fuzz.rs`, which runs
//! every kept crashing input and a bounded number of mutations of the seeds.
//!
//! Beyond "does not panic": a decoded `getUpdates` answer has one item per element of its
//! `result`; an update or a response that decodes serialises back to JSON that decodes to
//! the same value; an error names its method in `Display`.

use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::value::RawValue;
use tgfamily::polling::decode_answer;
use tgfamily::{ErrorCodeKind, Incoming, ReceiveUpdates};

/// A target's check.
pub type Check = fn(&[u8]);

/// The targets, by name.
pub const TARGETS: [(&str, Check); 6] = [
    ("updates_potato", updates_potato),
    ("updates_cloudchat", updates_cloudchat),
    ("updates_telegram", updates_telegram),
    ("gateway", gateway),
    ("query_strings", query_strings),
    ("spec_loader", spec_loader),
];

/// Potato: a `getUpdates` answer, a webhook body, and a response of a few methods.
pub fn updates_potato(data: &[u8]) {
    use tgfamily::potato::{Chat, ErrorCode as C, MessageId, Potato, Update, User};
    updates::<Potato>(data);
    response_of(
        data,
        [
            round_trips::<C, User>,
            round_trips::<C, Chat>,
            round_trips::<C, MessageId>,
            round_trips::<C, Vec<Update>>,
        ],
    );
}

/// CloudChat: a `getUpdates` answer, a webhook body, and a response of a few methods.
pub fn updates_cloudchat(data: &[u8]) {
    use tgfamily::cloudchat::{Chat, Cloudchat, ErrorCode as C, Message, Update, User};
    updates::<Cloudchat>(data);
    response_of(
        data,
        [
            round_trips::<C, User>,
            round_trips::<C, Chat>,
            round_trips::<C, Message>,
            round_trips::<C, Vec<Update>>,
        ],
    );
}

/// Telegram: a `getUpdates` answer, a webhook body, and a response of a few methods.
pub fn updates_telegram(data: &[u8]) {
    use tgfamily::telegram::{ChatMember, ErrorCode as C, Message, Telegram, Update, User};
    updates::<Telegram>(data);
    response_of(
        data,
        [
            round_trips::<C, User>,
            round_trips::<C, ChatMember>,
            round_trips::<C, Message>,
            round_trips::<C, Vec<Update>>,
        ],
    );
}

/// The Gateway API: answers with string errors, as a response of its methods (the
/// delivery report a callback receives is a `RequestStatus` too, decoded the same way).
pub fn gateway(data: &[u8]) {
    use tgfamily::gateway::{DeliveryStatus, ErrorCode as C, RequestStatus, VerificationStatus};
    response_of(
        data,
        [
            round_trips::<C, RequestStatus>,
            round_trips::<C, DeliveryStatus>,
            round_trips::<C, VerificationStatus>,
            round_trips::<C, bool>,
        ],
    );
}

/// What arrives as a query string: a `get-query` callback's URL (CloudChat's passport),
/// its decrypted record through the form decoder, a Mini App's `initData` and the Login
/// Widget's redirect. Beyond no panic: errors never quote a value of the input (records
/// hold personal data), nor the token.
pub fn query_strings(data: &[u8]) {
    use std::time::{Duration, SystemTime};
    let Ok(text) = std::str::from_utf8(data) else { return };
    let day = Duration::from_secs(86_400);
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let token = "123456:fuzzSecretOfTheBot";
    match tgfamily::form::from_str::<tgfamily::cloudchat::PassportUser>(text) {
        Ok(user) => drop(format!("{user:?}")),
        Err(error) => quotes_no_value(text, &error.to_string()),
    }
    if let Err(error) = tgfamily::cloudchat::PASSPORT_CALLBACK.payload_text(text) {
        if !matches!(error, tgfamily::query_callback::Rejected::NotSuccessful { .. }) {
            quotes_no_value(text, &error.to_string());
        }
    }
    let refusals = [
        tgfamily::signed::verify_init_data(text, token, day, now).err(),
        tgfamily::signed::verify_login_widget(text, token, day, now).err(),
        tgfamily::signed::verify_init_data_third_party(
            text,
            123456,
            &tgfamily::signed::TELEGRAM_PUBLIC_KEY,
            day,
            now,
        )
        .err(),
    ];
    for refused in refusals.into_iter().flatten() {
        let shown = format!("{refused} {refused:?}");
        assert!(!shown.contains("fuzzSecret"), "the token leaked: {shown}");
        quotes_no_value(text, &shown);
    }
}

/// `shown` holds no value of the query string `text` long enough to be data (16 bytes or
/// more, without a space) outside the names it quotes in backticks (a name may be quoted,
/// and a name can hold any text; with a backtick in the input the quotes cannot be told).
fn quotes_no_value(text: &str, shown: &str) {
    if text.contains('`') || text.to_ascii_lowercase().contains("%60") {
        return;
    }
    let unquoted: String = shown.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    for (_, value) in text.split('&').filter_map(|pair| pair.split_once('=')) {
        if value.len() >= 16 && !value.contains(' ') {
            assert!(!unquoted.contains(value), "a value was quoted: {shown}");
        }
    }
}

/// The spec loader and the resolver on any text.
pub fn spec_loader(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match codegen::spec::load::parse("fuzz.yaml", text) {
        Ok(spec) => match codegen::resolve::resolve("fuzz.yaml", &spec) {
            Ok(api) => drop(format!("{api:?}")),
            Err(diagnostics) => drop(format!("{diagnostics:?}")),
        },
        Err(diagnostics) => drop(format!("{diagnostics:?}")),
    }
}

fn updates<P: ReceiveUpdates>(data: &[u8])
where
    P::Update: Serialize + PartialEq + Debug,
{
    // As `getUpdates` answers: the envelope, then each update on its own.
    match decode_answer::<P>(200, data, &tgfamily::Mask::new("secret:token")) {
        Ok(items) => {
            let elements = serde_json::from_slice::<serde_json::Value>(data)
                .ok()
                .and_then(|answer| answer.get("result").and_then(|r| r.as_array().map(Vec::len)));
            if let Some(elements) = elements {
                assert_eq!(items.len(), elements, "an update was dropped or invented");
            }
            items.into_iter().for_each(check_incoming::<P>);
        }
        Err(error) => assert!(error.to_string().contains("getUpdates"), "{error}"),
    }
    // As a webhook receives it: one update.
    if let Ok(raw) = serde_json::from_slice::<Box<RawValue>>(data) {
        check_incoming::<P>(Incoming::from_raw(&raw, &tgfamily::Mask::new("secret:token")));
    }
}

fn check_incoming<P: ReceiveUpdates>(incoming: Incoming<P::Update>)
where
    P::Update: Serialize + PartialEq + Debug,
{
    match incoming {
        Incoming::Update(update) => round_trip(&update),
        Incoming::Undecodable(undecodable) => {
            assert!(!undecodable.error.is_empty());
            let raw: serde_json::Value = match serde_json::from_slice(undecodable.raw.as_bytes()) {
                Ok(raw) => raw,
                Err(_) => return, // not JSON, or deeper than `Value` reads: kept raw all the same
            };
            // An integer id is read as it is (strings and floats are recovered too).
            let id = raw.get("update_id").and_then(serde_json::Value::as_i64);
            if id.is_some() && undecodable.update_id.is_some() {
                assert_eq!(undecodable.update_id, id, "the update_id read from the raw JSON");
            }
        }
    }
}

/// Decodes `data` minus its first byte as a response of one of four types, chosen by
/// that byte.
fn response_of(data: &[u8], decoders: [fn(&[u8]); 4]) {
    if let Some((selector, body)) = data.split_first() {
        decoders[usize::from(*selector) % decoders.len()](body);
    }
}

fn round_trips<C: ErrorCodeKind, T>(body: &[u8])
where
    T: DeserializeOwned + Serialize + PartialEq + Debug + Send + 'static,
{
    match tgfamily::transport::decode::<C, T>("someMethod", 200, body, "secret:token") {
        Ok(value) => round_trip(&value),
        Err(error) => {
            let shown = format!("{error} {error:?}");
            assert!(shown.contains("someMethod"), "{shown}");
            assert!(!shown.contains("secret:token"), "the token leaked: {shown}");
        }
    }
}

/// `value` written as JSON reads back as itself.
fn round_trip<T: DeserializeOwned + Serialize + PartialEq + Debug>(value: &T) {
    let text = serde_json::to_string(value).expect("a decoded value serialises");
    let again: T =
        serde_json::from_str(&text).unwrap_or_else(|error| panic!("{text} does not read back: {error}"));
    assert_eq!(&again, value, "changed through {text}");
}
