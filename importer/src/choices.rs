//! Values a description lists as the only ones a String takes: “Type of the chat, can be
//! either “private”, “group”, “supergroup” or “channel””. Such a field becomes an enum
//! (see [`super::enums`]). The accepted wordings are listed in `docs/telegram-import.md`.

/// The words that introduce a closed list of values, longest first (so that "can be
/// either" is not read as "can be"). Matched as whole words, in any case.
pub const PHRASES: &[&str] = &[
    "can be either",
    "must be either",
    "must be one of",
    "can be one of",
    "currently one of",
    "is one of",
    "can be",
    "one of",
    "either",
    "pass",
];

/// The values a description lists after one of [`PHRASES`]: at least two values in
/// “curly quotes”, each a lower-case word (letters, digits, underscores), each optionally
/// followed by words about it (“static” for a .WEBP image, “mention” (@username)), and
/// separated by `,`, `or` or `, or`; the list ends with its sentence. `None` when the
/// description lists no such values (an example such as `for example, “h264” or “h265”`
/// is not a list of all values).
pub fn listed_values(description: &str) -> Option<Vec<String>> {
    let lower = description.to_lowercase();
    let mut starts: Vec<(usize, &str)> = PHRASES
        .iter()
        .flat_map(|phrase| lower.match_indices(phrase).map(move |(at, _)| (at, *phrase)))
        .filter(|&(at, phrase)| whole_word(&lower, at, phrase.len()))
        .collect();
    starts.sort_by_key(|&(at, phrase)| (at, std::cmp::Reverse(phrase.len())));
    starts.into_iter().find_map(|(at, phrase)| {
        let rest = description.get(at + phrase.len()..)?;
        let rest = rest.strip_prefix(' ')?;
        list(rest).filter(|values| values.len() >= 2)
    })
}

/// Whether `text[at..at + len]` is not part of a longer word.
fn whole_word(text: &str, at: usize, len: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at + len..].chars().next();
    before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
}

/// The values of a list that starts `text`: “a”, “b” … up to the end of the sentence.
fn list(text: &str) -> Option<Vec<String>> {
    let mut values = Vec::new();
    let mut rest = text;
    loop {
        let after_open = rest.strip_prefix('“')?;
        let close = after_open.find('”')?;
        let value = &after_open[..close];
        if !is_value(value) {
            return None;
        }
        values.push(value.to_owned());
        let after = &after_open[close + '”'.len_utf8()..];
        // The words about this value and the separator before the next one.
        let Some(next) = after.find('“') else { return Some(values) };
        let between = &after[..next];
        if ends_sentence(between) || !separates(between) {
            return Some(values);
        }
        rest = &after[next..];
    }
}

/// Whether the words between two values end with a list separator.
fn separates(between: &str) -> bool {
    between.ends_with(", ") || between.ends_with(" or ")
}

/// Whether `text` ends a sentence before its end ("… chin. For …").
fn ends_sentence(text: &str) -> bool {
    text.contains(". ") || text.contains("; ")
}

/// A listed value: a lower-case word of letters, digits and underscores.
fn is_value(value: &str) -> bool {
    value.starts_with(|c: char| c.is_ascii_lowercase())
        && value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::listed_values;

    /// One description per accepted wording (docs/telegram-import.md lists them), with
    /// the values it lists.
    const WORDINGS: &[(&str, &[&str])] = &[
        ("Type of the chat, can be either “private”, “group”, “supergroup” or “channel”", &["private", "group", "supergroup", "channel"]),
        ("Poll type, currently can be “regular” or “quiz”", &["regular", "quiz"]),
        ("Type of the entity. Currently, can be “mention” (@username), “url” (https://telegram.org), or “date_time” (for formatted date and time)", &["mention", "url", "date_time"]),
        ("Format of the sticker, must be one of “static”, “animated”, “video”", &["static", "animated", "video"]),
        ("Format, must be one of “static” for a .WEBP or .PNG image, “animated” for a .TGS animation, or “video” for a .WEBM video", &["static", "animated", "video"]),
        ("Result of the query. Must be either “approve” to allow the user to join the chat, “decline” to disallow, or “queue” to wait.", &["approve", "decline", "queue"]),
        ("The new state. Currently, it can be one of “canceled” if the user canceled it, “active” if re-enabled, or “failed” if payment failed.", &["canceled", "active", "failed"]),
        ("Type of the sticker, currently one of “regular”, “mask”, “custom_emoji”. The type is independent from its format.", &["regular", "mask", "custom_emoji"]),
        ("Reason for the refund. Currently, one of “post_deleted” if the post was deleted, or “payment_refunded” if refunded.", &["post_deleted", "payment_refunded"]),
        ("Element type. One of “personal_details”, “passport”, “address”", &["personal_details", "passport", "address"]),
        ("Origin of the gift. Currently, either “upgrade” for upgraded gifts, “transfer” for transferred gifts", &["upgrade", "transfer"]),
        ("Type of stickers in the set, pass “regular”, “mask”, or “custom_emoji”. By default, a regular set is created.", &["regular", "mask", "custom_emoji"]),
        ("The section, is one of “utility_bill”, “bank_statement”", &["utility_bill", "bank_statement"]),
        ("The part of the face. One of “forehead”, “eyes”, “mouth”, or “chin”.", &["forehead", "eyes", "mouth", "chin"]),
    ];

    #[test]
    fn reads_every_accepted_wording() {
        for (description, values) in WORDINGS {
            let expected: Vec<String> = values.iter().map(|v| v.to_string()).collect();
            assert_eq!(listed_values(description), Some(expected), "{description}");
        }
    }

    #[test]
    fn examples_remarks_and_single_values_list_nothing() {
        for description in [
            "Codec that was used to encode the video, for example, “h264”, “h265”, or “av01”",
            "List of search keywords. For “regular” and “custom_emoji” stickers only.",
            "Data; available only for “personal_details” and “passport” types.",
            "Type of the chat, always “private”",
            "Currency, can be “XTR”",
            "The label type; must be one of “a” for lowercase letters, “A” for uppercase letters",
            "Text of the message, can be “bold” text. Or “italic”",
            "Surpass “x” and “y”",
        ] {
            assert_eq!(listed_values(description), None, "{description}");
        }
    }
}
