//! The platform's interface choices: where the token goes (`auth`), how errors are shaped
//! (`error_shape`, `error_strings`), whether it has updates (`updates`), and the payloads
//! it sends outside the update stream (`callbacks`).

use std::collections::HashMap;

use super::{Kind, Resolver};
use crate::diag::Pos;
use crate::ir;
use crate::names;
use crate::spec::{self, CallbackTransport, ErrorShape, PayloadEncoding, Spanned, TokenPlace};

/// Whether `name` is a valid HTTP header name (an RFC 9110 token).
fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Whether `text` is a non-empty run of RFC 3986 unreserved characters (a query
/// parameter's name or value that needs no escaping).
fn is_query_text(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

/// Whether `name` is an UpperCamelCase identifier other than `Unknown`.
fn is_variant_name(name: &str) -> bool {
    names::is_identifier(name) && name.starts_with(|c: char| c.is_ascii_uppercase()) && name != "Unknown"
}

impl<'s> Resolver<'s> {
    /// `auth`, checked against the URL template: `{token}` is in it exactly when the
    /// token travels in the URL.
    pub(crate) fn auth(&mut self, spec: &spec::Spec) -> ir::Auth {
        let template = &spec.platform.url_template;
        let place = spec.auth.as_ref().map_or(TokenPlace::Url, |auth| auth.value.token.value);
        let in_template = template.value.contains("{token}");
        match place {
            TokenPlace::Url if !in_template => self.report.error(
                Pos::at(template),
                format!("URL template `{}` must contain {{token}}", template.value),
            ),
            TokenPlace::Bearer | TokenPlace::Parameter if in_template => self.report.error(
                Pos::at(template),
                format!(
                    "URL template `{}` must not contain {{token}}: auth.token says the token travels elsewhere",
                    template.value
                ),
            ),
            _ => {}
        }
        let Some(auth) = &spec.auth else {
            return ir::Auth { token: place, parameter: None };
        };
        let parameter = auth.value.parameter.as_ref();
        match (place, parameter) {
            (TokenPlace::Parameter, None) => self.report.error(
                Pos::at(&auth.value.token),
                "auth.token `parameter` needs auth.parameter, the parameter's name",
            ),
            (TokenPlace::Url, Some(name)) => self.report.error(
                Pos::at(name),
                "auth.parameter is only for a token travelling as a parameter or bearer header",
            ),
            (_, Some(name))
                if name.value.is_empty()
                    || !name.value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
            {
                self.report.error(
                    Pos::at(name),
                    format!("auth.parameter `{}` must be a parameter name (letters, digits, _)", name.value),
                )
            }
            _ => {}
        }
        ir::Auth { token: place, parameter: parameter.map(|p| p.value.clone()) }
    }

    /// `error_shape` and `error_strings`: integer codes only where the shape has them,
    /// string codes only where it has those; names unique, also against the catalogue.
    pub(crate) fn error_strings(&mut self, spec: &spec::Spec) -> (ErrorShape, Vec<ir::ErrorString>) {
        let shape = spec.error_shape.as_ref().map_or(ErrorShape::Integer, |s| s.value);
        if shape == ErrorShape::String {
            if let Some(code) = spec.error_codes.first() {
                self.report
                    .error(Pos::at(&code.code), "error_codes are integers: error_shape `string` has none");
            }
        }
        if shape == ErrorShape::Integer {
            if let Some(first) = spec.error_strings.first() {
                self.report.error(
                    Pos::at(&first.value),
                    "error_strings need error_shape `string` or `both` (the default is `integer`)",
                );
            }
        }
        let mut by_value: HashMap<&str, Pos> = HashMap::new();
        let mut by_name: HashMap<String, Pos> = HashMap::new();
        for entry in &spec.error_descriptions {
            by_name.insert(entry.rust_name.clone(), Pos::default());
        }
        let mut out = Vec::new();
        for entry in &spec.error_strings {
            let value = &entry.value;
            if value.value.is_empty() {
                self.report.error(Pos::at(value), "an error string must not be empty");
                continue;
            } else if let Some(first) = by_value.insert(&value.value, Pos::at(value)) {
                self.report.error(
                    Pos::at(value),
                    format!("error string `{}` is listed twice (first at line {})", value.value, first.line),
                );
            }
            let (rust_name, pos) = match &entry.name {
                Some(name) => (name.value.clone(), Pos::at(name)),
                None => (names::type_name(&value.value.to_ascii_lowercase()), Pos::at(value)),
            };
            if !is_variant_name(&rust_name) {
                self.report.error(
                    pos,
                    format!("error string name `{rust_name}` must be an UpperCamelCase identifier other than `Unknown`"),
                );
            } else if let Some(first) = by_name.insert(rust_name.clone(), pos) {
                let place = if first.line == 0 {
                    "in the error catalogue".to_owned()
                } else {
                    format!("first at line {}", first.line)
                };
                self.report.error(pos, format!("error kind name `{rust_name}` is used twice ({place})"));
            }
            out.push(ir::ErrorString {
                value: value.value.clone(),
                rust_name,
                description: entry.description.clone(),
                errata: entry.errata.clone(),
            });
        }
        (shape, out)
    }

    /// `updates`: a platform with updates has `getUpdates`; one without has neither
    /// `getUpdates` nor a webhook secret header. Absent, it says whether `getUpdates` is
    /// there.
    pub(crate) fn updates(&mut self, spec: &spec::Spec) -> bool {
        let has_get_updates = spec.methods.iter().any(|m| m.name.value == "getUpdates");
        match &spec.updates {
            None => has_get_updates,
            Some(flag @ Spanned { value: true, .. }) => {
                if !has_get_updates {
                    self.report.error(Pos::at(flag), "`updates: true` needs a getUpdates method");
                }
                true
            }
            Some(flag) => {
                if has_get_updates {
                    self.report
                        .error(Pos::at(flag), "`updates: false`, but the spec has a getUpdates method");
                }
                if spec.platform.webhook_secret_header.is_some() {
                    self.report
                        .error(Pos::at(flag), "`updates: false`, but platform.webhook_secret_header is set");
                }
                false
            }
        }
    }

    /// `callbacks`: names unique among the types, payloads objects of the spec,
    /// signature templates and headers well formed.
    pub(crate) fn callbacks(&mut self, spec: &spec::Spec) -> Vec<ir::Callback> {
        let mut by_name: HashMap<&str, Pos> = HashMap::new();
        let mut out = Vec::new();
        for callback in &spec.callbacks {
            let name = &callback.name;
            if !is_variant_name(&name.value) {
                self.report.error(
                    Pos::at(name),
                    format!("callback name `{}` must be an UpperCamelCase identifier", name.value),
                );
            } else if self.kinds.contains_key(name.value.as_str()) {
                self.report
                    .error(Pos::at(name), format!("callback name `{}` is also a type's name", name.value));
            } else if let Some(first) = by_name.insert(&name.value, Pos::at(name)) {
                self.report.error(
                    Pos::at(name),
                    format!("callback `{}` is listed twice (first at line {})", name.value, first.line),
                );
            }
            let payload = &callback.payload;
            if self.kinds.get(payload.value.as_str()) != Some(&Kind::Object) {
                self.report.error(
                    Pos::at(payload),
                    format!("callback payload `{}` must be an object of this spec", payload.value),
                );
            }
            let encoding = self.payload_encoding(callback);
            let query = self.query_parameters(callback);
            let signature = callback.signature.as_ref().map(|s| self.signature(s));
            let encryption = self.encryption(callback);
            out.push(ir::Callback {
                name: name.value.clone(),
                description: callback.description.clone(),
                transport: callback.transport.value,
                payload: payload.value.clone(),
                encoding,
                query,
                signature,
                encryption,
                issued_at: None,
                sign_in_link: None,
                errata: callback.errata.clone(),
            });
        }
        out
    }

    /// `encoding`: JSON unless told; a POSTed JSON body is JSON.
    fn payload_encoding(&mut self, callback: &spec::Callback) -> PayloadEncoding {
        let Some(encoding) = &callback.encoding else { return PayloadEncoding::Json };
        if callback.transport.value == CallbackTransport::PostJson && encoding.value != PayloadEncoding::Json
        {
            self.report.error(
                Pos::at(encoding),
                "transport `post-json` carries a JSON payload: encoding must be `json`",
            );
        }
        encoding.value
    }

    /// `query`: required by `get-query` and only there; parameter names well formed and
    /// distinct, `status` and `success` together.
    fn query_parameters(&mut self, callback: &spec::Callback) -> Option<ir::QueryParameters> {
        let transport = &callback.transport;
        let Some(query) = &callback.query else {
            if transport.value == CallbackTransport::GetQuery {
                self.report.error(
                    Pos::at(transport),
                    "transport `get-query` needs query.payload: the parameter carrying the payload",
                );
            }
            return None;
        };
        if transport.value != CallbackTransport::GetQuery {
            self.report.error(Pos::at(query), "query is only for transport `get-query`");
        }
        let query = &query.value;
        let names =
            std::iter::once(&query.payload).chain(query.status.as_ref()).chain(query.success.as_ref());
        for name in names {
            if !is_query_text(&name.value) {
                self.report.error(
                    Pos::at(name),
                    format!("`{}` must be non-empty and of letters, digits, `-`, `.`, `_`, `~`", name.value),
                );
            }
        }
        let status = match (&query.status, &query.success) {
            (Some(status), Some(success)) => {
                if status.value == query.payload.value {
                    self.report
                        .error(Pos::at(status), "query.status and query.payload name the same parameter");
                }
                Some((status.value.clone(), success.value.clone()))
            }
            (Some(status), None) => {
                self.report.error(Pos::at(status), "query.status needs query.success, its value on success");
                None
            }
            (None, Some(success)) => {
                self.report.error(
                    Pos::at(success),
                    "query.success needs query.status, the parameter it is the value of",
                );
                None
            }
            (None, None) => None,
        };
        Some(ir::QueryParameters { payload: query.payload.value.clone(), status })
    }

    /// `encryption`: a parameter's value is encrypted, so only `get-query`; a signature
    /// (over a POSTed body) is only for `post-json`.
    fn encryption(&mut self, callback: &spec::Callback) -> Option<ir::Encryption> {
        if let (CallbackTransport::GetQuery, Some(signature)) =
            (callback.transport.value, &callback.signature)
        {
            self.report.error(
                Pos::at(&signature.algorithm),
                "a signature covers a POSTed body: transport `get-query` has none (use encryption)",
            );
        }
        let encryption = callback.encryption.as_ref()?;
        if callback.transport.value != CallbackTransport::GetQuery {
            self.report.error(
                Pos::at(encryption),
                "encryption is of a query parameter: only for transport `get-query` (a JSON body is signed)",
            );
        }
        Some(ir::Encryption {
            algorithm: encryption.value.algorithm.value,
            encoding: encryption.value.encoding.value,
        })
    }

    fn signature(&mut self, signature: &spec::Signature) -> ir::Signature {
        let headers = std::iter::once(&signature.signature_header).chain(signature.timestamp_header.as_ref());
        for header in headers {
            if !is_header_name(&header.value) {
                self.report.error(Pos::at(header), format!("`{}` is not an HTTP header name", header.value));
            }
        }
        let message = &signature.message;
        if !message.value.contains("{body}") {
            self.report.error(Pos::at(message), "the signed message must contain {body}");
        }
        let rest = message.value.replace("{body}", "").replace("{timestamp}", "");
        if rest.contains('{') || rest.contains('}') {
            self.report.error(Pos::at(message), "the signed message knows only {timestamp} and {body}");
        }
        let uses_timestamp = message.value.contains("{timestamp}");
        match (&signature.timestamp_header, uses_timestamp) {
            (None, true) => self.report.error(
                Pos::at(message),
                "the signed message has {timestamp}: timestamp_header must say where it comes from",
            ),
            (Some(header), false) => self
                .report
                .error(Pos::at(header), "timestamp_header is set, but the signed message has no {timestamp}"),
            _ => {}
        }
        if let Some(window) = &signature.freshness_seconds {
            if window.value == 0 {
                self.report.error(Pos::at(window), "freshness_seconds must be at least 1");
            } else if signature.timestamp_header.is_none() {
                self.report.error(Pos::at(window), "freshness_seconds needs a timestamp_header");
            }
        }
        ir::Signature {
            algorithm: signature.algorithm.value,
            key: signature.key.value,
            signature_header: signature.signature_header.value.clone(),
            encoding: signature.encoding.value,
            timestamp_header: signature.timestamp_header.as_ref().map(|h| h.value.clone()),
            message: message.value.clone(),
            freshness_seconds: signature.freshness_seconds.as_ref().map(|w| w.value),
        }
    }
}
