//! A platform's `PROFILE`: the platform as a server shows it (`tgfamily::Profile`), for a
//! stand-in server to play it in a bot's tests. Samples are built from the spec's types:
//! every required field filled with the simplest value of its type, and the parts a
//! server varies (ids, text, date) found by name.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{json, Map, Value};

use crate::ir::{Api, ConstValue, Method, TypeDef};
use crate::spec::typeexpr::TypeExpr;

/// How deep a sample goes into required objects before it stops (no spec needs more;
/// it bounds a recursive required field).
const MAX_SAMPLE_DEPTH: usize = 6;

/// `pub const PROFILE`, for a platform with an update feed.
pub(super) fn profile(api: &Api) -> Option<TokenStream> {
    let get_updates = api.method("getUpdates")?;
    let Some(TypeExpr::Array(element)) = &get_updates.returns else { return None };
    let TypeExpr::Named(update) = element.as_ref() else { return None };
    let platform = &api.platform;
    let name = &platform.name;
    let url_template = &platform.url_template;
    let option = |value: Option<&str>| match value {
        Some(value) => quote!(::std::option::Option::Some(#value)),
        None => quote!(::std::option::Option::None),
    };
    let test_url = option(platform.runtime.test_url_template.as_deref());
    let file_url = option(platform.file_url_template.as_deref());
    let confirms = get_updates.params.iter().any(|p| p.name == "offset");
    let long_poll = get_updates.params.iter().any(|p| p.name == "timeout");
    let header = option(platform.webhook_secret_header.as_deref());
    let send = family_method(api, "sendMessage");
    let edit = family_method(api, "editMessageText").map(|m| {
        let name = &m.name;
        let answers_message = matches!(&m.returns, Some(TypeExpr::Named(_)));
        quote!(::std::option::Option::Some((#name, #answers_message)))
    });
    let edit = edit.unwrap_or(quote!(::std::option::Option::None));
    let send_text = option(send.map(|m| m.name.as_str()));
    let bad_token = error_answer(
        api,
        |c| matches!(c.rust_name.as_str(), "InvalidToken" | "Unauthorized"),
        (401, 401, "Unauthorized"),
    );
    let rate_limited = error_answer(api, |c| c.rate_limit, (429, 429, "Too Many Requests"));
    let last_rate_limit = api.error_codes.iter().rev().find(|c| c.rate_limit).map(|c| c.code);
    let rate_limited_sends =
        error_answer(api, |c| Some(c.code) == last_rate_limit, (429, 429, "Too Many Requests"));
    let sends = send_rule(api);
    let me = family_method(api, "getMe")
        .and_then(|m| match &m.returns {
            Some(TypeExpr::Named(user)) => Some(sample_tokens(api, user, &["username", "first_name"])),
            _ => None,
        })
        .unwrap_or_else(|| sample_tokens(api, "", &[]));
    let update = sample_tokens(api, update, &["message", "text", "from"]);
    let sent = send
        .and_then(|m| match &m.returns {
            Some(TypeExpr::Named(message)) => Some(sample_tokens(api, message, &["text"])),
            _ => None,
        })
        .unwrap_or_else(|| sample_tokens(api, "", &[]));
    let doc = format!(
        " The {} platform as a server shows it, for a stand-in server (`tgfamily-fake-server`).",
        platform.title
    );
    Some(quote! {
        #[doc = #doc]
        pub const PROFILE: ::tgfamily::Profile = {
            let mut profile = ::tgfamily::profile::Profile::EMPTY;
            profile.name = #name;
            profile.url_template = #url_template;
            profile.test_url_template = #test_url;
            profile.file_url_template = #file_url;
            profile.confirms_by_offset = #confirms;
            profile.long_poll = #long_poll;
            profile.webhook_secret_header = #header;
            profile.send_text = #send_text;
            profile.edit_text = #edit;
            profile.bad_token = #bad_token;
            profile.rate_limited = #rate_limited;
            profile.rate_limited_sends = #rate_limited_sends;
            profile.sends = #sends;
            profile.me = #me;
            profile.text_update = #update;
            profile.sent_message = #sent;
            profile
        };
    })
}

/// The platform's method that is the family's `name` (Telegram's method, or the one whose
/// link to Telegram names it).
fn family_method<'a>(api: &'a Api, name: &str) -> Option<&'a Method> {
    api.methods
        .iter()
        .find(|m| m.name == name)
        .or_else(|| api.methods.iter().find(|m| m.links.values().any(|linked| linked == name)))
}

/// The spec's error code `pick` finds, else `default`; a code that is no HTTP status is
/// sent with status 200 (as such platforms answer).
fn error_answer(
    api: &Api,
    pick: impl Fn(&crate::ir::ErrorCode) -> bool,
    default: (u16, i64, &str),
) -> TokenStream {
    let (status, code, description) = match api.error_codes.iter().find(|c| pick(c)) {
        Some(found) => {
            let status = u16::try_from(found.code).ok().filter(|s| (400..600).contains(s)).unwrap_or(200);
            (status, found.code, found.description.clone().unwrap_or_default())
        }
        None => (default.0, default.1, default.2.to_owned()),
    };
    quote!(::tgfamily::profile::ErrorAnswer { status: #status, code: #code, description: #description })
}

/// The spec's `throttle` section as data.
fn send_rule(api: &Api) -> TokenStream {
    let Some(throttle) = &api.platform.runtime.throttle else { return quote!(::std::option::Option::None) };
    let sends = &throttle.sends;
    let chat = &throttle.chat;
    let kind = match &throttle.kind {
        Some((parameter, private)) => quote!(::std::option::Option::Some((#parameter, &[#(#private),*]))),
        None => quote!(::std::option::Option::None),
    };
    let counts = throttle.counts.iter().map(|(method, list)| quote!((#method, #list)));
    quote!(::std::option::Option::Some(::tgfamily::profile::SendRule {
        sends: &[#(#sends),*],
        chat: #chat,
        kind: #kind,
        counts: &[#(#counts),*],
    }))
}

/// A `tgfamily::profile::Sample` of the object `name`, with the optional fields `extra`
/// (`message`, `text`, `from`) added where the object or its message has them.
fn sample_tokens(api: &Api, name: &str, extra: &[&str]) -> TokenStream {
    let value = if name.is_empty() { json!({}) } else { sample(api, name, extra, 0) };
    let json = value.to_string();
    let find = |path: &[&str]| -> TokenStream {
        let mut at = &value;
        for key in path {
            match at.get(key) {
                Some(inner) => at = inner,
                None => return quote!(::std::option::Option::None),
            }
        }
        let pointer = format!("/{}", path.join("/"));
        quote!(::std::option::Option::Some(#pointer))
    };
    let id = if value.get("update_id").is_some() {
        find(&["update_id"])
    } else if value.get("message_id").is_some() {
        find(&["message_id"])
    } else {
        find(&["id"])
    };
    let inner: &[&str] = if value.get("message").is_some() { &["message"] } else { &[] };
    let at = |tail: &[&'static str]| -> Vec<&'static str> { inner.iter().chain(tail).copied().collect() };
    let message_id =
        if inner.is_empty() { quote!(::std::option::Option::None) } else { find(&at(&["message_id"])) };
    let chat_id = find(&at(&["chat", "id"]));
    let from_id = find(&at(&["from", "id"]));
    let text = find(&at(&["text"]));
    let date = find(&at(&["date"]));
    quote!(::tgfamily::profile::Sample {
        json: #json,
        id: #id,
        message_id: #message_id,
        chat_id: #chat_id,
        from_id: #from_id,
        text: #text,
        date: #date,
    })
}

/// The simplest JSON value of type `ty`.
fn value_of(api: &Api, ty: &TypeExpr, depth: usize) -> Value {
    match ty {
        TypeExpr::Integer => json!(0),
        TypeExpr::Float => json!(0.0),
        TypeExpr::String | TypeExpr::InputFile => json!(""),
        TypeExpr::Boolean => json!(false),
        TypeExpr::True => json!(true),
        TypeExpr::Json => Value::Null,
        TypeExpr::Array(_) => json!([]),
        TypeExpr::OneOf(choices) => choices.first().map_or(Value::Null, |c| value_of(api, c, depth)),
        TypeExpr::Named(name) => sample(api, name, &[], depth),
    }
}

/// A sample of the type `name`: an object's required fields (and those of `extra` it
/// has), an enum's first value, a union's first variant.
fn sample(api: &Api, name: &str, extra: &[&str], depth: usize) -> Value {
    if depth > MAX_SAMPLE_DEPTH {
        return Value::Null;
    }
    match api.type_def(name) {
        Some(TypeDef::Object(object)) => {
            let mut map = Map::new();
            for field in &object.fields {
                let value = match &field.constant {
                    Some(ConstValue::Integer(v)) => json!(v),
                    Some(ConstValue::String(v)) => json!(v),
                    None if field.required || extra.contains(&field.name.as_str()) => {
                        let inner_extra: &[&str] = if field.name == "message" { extra } else { &[] };
                        match &field.ty {
                            TypeExpr::Named(inner) => sample(api, inner, inner_extra, depth + 1),
                            other => value_of(api, other, depth + 1),
                        }
                    }
                    None => continue,
                };
                map.insert(field.name.clone(), value);
            }
            Value::Object(map)
        }
        Some(TypeDef::Enum(e)) => match e.values.first().map(|v| &v.value) {
            Some(ConstValue::Integer(v)) => json!(v),
            Some(ConstValue::String(v)) => json!(v),
            None => Value::Null,
        },
        Some(TypeDef::Union(u)) => {
            u.variants.first().map_or(Value::Null, |v| value_of(api, &v.ty, depth + 1))
        }
        None => Value::Null,
    }
}
