//! The platform's interface choices: where the token goes (`auth`), how errors are shaped
//! (`error_shape`, `error_strings`), whether it has updates (`updates`), and the payloads
//! it sends outside the update stream (`callbacks`).

use std::collections::HashMap;

use super::{Kind, Resolver};
use crate::diag::Pos;
use crate::ir;
use crate::names;
use crate::spec::{self, ErrorShape, Spanned, TokenPlace};

/// Whether `name` is a valid HTTP header name (an RFC 9110 token).
fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
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
            let signature = callback.signature.as_ref().map(|s| self.signature(s));
            out.push(ir::Callback {
                name: name.value.clone(),
                description: callback.description.clone(),
                transport: callback.transport.value,
                payload: payload.value.clone(),
                signature,
                errata: callback.errata.clone(),
            });
        }
        out
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
