//! `family.rs`: what the Bot APIs share, as traits every platform's types implement.
//!
//! - Read traits for what an update carries (`Update`, its `Message`, the message's
//!   `Chat`): the scalar fields every platform's object stores with one type, and the
//!   accessors the generator gives every `Update` (`kind_name()`, `message()`).
//! - `Bot`: the platform, its received types and its error; updates arrive through the
//!   runtime's `ReceiveUpdates` (long polling or webhook).
//! - One trait per method of the catalogue ([`plan::CATALOGUE`]), implemented by each
//!   platform whose method lines up with it through the specs' `links` (or by name) and
//!   whose parameters the family can fill: from the function's arguments (their types
//!   turned into the platform's, [`forms`]), or from the received subject (`chat_id` from
//!   the chat's `id`); a platform that cannot is left out, and the trait's doc says why.
//! - Family objects for what the arguments reach (an inline keyboard and its buttons):
//!   the fields every platform's object shares, with `From` into each platform's.
//!
//! Each platform's implementations are behind its cargo feature.

mod forms;
mod methods;
mod plan;

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::quote;

use super::docs::Doc;
use super::rust_type::ident;
use super::{format_file, GeneratedFile};
use crate::ir::{Api, Field, Object, Storage};
use forms::{build, platform_path};
pub use forms::{Form, REFERENCE};
pub use plan::{
    Entry, Family, FamilyField, FamilyObject, Member, Output, Param, Reads, Scalar, Trait, CATALOGUE,
};

/// Where the family module goes.
pub const PATH: &str = "generated/src/family.rs";

/// The family module of `apis` (the platforms with an update feed among them).
pub fn family_file(apis: &[&Api]) -> Result<GeneratedFile, String> {
    let family = Family::of(apis);
    Ok(GeneratedFile { path: PATH.to_owned(), contents: format_file(family_tokens(&family), "spec/*.yaml")? })
}

/// The family module's tokens.
pub fn family_tokens(family: &Family<'_>) -> TokenStream {
    let reads = read_traits(family);
    let bot = bot_trait(family);
    let objects = family.objects.iter().map(object_struct);
    let traits = family.traits.iter().map(|t| method_trait(family, t));
    let impls = family.apis.iter().map(|api| platform_impls(family, api));
    let names: Vec<String> = family.apis.iter().map(|api| format!("`{}`", api.platform.name)).collect();
    let doc = format!(
        " The family: what the Bot APIs ({}) share, as traits each platform's types implement.",
        names.join(", ")
    );
    quote! {
        #![doc = #doc]
        //!
        //! Code written against these traits runs on every platform that implements them:
        //! an echo bot bounded by `SendText + EditText` runs on all three. The traits are
        //! generated from the specs: a method is the family's where the specs' `links` (or
        //! equal names) line the platforms' methods up, and a platform implements it when
        //! the family can fill its parameters; each trait's documentation lists which
        //! platforms do, and why the others do not. Each platform's implementations are
        //! behind its cargo feature.
        use ::std::future::Future;

        #reads
        #bot
        #(#objects)*
        #(#traits)*
        #(#impls)*
    }
}

