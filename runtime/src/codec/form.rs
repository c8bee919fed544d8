//! Decoding a query string (`application/x-www-form-urlencoded`, `a=1&b=x+y`) into the
//! generated types, as `serde_json` decodes JSON into them: the payload of a callback
//! whose spec says `encoding: query-string` (`docs/spec-format.md`, "callbacks").
//!
//! The rules, all of them:
//! - the input is at most [`DEFAULT_MAX_BYTES`] (or the limit given) long;
//! - pairs are separated by `&`; empty pairs are skipped; a pair without `=` is a name
//!   with an empty value;
//! - in names and values `+` is a space and `%XX` is the byte `XX`; a `%` not followed by
//!   two hex digits is refused, and so is a name or value that is not UTF-8 once decoded;
//! - a name given twice is refused (the record would depend on which one wins);
//! - every value is text: a field of an integer, float or boolean type parses it (`12`,
//!   `1.5`, `true`/`false`); an optional field with an empty value is absent; a field
//!   whose type is a list or an object cannot be written in a form and is refused;
//! - fields the type does not know are kept as JSON strings in its `unknown_fields`.
//!
//! Errors name the field, never its value (a record may hold personal data).
//!
//! ```
//! # {
//! use tgfamily::cloudchat::PassportUser;
//!
//! let user: PassportUser =
//!     tgfamily::form::from_str("userid=42&first_name=Ming&last_name=Wang&authtime=1649741563")?;
//! assert_eq!((user.user_id, user.first_name.as_str()), (42, "Ming"));
//! assert_eq!(user.username, None);
//! # }
//! # Ok::<(), tgfamily::form::FormError>(())
//! ```

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde::Deserialize;

/// The default largest input taken: 16 KiB, far above a record of a few fields.
pub const DEFAULT_MAX_BYTES: usize = 16 * 1024;

/// The longest field name an error repeats; longer ones are cut (they come from the input).
const NAME_IN_ERRORS: usize = 64;

/// Why a query string did not decode.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FormError {
    /// The input is longer than the limit.
    TooLong {
        /// The limit, in bytes.
        limit: usize,
    },
    /// A `%` not followed by two hex digits.
    BadEscape,
    /// A name or value that is not UTF-8 once percent-decoded.
    NotUtf8,
    /// A required field is absent. Holds its wire name.
    MissingField(&'static str),
    /// A name occurs more than once. Holds the name (cut to 64 bytes).
    DuplicateField(String),
    /// A value is not what its field's type needs.
    BadValue {
        /// The field's wire name (cut to 64 bytes).
        field: String,
        /// What the field needs ("an integer").
        expected: String,
    },
    /// Another problem, told by the type being decoded.
    Custom(String),
}

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormError::TooLong { limit } => write!(f, "the query string is longer than {limit} bytes"),
            FormError::BadEscape => f.write_str("a `%` is not followed by two hex digits"),
            FormError::NotUtf8 => f.write_str("a decoded name or value is not UTF-8"),
            FormError::MissingField(name) => write!(f, "the field `{name}` is missing"),
            FormError::DuplicateField(name) => write!(f, "the field `{name}` is given more than once"),
            FormError::BadValue { field, expected } => write!(f, "the field `{field}` is not {expected}"),
            FormError::Custom(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for FormError {}

impl de::Error for FormError {
    fn custom<T: fmt::Display>(message: T) -> FormError {
        FormError::Custom(message.to_string())
    }

    fn invalid_type(_: de::Unexpected<'_>, expected: &dyn de::Expected) -> FormError {
        // Without the value: serde's own message quotes it.
        FormError::Custom(format!("expected {expected}"))
    }

    fn invalid_value(_: de::Unexpected<'_>, expected: &dyn de::Expected) -> FormError {
        FormError::Custom(format!("expected {expected}"))
    }

    fn missing_field(field: &'static str) -> FormError {
        FormError::MissingField(field)
    }

    fn duplicate_field(field: &'static str) -> FormError {
        FormError::DuplicateField(field.to_owned())
    }
}

/// Decodes `input` as `T`, taking at most [`DEFAULT_MAX_BYTES`].
///
/// # Errors
/// The first rule of the [module](self) the input breaks.
pub fn from_str<'de, T: Deserialize<'de>>(input: &'de str) -> Result<T, FormError> {
    from_str_with_limit(input, DEFAULT_MAX_BYTES)
}

/// Decodes `input` as `T`, taking at most `max_bytes`.
///
/// # Errors
/// The first rule of the [module](self) the input breaks.
pub fn from_str_with_limit<'de, T: Deserialize<'de>>(
    input: &'de str,
    max_bytes: usize,
) -> Result<T, FormError> {
    let pairs = pairs(input, max_bytes)?;
    let mut seen = HashSet::with_capacity(pairs.len());
    for (name, _) in &pairs {
        if !seen.insert(name.as_ref()) {
            return Err(FormError::DuplicateField(cut(name)));
        }
    }
    T::deserialize(Form { pairs })
}

/// A decoded name and its value, still encoded (decoded when the value is read).
pub(crate) type Pair<'a> = (Cow<'a, str>, &'a str);

/// The pairs of `input`, names decoded, in order; duplicates are left for the caller.
pub(crate) fn pairs(input: &str, max_bytes: usize) -> Result<Vec<Pair<'_>>, FormError> {
    if input.len() > max_bytes {
        return Err(FormError::TooLong { limit: max_bytes });
    }
    input
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((decode(name)?, value))
        })
        .collect()
}

