//! Tests of `tgfamily::signed` against vectors made by the openssl command-line tool
//! (see fixtures/receivers/signed/make-fixtures.sh).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tgfamily::signed::{
    verify_init_data, verify_init_data_third_party, verify_login_widget, verify_login_widget_fields, Refused,
    TELEGRAM_PUBLIC_KEY, TELEGRAM_TEST_PUBLIC_KEY,
};

fn fixture(name: &str) -> String {
    let path = format!("{}/fixtures/receivers/signed/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

const HOUR: Duration = Duration::from_secs(3600);

/// `seconds` after the Unix epoch.
fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

#[test]
fn init_data_signed_by_openssl_is_accepted_and_decoded() {
    let verified =
        verify_init_data(&fixture("init-data.txt"), &fixture("token.txt"), HOUR, at(1733584787 + 60))
            .expect("the openssl vector verifies");
    assert_eq!(verified.get("query_id"), Some("AAHdF6IQAAAAAN0XohDhrOrc"));
    let user: serde_json::Value = serde_json::from_str(verified.get("user").expect("a user")).expect("JSON");
    assert_eq!(user["id"], 279058397);
    assert_eq!(verified.auth_date(), at(1733584787));
    assert!(verified.get("hash").is_none());
}

#[test]
fn init_data_for_another_bot_or_changed_is_refused() {
    let data = fixture("init-data.txt");
    let now = at(1733584787);
    assert_eq!(verify_init_data(&data, "5768337691:other", HOUR, now), Err(Refused::BadHash));
    let changed = data.replace("279058397", "279058398");
    assert_eq!(verify_init_data(&changed, &fixture("token.txt"), HOUR, now), Err(Refused::BadHash));
    // Every single-digit change of the hash is caught.
    let at_hash = data.find("hash=").expect("a hash") + 5;
    for position in at_hash..data.len() {
        let mut bytes = data.clone().into_bytes();
        bytes[position] = if bytes[position] == b'0' { b'1' } else { b'0' };
        let tampered = String::from_utf8(bytes).expect("ASCII");
        assert_eq!(verify_init_data(&tampered, &fixture("token.txt"), HOUR, now), Err(Refused::BadHash));
    }
    // The Login Widget's key does not verify Mini App data.
    assert_eq!(verify_login_widget(&data, &fixture("token.txt"), HOUR, now), Err(Refused::BadHash));
}

#[test]
fn old_or_future_init_data_is_refused() {
    let (data, token) = (fixture("init-data.txt"), fixture("token.txt"));
    assert_eq!(
        verify_init_data(&data, &token, HOUR, at(1733584787 + 3601)),
        Err(Refused::Expired { age: Duration::from_secs(3601) })
    );
    assert!(verify_init_data(&data, &token, HOUR, at(1733584787 + 3600)).is_ok(), "exactly the limit");
    assert_eq!(verify_init_data(&data, &token, HOUR, at(1733584787 - 3600)), Err(Refused::FromTheFuture));
}

#[test]
fn a_login_widget_redirect_signed_by_openssl_is_accepted() {
    let verified =
        verify_login_widget(&fixture("login-widget.txt"), &fixture("token.txt"), HOUR, at(1733584800 + 5))
            .expect("the openssl vector verifies");
    assert_eq!(verified.get("first_name"), Some("Zoë"));
    assert_eq!(verified.get("photo_url"), Some("https://t.me/i/userpic/320/x.jpg"));

    // The same data as the widget's JavaScript callback gives it.
    let fields: Vec<(String, String)> = verified
        .fields()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .chain([(
            "hash".to_owned(),
            fixture("login-widget.txt").rsplit("hash=").next().unwrap_or("").to_owned(),
        )])
        .collect();
    assert!(verify_login_widget_fields(fields.clone(), &fixture("token.txt"), HOUR, at(1733584800)).is_ok());
    let mut renamed = fields;
    renamed[0].1.push('x');
    assert_eq!(
        verify_login_widget_fields(renamed, &fixture("token.txt"), HOUR, at(1733584800)),
        Err(Refused::BadHash)
    );
    assert_eq!(
        verify_init_data(&fixture("login-widget.txt"), &fixture("token.txt"), HOUR, at(1733584800)),
        Err(Refused::BadHash),
        "the Mini App key does not verify widget data"
    );
}

/// The key the third-party vector is signed with (made by the fixture script).
fn fixture_key() -> [u8; 32] {
    let hex = fixture("ed25519-public-key.txt");
    let mut key = [0u8; 32];
    for (index, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * index..2 * index + 2], 16).expect("hex");
    }
    key
}