/// The Rust type a scalar accessor returns.
fn scalar_type(scalar: &Scalar) -> TokenStream {
    let inner = match scalar.form {
        Form::String => quote!(&str),
        ref form => form.rust(),
    };
    if scalar.optional {
        quote!(::std::option::Option<#inner>)
    } else {
        inner
    }
}

/// The trait functions of the scalars.
fn scalar_fns(scalars: &[Scalar], object: &str) -> Vec<TokenStream> {
    scalars
        .iter()
        .map(|scalar| {
            let name = ident(&scalar.rust_name);
            let ty = scalar_type(scalar);
            let doc = if scalar.optional {
                format!(" `{}`, which every platform's `{object}` has (`None` when absent).", scalar.name)
            } else {
                format!(" `{}`, which every platform's `{object}` has.", scalar.name)
            };
            quote!(#[doc = #doc] fn #name(&self) -> #ty;)
        })
        .collect()
}

/// The read traits `Update`, `Message` and `Chat`.
fn read_traits(family: &Family<'_>) -> TokenStream {
    let [update, message, chat] = &family.reads.names;
    let [update_scalars, message_scalars, chat_scalars] = &family.reads.scalars;
    let (update_ident, message_ident, chat_ident) = (ident(update), ident(message), ident(chat));
    let update_fns = scalar_fns(update_scalars, update);
    let message_fns = scalar_fns(message_scalars, message);
    let chat_fns = scalar_fns(chat_scalars, chat);
    let chat_result = if family.reads.chat_required {
        quote!(&Self::Chat)
    } else {
        quote!(::std::option::Option<&Self::Chat>)
    };
    let update_doc = format!(" A received `{update}`, as every platform's reads.");
    let message_doc = format!(" A received `{message}`, as every platform's reads.");
    let chat_doc = format!(" A received `{chat}`, as every platform's reads.");
    quote! {
        #[doc = #update_doc]
        pub trait #update_ident {
            /// The message type of its message-like kinds.
            type Message: #message_ident;
            #(#update_fns)*
            /// The wire name of the kind the update carries; `None` when it carries none.
            fn kind_name(&self) -> ::std::option::Option<&str>;
            /// The message of a message-like kind; `None` for the other kinds.
            fn message(&self) -> ::std::option::Option<&Self::Message>;
        }

        #[doc = #message_doc]
        pub trait #message_ident {
            /// The chat type.
            type Chat: #chat_ident;
            #(#message_fns)*
            /// The chat the message belongs to.
            fn chat(&self) -> #chat_result;
        }

        #[doc = #chat_doc]
        pub trait #chat_ident {
            #(#chat_fns)*
        }
    }
}

/// The `Bot` trait.
fn bot_trait(family: &Family<'_>) -> TokenStream {
    let [update, message, chat] = &family.reads.names;
    let (update, message, chat) = (ident(update), ident(message), ident(chat));
    quote! {
        /// A bot of the family: its platform, what it receives and how its calls fail.
        ///
        /// Updates arrive through the platform's [`ReceiveUpdates`](::tgfamily::ReceiveUpdates):
        /// `tgfamily::polling::LongPolling::new(bot.client().clone())`, or a webhook.
        pub trait Bot: ::std::marker::Send + ::std::marker::Sync {
            /// The platform.
            type Platform: ::tgfamily::ReceiveUpdates<Update = Self::Update>;
            /// Its update (decoded from JSON, as it arrives).
            type Update: ::tgfamily::family::#update<Message = Self::Message> + ::serde::de::DeserializeOwned + ::std::marker::Send + ::std::marker::Sync + 'static;
            /// Its message.
            type Message: ::tgfamily::family::#message<Chat = Self::Chat> + ::std::marker::Send + ::std::marker::Sync;
            /// Its chat.
            type Chat: ::tgfamily::family::#chat + ::std::marker::Send + ::std::marker::Sync;
            /// The error of its calls.
            type Error: ::std::error::Error + ::std::marker::Send + ::std::marker::Sync + 'static;
            /// The client the bot sends with.
            fn client(&self) -> &::tgfamily::Client<Self::Platform>;
        }
    }
}

