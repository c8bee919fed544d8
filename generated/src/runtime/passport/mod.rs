//! CloudChat passport: let CloudChat users sign in to a bot's web app.
//!
//! The flow, from CloudChat's bot documentation ("機器人用戶授權"):
//!
//! 1. The bot owner makes an RSA key pair (`openssl genrsa 2048 > private.key`, then
//!    `openssl rsa -in private.key -pubout`) and registers the public key with
//!    `/setpublickey`.
//! 2. The app shows a button opening [`login_link`]:
//!    `cloudchat://resolve?domain=cloudchatpassport&bot_id=…&callback_url=…&scope=PROFILE,…`.
//! 3. After the user agrees, CloudChat calls
//!    `callback_url?tg_passport=success&hash=…`, where `hash` is the user record
//!    encrypted with the bot's public key (RSA, PKCS#1 v1.5), Base64-encoded and
//!    URL-encoded.
//! 4. [`decode_callback`] (or [`decode_hash`]) undoes that with the bot's
//!    [`PrivateKey`] and returns a [`PassportUser`]. Or let a receiver serve the callback
//!    URL (feature `webhook`): `tgfamily::query_callback::QueryReceiver` with a
//!    [`PassportDecoder`] answers the browser, refuses replays and old records, and hands
//!    the users over on a stream.
//!
//! The callback's parameters and the record's fields are spec data (`spec/cloudchat.yaml`,
//! `callbacks`): [`PassportUser`] is the generated `tgfamily::cloudchat::PassportUser`,
//! and the parameters are read by the generated
//! [`PASSPORT_CALLBACK`](crate::cloudchat::PASSPORT_CALLBACK) scheme. This module holds
//! what is not data: the key, the RSA decryption and the sign-in link.
//!
//! Security: the record is encrypted with the *public* key, not signed, so anyone who
//! knows that key can make a valid-looking `hash`. Keep the public key private too,
//! check [`PassportUser::is_older_than`], and treat the data as a claim, not a proof.
//!
//! ```no_run
//! use std::time::{Duration, SystemTime};
//! use tgfamily::passport::{decode_callback, PrivateKey};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let key = PrivateKey::from_pem(&std::fs::read_to_string("private.key")?)?;
//! let user = decode_callback("https://example.com/cb?tg_passport=success&hash=…", &key)?;
//! if user.is_older_than(Duration::from_secs(300), SystemTime::now()) {
//!     return Err("sign-in too old".into());
//! }
//! println!("hello {} (id {})", user.first_name, user.user_id);
//! # Ok(())
//! # }
//! ```

mod error;
mod key;
mod link;
mod user;

pub use error::PassportError;
pub use key::PrivateKey;
pub use link::{login_link, Scope};
pub use user::PassportUser;

use std::time::{Duration, SystemTime};

use crate::query_callback::{QueryDecoder, QueryScheme};

use base64::alphabet;
use base64::engine::{DecodePaddingMode, Engine, GeneralPurpose, GeneralPurposeConfig};
use percent_encoding::percent_decode_str;
use rsa::rand_core::OsRng;
use rsa::Pkcs1v15Encrypt;

/// Decodes CloudChat's call to the bot's callback URL.
///
/// `callback` is the whole URL (`https://…/cb?tg_passport=success&hash=…`) or just its
/// query string. The parameters are the spec's
/// ([`PASSPORT_CALLBACK`](crate::cloudchat::PASSPORT_CALLBACK)): if `tg_passport` is
/// present and is not `success`, that is an error; the `hash` parameter is decoded as by
/// [`decode_hash`].
pub fn decode_callback(callback: &str, key: &PrivateKey) -> Result<PassportUser, PassportError> {
    let scheme = &crate::cloudchat::PASSPORT_CALLBACK;
    decrypt_payload(scheme, &scheme.payload_text(callback)?, key)
}

/// Decrypts the callback's `hash` value and decodes the record in it.
///
/// `hash` may still be percent-encoded or already decoded (a `+` that a form decoder
/// turned into a space is restored). It is Base64 in the standard or URL-safe alphabet,
/// with or without `=` padding. The decoded bytes are one or more blocks the size of
/// the key; each is decrypted on its own (RSA PKCS#1 v1.5) and the plaintexts are
/// joined before being read as UTF-8 and decoded as the spec's record, a query string
/// (see [`tgfamily::form`](crate::form)).
pub fn decode_hash(hash: &str, key: &PrivateKey) -> Result<PassportUser, PassportError> {
    decrypt_payload(&crate::cloudchat::PASSPORT_CALLBACK, hash, key)
}

