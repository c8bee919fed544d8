//! `types.rs`: objects and unions.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::type_doc;
use super::rust_type::{ident, rust_type, Module};
use crate::ir::{Api, ConstValue, Field, Shape, TypeDef, TypeExpr, Union, Variant};

/// The contents of `types.rs`.
pub fn types_file(api: &Api) -> TokenStream {
    let sent = super::sent::sent_types(api);
    let checks = super::checks::Checks::of(api, &sent);
    let items = api.types.iter().map(|type_def| match type_def {
        TypeDef::Object(object) => {
            super::objects::object_item(api, object, sent.contains(&object.name), &checks)
        }
        TypeDef::Union(union) => union_item(api, union, &checks),
        TypeDef::Enum(_) => quote!(),
    });
    quote! {
        //! Objects and unions.
        #(#items)*
    }
}

fn union_item(api: &Api, union: &Union, checks: &super::checks::Checks) -> TokenStream {
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
    let objects = ObjectDispatch::of(api, union);
    let has_unknown = match &union.tag {
        Some(_) => union.variants.iter().all(|v| v.tag_value.is_some()),
        None => matches!(objects, ObjectDispatch::Tag { .. }),
    };
    let unknown = has_unknown.then(|| {
        quote! {
            /// A variant this spec does not know, kept as the JSON sent and written back unchanged.
            Unknown(::tgfamily::Json),
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
    let from_str = union.variants.iter().find(|v| v.ty == TypeExpr::String).map(|variant| {
        let variant_name = ident(&variant.rust_name);
        quote! {
            impl ::std::convert::From<&str> for #name {
                fn from(value: &str) -> Self { #name::#variant_name(value.to_owned()) }
            }
            impl ::std::convert::From<&::std::string::String> for #name {
                fn from(value: &::std::string::String) -> Self { #name::#variant_name(value.clone()) }
            }
        }
    });
    let from_integers = union
        .variants
        .iter()
        .find(|v| v.ty == TypeExpr::Integer)
        .map(|variant| integer_conversions(&name, &ident(&variant.rust_name)));
    let serialize_arms = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        quote!(#name::#variant_name(value) => value.serialize(serializer),)
    });
    let unknown_arm = has_unknown.then(|| quote!(#name::Unknown(value) => value.serialize(serializer),));
    let deserialize = match &union.tag {
        Some(tag) => tagged_deserialize(union, tag),
        None => untagged_deserialize(union, &objects),
    };
    let accessors = super::accessors::union_accessors(api, union);
    let check = checks.union(union, has_unknown);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name { #(#variants)* #unknown }
        #(#from_impls)*
        #from_str
        #from_integers
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self { #(#serialize_arms)* #unknown_arm }
            }
        }
        #deserialize
        #accessors
        #check
    }
}

/// The conversions into the `Integer` (`i64`) variant of a union from the other integer
/// types a caller holds: `From` where every value fits (`i32`, `u32`), `TryFrom` where it
/// may not (`u64`, `usize`).
fn integer_conversions(name: &Ident, variant: &Ident) -> TokenStream {
    let lossless = [quote!(i32), quote!(u32)].into_iter().map(|ty| {
        quote! {
            impl ::std::convert::From<#ty> for #name {
                fn from(value: #ty) -> Self { #name::#variant(i64::from(value)) }
            }
        }
    });
    let fallible = [quote!(u64), quote!(usize)].into_iter().map(|ty| {
        quote! {
            impl ::std::convert::TryFrom<#ty> for #name {
                type Error = ::std::num::TryFromIntError;
                fn try_from(value: #ty) -> ::std::result::Result<Self, Self::Error> {
                    i64::try_from(value).map(#name::#variant)
                }
            }
        }
    });
    quote! { #(#lossless)* #(#fallible)* }
}

/// How the object-shaped variants of an untagged union are told apart.
enum ObjectDispatch<'a> {
    /// No variant is an object.
    None,
    /// One variant is.
    Single(&'a Variant),
    /// Every object variant has the constant field `field`, each with its own value.
    Tag { field: String, arms: Vec<(&'a ConstValue, &'a Variant)> },
    /// By keys: the first key only one variant has decides; an object without one goes
    /// to the first variant (most required fields first) whose required fields are all
    /// present.
    Keys { unique: Vec<(Vec<&'a str>, &'a Variant)>, by_required: Vec<(Vec<&'a str>, &'a Variant)> },
}

impl<'a> ObjectDispatch<'a> {
    fn of(api: &'a Api, union: &'a Union) -> ObjectDispatch<'a> {
        let objects: Vec<(&'a Variant, &'a [Field])> = union
            .variants
            .iter()
            .filter(|v| v.shape == Shape::Object)
            .filter_map(|v| match &v.ty {
                TypeExpr::Named(name) => match api.type_def(name) {
                    Some(TypeDef::Object(object)) => Some((v, object.fields.as_slice())),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        match objects.as_slice() {
            [] => return ObjectDispatch::None,
            [(variant, _)] => return ObjectDispatch::Single(variant),
            _ => {}
        }
        let constant = |fields: &'a [Field], name: &str| {
            fields.iter().find(|f| f.name == name).and_then(|f| f.constant.as_ref())
        };
        let (_, first_fields) = objects[0];
        for candidate in first_fields.iter().filter(|f| f.constant.is_some()) {
            let values: Option<Vec<(&'a ConstValue, &'a Variant)>> = objects
                .iter()
                .map(|(variant, fields)| constant(fields, &candidate.name).map(|value| (value, *variant)))
                .collect();
            let Some(arms) = values else { continue };
            let distinct: std::collections::BTreeSet<String> =
                arms.iter().map(|(value, _)| value.to_string()).collect();
            if distinct.len() == arms.len() {
                return ObjectDispatch::Tag { field: candidate.name.clone(), arms };
            }
        }
        let unique = objects
            .iter()
            .map(|(variant, fields)| {
                let keys = fields
                    .iter()
                    .map(|f| f.name.as_str())
                    .filter(|name| {
                        objects.iter().filter(|(_, other)| other.iter().any(|f| f.name == *name)).count() == 1
                    })
                    .collect();
                (keys, *variant)
            })
            .collect();
        let mut by_required: Vec<(Vec<&'a str>, &'a Variant)> = objects
            .iter()
            .map(|(variant, fields)| {
                (
                    fields
                        .iter()
                        .filter(|f| f.required && f.constant.is_none())
                        .map(|f| f.name.as_str())
                        .collect(),
                    *variant,
                )
            })
            .collect();
        by_required.sort_by_key(|(required, _)| std::cmp::Reverse(required.len()));
        ObjectDispatch::Keys { unique, by_required }
    }
}

/// The variant's value decoded from `decoder` (a `Deserialize` call).
fn wrap(name: &Ident, variant: &Variant, decoded: TokenStream) -> TokenStream {
    let variant_name = ident(&variant.rust_name);
    let value = if variant.boxed { quote!(::std::boxed::Box::new(#decoded)) } else { decoded };
    quote!(#name::#variant_name(#value))
}

/// Reads the object up to its tag (nothing is buffered when the tag comes first), then
/// decodes the variant the tag names from the entries read and the rest; twins sharing a
/// tag are told apart by a field only one has; unknown tags are kept as JSON (or go to the
/// variant that takes every other value).
fn tagged_deserialize(union: &Union, tag: &str) -> TokenStream {
    let name = ident(&union.name);
    let expecting = format!("a {} object", union.name);
    let arms: Vec<(&ConstValue, &Variant)> =
        union.variants.iter().filter_map(|v| v.tag_value.as_ref().map(|value| (value, v))).collect();
    let fallback = union.variants.iter().find(|v| v.tag_value.is_none());
    let body = tag_dispatch(&name, union, tag, &arms, fallback);
    quote! {
        impl<'de> ::tgfamily::__private::FromMap<'de> for #name {
            const EXPECTING: &'static str = #expecting;
            fn from_map<A: ::serde::de::MapAccess<'de>>(map: A) -> ::std::result::Result<Self, A::Error> {
                #body
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::tgfamily::__private::from_map(deserializer)
            }
        }
    }
}

/// The statements that choose a variant by the value of `tag` in `map` (a `MapAccess`)
/// and decode it.
fn tag_dispatch(
    name: &Ident,
    union: &Union,
    tag: &str,
    arms: &[(&ConstValue, &Variant)],
    fallback: Option<&Variant>,
) -> TokenStream {
    let index_of = |variant: &Variant| {
        union.variants.iter().position(|v| std::ptr::eq(v, variant)).unwrap_or(usize::MAX)
    };
    let integer = arms.iter().any(|(value, _)| matches!(value, ConstValue::Integer(_)));
    let read_tag = if integer {
        quote!(tag.and_then(|index| map.value(index).as_i64()))
    } else {
        quote!(tag.and_then(|index| map.value(index).as_str()).as_deref())
    };
    // Variants sharing a tag value: the ones with a marker field are checked first.
    let mut groups: Vec<(&ConstValue, Vec<&Variant>)> = Vec::new();
    for (value, variant) in arms {
        match groups.iter_mut().find(|(v, _)| v == value) {
            Some((_, members)) => members.push(variant),
            None => groups.push((value, vec![variant])),
        }
    }
    let fallback_index = match fallback {
        Some(variant) => {
            let index = proc_macro2::Literal::usize_unsuffixed(index_of(variant));
            quote!(#index)
        }
        None => quote!(usize::MAX),
    };
    let mut choose = Vec::new();
    let mut twins = Vec::new();
    for (value, members) in &mut groups {
        members.sort_by_key(|v| v.marker_field.is_none());
        let first = proc_macro2::Literal::usize_unsuffixed(index_of(members[0]));
        let pattern = match value {
            ConstValue::Integer(value) => quote!(::std::option::Option::Some(#value)),
            ConstValue::String(value) => quote!(::std::option::Option::Some(#value)),
        };
        choose.push(quote!(#pattern => #first,));
        if let Some((last, marked)) = members.split_last() {
            if marked.is_empty() {
                continue;
            }
            let checks = marked.iter().map(|variant| {
                let field = variant.marker_field.as_deref().unwrap_or_default();
                let index = proc_macro2::Literal::usize_unsuffixed(index_of(variant));
                quote!(if map.has_field(#field)? { #index } else)
            });
            let last = proc_macro2::Literal::usize_unsuffixed(index_of(last));
            twins.push(quote! {
                if choice == #first {
                    choice = #(#checks)* { #last };
                }
            });
        }
    }
    let decode_arms = groups.iter().flat_map(|(_, members)| members.iter()).map(|variant| {
        let index = proc_macro2::Literal::usize_unsuffixed(index_of(variant));
        let value = wrap(name, variant, quote!(map.decode()?));
        quote!(#index => #value,)
    });
    let otherwise = match fallback {
        Some(variant) => {
            let value = wrap(name, variant, quote!(map.decode()?));
            quote!(_ => #value,)
        }
        None => quote!(_ => #name::Unknown(map.decode()?),),
    };
    let mutable = (!twins.is_empty()).then(|| quote!(mut));
    quote! {
        let mut map = ::tgfamily::__private::Buffered::new(map);
        let tag = map.read_until(|key| key == #tag)?;
        let #mutable choice: usize = match #read_tag {
            #(#choose)*
            _ => #fallback_index,
        };
        #(#twins)*
        ::std::result::Result::Ok(match choice {
            #(#decode_arms)*
            #otherwise
        })
    }
}

/// Decodes by the JSON type of the value, read once; objects are told apart by a tag or
/// by their keys ([`ObjectDispatch`]).
fn untagged_deserialize(union: &Union, objects: &ObjectDispatch<'_>) -> TokenStream {
    let name = ident(&union.name);
    let expecting = format!(
        "{} for {}",
        union.variants.iter().map(|v| v.ty.to_string()).collect::<Vec<_>>().join(" or "),
        union.name
    );
    let by_deserializer = |method: &str, variant: &Variant| {
        let method = ident(method);
        let value = wrap(&name, variant, quote!(::serde::Deserialize::deserialize(deserializer)?));
        quote! {
            fn #method<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::std::result::Result::Ok(#value)
            }
        }
    };
    let mut methods = Vec::new();
    let mut covered = Vec::new();
    for variant in &union.variants {
        let names: &[&str] = match variant.shape {
            Shape::Integer => &["integer"],
            Shape::Number => &["integer", "float"],
            Shape::String => &["string"],
            Shape::Boolean => &["boolean"],
            Shape::Array => &["array"],
            Shape::Object | Shape::Any => &[],
        };
        for method in names {
            if !covered.contains(method) {
                covered.push(*method);
                methods.push(by_deserializer(method, variant));
            }
        }
    }
    let object = match objects {
        ObjectDispatch::None => None,
        ObjectDispatch::Single(variant) => {
            let value = wrap(
                &name,
                variant,
                quote!(::serde::Deserialize::deserialize(::serde::de::value::MapAccessDeserializer::new(
                    map
                ))?),
            );
            Some(quote!(::std::result::Result::Ok(#value)))
        }
        ObjectDispatch::Tag { field, arms } => Some(tag_dispatch(&name, union, field, arms, None)),
        ObjectDispatch::Keys { unique, by_required } => {
            Some(keys_dispatch(&name, union, unique, by_required, &expecting))
        }
    };
    if let Some(body) = object {
        covered.push("object");
        methods.push(quote! {
            fn object<A: ::serde::de::MapAccess<'de>>(map: A) -> ::std::result::Result<Self, A::Error> {
                #body
            }
        });
    }
    // A catch-all `Json` variant takes every JSON type no other variant takes.
    if let Some(any) = union.variants.iter().find(|v| v.shape == Shape::Any) {
        for method in ["integer", "float", "string", "boolean", "array", "null"] {
            if !covered.contains(&method) {
                methods.push(by_deserializer(method, any));
            }
        }
        if !covered.contains(&"object") {
            let value = wrap(
                &name,
                any,
                quote!(::serde::Deserialize::deserialize(::serde::de::value::MapAccessDeserializer::new(
                    map
                ))?),
            );
            methods.push(quote! {
                fn object<A: ::serde::de::MapAccess<'de>>(map: A) -> ::std::result::Result<Self, A::Error> {
                    ::std::result::Result::Ok(#value)
                }
            });
        }
    }
    let expecting_doc = format!("expected {expecting}");
    quote! {
        impl<'de> ::tgfamily::__private::Untagged<'de> for #name {
            const EXPECTING: &'static str = #expecting_doc;
            #(#methods)*
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::tgfamily::__private::untagged(deserializer)
            }
        }
    }
}

/// The statements that choose an object variant by its keys and decode it.
fn keys_dispatch(
    name: &Ident,
    union: &Union,
    unique: &[(Vec<&str>, &Variant)],
    by_required: &[(Vec<&str>, &Variant)],
    expecting: &str,
) -> TokenStream {
    let index_of = |variant: &Variant| {
        union.variants.iter().position(|v| std::ptr::eq(v, variant)).unwrap_or(usize::MAX)
    };
    let all_unique: Vec<&str> = unique.iter().flat_map(|(keys, _)| keys.iter().copied()).collect();
    let by_key = unique.iter().filter(|(keys, _)| !keys.is_empty()).map(|(keys, variant)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index_of(variant));
        quote!(::std::option::Option::Some(#(#keys)|*) => #index,)
    });
    let by_fields = by_required.iter().map(|(required, variant)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index_of(variant));
        quote!(_ if map.has_all(&[#(#required),*]) => #index,)
    });
    let decode_arms = unique.iter().map(|(_, variant)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index_of(variant));
        let value = wrap(name, variant, quote!(map.decode()?));
        quote!(#index => #value,)
    });
    let none = format!("expected {expecting}: no variant's required fields are all present");
    let stop = if all_unique.is_empty() {
        quote!(|_| false)
    } else {
        quote!(|key| ::std::matches!(key, #(#all_unique)|*))
    };
    quote! {
        let mut map = ::tgfamily::__private::Buffered::new(map);
        let hit = map.read_until(#stop)?;
        let choice: usize = match hit.map(|index| map.key(index)) {
            #(#by_key)*
            #(#by_fields)*
            _ => return ::std::result::Result::Err(::serde::de::Error::custom(#none)),
        };
        ::std::result::Result::Ok(match choice {
            #(#decode_arms)*
            _ => return ::std::result::Result::Err(::serde::de::Error::custom(#none)),
        })
    }
}