/// The owned type of a family object's field, and the argument type of its setter or
/// constructor with the expression storing it.
fn field_argument(form: &Form) -> (TokenStream, TokenStream, TokenStream) {
    let ty = form.rust();
    match form {
        Form::String => (ty.clone(), quote!(impl ::std::convert::Into<#ty>), quote!(value.into())),
        _ => (ty.clone(), ty, quote!(value)),
    }
}

/// A family object: its struct, constructor and setters.
fn object_struct(object: &FamilyObject<'_>) -> TokenStream {
    let name = ident(&object.name);
    let platforms: Vec<String> = object
        .members
        .iter()
        .filter_map(|(api, result)| {
            result.as_ref().ok().map(|o| format!("{}'s `{}`", api.platform.name, o.name))
        })
        .collect();
    let mut doc = Doc::new(Some(&format!(
        "The fields every platform's `{}` shares; converts into {}.",
        object.name,
        if platforms.is_empty() { "none of them".to_owned() } else { platforms.join(", ") }
    )));
    let left_out: Vec<String> =
        object.members.iter().filter_map(|(_, r)| r.as_ref().err().cloned()).collect();
    doc.list("Not into:", &left_out);
    let doc = doc.tokens();
    let fields = object.fields.iter().map(|field| {
        let rust = ident(&field.rust_name);
        let (ty, _, _) = field_argument(&field.form);
        let ty = if field.required { ty } else { quote!(::std::option::Option<#ty>) };
        let text = field.description.clone().unwrap_or_else(|| format!("`{}`.", field.name));
        let doc = Doc::new(Some(&text)).tokens();
        quote!(#doc pub #rust: #ty,)
    });
    let required: Vec<_> = object.fields.iter().filter(|f| f.required).collect();
    let params = required.iter().map(|field| {
        let rust = ident(&field.rust_name);
        let (_, arg, _) = field_argument(&field.form);
        quote!(#rust: #arg)
    });
    let inits = object.fields.iter().map(|field| {
        let rust = ident(&field.rust_name);
        match (field.required, &field.form) {
            (true, Form::String) => quote!(#rust: #rust.into()),
            (true, _) => quote!(#rust),
            (false, _) => quote!(#rust: ::std::option::Option::None),
        }
    });
    let setters = object.fields.iter().filter(|f| !f.required).map(|field| {
        let rust = ident(&field.rust_name);
        let setter = ident(&format!("with_{}", field.rust_name.trim_start_matches("r#")));
        let (_, arg, value) = field_argument(&field.form);
        let doc = format!(" Sets `{}`.", field.name);
        quote! {
            #[doc = #doc]
            pub fn #setter(mut self, value: #arg) -> Self {
                self.#rust = ::std::option::Option::Some(#value);
                self
            }
        }
    });
    let new_doc = format!(
        " A `{}` with the required fields; optional ones are set with the `with_` methods.",
        object.name
    );
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name { #(#fields)* }

        impl #name {
            #[doc = #new_doc]
            pub fn new(#(#params),*) -> Self {
                #name { #(#inits,)* }
            }
            #(#setters)*
        }
    }
}

/// The Rust type of a family function's parameter.
fn param_type(param: &plan::Param) -> TokenStream {
    let inner = match &param.form {
        Form::String => quote!(&'a str),
        Form::Array(element) => {
            let element = element.rust();
            quote!(&'a [#element])
        }
        Form::Object(name) => {
            let name = ident(name);
            quote!(&'a #name)
        }
        form => form.rust(),
    };
    if param.required {
        inner
    } else {
        quote!(::std::option::Option<#inner>)
    }
}

/// Whether the subject of `t` is the chat (the `Bot`'s own type) rather than a type of its own.
fn subject_is_chat(family: &Family<'_>, t: &Trait<'_>) -> bool {
    t.entry.subject == family.reads.names[2]
}

/// The signature of a family function.
fn signature(family: &Family<'_>, t: &Trait<'_>) -> TokenStream {
    let function = ident(t.entry.function);
    let subject = methods::subject_var(t.entry);
    let subject_type = if subject_is_chat(family, t) {
        quote!(Self::Chat)
    } else {
        let name = ident(t.entry.subject);
        quote!(Self::#name)
    };
    let params = t.params.iter().map(|param| {
        let name = ident(&param.rust_name);
        let ty = param_type(param);
        quote!(#name: #ty)
    });
    let output = match t.entry.output {
        plan::Output::Nothing => quote!(()),
        plan::Output::MessageId => quote!(i64),
    };
    quote! {
        fn #function<'a>(&'a self, #subject: &'a #subject_type, #(#params),*)
            -> impl Future<Output = ::std::result::Result<#output, Self::Error>> + ::std::marker::Send + 'a
    }
}

/// A family method's trait.
fn method_trait(family: &Family<'_>, t: &Trait<'_>) -> TokenStream {
    let name = ident(t.entry.trait_name);
    let mut doc = Doc::new(Some(t.entry.doc));
    let implemented: Vec<String> = t
        .members
        .iter()
        .filter(|m| m.implemented.is_ok())
        .filter_map(|m| Some(format!("{}: `{}`", m.api.platform.name, m.method?.name)))
        .collect();
    let left_out: Vec<String> =
        t.members.iter().filter_map(|m| m.implemented.as_ref().err().cloned()).collect();
    doc.list("Implemented with:", &implemented);
    doc.list("Not implemented:", &left_out);
    let doc = doc.tokens();
    let signature = signature(family, t);
    let function_doc = format!(
        " Calls the platform's method; `{}` fills what the method needs to name it.",
        methods::subject_var(t.entry)
    );
    let subject_items = (!subject_is_chat(family, t)).then(|| {
        let subject = ident(t.entry.subject);
        let getter = ident(&t.entry.subject.to_snake_case());
        let type_doc = format!(" The platform's `{}`.", t.entry.subject);
        let getter_doc = format!(" The `{}` an update carries; `None` for other kinds.", t.entry.subject);
        quote! {
            #[doc = #type_doc]
            type #subject: ::std::marker::Send + ::std::marker::Sync;
            #[doc = #getter_doc]
            fn #getter(update: &Self::Update) -> ::std::option::Option<&Self::#subject>;
        }
    });
    quote! {
        #doc
        pub trait #name: Bot {
            #subject_items
            #[doc = #function_doc]
            #signature;
        }
    }
}

/// The read of a scalar on one platform's object, as the trait returns it.
fn scalar_read(scalar: &Scalar, field: &Field) -> TokenStream {
    let rust = ident(&field.rust_name);
    let place = match field.storage {
        Storage::Rare => quote!(self.rare().#rust),
        _ => quote!(self.#rust),
    };
    let optional_here = !field.required || field.storage == Storage::Rare;
    let value = match (&scalar.form, optional_here) {
        (Form::String, false) => quote!(#place.as_str()),
        (Form::String, true) => quote!(#place.as_deref()),
        (_, _) => place,
    };
    if scalar.optional && !optional_here {
        quote!(::std::option::Option::Some(#value))
    } else {
        value
    }
}

/// The scalar accessors of one platform's object.
fn scalar_impls(scalars: &[Scalar], object: &Object) -> Vec<TokenStream> {
    scalars
        .iter()
        .filter_map(|scalar| {
            let field = object.fields.iter().find(|f| f.name == scalar.name)?;
            let name = ident(&scalar.rust_name);
            let ty = scalar_type(scalar);
            let value = scalar_read(scalar, field);
            Some(quote!(fn #name(&self) -> #ty { #value }))
        })
        .collect()
}

/// Everything `api` implements, behind its feature.
fn platform_impls(family: &Family<'_>, api: &Api) -> TokenStream {
    let Some([update, message, chat]) = family.reads_of(api) else { return quote!() };
    let feature = &api.platform.name;
    let gate = quote!(#[cfg(feature = #feature)]);
    let [update_name, message_name, chat_name] = &family.reads.names;
    let (update_trait, message_trait, chat_trait) =
        (ident(update_name), ident(message_name), ident(chat_name));
    let (update_ty, message_ty, chat_ty) =
        (platform_path(api, &update.name), platform_path(api, &message.name), platform_path(api, &chat.name));
    let [update_scalars, message_scalars, chat_scalars] = &family.reads.scalars;
    let update_fns = scalar_impls(update_scalars, update);
    let message_fns = scalar_impls(message_scalars, message);
    let chat_fns = scalar_impls(chat_scalars, chat);
    let chat_field = message.fields.iter().find(|f| f.name == "chat");
    // A boxed chat derefs by itself where a reference is returned.
    let chat_read = chat_field.and_then(|field| forms::read(&quote!(self), field)).map(|(expr, optional)| {
        let expr = match chat_field {
            Some(field) if field.boxed && !optional => {
                let rust = ident(&field.rust_name);
                quote!(&self.#rust)
            }
            _ => expr,
        };
        if family.reads.chat_required || optional {
            expr
        } else {
            quote!(::std::option::Option::Some(#expr))
        }
    });
    let chat_result = if family.reads.chat_required {
        quote!(&Self::Chat)
    } else {
        quote!(::std::option::Option<&Self::Chat>)
    };
    let module = ident(&api.platform.name);
    let marker = ident(&super::marker_name(api));
    let objects = family.objects.iter().filter_map(|object| object_from(api, object));
    let traits = family.traits.iter().filter_map(|t| method_impl(family, api, update, t));
    quote! {
        #gate
        impl #update_trait for #update_ty {
            type Message = #message_ty;
            #(#update_fns)*
            fn kind_name(&self) -> ::std::option::Option<&str> {
                #update_ty::kind_name(self)
            }
            fn message(&self) -> ::std::option::Option<&Self::Message> {
                #update_ty::message(self)
            }
        }

        #gate
        impl #message_trait for #message_ty {
            type Chat = #chat_ty;
            #(#message_fns)*
            fn chat(&self) -> #chat_result {
                #chat_read
            }
        }

        #gate
        impl #chat_trait for #chat_ty {
            #(#chat_fns)*
        }

        #gate
        impl Bot for ::tgfamily::#module::Bot {
            type Platform = ::tgfamily::#module::#marker;
            type Update = #update_ty;
            type Message = #message_ty;
            type Chat = #chat_ty;
            type Error = ::tgfamily::#module::Error;
            fn client(&self) -> &::tgfamily::Client<Self::Platform> {
                ::tgfamily::#module::Bot::client(self)
            }
        }

        #(#objects)*
        #(#traits)*
    }
}

/// `From<&family object>` for `api`'s object, when it converts.
fn object_from(api: &Api, object: &FamilyObject<'_>) -> Option<TokenStream> {
    let (_, result) = object.members.iter().find(|(a, _)| a.platform.name == api.platform.name)?;
    let target = result.as_ref().ok()?;
    let feature = &api.platform.name;
    let family_ty = ident(&object.name);
    let target_ty = platform_path(api, &target.name);
    let bindings = object.fields.iter().map(|f| ident(&f.rust_name));
    let mut args = Vec::new();
    let mut setters = Vec::new();
    for field in target.fields.iter().filter(|f| f.constant.is_none() && f.storage != Storage::Exclusive) {
        let Some(family_field) = object.fields.iter().find(|f| f.name == field.name) else { continue };
        let var = ident(&family_field.rust_name);
        let setter = ident(&super::builders::setter_name(field));
        let value = build(api, &family_field.form, &field.ty, &quote!(value), 8)?;
        let positional = field.required && field.storage == Storage::Inline;
        match (family_field.required, positional) {
            (true, true) => args.push(quote!({ let value = #var; #value })),
            (true, false) => setters.push(quote!(out = { let value = #var; out.#setter(#value) };)),
            (false, _) => setters.push(quote! {
                if let ::std::option::Option::Some(value) = #var {
                    out = out.#setter(#value);
                }
            }),
        }
    }
    let body = if setters.is_empty() {
        quote!(#target_ty::new(#(#args),*))
    } else {
        quote! {
            let mut out = #target_ty::new(#(#args),*);
            #(#setters)*
            out
        }
    };
    Some(quote! {
        #[cfg(feature = #feature)]
        impl ::std::convert::From<&#family_ty> for #target_ty {
            fn from(value: &#family_ty) -> Self {
                let #family_ty { #(#bindings,)* } = value;
                #body
            }
        }
    })
}

/// `api`'s implementation of a family method, when it has one.
fn method_impl(family: &Family<'_>, api: &Api, update: &Object, t: &Trait<'_>) -> Option<TokenStream> {
    let member = t.members.iter().find(|m| m.api.platform.name == api.platform.name)?;
    member.implemented.as_ref().ok()?;
    let method = member.method?;
    let body = methods::body(api, method, t.entry, &t.params, &family.objects).ok()?;
    let subject_items = if subject_is_chat(family, t) {
        quote!()
    } else {
        let subject = ident(t.entry.subject);
        let subject_ty = methods::subject_type(api, t.entry)?;
        let getter = ident(&t.entry.subject.to_snake_case());
        let (kind, variant, boxed) = methods::subject_kind(api, update, t.entry.subject)?;
        let value = if boxed { quote!(&**value) } else { quote!(value) };
        quote! {
            type #subject = #subject_ty;
            fn #getter(update: &Self::Update) -> ::std::option::Option<&Self::#subject> {
                match update.kind.as_ref()? {
                    #kind::#variant(value) => ::std::option::Option::Some(#value),
                    _ => ::std::option::Option::None,
                }
            }
        }
    };
    let name = ident(t.entry.trait_name);
    let module = ident(&api.platform.name);
    let feature = &api.platform.name;
    let signature = signature(family, t);
    Some(quote! {
        #[cfg(feature = #feature)]
        impl #name for ::tgfamily::#module::Bot {
            #subject_items
            // The trait's signature names the future's `Send` bound, which `async fn`
            // cannot.
            #[allow(clippy::manual_async_fn)]
            #signature {
                #body
            }
        }
    })
}
