//! Struct fields, constructors and setters, shared by objects and method structs.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::Doc;
use super::rust_type::{argument, field_type, ident, Module};
use crate::ir::{Api, Field};

/// The doc comment of a field: description, constraints, the document's type, errata.
pub fn field_doc(field: &Field) -> Doc {
    let mut doc = Doc::new(field.description.as_deref());
    doc.or_else(|| format!("`{}` ({}); the document gives no description.", field.name, field.ty));
    doc.labelled("Constraints", field.constraints.as_deref());
    if let Some(doc_type) = &field.doc_type {
        doc.paragraph(&format!("The document types this as `{doc_type}`; the spec refines it."));
    }
    doc.errata(&field.errata);
    doc
}

/// The struct fields (constant fields are not stored).
pub fn struct_fields(api: &Api, fields: &[Field], from: Module) -> TokenStream {
    let fields = fields.iter().filter(|f| f.constant.is_none()).map(|field| {
        let doc = field_doc(field).tokens();
        let name = ident(&field.rust_name);
        let ty = field_type(api, field, from);
        let rename = (field.rust_name != field.name).then(|| {
            let wire = &field.name;
            quote!(#[serde(rename = #wire)])
        });
        let optional = (!field.required)
            .then(|| quote!(#[serde(default, skip_serializing_if = "::std::option::Option::is_none")]));
        quote! { #doc #rename #optional pub #name: #ty, }
    });
    quote! { #(#fields)* }
}

/// `new(required…)` and one setter per optional field, for the struct `name`.
pub fn constructor_and_setters(api: &Api, name: &str, fields: &[Field], from: Module) -> TokenStream {
    let stored: Vec<&Field> = fields.iter().filter(|f| f.constant.is_none()).collect();
    let required: Vec<&Field> = stored.iter().copied().filter(|f| f.required).collect();
    let params = required.iter().map(|field| {
        let name = ident(&field.rust_name);
        let (arg, _) = argument(api, field, from, &name);
        quote!(#name: #arg)
    });
    let inits = stored.iter().map(|field| {
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
    let new_doc =
        format!(" A `{name}` with the required fields; optional ones are set with the methods below.");
    let setters = stored.iter().filter(|f| !f.required).map(|field| {
        let name = ident(&field.rust_name);
        let (arg, value) = argument(api, field, from, &ident("value"));
        let doc = format!(" Sets [`{0}`](Self::{0}).", field.rust_name);
        quote! {
            #[doc = #doc]
            pub fn #name(mut self, value: #arg) -> Self {
                self.#name = ::std::option::Option::Some(#value);
                self
            }
        }
    });
    let struct_ident = ident(name);
    quote! {
        impl #struct_ident {
            #[doc = #new_doc]
            #[allow(clippy::new_without_default, clippy::too_many_arguments)]
            pub fn new(#(#params),*) -> Self {
                #struct_ident { #(#inits),* }
            }
            #(#setters)*
        }
    }
}

/// Whether every stored field is optional, so the struct can derive `Default`.
pub fn all_optional(fields: &[Field]) -> bool {
    fields.iter().filter(|f| f.constant.is_none()).all(|f| !f.required)
}
