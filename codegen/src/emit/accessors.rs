//! Read accessors generated from what a spec says, the same on every platform:
//!
//! - on a tagged union whose variants are all objects, one accessor per field every
//!   variant has with the same type, stored or constant (`MaybeInaccessibleMessage::chat()`,
//!   `message_id()`, `date()`); it returns an `Option` when the union keeps unknown values;
//! - on the update type of the feed (`getUpdates`' element), `kind_name()` (the wire name
//!   of the kind present), `message()` (the kinds of the `message` kind's type),
//!   `chat()` and `sender()` (the kind's `chat` and `from` fields, directly, through its
//!   `message` field, or through a union's shared accessor);
//! - on an untagged union of enums with `reads_as: E`, `e()`: the value as `E`,
//!   whichever form was sent.

use proc_macro2::TokenStream;
use quote::quote;

use super::builders::{kind_name, kind_variant};
use super::rust_type::{ident, rust_type, Module};
use crate::ir::{Api, ConstValue, EnumKind, Field, Object, Storage, TypeDef, TypeExpr, Union};

/// A field every variant of a tagged union has with one type.
pub struct SharedField<'a> {
    /// The wire name (also what the accessor is named after).
    pub name: &'a str,
    /// Its type.
    pub ty: &'a TypeExpr,
    /// Per variant: the field, stored (`Inline`) or constant.
    fields: Vec<&'a Field>,
}

/// Whether the union keeps values it does not know (an `Unknown` variant).
pub fn keeps_unknown(union: &Union) -> bool {
    union.tag.is_some() && union.variants.iter().all(|v| v.tag_value.is_some())
}

