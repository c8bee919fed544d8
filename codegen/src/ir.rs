//! The resolved API: what a checked spec means, with wire names and Rust names side by side.
//!
//! Everything here is valid by construction: references resolve, names are unique and
//! are Rust identifiers, tags are known. The emitters and the diff read only this.

use std::collections::BTreeMap;

pub use crate::spec::typeexpr::TypeExpr;
pub use crate::spec::{ConstValue, EnumKind, Erratum, Section, Verb};

/// A whole platform's API.
#[derive(Debug, Clone)]
pub struct Api {
    /// Name, URLs and defaults.
    pub platform: Platform,
    /// Document-wide errata.
    pub errata: Vec<Erratum>,
    /// The introductions of the document's sections of methods.
    pub sections: Vec<Section>,
    /// Methods, in the document's order.
    pub methods: Vec<Method>,
    /// Objects, unions and enums, in the spec's order (objects, unions, enums), followed by
    /// the unions synthesised for inline `X or Y` expressions.
    pub types: Vec<TypeDef>,
    /// Error codes.
    pub error_codes: Vec<ErrorCode>,
    /// Known error descriptions (the platform's error catalogue), in matching order.
    pub error_descriptions: Vec<crate::spec::error_catalogue::ErrorDescription>,
    /// Where the token travels.
    pub auth: Auth,
    /// How failed calls name their error.
    pub error_shape: ErrorShape,
    /// The platform's string error codes.
    pub error_strings: Vec<ErrorString>,
    /// Whether the platform has an update feed.
    pub has_updates: bool,
    /// Payloads the platform sends outside the update stream.
    pub callbacks: Vec<Callback>,
}

pub use crate::spec::{
    CallbackTransport, CipherAlgorithm, CiphertextEncoding, ErrorShape, MacAlgorithm, MacKey,
    PayloadEncoding, SignatureEncoding, TokenPlace,
};

/// Where the token travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Auth {
    /// URL, bearer header or parameter.
    pub token: TokenPlace,
    /// The parameter name, for `parameter` (and the documented alternative for `bearer`).
    pub parameter: Option<String>,
}

/// A string error code.
#[derive(Debug, Clone)]
pub struct ErrorString {
    /// The string as sent.
    pub value: String,
    /// The `ErrorKind` variant name.
    pub rust_name: String,
    /// What it means.
    pub description: Option<String>,
    /// Errata.
    pub errata: Vec<Erratum>,
}

/// A payload sent to the bot outside the update stream.
#[derive(Debug, Clone)]
pub struct Callback {
    /// The callback's name (UpperCamelCase).
    pub name: String,
    /// What it is.
    pub description: Option<String>,
    /// How it arrives.
    pub transport: CallbackTransport,
    /// The payload object's name.
    pub payload: String,
    /// How the payload is written.
    pub encoding: PayloadEncoding,
    /// The query parameters, for a `get-query` callback.
    pub query: Option<QueryParameters>,
    /// Its signature scheme, when signed.
    pub signature: Option<Signature>,
    /// Its encryption, when encrypted.
    pub encryption: Option<Encryption>,
    /// The Rust name of the payload's field saying when it was made.
    pub issued_at: Option<String>,
    /// The deep link that starts the flow: template, scopes, required scopes.
    pub sign_in_link: Option<(String, Vec<String>, Vec<String>)>,
    /// Errata.
    pub errata: Vec<Erratum>,
}

/// The query parameters of a `get-query` callback.
#[derive(Debug, Clone)]
pub struct QueryParameters {
    /// The parameter holding the payload.
    pub payload: String,
    /// The status parameter and its value on success, when there is one.
    pub status: Option<(String, String)>,
}

/// A callback's encryption.
#[derive(Debug, Clone, Copy)]
pub struct Encryption {
    /// The cipher.
    pub algorithm: CipherAlgorithm,
    /// How the ciphertext is written.
    pub encoding: CiphertextEncoding,
}

