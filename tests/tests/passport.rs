//! Tests of `tgfamily::passport` against fixtures made by the openssl command-line tool
//! (see fixtures/receivers/passport/make-fixtures.sh).

use std::time::{Duration, UNIX_EPOCH};

use tgfamily::cloudchat::{PassportUser, PASSPORT_CALLBACK, PASSPORT_SIGN_IN};
use tgfamily::form::FormError;
use tgfamily::passport::{PassportError, PrivateKey};
use tgfamily::query_callback::Rejected;

/// `tgfamily::passport::decode_hash` with CloudChat's scheme.
fn decode_hash(hash: &str, key: &PrivateKey) -> Result<PassportUser, PassportError> {
    tgfamily::passport::decode_hash(&PASSPORT_CALLBACK, hash, key)
}

/// `tgfamily::passport::decode_callback` with CloudChat's scheme.
fn decode_callback(callback: &str, key: &PrivateKey) -> Result<PassportUser, PassportError> {
    tgfamily::passport::decode_callback(&PASSPORT_CALLBACK, callback, key)
}

/// CloudChat's sign-in link.
fn login_link(bot_id: impl std::fmt::Display, callback_url: &str, scopes: &[&str]) -> String {
    PASSPORT_SIGN_IN.link(bot_id, callback_url, scopes)
}

/// `PassportUser::from_query`, its error as the passport functions give it.
fn from_query(query: &str) -> Result<PassportUser, PassportError> {
    Ok(PassportUser::from_query(query)?)
}

fn fixture(name: &str) -> String {
    let path = format!("{}/fixtures/receivers/passport/{name}", env!("CARGO_MANIFEST_DIR"));
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
    let mut user = PassportUser::new(123_456_789, "Ming", "Wang", 1_649_741_563);
    user.username = Some("ming_4kzvbw3kE3j".into());
    user.photo_url = Some("https://cccc.tel/avatar/-vYSnmLsU8xPA".into());
    user
}

/// The names of the fields the spec does not know, as kept.
fn unknown_names(user: &PassportUser) -> Vec<&str> {
    user.unknown_fields.iter().flat_map(|fields| fields.keys()).map(String::as_str).collect()
}

// ---- link ----

#[test]
fn link_with_all_scopes_is_exact() {
    let link = login_link(123456, "https://bot.example.com/cc/callback", &["PHONE", "USERNAME"]);
    assert_eq!(
        link,
        "cloudchat://resolve?domain=cloudchatpassport&bot_id=123456\
         &callback_url=https%3A%2F%2Fbot.example.com%2Fcc%2Fcallback\
         &scope=PROFILE,PHONE,USERNAME"
    );
}

#[test]
fn link_always_has_profile_first_and_each_scope_once() {
    let scope_of = |scopes: &[&str]| {
        let link = login_link(1, "x", scopes);
        link.rsplit_once("&scope=").map(|(_, s)| s.to_owned()).expect("link has a scope parameter")
    };
    assert_eq!(scope_of(&[]), "PROFILE");
    assert_eq!(scope_of(&["PROFILE"]), "PROFILE");
    assert_eq!(scope_of(&["PHONE"]), "PROFILE,PHONE");
    assert_eq!(scope_of(&["USERNAME"]), "PROFILE,USERNAME");
    assert_eq!(scope_of(&["USERNAME", "PHONE", "USERNAME", "PROFILE"]), "PROFILE,PHONE,USERNAME");
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
    assert_eq!(PASSPORT_SIGN_IN.scopes, ["PROFILE", "PHONE", "USERNAME"]);
    assert_eq!(PASSPORT_SIGN_IN.required, ["PROFILE"]);
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
        assert_eq!(unknown_names(&user), ["lang", "note"], "undocumented fields are kept");
        assert_eq!(Ok(user), from_query(&fixture("two-block.txt")), "same as parsing the plaintext");
    }
}

