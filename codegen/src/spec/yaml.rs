//! The spec model written back as YAML text, deterministically: the keys in the order of
//! `docs/spec-format.md`, names plain when they are plain identifiers, every other string
//! double-quoted with YAML escapes, and absent or empty keys left out. What
//! [`crate::spec::load::parse`] reads back is the model written (`spec/telegram.yaml` is written
//! this way by the importer).
//!
//! Every model struct is taken apart field by field, so a key added to the model does not
//! compile here until it is written.

use std::fmt::Write as _;

use crate::spec::{
    Auth, Callback, CallbackTransport, ChatKind, CipherAlgorithm, CiphertextEncoding, ConstValue, Count,
    Encoding, Encryption, Enum, EnumKind, EnumValue, Erratum, ErrorCode, ErrorShape, ErrorString, Field,
    FileMethod, Links, MacAlgorithm, MacKey, Markup, Method, MethodExample, Object, PayloadEncoding,
    Platform, QueryParameters, RateLimits, Section, SignInLink, Signature, SignatureEncoding, Spanned, Spec,
    Throttle, TokenPlace, Union, Verb,
};

/// The YAML text of `spec` (without a heading comment; the error catalogue is a file of
/// its own and is not written).
pub fn write(spec: &Spec) -> String {
    let Spec {
        platform: platform_section,
        errata: document_errata,
        sections,
        methods,
        objects,
        unions,
        enums,
        error_codes,
        error_descriptions: _,
        auth,
        error_shape,
        error_strings,
        updates,
        callbacks,
    } = spec;
    let mut out = Out::default();
    platform(&mut out, platform_section);
    if !document_errata.is_empty() {
        out.blank();
        out.line(0, "errata:");
        errata_items(&mut out, 1, document_errata);
    }
    list(&mut out, "sections", sections, section);
    list(&mut out, "methods", methods, method);
    list(&mut out, "objects", objects, object);
    list(&mut out, "unions", unions, union);
    list(&mut out, "enums", enums, enumeration);
    list(&mut out, "error_codes", error_codes, error_code);
    if let Some(auth) = auth {
        self::auth(&mut out, &auth.value);
    }
    if let Some(shape) = error_shape {
        out.blank();
        out.scalar(0, "error_shape", self::error_shape(shape.value));
    }
    list(&mut out, "error_strings", error_strings, error_string);
    if let Some(updates) = updates {
        out.blank();
        out.line(0, &format!("updates: {}", updates.value));
    }
    list(&mut out, "callbacks", callbacks, callback);
    out.text
}

fn auth(out: &mut Out, auth: &Auth) {
    let Auth { token, parameter } = auth;
    out.blank();
    out.line(0, "auth:");
    let place = match token.value {
        TokenPlace::Url => "url",
        TokenPlace::Bearer => "bearer",
        TokenPlace::Parameter => "parameter",
    };
    out.scalar(1, "token", place);
    if let Some(parameter) = parameter {
        out.scalar(1, "parameter", &parameter.value);
    }
}

fn error_shape(shape: ErrorShape) -> &'static str {
    match shape {
        ErrorShape::Integer => "integer",
        ErrorShape::String => "string",
        ErrorShape::Both => "both",
    }
}

fn error_string(out: &mut Out, e: &ErrorString) {
    let ErrorString { value, name, description, errata: string_errata } = e;
    out.item(1, "value", &scalar(&value.value));
    if let Some(name) = name {
        out.scalar(2, "name", &name.value);
    }
    out.text(2, "description", description.as_deref());
    errata(out, 2, string_errata);
}

