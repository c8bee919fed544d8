//! Objects: the struct, its rare part and `kind` enum, and generated serde impls.
//!
//! Decoding is a generated `FromMap` impl run by the visitor all objects share: one pass
//! over the input, keys matched as borrowed strings (the per-key steps are generic
//! helpers in the runtime's codec), rare fields filled into one box, exclusive fields into the `kind`
//! enum, fields the spec does not know kept in `unknown_fields` as the JSON text sent
//! (for an object whose fields are exclusive and none of them is present, one of them is
//! taken as an unknown `kind`, chosen the same way whatever the key order). Constant
//! fields are written, and skipped when read. Every object opens a level of the shared
//! nesting budget.

use proc_macro2::TokenStream;
use quote::quote;

use super::builders::{
    constructor_and_setters, field_doc, kind_name, kind_variant, rare_name, struct_fields, Extras,
};
use super::checks::Checks;
use super::docs::type_doc;
use super::rust_type::{ident, rust_type, Module};
use crate::ir::{Api, ConstValue, Field, Object, Storage};

/// The items of one object; `sent` when a bot sends it (it then has setters, and the
/// check of its rules when it carries any).
pub fn object_item(api: &Api, object: &Object, sent: bool, checks: &Checks) -> TokenStream {
    let name = ident(&object.name);
    let doc = type_doc(&object.name, object.description.as_deref(), &object.links, &object.errata).tokens();
    let extras = Extras {
        kind: object.fields.iter().any(|f| f.storage == Storage::Exclusive),
        rare: object.fields.iter().any(|f| f.storage == Storage::Rare),
        unknown: true,
    };
    let inline = struct_fields(api, &object.fields, Module::Types, Storage::Inline, false, sent);
    let kind_field = extras.kind.then(|| {
        let kind = ident(&kind_name(&object.name));
        let names: Vec<String> = object
            .fields
            .iter()
            .filter(|f| f.storage == Storage::Exclusive)
            .map(|f| format!("`{}`", f.name))
            .collect();
        let doc = format!(
            " Which of {} this object carries: the document says at most one is present.",
            names.join(", ")
        );
        quote! { #[doc = #doc] pub kind: ::std::option::Option<#kind>, }
    });
    let rare_field = extras.rare.then(|| {
        let rare = ident(&rare_name(&object.name));
        quote! {
            /// The rare optional fields, stored together behind one box; read them with
            /// [`Self::rare`].
            pub rare: ::std::option::Option<::std::boxed::Box<#rare>>,
        }
    });
    let default = super::builders::all_optional(&object.fields).then(|| quote!(Default,));
    let builders = constructor_and_setters(api, &object.name, &object.fields, Module::Types, extras, sent);
    let kind_enum = extras.kind.then(|| kind_enum(api, object));
    let rare_struct = extras.rare.then(|| rare_struct(api, object));
    let serialize = serialize_impl(object, extras);
    let deserialize = deserialize_impl(object, extras);
    let accessors = super::accessors::update_accessors(api, object);
    let check = checks.object(object);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #name {
            #inline
            #kind_field
            #rare_field
            /// Fields the spec does not know, as sent; written back on serialisation.
            pub unknown_fields: ::std::option::Option<::std::boxed::Box<::tgfamily::UnknownFields>>,
        }
        #builders
        #kind_enum
        #rare_struct
        #serialize
        #deserialize
        #accessors
        #check
    }
}

