//! The generated crate's root: `lib.rs` (the front page, the runtime re-exported, one
//! module per platform behind its feature, the family) and its `Cargo.toml` (one feature
//! per platform), so that a new spec file is the whole change.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, CallbackTransport};

use super::rust_type::ident;
use super::{format_file, GeneratedFile};

/// Where the generated crate lives, relative to the workspace root.
const CRATE: &str = "generated";

/// The cargo features of the runtime that the generated crate passes on, with what each
/// brings. Each platform adds its own feature (and `<platform>-passport` for an
/// RSA-encrypted callback).
const RUNTIME_FEATURES: &[(&str, &str, &str)] = &[
    ("rustls", "tgfamily-runtime/rustls", "HTTPS with rustls and the webpki roots (default)"),
    ("native-tls", "tgfamily-runtime/native-tls", "HTTPS with the system's TLS library instead"),
    ("webhook", "tgfamily-runtime/webhook", "the webhook and callback receivers (a small HTTP/1.1 server)"),
    ("axum", "tgfamily-runtime/axum", "the receivers as axum `Router`s, to mount in an axum server"),
    (
        "signed-data",
        "tgfamily-runtime/signed-data",
        "checking Mini App initData, the Login Widget and signed callbacks",
    ),
    ("tracing", "tgfamily-runtime/tracing", "retries, backoffs and refused updates as `tracing` events"),
];

/// A platform's features: its own, and the passport's when it has an encrypted callback.
fn platform_features(api: &Api) -> Vec<(String, Vec<String>, String)> {
    let name = &api.platform.name;
    let mut features = vec![(name.clone(), Vec::new(), format!("the {} module", title(api)))];
    let encrypted =
        api.callbacks.iter().any(|c| c.transport == CallbackTransport::GetQuery && c.encryption.is_some());
    if encrypted {
        features.push((
            format!("{name}-passport"),
            vec![name.clone(), "tgfamily-runtime/passport".to_owned()],
            format!("the {} passport sign-in (RSA decryption of its callback)", api.platform.title),
        ));
    }
    features
}

/// "the Potato Bot API", "the Telegram Gateway API".
fn title(api: &Api) -> String {
    let title = &api.platform.title;
    if title.ends_with(" API") {
        title.clone()
    } else {
        format!("{title} Bot API")
    }
}

