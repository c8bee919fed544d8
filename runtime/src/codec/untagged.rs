//! Untagged unions, dispatched on the JSON type of the value in one pass.
//!
//! The generated impl of [`Untagged`] says what each JSON type decodes as; the value is
//! read once by `deserialize_any` and handed to that variant, never tried variant after
//! variant. Objects go to [`Untagged::object`], which the generator writes to choose a
//! variant by its tag or by a key only one variant has.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};

use super::depth::Depth;

/// What an untagged union makes of each JSON type. Types it has no variant for fail.
pub trait Untagged<'de>: Sized {
    /// What the union accepts, for error messages.
    const EXPECTING: &'static str;

    /// An integer.
    fn integer<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let _ = deserializer;
        Err(de::Error::invalid_type(Unexpected::Other("an integer"), &Self::EXPECTING))
    }

    /// A number with a fraction or exponent.
    fn float<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let _ = deserializer;
        Err(de::Error::invalid_type(Unexpected::Other("a number"), &Self::EXPECTING))
    }

    /// A string.
    fn string<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let _ = deserializer;
        Err(de::Error::invalid_type(Unexpected::Other("a string"), &Self::EXPECTING))
    }

    /// `true` or `false`.
    fn boolean<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let _ = deserializer;
        Err(de::Error::invalid_type(Unexpected::Other("a boolean"), &Self::EXPECTING))
    }

    /// An array.
    fn array<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let _ = deserializer;
        Err(de::Error::invalid_type(Unexpected::Seq, &Self::EXPECTING))
    }

    /// An object.
    fn object<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        let _ = map;
        Err(de::Error::invalid_type(Unexpected::Map, &Self::EXPECTING))
    }

    /// `null`.
    fn null<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let _ = deserializer;
        Err(de::Error::invalid_type(Unexpected::Unit, &Self::EXPECTING))
    }
}

/// Decodes an untagged union from any self-describing deserializer.
pub fn untagged<'de, D: Deserializer<'de>, T: Untagged<'de>>(deserializer: D) -> Result<T, D::Error> {
    let _depth = Depth::enter::<D::Error>()?;
    deserializer.deserialize_any(UntaggedVisitor(PhantomData))
}

struct UntaggedVisitor<T>(PhantomData<T>);

impl<'de, T: Untagged<'de>> Visitor<'de> for UntaggedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<T, E> {
        T::boolean(de::value::BoolDeserializer::new(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        T::integer(de::value::I64Deserializer::new(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        T::integer(de::value::U64Deserializer::new(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<T, E> {
        T::float(de::value::F64Deserializer::new(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        T::string(de::value::StrDeserializer::new(value))
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<T, E> {
        T::string(de::value::BorrowedStrDeserializer::new(value))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
        T::string(de::value::StringDeserializer::new(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        T::null(de::value::UnitDeserializer::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<T, E> {
        T::null(de::value::UnitDeserializer::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        T::array(de::value::SeqAccessDeserializer::new(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::object(map)
    }
}
