//! Checking what Telegram signs (feature `signed-data`): the `initData` a Mini App
//! receives, and the data the Login Widget (or a `login_url` button) hands a web site.
//!
//! Both are sets of fields with a `hash`: the hex HMAC-SHA-256 of the *data-check-string*
//! (every field but `hash`, as `key=value`, sorted by key, joined by `\n`) under a key
//! made from the bot token: `HMAC-SHA-256("WebAppData", token)` for Mini Apps
//! (core.telegram.org/bots/webapps, "Validating data received via the Mini App"),
//! `SHA-256(token)` for the Login Widget (core.telegram.org/widgets/login, "Checking
//! authorization"). The hash is compared in constant time, and data older than the
//! caller's limit is refused (a leaked `initData` must not stay a credential forever).
//!
//! **One field set, one data-check-string.** The fields are read as sent (percent-decoded,
//! `+` a space) and the verified fields handed back are exactly the signed ones. So that no
//! two different field sets give the same data-check-string, a field whose name is empty
//! or holds `=` or a line feed, a field whose value holds a line feed, and a name given
//! twice (however it is encoded) are refused as [`Refused::Malformed`] before any hash is
//! computed: with them refused, the data-check-string splits back into its fields one way
//! only (at each line feed, then at each line's first `=`). Without the rule, a signed
//! `query_id=Q`, `user={…}` could be sent as one field `query_id=Q%0Auser%3D{…}` and still
//! verify, without its `user`. Telegram's own fields never hold a line feed (its JSON
//! values escape it), so nothing it signs is refused (`docs/decisions.md`, "Signed data:
//! no line feed in a field").
//!
//! **Third parties** (who have the bot's id but not its token) check the `signature`
//! field instead, with [`verify_init_data_third_party`]: the unpadded base64url Ed25519
//! signature, by Telegram's key ([`TELEGRAM_PUBLIC_KEY`], or [`TELEGRAM_TEST_PUBLIC_KEY`]
//! in the test environment), of `<bot_id>:WebAppData`, a line feed, and the
//! data-check-string of every field but `hash` and `signature` (core.telegram.org/bots/
//! webapps, "Validating data for Third-Party Use"). The production key was confirmed
//! here against initData Telegram signed (the example of the Telegram Mini Apps
//! community's `init-data-golang` documentation, bot 7342037359); the test-environment
//! key is as third-party libraries quote the page, unconfirmed by a signed sample.
//!
//! ```
//! # #[cfg(feature = "signed-data")] {
//! use std::time::{Duration, SystemTime};
//! use tgfamily::signed::{verify_init_data, Refused};
//!
//! let forged = format!("user=%7B%7D&auth_date=1&hash={}", "0".repeat(64));
//! let result = verify_init_data(&forged, "123:token", Duration::from_secs(3600), SystemTime::now());
//! assert_eq!(result.unwrap_err(), Refused::BadHash);
//! # }
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use ed25519_dalek::{Signature, VerifyingKey};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// The longest signed data accepted, in bytes: real `initData` is about 1 KiB.
pub const MAX_SIGNED_DATA_BYTES: usize = 16 * 1024;

/// Telegram's Ed25519 public key for Mini App data in production, as the Mini Apps page
/// gives it (hex `e7bf03a2…242d`).
pub const TELEGRAM_PUBLIC_KEY: [u8; 32] =
    hex32("e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d");

/// Telegram's Ed25519 public key for Mini App data in the test environment (hex
/// `40055058…72ec`).
pub const TELEGRAM_TEST_PUBLIC_KEY: [u8; 32] =
    hex32("40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec");

/// 64 hex digits as 32 bytes, at compile time.
const fn hex32(text: &str) -> [u8; 32] {
    const fn digit(byte: u8) -> u8 {
        match byte {
            b'0'..=b'9' => byte - b'0',
            b'a'..=b'f' => byte - b'a' + 10,
            _ => panic!("not a lower-case hex digit"),
        }
    }
    let bytes = text.as_bytes();
    assert!(bytes.len() == 64, "64 hex digits");
    let mut out = [0u8; 32];
    let mut at = 0;
    while at < 32 {
        out[at] = digit(bytes[2 * at]) * 16 + digit(bytes[2 * at + 1]);
        at += 1;
    }
    out
}

