//! Family forms: the shape a value has on every platform of the family, and the code
//! turning a value of a form into a platform's type (what a bot sends), or a platform's
//! received value into another of its types (a chat's `id` into `chat_id`).

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::rust_type::ident;
use crate::ir::{Api, Field, Object, Storage, TypeDef, TypeExpr};

/// The platform the family names its objects after (and the catalogue its methods).
pub const REFERENCE: &str = "telegram";

/// How deep [`forms`] follows wrappers and unions.
const MAX_DEPTH: usize = 6;

/// A value's shape, the same on every platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    /// An integer.
    Integer,
    /// A floating-point number.
    Float,
    /// A string.
    String,
    /// `true` or `false`.
    Boolean,
    /// An array.
    Array(Box<Form>),
    /// A family object, by its family name.
    Object(String),
}

impl Form {
    /// The owned Rust type of the form, as the `family` module names it.
    pub fn rust(&self) -> TokenStream {
        match self {
            Form::Integer => quote!(i64),
            Form::Float => quote!(f64),
            Form::String => quote!(::std::string::String),
            Form::Boolean => quote!(bool),
            Form::Array(element) => {
                let element = element.rust();
                quote!(::std::vec::Vec<#element>)
            }
            Form::Object(name) => {
                let name = ident(name);
                quote!(#name)
            }
        }
    }

    /// Whether a value of the form is `Copy` (passed by value).
    pub fn by_value(&self) -> bool {
        matches!(self, Form::Integer | Form::Float | Form::Boolean)
    }

    /// The family objects the form names, itself included.
    pub fn objects(&self, out: &mut Vec<String>) {
        match self {
            Form::Array(element) => element.objects(out),
            Form::Object(name) if !out.contains(name) => out.push(name.clone()),
            _ => {}
        }
    }
}

/// The family name of the type `name` of `api`: its name on the reference platform (its
/// link there), or its own (the reference platform's types have no link to themselves).
pub fn family_name<'a>(api: &'a Api, name: &'a str) -> &'a str {
    api.type_def(name).and_then(|t| t.links().get(REFERENCE)).map_or(name, String::as_str)
}

/// The object of `api` whose family name is `name`.
pub fn object_named<'a>(api: &'a Api, name: &str) -> Option<&'a Object> {
    api.types.iter().find_map(|t| match t {
        TypeDef::Object(object) if family_name(api, &object.name) == name => Some(object),
        _ => None,
    })
}

/// An object's only field, when it has exactly one that is not a constant and it is
/// required: the object then wraps that field's value (Potato's `InlineKeyboardButtonRow`
/// wraps an array of buttons where the others have the array itself).
pub fn wrapped_field(object: &Object) -> Option<&Field> {
    let mut fields = object.fields.iter().filter(|f| f.storage != Storage::Constant);
    let only = fields.next()?;
    (fields.next().is_none() && only.required && only.storage == Storage::Inline).then_some(only)
}

/// The forms a value of `ty` can be built from, in the order tried: a scalar is its own;
/// an object is its family object and, when it wraps one field, that field's forms; a
/// union is the forms of its variants. Enums and files have none.
pub fn forms(api: &Api, ty: &TypeExpr) -> Vec<Form> {
    let mut out = Vec::new();
    collect_forms(api, ty, MAX_DEPTH, &mut out);
    out
}

fn collect_forms(api: &Api, ty: &TypeExpr, depth: usize, out: &mut Vec<Form>) {
    let push = |form: Form, out: &mut Vec<Form>| {
        if !out.contains(&form) {
            out.push(form);
        }
    };
    if depth == 0 {
        return;
    }
    match ty {
        TypeExpr::Integer => push(Form::Integer, out),
        TypeExpr::Float => push(Form::Float, out),
        TypeExpr::String => push(Form::String, out),
        TypeExpr::Boolean => push(Form::Boolean, out),
        TypeExpr::Array(element) => {
            for form in forms_at(api, element, depth - 1) {
                push(Form::Array(Box::new(form)), out);
            }
        }
        TypeExpr::Named(name) => match api.type_def(name) {
            Some(TypeDef::Object(object)) => {
                push(Form::Object(family_name(api, &object.name).to_owned()), out);
                if let Some(field) = wrapped_field(object) {
                    collect_forms(api, &field.ty, depth - 1, out);
                }
            }
            Some(TypeDef::Union(union)) => {
                for variant in &union.variants {
                    collect_forms(api, &variant.ty, depth - 1, out);
                }
            }
            _ => {}
        },
        TypeExpr::True | TypeExpr::InputFile | TypeExpr::Json | TypeExpr::OneOf(_) => {}
    }
}

fn forms_at(api: &Api, ty: &TypeExpr, depth: usize) -> Vec<Form> {
    let mut out = Vec::new();
    collect_forms(api, ty, depth, &mut out);
    out
}

