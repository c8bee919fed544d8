//! An undecodable update's `update_id`, recovered from its bytes wherever a number can be
//! read: an integer, an integer in a string (`"7"`), an integral float (`7.0`, `7e0`). A
//! duplicated key counts as its highest value (skipping past it skips past both). Ids
//! beyond `i64` and anything else are unreadable.

use super::scan;

/// The `update_id` of the update `bytes`, when it can be read and is not ambiguous.
pub(crate) fn recover(bytes: &[u8]) -> Option<i64> {
    let members = scan::members(bytes, 0..bytes.len())?;
    let mut ids = members
        .iter()
        .filter(|(key, _)| scan::key_is(bytes, key, "update_id"))
        .map(|(_, value)| number(&bytes[value.clone()]));
    let first = ids.next()??;
    ids.all(|id| id == Some(first)).then_some(first)
}

/// The integer `raw` (a JSON value) stands for.
fn number(raw: &[u8]) -> Option<i64> {
    let text = std::str::from_utf8(raw).ok()?;
    let text = match text.strip_prefix('"').and_then(|rest| rest.strip_suffix('"')) {
        Some(inner) => inner.trim(),
        None => text,
    };
    if let Ok(id) = text.parse::<i64>() {
        return Some(id);
    }
    // Floats: exact integers only (below 2^53 every integer is exact).
    let float = text.parse::<f64>().ok().filter(|f| f.is_finite() && f.fract() == 0.0)?;
    (float.abs() <= 9_007_199_254_740_992.0).then_some(float as i64)
}

#[cfg(test)]
mod tests {
    use super::recover;

    #[test]
    fn recovers_what_can_be_read() {
        assert_eq!(recover(br#"{"update_id": 7}"#), Some(7));
        assert_eq!(recover(br#"{"update_id": "7"}"#), Some(7));
        assert_eq!(recover(br#"{"update_id": 7.0, "message": 1}"#), Some(7));
        assert_eq!(recover(br#"{"update_id": 7e1}"#), Some(70));
        assert_eq!(recover(br#"{"message": {"update_id": 9}, "update_\u0069d": 7}"#), Some(7));
        assert_eq!(recover(br#"{"update_id": 3, "update_id": 3.0}"#), Some(3));
        assert_eq!(recover(b"{\"update_id\": 5, \"text\": \"\xff\"}"), Some(5));
        assert_eq!(recover(br#"{"update_id": 5, "x": }"#), Some(5));
    }

    #[test]
    fn refuses_what_cannot() {
        assert_eq!(recover(br#"{"update_id": 99999999999999999999}"#), None);
        assert_eq!(recover(br#"{"update_id": 7.5}"#), None);
        assert_eq!(recover(br#"{"update_id": "seven"}"#), None);
        assert_eq!(recover(br#"{"update_id": null}"#), None);
        assert_eq!(recover(br#"{"update_id": 3, "update_id": 4}"#), None, "ambiguous");
        assert_eq!(recover(br#"{"id": 7}"#), None);
        assert_eq!(recover(b"42"), None);
    }
}