/// A callback's signature scheme.
#[derive(Debug, Clone)]
pub struct Signature {
    /// The MAC.
    pub algorithm: MacAlgorithm,
    /// How the key is made from the token.
    pub key: MacKey,
    /// The header with the signature.
    pub signature_header: String,
    /// How the signature is written.
    pub encoding: SignatureEncoding,
    /// The header with the time of sending, when there is one.
    pub timestamp_header: Option<String>,
    /// The data-check string template, with `{timestamp}` and `{body}`.
    pub message: String,
    /// The default freshness window in seconds, when the document gives one.
    pub freshness_seconds: Option<u64>,
}

impl Api {
    /// The type named `name`.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.name() == name)
    }

    /// The method named `name`.
    pub fn method(&self, name: &str) -> Option<&Method> {
        self.methods.iter().find(|m| m.name == name)
    }
}

/// The `platform` section.
#[derive(Debug, Clone)]
pub struct Platform {
    /// Lower-case identifier: module and feature name.
    pub name: String,
    /// Human name.
    pub title: String,
    /// What the platform is.
    pub description: Option<String>,
    /// Default base URL.
    pub base_url: String,
    /// Request URL template.
    pub url_template: String,
    /// File download URL template.
    pub file_url_template: Option<String>,
    /// Whether method names are case sensitive.
    pub case_sensitive_methods: bool,
    /// Accepted encodings, in the spec's words (`query`, `form`, `json`, `multipart`).
    pub encodings: Vec<String>,
    /// The request header carrying a webhook's secret token.
    pub webhook_secret_header: Option<String>,
    /// What the runtime is handed about the platform beyond its URLs.
    pub runtime: RuntimeData,
}

/// The platform data the runtime is handed, as generated code and constants.
#[derive(Debug, Clone, Default)]
pub struct RuntimeData {
    /// The test environment's request URL template.
    pub test_url_template: Option<String>,
    /// The method answering a file's download path.
    pub file_method: Option<FileMethod>,
    /// The markup text parameters are parsed in.
    pub markup: Option<crate::spec::Markup>,
    /// The object formatted text's entities become.
    pub entity: Option<Entity>,
    /// The documented rate limits.
    pub rate_limits: Option<RateLimits>,
    /// The methods that send messages, for the throttle.
    pub throttle: Option<Throttle>,
}

/// The method answering a file's download path.
#[derive(Debug, Clone)]
pub struct FileMethod {
    /// Its struct (`GetFile`).
    pub type_name: String,
    /// The object it answers (`File`).
    pub answer: String,
    /// The Rust name of the answer's path field.
    pub path_field: String,
    /// Whether that field is required.
    pub path_required: bool,
}

/// The entity object formatted text converts into.
#[derive(Debug, Clone)]
pub struct Entity {
    /// The object (`MessageEntity`).
    pub object: String,
    /// Its optional `url` field's Rust name.
    pub url: Option<String>,
    /// Its optional `language` field's Rust name.
    pub language: Option<String>,
    /// Its optional `user` field, for text mentions.
    pub user: Option<EntityUser>,
}

/// An entity's `user` field: the user object, made from an id.
#[derive(Debug, Clone)]
pub struct EntityUser {
    /// The field's Rust name.
    pub field: String,
    /// The user object.
    pub object: String,
    /// The arguments of its constructor, in order.
    pub arguments: Vec<UserArgument>,
}

/// An argument of the user object's constructor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserArgument {
    /// The user's id.
    Id,
    /// The default of a built-in type (`false`, an empty string).
    Default(TypeExpr),
}

/// Rate limits, each `(count, seconds)`.
#[derive(Debug, Clone)]
pub struct RateLimits {
    /// Per private chat.
    pub private_chat: (u32, u32),
    /// Per group.
    pub group_chat: (u32, u32),
    /// Overall.
    pub overall: (u32, u32),
    /// Where they come from.
    pub source: Option<String>,
}

/// The throttle's reading of the methods that send messages.
#[derive(Debug, Clone, Default)]
pub struct Throttle {
    /// The method-name prefixes of the methods that send messages.
    pub sends: Vec<String>,
    /// The parameter naming the chat.
    pub chat: String,
    /// The parameter telling a chat's kind, and its values that are private chats.
    pub kind: Option<(String, Vec<i64>)>,
    /// Methods making one message per item of a list parameter: method, list.
    pub counts: Vec<(String, String)>,
    /// One entry per such method.
    pub targets: Vec<Target>,
}

