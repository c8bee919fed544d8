//! `types.rs`: objects and unions.

use proc_macro2::TokenStream;
use quote::quote;

use super::builders::{all_optional, constructor_and_setters, struct_fields};
use super::docs::Doc;
use super::rust_type::{ident, rust_type, Module};
use crate::ir::{Api, ConstValue, Object, Shape, TypeDef, Union};

/// The contents of `types.rs`.
pub fn types_file(api: &Api) -> TokenStream {
    let items = api.types.iter().map(|type_def| match type_def {
        TypeDef::Object(object) => object_item(api, object),
        TypeDef::Union(union) => union_item(api, union),
        TypeDef::Enum(_) => quote!(),
    });
    quote! {
        //! Objects and unions.
        #(#items)*
    }
}

/// The doc comment shared by objects, unions and enums: description, links, errata.
pub fn type_doc(
    name: &str,
    description: Option<&str>,
    links: &std::collections::BTreeMap<String, String>,
    errata: &[crate::ir::Erratum],
) -> Doc {
    let mut doc = Doc::new(description);
    doc.or_else(|| format!("`{name}`; the document gives no description."));
    let links: Vec<String> = links.iter().map(|(platform, name)| format!("{platform}: `{name}`")).collect();
    doc.list("Elsewhere:", &links);
    doc.errata(errata);
    doc
}

fn object_item(api: &Api, object: &Object) -> TokenStream {
    let name = ident(&object.name);
    let doc = type_doc(&object.name, object.description.as_deref(), &object.links, &object.errata).tokens();
    let fields = struct_fields(api, &object.fields, Module::Types);
    let has_const = object.fields.iter().any(|f| f.constant.is_some());
    let default = all_optional(&object.fields).then(|| quote!(Default,));
    let serialize_derive = (!has_const).then(|| quote!(::serde::Serialize,));
    let serialize_impl = has_const.then(|| object_serialize(object));
    let builders = constructor_and_setters(api, &object.name, &object.fields, Module::Types);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default #serialize_derive ::serde::Deserialize)]
        pub struct #name { #fields }
        #builders
        #serialize_impl
    }
}

