//! Struct fields, constructors and setters, shared by objects and method structs.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::Doc;
use super::rust_type::{argument, field_type, ident, Module};
use crate::ir::{Api, Field, Storage};

/// The doc comment of a field: description, constraints (and, when `checked`, the rules
/// checked before sending), the document's type, errata.
pub fn field_doc(field: &Field, checked: bool) -> Doc {
    let mut doc = Doc::new(field.description.as_deref());
    doc.or_else(|| format!("`{}` ({}); the document gives no description.", field.name, field.ty));
    doc.labelled("Constraints", field.constraints.as_deref());
    if let Some(line) = super::checks::doc_line(field).filter(|_| checked) {
        doc.paragraph(&line);
    }
    if let Some(doc_type) = &field.doc_type {
        doc.paragraph(&format!("The document types this as `{doc_type}`; the spec refines it."));
    }
    doc.errata(&field.errata);
    doc
}

/// The struct fields stored with `storage`; with `serde`, the attributes serde's derive
/// needs (method structs derive their impls; objects have generated ones). `checked`: the
/// fields' rules are checked before sending (the struct is sent).
pub fn struct_fields(
    api: &Api,
    fields: &[Field],
    from: Module,
    storage: Storage,
    serde: bool,
    checked: bool,
) -> TokenStream {
    let fields = fields.iter().filter(|f| f.storage == storage).map(|field| {
        let doc = field_doc(field, checked).tokens();
        let name = ident(&field.rust_name);
        let ty = field_type(api, field, from);
        let rename = (serde && field.rust_name != field.name).then(|| {
            let wire = &field.name;
            quote!(#[serde(rename = #wire)])
        });
        let optional = (serde && !field.required)
            .then(|| quote!(#[serde(default, skip_serializing_if = "::std::option::Option::is_none")]));
        quote! { #doc #rename #optional pub #name: #ty, }
    });
    quote! { #(#fields)* }
}

/// The extra fields of a generated object (none for method structs).
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras {
    /// The object has a `kind` enum (exclusive fields).
    pub kind: bool,
    /// The object has a `rare` part.
    pub rare: bool,
    /// The object keeps `unknown_fields`.
    pub unknown: bool,
}

/// The name of the setter of a field: `with_<field>`, so that no method shares a name
/// with a field of its type (see `docs/spec-format.md`, "Building objects").
pub fn setter_name(field: &Field) -> String {
    format!("with_{}", field.rust_name.trim_end_matches('_'))
}

/// `new(required…)` and, with `setters`, one setter per optional field
/// ([`setter_name`]), for the struct `name`.
pub fn constructor_and_setters(
    api: &Api,
    name: &str,
    fields: &[Field],
    from: Module,
    extras: Extras,
    setters: bool,
) -> TokenStream {
    let required: Vec<&Field> =
        fields.iter().filter(|f| f.storage == Storage::Inline && f.required).collect();
    let params = required.iter().map(|field| {
        let name = ident(&field.rust_name);
        let (arg, _) = argument(api, field, from, &name);
        quote!(#name: #arg)
    });
    let inits = fields.iter().filter(|f| f.storage == Storage::Inline).map(|field| {
        let name = ident(&field.rust_name);
        if field.required {
            let (_, value) = argument(api, field, from, &name);
            if name == value.to_string() {
                quote!(#name)
            } else {
                quote!(#name: #value)
            }
        } else {
            quote!(#name: ::std::option::Option::None)
        }
    });
    let none = quote!(::std::option::Option::None);
    let kind_init = extras.kind.then(|| quote!(kind: #none,));
    let rare_init = extras.rare.then(|| quote!(rare: #none,));
    let unknown_init = extras.unknown.then(|| quote!(unknown_fields: #none,));
    let new_doc = if setters {
        format!(" A `{name}` with the required fields; optional ones are set with the `with_` methods below.")
    } else {
        format!(" A `{name}` with the required fields; the optional ones are `None`.")
    };
    let settable = fields.iter().filter(|f| setters && !f.required && f.storage != Storage::Constant);
    let setters = settable.map(|field| {
        let field_name = ident(&field.rust_name);
        let setter = ident(&setter_name(field));
        let (arg, value) = argument(api, field, from, &ident("value"));
        let doc = format!(" Sets `{}`.", field.name);
        let store = match field.storage {
            Storage::Rare => {
                quote!(self.rare.get_or_insert_with(::std::default::Default::default).#field_name = ::std::option::Option::Some(#value);)
            }
            Storage::Exclusive => {
                let kind = ident(&kind_name(name));
                let variant = ident(&kind_variant(field));
                quote!(self.kind = ::std::option::Option::Some(#kind::#variant(#value));)
            }
            _ => quote!(self.#field_name = ::std::option::Option::Some(#value);),
        };
        quote! {
            #[doc = #doc]
            pub fn #setter(mut self, value: #arg) -> Self {
                #store
                self
            }
        }
    });
    let struct_ident = ident(name);
    let mut lints = Vec::new();
    if required.is_empty() {
        lints.push(quote!(clippy::new_without_default));
    }
    if required.len() > 7 {
        lints.push(quote!(clippy::too_many_arguments));
    }
    let allow = (!lints.is_empty()).then(|| quote!(#[allow(#(#lints),*)]));
    quote! {
        impl #struct_ident {
            #[doc = #new_doc]
            #allow
            pub fn new(#(#params),*) -> Self {
                #struct_ident { #(#inits,)* #kind_init #rare_init #unknown_init }
            }
            #(#setters)*
        }
    }
}

/// The name of an object's enum of exclusive fields (`UpdateKind`).
pub fn kind_name(object: &str) -> String {
    format!("{object}Kind")
}

/// The variant of the `kind` enum holding the exclusive field `field` (`Message`).
pub fn kind_variant(field: &Field) -> String {
    crate::names::type_name(&field.name)
}

/// The name of an object's rare part (`MessageRare`).
pub fn rare_name(object: &str) -> String {
    format!("{object}Rare")
}

/// Whether every stored field is optional, so the struct can derive `Default`.
pub fn all_optional(fields: &[Field]) -> bool {
    fields.iter().filter(|f| f.storage == Storage::Inline).all(|f| !f.required)
}
