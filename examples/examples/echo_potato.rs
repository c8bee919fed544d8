//! An echo bot for Potato: answers every text message with its text, by long polling.
//!
//! ```sh
//! cargo run -p tgfamily-examples --example echo_potato                  # fake server
//! POTATO_TOKEN=123456:ABC… cargo run -p tgfamily-examples --example echo_potato
//! ```
//!
//! Potato's `getUpdates` has no offset: the server alone decides what it sends again.

mod common;

use tgfamily::polling::LongPolling;
use tgfamily::potato::{Bot, Potato, UpdateKind};
use tgfamily::Incoming;

#[tokio::main]
async fn main() -> Result<(), tgfamily::potato::Error> {
    let target = common::Target::from_env("POTATO_TOKEN", &tgfamily::potato::PROFILE).await;
    let bot = Bot::with_client(target.client::<Potato>());
    let me = bot.get_me().await?;
    println!("echoing as @{}", me.username);
    let mut updates = LongPolling::new(bot.client().clone()).stream();
    let running = async {
        while !target.done() {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => break,
                item = updates.next() => match item {
                    Some(Ok(Incoming::Update(update))) => {
                        let Some(UpdateKind::Message(message)) = update.kind else { continue };
                        let Some(text) = message.text else { continue };
                        if let Err(error) = bot.send_text_message(message.chat.kind, message.chat.id, text).await {
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
