//! The sign-in deep link that opens CloudChat's passport screen.

use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but the RFC 3986 unreserved characters is percent-encoded.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// One item of data the bot asks the user to share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// `PROFILE`: basic profile (id, names, photo). Required; always requested.
    Profile,
    /// `PHONE`: the user's phone number.
    Phone,
    /// `USERNAME`: the user's CloudChat username ("CC 號").
    Username,
}

impl Scope {
    /// All scopes, in the order they are written into the link.
    pub const ALL: [Scope; 3] = [Scope::Profile, Scope::Phone, Scope::Username];

    /// The scope's spelling in the link: `PROFILE`, `PHONE` or `USERNAME`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Profile => "PROFILE",
            Scope::Phone => "PHONE",
            Scope::Username => "USERNAME",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Builds the deep link that asks a user to sign in to the bot:
///
/// `cloudchat://resolve?domain=cloudchatpassport&bot_id=…&callback_url=…&scope=…`
///
/// `bot_id` is the bot's id as shown by `/mybot`; `callback_url` is where CloudChat
/// sends the user afterwards, percent-encoded here. `scope` always contains `PROFILE`
/// (the document makes it required), then any of `PHONE` and `USERNAME` found in
/// `scopes`, each once, in that order, separated by `,`.
///
/// ```
/// use tgfamily::passport::{login_link, Scope};
///
/// let link = login_link(12345, "https://example.com/cb?x=1", &[Scope::Username]);
/// assert_eq!(
///     link,
///     "cloudchat://resolve?domain=cloudchatpassport&bot_id=12345\
///      &callback_url=https%3A%2F%2Fexample.com%2Fcb%3Fx%3D1&scope=PROFILE,USERNAME"
/// );
/// ```
pub fn login_link(bot_id: impl fmt::Display, callback_url: &str, scopes: &[Scope]) -> String {
    let scope = Scope::ALL
        .iter()
        .filter(|s| **s == Scope::Profile || scopes.contains(s))
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(",");
    format!(
        "cloudchat://resolve?domain=cloudchatpassport&bot_id={}&callback_url={}&scope={scope}",
        utf8_percent_encode(&bot_id.to_string(), QUERY_VALUE),
        utf8_percent_encode(callback_url, QUERY_VALUE),
    )
}
