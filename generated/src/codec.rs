//! Helpers the generated serde code calls: written once here instead of in every type.
//!
//! Not part of the public API: reached through `tgfamily::__private`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
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

/// The value of the field `field` of the JSON object `raw`, when it has one of type `T`.
pub fn field<T: de::DeserializeOwned, E: de::Error>(raw: &RawValue, field: &str) -> Result<Option<T>, E> {
    let mut deserializer = serde_json::Deserializer::from_str(raw.get());
    deserializer.deserialize_map(FindField { field, found: PhantomData }).map_err(E::custom)
}

/// Whether the JSON object `raw` has the field `field`.
pub fn has_field<E: de::Error>(raw: &RawValue, field: &str) -> Result<bool, E> {
    self::field::<IgnoredAny, E>(raw, field).map(|found| found.is_some())
}

/// Keeps a value no variant knows as plain JSON.
pub fn unknown<E: de::Error>(raw: &RawValue) -> Result<serde_json::Value, E> {
    serde_json::from_str(raw.get()).map_err(E::custom)
}

struct FindField<'f, T> {
    field: &'f str,
    found: PhantomData<T>,
}

impl<'de, T: de::DeserializeOwned> Visitor<'de> for FindField<'_, T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<T>, A::Error> {
        let mut found = None;
        while let Some(is_field) = map.next_key_seed(IsKey(self.field))? {
            if is_field && found.is_none() {
                found = Some(map.next_value::<T>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// Reads a map key and says whether it is the one looked for, without allocating.
struct IsKey<'f>(&'f str);

impl<'de> DeserializeSeed<'de> for IsKey<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for IsKey<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> Box<RawValue> {
        RawValue::from_string(text.to_owned()).expect("valid JSON")
    }

    #[test]
    fn finds_fields_and_shapes() {
        let value = raw(r#"{"a": [1, {"type": 9}], "type": 4, "b": "x"}"#);
        assert_eq!(field::<i64, serde_json::Error>(&value, "type").ok(), Some(Some(4)));
        assert_eq!(field::<i64, serde_json::Error>(&value, "c").ok(), Some(None));
        assert_eq!(has_field::<serde_json::Error>(&value, "b").ok(), Some(true));
        assert_eq!(shape_of(&raw(" 12")), Shape::Integer);
        assert_eq!(shape_of(&raw("1.5")), Shape::Float);
        assert_eq!(shape_of(&raw("\"s\"")), Shape::String);
        assert_eq!(shape_of(&raw("null")), Shape::Null);
    }
}
