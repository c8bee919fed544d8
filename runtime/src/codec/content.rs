//! Values held while a decoder cannot yet tell what they are, and replayed afterwards.
//!
//! From `serde_json` (any of its inputs: a slice, a string, a reader, a `Value`) a value
//! is kept as its JSON text, borrowed from the input where the input allows it, read
//! without recursion and exactly as sent (numbers digit for digit). From any other
//! self-describing format it is kept as a tree. Either way it is replayed through a
//! deserializer that honours the shared nesting budget ([`super::depth`]).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Serialize, Serializer};

use super::depth::Depth;

/// The newtype name under which `serde_json` hands out a value's raw text (its
/// `RawValue` protocol). Other formats treat the request as an ordinary newtype.
pub const RAW_TOKEN: &str = "$serde_json::private::RawValue";

/// A buffered value.
#[derive(Debug, Clone, PartialEq)]
pub enum Content<'de> {
    /// JSON text, as `serde_json` read it.
    Raw(Cow<'de, str>),
    /// `null` or a unit.
    Null,
    /// A boolean.
    Bool(bool),
    /// A non-negative integer.
    U64(u64),
    /// A negative integer.
    I64(i64),
    /// A floating-point number.
    F64(f64),
    /// A string.
    Str(Cow<'de, str>),
    /// Bytes (formats with a byte type).
    Bytes(Vec<u8>),
    /// A sequence.
    Seq(Vec<Content<'de>>),
    /// A map, in the order read.
    Map(Vec<(Content<'de>, Content<'de>)>),
}

impl Content<'_> {
    /// The string this value is, if it is one (raw JSON text is decoded).
    pub fn as_str(&self) -> Option<Cow<'_, str>> {
        match self {
            Content::Str(text) => Some(Cow::Borrowed(text)),
            Content::Raw(text) if text.starts_with('"') => serde_json::from_str::<Cow<'_, str>>(text).ok(),
            _ => None,
        }
    }

    /// The integer this value is, if it is one.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Content::I64(value) => Some(*value),
            Content::U64(value) => i64::try_from(*value).ok(),
            Content::Raw(text) => text.parse().ok(),
            _ => None,
        }
    }

    /// The value as JSON text: raw text as it was read, trees written by `serde_json`.
    pub fn into_json_text(self) -> Result<String, serde_json::Error> {
        match self {
            Content::Raw(text) => Ok(text.into_owned()),
            tree => serde_json::to_string(&tree),
        }
    }
}

impl<'de> Deserialize<'de> for Content<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if is_json_value::<D>() {
            // A `Value` would write its raw text with a recursive serializer, which no
            // budget bounds: read it as a tree, level by level, instead.
            return deserializer.deserialize_any(ContentVisitor);
        }
        // `serde_json` answers with the raw text; other formats with `visit_newtype_struct`.
        deserializer.deserialize_newtype_struct(RAW_TOKEN, ContentVisitor)
    }
}

/// Whether `D` reads a `serde_json::Value` (owned or borrowed) rather than JSON text.
/// Only a choice of strategy: both are correct, the tree is bounded for any depth.
fn is_json_value<D>() -> bool {
    let name = std::any::type_name::<D>();
    name.trim_start_matches('&').starts_with("serde_json::value::")
}

struct ContentVisitor;