/// One name or value decoded: `+` is a space, `%XX` a byte; strict about both escapes and
/// UTF-8. Borrowed when there is nothing to decode.
pub(crate) fn decode(text: &str) -> Result<Cow<'_, str>, FormError> {
    if !text.contains(['+', '%']) {
        return Ok(Cow::Borrowed(text));
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = |at: usize| bytes.get(at).and_then(|b| (*b as char).to_digit(16));
                let (Some(high), Some(low)) = (hex(index + 1), hex(index + 2)) else {
                    return Err(FormError::BadEscape);
                };
                out.push(u8::try_from(high * 16 + low).map_err(|_| FormError::BadEscape)?);
                index += 2;
            }
            other => out.push(other),
        }
        index += 1;
    }
    String::from_utf8(out).map(Cow::Owned).map_err(|_| FormError::NotUtf8)
}

/// Text from the input as an error repeats it (a name here, a status value in
/// `query_callback`): at most [`NAME_IN_ERRORS`] bytes, cut at a character.
pub(crate) fn cut(name: &str) -> String {
    let mut end = name.len().min(NAME_IN_ERRORS);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    name[..end].to_owned()
}

/// The whole input: a map of its pairs.
struct Form<'de> {
    pairs: Vec<Pair<'de>>,
}

impl<'de> de::Deserializer<'de> for Form<'de> {
    type Error = FormError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        visitor.visit_map(Pairs { pairs: self.pairs.into_iter(), value: None })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// The pairs, one entry each.
struct Pairs<'de> {
    pairs: std::vec::IntoIter<Pair<'de>>,
    value: Option<Pair<'de>>,
}

impl<'de> MapAccess<'de> for Pairs<'de> {
    type Error = FormError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, FormError> {
        let Some(pair) = self.pairs.next() else { return Ok(None) };
        let key = match &pair.0 {
            Cow::Borrowed(name) => seed.deserialize(de::value::BorrowedStrDeserializer::new(name)),
            Cow::Owned(name) => seed.deserialize(name.as_str().into_deserializer()),
        }?;
        self.value = Some(pair);
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, FormError> {
        let (name, value) =
            self.value.take().ok_or_else(|| FormError::Custom("a value without a name".into()))?;
        let value = Value { name: &name, text: decode(value)? };
        seed.deserialize(value).map_err(|error| match error {
            FormError::Custom(expected) => FormError::BadValue {
                field: cut(&name),
                expected: expected.trim_start_matches("expected ").to_owned(),
            },
            other => other,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.pairs.len())
    }
}

/// One decoded value, read as its field's type asks.
struct Value<'a, 'de> {
    name: &'a str,
    text: Cow<'de, str>,
}

impl<'de> Value<'_, 'de> {
    fn bad(&self, expected: &str) -> FormError {
        FormError::BadValue { field: cut(self.name), expected: expected.to_owned() }
    }

    fn parse<T: std::str::FromStr>(&self, expected: &str) -> Result<T, FormError> {
        self.text.parse().map_err(|_| self.bad(expected))
    }

    fn text<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        match self.text {
            Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
            Cow::Owned(text) => visitor.visit_string(text),
        }
    }

    fn not_in_a_form<T>(&self) -> Result<T, FormError> {
        Err(self.bad("a single value (a form value cannot hold a list or an object)"))
    }
}

