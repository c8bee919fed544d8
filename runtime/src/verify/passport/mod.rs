//! Passport sign-in (feature `passport`): RSA-encrypted `get-query` callbacks, with which a
//! platform's users sign in to a bot's web app.
//!
//! The flow, as CloudChat's bot documentation gives it ("機器人用戶授權"):
//!
//! 1. The bot owner makes an RSA key pair (`openssl genrsa 2048 > private.key`, then
//!    `openssl rsa -in private.key -pubout`) and registers the public key with
//!    `/setpublickey`.
//! 2. The app shows a button opening the [`SignInLink`] (`PASSPORT_SIGN_IN.link(…)`):
//!    `cloudchat://resolve?domain=cloudchatpassport&bot_id=…&callback_url=…&scope=PROFILE,…`.
//! 3. After the user agrees, CloudChat calls
//!    `callback_url?tg_passport=success&hash=…`, where `hash` is the user record
//!    encrypted with the bot's public key (RSA, PKCS#1 v1.5), Base64-encoded and
//!    URL-encoded.
//! 4. [`decode_callback`] (or [`decode_hash`]) undoes that with the bot's
//!    [`PrivateKey`] and returns the spec's record. Or let a receiver serve the callback
//!    URL (feature `webhook`): `tgfamily::query_callback::QueryReceiver` with a
//!    [`PassportDecoder`] answers the browser, refuses replays and old records, and hands
//!    the users over on a stream.
//!
//! The callback's parameters and the record's fields are spec data (a spec's `callbacks`
//! with `encryption: rsa-pkcs1-v1.5`): the record is a generated type (such as
//! `tgfamily::cloudchat::PassportUser`), and the parameters are read by the generated
//! [`QueryScheme`] (`tgfamily::cloudchat::PASSPORT_CALLBACK`), which every function here
//! takes. This module holds what is not data: the key, the RSA decryption and the
//! sign-in link.
//!
//! Security: the record is encrypted with the *public* key, not signed, so anyone who
//! knows that key can make a valid-looking `hash`. Keep the public key private too,
//! check the record's age (`PassportUser::is_older_than`), and treat the data as a claim,
//! not a proof.
//!
//! ```no_run
//! use std::time::{Duration, SystemTime};
//! use tgfamily::cloudchat::{PassportUser, PASSPORT_CALLBACK};
//! use tgfamily::passport::{decode_callback, PrivateKey};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let key = PrivateKey::from_pem(&std::fs::read_to_string("private.key")?)?;
//! let callback = "https://example.com/cb?tg_passport=success&hash=…";
//! let user: PassportUser = decode_callback(&PASSPORT_CALLBACK, callback, &key)?;
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

pub use error::PassportError;
pub use key::PrivateKey;
pub use link::SignInLink;

use std::fmt;
use std::marker::PhantomData;
use std::time::{Duration, SystemTime};

use serde::de::DeserializeOwned;

use crate::verify::query_callback::{Issued, QueryDecoder, QueryScheme};

use base64::alphabet;
use base64::engine::{DecodePaddingMode, Engine, GeneralPurpose, GeneralPurposeConfig};
use percent_encoding::percent_decode_str;
use rsa::rand_core::OsRng;
use rsa::Pkcs1v15Encrypt;

/// Decodes the platform's call to the bot's callback URL, as `scheme` reads it.
///
/// `callback` is the whole URL (`https://…/cb?tg_passport=success&hash=…`) or just its
/// query string. The parameters are the scheme's: if its status parameter is present and
/// is not the success value, that is an error; the payload parameter is decoded as by
/// [`decode_hash`].
pub fn decode_callback<T: DeserializeOwned>(
    scheme: &QueryScheme,
    callback: &str,
    key: &PrivateKey,
) -> Result<T, PassportError> {
    decrypt_payload(scheme, &scheme.payload_text(callback)?, key)
}

/// Decrypts the callback's `hash` value and decodes the record in it.
///
/// `hash` may still be percent-encoded or already decoded (a `+` that a form decoder
/// turned into a space is restored). It is Base64 in the standard or URL-safe alphabet,
/// with or without `=` padding. The decoded bytes are one or more blocks the size of
/// the key; each is decrypted on its own (RSA PKCS#1 v1.5) and the plaintexts are
/// joined before being read as UTF-8 and decoded as `scheme`'s record (a query string, see
/// [`tgfamily::form`](crate::codec::form), or JSON).
pub fn decode_hash<T: DeserializeOwned>(
    scheme: &QueryScheme,
    hash: &str,
    key: &PrivateKey,
) -> Result<T, PassportError> {
    decrypt_payload(scheme, hash, key)
}

/// The [`QueryDecoder`] of the passport callback, for the receivers
/// (`tgfamily::query_callback::QueryReceiver`, feature `webhook`): decrypts the `hash`
/// with the bot's key as [`decode_hash`] does, refuses a record whose time of issue
/// ([`Issued`]) is too old, and tells deliveries apart by their ciphertext
/// (the same `hash` in either Base64 alphabet is the same delivery). `Debug` shows only
/// the key's size.
///
/// ```no_run
/// use tgfamily::cloudchat::{PassportUser, PASSPORT_CALLBACK};
/// use tgfamily::passport::{PassportDecoder, PrivateKey};
/// use tgfamily::query_callback::QueryDecoder;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let key = PrivateKey::from_pem(&std::fs::read_to_string("private.key")?)?;
/// let decoder = PassportDecoder::<PassportUser>::new(&PASSPORT_CALLBACK, key);
/// let user = decoder.decode("…the hash parameter…")?;
/// println!("{}", user.user_id);
/// # Ok(())
/// # }
/// ```
pub struct PassportDecoder<T> {
    scheme: &'static QueryScheme,
    key: PrivateKey,
    record: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for PassportDecoder<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PassportDecoder").field("scheme", &self.scheme.name).field("key", &self.key).finish()
    }
}

impl<T> Clone for PassportDecoder<T> {
    fn clone(&self) -> Self {
        PassportDecoder { scheme: self.scheme, key: self.key.clone(), record: PhantomData }
    }
}

impl<T> PassportDecoder<T> {
    /// The decoder of `scheme`'s callbacks, encrypted for `key`, whose records are `T`.
    pub fn new(scheme: &'static QueryScheme, key: PrivateKey) -> PassportDecoder<T> {
        PassportDecoder { scheme, key, record: PhantomData }
    }
}

impl<T: DeserializeOwned + Issued + Send + 'static> QueryDecoder for PassportDecoder<T> {
    type Payload = T;
    type Error = PassportError;

    fn scheme(&self) -> &'static QueryScheme {
        self.scheme
    }

    fn decode(&self, value: &str) -> Result<T, PassportError> {
        decode_hash(self.scheme, value, &self.key)
    }

    fn replay_key(&self, value: &str) -> Vec<u8> {
        decode_base64(value).unwrap_or_else(|_| value.as_bytes().to_vec())
    }

    fn is_older_than(&self, record: &T, max_age: Duration, now: SystemTime) -> bool {
        crate::verify::query_callback::is_older_than(record.issued_at(), max_age, now)
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