/// How one method's chat and message count are read.
#[derive(Debug, Clone)]
pub struct Target {
    /// The method's wire name.
    pub method: String,
    /// The chat parameter's Rust name.
    pub chat: String,
    /// Whether the chat parameter is required.
    pub chat_required: bool,
    /// How the chat is written.
    pub chat_form: ChatForm,
    /// The parameter telling a chat's kind, where the method has it.
    pub kind: Option<TargetKind>,
    /// The list parameter whose items are messages, and whether it is required.
    pub count: Option<(String, bool)>,
}

/// How a chat parameter is written.
#[derive(Debug, Clone)]
pub enum ChatForm {
    /// An integer id.
    Integer,
    /// A `@username`.
    String,
    /// A union of the two: its name and the two variants' Rust names.
    Union {
        /// The union.
        name: String,
        /// The integer variant.
        integer: String,
        /// The string variant.
        string: String,
    },
}

/// A parameter whose integer enum tells private chats from groups.
#[derive(Debug, Clone)]
pub struct TargetKind {
    /// Its Rust name.
    pub parameter: String,
    /// Whether it is required.
    pub required: bool,
    /// The integer enum it is.
    pub enum_name: String,
    /// The Rust names of its variants that are private chats.
    pub private: Vec<String>,
}

/// A method.
#[derive(Debug, Clone)]
pub struct Method {
    /// The wire name.
    pub name: String,
    /// The struct name (`SendTextMessage`).
    pub type_name: String,
    /// The `Bot` function name (`send_text_message`).
    pub fn_name: String,
    /// The URL segment.
    pub path: String,
    /// The HTTP verb.
    pub verb: Verb,
    /// The document's section.
    pub group: Option<String>,
    /// What it does.
    pub description: Option<String>,
    /// Parameters.
    pub params: Vec<Field>,
    /// The return type; `None` for an empty result.
    pub returns: Option<TypeExpr>,
    /// The document's words about the result.
    pub returns_description: Option<String>,
    /// The document's notes.
    pub notes: Vec<String>,
    /// The same method elsewhere.
    pub links: BTreeMap<String, String>,
    /// Errata.
    pub errata: Vec<Erratum>,
    /// Examples.
    pub examples: Vec<MethodExample>,
}

/// A method's example, JSON text as printed by the document.
#[derive(Debug, Clone)]
pub struct MethodExample {
    /// The request body.
    pub request: Option<String>,
    /// The response envelope.
    pub response: Option<String>,
    /// Request keys the spec does not model.
    pub ignored_fields: Vec<String>,
}

/// A field or parameter.
#[derive(Debug, Clone)]
pub struct Field {
    /// The wire name.
    pub name: String,
    /// The Rust name.
    pub rust_name: String,
    /// The type.
    pub ty: TypeExpr,
    /// Whether it must be present.
    pub required: bool,
    /// What it holds.
    pub description: Option<String>,
    /// Constraints in the document's words.
    pub constraints: Option<String>,
    /// The rules read from the constraints, which the client checks before sending where
    /// a bot sends the field.
    pub rules: Vec<crate::spec::rules::Checked>,
    /// The type the document gives, when the spec refines it.
    pub doc_type: Option<String>,
    /// Stored behind a `Box` (recursive, or large and rare).
    pub boxed: bool,
    /// The constant value, for tag fields.
    pub constant: Option<ConstValue>,
    /// Where the generated struct keeps the field.
    pub storage: Storage,
    /// Errata.
    pub errata: Vec<Erratum>,
}

/// Where a generated object keeps a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    /// A field of the struct itself.
    Inline,
    /// A field of the object's rare part, stored behind one box.
    Rare,
    /// A variant of the object's `kind` enum (at most one such field is present).
    Exclusive,
    /// Not stored: a constant written on serialisation.
    Constant,
}

