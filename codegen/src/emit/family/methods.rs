//! A platform's implementation of a family method: which of its method's parameters come
//! from the family function's arguments, which from the received subject (the chat, the
//! callback query), and the request built from them.

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::quote;

use super::forms::{build, carry, family_name, object_named, platform_path, read};
use super::plan::{converts, Entry, FamilyObject, Output, Param, Reads};
use crate::emit::builders::{kind_name, kind_variant, setter_name};
use crate::emit::rust_type::ident;
use crate::ir::{Api, Field, Method, Object, Storage, TypeDef, TypeExpr};

/// The depth [`build`] may go to.
const DEPTH: usize = 8;

/// Whether `api` implements `entry` with `method`: `Ok` or why not.
pub fn check(
    api: &Api,
    method: &Method,
    entry: &Entry,
    params: &[Param],
    objects: &[FamilyObject<'_>],
    reads: &Reads<'_>,
) -> Result<(), String> {
    let objects_read = reads.members.iter().find(|(a, _)| a.platform.name == api.platform.name);
    let Some((_, Ok([update, ..]))) = objects_read else {
        return Err(format!("{} has no update, message and chat to read", api.platform.name));
    };
    if entry.subject != reads.names[2] && subject_kind(api, update, entry.subject).is_none() {
        return Err(format!(
            "{}'s `{}` has no kind carrying a `{}`",
            api.platform.name, update.name, entry.subject
        ));
    }
    body(api, method, entry, params, objects).map(drop)
}

/// The variable holding the subject (`chat`, `callback_query`).
pub fn subject_var(entry: &Entry) -> proc_macro2::Ident {
    ident(&entry.subject.to_snake_case())
}

/// The body of the trait function: an `async move` block building the request, sending it
/// and giving the output.
pub fn body(
    api: &Api,
    method: &Method,
    entry: &Entry,
    params: &[Param],
    objects: &[FamilyObject<'_>],
) -> Result<TokenStream, String> {
    let platform = &api.platform.name;
    let wire = &method.name;
    let subject = object_named(api, entry.subject);
    let subject_var = subject_var(entry);
    let prefix = format!("{}_", entry.subject.to_snake_case());
    let mut prelude = Vec::new();
    let mut args = Vec::new();
    let mut setters = Vec::new();
    let mut uses_subject = false;
    for param in params {
        if !method.params.iter().any(|p| p.name == param.name) {
            return Err(format!("{platform}'s `{wire}` has no parameter `{}`", param.name));
        }
        if !converts(objects, api, &param.form) {
            return Err(format!(
                "{platform}'s `{wire}`: `{}` has no family object on {platform}",
                param.name
            ));
        }
    }
    for field in method.params.iter().filter(|p| p.constant.is_none()) {
        let positional = field.required && field.storage == Storage::Inline;
        let setter = ident(&setter_name(field));
        if let Some(param) = params.iter().find(|p| p.name == field.name) {
            let var = ident(&param.rust_name);
            // `value` is a reference to the argument (or to what an optional one holds).
            let reference = if param.form.by_value() { quote!(&#var) } else { quote!(#var) };
            let value = build(api, &param.form, &field.ty, &quote!(value), DEPTH).ok_or_else(|| {
                format!(
                    "{platform}'s `{wire}`: `{}` ({}) is not built from the family's form",
                    field.name, field.ty
                )
            })?;
            match (param.required, positional) {
                (true, true) => args.push(quote!({ let value = #reference; #value })),
                (true, false) => {
                    setters.push(quote!(let request = { let value = #reference; request.#setter(#value) };))
                }
                (false, false) => setters.push(quote! {
                    let request = match #reference {
                        ::std::option::Option::Some(value) => request.#setter(#value),
                        ::std::option::Option::None => request,
                    };
                }),
                (false, true) => {
                    return Err(format!(
                        "{platform}'s `{wire}` requires `{}`, optional in the family",
                        field.name
                    ))
                }
            }
            continue;
        }
        let source = subject.and_then(|subject| {
            let by_prefix = field
                .name
                .strip_prefix(&prefix)
                .and_then(|rest| subject.fields.iter().find(|f| f.name == rest));
            let by_name =
                || field.required.then(|| subject.fields.iter().find(|f| f.name == field.name)).flatten();
            by_prefix.or_else(by_name).map(|source| (subject, source))
        });
        let Some((subject, source)) = source else {
            if field.required {
                return Err(format!(
                    "{platform}'s `{wire}` requires `{}`, which neither the family's arguments nor the {} give",
                    field.name, entry.subject
                ));
            }
            continue;
        };
        uses_subject = true;
        let (read_expr, optional) = read(&quote!(#subject_var), source).ok_or_else(|| {
            format!("{platform}'s `{}.{}` is not stored in the struct", subject.name, source.name)
        })?;
        let message = format!(
            "the {}'s `{}` is not in the form `{wire}`'s `{}` takes ({})",
            entry.subject, source.name, field.name, field.ty
        );
        let missing = format!(
            "the {} has no `{}`, which `{wire}`'s `{}` needs",
            entry.subject, source.name, field.name
        );
        let error = |text: &str| quote!(::tgfamily::Error::Encode { method: #wire, message: ::std::string::String::from(#text) });
        let carried =
            carry(api, &source.ty, &field.ty, &quote!(value), &error(&message)).ok_or_else(|| {
                format!(
                    "{platform}'s `{}.{}` ({}) does not become `{wire}`'s `{}` ({})",
                    subject.name, source.name, source.ty, field.name, field.ty
                )
            })?;
        let value = ident(&format!("{}_{}", subject_var, source.rust_name.trim_start_matches("r#")));
        match (optional, positional) {
            (false, _) => prelude.push(quote!(let #value = { let value = #read_expr; #carried };)),
            (true, true) => {
                let missing = error(&missing);
                prelude.push(quote! {
                    let #value = match #read_expr {
                        ::std::option::Option::Some(value) => #carried,
                        ::std::option::Option::None => return ::std::result::Result::Err(#missing),
                    };
                });
            }
            (true, false) => {
                setters.push(quote! {
                    let request = match #read_expr {
                        ::std::option::Option::Some(value) => request.#setter(#carried),
                        ::std::option::Option::None => request,
                    };
                });
                continue;
            }
        }
        if positional {
            args.push(quote!(#value));
        } else {
            setters.push(quote!(let request = request.#setter(#value);));
        }
    }
    let output = match entry.output {
        Output::Nothing => quote! {
            self.execute(&request).await?;
            ::std::result::Result::Ok(())
        },
        Output::MessageId => {
            if !returns_message_id(api, method) {
                return Err(format!("{platform}'s `{wire}` returns no object with a `message_id`"));
            }
            quote! {
                let sent = self.execute(&request).await?;
                ::std::result::Result::Ok(sent.message_id)
            }
        }
    };
    let unused = (!uses_subject).then(|| quote!(let _ = #subject_var;));
    let module = ident(platform);
    let request = ident(&method.type_name);
    Ok(quote! {
        async move {
            #unused
            #(#prelude)*
            let request = ::tgfamily::#module::methods::#request::new(#(#args),*);
            #(#setters)*
            #output
        }
    })
}

/// Whether `method` returns an object with a required, stored `message_id: Integer`.
fn returns_message_id(api: &Api, method: &Method) -> bool {
    let Some(TypeExpr::Named(name)) = &method.returns else { return false };
    let Some(TypeDef::Object(object)) = api.type_def(name) else { return false };
    object.fields.iter().any(|f: &Field| {
        f.name == "message_id"
            && f.required
            && f.storage == Storage::Inline
            && f.ty == TypeExpr::Integer
            && !f.boxed
    })
}

/// The subject's type on `api`, for the trait's associated type.
pub fn subject_type(api: &Api, entry: &Entry) -> Option<TokenStream> {
    object_named(api, entry.subject).map(|object| platform_path(api, &object.name))
}

/// The update kind that carries `subject` on `api`: the `kind` enum's path, the variant,
/// and whether it is boxed.
pub fn subject_kind(
    api: &Api,
    update: &Object,
    subject: &str,
) -> Option<(TokenStream, proc_macro2::Ident, bool)> {
    let field = update.fields.iter().find(|f| {
        f.storage == Storage::Exclusive
            && matches!(&f.ty, TypeExpr::Named(n) if family_name(api, n) == subject
                && matches!(api.type_def(n), Some(TypeDef::Object(_))))
    })?;
    let kind = platform_path(api, &kind_name(&update.name));
    Some((kind, ident(&kind_variant(field)), field.boxed))
}