/// The [`QueryDecoder`] of the passport callback, for the receivers
/// (`tgfamily::query_callback::QueryReceiver`, feature `webhook`): decrypts the `hash`
/// with the bot's key as [`decode_hash`] does, refuses a record whose `authtime` is too
/// old ([`PassportUser::is_older_than`]), and tells deliveries apart by their ciphertext
/// (the same `hash` in either Base64 alphabet is the same delivery). `Debug` shows only
/// the key's size.
///
/// ```no_run
/// use tgfamily::passport::{PassportDecoder, PrivateKey};
/// use tgfamily::query_callback::QueryDecoder;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let key = PrivateKey::from_pem(&std::fs::read_to_string("private.key")?)?;
/// let decoder = PassportDecoder::new(key);
/// let user = decoder.decode("…the hash parameter…")?;
/// println!("{}", user.user_id);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct PassportDecoder {
    key: PrivateKey,
}

impl PassportDecoder {
    /// The decoder of callbacks encrypted for `key`.
    pub fn new(key: PrivateKey) -> PassportDecoder {
        PassportDecoder { key }
    }
}

impl QueryDecoder for PassportDecoder {
    type Payload = PassportUser;
    type Error = PassportError;

    fn scheme(&self) -> &'static QueryScheme {
        &crate::cloudchat::PASSPORT_CALLBACK
    }

    fn decode(&self, value: &str) -> Result<PassportUser, PassportError> {
        decode_hash(value, &self.key)
    }

    fn replay_key(&self, value: &str) -> Vec<u8> {
        decode_base64(value).unwrap_or_else(|_| value.as_bytes().to_vec())
    }

    fn is_older_than(&self, user: &PassportUser, max_age: Duration, now: SystemTime) -> bool {
        user.is_older_than(max_age, now)
    }
}

/// The payload of an RSA-encrypted query callback: Base64, decrypted, decoded as the
/// scheme's encoding says.
fn decrypt_payload<T: serde::de::DeserializeOwned>(
    scheme: &QueryScheme,
    hash: &str,
    key: &PrivateKey,
) -> Result<T, PassportError> {
    let plaintext = decrypt(&decode_base64(hash)?, key)?;
    let text = String::from_utf8(plaintext).map_err(|_| PassportError::NotUtf8)?;
    Ok(scheme.decode_payload(&text)?)
}

/// Base64 with either alphabet (normalised to the standard one) and optional padding.
fn decode_base64(hash: &str) -> Result<Vec<u8>, PassportError> {
    const ENGINE: GeneralPurpose = GeneralPurpose::new(
        &alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let unescaped = percent_decode_str(hash).decode_utf8().map_err(|_| PassportError::NotBase64)?;
    let normalised: String = unescaped
        .chars()
        .filter(|c| !matches!(c, '\r' | '\n' | '\t'))
        .map(|c| match c {
            ' ' => '+',
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    if normalised.is_empty() {
        return Err(PassportError::MissingHash);
    }
    ENGINE.decode(normalised).map_err(|_| PassportError::NotBase64)
}

/// Decrypts each key-sized block (with RSA blinding) and joins the plaintexts.
fn decrypt(ciphertext: &[u8], key: &PrivateKey) -> Result<Vec<u8>, PassportError> {
    let block_size = key.size();
    if ciphertext.is_empty() || !ciphertext.len().is_multiple_of(block_size) {
        return Err(PassportError::TruncatedCiphertext { len: ciphertext.len(), block_size });
    }
    let mut plaintext = Vec::with_capacity(ciphertext.len());
    for block in ciphertext.chunks(block_size) {
        let part = key
            .rsa()
            .decrypt_blinded(&mut OsRng, Pkcs1v15Encrypt, block)
            .map_err(|_| PassportError::Decryption)?;
        plaintext.extend_from_slice(&part);
    }
    Ok(plaintext)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_accepts_both_alphabets_and_padding_styles() {
        // 0xfb 0xff 0xbf encodes as "+/+/" (standard) or "-_-_" (URL-safe).
        let want = Ok(vec![0xfb, 0xff, 0xbf, 0x61]);
        assert_eq!(decode_base64("+/+/YQ=="), want);
        assert_eq!(decode_base64("-_-_YQ"), want);
        assert_eq!(decode_base64("%2B%2F%2B%2FYQ%3D%3D"), want);
        assert_eq!(decode_base64(" / /YQ"), want, "form-decoded '+' as space");
        assert_eq!(decode_base64("YQ=\n="), Ok(vec![0x61]));
        assert_eq!(decode_base64("Y!Q="), Err(PassportError::NotBase64));
        assert_eq!(decode_base64("%FF"), Err(PassportError::NotBase64));
        assert_eq!(decode_base64(""), Err(PassportError::MissingHash));
    }
}
