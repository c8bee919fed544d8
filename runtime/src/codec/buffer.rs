//! An object read only as far as needed to choose its type, then replayed whole.
//!
//! Tagged unions read up to their tag (an object whose tag comes first is not buffered
//! at all); untagged unions read up to a key only one variant has. The entries read on
//! the way are kept as [`Content`] (raw JSON text from `serde_json`, borrowed where the
//! input allows it) and replayed, followed by the rest of the map, to the chosen type.
//! Each entry is read once and replayed once, so the work stays linear in the input.

use serde::de::{self, DeserializeSeed, MapAccess};
use serde::Deserialize;

use super::content::{AnyContent, Content, ContentDeserializer};
use super::Key;

/// A map being read ahead.
pub struct Buffered<'de, A> {
    read: Vec<(Key<'de>, Content<'de>)>,
    rest: Option<A>,
}

impl<'de, A: MapAccess<'de>> Buffered<'de, A> {
    /// Starts reading `map`.
    pub fn new(map: A) -> Self {
        Buffered { read: Vec::new(), rest: Some(map) }
    }

    /// Reads entries up to and including the first whose key `stop` accepts; its index,
    /// or `None` when the object ends first.
    pub fn read_until(&mut self, mut stop: impl FnMut(&str) -> bool) -> Result<Option<usize>, A::Error> {
        let Some(map) = self.rest.as_mut() else { return Ok(None) };
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let value = map.next_value_seed(AnyContent)?;
            let hit = stop(key.as_str());
            self.read.push((key, value));
            if hit {
                return Ok(Some(self.read.len() - 1));
            }
        }
        self.rest = None;
        Ok(None)
    }

    /// Whether the object has the field `field` (reads on until it is found).
    pub fn has_field(&mut self, field: &str) -> Result<bool, A::Error> {
        if self.read.iter().any(|(key, _)| key.as_str() == field) {
            return Ok(true);
        }
        Ok(self.read_until(|key| key == field)?.is_some())
    }

    /// Whether every field of `fields` was read (meaningful once the object has ended).
    pub fn has_all(&self, fields: &[&str]) -> bool {
        fields.iter().all(|field| self.read.iter().any(|(key, _)| key.as_str() == *field))
    }

    /// The key of entry `index`.
    pub fn key(&self, index: usize) -> &str {
        self.read[index].0.as_str()
    }

    /// The value of entry `index`.
    pub fn value(&self, index: usize) -> &Content<'de> {
        &self.read[index].1
    }

    /// Decodes the whole object (the entries read, then the rest) as `T`.
    pub fn decode<T: Deserialize<'de>>(self) -> Result<T, A::Error> {
        let replay = Replay { read: self.read.into_iter(), pending: None, rest: self.rest };
        T::deserialize(de::value::MapAccessDeserializer::new(replay))
    }
}

/// Replays read entries, then goes on with the rest of the map.
struct Replay<'de, A> {
    read: std::vec::IntoIter<(Key<'de>, Content<'de>)>,
    pending: Option<Content<'de>>,
    rest: Option<A>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, value)) = self.read.next() {
            self.pending = Some(value);
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
        if let Some(value) = self.pending.take() {
            return seed.deserialize(ContentDeserializer::<A::Error>::new(value));
        }
        match &mut self.rest {
            Some(rest) => rest.next_value_seed(seed),
            None => Err(de::Error::custom("a value without a key")),
        }
    }
}
