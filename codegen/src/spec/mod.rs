//! The spec room: the YAML of `spec/<platform>.yaml` as Rust data, with source positions
//! (this module), its reader ([`load`]) and writer ([`yaml`]), type expressions
//! ([`typeexpr`]), the constraint grammar ([`rules`]) and error descriptions
//! ([`error_catalogue`]).
//!
//! It only describes the shape of a spec (see `docs/spec-format.md`); checking what the
//! data means (references, duplicates, tags) is `resolve`'s job.

pub mod error_catalogue;
pub mod load;
pub mod rules;
pub mod typeexpr;
pub mod yaml;

use serde::Deserialize;
pub use serde_saphyr::Spanned;

/// A whole spec file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// Name, URLs and defaults of the platform.
    pub platform: Platform,
    /// Document-wide errata.
    #[serde(default)]
    pub errata: Vec<Erratum>,
    /// The document's introductions to its sections of methods.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// The API methods, in the document's order.
    pub methods: Vec<Method>,
    /// Object types.
    #[serde(default)]
    pub objects: Vec<Object>,
    /// One-of types.
    #[serde(default)]
    pub unions: Vec<Union>,
    /// Enumerations.
    #[serde(default)]
    pub enums: Vec<Enum>,
    /// The platform's error codes.
    #[serde(default)]
    pub error_codes: Vec<ErrorCode>,
    /// Known error descriptions: not written in the spec file but read by
    /// [`crate::spec::load::read`] from its catalogue, `errors/<platform>.yaml` next to it.
    #[serde(skip)]
    pub error_descriptions: Vec<crate::spec::error_catalogue::ErrorDescription>,
    /// Where the token travels; the URL (`{token}` in `url_template`) when absent.
    #[serde(default)]
    pub auth: Option<Spanned<Auth>>,
    /// How a failed call names its error; `integer` (`error_code`) when absent.
    #[serde(default)]
    pub error_shape: Option<Spanned<ErrorShape>>,
    /// The platform's string error codes (`ACCESS_TOKEN_INVALID`), for an `error_shape`
    /// of `string` or `both`.
    #[serde(default)]
    pub error_strings: Vec<ErrorString>,
    /// Whether the platform has an update feed (`getUpdates`); `true` when absent.
    #[serde(default)]
    pub updates: Option<Spanned<bool>>,
    /// Payloads the platform sends the bot outside the update stream (delivery reports,
    /// sign-in callbacks).
    #[serde(default)]
    pub callbacks: Vec<Callback>,
}

/// Where a platform's token travels (the `auth` key).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Auth {
    /// `url`, `bearer` or `parameter`.
    pub token: Spanned<TokenPlace>,
    /// The parameter the token travels in: required for `parameter`; for `bearer`, the
    /// alternative the document also allows (not used by the client).
    #[serde(default)]
    pub parameter: Option<Spanned<String>>,
}

/// Where the token goes in a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenPlace {
    /// In the request URL, at `{token}` of `url_template`.
    Url,
    /// In an `Authorization: Bearer <token>` header.
    Bearer,
    /// As a request parameter named by `auth.parameter`.
    Parameter,
}

/// How a platform's failed calls name the error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorShape {
    /// An integer `error_code` with a `description`.
    Integer,
    /// A string `error` (`ACCESS_TOKEN_INVALID`), no integer code.
    String,
    /// Both an integer `error_code` and a string `error`.
    Both,
}

/// One string error code of a platform.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorString {
    /// The string as the server sends it (`ACCESS_TOKEN_INVALID`).
    pub value: Spanned<String>,
    /// The `ErrorKind` variant; derived from the value when absent.
    #[serde(default)]
    pub name: Option<Spanned<String>>,
    /// What it means, in the document's words.
    #[serde(default)]
    pub description: Option<String>,
    /// Errata.
    #[serde(default)]
    pub errata: Vec<Erratum>,
}

