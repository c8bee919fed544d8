//! The sign-in deep link that opens a platform's passport screen, as its spec writes it.

use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but the RFC 3986 unreserved characters is percent-encoded.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// The sign-in link of a passport callback (the spec's `sign_in_link`): a template with
/// `{bot_id}`, `{callback_url}` and `{scope}`, and the scopes the document lists. The
/// generated constant is the platform's (`tgfamily::cloudchat::PASSPORT_SIGN_IN`).
///
/// ```
/// use tgfamily::passport::SignInLink;
///
/// const LINK: SignInLink = SignInLink {
///     template: "app://sign-in?bot={bot_id}&back={callback_url}&scope={scope}",
///     scopes: &["PROFILE", "PHONE", "USERNAME"],
///     required: &["PROFILE"],
/// };
/// let link = LINK.link(12345, "https://example.com/cb?x=1", &["USERNAME"]);
/// assert_eq!(link, "app://sign-in?bot=12345&back=https%3A%2F%2Fexample.com%2Fcb%3Fx%3D1&scope=PROFILE,USERNAME");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInLink {
    /// The link, with `{bot_id}`, `{callback_url}` and `{scope}` to fill.
    pub template: &'static str,
    /// Every scope the document lists, in the order they are written into the link.
    pub scopes: &'static [&'static str],
    /// The scopes always requested (the document makes them required).
    pub required: &'static [&'static str],
}

impl SignInLink {
    /// The link asking a user to sign in to the bot with `bot_id` (as the platform shows
    /// it), returning to `callback_url` (percent-encoded here). `scope` holds the required
    /// scopes, then those of `wanted` the document lists, each once, in the document's
    /// order, separated by `,`; a scope it does not list is left out.
    pub fn link(&self, bot_id: impl fmt::Display, callback_url: &str, wanted: &[&str]) -> String {
        let scope = self
            .scopes
            .iter()
            .filter(|s| self.required.contains(s) || wanted.contains(s))
            .copied()
            .collect::<Vec<_>>()
            .join(",");
        let bot_id = utf8_percent_encode(&bot_id.to_string(), QUERY_VALUE).to_string();
        let callback_url = utf8_percent_encode(callback_url, QUERY_VALUE).to_string();
        // One pass over the template, so a value holding a placeholder is not filled again.
        let mut out = String::with_capacity(self.template.len() + callback_url.len() + scope.len());
        let mut rest = self.template;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let after = &rest[start..];
            let filled = [("{bot_id}", &bot_id), ("{callback_url}", &callback_url), ("{scope}", &scope)]
                .into_iter()
                .find(|(name, _)| after.starts_with(name));
            match filled {
                Some((name, value)) => {
                    out.push_str(value);
                    rest = &after[name.len()..];
                }
                None => {
                    out.push('{');
                    rest = &after[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::SignInLink;

    const LINK: SignInLink = SignInLink {
        template: "x://a?b={bot_id}&c={callback_url}&s={scope}&{other}",
        scopes: &["A", "B", "C"],
        required: &["A"],
    };

    #[test]
    fn scopes_keep_the_documents_order_and_the_required_ones() {
        assert_eq!(LINK.link(1, "u", &[]), "x://a?b=1&c=u&s=A&{other}");
        assert_eq!(LINK.link(1, "u", &["C", "B", "C", "Z"]), "x://a?b=1&c=u&s=A,B,C&{other}");
    }

    #[test]
    fn values_are_encoded_and_never_filled_again() {
        assert_eq!(
            LINK.link("{scope}", "{bot_id}&", &[]),
            "x://a?b=%7Bscope%7D&c=%7Bbot_id%7D%26&s=A&{other}"
        );
    }
}