/// A named type.
#[derive(Debug, Clone)]
pub enum TypeDef {
    /// An object.
    Object(Object),
    /// A one-of type.
    Union(Union),
    /// An enumeration.
    Enum(Enum),
}

impl TypeDef {
    /// The type's spec name.
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Object(o) => &o.name,
            TypeDef::Union(u) => &u.name,
            TypeDef::Enum(e) => &e.name,
        }
    }

    /// The type's links to other platforms.
    pub fn links(&self) -> &BTreeMap<String, String> {
        match self {
            TypeDef::Object(o) => &o.links,
            TypeDef::Union(u) => &u.links,
            TypeDef::Enum(e) => &e.links,
        }
    }
}

/// An object.
#[derive(Debug, Clone)]
pub struct Object {
    /// The name (also the Rust name).
    pub name: String,
    /// What it is.
    pub description: Option<String>,
    /// Fields, including constant ones.
    pub fields: Vec<Field>,
    /// The same type elsewhere.
    pub links: BTreeMap<String, String>,
    /// Errata.
    pub errata: Vec<Erratum>,
    /// Sample objects, JSON text.
    pub examples: Vec<String>,
}

/// A one-of type.
#[derive(Debug, Clone)]
pub struct Union {
    /// The name (also the Rust name).
    pub name: String,
    /// What it is.
    pub description: Option<String>,
    /// The tag field, for tagged unions.
    pub tag: Option<String>,
    /// The variants.
    pub variants: Vec<Variant>,
    /// Whether the union was made for an inline `X or Y` expression.
    pub synthesized: bool,
    /// The variant enum every variant's values are read as (`reads_as`).
    pub reads_as: Option<String>,
    /// The same type elsewhere.
    pub links: BTreeMap<String, String>,
    /// Errata.
    pub errata: Vec<Erratum>,
}

/// A union variant.
#[derive(Debug, Clone)]
pub struct Variant {
    /// The Rust variant name.
    pub rust_name: String,
    /// The variant's type.
    pub ty: TypeExpr,
    /// The tag value, for tagged unions.
    pub tag_value: Option<ConstValue>,
    /// For variants sharing a tag value: a required field that only this variant has.
    pub marker_field: Option<String>,
    /// The JSON shape of the variant's values, which untagged unions dispatch on.
    pub shape: Shape,
    /// Stored behind a `Box` (large).
    pub boxed: bool,
}

/// The JSON shape of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// An integer.
    Integer,
    /// Any number.
    Number,
    /// A string.
    String,
    /// `true` or `false`.
    Boolean,
    /// An array.
    Array,
    /// An object.
    Object,
    /// Anything (`Json`).
    Any,
}

/// An enumeration.
#[derive(Debug, Clone)]
pub struct Enum {
    /// The name (also the Rust name).
    pub name: String,
    /// Integer- or string-valued.
    pub kind: EnumKind,
    /// What it is.
    pub description: Option<String>,
    /// The values.
    pub values: Vec<EnumValue>,
    /// The same type elsewhere.
    pub links: BTreeMap<String, String>,
    /// Errata.
    pub errata: Vec<Erratum>,
}

impl Enum {
    /// Every wire form its values are read from: each value, then its `also` forms.
    pub fn forms(&self) -> impl Iterator<Item = &ConstValue> + Clone {
        self.values.iter().flat_map(|v| std::iter::once(&v.value).chain(&v.also))
    }
}

/// An enum value.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// The wire value: what is written, and read.
    pub value: ConstValue,
    /// Other wire forms read as this value, of either kind; never written.
    pub also: Vec<ConstValue>,
    /// The documented name.
    pub name: String,
    /// The Rust variant name.
    pub rust_name: String,
    /// What it means.
    pub description: Option<String>,
    /// Errata.
    pub errata: Vec<Erratum>,
}

/// An error code.
#[derive(Debug, Clone)]
pub struct ErrorCode {
    /// The numeric code.
    pub code: i64,
    /// The Rust variant name.
    pub rust_name: String,
    /// What it means.
    pub description: Option<String>,
    /// Whether it is a rate limit.
    pub rate_limit: bool,
    /// Errata.
    pub errata: Vec<Erratum>,
}
