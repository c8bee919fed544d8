//! An echo bot for Telegram: answers every text message with its text, by long polling.
//!
//! ```sh
//! cargo run -p tgfamily-examples --example echo_telegram                    # fake server
//! TELEGRAM_TOKEN=123456:ABC… cargo run -p tgfamily-examples --example echo_telegram
//! ```
//!
//! Stopping with Ctrl-C confirms the updates answered, so a restart does not answer them
//! again.

mod common;

use tgfamily::polling::LongPolling;
use tgfamily::telegram::{Bot, Telegram, UpdateKind, UpdateType};
use tgfamily::Incoming;

#[tokio::main]
async fn main() -> Result<(), tgfamily::telegram::Error> {
    let target = common::Target::from_env("TELEGRAM_TOKEN", &tgfamily::telegram::PROFILE).await;
    let bot = Bot::with_client(target.client::<Telegram>());
    let me = bot.get_me().await?;
    println!("echoing as {}", me.first_name);
    let mut updates = LongPolling::new(bot.client().clone()).allowed_updates([UpdateType::Message]).stream();
    let running = async {
        while !target.done() {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => break,
                item = updates.next() => match item {
                    Some(Ok(Incoming::Update(update))) => {
                        let Some(UpdateKind::Message(message)) = update.kind else { continue };
                        let Some(text) = message.text else { continue };
                        if let Err(error) = bot.send_message(message.chat.id, text).await {
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