fn callback(out: &mut Out, c: &Callback) {
    let Callback {
        name,
        description,
        transport,
        payload,
        encoding,
        query,
        signature,
        encryption,
        issued_at,
        sign_in_link,
        errata: callback_errata,
    } = c;
    out.item(1, "name", &scalar(&name.value));
    out.text(2, "description", description.as_deref());
    let transport = match transport.value {
        CallbackTransport::PostJson => "post-json",
        CallbackTransport::GetQuery => "get-query",
    };
    out.scalar(2, "transport", transport);
    out.scalar(2, "payload", &payload.value);
    if let Some(encoding) = encoding {
        let encoding = match encoding.value {
            PayloadEncoding::Json => "json",
            PayloadEncoding::QueryString => "query-string",
        };
        out.scalar(2, "encoding", encoding);
    }
    if let Some(query) = query {
        let QueryParameters { payload, status, success } = &query.value;
        out.line(2, "query:");
        out.scalar(3, "payload", &payload.value);
        if let Some(status) = status {
            out.scalar(3, "status", &status.value);
        }
        if let Some(success) = success {
            out.scalar(3, "success", &success.value);
        }
    }
    if let Some(signature) = signature {
        self::signature(out, signature);
    }
    if let Some(encryption) = encryption {
        let Encryption { algorithm, encoding } = &encryption.value;
        out.line(2, "encryption:");
        let algorithm = match algorithm.value {
            CipherAlgorithm::RsaPkcs1V15 => "rsa-pkcs1-v1.5",
        };
        out.scalar(3, "algorithm", algorithm);
        let encoding = match encoding.value {
            CiphertextEncoding::Base64 => "base64",
        };
        out.scalar(3, "encoding", encoding);
    }
    if let Some(issued_at) = issued_at {
        out.scalar(2, "issued_at", &issued_at.value);
    }
    if let Some(SignInLink { template, scopes, required }) = sign_in_link {
        out.line(2, "sign_in_link:");
        out.text(3, "template", Some(&template.value));
        out.line(3, &format!("scopes: {}", flow(scopes.iter().map(String::as_str))));
        if !required.is_empty() {
            out.line(3, &format!("required: {}", flow(required.iter().map(String::as_str))));
        }
    }
    errata(out, 2, callback_errata);
}

fn signature(out: &mut Out, s: &Signature) {
    let Signature {
        algorithm,
        key,
        signature_header,
        encoding,
        timestamp_header,
        message,
        freshness_seconds,
    } = s;
    out.line(2, "signature:");
    let algorithm = match algorithm.value {
        MacAlgorithm::HmacSha256 => "hmac-sha256",
    };
    out.scalar(3, "algorithm", algorithm);
    let key = match key.value {
        MacKey::Token => "token",
        MacKey::Sha256OfToken => "sha256-of-token",
    };
    out.scalar(3, "key", key);
    out.scalar(3, "signature_header", &signature_header.value);
    let encoding = match encoding.value {
        SignatureEncoding::Hex => "hex",
    };
    out.scalar(3, "encoding", encoding);
    if let Some(header) = timestamp_header {
        out.scalar(3, "timestamp_header", &header.value);
    }
    out.line(3, &format!("message: {}", quote(&message.value)));
    if let Some(seconds) = freshness_seconds {
        out.line(3, &format!("freshness_seconds: {}", seconds.value));
    }
}

/// A value with no source position, for specs built in code rather than read.
pub fn unplaced<T>(value: T) -> Spanned<T> {
    Spanned::new(value, serde_saphyr::Location::UNKNOWN, serde_saphyr::Location::UNKNOWN)
}

/// Lines of YAML, indented by two spaces a level.
#[derive(Default)]
struct Out {
    text: String,
}

impl Out {
    fn line(&mut self, level: usize, content: &str) {
        let _ = writeln!(self.text, "{:width$}{content}", "", width = level * 2);
    }

    fn blank(&mut self) {
        self.text.push('\n');
    }

    /// `key: value`, the value plain when it can be.
    fn scalar(&mut self, level: usize, key: &str, value: &str) {
        self.line(level, &format!("{key}: {}", scalar(value)));
    }

    /// `key: "value"` when there is a value and it is not empty.
    fn text(&mut self, level: usize, key: &str, value: Option<&str>) {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            self.line(level, &format!("{key}: {}", quote(value)));
        }
    }

    /// `key: true` when `value` is; the format's default is false.
    fn flag(&mut self, level: usize, key: &str, value: bool) {
        if value {
            self.line(level, &format!("{key}: true"));
        }
    }

    /// The first key of a list item: `- key: value`.
    fn item(&mut self, level: usize, key: &str, value: &str) {
        self.line(level, &format!("- {key}: {value}"));
    }
}

/// A top-level list, written only when it has items.
fn list<T>(out: &mut Out, key: &str, items: &[T], write: fn(&mut Out, &T)) {
    if items.is_empty() {
        return;
    }
    out.blank();
    out.line(0, &format!("{key}:"));
    for item in items {
        write(out, item);
    }
}