/// `generated/src/lib.rs`.
pub fn lib_file(apis: &[&Api]) -> Result<GeneratedFile, String> {
    let mut features_doc = String::from("\n | feature | what it adds |\n | --- | --- |\n");
    for api in apis {
        for (feature, _, what) in platform_features(api) {
            features_doc.push_str(&format!(" | `{feature}` | {what} |\n"));
        }
    }
    for (feature, _, what) in RUNTIME_FEATURES {
        features_doc.push_str(&format!(" | `{feature}` | {what} |\n"));
    }
    features_doc.push_str(
        " | `deserialize-requests` | method structs also implement `Deserialize` (test servers) |\n",
    );
    let front = FRONT_PAGE.replace("{features}", &features_doc);
    let front: Vec<String> =
        front.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") }).collect();
    let modules = apis.iter().map(|api| module(api));
    let all_platforms = apis.iter().map(|api| {
        let name = &api.platform.name;
        quote!(feature = #name)
    });
    let tokens = quote! {
        #(#![doc = #front])*
        #![cfg_attr(docsrs, feature(doc_cfg))]

        // The generated code names the runtime's items as `::tgfamily::…`.
        extern crate self as tgfamily;

        #[doc(inline)]
        pub use tgfamily_runtime::*;

        #(#modules)*

        /// What the Bot APIs share, as traits each platform's types implement.
        #[path = "family.rs"]
        #[rustfmt::skip]
        pub mod family;

        /// The README's code, compiled as a doctest so it cannot rot.
        #[cfg(all(doctest, #(#all_platforms),*))]
        #[rustfmt::skip]
        #[doc = include_str!("../README.md")]
        pub struct ReadmeQuickstart;
    };
    Ok(GeneratedFile { path: format!("{CRATE}/src/lib.rs"), contents: format_file(tokens, "spec/*.yaml")? })
}

/// One platform's module behind its feature.
fn module(api: &Api) -> TokenStream {
    let name = &api.platform.name;
    let module = ident(name);
    let path = format!("{name}/mod.rs");
    let doc = format!(" The {} (cargo feature `{name}`).", title(api));
    quote! {
        #[doc = #doc]
        #[cfg(feature = #name)]
        #[cfg_attr(docsrs, doc(cfg(feature = #name)))]
        #[path = #path]
        #[rustfmt::skip]
        pub mod #module;
    }
}

/// `generated/Cargo.toml`.
pub fn manifest_file(apis: &[&Api]) -> GeneratedFile {
    let mut features = String::new();
    let mut docs_rs = Vec::new();
    for api in apis {
        for (feature, enables, what) in platform_features(api) {
            let enables: Vec<String> = enables.iter().map(|e| format!("\"{e}\"")).collect();
            features.push_str(&format!("# {what}\n{feature} = [{}]\n", enables.join(", ")));
            docs_rs.push(feature);
        }
    }
    for (feature, enables, what) in RUNTIME_FEATURES {
        features.push_str(&format!("# {what}\n{feature} = [\"{enables}\"]\n"));
        if *feature != "rustls" && *feature != "native-tls" {
            docs_rs.push((*feature).to_owned());
        }
    }
    docs_rs.push("deserialize-requests".to_owned());
    let keywords: Vec<String> = std::iter::once("telegram".to_owned())
        .chain(apis.iter().map(|a| a.platform.name.clone()))
        .filter(|k| k != "gateway")
        .take(5)
        .map(|k| format!("\"{k}\""))
        .collect();
    let titles: Vec<&str> = apis.iter().map(|a| a.platform.title.as_str()).collect();
    let docs_rs: Vec<String> = docs_rs.iter().map(|f| format!("\"{f}\"")).collect();
    let contents = MANIFEST
        .replace("{titles}", &titles.join(", "))
        .replace("{keywords}", &keywords.join(", "))
        .replace("{features}", &features)
        .replace("{docs_rs}", &docs_rs.join(", "));
    GeneratedFile { path: format!("{CRATE}/Cargo.toml"), contents }
}

/// The crate's front page; `{features}` is the table of cargo features.
const FRONT_PAGE: &str = r#"Typed clients for Telegram-family Bot APIs, generated from the YAML specs in `spec/`.

Enable one cargo feature per platform; each adds a module with the platform's types,
enums, error codes, method structs and a `Bot` whose methods send them:

```no_run
# #[cfg(feature = "telegram")]
# async fn demo() -> Result<(), tgfamily::telegram::Error> {
use tgfamily::telegram::Bot;

let bot = Bot::new("123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11");
let me = bot.get_me().await?;
let sent = bot.send_message(-1001234567890_i64, "hello").await?;
println!("@{:?} sent message {}", me.username, sent.message_id);
# Ok(())
# }
```

# Features
{features}
# Where things are

- Calling methods: each platform's `Bot`, over a [`Client`] (the transport, with its
  [`RetryPolicy`], timeouts and body limit); errors are [`Error`].
- Staying under the rate limits: [`Client::throttled`] with [`throttle::Limits`]
  (`tgfamily::telegram::RATE_LIMITS`).
- Receiving updates: [`polling`] (a `Stream` with an inherent `next()`), or `webhook`
  (feature `webhook`); each update arrives as an [`Incoming`].
- Text with entities and markup: [`format`](mod@format).
- Files: [`InputFile`] to upload, [`files`] to download.
- Code for every platform at once: [`family`].
- Signed and encrypted data: `signed`, `callback` (feature `signed-data`), `passport`.
- Testing a bot: the `tgfamily-fake-server` crate, a Bot API server on 127.0.0.1 that
  serves any platform from its generated description.
"#;

/// `generated/Cargo.toml`, with `{titles}`, `{keywords}`, `{features}` and `{docs_rs}`.
const MANIFEST: &str = r#"# @generated by `cargo xtask codegen` from spec/*.yaml; do not edit.
[package]
name = "tgfamily"
description = "Typed clients for Telegram-family Bot APIs ({titles}), generated from YAML specs."
version.workspace = true
edition.workspace = true
license.workspace = true
rust-version.workspace = true
repository.workspace = true
documentation = "https://docs.rs/tgfamily"
readme = "README.md"
keywords = [{keywords}]
categories = ["api-bindings", "web-programming::http-client", "asynchronous"]

[features]
default = ["rustls"]
{features}# Method structs also implement `Deserialize` (to read requests back: webhook replies,
# test servers). Off by default: it costs about a third of the crate's compile time.
deserialize-requests = []

[dependencies]
# The runtime, pinned to one exact version: tgfamily re-exports it as its own API.
tgfamily-runtime.workspace = true
serde.workspace = true
serde_json.workspace = true

[dev-dependencies]
# The README's code, compiled as doctests: a bot and its test against the fake server.
tokio = { workspace = true, features = ["rt-multi-thread", "macros"] }
fake-server.workspace = true

[lints]
workspace = true

[package.metadata.docs.rs]
# Every platform module and optional part, with the `doc_cfg` badges naming their feature.
features = [{docs_rs}]
rustdoc-args = ["--cfg", "docsrs"]
"#;
