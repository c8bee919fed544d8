//! The echo-with-keyboard bot, written once against the family traits: it runs on every
//! platform whose `Bot` implements `SendText` and `EditText` (Telegram, Potato, CloudChat).
//!
//! Each text message is echoed, then the echo is edited to carry an inline keyboard with
//! a callback button and a link button. `examples/echo_keyboard.rs` runs it; the
//! integration test `tests/tests/family_echo.rs` runs it against the fake server on each
//! platform.

use tgfamily::family::{EditText, InlineKeyboardButton, InlineKeyboardMarkup, Message, SendText, Update};
use tgfamily::polling::LongPolling;
use tgfamily::Incoming;

/// What a run of the bot can fail with: a call, or the polling's final confirmation.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The text the echo is edited to.
pub fn edited(text: &str) -> String {
    format!("{text} (echoed)")
}

/// The keyboard the echo of `text` carries: a button sending `text` back as callback
/// data, and a link.
pub fn keyboard(text: &str) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![
        InlineKeyboardButton::new("again").with_callback_data(text),
        InlineKeyboardButton::new("docs").with_url("https://docs.rs/tgfamily"),
    ]])
}

/// Answers text messages until `limit` are answered or the updates end: the same code for
/// every platform. Returns how many were answered.
pub async fn echo_with_keyboard<B: SendText + EditText>(bot: &B, limit: usize) -> Result<usize, BoxError> {
    let mut updates = LongPolling::new(bot.client().clone()).stream();
    let mut answered = 0;
    while answered < limit {
        let Some(item) = updates.next().await else { break };
        match item {
            Ok(Incoming::Update(update)) => {
                let Some(message) = update.message() else { continue };
                let Some(text) = message.text() else { continue };
                let sent = bot.send_text(message.chat(), text).await?;
                bot.edit_text(message.chat(), sent, &edited(text), Some(&keyboard(text))).await?;
                answered += 1;
            }
            Ok(Incoming::Undecodable(raw)) => eprintln!("skipped an update: {}", raw.error),
            Err(error) => eprintln!("{error} (retrying)"),
        }
    }
    updates.shutdown().await?;
    Ok(answered)
}
