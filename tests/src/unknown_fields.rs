//! Fields no spec knows, for the insertion property tests: names that cannot clash with a
//! spec's, values of every JSON shape (nested objects, an 80-digit integer, floats,
//! escapes), written the ways a server may write them.

use crate::json_tree::Json;
use crate::rng::Rng;

/// Every unknown name starts with this; no field of any spec does (the tests check).
pub const PREFIX: &str = "zq";

/// An integer of 80 digits: beyond every Rust integer type and beyond an `f64`'s
/// precision, so only a decoder that keeps numbers as sent writes it back unchanged.
pub const BIG_INTEGER: &str =
    "12345678901234567890123456789012345678901234567890123456789012345678901234567891";

/// A fresh unknown key (number `serial` of its case, so keys of one object never clash),
/// as written in JSON: sometimes with escapes, which name the same key.
pub fn key(rng: &mut Rng, serial: usize) -> String {
    match rng.below(4) {
        0 => format!("\"{PREFIX}{serial}\""),
        1 => format!("\"{PREFIX}{serial}_\\u00e9\\n\\\"\""),
        // `\u007a` is `z`: the key is `zq<serial>_x`, written with an escape.
        2 => format!("\"\\u007aq{serial}_x\""),
        _ => format!("\"{PREFIX}{serial}_{}\"", rng.next_u64() % 1000),
    }
}

/// A random JSON value, nested at most `depth` more levels.
pub fn value(rng: &mut Rng, depth: usize) -> Json {
    let atom = |text: &str| Json::Atom(text.to_owned());
    let choices = if depth == 0 { 11 } else { 14 };
    match rng.below(choices) {
        0 => atom("null"),
        1 => atom(if rng.chance(1, 2) { "true" } else { "false" }),
        2 => Json::Atom((rng.next_u64() % 100_000).to_string()),
        3 => Json::Atom(format!("-{}", rng.next_u64() % 100_000 + 1)),
        4 => atom(BIG_INTEGER),
        5 => atom("-0.0"),
        6 => atom(["1.5e-7", "3.141592653589793", "2E+30", "-12.25", "0.1"][rng.below(5)]),
        7 => atom("18446744073709551616"),
        8 => Json::Str("\"plain text\"".to_owned()),
        9 => Json::Str("\"esc \\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00 \\u0000\"".to_owned()),
        10 => Json::Str("\"{\\\"looks\\\":\\\"like json\\\"}\"".to_owned()),
        11 | 12 => {
            let mut members = Vec::new();
            for i in 0..rng.below(4) {
                members.push((format!("\"k{i}\""), value(rng, depth - 1)));
            }
            if rng.chance(1, 3) {
                // Known-looking keys inside an unknown value are still just data.
                members.push(("\"type\"".to_owned(), Json::Str("\"bold\"".to_owned())));
                members.push(("\"text\"".to_owned(), value(rng, depth - 1)));
            }
            Json::Object(members)
        }
        _ => Json::Array((0..rng.below(4)).map(|_| value(rng, depth - 1)).collect()),
    }
}

/// Inserts `count` unknown fields into random objects of `json` at random positions.
pub fn insert(json: &mut Json, rng: &mut Rng, count: usize) {
    let objects = json.object_count();
    for serial in 0..count {
        let member = (key(rng, serial), value(rng, 3));
        let index = rng.below(objects);
        let position = rng.below(64);
        json.insert_member(index, position, member);
    }
}
