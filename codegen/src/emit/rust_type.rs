//! Rust types for type expressions, as seen from one of the generated modules.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Field, TypeDef, TypeExpr};

/// The generated module code is written into; decides how other types are named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Module {
    /// `types.rs`: objects and unions.
    Types,
    /// `enums.rs`.
    Enums,
    /// `methods.rs`.
    Methods,
    /// `bot.rs`.
    Bot,
}

/// An identifier token.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust type of `ty` (without `Option`/`Box` wrapping).
pub fn rust_type(api: &Api, ty: &TypeExpr, from: Module) -> TokenStream {
    match ty {
        TypeExpr::Integer => quote!(i64),
        TypeExpr::Float => quote!(f64),
        TypeExpr::String => quote!(::std::string::String),
        TypeExpr::Boolean | TypeExpr::True => quote!(bool),
        TypeExpr::InputFile => quote!(::tgfamily::InputFile),
        TypeExpr::Json => quote!(::tgfamily::Json),
        TypeExpr::Array(element) => {
            let element = rust_type(api, element, from);
            quote!(::std::vec::Vec<#element>)
        }
        // Resolution replaced every choice by a named union.
        TypeExpr::OneOf(_) => quote!(::serde_json::Value),
        TypeExpr::Named(name) => {
            let name_ident = ident(name);
            let home = match api.type_def(name) {
                Some(TypeDef::Enum(_)) => Module::Enums,
                _ => Module::Types,
            };
            if home == from {
                quote!(#name_ident)
            } else {
                let module = ident(if home == Module::Enums { "enums" } else { "types" });
                quote!(super::#module::#name_ident)
            }
        }
    }
}

/// The type of a struct field: boxed when asked, `Option` when not required.
pub fn field_type(api: &Api, field: &Field, from: Module) -> TokenStream {
    let inner = rust_type(api, &field.ty, from);
    let inner = if field.boxed { quote!(::std::boxed::Box<#inner>) } else { inner };
    if field.required {
        inner
    } else {
        quote!(::std::option::Option<#inner>)
    }
}

/// How a constructor or setter takes a value of a field: its argument type, and the
/// expression turning the argument named `var` into the stored value (without `Some`).
pub fn argument(api: &Api, field: &Field, from: Module, var: &Ident) -> (TokenStream, TokenStream) {
    let inner = rust_type(api, &field.ty, from);
    let takes_into = match &field.ty {
        TypeExpr::String | TypeExpr::InputFile => true,
        TypeExpr::Named(name) => matches!(api.type_def(name), Some(TypeDef::Union(_))),
        _ => false,
    };
    let (arg, value) = if takes_into {
        (quote!(impl ::std::convert::Into<#inner>), quote!(#var.into()))
    } else {
        (inner, quote!(#var))
    };
    let value = if field.boxed { quote!(::std::boxed::Box::new(#value)) } else { value };
    (arg, value)
}