impl<'de> Visitor<'de> for ContentVisitor {
    type Value = Content<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Content<'de>, E> {
        Ok(Content::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Content<'de>, E> {
        Ok(if value >= 0 { Content::U64(value as u64) } else { Content::I64(value) })
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Content<'de>, E> {
        Ok(Content::U64(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Content<'de>, E> {
        Ok(Content::F64(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Content<'de>, E> {
        Ok(Content::Str(Cow::Owned(value.to_owned())))
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Content<'de>, E> {
        Ok(Content::Str(Cow::Borrowed(value)))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Content<'de>, E> {
        Ok(Content::Str(Cow::Owned(value)))
    }

    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<Content<'de>, E> {
        Ok(Content::Bytes(value.to_vec()))
    }

    fn visit_byte_buf<E: de::Error>(self, value: Vec<u8>) -> Result<Content<'de>, E> {
        Ok(Content::Bytes(value))
    }

    fn visit_none<E: de::Error>(self) -> Result<Content<'de>, E> {
        Ok(Content::Null)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Content<'de>, E> {
        Ok(Content::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Content<'de>, D::Error> {
        deserializer.deserialize_any(ContentVisitor)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Content<'de>, D::Error> {
        deserializer.deserialize_any(ContentVisitor)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Content<'de>, A::Error> {
        let _depth = Depth::enter::<A::Error>()?;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element_seed(AnyContent)? {
            items.push(item);
        }
        Ok(Content::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Content<'de>, A::Error> {
        // Keys are strings (what JSON can carry), read as such.
        let Some(first) = map.next_key::<Text<'de>>()? else { return Ok(Content::Map(Vec::new())) };
        if first.0 == RAW_TOKEN {
            return map.next_value::<Text<'de>>().map(|text| Content::Raw(text.0));
        }
        let _depth = Depth::enter::<A::Error>()?;
        let mut entries = vec![(Content::Str(first.0), map.next_value_seed(AnyContent)?)];
        while let Some(key) = map.next_key::<Text<'de>>()? {
            entries.push((Content::Str(key.0), map.next_value_seed(AnyContent)?));
        }
        Ok(Content::Map(entries))
    }
}

/// Reads any value as [`Content`], asking `serde_json` for raw text.
pub struct AnyContent;

impl<'de> DeserializeSeed<'de> for AnyContent {
    type Value = Content<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Content<'de>, D::Error> {
        Content::deserialize(deserializer)
    }
}

/// A string, borrowed where the input allows it.
struct Text<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("JSON text")
            }
            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(value)))
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(value.to_owned())))
            }
            fn visit_string<E: de::Error>(self, value: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(value)))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

impl Serialize for Content<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Content::Raw(text) => {
                let raw = serde_json::value::RawValue::from_string(text.clone().into_owned())
                    .map_err(serde::ser::Error::custom)?;
                raw.serialize(serializer)
            }
            Content::Null => serializer.serialize_unit(),
            Content::Bool(value) => serializer.serialize_bool(*value),
            Content::U64(value) => serializer.serialize_u64(*value),
            Content::I64(value) => serializer.serialize_i64(*value),
            Content::F64(value) => serializer.serialize_f64(*value),
            Content::Str(value) => serializer.serialize_str(value),
            Content::Bytes(value) => serializer.serialize_bytes(value),
            Content::Seq(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Content::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// Replays a [`Content`] to a visitor, reporting errors as `E`.
pub struct ContentDeserializer<'de, E> {
    content: Content<'de>,
    error: std::marker::PhantomData<E>,
}

impl<'de, E> ContentDeserializer<'de, E> {
    /// A deserializer of `content`.
    pub fn new(content: Content<'de>) -> Self {
        ContentDeserializer { content, error: std::marker::PhantomData }
    }
}

impl<'de, E: de::Error> IntoDeserializer<'de, E> for Content<'de> {
    type Deserializer = ContentDeserializer<'de, E>;

    fn into_deserializer(self) -> Self::Deserializer {
        ContentDeserializer::new(self)
    }
}

/// Replays raw JSON text through `serde_json`: borrowed text keeps borrowing the input,
/// owned text is read as bytes (nothing then borrows from it).
fn replay_raw<'de, V: Visitor<'de>, E: de::Error>(
    text: Cow<'de, str>,
    visit: impl for<'a> FnOnce(&'a mut dyn RawReplay<'de, V>) -> Result<V::Value, serde_json::Error>,
) -> Result<V::Value, E> {
    match text {
        Cow::Borrowed(text) => {
            let mut deserializer = serde_json::Deserializer::from_str(text);
            visit(&mut deserializer)
        }
        Cow::Owned(text) => {
            let mut deserializer = serde_json::Deserializer::from_reader(text.as_bytes());
            visit(&mut deserializer)
        }
    }
    .map_err(E::custom)
}