/// The bot id of the fixture token.
fn fixture_bot_id() -> u64 {
    fixture("token.txt").split(':').next().and_then(|id| id.parse().ok()).expect("a bot id")
}

const THIRD_PARTY_DATE: u64 = 1733584900;

#[test]
fn third_party_init_data_signed_by_openssl_is_accepted_without_the_token() {
    let data = fixture("init-data-third-party.txt");
    let now = at(THIRD_PARTY_DATE + 30);
    let verified = verify_init_data_third_party(&data, fixture_bot_id(), &fixture_key(), HOUR, now)
        .expect("the openssl vector verifies");
    let user: serde_json::Value = serde_json::from_str(verified.get("user").expect("a user")).expect("JSON");
    assert_eq!(user["first_name"], "Zoë");
    assert_eq!(verified.get("chat_type"), Some("private"));
    assert!(verified.get("signature").is_none() && verified.get("hash").is_none());
    // The same data carries the bot's HMAC, over every field but `hash` (`signature` in).
    let by_token = verify_init_data(&data, &fixture("token.txt"), HOUR, now).expect("the hash verifies too");
    assert!(by_token.get("signature").is_some());
}

#[test]
fn third_party_init_data_for_another_bot_key_or_changed_is_refused() {
    let data = fixture("init-data-third-party.txt");
    let (id, key, now) = (fixture_bot_id(), fixture_key(), at(THIRD_PARTY_DATE));
    let verify = |data: &str, id, key: &[u8; 32]| verify_init_data_third_party(data, id, key, HOUR, now);
    assert_eq!(verify(&data, id + 1, &key), Err(Refused::BadSignature), "another bot");
    assert_eq!(verify(&data, id, &TELEGRAM_PUBLIC_KEY), Err(Refused::BadSignature), "another key");
    assert_eq!(verify(&data, id, &TELEGRAM_TEST_PUBLIC_KEY), Err(Refused::BadSignature));
    assert_eq!(verify(&data.replace("private", "group"), id, &key), Err(Refused::BadSignature));
    let without_hash = data.split("&hash=").next().expect("fields");
    assert!(verify(without_hash, id, &key).is_ok(), "`hash` is not signed");
    assert_eq!(verify(&format!("{without_hash}&extra=1"), id, &key), Err(Refused::BadSignature));
    let at_signature = data.find("signature=").expect("a signature") + 10;
    let end = data[at_signature..].find('&').map_or(data.len(), |e| at_signature + e);
    for position in at_signature..end {
        let mut bytes = data.clone().into_bytes();
        bytes[position] = if bytes[position] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(bytes).expect("ASCII");
        let refused = verify(&tampered, id, &key).expect_err("a changed signature");
        assert!(matches!(refused, Refused::BadSignature | Refused::NoSignature), "{position}: {refused:?}");
    }
    let short = format!("{}&signature=AAAA", data.split("&signature=").next().expect("fields"));
    assert_eq!(verify(&short, id, &key), Err(Refused::NoSignature));
    assert_eq!(verify(&fixture("init-data.txt"), id, &key), Err(Refused::NoSignature));
    assert_eq!(
        verify_init_data_third_party(&data, id, &key, HOUR, at(THIRD_PARTY_DATE + 3601)),
        Err(Refused::Expired { age: Duration::from_secs(3601) })
    );
}

/// initData Telegram itself signed, as the Telegram Mini Apps community's documentation
/// (`init-data-golang`, tma.js) publishes it with its bot's token: it checks the
/// production key and the data-check-string against Telegram's own signature.
const TELEGRAM_SIGNED: &str = "user=%7B%22id%22%3A279058397%2C%22first_name%22%3A%22Vladislav%20%2B%20-%20%3F%20%5C%2F%22%2C%22last_name%22%3A%22Kibenko%22%2C%22username%22%3A%22vdkfrost%22%2C%22language_code%22%3A%22ru%22%2C%22is_premium%22%3Atrue%2C%22allows_write_to_pm%22%3Atrue%2C%22photo_url%22%3A%22https%3A%5C%2F%5C%2Ft.me%5C%2Fi%5C%2Fuserpic%5C%2F320%5C%2F4FPEE4tmP3ATHa57u6MqTDih13LTOiMoKoLDRG4PnSA.svg%22%7D&chat_instance=8134722200314281151&chat_type=private&auth_date=1733509682&signature=TYJxVcisqbWjtodPepiJ6ghziUL94-KNpG8Pau-X7oNNLNBM72APCpi_RKiUlBvcqo5L-LAxIc3dnTzcZX_PDg&hash=a433d8f9847bd6addcc563bff7cc82c89e97ea0d90c11fe5729cae6796a36d73";

