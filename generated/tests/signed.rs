#![cfg(feature = "signed-data")]
//! Tests of `tgfamily::signed` against vectors made by the openssl command-line tool
//! (see tests/fixtures/signed/make-fixtures.sh).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tgfamily::signed::{verify_init_data, verify_login_widget, verify_login_widget_fields, Refused};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/signed/{name}", env!("CARGO_MANIFEST_DIR"));
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