/// How far in the future an `auth_date` may be (clocks differ a little).
const CLOCK_SKEW: Duration = Duration::from_secs(60);

/// Why signed data was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refused {
    /// Not a set of `key=value` fields (bad percent-encoding, not UTF-8, a field twice,
    /// a name that is empty or holds `=` or a line feed, a value holding a line feed,
    /// longer than [`MAX_SIGNED_DATA_BYTES`]): see the module's "One field set, one
    /// data-check-string".
    Malformed(&'static str),
    /// No `hash` field, or one that is not 64 hex digits.
    NoHash,
    /// The hash does not match: not signed for this bot, or changed.
    BadHash,
    /// No `signature` field, or one that is not an unpadded base64url Ed25519 signature.
    NoSignature,
    /// The signature does not match: not signed by that key for this bot, or changed.
    BadSignature,
    /// No `auth_date`, or one that is not a Unix time.
    NoAuthDate,
    /// Signed longer ago than allowed.
    Expired {
        /// How old it is.
        age: Duration,
    },
    /// Signed later than now (beyond a minute of clock difference).
    FromTheFuture,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Malformed(why) => write!(f, "malformed signed data: {why}"),
            Refused::NoHash => f.write_str("no valid `hash` field"),
            Refused::BadHash => f.write_str("the hash does not match the data"),
            Refused::NoSignature => f.write_str("no valid `signature` field"),
            Refused::BadSignature => f.write_str("the signature does not match the data"),
            Refused::NoAuthDate => f.write_str("no valid `auth_date` field"),
            Refused::Expired { age } => write!(f, "signed {}s ago, longer than allowed", age.as_secs()),
            Refused::FromTheFuture => f.write_str("`auth_date` is in the future"),
        }
    }
}

impl std::error::Error for Refused {}

/// Data whose hash matched: its fields (without `hash`), decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    fields: BTreeMap<String, String>,
    auth_date: SystemTime,
}

impl Verified {
    /// A field's value (`user`, `query_id`, `id`, `first_name`, …).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields.get(key).map(String::as_str)
    }

    /// Every field but `hash`, sorted by key.
    pub fn fields(&self) -> &BTreeMap<String, String> {
        &self.fields
    }

    /// When Telegram signed it.
    pub fn auth_date(&self) -> SystemTime {
        self.auth_date
    }
}

/// Checks a Mini App's `initData` (the query string `Telegram.WebApp.initData` holds)
/// for the bot with `bot_token`, refusing it when signed more than `max_age` before `now`.
pub fn verify_init_data(
    init_data: &str,
    bot_token: &str,
    max_age: Duration,
    now: SystemTime,
) -> Result<Verified, Refused> {
    let key = hmac_sha256(b"WebAppData", bot_token.as_bytes());
    verify(parse_query(init_data)?, &key, max_age, now)
}

/// Checks a Mini App's `initData` without the bot token, as a third party: its Ed25519
/// `signature` by `public_key` ([`TELEGRAM_PUBLIC_KEY`], or [`TELEGRAM_TEST_PUBLIC_KEY`]
/// for the test environment) for the bot `bot_id` (the number before the token's `:`),
/// refusing it when signed more than `max_age` before `now`. The verified fields leave
/// out `hash` and `signature`.
///
/// ```
/// # #[cfg(feature = "signed-data")] {
/// use std::time::{Duration, SystemTime};
/// use tgfamily::signed::{verify_init_data_third_party, Refused, TELEGRAM_PUBLIC_KEY};
///
/// let forged = format!("user=%7B%7D&auth_date=1&signature={}", "A".repeat(86));
/// let day = Duration::from_secs(86_400);
/// let result = verify_init_data_third_party(&forged, 7342037359, &TELEGRAM_PUBLIC_KEY, day, SystemTime::now());
/// assert_eq!(result.unwrap_err(), Refused::BadSignature);
/// # }
/// ```
pub fn verify_init_data_third_party(
    init_data: &str,
    bot_id: u64,
    public_key: &[u8; 32],
    max_age: Duration,
    now: SystemTime,
) -> Result<Verified, Refused> {
    let mut fields = parse_query(init_data)?;
    let signature = fields.remove("signature").ok_or(Refused::NoSignature)?;
    fields.remove("hash");
    let signature = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(signature.trim_end_matches('='))
        .ok()
        .and_then(|bytes| <[u8; 64]>::try_from(bytes).ok())
        .ok_or(Refused::NoSignature)?;
    let key = VerifyingKey::from_bytes(public_key).map_err(|_| Refused::BadSignature)?;
    let check = format!("{bot_id}:WebAppData\n{}", data_check_string(&fields));
    // Strict: no small-order keys, no malleable signatures.
    key.verify_strict(check.as_bytes(), &Signature::from_bytes(&signature))
        .map_err(|_| Refused::BadSignature)?;
    check_age(fields, max_age, now)
}

