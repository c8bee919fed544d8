//! `Bot::get_updates()` on each platform, against the fake server, with one update of the
//! batch that does not decode (a `message` that is a string): the call succeeds with the
//! good updates, and, where its result reports undecodable ones, reports that one with
//! its `update_id`.

use fake_server::{text_update, FakeServer, Platform};
use serde_json::json;
use tgfamily::{Client, Incoming, ReceiveUpdates};

const TOKEN: &str = "123456909:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";

/// What a `getUpdates` result holds: the decoded updates' ids, and the ids of those
/// reported as undecodable.
trait Batch {
    fn decoded_ids(&self) -> Vec<i64>;
    fn undecodable_ids(&self) -> Vec<Option<i64>>;
}

macro_rules! batch_for {
    ($platform:ty, $update:ty) => {
        impl Batch for tgfamily::Updates<$update> {
            fn decoded_ids(&self) -> Vec<i64> {
                self.iter()
                    .filter_map(|item| match item {
                        Incoming::Update(update) => Some(<$platform as ReceiveUpdates>::update_id(update)),
                        Incoming::Undecodable(_) => None,
                    })
                    .collect()
            }
            fn undecodable_ids(&self) -> Vec<Option<i64>> {
                self.iter()
                    .filter_map(|item| match item {
                        Incoming::Undecodable(raw) => Some(raw.update_id),
                        Incoming::Update(_) => None,
                    })
                    .collect()
            }
        }
    };
}

batch_for!(tgfamily::telegram::Telegram, tgfamily::telegram::Update);
batch_for!(tgfamily::potato::Potato, tgfamily::potato::Update);
batch_for!(tgfamily::cloudchat::Cloudchat, tgfamily::cloudchat::Update);

/// Queues updates 1, 2 (bad) and 3 on a fake server for `platform`.
async fn server_with_a_bad_update(platform: Platform) -> FakeServer {
    let server = FakeServer::start_for(platform).await;
    server.push_updates([
        text_update(platform, 1, 10, "first"),
        json!({"update_id": 2, "message": "not a message"}),
        text_update(platform, 3, 10, "third"),
    ]);
    server
}

fn check(platform: &str, result: Result<impl Batch, impl std::fmt::Display>) {
    let batch =
        result.unwrap_or_else(|e| panic!("{platform}: getUpdates failed for one bad update of three: {e}"));
    assert_eq!(batch.decoded_ids(), vec![1, 3], "{platform}: the good updates");
    let undecodable = batch.undecodable_ids();
    assert!(
        undecodable.is_empty() || undecodable == vec![Some(2)],
        "{platform}: the bad update is reported as {undecodable:?}, not as update 2"
    );
}

#[tokio::test]
async fn telegram_get_updates_keeps_the_good_updates() {
    let server = server_with_a_bad_update(&tgfamily::telegram::PROFILE).await;
    let bot = tgfamily::telegram::Bot::with_client(Client::new(TOKEN).with_base_url(server.base_url()));
    check("telegram", bot.get_updates().await);
}

#[tokio::test]
async fn potato_get_updates_keeps_the_good_updates() {
    let server = server_with_a_bad_update(&tgfamily::potato::PROFILE).await;
    let bot = tgfamily::potato::Bot::with_client(Client::new(TOKEN).with_base_url(server.base_url()));
    check("potato", bot.get_updates().await);
}

#[tokio::test]
async fn cloudchat_get_updates_keeps_the_good_updates() {
    let server = server_with_a_bad_update(&tgfamily::cloudchat::PROFILE).await;
    let bot = tgfamily::cloudchat::Bot::with_client(Client::new(TOKEN).with_base_url(server.base_url()));
    check("cloudchat", bot.get_updates().await);
}
