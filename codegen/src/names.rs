//! Rust names for spec names: recased with `heck`, keywords escaped, in one place.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict and reserved) that cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof",
    "unsized", "virtual", "yield",
];

/// Whether `name` is a Rust keyword.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Whether `name` is a valid plain (non-raw) Rust identifier.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
        && !is_keyword(name)
}

/// The Rust name of a field, parameter or function: `snake_case`; `type` becomes `kind`,
/// other keywords get a trailing underscore.
pub fn value_name(wire: &str) -> String {
    let snake = wire.to_snake_case();
    if snake == "type" {
        "kind".to_owned()
    } else if is_keyword(&snake) {
        format!("{snake}_")
    } else {
        snake
    }
}

/// The Rust name of a type or variant: `UpperCamelCase`.
pub fn type_name(name: &str) -> String {
    let camel = name.to_upper_camel_case();
    if is_keyword(&camel) {
        format!("{camel}_")
    } else {
        camel
    }
}

/// The name of a union variant: the variant type's name without the union's name in
/// front (`MessageOriginUser` in `MessageOrigin` is `User`), when what is left is a name.
pub fn variant_name(union: &str, variant: &str) -> String {
    match variant.strip_prefix(union) {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) => rest.to_owned(),
        _ => type_name(variant),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recases_and_escapes() {
        assert_eq!(value_name("PeerID"), "peer_id");
        assert_eq!(value_name("type"), "kind");
        assert_eq!(value_name("for"), "for_");
        assert_eq!(value_name("sendTextMessage"), "send_text_message");
        assert_eq!(type_name("sendTextMessage"), "SendTextMessage");
        assert_eq!(type_name("upload_photo"), "UploadPhoto");
        assert_eq!(variant_name("MessageOrigin", "MessageOriginUser"), "User");
        assert_eq!(variant_name("ReplyMarkup", "ForceReply"), "ForceReply");
        assert_eq!(variant_name("Chat", "Chatter"), "Chatter");
        assert!(is_identifier("peer_id") && !is_identifier("type") && !is_identifier("1a"));
    }
}