/// Checks the Login Widget's data as its redirect carries it (the query string after `?`)
/// for the bot with `bot_token`, refusing it when signed more than `max_age` before `now`.
pub fn verify_login_widget(
    query: &str,
    bot_token: &str,
    max_age: Duration,
    now: SystemTime,
) -> Result<Verified, Refused> {
    verify_login_widget_fields(parse_query(query)?, bot_token, max_age, now)
}

/// Checks the Login Widget's data given as decoded fields (what its JavaScript callback
/// passes, each value as text), like [`verify_login_widget`], with the same rules for
/// names and values (no line feed, no `=` in a name, no name twice).
pub fn verify_login_widget_fields(
    fields: impl IntoIterator<Item = (String, String)>,
    bot_token: &str,
    max_age: Duration,
    now: SystemTime,
) -> Result<Verified, Refused> {
    let key: [u8; 32] = Sha256::digest(bot_token.as_bytes()).into();
    verify(collect(fields)?, &key, max_age, now)
}

fn verify(
    mut fields: BTreeMap<String, String>,
    key: &[u8],
    max_age: Duration,
    now: SystemTime,
) -> Result<Verified, Refused> {
    let hash = fields.remove("hash").ok_or(Refused::NoHash)?;
    let expected = decode_hex(&hash).ok_or(Refused::NoHash)?;
    let mut mac = new_mac(key);
    mac.update(data_check_string(&fields).as_bytes());
    // `verify_slice` compares in constant time.
    mac.verify_slice(&expected).map_err(|_| Refused::BadHash)?;
    check_age(fields, max_age, now)
}

/// Every field as `key=value`, sorted by key, joined by line feeds: one string per field
/// set, since [`collect`] refused the names and values that could hold a line break or
/// move a name's end.
fn data_check_string(fields: &BTreeMap<String, String>) -> String {
    let mut check = String::new();
    for (index, (name, value)) in fields.iter().enumerate() {
        if index > 0 {
            check.push('\n');
        }
        check.push_str(name);
        check.push('=');
        check.push_str(value);
    }
    check
}

/// The verified fields, when their `auth_date` is within `max_age` of `now`.
fn check_age(
    fields: BTreeMap<String, String>,
    max_age: Duration,
    now: SystemTime,
) -> Result<Verified, Refused> {
    let seconds: u64 = fields.get("auth_date").and_then(|v| v.parse().ok()).ok_or(Refused::NoAuthDate)?;
    let auth_date = UNIX_EPOCH.checked_add(Duration::from_secs(seconds)).ok_or(Refused::NoAuthDate)?;
    match now.duration_since(auth_date) {
        Ok(age) if age > max_age => Err(Refused::Expired { age }),
        Ok(_) => Ok(Verified { fields, auth_date }),
        Err(ahead) if ahead.duration() <= CLOCK_SKEW => Ok(Verified { fields, auth_date }),
        Err(_) => Err(Refused::FromTheFuture),
    }
}

fn new_mac(key: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length: `new_from_slice` cannot fail for it.
    match <Hmac<Sha256> as Mac>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts every key length"),
    }
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = new_mac(key);
    mac.update(message);
    mac.finalize().into_bytes().into()
}

fn decode_hex(text: &str) -> Option<[u8; 32]> {
    let bytes = text.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (index, pair) in bytes.chunks_exact(2).enumerate() {
        let digit = |b: u8| (b as char).to_digit(16);
        out[index] = u8::try_from(digit(pair[0])? * 16 + digit(pair[1])?).ok()?;
    }
    Some(out)
}