macro_rules! parsed {
    ($($method:ident $visit:ident $type:ty, $expected:literal;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
            visitor.$visit(self.parse::<$type>($expected)?)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Value<'_, 'de> {
    type Error = FormError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        self.text(visitor)
    }

    parsed! {
        deserialize_i8 visit_i8 i8, "an integer";
        deserialize_i16 visit_i16 i16, "an integer";
        deserialize_i32 visit_i32 i32, "an integer";
        deserialize_i64 visit_i64 i64, "an integer";
        deserialize_i128 visit_i128 i128, "an integer";
        deserialize_u8 visit_u8 u8, "a non-negative integer";
        deserialize_u16 visit_u16 u16, "a non-negative integer";
        deserialize_u32 visit_u32 u32, "a non-negative integer";
        deserialize_u64 visit_u64 u64, "a non-negative integer";
        deserialize_u128 visit_u128 u128, "a non-negative integer";
        deserialize_char visit_char char, "a single character";
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        match self.text.as_ref() {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => Err(self.bad("`true` or `false`")),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        // Finite numbers only, as in JSON: Rust's parser would also take `inf` and `NaN`.
        let number: f64 = self.parse("a number")?;
        if !number.is_finite() {
            return Err(self.bad("a number"));
        }
        visitor.visit_f64(number)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        if self.text.is_empty() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, FormError> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, FormError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FormError> {
        visitor.visit_enum(self.text.into_owned().into_deserializer())
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        visitor.visit_unit()
    }

    fn deserialize_seq<V: Visitor<'de>>(self, _: V) -> Result<V::Value, FormError> {
        self.not_in_a_form()
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, FormError> {
        self.not_in_a_form()
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value, FormError> {
        self.not_in_a_form()
    }

    fn deserialize_map<V: Visitor<'de>>(self, _: V) -> Result<V::Value, FormError> {
        self.not_in_a_form()
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, FormError> {
        self.not_in_a_form()
    }

    serde::forward_to_deserialize_any! { str string bytes byte_buf identifier }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Record {
        id: i64,
        name: String,
        score: Option<f64>,
        ok: Option<bool>,
    }

    #[test]
    fn values_parse_as_their_fields_ask() {
        let record: Record = from_str("name=A+B%21&id=-7&ok=true&score=1.5").expect("decodes");
        assert_eq!(record, Record { id: -7, name: "A B!".into(), score: Some(1.5), ok: Some(true) });
        let record: Record = from_str("id=1&name=&score=&&ok").expect("decodes");
        assert_eq!(record, Record { id: 1, name: String::new(), score: None, ok: None });
    }

    #[test]
    fn each_broken_rule_has_its_error() {
        let err = |input: &str| from_str::<Record>(input).expect_err(input);
        assert_eq!(
            err("id=x&name=a"),
            FormError::BadValue { field: "id".into(), expected: "an integer".into() }
        );
        assert_eq!(err("id=1&name=a&score=inf").to_string(), "the field `score` is not a number");
        assert_eq!(err("id=1&name=a&ok=yes").to_string(), "the field `ok` is not `true` or `false`");
        assert_eq!(err("id=1"), FormError::MissingField("name"));
        assert_eq!(err("id=1&name=a&id=2"), FormError::DuplicateField("id".into()));
        assert_eq!(err("id=1&name=%4"), FormError::BadEscape);
        assert_eq!(err("id=1&name=%zz"), FormError::BadEscape);
        assert_eq!(err("id=1&name=%FF"), FormError::NotUtf8);
        assert_eq!(from_str_with_limit::<Record>("id=1&name=a", 5), Err(FormError::TooLong { limit: 5 }));
    }

    #[test]
    fn names_are_decoded_and_unknown_values_read_as_text() {
        let map: BTreeMap<String, String> = from_str("a%20b=1&c+d=%E7%8E%8B").expect("decodes");
        assert_eq!(map["a b"], "1");
        assert_eq!(map["c d"], "王");
    }

    #[test]
    fn a_list_or_object_field_is_refused() {
        #[derive(Debug, Deserialize)]
        struct Nested {
            #[allow(dead_code)]
            list: Vec<String>,
        }
        let err = from_str::<Nested>("list=a").expect_err("no lists in a form");
        assert!(matches!(err, FormError::BadValue { field, .. } if field == "list"));
    }

    #[test]
    fn errors_do_not_repeat_values_and_cut_names() {
        let err = from_str::<Record>("id=secret-value&name=a").expect_err("bad id");
        assert!(!err.to_string().contains("secret"), "{err}");
        let long = "n".repeat(500);
        let err = from_str::<BTreeMap<String, String>>(&format!("{long}=1&{long}=2")).expect_err("duplicate");
        assert_eq!(err, FormError::DuplicateField("n".repeat(64)));
    }
}