#[test]
fn percent_encoded_callback_url() {
    let url = fixture("callback-url.txt");
    let url = url.trim_end();
    assert!(url.contains("%3D"));
    let want = PassportUser::new(987_654_321, "小明", "Chen Li", 1_649_741_563);
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
        from_query("userid=1&first_name=%FF&last_name=x&authtime=1"),
        Err(PassportError::Callback(Rejected::Payload(FormError::NotUtf8)))
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
        Err(PassportError::Callback(Rejected::Query(FormError::DuplicateField("hash".into()))))
    );
    assert_eq!(
        decode_callback("https://x/cb?tg_passport=success&tg_passport=success&hash=AAAA", &key),
        Err(PassportError::Callback(Rejected::Query(FormError::DuplicateField("tg_passport".into()))))
    );
    // The bot's own parameters in its callback URL are left alone, even repeated.
    let hash = fixture("one-block.b64");
    let callback = format!("https://x/cb?ref=a&ref=b&tg_passport=success&hash={hash}");
    assert_eq!(decode_callback(&callback, &key), Ok(doc_example_user()));
}

/// The record's error, as `from_query` reports it.
fn record_error(error: FormError) -> Result<PassportUser, PassportError> {
    Err(PassportError::Callback(Rejected::Payload(error)))
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
        assert_eq!(from_query(&query.join("&")), record_error(FormError::MissingField(skip)));
    }
}

#[test]
fn bad_numbers_and_duplicates() {
    let not_an_integer = |field: &str| {
        record_error(FormError::BadValue { field: field.into(), expected: "an integer".into() })
    };
    let cases = [
        ("userid=x1&first_name=a&last_name=b&authtime=2", not_an_integer("userid")),
        ("userid=&first_name=a&last_name=b&authtime=2", not_an_integer("userid")),
        ("userid=1&first_name=a&last_name=b&authtime=2.5", not_an_integer("authtime")),
        ("userid=1&first_name=a&last_name=b&authtime=99999999999999999999", not_an_integer("authtime")),
        (
            "userid=1&first_name=a&last_name=b&authtime=2&userid=3",
            record_error(FormError::DuplicateField("userid".into())),
        ),
        (
            "userid=1&first_name=a&last_name=b&authtime=2&username=x&username=",
            record_error(FormError::DuplicateField("username".into())),
        ),
    ];
    for (query, want) in cases {
        assert_eq!(from_query(query), want, "{query}");
    }
}

// ---- the record is the spec's type ----

/// The document's example (its lost head restored, see the spec's erratum), as printed
/// after decryption.
const DOC_EXAMPLE: &str = "userid=123456789&first_name=Ming&last_name=Wang&username=ming_4kzvbw3kE3j\
     &photo_url=https://cccc.tel/avatar/-vYSnmLsU8xPA&authtime=1649741563";

#[test]
fn the_documents_example_decodes_and_the_fixture_is_it() {
    assert_eq!(from_query(DOC_EXAMPLE), Ok(doc_example_user()));
    assert_eq!(fixture("one-block.txt"), DOC_EXAMPLE, "the one-block fixture encrypts the example");
    let scheme = &tgfamily::cloudchat::PASSPORT_CALLBACK;
    assert_eq!((scheme.payload_parameter, scheme.status.map(|s| s.parameter)), ("hash", Some("tg_passport")));
}

/// Every order of the six documented fields decodes to the same record (720 orders).
#[test]
fn every_field_order_decodes_the_same() {
    let pairs: Vec<&str> = DOC_EXAMPLE.split('&').collect();
    let mut order: Vec<usize> = (0..pairs.len()).collect();
    let mut count = 0;
    loop {
        let query: Vec<&str> = order.iter().map(|&i| pairs[i]).collect();
        assert_eq!(from_query(&query.join("&")), Ok(doc_example_user()), "{query:?}");
        count += 1;
        if !next_permutation(&mut order) {
            break;
        }
    }
    assert_eq!(count, 720);
}

