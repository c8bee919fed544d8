#![cfg(feature = "cloudchat-passport")]
//! Tests of `tgfamily::passport` against fixtures made by the openssl command-line tool
//! (see tests/fixtures/passport/make-fixtures.sh).

use std::time::{Duration, UNIX_EPOCH};

use tgfamily::passport::{
    decode_callback, decode_hash, login_link, PassportError, PassportUser, PrivateKey, Scope,
};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/passport/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

fn key(name: &str) -> PrivateKey {
    PrivateKey::from_pem(&fixture(name)).expect("fixture key loads")
}

/// The PKCS#1 and the PKCS#8 form of the same key.
fn both_keys() -> [PrivateKey; 2] {
    [key("key.pem"), key("key.pk8.pem")]
}

fn doc_example_user() -> PassportUser {
    PassportUser {
        user_id: 123_456_789,
        first_name: "Ming".into(),
        last_name: "Wang".into(),
        username: Some("ming_4kzvbw3kE3j".into()),
        photo_url: Some("https://cccc.tel/avatar/-vYSnmLsU8xPA".into()),
        auth_time: 1_649_741_563,
        extra: Vec::new(),
    }
}

// ---- link ----

#[test]
fn link_with_all_scopes_is_exact() {
    let link = login_link(123456, "https://bot.example.com/cc/callback", &[Scope::Phone, Scope::Username]);
    assert_eq!(
        link,
        "cloudchat://resolve?domain=cloudchatpassport&bot_id=123456\
         &callback_url=https%3A%2F%2Fbot.example.com%2Fcc%2Fcallback\
         &scope=PROFILE,PHONE,USERNAME"
    );
}

#[test]
fn link_always_has_profile_first_and_each_scope_once() {
    let scope_of = |scopes: &[Scope]| {
        let link = login_link(1, "x", scopes);
        link.rsplit_once("&scope=").map(|(_, s)| s.to_owned()).expect("link has a scope parameter")
    };
    assert_eq!(scope_of(&[]), "PROFILE");
    assert_eq!(scope_of(&[Scope::Profile]), "PROFILE");
    assert_eq!(scope_of(&[Scope::Phone]), "PROFILE,PHONE");
    assert_eq!(scope_of(&[Scope::Username]), "PROFILE,USERNAME");
    assert_eq!(
        scope_of(&[Scope::Username, Scope::Phone, Scope::Username, Scope::Profile]),
        "PROFILE,PHONE,USERNAME"
    );
}

#[test]
fn link_percent_encodes_the_callback_url() {
    let link = login_link("42", "https://a.example/cb?next=/home&x=a b+c#frag~._-中", &[]);
    assert_eq!(
        link,
        "cloudchat://resolve?domain=cloudchatpassport&bot_id=42\
         &callback_url=https%3A%2F%2Fa.example%2Fcb%3Fnext%3D%2Fhome%26x%3Da%20b%2Bc%23frag~._-%E4%B8%AD\
         &scope=PROFILE"
    );
}

#[test]
fn scope_spellings() {
    let names: Vec<String> = Scope::ALL.iter().map(Scope::to_string).collect();
    assert_eq!(names, ["PROFILE", "PHONE", "USERNAME"]);
}

// ---- keys ----

#[test]
fn both_key_forms_load_and_debug_hides_the_key() {
    for key in both_keys() {
        assert_eq!(key.size(), 256);
        let debug = format!("{key:?}");
        assert_eq!(debug, "PrivateKey { bits: 2048, .. }");
    }
}

#[test]
fn bad_pem_is_reported_without_key_material() {
    let cases = [
        String::new(),
        "not a key".to_owned(),
        fixture("pub.pem"),
        // A real key with its body damaged.
        fixture("key.pem").replacen("MII", "MIX", 1),
        fixture("key.pk8.pem").replacen("MII", "MIX", 1),
    ];
    for pem in cases {
        let err = PrivateKey::from_pem(&pem).expect_err("bad PEM must be rejected");
        assert!(matches!(err, PassportError::BadPem(_)), "{err:?}");
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("MII"), "error output shows key data: {shown}");
    }
}