fn platform(out: &mut Out, p: &Platform) {
    let Platform {
        name,
        title,
        description,
        version,
        released,
        base_url,
        url_template,
        file_url_template,
        case_sensitive_methods,
        encodings,
        default_verb,
        webhook_secret_header,
        test_url_template,
        file_method,
        markup,
        entity,
        rate_limits,
        throttle,
    } = p;
    out.line(0, "platform:");
    out.scalar(1, "name", &name.value);
    out.scalar(1, "title", title);
    out.text(1, "description", description.as_deref());
    out.text(1, "version", version.as_deref());
    out.text(1, "released", released.as_deref());
    out.text(1, "base_url", Some(&base_url.value));
    out.text(1, "url_template", Some(&url_template.value));
    out.text(1, "file_url_template", file_url_template.as_ref().map(|t| t.value.as_str()));
    out.line(1, &format!("case_sensitive_methods: {case_sensitive_methods}"));
    if !encodings.is_empty() {
        let names: Vec<&str> = encodings.iter().map(|e| encoding(e.value)).collect();
        out.line(1, &format!("encodings: {}", flow(names)));
    }
    if let Some(default_verb) = default_verb {
        out.line(1, &format!("default_verb: {}", verb(*default_verb)));
    }
    out.text(1, "webhook_secret_header", webhook_secret_header.as_deref());
    out.text(1, "test_url_template", test_url_template.as_ref().map(|t| t.value.as_str()));
    if let Some(FileMethod { method, path_field }) = file_method {
        out.line(
            1,
            &format!(
                "file_method: {{method: {}, path_field: {}}}",
                scalar(&method.value),
                scalar(&path_field.value)
            ),
        );
    }
    if let Some(markup) = markup {
        let word = match markup.value {
            Markup::MarkdownV2 => "markdown-v2",
            Markup::Html => "html",
            Markup::Markdown => "markdown",
            Markup::MarkdownWithoutEscapes => "markdown-without-escapes",
        };
        out.scalar(1, "markup", word);
    }
    if let Some(entity) = entity {
        out.scalar(1, "entity", &entity.value);
    }
    if let Some(RateLimits { private_chat, group_chat, overall, source }) = rate_limits {
        out.line(1, "rate_limits:");
        for (key, rate) in [("private_chat", private_chat), ("group_chat", group_chat), ("overall", overall)]
        {
            let [count, seconds] = rate.value;
            out.line(2, &format!("{key}: [{count}, {seconds}]"));
        }
        out.text(2, "source", source.as_deref());
    }
    if let Some(Throttle { sends, chat, kind, counts }) = throttle {
        out.line(1, "throttle:");
        out.line(2, &format!("sends: {}", flow(sends.iter().map(|s| s.value.as_str()))));
        out.scalar(2, "chat", &chat.value);
        if let Some(ChatKind { parameter, private }) = kind {
            let values: Vec<String> = private.iter().map(|v| v.value.to_string()).collect();
            out.line(
                2,
                &format!(
                    "kind: {{parameter: {}, private: [{}]}}",
                    scalar(&parameter.value),
                    values.join(", ")
                ),
            );
        }
        if !counts.is_empty() {
            out.line(2, "counts:");
            for Count { method, list } in counts {
                out.line(
                    3,
                    &format!("- {{method: {}, list: {}}}", scalar(&method.value), scalar(&list.value)),
                );
            }
        }
    }
}

fn encoding(encoding: Encoding) -> &'static str {
    match encoding {
        Encoding::Query => "query",
        Encoding::Form => "form",
        Encoding::Json => "json",
        Encoding::Multipart => "multipart",
    }
}

fn verb(verb: Verb) -> &'static str {
    match verb {
        Verb::Get => "GET",
        Verb::Post => "POST",
    }
}

fn section(out: &mut Out, s: &Section) {
    let Section { name, description } = s;
    out.item(1, "name", &quote(name));
    out.text(2, "description", Some(description));
}

fn method(out: &mut Out, m: &Method) {
    let Method {
        name,
        doc_name,
        group,
        description,
        verb: method_verb,
        path,
        params,
        returns,
        returns_description,
        notes,
        links: method_links,
        errata: method_errata,
        examples,
    } = m;
    out.item(1, "name", &scalar(&name.value));
    if let Some(doc_name) = doc_name {
        out.scalar(2, "doc_name", doc_name);
    }
    out.text(2, "group", group.as_deref());
    out.text(2, "description", description.as_deref());
    if let Some(method_verb) = method_verb {
        out.line(2, &format!("verb: {}", verb(*method_verb)));
    }
    if let Some(path) = path {
        out.line(2, &format!("path: {}", quote(&path.value)));
    }
    fields(out, 2, "params", params);
    if let Some(returns) = returns {
        out.scalar(2, "returns", &returns.value);
    }
    out.text(2, "returns_description", returns_description.as_deref());
    if !notes.is_empty() {
        out.line(2, "notes:");
        for note in notes {
            out.line(3, &format!("- {}", quote(note)));
        }
    }
    links(out, 2, method_links);
    errata(out, 2, method_errata);
    if !examples.is_empty() {
        out.line(2, "examples:");
        for example in examples {
            method_example(out, 3, example);
        }
    }
}

