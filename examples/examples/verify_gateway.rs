//! Sends a verification code with the Telegram Gateway API and checks the code the user
//! typed, against the fake Gateway server on 127.0.0.1 (which stands in for the user: it
//! tells the example the code it sent). Delivery reports come to a signed-callback
//! receiver on 127.0.0.1.
//!
//! ```sh
//! cargo run -p tgfamily-examples --example verify_gateway
//! ```

use fake_server::GatewayServer;
use tgfamily::callback::{CallbackReceiver, Verifier};
use tgfamily::gateway::{Bot, DeliveryReport, Gateway, VerificationState, DELIVERY_REPORT};
use tgfamily::Client;

/// A made-up access token, known to the fake server only.
const TOKEN: &str = "AAHGhAAAAAAAfwX3sJbIBTPPY2zX0Cs8tVe1yUNLnu3zJQ";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = GatewayServer::start(TOKEN).await;
    let (reports_server, mut reports) =
        CallbackReceiver::<DeliveryReport>::new("/gateway-reports", Verifier::new(&DELIVERY_REPORT, TOKEN))
            .bind("127.0.0.1:0".parse()?)
            .await?;
    let callback_url = format!("http://{}/gateway-reports", reports_server.local_addr());

    let bot = Bot::with_client(Client::<Gateway>::new(TOKEN).with_base_url(server.base_url()));
    let sent =
        bot.send_verification_message("+15551234567").code_length(6).callback_url(callback_url).await?;
    println!("sent request {} (cost {})", sent.request_id, sent.request_cost);
    if let Some(report) = reports.next().await {
        let state = report.delivery_status.map(|status| status.status);
        println!("delivery report for {}: {state:?}", report.request_id);
    }

    // What the user typed: here, the code the fake server sent.
    let typed = server.code_of(&sent.request_id).ok_or("the fake server sent no code")?;
    let checked = bot.check_verification_status(sent.request_id.as_str()).code(typed.as_str()).await?;
    match checked.verification_status.map(|verdict| verdict.status) {
        Some(VerificationState::CodeValid) => println!("code {typed} is valid"),
        other => println!("code {typed} is not accepted: {other:?}"),
    }
    reports_server.shutdown().await;
    Ok(())
}
