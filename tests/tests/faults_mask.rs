//! The token cannot leak, by construction: generated variants of it (cut at every
//! position, every character JSON-escaped or percent-encoded in either case, the secret
//! half alone, all of it escaped) put into every place a server's words reach an error or
//! an undecodable update, and through the fake server's cut-token faults; a checker of its
//! own reads escapes back and searches the output for any run of `Mask::MIN_RUN`
//! characters of the token.

use std::time::Duration;

use fake_server::{FakeServer, Fault};
use tgfamily::polling::decode_answer;
use tgfamily::{Client, Incoming, Mask, RetryPolicy};

const TOKEN: &str = "123456909:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";

type Telegram = tgfamily::telegram::Telegram;
type Code = tgfamily::telegram::ErrorCode;

/// `text` with `\uXXXX` and `%XX` (either case) read as the characters they stand for.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(ch) = rest.chars().next() {
        let hex = |digits: &str| u32::from_str_radix(digits, 16).ok().and_then(char::from_u32);
        if let Some(found) = rest.strip_prefix("\\u").and_then(|r| r.get(..4)).and_then(hex) {
            out.push(found);
            rest = &rest[6..];
        } else if let Some(found) = rest.strip_prefix('%').and_then(|r| r.get(..2)).and_then(hex) {
            out.push(found);
            rest = &rest[3..];
        } else {
            out.push(ch);
            rest = &rest[ch.len_utf8()..];
        }
    }
    out
}

/// Whether `shown` holds `Mask::MIN_RUN` consecutive characters of the token.
fn leaks(shown: &str) -> Option<String> {
    let plain = unescape(shown);
    let chars: Vec<char> = TOKEN.chars().collect();
    chars
        .windows(Mask::MIN_RUN)
        .map(|window| window.iter().collect::<String>())
        .find(|window| plain.contains(window.as_str()))
}

/// The token, or a part of it, written in every way tried.
fn variants() -> Vec<String> {
    let chars: Vec<char> = TOKEN.chars().collect();
    let secret_half = &TOKEN[TOKEN.find(':').expect("a colon") + 1..];
    let escapes: [fn(char) -> String; 4] = [
        |c| format!("\\u{:04x}", c as u32),
        |c| format!("\\u{:04X}", c as u32),
        |c| format!("%{:02x}", c as u32),
        |c| format!("%{:02X}", c as u32),
    ];
    let mut out = vec![TOKEN.to_owned(), secret_half.to_owned()];
    for escape in escapes {
        out.push(chars.iter().map(|&c| escape(c)).collect());
        for at in 0..chars.len() {
            let mut one: String = chars[..at].iter().collect();
            one.push_str(&escape(chars[at]));
            one.extend(&chars[at + 1..]);
            out.push(one);
        }
    }
    // Cut at every position: prefixes (a body cut inside the token) and suffixes (a URL
    // shortened from the left), long enough to count.
    for cut in Mask::MIN_RUN..chars.len() {
        out.push(chars[..cut].iter().collect());
        out.push(chars[chars.len() - cut..].iter().collect());
    }
    out
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string")
}