/// A payload the platform sends to the bot outside the update stream.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Callback {
    /// The callback's name (UpperCamelCase, `DeliveryReport`).
    pub name: Spanned<String>,
    /// What it is.
    #[serde(default)]
    pub description: Option<String>,
    /// How it arrives: `post-json` (an HTTP POST with a JSON body) or `get-query` (a GET
    /// with the data in the URL's query string).
    pub transport: Spanned<CallbackTransport>,
    /// The payload: an object of this spec.
    pub payload: Spanned<String>,
    /// How the payload is written: `json` (the default) or `query-string`.
    #[serde(default)]
    pub encoding: Option<Spanned<PayloadEncoding>>,
    /// For `get-query`: the query parameters that carry the payload and the outcome.
    #[serde(default)]
    pub query: Option<Spanned<QueryParameters>>,
    /// How the payload is signed, when it is.
    #[serde(default)]
    pub signature: Option<Signature>,
    /// How the payload is encrypted, when it is.
    #[serde(default)]
    pub encryption: Option<Spanned<Encryption>>,
    /// The payload's field saying when it was made (Unix seconds), for the age check.
    #[serde(default)]
    pub issued_at: Option<Spanned<String>>,
    /// The deep link that starts the flow, for a sign-in callback.
    #[serde(default)]
    pub sign_in_link: Option<SignInLink>,
    /// Errata.
    #[serde(default)]
    pub errata: Vec<Erratum>,
}

/// `callbacks[].sign_in_link`: the link a user opens to sign in.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInLink {
    /// The link with `{bot_id}`, `{callback_url}` and `{scope}`.
    pub template: Spanned<String>,
    /// The scopes the document lists, in its order.
    pub scopes: Vec<String>,
    /// The scopes it makes required.
    #[serde(default)]
    pub required: Vec<String>,
}

/// How a callback reaches the bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CallbackTransport {
    /// An HTTP POST with the payload as its JSON body.
    PostJson,
    /// An HTTP GET of the callback URL with the payload in a query parameter.
    GetQuery,
}

/// How a callback's payload is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PayloadEncoding {
    /// A JSON object.
    Json,
    /// An `application/x-www-form-urlencoded` query string (`a=1&b=x`).
    QueryString,
}

/// The query parameters of a `get-query` callback.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryParameters {
    /// The parameter whose value is the payload (`hash`).
    pub payload: Spanned<String>,
    /// The parameter saying whether the flow succeeded (`tg_passport`), when there is one.
    #[serde(default)]
    pub status: Option<Spanned<String>>,
    /// The status parameter's value on success (`success`); required with `status`.
    #[serde(default)]
    pub success: Option<Spanned<String>>,
}

/// A callback's encryption: the payload parameter holds ciphertext for the bot's key.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Encryption {
    /// The cipher: `rsa-pkcs1-v1.5`.
    pub algorithm: Spanned<CipherAlgorithm>,
    /// How the ciphertext is written in the parameter: `base64`.
    pub encoding: Spanned<CiphertextEncoding>,
}

/// A public-key cipher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum CipherAlgorithm {
    /// RSA with PKCS#1 v1.5 padding, one key-sized block per part of the plaintext,
    /// encrypted with the public half of the bot's key pair.
    #[serde(rename = "rsa-pkcs1-v1.5")]
    RsaPkcs1V15,
}

/// How ciphertext is written in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CiphertextEncoding {
    /// Base64, standard or URL-safe alphabet, padding optional.
    Base64,
}

/// A callback's signature scheme: an HMAC over a data-check string, in headers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// The MAC: `hmac-sha256`.
    pub algorithm: Spanned<MacAlgorithm>,
    /// The MAC key: `sha256-of-token` (SHA-256 of the token) or `token`.
    pub key: Spanned<MacKey>,
    /// The header carrying the signature.
    pub signature_header: Spanned<String>,
    /// How the signature is written: `hex`.
    pub encoding: Spanned<SignatureEncoding>,
    /// The header carrying the time of sending (Unix seconds), when signed.
    #[serde(default)]
    pub timestamp_header: Option<Spanned<String>>,
    /// The signed data, with `{timestamp}` and `{body}` (`"{timestamp}\n{body}"`).
    pub message: Spanned<String>,
    /// The default window, in seconds, within which a timestamp is fresh; the receiver
    /// can change it.
    #[serde(default)]
    pub freshness_seconds: Option<Spanned<u64>>,
}

/// A MAC algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MacAlgorithm {
    /// HMAC with SHA-256.
    HmacSha256,
}

/// How a MAC key is made from the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MacKey {
    /// The token's bytes.
    Token,
    /// SHA-256 of the token's bytes.
    Sha256OfToken,
}

/// How a signature is written in its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignatureEncoding {
    /// Hexadecimal, either case.
    Hex,
}