/// The path of the type `name` of `api` from inside the crate.
pub fn platform_path(api: &Api, name: &str) -> TokenStream {
    let module = ident(&api.platform.name);
    let name = ident(name);
    quote!(::tgfamily::#module::#name)
}

/// The expression building a value of `ty` (unboxed) from `expr`, a reference to a value
/// of `form`; `None` when `ty` cannot be built from the form.
pub fn build(api: &Api, form: &Form, ty: &TypeExpr, expr: &TokenStream, depth: usize) -> Option<TokenStream> {
    if depth == 0 {
        return None;
    }
    match (form, ty) {
        (Form::Integer, TypeExpr::Integer)
        | (Form::Float, TypeExpr::Float)
        | (Form::Boolean, TypeExpr::Boolean) => Some(quote!(*#expr)),
        (Form::String, TypeExpr::String) => Some(quote!(::std::string::String::from(#expr))),
        (Form::Array(element), TypeExpr::Array(target)) => {
            if let (Form::Object(key), TypeExpr::Named(name)) = (element.as_ref(), target.as_ref()) {
                if matches!(api.type_def(name), Some(TypeDef::Object(_))) && family_name(api, name) == key {
                    let path = platform_path(api, name);
                    return Some(quote!(#expr.iter().map(#path::from).collect::<::std::vec::Vec<_>>()));
                }
            }
            let inner = build(api, element, target, &quote!(item), depth - 1)?;
            Some(quote!(#expr.iter().map(|item| #inner).collect::<::std::vec::Vec<_>>()))
        }
        (_, TypeExpr::Named(name)) => match api.type_def(name)? {
            TypeDef::Object(object) => {
                let path = platform_path(api, &object.name);
                if matches!(form, Form::Object(key) if key == family_name(api, &object.name)) {
                    return Some(quote!(#path::from(#expr)));
                }
                let field = wrapped_field(object)?;
                let inner = build(api, form, &field.ty, expr, depth - 1)?;
                Some(quote!(#path::new(#inner)))
            }
            TypeDef::Union(union) => union.variants.iter().find_map(|variant| {
                let inner = build(api, form, &variant.ty, expr, depth - 1)?;
                let path = platform_path(api, &union.name);
                let name = ident(&variant.rust_name);
                let inner = if variant.boxed { quote!(::std::boxed::Box::new(#inner)) } else { inner };
                Some(quote!(#path::#name(#inner)))
            }),
            TypeDef::Enum(_) => None,
        },
        _ => None,
    }
}

/// How a received value of `from` becomes a value of `to`: the expression from `expr` (a
/// reference) and whether it can fail (`from` is a union of which `to` is one variant: the
/// expression then `return`s `error` for the other variants; a union that `reads_as` `to`
/// cannot fail).
pub fn carry(
    api: &Api,
    from: &TypeExpr,
    to: &TypeExpr,
    expr: &TokenStream,
    error: &TokenStream,
) -> Option<TokenStream> {
    if from == to {
        let copy = matches!(from, TypeExpr::Integer | TypeExpr::Float | TypeExpr::Boolean);
        return Some(if copy { quote!(*#expr) } else { quote!(::std::clone::Clone::clone(#expr)) });
    }
    let union_of = |ty: &TypeExpr| match ty {
        TypeExpr::Named(name) => match api.type_def(name) {
            Some(TypeDef::Union(union)) => Some(union),
            _ => None,
        },
        _ => None,
    };
    if let Some(union) = union_of(to) {
        if let Some(variant) = union.variants.iter().find(|v| &v.ty == from) {
            let inner = carry(api, from, from, expr, error)?;
            let inner = if variant.boxed { quote!(::std::boxed::Box::new(#inner)) } else { inner };
            let path = platform_path(api, &union.name);
            let name = ident(&variant.rust_name);
            return Some(quote!(#path::#name(#inner)));
        }
    }
    let union = union_of(from)?;
    if let Some(target) = union.reads_as.as_ref().filter(|target| *to == TypeExpr::Named((*target).clone())) {
        // The union reads as `to` whichever form was sent: its accessor gives the value.
        let accessor = ident(&crate::names::value_name(target));
        return Some(quote!(#expr.#accessor()));
    }
    let variant = union.variants.iter().find(|v| &v.ty == to)?;
    let path = platform_path(api, &union.name);
    let name = ident(&variant.rust_name);
    let value = if variant.boxed { quote!(&**value) } else { quote!(value) };
    let inner = carry(api, to, to, &value, error)?;
    Some(quote! {
        {
            #[allow(unreachable_patterns)]
            match #expr {
                #path::#name(value) => #inner,
                _ => return ::std::result::Result::Err(#error),
            }
        }
    })
}

/// How to read `field` from `value` (a reference to its object): an expression of type
/// `&T`, or `Option<&T>` when the second value is `true`; `None` for fields not stored in
/// the struct itself or its rare part.
pub fn read(value: &TokenStream, field: &Field) -> Option<(TokenStream, bool)> {
    let rust = ident(&field.rust_name);
    Some(match (field.storage, field.required, field.boxed) {
        (Storage::Inline, true, false) => (quote!(&#value.#rust), false),
        (Storage::Inline, true, true) => (quote!(&*#value.#rust), false),
        (Storage::Inline, false, false) => (quote!(#value.#rust.as_ref()), true),
        (Storage::Inline, false, true) => (quote!(#value.#rust.as_deref()), true),
        (Storage::Rare, _, false) => (quote!(#value.rare().#rust.as_ref()), true),
        (Storage::Rare, _, true) => (quote!(#value.rare().#rust.as_deref()), true),
        (Storage::Exclusive | Storage::Constant, _, _) => return None,
    })
}

/// The scalar form of `ty`, when it is one.
pub fn scalar(ty: &TypeExpr) -> Option<Form> {
    match ty {
        TypeExpr::Integer => Some(Form::Integer),
        TypeExpr::Float => Some(Form::Float),
        TypeExpr::String => Some(Form::String),
        TypeExpr::Boolean => Some(Form::Boolean),
        _ => None,
    }
}
