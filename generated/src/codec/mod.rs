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
mod untagged;

pub use buffer::Buffered;
pub use content::{AnyContent, Content, ContentDeserializer, RAW_TOKEN};
pub use depth::{Depth, MAX_DEPTH};
pub use untagged::{untagged, Untagged};

use crate::json::{Json, UnknownFields};
use crate::request::UnknownField;

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

/// The `kind` enum of an object whose fields are exclusive (at most one is present).
pub trait ExclusiveKind: Sized {
    /// The field, when the kind is one the spec does not know.
    fn into_unknown(self) -> Result<UnknownField, Self>;
    /// Whether the kind is one the spec does not know.
    fn is_unknown(&self) -> bool;
}

/// Whether a known kind was read already: a second exclusive field then is kept in
/// `unknown_fields` instead of replacing it.
pub fn kind_taken<K: ExclusiveKind>(kind: &Option<K>) -> bool {
    kind.as_ref().is_some_and(|kind| !kind.is_unknown())
}

/// Sets the object's kind; an unknown field taken for the kind before the real one came
/// moves to `unknown_fields`, so no key order loses it.
pub fn set_kind<K: ExclusiveKind>(slot: &mut Option<K>, unknown: &mut Option<Box<UnknownFields>>, kind: K) {
    if let Some(Ok(field)) = slot.replace(kind).map(ExclusiveKind::into_unknown) {
        unknown.get_or_insert_with(Default::default).insert(field.name, field.value);
    }
}

/// The JSON type of a value about to be decoded, for error messages of the
/// union decoders.
pub fn expected<E: de::Error>(what: &'static str) -> E {
    E::custom(format_args!("expected {what}"))
}