impl Spec {
    /// A spec of `platform` with nothing in it yet, for specs built in code.
    pub fn new(platform: Platform) -> Spec {
        Spec {
            platform,
            errata: Vec::new(),
            sections: Vec::new(),
            methods: Vec::new(),
            objects: Vec::new(),
            unions: Vec::new(),
            enums: Vec::new(),
            error_codes: Vec::new(),
            error_descriptions: Vec::new(),
            auth: None,
            error_shape: None,
            error_strings: Vec::new(),
            updates: None,
            callbacks: Vec::new(),
        }
    }
}

/// The `platform` section.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    /// Lower-case identifier: module and cargo feature name.
    pub name: Spanned<String>,
    /// Human name.
    pub title: String,
    /// What the platform is, for the module's doc comment.
    #[serde(default)]
    pub description: Option<String>,
    /// The version of the document the spec was transcribed from (`10.2`).
    #[serde(default)]
    pub version: Option<String>,
    /// When that version was released, in the document's words (`July 14, 2026`).
    #[serde(default)]
    pub released: Option<String>,
    /// Default base URL.
    pub base_url: Spanned<String>,
    /// Request URL template with `{base}`, `{token}` and `{method}`.
    pub url_template: Spanned<String>,
    /// File download URL template with `{base}`, `{token}` and `{path}`.
    #[serde(default)]
    pub file_url_template: Option<Spanned<String>>,
    /// Whether method names are case sensitive.
    #[serde(default = "default_true")]
    pub case_sensitive_methods: bool,
    /// Accepted request encodings.
    #[serde(default)]
    pub encodings: Vec<Spanned<Encoding>>,
    /// The verb of methods that do not name one.
    #[serde(default)]
    pub default_verb: Option<Verb>,
    /// The request header carrying a webhook's secret token, where the platform sends one.
    #[serde(default)]
    pub webhook_secret_header: Option<String>,
    /// The request URL template of the platform's test environment, where it has one.
    #[serde(default)]
    pub test_url_template: Option<Spanned<String>>,
    /// With `file_url_template`: the method answering a file's download path.
    #[serde(default)]
    pub file_method: Option<FileMethod>,
    /// The markup its text parameters are parsed in (`markdown-v2`, `html`, `markdown`,
    /// `markdown-without-escapes`).
    #[serde(default)]
    pub markup: Option<Spanned<Markup>>,
    /// The object a formatted text's entities become (`MessageEntity`, whose `type` is
    /// a string).
    #[serde(default)]
    pub entity: Option<Spanned<String>>,
    /// The rate limits the platform documents.
    #[serde(default)]
    pub rate_limits: Option<RateLimits>,
    /// Which methods send messages, for the throttle.
    #[serde(default)]
    pub throttle: Option<Throttle>,
}

/// `platform.file_method`: the method answering a file's download path.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileMethod {
    /// The method (`getFile`): one required parameter, the file's id.
    pub method: Spanned<String>,
    /// The field of its answer holding the path for `{path}` (`file_path`).
    pub path_field: Spanned<String>,
}

/// A markup language (`platform.markup`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Markup {
    /// Telegram's MarkdownV2.
    MarkdownV2,
    /// HTML.
    Html,
    /// Markdown with backslash escapes.
    Markdown,
    /// Markdown with no escape.
    MarkdownWithoutEscapes,
}

/// `platform.rate_limits`: each a count per a number of seconds, `[count, seconds]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimits {
    /// Per private chat.
    pub private_chat: Spanned<[u32; 2]>,
    /// Per group, supergroup or channel.
    pub group_chat: Spanned<[u32; 2]>,
    /// For the whole bot.
    pub overall: Spanned<[u32; 2]>,
    /// Where the numbers come from, when not from the API's own document.
    #[serde(default)]
    pub source: Option<String>,
}

/// `platform.throttle`: which methods send messages, and how their chat is read.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Throttle {
    /// Method-name prefixes of the methods that send messages (`send`, `forward`, `copy`).
    pub sends: Vec<Spanned<String>>,
    /// The parameter naming the chat (`chat_id`); a method without it sends nothing.
    pub chat: Spanned<String>,
    /// How a chat's kind is read; without it (or for a method lacking its parameter), a
    /// negative id or a `@username` is a group.
    #[serde(default)]
    pub kind: Option<ChatKind>,
    /// Methods making one message per item of a list parameter (`sendMediaGroup: media`).
    #[serde(default)]
    pub counts: Vec<Count>,
}

