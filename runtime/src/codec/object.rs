//! Objects (and tagged unions) decoded from a map: the visitor every generated object
//! shares, and the steps of its key loop that would otherwise be written out per field.
//!
//! The generated impl of [`FromMap`] holds only what differs between objects: the
//! locals, one match arm per key, and the struct it builds. Every helper here is generic
//! and inlined into it, so the code that runs is what the generator wrote before.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

use super::depth::Depth;
use super::{keep_unknown, Key};
use crate::codec::json::UnknownFields;

/// A type decoded from a map (an object, or a union told apart by its keys).
pub trait FromMap<'de>: Sized {
    /// What the type accepts, for error messages ("a Message object").
    const EXPECTING: &'static str;

    /// Reads the entries of `map`; a level of the nesting budget is already open.
    fn from_map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Decodes `T` from any self-describing deserializer's map, within the nesting budget.
#[inline]
pub fn from_map<'de, D: Deserializer<'de>, T: FromMap<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(MapVisitor(PhantomData))
}

struct MapVisitor<T>(PhantomData<T>);

impl<'de, T: FromMap<'de>> Visitor<'de> for MapVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        let _depth = Depth::enter::<A::Error>()?;
        T::from_map(map)
    }
}

/// Reads a required field's value into `slot`; a second occurrence of the key is an error.
#[inline]
pub fn required<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads an exclusive field: the object's kind when it has none yet (`null` leaves it
/// unset), else kept with the unknown fields, so no value is lost.
#[inline]
pub fn exclusive<'de, A: MapAccess<'de>, T: Deserialize<'de>, K>(
    kind: &mut Option<K>,
    unknown: &mut Option<Box<UnknownFields>>,
    key: Key<'de>,
    map: &mut A,
    wrap: fn(T) -> K,
) -> Result<(), A::Error> {
    if kind.is_some() {
        keep_unknown(unknown, key, map.next_value()?);
    } else if let Some(value) = map.next_value::<Option<T>>()? {
        *kind = Some(wrap(value));
    }
    Ok(())
}

/// The object's rare fields, boxed on the first one read.
#[inline]
pub fn rare<R: Default>(slot: &mut Option<Box<R>>) -> &mut R {
    slot.get_or_insert_with(Default::default)
}

/// Reads past a value the decoder does not keep (a constant field: it is written, not read).
#[inline]
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}