/// The next order in lexicographic order; `false` after the last.
fn next_permutation(order: &mut [usize]) -> bool {
    let Some(pivot) = (1..order.len()).rev().find(|&i| order[i - 1] < order[i]) else { return false };
    let swap = (pivot..order.len()).rev().find(|&j| order[j] > order[pivot - 1]).expect("a larger element");
    order.swap(pivot - 1, swap);
    order[pivot..].reverse();
    true
}

#[test]
fn unknown_fields_are_kept_as_strings_wherever_they_are() {
    for at in 0..=6 {
        let mut pairs: Vec<&str> = DOC_EXAMPLE.split('&').collect();
        pairs.insert(at, "phone=%2B886912345678");
        let user = from_query(&pairs.join("&")).expect("decodes");
        let phone = user.unknown_fields.as_ref().and_then(|fields| fields.get("phone")).expect("kept");
        assert_eq!(phone.get(), r#""+886912345678""#);
        let mut known = user.clone();
        known.unknown_fields = None;
        assert_eq!(known, doc_example_user());
    }
}

#[test]
fn empty_optional_values_are_absent_and_empty_names_stay_empty() {
    let user =
        from_query("userid=7&first_name=&last_name=&username=&photo_url=&authtime=1").expect("decodes");
    assert_eq!((user.username, user.photo_url), (None, None));
    assert_eq!((user.first_name.as_str(), user.last_name.as_str()), ("", ""));
}

#[test]
fn hostile_records_are_refused_without_panic() {
    let huge = format!("{DOC_EXAMPLE}&pad={}", "x".repeat(20_000));
    assert_eq!(from_query(&huge), record_error(FormError::TooLong { limit: 16 * 1024 }));
    for bad in ["%", "%4", "%G0", "%%41"] {
        let query = format!("{DOC_EXAMPLE}&note={bad}");
        assert_eq!(from_query(&query), record_error(FormError::BadEscape), "{bad}");
        let query = format!("{DOC_EXAMPLE}&n{bad}=1");
        assert_eq!(from_query(&query), record_error(FormError::BadEscape), "name {bad}");
    }
    for bad in ["%FF", "%C3%28", "%E7%8E", "%ED%A0%80"] {
        let query = DOC_EXAMPLE.replace("Ming&", &format!("Ming{bad}&"));
        assert_eq!(from_query(&query), record_error(FormError::NotUtf8), "{bad}");
    }
    // A callback URL too long is refused before anything is decrypted.
    let long = format!("https://x/cb?tg_passport=success&hash={}", "A".repeat(20_000));
    assert_eq!(
        decode_callback(&long, &key("key.pem")),
        Err(PassportError::Callback(Rejected::Query(FormError::TooLong { limit: 16 * 1024 })))
    );
}

/// Bytes that are not a record, however they are cut, give an error, never a panic.
#[test]
fn arbitrary_text_never_panics() {
    let alphabet =
        ["userid", "=", "&", "%", "%E7", "1", "+", "authtime", "first_name", "last_name", "é", "%8E"];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..5_000 {
        let mut query = String::new();
        for _ in 0..(state % 24) {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            query.push_str(alphabet[(state >> 33) as usize % alphabet.len()]);
        }
        let _ = from_query(&query);
    }
}

#[test]
fn error_messages_are_clear() {
    let shown = |e: PassportError| e.to_string();
    assert_eq!(
        shown(PassportError::Callback(Rejected::Payload(FormError::MissingField("authtime")))),
        "passport callback: the payload: the field `authtime` is missing"
    );
    assert_eq!(
        shown(PassportError::TruncatedCiphertext { len: 200, block_size: 256 }),
        "the ciphertext is 200 bytes, not a multiple of the 256-byte key size (truncated or not for this key)"
    );
    assert!(shown(PassportError::Decryption).contains("another key"));
    let boxed: Box<dyn std::error::Error> = Box::new(PassportError::NotBase64);
    assert_eq!(boxed.to_string(), "the `hash` value is not valid Base64");
}
