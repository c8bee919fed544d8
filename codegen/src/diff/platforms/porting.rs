//! The differences that bite when porting a bot: URLs, how chats are named, which methods
//! are GET, and the error model, each read from the specs.

use std::fmt::Write;

use super::{cell, header};
use crate::diff::exprs::Inline;
use crate::diff::methods::verb;
use crate::diff::render::code;
use crate::diff::settings::method_case;
use crate::ir::{Api, TypeDef, Verb};

/// One row of the porting table: its label and how to read a platform's cell.
type Aspect = (&'static str, fn(&Api) -> String);

const ASPECTS: [Aspect; 12] = [
    ("base URL", |api| code(&api.platform.base_url)),
    ("request URL", |api| code(&api.platform.url_template)),
    ("file URL", |api| api.platform.file_url_template.as_deref().map_or_else(|| "—".to_owned(), code)),
    ("encodings", |api| api.platform.encodings.join(", ")),
    ("method names", |api| method_case(&api.platform).to_owned()),
    ("GET methods", get_methods),
    ("`chat_id` parameter", |api| parameter(api, "chat_id")),
    ("`chat_type` parameter", |api| parameter(api, "chat_type")),
    ("`Chat.id` field", |api| chat_field(api, "id")),
    ("`Chat.type` field", |api| chat_field(api, "type")),
    ("error codes", error_codes),
    ("rate-limit codes", rate_limit_codes),
];

/// The porting table: a row per aspect, a column per platform.
pub(super) fn render(apis: &[&Api]) -> String {
    let mut out = String::from(
        "## Porting\n\nWhat differs in how a bot talks to each platform. Parameter rows count the \
         methods taking a parameter of that name, by type; a type is the spec's, with inline \
         choices spelled out.\n\n",
    );
    out.push_str(&header("aspect", apis));
    for (label, read) in ASPECTS {
        let cells: Vec<String> = apis.iter().map(|api| cell(&read(api))).collect();
        let _ = writeln!(out, "| {label} | {} |", cells.join(" | "));
    }
    out
}

/// `4: getUpdates, delWebhook, …`, or `none`.
fn get_methods(api: &Api) -> String {
    let names: Vec<String> =
        api.methods.iter().filter(|m| m.verb == Verb::Get).map(|m| code(&m.name)).collect();
    if names.is_empty() {
        format!("none (every method is {})", verb(Verb::Post))
    } else {
        format!("{}: {}", names.len(), names.join(", "))
    }
}

/// The types of the parameters named `name`, with how many methods take each:
/// `` `Integer or String`, required: 80 methods ``.
fn parameter(api: &Api, name: &str) -> String {
    let inline = Inline::of(api);
    let mut uses: Vec<(String, usize)> = Vec::new();
    for param in api.methods.iter().flat_map(|m| &m.params).filter(|p| p.name == name) {
        let required = if param.required { "required" } else { "optional" };
        let key = format!("{}, {required}", code(&inline.expand(&param.ty).to_string()));
        match uses.iter_mut().find(|(k, _)| *k == key) {
            Some((_, count)) => *count += 1,
            None => uses.push((key, 1)),
        }
    }
    if uses.is_empty() {
        return "—".to_owned();
    }
    uses.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    uses.iter().map(|(key, n)| format!("{key}: {n} method{}", plural(*n))).collect::<Vec<_>>().join("<br>")
}

/// The type of the field `name` of the object `Chat`.
fn chat_field(api: &Api, name: &str) -> String {
    let field = match api.type_def("Chat") {
        Some(TypeDef::Object(chat)) => chat.fields.iter().find(|f| f.name == name),
        _ => None,
    };
    field.map_or_else(|| "—".to_owned(), |f| code(&Inline::of(api).expand(&f.ty).to_string()))
}

/// `32, from 1001 to 3016`, or `none listed`.
fn error_codes(api: &Api) -> String {
    let codes = api.error_codes.iter().map(|c| c.code);
    match (codes.clone().min(), codes.max()) {
        (Some(low), Some(high)) if low == high => format!("1: {low}"),
        (Some(low), Some(high)) => format!("{}, from {low} to {high}", api.error_codes.len()),
        _ => "none listed".to_owned(),
    }
}

/// The codes marked as rate limits: `` 1007 `RateLimited` ``.
fn rate_limit_codes(api: &Api) -> String {
    let codes: Vec<String> = api
        .error_codes
        .iter()
        .filter(|c| c.rate_limit)
        .map(|c| format!("{} {}", c.code, code(&c.rust_name)))
        .collect();
    if codes.is_empty() {
        "—".to_owned()
    } else {
        codes.join(", ")
    }
}