fn kind_enum(api: &Api, object: &Object) -> TokenStream {
    let kind = ident(&kind_name(&object.name));
    let doc = format!(" The one exclusive field a `{}` carries.", object.name);
    let variants = object.fields.iter().filter(|f| f.storage == Storage::Exclusive).map(|field| {
        let variant = ident(&kind_variant(field));
        let doc = field_doc(field, false).tokens();
        let ty = rust_type(api, &field.ty, Module::Types);
        let ty = if field.boxed { quote!(::std::boxed::Box<#ty>) } else { ty };
        quote! { #doc #variant(#ty), }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #kind {
            #(#variants)*
            /// A field this spec does not know (a kind added to the platform later).
            Unknown(::std::boxed::Box<::tgfamily::UnknownField>),
        }
    }
}

fn rare_struct(api: &Api, object: &Object) -> TokenStream {
    let name = ident(&object.name);
    let rare = ident(&rare_name(&object.name));
    let doc = format!(" The rare optional fields of [`{}`].", object.name);
    let fields = struct_fields(api, &object.fields, Module::Types, Storage::Rare, false, false);
    let empty = object.fields.iter().filter(|f| f.storage == Storage::Rare).map(|f| {
        let field = ident(&f.rust_name);
        quote!(#field: ::std::option::Option::None,)
    });
    // A rare field is read with an accessor of its name, what rustc suggests for
    // `object.field` (the field is not in the struct itself).
    let accessors = object.fields.iter().filter(|f| f.storage == Storage::Rare).map(|field| {
        let field_name = ident(&field.rust_name);
        let ty = rust_type(api, &field.ty, Module::Types);
        let doc = format!(" `{}` (a rare field: `None` when absent).", field.name);
        let read = if field.boxed { quote!(as_deref) } else { quote!(as_ref) };
        quote! {
            #[doc = #doc]
            pub fn #field_name(&self) -> ::std::option::Option<&#ty> {
                self.rare.as_deref().and_then(|rare| rare.#field_name.#read())
            }
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct #rare { #fields }

        impl #name {
            /// The rare optional fields (all `None` when the object has none of them).
            pub fn rare(&self) -> &#rare {
                static EMPTY: #rare = #rare { #(#empty)* };
                self.rare.as_deref().unwrap_or(&EMPTY)
            }
            #(#accessors)*
        }
    }
}

fn serialize_impl(object: &Object, extras: Extras) -> TokenStream {
    let name = ident(&object.name);
    let entry = |field: &Field, access: TokenStream| {
        let wire = &field.name;
        if field.required {
            quote!(map.serialize_entry(#wire, &#access)?;)
        } else {
            quote! {
                if let ::std::option::Option::Some(value) = &#access {
                    map.serialize_entry(#wire, value)?;
                }
            }
        }
    };
    let mut entries = Vec::new();
    for field in &object.fields {
        let rust = ident(&field.rust_name);
        match (&field.storage, &field.constant) {
            (Storage::Constant, Some(ConstValue::Integer(value))) => {
                let wire = &field.name;
                entries.push(quote!(map.serialize_entry(#wire, &#value)?;));
            }
            (Storage::Constant, Some(ConstValue::String(value))) => {
                let wire = &field.name;
                entries.push(quote!(map.serialize_entry(#wire, #value)?;));
            }
            (Storage::Inline, _) => entries.push(entry(field, quote!(self.#rust))),
            _ => {}
        }
    }
    let rare_entries: Vec<TokenStream> = object
        .fields
        .iter()
        .filter(|f| f.storage == Storage::Rare)
        .map(|field| {
            let rust = ident(&field.rust_name);
            entry(field, quote!(rare.#rust))
        })
        .collect();
    let rare = extras.rare.then(|| {
        quote! {
            if let ::std::option::Option::Some(rare) = &self.rare {
                #(#rare_entries)*
            }
        }
    });
    let kind = extras.kind.then(|| {
        let kind = ident(&kind_name(&object.name));
        let arms = object.fields.iter().filter(|f| f.storage == Storage::Exclusive).map(|field| {
            let variant = ident(&kind_variant(field));
            let wire = &field.name;
            quote!(::std::option::Option::Some(#kind::#variant(value)) => map.serialize_entry(#wire, value)?,)
        });
        quote! {
            match &self.kind {
                #(#arms)*
                ::std::option::Option::Some(#kind::Unknown(field)) => map.serialize_entry(&field.name, &field.value)?,
                ::std::option::Option::None => {}
            }
        }
    });
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(::std::option::Option::None)?;
                #(#entries)*
                #rare
                #kind
                if let ::std::option::Option::Some(unknown) = &self.unknown_fields {
                    for (key, value) in unknown.iter() {
                        map.serialize_entry(key, value)?;
                    }
                }
                map.end()
            }
        }
    }
}

fn deserialize_impl(object: &Object, extras: Extras) -> TokenStream {
    let name = ident(&object.name);
    let expecting = format!("a {} object", object.name);
    let inline: Vec<&Field> = object.fields.iter().filter(|f| f.storage == Storage::Inline).collect();
    let locals = inline.iter().map(|field| {
        let local = ident(&field.rust_name);
        quote!(let mut #local = ::std::option::Option::None;)
    });
    let arms = object.fields.iter().map(|field| {
        let rust = ident(&field.rust_name);
        let wire = &field.name;
        // A match on the key's length first, then on its text: rustc switches on the
        // length, so a key is compared with the few names of its length only.
        let length = proc_macro2::Literal::usize_unsuffixed(field.name.len());
        let step = match field.storage {
            Storage::Inline if field.required => quote!(__p::required(&mut #rust, &mut __map, #wire)?),
            Storage::Inline => quote!(#rust = __map.next_value()?),
            Storage::Rare => quote!(__p::rare(&mut __rare).#rust = __map.next_value()?),
            Storage::Exclusive => {
                let kind_type = ident(&kind_name(&object.name));
                let variant = ident(&kind_variant(field));
                quote!(__p::exclusive(&mut __kind, &mut __unknown, __key, &mut __map, #kind_type::#variant)?)
            }
            Storage::Constant => quote!(__p::skip(&mut __map)?),
        };
        quote!((#length, #wire) => #step,)
    });
    let rare_local = extras.rare.then(|| {
        let rare = ident(&rare_name(&object.name));
        quote!(let mut __rare: ::std::option::Option<::std::boxed::Box<#rare>> = ::std::option::Option::None;)
    });
    let kind_local = extras.kind.then(|| {
        let kind = ident(&kind_name(&object.name));
        quote!(let mut __kind: ::std::option::Option<#kind> = ::std::option::Option::None;)
    });
    let unknown = quote!(__p::keep_unknown(&mut __unknown, __key, __map.next_value()?));
    // An object without fields keeps every key as unknown.
    let dispatch = if object.fields.is_empty() {
        quote!(#unknown;)
    } else {
        quote! {
            match (__key.as_str().len(), __key.as_str()) {
                #(#arms)*
                _ => #unknown,
            }
        }
    };
    let build = inline.iter().map(|field| {
        let rust = ident(&field.rust_name);
        if field.required {
            let wire = &field.name;
            quote!(#rust: __p::missing(#rust, #wire)?,)
        } else {
            quote!(#rust,)
        }
    });
    let kind_build = extras.kind.then(|| quote!(kind: __kind,));
    // Without a known kind, an unknown field is the kind (chosen whatever the key order).
    let finish_kind = extras.kind.then(|| {
        let kind = ident(&kind_name(&object.name));
        quote! {
            __p::finish_kind(&mut __kind, &mut __unknown, |field| #kind::Unknown(::std::boxed::Box::new(field)));
        }
    });
    let rare_build = extras.rare.then(|| quote!(rare: __rare,));
    quote! {
        impl<'de> ::tgfamily::__private::FromMap<'de> for #name {
            const EXPECTING: &'static str = #expecting;
            fn from_map<A: ::serde::de::MapAccess<'de>>(mut __map: A) -> ::std::result::Result<Self, A::Error> {
                use ::tgfamily::__private as __p;
                #(#locals)*
                #rare_local
                #kind_local
                let mut __unknown = ::std::option::Option::None;
                while let ::std::option::Option::Some(__key) = __map.next_key::<__p::Key<'de>>()? {
                    #dispatch
                }
                #finish_kind
                ::std::result::Result::Ok(#name { #(#build)* #kind_build #rare_build unknown_fields: __unknown })
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::tgfamily::__private::from_map(deserializer)
            }
        }
    }
}
