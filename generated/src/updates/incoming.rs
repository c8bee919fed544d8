//! One received update: decoded, or kept as raw JSON with the reason it did not decode.

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

/// An update as received: decoded, or, when it does not decode (a kind or a field this
/// version does not know in a way that breaks decoding, or a server bug), its raw JSON.
/// An undecodable update never stops a stream nor drops its neighbours.
#[derive(Debug)]
pub enum Incoming<U> {
    /// A decoded update.
    Update(U),
    /// An update that did not decode.
    Undecodable(Undecodable),
}

/// An update that did not decode, as the server sent it.
pub struct Undecodable {
    /// The update's `update_id`, when it has a readable one.
    pub update_id: Option<i64>,
    /// The update's JSON, byte for byte.
    pub raw: Box<RawValue>,
    /// Why it did not decode.
    pub error: String,
}

impl fmt::Debug for Undecodable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Undecodable")
            .field("update_id", &self.update_id)
            .field("raw_len", &self.raw.get().len())
            .field("error", &self.error)
            .finish()
    }
}

impl<U: DeserializeOwned> Incoming<U> {
    /// Decodes one update as the stream and the webhook receiver do: `Undecodable`, with
    /// its `update_id` when readable, when it does not decode as `U`. For a receiver of
    /// one's own, or a `getUpdates` answer read by hand.
    pub fn from_raw(raw: Box<RawValue>) -> Incoming<U> {
        decode_update(raw, &[]).1
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

/// An update's `update_id`, when it is an object with exactly one integer `update_id`: an
/// ambiguous one (`{"update_id": 3, "update_id": 4}`) is no id, so it moves no offset.
#[derive(serde::Deserialize)]
struct UpdateId {
    update_id: Option<i64>,
}

/// The update `raw` decoded as `U`, with its `update_id` read from the raw JSON (so an
/// update that does not decode still has one, when it is readable). The decoder's message
/// can quote a value of the update: `secrets` are masked in it.
pub(crate) fn decode_update<U: DeserializeOwned>(
    raw: Box<RawValue>,
    secrets: &[&str],
) -> (Option<i64>, Incoming<U>) {
    let update_id = serde_json::from_str::<UpdateId>(raw.get()).ok().and_then(|id| id.update_id);
    match serde_json::from_str::<U>(raw.get()) {
        Ok(update) => (update_id, Incoming::Update(update)),
        Err(error) => {
            let error =
                secrets.iter().fold(error.to_string(), |text, secret| crate::mask::mask(&text, secret));
            (update_id, Incoming::Undecodable(Undecodable { update_id, raw, error }))
        }
    }
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
    fn an_update_that_does_not_decode_keeps_its_id_and_its_json() {
        let (id, incoming) = decode_update::<Update>(raw(r#"{"update_id": 7}"#), &[]);
        assert_eq!(id, Some(7));
        assert_eq!(incoming.update().map(|u| (u.update_id, u.message)), Some((7, None)));
        let (id, incoming) =
            decode_update::<Update>(raw(r#"{"message": "s3cret", "update_id": 8}"#), &["s3cret"]);
        assert_eq!(id, Some(8));
        match incoming {
            Incoming::Undecodable(undecodable) => {
                assert_eq!(undecodable.update_id, Some(8));
                assert!(undecodable.raw.get().contains("s3cret"), "the raw JSON is kept whole");
                assert!(!undecodable.error.contains("s3cret"), "{}", undecodable.error);
            }
            Incoming::Update(_) => panic!("decoded without the field it needs"),
        }
        let (id, incoming) = decode_update::<Update>(raw("42"), &[]);
        assert_eq!(id, None);
        assert!(incoming.update().is_none());
        let (id, _) = decode_update::<Update>(raw(r#"{"update_id": 3, "update_id": 4}"#), &[]);
        assert_eq!(id, None, "an ambiguous id is no id");
    }
}
