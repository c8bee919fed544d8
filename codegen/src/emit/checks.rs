//! The checks of the documented rules ([`crate::spec::rules`]): `Request::check` of a method,
//! and `tgfamily::check::Check` of each object and union a bot sends that carries a rule,
//! itself or in a value it holds. Each rule is one call of a runtime helper of its kind
//! (`tgfamily::check::Path::text`, `number`, `items`), each value with rules inside one
//! call of `nested`.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::rust_type::ident;
use crate::ir::{Api, Field, Method, Object, Storage, TypeDef, TypeExpr, Union};
use crate::spec::rules::{Rule, Subject, Unit};

/// Which sent types carry a rule.
pub struct Checks {
    types: BTreeSet<String>,
}

impl Checks {
    /// The types of `sent` (those a bot sends) that carry a rule.
    pub fn of(api: &Api, sent: &BTreeSet<String>) -> Checks {
        let mut checks = Checks { types: BTreeSet::new() };
        // Each round adds a type or ends: at most one round per type.
        for _ in 0..=api.types.len() {
            let found: Vec<String> = api
                .types
                .iter()
                .filter(|t| sent.contains(t.name()) && !checks.types.contains(t.name()))
                .filter(|t| match t {
                    TypeDef::Object(object) => object.fields.iter().any(|f| checks.checks_field(f)),
                    TypeDef::Union(union) => union.variants.iter().any(|v| checks.reaches(&v.ty)),
                    TypeDef::Enum(_) => false,
                })
                .map(|t| t.name().to_owned())
                .collect();
            if found.is_empty() {
                break;
            }
            checks.types.extend(found);
        }
        checks
    }

    /// Whether the type `name` has a check.
    pub fn has(&self, name: &str) -> bool {
        self.types.contains(name)
    }

    /// Whether a value of `ty` holds a type with a check.
    fn reaches(&self, ty: &TypeExpr) -> bool {
        match ty {
            TypeExpr::Array(element) => self.reaches(element),
            TypeExpr::Named(name) => self.has(name),
            _ => false,
        }
    }

    /// Whether `field` (stored in the struct itself) has a rule or a value with one.
    fn checks_field(&self, field: &Field) -> bool {
        field.storage == Storage::Inline && (!field.rules.is_empty() || self.reaches(&field.ty))
    }

    /// The statements checking `fields` of `self`, at the path `at`.
    fn statements(&self, fields: &[Field]) -> Vec<TokenStream> {
        fields
            .iter()
            .filter(|f| self.checks_field(f))
            .map(|field| {
                let wire = &field.name;
                let name = ident(&field.rust_name);
                let rules = (!field.rules.is_empty()).then(|| {
                    let helper = ident(match Subject::of(&field.ty) {
                        Subject::Integer => "number",
                        Subject::List => "items",
                        Subject::Text | Subject::Other => "text",
                    });
                    let rules = field.rules.iter().map(|checked| rule(&checked.words, &checked.rule));
                    quote!(at.#helper(#wire, &self.#name, &[#(#rules),*])?;)
                });
                let nested = self.reaches(&field.ty).then(|| quote!(at.nested(#wire, &self.#name)?;));
                quote!(#rules #nested)
            })
            .collect()
    }

    /// `fn check` of the method's `Request` impl; nothing when no parameter has a rule.
    pub fn method(&self, method: &Method) -> TokenStream {
        let statements = self.statements(&method.params);
        if statements.is_empty() {
            return quote!();
        }
        quote! {
            fn check(&self) -> ::tgfamily::rules::Checked {
                let at = ::tgfamily::rules::Path::ROOT;
                #(#statements)*
                ::std::result::Result::Ok(())
            }
        }
    }

    /// The object's `Check` impl; nothing when it has none.
    pub fn object(&self, object: &Object) -> TokenStream {
        if !self.has(&object.name) {
            return quote!();
        }
        let name = ident(&object.name);
        let statements = self.statements(&object.fields);
        quote! {
            impl ::tgfamily::rules::Check for #name {
                fn check_at(&self, at: &::tgfamily::rules::Path<'_>) -> ::tgfamily::rules::Checked {
                    #(#statements)*
                    ::std::result::Result::Ok(())
                }
            }
        }
    }

    /// The union's `Check` impl, checking the variants with rules; nothing when it has
    /// none. `has_unknown`: the union has an `Unknown` variant.
    pub fn union(&self, union: &Union, has_unknown: bool) -> TokenStream {
        if !self.has(&union.name) {
            return quote!();
        }
        let name = ident(&union.name);
        let checked: Vec<_> = union.variants.iter().filter(|v| self.reaches(&v.ty)).collect();
        let arms = checked.iter().map(|variant| {
            let variant = ident(&variant.rust_name);
            quote!(#name::#variant(value) => value.check_at(at),)
        });
        let rest = (has_unknown || checked.len() < union.variants.len())
            .then(|| quote!(_ => ::std::result::Result::Ok(()),));
        quote! {
            impl ::tgfamily::rules::Check for #name {
                fn check_at(&self, at: &::tgfamily::rules::Path<'_>) -> ::tgfamily::rules::Checked {
                    match self {
                        #(#arms)*
                        #rest
                    }
                }
            }
        }
    }
}

/// The runtime's `Rule` for `rule`, shown as `words`.
fn rule(words: &str, rule: &Rule) -> TokenStream {
    let unsigned = |n: &u64| Literal::u64_unsuffixed(*n);
    let signed = |n: &i64| Literal::i64_unsuffixed(*n);
    match rule {
        Rule::Length { min, max, unit } => {
            let constructor = ident(match unit {
                Unit::Characters => "characters",
                Unit::Bytes => "bytes",
            });
            let (min, max) = (unsigned(min), unsigned(max));
            quote!(::tgfamily::rules::Rule::#constructor(#words, #min, #max))
        }
        Rule::Range { min, max } => {
            let (min, max) = (signed(min), signed(max));
            quote!(::tgfamily::rules::Rule::range(#words, #min, #max))
        }
        Rule::Count { min, max } => {
            let (min, max) = (unsigned(min), unsigned(max));
            quote!(::tgfamily::rules::Rule::count(#words, #min, #max))
        }
        Rule::Numeric => quote!(::tgfamily::rules::Rule::numeric(#words)),
        Rule::E164 => quote!(::tgfamily::rules::Rule::e164(#words)),
        Rule::Only(ranges) => {
            let ranges = ranges.iter().map(|(low, high)| quote!((#low, #high)));
            quote!(::tgfamily::rules::Rule::only(#words, &[#(#ranges),*]))
        }
    }
}

/// The doc line of a checked field's rules: `Checked before sending: 1-64 bytes.`
pub fn doc_line(field: &Field) -> Option<String> {
    let words: Vec<&str> = field.rules.iter().map(|checked| checked.words.as_str()).collect();
    (!words.is_empty()).then(|| format!("Checked before sending: {}.", words.join("; ")))
}
