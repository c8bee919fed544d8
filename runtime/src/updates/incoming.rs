//! One received update: decoded, or kept as sent with the reason it did not decode.

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::client::error::server_text;
use crate::client::mask::Mask;

/// An update as received: decoded, or, when it does not decode (a kind or a field this
/// version does not know in a way that breaks decoding, a server bug, bytes that are not
/// UTF-8 or not JSON), its bytes as sent. An undecodable update never stops a stream nor
/// drops its neighbours.
#[derive(Debug)]
pub enum Incoming<U> {
    /// A decoded update.
    Update(U),
    /// An update that did not decode.
    Undecodable(Undecodable),
}

/// An update that did not decode, as the server sent it.
pub struct Undecodable {
    /// The update's `update_id`, when one can be read from its bytes (an integer, an
    /// integer in a string, an integral float; a key given twice only when both agree).
    pub update_id: Option<i64>,
    /// The update, byte for byte.
    pub raw: RawUpdate,
    /// Why it did not decode, with the client's [`Mask`] applied.
    pub error: String,
}

impl fmt::Debug for Undecodable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Undecodable")
            .field("update_id", &self.update_id)
            .field("raw_len", &self.raw.as_bytes().len())
            .field("error", &self.error)
            .finish()
    }
}

/// An update's bytes as the server sent them: JSON, unless the server broke it. `Debug`
/// shows only the length (an update can quote anything).
#[derive(Clone, PartialEq, Eq)]
pub struct RawUpdate(Box<[u8]>);

impl RawUpdate {
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes as text, when they are UTF-8.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    /// The update as a raw JSON value, when it is JSON.
    pub fn to_json(&self) -> Option<Box<RawValue>> {
        self.as_str().and_then(|text| RawValue::from_string(text.to_owned()).ok())
    }
}

impl fmt::Debug for RawUpdate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawUpdate({} bytes)", self.0.len())
    }
}

impl<U: DeserializeOwned> Incoming<U> {
    /// Decodes one update as the stream and the webhook receiver do: `Undecodable`, with
    /// its `update_id` when readable, when it does not decode as `U`. `mask` (the client's
    /// [`Mask`]) is applied to the decoder's message, which can quote the update. For a
    /// receiver of one's own, or a `getUpdates` answer read by hand.
    pub fn from_raw(raw: &RawValue, mask: &Mask) -> Incoming<U> {
        decode_bytes(raw.get().as_bytes(), mask)
    }
}

impl<U> Incoming<U> {
    /// The decoded update, if it decoded.
    pub fn update(self) -> Option<U> {
        match self {
            Incoming::Update(update) => Some(update),
            Incoming::Undecodable(_) => None,
        }
    }
}

/// The update `bytes` decoded as `U`, or kept raw: not UTF-8, not JSON, or not a `U`.
pub(crate) fn decode_bytes<U: DeserializeOwned>(bytes: &[u8], mask: &Mask) -> Incoming<U> {
    let error = match std::str::from_utf8(bytes) {
        Err(error) => format!(
            "the update is not UTF-8 (from byte {} of {}); it is not decoded",
            error.valid_up_to(),
            bytes.len()
        ),
        Ok(text) => match serde_json::from_str::<U>(text) {
            Ok(update) => return Incoming::Update(update),
            Err(error) => server_text(&error.to_string(), mask),
        },
    };
    Incoming::Undecodable(Undecodable {
        update_id: super::update_id::recover(bytes),
        raw: RawUpdate(bytes.into()),
        error,
    })
}

/// The update `raw` decoded as `U`, with its `update_id` when readable (the webhook's
/// path); `secrets` are masked in the decoder's message.
#[cfg(any(feature = "webhook", test))]
pub(crate) fn decode_update<U: DeserializeOwned>(
    raw: &RawValue,
    secrets: &[&str],
) -> (Option<i64>, Incoming<U>) {
    let mask = secrets.iter().fold(Mask::default(), |mask, secret| mask.with(secret));
    let incoming = decode_bytes::<U>(raw.get().as_bytes(), &mask);
    let update_id = match &incoming {
        Incoming::Update(_) => super::update_id::recover(raw.get().as_bytes()),
        Incoming::Undecodable(undecodable) => undecodable.update_id,
    };
    (update_id, incoming)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Update {
        update_id: i64,
        #[serde(default)]
        message: Option<i64>,
    }

    fn raw(text: &str) -> Box<RawValue> {
        RawValue::from_string(text.to_owned()).expect("valid JSON")
    }

    #[test]
    fn an_update_that_does_not_decode_keeps_its_id_and_its_bytes() {
        let (id, incoming) = decode_update::<Update>(&raw(r#"{"update_id": 7}"#), &[]);
        assert_eq!(id, Some(7));
        assert_eq!(incoming.update().map(|u| (u.update_id, u.message)), Some((7, None)));
        let (id, incoming) = decode_update::<Update>(
            &raw(r#"{"message": "s3cret-token", "update_id": 8}"#),
            &["s3cret-token"],
        );
        assert_eq!(id, Some(8));
        match incoming {
            Incoming::Undecodable(undecodable) => {
                assert_eq!(undecodable.update_id, Some(8));
                assert!(undecodable.raw.as_str().is_some_and(|raw| raw.contains("s3cret")), "kept whole");
                assert!(!undecodable.error.contains("s3cret"), "{}", undecodable.error);
            }
            Incoming::Update(_) => panic!("decoded without the field it needs"),
        }
        let (id, incoming) = decode_update::<Update>(&raw("42"), &[]);
        assert_eq!(id, None);
        assert!(incoming.update().is_none());
    }

    #[test]
    fn bytes_that_are_not_utf8_are_kept_raw_with_their_id() {
        let bytes = b"{\"update_id\": 9, \"message\": \"\xff\"}";
        match decode_bytes::<Update>(bytes, &Mask::default()) {
            Incoming::Undecodable(undecodable) => {
                assert_eq!(undecodable.update_id, Some(9));
                assert_eq!(undecodable.raw.as_bytes(), bytes);
                assert!(undecodable.raw.as_str().is_none() && undecodable.error.contains("UTF-8"));
            }
            Incoming::Update(_) => panic!("not UTF-8"),
        }
    }
}