/// A hand-rolled `Serialize` for objects with constant fields, which are written first
/// with their value.
fn object_serialize(object: &Object) -> TokenStream {
    let name = ident(&object.name);
    let entries = object.fields.iter().map(|field| {
        let wire = &field.name;
        let rust = ident(&field.rust_name);
        match (&field.constant, field.required) {
            (Some(ConstValue::Integer(value)), _) => quote!(map.serialize_entry(#wire, &#value)?;),
            (Some(ConstValue::String(value)), _) => quote!(map.serialize_entry(#wire, #value)?;),
            (None, true) => quote!(map.serialize_entry(#wire, &self.#rust)?;),
            (None, false) => quote! {
                if let ::std::option::Option::Some(value) = &self.#rust {
                    map.serialize_entry(#wire, value)?;
                }
            },
        }
    });
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(::std::option::Option::None)?;
                #(#entries)*
                map.end()
            }
        }
    }
}

fn union_item(api: &Api, union: &Union) -> TokenStream {
    let name = ident(&union.name);
    let doc = type_doc(&union.name, union.description.as_deref(), &union.links, &union.errata).tokens();
    let variants = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let ty = rust_type(api, &variant.ty, Module::Types);
        let ty = if variant.boxed { quote!(::std::boxed::Box<#ty>) } else { ty };
        let doc = match &variant.tag_value {
            Some(tag) => format!(" `{}` = {tag}.", union.tag.as_deref().unwrap_or_default()),
            None => format!(" A value of type `{}`.", variant.ty),
        };
        quote! { #[doc = #doc] #variant_name(#ty), }
    });
    let unknown = union.tag.is_some().then(|| {
        quote! {
            /// A variant this spec does not know, kept as JSON and written back unchanged.
            Unknown(::serde_json::Value),
        }
    });
    let from_impls = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let ty = rust_type(api, &variant.ty, Module::Types);
        let value = if variant.boxed { quote!(::std::boxed::Box::new(value)) } else { quote!(value) };
        quote! {
            impl ::std::convert::From<#ty> for #name {
                fn from(value: #ty) -> Self { #name::#variant_name(#value) }
            }
        }
    });
    let serialize_arms = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        quote!(#name::#variant_name(value) => value.serialize(serializer),)
    });
    let unknown_arm =
        union.tag.is_some().then(|| quote!(#name::Unknown(value) => value.serialize(serializer),));
    let deserialize_body = match &union.tag {
        Some(tag) => tagged_deserialize(union, tag),
        None => untagged_deserialize(union),
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name { #(#variants)* #unknown }
        #(#from_impls)*
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self { #(#serialize_arms)* #unknown_arm }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let raw = ::tgfamily::__private::raw(deserializer)?;
                #deserialize_body
            }
        }
    }
}

/// Reads the tag, then decodes the variant it names; shared tags are told apart by a
/// field only one twin has; unknown tags are kept as JSON.
fn tagged_deserialize(union: &Union, tag: &str) -> TokenStream {
    let name = ident(&union.name);
    let integer =
        matches!(union.variants.first().and_then(|v| v.tag_value.as_ref()), Some(ConstValue::Integer(_)));
    let read_tag = if integer {
        quote!(let tag = ::tgfamily::__private::field::<::serde_json::Value, D::Error>(&raw, #tag)?.and_then(|tag| tag.as_i64());)
    } else {
        quote! {
            let tag = ::tgfamily::__private::field::<::serde_json::Value, D::Error>(&raw, #tag)?;
            let tag = tag.as_ref().and_then(|tag| tag.as_str());
        }
    };
    // Variants with a marker field must be tried before their twins.
    let mut ordered: Vec<_> = union.variants.iter().collect();
    ordered.sort_by_key(|v| v.marker_field.is_none());
    let arms = ordered.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let pattern = match &variant.tag_value {
            Some(ConstValue::Integer(value)) => quote!(::std::option::Option::Some(#value)),
            Some(ConstValue::String(value)) => quote!(::std::option::Option::Some(#value)),
            None => quote!(_),
        };
        let guard = variant
            .marker_field
            .as_ref()
            .map(|field| quote!(if ::tgfamily::__private::has_field::<D::Error>(&raw, #field)?));
        quote!(#pattern #guard => #name::#variant_name(::tgfamily::__private::decode(&raw)?),)
    });
    quote! {
        #read_tag
        ::std::result::Result::Ok(match tag {
            #(#arms)*
            _ => #name::Unknown(::tgfamily::__private::unknown(&raw)?),
        })
    }
}

/// Decodes by the JSON shape of the value; several object variants are tried in order.
fn untagged_deserialize(union: &Union) -> TokenStream {
    let name = ident(&union.name);
    let shapes: [(Shape, TokenStream); 5] = [
        (Shape::Integer, quote!(::tgfamily::__private::Shape::Integer)),
        (Shape::String, quote!(::tgfamily::__private::Shape::String)),
        (Shape::Boolean, quote!(::tgfamily::__private::Shape::Boolean)),
        (Shape::Array, quote!(::tgfamily::__private::Shape::Array)),
        (Shape::Object, quote!(::tgfamily::__private::Shape::Object)),
    ];
    let mut arms = Vec::new();
    for variant in union.variants.iter().filter(|v| matches!(v.shape, Shape::Number | Shape::Any)) {
        let variant_name = ident(&variant.rust_name);
        let pattern = if variant.shape == Shape::Number {
            quote!(::tgfamily::__private::Shape::Integer | ::tgfamily::__private::Shape::Float)
        } else {
            quote!(_)
        };
        arms.push((variant.shape, quote!(#pattern => ::std::result::Result::Ok(#name::#variant_name(::tgfamily::__private::decode(&raw)?)),)));
    }
    for (shape, pattern) in shapes {
        let matching: Vec<_> = union.variants.iter().filter(|v| v.shape == shape).collect();
        let Some((last, first)) = matching.split_last() else { continue };
        let tries = first.iter().map(|variant| {
            let variant_name = ident(&variant.rust_name);
            quote! {
                if let ::std::result::Result::Ok(value) = ::serde_json::from_str(raw.get()) {
                    return ::std::result::Result::Ok(#name::#variant_name(value));
                }
            }
        });
        let last_name = ident(&last.rust_name);
        arms.push((shape, quote!(#pattern => { #(#tries)* ::std::result::Result::Ok(#name::#last_name(::tgfamily::__private::decode(&raw)?)) })));
    }
    // A catch-all `Json` variant goes last.
    arms.sort_by_key(|(shape, _)| *shape == Shape::Any);
    let catch_all = arms.iter().any(|(shape, _)| *shape == Shape::Any);
    let arms = arms.into_iter().map(|(_, arm)| arm);
    let expected = format!(
        "expected {} for {}",
        union.variants.iter().map(|v| v.ty.to_string()).collect::<Vec<_>>().join(" or "),
        union.name
    );
    let fallback = (!catch_all).then(
        || quote!(_ => ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(#expected)),),
    );
    quote! {
        match ::tgfamily::__private::shape_of(&raw) {
            #(#arms)*
            #fallback
        }
    }
}
