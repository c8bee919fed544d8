//! Decodes the 10k-update corpus once, in the mode named by the first argument
//! (`ignored`, `value` or `typed`): for counting instructions with
//! `valgrind --tool=callgrind`, which is repeatable on a busy machine where timings are not.

use tgfamily::telegram::{ErrorCode, Update};

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let path = integration::shared::shared_file("bench/updates_10k.json").expect("the corpus is needed");
    let body = std::fs::read(path).expect("the corpus is readable");
    let count = match mode.as_str() {
        "ignored" => serde_json::from_slice::<serde::de::IgnoredAny>(&body).map(|_| 0).expect("JSON"),
        "value" => serde_json::from_slice::<serde_json::Value>(&body)
            .map(|v| v["result"].as_array().map_or(0, Vec::len))
            .expect("JSON"),
        "typed" => tgfamily::transport::decode::<ErrorCode, Vec<Update>>("getUpdates", 200, &body, "")
            .map(|updates| updates.len())
            .expect("the corpus decodes"),
        _ => {
            eprintln!("usage: decode_corpus ignored|value|typed");
            std::process::exit(2);
        }
    };
    println!("{mode}: {count}");
}