/// Everything the library shows for `variant` in each place a server's words reach.
fn shown_for(variant: &str, mask: &Mask) -> Vec<String> {
    let mut shown = Vec::new();
    let mut error = |result: Result<serde_json::Value, tgfamily::Error<Code>>| match result {
        Err(error) => shown.push(format!("{error} {error:?}")),
        Ok(value) => shown.push(value.to_string()),
    };
    // The body excerpt: as it is, at the end, and cut by the excerpt at every position.
    error(tgfamily::transport::decode(
        "getMe",
        502,
        format!("<html>upstream /bot{variant}").as_bytes(),
        mask,
    ));
    for pad in (150..=200).step_by(7) {
        let body = format!("{}{variant}/getMe", "x".repeat(pad));
        error(tgfamily::transport::decode("getMe", 502, body.as_bytes(), mask));
    }
    // The platform's description, and the decoder quoting a value.
    let description = format!(
        r#"{{"ok":false,"error_code":502,"description":{}}}"#,
        json_string(&format!("/bot{variant}/getMe"))
    );
    error(tgfamily::transport::decode("getMe", 502, description.as_bytes(), mask));
    let quoted = format!(r#"{{"ok":true,"result":{}}}"#, json_string(variant));
    let as_int: Result<i64, _> = tgfamily::transport::decode("getMe", 200, quoted.as_bytes(), mask);
    error(as_int.map(serde_json::Value::from));
    // An undecodable update's error, through the batch and one by one.
    let update = format!(r#"{{"update_id":1,"message":{}}}"#, json_string(variant));
    let answer = format!(r#"{{"ok":true,"result":[{update}]}}"#);
    for incoming in decode_answer::<Telegram>(200, answer.as_bytes(), mask).expect("a batch") {
        if let Incoming::Undecodable(raw) = incoming {
            shown.push(format!("{} {raw:?}", raw.error));
        }
    }
    let raw = serde_json::value::RawValue::from_string(update).expect("JSON");
    if let Incoming::<tgfamily::telegram::Update>::Undecodable(raw) = Incoming::from_raw(&raw, mask) {
        shown.push(format!("{} {raw:?}", raw.error));
    }
    shown
}

#[test]
fn no_generated_variant_of_the_token_survives_the_mask() {
    let mask = Mask::new(TOKEN);
    let variants = variants();
    let mut tried = 0;
    let mut found = Vec::new();
    for variant in &variants {
        for shown in shown_for(variant, &mask) {
            tried += 1;
            if let Some(run) = leaks(&shown) {
                found.push(format!("{variant:?} leaked {run:?} in {shown}"));
            }
        }
    }
    println!("{} variants in {tried} places tried, {} found", variants.len(), found.len());
    assert!(variants.len() >= 250 && tried >= 3_000, "{} variants, {tried} tried", variants.len());
    assert!(found.is_empty(), "{} found, first: {}", found.len(), found[0]);
    // Without the mask the same places show the token: the search can fail.
    let unmasked =
        variants.iter().filter(|v| shown_for(v, &Mask::default()).iter().any(|s| leaks(s).is_some())).count();
    assert_eq!(unmasked, variants.len(), "every variant shows without a mask");
}

#[test]
fn the_checker_finds_what_an_unmasked_text_shows() {
    assert!(leaks(&format!("x {TOKEN}")).is_some());
    assert!(leaks("909\\u003aABC-D").is_some());
    assert!(leaks("cut 6909:ABC").is_some() && leaks("cut 6909%3aABC").is_some());
    assert!(leaks("only 909:ABC").is_none(), "7 characters are not a run");
}

#[tokio::test]
async fn the_cut_token_faults_show_no_run_of_the_token_on_either_url_shape() {
    let mut tried = 0;
    for platform in [&tgfamily::telegram::PROFILE, &tgfamily::potato::PROFILE] {
        let server = FakeServer::start_for(platform).await;
        for keep in 0..=TOKEN.len() {
            for fault in [Fault::CutTokenInBody { keep }, Fault::CutTokenInDescription { keep }] {
                server.inject("getMe", fault);
                let shown = match platform.name {
                    "telegram" => {
                        let client: Client<Telegram> = Client::new(TOKEN)
                            .with_base_url(server.base_url())
                            .with_retry(RetryPolicy::none())
                            .with_timeout(Duration::from_secs(5));
                        let error =
                            tgfamily::telegram::Bot::with_client(client).get_me().await.expect_err("502");
                        format!("{error} {error:?}")
                    }
                    _ => {
                        let client: Client<tgfamily::potato::Potato> = Client::new(TOKEN)
                            .with_base_url(server.base_url())
                            .with_retry(RetryPolicy::none())
                            .with_timeout(Duration::from_secs(5));
                        let error =
                            tgfamily::potato::Bot::with_client(client).get_me().await.expect_err("502");
                        format!("{error} {error:?}")
                    }
                };
                tried += 1;
                assert!(leaks(&shown).is_none(), "{platform:?} keep {keep}: {shown}");
            }
        }
    }
    println!("{tried} cut-token answers tried, 0 found");
}
