//! An echo bot for CloudChat: answers every text message with its text, by long polling.
//!
//! ```sh
//! cargo run -p tgfamily-examples --example echo_cloudchat                   # fake server
//! CLOUDCHAT_TOKEN=123456:ABC… cargo run -p tgfamily-examples --example echo_cloudchat
//! ```
//!
//! CloudChat's `getUpdates` documents no offset: the server alone decides what it sends
//! again.

mod common;

use tgfamily::cloudchat::{Bot, ChatKind, ChatType, ChatTypeName, Cloudchat};
use tgfamily::polling::LongPolling;
use tgfamily::Incoming;

/// The chat type a send needs, from the chat type a message has.
fn chat_type(kind: ChatKind) -> ChatType {
    match kind {
        ChatKind::ChatType(chat_type) => chat_type,
        ChatKind::ChatTypeName(ChatTypeName::Private) => ChatType::UserToUser,
        ChatKind::ChatTypeName(_) => ChatType::ChannelOrGroup,
        // A form a later spec adds: the library decodes it, the example treats it as a group.
        _ => ChatType::ChannelOrGroup,
    }
}

#[tokio::main]
async fn main() -> Result<(), tgfamily::cloudchat::Error> {
    let target = common::Target::from_env("CLOUDCHAT_TOKEN", &tgfamily::cloudchat::PROFILE).await;
    let bot = Bot::with_client(target.client::<Cloudchat>());
    let me = bot.get_me().await?;
    println!("echoing as {}", me.first_name);
    let mut updates = LongPolling::new(bot.client().clone()).stream();
    let running = async {
        while !target.done() {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => break,
                item = updates.next() => match item {
                    Some(Ok(Incoming::Update(update))) => {
                        let Some(message) = update.message() else { continue };
                        let Some(text) = &message.text else { continue };
                        let kind = chat_type(message.chat.kind.clone());
                        if let Err(error) = bot.send_text_message(message.chat.id, kind, text.as_str()).await {
                            eprintln!("could not answer: {error}");
                        }
                    }
                    Some(Ok(Incoming::Undecodable(raw))) => eprintln!("skipped an update: {}", raw.error),
                    Some(Err(error)) => eprintln!("{error} (retrying)"),
                    None => break,
                },
            }
        }
    };
    target.run(running).await;
    updates.shutdown().await?;
    target.report();
    Ok(())
}
