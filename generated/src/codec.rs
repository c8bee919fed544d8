//! Helpers the generated serde code calls: written once here instead of in every type.
//!
//! Not part of the public API: reached through `tgfamily::__private`.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

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

/// The JSON shape of a raw value, as untagged unions dispatch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// An integer number.
    Integer,
    /// A number with a fraction or exponent.
    Float,
    /// A string.
    String,
    /// `true` or `false`.
    Boolean,
    /// An array.
    Array,
    /// An object.
    Object,
    /// `null`.
    Null,
}

/// The shape of `raw` from its first characters.
pub fn shape_of(raw: &RawValue) -> Shape {
    let text = raw.get().trim_start();
    match text.as_bytes().first() {
        Some(b'{') => Shape::Object,
        Some(b'[') => Shape::Array,
        Some(b'"') => Shape::String,
        Some(b't' | b'f') => Shape::Boolean,
        Some(b'n') | None => Shape::Null,
        Some(_) if text.contains(['.', 'e', 'E']) => Shape::Float,
        Some(_) => Shape::Integer,
    }
}

/// Reads the whole value as raw JSON text, to look at it before choosing a type.
pub fn raw<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Box<RawValue>, D::Error> {
    Box::<RawValue>::deserialize(deserializer)
}

/// Decodes `raw` as `T`, reporting failures through the outer deserializer's error.
pub fn decode<T: de::DeserializeOwned, E: de::Error>(raw: &RawValue) -> Result<T, E> {
    serde_json::from_str(raw.get()).map_err(E::custom)
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
pub fn keep_unknown(
    slot: &mut Option<Box<serde_json::Map<String, serde_json::Value>>>,
    key: Key<'_>,
    value: serde_json::Value,
) {
    slot.get_or_insert_with(Default::default).insert(key.as_str().to_owned(), value);
}

/// The error for a required field that is absent.
pub fn missing<T, E: de::Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}

/// The value of a tagged union's tag.
#[derive(Clone)]
pub enum Tag<'de> {
    /// A string tag.
    Str(std::borrow::Cow<'de, str>),
    /// An integer tag.
    Int(i64),
    /// No tag, or one of another JSON type.
    None,
}

impl Tag<'_> {
    /// The tag as a string, when it is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Tag::Str(tag) => Some(tag),
            _ => None,
        }
    }

    /// The tag as an integer, when it is one.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Tag::Int(tag) => Some(*tag),
            _ => None,
        }
    }
}

/// An object being decoded as a tagged union: the entries read before the tag are kept
/// (as raw JSON borrowed from the input) and replayed to the variant chosen by the tag,
/// so an object whose tag comes first is read once, without buffering.
///
/// Needs input that can be borrowed (`serde_json::from_slice` / `from_str`).
pub struct TaggedMap<'de, A> {
    read: Vec<(Key<'de>, &'de RawValue)>,
    tag: Tag<'de>,
    rest: Option<A>,
}

impl<'de, A: MapAccess<'de>> TaggedMap<'de, A> {
    /// Reads entries of `map` up to and including the field `tag`.
    pub fn new(mut map: A, tag: &str) -> Result<Self, A::Error> {
        let mut read = Vec::new();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let raw: &'de RawValue = map.next_value()?;
            let is_tag = key.as_str() == tag;
            read.push((key, raw));
            if is_tag {
                let tag = tag_of(raw);
                return Ok(TaggedMap { read, tag, rest: Some(map) });
            }
        }
        Ok(TaggedMap { read, tag: Tag::None, rest: None })
    }

    /// The tag's value.
    pub fn tag(&self) -> &Tag<'de> {
        &self.tag
    }

    /// Whether the object has the field `field` (reads the whole object to know).
    pub fn has_field(&mut self, field: &str) -> Result<bool, A::Error> {
        if let Some(mut map) = self.rest.take() {
            while let Some(key) = map.next_key::<Key<'de>>()? {
                let raw: &'de RawValue = map.next_value()?;
                self.read.push((key, raw));
            }
        }
        Ok(self.read.iter().any(|(key, _)| key.as_str() == field))
    }

    /// Decodes the whole object (entries already read, then the rest) as `T`.
    pub fn decode<T: Deserialize<'de>>(self) -> Result<T, A::Error> {
        let replay = Replay { read: self.read.into_iter(), pending: None, rest: self.rest };
        T::deserialize(de::value::MapAccessDeserializer::new(replay))
    }
}

fn tag_of<'de>(raw: &'de RawValue) -> Tag<'de> {
    let text = raw.get();
    if text.starts_with('"') {
        match serde_json::from_str::<std::borrow::Cow<'de, str>>(text) {
            Ok(tag) => Tag::Str(tag),
            Err(_) => Tag::None,
        }
    } else {
        text.parse().map(Tag::Int).unwrap_or(Tag::None)
    }
}

/// Replays read entries, then goes on with the rest of the map.
struct Replay<'de, A> {
    read: std::vec::IntoIter<(Key<'de>, &'de RawValue)>,
    pending: Option<&'de RawValue>,
    rest: Option<A>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, raw)) = self.read.next() {
            self.pending = Some(raw);
            let key = match key {
                Key::Borrowed(key) => {
                    seed.deserialize(de::value::BorrowedStrDeserializer::<A::Error>::new(key))
                }
                Key::Owned(key) => seed.deserialize(de::value::StringDeserializer::<A::Error>::new(key)),
            };
            return key.map(Some);
        }
        match &mut self.rest {
            Some(rest) => rest.next_key_seed(seed),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        if let Some(raw) = self.pending.take() {
            let mut deserializer = serde_json::Deserializer::from_str(raw.get());
            return seed.deserialize(&mut deserializer).map_err(de::Error::custom);
        }
        match &mut self.rest {
            Some(rest) => rest.next_value_seed(seed),
            None => Err(de::Error::custom("a value without a key")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> Box<RawValue> {
        RawValue::from_string(text.to_owned()).expect("valid JSON")
    }

    #[test]
    fn shapes() {
        assert_eq!(shape_of(&raw(" 12")), Shape::Integer);
        assert_eq!(shape_of(&raw("1.5")), Shape::Float);
        assert_eq!(shape_of(&raw("\"s\"")), Shape::String);
        assert_eq!(shape_of(&raw("[1]")), Shape::Array);
        assert_eq!(shape_of(&raw("null")), Shape::Null);
    }
}
