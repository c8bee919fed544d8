//! Helpers the generated serde code calls: written once here instead of in every type.
//!
//! Not part of the public API: reached through `tgfamily::__private`. The design (what is
//! buffered, when, and why that is bounded) is in `docs/decisions.md`, "Decoding".

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

mod buffer;
mod content;
mod depth;
pub mod form;
pub(crate) mod json;
mod object;
pub mod rules;
mod untagged;

pub use buffer::Buffered;
pub use content::{AnyContent, Content, ContentDeserializer, RAW_TOKEN};
pub use depth::{Depth, MAX_DEPTH};
pub use object::{exclusive, from_map, rare, required, skip, FromMap};
pub use untagged::{untagged, Untagged};

use crate::codec::json::{Json, UnknownFields};
use crate::platform::UnknownField;

/// Reads a string enum's value without allocating where the input allows it.
pub fn deserialize_str<'de, D, T>(deserializer: D, from: fn(&str) -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct StrVisitor<T>(fn(&str) -> T);
    impl<T> Visitor<'_> for StrVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            Ok((self.0)(value))
        }
    }
    deserializer.deserialize_str(StrVisitor(from))
}

/// Reads an enum value that may come as an integer or as a string (an enum with wire
/// forms of both kinds): integers through `integer`, strings through `text`.
pub fn deserialize_integer_or_str<'de, D, T>(
    deserializer: D,
    integer: fn(i64) -> T,
    text: fn(&str) -> T,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct FormVisitor<T> {
        integer: fn(i64) -> T,
        text: fn(&str) -> T,
    }
    impl<T> Visitor<'_> for FormVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer or a string")
        }
        fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
            Ok((self.integer)(value))
        }
        fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
            i64::try_from(value).map(self.integer).map_err(|_| E::custom("integer out of range"))
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            Ok((self.text)(value))
        }
    }
    deserializer.deserialize_any(FormVisitor { integer, text })
}

/// A map key, borrowed from the input when it can be.
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Copied (the input had escapes, or is not borrowable).
    Owned(String),
}

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(key) => key,
            Key::Owned(key) => key,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key<'de>, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(key))
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(key.to_owned()))
            }
            fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(key))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Keeps a field the spec does not know in an object's `unknown_fields`.
pub fn keep_unknown(slot: &mut Option<Box<UnknownFields>>, key: Key<'_>, value: Json) {
    slot.get_or_insert_with(Default::default).insert(key.as_str().to_owned(), value);
}

/// The error for a required field that is absent.
pub fn missing<T, E: de::Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}

/// Once the object has ended without a known kind: one of its unknown fields is taken as
/// the kind, whatever the key order: the first by name whose value is an object (kinds
/// are objects), else the first by name.
pub fn finish_kind<K>(
    kind: &mut Option<K>,
    unknown: &mut Option<Box<UnknownFields>>,
    wrap: fn(UnknownField) -> K,
) {
    if kind.is_some() {
        return;
    }
    let Some(fields) = unknown.as_mut() else { return };
    let name = fields
        .iter()
        .find(|(_, value)| value.get().starts_with('{'))
        .or_else(|| fields.iter().next())
        .map(|(name, _)| name.clone());
    if let Some((name, value)) = name.and_then(|name| fields.remove_entry(&name)) {
        *kind = Some(wrap(UnknownField { name, value }));
    }
    if fields.is_empty() {
        *unknown = None;
    }
}