/// `throttle.kind`: a parameter whose values tell private chats from groups.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatKind {
    /// The parameter (`chat_type`), an integer enum.
    pub parameter: Spanned<String>,
    /// Its values that are private chats; the others are groups.
    pub private: Vec<Spanned<i64>>,
}

/// `throttle.counts` item: a method and the list parameter whose items are messages.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Count {
    /// The method.
    pub method: Spanned<String>,
    /// Its list parameter.
    pub list: Spanned<String>,
}

fn default_true() -> bool {
    true
}

/// A request encoding a platform accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    /// URL query string.
    Query,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `application/json`.
    Json,
    /// `multipart/form-data`.
    Multipart,
}

/// An HTTP verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Verb {
    /// `GET`: parameters travel in the query string.
    #[serde(rename = "GET")]
    Get,
    /// `POST`: parameters travel in the body.
    #[serde(rename = "POST")]
    Post,
}

/// A section of the document's methods (what methods name in `group`) and the document's
/// introduction to it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The section's heading, as the methods' `group` names it.
    pub name: String,
    /// The document's introduction to the section.
    pub description: String,
}

/// One erratum: where the document is wrong, and what the spec does instead.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Erratum {
    /// What the document says.
    pub says: String,
    /// What the spec uses instead.
    pub uses: String,
    /// Why.
    pub why: String,
}

/// Links from an item to the same item on other platforms: platform name to item name.
pub type Links = std::collections::BTreeMap<String, Spanned<String>>;

/// An API method.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Method {
    /// The method's name, as sent (the document's, unless `doc_name` corrects it).
    pub name: Spanned<String>,
    /// The document's name, when it misprints the one the server knows (`name`): an
    /// erratum. Read by people only; Rust names and the wire use `name`.
    #[serde(default)]
    pub doc_name: Option<String>,
    /// The document's section.
    #[serde(default)]
    pub group: Option<String>,
    /// What the method does.
    #[serde(default)]
    pub description: Option<String>,
    /// The HTTP verb; the platform's default when absent.
    #[serde(default)]
    pub verb: Option<Verb>,
    /// The URL segment, when it differs from the name.
    #[serde(default)]
    pub path: Option<Spanned<String>>,
    /// Parameters.
    #[serde(default)]
    pub params: Vec<Field>,
    /// The return type; absent when the result is empty.
    #[serde(default)]
    pub returns: Option<Spanned<String>>,
    /// The document's words about the result.
    #[serde(default)]
    pub returns_description: Option<String>,
    /// The document's notes.
    #[serde(default)]
    pub notes: Vec<String>,
    /// The same method on other platforms.
    #[serde(default)]
    pub links: Links,
    /// Errata.
    #[serde(default)]
    pub errata: Vec<Erratum>,
    /// The document's examples.
    #[serde(default)]
    pub examples: Vec<MethodExample>,
}

/// A request/response example of a method.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MethodExample {
    /// The request body as JSON text.
    #[serde(default)]
    pub request: Option<Spanned<String>>,
    /// The whole response envelope as JSON text.
    #[serde(default)]
    pub response: Option<Spanned<String>>,
    /// Request keys the spec does not model.
    #[serde(default)]
    pub ignored_fields: Vec<Spanned<String>>,
}

/// An object field or a method parameter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The wire name.
    pub name: Spanned<String>,
    /// The document's name, when it misprints the wire name (`name`): an erratum. Read
    /// by people only; the Rust name is derived from `name`, the JSON key is `name`.
    #[serde(default)]
    pub doc_name: Option<String>,
    /// The type expression.
    #[serde(rename = "type")]
    pub ty: Spanned<String>,
    /// Whether the field must be present.
    #[serde(default)]
    pub required: bool,
    /// What the field holds.
    #[serde(default)]
    pub description: Option<String>,
    /// Constraints in the document's words; the rules the client checks are read from
    /// them ([`crate::spec::rules`]).
    #[serde(default)]
    pub constraints: Option<Spanned<String>>,
    /// The type the document gives, when the spec uses a more precise one.
    #[serde(default)]
    pub doc_type: Option<String>,
    /// The Rust name, when the derived one is wrong.
    #[serde(default)]
    pub rust_name: Option<Spanned<String>>,
    /// Store behind a `Box`.
    #[serde(default)]
    pub boxed: bool,
    /// The field always has this value.
    #[serde(default, rename = "const")]
    pub constant: Option<Spanned<ConstValue>>,
    /// Errata.
    #[serde(default)]
    pub errata: Vec<Erratum>,
}

