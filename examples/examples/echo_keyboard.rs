//! One echo bot with a keyboard for three platforms: the bot is written once, against the
//! family traits (`common/family_echo.rs`), and run here on Telegram, Potato and CloudChat.
//!
//! ```sh
//! cargo run -p tgfamily-examples --example echo_keyboard   # three fake servers
//! TELEGRAM_TOKEN=123456:ABC… cargo run -p tgfamily-examples --example echo_keyboard
//! ```
//!
//! A platform whose token variable (`TELEGRAM_TOKEN`, `POTATO_TOKEN`, `CLOUDCHAT_TOKEN`) is
//! set runs against the real platform until Ctrl-C; the others against the fake server,
//! until the queued messages are answered.

mod common;
#[path = "common/family_echo.rs"]
mod family_echo;

use common::{Target, MESSAGES};
use tgfamily::family::{EditText, SendText};

/// Runs the bot on `target` with `bot`.
async fn run<B: SendText + EditText>(name: &str, target: &Target, bot: B) {
    let limit = match target {
        Target::Fake(_) => MESSAGES.len(),
        Target::Real(_) => usize::MAX,
    };
    let running = async {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            answered = family_echo::echo_with_keyboard(&bot, limit) => match answered {
                Ok(answered) => println!("{name}: answered {answered} messages"),
                Err(error) => eprintln!("{name}: {error}"),
            },
        }
    };
    target.run(running).await;
    if let Target::Fake(_) = target {
        if !target.done() {
            eprintln!("{name}: not every queued message was answered");
        }
    }
    target.report();
}

#[tokio::main]
async fn main() {
    let target = Target::from_env("TELEGRAM_TOKEN", &tgfamily::telegram::PROFILE).await;
    run("telegram", &target, tgfamily::telegram::Bot::with_client(target.client())).await;
    let target = Target::from_env("POTATO_TOKEN", &tgfamily::potato::PROFILE).await;
    run("potato", &target, tgfamily::potato::Bot::with_client(target.client())).await;
    let target = Target::from_env("CLOUDCHAT_TOKEN", &tgfamily::cloudchat::PROFILE).await;
    run("cloudchat", &target, tgfamily::cloudchat::Bot::with_client(target.client())).await;
}
