//! `types.rs`: objects and unions.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::Doc;
use super::rust_type::{ident, rust_type, Module};
use crate::ir::{Api, ConstValue, Shape, TypeDef, Union};

/// The contents of `types.rs`.
pub fn types_file(api: &Api) -> TokenStream {
    let items = api.types.iter().map(|type_def| match type_def {
        TypeDef::Object(object) => super::objects::object_item(api, object),
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
    let has_unknown = union.tag.is_some() && union.variants.iter().all(|v| v.tag_value.is_some());
    let unknown = has_unknown.then(|| {
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
    let from_str = union.variants.iter().find(|v| v.ty == crate::ir::TypeExpr::String).map(|variant| {
        let variant_name = ident(&variant.rust_name);
        quote! {
            impl ::std::convert::From<&str> for #name {
                fn from(value: &str) -> Self { #name::#variant_name(value.to_owned()) }
            }
        }
    });
    let serialize_arms = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        quote!(#name::#variant_name(value) => value.serialize(serializer),)
    });
    let unknown_arm = has_unknown.then(|| quote!(#name::Unknown(value) => value.serialize(serializer),));
    let deserialize_body = match &union.tag {
        Some(tag) => tagged_deserialize(union, tag),
        None => untagged_deserialize(union),
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name { #(#variants)* #unknown }
        #(#from_impls)*
        #from_str
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self { #(#serialize_arms)* #unknown_arm }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #deserialize_body
            }
        }
    }
}

/// Reads the object up to its tag, then decodes the variant the tag names from the
/// entries read and the rest; twins sharing a tag are told apart by a field only one
/// has; unknown tags are kept as JSON (or go to the variant that takes every other value).
fn tagged_deserialize(union: &Union, tag: &str) -> TokenStream {
    let name = ident(&union.name);
    let expecting = format!("a {} object", union.name);
    let integer = union.variants.iter().any(|v| matches!(v.tag_value, Some(ConstValue::Integer(_))));
    let read_tag = if integer { quote!(tag.as_i64()) } else { quote!(tag.as_str()) };
    // Variants with a marker field must be tried before their twins.
    let mut ordered: Vec<_> = union.variants.iter().filter(|v| v.tag_value.is_some()).collect();
    ordered.sort_by_key(|v| v.marker_field.is_none());
    let arms = ordered.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let pattern = match &variant.tag_value {
            Some(ConstValue::Integer(value)) => quote!(::std::option::Option::Some(#value)),
            Some(ConstValue::String(value)) => quote!(::std::option::Option::Some(#value)),
            None => quote!(_),
        };
        let guard = variant.marker_field.as_ref().map(|field| quote!(if map.has_field(#field)?));
        quote!(#pattern #guard => #name::#variant_name(map.decode()?),)
    });
    let fallback = match union.variants.iter().find(|v| v.tag_value.is_none()) {
        Some(variant) => {
            let variant_name = ident(&variant.rust_name);
            quote!(_ => #name::#variant_name(map.decode()?),)
        }
        None => quote!(_ => #name::Unknown(map.decode()?),),
    };
    quote! {
        struct Visitor;
        impl<'de> ::serde::de::Visitor<'de> for Visitor {
            type Value = #name;
            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(#expecting)
            }
            fn visit_map<A: ::serde::de::MapAccess<'de>>(self, map: A) -> ::std::result::Result<#name, A::Error> {
                #[allow(unused_mut)]
                let mut map = ::tgfamily::__private::TaggedMap::new(map, #tag)?;
                let tag = map.tag().clone();
                ::std::result::Result::Ok(match #read_tag {
                    #(#arms)*
                    #fallback
                })
            }
        }
        deserializer.deserialize_map(Visitor)
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
        let raw = ::tgfamily::__private::raw(deserializer)?;
        match ::tgfamily::__private::shape_of(&raw) {
            #(#arms)*
            #fallback
        }
    }
}
