//! What the echo examples share: where to run (the fake server, or the real platform when
//! a token is given) and how long (a few messages, or until Ctrl-C).

use std::time::Duration;

use fake_server::{FakeServer, Platform};

/// Where an example runs.
pub enum Target {
    /// The real platform, with this token, until Ctrl-C.
    Real(String),
    /// The fake server on loopback, with a few messages queued; the example stops once it
    /// has answered them.
    Fake(FakeServer),
}

/// The messages queued on the fake server.
pub const MESSAGES: [&str; 3] = ["hello", "is anybody there?", "bye"];

impl Target {
    /// The real platform when `token_var` is set, else the fake server for `platform`.
    pub async fn from_env(token_var: &str, platform: Platform) -> Target {
        match std::env::var(token_var) {
            Ok(token) if !token.is_empty() => Target::Real(token),
            _ => {
                let server = FakeServer::start_for(platform).await;
                for (n, text) in MESSAGES.iter().enumerate() {
                    server.push_text_message(20216742 + n as i64, text);
                }
                println!("no {token_var}: running against the fake server at {}", server.base_url());
                Target::Fake(server)
            }
        }
    }

    /// A client for the target (the fake server gets a made-up token).
    pub fn client<P: tgfamily::Platform>(&self) -> tgfamily::Client<P> {
        match self {
            Target::Real(token) => tgfamily::Client::new(token.clone()),
            Target::Fake(server) => {
                tgfamily::Client::new("123456:fake-token").with_base_url(server.base_url())
            }
        }
    }

    /// Whether the example is done: every queued message answered on the fake server.
    /// On the real platform, never.
    pub fn done(&self) -> bool {
        match self {
            Target::Real(_) => false,
            Target::Fake(server) => server.sent_messages().len() >= MESSAGES.len(),
        }
    }

    /// Runs the bot loop `running`: on the fake server for at most 30 s.
    pub async fn run(&self, running: impl std::future::Future<Output = ()>) {
        match self {
            Target::Real(_) => running.await,
            Target::Fake(_) => {
                if tokio::time::timeout(FAKE_RUN_LIMIT, running).await.is_err() {
                    eprintln!("gave up waiting for the fake server");
                }
            }
        }
    }

    /// What the fake server got, printed at the end.
    pub fn report(&self) {
        if let Target::Fake(server) = self {
            for message in server.sent_messages() {
                println!("the fake server got: {} -> chat {}", message.text, message.chat_id);
            }
        }
    }
}

/// How long a run against the fake server may take before the example gives up.
const FAKE_RUN_LIMIT: Duration = Duration::from_secs(30);