fn method_example(out: &mut Out, level: usize, example: &MethodExample) {
    let MethodExample { request, response, ignored_fields } = example;
    let mut keys: Vec<String> = Vec::new();
    if let Some(request) = request {
        keys.push(format!("request: {}", quote(&request.value)));
    }
    if let Some(response) = response {
        keys.push(format!("response: {}", quote(&response.value)));
    }
    if !ignored_fields.is_empty() {
        keys.push(format!("ignored_fields: {}", flow(ignored_fields.iter().map(|f| f.value.as_str()))));
    }
    if keys.is_empty() {
        out.line(level, "- {}");
    }
    for (at, key) in keys.iter().enumerate() {
        match at {
            0 => out.line(level, &format!("- {key}")),
            _ => out.line(level + 1, key),
        }
    }
}

fn object(out: &mut Out, o: &Object) {
    let Object {
        name,
        description,
        fields: object_fields,
        exclusive,
        hot,
        links: object_links,
        errata: object_errata,
        examples,
    } = o;
    out.item(1, "name", &scalar(&name.value));
    out.text(2, "description", description.as_deref());
    fields(out, 2, "fields", object_fields);
    if !exclusive.is_empty() {
        out.line(2, &format!("exclusive: {}", flow(exclusive.iter().map(|f| f.value.as_str()))));
    }
    if let Some(hot) = hot {
        out.line(2, &format!("hot: {}", flow(hot.iter().map(|f| f.value.as_str()))));
    }
    links(out, 2, object_links);
    errata(out, 2, object_errata);
    if !examples.is_empty() {
        out.line(2, "examples:");
        for example in examples {
            out.line(3, &format!("- {}", quote(&example.value)));
        }
    }
}

fn union(out: &mut Out, u: &Union) {
    let Union { name, description, tag, variants, reads_as, links: union_links, errata: union_errata } = u;
    out.item(1, "name", &scalar(&name.value));
    out.text(2, "description", description.as_deref());
    if let Some(tag) = tag {
        out.scalar(2, "tag", &tag.value);
    }
    out.line(2, &format!("variants: {}", flow(variants.iter().map(|v| v.value.as_str()))));
    if let Some(target) = reads_as {
        out.scalar(2, "reads_as", &target.value);
    }
    links(out, 2, union_links);
    errata(out, 2, union_errata);
}

fn enumeration(out: &mut Out, e: &Enum) {
    let Enum { name, kind, description, values, links: enum_links, errata: enum_errata } = e;
    out.item(1, "name", &scalar(&name.value));
    let kind = match kind.value {
        EnumKind::Integer => "integer",
        EnumKind::String => "string",
    };
    out.line(2, &format!("kind: {kind}"));
    out.text(2, "description", description.as_deref());
    out.line(2, "values:");
    for value in values {
        enum_value(out, 3, value);
    }
    links(out, 2, enum_links);
    errata(out, 2, enum_errata);
}

fn enum_value(out: &mut Out, level: usize, v: &EnumValue) {
    let EnumValue { value, also, name, description, errata: value_errata } = v;
    out.item(level, "value", &constant(&value.value));
    if !also.is_empty() {
        let forms: Vec<String> = also.iter().map(|form| constant(&form.value)).collect();
        out.line(level + 1, &format!("also: [{}]", forms.join(", ")));
    }
    if let Some(name) = name {
        out.scalar(level + 1, "name", &name.value);
    }
    out.text(level + 1, "description", description.as_deref());
    errata(out, level + 1, value_errata);
}

fn error_code(out: &mut Out, c: &ErrorCode) {
    let ErrorCode { code, name, description, rate_limit, errata: code_errata } = c;
    out.item(1, "code", &code.value.to_string());
    out.scalar(2, "name", &name.value);
    out.text(2, "description", description.as_deref());
    out.flag(2, "rate_limit", *rate_limit);
    errata(out, 2, code_errata);
}

fn fields(out: &mut Out, level: usize, key: &str, fields: &[Field]) {
    if fields.is_empty() {
        return;
    }
    out.line(level, &format!("{key}:"));
    for field in fields {
        self::field(out, level + 1, field);
    }
}