/// The fields of a query string (`+` is a space, `%XX` a byte, UTF-8).
fn parse_query(query: &str) -> Result<BTreeMap<String, String>, Refused> {
    if query.len() > MAX_SIGNED_DATA_BYTES {
        return Err(Refused::Malformed("too long"));
    }
    let query = query.strip_prefix('?').unwrap_or(query);
    let pairs = query.split('&').filter(|pair| !pair.is_empty()).map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        Ok((decode_component(key)?, decode_component(value)?))
    });
    collect(pairs.collect::<Result<Vec<_>, Refused>>()?)
}

fn collect(pairs: impl IntoIterator<Item = (String, String)>) -> Result<BTreeMap<String, String>, Refused> {
    let mut fields = BTreeMap::new();
    let mut total = 0usize;
    for (key, value) in pairs {
        total = total.saturating_add(key.len() + value.len());
        if total > MAX_SIGNED_DATA_BYTES {
            return Err(Refused::Malformed("too long"));
        }
        if key.is_empty() {
            return Err(Refused::Malformed("a field without a name"));
        }
        if key.contains('\n') || value.contains('\n') {
            return Err(Refused::Malformed("a line feed in a field"));
        }
        if key.contains('=') {
            return Err(Refused::Malformed("a key with `=`"));
        }
        if fields.insert(key, value).is_some() {
            return Err(Refused::Malformed("a field given twice"));
        }
    }
    Ok(fields)
}

