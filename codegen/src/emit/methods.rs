//! `methods.rs`: one struct per method, implementing `tgfamily::Request`.

use proc_macro2::TokenStream;
use quote::quote;

use super::builders::{all_optional, constructor_and_setters, struct_fields, Extras};
use super::checks::Checks;
use super::docs::Doc;
use super::rust_type::{ident, rust_type, Module};
use crate::ir::{Api, Method, Storage, Verb};

/// The contents of `methods.rs`.
pub fn methods_file(api: &Api) -> TokenStream {
    let marker = ident(&super::marker_name(api));
    let checks = Checks::of(api, &super::sent::sent_types(api));
    let items = api.methods.iter().map(|method| method_item(api, method, &marker, &checks));
    quote! {
        //! Method structs: required parameters in `new`, optional ones as setters.
        #(#items)*
    }
}

/// The doc comment of a method: description, result, notes, links, errata.
pub fn method_doc(method: &Method) -> Doc {
    let mut doc = Doc::new(method.description.as_deref());
    doc.or_else(|| format!("`{}`; the document gives no description.", method.name));
    let result = method
        .returns_description
        .clone()
        .or_else(|| method.returns.as_ref().map(|r| format!("Returns {r}.")));
    doc.labelled("Result", result.as_deref());
    doc.list("Notes:", &method.notes);
    let links: Vec<String> =
        method.links.iter().map(|(platform, name)| format!("{platform}: `{name}`")).collect();
    doc.list("Elsewhere:", &links);
    doc.errata(&method.errata);
    doc
}

fn method_item(api: &Api, method: &Method, marker: &proc_macro2::Ident, checks: &Checks) -> TokenStream {
    let name = ident(&method.type_name);
    let mut doc = method_doc(method);
    doc.paragraph(&format!("Sent as `{} {}`.", verb_word(method.verb), method.path));
    let doc = doc.tokens();
    let fields = struct_fields(api, &method.params, Module::Methods, Storage::Inline, true, true);
    let default = all_optional(&method.params).then(|| quote!(Default,));
    let builders = constructor_and_setters(
        api,
        &method.type_name,
        &method.params,
        Module::Methods,
        Extras::default(),
        true,
    );
    // `getUpdates` of a feed returns every update, decoded or kept raw.
    let response = match (super::updates::feed_response(api, method, Module::Methods), &method.returns) {
        (Some(batch), _) => batch,
        (None, Some(ty)) => rust_type(api, ty, Module::Methods),
        (None, None) => quote!(::tgfamily::Done),
    };
    let wire_name = &method.name;
    let path = &method.path;
    let verb = match method.verb {
        Verb::Get => quote!(::tgfamily::Verb::Get),
        Verb::Post => quote!(::tgfamily::Verb::Post),
    };
    let check = checks.method(method);
    let target = super::runtime_data::target_fn(api, method);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize)]
        #[cfg_attr(feature = "deserialize-requests", derive(::serde::Deserialize))]
        #[non_exhaustive]
        pub struct #name { #fields }
        #builders
        impl ::tgfamily::Request<super::#marker> for #name {
            type Response = #response;
            const NAME: &'static str = #wire_name;
            const PATH: &'static str = #path;
            const VERB: ::tgfamily::Verb = #verb;
            #check
            #target
        }
    }
}

fn verb_word(verb: Verb) -> &'static str {
    match verb {
        Verb::Get => "GET",
        Verb::Post => "POST",
    }
}
