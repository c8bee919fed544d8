//! Decoding the 10,000-update `getUpdates` corpus into the generated Telegram types,
//! next to baselines measured in the same run: `serde_json` into `IgnoredAny` (parsing
//! without building anything) and into `serde_json::Value`.
//!
//! Run: `cargo bench -p integration --bench decode`. Needs `../shared/bench/updates_10k.json`
//! (or `$TGFAMILY_SHARED/bench/...`).

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use serde::de::IgnoredAny;
use tgfamily::telegram::{ErrorCode, Update};

fn main() {
    divan::main();
}

fn corpus() -> Vec<u8> {
    let path = integration::shared::shared_file("bench/updates_10k.json")
        .expect("the corpus is needed for this benchmark");
    std::fs::read(path).expect("the corpus is readable")
}

#[divan::bench(sample_count = 20)]
fn ignored_any(bencher: Bencher) {
    let body = corpus();
    bencher
        .counter(BytesCount::new(body.len()))
        .bench(|| serde_json::from_slice::<IgnoredAny>(black_box(&body)).expect("JSON"));
}

#[divan::bench(sample_count = 20)]
fn json_value(bencher: Bencher) {
    let body = corpus();
    bencher
        .counter(BytesCount::new(body.len()))
        .bench(|| serde_json::from_slice::<serde_json::Value>(black_box(&body)).expect("JSON"));
}

#[divan::bench(sample_count = 20)]
fn typed_updates(bencher: Bencher) {
    let body = corpus();
    bencher.counter(BytesCount::new(body.len())).bench(|| {
        tgfamily::transport::decode::<ErrorCode, Vec<Update>>("getUpdates", 200, black_box(&body), "")
            .expect("the corpus decodes")
    });
}

/// The corpus with the keys of every object shuffled (seeded, so every run measures the
/// same text): tags and kinds no longer come first, which is what buffering pays for.
fn shuffled_corpus() -> Vec<u8> {
    let text = String::from_utf8(corpus()).expect("the corpus is UTF-8");
    let tree = integration::json_tree::parse(&text).expect("the corpus is JSON");
    let mut rng = integration::rng::Rng::new(0x5eed);
    tree.shuffled(&mut rng).write().into_bytes()
}

#[divan::bench(sample_count = 20)]
fn ignored_any_shuffled(bencher: Bencher) {
    let body = shuffled_corpus();
    bencher
        .counter(BytesCount::new(body.len()))
        .bench(|| serde_json::from_slice::<IgnoredAny>(black_box(&body)).expect("JSON"));
}

#[divan::bench(sample_count = 20)]
fn typed_updates_shuffled(bencher: Bencher) {
    let body = shuffled_corpus();
    bencher.counter(BytesCount::new(body.len())).bench(|| {
        tgfamily::transport::decode::<ErrorCode, Vec<Update>>("getUpdates", 200, black_box(&body), "")
            .expect("the shuffled corpus decodes")
    });
}

#[divan::bench(sample_count = 20)]
fn typed_updates_from_reader(bencher: Bencher) {
    let body = corpus();
    let value: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
    let result = serde_json::to_vec(&value["result"]).expect("writes");
    bencher.counter(BytesCount::new(result.len())).bench(|| {
        serde_json::from_reader::<_, Vec<Update>>(black_box(result.as_slice())).expect("the corpus decodes")
    });
}

/// Long polling's decoder (`polling::decode_answer`, which `Bot::get_updates` shares):
/// compare with `typed_updates`, the client path, in the same run.
#[divan::bench(sample_count = 20)]
fn polling_decode_answer(bencher: Bencher) {
    let body = corpus();
    let mask = tgfamily::Mask::new("123456:secret-token");
    bencher.counter(BytesCount::new(body.len())).bench(|| {
        tgfamily::polling::decode_answer::<tgfamily::telegram::Telegram>(200, black_box(&body), &mask)
            .expect("the corpus decodes")
    });
}

/// The same answer with one byte that is not UTF-8 in its last update: the one-pass
/// decode fails, and the answer is read again one update at a time.
#[divan::bench(sample_count = 20)]
fn polling_decode_answer_one_broken(bencher: Bencher) {
    let mut body = corpus();
    let last_string = body.iter().rposition(|&b| b == b'"').expect("a string");
    body.insert(last_string, 0xFF);
    let mask = tgfamily::Mask::new("123456:secret-token");
    bencher.counter(BytesCount::new(body.len())).bench(|| {
        let updates =
            tgfamily::polling::decode_answer::<tgfamily::telegram::Telegram>(200, black_box(&body), &mask);
        assert!(updates
            .is_ok_and(|updates| updates.iter().any(|u| matches!(u, tgfamily::Incoming::Undecodable(_)))));
    });
}
