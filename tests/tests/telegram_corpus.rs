//! Every update of the benchmark corpus (`../shared/bench`) decodes into the generated
//! Telegram types, and the types stay small enough to move cheaply.

use integration::shared::shared_file;
use tgfamily::telegram::{ErrorCode, Message, Update};

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (set TGFAMILY_SHARED=<folder>)")]
fn every_update_of_the_corpus_decodes() {
    for name in ["bench/updates_100.json", "bench/updates_10k.json"] {
        let Some(path) = shared_file(name) else { return };
        let body = std::fs::read(&path).expect("the corpus is readable");
        let raw: serde_json::Value = serde_json::from_slice(&body).expect("the corpus is JSON");
        let expected = raw["result"].as_array().map(Vec::len).unwrap_or_default();
        let updates: Vec<Update> = tgfamily::transport::decode::<ErrorCode, _>("getUpdates", 200, &body, "")
            .unwrap_or_else(|e| panic!("{name} does not decode: {e}"));
        assert_eq!(updates.len(), expected);
        assert!(expected >= 100);
    }
}

#[test]
fn update_and_message_are_small() {
    let (update, message) = (std::mem::size_of::<Update>(), std::mem::size_of::<Message>());
    println!("size_of::<Update>() = {update}, size_of::<Message>() = {message}");
    assert!(update <= 64, "Update is {update} bytes");
    assert!(message <= 512, "Message is {message} bytes");
}
