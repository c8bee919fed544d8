//! An echo bot for Telegram that receives its updates by webhook.
//!
//! ```sh
//! cargo run -p tgfamily-examples --example webhook_telegram   # fake server
//! TELEGRAM_TOKEN=123456:ABC… WEBHOOK_URL=https://bot.example.com \
//!   WEBHOOK_LISTEN=127.0.0.1:8080 cargo run -p tgfamily-examples --example webhook_telegram
//! ```
//!
//! Against the real platform, `WEBHOOK_URL` is the public HTTPS address of a proxy that
//! forwards to `WEBHOOK_LISTEN` (the receiver speaks plain HTTP). The secret path and the
//! secret token are made up at each start and given to `setWebhook`.

mod common;

use std::net::SocketAddr;

use tgfamily::telegram::{Bot, Telegram, UpdateKind};
use tgfamily::webhook::Webhook;
use tgfamily::Incoming;

/// A secret made of the clock and the process id: good enough for an example; use a real
/// random generator in a bot.
fn made_up_secret() -> String {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    format!("{:x}{:x}", nanos, std::process::id())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target = common::Target::from_env("TELEGRAM_TOKEN", &tgfamily::telegram::PROFILE).await;
    let listen: SocketAddr =
        std::env::var("WEBHOOK_LISTEN").unwrap_or_else(|_| "127.0.0.1:0".to_owned()).parse()?;
    let path = format!("/hook/{}", made_up_secret());
    let secret_token = made_up_secret();
    let (server, mut updates) =
        Webhook::<Telegram>::new(path.clone()).secret_token(secret_token.clone()).bind(listen).await?;
    let public_url = match &target {
        common::Target::Real(_) => std::env::var("WEBHOOK_URL")?,
        common::Target::Fake(_) => format!("http://{}", server.local_addr()),
    };
    let bot = Bot::with_client(target.client::<Telegram>());
    bot.set_webhook(format!("{public_url}{path}")).secret_token(secret_token).await?;
    println!("receiving updates on {}", server.local_addr());
    let running = async {
        while !target.done() {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => break,
                incoming = updates.next() => match incoming {
                    Some(Incoming::Update(update)) => {
                        let Some(UpdateKind::Message(message)) = update.kind else { continue };
                        let Some(text) = message.text else { continue };
                        if let Err(error) = bot.send_message(message.chat.id, text).await {
                            eprintln!("could not answer: {error}");
                        }
                    }
                    Some(Incoming::Undecodable(raw)) => eprintln!("skipped an update: {}", raw.error),
                    None => break,
                },
            }
        }
    };
    target.run(running).await;
    bot.delete_webhook().await?;
    server.shutdown().await;
    target.report();
    Ok(())
}
