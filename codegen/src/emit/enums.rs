//! `enums.rs` and `errors.rs`: enumerations and error codes that keep unknown values.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::type_doc;
use super::docs::Doc;
use super::rust_type::ident;
use crate::ir::{Api, ConstValue, Enum, EnumKind, ErrorCode, TypeDef};

/// The contents of `enums.rs`.
pub fn enums_file(api: &Api) -> TokenStream {
    let items = api.types.iter().filter_map(|t| match t {
        TypeDef::Enum(enumeration) => Some(enum_item(enumeration)),
        _ => None,
    });
    quote! {
        //! Enumerations. Each keeps values it does not know and writes them back unchanged.
        #(#items)*
    }
}

fn enum_item(enumeration: &Enum) -> TokenStream {
    let doc = type_doc(
        &enumeration.name,
        enumeration.description.as_deref(),
        &enumeration.links,
        &enumeration.errata,
    )
    .tokens();
    let variants: Vec<Variant> = enumeration
        .values
        .iter()
        .map(|value| {
            let mut doc = Doc::new(value.description.as_deref());
            doc.or_else(|| value.name.clone());
            doc.paragraph(&format!(
                "Wire value: {}{}.",
                value.value,
                documented_name(&value.name, &value.rust_name)
            ));
            doc.errata(&value.errata);
            if !value.also.is_empty() {
                let forms: Vec<String> = value.also.iter().map(ToString::to_string).collect();
                doc.paragraph(&format!("Also read from: {} (written as {}).", forms.join(", "), value.value));
            }
            Variant {
                name: ident(&value.rust_name),
                doc: doc.tokens(),
                value: value.value.clone(),
                also: value.also.clone(),
            }
        })
        .collect();
    let forms = variants.iter().flat_map(|v| std::iter::once(&v.value).chain(&v.also));
    let both_kinds = forms.clone().any(|f| matches!(f, ConstValue::Integer(_)))
        && forms.clone().any(|f| matches!(f, ConstValue::String(_)));
    match enumeration.kind {
        _ if both_kinds => two_kind_enum(&enumeration.name, doc, &variants),
        EnumKind::Integer => integer_enum(&enumeration.name, doc, &variants, None),
        EnumKind::String => string_enum(&enumeration.name, doc, &variants),
    }
}

/// One variant: its Rust name, doc attributes, wire value and other forms read as it.
struct Variant {
    name: proc_macro2::Ident,
    doc: TokenStream,
    value: ConstValue,
    also: Vec<ConstValue>,
}

