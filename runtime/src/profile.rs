//! A platform as a server shows it: what a stand-in server (`tgfamily-fake-server`) needs
//! to play the platform for a bot's tests, generated from the platform's spec as its
//! `PROFILE`.

/// An error answer: the HTTP status and the envelope's `error_code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorAnswer {
    /// The HTTP status the platform answers with.
    pub status: u16,
    /// The `error_code` of the envelope.
    pub code: i64,
    /// The description, in the spec's words.
    pub description: &'static str,
}

/// A JSON object in the platform's shape, and where its variable parts are (JSON
/// pointers, `/message/chat/id`; `None` where the shape has no such part).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    /// The object's JSON text, every required field filled.
    pub json: &'static str,
    /// The update's or message's id.
    pub id: Option<&'static str>,
    /// The message's id, inside an update.
    pub message_id: Option<&'static str>,
    /// The chat's id.
    pub chat_id: Option<&'static str>,
    /// The sender's id.
    pub from_id: Option<&'static str>,
    /// The text.
    pub text: Option<&'static str>,
    /// The time (Unix seconds).
    pub date: Option<&'static str>,
}

/// How the spec's `throttle` section reads a call that sends messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendRule {
    /// Method-name prefixes of the methods that send messages.
    pub sends: &'static [&'static str],
    /// The parameter naming the chat.
    pub chat: &'static str,
    /// The integer parameter telling a chat's kind, and its values that are private
    /// chats; without it a negative id or a `@username` is a group.
    pub kind: Option<(&'static str, &'static [i64])>,
    /// Methods making one message per item of a list parameter.
    pub counts: &'static [(&'static str, &'static str)],
}

/// A platform as a server shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Profile {
    /// The platform's name (the spec's, the cargo feature's).
    pub name: &'static str,
    /// The request URL template, with `{base}`, `{token}` and `{method}`.
    pub url_template: &'static str,
    /// The test environment's request URL template, when there is one.
    pub test_url_template: Option<&'static str>,
    /// The file download URL template, with `{base}`, `{token}` and `{path}`.
    pub file_url_template: Option<&'static str>,
    /// Whether `getUpdates` takes an `offset` confirming every update below it.
    pub confirms_by_offset: bool,
    /// Whether `getUpdates` takes a long-poll `timeout`.
    pub long_poll: bool,
    /// The header carrying a webhook's secret token.
    pub webhook_secret_header: Option<&'static str>,
    /// The method that sends a text message (the family's `sendMessage`), with its
    /// chat and text parameters.
    pub send_text: Option<&'static str>,
    /// The method that edits a message's text, and whether it answers the message.
    pub edit_text: Option<(&'static str, bool)>,
    /// The answer to a wrong token.
    pub bad_token: ErrorAnswer,
    /// The answer to too many requests.
    pub rate_limited: ErrorAnswer,
    /// The answer to too many messages sent, where the platform has a code of its own
    /// for them (Potato's 3008; the spec's last rate-limit code), else `rate_limited`.
    pub rate_limited_sends: ErrorAnswer,
    /// Which calls send messages, for rate limits.
    pub sends: Option<SendRule>,
    /// The bot, as `getMe` answers it.
    pub me: Sample,
    /// A text message from a user in a private chat, as an update.
    pub text_update: Sample,
    /// What the send method answers.
    pub sent_message: Sample,
}

impl Sample {
    /// An empty object, with no variable part.
    pub const EMPTY: Sample = Sample {
        json: "{}",
        id: None,
        message_id: None,
        chat_id: None,
        from_id: None,
        text: None,
        date: None,
    };
}

impl Profile {
    /// A profile of nothing, for the generated `PROFILE`s to fill in (the struct may
    /// gain fields, so it is built from this).
    pub const EMPTY: Profile = Profile {
        name: "",
        url_template: "{base}/{token}/{method}",
        test_url_template: None,
        file_url_template: None,
        confirms_by_offset: false,
        long_poll: false,
        webhook_secret_header: None,
        send_text: None,
        edit_text: None,
        bad_token: ErrorAnswer { status: 401, code: 401, description: "Unauthorized" },
        rate_limited: ErrorAnswer { status: 429, code: 429, description: "Too Many Requests" },
        rate_limited_sends: ErrorAnswer { status: 429, code: 429, description: "Too Many Requests" },
        sends: None,
        me: Sample::EMPTY,
        text_update: Sample::EMPTY,
        sent_message: Sample::EMPTY,
    };
}