/// What a replay asks of a `serde_json` deserializer, over either kind of input.
trait RawReplay<'de, V: Visitor<'de>> {
    fn any(&mut self, visitor: V) -> Result<V::Value, serde_json::Error>;
    fn option(&mut self, visitor: V) -> Result<V::Value, serde_json::Error>;
    fn newtype(&mut self, name: &'static str, visitor: V) -> Result<V::Value, serde_json::Error>;
    fn string(&mut self, visitor: V) -> Result<V::Value, serde_json::Error>;
    fn enumeration(
        &mut self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, serde_json::Error>;
}

impl<'de, R: serde_json::de::Read<'de>, V: Visitor<'de>> RawReplay<'de, V> for serde_json::Deserializer<R> {
    fn any(&mut self, visitor: V) -> Result<V::Value, serde_json::Error> {
        Deserializer::deserialize_any(self, visitor)
    }
    fn option(&mut self, visitor: V) -> Result<V::Value, serde_json::Error> {
        Deserializer::deserialize_option(self, visitor)
    }
    fn newtype(&mut self, name: &'static str, visitor: V) -> Result<V::Value, serde_json::Error> {
        Deserializer::deserialize_newtype_struct(self, name, visitor)
    }
    fn string(&mut self, visitor: V) -> Result<V::Value, serde_json::Error> {
        Deserializer::deserialize_str(self, visitor)
    }
    fn enumeration(
        &mut self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        Deserializer::deserialize_enum(self, name, variants, visitor)
    }
}

impl<'de, E: de::Error> Deserializer<'de> for ContentDeserializer<'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.content {
            Content::Raw(text) => replay_raw(text, |d| d.any(visitor)),
            Content::Null => visitor.visit_unit(),
            Content::Bool(value) => visitor.visit_bool(value),
            Content::U64(value) => visitor.visit_u64(value),
            Content::I64(value) => visitor.visit_i64(value),
            Content::F64(value) => visitor.visit_f64(value),
            Content::Str(Cow::Borrowed(value)) => visitor.visit_borrowed_str(value),
            Content::Str(Cow::Owned(value)) => visitor.visit_string(value),
            Content::Bytes(value) => visitor.visit_byte_buf(value),
            Content::Seq(items) => {
                let _depth = Depth::enter::<E>()?;
                let mut seq = de::value::SeqDeserializer::new(items.into_iter());
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Content::Map(entries) => {
                let _depth = Depth::enter::<E>()?;
                let mut map = de::value::MapDeserializer::new(entries.into_iter());
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.content {
            Content::Raw(text) => replay_raw(text, |d| d.option(visitor)),
            Content::Null => visitor.visit_none(),
            content => visitor.visit_some(ContentDeserializer::<E>::new(content)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.content {
            Content::Raw(text) => replay_raw(text, |d| d.string(visitor)),
            content => ContentDeserializer::<E>::new(content).deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        self.deserialize_str(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, E> {
        match self.content {
            Content::Raw(text) => replay_raw(text, |d| d.newtype(name, visitor)),
            content if name == RAW_TOKEN => {
                let text = content.into_json_text().map_err(E::custom)?;
                visitor.visit_map(RawText { text: Some(text), error: std::marker::PhantomData })
            }
            content => visitor.visit_newtype_struct(ContentDeserializer::<E>::new(content)),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        match self.content {
            Content::Raw(text) => replay_raw(text, |d| d.enumeration(name, variants, visitor)),
            Content::Str(value) => visitor.visit_enum(value.into_owned().into_deserializer()),
            _ => Err(E::custom(format_args!("expected a variant name of {name}"))),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct ignored_any
    }
}

/// Hands out JSON text through `serde_json`'s raw-value protocol.
struct RawText<E> {
    text: Option<String>,
    error: std::marker::PhantomData<E>,
}

impl<'de, E: de::Error> MapAccess<'de> for RawText<E> {
    type Error = E;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, E> {
        if self.text.is_none() {
            return Ok(None);
        }
        seed.deserialize(de::value::BorrowedStrDeserializer::new(RAW_TOKEN)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, E> {
        let text = self.text.take().ok_or_else(|| E::custom("raw text read twice"))?;
        seed.deserialize(de::value::StringDeserializer::new(text))
    }
}
