//! The spec the importer writes, as plain data in the order of `docs/spec-format.md`.

use std::collections::BTreeMap;

/// A whole spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// The `platform` section.
    pub platform: Platform,
    /// Document-wide errata.
    pub errata: Vec<Erratum>,
    /// The introductions of the chapters that hold methods: chapter name and text.
    pub sections: Vec<(String, String)>,
    /// Methods, in the page's order.
    pub methods: Vec<Method>,
    /// Objects, in the page's order.
    pub objects: Vec<Object>,
    /// Unions, in the page's order.
    pub unions: Vec<Union>,
    /// Enums the page implies.
    pub enums: Vec<Enum>,
    /// Error codes.
    pub error_codes: Vec<ErrorCode>,
}

/// The `platform` section.
#[derive(Debug, Clone, PartialEq)]
pub struct Platform {
    /// Lower-case identifier.
    pub name: String,
    /// Human name.
    pub title: String,
    /// What the platform is, with the page's version.
    pub description: String,
    /// The page's version (`10.2`).
    pub version: String,
    /// The page's release date, as the page writes it (`July 14, 2026`).
    pub released: String,
    /// Default base URL.
    pub base_url: String,
    /// Request URL template.
    pub url_template: String,
    /// File download URL template.
    pub file_url_template: String,
    /// Whether method names are case sensitive.
    pub case_sensitive_methods: bool,
    /// Accepted request encodings.
    pub encodings: Vec<String>,
    /// Verb of methods that do not say.
    pub default_verb: String,
    /// The header carrying the webhook's secret token, when the page names one.
    pub webhook_secret_header: Option<String>,
}

/// Where the document is wrong, and what the spec does instead.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Erratum {
    /// What the document says.
    pub says: String,
    /// What the spec uses instead.
    pub uses: String,
    /// Why.
    pub why: String,
}

/// Names of the same item on other platforms.
pub type Links = BTreeMap<String, String>;

/// An API method.
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    /// The method's name (on the wire).
    pub name: String,
    /// The page's name, when the overlay corrects it to the wire name.
    pub doc_name: Option<String>,
    /// The page's chapter it is in.
    pub group: String,
    /// The paragraphs before the parameter table.
    pub description: String,
    /// Parameters.
    pub params: Vec<Field>,
    /// The return type, in the format's words.
    pub returns: Option<String>,
    /// The sentence the return type was read from.
    pub returns_description: Option<String>,
    /// The page's notes (quotes and paragraphs after the table).
    pub notes: Vec<String>,
    /// The same method on other platforms.
    pub links: Links,
    /// Errata.
    pub errata: Vec<Erratum>,
}

/// An object field or a method parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The wire name.
    pub name: String,
    /// The page's name, when the overlay corrects it to the wire name.
    pub doc_name: Option<String>,
    /// The type expression, in the format's words.
    pub ty: String,
    /// The page's type when `ty` is more precise.
    pub doc_type: Option<String>,
    /// Whether the field must be present.
    pub required: bool,
    /// The value the field always has (union tags).
    pub constant: Option<ConstValue>,
    /// The Rust name, when the derived one is wrong.
    pub rust_name: Option<String>,
    /// Whether to store the value behind a `Box`.
    pub boxed: bool,
    /// What the field holds.
    pub description: String,
    /// Errata.
    pub errata: Vec<Erratum>,
}

/// A constant value: a union tag or an enum value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(untagged)]
pub enum ConstValue {
    /// An integer.
    Integer(i64),
    /// A string.
    String(String),
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    /// The type's name.
    pub name: String,
    /// What it is.
    pub description: String,
    /// Fields, in the page's order.
    pub fields: Vec<Field>,
    /// Optional fields of which at most one is present (from the overlay).
    pub exclusive: Vec<String>,
    /// The optional fields kept inline; the others are rare (from the overlay).
    pub hot: Option<Vec<String>>,
    /// The same type on other platforms.
    pub links: Links,
    /// Errata.
    pub errata: Vec<Erratum>,
}

/// A one-of type.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The type's name.
    pub name: String,
    /// What it is.
    pub description: String,
    /// The field whose `const` tells the variants apart; untagged when `None`.
    pub tag: Option<String>,
    /// The variants, as type expressions in the format's words.
    pub variants: Vec<String>,
    /// The same type on other platforms.
    pub links: Links,
    /// Errata.
    pub errata: Vec<Erratum>,
}

/// A string enumeration the page implies.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// The type's name.
    pub name: String,
    /// What it is.
    pub description: String,
    /// The values, in the page's order.
    pub values: Vec<EnumValue>,
    /// The same type on other platforms.
    pub links: Links,
    /// Errata.
    pub errata: Vec<Erratum>,
}

/// One value of an [`Enum`].
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The wire value.
    pub value: String,
    /// What it means.
    pub description: String,
}

/// One error code.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCode {
    /// The numeric code.
    pub code: i64,
    /// The Rust variant name.
    pub name: String,
    /// What it means, in the document's words.
    #[serde(default)]
    pub description: Option<String>,
    /// Whether the request was refused for rate.
    #[serde(default)]
    pub rate_limit: bool,
    /// Errata.
    #[serde(default)]
    pub errata: Vec<Erratum>,
}

impl Field {
    /// A field with the page's name, type, required flag and description.
    pub fn new(name: &str, ty: String, required: bool, description: String) -> Field {
        Field {
            name: name.to_owned(),
            doc_name: None,
            ty,
            doc_type: None,
            required,
            constant: None,
            rust_name: None,
            boxed: false,
            description,
            errata: Vec::new(),
        }
    }
}
