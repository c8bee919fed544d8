//! Masking a secret (the token, a webhook secret) in text the library keeps or shows.

/// `text` with `secret` replaced by `<token>`, as it is and percent-encoded (a server
/// quoting the request URL may quote it either way).
pub(crate) fn mask(text: &str, secret: &str) -> String {
    if secret.is_empty() {
        return text.to_owned();
    }
    let mut masked = text.replace(secret, "<token>");
    if secret.contains(':') {
        for colon in ["%3A", "%3a"] {
            masked = masked.replace(&secret.replace(':', colon), "<token>");
        }
    }
    masked
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn masks_both_spellings() {
        assert_eq!(mask("a 1:x b 1%3Ax c 1%3ax", "1:x"), "a <token> b <token> c <token>");
        assert_eq!(mask("nothing", ""), "nothing");
    }
}
