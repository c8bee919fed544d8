//! Deeply nested inputs for the nesting tests, and the decoding paths they go through.
//!
//! Each [`Shape`] is a recursive type nested `depth` levels around a small core, built as
//! text (prefix × depth, core, suffix × depth) and, for `from_value`, as a
//! `serde_json::Value` built without recursion (and taken apart without recursion: a
//! derived drop of a 100,000-level value would itself overflow the stack).
//! [`decode`] runs one shape through one path; the probe binary `decode_probe` runs it on
//! a thread with a 2 MiB stack, so the test that spawns it sees a crash as an exit status.

use std::io::Cursor;

use serde_json::Value;
use tgfamily::polling::decode_answer;
use tgfamily::{Incoming, ReceiveUpdates};

/// A recursive type, nested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A Telegram update whose message's `pinned_message` (a `MaybeInaccessibleMessage`
    /// union) is a message, whose `pinned_message` is a message, …
    TelegramPinned,
    /// A Telegram update whose message's `reply_to_message` nests.
    TelegramReply,
    /// A Telegram update with a rich message whose paragraph's `RichText` is an array of
    /// an array of … a string.
    RichTextArrays,
    /// A Telegram update with a rich message whose paragraph's `RichText` is
    /// `{"type":"bold","text":{"type":"bold","text":…"x"}}`.
    RichTextBold,
    /// The same, alternating italic and bold (each level a different variant).
    RichTextMixed,
    /// A Telegram update with a rich message whose block is a block quotation of a block
    /// quotation of … a paragraph (`RichBlock`, a tagged union, nesting through `blocks`).
    RichBlockQuotes,
    /// A Potato update whose message's `reply_to_message` nests.
    PotatoReply,
    /// A CloudChat update whose message's `reply_to_message` nests.
    CloudChatReply,
}

/// Every shape.
pub const SHAPES: [Shape; 8] = [
    Shape::TelegramPinned,
    Shape::TelegramReply,
    Shape::RichTextArrays,
    Shape::RichTextBold,
    Shape::RichTextMixed,
    Shape::RichBlockQuotes,
    Shape::PotatoReply,
    Shape::CloudChatReply,
];

/// A way to decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// `serde_json::from_slice`.
    Slice,
    /// `serde_json::from_str`.
    Str,
    /// `serde_json::from_reader` over the bytes.
    Reader,
    /// `serde_json::from_value`, the value built without recursion (only up to 100
    /// levels: what the decoder leaves of an owned value after an error is dropped by
    /// `serde_json`, recursively, and a 1,000-level `Message` chain overflows 2 MiB there).
    Value,
    /// `Deserialize` from a borrowed `&serde_json::Value` built without recursion, at any
    /// depth (taken apart without recursion afterwards).
    ValueRef,
    /// `polling::decode_answer`, the update inside a `getUpdates` answer.
    Polling,
    /// `Incoming::from_raw`, what the webhook receiver does with a body it parsed as a raw
    /// value (when the body does not even parse as one, that is the receiver's 400).
    Webhook,
}

impl Path {
    /// The path's name on the probe's command line.
    pub fn name(self) -> &'static str {
        match self {
            Path::Slice => "from_slice",
            Path::Str => "from_str",
            Path::Reader => "from_reader",
            Path::Value => "from_value",
            Path::ValueRef => "from_value_ref",
            Path::Polling => "polling",
            Path::Webhook => "webhook",
        }
    }

    /// The path named `name`.
    pub fn named(name: &str) -> Option<Path> {
        PATHS.into_iter().find(|path| path.name() == name)
    }

    /// Whether the path is tried at `depth`: an owned `Value` is dropped by serde_json's
    /// recursive drop when a decoder gives up half-way, which overflows a 2 MiB stack
    /// beyond some thousands of levels whatever the decoder does.
    pub fn runs_at(self, depth: usize) -> bool {
        self != Path::Value || depth <= 100
    }
}