fn field(out: &mut Out, level: usize, f: &Field) {
    let Field {
        name,
        doc_name,
        ty,
        required,
        description,
        constraints,
        doc_type,
        rust_name,
        boxed,
        constant: value,
        errata: field_errata,
    } = f;
    out.item(level, "name", &scalar(&name.value));
    let inner = level + 1;
    if let Some(doc_name) = doc_name {
        out.scalar(inner, "doc_name", doc_name);
    }
    out.scalar(inner, "type", &ty.value);
    if let Some(doc_type) = doc_type {
        out.scalar(inner, "doc_type", doc_type);
    }
    out.flag(inner, "required", *required);
    if let Some(value) = value {
        out.line(inner, &format!("const: {}", constant(&value.value)));
    }
    if let Some(rust_name) = rust_name {
        out.scalar(inner, "rust_name", &rust_name.value);
    }
    out.flag(inner, "boxed", *boxed);
    out.text(inner, "description", description.as_deref());
    out.text(inner, "constraints", constraints.as_ref().map(|c| c.value.as_str()));
    errata(out, inner, field_errata);
}

fn links(out: &mut Out, level: usize, links: &Links) {
    if links.is_empty() {
        return;
    }
    out.line(level, "links:");
    for (platform, name) in links {
        out.line(level + 1, &format!("{}: {}", scalar(platform), scalar(&name.value)));
    }
}

fn errata(out: &mut Out, level: usize, errata: &[Erratum]) {
    if !errata.is_empty() {
        out.line(level, "errata:");
        errata_items(out, level + 1, errata);
    }
}

fn errata_items(out: &mut Out, level: usize, errata: &[Erratum]) {
    for Erratum { says, uses, why } in errata {
        out.item(level, "says", &quote(says));
        out.line(level + 1, &format!("uses: {}", quote(uses)));
        out.line(level + 1, &format!("why: {}", quote(why)));
    }
}

/// An integer plain, a string quoted.
fn constant(value: &ConstValue) -> String {
    match value {
        ConstValue::Integer(value) => value.to_string(),
        ConstValue::String(value) => quote(value),
    }
}

/// `[a, b, "c d"]`.
fn flow<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    format!("[{}]", items.into_iter().map(scalar).collect::<Vec<_>>().join(", "))
}

/// Plain when `text` is an identifier YAML reads as a string, quoted otherwise.
fn scalar(text: &str) -> String {
    let mut chars = text.chars();
    let identifier = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    let reserved = ["true", "false", "yes", "no", "on", "off", "null", "y", "n"];
    if identifier && !reserved.contains(&text.to_ascii_lowercase().as_str()) {
        text.to_owned()
    } else {
        quote(text)
    }
}

/// A YAML double-quoted scalar: `"` and `\` escaped, line breaks and tabs as `\n` and
/// `\t`, and every character YAML does not allow printed as a `\u` escape.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if is_printable(c) => out.push(c),
            c => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
        }
    }
    out.push('"');
    out
}

/// YAML's printable characters (`c-printable`), without the byte-order mark.
fn is_printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7E}' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
        && c != '\u{FEFF}'
}

#[cfg(test)]
mod tests {
    use super::{quote, scalar, write};

    #[test]
    fn quotes_what_is_not_plain() {
        assert_eq!(scalar("Message"), "Message");
        assert_eq!(scalar("True"), "\"True\"");
        assert_eq!(scalar("Array of Update"), "\"Array of Update\"");
        assert_eq!(quote("a \"b\" \\ c\nd\u{7}"), "\"a \\\"b\\\" \\\\ c\\nd\\u0007\"");
        assert_eq!(quote("“x” ❤‍🔥"), "\"“x” ❤‍🔥\"");
    }

    /// The written text of each committed spec reads back as the same model: written
    /// again, it is the same text (and for the imported spec, the committed file).
    #[test]
    fn committed_specs_read_back_as_written() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        for name in ["telegram", "potato", "cloudchat", "telegram-gateway"] {
            let path = dir.join(format!("{name}.yaml"));
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let spec = crate::spec::load::parse(&path.display().to_string(), &text)
                .unwrap_or_else(|e| panic!("{e}"));
            let written = write(&spec);
            let again =
                crate::spec::load::parse("written", &written).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(write(&again), written, "{name}: the written spec reads back differently");
            if name == "telegram" {
                let body = text.split_once('\n').map_or("", |(_, body)| body);
                assert!(body == written, "spec/telegram.yaml is not the writer's text of itself");
            }
        }
    }
}
