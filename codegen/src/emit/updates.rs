//! `ReceiveUpdates`: what the runtime's long polling and webhook need to know about a
//! platform's update feed, read from its spec.
//!
//! A platform has a feed when it has a `getUpdates` method returning `Array of X`, where
//! `X` is an object with a required `update_id: Integer`. Its optional parameters
//! `offset`, `limit`, `timeout` and `allowed_updates` are used where present.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_type::{ident, rust_type, Module};
use crate::ir::{Api, Method, TypeDef, TypeExpr};

/// The `impl ReceiveUpdates` of the platform, when it has an update feed.
pub fn receive_updates(api: &Api) -> Option<TokenStream> {
    let method = api.method("getUpdates")?;
    let Some(TypeExpr::Array(element)) = &method.returns else { return None };
    let TypeExpr::Named(update) = element.as_ref() else { return None };
    let Some(TypeDef::Object(object)) = api.type_def(update) else { return None };
    let has_id =
        object.fields.iter().any(|f| f.name == "update_id" && f.required && f.ty == TypeExpr::Integer);
    if !has_id || method.params.iter().any(|p| p.required) {
        return None;
    }
    let marker = ident(&super::marker_name(api));
    let update = ident(update);
    let request = ident(&method.type_name);
    let param = |name: &str| method.params.iter().find(|p| p.name == name);
    let kind = match param("allowed_updates").map(|p| &p.ty) {
        // The platform module re-exports its types and enums: bare names resolve there.
        Some(TypeExpr::Array(element)) => match element.as_ref() {
            TypeExpr::Named(name) => {
                let name = ident(name);
                quote!(#name)
            }
            other => rust_type(api, other, Module::Types),
        },
        _ => quote!(::std::convert::Infallible),
    };
    let assignments = query_assignments(method);
    let (query, body) = if assignments.is_empty() {
        (quote!(_), quote!(methods::#request::new()))
    } else {
        (
            quote!(query),
            quote! {
                let mut request = methods::#request::new();
                #(#assignments)*
                request
            },
        )
    };
    let confirms = param("offset").is_some();
    let long_poll = param("timeout").is_some();
    let header = match &api.platform.webhook_secret_header {
        Some(header) => {
            let header = header.to_ascii_lowercase();
            quote!(::std::option::Option::Some(#header))
        }
        None => quote!(::std::option::Option::None),
    };
    let doc =
        format!(" `{}` is the update feed: long polling and webhooks are written against it.", method.name);
    Some(quote! {
        #[doc = #doc]
        impl ::tgfamily::ReceiveUpdates for #marker {
            type Update = types::#update;
            type UpdateKind = #kind;
            type GetUpdates = methods::#request;
            const CONFIRMS_BY_OFFSET: bool = #confirms;
            const LONG_POLL: bool = #long_poll;
            const WEBHOOK_SECRET_HEADER: ::std::option::Option<&'static str> = #header;

            fn get_updates(#query: &::tgfamily::UpdatesQuery<'_, Self::UpdateKind>) -> Self::GetUpdates {
                #body
            }

            fn update_id(update: &Self::Update) -> i64 {
                update.update_id
            }
        }
    })
}

/// The response type of the feed's `getUpdates` (for the method struct in `from`): every
/// update of the batch, decoded or kept raw (`Updates<Update>`), so one update that
/// does not decode does not fail the others. `None` for every other method, and on a
/// platform without a feed.
pub fn feed_response(api: &Api, method: &Method, from: Module) -> Option<TokenStream> {
    if method.name != "getUpdates" || receive_updates(api).is_none() {
        return None;
    }
    let Some(TypeExpr::Array(element)) = &method.returns else { return None };
    let update = rust_type(api, element, from);
    Some(quote!(::tgfamily::Updates<#update>))
}

/// The statements copying a query into the `getUpdates` parameters the method has.
fn query_assignments(method: &Method) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for param in method.params.iter().filter(|p| !p.required) {
        let field = ident(&param.rust_name);
        let value = match (param.name.as_str(), &param.ty) {
            ("offset", TypeExpr::Integer) => quote!(query.offset),
            ("limit", TypeExpr::Integer) => quote!(query.limit.map(i64::from)),
            ("timeout", TypeExpr::Integer) => {
                quote!(query.timeout.map(|timeout| i64::try_from(timeout.as_secs()).unwrap_or(i64::MAX)))
            }
            ("allowed_updates", TypeExpr::Array(_)) => quote!(query.allowed_updates.map(<[_]>::to_vec)),
            _ => continue,
        };
        out.push(quote!(request.#field = #value;));
    }
    out
}