/// Every path.
pub const PATHS: [Path; 7] =
    [Path::Slice, Path::Str, Path::Reader, Path::Value, Path::ValueRef, Path::Polling, Path::Webhook];

impl Shape {
    /// The shape's name on the probe's command line.
    pub fn name(self) -> &'static str {
        match self {
            Shape::TelegramPinned => "telegram-pinned",
            Shape::TelegramReply => "telegram-reply",
            Shape::RichTextArrays => "richtext-arrays",
            Shape::RichTextBold => "richtext-bold",
            Shape::RichTextMixed => "richtext-mixed",
            Shape::RichBlockQuotes => "richblock-quotes",
            Shape::PotatoReply => "potato-reply",
            Shape::CloudChatReply => "cloudchat-reply",
        }
    }

    /// The shape named `name`.
    pub fn named(name: &str) -> Option<Shape> {
        SHAPES.into_iter().find(|shape| shape.name() == name)
    }

    /// The JSON of one level, with `@` where the next level goes, and the innermost value.
    fn level_and_core(self, level: usize) -> (&'static str, &'static str) {
        const TELEGRAM_CORE: &str =
            r#"{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"text":"end"}"#;
        match self {
            Shape::TelegramPinned => (
                r#"{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"pinned_message":@}"#,
                TELEGRAM_CORE,
            ),
            Shape::TelegramReply => (
                r#"{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"reply_to_message":@}"#,
                TELEGRAM_CORE,
            ),
            Shape::RichTextArrays => ("[@]", r#""x""#),
            Shape::RichTextBold => (r#"{"type":"bold","text":@}"#, r#""x""#),
            Shape::RichTextMixed if level.is_multiple_of(2) => (r#"{"type":"italic","text":@}"#, r#""x""#),
            Shape::RichTextMixed => (r#"{"type":"bold","text":@}"#, r#""x""#),
            Shape::RichBlockQuotes => {
                (r#"{"type":"blockquote","blocks":[@]}"#, r#"{"type":"paragraph","text":"x"}"#)
            }
            Shape::PotatoReply => (
                r#"{"message_id":1,"date":1,"from":{"id":1,"username":"u"},"chat":{"id":1,"type":1},"reply_to_message":@}"#,
                r#"{"message_id":1,"date":1,"from":{"id":1,"username":"u"},"chat":{"id":1,"type":1},"text":"end"}"#,
            ),
            Shape::CloudChatReply => (
                r#"{"message_id":1,"date":1,"chat":{"id":1,"type":2},"reply_to_message":@}"#,
                r#"{"message_id":1,"date":1,"chat":{"id":1,"type":2},"text":"end"}"#,
            ),
        }
    }

    /// The update around the nested part, with `@` where it goes.
    fn envelope(self) -> &'static str {
        match self {
            Shape::TelegramPinned | Shape::TelegramReply | Shape::PotatoReply | Shape::CloudChatReply => {
                r#"{"update_id":1,"message":@}"#
            }
            Shape::RichBlockQuotes => {
                r#"{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"rich_message":{"blocks":[@]}}}"#
            }
            Shape::RichTextArrays | Shape::RichTextBold | Shape::RichTextMixed => {
                r#"{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"rich_message":{"blocks":[{"type":"paragraph","text":@}]}}}"#
            }
        }
    }

    /// The update's JSON text, nested `depth` levels (0: the core alone).
    pub fn text(self, depth: usize) -> String {
        let (envelope_before, envelope_after) = split(self.envelope());
        let mut text = String::from(envelope_before);
        for level in 0..depth {
            text.push_str(split(self.level_and_core(level).0).0);
        }
        text.push_str(self.level_and_core(0).1);
        for level in (0..depth).rev() {
            text.push_str(split(self.level_and_core(level).0).1);
        }
        text.push_str(envelope_after);
        text
    }

    /// The update as a `Value`, nested `depth` levels, built from the inside out.
    pub fn value(self, depth: usize) -> Value {
        let mut value: Value = serde_json::from_str(self.level_and_core(0).1).expect("the core is JSON");
        for level in (0..depth).rev() {
            value = wrap(self.level_and_core(level).0, value);
        }
        wrap(self.envelope(), value)
    }
}

/// The text before and after the `@` of a template.
fn split(template: &str) -> (&str, &str) {
    template.split_once('@').expect("a template has a hole")
}

/// The template's JSON with `inner` in place of the `@`, found without recursion through
/// `inner` (the template itself is shallow).
fn wrap(template: &str, inner: Value) -> Value {
    let mut outer: Value = serde_json::from_str(&template.replace('@', "\"@\"")).expect("a template is JSON");
    let mut inner = Some(inner);
    let mut stack = vec![&mut outer];
    while let Some(node) = stack.pop() {
        match node {
            Value::String(text) if text == "@" => {
                if let Some(inner) = inner.take() {
                    *node = inner;
                }
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::Object(map) => stack.extend(map.values_mut()),
            _ => {}
        }
    }
    outer
}

/// Drops `value` without recursion.
pub fn drop_deep(value: Value) {
    let mut stack = vec![value];
    while let Some(mut node) = stack.pop() {
        match &mut node {
            Value::Array(items) => stack.append(items),
            Value::Object(map) => {
                let map = std::mem::take(map);
                stack.extend(map.into_iter().map(|(_, value)| value));
            }
            _ => {}
        }
    }
}

/// What a decode gave: `Ok`, or the error's text.
pub type Outcome = Result<(), String>;

fn outcome<T, E: std::fmt::Display>(result: Result<T, E>) -> Outcome {
    // A decoded value nested deep is the decoder's to drop: if that overflows, it is the
    // crash the tests look for.
    result.map(drop).map_err(|e| e.to_string())
}

/// Decodes `shape` nested `depth` levels through `path`, as the shape's platform update.
pub fn decode(shape: Shape, depth: usize, path: Path) -> Outcome {
    match shape {
        Shape::PotatoReply => decode_as::<tgfamily::potato::Potato>(shape, depth, path),
        Shape::CloudChatReply => decode_as::<tgfamily::cloudchat::Cloudchat>(shape, depth, path),
        _ => decode_as::<tgfamily::telegram::Telegram>(shape, depth, path),
    }
}

fn decode_as<P: ReceiveUpdates>(shape: Shape, depth: usize, path: Path) -> Outcome {
    match path {
        Path::Slice => outcome(serde_json::from_slice::<P::Update>(shape.text(depth).as_bytes())),
        Path::Str => outcome(serde_json::from_str::<P::Update>(&shape.text(depth))),
        Path::Reader => outcome(serde_json::from_reader::<_, P::Update>(Cursor::new(shape.text(depth)))),
        Path::Value => outcome(serde_json::from_value::<P::Update>(shape.value(depth))),
        Path::ValueRef => {
            let value = shape.value(depth);
            let result = outcome(<P::Update as serde::Deserialize>::deserialize(&value));
            drop_deep(value);
            result
        }
        Path::Polling => {
            let body = format!(r#"{{"ok":true,"result":[{}]}}"#, shape.text(depth));
            match decode_answer::<P>(200, body.as_bytes(), &tgfamily::Mask::new("")) {
                Ok(items) => match items.into_iter().next() {
                    Some(Incoming::Update(update)) => outcome(Ok::<_, String>(update)),
                    Some(Incoming::Undecodable(undecodable)) => Err(undecodable.error),
                    None => Err("the answer decoded to no update".to_owned()),
                },
                Err(error) => Err(error.to_string()),
            }
        }
        Path::Webhook => match serde_json::value::RawValue::from_string(shape.text(depth)) {
            Ok(raw) => match Incoming::<P::Update>::from_raw(&raw, &tgfamily::Mask::new("")) {
                Incoming::Update(update) => outcome(Ok::<_, String>(update)),
                Incoming::Undecodable(undecodable) => Err(undecodable.error),
            },
            Err(error) => Err(format!("the body is no raw value (the receiver answers 400): {error}")),
        },
    }
}