#[test]
fn init_data_signed_by_telegram_verifies_with_its_production_key() {
    let now = at(1733509682 + 20);
    let verified = verify_init_data_third_party(TELEGRAM_SIGNED, 7342037359, &TELEGRAM_PUBLIC_KEY, HOUR, now)
        .expect("Telegram's signature");
    let user: serde_json::Value = serde_json::from_str(verified.get("user").expect("a user")).expect("JSON");
    assert_eq!(user["first_name"], "Vladislav + - ? /");
    let test_key =
        verify_init_data_third_party(TELEGRAM_SIGNED, 7342037359, &TELEGRAM_TEST_PUBLIC_KEY, HOUR, now);
    assert_eq!(test_key, Err(Refused::BadSignature), "signed in production, not the test environment");
    let published_token = "7342037359:AAHI25ES9xCOMPokpYoz-p8XVrZUdygo2J4";
    assert!(verify_init_data(TELEGRAM_SIGNED, published_token, HOUR, now).is_ok(), "and its HMAC");
}

/// `data` with the field `key=` moved into the value of the field before it in the
/// data-check-string (`before`), behind an encoded line feed: `before=x%0Akey%3D…`. The
/// data-check-string is the same, the fields are not.
fn fold(data: &str, before: &str, key: &str) -> String {
    let fields: Vec<&str> = data.split('&').collect();
    let folded = fields.iter().find(|f| f.starts_with(&format!("{key}="))).expect("the folded field");
    let value = &folded[key.len() + 1..];
    fields
        .iter()
        .filter(|f| *f != folded)
        .map(|f| {
            if f.starts_with(&format!("{before}=")) {
                format!("{f}%0A{key}%3D{value}")
            } else {
                (*f).to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[test]
fn a_field_folded_into_another_by_a_line_feed_is_refused() {
    let token = fixture("token.txt");
    let folded = fold(&fixture("init-data.txt"), "query_id", "user");
    let result = verify_init_data(&folded, &token, HOUR, at(1733584787));
    assert_eq!(result.map(|v| v.fields().clone()), Err(Refused::Malformed("a line feed in a field")));

    let folded = fold(&fixture("login-widget.txt"), "first_name", "id");
    let result = verify_login_widget(&folded, &token, HOUR, at(1733584800));
    assert_eq!(result.map(|v| v.fields().clone()), Err(Refused::Malformed("a line feed in a field")));

    let third_party = fixture("init-data-third-party.txt");
    let (id, key, now) = (fixture_bot_id(), fixture_key(), at(THIRD_PARTY_DATE));
    let folded = fold(&third_party, "chat_type", "user");
    let result = verify_init_data_third_party(&folded, id, &key, HOUR, now);
    assert_eq!(result.map(|v| v.fields().clone()), Err(Refused::Malformed("a line feed in a field")));
    // And by its HMAC (`signature` is signed there, between `chat_type` and `user`).
    let folded = fold(&third_party, "signature", "user");
    let result = verify_init_data(&folded, &token, HOUR, now);
    assert_eq!(result.map(|v| v.fields().clone()), Err(Refused::Malformed("a line feed in a field")));
}

#[test]
fn keys_that_could_split_a_line_are_refused() {
    let (data, token, now) = (fixture("init-data.txt"), fixture("token.txt"), at(1733584787));
    for (extra, why) in [
        ("a%3Db=1", "a key with `=`"),
        ("a%0Ab=1", "a line feed in a field"),
        ("=1", "a field without a name"),
        ("query_id=again", "a field given twice"),
        ("%71uery_id=again", "a field given twice"),
    ] {
        let result = verify_init_data(&format!("{extra}&{data}"), &token, HOUR, now);
        assert_eq!(result.map(|v| v.fields().clone()), Err(Refused::Malformed(why)), "{extra}");
    }
    let fields = [("first_name", "Zo\u{eb}\nid=1"), ("auth_date", "1733584800"), ("hash", "00")];
    let fields = fields.map(|(k, v)| (k.to_owned(), v.to_owned()));
    assert_eq!(
        verify_login_widget_fields(fields, &token, HOUR, now),
        Err(Refused::Malformed("a line feed in a field"))
    );
}
