//! The platforms' interface choices side by side (where the token goes, how errors are
//! shaped, updates, callbacks), and what an API without updates shares with the Bot APIs.

use std::fmt::Write;

use super::header;
use crate::ir::{Api, ErrorShape, TokenPlace};

/// How one row reads a platform.
type Row = fn(&Api) -> String;

/// The section: one row per choice for every platform, then a line per API that is not a
/// Bot API (no updates) saying which of its method and type names a Bot API also has.
pub fn render(all: &[&Api], bot_apis: &[&Api]) -> String {
    let mut out = String::from(
        "## Interface\n\nWhere the token goes, how a failed call names its error, and what the platform sends the bot.\n\n",
    );
    out.push_str(&header("aspect", all));
    let rows: [(&str, Row); 4] =
        [("token", token), ("errors", errors), ("updates", updates), ("callbacks", callbacks)];
    for (name, row) in rows {
        let cells: Vec<String> = all.iter().map(|api| row(api)).collect();
        let _ = writeln!(out, "| {name} | {} |", cells.join(" | "));
    }
    for api in all.iter().filter(|api| !api.has_updates) {
        let shared_methods: Vec<&str> = api
            .methods
            .iter()
            .map(|m| m.name.as_str())
            .filter(|name| bot_apis.iter().any(|other| other.method(name).is_some()))
            .collect();
        let shared_types: Vec<&str> = api
            .types
            .iter()
            .map(|t| t.name())
            .filter(|name| bot_apis.iter().any(|other| other.type_def(name).is_some()))
            .collect();
        let list = |names: &[&str]| {
            if names.is_empty() {
                "none".to_owned()
            } else {
                names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            }
        };
        let _ = writeln!(
            out,
            "\n`{}` is not a Bot API and is left out of the tables below: of its {} methods and {} types, the Bot APIs share the methods {} and the types {}; it shares the envelope (`ok`, `result`) and the transport.",
            api.platform.name,
            api.methods.len(),
            api.types.len(),
            list(&shared_methods),
            list(&shared_types)
        );
    }
    out
}

fn token(api: &Api) -> String {
    match (api.auth.token, &api.auth.parameter) {
        (TokenPlace::Url, _) => "in the URL".to_owned(),
        (TokenPlace::Bearer, Some(name)) => format!("`Authorization: Bearer` (or `{name}`)"),
        (TokenPlace::Bearer, None) => "`Authorization: Bearer`".to_owned(),
        (TokenPlace::Parameter, name) => format!("parameter `{}`", name.as_deref().unwrap_or_default()),
    }
}

fn errors(api: &Api) -> String {
    let strings = api.error_strings.len();
    match api.error_shape {
        ErrorShape::Integer => "`error_code` + `description`".to_owned(),
        ErrorShape::String => format!("`error` string ({strings} listed)"),
        ErrorShape::Both => format!("`error_code` + `error` string ({strings} listed)"),
    }
}

fn updates(api: &Api) -> String {
    if api.has_updates {
        "`getUpdates`".to_owned()
    } else {
        "none".to_owned()
    }
}

fn callbacks(api: &Api) -> String {
    if api.callbacks.is_empty() {
        return "—".to_owned();
    }
    let names: Vec<String> = api
        .callbacks
        .iter()
        .map(|c| {
            let protection = match (&c.signature, &c.encryption) {
                (Some(_), _) => ", signed",
                (None, Some(_)) => ", encrypted",
                (None, None) => "",
            };
            format!("`{}` (`{}`{protection})", c.name, c.payload)
        })
        .collect();
    names.join(", ")
}