/// The objects of a tagged union's variants, when every variant is one.
fn variant_objects<'a>(api: &'a Api, union: &Union) -> Option<Vec<&'a Object>> {
    union.tag.as_ref()?;
    union
        .variants
        .iter()
        .map(|variant| match &variant.ty {
            TypeExpr::Named(name) => match api.type_def(name) {
                Some(TypeDef::Object(object)) => Some(object),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The fields every variant of `union` has with the same type: required and stored in
/// the struct, or an integer constant; a field constant in every variant (the tag) is not
/// one.
pub fn shared_fields<'a>(api: &'a Api, union: &Union) -> Vec<SharedField<'a>> {
    let Some(objects) = variant_objects(api, union) else { return Vec::new() };
    let Some((first, rest)) = objects.split_first() else { return Vec::new() };
    let usable = |field: &Field| match field.storage {
        Storage::Inline => field.required,
        Storage::Constant => matches!(field.constant, Some(ConstValue::Integer(_))),
        Storage::Rare | Storage::Exclusive => false,
    };
    let mut out = Vec::new();
    for field in first.fields.iter().filter(|f| usable(f)) {
        let mut fields = vec![field];
        for object in rest {
            match object.fields.iter().find(|f| f.name == field.name && f.ty == field.ty && usable(f)) {
                Some(found) => fields.push(found),
                None => break,
            }
        }
        let all_constant = fields.iter().all(|f| f.storage == Storage::Constant);
        if fields.len() == objects.len() && !all_constant {
            out.push(SharedField { name: &field.name, ty: &field.ty, fields });
        }
    }
    out
}

/// Whether values of `ty` are returned by value (small `Copy` scalars).
fn by_value(ty: &TypeExpr) -> bool {
    matches!(ty, TypeExpr::Integer | TypeExpr::Float | TypeExpr::Boolean | TypeExpr::True)
}

/// The shared-field accessors of a tagged union.
pub fn union_accessors(api: &Api, union: &Union) -> TokenStream {
    let reads_as = reads_as_accessor(api, union);
    let shared = shared_fields(api, union);
    if shared.is_empty() {
        return reads_as;
    }
    let name = ident(&union.name);
    let unknown = keeps_unknown(union);
    let accessors = shared.iter().map(|shared| {
        let accessor = ident(&shared.fields[0].rust_name);
        let ty = rust_type(api, shared.ty, Module::Types);
        let copy = by_value(shared.ty);
        let result = match (copy, unknown) {
            (true, false) => quote!(#ty),
            (true, true) => quote!(::std::option::Option<#ty>),
            (false, false) => quote!(&#ty),
            (false, true) => quote!(::std::option::Option<&#ty>),
        };
        let arms = union.variants.iter().zip(&shared.fields).map(|(variant, field)| {
            let variant = ident(&variant.rust_name);
            let rust = ident(&field.rust_name);
            let value = match (&field.constant, copy, field.boxed) {
                (Some(ConstValue::Integer(value)), _, _) => quote!(#value),
                (_, true, _) => quote!(value.#rust),
                (_, false, false) => quote!(&value.#rust),
                (_, false, true) => quote!(&*value.#rust),
            };
            let value = if unknown { quote!(::std::option::Option::Some(#value)) } else { value };
            let binding = if field.constant.is_some() { quote!(_) } else { quote!(value) };
            quote!(#name::#variant(#binding) => #value,)
        });
        let unknown_arm = unknown.then(|| quote!(#name::Unknown(_) => ::std::option::Option::None,));
        let doc = match unknown {
            false => format!(" `{}`, which every variant has.", shared.name),
            true => format!(
                " `{}`, which every variant has (`None` for a value this spec does not know).",
                shared.name
            ),
        };
        quote! {
            #[doc = #doc]
            pub fn #accessor(&self) -> #result {
                match self { #(#arms)* #unknown_arm }
            }
        }
    });
    quote! {
        impl #name { #(#accessors)* }
        #reads_as
    }
}

/// On an untagged union of enums with `reads_as: E`: `e()`, the value as `E` whichever
/// form was sent (the other variants' values through `E`'s wire forms, their unknown
/// values into `E`'s fallbacks). The union itself keeps the form, to write it back.
fn reads_as_accessor(api: &Api, union: &Union) -> TokenStream {
    let Some(target) = &union.reads_as else { return quote!() };
    let name = ident(&union.name);
    let into = ident(target);
    let accessor = ident(&crate::names::value_name(target));
    let arms = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let source = match &variant.ty {
            TypeExpr::Named(source) => api.type_def(source),
            _ => None,
        };
        match source {
            _ if variant.ty == TypeExpr::Named(target.clone()) => {
                quote!(#name::#variant_name(value) => ::std::clone::Clone::clone(value),)
            }
            Some(TypeDef::Enum(source)) if source.kind == EnumKind::Integer => {
                quote!(#name::#variant_name(value) => super::enums::#into::from(value.value()),)
            }
            _ => quote!(#name::#variant_name(value) => super::enums::#into::from(value.as_str()),),
        }
    });
    let doc = format!(
        " The value as `{target}`, whichever form the server sent (read through `{target}`'s wire forms). \
         The union keeps the form, and writes it back."
    );
    quote! {
        impl #name {
            #[doc = #doc]
            pub fn #accessor(&self) -> super::enums::#into {
                match self { #(#arms)* }
            }
        }
    }
}

/// The update type of the platform's feed: the object `getUpdates` returns an array of,
/// with a required `update_id: Integer`.
pub fn feed_update(api: &Api) -> Option<&Object> {
    let method = api.method("getUpdates")?;
    let Some(TypeExpr::Array(element)) = &method.returns else { return None };
    let TypeExpr::Named(name) = element.as_ref() else { return None };
    let Some(TypeDef::Object(object)) = api.type_def(name) else { return None };
    let has_id =
        object.fields.iter().any(|f| f.name == "update_id" && f.required && f.ty == TypeExpr::Integer);
    has_id.then_some(object)
}

/// How to reach a field from `value` (a reference to a value of some type): an expression
/// of type `&R` or, when `optional`, `Option<&R>`, and `R`'s type.
struct Reach {
    expr: TokenStream,
    optional: bool,
    ty: TypeExpr,
}

impl Reach {
    /// The expression as an `Option<&R>`.
    fn optional(&self) -> TokenStream {
        let expr = &self.expr;
        if self.optional {
            quote!(#expr)
        } else {
            quote!(::std::option::Option::Some(#expr))
        }
    }
}

/// `wire` read from a value of `ty`: the field of an object (or, failing that, of its
/// `message` field), or a tagged union's shared accessor.
fn reach(api: &Api, ty: &TypeExpr, wire: &str, through_message: bool) -> Option<Reach> {
    let TypeExpr::Named(name) = ty else { return None };
    match api.type_def(name)? {
        TypeDef::Object(object) => {
            if let Some(field) = object.fields.iter().find(|f| f.name == wire) {
                return field_reach(field);
            }
            if !through_message {
                return None;
            }
            let message = object.fields.iter().find(|f| f.name == "message")?;
            let outer = field_reach(message)?;
            let inner = reach(api, &outer.ty, wire, false)?;
            let (outer_expr, inner_expr) = (&outer.expr, &inner.expr);
            let expr = match (outer.optional, inner.optional) {
                (false, _) => quote!({ let value = #outer_expr; #inner_expr }),
                (true, true) => quote!(#outer_expr.and_then(|value| #inner_expr)),
                (true, false) => quote!(#outer_expr.map(|value| #inner_expr)),
            };
            Some(Reach { expr, optional: outer.optional || inner.optional, ty: inner.ty })
        }
        TypeDef::Union(union) => {
            let shared = shared_fields(api, union);
            let shared = shared.iter().find(|s| s.name == wire && !by_value(s.ty))?;
            let accessor = ident(&shared.fields[0].rust_name);
            Some(Reach {
                expr: quote!(value.#accessor()),
                optional: keeps_unknown(union),
                ty: shared.ty.clone(),
            })
        }
        TypeDef::Enum(_) => None,
    }
}

/// A field of an object read from `value`.
fn field_reach(field: &Field) -> Option<Reach> {
    let rust = ident(&field.rust_name);
    let (expr, optional) = match (field.storage, field.required, field.boxed) {
        (Storage::Inline, true, false) => (quote!(&value.#rust), false),
        (Storage::Inline, true, true) => (quote!(&*value.#rust), false),
        (Storage::Inline, false, false) => (quote!(value.#rust.as_ref()), true),
        (Storage::Inline, false, true) => (quote!(value.#rust.as_deref()), true),
        (Storage::Rare, _, false) => (quote!(value.rare().#rust.as_ref()), true),
        (Storage::Rare, _, true) => (quote!(value.rare().#rust.as_deref()), true),
        (Storage::Exclusive | Storage::Constant, _, _) => return None,
    };
    Some(Reach { expr, optional, ty: field.ty.clone() })
}

/// The accessors of the feed's update type; nothing for any other object.
pub fn update_accessors(api: &Api, object: &Object) -> TokenStream {
    if feed_update(api).is_none_or(|update| update.name != object.name) {
        return quote!();
    }
    let kinds: Vec<&Field> = object.fields.iter().filter(|f| f.storage == Storage::Exclusive).collect();
    if kinds.is_empty() {
        return quote!();
    }
    let name = ident(&object.name);
    let kind = ident(&kind_name(&object.name));
    let names = kinds.iter().map(|field| {
        let variant = ident(&kind_variant(field));
        let wire = &field.name;
        quote!(#kind::#variant(_) => #wire,)
    });
    let message = kinds.iter().find(|f| f.name == "message").map(|message| {
        let ty = rust_type(api, &message.ty, Module::Types);
        let arms = kinds.iter().filter(|f| f.ty == message.ty).map(|field| {
            let variant = ident(&kind_variant(field));
            let value = if field.boxed { quote!(&**value) } else { quote!(value) };
            quote!(#kind::#variant(value) => ::std::option::Option::Some(#value),)
        });
        let names: Vec<String> =
            kinds.iter().filter(|f| f.ty == message.ty).map(|f| format!("`{}`", f.name)).collect();
        let doc =
            format!(" The message of a message-like kind ({}); `None` for the others.", names.join(", "));
        quote! {
            #[doc = #doc]
            pub fn message(&self) -> ::std::option::Option<&#ty> {
                match self.kind.as_ref()? {
                    #(#arms)*
                    _ => ::std::option::Option::None,
                }
            }
        }
    });
    let chat = reached_accessor(api, &kind, &kinds, "chat", "chat", "The chat the update belongs to");
    let sender = reached_accessor(api, &kind, &kinds, "from", "sender", "Who caused the update (its `from`)");
    quote! {
        impl #name {
            /// The wire name of the kind this update carries (`message`, or the name of a
            /// kind this spec does not know); `None` when it carries none.
            pub fn kind_name(&self) -> ::std::option::Option<&str> {
                ::std::option::Option::Some(match self.kind.as_ref()? {
                    #(#names)*
                    #kind::Unknown(field) => &field.name,
                })
            }
            #message
            #chat
            #sender
        }
    }
}

/// An accessor `accessor` returning the kind's `wire` field, for the kinds that have one
/// of the type the first such kind has.
fn reached_accessor(
    api: &Api,
    kind: &proc_macro2::Ident,
    kinds: &[&Field],
    wire: &str,
    accessor: &str,
    what: &str,
) -> Option<TokenStream> {
    let reached: Vec<(&Field, Reach)> =
        kinds.iter().filter_map(|field| reach(api, &field.ty, wire, true).map(|r| (*field, r))).collect();
    let ty = reached.first()?.1.ty.clone();
    let reached: Vec<(&Field, Reach)> = reached.into_iter().filter(|(_, r)| r.ty == ty).collect();
    let arms = reached.iter().map(|(field, reach)| {
        let variant = ident(&kind_variant(field));
        let expr = reach.optional();
        quote!(#kind::#variant(value) => #expr,)
    });
    let names: Vec<String> = reached.iter().map(|(f, _)| format!("`{}`", f.name)).collect();
    let doc = format!(" {what}, for the kinds that say ({}); `None` for the others.", names.join(", "));
    let rust_ty = rust_type(api, &ty, Module::Types);
    let accessor = ident(accessor);
    Some(quote! {
        #[doc = #doc]
        pub fn #accessor(&self) -> ::std::option::Option<&#rust_ty> {
            match self.kind.as_ref()? {
                #(#arms)*
                _ => ::std::option::Option::None,
            }
        }
    })
}
