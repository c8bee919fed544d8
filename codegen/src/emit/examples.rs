//! The document's examples as tests of the generated types.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::rust_type::ident;
use crate::ir::{Api, TypeDef};
use crate::names;

/// A `#[test]` per method example and per object example.
pub fn examples_tests(api: &Api) -> TokenStream {
    let platform = ident(&api.platform.name);
    let marker = ident(&super::marker_name(api));
    let mut tests = Vec::new();
    for method in &api.methods {
        let struct_name = ident(&method.type_name);
        for (index, example) in method.examples.iter().enumerate() {
            let test = ident(&format!("{}_example_{}", method.fn_name, index + 1));
            let request = example.request.as_ref().map(|json| {
                let json = raw_string(json);
                let ignored = &example.ignored_fields;
                quote!(integration::examples::check_request::<#struct_name>(#json, &[#(#ignored),*]);)
            });
            let response = example.response.as_ref().map(|json| {
                let json = raw_string(json);
                quote!(integration::examples::check_response::<#marker, #struct_name>(#json);)
            });
            let doc = format!(" The example under `{}` in the document.", method.name);
            tests.push(quote! {
                #[doc = #doc]
                #[test]
                fn #test() {
                    #request
                    #response
                }
            });
        }
    }
    for type_def in &api.types {
        let TypeDef::Object(object) = type_def else { continue };
        let type_name = ident(&object.name);
        for (index, json) in object.examples.iter().enumerate() {
            let test = ident(&format!("{}_example_{}", names::value_name(&object.name), index + 1));
            let json = raw_string(json);
            let doc = format!(" The sample `{}` in the document.", object.name);
            tests.push(quote! {
                #[doc = #doc]
                #[test]
                fn #test() {
                    integration::examples::check_object::<#type_name>(#json);
                }
            });
        }
    }
    let doc =
        format!(" The {} document's examples, checked against the generated types.", api.platform.title);
    quote! {
        #![doc = #doc]
        #[rustfmt::skip]
        mod examples {
            use tgfamily::#platform::*;
            #(#tests)*
        }
    }
}

/// A raw string literal holding `text`, with enough `#` to be unambiguous.
fn raw_string(text: &str) -> Literal {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}").parse().unwrap_or_else(|_| Literal::string(text))
}
