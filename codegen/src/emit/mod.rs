//! Emitting Rust: IR in, formatted source files out.
//!
//! Each platform becomes a module directory `generated/src/<platform>/` with `mod.rs`,
//! `types.rs`, `enums.rs`, `errors.rs`, `methods.rs` and `bot.rs`; `platforms.rs` lists the
//! modules behind their cargo features; `family.rs` ([`family`]) has the traits the Bot
//! APIs share, from all specs together; `tests/tests/examples_<platform>.rs` turns the
//! document's examples into tests.

mod accessors;
mod bot;
mod builders;
mod checks;
pub mod crate_root;
mod docs;
mod enums;
mod examples;
pub mod family;
mod methods;
mod objects;
mod profile;
mod runtime_data;
mod rust_type;
mod sent;
mod types;
mod updates;

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;
use docs::Doc;
use rust_type::ident;

/// One generated file: where it goes (relative to the workspace root) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the workspace root, `/`-separated.
    pub path: String,
    /// The formatted contents, header included.
    pub contents: String,
}

/// The name of a platform's marker type (`Potato`).
pub fn marker_name(api: &Api) -> String {
    api.platform.name.to_upper_camel_case()
}

/// The files of one platform's module, generated from `spec_file` (named in the header).
/// `root` is where the module directory goes (`generated/src`).
pub fn platform_files(api: &Api, spec_file: &str, root: &str) -> Result<Vec<GeneratedFile>, String> {
    let dir = format!("{root}/{}", api.platform.name);
    let parts = [
        ("mod.rs", module_file(api)),
        ("types.rs", types::types_file(api)),
        ("enums.rs", enums::enums_file(api)),
        ("errors.rs", enums::errors_file(api)),
        ("methods.rs", methods::methods_file(api)),
        ("bot.rs", bot::bot_file(api)),
    ];
    parts
        .into_iter()
        .map(|(name, tokens)| {
            Ok(GeneratedFile { path: format!("{dir}/{name}"), contents: format_file(tokens, spec_file)? })
        })
        .collect()
}

/// Whether the spec has any example to test.
pub fn has_examples(api: &Api) -> bool {
    api.methods.iter().any(|m| !m.examples.is_empty())
        || api.types.iter().any(|t| matches!(t, crate::ir::TypeDef::Object(o) if !o.examples.is_empty()))
}

/// The test file checking the document's examples against the generated types.
pub fn examples_file(api: &Api, spec_file: &str, path: &str) -> Result<GeneratedFile, String> {
    Ok(GeneratedFile {
        path: path.to_owned(),
        contents: format_file(examples::examples_tests(api), spec_file)?,
    })
}

