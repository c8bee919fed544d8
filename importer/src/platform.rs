//! The `platform` section: Telegram's fixed URLs, with the Bot API version and the
//! case-insensitivity of method names read from the page.

use super::html::{Block, Section};
use codegen::spec::yaml::unplaced;
use codegen::spec::{Count, Encoding, FileMethod, Markup, Platform, RateLimits, Throttle, Verb};

/// The chapter whose first "Bot API X.Y" paragraph is the page's version.
const CHANGES: &str = "Recent changes";
/// The chapter that says whether method names are case-insensitive.
const REQUESTS: &str = "Making requests";

/// The platform section for the page.
pub fn platform(sections: &[Section]) -> Result<Platform, String> {
    let (version, released) = version(sections).ok_or(format!(
        "expected a \"Bot API X.Y\" paragraph under \"{CHANGES}\" to read the version from"
    ))?;
    Ok(Platform {
        version: Some(version.trim_start_matches("Bot API ").to_owned()),
        released: Some(released),
        name: unplaced("telegram".to_owned()),
        title: "Telegram".to_owned(),
        description: Some(format!("The Telegram Bot API ({version}).")),
        base_url: unplaced("https://api.telegram.org".to_owned()),
        url_template: unplaced("{base}/bot{token}/{method}".to_owned()),
        file_url_template: Some(unplaced("{base}/file/bot{token}/{path}".to_owned())),
        case_sensitive_methods: !says_case_insensitive(sections),
        encodings: [Encoding::Query, Encoding::Form, Encoding::Json, Encoding::Multipart]
            .map(unplaced)
            .to_vec(),
        default_verb: Some(Verb::Post),
        webhook_secret_header: None,
        // Not on the Bot API page: the Mini Apps page, "Using bots in the test environment".
        test_url_template: Some(unplaced("{base}/bot{token}/test/{method}".to_owned())),
        // "getFile … The file can then be downloaded via the link
        // https://api.telegram.org/file/bot<token>/<file_path>".
        file_method: Some(FileMethod {
            method: unplaced("getFile".to_owned()),
            path_field: unplaced("file_path".to_owned()),
        }),
        markup: Some(unplaced(Markup::MarkdownV2)),
        entity: Some(unplaced("MessageEntity".to_owned())),
        // Not on the Bot API page: the Bots FAQ, "My bot is hitting limits, how do I avoid this?".
        rate_limits: Some(RateLimits {
            private_chat: unplaced([1, 1]),
            group_chat: unplaced([20, 60]),
            overall: unplaced([30, 1]),
            source: Some(
                "Telegram's Bots FAQ, \"My bot is hitting limits, how do I avoid this?\"".to_owned(),
            ),
        }),
        throttle: Some(throttle()),
    })
}

/// The throttle's reading of the sends: the methods whose names start with `send`,
/// `forward` or `copy` and that take a `chat_id` send messages there; a chat is a group
/// when its id is negative (the page: "Unique identifier for the target chat or username
/// of the target channel"; groups and channels have negative ids); an album and a batch
/// forward or copy send one message per item.
fn throttle() -> Throttle {
    let count = |method: &str, list: &str| Count {
        method: unplaced(method.to_owned()),
        list: unplaced(list.to_owned()),
    };
    Throttle {
        sends: ["send", "forward", "copy"].map(|p| unplaced(p.to_owned())).to_vec(),
        chat: unplaced("chat_id".to_owned()),
        kind: None,
        counts: vec![
            count("sendMediaGroup", "media"),
            count("forwardMessages", "message_ids"),
            count("copyMessages", "message_ids"),
        ],
    }
}

/// Keeps the throttle's `counts` whose method is on the page with the list parameter as
/// an `Array of …` (a page whose list names a type the spec format lacks reads it as
/// `Json`, which cannot be counted).
pub fn keep_counted_lists(spec: &mut codegen::spec::Spec) {
    let methods = &spec.methods;
    let Some(throttle) = spec.platform.throttle.as_mut() else { return };
    throttle.counts.retain(|count| {
        methods
            .iter()
            .filter(|m| m.name.value == count.method.value)
            .flat_map(|m| &m.params)
            .any(|p| p.name.value == count.list.value && p.ty.value.starts_with("Array of"))
    });
}

/// The header `setWebhook`'s `secret_token` is sent in: “X-Telegram-Bot-Api-Secret-Token”
/// in "to be sent in a header “…” in every webhook request".
pub fn webhook_secret_header(methods: &[codegen::spec::Method]) -> Option<String> {
    let description = methods
        .iter()
        .find(|m| m.name.value == "setWebhook")?
        .params
        .iter()
        .find(|p| p.name.value == "secret_token")?
        .description
        .as_deref()?;
    let after = &description[description.find("header “")? + "header “".len()..];
    Some(after[..after.find('”')?].to_owned())
}

/// "Bot API 10.2": the first such paragraph of the changes chapter, and the heading of
/// its section (the release date, "July 14, 2026").
fn version(sections: &[Section]) -> Option<(String, String)> {
    sections.iter().filter(|s| s.group == CHANGES).find_map(|section| {
        section.blocks.iter().find_map(|block| match block {
            Block::Paragraph(rich) if rich.text.starts_with("Bot API ") => {
                Some((rich.text.clone(), section.name.clone()))
            }
            _ => None,
        })
    })
}

/// Whether the requests chapter lists "All methods in the Bot API are case-insensitive."
fn says_case_insensitive(sections: &[Section]) -> bool {
    sections.iter().filter(|s| s.group == REQUESTS).flat_map(|s| &s.blocks).any(|block| match block {
        Block::List(items) => {
            items.iter().any(|i| i.text.contains("methods") && i.text.contains("case-insensitive"))
        }
        _ => false,
    })
}