impl Field {
    /// A field built in code: its wire name, type, required flag and description (an
    /// empty one is none), with the format's defaults for the rest.
    pub fn new(name: &str, ty: String, required: bool, description: String) -> Field {
        Field {
            name: crate::spec::yaml::unplaced(name.to_owned()),
            doc_name: None,
            ty: crate::spec::yaml::unplaced(ty),
            required,
            description: (!description.is_empty()).then_some(description),
            constraints: None,
            doc_type: None,
            rust_name: None,
            boxed: false,
            constant: None,
            errata: Vec::new(),
        }
    }
}

/// A constant field value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(untagged)]
pub enum ConstValue {
    /// An integer, such as an integer enum's value.
    Integer(i64),
    /// A string.
    String(String),
}

impl std::fmt::Display for ConstValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConstValue::Integer(v) => write!(f, "{v}"),
            ConstValue::String(v) => write!(f, "\"{v}\""),
        }
    }
}

/// An object type.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Object {
    /// The type's name.
    pub name: Spanned<String>,
    /// What it is.
    #[serde(default)]
    pub description: Option<String>,
    /// Fields, in the document's order.
    #[serde(default)]
    pub fields: Vec<Field>,
    /// Optional fields of which at most one is present: held as one enum.
    #[serde(default)]
    pub exclusive: Vec<Spanned<String>>,
    /// When given, the optional fields not listed (nor exclusive) are rare: stored
    /// together behind one box.
    #[serde(default)]
    pub hot: Option<Vec<Spanned<String>>>,
    /// The same type on other platforms.
    #[serde(default)]
    pub links: Links,
    /// Errata.
    #[serde(default)]
    pub errata: Vec<Erratum>,
    /// Sample objects printed in the document, as JSON text.
    #[serde(default)]
    pub examples: Vec<Spanned<String>>,
}

/// A one-of type.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Union {
    /// The type's name.
    pub name: Spanned<String>,
    /// What it is.
    #[serde(default)]
    pub description: Option<String>,
    /// The field that tells tagged variants apart; untagged when absent.
    #[serde(default)]
    pub tag: Option<Spanned<String>>,
    /// The variants: object names for tagged unions, type expressions otherwise.
    pub variants: Vec<Spanned<String>>,
    /// For an untagged union of enums: the variant enum that every variant's values are
    /// read as (one value, whichever form was sent), by that enum's values and `also`.
    #[serde(default)]
    pub reads_as: Option<Spanned<String>>,
    /// The same type on other platforms.
    #[serde(default)]
    pub links: Links,
    /// Errata.
    #[serde(default)]
    pub errata: Vec<Erratum>,
}

/// An enumeration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enum {
    /// The type's name.
    pub name: Spanned<String>,
    /// Integer- or string-valued.
    pub kind: Spanned<EnumKind>,
    /// What it is.
    #[serde(default)]
    pub description: Option<String>,
    /// The values, in the document's order.
    pub values: Vec<EnumValue>,
    /// The same type on other platforms.
    #[serde(default)]
    pub links: Links,
    /// Errata.
    #[serde(default)]
    pub errata: Vec<Erratum>,
}

/// Whether an enum's values are integers or strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EnumKind {
    /// Integer values.
    Integer,
    /// String values.
    String,
}

/// One value of an enum.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// The wire value: what is written, and read.
    pub value: Spanned<ConstValue>,
    /// Other wire forms that are read as this value (integers or strings, of either kind:
    /// a server that sends `2` or `"private"` for one chat type); never written.
    #[serde(default)]
    pub also: Vec<Spanned<ConstValue>>,
    /// The documented name; derived from a string value when absent.
    #[serde(default)]
    pub name: Option<Spanned<String>>,
    /// What it means.
    #[serde(default)]
    pub description: Option<String>,
    /// Errata.
    #[serde(default)]
    pub errata: Vec<Erratum>,
}

/// One error code.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCode {
    /// The numeric code.
    pub code: Spanned<i64>,
    /// The Rust variant name.
    pub name: Spanned<String>,
    /// What it means, in the document's words.
    #[serde(default)]
    pub description: Option<String>,
    /// Whether the request was refused for rate and may be retried after a delay.
    #[serde(default)]
    pub rate_limit: bool,
    /// Errata.
    #[serde(default)]
    pub errata: Vec<Erratum>,
}