fn module_file(api: &Api) -> TokenStream {
    let platform = &api.platform;
    // A title that names its API (`Telegram Gateway API`) is not a Bot API.
    let title = if platform.title.ends_with(" API") {
        format!("The {}.", platform.title)
    } else {
        format!("The {} Bot API.", platform.title)
    };
    let mut doc = Doc::new(Some(&title));
    if let Some(description) = &platform.description {
        // The description may open with the title itself.
        doc.paragraph(description.trim_start().strip_prefix(&title).unwrap_or(description));
    }
    doc.paragraph(&format!(
        "Default base URL: {} (change it with `Client::with_base_url`).",
        platform.base_url
    ));
    doc.paragraph(&format!("Request URL: `{}`.", platform.url_template));
    if let Some(words) = interface_words(api) {
        doc.paragraph(&words);
    }
    doc.list(
        "**Contents:**",
        &[
            "[`Bot`]: one function per method, grouped by the document's sections; awaiting a call sends it."
                .to_owned(),
            "[`types`]: the objects and unions the methods take and return.".to_owned(),
            "[`methods`]: one struct per method, to build a request and send it later with `Bot::execute`."
                .to_owned(),
            "[`enums`]: the document's closed sets of values.".to_owned(),
            "[`errors`]: the platform's error codes ([`ErrorCode`]) and the [`Error`] of a call.".to_owned(),
        ],
    );
    doc.paragraph("Everything in the submodules is also re-exported here.");
    doc.errata(&api.errata);
    let doc = doc.inner_tokens();
    let marker = ident(&marker_name(api));
    let marker_doc = format!(" The {} platform: URLs and error codes for the transport.", platform.title);
    let receive_updates = updates::receive_updates(api);
    let name = &platform.name;
    let base_url = &platform.base_url;
    let url_template = &platform.url_template;
    let auth = auth_const(&api.auth);
    let callbacks = api.callbacks.iter().map(|callback| callback_items(api, callback));
    let runtime_data = runtime_data::platform_items(api, &marker);
    let profile = profile::profile(api);
    let file_url = match &platform.file_url_template {
        Some(template) => quote!(::std::option::Option::Some(#template)),
        None => quote!(::std::option::Option::None),
    };
    quote! {
        #doc
        mod bot;
        pub mod enums;
        pub mod errors;
        pub mod methods;
        pub mod types;

        pub use bot::{Bot, Call};
        #[doc(no_inline)]
        pub use enums::*;
        #[doc(no_inline)]
        pub use errors::{ErrorCode, ErrorKind};
        #[doc(no_inline)]
        pub use methods::*;
        #[doc(no_inline)]
        pub use types::*;

        #[doc = #marker_doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct #marker;

        impl ::tgfamily::Platform for #marker {
            const NAME: &'static str = #name;
            const BASE_URL: &'static str = #base_url;
            const URL_TEMPLATE: &'static str = #url_template;
            const FILE_URL_TEMPLATE: ::std::option::Option<&'static str> = #file_url;
            type ErrorCode = ErrorCode;
            #auth
        }

        /// The error of a call on this platform.
        pub type Error = ::tgfamily::Error<ErrorCode>;

        #receive_updates
        #profile
        #runtime_data
        #(#callbacks)*
    }
}

/// A callback's payload type alias and, when it is signed, its `tgfamily::callback::Scheme`
/// (under feature `signed-data`).
fn callback_items(api: &Api, callback: &crate::ir::Callback) -> TokenStream {
    use heck::ToShoutySnakeCase;
    let mut doc = Doc::new(callback.description.as_deref());
    doc.paragraph(&format!("The payload is a `{}`.", callback.payload));
    doc.errata(&callback.errata);
    let doc = doc.tokens();
    let alias = ident(&callback.name);
    let payload = ident(&callback.payload);
    if let Some(query) = &callback.query {
        return query_callback_items(api, callback, query, doc);
    }
    let Some(signature) = &callback.signature else {
        return quote!(#doc pub type #alias = #payload;);
    };
    let constant = ident(&callback.name.to_shouty_snake_case());
    let scheme_doc = format!(
        " How a [`{}`] is signed: HMAC-SHA-256 in `{}`; check one with `tgfamily::callback::Verifier`.",
        callback.name, signature.signature_header
    );
    let name = &callback.name;
    let signature_header = &signature.signature_header;
    let timestamp_header = match &signature.timestamp_header {
        Some(header) => quote!(::std::option::Option::Some(#header)),
        None => quote!(::std::option::Option::None),
    };
    let message = &signature.message;
    let key = match signature.key {
        crate::ir::MacKey::Token => quote!(::tgfamily::callback::KeyFrom::Token),
        crate::ir::MacKey::Sha256OfToken => quote!(::tgfamily::callback::KeyFrom::Sha256OfToken),
    };
    let freshness = match signature.freshness_seconds {
        Some(seconds) => quote!(::std::option::Option::Some(#seconds)),
        None => quote!(::std::option::Option::None),
    };
    quote! {
        #doc
        pub type #alias = #payload;
        #[doc = #scheme_doc]
        #[cfg(feature = "signed-data")]
        pub const #constant: ::tgfamily::callback::Scheme = ::tgfamily::callback::Scheme {
            name: #name,
            signature_header: #signature_header,
            timestamp_header: #timestamp_header,
            message: #message,
            key: #key,
            freshness_seconds: #freshness,
        };
    }
}

/// A `get-query` callback's payload type alias and its `tgfamily::query_callback::QueryScheme`.
fn query_callback_items(
    api: &Api,
    callback: &crate::ir::Callback,
    query: &crate::ir::QueryParameters,
    doc: TokenStream,
) -> TokenStream {
    use crate::ir::{CipherAlgorithm, CiphertextEncoding, PayloadEncoding};
    use heck::ToShoutySnakeCase;
    let alias = ident(&callback.name);
    let payload = ident(&callback.payload);
    let constant = ident(&callback.name.to_shouty_snake_case());
    let protection = if callback.encryption.is_some() { ", encrypted" } else { "" };
    let scheme_doc = format!(
        " How a [`{}`] arrives: a GET of the callback URL, the payload in its `{}` parameter{protection}.",
        callback.name, query.payload
    );
    let name = &callback.name;
    let parameter = &query.payload;
    let status = match &query.status {
        Some((parameter, success)) => quote!(::std::option::Option::Some(::tgfamily::query_callback::Status {
            parameter: #parameter,
            success: #success,
        })),
        None => quote!(::std::option::Option::None),
    };
    let encoding = match callback.encoding {
        PayloadEncoding::Json => quote!(::tgfamily::query_callback::Encoding::Json),
        PayloadEncoding::QueryString => quote!(::tgfamily::query_callback::Encoding::QueryString),
    };
    let extras = query_callback_extras(api, callback, &constant, &payload);
    let encryption = match callback.encryption.map(|e| (e.algorithm, e.encoding)) {
        Some((CipherAlgorithm::RsaPkcs1V15, CiphertextEncoding::Base64)) => {
            quote!(::std::option::Option::Some(::tgfamily::query_callback::Encryption::RsaPkcs1V15Base64))
        }
        None => quote!(::std::option::Option::None),
    };
    quote! {
        #doc
        pub type #alias = #payload;
        #[doc = #scheme_doc]
        pub const #constant: ::tgfamily::query_callback::QueryScheme = ::tgfamily::query_callback::QueryScheme {
            name: #name,
            payload_parameter: #parameter,
            status: #status,
            encoding: #encoding,
            encryption: #encryption,
        };
        #extras
    }
}

/// A `get-query` callback's record: read from a query string, its age, and the sign-in
/// link that starts the flow (with the passport feature, for an encrypted one).
fn query_callback_extras(
    api: &Api,
    callback: &crate::ir::Callback,
    constant: &proc_macro2::Ident,
    payload: &proc_macro2::Ident,
) -> TokenStream {
    use heck::ToShoutySnakeCase;
    let from_query = (callback.encoding == crate::ir::PayloadEncoding::QueryString).then(|| {
            let doc = format!(
                " Decodes a decrypted record, a query string, as [`{constant}`] says (the rules are `tgfamily::form`'s). Fields the document does not list are kept; a field given twice is an error."
            );
            quote! {
                #[doc = #doc]
                ///
                /// # Errors
                /// The record is not a query string of this type.
                pub fn from_query(query: &str) -> ::std::result::Result<Self, ::tgfamily::query_callback::Rejected> {
                    #constant.decode_payload(query)
                }
            }
        });
    let issued = callback.issued_at.as_ref().map(|field| {
        let field = ident(field);
        (
            quote! {
                impl ::tgfamily::query_callback::Issued for #payload {
                    fn issued_at(&self) -> i64 {
                        self.#field
                    }
                }
            },
            quote! {
                /// `true` if the record was made more than `max_age` before `now`. Pass
                /// `SystemTime::now()` in real code; a time in the future (clock skew)
                /// counts as not older, one before 1970 (negative) as older.
                pub fn is_older_than(&self, max_age: ::std::time::Duration, now: ::std::time::SystemTime) -> bool {
                    ::tgfamily::query_callback::is_older_than(self.#field, max_age, now)
                }
            },
        )
    });
    let (issued_impl, issued_fn) = issued.unzip();
    let link = callback.sign_in_link.as_ref().map(|(template, scopes, required)| {
        let name =
            ident(&format!("{}_SIGN_IN", callback.name.trim_end_matches("Callback").to_shouty_snake_case()));
        let feature = format!("{}-passport", api.platform.name);
        let doc = format!(" The link that asks a user to sign in, starting the [`{}`] flow.", callback.name);
        quote! {
            #[doc = #doc]
            #[cfg(feature = #feature)]
            pub const #name: ::tgfamily::passport::SignInLink = ::tgfamily::passport::SignInLink {
                template: #template,
                scopes: &[#(#scopes),*],
                required: &[#(#required),*],
            };
        }
    });
    let methods = (from_query.is_some() || issued_fn.is_some())
        .then(|| quote!(impl #payload { #from_query #issued_fn }));
    quote!(#methods #issued_impl #link)
}

/// `Platform::AUTH`, for a platform whose token does not travel in the URL (the default).
fn auth_const(auth: &crate::ir::Auth) -> TokenStream {
    use crate::ir::TokenPlace;
    match (auth.token, &auth.parameter) {
        (TokenPlace::Url, _) => quote!(),
        (TokenPlace::Bearer, _) => quote!(
            const AUTH: ::tgfamily::Auth = ::tgfamily::Auth::Bearer;
        ),
        (TokenPlace::Parameter, name) => {
            let name = name.as_deref().unwrap_or_default();
            quote!(const AUTH: ::tgfamily::Auth = ::tgfamily::Auth::Parameter(#name);)
        }
    }
}

/// What the module doc says about a platform that differs from the Bot APIs' shape
/// (token in the URL, integer error codes, updates); `None` for one that does not.
fn interface_words(api: &Api) -> Option<String> {
    use crate::ir::{ErrorShape, TokenPlace};
    let mut words = Vec::new();
    match (api.auth.token, &api.auth.parameter) {
        (TokenPlace::Url, _) => {}
        (TokenPlace::Bearer, Some(name)) => words.push(format!(
            "The token travels in an `Authorization: Bearer` header (the platform also takes it as the `{name}` parameter), never in the URL."
        )),
        (TokenPlace::Bearer, None) => {
            words.push("The token travels in an `Authorization: Bearer` header, never in the URL.".to_owned())
        }
        (TokenPlace::Parameter, name) => words.push(format!(
            "The token travels as the `{}` parameter.",
            name.as_deref().unwrap_or_default()
        )),
    }
    match api.error_shape {
        ErrorShape::Integer => {}
        ErrorShape::String => words.push(
            "A failed call names its error with a string (`error`), read as an [`ErrorKind`]; there is no integer code, so `ErrorCode` holds the HTTP status.".to_owned(),
        ),
        ErrorShape::Both => words.push(
            "A failed call names its error with an integer code and a string (`error`), read as an [`ErrorKind`].".to_owned(),
        ),
    }
    if !api.has_updates {
        words.push("The platform has no updates to receive.".to_owned());
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// Parses the tokens as a Rust file (so invalid output fails here), formats it with
/// prettyplease and puts the header on top.
pub fn format_file(tokens: TokenStream, spec_file: &str) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("generated code for {spec_file} does not parse: {e}"))?;
    Ok(format!(
        "// @generated by `cargo xtask codegen` from {spec_file}; do not edit.\n{}",
        prettyplease::unparse(&file)
    ))
}
