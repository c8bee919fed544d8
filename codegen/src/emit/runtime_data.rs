//! What a platform hands the runtime beyond its URLs, as generated code: the test
//! environment, downloads, its markup, entities made from formatted text, its rate
//! limits, the throttle's reading of the methods that send messages, and the webhook
//! helper of a platform whose `setWebhook` takes a secret.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, ChatForm, Method, Target, UserArgument};
use crate::spec::Markup;

use super::rust_type::ident;

/// The items of the platform module (`mod.rs`) that hand the runtime its data.
pub(super) fn platform_items(api: &Api, marker: &proc_macro2::Ident) -> TokenStream {
    let data = &api.platform.runtime;
    let test_environment = data.test_url_template.as_ref().map(|template| {
        quote! {
            impl ::tgfamily::TestEnvironment for #marker {
                const TEST_URL_TEMPLATE: &'static str = #template;
            }
        }
    });
    let downloads = data.file_method.as_ref().map(|file| {
        let request = ident(&file.type_name);
        let answer = ident(&file.answer);
        let field = ident(&file.path_field);
        let path = if file.path_required {
            quote!(::std::option::Option::Some(file.#field.as_str()))
        } else {
            quote!(file.#field.as_deref())
        };
        quote! {
            impl ::tgfamily::Downloads for #marker {
                type File = types::#answer;
                type FileRequest = methods::#request;
                fn file_request(file_id: &str) -> methods::#request {
                    methods::#request::new(file_id)
                }
                fn file_path(file: &types::#answer) -> ::std::option::Option<&str> {
                    #path
                }
            }
        }
    });
    let markup = data.markup.map(|markup| {
        let variant = match markup {
            Markup::MarkdownV2 => quote!(MarkdownV2),
            Markup::Html => quote!(Html),
            Markup::Markdown => quote!(Markdown),
            Markup::MarkdownWithoutEscapes => quote!(MarkdownWithoutEscapes),
        };
        quote! {
            /// The markup this platform parses text in: `formatted.render(MARKUP)`.
            pub const MARKUP: ::tgfamily::format::Markup = ::tgfamily::format::Markup::#variant;
        }
    });
    let rate_limits = data.rate_limits.as_ref().map(|limits| {
        let rate = |(count, seconds): (u32, u32)| {
            let seconds = u64::from(seconds);
            quote!(::tgfamily::throttle::Rate::new(#count, ::std::time::Duration::from_secs(#seconds)))
        };
        let (private, group, overall) = (rate(limits.private_chat), rate(limits.group_chat), rate(limits.overall));
        let source = limits.source.as_deref().map(|s| format!(" From {s}.")).unwrap_or_default();
        let doc = format!(
            " The platform's rate limits: {} a private chat in {} s, {} a group in {} s, {} overall in {} s; no margin.{source}",
            limits.private_chat.0, limits.private_chat.1, limits.group_chat.0, limits.group_chat.1, limits.overall.0, limits.overall.1
        );
        quote! {
            #[doc = #doc]
            pub const RATE_LIMITS: ::tgfamily::throttle::Limits = ::tgfamily::throttle::Limits::new(#private, #group, #overall);
        }
    });
    let entity = data.entity.as_ref().map(|entity| {
        let object = ident(&entity.object);
        let set = |field: &Option<String>, value: TokenStream| {
            field.as_ref().map(|field| {
                let field = ident(field);
                quote!(entity.#field = #value;)
            })
        };
        let url = set(&entity.url, quote!(span.style.url().map(::std::borrow::ToOwned::to_owned)));
        let language = set(&entity.language, quote!(span.style.language().map(::std::borrow::ToOwned::to_owned)));
        let user = entity.user.as_ref().map(|user| {
            let field = ident(&user.field);
            let object = ident(&user.object);
            let arguments = user.arguments.iter().map(|argument| match argument {
                UserArgument::Id => quote!(id),
                UserArgument::Default(ty) => {
                    let ty = super::rust_type::rust_type(api, ty, super::rust_type::Module::Types);
                    quote!(<#ty as ::std::default::Default>::default())
                }
            });
            let made = quote!(types::#object::new(#(#arguments),*));
            // Boxing is decided after resolution: read it from the object as emitted.
            let boxed = match api.type_def(&entity.object) {
                Some(crate::ir::TypeDef::Object(o)) => o.fields.iter().any(|f| f.rust_name == user.field && f.boxed),
                _ => false,
            };
            let made = if boxed { quote!(::std::boxed::Box::new(#made)) } else { made };
            quote!(entity.#field = span.style.user_id().map(|id| #made);)
        });
        let doc = format!(" A formatted text's entity as a `{}` (for `entities` and `caption_entities`).", entity.object);
        quote! {
            #[doc = #doc]
            impl ::std::convert::From<&::tgfamily::format::Span> for types::#object {
                fn from(span: &::tgfamily::format::Span) -> types::#object {
                    #[allow(unused_mut)]
                    let mut entity = types::#object::new(span.style.name().into(), span.offset_i64(), span.length_i64());
                    #url
                    #language
                    #user
                    entity
                }
            }
        }
    });
    let fresh_secret = fresh_secret(api, marker);
    quote! {
        #test_environment
        #downloads
        #markup
        #rate_limits
        #entity
        #fresh_secret
    }
}

/// `Bot::set_webhook_with_fresh_secret`, for a platform that sends a webhook secret
/// header and whose `setWebhook` takes `url`, `secret_token` and `allowed_updates`.
fn fresh_secret(api: &Api, marker: &proc_macro2::Ident) -> Option<TokenStream> {
    api.platform.webhook_secret_header.as_ref()?;
    let method = api.methods.iter().find(|m| m.name == "setWebhook")?;
    let param = |name: &str| method.params.iter().find(|p| p.name == name);
    let (_, secret, allowed) =
        (param("url").filter(|p| p.required)?, param("secret_token")?, param("allowed_updates")?);
    let crate::spec::typeexpr::TypeExpr::Array(item) = &allowed.ty else { return None };
    // The module root re-exports every type and enum by name.
    let item = match item.as_ref() {
        crate::spec::typeexpr::TypeExpr::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        other => super::rust_type::rust_type(api, other, super::rust_type::Module::Types),
    };
    let set = ident(&method.fn_name);
    let secret = ident(&secret.rust_name);
    let allowed = ident(&allowed.rust_name);
    let wire = &method.name;
    Some(quote! {
        #[cfg(feature = "webhook")]
        impl Bot {
            /// Makes a random secret path (`/hook/<32 hex digits>`) and secret token (64 hex
            /// digits), calls `setWebhook` with `public_base_url` + that path, the token and
            /// `allowed_updates`, and returns the webhook receiver expecting them (bind it,
            /// or mount it with `into_router`). `public_base_url` is where the platform
            /// reaches the receiver (`https://example.com`), without a trailing `/`.
            ///
            /// # Errors
            /// The error of `setWebhook`; an `Error::Encode` when the operating system gave
            /// no randomness.
            pub async fn set_webhook_with_fresh_secret(
                &self,
                public_base_url: &str,
                allowed_updates: impl ::std::iter::IntoIterator<Item = #item>,
            ) -> ::std::result::Result<::tgfamily::webhook::Webhook<#marker>, Error> {
                let secret = ::tgfamily::webhook::FreshSecret::new(#wire)?;
                self.#set(secret.url(public_base_url))
                    .#secret(secret.token().to_owned())
                    .#allowed(allowed_updates.into_iter().collect())
                    .await?;
                ::std::result::Result::Ok(secret.webhook())
            }
        }
    })
}

/// `fn target` of a method's `Request` impl: the chat it sends messages to and how many,
/// from its typed parameters, for a method the spec's `throttle` names.
pub(super) fn target_fn(api: &Api, method: &Method) -> Option<TokenStream> {
    let target = api.platform.runtime.throttle.as_ref()?.targets.iter().find(|t| t.method == method.name)?;
    let Target { chat, chat_required, chat_form, kind, count, .. } = target;
    let chat = ident(chat);
    // `value` is a place of the chat's type (`self.chat_id`) or, with `by_ref`, a
    // reference to one.
    let key = |value: TokenStream, by_ref: bool| match chat_form {
        ChatForm::Integer if by_ref => quote!(::tgfamily::throttle::ChatKey::Id(*#value)),
        ChatForm::Integer => quote!(::tgfamily::throttle::ChatKey::Id(#value)),
        ChatForm::String => quote!(::tgfamily::throttle::ChatKey::Name(#value.clone())),
        ChatForm::Union { name, integer, string } => {
            let (union, integer, string) = (ident(name), ident(integer), ident(string));
            let value = if by_ref { value } else { quote!(&#value) };
            quote!(match #value {
                super::types::#union::#integer(id) => ::tgfamily::throttle::ChatKey::Id(*id),
                super::types::#union::#string(name) => ::tgfamily::throttle::ChatKey::Name(name.clone()),
            })
        }
    };
    let chat_key = if *chat_required {
        let key = key(quote!(self.#chat), false);
        quote!(let chat = #key;)
    } else {
        let key = key(quote!(value), true);
        quote!(let chat = match &self.#chat { ::std::option::Option::Some(value) => #key, ::std::option::Option::None => return ::std::option::Option::None };)
    };
    let by_sign = quote!(chat.is_group_by_sign());
    let group = match kind {
        Some(kind) => {
            let parameter = ident(&kind.parameter);
            let kind_enum = ident(&kind.enum_name);
            let private = kind.private.iter().map(|variant| {
                let variant = ident(variant);
                quote!(super::enums::#kind_enum::#variant)
            });
            if kind.required {
                quote!(!matches!(self.#parameter, #(#private)|*))
            } else {
                quote!(match &self.#parameter {
                    ::std::option::Option::Some(kind) => !matches!(kind, #(#private)|*),
                    ::std::option::Option::None => #by_sign,
                })
            }
        }
        None => by_sign,
    };
    let messages = match count {
        Some((list, true)) => {
            let list = ident(list);
            quote!(self.#list.len())
        }
        Some((list, false)) => {
            let list = ident(list);
            quote!(self.#list.as_ref().map_or(1, ::std::vec::Vec::len))
        }
        None => quote!(1),
    };
    Some(quote! {
        fn target(&self) -> ::std::option::Option<::tgfamily::throttle::Target> {
            #chat_key
            let group = #group;
            ::std::option::Option::Some(::tgfamily::throttle::Target::new(chat, group, #messages))
        }
    })
}