fn decode_component(text: &str) -> Result<String, Refused> {
    let spaced = text.replace('+', " ");
    let bytes = spaced.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            let hex = bytes.get(at + 1..at + 3).and_then(|h| std::str::from_utf8(h).ok());
            let byte =
                hex.and_then(|h| u8::from_str_radix(h, 16).ok()).ok_or(Refused::Malformed("bad %-escape"))?;
            out.push(byte);
            at += 3;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(out).map_err(|_| Refused::Malformed("not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_inputs_are_refused_without_panicking() {
        let now = SystemTime::now();
        let day = Duration::from_secs(86_400);
        for input in ["", "hash", "hash=zz", "a=%", "a=%G0", "a=%ff&hash=00", "a=1&a=2", "&&&", "=&="] {
            assert!(verify_init_data(input, "1:t", day, now).is_err(), "{input}");
        }
        let long = format!("a={}", "x".repeat(MAX_SIGNED_DATA_BYTES));
        assert_eq!(verify_init_data(&long, "1:t", day, now), Err(Refused::Malformed("too long")));
        let non_ascii_hash = format!("hash={}", "é".repeat(32));
        assert_eq!(verify_init_data(&non_ascii_hash, "1:t", day, now), Err(Refused::NoHash));
    }

    const TOKEN: &str = "1:token";
    const NOW: u64 = 1_000_000;

    /// `fields` as a query string (every byte but letters and digits percent-encoded),
    /// with the `hash` of their data-check-string under `key`.
    fn signed(fields: &BTreeMap<String, String>, key: &[u8]) -> String {
        let encode =
            |text: &str| {
                text.bytes()
                    .map(|b| {
                        if b.is_ascii_alphanumeric() {
                            char::from(b).to_string()
                        } else {
                            format!("%{b:02X}")
                        }
                    })
                    .collect::<String>()
            };
        let hash: String = hmac_sha256(key, data_check_string(fields).as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut query: Vec<String> =
            fields.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
        query.push(format!("hash={hash}"));
        query.join("&")
    }

    /// Every set of `auth_date` and up to two fields from hostile names and values.
    fn field_sets() -> Vec<BTreeMap<String, String>> {
        const KEYS: &[&str] = &["a", "b", "ab", "a=b", "a\nb", "", "b\n", "=", "user"];
        const VALUES: &[&str] = &["", "1", "x\nb=2", "=", "&", "%", "+ ", "\n", "é", "a=b", "\r", "%0A"];
        let fields: Vec<(&str, &str)> =
            KEYS.iter().flat_map(|k| VALUES.iter().map(move |v| (*k, *v))).collect();
        let base = BTreeMap::from([("auth_date".to_owned(), NOW.to_string())]);
        let mut sets = vec![base.clone()];
        for (index, first) in fields.iter().enumerate() {
            let mut one = base.clone();
            one.insert(first.0.to_owned(), first.1.to_owned());
            sets.push(one.clone());
            for second in fields[index + 1..].iter().filter(|second| second.0 != first.0) {
                let mut two = one.clone();
                two.insert(second.0.to_owned(), second.1.to_owned());
                sets.push(two);
            }
        }
        sets
    }

    fn acceptable(fields: &BTreeMap<String, String>) -> bool {
        fields.iter().all(|(k, v)| !k.is_empty() && !k.contains(['=', '\n']) && !v.contains('\n'))
    }

    #[test]
    fn the_verified_fields_are_exactly_the_signed_ones_and_no_two_sets_sign_alike() {
        let now = UNIX_EPOCH + Duration::from_secs(NOW);
        let hour = Duration::from_secs(3600);
        let mini_app = hmac_sha256(b"WebAppData", TOKEN.as_bytes());
        let widget: [u8; 32] = Sha256::digest(TOKEN.as_bytes()).into();
        let mut seen: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        let sets = field_sets();
        assert!(sets.len() > 4000, "{}", sets.len());
        for fields in &sets {
            let verified = verify_init_data(&signed(fields, &mini_app), TOKEN, hour, now);
            let by_widget = verify_login_widget(&signed(fields, &widget), TOKEN, hour, now);
            let mut as_fields: Vec<(String, String)> = fields.clone().into_iter().collect();
            as_fields.push((
                "hash".to_owned(),
                signed(fields, &widget).rsplit('=').next().unwrap_or("").to_owned(),
            ));
            let by_fields = verify_login_widget_fields(as_fields, TOKEN, hour, now);
            for result in [verified, by_widget, by_fields] {
                if acceptable(fields) {
                    assert_eq!(result.map(|v| v.fields().clone()).as_ref(), Ok(fields));
                } else {
                    assert!(matches!(result, Err(Refused::Malformed(_))), "{fields:?}: {result:?}");
                }
            }
            if acceptable(fields) {
                let check = data_check_string(fields);
                if let Some(other) = seen.insert(check.clone(), fields.clone()) {
                    panic!("{other:?} and {fields:?} both sign {check:?}");
                }
                // Each field folded into the one before it: the same data-check-string.
                let names: Vec<&String> = fields.keys().collect();
                for pair in names.windows(2) {
                    let mut folded = fields.clone();
                    let moved = folded.remove(pair[1]).unwrap_or_default();
                    if let Some(value) = folded.get_mut(pair[0]) {
                        *value = format!("{value}\n{}={moved}", pair[1]);
                    }
                    assert_eq!(data_check_string(&folded), check);
                    let result = verify_init_data(&signed(&folded, &mini_app), TOKEN, hour, now);
                    assert_eq!(result, Err(Refused::Malformed("a line feed in a field")), "{folded:?}");
                }
            }
        }
        assert!(seen.len() > 600, "{}", seen.len());
    }

    #[test]
    fn a_time_of_any_size_is_refused_without_panicking() {
        let fields = |auth_date: &str| BTreeMap::from([("auth_date".to_owned(), auth_date.to_owned())]);
        let now = UNIX_EPOCH + Duration::from_secs(NOW);
        for (auth_date, max_age, refused) in [
            (u64::MAX.to_string(), Duration::MAX, Refused::FromTheFuture),
            ((u64::MAX >> 1).to_string(), Duration::ZERO, Refused::FromTheFuture),
            ("18446744073709551616".to_owned(), Duration::MAX, Refused::NoAuthDate),
            ("-1".to_owned(), Duration::MAX, Refused::NoAuthDate),
            ("1e9".to_owned(), Duration::MAX, Refused::NoAuthDate),
            ((NOW + 61).to_string(), Duration::MAX, Refused::FromTheFuture),
            ("0".to_owned(), Duration::ZERO, Refused::Expired { age: Duration::from_secs(NOW) }),
        ] {
            let result = check_age(fields(&auth_date), max_age, now);
            // `u64::MAX` seconds is past what a `SystemTime` holds on some systems: no date.
            let refused_as =
                |r: &Refused| *r == refused || (*r == Refused::NoAuthDate && auth_date.len() > 15);
            assert!(result.as_ref().is_err_and(refused_as), "{auth_date}: {result:?}");
        }
        assert!(check_age(fields(&NOW.to_string()), Duration::ZERO, now).is_ok());
        assert!(check_age(fields("0"), Duration::MAX, now).is_ok());
    }
}