#[test]
fn pem_with_surrounding_text_and_crlf_loads() {
    let pem = format!("key for bot 1:\r\n{}\r\n", fixture("key.pem").replace('\n', "\r\n"));
    let key = PrivateKey::from_pem(&pem).expect("loads");
    let user = decode_hash(&fixture("one-block.b64"), &key).expect("decodes");
    assert_eq!(user, doc_example_user());
}

// ---- decoding the openssl fixtures ----

#[test]
fn one_block_standard_base64_with_padding() {
    let hash = fixture("one-block.b64");
    assert!(hash.trim_end().ends_with('='));
    for key in both_keys() {
        assert_eq!(decode_hash(&hash, &key), Ok(doc_example_user()));
        let callback = format!("https://bot.example.com/cb?tg_passport=success&hash={hash}");
        assert_eq!(decode_callback(&callback, &key), Ok(doc_example_user()));
    }
}

#[test]
fn two_blocks_url_safe_base64_without_padding() {
    let hash = fixture("two-block.b64url");
    assert!(!hash.contains(['=', '+', '/']));
    for key in both_keys() {
        let user = decode_hash(&hash, &key).expect("decodes");
        // 王 straddles the block boundary: blocks are joined before UTF-8 decoding.
        assert_eq!(user.first_name, "王小明");
        assert_eq!(user.last_name, "Lin");
        assert_eq!(user.user_id, 5_812_345_678);
        assert_eq!(user.username.as_deref(), Some("long_profile_user"));
        assert!(user
            .photo_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://cccc.tel/avatar/-vYSnmLsU8xPA")));
        assert_eq!(user.auth_time, 1_649_741_563);
        let extra_names: Vec<&str> = user.extra.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(extra_names, ["lang", "note"], "undocumented fields are kept");
        assert_eq!(
            Ok(user),
            PassportUser::from_query(&fixture("two-block.txt")),
            "same as parsing the plaintext"
        );
    }
}

#[test]
fn percent_encoded_callback_url() {
    let url = fixture("callback-url.txt");
    let url = url.trim_end();
    assert!(url.contains("%3D"));
    let want = PassportUser {
        user_id: 987_654_321,
        first_name: "小明".into(),
        last_name: "Chen Li".into(),
        username: None,
        photo_url: None,
        auth_time: 1_649_741_563,
        extra: Vec::new(),
    };
    for key in both_keys() {
        assert_eq!(decode_callback(url, &key), Ok(want.clone()));
        // Only the query string, as a web framework may hand it over.
        let query = url.split_once('?').map(|(_, q)| q).expect("has a query");
        assert_eq!(decode_callback(query, &key), Ok(want.clone()));
        // The hash alone, still percent-encoded.
        let hash = query.split_once("hash=").map(|(_, h)| h).expect("has hash");
        assert_eq!(decode_hash(hash, &key), Ok(want.clone()));
    }
}

#[test]
fn authtime_age_check() {
    let user = doc_example_user();
    let granted = UNIX_EPOCH + Duration::from_secs(1_649_741_563);
    let five_min = Duration::from_secs(300);
    assert!(!user.is_older_than(five_min, granted));
    assert!(!user.is_older_than(five_min, granted + five_min));
    assert!(user.is_older_than(five_min, granted + five_min + Duration::from_secs(1)));
}

// ---- each bad input has its own error ----

#[test]
fn wrong_key_is_a_decryption_error() {
    let other = key("other-key.pem");
    assert_eq!(decode_hash(&fixture("one-block.b64"), &other), Err(PassportError::Decryption));
    assert_eq!(decode_hash(&fixture("two-block.b64url"), &other), Err(PassportError::Decryption));
    assert_eq!(
        decode_callback(fixture("callback-url.txt").trim_end(), &other),
        Err(PassportError::Decryption)
    );
}

#[test]
fn truncated_block_is_reported_with_lengths() {
    for key in both_keys() {
        assert_eq!(
            decode_hash(&fixture("truncated.b64"), &key),
            Err(PassportError::TruncatedCiphertext { len: 200, block_size: 256 })
        );
    }
    // One and a bit blocks: the first 680 Base64 characters (510 bytes) of two blocks.
    let hash = fixture("two-block.b64url");
    let err = decode_hash(&hash[..680], &key("key.pem"));
    assert_eq!(err, Err(PassportError::TruncatedCiphertext { len: 510, block_size: 256 }));
}

#[test]
fn not_base64() {
    let key = key("key.pem");
    for hash in ["not*base64", "abc.def", "%C3%28", "A"] {
        assert_eq!(decode_hash(hash, &key), Err(PassportError::NotBase64), "{hash}");
    }
}

#[test]
fn not_utf8_plaintext() {
    for key in both_keys() {
        assert_eq!(decode_hash(&fixture("not-utf8.b64"), &key), Err(PassportError::NotUtf8));
    }
    assert_eq!(
        PassportUser::from_query("userid=1&first_name=%FF&last_name=x&authtime=1"),
        Err(PassportError::NotUtf8)
    );
}

#[test]
fn callback_without_hash_or_not_successful() {
    let key = key("key.pem");
    for callback in [
        "https://bot.example.com/cb?tg_passport=success",
        "https://bot.example.com/cb?tg_passport=success&hash=",
        "",
    ] {
        assert_eq!(decode_callback(callback, &key), Err(PassportError::MissingHash), "{callback:?}");
    }
    assert_eq!(
        decode_callback("https://x/cb?tg_passport=cancel&hash=AAAA", &key),
        Err(PassportError::NotSuccessful { status: "cancel".into() })
    );
    assert_eq!(
        decode_callback("https://x/cb?hash=AAAA&hash=AAAA", &key),
        Err(PassportError::DuplicateField("hash"))
    );
}

#[test]
fn missing_each_required_field_is_named() {
    let full = [("userid", "1"), ("first_name", "a"), ("last_name", "b"), ("authtime", "2")];
    for (skip, _) in full {
        let query: Vec<String> = full
            .iter()
            .filter(|(name, _)| *name != skip)
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        assert_eq!(PassportUser::from_query(&query.join("&")), Err(PassportError::MissingField(skip)),);
    }
}

#[test]
fn bad_numbers_and_duplicates() {
    let cases = [
        ("userid=x1&first_name=a&last_name=b&authtime=2", PassportError::BadNumber("userid")),
        ("userid=&first_name=a&last_name=b&authtime=2", PassportError::BadNumber("userid")),
        ("userid=1&first_name=a&last_name=b&authtime=-5", PassportError::BadNumber("authtime")),
        (
            "userid=1&first_name=a&last_name=b&authtime=99999999999999999999",
            PassportError::BadNumber("authtime"),
        ),
        ("userid=1&first_name=a&last_name=b&authtime=2&userid=3", PassportError::DuplicateField("userid")),
    ];
    for (query, want) in cases {
        assert_eq!(PassportUser::from_query(query), Err(want), "{query}");
    }
}

#[test]
fn error_messages_are_clear() {
    let shown = |e: PassportError| e.to_string();
    assert_eq!(shown(PassportError::MissingField("authtime")), "the passport data has no `authtime` field");
    assert_eq!(
        shown(PassportError::TruncatedCiphertext { len: 200, block_size: 256 }),
        "the ciphertext is 200 bytes, not a multiple of the 256-byte key size (truncated or not for this key)"
    );
    assert!(shown(PassportError::Decryption).contains("another key"));
    let boxed: Box<dyn std::error::Error> = Box::new(PassportError::NotBase64);
    assert_eq!(boxed.to_string(), "the `hash` value is not valid Base64");
}