impl Variant {
    /// The match pattern of the forms of one kind (integers or strings) read as this
    /// variant: `2 | 3`; `None` when it has no form of that kind.
    fn pattern(&self, integers: bool) -> Option<TokenStream> {
        let forms: Vec<_> = std::iter::once(&self.value)
            .chain(&self.also)
            .filter(|f| matches!(f, ConstValue::Integer(_)) == integers)
            .map(literal)
            .collect();
        (!forms.is_empty()).then(|| quote!(#(#forms)|*))
    }
}

/// A wire value as a literal token.
fn literal(value: &ConstValue) -> proc_macro2::Literal {
    match value {
        ConstValue::Integer(number) => proc_macro2::Literal::i64_unsuffixed(*number),
        ConstValue::String(text) => proc_macro2::Literal::string(text),
    }
}

/// ` (documented as Name)` when the Rust name differs from the documented one.
fn documented_name(documented: &str, rust: &str) -> String {
    if documented == rust {
        String::new()
    } else {
        format!(" (documented as `{documented}`)")
    }
}

/// An integer-valued enum with `Unknown(i64)`; `extra` adds items to its `impl`.
fn integer_enum(
    name: &str,
    doc: TokenStream,
    variants: &[Variant],
    extra: Option<TokenStream>,
) -> TokenStream {
    let name = ident(name);
    let declarations = variants.iter().map(|Variant { name, doc, .. }| quote!(#doc #name,));
    let to_value = variants.iter().map(|v| {
        let (variant, value) = (&v.name, literal(&v.value));
        quote!(#name::#variant => #value,)
    });
    let from_value = variants.iter().filter_map(|v| {
        let (variant, pattern) = (&v.name, v.pattern(true)?);
        Some(quote!(#pattern => #name::#variant,))
    });
    let from_body = if variants.is_empty() {
        quote!(#name::Unknown(value))
    } else {
        quote!(match value { #(#from_value)* other => #name::Unknown(other) })
    };
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#declarations)*
            /// A value this spec does not know.
            Unknown(i64),
        }
        impl #name {
            /// The wire value.
            pub fn value(self) -> i64 {
                match self { #(#to_value)* #name::Unknown(value) => value }
            }
            #extra
        }
        impl ::std::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                #from_body
            }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <i64 as ::serde::Deserialize>::deserialize(deserializer).map(#name::from)
            }
        }
    }
}

fn string_enum(name: &str, doc: TokenStream, variants: &[Variant]) -> TokenStream {
    let name = ident(name);
    let declarations = variants.iter().map(|Variant { name, doc, .. }| quote!(#doc #name,));
    let to_str = variants.iter().map(|v| {
        let (variant, value) = (&v.name, literal(&v.value));
        quote!(#name::#variant => #value,)
    });
    let from_str = variants.iter().filter_map(|v| {
        let (variant, pattern) = (&v.name, v.pattern(false)?);
        Some(quote!(#pattern => #name::#variant,))
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#declarations)*
            /// A value this spec does not know.
            Other(::std::string::String),
        }
        impl #name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self { #(#to_str)* #name::Other(value) => value }
            }
        }
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value { #(#from_str)* other => #name::Other(other.to_owned()) }
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::tgfamily::__private::deserialize_str(deserializer, |value| #name::from(value))
            }
        }
    }
}

/// An enum whose wire forms are of both kinds: each value is read from any of its forms
/// and written as its `value`; unknown integers are kept as `Unknown(i64)`, unknown
/// strings as `Other(String)`, and both are written back unchanged.
fn two_kind_enum(name: &str, doc: TokenStream, variants: &[Variant]) -> TokenStream {
    let name = ident(name);
    let declarations = variants.iter().map(|Variant { name, doc, .. }| quote!(#doc #name,));
    let write = variants.iter().map(|v| {
        let variant = &v.name;
        match &v.value {
            ConstValue::Integer(number) => quote!(#name::#variant => serializer.serialize_i64(#number),),
            ConstValue::String(text) => quote!(#name::#variant => serializer.serialize_str(#text),),
        }
    });
    let arms = |integers: bool| -> Vec<TokenStream> {
        variants
            .iter()
            .filter_map(|v| {
                let (variant, pattern) = (&v.name, v.pattern(integers)?);
                Some(quote!(#pattern => #name::#variant,))
            })
            .collect()
    };
    let (from_integer, from_str) = (arms(true), arms(false));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#declarations)*
            /// An integer this spec does not know.
            Unknown(i64),
            /// A string this spec does not know.
            Other(::std::string::String),
        }
        impl ::std::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                match value { #(#from_integer)* other => #name::Unknown(other) }
            }
        }
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value { #(#from_str)* other => #name::Other(other.to_owned()) }
            }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#write)*
                    #name::Unknown(value) => serializer.serialize_i64(*value),
                    #name::Other(value) => serializer.serialize_str(value),
                }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::tgfamily::__private::deserialize_integer_or_str(deserializer, #name::from, |value| #name::from(value))
            }
        }
    }
}

/// The contents of `errors.rs`: the platform's `ErrorCode`.
pub fn errors_file(api: &Api) -> TokenStream {
    let variants: Vec<Variant> = api
        .error_codes
        .iter()
        .map(|code| {
            let mut doc = Doc::new(code.description.as_deref());
            doc.paragraph(&format!("Code {}.", code.code));
            if code.rate_limit {
                doc.paragraph(
                    "A rate limit: the request was not carried out and may be sent again after a delay.",
                );
            }
            doc.errata(&code.errata);
            Variant {
                name: ident(&code.rust_name),
                doc: doc.tokens(),
                value: ConstValue::Integer(code.code),
                also: Vec::new(),
            }
        })
        .collect();
    let extra = error_code_methods(&api.error_codes);
    let names = api.error_codes.iter().map(|code| {
        let variant = ident(&code.rust_name);
        let shown = format!("{} {}", code.code, code.rust_name);
        quote!(ErrorCode::#variant => f.write_str(#shown),)
    });
    let doc = Doc::new(Some(&format!(
        "The error codes of {}. Codes the spec does not list are kept as `Unknown`.",
        api.platform.title
    )))
    .tokens();
    let item = integer_enum("ErrorCode", doc, &variants, Some(extra));
    let kinds = error_kinds(api);
    quote! {
        //! Error codes, and the kinds of error the spec's catalogue of descriptions knows.
        #item
        #kinds
        impl ::tgfamily::ErrorCodeKind for ErrorCode {
            fn code(&self) -> i64 { self.value() }
            fn is_rate_limit(&self) -> bool { ErrorCode::is_rate_limit(*self) }
        }
        /// The code and its name (`429 TooManyRequests`), or the code alone for one the spec
        /// does not list; the documentation of the code is [`ErrorCode::description`].
        impl ::std::fmt::Display for ErrorCode {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#names)*
                    ErrorCode::Unknown(value) => write!(f, "{value}"),
                }
            }
        }
    }
}

/// `ErrorKind`: the platform's known error descriptions (its error catalogue), matched
/// by code and description prefix, first entry first.
fn error_kinds(api: &Api) -> TokenStream {
    let entries = &api.error_descriptions;
    let variants = entries.iter().map(|entry| {
        let mut doc = Doc::new(Some(&format!("`{}`, `{}…`", entry.code, entry.prefix)));
        doc.paragraph(&format!("Source: {}", entry.source));
        if entry.rate_limit {
            doc.paragraph(
                "A rate limit: the request was not carried out and may be sent again after a delay.",
            );
        }
        let doc = doc.tokens();
        let name = ident(&entry.rust_name);
        quote!(#doc #name,)
    });
    let table = entries.iter().map(|entry| {
        let (code, prefix, name) = (entry.code, &entry.prefix, ident(&entry.rust_name));
        quote!((#code, #prefix, ErrorKind::#name),)
    });
    let prefixes = entries.iter().map(|entry| {
        let (prefix, name) = (&entry.prefix, ident(&entry.rust_name));
        quote!(ErrorKind::#name => ::std::option::Option::Some(#prefix),)
    });
    let StringKinds { variants: string_variants, methods: string_methods, lookup: string_lookup } =
        string_kinds(api);
    let rate_limited: Vec<_> = entries.iter().filter(|e| e.rate_limit).map(|e| ident(&e.rust_name)).collect();
    let is_rate_limit = if rate_limited.is_empty() {
        quote!(let _ = self; false)
    } else {
        quote!(matches!(self, #(ErrorKind::#rate_limited)|*))
    };
    let doc = Doc::new(Some(&format!(
        "What an error of {} is, read from its code and description by the spec's catalogue of known descriptions (`spec/errors/{}.yaml`). Descriptions it does not know are `Unknown`; the error keeps the description as sent.",
        api.platform.title, api.platform.name
    )))
    .tokens();
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorKind {
            #(#variants)*
            #(#string_variants)*
            /// A description the catalogue does not know.
            Unknown,
        }
        impl ErrorKind {
            /// The catalogue, in matching order: code, description prefix, kind.
            const CATALOGUE: &'static [(i64, &'static str, ErrorKind)] = &[#(#table)*];
            /// The kind of an error with `code` and `description`: the first catalogue
            /// entry with that code whose prefix starts the description.
            pub fn of(code: i64, description: &str) -> ErrorKind {
                ErrorKind::CATALOGUE
                    .iter()
                    .find(|(known, prefix, _)| *known == code && description.starts_with(prefix))
                    .map_or(ErrorKind::Unknown, |entry| entry.2)
            }
            /// The description prefix the kind matches; `None` for `Unknown`.
            pub fn prefix(self) -> ::std::option::Option<&'static str> {
                #[allow(clippy::match_single_binding)]
                match self {
                    #(#prefixes)*
                    _ => ::std::option::Option::None,
                }
            }
            /// Whether the kind is a rate limit.
            pub fn is_rate_limit(self) -> bool {
                #is_rate_limit
            }
            #string_methods
        }
        impl ::tgfamily::ErrorCatalogue for ErrorCode {
            type Kind = ErrorKind;
            fn kind_of(code: i64, description: &str) -> ErrorKind {
                ErrorKind::of(code, description)
            }
            fn kind_is_rate_limit(kind: ErrorKind) -> bool {
                kind.is_rate_limit()
            }
            #string_lookup
        }
    }
}

/// The parts of `ErrorKind` for the spec's string error codes (`error_strings`): nothing
/// for a platform without them.
struct StringKinds {
    variants: Vec<TokenStream>,
    methods: TokenStream,
    lookup: TokenStream,
}

fn string_kinds(api: &Api) -> StringKinds {
    let strings = &api.error_strings;
    if strings.is_empty() {
        return StringKinds { variants: Vec::new(), methods: quote!(), lookup: quote!() };
    }
    let variants = strings
        .iter()
        .map(|entry| {
            let mut doc = Doc::new(entry.description.as_deref());
            doc.paragraph(&format!("The error string `{}`.", entry.value));
            doc.errata(&entry.errata);
            let doc = doc.tokens();
            let name = ident(&entry.rust_name);
            quote!(#doc #name,)
        })
        .collect();
    let table = strings.iter().map(|entry| {
        let (value, name) = (&entry.value, ident(&entry.rust_name));
        quote!((#value, ErrorKind::#name),)
    });
    let methods = quote! {
        /// The platform's string error codes, as sent, with their kinds.
        const STRINGS: &'static [(&'static str, ErrorKind)] = &[#(#table)*];
        /// The kind of the string error code `error` (`ACCESS_TOKEN_INVALID`); `None` for a
        /// string the spec does not list (the error keeps it as sent).
        pub fn of_string(error: &str) -> ::std::option::Option<ErrorKind> {
            ErrorKind::STRINGS.iter().find(|(known, _)| *known == error).map(|entry| entry.1)
        }
        /// The string error code the kind stands for; `None` for kinds read from a
        /// description, and for `Unknown`.
        pub fn error_string(self) -> ::std::option::Option<&'static str> {
            ErrorKind::STRINGS.iter().find(|(_, kind)| *kind == self).map(|entry| entry.0)
        }
    };
    let lookup = quote! {
        fn kind_of_string(error: &str) -> ::std::option::Option<ErrorKind> {
            ErrorKind::of_string(error)
        }
    };
    StringKinds { variants, methods, lookup }
}

fn error_code_methods(codes: &[ErrorCode]) -> TokenStream {
    let rate_limited: Vec<_> = codes.iter().filter(|c| c.rate_limit).map(|c| ident(&c.rust_name)).collect();
    let is_rate_limit = if rate_limited.is_empty() {
        quote!(let _ = self; false)
    } else {
        quote!(matches!(self, #(ErrorCode::#rate_limited)|*))
    };
    let descriptions = codes.iter().filter_map(|code| {
        let variant = ident(&code.rust_name);
        code.description
            .as_ref()
            .map(|text| quote!(ErrorCode::#variant => ::std::option::Option::Some(#text),))
    });
    quote! {
        /// Whether the server refused the request for rate: it was not carried out and may
        /// be sent again after a delay.
        pub fn is_rate_limit(self) -> bool {
            #is_rate_limit
        }
        /// The document's description of the code.
        pub fn description(self) -> ::std::option::Option<&'static str> {
            #[allow(clippy::match_single_binding)]
            match self {
                #(#descriptions)*
                _ => ::std::option::Option::None,
            }
        }
    }
}
