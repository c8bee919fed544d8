//! [`Json`]: a JSON value kept exactly as it was sent.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::codec::Content;

/// A JSON value the spec does not describe (an unknown field, kind or variant), kept as
/// the JSON text that was received: numbers digit for digit, nothing reordered. It is
/// written back unchanged when the object is serialised with `serde_json`.
///
/// Read it with [`Json::get`] (the text), [`Json::decode`] (into any type, including the
/// crate's own) or [`Json::to_value`]:
///
/// ```
/// let message: tgfamily::Json = serde_json::from_str(r#"{"count": 12345678901234567890123}"#)?;
/// assert_eq!(message.get(), r#"{"count": 12345678901234567890123}"#);
/// let value = message.to_value()?;
/// assert!(value["count"].is_number());
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// Decoded from another format than JSON, the value is written out as JSON text. Two
/// values are equal when their texts are, or when they parse to equal JSON values.
#[derive(Clone)]
pub struct Json(Box<RawValue>);

/// The fields of an object the spec does not know, by name.
pub type UnknownFields = BTreeMap<String, Json>;

impl Json {
    /// The JSON text.
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// The value as `serde_json`'s raw value.
    pub fn as_raw(&self) -> &RawValue {
        &self.0
    }

    /// Decodes the value as `T` (any type that implements `Deserialize`, the generated
    /// types included).
    pub fn decode<T: DeserializeOwned>(&self) -> serde_json::Result<T> {
        serde_json::from_str(self.0.get())
    }

    /// The value as a `serde_json::Value` (numbers beyond `f64` lose digits there).
    pub fn to_value(&self) -> serde_json::Result<serde_json::Value> {
        self.decode()
    }

    /// JSON text checked to be one value.
    pub fn from_text(text: impl Into<String>) -> serde_json::Result<Json> {
        RawValue::from_string(text.into()).map(Json)
    }
}

impl From<serde_json::Value> for Json {
    fn from(value: serde_json::Value) -> Json {
        Json(serde_json::value::to_raw_value(&value).unwrap_or_else(|_| null()))
    }
}

impl From<Box<RawValue>> for Json {
    fn from(raw: Box<RawValue>) -> Json {
        Json(raw)
    }
}

fn null() -> Box<RawValue> {
    RawValue::from_string("null".to_owned()).unwrap_or_else(|_| unreachable!("`null` is JSON"))
}

impl PartialEq for Json {
    fn eq(&self, other: &Json) -> bool {
        if self.get() == other.get() {
            return true;
        }
        match (self.to_value(), other.to_value()) {
            (Ok(left), Ok(right)) => left == right,
            _ => false,
        }
    }
}

impl fmt::Debug for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Json({})", self.get())
    }
}

impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        let text = Content::deserialize(deserializer)?.into_json_text().map_err(serde::de::Error::custom)?;
        Json::from_text(text).map_err(serde::de::Error::custom)
    }
}
